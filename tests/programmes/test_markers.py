"""Cross-cutting markers on CPOs (issue 14, point 3): the UN gender equality marker (0–3, or
not assessed), the ILO Conventions and Protocols concerned (a reference list), social
dialogue and tripartism, just transition; set in the form and the API through the services,
shown on the CPO's page, filterable in the API, recorded in the history."""
import pytest
from django.urls import reverse

from core.errors import ApplicationError
from programmes.models import Convention, CountryProgrammeOutcome
from programmes.services import framework as services
from tests.programmes.factories import CpoFactory

pytestmark = pytest.mark.django_db
CPOS = "/api/v1/cpos/"


def test_the_reference_list_holds_the_fundamental_and_governance_instruments():
    fundamental = set(Convention.objects.filter(
        category=Convention.Category.FUNDAMENTAL).values_list("code", flat=True))
    assert {"C029", "C087", "C098", "C100", "C105", "C111", "C138", "C155", "C182", "C187",
            "P029"} == fundamental
    assert set(Convention.objects.filter(category=Convention.Category.GOVERNANCE)
               .values_list("code", flat=True)) == {"C081", "C122", "C129", "C144", "P081"}
    assert str(Convention.objects.get(code="C190")) == "C190 Violence and Harassment Convention"


def test_markers_are_set_through_the_service_and_kept_when_left_out(field_user):
    cpo = CpoFactory(code="ALB101")
    c087, c098 = Convention.objects.get(code="C087"), Convention.objects.get(code="C098")
    services.cpo_update(cpo=cpo, priority=cpo.priority, code=cpo.code, title=cpo.title,
                        gender_marker=2, conventions=[c087, c098], social_dialogue=True,
                        reason="Markers assessed", user=field_user)
    cpo.refresh_from_db()
    assert (cpo.gender_marker, cpo.social_dialogue, cpo.just_transition) == (2, True, False)
    assert cpo.history.first().history_change_reason == "Markers assessed"
    services.cpo_update(cpo=cpo, priority=cpo.priority, code=cpo.code, title="New title",
                        user=field_user)  # markers left out: unchanged
    cpo.refresh_from_db()
    assert cpo.gender_marker == 2 and set(cpo.conventions.values_list("code", flat=True)) \
        == {"C087", "C098"}
    with pytest.raises(ApplicationError) as refused:
        services.cpo_update(cpo=cpo, priority=cpo.priority, code=cpo.code, title=cpo.title,
                            gender_marker=5, user=field_user)
    assert refused.value.field_errors["gender_marker"] == [
        "The gender equality marker is 0, 1, 2 or 3 (or empty when not assessed)."]


def test_field_staff_set_the_markers_in_the_cpo_form_and_see_them(client, field_user):
    cpo = CpoFactory(code="ALB101")
    client.force_login(field_user)
    url = reverse("programmes:cpo-edit", args=[cpo.pk])
    form = client.get(url).content.decode()
    assert "Gender equality marker" in form and "C087 Freedom of Association" in form
    response = client.post(url, {
        "priority": cpo.priority_id, "code": "ALB101", "title": cpo.title,
        "gender_marker": "3", "conventions": [Convention.objects.get(code="C189").pk],
        "just_transition": "on", "reason": "Markers"})
    assert response.status_code == 302
    cpo = CountryProgrammeOutcome.objects.get(pk=cpo.pk)
    assert (cpo.gender_marker, cpo.just_transition, cpo.social_dialogue) == (3, True, False)
    page = client.get(reverse("programmes:cpo-detail", args=[cpo.pk])).content.decode()
    assert "3 – gender equality is the principal objective" in page
    assert 'title="Domestic Workers Convention, 2011">C189<' in page
    # Back to "not assessed".
    client.post(url, {"priority": cpo.priority_id, "code": "ALB101", "title": cpo.title,
                      "gender_marker": "", "reason": "Not assessed after all"})
    assert CountryProgrammeOutcome.objects.get(pk=cpo.pk).gender_marker is None


def test_the_api_sets_and_filters_the_markers(api_client, field_user):
    first, second = CpoFactory(code="ALB101"), CpoFactory(code="ALB102")
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"{CPOS}{first.pk}/", {
        "gender_marker": 2, "conventions": ["C087", "P029"], "social_dialogue": True,
        "reason": "Assessed"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["conventions"] == ["C087", "P029"]
    bad = api_client.patch(f"{CPOS}{second.pk}/", {"gender_marker": 4,
                                                  "conventions": ["C999"]}, format="json")
    assert bad.status_code == 400 and set(bad.json()) >= {"gender_marker", "conventions"}
    codes = lambda **f: [c["code"] for c in api_client.get(CPOS, f).json()["results"]]  # noqa: E731
    assert codes(convention="C087") == ["ALB101"]
    assert codes(gender_marker_min=1) == ["ALB101"]
    assert codes(social_dialogue="false") == ["ALB102"]
    cleared = api_client.patch(f"{CPOS}{first.pk}/", {"gender_marker": None}, format="json")
    assert cleared.json()["gender_marker"] is None
