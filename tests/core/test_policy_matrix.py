"""The access policy as a matrix: role × object scope × action.

Each row states, for one kind of object at one scope, what each persona may do. The same
answers must come from ``policy.allowed`` (the rule), ``policy.visible``/``changeable`` (the
list filter, checked on real rows) and ``user.has_perm`` (what the admin and DRF ask)."""
import pytest
from django.contrib.auth.models import AnonymousUser

from constituents.models import Country
from core import policy
from core.policy import Scope
from core.roles import Role
from programmes.models import PBOutcome
from tests.factories import UserFactory, country, region


class Reference:  # reference data: no country, no group
    scope_country_path = None
    scope_group_path = None


class CountryScoped:  # e.g. a DWCP
    scope_country_path = "country"
    scope_group_path = None


class GroupScoped:  # e.g. an employers' organization: specialists see all, change their group
    scope_country_path = "country"
    scope_group_path = "group"
    scope_group_limits_view = False


class GroupPrivate:  # e.g. a capacity assessment: specialists see only their group's
    scope_country_path = "country"
    scope_group_path = "group"
    scope_group_limits_view = True


class PortfolioScoped:  # e.g. a project: partnerships officers change it in every country
    scope_country_path = "country"
    scope_group_path = None
    portfolio_data = True


class PortfolioUnscoped:  # e.g. a donor: changed by partnerships officers and administrators
    scope_country_path = None
    scope_group_path = None
    portfolio_data = True


PERSONAS = ["field_alb", "field_af", "actemp", "actrav", "manager", "admin", "partnerships",
            "inactive"]

# (model, scope description) -> {persona: (may view, may change)}
ALB, SEN = "ALB", "SEN"  # Albania (Europe), Senegal (Africa)
MATRIX = [
    (Reference, None, None, {
        "field_alb": (1, 0), "field_af": (1, 0), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (CountryScoped, ALB, None, {
        "field_alb": (1, 1), "field_af": (0, 0), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (CountryScoped, SEN, None, {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (GroupScoped, ALB, "employers", {
        "field_alb": (1, 1), "field_af": (0, 0), "actemp": (1, 1), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (GroupScoped, SEN, "workers", {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (1, 0), "actrav": (1, 1),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (GroupScoped, SEN, "government", {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (GroupPrivate, ALB, "employers", {
        "field_alb": (1, 1), "field_af": (0, 0), "actemp": (1, 1), "actrav": (0, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (GroupPrivate, SEN, "workers", {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (0, 0), "actrav": (1, 1),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 0),
        "inactive": (0, 0)}),
    (PortfolioScoped, ALB, None, {
        "field_alb": (1, 1), "field_af": (0, 0), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 1), "inactive": (0, 0)}),
    (PortfolioScoped, None, None, {  # a regional or interregional project: no country
        "field_alb": (0, 0), "field_af": (0, 0), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 1), "inactive": (0, 0)}),
    (PortfolioUnscoped, None, None, {
        "field_alb": (1, 0), "field_af": (1, 0), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "partnerships": (1, 1), "inactive": (0, 0)}),
]


@pytest.fixture
def personas(db):
    return {
        "field_alb": UserFactory(username="m.field.alb", role=Role.FIELD_STAFF,
                                 countries=[country("ALB")]),
        "field_af": UserFactory(username="m.field.af", role=Role.FIELD_STAFF,
                                regions=[region("AF")]),
        "actemp": UserFactory(username="m.actemp", role=Role.ACTEMP),
        "actrav": UserFactory(username="m.actrav", role=Role.ACTRAV),
        "manager": UserFactory(username="m.manager", role=Role.MANAGER),
        "admin": UserFactory(username="m.admin", role=Role.ADMINISTRATOR),
        "partnerships": UserFactory(username="m.partnerships", role=Role.PARTNERSHIPS),
        "inactive": UserFactory(username="m.inactive", role=Role.FIELD_STAFF,
                                countries=[country("ALB")], is_active=False),
    }


CASES = [
    pytest.param(model, iso3, group, persona, action, expected[persona][i],
                 id=f"{model.__name__}-{iso3}-{group}-{persona}-{action}")
    for model, iso3, group, expected in MATRIX
    for persona in PERSONAS
    for i, action in enumerate((policy.VIEW, policy.CHANGE))
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "iso3", "group", "persona", "action", "expected"), CASES)
def test_policy_matrix(personas, model, iso3, group, persona, action, expected):
    scope = Scope(country_id=country(iso3).id if iso3 else None, group=group)
    assert policy.allowed(personas[persona], action, model, scope) is bool(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("action", [policy.VIEW, policy.CHANGE])
def test_anonymous_may_do_nothing(action):
    assert not policy.allowed(AnonymousUser(), action, CountryScoped,
                              Scope(country_id=country("ALB").id))
    assert not policy.allowed(AnonymousUser(), action, Reference, Scope())


@pytest.mark.django_db
def test_country_rows_filter_matches_object_rule(personas):
    """The list filter and the per-object rule agree on real countries, for every persona."""
    all_countries = list(Country.objects.all())
    for name, user in personas.items():
        visible = set(policy.visible(user, Country.objects.all()).values_list("id", flat=True))
        changeable = set(policy.changeable(user, Country.objects.all())
                         .values_list("id", flat=True))
        for c in all_countries:
            assert (c.id in visible) == policy.can_view(user, c), (name, c.iso3)
            assert (c.id in changeable) == policy.can_change(user, c), (name, c.iso3)
            assert user.has_perm("constituents.view_country", c) == policy.can_view(user, c)
            assert user.has_perm("constituents.change_country", c) == \
                policy.can_change(user, c)


@pytest.mark.django_db
def test_field_staff_scope_by_region_covers_every_country_of_the_region(personas):
    africa = set(Country.objects.filter(region__code="AF").values_list("id", flat=True))
    seen = set(policy.visible(personas["field_af"], Country.objects.all())
               .values_list("id", flat=True))
    assert seen == africa
    assert len(africa) == 54


@pytest.mark.django_db
def test_reference_rows_readable_by_all_signed_in_but_changed_by_administrators(personas):
    outcome = PBOutcome.objects.first()
    for name, user in personas.items():
        assert policy.can_view(user, outcome) is (name != "inactive")
        assert policy.can_change(user, outcome) is (name == "admin")


# --- capabilities: role × capability × scope -------------------------------------------------
#
# For each capability: the personas holding it at all (``allows(user)``, what menus and whole
# pages ask) and, for objects at several scopes, the personas it applies to. Both forms —
# ``allows(user, obj)`` and ``filter(user, qs)`` — and the ways to ask by name
# (``policy.allows``, ``policy.filter_allowed``, ``user.has_perm``) must give those answers.

ALL_PERSONAS = set(PERSONAS)
EVERYONE_BUT_INACTIVE = ALL_PERSONAS - {"inactive"}
FIELD_AND_MANAGERS = {"field_alb", "field_af", "manager", "admin"}

# capability -> (kind of objects, holders, {object label: personas allowed})
CAPABILITY_MATRIX = {
    "progress_update.decide": ("updates", FIELD_AND_MANAGERS, {
        "ALB, submitted by field_alb": {"manager", "admin"},
        "ALB, submitted by a colleague": {"field_alb", "manager", "admin"},
        "SEN, submitted by a colleague": {"field_af", "manager", "admin"}}),
    "progress_update.edit": ("updates", EVERYONE_BUT_INACTIVE, {
        "ALB, submitted by field_alb": {"field_alb", "admin"},
        "ALB, submitted by a colleague": {"field_alb", "admin"},
        "SEN, submitted by a colleague": {"field_af", "admin"}}),
    "workbook.import": ("indicators", {"field_alb", "field_af", "admin"}, {
        "ALB": {"field_alb", "admin"}, "SEN": {"field_af", "admin"}}),
    "workbook.download_template": ("indicators", FIELD_AND_MANAGERS, {
        "ALB": {"field_alb", "manager", "admin"}, "SEN": {"field_af", "manager", "admin"}}),
    "workbook.name_approver": ("indicators", {"admin"}, {
        "ALB": {"admin"}, "SEN": {"admin"}}),
    "biennium.close": ("biennia", {"manager", "admin"}, {
        "2012-13": {"manager", "admin"}, "2014-15": {"manager", "admin"}}),
    "dwcp.prepare": ("dwcps", {"field_alb", "field_af", "admin"}, {
        "ALB": {"field_alb", "admin"}, "SEN": {"field_af", "admin"}}),
    "dwcp.endorse": ("dwcps", {"manager", "admin"}, {
        "ALB": {"manager", "admin"}, "SEN": {"manager", "admin"}}),
    "dwcp.review": ("dwcps", FIELD_AND_MANAGERS, {
        "ALB": {"field_alb", "manager", "admin"}, "SEN": {"field_af", "manager", "admin"}}),
    "programme_context.browse": ("dwcps", FIELD_AND_MANAGERS | {"partnerships"}, {
        "ALB": {"field_alb", "manager", "admin", "partnerships"},
        "SEN": {"field_af", "manager", "admin", "partnerships"}}),
    "capacity_need.review": ("needs", {"field_alb", "field_af", "actemp", "actrav", "admin"}, {
        "ALB employers": {"actemp", "admin"}, "ALB government": {"field_alb", "admin"},
        "SEN workers": {"actrav", "admin"}, "SEN government": {"field_af", "admin"}}),
    "capacity_need.plan": ("needs", {"field_alb", "field_af", "actemp", "actrav", "admin"}, {
        "ALB employers": {"field_alb", "actemp", "admin"},
        "ALB government": {"field_alb", "admin"},
        "SEN workers": {"field_af", "actrav", "admin"}, "SEN government": {"field_af", "admin"}}),
    "participant.see_repeat_trainees": ("dwcps", FIELD_AND_MANAGERS, {
        "ALB": {"field_alb", "manager", "admin"}, "SEN": {"field_af", "manager", "admin"}}),
    "reports.use": ("dwcps", {"manager", "admin", "partnerships"}, {
        "ALB": {"manager", "admin", "partnerships"}, "SEN": {"manager", "admin", "partnerships"}}),
    # Evaluation (issue 12): evaluations managed in Albania (concerning the employers), in
    # Senegal (tripartite: no group named) and by headquarters (none, the workers).
    "evaluation.read": ("evaluations", EVERYONE_BUT_INACTIVE, {
        "ALB employers": {"field_alb", "actemp", "manager", "admin", "partnerships"},
        "SEN tripartite": {"field_af", "actemp", "actrav", "manager", "admin", "partnerships"},
        "global workers": {"actrav", "manager", "admin", "partnerships"}}),
    "evaluation.manage": ("evaluations", FIELD_AND_MANAGERS, {
        "ALB employers": {"field_alb", "admin"}, "SEN tripartite": {"field_af", "admin"},
        "global workers": {"manager", "admin"}}),
    "evaluation.approve": ("evaluations", {"manager", "admin"}, {
        "ALB employers": {"manager", "admin"}, "SEN tripartite": {"manager", "admin"},
        "global workers": {"manager", "admin"}}),
    "evaluation.monitor": ("evaluations", {"manager", "admin"}, {
        "ALB employers": {"manager", "admin"}, "SEN tripartite": {"manager", "admin"},
        "global workers": {"manager", "admin"}}),
    "recommendation.respond": ("recommendations", EVERYONE_BUT_INACTIVE - {"partnerships"}, {
        "ALB, to the country office": {"field_alb", "admin"},
        "ALB, to ACT/EMP": {"actemp", "admin"},
        "SEN, to headquarters": {"manager", "admin"},
        "global, to ACTRAV": {"actrav", "admin"},
        "global, to the country office": {"admin"}}),
    "follow_up_action.update": ("actions", EVERYONE_BUT_INACTIVE, {
        "ALB country office, owned by field_af": {"field_alb", "field_af", "admin"},
        "SEN headquarters, owned by actemp": {"manager", "actemp", "admin"},
        "global ACTRAV, no owner": {"actrav", "admin"}}),
    # Quality appraisal (issue 14): managers and administrators anywhere (and partnerships
    # officers); field staff prepare and never appraise.
    "appraisal.perform": ("dwcps", {"manager", "admin", "partnerships"}, {
        "ALB": {"manager", "admin", "partnerships"},
        "SEN": {"manager", "admin", "partnerships"}}),
    # Development cooperation in figures (issue 14): the Office-wide tables.
    "portfolio_figures.view": ("dwcps", FIELD_AND_MANAGERS | {"partnerships"}, {
        "ALB": FIELD_AND_MANAGERS | {"partnerships"},
        "SEN": FIELD_AND_MANAGERS | {"partnerships"}}),
}


def test_every_capability_is_in_the_matrix():
    assert set(CAPABILITY_MATRIX) == set(policy.CAPABILITIES)


@pytest.fixture
def scoped_objects(personas):
    """Objects of each kind at the scopes the matrix names, by label."""
    import datetime as dt

    from capacity.models import CapacityNeed
    from constituents.models import ConstituentType
    from programmes.models import Biennium, Indicator, ProgressUpdate, UpdateStatus
    from tests.capacity.factories import CapacityNeedFactory
    from tests.constituents.factories import ConstituentFactory
    from tests.programmes.factories import CpoFactory, DwcpFactory

    colleague = UserFactory(username="m.colleague", role=Role.FIELD_STAFF)
    dwcps = {"ALB": DwcpFactory(country=country("ALB")),
             "SEN": DwcpFactory(country=country("SEN"))}
    indicators = {
        iso3: Indicator.objects.create(
            cpo=CpoFactory(priority__dwcp=dwcp, code=f"{iso3}101"), code=f"{iso3}101.1",
            title="Collective agreements registered", unit="number")
        for iso3, dwcp in dwcps.items()}

    def update(iso3, by):
        return ProgressUpdate.objects.create(
            indicator=indicators[iso3], date=dt.date(2013, 6, 1), value=1,
            status=UpdateStatus.SUBMITTED, submitted_by=by)

    updates = {"ALB, submitted by field_alb": update("ALB", personas["field_alb"]),
               "ALB, submitted by a colleague": update("ALB", colleague),
               "SEN, submitted by a colleague": update("SEN", colleague)}

    def need(iso3, kind):
        return CapacityNeedFactory(constituent=ConstituentFactory(country=country(iso3),
                                                                  type=kind))

    needs = {"ALB employers": need("ALB", ConstituentType.EMPLOYERS),
             "ALB government": need("ALB", ConstituentType.LABOUR_MINISTRY),
             "SEN workers": need("SEN", ConstituentType.WORKERS),
             "SEN government": need("SEN", ConstituentType.LABOUR_MINISTRY)}
    biennia = {code: Biennium.objects.get(code=code) for code in ("2012-13", "2014-15")}
    evaluations, recommendations, actions = _evaluation_objects(personas)
    return {
        "evaluations": (type(evaluations["global workers"]).objects.filter(
            pk__in=[e.pk for e in evaluations.values()]), evaluations),
        "recommendations": (type(recommendations["global, to ACTRAV"]).objects.filter(
            pk__in=[r.pk for r in recommendations.values()]), recommendations),
        "actions": (type(actions["global ACTRAV, no owner"]).objects.filter(
            pk__in=[a.pk for a in actions.values()]), actions),
        "updates": (ProgressUpdate.objects.filter(pk__in=[u.pk for u in updates.values()]),
                    updates),
        "indicators": (Indicator.objects.filter(pk__in=[i.pk for i in indicators.values()]),
                       indicators),
        "dwcps": (dwcps["ALB"]._meta.model.objects.filter(
            pk__in=[d.pk for d in dwcps.values()]), dwcps),
        "needs": (CapacityNeed.objects.filter(pk__in=[n.pk for n in needs.values()]), needs),
        "biennia": (Biennium.objects.filter(pk__in=[b.pk for b in biennia.values()]), biennia),
    }


def _evaluation_objects(personas):
    from evaluation.models import SubjectKind
    from tests.evaluation.factories import (
        EvaluationFactory,
        FollowUpActionFactory,
        RecommendationFactory,
    )

    evaluations = {
        "ALB employers": EvaluationFactory(country=country("ALB"),
                                           constituent_groups=["employers"]),
        "SEN tripartite": EvaluationFactory(country=country("SEN"), project=None,
                                            subject_kind=SubjectKind.THEME, theme_title="Youth"),
        "global workers": EvaluationFactory(country=None, project=None,
                                            subject_kind=SubjectKind.THEME,
                                            theme_title="Organizing",
                                            constituent_groups=["workers"]),
    }
    alb, sen, world = evaluations.values()
    recommendations = {
        "ALB, to the country office": RecommendationFactory(evaluation=alb,
                                                            addressee_unit="country_office"),
        "ALB, to ACT/EMP": RecommendationFactory(evaluation=alb, addressee_unit="actemp"),
        "SEN, to headquarters": RecommendationFactory(evaluation=sen,
                                                      addressee_unit="headquarters"),
        "global, to ACTRAV": RecommendationFactory(evaluation=world, addressee_unit="actrav"),
        "global, to the country office": RecommendationFactory(
            evaluation=world, addressee_unit="country_office"),
    }
    actions = {
        "ALB country office, owned by field_af": FollowUpActionFactory(
            recommendation=recommendations["ALB, to the country office"],
            owner=personas["field_af"]),
        "SEN headquarters, owned by actemp": FollowUpActionFactory(
            recommendation=recommendations["SEN, to headquarters"], owner=personas["actemp"]),
        "global ACTRAV, no owner": FollowUpActionFactory(
            recommendation=recommendations["global, to ACTRAV"]),
    }
    return evaluations, recommendations, actions


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CAPABILITY_MATRIX))
def test_capability_matrix(personas, scoped_objects, name):
    kind, holders, expected = CAPABILITY_MATRIX[name]
    cap = policy.CAPABILITIES[name]
    queryset, objects = scoped_objects[kind]
    assert set(objects) == set(expected)
    for persona, user in personas.items():
        assert cap.allows(user) is (persona in holders), (name, persona)
        assert policy.allows(user, name) is (persona in holders), (name, persona)
        allowed = {label for label, obj in objects.items() if cap.allows(user, obj)}
        want = {label for label, personas_allowed in expected.items()
                if persona in personas_allowed}
        assert allowed == want, (name, persona)
        for label, obj in objects.items():
            assert policy.allows(user, name, obj) is (label in want), (name, persona, label)
            assert user.has_perm(name, obj) is (label in want), (name, persona, label)
        filtered = set(cap.filter(user, queryset).values_list("pk", flat=True))
        assert filtered == {objects[label].pk for label in want}, (name, persona)
        by_name = set(policy.filter_allowed(user, name, queryset).values_list("pk", flat=True))
        assert by_name == filtered, (name, persona)


@pytest.mark.django_db
def test_no_capability_for_anonymous_users(scoped_objects):
    for name, cap in policy.CAPABILITIES.items():
        kind = CAPABILITY_MATRIX[name][0]
        queryset, objects = scoped_objects[kind]
        assert not cap.allows(AnonymousUser()), name
        assert not any(cap.allows(AnonymousUser(), obj) for obj in objects.values()), name
        assert not cap.filter(AnonymousUser(), queryset).exists(), name


@pytest.mark.django_db
def test_require_refuses_with_the_message_and_lets_the_system_through(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Only managers"):
        policy.USE_REPORTS.require(personas["field_alb"], message="Only managers")
    policy.USE_REPORTS.require(personas["manager"])
    policy.USE_REPORTS.require(None)  # the system: worker tasks, management commands


@pytest.mark.django_db
def test_holders_are_the_active_users_of_the_roles_holding_the_capability(personas):
    from django.contrib.auth import get_user_model

    holders = set(policy.DECIDE_PROGRESS_UPDATE.holders(get_user_model().objects.filter(
        pk__in=[u.pk for u in personas.values()])).values_list("username", flat=True))
    assert holders == {"m.field.alb", "m.field.af", "m.manager", "m.admin"}


@pytest.mark.django_db
def test_countries_for_create_follow_the_rule_table(personas):
    from constituents.models import Constituent
    from programmes.models import Dwcp, Project

    for name, user in personas.items():
        for model in (Dwcp, Constituent, Project):
            group = user.constituent_group if model.scope_group_path else None
            offered = set(policy.countries_for_create(user, model, Country.objects.all())
                          .values_list("id", flat=True))
            expected = {c.id for c in Country.objects.all()
                        if policy.can_create(user, model, country_id=c.id, group=group)}
            assert offered == expected, (name, model.__name__)
