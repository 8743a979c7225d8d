"""Pages of results monitoring, by sub-domain:

* :mod:`.indicators` — a CPO's indicators, indicator create/edit with biennial milestones, the
  indicator page (definition, milestones and revisions, computed results, chart, updates);
* :mod:`.chart` — the geometry of the indicator chart;
* :mod:`.updates` — progress entry and its workflow (draft → submitted → approved or
  returned), evidence downloads and the approval queue;
* :mod:`.dashboards` — the country results dashboard and the biennium overview where managers
  close and reopen biennia;
* :mod:`.glance` — a DWCP's results framework at a glance (indicators, milestones, actual
  values and statuses per biennium on one page);
* :mod:`.workbook` — the field staff's workbook: template download, upload with a preview of
  every row and error, and the all-or-nothing apply.

No view computes a result: statuses, progress and counts are read from the worker's current
snapshot (programmes.selectors.results), and pages say as of when. ``urlpatterns`` gathers the
sub-modules' lists (programmes/urls.py reads it).
"""
from programmes.views.results import dashboards, glance, indicators, updates, workbook
from programmes.views.results.chart import indicator_chart

__all__ = ["indicator_chart", "urlpatterns"]

urlpatterns = [*indicators.urlpatterns, *updates.urlpatterns, *dashboards.urlpatterns,
               *workbook.urlpatterns, *glance.urlpatterns]
