"""The quality appraisal pages and API: the panel on the DWCP and project pages (start), the
appraisal page (criteria with the pre-checks' findings, save, complete, reopen), the list with
its filters and the shares per year; who may do what (403 for field staff), query counts that
do not grow with the data, and refusals as 400s with the criteria named."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from programmes.models import Appraisal, AppraisalOutcome, DwcpStatus, ProjectStage
from programmes.services import appraisal as services
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory, DwcpFactory, ProjectFactory
from tests.programmes.factories_appraisal import appraise, appraise_passed

pytestmark = pytest.mark.django_db

LIST = reverse("programmes:appraisal-list")
API = "/api/v1/appraisals/"


def _detail(appraisal):
    return reverse("programmes:appraisal-detail", args=[appraisal.pk])


def _draft(**kwargs):
    return DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL, **kwargs)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _all_met(appraisal, **overrides):
    data = {}
    for rating in appraisal.ratings.select_related("criterion"):
        code = rating.criterion.code
        data[f"rating-{code}"] = overrides.get(code, "met")
        data[f"comment-{code}"] = rating.comment
    return data


# --- the panel on the subject's page ------------------------------------------------------------

def test_the_dwcp_and_project_pages_load_the_appraisal_panel(client, field_user):
    dwcp = _draft()
    project = ProjectFactory()
    client.force_login(field_user)
    for page, panel in ((reverse("programmes:dwcp-detail", args=[dwcp.pk]),
                         reverse("programmes:dwcp-appraisals", args=[dwcp.pk])),
                        (reverse("programmes:project-detail", args=[project.pk]),
                         reverse("programmes:project-appraisals", args=[project.pk]))):
        assert f'hx-get="{panel}?fragment=1"' in client.get(page).content.decode()


def test_a_manager_starts_the_appraisal_from_the_panel(client, manager_user):
    dwcp = _draft()
    panel = reverse("programmes:dwcp-appraisals", args=[dwcp.pk])
    client.force_login(manager_user)
    html = client.get(panel, {"fragment": "1"}).content.decode()
    assert "Start the quality appraisal" in html and "Not appraised yet" in html
    response = client.post(panel)
    appraisal = Appraisal.objects.get(dwcp=dwcp)
    assert response.status_code == 302 and response["Location"] == _detail(appraisal)
    html = client.get(panel, {"fragment": "1"}).content.decode()
    assert "Start the quality appraisal" not in html and "In progress" in html


def test_field_staff_see_the_panel_without_the_start_button_and_cannot_start(client,
                                                                             field_user):
    dwcp = _draft()
    panel = reverse("programmes:dwcp-appraisals", args=[dwcp.pk])
    client.force_login(field_user)
    html = client.get(panel, {"fragment": "1"}).content.decode()
    assert "Start the quality appraisal" not in html
    assert client.post(panel).status_code == 403
    assert not Appraisal.objects.exists()


def test_starting_at_the_wrong_stage_says_why(client, manager_user):
    project = ProjectFactory(status=ProjectStage.ONGOING)
    client.force_login(manager_user)
    response = client.post(reverse("programmes:project-appraisals", args=[project.pk]),
                           follow=True)
    assert "concept or appraisal stage" in response.content.decode()
    assert not Appraisal.objects.exists()


def test_another_countrys_subject_is_out_of_sight(client, field_user_africa):
    dwcp = _draft()
    client.force_login(field_user_africa)
    assert client.get(reverse("programmes:dwcp-appraisals", args=[dwcp.pk])).status_code == 403
    appraisal = appraise_passed(dwcp=dwcp)
    assert client.get(_detail(appraisal)).status_code == 404


# --- the appraisal page ------------------------------------------------------------------------

def test_the_page_shows_each_criterion_with_its_findings_in_order(client, manager_user):
    appraisal = services.appraisal_start(user=manager_user, dwcp=_draft())
    client.force_login(manager_user)
    html = client.get(_detail(appraisal)).content.decode()
    positions = [html.index(f'id="criterion-D{n:02d}"') for n in range(1, 11)]
    assert positions == sorted(positions)
    assert "No workers&#x27; organization is among the signatories." in html
    assert "The results framework has no indicator yet." in html
    assert 'name="rating-D01"' in html and "Complete the appraisal" in html


def test_saving_then_completing_from_the_page(client, manager_user):
    appraisal = services.appraisal_start(user=manager_user, dwcp=_draft())
    client.force_login(manager_user)
    data = _all_met(appraisal)
    data["rating-D10"] = ""
    response = client.post(_detail(appraisal), {**data, "save": "1"})
    assert response.status_code == 302
    assert appraisal.ratings.filter(rating="met").count() == 9

    response = client.post(_detail(appraisal), {**data, "complete": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "1 is not rated: D10" in html and "Rate this criterion." in html
    appraisal.refresh_from_db()
    assert appraisal.outcome == AppraisalOutcome.IN_PROGRESS

    data["rating-D10"] = "not_met"
    data["comment-D10"] = "No steering committee yet."
    response = client.post(_detail(appraisal), {**data, "complete": "1"})
    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.outcome == AppraisalOutcome.REVISE
    html = client.get(_detail(appraisal)).content.decode()
    assert "Revision needed" in html and "Reopen the appraisal" in html
    assert 'name="rating-D01"' not in html


def test_a_rating_out_of_the_choices_is_a_form_error(client, manager_user):
    appraisal = services.appraisal_start(user=manager_user, dwcp=_draft())
    client.force_login(manager_user)
    response = client.post(_detail(appraisal), {"rating-D01": "brilliant", "save": "1"})
    assert response.status_code == 400


def test_field_staff_get_403_on_rate_complete_and_reopen(client, field_user, manager_user):
    dwcp = _draft()
    appraisal = services.appraisal_start(user=manager_user, dwcp=dwcp)
    client.force_login(field_user)
    html = client.get(_detail(appraisal)).content.decode()
    assert 'name="rating-D01"' not in html and "field staff prepare" in html
    for action in ("save", "complete"):
        response = client.post(_detail(appraisal), {**_all_met(appraisal), action: "1"})
        assert response.status_code == 403
    assert not appraisal.ratings.exclude(rating="").exists()
    done = appraise_passed(dwcp=_draft(country=country("ALB"), start_year=2017, end_year=2020))
    response = client.post(reverse("programmes:appraisal-reopen", args=[done.pk]),
                           {"reason": "Mine"})
    assert response.status_code == 403


def test_reopening_needs_a_reason(client, manager_user):
    appraisal = appraise(dwcp=_draft(), not_met=("D07",))
    url = reverse("programmes:appraisal-reopen", args=[appraisal.pk])
    client.force_login(manager_user)
    client.post(url, {"reason": ""})
    appraisal.refresh_from_db()
    assert appraisal.outcome == AppraisalOutcome.REVISE
    client.post(url, {"reason": "Milestones added"})
    appraisal.refresh_from_db()
    assert appraisal.outcome == AppraisalOutcome.IN_PROGRESS


def test_the_page_does_a_constant_number_of_queries(client, manager_user):
    dwcp = _draft()
    appraisal = services.appraisal_start(user=manager_user, dwcp=dwcp)
    client.force_login(manager_user)
    few = _queries(client, _detail(appraisal))
    for n in range(6):
        CpoFactory(priority__dwcp=dwcp, code=f"ALB{120 + n}")
    assert _queries(client, _detail(appraisal)) == few
    completed = appraise_passed(dwcp=_draft(country=country("KEN")))
    assert _queries(client, _detail(completed)) <= few


def test_a_proposal_appraisal_page(client, manager_user):
    project = ProjectFactory(status=ProjectStage.CONCEPT, code="ALB/24/01/EEC")
    appraisal = services.appraisal_start(user=manager_user, project=project)
    client.force_login(manager_user)
    html = client.get(_detail(appraisal)).content.decode()
    assert "ALB/24/01/EEC" in html and "Turin Centre" in html
    assert "The gender equality marker is not assessed." in html


# --- the list and the shares -----------------------------------------------------------------

def test_the_list_filters_by_subject_outcome_and_year(client, manager_user):
    passed = appraise_passed(dwcp=_draft(title="Albania DWCP"))
    failing = appraise(project=ProjectFactory(status=ProjectStage.CONCEPT, code="KEN/1"),
                       not_met=("P01",))
    client.force_login(manager_user)
    html = client.get(LIST).content.decode()
    assert "Albania DWCP" in html and "KEN/1" in html and "2 appraisals" in html
    assert "KEN/1" not in client.get(LIST, {"subject": "dwcp"}).content.decode()
    assert "Albania DWCP" not in client.get(LIST, {"subject": "proposal"}).content.decode()
    assert "Albania DWCP" not in client.get(LIST, {"outcome": "revise"}).content.decode()
    year = passed.started_on.year
    assert "2 appraisals" in client.get(LIST, {"year": year}).content.decode()
    assert "0 appraisals" in client.get(LIST, {"year": year - 1}).content.decode()
    assert client.get(LIST, {"year": "1e20"}).status_code == 200
    assert failing.pk


def test_the_list_shows_the_shares_per_year(client, manager_user):
    dwcp = DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL, status_changed_on="2013-05-01")
    appraise_passed(dwcp=dwcp)
    DwcpFactory(country=country("KEN"), status=DwcpStatus.QUALITY_APPRAISAL,
                status_changed_on="2013-06-01")
    client.force_login(manager_user)
    html = client.get(LIST).content.decode()
    row = html[html.index('id="dwcp-shares"'):]
    row = row[row.index("<th scope=\"row\">2013</th>"):]
    assert "50.0 %" in row[:400]


def test_the_list_does_a_constant_number_of_queries(client, manager_user, field_user):
    appraise_passed(dwcp=_draft())
    client.force_login(manager_user)
    few = _queries(client, LIST)
    for iso3 in ("KEN", "SEN", "BRA", "IND"):
        appraise(dwcp=_draft(country=country(iso3)), not_met=("D01",))
        appraise_passed(project=ProjectFactory(status=ProjectStage.CONCEPT, country=country(
            iso3), code=f"{iso3}/1"))
    assert _queries(client, LIST) == few
    client.force_login(field_user)
    html = client.get(LIST).content.decode()
    assert "1 appraisal" in html  # Albania's only


# --- API ---------------------------------------------------------------------------------------

def test_the_api_lists_appraisals_with_their_ratings_and_filters(api_client, manager_user):
    appraise(dwcp=_draft(), not_met=("D02",))
    appraise_passed(project=ProjectFactory(status=ProjectStage.CONCEPT))
    api_client.force_authenticate(manager_user)
    body = api_client.get(API, {"subject": "dwcp"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["subject"], row["outcome"], row["not_met"], row["country"]) == (
        "dwcp", "revise", 1, "ALB")
    assert [r["code"] for r in row["ratings"]][:2] == ["D01", "D02"]
    assert api_client.get(API, {"outcome": "passed"}).json()["count"] == 1
    assert api_client.get(API, {"year": "abc"}).status_code == 400
    shares = api_client.get(f"{API}shares/").json()
    assert set(shares) == {"dwcp", "proposal"}


def test_the_api_appraises_and_refuses_with_the_criteria_named(api_client, manager_user,
                                                                field_user):
    dwcp = _draft()
    api_client.force_authenticate(field_user)
    assert api_client.post(f"{API}start/", {"dwcp": dwcp.pk}, format="json").status_code == 403
    api_client.force_authenticate(manager_user)
    response = api_client.post(f"{API}start/", {"dwcp": dwcp.pk}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api_client.post(f"{API}{pk}/complete/", {"ratings": [
        {"code": "D01", "rating": "met"}]}, format="json")
    assert response.status_code == 400
    assert "rating-D10" in response.json() and "9 are not rated" in response.json()["detail"]
    ratings = [{"code": f"D{n:02d}", "rating": "met"} for n in range(1, 11)]
    response = api_client.post(f"{API}{pk}/complete/", {"ratings": ratings}, format="json")
    assert response.status_code == 200 and response.json()["outcome"] == "passed"
    response = api_client.post(f"{API}{pk}/reopen/", {"reason": "Revised"}, format="json")
    assert response.status_code == 200 and response.json()["outcome"] == "in_progress"
    api_client.force_authenticate(field_user)
    assert api_client.post(f"{API}{pk}/rate/", {"ratings": []},
                           format="json").status_code == 403
    assert api_client.get(f"{API}{pk}/").status_code == 200


def test_partnerships_officers_appraise_proposals(api_client):
    pardev = UserFactory(username="pardev", role=Role.PARTNERSHIPS)
    project = ProjectFactory(status=ProjectStage.CONCEPT, country=None, scope="interregional")
    api_client.force_authenticate(pardev)
    response = api_client.post(f"{API}start/", {"project": project.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["country"] is None


def test_the_menu_leads_appraisers_to_the_list(manager_user, field_user):
    from core import navigation

    def labels(user):
        return {str(item["label"]) for item in navigation.navigation_for(user, "/")}

    assert "Quality appraisal" in labels(manager_user)
    assert "Quality appraisal" in labels(UserFactory(username="pardev2",
                                                     role=Role.PARTNERSHIPS))
    assert "Quality appraisal" not in labels(field_user)
