"""The biennial report in French names P&B outcomes by their French titles, and marks an
English one where no French title is given (issue 16, point 3)."""
import pytest

from reporting import services

pytestmark = pytest.mark.django_db


def test_biennial_report_in_french_uses_french_outcome_titles(report_data):
    outcome = report_data["outcome"]
    other = outcome.framework.outcomes.exclude(pk=outcome.pk).order_by("code").first()
    outcome.title_fr = "Davantage de femmes et d'hommes ont accès à un emploi productif"
    outcome.save(update_fields=["title_fr"])
    out = services.render_report(kind="biennial", parameters={"biennium": "2012-13"},
                                 language="fr", front_matter={})
    rows = [r[0] for r in out["document"].tables[2].rows]
    assert f"{outcome.code}. {outcome.title_fr}" in rows
    assert f"{other.code}. {other.title_en} (anglais)".lower() in [r.lower() for r in rows]
