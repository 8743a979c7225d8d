"""core.access: loading an object for a page with what the user may do with it."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import access, policy
from programmes.models import Dwcp, Indicator, ProgressUpdate, UpdateStatus
from tests.factories import country
from tests.programmes.factories import CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dwcp(db):
    return DwcpFactory(country=country("ALB"))


def test_a_missing_object_is_404(field_user):
    with pytest.raises(Http404):
        access.load(field_user, Dwcp, pk=0)
    with pytest.raises(Http404):
        access.check(field_user, None)


def test_the_object_comes_with_whether_the_user_may_change_it(dwcp, field_user, manager_user):
    loaded = access.load(field_user, Dwcp.objects.select_related("country"), pk=dwcp.pk)
    assert loaded.obj == dwcp and loaded.may_change is True
    obj, may_change = access.load(manager_user, Dwcp, pk=dwcp.pk)
    assert obj == dwcp and may_change is False


def test_an_object_outside_the_scope_is_403(dwcp, field_user_africa):
    with pytest.raises(PermissionDenied):
        access.load(field_user_africa, Dwcp, pk=dwcp.pk)


def test_a_form_needs_the_change_right(dwcp, manager_user, field_user):
    with pytest.raises(PermissionDenied):
        access.load(manager_user, Dwcp, pk=dwcp.pk, change=True)
    assert access.load(field_user, Dwcp, pk=dwcp.pk, change=True).obj == dwcp


def test_an_action_needs_its_capability(dwcp, field_user, manager_user):
    indicator = Indicator.objects.create(cpo=CpoFactory(priority__dwcp=dwcp, code="ALB101"),
                                         code="ALB101.1", title="Agreements", unit="number")
    update = ProgressUpdate.objects.create(indicator=indicator, date=dt.date(2013, 6, 1),
                                           value=1, status=UpdateStatus.SUBMITTED,
                                           submitted_by=field_user)
    with pytest.raises(PermissionDenied):  # no one decides on their own submission
        access.load(field_user, ProgressUpdate, pk=update.pk,
                    capability=policy.DECIDE_PROGRESS_UPDATE)
    assert access.load(manager_user, ProgressUpdate, pk=update.pk,
                       capability=policy.DECIDE_PROGRESS_UPDATE).obj == update
