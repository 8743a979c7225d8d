"""The results-framework pages: the whole priority → CPO → output tree (a fixed number of
queries however many CPOs), inline htmx add/edit for field staff with messages next to the
fields, plain pages for the same forms, the CPO page with its history; 403 outside the
user's countries, managers read-only."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import (
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Output,
    PBOutcome,
)
from tests.programmes.factories import (
    CountryPriorityFactory,
    CpoFactory,
    DwcpFactory,
    OutputFactory,
    UNFrameworkOutcomeFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _tree_url(dwcp) -> str:
    return reverse("programmes:dwcp-framework", args=[dwcp.pk])


def _field_errors(html: str, name: str) -> list[str]:
    return re.findall(rf'<p class="field__error" id="id_{name}_error">([^<]*)</p>', html)


def _spf(code: str) -> PBOutcome:
    return PBOutcome.objects.get(framework__code="SPF 2010-15", code=code)


def _grow(dwcp, n: int) -> None:
    """``n`` more CPOs, each with a link, a UN outcome, an SDG target and two outputs."""
    priority = CountryPriorityFactory(dwcp=dwcp)
    b12 = Biennium.objects.get(start_year=2012)
    from programmes.models import SdgTarget

    target = SdgTarget.objects.first()
    for _ in range(n):
        cpo = CpoFactory(priority=priority)
        CpoOutcomeLink.objects.create(cpo=cpo, biennium=b12, pb_outcome=_spf("1"))
        cpo.un_outcomes.add(UNFrameworkOutcomeFactory())
        if target:
            cpo.sdg_targets.add(target)
        OutputFactory.create_batch(2, cpo=cpo)


# --- the tree ---------------------------------------------------------------------------------

def test_the_tree_shows_priorities_cpos_links_and_outputs(client, field_user):
    cpo = CpoFactory(code="ALB101", title="Employment policies in place",
                     priority=CountryPriorityFactory(code="1", title="More and better jobs"))
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=Biennium.objects.get(start_year=2014),
                                  pb_outcome=_spf("2"))
    OutputFactory(cpo=cpo, code="1.1", title="Youth employment action plan drafted")
    client.force_login(field_user)
    html = client.get(_tree_url(cpo.dwcp)).content.decode()
    for text in ("More and better jobs", "ALB101", "Employment policies in place",
                 "2014-15: SPF 2010-15 outcome 2", "2012-13: not linked", "2016-17: not linked",
                 "Youth employment action plan drafted", "Add an output to ALB101"):
        assert text in html, text
    assert reverse("object-history", args=["programmes", "dwcp", cpo.dwcp_id]) in html


def test_the_tree_runs_a_fixed_number_of_queries_as_cpos_grow(client, field_user,
                                                             django_assert_num_queries):
    dwcp = DwcpFactory()
    _grow(dwcp, 2)
    client.force_login(field_user)
    client.get(_tree_url(dwcp))
    with CaptureQueriesContext(connection) as few:
        assert client.get(_tree_url(dwcp)).status_code == 200
    _grow(dwcp, 15)
    with django_assert_num_queries(len(few)):
        html = client.get(_tree_url(dwcp)).content.decode()
    assert html.count("tree__node--cpo") == 17


def test_the_dwcp_page_loads_the_tree_as_a_fragment(client, field_user):
    cpo = CpoFactory(code="ALB101")
    client.force_login(field_user)
    html = client.get(_tree_url(cpo.dwcp), {"fragment": 1}).content.decode()
    assert html.startswith('<div id="framework-tree"') and "ALB101" in html
    assert "<html" not in html


def test_field_staff_of_another_country_get_403(client, field_user_africa):
    cpo = CpoFactory()
    output = OutputFactory(cpo=cpo)
    client.force_login(field_user_africa)
    for url in (_tree_url(cpo.dwcp), reverse("programmes:cpo-detail", args=[cpo.pk]),
                reverse("programmes:priority-create", args=[cpo.dwcp_id]),
                reverse("programmes:cpo-create", args=[cpo.priority_id]),
                reverse("programmes:cpo-edit", args=[cpo.pk]),
                reverse("programmes:output-create", args=[cpo.pk]),
                reverse("programmes:output-edit", args=[output.pk])):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("programmes:priority-create", args=[cpo.dwcp_id]),
                           {"code": "9", "title": "Intruder"})
    assert response.status_code == 403
    assert CountryPriority.objects.count() == 1


def test_managers_read_the_tree_without_add_or_edit(client, manager_user):
    cpo = CpoFactory(code="ALB101")
    client.force_login(manager_user)
    html = client.get(_tree_url(cpo.dwcp)).content.decode()
    assert "ALB101" in html
    assert "Add a priority" not in html and "Add a CPO" not in html
    assert reverse("programmes:cpo-edit", args=[cpo.pk]) not in html
    response = client.post(reverse("programmes:output-create", args=[cpo.pk]),
                           {"code": "1", "title": "x"})
    assert response.status_code == 403
    assert not Output.objects.exists()


# --- inline (htmx) add and edit ---------------------------------------------------------------

def test_the_add_link_fetches_a_small_form_into_its_slot(client, field_user):
    dwcp = DwcpFactory()
    client.force_login(field_user)
    html = client.get(reverse("programmes:priority-create", args=[dwcp.pk]),
                      **HTMX).content.decode()
    assert html.startswith('<div id="add-priority"')
    assert 'hx-post="/programmes/dwcps/' in html and "<html" not in html


def test_a_priority_added_inline_comes_back_in_the_whole_tree(client, field_user):
    dwcp = DwcpFactory()
    client.force_login(field_user)
    response = client.post(reverse("programmes:priority-create", args=[dwcp.pk]),
                           {"code": "1", "title": "Promoting employment", "reason": "DWCP doc"},
                           **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="framework-tree"') and "Promoting employment" in html
    assert "Priority added." in html
    priority = CountryPriority.objects.get()
    assert priority.history.first().history_change_reason == "DWCP doc"
    assert priority.history.first().history_user == field_user


def test_a_refused_inline_form_returns_to_its_slot_with_the_message_next_to_the_field(
        client, field_user):
    cpo = CpoFactory(code="ALB101")
    client.force_login(field_user)
    response = client.post(reverse("programmes:cpo-create", args=[cpo.priority_id]), {
        "priority": cpo.priority_id, "code": "alb101", "title": "Duplicate"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#add-cpo-{cpo.priority_id}"
    errors = _field_errors(response.content.decode(), "code")
    assert errors and "already used" in errors[0]
    assert CountryProgrammeOutcome.objects.count() == 1


def test_a_cpo_is_added_with_its_pb_outcome_per_biennium(client, field_user):
    priority = CountryPriorityFactory()  # DWCP 2012–2016
    un = UNFrameworkOutcomeFactory()
    client.force_login(field_user)
    url = reverse("programmes:cpo-create", args=[priority.pk])
    form_html = client.get(url).content.decode()
    assert 'name="pb_2012"' in form_html and 'name="pb_2014"' in form_html
    assert 'name="pb_2010"' not in form_html
    assert 'name="pb_2016"' in form_html  # P&B 2016–17 is reference data too
    assert "results framework is recorded for" not in form_html
    response = client.post(url, {
        "priority": priority.pk, "code": "ALB101", "title": "Jobs for youth",
        "planned_resources": "250000", "pb_2012": _spf("1").pk, "pb_2014": _spf("2").pk,
        "un_outcomes": [un.pk], "sdg_targets": []})
    assert response.status_code == 302
    cpo = CountryProgrammeOutcome.objects.get()
    assert {(x.biennium.code, x.pb_outcome.code) for x in cpo.outcome_links.all()} == {
        ("2012-13", "1"), ("2014-15", "2")}
    page = client.get(reverse("programmes:cpo-detail", args=[cpo.pk])).content.decode()
    assert "2014-15" in page and reverse("object-history", args=[
        "programmes", "countryprogrammeoutcome", cpo.pk]) in page


def test_a_cpo_edit_can_drop_a_link(client, field_user):
    cpo = CpoFactory(code="ALB101")
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=Biennium.objects.get(start_year=2012),
                                  pb_outcome=_spf("1"))
    client.force_login(field_user)
    response = client.post(reverse("programmes:cpo-edit", args=[cpo.pk]) + "?next=framework",
                           {"priority": cpo.priority_id, "code": "ALB101", "title": cpo.title,
                            "pb_2012": "", "reason": "Not linked after all"}, **HTMX)
    assert response.status_code == 200 and "CPO saved." in response.content.decode()
    assert not cpo.outcome_links.exists()


def test_an_output_is_edited_inline(client, field_user):
    output = OutputFactory(code="1", title="Old")
    client.force_login(field_user)
    url = reverse("programmes:output-edit", args=[output.pk])
    assert client.get(url, **HTMX).content.decode().startswith(f'<div id="output-{output.pk}"')
    response = client.post(url, {"code": "1", "title": "Labour inspectors trained"}, **HTMX)
    assert "Labour inspectors trained" in response.content.decode()
    assert Output.objects.get(pk=output.pk).title == "Labour inspectors trained"


def test_deleting_a_priority_with_cpos_shows_why_it_cannot(client, field_user):
    cpo = CpoFactory()
    client.force_login(field_user)
    response = client.post(reverse("programmes:priority-delete", args=[cpo.priority_id]),
                           **HTMX)
    assert "still has outcomes" in response.content.decode()
    assert CountryPriority.objects.filter(pk=cpo.priority_id).exists()


def test_without_javascript_the_forms_are_pages_that_redirect_back_to_the_tree(client,
                                                                              field_user):
    dwcp = DwcpFactory()
    client.force_login(field_user)
    url = reverse("programmes:priority-create", args=[dwcp.pk])
    assert "<html" in client.get(url).content.decode()
    response = client.post(url, {"code": "", "title": ""})
    assert _field_errors(response.content.decode(), "code")
    response = client.post(url, {"code": "1", "title": "Social dialogue"})
    assert response.status_code == 302 and response["Location"] == _tree_url(dwcp)
