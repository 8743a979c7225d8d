"""Writes of the development cooperation portfolio: donors, the UN operational rates of
exchange (one per currency and month, also imported from a file) and funding agreements,
whose US-dollar amount is the agreement's amount at the stored rate of its approval month
[seeds/003 Table V.1, Appendix II; seeds/004 ¶26–29].

Who may: the policy's change rule (``core.policy``: administrators and partnerships
officers, the portfolio models being unscoped ``portfolio_data``). Every write runs in one
transaction, is audited with its reason, and queues the recompute of the portfolio figures
once it commits (:func:`programmes.services.portfolio_figures.portfolio_recompute_after_commit`)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import policy
from core.errors import ApplicationError, validate_model
from core.numbers import parse_decimal, rounded
from core.tables import read_rows
from core.writes import (
    Errors,
    check_choice,
    check_plausible_dates,
    delete,
    save,
    text,
    unknown_fields,
)
from programmes.models import (
    Donor,
    DonorCategory,
    Earmarking,
    ExchangeRate,
    FundingAgreement,
    Project,
)
from programmes.services.portfolio_figures import portfolio_recompute_after_commit

if TYPE_CHECKING:
    from constituents.models import Country
    from core.models import User

__all__ = ["RateImport", "agreement_create", "agreement_delete", "agreement_update",
           "donor_create", "donor_delete", "donor_update", "exchange_rate_create",
           "exchange_rate_delete", "exchange_rate_for", "exchange_rate_set",
           "exchange_rate_update", "exchange_rates_import", "month_label", "usd_amount"]

USD = "USD"
CURRENCY = re.compile(r"[A-Z]{3}")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e14")  # the column holds 14 digits before the point
MAX_RATE = Decimal("1e12")
DONOR_FIELDS = ("name", "acronym", "category", "country", "notes")
AGREEMENT_FIELDS = ("donor", "project", "reference", "title", "approval_date", "amount",
                    "currency", "earmarking", "locally_mobilized", "notes")


# --- helpers --------------------------------------------------------------------------------

def _require_create(user: User | None, model: type[Model]) -> None:
    if user is not None and not policy.can_create(user, model):
        raise PermissionDenied(_("Only partnerships officers and administrators change the "
                                 "development cooperation portfolio."))


def _require_change(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _("Only partnerships officers and administrators change "
                                       "the development cooperation portfolio."))


def _save(obj: Model, *, user: User | None, reason: str,
          update_fields: list[str] | None = None) -> None:
    validate_model(obj, unique=False)
    save(obj, user=user, reason=reason or "", update_fields=update_fields)
    portfolio_recompute_after_commit()


def _delete(obj: Model, *, user: User | None, reason: str) -> None:
    delete(obj, user=user, reason=reason or "")
    portfolio_recompute_after_commit()


def month_label(month: dt.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def _decimal(value: Any) -> Decimal | None:
    """A number as given (a form's Decimal) or typed in the active language ("0,9234" in
    French, "1,234.5" in English: :func:`core.numbers.parse_decimal`); None if it is not one."""
    if value is None or value == "":
        return None
    try:
        number = parse_decimal(value) if isinstance(value, str) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _clean_currency(errors: Errors, value: Any) -> str:
    currency = text(value).upper()
    if not CURRENCY.fullmatch(currency):
        errors.add("currency", _("Enter the currency's ISO 4217 code: three letters, e.g. "
                                 "EUR or CHF."))
    return currency


def _changed(obj: Model, data: Mapping[str, Any], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in data and getattr(obj, name) != data[name]]


# --- donors ---------------------------------------------------------------------------------

def _check_donor(errors: Errors, *, name: str, category: str,
                 exclude_pk: int | None = None) -> None:
    if not name:
        errors.add("name", _("Enter the donor's name."))
    else:
        same = Donor.objects.filter(name__iexact=name)
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors.add("name", _("A donor named %(name)s is already recorded.") % {"name": name})
    check_choice(errors, "category", category, DonorCategory, label=_("donor category"))


@transaction.atomic
def donor_create(*, user: User | None, name: str, category: str, acronym: str = "",
                 country: Country | None = None, notes: str = "", reason: str = "") -> Donor:
    """Record a donor or other funding partner: its name (unique, whatever the case) and its
    category are required."""
    _require_create(user, Donor)
    name = text(name)
    errors = Errors()
    _check_donor(errors, name=name, category=category)
    errors.raise_if_any(_("The donor could not be saved: check the fields marked."))
    donor = Donor(name=name, category=category, acronym=text(acronym), country=country,
                  notes=text(notes))
    _save(donor, user=user, reason=reason)
    return donor


@transaction.atomic
def donor_update(*, user: User | None, donor: Donor, data: Mapping[str, Any],
                 reason: str = "") -> Donor:
    """Change the fields of ``data`` (name, acronym, category, country, notes)."""
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    _require_change(user, donor)
    unknown_fields(data, DONOR_FIELDS)
    data = {k: (text(v) if k in ("name", "acronym", "notes") else v) for k, v in data.items()}
    errors = Errors()
    _check_donor(errors, name=data.get("name", donor.name),
                 category=data.get("category", donor.category), exclude_pk=donor.pk)
    errors.raise_if_any(_("The donor could not be saved: check the fields marked."))
    changed = _changed(donor, data, DONOR_FIELDS)
    for name in changed:
        setattr(donor, name, data[name])
    if changed:
        _save(donor, user=user, reason=reason, update_fields=changed)
    return donor


@transaction.atomic
def donor_delete(*, user: User | None, donor: Donor, reason: str = "") -> None:
    """Delete a donor; refused while funding agreements name it."""
    _require_change(user, donor)
    count = donor.agreements.count()
    if count:
        raise ApplicationError(ngettext(
            "%(donor)s cannot be deleted: %(n)d funding agreement is recorded with it. Delete "
            "or move that agreement first.",
            "%(donor)s cannot be deleted: %(n)d funding agreements are recorded with it. "
            "Delete or move those agreements first.", count) % {"donor": donor.name, "n": count})
    _delete(donor, user=user, reason=reason)


# --- UN operational rates of exchange -------------------------------------------------------

def _first_of_month(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    raw = text(value)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T].*)?", raw)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
                       ).replace(day=1)
    except ValueError:
        return None


def _check_rate(errors: Errors, *, currency: Any, month: Any,
                units_per_usd: Any) -> tuple[str, dt.date | None, Decimal | None]:
    code = _clean_currency(errors, currency)
    if code == USD:
        errors.add("currency", _("The US dollar is the unit of account: its rate is always 1."))
    first = _first_of_month(month)
    if first is None:
        errors.add("month", _("Enter the month, e.g. 2024-03."))
    else:
        check_plausible_dates(errors, month=first)
    rate = _decimal(units_per_usd)
    if rate is None:
        errors.add("units_per_usd", _("Enter the units of the currency for one US dollar, "
                                      "e.g. 0.9234."))
    elif rate <= 0:
        errors.add("units_per_usd", _("The rate must be more than 0."))
    elif rate >= MAX_RATE or rate.as_tuple().exponent < -6:  # type: ignore[operator]
        errors.add("units_per_usd", _("Use at most 6 decimal places and fewer than 12 digits "
                                      "before the point."))
    return code, first, rate


def _write_rate(*, user: User | None, currency: str, month: dt.date, units_per_usd: Decimal,
                reason: str) -> tuple[ExchangeRate, bool]:
    """Create or change the rate; agreements of that currency and month are converted again
    (a corrected rate corrects their US-dollar amounts). Returns the rate and whether it was
    created."""
    current = (ExchangeRate.objects.select_for_update()
               .filter(currency=currency, month=month).first())
    if current is None:
        current = ExchangeRate(currency=currency, month=month, units_per_usd=units_per_usd)
        _save(current, user=user, reason=reason)
        created = True
    else:
        created = False
        if current.units_per_usd != units_per_usd:
            current.units_per_usd = units_per_usd
            _save(current, user=user, reason=reason, update_fields=["units_per_usd"])
    _reconvert(user=user, rate=current, reason=reason)
    return current, created


def _reconvert(*, user: User | None, rate: ExchangeRate, reason: str) -> None:
    month = rate.month
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    agreements = FundingAgreement.objects.select_for_update().filter(
        currency=rate.currency, approval_date__gte=month, approval_date__lt=next_month)
    for agreement in agreements:
        usd = usd_amount(agreement.amount, rate.units_per_usd)
        if agreement.rate != rate.units_per_usd or agreement.amount_usd != usd:
            agreement.rate, agreement.amount_usd = rate.units_per_usd, usd
            _save(agreement, user=user,
                  reason=reason or _("Rate of exchange of %(month)s corrected")
                  % {"month": month_label(month)},
                  update_fields=["rate", "amount_usd"])


@transaction.atomic
def exchange_rate_set(*, user: User | None, currency: str, month: dt.date | str,
                      units_per_usd: Decimal | str | float, reason: str = "") -> ExchangeRate:
    """Record the UN operational rate of ``currency`` (ISO 4217, three upper-case letters)
    for ``month`` (any day of it: stored as the 1st): the units of the currency for one US
    dollar, more than 0. An existing rate of that currency and month is changed, and the
    agreements of that currency approved in that month are converted again."""
    _require_create(user, ExchangeRate)
    errors = Errors()
    code, first, rate = _check_rate(errors, currency=currency, month=month,
                                     units_per_usd=units_per_usd)
    errors.raise_if_any(_("The rate of exchange could not be saved: check the fields marked."))
    assert first is not None and rate is not None
    saved, _created = _write_rate(user=user, currency=code, month=first, units_per_usd=rate,
                                  reason=reason)
    return saved


@transaction.atomic
def exchange_rate_create(*, user: User | None, currency: str, month: dt.date | str,
                         units_per_usd: Decimal | str | float,
                         reason: str = "") -> ExchangeRate:
    """Record a new rate (the API's and the admin's create): refused when that currency's
    rate of that month is already recorded (change it instead)."""
    _require_create(user, ExchangeRate)
    errors = Errors()
    code, first, rate = _check_rate(errors, currency=currency, month=month,
                                    units_per_usd=units_per_usd)
    if first is not None and not errors.fields.get("currency") and \
            ExchangeRate.objects.filter(currency=code, month=first).exists():
        errors.add("month", _("The rate of %(currency)s for %(month)s is already recorded: "
                              "change it instead.")
                   % {"currency": code, "month": month_label(first)})
    errors.raise_if_any(_("The rate of exchange could not be saved: check the fields marked."))
    assert first is not None and rate is not None
    return _write_rate(user=user, currency=code, month=first, units_per_usd=rate,
                       reason=reason)[0]


@transaction.atomic
def exchange_rate_update(*, user: User | None, exchange_rate: ExchangeRate,
                         data: Mapping[str, Any], reason: str = "") -> ExchangeRate:
    """Change a rate's value (``units_per_usd``); its currency and month stay (record another
    rate for another month)."""
    exchange_rate = ExchangeRate.objects.select_for_update().get(pk=exchange_rate.pk)
    _require_change(user, exchange_rate)
    unknown_fields(data, ("currency", "month", "units_per_usd"))
    errors = Errors()
    for name in ("currency", "month"):
        if name in data and data[name] not in (None, "") and (
                (_first_of_month(data[name]) if name == "month" else text(data[name]).upper())
                != getattr(exchange_rate, name)):
            errors.add(name, _("The currency and month of a rate stay as recorded: record a "
                               "new rate instead."))
    errors.raise_if_any()
    value = data.get("units_per_usd", exchange_rate.units_per_usd)
    _code, _first, rate = _check_rate(errors, currency=exchange_rate.currency,
                                      month=exchange_rate.month, units_per_usd=value)
    errors.raise_if_any(_("The rate of exchange could not be saved: check the fields marked."))
    assert rate is not None
    return _write_rate(user=user, currency=exchange_rate.currency, month=exchange_rate.month,
                       units_per_usd=rate, reason=reason)[0]


@transaction.atomic
def exchange_rate_delete(*, user: User | None, exchange_rate: ExchangeRate,
                         reason: str = "") -> None:
    """Delete a rate; refused while agreements of its currency were approved in its month
    (their US-dollar amounts rest on it)."""
    _require_change(user, exchange_rate)
    month = exchange_rate.month
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    count = FundingAgreement.objects.filter(
        currency=exchange_rate.currency, approval_date__gte=month,
        approval_date__lt=next_month).count()
    if count:
        raise ApplicationError(ngettext(
            "The rate of %(currency)s for %(month)s converts %(n)d funding agreement: it "
            "cannot be deleted, only corrected.",
            "The rate of %(currency)s for %(month)s converts %(n)d funding agreements: it "
            "cannot be deleted, only corrected.", count) % {
                "currency": exchange_rate.currency, "month": month_label(month), "n": count})
    _delete(exchange_rate, user=user, reason=reason)


@dataclass
class RateImport:
    """What an import of rates did, or with ``errors`` (one sentence each, naming the row)
    why it wrote nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


RATE_COLUMNS = ("currency", "month", "units_per_usd")


def exchange_rates_import(*, user: User | None, file: Any, name: str = "",
                          reason: str = "") -> RateImport:
    """Record the rates of ``file`` (CSV or .xlsx read by :func:`core.tables.read_rows`;
    columns currency, month, units_per_usd), each as :func:`exchange_rate_set` would: all or
    nothing. Every problem is listed with its row; with any, nothing is written."""
    _require_create(user, ExchangeRate)
    result = RateImport()
    try:
        headers, rows = read_rows(file, name=name)
    except ApplicationError as exc:
        result.errors.append(str(exc))
        return result
    for column in RATE_COLUMNS:
        if column not in headers:
            result.errors.append(_("The column “%(column)s” is missing; the columns are "
                                   "%(all)s.") % {"column": column,
                                                  "all": ", ".join(RATE_COLUMNS)})
    if result.errors:
        return result
    if not rows:
        result.errors.append(_("The file holds no rate."))
        return result
    clean: list[tuple[str, dt.date, Decimal]] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for row in rows:
        errors = Errors()
        code, first, rate = _check_rate(errors, currency=row.get("currency"),
                                        month=row.get("month"),
                                        units_per_usd=row.get("units_per_usd"))
        for column, messages in errors.fields.items():
            for message in messages:
                result.errors.append(_("Row %(n)s, %(column)s: %(message)s")
                                     % {"n": row.line, "column": column, "message": message})
        if errors or first is None or rate is None:
            continue
        key = (code, first)
        if key in seen:
            result.errors.append(_("Row %(n)s: the rate of %(currency)s for %(month)s is also "
                                   "in row %(other)s.")
                                 % {"n": row.line, "currency": code,
                                    "month": month_label(first), "other": seen[key]})
            continue
        seen[key] = row.line
        clean.append((code, first, rate))
    if result.errors:
        return result
    reason = reason or (_("Imported from %(name)s") % {"name": name} if name
                        else _("Imported from a file"))
    with transaction.atomic():
        existing = {(r.currency, r.month): r.units_per_usd for r in ExchangeRate.objects.filter(
            currency__in={c for c, _m, _r in clean})}
        for code, first, rate in clean:
            before = existing.get((code, first))
            _write_rate(user=user, currency=code, month=first, units_per_usd=rate,
                        reason=reason)
            if before is None:
                result.created += 1
            elif before != rate:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def exchange_rate_for(*, currency: str, on: dt.date) -> Decimal | None:
    """The stored UN operational rate of ``currency`` for the month of ``on`` (1 for the US
    dollar), or None when none is recorded."""
    if currency == USD:
        return Decimal("1")
    return (ExchangeRate.objects.filter(currency=currency, month=on.replace(day=1))
            .values_list("units_per_usd", flat=True).first())


def usd_amount(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    """``amount`` in US dollars at ``units_per_usd``, rounded half up to the cent."""
    return rounded(amount / units_per_usd, 2)


# --- funding agreements ---------------------------------------------------------------------

def _check_agreement(errors: Errors, values: dict[str, Any],
                     exclude_pk: int | None = None) -> Decimal | None:
    """Check ``values`` (every field of an agreement; cleaned in place) and return the rate of
    exchange for its currency and approval month (None when an error prevents it)."""
    values["reference"] = text(values.get("reference"))
    values["title"] = text(values.get("title"))
    if values.get("donor") is None:
        errors.add("donor", _("Choose the donor."))
    if not values["reference"]:
        errors.add("reference", _("Enter the agreement's reference."))
    else:
        same = FundingAgreement.objects.filter(reference__iexact=values["reference"])
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors.add("reference", _("An agreement with the reference %(ref)s is already "
                                      "recorded.") % {"ref": values["reference"]})
    if not values["title"]:
        errors.add("title", _("Enter the agreement's title."))
    approval = values.get("approval_date")
    if not isinstance(approval, dt.date):
        errors.add("approval_date", _("Enter the date the agreement was approved."))
        approval = None
    else:
        check_plausible_dates(errors, approval_date=approval)
    amount = _decimal(values.get("amount"))
    if amount is None:
        errors.add("amount", _("Enter the amount in the agreement's currency."))
    elif amount <= 0:
        errors.add("amount", _("The amount must be more than 0."))
    elif amount >= MAX_AMOUNT or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        errors.add("amount", _("Use at most 2 decimal places and fewer than 14 digits before "
                               "the point."))
    else:
        values["amount"] = amount
    check_choice(errors, "earmarking", values.get("earmarking"), Earmarking,
                 label=_("earmarking"))
    currency = _clean_currency(errors, values.get("currency") or USD)
    values["currency"] = currency
    values["locally_mobilized"] = bool(values.get("locally_mobilized"))
    values["notes"] = text(values.get("notes"))
    if "currency" in errors.fields or approval is None:
        return None
    rate = exchange_rate_for(currency=currency, on=approval)
    if rate is None:
        errors.add("currency", _(
            "No UN operational rate of exchange of %(currency)s is recorded for %(month)s: "
            "record that month's rate first (Development cooperation → UN rates of exchange).")
            % {"currency": currency, "month": month_label(approval.replace(day=1))})
    return rate


@transaction.atomic
def agreement_create(*, user: User | None, donor: Donor, reference: str, title: str,
                     approval_date: dt.date, amount: Decimal, currency: str = USD,
                     project: Project | None = None, earmarking: str = Earmarking.FULLY,
                     locally_mobilized: bool = False, notes: str = "",
                     reason: str = "") -> FundingAgreement:
    """Record a donor's funding agreement: ``amount`` in ``currency``, converted to US
    dollars at the stored UN operational rate of the approval month (``amount / rate``,
    rounded half up to the cent; the US dollar's rate is 1). The rate must be recorded
    first. ``project`` is empty for thematic or core contributions; the reference is
    unique."""
    _require_create(user, FundingAgreement)
    values: dict[str, Any] = {
        "donor": donor, "reference": reference, "title": title,
        "approval_date": approval_date, "amount": amount, "currency": currency,
        "project": project, "earmarking": earmarking, "locally_mobilized": locally_mobilized,
        "notes": notes}
    errors = Errors()
    rate = _check_agreement(errors, values)
    errors.raise_if_any(_("The funding agreement could not be saved: check the fields "
                          "marked."))
    assert rate is not None
    agreement = FundingAgreement(**values, rate=rate,
                                 amount_usd=usd_amount(values["amount"], rate))
    _save(agreement, user=user, reason=reason)
    return agreement


@transaction.atomic
def agreement_update(*, user: User | None, agreement: FundingAgreement,
                     data: Mapping[str, Any], reason: str = "") -> FundingAgreement:
    """Change the fields of ``data``; when the amount, the currency or the approval date
    change, the rate is looked up again and the US-dollar amount recomputed."""
    agreement = FundingAgreement.objects.select_for_update().get(pk=agreement.pk)
    _require_change(user, agreement)
    unknown_fields(data, AGREEMENT_FIELDS)
    values = {name: data.get(name, getattr(agreement, name)) for name in AGREEMENT_FIELDS}
    errors = Errors()
    rate = _check_agreement(errors, values, exclude_pk=agreement.pk)
    errors.raise_if_any(_("The funding agreement could not be saved: check the fields "
                          "marked."))
    assert rate is not None
    values["rate"], values["amount_usd"] = rate, usd_amount(values["amount"], rate)
    changed = _changed(agreement, values, (*AGREEMENT_FIELDS, "rate", "amount_usd"))
    for name in changed:
        setattr(agreement, name, values[name])
    if changed:
        _save(agreement, user=user, reason=reason, update_fields=changed)
    return agreement


@transaction.atomic
def agreement_delete(*, user: User | None, agreement: FundingAgreement,
                     reason: str = "") -> None:
    _require_change(user, agreement)
    _delete(agreement, user=user, reason=reason)
