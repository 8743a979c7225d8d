"""Section "Capacity development of constituents" of the biennial report."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from capacity.computation import cost_per_participant, share
from capacity.models import InterventionMethod
from capacity.selectors_for_reports import (
    GROUPS,
    OVERALL,
    BiennialFigures,
    biennial_figures_for_report,
    mean,
)
from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, count, millions, per_cent
from reporting.renderers.charts import stacked_bars

from .common import (
    PARTICIPANT_GROUPS,
    computed_on,
    date_text,
    dimension_moves_sentence,
    money,
    participation_table,
    start_section,
)


def add_biennial_section(builder: DocumentBuilder, *, biennium, regions: dict,
                         countries: dict, region) -> None:
    """Section "Capacity development of constituents" of the biennial report: assessments,
    change in capacity indices, needs coverage, interventions by method, participants by
    group and sex, reach and cost (per region, or per country for a regional report)."""
    snapshot = start_section(builder)
    if snapshot is None:
        return
    figures = biennial_figures_for_report(snapshot=snapshot, biennium=biennium,
                                          country_ids=list(countries) if region else None)
    source = computed_on(snapshot)
    code = biennium.label
    builder.paragraph(
        _("This section draws on the capacity assessments, needs, interventions and "
          "participation recorded for the constituents, as computed on %(date)s.")
        % {"date": date_text(snapshot.as_of)},
        footnotes=[_("The capacity index of an assessment is the mean of its scores (1 to "
                     "5) on the dimensions of the framework, rescaled from 0 to 100. The "
                     "change compares a constituent's latest follow-up with its latest "
                     "baseline before it.")])

    # 1. Assessments and change
    builder.heading(_("Capacity assessments"))
    made = figures.assessments
    total_assessments = sum(e["baseline"] + e["follow_up"] for e in made.values())
    follow_ups = sum(e["follow_up"] for e in made.values())
    assessed = sum(len(e["constituents"]) for e in made.values())
    if not made:
        builder.paragraph(_("No capacity assessment was made in %(biennium)s.")
                          % {"biennium": code})
    else:
        builder.paragraph(
            _("In %(biennium)s, %(n)s capacity assessments of %(c)s constituents were made: "
              "%(b)s baselines and %(f)s follow-ups.")
            % {"biennium": code, "n": count(total_assessments), "c": count(assessed),
               "b": count(total_assessments - follow_ups), "f": count(follow_ups)})
        rows = [[label, made[g]["baseline"], made[g]["follow_up"], len(made[g]["constituents"]),
                 mean(made[g]["indices"])] for g, label in GROUPS if g in made]
        builder.table(
            _("Capacity assessments made in %(biennium)s, by constituent group")
            % {"biennium": code},
            [Column(_("Constituent group")), Column(_("Baselines"), Fmt.INT),
             Column(_("Follow-ups"), Fmt.INT), Column(_("Constituents"), Fmt.INT),
             Column(_("Mean capacity index (0–100)"), Fmt.INDEX)],
            rows, total=[_("Total"), total_assessments - follow_ups, follow_ups, assessed,
                         mean([i for e in made.values() for i in e["indices"]])],
            source=source)
    if figures.changes:
        moves = figures.dimension_moves
        overall = [r for rows in figures.changes.values() for k, _l, r in rows
                   if k == OVERALL]
        constituents = sum(r.constituents for r in overall)
        builder.paragraph(
            " ".join([
                ngettext("In %(biennium)s, %(n)s constituent was assessed again after a "
                         "baseline.",
                         "In %(biennium)s, %(n)s constituents were assessed again after a "
                         "baseline.", constituents)
                % {"n": count(constituents), "biennium": code},
                dimension_moves_sentence(moves),
                _("Table %(t)s shows the change in their capacity indices by constituent "
                  "group and level.") % {"t": builder.next_table}]))
        rows, groups = [], []
        for group, label in GROUPS:
            if group not in figures.changes:
                continue
            groups.append(len(rows))
            rows.append([label, None, None, None, None])
            rows += [[level_label, r.constituents, r.baseline, r.follow_up, r.change]
                     for _k, level_label, r in figures.changes[group]]
        builder.table(
            _("Change in capacity indices between baseline and follow-up (follow-ups made "
              "in %(biennium)s), by constituent group and level") % {"biennium": code},
            [Column(_("Constituent group and level")), Column(_("Constituents"), Fmt.INT),
             Column(_("Baseline index"), Fmt.INDEX),
             Column(_("Follow-up index"), Fmt.INDEX),
             Column(_("Change (points)"), Fmt.CHANGE)],
            rows, group_rows=groups, source=source,
            note=_("Mean indices of the constituents indexed on that level in both rounds."))

    # 2. Needs coverage
    builder.heading(_("Needs coverage"))
    if not figures.coverage:
        builder.paragraph(_("No high-priority capacity need is recorded."))
    else:
        high = sum(h for h, _c in figures.coverage.values())
        covered = sum(c for _h, c in figures.coverage.values())
        builder.paragraph(
            _("Of the %(high)s high-priority capacity needs of the constituents that were "
              "not declined, %(covered)s (%(share)s) had a planned or delivered "
              "intervention on %(date)s.")
            % {"high": count(high), "covered": count(covered),
               "share": per_cent(share(covered, high)),
               "date": date_text(snapshot.as_of)})
        builder.table(
            _("High-priority needs with a planned or delivered intervention, by constituent "
              "group"),
            [Column(_("Constituent group")), Column(_("High-priority needs"), Fmt.INT),
             Column(_("With an intervention"), Fmt.INT), Column(_("Coverage (%)"),
                                                               Fmt.PERCENT)],
            [[label, *figures.coverage[g], share(figures.coverage[g][1],
                                                 figures.coverage[g][0])]
             for g, label in GROUPS if g in figures.coverage],
            total=[_("Total"), high, covered, share(covered, high)], source=source)

    # 3. Interventions and participation
    builder.heading(_("Interventions and participation"))
    reach = figures.reach
    interventions = sum(r["interventions"] for r in reach)
    participants = sum(r["participants"] for r in reach)
    cost = sum((r["cost"] for r in reach), Decimal(0))
    costed = sum(figures.costed_participants.values())
    part = figures.participation
    women = sum(v[1] for v in part.values())
    men = sum(v[2] for v in part.values())
    if not interventions:
        builder.paragraph(_("No capacity development intervention took place in "
                            "%(biennium)s.") % {"biennium": code})
        return
    builder.paragraph(
        " ".join([
            ngettext("In %(biennium)s, %(i)s capacity development intervention started and "
                     "took place.",
                     "In %(biennium)s, %(i)s capacity development interventions started and "
                     "took place.", interventions)
            % {"i": count(interventions), "biennium": code},
            _("The number of participants was %(p)s.") % {"p": count(participants)},
            _("Women were %(share)s of the participants whose sex is recorded. "
              "Interventions whose cost is known cost %(cost)s, %(cpp)s per participant.")
            % {"share": per_cent(share(women, women + men)), "cost": millions(cost),
               "cpp": money(cost_per_participant(cost, costed))}]))
    builder.table(
        _("Capacity development interventions by method, %(biennium)s") % {"biennium": code},
        [Column(_("Method")), Column(_("Interventions"), Fmt.INT),
         Column(_("Participants"), Fmt.INT), Column(_("Women"), Fmt.INT),
         Column(_("Cost (US$)"), Fmt.MONEY),
         Column(_("Cost per participant (US$)"), Fmt.CENTS)],
        [[str(m.label), e["interventions"], e["participants"], e["women"], e["cost"],
          cost_per_participant(e["cost"], e["costed"])]
         for m in InterventionMethod if (e := figures.methods.get(m.value))],
        total=[_("Total"), sum(e["interventions"] for e in figures.methods.values()),
               sum(e["participants"] for e in figures.methods.values()),
               sum(e["women"] for e in figures.methods.values()),
               sum((e["cost"] for e in figures.methods.values()), Decimal(0)),
               cost_per_participant(sum((e["cost"] for e in figures.methods.values()),
                                        Decimal(0)),
                                    sum(e["costed"] for e in figures.methods.values()))],
        source=source, note=_("Cost per participant over the interventions whose cost is "
                              "known."))
    participation_table(builder, part, caption=_("Participants by constituent group and "
                                                 "sex, %(biennium)s") % {"biennium": code},
                        source=source)
    if part:
        builder.figure(
            _("Participants by constituent group and sex, %(biennium)s") % {"biennium": code},
            stacked_bars(categories=[label for g, label in PARTICIPANT_GROUPS if g in part],
                         series=[(key, label, [part[g][i] for g, _l in PARTICIPANT_GROUPS
                                               if g in part])
                                 for i, key, label in ((1, "women", _("Women")),
                                                       (2, "men", _("Men")),
                                                       (3, "not_recorded",
                                                        _("Sex not recorded")))],
                         xlabel=_("Participants")),
            alt=_("Bar chart of the participants of each constituent group by sex; the "
                  "figures are those of the table above."), source=source)
    _reach_table(builder, figures, regions=regions, countries=countries, region=region,
                 code=code, source=source)


def _reach_table(builder, figures: BiennialFigures, *, regions, countries, region, code,
                 source) -> None:
    """Reach and cost by region (global report) or by country (a region's report)."""
    buckets: dict = {}
    order: list = []
    costed: dict = defaultdict(int)
    for row in figures.reach:
        if region is not None:
            key, label = row["country_id"], row["country__name"]
        elif row["country_id"] is None:
            key, label = None, _("Regional and interregional activities")
        else:
            key = row["country__region_id"]
            label = regions[key].label if key in regions else row["country__region_id"]
        if key not in buckets:
            buckets[key] = {"label": label, "interventions": 0, "participants": 0,
                            "organizations": 0, "cost": Decimal(0)}
            order.append(key)
        bucket = buckets[key]
        for name in ("interventions", "participants", "organizations", "cost"):
            bucket[name] += row[name]
        costed[key] += figures.costed_participants.get(row["country_id"], 0)
    order.sort(key=lambda k: (k is None, str(buckets[k]["label"])))
    rows = [[buckets[k]["label"], buckets[k]["interventions"], buckets[k]["participants"],
             buckets[k]["organizations"], buckets[k]["cost"],
             cost_per_participant(buckets[k]["cost"], costed[k])] for k in order]
    total_cost = sum((b["cost"] for b in buckets.values()), Decimal(0))
    builder.table(
        (_("Reach and cost of capacity development by country, %(biennium)s") if region
         else _("Reach and cost of capacity development by region, %(biennium)s"))
        % {"biennium": code},
        [Column(_("Country") if region else _("Region")), Column(_("Interventions"), Fmt.INT),
         Column(_("Participants"), Fmt.INT), Column(_("Organizations reached"), Fmt.INT),
         Column(_("Cost (US$)"), Fmt.MONEY),
         Column(_("Cost per participant (US$)"), Fmt.CENTS)],
        rows,
        total=[_("Total"), sum(b["interventions"] for b in buckets.values()),
               sum(b["participants"] for b in buckets.values()),
               sum(b["organizations"] for b in buckets.values()), total_cost,
               cost_per_participant(total_cost, sum(costed.values()))],
        source=source,
        note=(_("Activities without a country (regional or interregional) are not included.")
              if region else _("Organizations are counted once in each country where they "
                               "were reached.")))


