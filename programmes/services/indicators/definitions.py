"""Writes of indicators and their biennial milestones (revisions of a baseline, target or
milestone need a reason and are kept)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core import content
from core.errors import ApplicationError
from core.history import attribute
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    Indicator,
    IndicatorRevision,
    Unit,
)

from ..framework import biennium_in_dwcp
from ._common import after_commit_recompute, error, require_change

if TYPE_CHECKING:
    from core.models import User


INDICATOR_FIELDS = (
    "title", "unit", "numerator_label", "denominator_label", "direction", "cumulative",
    "baseline_value", "baseline_year", "baseline_source", "baseline_description",
    "baseline_due_date", "target_value", "target_increase_pct", "target_year",
    "target_description", "means_of_verification", "data_source", "responsible_person",
    "disaggregate_by_sex", "disaggregate_by_group", "pb_indicators", "sdg_indicators", "output",
    *content.translation_columns(),
)
# Changing these is a revision: it needs a reason and is kept in IndicatorRevision.
REVISED_FIELDS = {"baseline_value": IndicatorRevision.Kind.BASELINE,
                  "target_value": IndicatorRevision.Kind.TARGET,
                  "target_increase_pct": IndicatorRevision.Kind.TARGET}


def _validate_indicator(indicator: Indicator) -> None:
    """The rules of one indicator's fields, checked together before any write."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (indicator.title or "").strip():
        add("title", _("Enter a title."))
    if indicator.cumulative and indicator.unit != Unit.NUMBER:
        add("cumulative", _("Only number indicators can be cumulative."))
    if indicator.unit != Unit.PERCENTAGE and (indicator.numerator_label
                                              or indicator.denominator_label):
        add("numerator_label", _("Numerator and denominator apply to percentages only."))
    if indicator.target_value is not None and indicator.target_increase_pct is not None:
        add("target_increase_pct",
            _("Give the end target either as a value or as an increase over the baseline, "
              "not both."))
    if indicator.target_increase_pct is not None and indicator.baseline_value is None:
        add("target_increase_pct",
            _("A target set as an increase over the baseline needs a baseline value."))
    if indicator.unit == Unit.QUALITATIVE and (indicator.baseline_value is not None
                                               or indicator.target_value is not None):
        add("target_value", _("A qualitative indicator has no numeric baseline or target; "
                              "describe them in the text fields."))
    if indicator.unit == Unit.PERCENTAGE:
        for field in ("baseline_value", "target_value"):
            value = getattr(indicator, field)
            if value is not None and not (0 <= value <= 100):
                add(field, _("A percentage lies between 0 and 100."))
    dwcp = indicator.cpo.dwcp
    for field in ("baseline_year", "target_year"):
        year = getattr(indicator, field)
        if year is not None and not (1990 <= year <= 2100):
            add(field, _("Enter a year such as %(year)s.") % {"year": dwcp.start_year})
    if indicator.target_year is not None and not (
            dwcp.start_year <= indicator.target_year <= dwcp.end_year + 1):
        add("target_year", _("The target year should fall within the DWCP period %(period)s.")
            % {"period": dwcp.period})
    if (indicator.baseline_year and indicator.target_year
            and indicator.baseline_year > indicator.target_year):
        add("baseline_year", _("The baseline year comes before the target year."))
    if indicator.output_id and indicator.output.cpo_id != indicator.cpo_id:  # type: ignore[union-attr]
        add("output", _("This output belongs to another CPO."))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, field_errors=errors)


def _next_code(cpo: CountryProgrammeOutcome) -> str:
    pattern = re.compile(rf"^{re.escape(cpo.code)}\.(\d+)$")
    numbers = [int(m.group(1)) for code in
               Indicator.objects.filter(code__startswith=f"{cpo.code}.")
               .values_list("code", flat=True) if (m := pattern.match(code))]
    return f"{cpo.code}.{max(numbers, default=0) + 1}"


def _check_code(code: str, cpo: CountryProgrammeOutcome, *, exclude_pk: Any = None) -> str:
    code = (code or "").strip() or _next_code(cpo)
    if not re.fullmatch(rf"{re.escape(cpo.code)}\.\d+", code):
        raise error("code", _("An indicator code is the CPO code, a dot and a number, "
                               "e.g. %(example)s.") % {"example": f"{cpo.code}.1"})
    if Indicator.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise error("code", _("Indicator %(code)s exists already.") % {"code": code})
    return code


def _check_milestones(indicator: Indicator,
                      milestones: Mapping[Biennium, tuple[Decimal | None, str]]) -> None:
    dwcp = indicator.cpo.dwcp
    for biennium, (value, statement) in milestones.items():
        if not biennium_in_dwcp(biennium, dwcp):
            raise error("milestones", _("Biennium %(b)s lies outside the DWCP period "
                                         "%(period)s.") % {"b": biennium, "period": dwcp.period})
        if indicator.unit == Unit.QUALITATIVE:
            if value is not None:
                raise error("milestones", _("A qualitative milestone is a statement, "
                                             "not a number (%(b)s).") % {"b": biennium})
        elif value is None and not statement:
            raise error("milestones", _("Enter the value expected at the end of %(b)s.")
                         % {"b": biennium})
        if (indicator.unit == Unit.PERCENTAGE and value is not None
                and not (0 <= value <= 100)):
            raise error("milestones", _("A percentage lies between 0 and 100 (%(b)s).")
                         % {"b": biennium})


@transaction.atomic
def indicator_create(*, user: User | None, cpo: CountryProgrammeOutcome, title: str, code: str = "",
                     milestones: Mapping[Biennium, tuple[Decimal | None, str]] | None = None,
                     **fields: Any) -> Indicator:
    """Create an indicator of ``cpo`` (code ``<CPO code>.<n>``, the next free one when empty)
    with its biennial milestones."""
    require_change(user, cpo)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"unknown indicator fields: {sorted(unknown)}")
    fields = dict(fields)
    content.empty_as_none(fields)
    indicator = Indicator(cpo=cpo, title=(title or "").strip(), **fields)
    indicator.code = _check_code(code, cpo)
    _validate_indicator(indicator)
    _check_milestones(indicator, milestones or {})
    attribute(indicator, user=user)
    indicator.save()
    for biennium, (value, statement) in (milestones or {}).items():
        milestone = BiennialMilestone(indicator=indicator, biennium=biennium, value=value,
                                      statement=statement or "")
        attribute(milestone, user=user)
        milestone.save()
    return indicator


@transaction.atomic
def indicator_update(*, user: User | None, indicator: Indicator, data: Mapping[str, Any],
                     reason: str = "") -> Indicator:
    """Change an indicator's fields. Changing the baseline or end target is a revision: it
    needs a ``reason`` and is kept (old value, new value, date, who, why)."""
    current = Indicator.objects.select_for_update().select_related("cpo__dwcp").get(
        pk=indicator.pk)
    require_change(user, current)
    unknown = set(data) - set(INDICATOR_FIELDS) - {"code"}
    if unknown:
        raise ValueError(f"unknown indicator fields: {sorted(unknown)}")
    old = {field: getattr(current, field) for field in REVISED_FIELDS}
    changed = []
    data = dict(data)
    content.empty_as_none(data)
    for field, value in data.items():
        if field == "code":
            value = _check_code(value, current.cpo, exclude_pk=current.pk)
        with translation.override(content.source_language()):  # title: the original
            if getattr(current, field) != value:
                setattr(current, field, value)
                changed.append(field)
    if not changed:
        return current
    _validate_indicator(current)
    _check_baseline_not_locked(current, changed)
    revised = [f for f in REVISED_FIELDS if f in changed and old[f] is not None]
    if revised and not (reason or "").strip():
        raise error("reason", _("Say why the baseline or target is revised: the old value is "
                                 "kept with your reason."))
    for field in revised:
        IndicatorRevision.objects.create(
            indicator=current, kind=REVISED_FIELDS[field], old_value=old[field],
            new_value=getattr(current, field), reason=reason.strip(), revised_by=user)
    attribute(current, user=user, reason=reason)
    current.save(update_fields=[*changed,
                                "updated_at"])
    return current


# What a closed biennium's results are measured from: changing them would change results
# that are closed.
BASELINE_FIELDS = ("baseline_value", "baseline_year")


def _check_baseline_not_locked(indicator: Indicator, changed: list[str]) -> None:
    """Refuse to change the baseline of an indicator with a milestone in a closed biennium."""
    if not any(field in BASELINE_FIELDS for field in changed):
        return
    closed = (Biennium.objects.filter(milestones__indicator=indicator, closed_at__isnull=False)
              .order_by("start_year").first())
    if closed is not None:
        field = next(f for f in BASELINE_FIELDS if f in changed)
        raise error(field, _("The baseline is locked: the results of biennium %(b)s, which "
                             "are measured from it, are closed. A manager can reopen the "
                             "biennium, giving a reason.") % {"b": closed})


@transaction.atomic
def indicator_save(*, user: User | None, indicator: Indicator, data: Mapping[str, Any],
                   milestones: Mapping[Biennium, tuple[Decimal | None, str]] | None = None,
                   reason: str = "") -> Indicator:
    """Change an indicator and the milestones given, together or not at all (the form of
    the indicator page edits both)."""
    indicator = indicator_update(user=user, indicator=indicator, data=data, reason=reason)
    for biennium, (value, statement) in (milestones or {}).items():
        milestone_set(user=user, indicator=indicator, biennium=biennium, value=value,
                      statement=statement, reason=reason)
    return indicator


@transaction.atomic
def milestone_set(*, user: User | None, indicator: Indicator, biennium: Biennium,
                  value: Decimal | None = None, statement: str = "",
                  reason: str = "") -> BiennialMilestone:
    """Set the milestone of ``indicator`` for ``biennium``. Changing an existing value is a
    revision that needs a ``reason``; the old value is kept."""
    indicator = Indicator.objects.select_related("cpo__dwcp").get(pk=indicator.pk)
    require_change(user, indicator)
    if Biennium.objects.filter(pk=biennium.pk, closed_at__isnull=False).exists():
        raise error("milestones", _("Biennium %(b)s is closed: its milestones are locked, as "
                                     "its results are. A manager can reopen it, giving a "
                                     "reason.") % {"b": biennium})
    _check_milestones(indicator, {biennium: (value, statement)})
    milestone = (BiennialMilestone.objects.select_for_update()
                 .filter(indicator=indicator, biennium=biennium).first())
    if milestone is None:
        milestone = BiennialMilestone(indicator=indicator, biennium=biennium, value=value,
                                      statement=statement or "")
        attribute(milestone, user=user, reason=reason)
        milestone.save()
        return milestone
    if milestone.value == value and milestone.statement == (statement or ""):
        return milestone
    if not (reason or "").strip():
        raise error("reason", _("Say why the milestone is revised: the old value is kept "
                                 "with your reason."))
    IndicatorRevision.objects.create(
        indicator=indicator, kind=IndicatorRevision.Kind.MILESTONE, biennium=biennium,
        old_value=milestone.value, new_value=value, old_text=milestone.statement,
        new_text=statement or "", reason=reason.strip(), revised_by=user)
    milestone.value, milestone.statement = value, statement or ""
    attribute(milestone, user=user, reason=reason)
    milestone.save(update_fields=["value", "statement", "updated_at"])
    after_commit_recompute(indicator.pk)
    return milestone
