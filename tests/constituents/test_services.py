"""The rules the constituent services enforce, each tried both ways."""
import pytest
from django.utils import timezone

from constituents import services
from constituents.models import Constituent, ConstituentType, Contact, MembershipFigure
from core.errors import ApplicationError
from core.roles import ConstituentGroup
from tests.factories import country

from .factories import ConstituentFactory, ContactFactory, MembershipFigureFactory

pytestmark = pytest.mark.django_db


def test_constituent_create_derives_group_from_type():
    org = services.constituent_create(country=country("ALB"), name="Ministry of Labour",
                                      type=ConstituentType.LABOUR_MINISTRY, reason="setup")
    assert org.group == ConstituentGroup.GOVERNMENT
    assert org.history.first().history_change_reason == "setup"


def test_constituent_name_must_be_unique_within_country_with_clear_message():
    ConstituentFactory(name="Union of Independent Trade Unions", country=country("ALB"))
    with pytest.raises(ApplicationError) as exc:
        services.constituent_create(country=country("ALB"),
                                    name="union of independent trade unions",
                                    type=ConstituentType.WORKERS)
    assert "already has an organization named" in exc.value.field_errors["name"][0]
    assert Constituent.objects.filter(country=country("ALB")).count() == 1


def test_same_name_is_allowed_in_another_country():
    ConstituentFactory(name="Chamber of Commerce", country=country("ALB"),
                       type=ConstituentType.EMPLOYERS)
    org = services.constituent_create(country=country("MKD"), name="Chamber of Commerce",
                                      type=ConstituentType.EMPLOYERS)
    assert org.pk


def test_constituent_create_rejects_bad_fields():
    with pytest.raises(ApplicationError) as exc:
        services.constituent_create(country=country("ALB"), name="", type="nonsense",
                                    website="not a url")
    assert {"name", "type", "website"} <= set(exc.value.field_errors)
    assert not Constituent.objects.exists()


def test_type_change_rederives_group_and_records_reason():
    org = ConstituentFactory(type=ConstituentType.CSO)
    services.constituent_update(constituent=org, data={"type": ConstituentType.WORKERS},
                                reason="registered as a trade union")
    org.refresh_from_db()
    assert org.group == ConstituentGroup.WORKERS
    last = org.history.first()
    assert last.history_change_reason == "registered as a trade union"
    assert last.group == ConstituentGroup.WORKERS


def test_update_without_change_writes_no_history():
    org = ConstituentFactory(name="Same")
    before = org.history.count()
    services.constituent_update(constituent=org, data={"name": "Same"})
    assert org.history.count() == before


def test_update_refuses_fields_that_are_not_editable():
    org = ConstituentFactory()
    with pytest.raises(ApplicationError):
        services.constituent_update(constituent=org, data={"group": "employers"})


def test_set_active_toggles_and_is_audited():
    org = ConstituentFactory()
    services.constituent_set_active(constituent=org, active=False, reason="dissolved in 2015")
    org.refresh_from_db()
    assert org.active is False
    assert org.history.first().history_change_reason == "dissolved in 2015"
    services.constituent_set_active(constituent=org, active=True)
    org.refresh_from_db()
    assert org.active is True


def test_constituent_check_type_refuses_wrong_group():
    org = ConstituentFactory(type=ConstituentType.WORKERS)
    services.constituent_check_type(constituent=org, groups=[ConstituentGroup.WORKERS])
    with pytest.raises(ApplicationError) as exc:
        services.constituent_check_type(constituent=org, groups=[ConstituentGroup.EMPLOYERS])
    assert "constituent" in exc.value.field_errors


# --- membership figures ---------------------------------------------------------------------

def test_membership_figure_with_matching_split_is_saved():
    org = ConstituentFactory()
    fig = services.membership_figure_create(constituent=org, year=2012, total=1000, women=420,
                                            men=580, reason="annual report")
    assert fig.pk and fig.history.first().history_change_reason == "annual report"


def test_membership_total_only_is_allowed():
    org = ConstituentFactory()
    assert services.membership_figure_create(constituent=org, year=2012, total=1000).pk


@pytest.mark.parametrize(("women", "men", "field"), [
    (1200, None, "women"), (None, 1001, "men"), (300, 600, "total"), (500, 600, "total"),
])
def test_membership_split_must_fit_total(women, men, field):
    org = ConstituentFactory()
    with pytest.raises(ApplicationError) as exc:
        services.membership_figure_create(constituent=org, year=2012, total=1000, women=women,
                                          men=men)
    assert field in exc.value.field_errors
    assert not MembershipFigure.objects.exists()


def test_membership_women_plus_men_message_states_the_sum():
    org = ConstituentFactory()
    with pytest.raises(ApplicationError) as exc:
        services.membership_figure_create(constituent=org, year=2012, total=1000, women=300,
                                          men=600)
    assert "add up to 900" in exc.value.field_errors["total"][0]


@pytest.mark.parametrize("year", [1899, timezone.now().year + 2])
def test_membership_year_must_be_plausible(year):
    org = ConstituentFactory()
    with pytest.raises(ApplicationError) as exc:
        services.membership_figure_create(constituent=org, year=year, total=10)
    assert "year" in exc.value.field_errors


def test_membership_next_year_is_plausible():
    org = ConstituentFactory()
    fig = services.membership_figure_create(constituent=org, year=timezone.now().year + 1,
                                            total=10)
    assert fig.pk


def test_one_membership_figure_per_year_with_message():
    fig = MembershipFigureFactory(year=2010)
    with pytest.raises(ApplicationError) as exc:
        services.membership_figure_create(constituent=fig.constituent, year=2010, total=5)
    assert "2010" in exc.value.field_errors["year"][0]


def test_membership_update_checks_rules_and_keeps_stored_values_on_refusal():
    fig = MembershipFigureFactory(year=2011, total=1000, women=400, men=600)
    with pytest.raises(ApplicationError):
        services.membership_figure_update(figure=fig, data={"women": 500})
    fig.refresh_from_db()
    assert fig.women == 400
    services.membership_figure_update(figure=fig, data={"women": 500, "men": 500},
                                      reason="corrected")
    fig.refresh_from_db()
    assert (fig.women, fig.men) == (500, 500)


# --- contacts and affiliations ----------------------------------------------------------------

def test_only_one_primary_contact():
    first = ContactFactory(is_primary=True)
    with pytest.raises(ApplicationError) as exc:
        services.contact_create(constituent=first.constituent, name="Second", is_primary=True)
    assert first.name in exc.value.field_errors["is_primary"][0]
    second = services.contact_create(constituent=first.constituent, name="Second")
    services.contact_update(contact=first, data={"is_primary": False})
    services.contact_update(contact=second, data={"is_primary": True})
    assert Contact.objects.get(is_primary=True) == second


def test_contact_email_is_validated():
    org = ConstituentFactory()
    with pytest.raises(ApplicationError) as exc:
        services.contact_create(constituent=org, name="A", email="not-an-email")
    assert "email" in exc.value.field_errors


def test_affiliation_is_unique_and_year_plausible():
    org = ConstituentFactory()
    services.affiliation_create(constituent=org, organization="ITUC", since_year=2006)
    with pytest.raises(ApplicationError):
        services.affiliation_create(constituent=org, organization="ituc")
    with pytest.raises(ApplicationError):
        services.affiliation_create(constituent=org, organization="IOE", since_year=1800)


def test_delete_records_reason_in_history():
    contact = ContactFactory()
    pk = contact.pk
    services.contact_delete(contact=contact, reason="left the organization")
    record = Contact.history.filter(id=pk).first()
    assert record.history_type == "-"
    assert record.history_change_reason == "left the organization"


# --- country context --------------------------------------------------------------------------

def test_country_context_update_is_audited():
    alb = country("ALB")
    services.country_context_update(country=alb, data={"ilo_office": "DWT/CO-Budapest",
                                                       "delivering_as_one_pilot": True},
                                    reason="confirmed by the regional office")
    alb.refresh_from_db()
    assert alb.ilo_office == "DWT/CO-Budapest" and alb.delivering_as_one_pilot
    assert alb.history.first().history_change_reason == "confirmed by the regional office"


def test_country_context_update_refuses_other_fields():
    with pytest.raises(ApplicationError):
        services.country_context_update(country=country("ALB"), data={"name": "X"})
