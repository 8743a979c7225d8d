"""Importing projects and their funding by year from a spreadsheet (:mod:`core.imports`;
docs/spreadsheets.md).

Two sheets, as a partnerships officer keeps them: **Projects**, one row per project (the
project list's columns), and **Funding by year**, one row per project and year (project
code, year, allocation and expenditure in US$), which may be left out. A CSV is one of the
two, told apart by its columns. A project is matched by its **code** (unique, case does not
matter): a match is updated with the columns the file has, anything else is created. A funding
row sets that year of the project (created or changed); years the file does not list are
kept (an import never removes a year: do that on the project's page). Rows are written by
:func:`project_create`, :func:`project_update` and :func:`project_funding_set`, so the place
rule (field staff: projects of their countries; regional and interregional ones: partnerships
officers), the appraisal rule, the funding checks, the history and the portfolio recompute
apply; the whole file is applied or nothing."""
from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from constituents.models import Region
from constituents.services.importing import country_index
from core import policy
from core.errors import ApplicationError
from core.imports import (
    Allowed,
    Column,
    Importer,
    ImportSpec,
    Item,
    RowOutcome,
    RowReader,
    SheetSpec,
    choice_map,
    field_label,
    in_languages,
    labels,
)
from programmes.models import (
    AssistanceType,
    FundingSource,
    GenderMarker,
    Project,
    ProjectFunding,
    ProjectScope,
    ProjectStage,
)
from programmes.services.resources import project_create, project_funding_set, project_update

CENTS = 2


def _p(name: str) -> Any:
    return field_label(Project, name)


def _f(name: str) -> Any:
    return field_label(ProjectFunding, name)


PROJECTS = SheetSpec("projects", gettext_lazy("Projects"), (
    Column("code", gettext_lazy("Project code"),
           gettext_lazy("The project's code: it says which project the row is (an existing "
                        "one is updated)."), required=True, example="ALB/25/01/EUR",
           aliases=(_p("code"), gettext_lazy("Project"))),
    Column("title", gettext_lazy("Title"), gettext_lazy("Required for a new project."),
           example="Skills for green jobs", aliases=(_p("title"),)),
    Column("scope", gettext_lazy("Scope"),
           gettext_lazy("Country, regional or interregional; when empty, it follows from "
                        "the country and region given."), allowed=Allowed(ProjectScope.choices),
           example=ProjectScope.COUNTRY.label, aliases=(_p("scope"),)),
    Column("country", gettext_lazy("Country"),
           gettext_lazy("ISO code (ALB) or name, for a country project."),
           example="ALB", aliases=(_p("country"),)),
    Column("place", gettext_lazy("Place"),
           gettext_lazy("Where the project works, as the project list exports it: a country, "
                        "“<region> (regional)” or “Interregional / global”. The Scope, "
                        "Country and Region columns, when given, say it instead.")),
    Column("region", gettext_lazy("Region"), gettext_lazy("Code or name, for a regional "
                                                          "project."),
           aliases=(_p("region"),)),
    Column("funding_source", gettext_lazy("Funding source"), gettext_lazy(
        "Required for a new project."), allowed=Allowed(FundingSource.choices),
           example="XBTC", aliases=(_p("funding_source"),)),
    Column("funding_partner", gettext_lazy("Funding partner"), gettext_lazy(
        "Donor or other funding partner."), example="European Union",
           aliases=(_p("funding_partner"),)),
    Column("office", gettext_lazy("Office"), gettext_lazy("Responsible office or unit."),
           example="CO-Budapest", aliases=(_p("office"),)),
    Column("assistance_type", gettext_lazy("Type of assistance"), "",
           allowed=Allowed(AssistanceType.choices), aliases=(_p("assistance_type"),)),
    Column("start_date", gettext_lazy("Start"), gettext_lazy(
        "YYYY-MM-DD; required for a new project."), example="2025-01-01",
           aliases=(_p("start_date"), gettext_lazy("Start date"))),
    Column("end_date", gettext_lazy("End"), gettext_lazy(
        "YYYY-MM-DD; required for a new project."), example="2027-12-31",
           aliases=(_p("end_date"), gettext_lazy("End date"))),
    Column("status", gettext_lazy("Stage"), gettext_lazy(
        "Ongoing when empty. Leaving concept or appraisal needs a passed quality appraisal."),
           allowed=Allowed(ProjectStage.choices), example=ProjectStage.ONGOING.label,
           aliases=(_p("status"), gettext_lazy("Status"))),
    Column("gender_marker", gettext_lazy("Gender equality marker"), gettext_lazy(
        "Empty when not assessed."), allowed=gettext_lazy("0, 1, 2 or 3"), example="2",
           aliases=(_p("gender_marker"),)),
    Column("social_dialogue", gettext_lazy("Social dialogue and tripartism"), "",
           allowed=gettext_lazy("yes or no"), example=gettext_lazy("Yes"),
           aliases=(_p("social_dialogue"),)),
    Column("just_transition", gettext_lazy("Just transition"), "",
           allowed=gettext_lazy("yes or no"), example=gettext_lazy("No"),
           aliases=(_p("just_transition"),)),
    Column("conventions", gettext_lazy("Labour standards"), gettext_lazy(
        "Convention and Protocol codes, separated by commas."), example="C138, C182",
           aliases=(_p("conventions"),)),
    Column("description", gettext_lazy("Description"), "", aliases=(_p("description"),)),
))
FUNDING = SheetSpec("funding", gettext_lazy("Funding by year"), (
    Column("project", gettext_lazy("Project code"), gettext_lazy(
        "A project of the Projects sheet or already recorded."), required=True,
           example="ALB/25/01/EUR", aliases=(_p("code"), _f("project"))),
    Column("year", gettext_lazy("Year"), gettext_lazy("A year of the project's period."),
           required=True, example="2025", aliases=(_f("year"),)),
    Column("allocation", gettext_lazy("Allocation (US$)"), gettext_lazy(
        "In US dollars, in your language's number format (1,234.5 or 1 234,5)."),
           required=True, example="250000", aliases=(_f("allocation"),)),
    Column("expenditure", gettext_lazy("Expenditure (US$)"), gettext_lazy(
        "In US dollars; 0 when empty."), example="120000.50", aliases=(_f("expenditure"),)),
), required=False)
SPEC = ImportSpec("projects", (PROJECTS, FUNDING))
PROJECT_VALUES = ("title", "scope", "country", "region", "funding_source", "funding_partner",
                  "office", "assistance_type", "start_date", "end_date", "status",
                  "gender_marker", "social_dialogue", "just_transition", "description")
NEW_PROJECT_NEEDS = ("title", "funding_source", "start_date", "end_date")


def _region_index() -> dict[str, Region]:
    index: dict[str, Region] = {}
    for region in Region.objects.all():
        for key in (region.code, region.name, str(getattr(region, "label", region.name))):
            index.setdefault(str(key).casefold(), region)
    return index


REGIONAL = gettext_lazy("%(region)s (regional)")
INTERREGIONAL = gettext_lazy("Interregional / global")


def _place_index(countries: Mapping[str, Any], regions: Mapping[str, Region]
                 ) -> dict[str, tuple[str, Any, Any]]:
    """What a Place cell may say (as the project list exports it) → scope, country, region."""
    index: dict[str, tuple[str, Any, Any]] = {
        key: (ProjectScope.COUNTRY, country, None) for key, country in countries.items()}
    for text in in_languages(INTERREGIONAL):
        index[text.casefold()] = (ProjectScope.INTERREGIONAL, None, None)
    for region in set(regions.values()):
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for name in {region.name, str(getattr(region, "label", region.name))}:
                    text = str(REGIONAL) % {"region": name}
                    index.setdefault(text.casefold(), (ProjectScope.REGIONAL, None, region))
    return index


class ProjectImporter(Importer):
    spec = SPEC
    scope_column = {"projects": "country", "funding": "project"}

    def __init__(self, *, user: Any) -> None:
        super().__init__(user=user)
        self.countries = country_index()
        self.regions = _region_index()
        self.places = _place_index(self.countries, self.regions)
        self.choices = {
            "scope": choice_map(ProjectScope.choices),
            "funding_source": choice_map(FundingSource.choices),
            "assistance_type": choice_map(AssistanceType.choices),
            "status": choice_map(ProjectStage.choices),
            "gender_marker": choice_map(GenderMarker.choices),
        }
        self.allowed = {"scope": labels(ProjectScope.choices),
                        "funding_source": labels(FundingSource.choices),
                        "assistance_type": labels(AssistanceType.choices),
                        "status": labels(ProjectStage.choices),
                        "gender_marker": "0, 1, 2, 3"}
        self.seen: dict[tuple[str, str], int] = {}
        self.failed_codes: set[str] = set()

    # --- cells --------------------------------------------------------------------------

    def parse(self, sheet: SheetSpec, row: RowReader) -> dict[str, Any] | None:
        if sheet is FUNDING:
            return self._parse_funding(row)
        values: dict[str, Any] = {"code": row.text("code", required=True, max_length=40)}
        if row.present("title"):
            values["title"] = row.text("title", max_length=300)
        for key in ("funding_partner", "office", "description"):
            if row.present(key):
                values[key] = row.text(key, max_length={"funding_partner": 200,
                                                        "office": 100}.get(key))
        for key in ("scope", "funding_source", "assistance_type", "status", "gender_marker"):
            if row.present(key):
                values[key] = row.choice(key, self.choices[key], allowed=self.allowed[key])
        if values.get("assistance_type") is None and row.present("assistance_type"):
            values["assistance_type"] = ""
        if row.present("status") and values["status"] is None:
            values["status"] = ProjectStage.ONGOING
        if row.present("country"):
            given = row.raw("country")
            values["country"] = self.countries.get(given.casefold()) if given else None
            if given and values["country"] is None:
                row.error("country", _("“%(value)s” is not a known country (use its name or "
                                       "ISO code).") % {"value": given})
        if row.present("region"):
            given = row.raw("region")
            values["region"] = self.regions.get(given.casefold()) if given else None
            if given and values["region"] is None:
                row.error("region", _("“%(value)s” is not a region (use its code or name).")
                          % {"value": given})
        if row.present("place") and row.raw("place"):
            place = self.places.get(row.raw("place").casefold())
            if place is None:
                row.error("place", _("“%(value)s” is not a place: write a country, “<region> "
                                     "(regional)” or “Interregional / global”.")
                          % {"value": row.raw("place")})
            else:
                for key, value in zip(("scope", "country", "region"), place, strict=True):
                    if not row.raw(key):  # the column, when filled in, says it
                        values[key] = value
        country = values.get("country")
        if country is not None and values.get("region") == country.region:
            values["region"] = None  # a country project's region is its country's (exports)
        for key in ("start_date", "end_date"):
            if row.present(key):
                values[key] = row.date(key)
        for key in ("social_dialogue", "just_transition"):
            if row.present(key):
                values[key] = row.boolean(key)
        if row.present("conventions"):
            values["conventions"] = sorted({c.upper() for c in re.split(
                r"[,;\s]+", row.raw("conventions")) if c})
        self._once(row, "code", ("projects", values["code"].casefold()))
        if row.failed and values["code"]:
            self.failed_codes.add(values["code"].casefold())
        return values

    def _parse_funding(self, row: RowReader) -> dict[str, Any]:
        values: dict[str, Any] = {
            "project": row.text("project", required=True),
            "year": row.integer("year", required=True, minimum=1900, maximum=2200),
            "allocation": row.decimal("allocation", required=True, minimum=Decimal(0),
                                      places=CENTS),
            "expenditure": (row.decimal("expenditure", minimum=Decimal(0), places=CENTS)
                            or Decimal(0)),
        }
        if values["year"] is not None:
            self._once(row, "year", ("funding", f"{values['project'].casefold()}/"
                                                f"{values['year']}"))
        return values

    def _once(self, row: RowReader, column: str, key: tuple[str, str]) -> None:
        if key[1] in ("", "/"):
            return
        if key in self.seen:
            row.error(column, _("The same as row %(n)s: one row each.") % {"n": self.seen[key]})
        else:
            self.seen[key] = row.line

    # --- projects -----------------------------------------------------------------------

    def write(self, item: Item, *, reason: str) -> RowOutcome:
        values = dict(item.values)
        code = values.pop("code")
        conventions = values.pop("conventions", None)
        current = Project.objects.filter(code__iexact=code).first()
        country = values.get("country")
        if country is not None and (current is None or current.country != country) and \
                not policy.can_create(self.user, Project, country_id=country.pk):
            raise ApplicationError(field_errors={"country": [
                _("You may not record projects for %(country)s.") % {"country": country.name}]})
        if current is None:
            missing = [k for k in NEW_PROJECT_NEEDS if not values.get(k)]
            if missing:
                raise ApplicationError(field_errors={k: [_("Required for a new project.")]
                                                     for k in missing})
            if not values.get("scope"):
                values["scope"] = (ProjectScope.COUNTRY if values.get("country") else
                                   ProjectScope.REGIONAL if values.get("region") else
                                   ProjectScope.INTERREGIONAL)
            if values.get("status") is None:
                values.pop("status", None)
            created = project_create(user=self.user, code=code, conventions=conventions,
                                     reason=reason, **values)
            return RowOutcome(key=code, action="create", record=created)
        if not values.get("scope"):
            values.pop("scope", None)
        for key in ("title", "funding_source", "start_date", "end_date"):
            if key in values and not values[key]:
                values.pop(key)  # required: an empty cell leaves it
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if conventions is not None and conventions == sorted(
                c.upper() for c in current.conventions.values_list("code", flat=True)):
            conventions = None
        if not changed and conventions is None:
            return RowOutcome(key=code, action="unchanged", record=current)
        data: dict[str, Any] = dict(changed)
        if conventions is not None:
            data["conventions"] = conventions
        project_update(user=self.user, project=current, data=data, reason=reason)
        names = [str(PROJECTS.column(k).label) for k in data  # type: ignore[union-attr]
                 if PROJECTS.column(k)]
        return RowOutcome(key=code, action="update", changes=names, record=current)

    def write_sheet(self, sheet: SheetSpec, items: list[Item], *, reason: str) -> None:
        if sheet is PROJECTS:
            super().write_sheet(sheet, items, reason=reason)
            for error in self.result.errors:
                if error.sheet == str(PROJECTS.title) and error.line is not None:
                    code = next((i.values["code"] for i in items if i.line == error.line), "")
                    self.failed_codes.add(code.casefold())
            return
        by_project: dict[str, list[Item]] = {}
        for item in items:
            by_project.setdefault(item.values["project"].casefold(), []).append(item)
        for code, rows in by_project.items():
            self._write_funding(code, rows, reason=reason)

    # --- funding by year ----------------------------------------------------------------

    def _write_funding(self, code: str, rows: list[Item], *, reason: str) -> None:
        project = Project.objects.filter(code__iexact=code).first()
        if project is None:
            message = (_("The project's row on the Projects sheet has problems.")
                       if code in self.failed_codes else
                       _("There is no project %(code)s (recorded or on the Projects sheet).")
                       % {"code": rows[0].values["project"]})
            for item in rows:
                self.row_error(FUNDING, item.line, "project", message)
            return
        existing = {f.year: f for f in project.funding.all()}
        merged: dict[int, dict[str, Any]] = {
            year: {"year": year, "allocation": f.allocation, "expenditure": f.expenditure}
            for year, f in existing.items()}
        outcomes = []
        for item in rows:
            year = item.values["year"]
            now = existing.get(year)
            action = "create" if now is None else (
                "unchanged" if (now.allocation, now.expenditure)
                == (item.values["allocation"], item.values["expenditure"]) else "update")
            merged[year] = {k: item.values[k] for k in ("year", "allocation", "expenditure")}
            outcomes.append(RowOutcome(FUNDING.key, item.line, f"{project.code} {year}",
                                       action))
        if all(o.action == "unchanged" for o in outcomes):
            self.result.rows.extend(outcomes)
            return
        ordered: list[Mapping[str, Any]] = sorted(merged.values(), key=lambda r: r["year"])
        line_of = {item.values["year"]: item.line for item in rows}
        try:
            with transaction.atomic():
                project_funding_set(user=self.user, project=project, rows=ordered,
                                    reason=reason)
        except ApplicationError as exc:
            for key, found in exc.field_errors.items():
                match = re.fullmatch(r"funding-(\d+)-(\w+)", key)
                year = ordered[int(match.group(1))]["year"] if match else None
                column = match.group(2) if match else ""
                for message in found:
                    self.row_error(FUNDING, line_of.get(year, rows[0].line),
                                   column, message)
            if not exc.field_errors:
                self.row_error(FUNDING, rows[0].line, "", exc.message)
        except PermissionDenied:
            for item in rows:
                self.row_error(FUNDING, item.line, "project", _(
                    "You may not change the funding of %(code)s.") % {"code": project.code})
        else:
            self.result.rows.extend(outcomes)

    def finish(self) -> None:
        if not self.result.errors and not self.result.rows:
            self.row_error(PROJECTS, 2, "", _("The file lists no projects and no funding."))


def project_importer(user: Any, options: Mapping[str, Any]) -> ProjectImporter:
    return ProjectImporter(user=user)
