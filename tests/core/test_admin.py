"""core.admin.PolicyAdmin: every admin saves and deletes the same way — only where the policy
lets the user change the object at its scope, attributed in the history to the signed-in
user with the admin's reason."""
import pytest
from django.contrib import admin as django_admin
from django.core.exceptions import PermissionDenied

from core.history import ADMIN_REASON
from programmes.models import Dwcp, Project
from tests.factories import country
from tests.programmes.factories import DwcpFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _request(rf, user):
    request = rf.post("/admin/")
    request.user = user
    return request


def test_a_save_in_any_admin_is_attributed_with_the_admin_reason(rf, field_user):
    """The projects admin has no save code of its own: PolicyAdmin records who and why."""
    project = ProjectFactory(country=country("ALB"))
    project.title = "Skills for decent jobs in the Western Balkans"
    model_admin = django_admin.site._registry[Project]
    model_admin.save_model(_request(rf, field_user), project, None, True)
    record = project.history.first()
    assert record.title == "Skills for decent jobs in the Western Balkans"
    assert record.history_user == field_user
    assert record.history_change_reason == ADMIN_REASON


def test_an_admin_save_outside_the_users_countries_is_refused_and_writes_nothing(rf,
                                                                                 field_user):
    project = ProjectFactory(country=country("UKR"))
    project.title = "Changed from Albania"
    model_admin = django_admin.site._registry[Project]
    with pytest.raises(PermissionDenied):
        model_admin.save_model(_request(rf, field_user), project, None, True)
    project.refresh_from_db()
    assert project.title != "Changed from Albania"


def test_a_new_dwcp_is_judged_by_the_country_it_would_have(rf, field_user):
    model_admin = django_admin.site._registry[Dwcp]
    elsewhere = DwcpFactory.build(country=country("UKR"))
    with pytest.raises(PermissionDenied):
        model_admin.save_model(_request(rf, field_user), elsewhere, None, False)
    assert not Dwcp.objects.filter(country__iso3="UKR").exists()
    own = DwcpFactory.build(country=country("ALB"))
    model_admin.save_model(_request(rf, field_user), own, None, False)
    assert own.pk is not None
    assert own.history.first().history_change_reason == ADMIN_REASON


def test_a_delete_in_the_admin_is_attributed(rf, admin_user):
    project = ProjectFactory()
    pk = project.pk
    django_admin.site._registry[Project].delete_model(_request(rf, admin_user), project)
    record = Project.history.filter(id=pk).first()
    assert record.history_type == "-"
    assert record.history_user == admin_user
    assert record.history_change_reason == ADMIN_REASON
