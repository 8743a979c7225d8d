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
from django.utils.translation import ngettext

from constituents.models import Country, Region
from core import policy
from core.errors import ApplicationError, validate_model
from core.writes import Errors, check_choice, check_plausible_dates, delete, save
from programmes.models import (
    PIPELINE_STAGES,
    AssistanceType,
    Convention,
    CountryProgrammeOutcome,
    FundingSource,
    GenderMarker,
    PBOutcome,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ProjectPbLink,
    ProjectScope,
    ProjectStage,
)
from programmes.services.portfolio_figures import portfolio_recompute_after_commit

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User

PROJECT_FIELDS = ("country", "scope", "region", "code", "title", "funding_source",
                  "funding_partner", "office", "assistance_type", "start_date", "end_date",
                  "status", "description", "gender_marker", "social_dialogue",
                  "just_transition")
HUNDRED = Decimal("100")
PB_LINKS = "pb_links"


# --- helpers --------------------------------------------------------------------------------

def _require_change(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _("You may not change this record."))


def _require_place(user: User | None, scope: str, country: Country | None) -> None:
    """May ``user`` record a project at this place? Field staff: countries they cover;
    regional and interregional projects (no country): partnerships officers and
    administrators (the policy's change rule at no country). ``None`` is the system."""
    country_id = country.pk if scope == ProjectScope.COUNTRY and country is not None else None
    if user is None or policy.can_create(user, Project, country_id=country_id):
        return
    if country_id is not None and country is not None:
        raise ApplicationError(
            _("You may not record projects for %(country)s.") % {"country": country.name},
            field_errors={"country": [_("Choose a country you cover.")]})
    raise ApplicationError(
        _("Only partnerships officers and administrators record regional and interregional "
          "projects."),
        field_errors={"scope": [_("Record a project of a country you cover.")]})


def _save(obj: Model, *, user: User | None, reason: str,
          update_fields: Iterable[str] | None = None) -> None:
    validate_model(obj)
    save(obj, user=user, reason=reason or "", update_fields=update_fields)
    portfolio_recompute_after_commit()


def _delete(obj: Model, *, user: User | None, reason: str) -> None:
    delete(obj, user=user, reason=reason)
    portfolio_recompute_after_commit()


def _check_project(*, code: str, start_date: dt.date, end_date: dt.date,
                   exclude_pk: int | None = None,
                   found: Errors | None = None) -> None:
    found = found if found is not None else Errors()
    check_plausible_dates(found, start_date=start_date, end_date=end_date)
    errors: dict[str, list[str]] = dict(found.fields)
    if start_date and end_date and end_date < start_date and "end_date" not in errors:
        errors["end_date"] = [_("The end date must be on or after the start date.")]
    same_code = Project.objects.filter(code__iexact=(code or "").strip())
    if exclude_pk is not None:
        same_code = same_code.exclude(pk=exclude_pk)
    if code and same_code.exists():
        errors.setdefault("code", []).append(
            _("A project with the code %(code)s already exists.") % {"code": code})
    if errors:
        raise ApplicationError(_("The project could not be saved: check the fields marked."),
                               field_errors=errors)


def _check_place(errors: Errors, *, scope: str, country: Country | None,
                 region: Region | None) -> None:
    """The place matches the scope: a country project names its country (and no region:
    the country's is its region), a regional one its region (and no country), an
    interregional one neither."""
    if scope == ProjectScope.COUNTRY:
        if country is None:
            errors.add("country", _("A country project names its country."))
        if region is not None:
            errors.add("region", _("A country project names no region: its region is its "
                                   "country's. Leave it empty, or make the project regional."))
    elif scope == ProjectScope.REGIONAL:
        if region is None:
            errors.add("region", _("A regional project names its region."))
        if country is not None:
            errors.add("country", _("A regional project names no country. Leave it empty, or "
                                    "make the project a country project."))
    elif scope == ProjectScope.INTERREGIONAL:
        if country is not None:
            errors.add("country", _("An interregional project names no country."))
        if region is not None:
            errors.add("region", _("An interregional project names no region."))


def _check_markers(errors: Errors, values: Mapping[str, Any]) -> None:
    check_choice(errors, "scope", values.get("scope"), ProjectScope, label=_("scope"))
    check_choice(errors, "status", values.get("status"), ProjectStage, label=_("stage"))
    check_choice(errors, "funding_source", values.get("funding_source"), FundingSource,
                 label=_("funding source"))
    check_choice(errors, "assistance_type", values.get("assistance_type"), AssistanceType,
                 required=False, label=_("type of assistance"))
    marker = values.get("gender_marker")
    if marker not in (None, "") and marker not in GenderMarker.values:
        errors.add("gender_marker", _("The gender equality marker is 0, 1, 2 or 3 (or empty "
                                      "when not assessed)."))


def _conventions(errors: Errors, items: Iterable[Convention | str] | None) -> list[Convention]:
    """Conventions given as objects or codes (C087, P029); unknown codes are an error."""
    if not items:
        return []
    given = list(items)
    codes = [str(c).strip().upper() for c in given if not isinstance(c, Convention)]
    found = {c.code.upper(): c for c in Convention.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors.add("conventions", _("There is no Convention or Protocol %(codes)s in the "
                                    "reference list.") % {"codes": ", ".join(unknown)})
    return [c if isinstance(c, Convention) else found[str(c).strip().upper()]
            for c in given if isinstance(c, Convention) or str(c).strip().upper() in found]


# --- projects -------------------------------------------------------------------------------

@transaction.atomic
def project_create(*, user: User | None, code: str, title: str, funding_source: str,
                   start_date: dt.date, end_date: dt.date, country: Country | None = None,
                   scope: str = ProjectScope.COUNTRY, region: Region | None = None,
                   funding_partner: str = "", office: str = "", assistance_type: str = "",
                   status: str = ProjectStage.ONGOING, description: str = "",
                   gender_marker: int | None = None,
                   conventions: Iterable[Convention | str] | None = None,
                   social_dialogue: bool = False, just_transition: bool = False,
                   funding: list[Mapping[str, Any]] | None = None,
                   pb_links: list[Mapping[str, Any]] | None = None,
                   reason: str = "") -> Project:
    """Create a project at its place: a country project in a country the user covers; a
    regional project (its region, no country) or an interregional one (neither) by
    partnerships officers and administrators only. The stage may be any, a later one too:
    projects already approved or running before the pipeline was kept here are recorded as
    they stand (the legacy portfolio); only a move out of the pipeline in
    :func:`project_update` needs a passed quality appraisal. With ``funding`` rows, its
    funding by year, and with ``pb_links``, the P&B outcomes it serves, are recorded in the
    same transaction (:func:`project_funding_set`, :func:`project_pb_links_set`)."""
    values = {"scope": scope, "status": status, "funding_source": funding_source,
              "assistance_type": assistance_type or "", "gender_marker": gender_marker}
    errors = Errors()
    _check_markers(errors, values)
    _check_place(errors, scope=scope, country=country, region=region)
    chosen = _conventions(errors, conventions)
    if not errors:
        _require_place(user, scope, country)
    code = (code or "").strip()
    _check_project(code=code, start_date=start_date, end_date=end_date, found=errors)
    project = Project(country=country, scope=scope, region=region, code=code, title=title,
                      funding_source=funding_source, funding_partner=funding_partner or "",
                      office=(office or "").strip(), assistance_type=assistance_type or "",
                      start_date=start_date, end_date=end_date, status=status,
                      description=description or "", gender_marker=gender_marker,
                      social_dialogue=bool(social_dialogue),
                      just_transition=bool(just_transition))
    _save(project, user=user, reason=reason)
    project.conventions.set(chosen)
    if funding is not None:
        project_funding_set(user=user, project=project, rows=funding, reason=reason)
    if pb_links is not None:
        project_pb_links_set(user=user, project=project, links=pb_links, reason=reason)
    return project


@transaction.atomic
def project_update(*, user: User | None, project: Project, data: Mapping[str, Any],
                   funding: list[Mapping[str, Any]] | None = None,
                   pb_links: list[Mapping[str, Any]] | None = None,
                   reason: str = "") -> Project:
    """Change a project's fields (those in ``data``; ``conventions`` as objects or codes
    replaces the list); with ``funding`` rows, replace its funding by year, with
    ``pb_links`` its P&B outcome links, in the same transaction. Funding years must stay
    inside the period. Moving the project to another place is judged as creating it there
    (:func:`project_create`). A project leaving the pipeline (from concept or appraisal to
    approved, ongoing or closed) needs a passed quality appraisal
    (:func:`programmes.services.appraisal.appraisal_require_passed`)."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    _require_change(user, project)
    data = dict(data)
    conventions = data.pop("conventions", None)
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {sorted(unknown)}")
    for name in ("assistance_type", "funding_partner", "office", "description"):
        if name in data and data[name] is None:
            data[name] = ""
    if "code" in data:
        data["code"] = (data["code"] or "").strip()
    changed = [name for name in PROJECT_FIELDS
               if name in data and getattr(project, name) != data[name]]
    after = {name: data.get(name, getattr(project, name)) for name in PROJECT_FIELDS}
    errors = Errors()
    _check_markers(errors, after)
    _check_place(errors, scope=after["scope"], country=after["country"],
                 region=after["region"])
    chosen = _conventions(errors, conventions) if conventions is not None else None
    moved = {"scope", "country", "region"} & set(changed)
    if moved and not errors:
        _require_place(user, after["scope"], after["country"])
        if "country" in changed and project.cpo_links.exists():
            raise ApplicationError(
                _("This project contributes to CPOs of %(country)s: remove those links before "
                  "moving it to another country.")
                % {"country": project.country.name if project.country else ""},
                field_errors={"country": [_("Remove the CPO links first.")]})
    if "status" in changed and project.status in PIPELINE_STAGES \
            and after["status"] not in PIPELINE_STAGES and not errors:
        from programmes.services.appraisal import appraisal_require_passed

        appraisal_require_passed(project=project)
    for name in changed:
        setattr(project, name, data[name])
    _check_project(code=project.code, start_date=project.start_date,
                   end_date=project.end_date, exclude_pk=project.pk, found=errors)
    if changed:
        _save(project, user=user, reason=reason, update_fields=changed)
    if chosen is not None and set(chosen) != set(project.conventions.all()):
        project.conventions.set(chosen)
        portfolio_recompute_after_commit()
    if funding is not None:
        project_funding_set(user=user, project=project, rows=funding, reason=reason)
    else:
        _check_years_inside(project)
    if pb_links is not None:
        project_pb_links_set(user=user, project=project, links=pb_links, reason=reason)
    elif {"start_date", "end_date"} & set(changed):
        _check_pb_periods(project)
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
    """Delete a project with its funding by year and its CPO and P&B outcome links; refused
    while funding agreements name it."""
    _require_change(user, project)
    count = project.agreements.count()
    if count:
        raise ApplicationError(ngettext(
            "The project %(code)s cannot be deleted: %(n)d funding agreement names it. Delete "
            "it or record it as a thematic contribution (no project) first.",
            "The project %(code)s cannot be deleted: %(n)d funding agreements name it. Delete "
            "them or record them as thematic contributions (no project) first.", count)
            % {"code": project.code, "n": count})
    for row in project.funding.all():
        _delete(row, user=user, reason=reason)
    for link in project.cpo_links.all():
        _delete(link, user=user, reason=reason)
    for pb_link in project.pb_links.all():
        _delete(pb_link, user=user, reason=reason)
    _delete(project, user=user, reason=reason)


# --- contributions to P&B outcomes ------------------------------------------------------

def _pb_outcome(value: Any) -> PBOutcome | None:
    if isinstance(value, PBOutcome):
        return PBOutcome.objects.select_related("framework").get(pk=value.pk)
    try:
        return PBOutcome.objects.select_related("framework").get(pk=int(value))
    except (TypeError, ValueError, PBOutcome.DoesNotExist):
        return None


def _covers(outcome: PBOutcome, project: Project) -> bool:
    framework = outcome.framework
    return (framework.start_year <= project.end_date.year
            and framework.end_year >= project.start_date.year)


def _not_covering(outcome: PBOutcome, project: Project) -> str:
    return _("%(framework)s (%(first)s–%(last)s) does not cover any part of the project "
             "period %(start)s–%(end)s: choose an outcome of a framework in force then.") % {
        "framework": outcome.framework.code, "first": outcome.framework.start_year,
        "last": outcome.framework.end_year, "start": project.start_date.year,
        "end": project.end_date.year}


def _check_pb_periods(project: Project) -> None:
    """After a change of period: every linked P&B outcome's framework still covers part of
    it."""
    for link in project.pb_links.select_related("pb_outcome__framework"):
        if not _covers(link.pb_outcome, project):
            raise ApplicationError(
                _not_covering(link.pb_outcome, project),
                field_errors={"start_date": [_("A linked P&B outcome falls outside this "
                                               "period: change or remove that link first.")]})


@transaction.atomic
def project_pb_links_set(*, user: User | None, project: Project,
                         links: list[Mapping[str, Any]], reason: str = "") -> list[ProjectPbLink]:
    """Replace the P&B outcomes the project serves with ``links`` (``pb_outcome``: an
    outcome or its id; ``share``: per cent of the project, more than 0 and at most 100,
    default 100). Within one P&B framework the shares total at most 100 (a project running
    over several biennia serves an outcome of each framework, each up to 100); each outcome
    belongs to a framework covering part of the project period; an outcome is listed once.
    All links are checked first; on any error nothing is written and the field errors are
    keyed ``pb_links-<index>-<field>`` (the totals on ``pb_links``)."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    _require_change(user, project)
    errors: dict[str, list[str]] = {}
    clean: list[tuple[PBOutcome, Decimal]] = []
    seen: set[int] = set()
    for index, link in enumerate(links):
        key = f"{PB_LINKS}-{index}"
        outcome = _pb_outcome(link.get("pb_outcome"))
        if outcome is None:
            errors[f"{key}-pb_outcome"] = [_("Choose a P&B outcome.")]
        elif outcome.pk in seen:
            errors[f"{key}-pb_outcome"] = [_("%(outcome)s is listed twice: one row per "
                                             "outcome.") % {"outcome": outcome}]
        elif not _covers(outcome, project):
            errors[f"{key}-pb_outcome"] = [_not_covering(outcome, project)]
        raw = link.get("share")
        try:
            share = _check_share(HUNDRED if raw in (None, "") else raw)
        except ApplicationError as exc:
            errors[f"{key}-share"] = list(exc.field_errors.get("share", [exc.message]))
            share = None
        if outcome is not None and share is not None and f"{key}-pb_outcome" not in errors:
            seen.add(outcome.pk)
            clean.append((outcome, share))
    totals: dict[str, Decimal] = {}
    for outcome, share in clean:
        code = outcome.framework.code
        totals[code] = totals.get(code, Decimal("0")) + share
    over = [(code, total) for code, total in totals.items() if total > HUNDRED]
    if not errors and over:
        errors[PB_LINKS] = [_("The shares of the project's outcomes of %(framework)s add up "
                              "to %(total)s per cent: at most 100.")
                            % {"framework": code, "total": _pct(total)} for code, total in over]
    if errors:
        raise ApplicationError(_("The P&B outcome links could not be saved: check the rows "
                                 "marked. Nothing was changed."), field_errors=errors)
    existing = {link.pb_outcome_id: link for link in project.pb_links.all()}
    saved = []
    for outcome, share in clean:
        current = existing.pop(outcome.pk, None)
        if current is None:
            current = ProjectPbLink(project=project, pb_outcome=outcome, share=share)
            _save(current, user=user, reason=reason)
        elif current.share != share:
            current.share = share
            _save(current, user=user, reason=reason, update_fields=["share"])
        saved.append(current)
    for gone in existing.values():
        _delete(gone, user=user, reason=reason)
    return saved


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
        _delete(gone, user=user, reason=reason)
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
    _delete(funding, user=user, reason=reason)


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
    project = (Project.objects.select_for_update(of=("self",)).select_related("country")
               .get(pk=project.pk))
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
    _delete(link, user=user, reason=reason)
