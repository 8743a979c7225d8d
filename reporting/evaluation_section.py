"""What the reports say of evaluation (issue 12, point 9): the biennial report's section
(evaluations completed in the biennium, average ratings per criterion, the implementation of
recommendations, a few lessons) and, in the DWCP report, the programme's evaluations. Read
through :mod:`evaluation.selectors_for_reports`; figures from the evaluation worker's
snapshot, as of its date."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluation.models.choices import Criterion, Implementation, Score
from evaluation.selectors_for_reports import (
    biennial_evaluations_for_report,
    dwcp_evaluations_for_report,
    evaluation_report_snapshot,
)
from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, count, per_cent

CRITERIA = {c.value: c.label for c in Criterion}  # lazy: read in the report's language


def _date(day: Any) -> str:
    return formats.date_format(day)


def _source(as_of: Any) -> str:
    return _("Evaluation figures computed as of %(date)s.") % {"date": _date(as_of)}


def add_biennial_evaluation_section(builder: DocumentBuilder, *, biennium: Any,
                                    all_regions_note: bool = False) -> None:
    """The section "Evaluation" of the biennial report (of every region: a regional report
    says so with ``all_regions_note``)."""
    snapshot = evaluation_report_snapshot()
    read = biennial_evaluations_for_report(snapshot=snapshot, biennium=biennium)
    builder.section(_("Evaluation"))
    if all_regions_note:
        builder.paragraph(_("This section covers the evaluations of all regions."))
    done = len(read.evaluations)
    if not done:
        builder.paragraph(_("No evaluation was completed in the %(biennium)s biennium.")
                          % {"biennium": biennium.label})
    else:
        builder.paragraph(" ".join([
            ngettext("In the %(biennium)s biennium, %(n)s evaluation was completed "
                     "(approved or published).",
                     "In the %(biennium)s biennium, %(n)s evaluations were completed "
                     "(approved or published).", done)
            % {"biennium": biennium.label, "n": count(done)},
            _("Table %(t)s lists them.") % {"t": builder.next_table}]))
        builder.table(
            _("Evaluations completed in %(biennium)s") % {"biennium": biennium.label},
            [Column(_("Evaluation")), Column(_("Type")), Column(_("Where")),
             Column(_("Completed"))],
            [[e.title, e.get_evaluation_type_display(),
              e.country.label if e.country else (e.region.label if e.region else _("Global")),
              _date(e.completion_date)] for e in read.evaluations])
    if snapshot is None:
        builder.paragraph(_("The evaluation figures (average ratings, implementation of "
                            "recommendations) have not been computed yet."))
        return
    if read.ratings:
        builder.paragraph(
            _("Evaluators rate each evaluated intervention on the OECD DAC criteria and the "
              "ILO's cross-cutting concerns, from 1 (highly unsatisfactory) to 6 (highly "
              "satisfactory). Table %(t)s gives the average of the ratings of the "
              "evaluations of the biennium.") % {"t": builder.next_table})
        order = list(CRITERIA)
        rows = sorted(read.ratings, key=lambda r: order.index(r.criterion))
        builder.table(
            _("Average ratings by criterion, %(biennium)s") % {"biennium": biennium.label},
            [Column(_("Criterion")), Column(_("Average rating (1–6)"), Fmt.INDEX),
             Column(_("Ratings"), Fmt.INT), Column(_("Reading"))],
            [[str(CRITERIA[r.criterion]), r.average, r.ratings, _reading(r.average)] for r in rows],
            source=_source(read.as_of))
    figures = read.implementation
    if figures.get("to_implement"):
        builder.paragraph(" ".join([
            ngettext("Of the recommendations of evaluations completed in %(biennium)s, "
                     "%(n)s was accepted or partially accepted by management and is to be "
                     "implemented.",
                     "Of the recommendations of evaluations completed in %(biennium)s, "
                     "%(n)s were accepted or partially accepted by management and are to be "
                     "implemented.", figures["to_implement"])
            % {"biennium": biennium.label, "n": count(figures["to_implement"])},
            _("The implementation rate, the share of those completed, is %(rate)s: "
              "completed %(completed)s, partially implemented %(partially)s, not implemented "
              "%(not)s. Rejected: %(rejected)s.")
            % {"rate": per_cent(figures["rate"]), "completed": count(figures["completed"]),
               "partially": count(figures["partially"]),
               "not": count(figures["not_implemented"]),
               "rejected": count(figures["rejected"])}]),
            footnotes=[_("A recommendation is implemented when all its follow-up actions "
                         "are completed, partially implemented when one is completed or in "
                         "progress. Figures computed as of %(date)s.")
                       % {"date": _date(read.as_of)}])
    elif done:
        builder.paragraph(_("No recommendation of the evaluations completed in %(biennium)s "
                            "has a submitted management response yet.")
                          % {"biennium": biennium.label})
    if read.lessons:
        builder.heading(_("Lessons learned"))
        builder.paragraph(_("Among the lessons the evaluations drew:"),
                          items=[_("%(title)s: %(text)s (%(evaluation)s)")
                                 % {"title": lesson.title, "text": lesson.description,
                                    "evaluation": lesson.evaluation.title}
                                 for lesson in read.lessons])


def _reading(average: Decimal | None) -> str:
    """The six-point scale's label of an average rating, rounded to the nearest point."""
    if average is None:
        return "–"
    from core.numbers import rounded

    return str(Score(int(rounded(average, 0))).label)


def add_dwcp_evaluations(builder: DocumentBuilder, *, dwcp: Any) -> None:
    """The section "Evaluations" of the DWCP report: each evaluation of the programme, its
    type and dates, its ratings and the implementation of its recommendations."""
    evaluations = list(dwcp_evaluations_for_report(dwcp=dwcp))
    builder.section(_("Evaluations"))
    if not evaluations:
        builder.paragraph(_("No evaluation of this Decent Work Country Programme or of its "
                            "outcomes is recorded."))
        return
    builder.paragraph(
        ngettext("The programme or its outcomes are the subject of %(n)s evaluation "
                 "(Table %(t)s).",
                 "The programme or its outcomes are the subject of %(n)s evaluations "
                 "(Table %(t)s).", len(evaluations))
        % {"n": count(len(evaluations)), "t": builder.next_table})
    rows = []
    for e in evaluations:
        ratings = list(e.ratings.all())
        recommendations = list(e.recommendations.all())
        # ``implementation``: annotated by the selector (empty when not to be implemented).
        states = [getattr(r, "implementation", "") for r in recommendations]
        to_implement = [state for state in states if state]
        completed = to_implement.count(Implementation.COMPLETED)
        rows.append([
            e.title, f"{e.get_evaluation_type_display()}, {e.get_timing_display().lower()}",
            e.get_status_display(), _date(e.completion_date),
            (sum(Decimal(r.score) for r in ratings) / len(ratings)) if ratings else None,
            len(recommendations),
            (Decimal(100 * completed) / len(to_implement)) if to_implement else None])
    builder.table(
        _("Evaluations of the programme"),
        [Column(_("Evaluation")), Column(_("Type and timing")), Column(_("Status")),
         Column(_("Completion")), Column(_("Mean rating (1–6)"), Fmt.INDEX),
         Column(_("Recommendations"), Fmt.INT), Column(_("Implemented (%)"), Fmt.PERCENT)],
        rows, note=_("Implemented: the share of the accepted or partially accepted "
                     "recommendations whose follow-up actions are all completed."))
    lessons = [(lesson, e) for e in evaluations for lesson in e.lessons.all()][:3]
    if lessons:
        builder.paragraph(_("The evaluations drew these lessons:"),
                          items=[_("%(title)s: %(text)s") % {"title": lesson.title,
                                                            "text": lesson.description}
                                 for lesson, _e in lessons])
