"""Crafted parameters get 400 or 404, never a server error (issue 18, item 6): numbers too
large for the database in filters (``core.filters.IdFilter`` / ``YearFilter``) and ids that
are not numbers in custom actions (``core.api.ID_PATTERN`` on every route)."""
import pytest

pytestmark = pytest.mark.django_db

FILTERS = [
    ("/api/v1/capacity-assessments/", "year=1e20"),
    ("/api/v1/capacity-indices/", "constituent=1e30"),
    ("/api/v1/capacity-interventions/", "constituent=1e30"),
    ("/api/v1/constituent-affiliations/", "constituent=1e30"),
    ("/api/v1/constituent-contacts/", "constituent=1e30"),
    ("/api/v1/cpos/", "un_outcome=18446744073709551616"),
    ("/api/v1/membership-figures/", "constituent=1e30"),
    ("/api/v1/projects/", "year=1e20"),
    ("/api/v1/steering-committee-meetings/", "year=1e20"),
    ("/api/v1/evaluations/", "year=1e20"),
    ("/api/v1/projects/", "year=2020.5"),
]
ACTIONS = [
    ("post", "/api/v1/progress-updates/abc/approve/"),
    ("post", "/api/v1/progress-updates/abc/submit/"),
    ("post", "/api/v1/progress-updates/abc/return/"),
    ("post", "/api/v1/biennia/abc/close/"),
    ("post", "/api/v1/dwcps/abc/transition/"),
    ("post", "/api/v1/capacity-needs/abc/transition/"),
    ("get", "/api/v1/capacity-needs/abc/transitions/"),
    ("post", "/api/v1/evaluations/abc/transition/"),
    ("get", "/api/v1/evaluations/abc/transitions/"),
    ("post", "/api/v1/evaluation-responses/abc/submit/"),
    ("get", "/api/v1/dwcps/99999999999999999999999/"),
]


@pytest.mark.parametrize(("url", "query"), FILTERS)
def test_an_out_of_range_number_in_a_filter_is_a_400_naming_the_filter(api_client,
                                                                        manager_user, url,
                                                                        query):
    api_client.force_authenticate(manager_user)
    response = api_client.get(f"{url}?{query}")
    assert response.status_code == 400, response.content
    assert query.split("=")[0] in response.json()


@pytest.mark.parametrize(("method", "url"), ACTIONS)
def test_an_id_that_is_not_a_number_is_a_404(api_client, manager_user, method, url):
    api_client.force_authenticate(manager_user)
    response = getattr(api_client, method)(url, {}, format="json")
    assert response.status_code == 404


def test_a_page_filter_out_of_range_is_a_form_error_not_a_failure(client, manager_user):
    client.force_login(manager_user)
    for url in ("/programmes/projects/?year=1e20", "/evaluation/?year=1e20",
                "/capacity/interventions/?year=1e20"):
        response = client.get(url)
        assert response.status_code == 200, url
        # The filter form says what is wrong with the year (it is not silently dropped).
        assert response.context["filter"].errors["year"], url
        assert "2200" in response.content.decode(), url
