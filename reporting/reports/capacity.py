"""Constituent capacity profile: a constituent's scores by dimension over its assessment
rounds (chart and table), its capacity indices and their change, its needs and their review
states, the interventions it received and its people's participation [issue 6; DOMAIN §4].

Scores are the assessors' own; indices, changes and intervention figures come from the
capacity worker's current snapshot, whose as-of date the document prints. The report needs
no results snapshot (``USES_RESULTS = False``)."""
from __future__ import annotations

from collections import Counter

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from capacity import selectors as capacity_selectors
from capacity.computation import share
from capacity.models import (
    CapacityAssessment,
    CapacityLevel,
    CapacityType,
    NeedStatus,
    Priority,
    Sex,
)
from capacity.selectors_for_reports import OVERALL, constituent_profile_for_report
from constituents.models import Constituent
from constituents.selectors_for_reports import constituent_with_country
from core.content import text as translated_text
from core.errors import ApplicationError
from core.numbers import format_number
from reporting.capacity_section.common import (
    computed_on,
    constituent_label,
    date_text,
    month,
)
from reporting.document.blocks import Column, Document
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, per_cent
from reporting.renderers.charts import score_lines

from . import base

USES_RESULTS = False


def find_constituent(value) -> Constituent:
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        pk = None
    constituent = constituent_with_country(pk=pk) if pk else None
    if constituent is None:
        raise ApplicationError(
            _("There is no constituent with the id “%(id)s”.") % {"id": value},
            field_errors={"constituent": [_("Unknown constituent.")]})
    return constituent


def clean_parameters(parameters: dict) -> dict:
    if not str(parameters.get("constituent") or "").strip():
        raise ApplicationError(_("Say which constituent the profile is of."),
                               field_errors={"constituent": [_("Choose the constituent.")]})
    return {"constituent": find_constituent(parameters.get("constituent")).pk}


def default_front(parameters: dict) -> dict:
    constituent = find_constituent(parameters["constituent"])
    name = constituent_label(constituent)
    return {
        "title": _("Capacity profile of %(name)s, %(country)s")
        % {"name": name, "country": constituent.country.label},
        "purpose": _("This document presents the capacity profile of %(name)s: its scores on "
                     "each dimension of the ILO capacity assessment framework over the "
                     "assessment rounds, its capacity indices and their change, its capacity "
                     "needs and their review, the capacity development interventions it "
                     "received and the participation of its people.") % {"name": name},
        "draft_decision": _("The Governing Body takes note of the capacity profile of "
                            "%(name)s and requests the Office to take it into account in "
                            "planning its capacity development support to the constituents "
                            "of %(country)s.")
        % {"name": name, "country": constituent.country.label},
        "author_unit": base.author_unit_for(constituent.group),
        "section_name": _("Policy Development Section"),
        "segment": _("Development Cooperation Segment"),
        "section_code": "POL",
        "place": _("Geneva"),
        "document_date": timezone.localdate(),
    }


def _round_label(assessment: CapacityAssessment) -> str:
    return f"{assessment.get_round_display()} {month(assessment.date)}"


def build(parameters: dict, content: dict, snapshot, progress) -> Document:
    constituent = find_constituent(parameters["constituent"])
    capacity = capacity_selectors.current_snapshot()
    if capacity is None:
        raise ApplicationError(_("Capacity figures have not been computed yet: run the "
                                 "capacity computation (manage.py compute_capacity) first."))
    front, narrative, decision = base.front_matter(content, default_front(parameters))
    builder = DocumentBuilder(front, as_of=capacity.as_of)
    source = computed_on(capacity)
    name = constituent_label(constituent)

    profile = constituent_profile_for_report(snapshot=capacity, constituent=constituent)
    assessments, indices, changes = profile.assessments, profile.indices, profile.changes
    needs, interventions = profile.needs, profile.interventions
    figures, own, people = (profile.intervention_figures, profile.own_participants,
                            profile.people)
    progress(40)

    # I. Introduction
    builder.section(_("Introduction"))
    if not base.add_narrative(builder, narrative):
        first, last = (assessments[0], assessments[-1]) if assessments else (None, None)
        assessed = (ngettext("It was assessed once, on %(first)s.",
                             "It was assessed %(n)s times, from %(first)s to %(last)s.",
                             len(assessments))
                    % {"n": len(assessments), "first": date_text(first.date),
                       "last": date_text(last.date)}
                    if assessments else _("It has not been assessed yet."))
        builder.paragraph(
            _("%(name)s is among the %(group)s of %(country)s (%(type)s). %(assessed)s "
              "%(needs)s; %(interventions)s.")
            % {"name": name, "group": constituent.get_group_display().lower(),
               "country": constituent.country.label,
               "type": constituent.get_type_display().lower(), "assessed": assessed,
               "needs": ngettext("%(n)s capacity need is recorded for it",
                                 "%(n)s capacity needs are recorded for it", len(needs))
               % {"n": len(needs)},
               "interventions": ngettext(
                   "it took part in %(n)s capacity development intervention",
                   "it took part in %(n)s capacity development interventions",
                   len(interventions)) % {"n": len(interventions)}},
            footnotes=[_("Each dimension is scored from 1 (absent) to 5 (strong and "
                         "self-sustaining). The capacity index of an assessment is the mean "
                         "of its scores rescaled from 0 to 100.")])

    # II. Scores over the rounds
    builder.section(_("Capacity scores over the assessment rounds"))
    if not assessments:
        builder.paragraph(_("No capacity assessment of %(name)s is recorded.")
                          % {"name": name})
    else:
        _scores(builder, assessments, indices, changes, source)
    progress(60)

    # III. Needs
    builder.section(_("Capacity needs"))
    if not needs:
        builder.paragraph(_("No capacity need of %(name)s is recorded.") % {"name": name})
    else:
        states = Counter(n.status for n in needs)
        builder.paragraph(
            ngettext("%(name)s has %(n)s capacity need recorded; of high priority: "
                     "%(high)s. By review state: %(states)s.",
                     "%(name)s has %(n)s capacity needs recorded; of high priority: "
                     "%(high)s. By review state: %(states)s.", len(needs))
            % {"name": name, "n": len(needs),
               "high": sum(1 for n in needs if n.priority == Priority.HIGH),
               "states": "; ".join(f"{str(s.label).lower()} {states[s.value]}"
                                   for s in NeedStatus if states.get(s.value))})
        builder.table(
            _("Capacity needs of %(name)s and their review state") % {"name": name},
            [Column(_("Need")), Column(_("Level")), Column(_("Area")), Column(_("Priority")),
             Column(_("State")), Column(_("Since"))],
            [[n.description, n.get_level_display(), n.get_technical_area_display(),
              n.get_priority_display(), n.get_status_display(),
              formats.date_format(n.status_changed_on, "SHORT_DATE_FORMAT").replace(" ", "\u00a0")
              if n.status_changed_on else None] for n in needs],
            source=_("Review states as recorded on %(date)s.")
            % {"date": date_text(timezone.localdate())})

    # IV. Interventions received
    builder.section(_("Capacity development interventions received"))
    if not interventions:
        builder.paragraph(_("%(name)s has not taken part in any capacity development "
                            "intervention recorded.") % {"name": name})
    else:
        builder.paragraph(
            ngettext("%(name)s was targeted by, or sent people to, %(n)s capacity "
                     "development intervention; Table %(t)s gives its participants as "
                     "computed on %(date)s.",
                     "%(name)s was targeted by, or sent people to, %(n)s capacity "
                     "development interventions; Table %(t)s gives each one's participants "
                     "as computed on %(date)s.", len(interventions))
            % {"name": name, "n": len(interventions), "t": builder.next_table,
               "date": date_text(capacity.as_of)})
        builder.table(
            _("Capacity development interventions received by %(name)s") % {"name": name},
            [Column(_("Intervention")), Column(_("Method")), Column(_("Provider")),
             Column(_("Start")), Column(_("Status")), Column(_("Participants"), Fmt.INT),
             Column(_("Women (%)"), Fmt.PERCENT),
             Column(_("Its people"), Fmt.INT)],
            [[i.title, i.get_method_display(), i.get_provider_display(),
              month(i.start_date), i.get_status_display(),
              figures[i.pk].participants if i.pk in figures else None,
              figures[i.pk].women_share if i.pk in figures else None, own.get(i.pk)]
             for i in interventions],
            source=source,
            note=_("Participants of the whole intervention (interventions that took place); "
                   "people of the organization counted from participant lists."))

    # V. Participation
    builder.section(_("Participation"))
    persons = {key for key, _sex in people}
    sexes = Counter(sex for _key, sex in people)
    if not people:
        builder.paragraph(_("No person of %(name)s is on the participant list of an "
                            "intervention (participation recorded as counts is not "
                            "attributed to organizations).") % {"name": name})
    else:
        repeat = sum(1 for n in Counter(key for key, _s in people).values() if n > 1)
        women, men = sexes.get(Sex.FEMALE, 0), sexes.get(Sex.MALE, 0)
        builder.paragraph(
            " ".join([
                ngettext("People of %(name)s held %(places)s place on participant lists.",
                         "People of %(name)s held %(places)s places on participant lists.",
                         len(people)),
                _("The number of individuals was %(people)s, and the number who took part "
                  "more than once %(repeat)s; women held %(share)s of the places whose "
                  "participant's sex is recorded.")])
            % {"places": len(people), "people": len(persons), "name": name,
               "repeat": repeat, "share": per_cent(share(women, women + men))})
        builder.table(
            _("Places of people of %(name)s on participant lists, by sex") % {"name": name},
            [Column(_("Places")), Column(_("Women"), Fmt.INT), Column(_("Men"), Fmt.INT),
             Column(_("Sex not recorded"), Fmt.INT), Column(_("Women (%)"), Fmt.PERCENT)],
            [[_("All interventions"), women, men, sexes.get(Sex.NOT_RECORDED, 0),
              share(women, women + men)]])
    progress(65)

    builder.draft_decision(decision)
    return builder.build()


def _scores(builder: DocumentBuilder, assessments, indices, changes, source) -> None:
    rounds = [_round_label(a) for a in assessments]
    rows: dict[tuple[str, str], dict] = {}
    for column, assessment in enumerate(assessments):
        for score in assessment.scores.all():
            key = (assessment.framework.code, score.dimension.code)
            row = rows.setdefault(key, {"dimension": score.dimension,
                                        "scores": [None] * len(assessments)})
            row["dimension"] = score.dimension  # the latest wording
            row["scores"][column] = score.score
    first, last = assessments[0], assessments[-1]
    pair = next(iter(changes.values()), None)
    if pair is not None:
        base_index = indices.get(pair.baseline_id, {}).get(OVERALL)
        follow_index = indices.get(pair.follow_up_id, {}).get(OVERALL)
        moves = Counter("up" if c.change > 0 else "down" if c.change < 0 else "same"
                        for c in changes.values())
        builder.paragraph(
            _("Between the baseline of %(b)s and the follow-up of %(f)s, the overall "
              "capacity index went from %(bi)s to %(fi)s. Of %(d)s dimensions, %(up)s "
              "improved, %(same)s stayed the same and %(down)s declined.")
            % {"b": date_text(pair.baseline.date), "f": date_text(pair.follow_up.date),
               "bi": _number(base_index), "fi": _number(follow_index), "d": len(changes),
               "up": moves["up"], "same": moves["same"], "down": moves["down"]})
    else:
        builder.paragraph(
            ngettext("In all, %(n)s assessment is recorded, of %(first)s; a follow-up "
                     "after a baseline is needed to measure change.",
                     "In all, %(n)s assessments are recorded, from %(first)s to %(last)s; a "
                     "follow-up after a baseline is needed to measure change.",
                     len(assessments))
            % {"n": len(assessments), "first": date_text(first.date),
               "last": date_text(last.date)})
    table_rows = []
    for key, row in rows.items():
        change = changes.get(key)
        table_rows.append([row["dimension"].name, row["dimension"].get_level_display(),
                           *row["scores"], change.change if change else None])
    builder.table(
        _("Scores by dimension and assessment (1–5)"),
        [Column(_("Dimension")), Column(_("Level")),
         *[Column(label, Fmt.INT) for label in rounds], Column(_("Change"), Fmt.CHANGE)],
        table_rows, source=_("Assessment scores; change computed as of %(date)s.")
        % {"date": date_text(builder.as_of)},
        note=_("Change: latest follow-up less the latest baseline before it."))
    builder.figure(
        _("Scores by dimension over the assessment rounds"),
        score_lines(rounds=rounds, series=[(r["dimension"].name, r["scores"])
                                           for r in rows.values()],
                    ylabel=_("Score (1–5)")),
        alt=_("Line chart of the score of each dimension at each assessment; the scores are "
              "those of Table %(t)s.") % {"t": builder.next_table - 1},
        source=_("Assessment scores (Table %(t)s).") % {"t": builder.next_table - 1})
    axes = [(OVERALL, _("Overall"))] + [(c.value, str(c.label)) for c in CapacityLevel] + [
        (c.value, str(c.label)) for c in CapacityType]
    builder.table(
        _("Capacity indices by assessment (0–100)"),
        [Column(_("Assessment")), *[Column(label, Fmt.INDEX) for _k, label in axes]],
        [[f"{label} ({translated_text(a.framework)})",
          *[indices.get(a.pk, {}).get(k) for k, _l in axes]]
         for label, a in zip(rounds, assessments, strict=True)],
        source=source)


def _number(value) -> str:
    return "–" if value is None else format_number(value, 1)
