"""Writes of development cooperation resources: projects, their funding by year and their
contributions to CPOs. Every write is audited (django-simple-history, with the reason given)
and runs in one transaction: a refused write leaves nothing behind."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from constituents.models import Country
from core import policy
from core.errors import ApplicationError, validate_model
from core.writes import Errors, check_plausible_dates, delete, save
from programmes.models import (
    CountryProgrammeOutcome,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ProjectStage,
)

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User

PROJECT_FIELDS = ("country", "code", "title", "funding_source", "funding_partner",
                  "start_date", "end_date", "status", "description")
HUNDRED = Decimal("100")


# --- helpers --------------------------------------------------------------------------------

def _require_change(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _("You may not change this record."))


def _require_country(user: User | None, country: Country) -> None:
    if not policy.can_create(user, Project, country_id=country.pk):
        raise ApplicationError(
            _("You may not record projects for %(country)s.") % {"country": country.name},
            field_errors={"country": [_("Choose a country you cover.")]})


def _save(obj: Model, *, user: User | None, reason: str,
          update_fields: Iterable[str] | None = None) -> None:
    validate_model(obj)
    save(obj, user=user, reason=reason or "", update_fields=update_fields)


def _check_project(*, code: str, start_date: dt.date, end_date: dt.date,
                   exclude_pk: int | None = None) -> None:
    found = Errors()
    check_plausible_dates(found, start_date=start_date, end_date=end_date)
    errors: dict[str, list[str]] = dict(found.fields)
    if start_date and end_date and end_date < start_date and "end_date" not in errors:
        errors["end_date"] = [_("The end date must be on or after the start date.")]
    same_code = Project.objects.filter(code__iexact=(code or "").strip())
    if exclude_pk is not None:
        same_code = same_code.exclude(pk=exclude_pk)
    if code and same_code.exists():
        errors["code"] = [_("A project with the code %(code)s already exists.")
                          % {"code": code}]
    if errors:
        raise ApplicationError(_("The project could not be saved: check the fields marked."),
                               field_errors=errors)


# --- projects -------------------------------------------------------------------------------

@transaction.atomic
def project_create(*, user: User | None, country: Country, code: str, title: str,
                   funding_source: str,
                   start_date: dt.date, end_date: dt.date, funding_partner: str = "",
                   status: str = ProjectStage.ONGOING, description: str = "",
                   funding: list[Mapping[str, Any]] | None = None, reason: str = "") -> Project:
    """Create a project in a country the user covers; with ``funding`` rows, record its
    funding by year in the same transaction (see :func:`project_funding_set`)."""
    _require_country(user, country)
    code = code.strip()
    _check_project(code=code, start_date=start_date, end_date=end_date)
    project = Project(country=country, code=code, title=title, funding_source=funding_source,
                      funding_partner=funding_partner, start_date=start_date,
                      end_date=end_date, status=status, description=description)
    _save(project, user=user, reason=reason)
    if funding is not None:
        project_funding_set(user=user, project=project, rows=funding, reason=reason)
    return project


@transaction.atomic
def project_update(*, user: User | None, project: Project, data: Mapping[str, Any],
                   funding: list[Mapping[str, Any]] | None = None,
                   reason: str = "") -> Project:
    """Change a project's fields (those in ``data``); with ``funding`` rows, replace its
    funding by year in the same transaction. Funding years must stay inside the period."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    _require_change(user, project)
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {sorted(unknown)}")
    changed = [name for name in PROJECT_FIELDS
               if name in data and getattr(project, name) != data[name]]
    if "country" in changed:
        _require_country(user, data["country"])
        if project.cpo_links.exists():
            raise ApplicationError(
                _("This project contributes to CPOs of %(country)s: remove those links before "
                  "moving it to another country.") % {"country": project.country.name},
                field_errors={"country": [_("Remove the CPO links first.")]})
    for name in changed:
        setattr(project, name, data[name].strip() if name == "code" else data[name])
    _check_project(code=project.code, start_date=project.start_date,
                   end_date=project.end_date, exclude_pk=project.pk)
    if changed:
        _save(project, user=user, reason=reason, update_fields=changed)
    if funding is not None:
        project_funding_set(user=user, project=project, rows=funding, reason=reason)
    else:
        _check_years_inside(project)
    return project


def _check_years_inside(project: Project) -> None:
    outside = list(project.funding.exclude(year__gte=project.start_date.year,
                                           year__lte=project.end_date.year)
                   .values_list("year", flat=True))
    if outside:
        years = ", ".join(str(y) for y in outside)
        raise ApplicationError(
            _("Funding is recorded for %(years)s, outside the project period "
              "%(start)s–%(end)s: change or remove those years first.")
            % {"years": years, "start": project.start_date.year, "end": project.end_date.year},
            field_errors={"start_date": [_("Funding years fall outside this period.")]})


@transaction.atomic
def project_delete(*, user: User | None, project: Project, reason: str = "") -> None:
    _require_change(user, project)
    for row in project.funding.all():
        delete(row, user=user, reason=reason)
    for link in project.cpo_links.all():
        delete(link, user=user, reason=reason)
    delete(project, user=user, reason=reason)


# --- funding by year ------------------------------------------------------------------------

def _amount(value: Any, label: str, errors: list[str]) -> Decimal | None:
    if value is None or value == "":
        if label == "expenditure":
            return Decimal("0")
        errors.append(_("Enter an amount."))
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append(_("Enter a number."))
        return None
    if not amount.is_finite():
        errors.append(_("Enter a number."))
        return None
    if amount < 0:
        errors.append(_("The amount cannot be negative."))
        return None
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]  # finite: an int
        errors.append(_("Use at most 2 decimal places."))
        return None
    if abs(amount) >= Decimal("1e12"):
        errors.append(_("The amount is too large."))
        return None
    return amount


# Spending beyond the allocation happens, but far beyond it is a typing error (a figure in
# US$ where thousands were meant, a misplaced digit).
OVERSPEND_LIMIT = Decimal("1.5")


def _validate_row(project: Project,
                  row: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A clean row (year, allocation, expenditure) and the errors of each field."""
    errors: dict[str, list[str]] = {}
    year = row.get("year")
    try:
        year = int(year)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        errors["year"] = [_("Enter a year.")]
        year = None
    first, last = project.start_date.year, project.end_date.year
    if year is not None and not first <= year <= last:
        errors["year"] = [_("The year must fall within the project period %(first)s–%(last)s.")
                          % {"first": first, "last": last}]
    clean: dict[str, Any] = {"year": year}
    for field in ("allocation", "expenditure"):
        messages: list[str] = []
        clean[field] = _amount(row.get(field), field, messages)
        if messages:
            errors[field] = messages
    allocation, expenditure = clean.get("allocation"), clean.get("expenditure")
    if allocation is not None and expenditure is not None and \
            expenditure > allocation * OVERSPEND_LIMIT:
        errors.setdefault("expenditure", []).append(
            _("Expenditure of US$%(spent)s is more than one and a half times the allocation "
              "of US$%(allocated)s: check the figures, or record the additional allocation "
              "first.") % {"spent": f"{expenditure:,.2f}", "allocated": f"{allocation:,.2f}"})
    return clean, errors


@transaction.atomic
def project_funding_set(*, user: User | None, project: Project, rows: list[Mapping[str, Any]],
                        reason: str = "") -> list[ProjectFunding]:
    """Replace a project's funding by year with ``rows`` (year, allocation, expenditure):
    years not listed are removed. All rows are checked first; on any error nothing is written
    and the ApplicationError's field_errors are keyed ``funding-<index>-<field>``."""
    _require_change(user, project)
    errors: dict[str, list[str]] = {}
    clean_rows: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    for index, row in enumerate(rows):
        clean, row_errors = _validate_row(project, row)
        year = clean["year"]
        if year is not None and "year" not in row_errors:
            if year in seen:
                row_errors["year"] = [_("%(year)s is entered twice: one row per year.")
                                      % {"year": year}]
            seen[year] = index
        for field, messages in row_errors.items():
            errors[f"funding-{index}-{field}"] = messages
        clean_rows.append(clean)
    if errors:
        raise ApplicationError(
            _("The funding by year could not be saved: check the rows marked. Nothing was "
              "changed."), field_errors=errors)
    existing = {f.year: f for f in ProjectFunding.objects.select_for_update(of=("self",))
                .filter(project=project)}
    saved = []
    for clean in clean_rows:
        current = existing.pop(clean["year"], None)
        if current is None:
            current = ProjectFunding(project=project, **clean)
            _save(current, user=user, reason=reason)
        else:
            changed = [f for f in ("allocation", "expenditure")
                       if getattr(current, f) != clean[f]]
            for field in changed:
                setattr(current, field, clean[field])
            if changed:
                _save(current, user=user, reason=reason, update_fields=changed)
        saved.append(current)
    for gone in existing.values():
        delete(gone, user=user, reason=reason)
    return sorted(saved, key=lambda f: f.year)


def _raise_row_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ApplicationError(_("The funding could not be saved: check the fields marked."),
                               field_errors=errors)


@transaction.atomic
def project_funding_create(*, user: User | None, project: Project, year: int, allocation: Decimal,
                           expenditure: Decimal = Decimal("0"),
                           reason: str = "") -> ProjectFunding:
    """Record one year of a project's funding (one row per year)."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    _require_change(user, project)
    clean, errors = _validate_row(project, {"year": year, "allocation": allocation,
                                            "expenditure": expenditure})
    if not errors and project.funding.filter(year=clean["year"]).exists():
        errors["year"] = [_("Funding for %(year)s is already recorded: change that row "
                            "instead.") % {"year": clean["year"]}]
    _raise_row_errors(errors)
    row = ProjectFunding(project=project, **clean)
    _save(row, user=user, reason=reason)
    return row


@transaction.atomic
def project_funding_update(*, user: User | None, funding: ProjectFunding, data: Mapping[str, Any],
                           reason: str = "") -> ProjectFunding:
    funding = ProjectFunding.objects.select_for_update(of=("self",)).select_related("project").get(
        pk=funding.pk)
    _require_change(user, funding)
    merged = {f: data.get(f, getattr(funding, f)) for f in ("year", "allocation", "expenditure")}
    clean, errors = _validate_row(funding.project, merged)
    if (not errors and clean["year"] != funding.year
            and funding.project.funding.filter(year=clean["year"]).exists()):
        errors["year"] = [_("Funding for %(year)s is already recorded.")
                          % {"year": clean["year"]}]
    _raise_row_errors(errors)
    changed = [f for f, v in clean.items() if getattr(funding, f) != v]
    for field in changed:
        setattr(funding, field, clean[field])
    if changed:
        _save(funding, user=user, reason=reason, update_fields=changed)
    return funding


@transaction.atomic
def project_funding_delete(*, user: User | None, funding: ProjectFunding, reason: str = "") -> None:
    _require_change(user, funding)
    delete(funding, user=user, reason=reason)


# --- contributions to CPOs ------------------------------------------------------------------

def _check_share(share: Any) -> Decimal:
    try:
        share = Decimal(str(share))
    except (InvalidOperation, ValueError):
        share = None
    if share is None or not share.is_finite() or share <= 0 or share > HUNDRED:
        raise ApplicationError(_("The share must be more than 0 and at most 100 per cent."),
                               field_errors={"share": [_("Enter a share between 0 and 100.")]})
    if share.as_tuple().exponent < -2:
        raise ApplicationError(_("Use at most 2 decimal places for the share."),
                               field_errors={"share": [_("Use at most 2 decimal places.")]})
    checked: Decimal = share
    return checked


def _pct(value: Decimal) -> str:
    """A percentage as people write it: 30, 12.5 (not 30.00 or 3E+1)."""
    return f"{value.normalize():f}"


def _check_total_share(project: Project, share: Decimal, exclude_pk: int | None = None) -> None:
    others = project.cpo_links.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = others.aggregate(total=Sum("share"))["total"] or Decimal("0")
    if taken + share > HUNDRED:
        raise ApplicationError(
            _("The shares of a project's CPOs cannot add up to more than 100 per cent: "
              "%(taken)s per cent is already given to other CPOs, so at most %(left)s per cent "
              "is left.") % {"taken": _pct(taken), "left": _pct(HUNDRED - taken)},
            field_errors={"share": [_("At most %(left)s per cent is left.")
                                    % {"left": _pct(HUNDRED - taken)}]})


@transaction.atomic
def project_link_cpo(*, user: User | None, project: Project, cpo: CountryProgrammeOutcome,
                     share: Decimal = HUNDRED, reason: str = "") -> ProjectOutcomeLink:
    """Record that ``share`` per cent of the project's resources serve ``cpo``. The CPO must
    belong to a DWCP of the project's country; the shares of a project total at most 100."""
    # Lock the project so two links added at once cannot both pass the 100 per cent check.
    project = Project.objects.select_for_update(of=("self",)).select_related("country").get(pk=project.pk)
    _require_change(user, project)
    cpo = CountryProgrammeOutcome.objects.select_related("dwcp", "dwcp__country").get(pk=cpo.pk)
    if cpo.dwcp.country_id != project.country_id:
        raise ApplicationError(
            _("%(cpo)s belongs to the DWCP of %(other)s; a project of %(country)s can only "
              "contribute to CPOs of %(country)s.")
            % {"cpo": cpo.code, "other": cpo.dwcp.country.name, "country": project.country.name},
            field_errors={"cpo": [_("Choose a CPO of the project's country.")]})
    if project.cpo_links.filter(cpo=cpo).exists():
        raise ApplicationError(
            _("The project already contributes to %(cpo)s: change that share instead.")
            % {"cpo": cpo.code}, field_errors={"cpo": [_("Already linked.")]})
    share = _check_share(share)
    _check_total_share(project, share)
    link = ProjectOutcomeLink(project=project, cpo=cpo, share=share)
    _save(link, user=user, reason=reason)
    return link


@transaction.atomic
def project_link_update(*, user: User | None, link: ProjectOutcomeLink, share: Decimal,
                        reason: str = "") -> ProjectOutcomeLink:
    Project.objects.select_for_update(of=("self",)).filter(pk=link.project_id).first()
    link = ProjectOutcomeLink.objects.select_related("project").get(pk=link.pk)
    _require_change(user, link)
    share = _check_share(share)
    _check_total_share(link.project, share, exclude_pk=link.pk)
    if link.share != share:
        link.share = share
        _save(link, user=user, reason=reason, update_fields=["share"])
    return link


@transaction.atomic
def project_unlink_cpo(*, user: User | None, link: ProjectOutcomeLink, reason: str = "") -> None:
    _require_change(user, link)
    delete(link, user=user, reason=reason)
