"""Capacity development sections of the biennial and the DWCP country reports, read from the
capacity worker's current snapshot (capacity/models/computed.py; formulas in
docs/capacity.md) [issue 6; DOMAIN §4].

Every figure printed comes from the computed tables — ``AssessmentIndex``,
``DimensionChange``, ``NeedsCoverage``, ``ParticipationFigure``, ``InterventionFigure`` and
``ReachFigure`` — and every section prints the date the figures were computed as of. Where
rows of those tables are added up (groups, regions, methods) the shares are worked out again
from the added counts with the worker's own rules (``capacity.computation.share`` and
``cost_per_participant``), never averaged. Reads are a fixed number of queries whatever the
number of rows. The reporting app reads the capacity tables here rather than through
``capacity.selectors``: reports are for managers and administrators, who see everything, and
need the figures over whole regions rather than one user's scope.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from capacity.computation import cost_per_participant, share
from capacity.models import (
    AssessmentIndex,
    CapacityLevel,
    CapacityNeed,
    CapacitySnapshot,
    DimensionChange,
    Intervention,
    InterventionFigure,
    InterventionMethod,
    NeedsCoverage,
    NeedStatus,
    ParticipantGroup,
    ParticipationFigure,
    ReachFigure,
)
from constituents.models import Constituent
from core.roles import ConstituentGroup
from reporting.document import Column, DocumentBuilder, Fmt, count, millions, per_cent
from reporting.renderers.charts import stacked_bars

OVERALL = AssessmentIndex.Axis.OVERALL.value
LEVEL = AssessmentIndex.Axis.LEVEL.value
LEVELS = [(c.value, str(c.label)) for c in CapacityLevel]
GROUPS = [(g.value, str(g.label)) for g in ConstituentGroup]
PARTICIPANT_GROUPS = [(g.value, str(g.label)) for g in ParticipantGroup]
TENTH = Decimal("0.1")


def current_capacity_snapshot() -> CapacitySnapshot | None:
    return CapacitySnapshot.objects.filter(is_current=True).first()


def mean(values: list[Decimal]) -> Decimal | None:
    """Arithmetic mean to one decimal (half up, as the worker rounds); None when empty."""
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TENTH, rounding=ROUND_HALF_UP)


def date_text(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def month(day: dt.date) -> str:
    """"Feb 2021", kept on one line in narrow table columns."""
    return formats.date_format(day, "M Y").replace(" ", "\u00a0")


def computed_on(snapshot: CapacitySnapshot) -> str:
    return _("Capacity figures computed as of %(date)s.") % {"date": date_text(snapshot.as_of)}


def group_label(value: str) -> str:
    return dict(GROUPS).get(value, value)


def _countries(qs, path: str, country_ids):
    """Rows of the given countries; every row (regional activities included) for None."""
    return qs if country_ids is None else qs.filter(**{f"{path}__in": list(country_ids)})


# --- figures of a biennium over many countries ---------------------------------------------

@dataclass
class ChangeRow:
    constituents: int
    baseline: Decimal | None
    follow_up: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.baseline is None or self.follow_up is None:
            return None
        return self.follow_up - self.baseline


@dataclass
class BiennialFigures:
    snapshot: CapacitySnapshot
    # group → {"baseline": n, "follow_up": n, "constituents": set, "indices": [Decimal]}
    assessments: dict[str, dict] = field(default_factory=dict)
    # group → [(key, label, ChangeRow)] where key is "overall" or a level
    changes: dict[str, list[tuple[str, str, ChangeRow]]] = field(default_factory=dict)
    dimension_moves: Counter = field(default_factory=Counter)  # up / same / down
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)  # group → (high, covered)
    methods: dict[str, dict] = field(default_factory=dict)
    participation: dict[str, list[int]] = field(default_factory=dict)  # group → [n, w, m, nr]
    reach: list[dict] = field(default_factory=list)
    costed_participants: dict[int | None, int] = field(default_factory=dict)  # by country


def biennial_figures(*, snapshot: CapacitySnapshot, biennium, country_ids) -> BiennialFigures:
    """The capacity figures of ``biennium`` for the countries (None: all countries and the
    regional and interregional activities). Nine queries."""
    start, end = biennium.start_date, biennium.end_date
    out = BiennialFigures(snapshot)

    # Assessments made in the biennium (those the snapshot indexed: dated up to its as-of).
    rows = _countries(AssessmentIndex.objects.filter(
        snapshot=snapshot, axis=OVERALL, assessment__date__gte=start,
        assessment__date__lte=end), "assessment__constituent__country_id", country_ids)
    for group, round_, constituent_id, index in rows.values_list(
            "assessment__constituent__group", "assessment__round",
            "assessment__constituent_id", "index"):
        entry = out.assessments.setdefault(group, {"baseline": 0, "follow_up": 0,
                                                   "constituents": set(), "indices": []})
        entry[round_] = entry.get(round_, 0) + 1
        entry["constituents"].add(constituent_id)
        entry["indices"].append(index)

    # Change between baseline and the follow-ups made in the biennium.
    changes = _countries(DimensionChange.objects.filter(
        snapshot=snapshot, follow_up__date__gte=start, follow_up__date__lte=end),
        "constituent__country_id", country_ids)
    pairs: dict[tuple[int, int, int], str] = {}
    for constituent_id, group, baseline_id, follow_up_id, change in changes.values_list(
            "constituent_id", "constituent__group", "baseline_id", "follow_up_id", "change"):
        pairs[(constituent_id, baseline_id, follow_up_id)] = group
        out.dimension_moves["up" if change > 0 else "down" if change < 0 else "same"] += 1
    out.changes = _index_changes(snapshot, pairs)

    # Needs coverage (as of the snapshot: the state of each need on that date).
    coverage = _countries(NeedsCoverage.objects.filter(snapshot=snapshot), "country_id",
                          country_ids)
    for row in coverage.values("constituent_group").annotate(
            high=Sum("high_priority"), covered=Sum("covered")).order_by():
        out.coverage[row["constituent_group"]] = (row["high"], row["covered"])

    # Interventions that took place, by method; costed participants by country.
    figures = _countries(InterventionFigure.objects.filter(
        snapshot=snapshot, intervention__start_date__gte=start,
        intervention__start_date__lte=end), "intervention__country_id", country_ids)
    for method, participants, women, cost, country_id in figures.values_list(
            "intervention__method", "participants", "women", "intervention__cost",
            "intervention__country_id"):
        entry = out.methods.setdefault(method, {"interventions": 0, "participants": 0,
                                                "women": 0, "cost": Decimal(0),
                                                "costed": 0})
        entry["interventions"] += 1
        entry["participants"] += participants
        entry["women"] += women
        if cost is not None:
            entry["cost"] += cost
            entry["costed"] += participants
            out.costed_participants[country_id] = (out.costed_participants.get(country_id, 0)
                                                   + participants)

    # Participants by group and sex.
    participation = _countries(ParticipationFigure.objects.filter(
        snapshot=snapshot, biennium=biennium), "country_id", country_ids)
    for row in participation.values("participant_group").annotate(
            n=Sum("participants"), w=Sum("women"), m=Sum("men"),
            nr=Sum("sex_not_recorded")).order_by():
        out.participation[row["participant_group"]] = [row["n"], row["w"], row["m"], row["nr"]]

    # Reach and cost by country (empty country: regional and interregional activities).
    reach = _countries(ReachFigure.objects.filter(snapshot=snapshot, biennium=biennium),
                       "country_id", country_ids)
    out.reach = list(reach.values("country_id", "country__name", "country__region_id",
                                  "interventions", "participants", "organizations", "cost",
                                  "cost_per_participant"))
    return out


def _index_changes(snapshot: CapacitySnapshot, pairs: dict[tuple[int, int, int], str]
                   ) -> dict[str, list[tuple[str, str, ChangeRow]]]:
    """Per constituent group, overall and per level: the mean index of the baselines and of
    the follow-ups of the (constituent, baseline, follow-up) pairs, over the pairs indexed on
    both rounds."""
    ids = {a for _c, b, f in pairs for a in (b, f)}
    indices: dict[tuple[int, str], Decimal] = {}
    for assessment_id, axis, key, index in AssessmentIndex.objects.filter(
            snapshot=snapshot, assessment_id__in=ids, axis__in=[OVERALL, LEVEL]).values_list(
            "assessment_id", "axis", "key", "index"):
        indices[(assessment_id, key if axis == LEVEL else OVERALL)] = index
    keys = [(OVERALL, _("Overall"))] + LEVELS
    out: dict[str, list[tuple[str, str, ChangeRow]]] = {}
    for group, _label in GROUPS:
        its = [(c, b, f) for (c, b, f), g in pairs.items() if g == group]
        if not its:
            continue
        rows = []
        for key, label in keys:
            both = [(indices[(b, key)], indices[(f, key)]) for _c, b, f in its
                    if (b, key) in indices and (f, key) in indices]
            if not both:
                continue
            rows.append((key, label, ChangeRow(
                len({c for c, b, f in its if (b, key) in indices and (f, key) in indices}),
                mean([x for x, _y in both]), mean([y for _x, y in both]))))
        out[group] = rows
    return out


def add_biennial_section(builder: DocumentBuilder, *, biennium, regions: dict,
                         countries: dict, region) -> None:
    """Section "Capacity development of constituents" of the biennial report: assessments,
    change in capacity indices, needs coverage, interventions by method, participants by
    group and sex, reach and cost (per region, or per country for a regional report)."""
    builder.section(_("Capacity development of constituents"))
    snapshot = current_capacity_snapshot()
    if snapshot is None:
        builder.paragraph(_("The capacity development figures have not been computed yet "
                            "(manage.py compute_capacity); this section is left empty."))
        return
    builder.capacity_as_of = snapshot.as_of
    figures = biennial_figures(snapshot=snapshot, biennium=biennium,
                               country_ids=list(countries) if region else None)
    source = computed_on(snapshot)
    code = biennium.code
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
            _("%(n)s constituents were assessed again in %(biennium)s after a baseline. Of "
              "the %(d)s dimensions scored in both rounds, %(up)s improved, %(same)s stayed "
              "the same and %(down)s declined. Table %(t)s shows the change in their "
              "capacity indices by constituent group and level.")
            % {"n": count(constituents), "biennium": code, "d": count(sum(moves.values())),
               "up": moves["up"], "same": moves["same"], "down": moves["down"],
               "t": builder.next_table})
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
        _("%(i)s capacity development interventions started in %(biennium)s and took place, "
          "with %(p)s participants; women were %(share)s of the participants whose sex is "
          "recorded. Interventions whose cost is known cost %(cost)s, %(cpp)s per "
          "participant.")
        % {"i": count(interventions), "biennium": code, "p": count(participants),
           "share": per_cent(share(women, women + men)), "cost": millions(cost),
           "cpp": _money(cost_per_participant(cost, costed))})
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
    _participation_table(builder, part, caption=_("Participants by constituent group and "
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
                  "figures are those of the table above."))
    _reach_table(builder, figures, regions=regions, countries=countries, region=region,
                 code=code, source=source)


def _money(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return _("US$%(amount)s") % {"amount": formats.number_format(value, 2, use_l10n=True,
                                                                 force_grouping=True)}


def _participation_table(builder, part: dict[str, list[int]], *, caption: str,
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
            label = regions[key].name if key in regions else row["country__region_id"]
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


# --- a country's constituents (DWCP report) -------------------------------------------------

def period_of(dwcp) -> tuple[dt.date, dt.date, str]:
    """The biennia a DWCP spans, as dates and as a label (participation is by biennium)."""
    first = dwcp.start_year - dwcp.start_year % 2
    last = dwcp.end_year - dwcp.end_year % 2
    label = f"{first}–{last + 1}"
    return dt.date(first, 1, 1), dt.date(last + 1, 12, 31), label


def add_country_section(builder: DocumentBuilder, *, country, dwcp) -> None:
    """Section "Capacity development of constituents" of the DWCP country report: the
    constituents' latest capacity indices and change, their needs and review states, the
    interventions they received and participation by group and sex."""
    builder.section(_("Capacity development of constituents"))
    snapshot = current_capacity_snapshot()
    if snapshot is None:
        builder.paragraph(_("The capacity development figures have not been computed yet "
                            "(manage.py compute_capacity); this section is left empty."))
        return
    builder.capacity_as_of = snapshot.as_of
    source = computed_on(snapshot)
    start, end, period = period_of(dwcp)

    # Latest indices of each constituent, and the change between its rounds.
    latest: dict[int, dict] = {}
    by_assessment: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for (assessment_id, constituent_id, name, acronym, group, day, round_, axis, key,
         index) in AssessmentIndex.objects.filter(
            snapshot=snapshot, assessment__constituent__country=country,
            axis__in=[OVERALL, LEVEL]).values_list(
            "assessment_id", "assessment__constituent_id", "assessment__constituent__name",
            "assessment__constituent__acronym", "assessment__constituent__group",
            "assessment__date", "assessment__round", "axis", "key", "index"):
        by_assessment[assessment_id][key if axis == LEVEL else OVERALL] = index
        seen = latest.get(constituent_id)
        if seen is None or (day, assessment_id) > (seen["date"], seen["id"]):
            latest[constituent_id] = {"id": assessment_id, "date": day, "round": round_,
                                      "name": name, "acronym": acronym, "group": group}
    pairs: dict[int, tuple[int, int]] = {}
    moves = Counter()
    for constituent_id, baseline_id, follow_up_id, change in DimensionChange.objects.filter(
            snapshot=snapshot, constituent__country=country).values_list(
            "constituent_id", "baseline_id", "follow_up_id", "change"):
        pairs[constituent_id] = (baseline_id, follow_up_id)
        moves["up" if change > 0 else "down" if change < 0 else "same"] += 1

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
            _("%(n)s constituents have been assessed; %(f)s of them were assessed again "
              "after a baseline. Of the %(d)s dimensions scored in both rounds, %(up)s "
              "improved, %(same)s stayed the same and %(down)s declined.")
            % {"n": len(latest), "f": len(changed), "d": sum(moves.values()),
               "up": moves["up"], "same": moves["same"], "down": moves["down"]})
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
    needs: dict[int, dict] = {}
    for row in (CapacityNeed.objects.filter(constituent__country=country)
                .values("constituent_id", "constituent__name", "constituent__group", "status")
                .annotate(n=Count("id")).order_by()):
        entry = needs.setdefault(row["constituent_id"], {
            "name": row["constituent__name"], "group": row["constituent__group"],
            "states": Counter()})
        entry["states"][row["status"]] += row["n"]
    coverage = {g: (h, c) for g, h, c in NeedsCoverage.objects.filter(
        snapshot=snapshot, country=country).values_list("constituent_group", "high_priority",
                                                        "covered")}
    if needs:
        parts = [_("%(group)s, %(c)s of %(h)s (%(share)s)") % {
            "group": label.lower(), "c": coverage[g][1], "h": coverage[g][0],
            "share": per_cent(share(coverage[g][1], coverage[g][0]))}
            for g, label in GROUPS if g in coverage]
        builder.paragraph(
            _("%(n)s capacity needs of the constituents are recorded (Table %(t)s). The "
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
    interventions = list(
        Intervention.objects.filter(Q(country=country) | Q(target_constituents__country=country),
                                    start_date__gte=start, start_date__lte=end)
        .distinct().order_by("start_date", "title"))
    figures = {f.intervention_id: f for f in InterventionFigure.objects.filter(
        snapshot=snapshot, intervention__in=[i.pk for i in interventions])}
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
              *((figures[i.pk].participants, figures[i.pk].women_share,
                 figures[i.pk].cost_per_participant) if i.pk in figures else (None,) * 3)]
             for i in interventions],
            source=source, note=_("Figures of interventions that took place (ongoing or "
                                  "completed); regional activities count all their "
                                  "participants."))
    else:
        builder.paragraph(_("No capacity development intervention for the constituents of "
                            "%(country)s started in %(period)s.")
                          % {"country": country.name, "period": period})
    part: dict[str, list[int]] = {}
    for row in (ParticipationFigure.objects.filter(
            snapshot=snapshot, country=country, biennium__start_year__gte=start.year,
            biennium__start_year__lte=end.year)
            .values("participant_group").annotate(
                n=Sum("participants"), w=Sum("women"), m=Sum("men"),
                nr=Sum("sex_not_recorded")).order_by()):
        part[row["participant_group"]] = [row["n"], row["w"], row["m"], row["nr"]]
    if part:
        women = sum(v[1] for v in part.values())
        men = sum(v[2] for v in part.values())
        builder.paragraph(
            _("%(p)s people took part in the interventions held in %(country)s in "
              "%(period)s; women were %(share)s of those whose sex is recorded.")
            % {"p": count(sum(v[0] for v in part.values())), "country": country.name,
               "period": period, "share": per_cent(share(women, women + men))})
        _participation_table(builder, part, caption=_(
            "Participants in %(country)s by constituent group and sex, %(period)s")
            % {"country": country.name, "period": period}, source=source)


def constituent_label(constituent: Constituent) -> str:
    return constituent.name + (f" ({constituent.acronym})" if constituent.acronym else "")
