"""The Office's results frameworks (issue 14, point 1): biennia that exist as time passes,
and P&B frameworks of biennia not shipped as reference data, imported by administrators from
a CSV or Excel file (``manage.py import_pb_framework``).

A framework file has one row per outcome: ``code`` (1, 2, …, A, B, C), ``title``, ``kind``
(``policy``, ``enabling`` or ``cross_cutting``; empty: policy, or enabling for a letter) and
``strategic_objective`` (its code or title; may be empty). Every row is checked first and
every problem listed; nothing is written unless all rows are right. Importing the same file
again changes nothing; a changed title is updated; an outcome left out of the file is kept
(CPOs may link to it)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.history import attribute
from core.tables import read_rows
from programmes import reference
from programmes.models import Biennium, PBFramework, PBOutcome, StrategicObjective

if TYPE_CHECKING:
    from core.models import User

COLUMNS = ("code", "title", "kind", "strategic_objective")


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


def pb_framework_import(*, file: Any, code: str, title: str, start_year: int, end_year: int,
                        source: str = "", user: User | None = None,
                        name: str = "") -> FrameworkImport:
    """Create or update the framework ``code`` and its outcomes from ``file``, all or
    nothing, and attach it to the biennia it covers."""
    if user is not None and not user.is_administrator:
        raise PermissionDenied(_("Only administrators import P&B frameworks."))
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
    objectives = {key.casefold(): o for o in StrategicObjective.objects.all()
                  for key in (o.code, o.title)}
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
    if result.errors:
        return result
    with transaction.atomic():
        framework = PBFramework.objects.filter(code=code.strip()).first() or PBFramework(
            code=code.strip())
        framework.title, framework.start_year, framework.end_year = title.strip(), \
            start_year, end_year
        framework.source = source.strip()
        reason = (_("Imported from %(name)s") % {"name": name} if name
                  else _("Imported from a file"))
        attribute(framework, user=user, reason=reason)
        framework.save()
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
        # Every biennium it covers (created if need be) now belongs to it.
        reference.biennia_ensure(Biennium, PBFramework, through_year=max(
            end_year, timezone.localdate().year + 2))
    result.framework = framework
    return result


__all__ = ["COLUMNS", "FrameworkImport", "biennia_ensure", "pb_framework_import"]
