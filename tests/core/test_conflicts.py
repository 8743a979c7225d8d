"""No silent overwrite (issue 17, point 3): when two people edit the same DWCP, CPO,
indicator (with its milestones), progress update or capacity need, the second save is refused
with who changed what since the page was opened; saving again then keeps one's values on
purpose. The API does the same with ETag / If-Match (412)."""
import pytest
from django.urls import reverse

from capacity.models import CapacityNeed
from programmes.models import CountryProgrammeOutcome, Dwcp, Indicator, ProgressUpdate
from tests.capacity.factories import CapacityNeedFactory
from tests.constituents.factories import ConstituentFactory
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """What the form of ``response`` would post unchanged, with the version it shows."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or getattr(field.widget, "input_type", "") == "file":
            continue
        data[form.add_prefix(name)] = value
    data["version"] = response.context["version_guard"].version
    return data


@pytest.fixture
def colleague(field_user):
    return UserFactory(username="field.alb.2", first_name="Amina", last_name="Diallo",
                       role=field_user.role, countries=[country("ALB")])


def _two_edits(client, first, second, url, *, field, mine, theirs):
    """``first`` and ``second`` open ``url``; ``first`` saves ``field`` = ``theirs``, then
    ``second`` saves ``mine`` from the page opened before: refused. Returns the refusal."""
    client.force_login(second)
    opened = form_data(client.get(url))
    client.force_login(first)
    data = form_data(client.get(url))
    data[field] = theirs
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    client.force_login(second)
    opened[field] = mine
    refused = client.post(url, opened)
    assert refused.status_code in (200, 400)
    html = refused.content.decode()
    assert "Someone else saved this record after you opened it" in html
    assert "Amina Diallo changed" in html
    return refused, opened


def test_a_second_dwcp_edit_is_refused_with_what_changed_then_kept_on_purpose(
        client, field_user, colleague):
    dwcp = DwcpFactory(country=country("ALB"), title="Decent work for Albania")
    url = reverse("programmes:dwcp-edit", args=[dwcp.pk])
    refused, opened = _two_edits(client, colleague, field_user, url, field="title",
                                 mine="My title", theirs="Their title")
    assert "Title" in refused.content.decode()
    assert Dwcp.objects.get(pk=dwcp.pk).title == "Their title"
    # Saving again from the refused page (it now shows the current version) keeps mine.
    again = form_data(refused)
    again["title"] = "My title"
    assert client.post(url, again).status_code == 302
    assert Dwcp.objects.get(pk=dwcp.pk).title == "My title"


def test_a_second_cpo_edit_is_refused(client, field_user, colleague):
    cpo = CpoFactory(priority__dwcp__country=country("ALB"), title="Collective bargaining")
    url = reverse("programmes:cpo-edit", args=[cpo.pk])
    _two_edits(client, colleague, field_user, url, field="title", mine="Mine",
               theirs="Theirs")
    assert CountryProgrammeOutcome.objects.get(pk=cpo.pk).title == "Theirs"


def test_a_second_indicator_edit_is_refused(client, field_user, colleague):
    cpo = CpoFactory(priority__dwcp__country=country("ALB"))
    indicator = Indicator.objects.create(cpo=cpo, code=f"{cpo.code}.1", title="Agreements",
                                         unit="number")
    url = reverse("programmes:indicator-edit", args=[indicator.pk])
    _two_edits(client, colleague, field_user, url, field="title", mine="Mine",
               theirs="Theirs")
    assert Indicator.objects.get(pk=indicator.pk).title == "Theirs"


def test_a_second_progress_update_edit_is_refused(client, field_user, colleague):
    import datetime as dt
    from decimal import Decimal

    cpo = CpoFactory(priority__dwcp__country=country("ALB"))
    indicator = Indicator.objects.create(cpo=cpo, code=f"{cpo.code}.1", title="Agreements",
                                         unit="number")
    update = ProgressUpdate.objects.create(indicator=indicator, date=dt.date(2013, 5, 1),
                                           value=Decimal(3), status="draft")
    url = reverse("programmes:update-edit", args=[update.pk])
    _two_edits(client, colleague, field_user, url, field="value", mine="5", theirs="4")
    assert ProgressUpdate.objects.get(pk=update.pk).value == 4


def test_a_second_need_edit_is_refused(client, field_user, colleague):
    need = CapacityNeedFactory(constituent=ConstituentFactory(country=country("ALB")))
    url = reverse("capacity:need-edit", args=[need.pk])
    _two_edits(client, colleague, field_user, url, field="description", mine="Mine",
               theirs="Theirs")
    assert CapacityNeed.objects.get(pk=need.pk).description == "Theirs"


def test_the_api_refuses_a_stale_if_match_with_412(api_client, field_user, colleague):
    dwcp = DwcpFactory(country=country("ALB"), title="Decent work for Albania")
    url = reverse("api:dwcp-detail", args=[dwcp.pk])
    api_client.force_authenticate(field_user)
    seen = api_client.get(url)["ETag"]
    api_client.force_authenticate(colleague)
    theirs = api_client.patch(url, {"title": "Theirs"}, format="json", HTTP_IF_MATCH=seen)
    assert theirs.status_code == 200 and theirs["ETag"] != seen
    api_client.force_authenticate(field_user)
    refused = api_client.patch(url, {"title": "Mine"}, format="json", HTTP_IF_MATCH=seen)
    assert refused.status_code == 412
    assert "Amina Diallo changed Title" in refused.json()["detail"]
    assert Dwcp.objects.get(pk=dwcp.pk).title == "Theirs"
    current = api_client.get(url)["ETag"]
    assert api_client.patch(url, {"title": "Mine"}, format="json",
                            HTTP_IF_MATCH=current).status_code == 200
