"""Section "Capacity development of constituents" of the DWCP country report."""
from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from capacity.computation import share
from capacity.models import NeedStatus
from capacity.selectors_for_reports import GROUPS, LEVELS, OVERALL, country_figures_for_report
from programmes.results.computation import Period, biennium_start_year
from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, count, per_cent

from .common import (
    computed_on,
    date_text,
    dimension_moves_sentence,
    month,
    participation_table,
    start_section,
)


def period_of(dwcp) -> tuple[dt.date, dt.date, str]:
    """The biennia a DWCP spans, as dates and as a label (participation is by biennium)."""
    first = Period(biennium_start_year(dwcp.start_year))
    last = Period(biennium_start_year(dwcp.end_year))
    return first.start, last.end, f"{first.start.year}–{last.end.year}"


def add_country_section(builder: DocumentBuilder, *, country, dwcp) -> None:
    """Section "Capacity development of constituents" of the DWCP country report: the
    constituents' latest capacity indices and change, their needs and review states, the
    interventions they received and participation by group and sex."""
    snapshot = start_section(builder)
    if snapshot is None:
        return
    source = computed_on(snapshot)
    start, end, period = period_of(dwcp)

    figures = country_figures_for_report(snapshot=snapshot, country=country, start=start,
                                         end=end)
    latest, by_assessment, pairs, moves = (figures.latest, figures.by_assessment,
                                           figures.pairs, figures.moves)

    builder.paragraph(
        _("This section gives the capacity of the constituents of %(country)s as assessed "
          "with the ILO's frameworks, their capacity needs, and the capacity development "
          "interventions they received in the biennia the programme spans (%(period)s), as "
          "computed on %(date)s.")
        % {"country": country.name, "period": period, "date": date_text(snapshot.as_of)},
        footnotes=[_("The capacity index of an assessment is the mean of its scores (1 to "
                     "5) on the dimensions of the framework, rescaled from 0 to 100.")])
    if latest:
        changed = [c for c in latest if c in pairs]
        builder.paragraph(
            " ".join([
                ngettext("In all, %(n)s constituent has been assessed, and %(f)s assessed "
                         "again after a baseline.",
                         "In all, %(n)s constituents have been assessed, and %(f)s of them "
                         "assessed again after a baseline.", len(latest))
                % {"n": len(latest), "f": len(changed)},
                dimension_moves_sentence(moves)]))
        rows = []
        for constituent_id, entry in sorted(latest.items(), key=lambda kv: (
                [g for g, _l in GROUPS].index(kv[1]["group"]), kv[1]["name"])):
            values = by_assessment[entry["id"]]
            change = None
            if constituent_id in pairs:
                baseline, follow_up = (by_assessment[a].get(OVERALL)
                                       for a in pairs[constituent_id])
                if baseline is not None and follow_up is not None:
                    change = follow_up - baseline
            label = entry["name"] + (f" ({entry['acronym']})" if entry["acronym"] else "")
            rows.append([label, month(entry["date"]), values.get(OVERALL),
                         *[values.get(level) for level, _l in LEVELS], change])
        builder.table(
            _("Capacity indices of the constituents (0–100) at their latest assessment"),
            [Column(_("Constituent")), Column(_("Assessed")), Column(_("Overall"), Fmt.INDEX),
             *[Column(label, Fmt.INDEX) for _v, label in LEVELS],
             Column(_("Change (points)"), Fmt.CHANGE)],
            rows, source=source,
            note=_("Change: overall index of the latest follow-up less that of the baseline "
                   "before it."))
    else:
        builder.paragraph(_("No capacity assessment of the constituents of %(country)s is "
                            "recorded.") % {"country": country.name})

    # Needs and their review states; coverage of the high-priority ones.
    states = [s.value for s in NeedStatus]
    needs, coverage = figures.needs, figures.coverage
    if needs:
        parts = [_("%(group)s, %(c)s of %(h)s (%(share)s)") % {
            "group": label.lower(), "c": coverage[g][1], "h": coverage[g][0],
            "share": per_cent(share(coverage[g][1], coverage[g][0]))}
            for g, label in GROUPS if g in coverage]
        builder.paragraph(
            _("The constituents have %(n)s capacity needs recorded (Table %(t)s). The "
              "high-priority needs with a planned or delivered intervention are, by "
              "constituent group: %(parts)s.")
            % {"n": count(sum(sum(e["states"].values()) for e in needs.values())),
               "t": builder.next_table, "parts": "; ".join(parts) if parts else _("none")})
        rows = [[e["name"], *[e["states"].get(s, 0) for s in states],
                 sum(e["states"].values())]
                for e in sorted(needs.values(), key=lambda e: (
                    [g for g, _l in GROUPS].index(e["group"]), e["name"]))]
        builder.table(
            _("Capacity needs of the constituents by review state"),
            [Column(_("Constituent")), *[Column(str(NeedStatus(s).label), Fmt.INT)
                                         for s in states], Column(_("Total"), Fmt.INT)],
            rows, total=[_("Total"), *[sum(e["states"].get(s, 0) for e in needs.values())
                                       for s in states],
                         sum(sum(e["states"].values()) for e in needs.values())],
            source=_("Review states as recorded; coverage computed as of %(date)s.")
            % {"date": date_text(snapshot.as_of)})

    # Interventions received and participation.
    interventions = figures.interventions
    intervention_figures = figures.intervention_figures
    if interventions:
        builder.table(
            _("Capacity development interventions for the constituents, %(period)s")
            % {"period": period},
            [Column(_("Intervention")), Column(_("Method")), Column(_("Start")),
             Column(_("Status")), Column(_("Participants"), Fmt.INT),
             Column(_("Women (%)"), Fmt.PERCENT),
             Column(_("Cost per participant (US$)"), Fmt.CENTS)],
            [[i.title + ("" if i.country_id else " " + _("(regional)")),
              i.get_method_display(), month(i.start_date),
              i.get_status_display(),
              *((f.participants, f.women_share, f.cost_per_participant)
                if (f := intervention_figures.get(i.pk)) else (None,) * 3)]
             for i in interventions],
            source=source, note=_("Figures of interventions that took place (ongoing or "
                                  "completed); regional activities count all their "
                                  "participants."))
    else:
        builder.paragraph(_("No capacity development intervention for the constituents of "
                            "%(country)s started in %(period)s.")
                          % {"country": country.name, "period": period})
    part = figures.participation
    if part:
        women = sum(v[1] for v in part.values())
        men = sum(v[2] for v in part.values())
        builder.paragraph(
            _("In the interventions held in %(country)s in %(period)s, %(p)s people took "
              "part; women were %(share)s of those whose sex is recorded.")
            % {"p": count(sum(v[0] for v in part.values())), "country": country.name,
               "period": period, "share": per_cent(share(women, women + men))})
        participation_table(builder, part, caption=_(
            "Participants in %(country)s by constituent group and sex, %(period)s")
            % {"country": country.name, "period": period}, source=source)


