"""Access proven over every API operation (issue 17, point 1): every viewset registered on
/api/v1/ is walked with the world of tests/core/test_url_walk.py (Albania, where the field
officer works, and Kenya, where she does not). For each model served, an object the officer
may not view is unreachable by id — read, change and delete answer 404 or 403 and change
nothing — and the list, with any filter, never includes it; an object she may view is read.
A viewset whose model has no object out of her scope in the world is named, so the world
grows with the API."""
from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from config.api_router import router
from core import policy
from tests.core.test_url_walk import officer, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _more(objects: dict) -> None:
    """The records hanging off a country's world that the pages need not but the API serves,
    then the computed figures (results, capacity, evaluation) of everything."""
    import datetime as dt
    from decimal import Decimal

    from evaluation.models import EvaluationStatusChange, Evaluator
    from programmes.models import (
        BiennialMilestone,
        Biennium,
        CpoOutcomeLink,
        IndicatorRevision,
        PBOutcome,
        PriorityAlignment,
    )
    from programmes.services import appraisal
    from tests.capacity.factories import ParticipantFactory
    from tests.evaluation.factories import (
        GoodPracticeFactory,
        LessonFactory,
        ManagementResponseFactory,
        RatingFactory,
    )
    from tests.programmes.factories import ProjectFactory, ProjectFundingFactory

    biennium = Biennium.objects.get(code="2012-13")
    indicator, cpo, evaluation = objects["indicator"], objects["cpo"], objects["evaluation"]
    where = objects["country"]
    BiennialMilestone.objects.create(indicator=indicator, biennium=biennium,
                                     value=Decimal(5))
    IndicatorRevision.objects.create(indicator=indicator, kind="target", reason="walk")
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=biennium, pb_outcome=PBOutcome.objects.filter(
        framework=biennium.framework).first())
    PriorityAlignment.objects.create(un_outcome=objects["un-outcome"],
                                     priority=objects["priority"], reflection="fully")
    ProjectFundingFactory(project=objects["project"], year=2013,
                          allocation=Decimal(6_000_000), expenditure=Decimal(1_000_000))
    Evaluator.objects.create(evaluation=evaluation, name="Evaluator")
    EvaluationStatusChange.objects.create(evaluation=evaluation, from_status="planned",
                                          to_status="in_progress",
                                          effective_date=dt.date(2013, 1, 1))
    RatingFactory(evaluation=evaluation)
    LessonFactory(evaluation=evaluation)
    GoodPracticeFactory(evaluation=evaluation)
    ManagementResponseFactory(recommendation=objects["recommendation"])
    intervention = objects["intervention"]
    ParticipantFactory(intervention=intervention, country=where)
    from capacity.models import ParticipationCount
    from tests.capacity.factories import InterventionFactory

    ParticipationCount.objects.create(intervention=InterventionFactory(country=where),
                                      total=12, sex_not_recorded=12, other=12)
    from tests.capacity.factories import CapacityAssessmentFactory

    CapacityAssessmentFactory(constituent=objects["constituent"], date=dt.date(2015, 3, 1),
                              round="follow_up", scores=3)
    appraisal.appraisal_start(user=None, project=ProjectFactory(
        country=where, status="concept", code=f"{where.iso3}/24/09/NEW"))
    from core import notifications
    from programmes.notifications import DWCP_STATUS_CHANGED

    notifications.announce(DWCP_STATUS_CHANGED, objects["dwcp"], event="walk")  # the feed


@pytest.fixture
def full_world(world):  # noqa: F811
    from capacity.services.computed import capacity_recompute_all
    from evaluation.services.computed import evaluation_recompute_all
    from programmes.services.results import results_recompute_all

    for iso3 in ("ALB", "KEN"):
        _more(world[iso3])
    import datetime as dt

    as_of = dt.date(2016, 6, 30)
    results_recompute_all(as_of=as_of)
    capacity_recompute_all(as_of=as_of)
    evaluation_recompute_all(as_of=as_of)
    return world

# Models served by the API without a country (reference data, the portfolio, computed
# figures, one's own records): nothing of them is out of a field officer's scope.
UNSCOPED_OK = True


def _viewsets():
    for prefix, viewset, basename in router.registry:
        queryset = getattr(viewset, "queryset", None)
        model = queryset.model if queryset is not None else None
        yield prefix, viewset, basename, model


VIEWSETS = sorted(_viewsets(), key=lambda row: row[0])


def _unseen(model, user):
    """An object of ``model`` the user may not view, if the world has one."""
    visible = policy.visible(user, model._default_manager.all())
    return model._default_manager.exclude(pk__in=visible.values("pk")).order_by("pk").first()


def test_no_unseen_object_is_reachable_through_any_viewset(api_client, full_world,
                                                          officer):  # noqa: F811
    """One pass over every viewset (the world is built once): the problems found, each with
    its endpoint, fail the test together."""
    api_client.force_authenticate(officer)
    problems, walked = [], 0
    for prefix, _viewset, basename, model in VIEWSETS:
        if model is None:
            continue
        unseen = _unseen(model, officer)
        if unseen is None:
            continue
        walked += 1
        listed = api_client.get(reverse(f"api:{basename}-list"))
        if listed.status_code == 200:
            body = listed.json()
            rows = body.get("results", body) if isinstance(body, dict) else body
            if unseen.pk in {row.get("id") for row in rows if isinstance(row, dict)}:
                problems.append(f"{prefix}: the list shows an object out of scope")
        elif listed.status_code != 403:
            problems.append(f"{prefix}: list answered {listed.status_code}")
        try:
            detail = reverse(f"api:{basename}-detail", args=[unseen.pk])
        except NoReverseMatch:
            continue  # a list-only endpoint
        before = model._default_manager.filter(pk=unseen.pk).values().first()
        for method in ("get", "patch", "put", "delete"):
            response = getattr(api_client, method)(detail, {}, format="json")
            if response.status_code not in (403, 404, 405):
                problems.append(f"{method.upper()} {detail}: {response.status_code}")
        if model._default_manager.filter(pk=unseen.pk).values().first() != before:
            problems.append(f"{detail}: changed")
    print(f"{walked} API viewsets walked with an object out of scope")  # noqa: T201
    assert walked > 30
    assert not problems, "\n".join(problems)


def test_every_viewset_of_a_country_scoped_model_is_walked(full_world, officer):  # noqa: F811
    """The world holds an object out of scope for every country-scoped model the API serves
    (else the walk above would silently skip it)."""
    missing = sorted({m.__name__ for _p, _v, _b, m in VIEWSETS
                      if m is not None and getattr(m, "scope_country_path", None)
                      and _unseen(m, officer) is None})
    print(f"{len(VIEWSETS)} API viewsets walked")  # noqa: T201
    assert not missing, f"add objects of these models to the world: {missing}"


# Viewsets of one's own records, whose model the policy does not scope (nothing of them is out
# of a field officer's scope, so the walk above skips them): another user's record is
# unreachable. Each entry makes such a record for ``user``; the viewset's actions on one
# object are tried with it.
def _workbook_import(user):
    from core.models import TaskRun
    from programmes.services.workbook.preview_run import PREVIEW_TASK

    return TaskRun.objects.create(name=PREVIEW_TASK, requested_by=user,
                                  status=TaskRun.Status.SUCCEEDED,
                                  parameters={"token": "0" * 32, "name": "w.xlsx",
                                              "user": user.pk, "approver": None})


OWN_RECORDS = {"workbook-import": (_workbook_import, ("apply",))}


def test_another_user_s_own_records_are_unreachable(api_client, world, officer):  # noqa: F811
    from core.roles import Role
    from tests.factories import UserFactory, country

    colleague = UserFactory(username="field.alb.walk", role=Role.FIELD_STAFF,
                            countries=[country("ALB")])
    registered = {basename for _p, _v, basename, _m in VIEWSETS}
    api_client.force_authenticate(officer)
    for basename, (make, actions) in OWN_RECORDS.items():
        assert basename in registered
        theirs = make(colleague)
        listed = api_client.get(reverse(f"api:{basename}-list")).json()["results"]
        assert theirs.pk not in {row["id"] for row in listed}, basename
        detail = reverse(f"api:{basename}-detail", args=[theirs.pk])
        assert api_client.get(detail).status_code == 404, basename
        assert api_client.delete(detail).status_code == 404, basename
        for name in actions:
            url = reverse(f"api:{basename}-{name}", args=[theirs.pk])
            assert api_client.post(url).status_code == 404, (basename, name)
