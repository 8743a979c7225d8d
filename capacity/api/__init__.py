"""API of capacity development: assessment frameworks, assessments with their scores, needs
and their review, plans, interventions, participation (counts and participant lists, with the
CSV import) and the figures the worker computed (current snapshot).

Writes go through :mod:`capacity.services`, so the API applies the same rules and messages as
the pages: a broken rule is a 400 with the message under the field it concerns and nothing
written; a record the caller may not change is refused (403); one the caller may not see is a
404 (the scoped queryset hides it — e.g. specialists see the assessments and needs of their
own constituent group only). Computed figures are read only and say the date they are
computed as of (docs/capacity.md).

The FilterSets live here (the pages have their own): countries by ISO3 code, regions by code,
bienniums by code (e.g. 2014-15), groups, frameworks and dimensions by code.

One module per sub-domain: :mod:`.frameworks`, :mod:`.assessments`, :mod:`.needs` (needs,
plans, plan items), :mod:`.interventions` (interventions, participation, repeat trainees),
:mod:`.figures` (computed figures); what they share is in :mod:`._common`.
"""
from __future__ import annotations

from capacity.api.assessments import AssessmentViewSet
from capacity.api.figures import (
    ChangeViewSet,
    CoverageViewSet,
    IndexViewSet,
    InterventionFigureViewSet,
    ParticipationFigureViewSet,
    ReachViewSet,
)
from capacity.api.frameworks import FrameworkViewSet
from capacity.api.interventions import (
    InterventionViewSet,
    ParticipantViewSet,
    ParticipationCountViewSet,
    RepeatTraineeViewSet,
)
from capacity.api.needs import NeedViewSet, PlanItemViewSet, PlanViewSet
from core.api import registrar

register = registrar(FrameworkViewSet, AssessmentViewSet, NeedViewSet, PlanViewSet,
                     PlanItemViewSet, InterventionViewSet, ParticipationCountViewSet,
                     ParticipantViewSet, IndexViewSet, ChangeViewSet, CoverageViewSet,
                     ParticipationFigureViewSet, InterventionFigureViewSet, ReachViewSet,
                     RepeatTraineeViewSet)
