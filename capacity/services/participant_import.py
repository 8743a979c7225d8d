"""Importing an intervention's participant list from CSV: every row checked, all problems
reported together, nothing written unless all rows are good. See
:mod:`capacity.services.participation`."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from capacity.models import Intervention, Participant, ParticipantGroup, ParticipationCount, Sex
from constituents.models import Constituent, Country
from core.errors import ApplicationError
from core.tables import sniff_delimiter

from ._common import Errors, decimal_or_none, require_change
from .computed import capacity_recompute_after_commit as _after_commit_recompute
from .participants import HUNDRED, MAX_ROWS, person_key, require_took_place

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
    **{str(g.label).casefold(): g.value for g in ParticipantGroup},
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
HEADER_ALIASES = {
    "group": "constituent_group", "organisation": "organization",
    "pre_test": "pre_test_score", "pre": "pre_test_score", "pretest": "pre_test_score",
    "post_test": "post_test_score", "post": "post_test_score", "posttest": "post_test_score",
}


@dataclass(frozen=True)
class RowError:
    """A problem in one line of the imported file (line 1 is the header)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Row %(n)s") % {"n": self.row}
        return f"{where}, {self.column}: {self.message}" if self.column else \
            f"{where}: {self.message}"


class ParticipantImportError(ApplicationError):
    """The file was refused; ``row_errors`` lists every problem found (nothing was saved)."""

    def __init__(self, message: str, row_errors: list[RowError]):
        super().__init__(message, field_errors={"file": [str(e) for e in row_errors]})
        self.row_errors = row_errors


def _header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", (name or "").strip().casefold().lstrip("\ufeff"))
    return HEADER_ALIASES.get(key, key)


def _read_text(file: Any) -> str:
    data = file.read() if hasattr(file, "read") else file
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ParticipantImportError(
                _("The file could not be read."),
                [RowError(0, "", _("Save the file as CSV in UTF-8 encoding."))]) from None
    return data or ""


def _reader(content: str) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(content), delimiter=sniff_delimiter(content))


def _country_index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for country in Country.objects.all():
        for key in (country.iso2, country.iso3, country.name):
            index[key.casefold()] = country
    return index


@dataclass
class _Row:
    line: int
    name: str
    sex: str
    organization: str
    group: str
    country: Country
    pre: Decimal | None
    post: Decimal | None


def _parse_row(line: int, raw: Mapping[str, str], countries: dict[str, Country],
               problems: list[RowError]) -> _Row | None:
    before = len(problems)

    def cell(name: str) -> str:
        return (raw.get(name) or "").strip()

    name = cell("name")
    if not name:
        problems.append(RowError(line, "name", _("enter the participant's name.")))
    elif len(name) > 200:
        problems.append(RowError(line, "name", _("at most 200 characters.")))
    sex = SEX_VALUES.get(cell("sex").casefold())
    if sex is None:
        problems.append(RowError(line, "sex", _("“%(v)s” is not a sex: use female, male or "
                                                "leave it empty.") % {"v": cell("sex")}))
    organization = cell("organization")
    if len(organization) > 255:
        problems.append(RowError(line, "organization", _("at most 255 characters.")))
    group = GROUP_VALUES.get(cell("constituent_group").casefold())
    if group is None:
        problems.append(RowError(
            line, "constituent_group",
            _("“%(v)s” is not a constituent group: use %(options)s.")
            % {"v": cell("constituent_group"),
               "options": ", ".join(ParticipantGroup.values)}))
    country = countries.get(cell("country").casefold())
    if country is None:
        problems.append(RowError(line, "country", _("“%(v)s” is not a known country (use its "
                                                    "name or ISO code).")
                                 % {"v": cell("country")}))
    scores = {}
    for column in OPTIONAL_COLUMNS:
        errors = Errors()
        scores[column] = decimal_or_none(errors, column, cell(column), minimum=Decimal(0),
                                         maximum=HUNDRED)
        for message in errors.fields.get(column, []):
            problems.append(RowError(line, column, message.rstrip(".").lower()
                                     + " " + _("(scores run from 0 to 100).")))
    if len(problems) > before:
        return None
    return _Row(line, name, sex, organization, group, country,  # type: ignore[arg-type]
                scores["pre_test_score"], scores["post_test_score"])  # (None: a problem above)


@transaction.atomic
def participants_import_csv(*, user: User | None, intervention: Intervention,
                            file: Any) -> list[Participant]:
    """Add the participants listed in a CSV file (columns: name, sex, organization,
    constituent_group, country; optional pre_test_score, post_test_score). Every row is
    checked first; if any is wrong, :class:`ParticipantImportError` lists the problems by row
    and nothing is saved. Organizations matching a constituent of the participant's country
    (name or acronym) are linked to it."""
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    require_change(user, current, _("You may not record participation in this intervention."))
    require_took_place(current)
    if ParticipationCount.objects.filter(intervention=current).exists():
        raise ApplicationError(_("Participation of this intervention is recorded as counts: "
                                 "remove the counts before importing a list."))
    reader = _reader(_read_text(file))
    headers = {_header(h): h for h in (reader.fieldnames or []) if h}
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        raise ParticipantImportError(
            _("The file lacks columns."),
            [RowError(1, "", _("the header must name the columns %(cols)s; missing: %(m)s.")
                      % {"cols": ", ".join(COLUMNS), "m": ", ".join(missing)})])
    countries = _country_index()
    existing = set(current.participants.values_list("person_key", flat=True))
    problems: list[RowError] = []
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        cells = {key: raw.get(original) for key, original in headers.items()}
        if not any((v or "").strip() for v in cells.values() if isinstance(v, str)):
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(RowError(line, "", _("a file holds at most %(n)s participants.")
                                     % {"n": MAX_ROWS}))
            break
        row = _parse_row(line, cells, countries, problems)  # type: ignore[arg-type]
        if row is None:
            continue
        key = person_key(row.name, row.country.iso3)
        if key in seen:
            problems.append(RowError(line, "name", _("the same person as row %(r)s.")
                                     % {"r": seen[key]}))
            continue
        if key in existing:
            problems.append(RowError(line, "name", _("already on the participant list.")))
            continue
        seen[key] = line
        rows.append(row)
    if not rows and not problems:
        problems.append(RowError(2, "", _("the file lists no participants.")))
    if problems:
        raise ParticipantImportError(
            ngettext("The file was not imported: %(n)s problem was found, nothing was saved.",
                     "The file was not imported: %(n)s problems were found, nothing was saved.",
                     len(problems))
            % {"n": len(problems)}, problems)
    constituents: dict[tuple[int, str], int] = {}
    for pk, country_id, name, acronym in Constituent.objects.filter(
            country_id__in={r.country.pk for r in rows}).values_list(
            "pk", "country_id", "name", "acronym"):
        constituents.setdefault((country_id, name.casefold()), pk)
        if acronym:
            constituents.setdefault((country_id, acronym.casefold()), pk)
    participants = [
        Participant(intervention=current, name=r.name, sex=r.sex, organization=r.organization,
                    constituent_id=constituents.get((r.country.pk, r.organization.casefold())),
                    participant_group=r.group, country=r.country, pre_test_score=r.pre,
                    post_test_score=r.post, person_key=person_key(r.name, r.country.iso3))
        for r in rows]
    _after_commit_recompute()
    created: list[Participant] = bulk_create_with_history(
        participants, Participant, default_user=user if getattr(
            user, "is_authenticated", False) else None,
        default_change_reason=_("Imported from CSV"))
    return created
