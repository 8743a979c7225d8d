"""The Office's results frameworks (issue 14, point 1): biennia that exist as time passes,
and P&B frameworks of biennia not shipped as reference data, imported by administrators from
a CSV or Excel file (``manage.py import_pb_framework``).

A framework file has one row per outcome: ``code`` (1, 2, …, A, B, C), ``title``, ``kind``
(``policy``, ``enabling`` or ``cross_cutting``; empty: policy, or enabling for a letter) and
``strategic_objective`` (its code or title; may be empty). Every row is checked first and
every problem listed; nothing is written unless all rows are right. Importing the same file
again changes nothing; a changed title is updated; an outcome left out of the file is kept
(CPOs may link to it).

Outcome indicators with their biennial targets come in a second file (or later, for a
framework that exists, alone: :func:`pb_indicators_import`), one row per indicator:
``outcome`` (the outcome's code), ``code`` (e.g. 1.1.1), ``indicator`` (its text), ``target``
(a whole number, e.g. 25, or empty when the framework sets none), ``target_unit`` (what the
target counts, e.g. member States; may be empty) and, optionally, ``framework`` (its code:
required when the import is not for one framework, otherwise it must name that framework).
The same rules apply: every problem listed with its row, all or nothing, a re-import changes
nothing, an indicator left out is kept (CPO links may name it), and the order of the rows is
the indicators' order under their outcome."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.history import attribute
from core.tables import read_rows
from programmes import reference
from programmes.models import (
    Biennium,
    PBFramework,
    PBOutcome,
    PBOutcomeIndicator,
    StrategicObjective,
)

if TYPE_CHECKING:
    from core.models import User

COLUMNS = ("code", "title", "kind", "strategic_objective")
INDICATOR_COLUMNS = ("framework", "outcome", "code", "indicator", "target", "target_unit")


def biennia_ensure(*, through_year: int | None = None) -> int:
    """Make the biennia up to the one holding ``through_year`` (default: the one after the
    current year) exist, each with its framework; return how many were created."""
    year = through_year if through_year is not None else timezone.localdate().year + 2
    if Biennium.objects.filter(start_year__gte=year - 1).exists():
        return 0  # (one query when there is nothing to do)
    return reference.biennia_ensure(Biennium, PBFramework, through_year=year)


@dataclass
class FrameworkImport:
    """What an import did (or, with errors, why it wrote nothing)."""

    framework: PBFramework | None = None
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    indicators_created: list[str] = field(default_factory=list)
    indicators_updated: list[str] = field(default_factory=list)


@dataclass
class IndicatorImport:
    """What an import of outcome indicators did (codes as "framework outcome indicator",
    e.g. "P&B 2026-27 1 1.1.1"), or, with errors, why it wrote nothing."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class _PlannedIndicator:
    framework: str  # code
    outcome: str  # code
    code: str
    text: str
    target: int | None
    target_unit: str
    order: int
    line: int


def _period_errors(code: str, start_year: int, end_year: int) -> list[str]:
    problems = []
    if not code.strip():
        problems.append(_("Give the framework a code, e.g. P&B 2026-27."))
    if start_year % 2 or end_year < start_year or (end_year - start_year) % 2 == 0 \
            or start_year < reference.FIRST_BIENNIUM:
        problems.append(_(
            "A framework covers whole biennia: it starts in an even year from %(first)s and "
            "ends in an odd year, e.g. 2026 to 2027.") % {"first": reference.FIRST_BIENNIUM})
    overlapping = (PBFramework.objects.exclude(code=code.strip())
                   .filter(start_year__lte=end_year, end_year__gte=start_year)
                   .values_list("code", flat=True))
    for other in overlapping:
        problems.append(_("The years overlap the framework %(code)s.") % {"code": other})
    return problems


def _require_administrator(user: User | None) -> None:
    if user is not None and not user.is_administrator:
        raise PermissionDenied(_("Only administrators import P&B frameworks."))


def _read_table(file: Any, name: str, errors: list[str], *, prefix: str = "") -> tuple[
        list[str], list[Any]] | None:
    try:
        return read_rows(file, name=name)
    except ApplicationError as exc:
        errors.append(f"{prefix}{exc}")
        return None


def _indicator_rows(headers: list[str], rows: list[Any], *, framework: str | None,
                    outcomes: dict[str, set[str]], errors: list[str],
                    prefix: str = "") -> list[_PlannedIndicator]:
    """Check an indicators table: every problem appended to ``errors`` (each with its row),
    the indicators it holds returned. ``framework``: the code of the framework the import is
    for (None: each row names its own); ``outcomes``: the outcome codes (upper case) of each
    framework the rows may name."""
    start = len(errors)
    for column in ("outcome", "code", "indicator"):
        if column not in headers:
            errors.append(prefix + _("The column “%(column)s” is missing; the columns are "
                                     "%(all)s.") % {"column": column,
                                                    "all": ", ".join(INDICATOR_COLUMNS)})
    if framework is None and "framework" not in headers:
        errors.append(prefix + _("The column “framework” is missing: name the framework of "
                                 "each indicator, e.g. P&B 2026-27."))
    for header in [h for h in headers if h and h not in INDICATOR_COLUMNS]:
        errors.append(prefix + _("Unknown column “%(column)s”; the columns are %(all)s.")
                      % {"column": header, "all": ", ".join(INDICATOR_COLUMNS)})
    if len(errors) > start:
        return []
    by_code = {c.casefold(): c for c in outcomes}
    planned: list[_PlannedIndicator] = []
    seen: dict[tuple[str, str, str], int] = {}
    orders: dict[tuple[str, str], int] = {}
    for row in rows:
        where = prefix + _("Row %(n)s") % {"n": row.line}
        named = row.get("framework")
        fw = by_code.get(named.casefold()) if named else framework
        if framework is not None and named and named.casefold() != framework.casefold():
            errors.append(_("%(where)s, framework: this import is for %(code)s, not "
                            "“%(value)s”.") % {"where": where, "code": framework,
                                               "value": named})
            fw = None
        elif framework is None and fw is None:
            errors.append(_("%(where)s, framework: there is no P&B framework “%(value)s”.")
                          % {"where": where, "value": named} if named else
                          _("%(where)s, framework: name the framework, e.g. P&B 2026-27.")
                          % {"where": where})
        outcome = row.get("outcome").upper()
        if fw is not None and outcome not in outcomes.get(fw, set()):
            errors.append(_("%(where)s, outcome: %(framework)s has no outcome “%(value)s”.")
                          % {"where": where, "framework": fw, "value": row.get("outcome")}
                          if outcome else
                          _("%(where)s, outcome: enter the code of the indicator's outcome, "
                            "e.g. 1 or A.") % {"where": where})
        code = row.get("code")
        if not code or len(code) > 12:
            errors.append(_("%(where)s, code: enter the indicator's code, e.g. 1.1.1 (twelve "
                            "characters at most).") % {"where": where})
        elif fw is not None:
            key = (fw, outcome, code.casefold())
            if key in seen:
                errors.append(_("%(where)s, code: indicator %(code)s of outcome %(outcome)s "
                                "is also in row %(other)s.") % {
                    "where": where, "code": code, "outcome": outcome, "other": seen[key]})
            seen.setdefault(key, row.line)
        text = row.get("indicator")
        if not text or len(text) > 500:
            errors.append(_("%(where)s, indicator: enter the indicator's text (500 characters "
                            "at most).") % {"where": where})
        target: int | None = None
        raw = row.get("target").replace(" ", "").replace("\u202f", "").replace("\xa0", "")
        if raw:
            if raw.isdigit() and int(raw) >= 1:
                target = int(raw)
            else:
                errors.append(_("%(where)s, target: enter a whole number of at least 1 "
                                "(e.g. 25), or leave it empty when the framework sets none; "
                                "not “%(value)s”.") % {"where": where,
                                                       "value": row.get("target")})
        unit = row.get("target_unit")
        if len(unit) > 60:
            errors.append(_("%(where)s, target_unit: say what the target counts in 60 "
                            "characters at most, e.g. member States.") % {"where": where})
        if fw is not None:
            order = orders[(fw, outcome)] = orders.get((fw, outcome), 0) + 1
            planned.append(_PlannedIndicator(fw, outcome, code, text, target, unit, order,
                                             row.line))
    return planned


def _write_indicators(planned: list[_PlannedIndicator], *, outcomes: dict[tuple[str, str],
                      PBOutcome], user: User | None, reason: str) -> tuple[list[str],
                                                                            list[str]]:
    """Create or update the planned indicators (checked); return the codes created and
    updated ("framework outcome code")."""
    created: list[str] = []
    updated: list[str] = []
    existing = {(i.pb_outcome_id, i.code.casefold()): i for i in PBOutcomeIndicator.objects
                .filter(pb_outcome__in=list(outcomes.values()))}
    for item in planned:
        outcome = outcomes[(item.framework, item.outcome)]
        label = f"{item.framework} {item.outcome} {item.code}"
        values = {"text": item.text, "target": item.target, "target_unit": item.target_unit,
                  "order": item.order}
        indicator = existing.get((outcome.pk, item.code.casefold()))
        if indicator is None:
            indicator = PBOutcomeIndicator(pb_outcome=outcome, code=item.code, **values)
            created.append(label)
        elif any(getattr(indicator, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(indicator, k, v)
            updated.append(label)
        else:
            continue
        attribute(indicator, user=user, reason=reason)
        indicator.save()
    return created, updated


def _reason(name: str) -> str:
    return (_("Imported from %(name)s") % {"name": name} if name
            else _("Imported from a file"))


def pb_indicators_import(*, file: Any, framework: PBFramework | None = None, name: str = "",
                         user: User | None = None) -> IndicatorImport:
    """Create or update outcome indicators with their targets from ``file``, all or nothing:
    for the outcomes of ``framework``, or, when it is None, of the framework each row names
    (column ``framework``). Administrators only (``user=None``: the system, e.g. data
    loads)."""
    _require_administrator(user)
    result = IndicatorImport()
    table = _read_table(file, name, result.errors)
    if table is None:
        return result
    headers, rows = table
    scope = (PBOutcome.objects.filter(framework=framework) if framework is not None
             else PBOutcome.objects.all())
    outcome_objs = {(o.framework.code, o.code.upper()): o
                    for o in scope.select_related("framework")}
    codes: dict[str, set[str]] = {}
    for fw_code, outcome_code in outcome_objs:
        codes.setdefault(fw_code, set()).add(outcome_code)
    if framework is not None:
        codes.setdefault(framework.code, set())
    planned = _indicator_rows(headers, rows, framework=framework.code if framework else None,
                              outcomes=codes, errors=result.errors)
    if not rows and not result.errors:
        result.errors.append(_("The file holds no indicator."))
    if result.errors:
        return result
    with transaction.atomic():
        result.created, result.updated = _write_indicators(
            planned, outcomes=outcome_objs, user=user, reason=_reason(name))
    return result


def pb_framework_import(*, file: Any, code: str, title: str, start_year: int, end_year: int,
                        source: str = "", user: User | None = None, name: str = "",
                        indicators: Any = None, indicators_name: str = ""
                        ) -> FrameworkImport:
    """Create or update the framework ``code`` and its outcomes from ``file`` (and, when
    given, their indicators from the file ``indicators``), all or nothing, and attach it to
    the biennia it covers."""
    _require_administrator(user)
    result = FrameworkImport()
    result.errors = _period_errors(code, start_year, end_year)
    if not title.strip():
        result.errors.append(_("Give the framework its title, e.g. Programme and Budget for "
                               "the biennium 2026–27."))
    try:
        headers, rows = read_rows(file, name=name)
    except ApplicationError as exc:
        result.errors.append(str(exc))
        return result
    for column in ("code", "title"):
        if column not in headers:
            result.errors.append(_("The column “%(column)s” is missing; the columns are %(all)s.")
                                 % {"column": column, "all": ", ".join(COLUMNS)})
    unknown = [h for h in headers if h and h not in COLUMNS]
    for header in unknown:
        result.errors.append(_("Unknown column “%(column)s”; the columns are %(all)s.")
                             % {"column": header, "all": ", ".join(COLUMNS)})
    if result.errors:
        return result
    # An objective is named by its code or its title in any language.
    objectives = {key.casefold(): o for o in StrategicObjective.objects.all()
                  for key in (o.code, *(getattr(o, f"title_{language}", "") or ""
                                        for language, _name in settings.LANGUAGES))
                  if key}
    kinds = {k.value: k.value for k in PBOutcome.Kind} | {
        str(k.label).casefold(): k.value for k in PBOutcome.Kind}
    outcomes: dict[str, dict[str, Any]] = {}
    for row in rows:
        where = _("Row %(n)s") % {"n": row.line}
        outcome_code = row.get("code").upper()
        if not outcome_code or len(outcome_code) > 5:
            result.errors.append(_("%(where)s, code: enter the outcome's code, e.g. 1 or A (five "
                                   "characters at most).") % {"where": where})
        elif outcome_code in outcomes:
            result.errors.append(_("%(where)s, code: outcome %(code)s is also in row "
                                   "%(other)s.") % {"where": where, "code": outcome_code,
                                                    "other": outcomes[outcome_code]["line"]})
        if not row.get("title") or len(row.get("title")) > 300:
            result.errors.append(_("%(where)s, title: enter the outcome's title (300 characters "
                                   "at most).") % {"where": where})
        kind = row.get("kind").casefold() or (
            PBOutcome.Kind.ENABLING if outcome_code.isalpha() else PBOutcome.Kind.POLICY)
        if kind not in kinds:
            result.errors.append(_("%(where)s, kind: enter policy, enabling or cross_cutting, "
                                   "not “%(value)s”.") % {"where": where,
                                                          "value": row.get("kind")})
        objective = None
        if row.get("strategic_objective"):
            objective = objectives.get(row.get("strategic_objective").casefold())
            if objective is None:
                result.errors.append(_(
                    "%(where)s, strategic_objective: there is no strategic objective "
                    "“%(value)s”; use one of %(codes)s.") % {
                        "where": where, "value": row.get("strategic_objective"),
                        "codes": ", ".join(o.code for o in StrategicObjective.objects.all())})
        outcomes.setdefault(outcome_code, {"line": row.line, "title": row.get("title"),
                                           "kind": kinds.get(kind), "objective": objective})
    if not rows:
        result.errors.append(_("The file holds no outcome."))
    planned: list[_PlannedIndicator] = []
    if indicators is not None:
        prefix = _("Indicators: ")
        table = _read_table(indicators, indicators_name, result.errors, prefix=prefix)
        if table is not None:
            known = set(outcomes) | {c.upper() for c in PBOutcome.objects.filter(
                framework__code=code.strip()).values_list("code", flat=True)}
            planned = _indicator_rows(*table, framework=code.strip(),
                                      outcomes={code.strip(): known}, errors=result.errors,
                                      prefix=prefix)
    if result.errors:
        return result
    with transaction.atomic():
        framework = PBFramework.objects.filter(code=code.strip()).first() or PBFramework(
            code=code.strip())
        framework.title, framework.start_year, framework.end_year = title.strip(), \
            start_year, end_year
        framework.source = source.strip()
        reason = _reason(name)
        attribute(framework, user=user, reason=reason)
        framework.save()
        # Titles in a framework file are in the original language (English): under a
        # French or Spanish page they must not land in that language's column.
        with translation.override(settings.LANGUAGE_CODE):
            existing = {o.code.upper(): o for o in framework.outcomes.all()}
            for outcome_code, data in outcomes.items():
                outcome = existing.get(outcome_code)
                values = {"title": data["title"], "kind": data["kind"],
                          "strategic_objective": data["objective"]}
                if outcome is None:
                    outcome = PBOutcome(framework=framework, code=outcome_code, **values)
                    result.created.append(outcome_code)
                elif any(getattr(outcome, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(outcome, k, v)
                    result.updated.append(outcome_code)
                else:
                    continue
                attribute(outcome, user=user, reason=reason)
                outcome.save()
        if planned:
            saved = {(framework.code, o.code.upper()): o for o in framework.outcomes.all()}
            result.indicators_created, result.indicators_updated = _write_indicators(
                planned, outcomes=saved, user=user,
                reason=_reason(indicators_name or name))
        # Every biennium it covers (created if need be) now belongs to it.
        reference.biennia_ensure(Biennium, PBFramework, through_year=max(
            end_year, timezone.localdate().year + 2))
    result.framework = framework
    return result


__all__ = ["COLUMNS", "INDICATOR_COLUMNS", "FrameworkImport", "IndicatorImport",
           "biennia_ensure", "pb_framework_import", "pb_indicators_import"]
