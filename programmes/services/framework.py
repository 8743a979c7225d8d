"""Writes to a DWCP's results framework: country priorities → CPOs → outputs, and each CPO's
link to a P&B outcome for every biennium it spans [DOMAIN §2].

Every function is atomic and audited: ``reason`` lands in the history record as the change
reason and ``user`` as the history user. Rule violations raise
:class:`core.errors.ApplicationError` with field errors so forms and the API show the message
next to the field; nothing is half-written (every rule is checked before the first write).

Access: with a ``user`` the function refuses (``PermissionDenied``) unless the policy lets
the user change the DWCP the object belongs to. ``user=None`` is a system write (demo data,
imports) and skips that check.

"Spans": a biennium belongs to a DWCP when its two years overlap the DWCP's years. A DWCP
2012–2016 thus spans 2012–13, 2014–15 and 2016–17 (it runs during 2016, the first year of
2016–17), but not 2010–11.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import policy
from core.errors import ApplicationError
from core.history import attribute
from programmes.models import (
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Dwcp,
    Output,
    PBOutcome,
    SdgTarget,
    UNFrameworkOutcome,
)

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from core.models import User

__all__ = [
    "biennia_spanned", "biennium_in_dwcp", "cpo_create", "cpo_delete", "cpo_set_outcome_links",
    "cpo_update", "output_create", "output_delete", "output_update", "priority_create",
    "priority_delete", "priority_update",
]

# --- helpers -------------------------------------------------------------------------------

def biennium_in_dwcp(biennium: Biennium, dwcp: Dwcp) -> bool:
    """Whether the biennium's years overlap the DWCP's period (see module docstring)."""
    return biennium.start_year <= dwcp.end_year and biennium.end_year >= dwcp.start_year


def biennia_spanned(dwcp: Dwcp) -> QuerySet[Biennium]:
    """The biennia a DWCP spans, oldest first, with their P&B framework."""
    return (Biennium.objects.select_related("framework")
            .filter(start_year__lte=dwcp.end_year, start_year__gte=dwcp.start_year - 1)
            .order_by("start_year"))


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise ApplicationError(_("Enter a code."), field_errors={"code": [_("Enter a code.")]})
    return code


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Enter a title."),
                               field_errors={"title": [_("Enter a title.")]})
    return title


def _require_change(user: User | None, obj: Model) -> None:
    """Refuse unless ``user`` may change ``obj`` (a DWCP or an object under one)."""
    if user is not None and not policy.can_change(user, obj):
        raise PermissionDenied(_("You may not change the results framework of this DWCP."))


def _save(obj: Model, *, reason: str, update_fields: list[str] | None = None,
          unique_error: tuple[str, str] | None = None, user: User | None = None) -> None:
    """Save with the change reason; a unique-constraint race becomes a field error."""
    attribute(obj, user=user, reason=reason or "")
    try:
        with transaction.atomic():
            if update_fields is None:
                obj.save()
            else:
                obj.save(update_fields=[*update_fields, "updated_at"])
    except IntegrityError as exc:
        if unique_error is None:
            raise
        field, message = unique_error
        raise ApplicationError(message, field_errors={field: [message]}) from exc


def _delete(obj: Model, *, reason: str, user: User | None = None) -> None:
    attribute(obj, user=user, reason=reason or "")
    obj.delete()


# --- country priorities --------------------------------------------------------------------

def _check_priority_code(*, dwcp: Dwcp, code: str, exclude_pk: int | None = None) -> None:
    qs = CountryPriority.objects.filter(dwcp=dwcp, code__iexact=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        message = _("This DWCP already has a priority with code %(code)s.") % {"code": code}
        raise ApplicationError(message, field_errors={"code": [message]})


def _priority_code_taken(code: str) -> tuple[str, str]:
    return ("code", _("This DWCP already has a priority with code %(code)s.") % {"code": code})


@transaction.atomic
def priority_create(*, dwcp: Dwcp, code: str, title: str, description: str = "",
                    order: int | None = None, reason: str = "",
                    user: User | None = None) -> CountryPriority:
    """Add a country priority to the DWCP. The code is unique within the DWCP."""
    _require_change(user, dwcp)
    code, title = _clean_code(code), _clean_title(title)
    _check_priority_code(dwcp=dwcp, code=code)
    if order is None:
        order = dwcp.priorities.count()
    priority = CountryPriority(dwcp=dwcp, code=code, title=title,
                               description=description or "", order=order)
    _save(priority, reason=reason, unique_error=_priority_code_taken(code), user=user)
    return priority


@transaction.atomic
def priority_update(*, priority: CountryPriority, code: str, title: str,
                    description: str = "", order: int | None = None,
                    reason: str = "", user: User | None = None) -> CountryPriority:
    _require_change(user, priority)
    code, title = _clean_code(code), _clean_title(title)
    _check_priority_code(dwcp=priority.dwcp, code=code, exclude_pk=priority.pk)
    priority.code, priority.title, priority.description = code, title, description or ""
    fields = ["code", "title", "description"]
    if order is not None:
        priority.order = order
        fields.append("order")
    _save(priority, reason=reason, update_fields=fields,
          unique_error=_priority_code_taken(code), user=user)
    return priority


@transaction.atomic
def priority_delete(*, priority: CountryPriority, reason: str = "",
                    user: User | None = None) -> None:
    """Delete a priority that has no CPOs (its CPOs must be moved or deleted first)."""
    _require_change(user, priority)
    if priority.cpos.exists():
        raise ApplicationError(_("This priority still has outcomes (CPOs); move or delete "
                                 "them first."))
    _delete(priority, reason=reason, user=user)


# --- CPOs ----------------------------------------------------------------------------------

def _cpo_code_taken(code: str) -> tuple[str, str]:
    return ("code", _("The code %(code)s is already used by another outcome of this DWCP.")
            % {"code": code})


def _check_cpo(*, dwcp: Dwcp, priority: CountryPriority, code: str,
               exclude_pk: int | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if priority.dwcp_id != dwcp.pk:
        errors["priority"] = [_("Choose a priority of this DWCP.")]
    qs = CountryProgrammeOutcome.objects.filter(dwcp=dwcp, code__iexact=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        errors["code"] = [_cpo_code_taken(code)[1]]
    return errors


def _check_un_outcomes(dwcp: Dwcp, un_outcomes: Iterable[UNFrameworkOutcome],
                       errors: dict[str, list[str]]) -> list[Any]:
    un_outcomes = list(un_outcomes)
    foreign = [o for o in un_outcomes
               if o.framework.country_id != dwcp.country_id]
    if foreign:
        errors["un_outcomes"] = [
            _("UN outcome %(code)s belongs to a UN framework of another country.")
            % {"code": foreign[0].code}]
    return un_outcomes


def _check_planned(planned_resources: Any, errors: dict[str, list[str]]) -> Decimal:
    value = Decimal(planned_resources or 0)
    if value < 0:
        errors["planned_resources"] = [_("Planned resources cannot be negative.")]
    return value


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)


@transaction.atomic
def cpo_create(*, dwcp: Dwcp, priority: CountryPriority, code: str, title: str,
               description: str = "", order: int | None = None,
               planned_resources: Decimal | int = 0,
               un_outcomes: Iterable[UNFrameworkOutcome] = (),
               sdg_targets: Iterable[SdgTarget] = (),
               outcome_links: Mapping[Biennium, PBOutcome | None] | None = None,
               reason: str = "", user: User | None = None) -> CountryProgrammeOutcome:
    """Add a CPO under a priority of the DWCP, with its UN outcomes, SDG targets and P&B
    outcome per biennium, all or nothing: every rule is checked before anything is written,
    and all broken rules are reported together."""
    _require_change(user, dwcp)
    code, title = _clean_code(code), _clean_title(title)
    errors = _check_cpo(dwcp=dwcp, priority=priority, code=code)
    un_outcomes = _check_un_outcomes(dwcp, un_outcomes, errors)
    planned = _check_planned(planned_resources, errors)
    errors.update(cpo_link_errors(dwcp, outcome_links or {}))
    _raise(errors)
    if order is None:
        order = priority.cpos.count()
    cpo = CountryProgrammeOutcome(dwcp=dwcp, priority=priority, code=code, title=title,
                                  description=description or "", order=order,
                                  planned_resources=planned)
    _save(cpo, reason=reason, unique_error=_cpo_code_taken(code), user=user)
    cpo.un_outcomes.set(un_outcomes)
    cpo.sdg_targets.set(list(sdg_targets))
    if outcome_links:
        cpo_set_outcome_links(cpo=cpo, links=outcome_links, reason=reason, user=user)
    return cpo


@transaction.atomic
def cpo_update(*, cpo: CountryProgrammeOutcome, priority: CountryPriority, code: str,
               title: str, description: str = "", order: int | None = None,
               planned_resources: Decimal | int = 0,
               un_outcomes: Iterable[UNFrameworkOutcome] | None = None,
               sdg_targets: Iterable[SdgTarget] | None = None,
               outcome_links: Mapping[Biennium, PBOutcome | None] | None = None,
               reason: str = "", user: User | None = None) -> CountryProgrammeOutcome:
    """Change a CPO. ``None`` for a relation leaves it as it is."""
    _require_change(user, cpo)
    dwcp = cpo.dwcp
    code, title = _clean_code(code), _clean_title(title)
    errors = _check_cpo(dwcp=dwcp, priority=priority, code=code, exclude_pk=cpo.pk)
    if un_outcomes is not None:
        un_outcomes = _check_un_outcomes(dwcp, un_outcomes, errors)
    planned = _check_planned(planned_resources, errors)
    if outcome_links is not None:
        errors.update(cpo_link_errors(dwcp, outcome_links))
    _raise(errors)
    cpo.priority, cpo.code, cpo.title = priority, code, title
    cpo.description = description or ""
    cpo.planned_resources = planned
    fields = ["priority", "code", "title", "description", "planned_resources"]
    if order is not None:
        cpo.order = order
        fields.append("order")
    _save(cpo, reason=reason, update_fields=fields, unique_error=_cpo_code_taken(code),
          user=user)
    if un_outcomes is not None:
        cpo.un_outcomes.set(un_outcomes)
    if sdg_targets is not None:
        cpo.sdg_targets.set(list(sdg_targets))
    if outcome_links is not None:
        cpo_set_outcome_links(cpo=cpo, links=outcome_links, reason=reason, user=user)
    return cpo


@transaction.atomic
def cpo_delete(*, cpo: CountryProgrammeOutcome, reason: str = "", user: User | None = None) -> None:
    """Delete a CPO with its outputs and outcome links (projects' links to it go too)."""
    _require_change(user, cpo)
    for link in cpo.outcome_links.all():
        _delete(link, reason=reason, user=user)
    for output in cpo.outputs.all():
        _delete(output, reason=reason, user=user)
    _delete(cpo, reason=reason, user=user)


def _link_field(biennium: Biennium) -> str:
    return f"pb_{biennium.start_year}"


def cpo_link_errors(dwcp: Dwcp, links: Mapping[Biennium, PBOutcome | None]
                    ) -> dict[str, list[str]]:
    """Each biennium lies in the DWCP period and each outcome belongs to the framework of its
    biennium; errors keyed ``pb_<first year>`` (the services and the admin's form check it)."""
    errors: dict[str, list[str]] = {}
    for biennium, outcome in links.items():
        field = _link_field(biennium)
        if not biennium_in_dwcp(biennium, dwcp):
            errors[field] = [_("The biennium %(b)s lies outside the DWCP period %(p)s.")
                             % {"b": biennium.code, "p": dwcp.period}]
            continue
        if outcome is None:
            continue
        if biennium.framework_id is None:
            errors[field] = [_("The biennium %(b)s has no P&B results framework recorded, so "
                               "there is no outcome to link to.") % {"b": biennium.code}]
        elif outcome.framework_id != biennium.framework_id:
            errors[field] = [_("Outcome %(o)s is not an outcome of %(f)s, the framework of "
                               "%(b)s.") % {
                "o": outcome.code,
                "f": biennium.framework.code,  # type: ignore[union-attr]  # set: framework_id
                "b": biennium.code}]
    return errors


@transaction.atomic
def cpo_set_outcome_links(*, cpo: CountryProgrammeOutcome,
                          links: Mapping[Biennium, PBOutcome | None],
                          reason: str = "", user: User | None = None) -> list[CpoOutcomeLink]:
    """Set the P&B outcome the CPO contributes to in each given biennium (``None`` removes
    the link). Biennia not given are left as they are.

    Each biennium must lie in the DWCP period (overlap, see module docstring) and the outcome
    must belong to that biennium's P&B framework. All links are checked before any is
    written. Field errors are keyed ``pb_<first year>`` (the form field of that biennium)."""
    _require_change(user, cpo)
    _raise(cpo_link_errors(cpo.dwcp, links))

    existing = {link.biennium_id: link for link in cpo.outcome_links.all()}
    result = []
    for biennium, outcome in links.items():
        link = existing.get(biennium.pk)
        if outcome is None:
            if link is not None:
                _delete(link, reason=reason, user=user)
            continue
        if link is None:
            link = CpoOutcomeLink(cpo=cpo, biennium=biennium, pb_outcome=outcome)
            _save(link, reason=reason, user=user)
        elif link.pb_outcome_id != outcome.pk:
            link.pb_outcome = outcome
            _save(link, reason=reason, update_fields=["pb_outcome"], user=user)
        result.append(link)
    return result


# --- outputs -------------------------------------------------------------------------------

def _output_code_taken(code: str) -> tuple[str, str]:
    return ("code", _("This outcome already has an output with code %(code)s.")
            % {"code": code})


def _check_output_code(*, cpo: CountryProgrammeOutcome, code: str,
                       exclude_pk: int | None = None) -> None:
    qs = Output.objects.filter(cpo=cpo, code__iexact=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        field, message = _output_code_taken(code)
        raise ApplicationError(message, field_errors={field: [message]})


@transaction.atomic
def output_create(*, cpo: CountryProgrammeOutcome, code: str, title: str,
                  description: str = "", order: int | None = None,
                  reason: str = "", user: User | None = None) -> Output:
    """Add an output to a CPO. The code is unique within the CPO."""
    _require_change(user, cpo)
    code, title = _clean_code(code), _clean_title(title)
    _check_output_code(cpo=cpo, code=code)
    if order is None:
        order = cpo.outputs.count()
    output = Output(cpo=cpo, code=code, title=title, description=description or "",
                    order=order)
    _save(output, reason=reason, unique_error=_output_code_taken(code), user=user)
    return output


@transaction.atomic
def output_update(*, output: Output, code: str, title: str, description: str = "",
                  order: int | None = None, reason: str = "", user: User | None = None) -> Output:
    _require_change(user, output)
    code, title = _clean_code(code), _clean_title(title)
    _check_output_code(cpo=output.cpo, code=code, exclude_pk=output.pk)
    output.code, output.title, output.description = code, title, description or ""
    fields = ["code", "title", "description"]
    if order is not None:
        output.order = order
        fields.append("order")
    _save(output, reason=reason, update_fields=fields, unique_error=_output_code_taken(code),
          user=user)
    return output


@transaction.atomic
def output_delete(*, output: Output, reason: str = "", user: User | None = None) -> None:
    _require_change(user, output)
    _delete(output, reason=reason, user=user)
