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


def test_biennial_report_in_french_uses_the_french_cpo_title(report_data):
    """The outcome tables name a CPO by its French title; an indicator without one by its
    original title, marked as English."""
    cpo, indicator = report_data["cpo"], report_data["achieved"]
    cpo.title_fr = "Politiques de l'emploi des jeunes"
    cpo.save(update_fields=["title_fr"])
    out = services.render_report(kind="biennial", parameters={"biennium": "2012-13"},
                                 language="fr", front_matter={})
    cells = [str(row[0]) for table in out["document"].tables for row in table.rows]
    assert f"ALB101 {cpo.title_fr}" in cells
    assert "ALB101 Youth employment policies" not in " ".join(cells)
    assert any(cell.lower().startswith(f"{indicator.code.lower()} agreements achieved (anglais)")
               for cell in cells), [c for c in cells if c.startswith(indicator.code)]
