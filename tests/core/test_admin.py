"""core.admin: every admin saves and deletes the same way — only where the policy lets the
user change the object at its scope, attributed in the history to the signed-in user with the
admin's reason — and programme data is saved through its services (ServiceAdmin), so the admin
keeps the rules, locks and workflows the pages and the API keep."""
import datetime as dt
import inspect

import pytest
from django.contrib import admin as django_admin
from django.core.exceptions import PermissionDenied

from capacity.models import CapacityNeed, NeedStatus
from core.admin import ReadOnlyServiceAdmin, ServiceAdmin
from core.history import ADMIN_REASON
from core.roles import Role
from programmes.models import CountryPriority, Dwcp, DwcpStatus, Project, StrategicObjective
from tests.capacity.factories import CapacityNeedFactory
from tests.factories import UserFactory, country
from tests.programmes.factories import DwcpFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user(db):
    """Field staff for Albania with access to the admin site."""
    return UserFactory(username="staff.alb", role=Role.FIELD_STAFF, countries=[country("ALB")],
                       is_staff=True)


def _request(rf, user):
    request = rf.post("/admin/")
    request.user = user
    return request


def _admin_save(model_admin, request, obj, data):
    """What the admin's change form does with a valid submission (no inlines)."""
    change = obj is not None
    form = model_admin.get_form(request, obj, change=change)(data, instance=obj)
    assert form.is_valid(), form.errors
    new = model_admin.save_form(request, form, change=change)
    model_admin.save_model(request, new, form, change)
    return new


def _service_admins():
    """The admins that add and change through services (read-only ones only delete)."""
    return [(model, model_admin) for model, model_admin in django_admin.site._registry.items()
            if isinstance(model_admin, ServiceAdmin)
            and not isinstance(model_admin, ReadOnlyServiceAdmin)]


class _Submitted:
    """A form as a service admin reads it: every field filled in and changed."""

    def __init__(self, form_class):
        self.fields = form_class.base_fields
        self.cleaned_data = dict.fromkeys(self.fields)
        self.changed_data = list(self.fields)


@pytest.mark.parametrize("verb", ["create", "update"])
def test_every_service_admin_hands_its_form_to_services_that_take_it(rf, admin_user, verb):
    """A field the service does not take, or an argument it needs that the form lacks, would
    be a server error on the first save: caught here for every admin, add and change form."""
    request = _request(rf, admin_user)
    admins = _service_admins()
    assert {Dwcp, CountryPriority, Project, CapacityNeed} <= {model for model, _ in admins}
    for model, model_admin in admins:
        obj = None if verb == "create" else model()
        form_class = model_admin.get_form(request, obj, change=obj is not None)
        kwargs = model_admin.service_arguments(verb, _Submitted(form_class), obj)
        params = inspect.signature(model_admin.service(verb)).parameters
        given = {*kwargs, "user", model_admin.instance_kw or model_admin.entity}
        needed = {name for name, p in params.items() if p.default is inspect.Parameter.empty
                  and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
        assert needed <= given, f"{model.__name__} admin: {verb} needs {needed - given}"


def test_a_reference_record_saved_in_the_admin_is_attributed_with_the_admin_reason(rf,
                                                                                   admin_user):
    """Reference data has no service: PolicyAdmin saves it and records who and why."""
    objective = StrategicObjective.objects.first()
    model_admin = django_admin.site._registry[StrategicObjective]
    # The title is edited in each language (title_en, title_fr, title_es: modeltranslation).
    data = {f: getattr(objective, f) for f in ("code", "title_en", "title_fr", "order")}
    _admin_save(model_admin, _request(rf, admin_user), objective,
                {**data, "title_en": "Employment promotion"})
    record = objective.history.first()
    assert record.title == record.title_en == "Employment promotion"
    assert record.history_user == admin_user
    assert record.history_change_reason == ADMIN_REASON


def test_a_project_changed_in_the_admin_goes_through_the_service(rf, staff_user):
    project = ProjectFactory(country=country("ALB"))
    model_admin = django_admin.site._registry[Project]
    fields = model_admin.get_form(_request(rf, staff_user), project, change=True).base_fields
    data = {name: getattr(project, name) for name in fields}
    data.update(country=project.country_id,
                title="Skills for decent jobs in the Western Balkans")
    _admin_save(model_admin, _request(rf, staff_user), project, data)
    project.refresh_from_db()
    assert project.title == "Skills for decent jobs in the Western Balkans"
    record = project.history.first()
    assert record.history_user == staff_user
    assert record.history_change_reason == ADMIN_REASON


def test_an_admin_save_outside_the_users_countries_is_refused_and_writes_nothing(rf,
                                                                                 staff_user):
    project = ProjectFactory(country=country("UKR"))
    model_admin = django_admin.site._registry[Project]
    request = _request(rf, staff_user)
    form = model_admin.get_form(request, project, change=True)(instance=project)
    project.title = "Changed from Albania"
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, project, form, True)
    project.refresh_from_db()
    assert project.title != "Changed from Albania"


def test_a_new_dwcp_is_judged_by_the_country_it_would_have(rf, staff_user):
    model_admin = django_admin.site._registry[Dwcp]
    request = _request(rf, staff_user)
    data = {"title": "Decent Work Country Programme 2026–2029", "start_year": 2026,
            "end_year": 2029, "summary": "", "document_url": "", "signed_date": "",
            "un_framework": "", "un_outcomes": []}
    elsewhere = model_admin.get_form(request, None)({**data, "country": country("UKR").pk})
    assert "country" in elsewhere.errors
    own = _admin_save(model_admin, request, None, {**data, "country": country("ALB").pk})
    dwcp = Dwcp.objects.get(pk=own.pk)
    assert dwcp.country == country("ALB")
    assert dwcp.status == DwcpStatus.IN_PREPARATION
    assert dwcp.history.first().history_user == staff_user


def test_a_rule_only_the_service_knows_is_kept_in_the_admin(client, staff_user):
    """An addressed need is closed to edits (capacity.services.needs.need_update): the admin
    shows the refusal and changes nothing."""
    staff = staff_user
    need = CapacityNeedFactory(constituent__country=country("ALB"),
                               status=NeedStatus.ADDRESSED)
    client.force_login(staff)
    url = f"/admin/capacity/capacityneed/{need.pk}/change/"
    form = {"constituent": need.constituent_id, "assessment": "", "dimension": "",
            "description": "Rewritten after the fact", "level": need.level,
            "capacity_type": need.capacity_type, "technical_area": need.technical_area,
            "priority": need.priority,
            "transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"}
    response = client.post(url, form, follow=True)
    assert response.status_code == 200
    need.refresh_from_db()
    assert need.description != "Rewritten after the fact"
    assert "addressed" in response.content.decode().lower()


def test_a_delete_in_the_admin_goes_through_the_service_and_is_attributed(rf, admin_user):
    priority = CountryPriority.objects.create(
        dwcp=DwcpFactory(country=country("ALB"), start_year=2024, end_year=2027),
        code="1", title="Employment", order=1)
    pk = priority.pk
    django_admin.site._registry[CountryPriority].delete_model(_request(rf, admin_user),
                                                              priority)
    record = CountryPriority.history.filter(id=pk).first()
    assert record.history_type == "-"
    assert record.history_user == admin_user
    assert record.history_change_reason == ADMIN_REASON
    assert not CountryPriority.objects.filter(pk=pk).exists()


def test_an_evaluation_saved_in_the_admin_goes_through_its_service(rf, staff_user):
    from evaluation.models import Evaluation
    from tests.evaluation.factories import EvaluationFactory

    evaluation = EvaluationFactory(title="Final evaluation", planned_end=dt.date(2015, 12, 31))
    model_admin = django_admin.site._registry[Evaluation]
    request = _request(rf, staff_user)
    form = model_admin.get_form(request, evaluation, change=True)(instance=evaluation)
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for name in ("countries", "regions", "pb_outcomes", "cpos", "sdg_targets"):
        data[name] = [o.pk for o in data[name]] if data.get(name) else []
    data.update(title="Final independent evaluation")
    _admin_save(model_admin, request, evaluation, data)
    evaluation.refresh_from_db()
    assert evaluation.title == "Final independent evaluation"
    record = evaluation.history.first()
    assert (record.history_user, record.history_change_reason) == (staff_user, ADMIN_REASON)


def test_an_assessment_is_only_viewed_and_deleted_through_its_service_in_the_admin(
        rf, staff_user):
    """Its scores and follow-up rules belong to the capacity pages: no add, no change."""
    from capacity.models import CapacityAssessment
    from tests.capacity.factories import CapacityAssessmentFactory

    assessment = CapacityAssessmentFactory(constituent__country=country("ALB"))
    model_admin = django_admin.site._registry[CapacityAssessment]
    request = _request(rf, staff_user)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, assessment)
    assert model_admin.has_view_permission(request, assessment)
    assert model_admin.has_delete_permission(request, assessment)
    pk = assessment.pk
    model_admin.delete_model(request, assessment)
    record = CapacityAssessment.history.filter(id=pk).first()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "-", staff_user, ADMIN_REASON)
