"""What the capacity sections and the capacity profile share: dates, labels and the
participation table."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from capacity import selectors as capacity_selectors
from capacity.computation import share
from capacity.models import CapacitySnapshot, ParticipantGroup
from capacity.selectors_for_reports import ChoiceLabels
from constituents.models import Constituent
from core.numbers import format_number
from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, count

PARTICIPANT_GROUPS = ChoiceLabels(ParticipantGroup)


def start_section(builder: DocumentBuilder) -> CapacitySnapshot | None:
    """Open the section "Capacity development of constituents" and return the current
    capacity snapshot; without one (never computed) the section says so and is left empty."""
    builder.section(_("Capacity development of constituents"))
    snapshot = capacity_selectors.current_snapshot()
    if snapshot is None:
        builder.paragraph(_("The capacity development figures have not been computed yet "
                            "(manage.py compute_capacity); this section is left empty."))
        return None
    builder.capacity_as_of = snapshot.as_of
    return snapshot


def date_text(day: dt.date) -> str:
    return formats.date_format(day)


def month(day: dt.date) -> str:
    """"Feb 2021", kept on one line in narrow table columns."""
    return formats.date_format(day, "M Y").replace(" ", "\u00a0")


def computed_on(snapshot: CapacitySnapshot) -> str:
    return _("Capacity figures computed as of %(date)s.") % {"date": date_text(snapshot.as_of)}


def money(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return _("US$%(amount)s") % {"amount": format_number(value, 2, grouping=True)}


def participation_table(builder, part: dict[str, list[int]], *, caption: str,
                         source: str) -> None:
    totals = [sum(v[i] for v in part.values()) for i in range(4)]
    builder.table(
        caption,
        [Column(_("Constituent group")), Column(_("Participants"), Fmt.INT),
         Column(_("Women"), Fmt.INT), Column(_("Men"), Fmt.INT),
         Column(_("Sex not recorded"), Fmt.INT), Column(_("Women (%)"), Fmt.PERCENT)],
        [[label, *part[g], share(part[g][1], part[g][1] + part[g][2])]
         for g, label in PARTICIPANT_GROUPS if g in part],
        total=[_("Total"), *totals, share(totals[1], totals[1] + totals[2])] if part else None,
        source=source, note=_("Women's share of the participants whose sex is recorded."))


def constituent_label(constituent: Constituent) -> str:
    return constituent.name + (f" ({constituent.acronym})" if constituent.acronym else "")


def dimension_moves_sentence(moves: dict[str, int]) -> str:
    """How the dimensions scored in a baseline and a later follow-up moved."""
    scored = sum(moves.values())
    return ngettext(
        "Of the %(d)s dimension scored in both rounds, %(up)s improved, %(same)s stayed the "
        "same and %(down)s declined.",
        "Of the %(d)s dimensions scored in both rounds, %(up)s improved, %(same)s stayed the "
        "same and %(down)s declined.", scored) % {
        "d": count(scored), "up": count(moves["up"]), "same": count(moves["same"]),
        "down": count(moves["down"])}
