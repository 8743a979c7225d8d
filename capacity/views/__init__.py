"""Browser pages of capacity development (issue 5), by sub-domain:

* :mod:`.home` — what the user can do here and the counts in their scope;
* :mod:`.assessments` — list, detail (scores with descriptors, computed index, needs),
  create/edit with one score per dimension;
* :mod:`.needs` — list, the bureaux' review queue with bulk actions, a need's page with its
  review history, create/edit;
* :mod:`.plans` — capacity development plans and their items;
* :mod:`.interventions` — interventions, participation counts and the repeat-training flag;
* :mod:`.participant_import` — an intervention's participant list from CSV or .xlsx
  (core.imports: template, preview, apply);
* :mod:`.profile` — the constituent capacity profile with its SVG chart.

Every page asks core.policy (403 outside the user's scope); writes go through
capacity.services; figures are read from the worker's current snapshot.
"""
from . import assessments, home, interventions, needs, participant_import, plans, profile

urlpatterns = [*home.urlpatterns, *assessments.urlpatterns, *needs.urlpatterns,
               *plans.urlpatterns, *interventions.urlpatterns, *participant_import.urlpatterns,
               *profile.urlpatterns]
