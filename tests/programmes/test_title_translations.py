"""Translated content (issue 16, point 3): the titles of DWCPs, priorities, CPOs, outputs and
indicators, and the texts of capacity frameworks, in each language. The original is what was
entered (the ``title_en`` column); a page in a language without a translation shows the
original, marked as such."""
import pytest
from django.utils import translation

from capacity.models import AssessmentDimension, AssessmentFramework
from core import content
from programmes.models import CountryProgrammeOutcome, Dwcp
from programmes.services import framework as framework_services
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db


def test_writing_the_title_under_any_language_writes_the_original():
    """A record created or changed from a French page keeps its title in the original column
    (modeltranslation alone would write it to ``title_fr`` and leave the original empty)."""
    with translation.override("fr"):
        dwcp = DwcpFactory(title="Programme pays")
        cpo = CpoFactory(priority=CountryPriorityFactory(dwcp=dwcp))
        framework_services.cpo_update(
            cpo=cpo, priority=cpo.priority, code=cpo.code, title="Un titre changé",
            description="", outcome_links={}, user=None)
    dwcp.refresh_from_db()
    cpo = CountryProgrammeOutcome.objects.get(pk=cpo.pk)
    assert (dwcp.title_en, dwcp.title_fr) == ("Programme pays", None)
    assert (cpo.title_en, cpo.title_fr) == ("Un titre changé", None)
    with translation.override("en"):
        assert Dwcp.objects.get(pk=dwcp.pk).title == "Programme pays"


def test_capacity_framework_texts_are_kept_in_the_original_column():
    framework = AssessmentFramework.objects.filter(is_current=True).first()
    assert framework is not None and framework.title_en
    dimension = AssessmentDimension.objects.filter(framework=framework).first()
    assert dimension.name_en and dimension.descriptors.first().descriptor_en
    dimension.name_fr = "Capacité de plaidoyer"
    dimension.save(update_fields=["name_fr"])
    with translation.override("fr"):
        assert AssessmentDimension.objects.get(pk=dimension.pk).name == "Capacité de plaidoyer"
    with translation.override("es"):
        assert content.fallback_language(dimension, "name") == "en"
