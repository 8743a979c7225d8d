"""Importing constituents from a spreadsheet (:mod:`core.imports`; docs/spreadsheets.md).

One sheet, one organization per row. A row is matched to an organization by its **country
and name** (case does not matter), the rule the database keeps unique: a match is updated
(only the columns the file has; a name is never changed by an import, rename on the
organization's page), anything else is created. Rows are written by
:func:`constituent_create` / :func:`constituent_update`, so their rules, the policy (who may
record which organizations of which country) and the history apply; the whole file is applied
or nothing."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    labels,
)

from ..models import Constituent, ConstituentType, Country, group_for_type
from .organizations import constituent_create, constituent_update

ACTIVE_WORDS = ((True, gettext_lazy("Active")), (False, gettext_lazy("Inactive")))


def _field(name: str) -> Any:
    return field_label(Constituent, name)


SHEET = SheetSpec("constituents", gettext_lazy("Constituents"), (
    Column("country", gettext_lazy("Country"),
           gettext_lazy("The country's ISO code (ALB) or name. May be left out when the "
                        "import page names the country."),
           allowed=gettext_lazy("A country you may record organizations of."), example="ALB",
           aliases=(_field("country"),)),
    Column("name", gettext_lazy("Name"),
           gettext_lazy("The organization's full name: with the country, it says which "
                        "organization the row is (an existing one is updated)."),
           required=True, example="Confederation of Trade Unions of Albania",
           aliases=(gettext_lazy("Organization"), _field("name"))),
    Column("acronym", gettext_lazy("Acronym"), gettext_lazy("Short name, up to 30 "
                                                            "characters."), example="KSSH",
           aliases=(_field("acronym"),)),
    Column("type", gettext_lazy("Type"),
           gettext_lazy("The kind of organization; its constituent group follows from it. "
                        "Required for a new organization."),
           allowed=Allowed(ConstituentType.choices),
           example=ConstituentType.WORKERS.label, aliases=(_field("type"),)),
    Column("level", gettext_lazy("Level"), gettext_lazy("National unless stated."),
           allowed=Allowed(Constituent.Level.choices), example=Constituent.Level.NATIONAL.label,
           aliases=(_field("level"),)),
    Column("sector", gettext_lazy("Sector or territory"),
           gettext_lazy("For sectoral or local organizations."), aliases=(_field("sector"),)),
    Column("website", gettext_lazy("Website"), gettext_lazy("Its web address."),
           example="https://kssh.al", aliases=(_field("website"),)),
    Column("address", gettext_lazy("Address"), gettext_lazy("Postal address."),
           aliases=(_field("address"),)),
    Column("notes", gettext_lazy("Notes"), gettext_lazy("Anything worth knowing."),
           aliases=(_field("notes"),)),
    Column("active", gettext_lazy("Active"),
           gettext_lazy("Whether the organization still exists and works with the ILO."),
           allowed=gettext_lazy("yes or no (Active or Inactive); yes when empty"),
           example=gettext_lazy("Yes"), aliases=(gettext_lazy("Status"), _field("active"))),
))
SPEC = ImportSpec("constituents", (SHEET,))
FIELDS = ("acronym", "type", "level", "sector", "website", "address", "notes", "active")


def country_index() -> dict[str, Country]:
    """Countries by ISO codes and name (English and translated), casefolded."""
    index: dict[str, Country] = {}
    for country in Country.objects.all():
        for key in (country.iso2, country.iso3, country.name, country.label):
            index.setdefault(str(key).casefold(), country)
    return index


class ConstituentImporter(Importer):
    spec = SPEC
    scope_column = {"constituents": "country"}

    def __init__(self, *, user: Any, country: Country | None = None) -> None:
        super().__init__(user=user)
        self.country = country
        self.countries = country_index()
        self.types = choice_map(ConstituentType.choices)
        self.levels = choice_map(Constituent.Level.choices)
        self.active_words = choice_map(ACTIVE_WORDS)
        self.seen: dict[tuple[int, str], int] = {}
        self.existing: dict[int, dict[str, Constituent]] = {}

    def parse(self, sheet: SheetSpec, row: RowReader) -> dict[str, Any] | None:
        given = row.raw("country")
        country = self.countries.get(given.casefold()) if given else self.country
        if given and country is None:
            row.error("country", _("“%(value)s” is not a known country (use its name or ISO "
                                   "code).") % {"value": given})
        elif country is None:
            row.error("country", _("Name the country, here or on the import page."))
        elif self.country is not None and country != self.country:
            row.error("country", _("This import is of organizations of %(country)s.")
                      % {"country": self.country.label})
        name = row.text("name", required=True, max_length=255)
        values: dict[str, Any] = {"country": country, "name": name}
        if row.present("acronym"):
            values["acronym"] = row.text("acronym", max_length=30)
        if row.present("type"):
            values["type"] = row.choice("type", self.types,
                                        allowed=labels(ConstituentType.choices))
        if row.present("level"):
            values["level"] = row.choice("level", self.levels,
                                         allowed=labels(Constituent.Level.choices)
                                         ) or Constituent.Level.NATIONAL
        for column, length in (("sector", 200), ("website", 200), ("address", None),
                               ("notes", None)):
            if row.present(column):
                values[column] = row.text(column, max_length=length)
        if values.get("website") and "://" not in values["website"]:
            values["website"] = "https://" + values["website"]  # as the form takes it
        if row.present("active"):
            values["active"] = row.boolean("active", default=True, words=self.active_words)
        if country is not None and name:
            key = (country.pk, name.casefold())
            if key in self.seen:
                row.error("name", _("The same organization as row %(n)s.")
                          % {"n": self.seen[key]})
            self.seen[key] = row.line
        return values

    def _existing(self, country: Country) -> dict[str, Constituent]:
        if country.pk not in self.existing:
            self.existing[country.pk] = {
                c.name.casefold(): c for c in Constituent.objects.filter(country=country)}
        return self.existing[country.pk]

    def write(self, item: Item, *, reason: str) -> RowOutcome:
        values = dict(item.values)
        country: Country = values.pop("country")
        name: str = values.pop("name")
        current = self._existing(country).get(name.casefold())
        key = f"{name} ({country.iso3})"
        if current is None:
            if not values.get("type"):
                raise ApplicationError(field_errors={"type": [
                    _("Choose the type of a new organization.")]})
            if not policy.can_create(self.user, Constituent, country_id=country.pk,
                                     group=group_for_type(values["type"])):
                raise ApplicationError(field_errors={"country": [_(
                    "You may not record organizations of this type in %(country)s.")
                    % {"country": country.label}]})
            created = constituent_create(country=country, name=name, reason=reason,
                                         user=self.user, **values)
            self._existing(country)[name.casefold()] = created
            return RowOutcome(key=key, action="create", record=created)
        if values.get("type") is None:
            values.pop("type", None)
        changes = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changes:
            return RowOutcome(key=key, action="unchanged", record=current)
        if not policy.can_change(self.user, current):
            raise ApplicationError(field_errors={"country": [_(
                "You may not change the records of %(name)s.") % {"name": current.name}]})
        labels = [str(SHEET.column(k).label) for k in changes]  # type: ignore[union-attr]
        constituent_update(constituent=current, data=changes, reason=reason, user=self.user)
        return RowOutcome(key=key, action="update", changes=labels, record=current)

    def finish(self) -> None:
        if not self.result.errors and not self.result.rows:
            self.row_error(SHEET, 2, "", _("The file lists no organizations."))


def constituent_importer(user: Any, options: Mapping[str, Any]) -> ConstituentImporter:
    """The importer of the page's options (``country``: an ISO3 code or none)."""
    country = Country.objects.filter(iso3=options.get("country") or "").first()
    return ConstituentImporter(user=user, country=country)


__all__ = ["SPEC", "ConstituentImporter", "constituent_importer"]
