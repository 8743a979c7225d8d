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


PERSONAS = ["field_alb", "field_af", "actemp", "actrav", "manager", "admin", "inactive"]

# (model, scope description) -> {persona: (may view, may change)}
ALB, SEN = "ALB", "SEN"  # Albania (Europe), Senegal (Africa)
MATRIX = [
    (Reference, None, None, {
        "field_alb": (1, 0), "field_af": (1, 0), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
    (CountryScoped, ALB, None, {
        "field_alb": (1, 1), "field_af": (0, 0), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
    (CountryScoped, SEN, None, {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
    (GroupScoped, ALB, "employers", {
        "field_alb": (1, 1), "field_af": (0, 0), "actemp": (1, 1), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
    (GroupScoped, SEN, "workers", {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (1, 0), "actrav": (1, 1),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
    (GroupScoped, SEN, "government", {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (1, 0), "actrav": (1, 0),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
    (GroupPrivate, ALB, "employers", {
        "field_alb": (1, 1), "field_af": (0, 0), "actemp": (1, 1), "actrav": (0, 0),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
    (GroupPrivate, SEN, "workers", {
        "field_alb": (0, 0), "field_af": (1, 1), "actemp": (0, 0), "actrav": (1, 1),
        "manager": (1, 0), "admin": (1, 1), "inactive": (0, 0)}),
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
