"""Importing an intervention's participant list from a spreadsheet (CSV or .xlsx), in the
shape of every import (:mod:`core.imports`; docs/spreadsheets.md): every row checked, all
problems reported together with their row and column, nothing written unless all rows are
good. See :mod:`capacity.services.participation`."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from capacity.models import Intervention, Participant, ParticipantGroup, ParticipationCount, Sex
from constituents.models import Constituent, Country
from constituents.services.importing import country_index
from core.errors import ApplicationError
from core.imports import (
    Allowed,
    Column,
    Importer,
    ImportRefused,
    ImportSpec,
    Item,
    RowError,
    RowOutcome,
    RowReader,
    SheetSpec,
    field_label,
    import_or_refuse,
)

from ._common import require_change
from .computed import capacity_recompute_after_commit as _after_commit_recompute
from .participants import HUNDRED, person_key, require_took_place

if TYPE_CHECKING:
    from core.models import User


SEX_VALUES = {
    "female": Sex.FEMALE, "f": Sex.FEMALE, "woman": Sex.FEMALE, "women": Sex.FEMALE,
    "male": Sex.MALE, "m": Sex.MALE, "man": Sex.MALE, "men": Sex.MALE,
    "": Sex.NOT_RECORDED, "not recorded": Sex.NOT_RECORDED, "not_recorded": Sex.NOT_RECORDED,
    "unknown": Sex.NOT_RECORDED,
}
GROUP_VALUES = {
    **{g.value: g.value for g in ParticipantGroup},
    "employer": ParticipantGroup.EMPLOYERS, "employers' organization": ParticipantGroup.EMPLOYERS,
    "worker": ParticipantGroup.WORKERS, "workers' organization": ParticipantGroup.WORKERS,
    "trade union": ParticipantGroup.WORKERS,
    "labour ministry": ParticipantGroup.LABOUR_MINISTRY,
    "ministry of labour": ParticipantGroup.LABOUR_MINISTRY,
    "other government": ParticipantGroup.OTHER_GOVERNMENT,
    "government": ParticipantGroup.OTHER_GOVERNMENT,
}
COLUMNS = ("name", "sex", "organization", "constituent_group", "country")
OPTIONAL_COLUMNS = ("pre_test_score", "post_test_score")


def _f(name: str) -> Any:
    return field_label(Participant, name)


SHEET = SheetSpec("participants", gettext_lazy("Participants"), (
    Column("name", gettext_lazy("Name"), gettext_lazy("The participant's full name."),
           required=True, example="Arta Hoxha", aliases=(_f("name"),)),
    Column("sex", gettext_lazy("Sex"), gettext_lazy("Empty when not recorded."),
           required=True, allowed=gettext_lazy("female (F) or male (M), or empty"),
           example="female", aliases=(_f("sex"),)),
    Column("organization", gettext_lazy("Organization"), gettext_lazy(
        "Linked to the constituent of the participant's country of that name or acronym."),
           required=True, example="Business Albania",
           aliases=(_f("organization"), "organisation")),
    Column("constituent_group", gettext_lazy("Constituent group"), "", required=True,
           allowed=Allowed(ParticipantGroup.choices), example="employers",
           aliases=(_f("participant_group"), "group")),
    Column("country", gettext_lazy("Country"), gettext_lazy("ISO code (ALB) or name."),
           required=True, example="ALB", aliases=(_f("country"),)),
    Column("pre_test_score", gettext_lazy("Pre-test score"), gettext_lazy(
        "From 0 to 100; empty when not tested."), example="40",
           aliases=(_f("pre_test_score"), "pre_test", "pre", "pretest")),
    Column("post_test_score", gettext_lazy("Post-test score"), gettext_lazy(
        "From 0 to 100; empty when not tested."), example="75",
           aliases=(_f("post_test_score"), "post_test", "post", "posttest")),
))
SPEC = ImportSpec("participants", (SHEET,))

# The file was refused; ``row_errors`` lists every problem found (nothing was saved).
ParticipantImportError = ImportRefused


class ParticipantImporter(Importer):
    """The participants of ``intervention``, added to its list (people already on it, or
    twice in the file, are problems of their row)."""

    spec = SPEC

    def __init__(self, *, user: User | None, intervention: Intervention) -> None:
        super().__init__(user=user)
        self.intervention = intervention
        self.groups = {**GROUP_VALUES, **{str(label).casefold(): value for value, label
                                          in ParticipantGroup.choices}}
        self.seen: dict[str, int] = {}

    def begin(self) -> None:
        current = Intervention.objects.select_for_update().get(pk=self.intervention.pk)
        require_change(self.user, current,
                       _("You may not record participation in this intervention."))
        require_took_place(current)
        if ParticipationCount.objects.filter(intervention=current).exists():
            raise ApplicationError(_("Participation of this intervention is recorded as "
                                     "counts: remove the counts before importing a list."))
        self.intervention = current
        self.countries = country_index()
        self.existing = set(current.participants.values_list("person_key", flat=True))

    def parse(self, sheet: SheetSpec, row: RowReader) -> dict[str, Any] | None:
        name = row.raw("name")
        if not name:
            row.error("name", _("enter the participant's name."))
        elif len(name) > 200:
            row.error("name", _("at most 200 characters."))
        sex = SEX_VALUES.get(row.raw("sex").casefold())
        if sex is None:
            row.error("sex", _("“%(v)s” is not a sex: use female, male or leave it empty.")
                      % {"v": row.raw("sex")})
        organization = row.raw("organization")
        if len(organization) > 255:
            row.error("organization", _("at most 255 characters."))
        group = self.groups.get(row.raw("constituent_group").casefold())
        if group is None:
            row.error("constituent_group", _("“%(v)s” is not a constituent group: use "
                                             "%(options)s.")
                      % {"v": row.raw("constituent_group"),
                         "options": ", ".join(ParticipantGroup.values)})
        country: Country | None = self.countries.get(row.raw("country").casefold())
        if country is None:
            row.error("country", _("“%(v)s” is not a known country (use its name or ISO "
                                   "code).") % {"v": row.raw("country")})
        pre = row.decimal("pre_test_score", minimum=Decimal(0), maximum=HUNDRED)
        post = row.decimal("post_test_score", minimum=Decimal(0), maximum=HUNDRED)
        if row.failed or country is None:
            return None
        key = person_key(name, country.iso3)
        if key in self.seen:
            row.error("name", _("the same person as row %(r)s.") % {"r": self.seen[key]})
            return None
        if key in self.existing:
            row.error("name", _("already on the participant list."))
            return None
        self.seen[key] = row.line
        return {"name": name, "sex": sex, "organization": organization, "group": group,
                "country": country, "pre": pre, "post": post, "key": key}

    def write_sheet(self, sheet: SheetSpec, items: list[Item], *, reason: str) -> None:
        """Every participant at once (bulk, with history), linked to the constituent of
        their country whose name or acronym is their organization."""
        rows = [item.values for item in items]
        constituents: dict[tuple[int, str], int] = {}
        for pk, country_id, name, acronym in Constituent.objects.filter(
                country_id__in={r["country"].pk for r in rows}).values_list(
                "pk", "country_id", "name", "acronym"):
            constituents.setdefault((country_id, name.casefold()), pk)
            if acronym:
                constituents.setdefault((country_id, acronym.casefold()), pk)
        participants = [
            Participant(intervention=self.intervention, name=r["name"], sex=r["sex"],
                        organization=r["organization"],
                        constituent_id=constituents.get((r["country"].pk,
                                                         r["organization"].casefold())),
                        participant_group=r["group"], country=r["country"],
                        pre_test_score=r["pre"], post_test_score=r["post"],
                        person_key=r["key"])
            for r in rows]
        _after_commit_recompute()
        created: list[Participant] = bulk_create_with_history(
            participants, Participant, default_user=self.user if getattr(
                self.user, "is_authenticated", False) else None,
            default_change_reason=reason)
        self.result.rows.extend(
            RowOutcome(sheet.key, item.line, person.name, "create", record=person)
            for item, person in zip(items, created, strict=True))

    def finish(self) -> None:
        if not self.result.errors and not self.result.rows:
            self.row_error(SHEET, 2, "", _("the file lists no participants."))


def participant_importer(user: Any, options: Mapping[str, Any]) -> ParticipantImporter:
    """The importer of the page's options (``intervention``: its id)."""
    return ParticipantImporter(user=user, intervention=Intervention.objects.get(
        pk=options["intervention"]))


def participants_import_csv(*, user: User | None, intervention: Intervention,
                            file: Any, name: str = "", reason: str = "") -> list[Participant]:
    """Add the participants listed in ``file`` (CSV or .xlsx; columns: name, sex,
    organization, constituent_group, country; optional pre_test_score, post_test_score;
    headers in English, French or Spanish). Every row is checked first; if any is wrong,
    :class:`ParticipantImportError` lists the problems by row and nothing is saved.
    Organizations matching a constituent of the participant's country (name or acronym) are
    linked to it. The history records ``user`` and the reason (with the file's name)."""
    result = import_or_refuse(ParticipantImporter(user=user, intervention=intervention),
                              file=file, name=name or str(getattr(file, "name", "") or "")
                              or "CSV", reason=reason)
    return [row.record for row in result.rows]


__all__ = ["COLUMNS", "OPTIONAL_COLUMNS", "SPEC", "ParticipantImportError",
           "ParticipantImporter", "RowError", "participant_importer",
           "participants_import_csv"]
