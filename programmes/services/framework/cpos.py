"""Writes of country programme outcomes (CPOs) and their link to a P&B outcome per biennium."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.content import set_translations
from core.errors import ApplicationError
from core.types import UNSET, Unset
from programmes.models import (
    Biennium,
    Convention,
    CountryPriority,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Dwcp,
    GenderMarker,
    PBOutcome,
    PBOutcomeIndicator,
    SdgTarget,
    UNFrameworkOutcome,
)

from ._common import biennium_in_dwcp, clean_code, clean_title, delete, require_change, save

if TYPE_CHECKING:
    from core.models import User


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


def _check_gender_marker(value: int | None, errors: dict[str, list[str]]) -> None:
    if value is not None and value not in GenderMarker.values:
        errors["gender_marker"] = [_("The gender equality marker is 0, 1, 2 or 3 (or empty "
                                     "when not assessed).")]


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
               link_indicators: Mapping[Biennium, PBOutcomeIndicator | None] | None = None,
               gender_marker: int | None = None, conventions: Iterable[Convention] = (),
               social_dialogue: bool = False, just_transition: bool = False,
               reason: str = "", user: User | None = None,
               translations: dict[str, str | None] | None = None) -> CountryProgrammeOutcome:
    """Add a CPO under a priority of the DWCP, with its UN outcomes, SDG targets, P&B
    outcome per biennium (and, optionally, the indicator of that outcome it reports against:
    ``link_indicators``) and cross-cutting markers (gender equality marker 0–3 or None
    when not assessed, the Conventions concerned, social dialogue, just transition), all or
    nothing: every rule is checked before anything is written, and all broken rules are
    reported together."""
    require_change(user, dwcp)
    code, title = clean_code(code), clean_title(title)
    errors = _check_cpo(dwcp=dwcp, priority=priority, code=code)
    un_outcomes = _check_un_outcomes(dwcp, un_outcomes, errors)
    planned = _check_planned(planned_resources, errors)
    _check_gender_marker(gender_marker, errors)
    errors.update(cpo_link_errors(dwcp, outcome_links or {}, indicators=link_indicators))
    _raise(errors)
    if order is None:
        order = priority.cpos.count()
    cpo = CountryProgrammeOutcome(dwcp=dwcp, priority=priority, code=code, title=title,
                                  description=description or "", order=order,
                                  planned_resources=planned, gender_marker=gender_marker,
                                  social_dialogue=bool(social_dialogue),
                                  just_transition=bool(just_transition))
    set_translations(cpo, translations)
    save(cpo, reason=reason, unique_error=_cpo_code_taken(code), user=user)
    cpo.un_outcomes.set(un_outcomes)
    cpo.sdg_targets.set(list(sdg_targets))
    cpo.conventions.set(list(conventions))
    if outcome_links:
        cpo_set_outcome_links(cpo=cpo, links=outcome_links, indicators=link_indicators,
                              reason=reason, user=user)
    return cpo


@transaction.atomic
def cpo_update(*, cpo: CountryProgrammeOutcome, priority: CountryPriority, code: str,
               title: str, description: str = "", order: int | None = None,
               planned_resources: Decimal | int = 0,
               un_outcomes: Iterable[UNFrameworkOutcome] | None = None,
               sdg_targets: Iterable[SdgTarget] | None = None,
               outcome_links: Mapping[Biennium, PBOutcome | None] | None = None,
               link_indicators: Mapping[Biennium, PBOutcomeIndicator | None] | None = None,
               gender_marker: int | None | Unset = UNSET,
               conventions: Iterable[Convention] | None = None,
               social_dialogue: bool | None = None, just_transition: bool | None = None,
               reason: str = "", user: User | None = None,
               translations: dict[str, str | None] | None = None) -> CountryProgrammeOutcome:
    """Change a CPO. ``None`` for a relation or a marker leaves it as it is (for the gender
    marker, whose ``None`` means "not assessed", leaving it out does); ``link_indicators``
    as in :func:`cpo_set_outcome_links` (with ``outcome_links``)."""
    require_change(user, cpo)
    dwcp = cpo.dwcp
    code, title = clean_code(code), clean_title(title)
    errors = _check_cpo(dwcp=dwcp, priority=priority, code=code, exclude_pk=cpo.pk)
    if un_outcomes is not None:
        un_outcomes = _check_un_outcomes(dwcp, un_outcomes, errors)
    planned = _check_planned(planned_resources, errors)
    if not isinstance(gender_marker, Unset):
        _check_gender_marker(gender_marker, errors)
    if outcome_links is not None:
        errors.update(cpo_link_errors(dwcp, outcome_links, indicators=link_indicators,
                                      existing=_existing_links(cpo)))
    _raise(errors)
    cpo.priority, cpo.code, cpo.title = priority, code, title
    cpo.description = description or ""
    cpo.planned_resources = planned
    fields = ["priority", "code", "title", "description", "planned_resources",
              *set_translations(cpo, translations)]
    if not isinstance(gender_marker, Unset):
        cpo.gender_marker = gender_marker
        fields.append("gender_marker")
    for name, flag in (("social_dialogue", social_dialogue),
                       ("just_transition", just_transition)):
        if flag is not None:
            setattr(cpo, name, bool(flag))
            fields.append(name)
    if order is not None:
        cpo.order = order
        fields.append("order")
    save(cpo, reason=reason, update_fields=fields, unique_error=_cpo_code_taken(code),
          user=user)
    if un_outcomes is not None:
        cpo.un_outcomes.set(un_outcomes)
    if sdg_targets is not None:
        cpo.sdg_targets.set(list(sdg_targets))
    if conventions is not None:
        cpo.conventions.set(list(conventions))
    if outcome_links is not None:
        cpo_set_outcome_links(cpo=cpo, links=outcome_links, indicators=link_indicators,
                              reason=reason, user=user)
    return cpo


@transaction.atomic
def cpo_delete(*, cpo: CountryProgrammeOutcome, reason: str = "", user: User | None = None) -> None:
    """Delete a CPO with its outputs and outcome links (projects' links to it go too)."""
    require_change(user, cpo)
    for link in cpo.outcome_links.all():
        delete(link, reason=reason, user=user)
    for output in cpo.outputs.all():
        delete(output, reason=reason, user=user)
    delete(cpo, reason=reason, user=user)


def _link_field(biennium: Biennium) -> str:
    return f"pb_{biennium.start_year}"


def _indicator_field(biennium: Biennium) -> str:
    return f"pb_{biennium.start_year}_indicator"


def _existing_links(cpo: CountryProgrammeOutcome) -> dict[int, CpoOutcomeLink]:
    return {link.biennium_id: link for link in cpo.outcome_links.all()}


def cpo_link_errors(dwcp: Dwcp, links: Mapping[Biennium, PBOutcome | None], *,
                    indicators: Mapping[Biennium, PBOutcomeIndicator | None] | None = None,
                    existing: Mapping[int, CpoOutcomeLink] | None = None
                    ) -> dict[str, list[str]]:
    """Each biennium lies in the DWCP period and each outcome belongs to the framework of its
    biennium; errors keyed ``pb_<first year>`` (the services and the admin's form check it).
    An indicator named for a biennium must be one of the outcome linked in it (the outcome
    given in ``links``, else the CPO's ``existing`` link of that biennium); errors keyed
    ``pb_<first year>_indicator``."""
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
    for biennium, indicator in (indicators or {}).items():
        if indicator is None:
            continue
        if biennium in links:
            linked = links[biennium]
            outcome_id = linked.pk if linked is not None else None
        else:
            link = (existing or {}).get(biennium.pk)
            outcome_id = link.pb_outcome_id if link is not None else None
        if outcome_id is None:
            errors[_indicator_field(biennium)] = [_(
                "Choose the P&B outcome of %(b)s before its indicator.") % {"b": biennium.code}]
        elif indicator.pb_outcome_id != outcome_id:
            errors[_indicator_field(biennium)] = [_(
                "Indicator %(i)s is not an indicator of the P&B outcome linked in %(b)s; "
                "choose one of that outcome's indicators.") % {
                    "i": indicator.code, "b": biennium.code}]
    return errors


@transaction.atomic
def cpo_set_outcome_links(*, cpo: CountryProgrammeOutcome,
                          links: Mapping[Biennium, PBOutcome | None],
                          indicators: Mapping[Biennium, PBOutcomeIndicator | None]
                          | None = None,
                          reason: str = "", user: User | None = None) -> list[CpoOutcomeLink]:
    """Set the P&B outcome the CPO contributes to in each given biennium (``None`` removes
    the link), and the indicator of that outcome it reports against where ``indicators``
    names one for the biennium (``None``: none). Biennia not given are left as they are; a
    link whose indicator is not given keeps it while its outcome stays, and loses it when
    the outcome changes. ``indicators`` may also name a biennium whose link is not in
    ``links`` (the link exists): only its indicator changes.

    Each biennium must lie in the DWCP period (overlap, see module docstring) and the outcome
    must belong to that biennium's P&B framework, the indicator to that outcome. All links
    are checked before any is written. Field errors are keyed ``pb_<first year>`` (the form
    field of that biennium) and ``pb_<first year>_indicator``."""
    require_change(user, cpo)
    indicators = indicators or {}
    existing = _existing_links(cpo)
    _raise(cpo_link_errors(cpo.dwcp, links, indicators=indicators, existing=existing))

    result = []
    for biennium in [*links, *(b for b in indicators if b not in links)]:
        link = existing.get(biennium.pk)
        if biennium in links:
            outcome = links[biennium]
        elif link is not None:
            outcome = link.pb_outcome
        else:
            continue
        if outcome is None:
            if link is not None:
                delete(link, reason=reason, user=user)
            continue
        indicator_id: int | None = None
        if biennium in indicators:
            indicator_id = getattr(indicators[biennium], "pk", None)
        elif link is not None and link.pb_outcome_id == outcome.pk:
            indicator_id = link.pb_indicator_id
        if link is None:
            link = CpoOutcomeLink(cpo=cpo, biennium=biennium, pb_outcome=outcome,
                                  pb_indicator_id=indicator_id)
            save(link, reason=reason, user=user)
        elif link.pb_outcome_id != outcome.pk or link.pb_indicator_id != indicator_id:
            link.pb_outcome, link.pb_indicator_id = outcome, indicator_id
            save(link, reason=reason, update_fields=["pb_outcome", "pb_indicator"], user=user)
        result.append(link)
    return result
