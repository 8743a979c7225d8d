"""API of results monitoring: indicators with their biennial milestones, progress updates and
their approval workflow, revisions of baselines, targets and milestones, the results the
worker computed (current snapshot), and closing / reopening a biennium.

Writes go through :mod:`programmes.services.indicators`, so the API applies the same rules and
messages as the pages: a broken rule is a 400 with the message under the field it concerns
and nothing written; an object the caller may not change is refused (403); one the caller may
not see is a 404 (the scoped queryset hides it). Computed results are read only: the worker
writes them (see docs/indicators.md) and every row says the date they are computed as of.

By concern: :mod:`.indicators` (indicators, milestones, revisions), :mod:`.updates` (progress
updates and their workflow), :mod:`.computed` (snapshot results and roll-ups), :mod:`.biennia`
(closing and reopening); :mod:`._fields` holds the shared serializer helpers.

The FilterSets (:mod:`._filters`) live here because the results pages are served by another
module; they take the same names as elsewhere: ``country`` (ISO3), ``region`` (code), ``dwcp``,
``cpo``, ``indicator`` (ids), ``biennium`` (code, e.g. 2020-21), ``status``, ``unit``.
"""
from core.api import registrar
from programmes.api.results.biennia import BienniumLockViewSet
from programmes.api.results.computed import (
    CpoResultViewSet,
    IndicatorResultViewSet,
    ResultRollupViewSet,
)
from programmes.api.results.evidence import EvidenceFileViewSet
from programmes.api.results.indicators import (
    IndicatorRevisionViewSet,
    IndicatorViewSet,
    MilestoneViewSet,
)
from programmes.api.results.updates import ProgressUpdateViewSet
from programmes.api.results.workbook import WorkbookImportViewSet

__all__ = ["register"]


register = registrar(IndicatorViewSet, MilestoneViewSet, ProgressUpdateViewSet,
                     IndicatorRevisionViewSet, IndicatorResultViewSet, CpoResultViewSet,
                     ResultRollupViewSet, EvidenceFileViewSet, WorkbookImportViewSet,
                     # Actions only: GET /biennia/ and /biennia/{id}/ are the reference API's
                     # (registered before).
                     BienniumLockViewSet)
