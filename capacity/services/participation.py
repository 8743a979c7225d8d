"""Writes of participation in interventions: counts by sex and constituent group, or a
participant list (typed in or imported from CSV), with optional pre/post test scores.

An intervention has one or the other: counts when no list is kept, a list otherwise (counts
are then derived from it). Participation is recorded for interventions that took place
(ongoing or completed). Counts are whole numbers ≥ 0 whose split by sex and split by group
each add up to the total. Test scores run from 0 to 100."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from capacity.models import (
    Intervention,
    InterventionStatus,
    Participant,
    ParticipantGroup,
    ParticipationCount,
    Sex,
)
from constituents.models import Constituent, Country
from core.errors import ApplicationError

from ._common import Errors, decimal_or_none, delete, require_change, save, text
from .computed import capacity_recompute_after_commit as _after_commit_recompute

if TYPE_CHECKING:
    from core.models import User

HUNDRED = Decimal(100)
MAX_ROWS = 5000
TOOK_PLACE = (InterventionStatus.ONGOING, InterventionStatus.COMPLETED)


def person_key(name: str, country_iso3: str) -> str:
    """How the same person is recognized across interventions: the name without accents,
    punctuation, case or extra spaces, and the country."""
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"[^\w\s]", " ", plain)
    plain = " ".join(plain.split())
    return f"{country_iso3.upper()}|{plain}"[:260]


def _require_took_place(intervention: Intervention) -> None:
    if intervention.status not in TOOK_PLACE:
        raise ApplicationError(
            _("Participation is recorded once an intervention is ongoing or completed; this "
              "one is %(s)s.") % {"s": intervention.get_status_display().lower()})


# --- counts -------------------------------------------------------------------------------

def _count(errors: Errors, field: str, value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
        if isinstance(value, float | Decimal) and number != value:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(field, _("Enter a whole number."))
        return 0
    if number < 0:
        errors.add(field, _("A count cannot be negative."))
    return number


@transaction.atomic
def participation_counts_set(*, user: User | None, intervention: Intervention, total: int,
                             women: int = 0, men: int = 0, sex_not_recorded: int = 0,
                             employers: int = 0, workers: int = 0, labour_ministry: int = 0,
                             other_government: int = 0, other: int = 0,
                             pre_test_average: Decimal | None = None,
                             post_test_average: Decimal | None = None,
                             reason: str = "") -> ParticipationCount:
    """Record (or replace) the participation counts of an intervention without a list."""
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    require_change(user, current, _("You may not record participation in this intervention."))
    _require_took_place(current)
    if current.participants.exists():
        raise ApplicationError(_("This intervention has a participant list: the counts come "
                                 "from it."))
    errors = Errors()
    raw = {"total": total, "women": women, "men": men, "sex_not_recorded": sex_not_recorded,
           "employers": employers, "workers": workers, "labour_ministry": labour_ministry,
           "other_government": other_government, "other": other}
    counts = {name: _count(errors, name, value) for name, value in raw.items()}
    averages = {name: decimal_or_none(errors, name, value, minimum=Decimal(0), maximum=HUNDRED)
                for name, value in (("pre_test_average", pre_test_average),
                                    ("post_test_average", post_test_average))}
    if not errors:
        by_sex = sum(counts[n] for n in ParticipationCount.SEX_FIELDS)
        if by_sex != counts["total"]:
            errors.add("women", _("Women, men and “sex not recorded” add up to %(s)s, not to "
                                  "the total of %(t)s.") % {"s": by_sex, "t": counts["total"]})
        by_group = sum(counts[n] for n in ParticipationCount.GROUP_FIELDS)
        if by_group != counts["total"]:
            errors.add("employers", _("The constituent groups add up to %(s)s, not to the total "
                                      "of %(t)s.") % {"s": by_group, "t": counts["total"]})
    errors.raise_if_any(_("The participation could not be saved: check the fields marked."))
    row = ParticipationCount.objects.filter(intervention=current).first()
    values = {**counts, **averages}
    if row is None:
        row = ParticipationCount(intervention=current, **values)
        save(row, user=user, reason=reason)
        _after_commit_recompute()
        return row
    changed = [n for n, v in values.items() if getattr(row, n) != v]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        save(row, user=user, reason=reason, update_fields=changed)
        _after_commit_recompute()
    return row


@transaction.atomic
def participation_counts_delete(*, user: User | None, intervention: Intervention,
                                reason: str = "") -> None:
    row = ParticipationCount.objects.select_related("intervention").filter(
        intervention=intervention).first()
    if row is None:
        return
    require_change(user, row.intervention,
                   _("You may not record participation in this intervention."))
    delete(row, user=user, reason=reason)
    _after_commit_recompute()


# --- participant list ---------------------------------------------------------------------

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
    first = content.splitlines()[0] if content else ""
    delimiter = max(",;\t", key=first.count) if first else ","
    return csv.DictReader(io.StringIO(content), delimiter=delimiter)


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
    _require_took_place(current)
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
            _("The file was not imported: %(n)s problem(s) found, nothing was saved.")
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


@transaction.atomic
def participant_create(*, user: User | None, intervention: Intervention, name: str,
                       participant_group: str,
                       country: Country, sex: str = Sex.NOT_RECORDED, organization: str = "",
                       constituent: Constituent | None = None,
                       pre_test_score: Decimal | None = None,
                       post_test_score: Decimal | None = None,
                       reason: str = "") -> Participant:
    """Add one person to an intervention's participant list."""
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    require_change(user, current, _("You may not record participation in this intervention."))
    _require_took_place(current)
    if ParticipationCount.objects.filter(intervention=current).exists():
        raise ApplicationError(_("Participation of this intervention is recorded as counts: "
                                 "remove the counts before keeping a list."))
    errors = Errors()
    if not text(name):
        errors.add("name", _("This field is required."))
    if sex not in Sex.values:
        errors.add("sex", _("Choose female, male or not recorded."))
    if participant_group not in ParticipantGroup.values:
        errors.add("participant_group", _("Choose a constituent group."))
    if constituent is not None and constituent.country_id != country.pk:
        errors.add("constituent", _("Choose an organization of %(c)s.") % {"c": country.name})
    scores = {n: decimal_or_none(errors, n, v, minimum=Decimal(0), maximum=HUNDRED)
              for n, v in (("pre_test_score", pre_test_score),
                           ("post_test_score", post_test_score))}
    key = person_key(text(name), country.iso3)
    if text(name) and current.participants.filter(person_key=key).exists():
        errors.add("name", _("This person is already on the participant list."))
    errors.raise_if_any(_("The participant could not be saved: check the fields marked."))
    participant = Participant(intervention=current, name=text(name), sex=sex,
                              organization=text(organization) or (
                                  constituent.name if constituent else ""),
                              constituent=constituent, participant_group=participant_group,
                              country=country, person_key=key, **scores)
    save(participant, user=user, reason=reason)
    _after_commit_recompute()
    return participant


@transaction.atomic
def participant_delete(*, user: User | None, participant: Participant, reason: str = "") -> None:
    current = Participant.objects.select_related("intervention").get(pk=participant.pk)
    require_change(user, current.intervention,
                   _("You may not record participation in this intervention."))
    delete(current, user=user, reason=reason)
    _after_commit_recompute()
