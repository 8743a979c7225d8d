"""Writes of assessment frameworks (administrators only: frameworks are reference data).

Versioning: a framework is a ``code`` with numbered versions, one of them current. Revising
the current version edits it in place while no assessment uses it; once an assessment does,
the revision becomes a new version (a new row with its own dimensions and descriptors) and
the old version stays exactly as the assessments scored it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from capacity.models import (
    SCALE,
    AssessmentDimension,
    AssessmentFramework,
    CapacityLevel,
    CapacityType,
    ScoreDescriptor,
)
from constituents.models import ConstituentType
from core import policy
from core.errors import ApplicationError
from core.roles import ConstituentGroup

from ._common import Errors, check_choice, error, save, text, unknown_fields

if TYPE_CHECKING:
    from core.models import User

FRAMEWORK_FIELDS = ("title", "description", "source", "constituent_types")


def _require_admin(user: User | None) -> None:
    if user is not None and not policy.can_create(user, AssessmentFramework):
        raise PermissionDenied(_("Only administrators edit assessment frameworks."))


def framework_in_use(framework: AssessmentFramework) -> bool:
    """Whether an assessment was scored against this version."""
    return framework.assessments.exists()


def _clean_types(errors: Errors, group: str, types: Sequence[str]) -> list[str]:
    from constituents.models import group_for_type

    cleaned = list(dict.fromkeys(types or []))
    for kind in cleaned:
        if kind not in ConstituentType.values:
            errors.add("constituent_types", _("“%(v)s” is not a type of organization.")
                       % {"v": kind})
        elif group_for_type(kind) != group:
            errors.add("constituent_types",
                       _("%(type)s organizations do not belong to the group “%(group)s”.")
                       % {"type": ConstituentType(kind).label,
                          "group": ConstituentGroup(group).label
                          if group in ConstituentGroup.values else group})
    return cleaned


def clean_dimensions(dimensions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Validate dimension rows ``{code, name, description, level, capacity_type,
    descriptors: {1: text, …, 5: text}}``; return them cleaned or raise ApplicationError
    (field ``dimensions``) listing every problem."""
    problems: list[str] = []
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    if not dimensions:
        raise error("dimensions", _("A framework needs at least one dimension."))
    for number, row in enumerate(dimensions, start=1):
        name = text(row.get("name"))
        code = slugify(text(row.get("code")) or name).replace("-", "_")[:60]
        label = _("Dimension %(n)s (“%(name)s”)") % {"n": number, "name": name or "?"}
        if not name:
            problems.append(_("%(d)s: enter a name.") % {"d": label})
        if not code:
            problems.append(_("%(d)s: enter a code.") % {"d": label})
        elif code in seen:
            problems.append(_("%(d)s: the code “%(c)s” is used twice.") % {"d": label, "c": code})
        seen.add(code)
        if row.get("level") not in CapacityLevel.values:
            problems.append(_("%(d)s: choose a level (individual, organizational or enabling "
                              "environment).") % {"d": label})
        if row.get("capacity_type") not in CapacityType.values:
            problems.append(_("%(d)s: choose a capacity type (technical or functional).")
                            % {"d": label})
        raw = row.get("descriptors") or {}
        descriptors: dict[int, str] = {}
        for key, value in raw.items():
            try:
                score = int(key)
            except (TypeError, ValueError):
                score = None
            if score not in SCALE:
                problems.append(_("%(d)s: scores run from %(lo)s to %(hi)s, not “%(s)s”.")
                                % {"d": label, "lo": SCALE[0], "hi": SCALE[-1], "s": key})
                continue
            descriptors[score] = text(value)
        missing = [str(s) for s in SCALE if not descriptors.get(s)]
        if missing:
            problems.append(_("%(d)s: describe what score %(s)s means.")
                            % {"d": label, "s": ", ".join(missing)})
        cleaned.append({"code": code, "name": name, "description": text(row.get("description")),
                        "level": row.get("level"), "capacity_type": row.get("capacity_type"),
                        "descriptors": descriptors})
    if problems:
        raise ApplicationError(_("The dimensions are not complete: %(p)s")
                               % {"p": " ".join(problems)}, field_errors={"dimensions": problems})
    return cleaned


def _write_dimensions(framework: AssessmentFramework, dimensions: list[dict[str, Any]], *,
                      user: User | None, reason: str) -> None:
    for order, dim in enumerate(dimensions, start=1):
        dimension = AssessmentDimension(framework=framework, code=dim["code"], name=dim["name"],
                                        description=dim["description"], level=dim["level"],
                                        capacity_type=dim["capacity_type"], order=order)
        save(dimension, user=user, reason=reason)
        for score, descriptor in sorted(dim["descriptors"].items()):
            save(ScoreDescriptor(dimension=dimension, score=score, descriptor=descriptor),
                 user=user, reason=reason)


def _dimensions_of(framework: AssessmentFramework) -> list[dict[str, Any]]:
    return [{"code": d.code, "name": d.name, "description": d.description, "level": d.level,
             "capacity_type": d.capacity_type,
             "descriptors": {s.score: s.descriptor for s in d.descriptors.all()}}
            for d in framework.dimensions.prefetch_related("descriptors")]


@transaction.atomic
def framework_create(*, user: User | None, code: str, title: str, constituent_group: str,
                     dimensions: Sequence[Mapping[str, Any]], constituent_types: Sequence[str] = (),
                     description: str = "", source: str = "",
                     reason: str = "") -> AssessmentFramework:
    """Create version 1 of a new framework with its dimensions and descriptors."""
    _require_admin(user)
    errors = Errors()
    code = slugify(text(code)).replace("-", "_")
    if not code:
        errors.add("code", _("Enter a code, e.g. employers."))
    elif AssessmentFramework.objects.filter(code=code).exists():
        errors.add("code", _("A framework with the code “%(c)s” exists: revise it instead.")
                   % {"c": code})
    if not text(title):
        errors.add("title", _("This field is required."))
    check_choice(errors, "constituent_group", constituent_group, ConstituentGroup,
                 label=_("constituent group"))
    types = _clean_types(errors, constituent_group, constituent_types)
    try:
        cleaned = clean_dimensions(dimensions)
    except ApplicationError as exc:
        for field, messages in exc.field_errors.items():
            for message in messages:
                errors.add(field, message)
        cleaned = []
    errors.raise_if_any(_("The framework could not be saved: check the fields marked."))
    framework = AssessmentFramework(code=code, version=1, title=text(title),
                                    constituent_group=constituent_group,
                                    constituent_types=types, description=text(description),
                                    source=text(source), is_current=True)
    save(framework, user=user, reason=reason)
    _write_dimensions(framework, cleaned, user=user, reason=reason)
    return framework


@transaction.atomic
def framework_revise(*, user: User | None, framework: AssessmentFramework, data: Mapping[str, Any],
                     dimensions: Sequence[Mapping[str, Any]] | None = None,
                     reason: str = "") -> AssessmentFramework:
    """Change the current version of a framework (its fields in ``data`` and, when given,
    its whole list of ``dimensions``). Returns the version that now holds the change: the same
    row while no assessment uses it, else a new version that becomes current."""
    _require_admin(user)
    unknown_fields(data, FRAMEWORK_FIELDS)
    current = AssessmentFramework.objects.select_for_update().get(pk=framework.pk)
    if not current.is_current:
        latest = AssessmentFramework.objects.filter(code=current.code, is_current=True).first()
        raise ApplicationError(
            _("Version %(v)s is no longer current: revise version %(latest)s instead.")
            % {"v": current.version, "latest": latest.version if latest else "?"})
    errors = Errors()
    values = {name: getattr(current, name) for name in FRAMEWORK_FIELDS}
    for name, value in data.items():
        values[name] = value if name == "constituent_types" else text(value)
    if not values["title"]:
        errors.add("title", _("This field is required."))
    values["constituent_types"] = _clean_types(errors, current.constituent_group,
                                               values["constituent_types"])
    cleaned = None
    if dimensions is not None:
        try:
            cleaned = clean_dimensions(dimensions)
        except ApplicationError as exc:
            for message in exc.field_errors.get("dimensions", []):
                errors.add("dimensions", message)
    errors.raise_if_any(_("The framework could not be saved: check the fields marked."))

    if not framework_in_use(current):
        changed = [n for n in FRAMEWORK_FIELDS if getattr(current, n) != values[n]]
        for name in changed:
            setattr(current, name, values[name])
        if changed:
            save(current, user=user, reason=reason, update_fields=changed)
        if cleaned is not None:
            for dimension in current.dimensions.all():
                dimension.delete()
            _write_dimensions(current, cleaned, user=user, reason=reason)
        return current

    cleaned = cleaned if cleaned is not None else _dimensions_of(current)
    last = AssessmentFramework.objects.filter(code=current.code).aggregate(v=Max("version"))["v"]
    current.is_current = False
    save(current, user=user, reason=reason or _("Superseded by a new version"),
         update_fields=["is_current"])
    new = AssessmentFramework(code=current.code, version=last + 1,
                              constituent_group=current.constituent_group, is_current=True,
                              **values)
    save(new, user=user, reason=reason or _("New version"))
    _write_dimensions(new, cleaned, user=user, reason=reason)
    if framework.pk == current.pk:
        framework.is_current = False
    return new
