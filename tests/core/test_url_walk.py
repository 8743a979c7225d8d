"""Access proven over every page URL (issue 17, point 1): every route of the site (pages,
htmx fragments, downloads, history, exports; the admin and the API are walked by their own
tests) is declared below with the object it is about and what it needs, and a route that
is not declared fails the suite. For each declared route, with a world of two countries
(Albania, where the field officer works, and Kenya, where she does not):

* a signed-out visitor is sent to the sign-in page (or refused), never shown the page;
* a user who may not view the object (``core.policy``) gets 403 or 404 for GET and POST;
* a user who may view but not change it gets 403, 404 or 405 on the pages that change it,
  and nothing is changed;
* a user who may change it reaches the page (so the checks above are not vacuous);
* every list and page without an object, opened by the Albanian field officer, shows none
  of Kenya's programme data.

The policy itself is proven by tests/core/test_policy_matrix.py; this walk proves that every
route asks it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core import policy
from core.roles import Role
from programmes.models import (
    Biennium,
    Donor,
    EvidenceFile,
    ExchangeRate,
    FundingAgreement,
    Indicator,
    NationalDevelopmentPlan,
    NationalPriority,
    ProgressUpdate,
    Signatory,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
    UpdateStatus,
)
from tests.capacity.factories import (
    CapacityAssessmentFactory,
    CapacityNeedFactory,
    InterventionFactory,
    PlanFactory,
)
from tests.constituents.factories import (
    AffiliationFactory,
    ConstituentFactory,
    ContactFactory,
    MembershipFigureFactory,
)
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    RecommendationFactory,
)
from tests.factories import UserFactory, country
from tests.programmes.factories import (
    CountryPriorityFactory,
    CpoFactory,
    DwcpFactory,
    OutputFactory,
    ProjectFactory,
    UNFrameworkFactory,
    UNFrameworkOutcomeFactory,
)
from tests.programmes.factories_resources import link

pytestmark = pytest.mark.django_db

SECRET = "ZZSECRET"  # in every text of Kenya's programme data


@dataclass(frozen=True)
class Route:
    kind: str | None  # the object the URL's parameter names (a key of the world), or None
    need: str  # open | login | view | change | act (a workflow step or capability) | own
    get: bool = True  # answers GET (False: POST only)


# Every page route of the site. ``need``: "open" for everyone, "login" for any signed-in
# user (the page itself scopes what it shows), "view" / "change" the object, "act" a
# workflow step or capability on the object (refused outside the object's scope), "own" the
# user's own record.
R = Route
ROUTES: dict[str, Route] = {
    "home": R(None, "login"),
    "login": R(None, "open"),
    "logout": R(None, "open", get=False),
    "password_change": R(None, "login"),
    "password_change_done": R(None, "login"),
    "object-history": R("history", "view"),
    "healthz": R(None, "open"),
    "api-schema": R(None, "open"),  # the API's documentation: no data
    "api-docs": R(None, "open"),
    "set_language": R(None, "open", get=False),
    "notifications:inbox": R(None, "login"),
    "notifications:open": R("notification", "own"),
    "notifications:read": R(None, "login", get=False),
    "notifications:settings": R(None, "login"),
    "notifications:badge": R(None, "login"),
    # constituents
    "constituents:constituent-list": R(None, "login"),
    "constituents:constituent-create": R(None, "login"),
    "constituents:constituent-detail": R("constituent", "view"),
    "constituents:constituent-edit": R("constituent", "change"),
    "constituents:constituent-set-active": R("constituent", "change", get=False),
    "constituents:constituent-import": R(None, "login"),
    "constituents:constituent-import-template": R(None, "login"),
    "constituents:country-list": R(None, "login"),
    "constituents:country-detail": R("country", "view"),
    "constituents:country-context-edit": R("country", "change"),
    "constituents:affiliation-add": R("constituent", "change", get=False),
    "constituents:affiliation-edit": R("affiliation", "change"),
    "constituents:affiliation-delete": R("affiliation", "change"),
    "constituents:membership-add": R("constituent", "change", get=False),
    "constituents:membership-edit": R("membership", "change"),
    "constituents:membership-delete": R("membership", "change"),
    "constituents:contact-add": R("constituent", "change", get=False),
    "constituents:contact-edit": R("contact", "change"),
    "constituents:contact-delete": R("contact", "change"),
    # programmes: DWCPs
    "programmes:dwcp-list": R(None, "login"),
    "programmes:dwcp-create": R(None, "login"),
    "programmes:dwcp-detail": R("dwcp", "view"),
    "programmes:dwcp-edit": R("dwcp", "change"),
    "programmes:dwcp-transition": R("dwcp", "act", get=False),
    "programmes:signatory-create": R("dwcp", "change"),
    "programmes:signatory-edit": R("signatory", "change"),
    "programmes:signatory-delete": R("signatory", "change"),
    "programmes:committee-member-create": R("dwcp", "change"),
    "programmes:committee-member-edit": R("committee-member", "change"),
    "programmes:committee-member-delete": R("committee-member", "change"),
    "programmes:committee-meeting-create": R("dwcp", "change"),
    "programmes:committee-meeting-edit": R("committee-meeting", "change"),
    "programmes:committee-meeting-delete": R("committee-meeting", "change"),
    "programmes:committee-decision-create": R("committee-meeting", "change"),
    "programmes:committee-decision-edit": R("committee-decision", "change"),
    "programmes:committee-decision-delete": R("committee-decision", "change"),
    "programmes:dwcp-framework": R("dwcp", "view"),
    "programmes:priority-create": R("dwcp", "change"),
    "programmes:priority-edit": R("priority", "change"),
    "programmes:priority-delete": R("priority", "change"),
    "programmes:cpo-create": R("priority", "change"),
    "programmes:cpo-detail": R("cpo", "view"),
    "programmes:cpo-edit": R("cpo", "change"),
    "programmes:cpo-delete": R("cpo", "change"),
    "programmes:output-create": R("cpo", "change"),
    "programmes:output-edit": R("output", "change"),
    "programmes:output-delete": R("output", "change"),
    # UN frameworks and national plans
    "programmes:unframework-list": R(None, "login"),
    "programmes:unframework-create": R(None, "login"),
    "programmes:unframework-detail": R("unframework", "view"),
    "programmes:unframework-edit": R("unframework", "change"),
    "programmes:un-outcome-create": R("unframework", "change"),
    "programmes:un-outcome-edit": R("un-outcome", "change"),
    "programmes:un-outcome-delete": R("un-outcome", "change"),
    "programmes:un-outcome-alignments": R("un-outcome", "change"),
    "programmes:development-plan-list": R(None, "login"),
    "programmes:development-plan-create": R(None, "login"),
    "programmes:development-plan-detail": R("development-plan", "view"),
    "programmes:development-plan-edit": R("development-plan", "change"),
    "programmes:national-priority-create": R("development-plan", "change"),
    "programmes:national-priority-edit": R("national-priority", "change"),
    "programmes:national-priority-delete": R("national-priority", "change"),
    # projects and development cooperation
    "programmes:project-list": R(None, "login"),
    "programmes:project-create": R(None, "login"),
    "programmes:project-import": R(None, "login"),
    "programmes:project-import-template": R(None, "login"),
    "programmes:project-detail": R("project", "view"),
    "programmes:project-edit": R("project", "change"),
    "programmes:project-delete": R("project", "change"),
    "programmes:project-cpo-link-edit": R("project-cpo-link", "change"),
    "programmes:project-cpo-link-delete": R("project-cpo-link", "change", get=False),
    "programmes:project-cpo-link-add": R("project", "change"),
    "programmes:cpo-resources": R("cpo", "view"),
    "programmes:dwcp-resources": R("dwcp", "view"),
    "programmes:donor-list": R(None, "login"),
    "programmes:donor-create": R(None, "login"),
    "programmes:donor-detail": R("donor", "view"),
    "programmes:donor-edit": R("donor", "change"),
    "programmes:donor-delete": R("donor", "change"),
    "programmes:agreement-list": R(None, "login"),
    "programmes:agreement-create": R(None, "login"),
    "programmes:agreement-detail": R("agreement", "view"),
    "programmes:agreement-edit": R("agreement", "change"),
    "programmes:agreement-delete": R("agreement", "change"),
    "programmes:exchange-rate-list": R(None, "login"),
    "programmes:exchange-rate-create": R(None, "login"),
    "programmes:exchange-rate-edit": R("exchange-rate", "change"),
    "programmes:exchange-rate-delete": R("exchange-rate", "change"),
    "programmes:exchange-rate-import": R(None, "login"),
    # indicators and progress
    "programmes:cpo-indicators": R("cpo", "view"),
    "programmes:indicator-create": R("cpo", "change"),
    "programmes:indicator-detail": R("indicator", "view"),
    "programmes:indicator-edit": R("indicator", "change"),
    "programmes:update-create": R("indicator", "act"),
    "programmes:update-edit": R("update", "act"),
    "programmes:update-submit": R("update", "act", get=False),
    "programmes:update-approve": R("update", "act", get=False),
    "programmes:update-return": R("update", "act"),
    "programmes:evidence-download": R("evidence", "view"),
    "programmes:approval-queue": R(None, "login"),
    "programmes:approve-selected": R(None, "login", get=False),
    "programmes:results-overview": R(None, "login"),
    "programmes:pb-table": R(None, "login"),
    "programmes:biennium-close": R("biennium", "act", get=False),
    "programmes:biennium-reopen": R("biennium", "act", get=False),
    "programmes:country-results": R("country-pk", "view"),
    "programmes:dwcp-results": R("dwcp", "view"),
    "programmes:workbook": R(None, "login"),
    "programmes:workbook-template": R(None, "login"),
    "programmes:workbook-apply": R(None, "login", get=False),
    "programmes:workbook-discard": R(None, "login", get=False),
    "programmes:dwcp-glance": R("dwcp", "view"),
    # quality appraisal and figures
    "programmes:appraisal-list": R(None, "login"),
    "programmes:appraisal-detail": R("appraisal", "view"),
    "programmes:appraisal-reopen": R("appraisal", "act", get=False),
    "programmes:dwcp-appraisals": R("dwcp", "view"),
    "programmes:project-appraisals": R("project", "view"),
    "programmes:portfolio-index": R(None, "login"),
    "programmes:portfolio-table": R("figures", "login"),
    "programmes:portfolio-table-xlsx": R("figures", "login"),
    # capacity
    "capacity:home": R(None, "login"),
    "capacity:assessment-list": R(None, "login"),
    "capacity:assessment-create": R(None, "login"),
    "capacity:assessment-detail": R("assessment", "view"),
    "capacity:assessment-edit": R("assessment", "change"),
    "capacity:assessment-need-create": R("assessment", "change", get=False),
    "capacity:needs-queue": R(None, "login"),
    "capacity:need-list": R(None, "login"),
    "capacity:need-create": R(None, "login"),
    "capacity:need-detail": R("need", "view"),
    "capacity:need-edit": R("need", "change"),
    "capacity:need-transition": R("need", "act", get=False),
    "capacity:plan-list": R(None, "login"),
    "capacity:plan-create": R(None, "login"),
    "capacity:plan-detail": R("plan", "view"),
    "capacity:plan-edit": R("plan", "change"),
    "capacity:plan-item-create": R("plan", "change"),
    "capacity:plan-item-edit": R("plan-item", "change"),
    "capacity:intervention-list": R(None, "login"),
    "capacity:intervention-create": R(None, "login"),
    "capacity:intervention-detail": R("intervention", "view"),
    "capacity:intervention-edit": R("intervention", "change"),
    "capacity:participation-counts": R("intervention", "change"),
    "capacity:participants-upload": R("intervention", "change"),
    "capacity:participants-template": R(None, "login"),
    "capacity:repeat-training": R(None, "login"),
    "capacity:profile": R("constituent", "view"),
    # evaluation
    "evaluation:evaluation-list": R(None, "login"),
    "evaluation:evaluation-detail": R("evaluation", "view"),
    "evaluation:learning": R(None, "login"),
    "evaluation:follow-up": R(None, "login"),
    "evaluation:coverage": R(None, "login"),
    "evaluation:map": R(None, "login"),
    "evaluation:evaluation-file": R("evaluation-file", "view"),
    "evaluation:evaluation-create": R(None, "login"),
    "evaluation:evaluation-edit": R("evaluation", "change"),
    "evaluation:evaluation-step": R("evaluation", "act", get=False),
    "evaluation:response": R("recommendation", "act"),
    "evaluation:action-status": R("action", "act"),
    # reports (managers, partnerships officers and administrators: USE_REPORTS)
    "reporting:home": R(None, "login"),
    "reporting:request-fields": R(None, "login"),
    "reporting:history": R(None, "login"),
    "reporting:iati": R(None, "login"),
    "reporting:run-detail": R("run", "act"),
    "reporting:run-status": R("run", "act"),
    "reporting:run-pdf": R("run", "act"),
    "reporting:run-xlsx": R("run", "act"),
    "reporting:run-retry": R("run", "act", get=False),
    "reporting:definition-create": R(None, "login"),
    "reporting:definition-edit": R("definition", "act"),
    "reporting:definition-generate": R("definition", "act", get=False),
}


def _walk(patterns, namespace="", prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = str(entry.pattern)
            if route.startswith(("admin/", "api/")):
                continue  # walked by tests/core/test_admin.py and the API tests
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (
                entry.namespace or namespace)
            yield from _walk(entry.url_patterns, ns, prefix + route)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield name, prefix + str(entry.pattern)


def site_routes() -> dict[str, str]:
    return dict(_walk(get_resolver().url_patterns))


def test_every_route_is_declared_with_what_it_needs():
    routes = site_routes()
    undeclared = sorted(set(routes) - set(ROUTES))
    gone = sorted(set(ROUTES) - set(routes))
    print(f"{len(routes)} page routes walked")  # noqa: T201  (the count the issue asks for)
    assert not undeclared, ("Routes without a declared access rule (add them to ROUTES): "
                            + ", ".join(f"{n} ({routes[n]})" for n in undeclared))
    assert not gone, f"Declared routes that no longer exist: {gone}"


# --- the world ---------------------------------------------------------------------------------

def _country_world(iso3: str, mark: str) -> dict:
    where = country(iso3)
    constituent = ConstituentFactory(country=where, name=f"{mark} Federation of employers",
                                     type="employers")
    dwcp = DwcpFactory(country=where, title=f"{mark} Decent Work Country Programme")
    priority = CountryPriorityFactory(dwcp=dwcp, title=f"{mark} priority")
    cpo = CpoFactory(priority=priority, code=f"{iso3}101", title=f"{mark} outcome")
    indicator = Indicator.objects.create(cpo=cpo, code=f"{iso3}101.1",
                                         title=f"{mark} indicator", unit="number")
    update = ProgressUpdate.objects.create(indicator=indicator, date=dt.date(2013, 6, 1),
                                           value=Decimal(3), status=UpdateStatus.SUBMITTED,
                                           narrative=f"{mark} update")
    evidence = EvidenceFile.objects.create(
        update=update, file=SimpleUploadedFile(f"{iso3}.pdf", b"%PDF-1.4 evidence"))
    meeting = SteeringCommitteeMeeting.objects.create(dwcp=dwcp, date=dt.date(2013, 3, 1),
                                                      summary=f"{mark} meeting")
    framework = UNFrameworkFactory(country=where, title=f"{mark} UN framework")
    plan_ = NationalDevelopmentPlan.objects.create(country=where, title=f"{mark} plan",
                                                   start_year=2012, end_year=2016)
    project = ProjectFactory(country=where, code=f"{iso3}/12/01/XYZ",
                             title=f"{mark} project")
    evaluation = EvaluationFactory(country=where, project=project,
                                   title=f"{mark} evaluation",
                                   report=SimpleUploadedFile(f"{iso3}-report.pdf",
                                                             b"%PDF-1.4 report"))
    recommendation = RecommendationFactory(evaluation=evaluation, text=f"{mark} advice")
    capacity_plan = PlanFactory(constituent=constituent, title=f"{mark} capacity plan")
    return {
        "country": where, "country-pk": where, "constituent": constituent,
        "affiliation": AffiliationFactory(constituent=constituent),
        "membership": MembershipFigureFactory(constituent=constituent),
        "contact": ContactFactory(constituent=constituent, name=f"{mark} contact"),
        "dwcp": dwcp, "history": dwcp, "priority": priority, "cpo": cpo,
        "output": OutputFactory(cpo=cpo, title=f"{mark} output"),
        "signatory": Signatory.objects.create(dwcp=dwcp, party="government",
                                              name=f"{mark} minister"),
        "committee-member": SteeringCommitteeMember.objects.create(
            dwcp=dwcp, party="workers", name=f"{mark} member"),
        "committee-meeting": meeting,
        "committee-decision": SteeringCommitteeDecision.objects.create(
            meeting=meeting, text=f"{mark} decision"),
        "unframework": framework,
        "un-outcome": UNFrameworkOutcomeFactory(framework=framework, title=f"{mark} UN outcome"),
        "development-plan": plan_,
        "national-priority": NationalPriority.objects.create(plan=plan_,
                                                            title=f"{mark} national priority"),
        "project": project, "project-cpo-link": link(project, cpo),
        "indicator": indicator, "update": update, "evidence": evidence,
        "assessment": CapacityAssessmentFactory(constituent=constituent),
        "need": CapacityNeedFactory(constituent=constituent, description=f"{mark} need"),
        "plan": capacity_plan,
        "plan-item": capacity_plan.items.create(title=f"{mark} plan item"),
        "intervention": InterventionFactory(country=where, title=f"{mark} intervention"),
        "evaluation": evaluation, "evaluation-file": evaluation,
        "recommendation": recommendation,
        "action": FollowUpActionFactory(recommendation=recommendation,
                                        description=f"{mark} action"),
    }


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    albania, kenya = _country_world("ALB", "Albanian"), _country_world("KEN", SECRET)
    donor = Donor.objects.create(name="Norway", category="multi_bilateral")
    shared = {
        "donor": donor,
        "agreement": FundingAgreement.objects.create(
            donor=donor, reference="NOR-1", title="Agreement", approval_date=dt.date(2013, 1, 1),
            amount=Decimal(100), amount_usd=Decimal(100)),
        "exchange-rate": ExchangeRate.objects.create(currency="EUR", month=dt.date(2013, 1, 1),
                                                     units_per_usd=Decimal("0.8")),
        "biennium": Biennium.objects.get(code="2012-13"),
    }
    return {"ALB": {**albania, **shared}, "KEN": {**kenya, **shared}}


@pytest.fixture
def officer(db):
    return UserFactory(username="walk.alb", role=Role.FIELD_STAFF, countries=[country("ALB")])


def _url(name: str, route: Route, objects: dict) -> str | None:
    pattern = site_routes()[name]
    if route.kind is None:
        return reverse(name)
    if route.kind == "figures":
        return reverse(name, args=["approvals"])
    if route.kind in ("notification", "run", "definition", "appraisal"):
        return None  # their own tests below
    obj = objects[route.kind]
    if route.kind == "history":
        return reverse(name, args=["programmes", "dwcp", obj.pk])
    if route.kind == "country":
        return reverse(name, args=[obj.iso3])
    if route.kind == "evaluation-file":
        return reverse(name, args=[obj.pk, "report"])
    assert "<int:pk>" in pattern, pattern
    return reverse(name, args=[obj.pk])


OBJECT_ROUTES = sorted(n for n, r in ROUTES.items() if r.kind and r.need in ("view", "change",
                                                                                "act"))
PAGE_ROUTES = sorted(n for n, r in ROUTES.items() if r.need == "login" and r.get)


def _refused(response) -> bool:
    return response.status_code in (403, 404)


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_an_object_outside_the_users_countries_is_refused(client, world, officer, name):
    route = ROUTES[name]
    url = _url(name, route, world["KEN"])
    if url is None:
        pytest.skip("walked by its own test")
    obj = world["KEN"][route.kind]
    if policy.can_view(officer, obj):
        pytest.skip("shared reference data: visible to all")
    client.force_login(officer)
    if route.get:
        response = client.get(url)
        assert _refused(response), f"GET {url}: {response.status_code}"
        assert SECRET.encode() not in response.content
    response = client.post(url, {"reason": "walk", "title": "changed"})
    assert _refused(response), f"POST {url}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(n for n in OBJECT_ROUTES
                                        if ROUTES[n].need == "change"))
def test_a_viewer_who_may_not_change_is_refused_the_change_pages(client, world, name):
    route = ROUTES[name]
    obj = world["ALB"][route.kind]
    url = _url(name, route, world["ALB"])
    manager = UserFactory(username="walk.manager", role=Role.MANAGER)
    assert policy.can_view(manager, obj)
    if policy.can_change(manager, obj):
        pytest.skip("managers may change this")
    before = _fingerprint(obj)
    client.force_login(manager)
    if route.get:
        response = client.get(url)
        assert response.status_code in (403, 404, 405), f"GET {url}: {response.status_code}"
    response = client.post(url, {"reason": "walk", "title": "changed", "name": "changed"})
    assert _refused(response), f"POST {url}: {response.status_code}"
    assert _fingerprint(obj) == before


def _fingerprint(obj):
    fresh = type(obj).objects.filter(pk=obj.pk).values().first()
    return fresh


@pytest.mark.parametrize("name", sorted(n for n in OBJECT_ROUTES if ROUTES[n].get))
def test_a_user_who_may_reaches_the_page(client, world, officer, name):
    route = ROUTES[name]
    url = _url(name, route, world["ALB"])
    if url is None:
        pytest.skip("walked by its own test")
    obj = world["ALB"][route.kind]
    allowed = (policy.can_change(officer, obj) if route.need == "change"
               else policy.can_view(officer, obj))
    user = officer if allowed else UserFactory(username="walk.admin", role=Role.ADMINISTRATOR,
                                               is_staff=True, is_superuser=True)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code in (200, 302), f"GET {url}: {response.status_code}"


@pytest.mark.parametrize("name", PAGE_ROUTES)
def test_pages_without_an_object_show_nothing_of_other_countries(client, world, officer, name):
    route = ROUTES[name]
    url = _url(name, route, world["ALB"])
    client.force_login(officer)
    response = client.get(url)
    # 404: a page that needs a parameter (the constituent of a new need) or data not yet
    # computed (the figures' xlsx)
    assert response.status_code in (200, 302, 403, 404), f"GET {url}: {response.status_code}"
    assert SECRET.encode() not in response.content, f"{url} shows Kenya's data"


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.need != "open"))
def test_a_signed_out_visitor_is_sent_to_sign_in(client, world, name):
    route = ROUTES[name]
    url = _url(name, route, world["KEN"]) if route.kind else reverse(name)
    if url is None:
        pytest.skip("walked by its own test")
    response = client.get(url) if route.get else client.post(url, {})
    assert response.status_code in (302, 403, 405), f"{url}: {response.status_code}"
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
    assert SECRET.encode() not in response.content


# --- the routes whose object is not a country's -------------------------------------------------

def test_another_users_notification_is_not_found(client, world, officer):
    from core.models import Notification

    other = UserFactory(username="walk.other", role=Role.FIELD_STAFF,
                        countries=[country("KEN")])
    theirs = Notification.objects.create(recipient=other, kind="update_returned",
                                         event_key="walk-1", subject=f"{SECRET} returned")
    mine = Notification.objects.create(recipient=officer, kind="update_returned",
                                       event_key="walk-2", subject="Albanian returned")
    client.force_login(officer)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[mine.pk])).status_code in (200, 302)
    assert SECRET.encode() not in client.get(reverse("notifications:inbox")).content


def test_report_runs_and_definitions_are_for_report_users_only(client, world, officer):
    from reporting.models import ReportDefinition, ReportRun

    definition = ReportDefinition.objects.create(name="Biennial", kind="biennial",
                                                 title="Biennial report")
    run = ReportRun.objects.create(kind="biennial", input_hash="walk",
                                   parameters={"biennium": "2012-13"})
    names = [n for n, r in ROUTES.items() if r.kind in ("run", "definition")]
    assert len(names) == 7
    manager = UserFactory(username="walk.manager", role=Role.MANAGER)
    for name in names:
        obj = run if ROUTES[name].kind == "run" else definition
        url = reverse(name, args=[obj.pk])
        client.force_login(officer)
        response = client.get(url) if ROUTES[name].get else client.post(url, {})
        assert response.status_code == 403, f"{url}: {response.status_code}"
        if ROUTES[name].get:
            client.force_login(manager)
            # 404: the run has no file yet (PDF, xlsx)
            assert client.get(url).status_code in (200, 302, 404), url


def test_an_appraisal_of_another_country_is_refused(client, world, officer):
    from programmes.services import appraisal as services

    kenyan = ProjectFactory(country=country("KEN"), code="KEN/24/01/NEW", status="concept",
                            title=f"{SECRET} proposal")
    albanian = ProjectFactory(country=country("ALB"), code="ALB/24/01/NEW", status="concept")
    theirs = services.appraisal_start(user=None, project=kenyan)
    mine = services.appraisal_start(user=None, project=albanian)
    client.force_login(officer)
    for name in ("programmes:appraisal-detail", "programmes:appraisal-reopen"):
        url = reverse(name, args=[theirs.pk])
        assert _refused(client.post(url, {"reason": "walk"})), url
        if ROUTES[name].get:
            assert _refused(client.get(url)), url
    assert client.get(reverse("programmes:appraisal-detail", args=[mine.pk])).status_code == 200
    assert SECRET.encode() not in client.get(reverse("programmes:appraisal-list")).content
