"""Services check the capabilities of core.policy themselves, so a caller that forgets to ask
(a new view, a script) cannot act for a user who may not: the service refuses with
``PermissionDenied`` (or, for a workflow step the user can see, an ``ApplicationError`` that
says who may), and lets the system (``user=None``) through where it documents that."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from capacity.models import NeedStatus
from capacity.services import needs as need_services
from constituents.models import ConstituentType
from core.errors import ApplicationError
from core.roles import Role
from programmes.models import Biennium, DwcpStatus, Indicator, ProgressUpdate, UpdateStatus
from programmes.services import dwcp as dwcp_services
from programmes.services import indicators as services
from reporting import services as report_services
from tests.capacity.factories import CapacityNeedFactory
from tests.constituents.factories import ConstituentFactory
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return UserFactory(username="field.alb.2", role=Role.FIELD_STAFF, countries=[country("ALB")])


def _update(*, submitted_by, status=UpdateStatus.SUBMITTED) -> ProgressUpdate:
    dwcp = DwcpFactory(country=country("ALB"))
    indicator = Indicator.objects.create(cpo=CpoFactory(priority__dwcp=dwcp, code="ALB101"),
                                         code="ALB101.1", title="Agreements", unit="number")
    return ProgressUpdate.objects.create(indicator=indicator, date=dt.date(2013, 6, 1), value=1,
                                         status=status, submitted_by=submitted_by)


# --- progress updates ------------------------------------------------------------------------

def test_approving_needs_the_decide_capability(colleague, field_user, field_user_africa,
                                               actemp_user, manager_user):
    update = _update(submitted_by=colleague)
    for user in (field_user_africa, actemp_user):
        with pytest.raises(PermissionDenied):
            services.progress_update_approve(user=user, update=update)
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED
    services.progress_update_approve(user=manager_user, update=update)
    update.refresh_from_db()
    assert update.status == UpdateStatus.APPROVED and update.decided_by == manager_user


def test_no_one_decides_on_their_own_submission(field_user, colleague):
    update = _update(submitted_by=field_user)
    with pytest.raises(ApplicationError, match="someone else must approve"):
        services.progress_update_approve(user=field_user, update=update)
    with pytest.raises(PermissionDenied):
        services.progress_update_return(user=field_user, update=update, comment="Check")
    services.progress_update_return(user=colleague, update=update, comment="Check the source")
    update.refresh_from_db()
    assert update.status == UpdateStatus.RETURNED


def test_submitting_needs_the_edit_capability_in_the_country(field_user, field_user_africa):
    update = _update(submitted_by=None, status=UpdateStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.progress_update_submit(user=field_user_africa, update=update)
    services.progress_update_submit(user=field_user, update=update)
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED


# --- biennia ---------------------------------------------------------------------------------

def test_only_managers_close_and_reopen_a_biennium(field_user, actemp_user, manager_user):
    biennium = Biennium.objects.get(code="2012-13")
    with pytest.raises(PermissionDenied, match="Only managers"):
        services.biennium_close(user=field_user, biennium=biennium)
    services.biennium_close(user=manager_user, biennium=biennium)
    with pytest.raises(PermissionDenied, match="Only managers"):
        services.biennium_reopen(user=actemp_user, biennium=biennium, reason="Late data")
    biennium.refresh_from_db()
    assert biennium.closed_at is not None


# --- DWCP lifecycle --------------------------------------------------------------------------

def test_a_dwcp_step_is_refused_to_whom_it_does_not_belong(field_user, manager_user):
    dwcp = DwcpFactory(country=country("ALB"))
    with pytest.raises(ApplicationError, match="Only field staff of the country or "
                                               "administrators may"):
        dwcp_services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.QUALITY_APPRAISAL,
                                      effective_date=dt.date(2012, 3, 1), user=manager_user)
    dwcp_services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.QUALITY_APPRAISAL,
                                  effective_date=dt.date(2012, 3, 1), user=field_user)
    with pytest.raises(ApplicationError, match="Only managers or administrators may"):
        dwcp_services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.IN_PREPARATION,
                                      effective_date=dt.date(2012, 4, 1), note="Redo",
                                      user=field_user)
    dwcp.refresh_from_db()
    assert dwcp.status == DwcpStatus.QUALITY_APPRAISAL


# --- capacity needs --------------------------------------------------------------------------

def test_a_need_is_reviewed_by_the_bureau_owning_its_group(actemp_user, actrav_user,
                                                           field_user):
    need = CapacityNeedFactory(constituent=ConstituentFactory(
        country=country("ALB"), type=ConstituentType.EMPLOYERS))
    with pytest.raises(PermissionDenied):  # ACTRAV do not even see employers' needs
        need_services.need_transition(user=actrav_user, need=need,
                                      to_status=NeedStatus.REVIEWED,
                                      effective_date=dt.date(2015, 1, 5))
    with pytest.raises(ApplicationError, match="Only ACT/EMP specialists may"):
        need_services.need_transition(user=field_user, need=need, to_status=NeedStatus.REVIEWED,
                                      effective_date=dt.date(2015, 1, 5))
    need_services.need_transition(user=actemp_user, need=need, to_status=NeedStatus.REVIEWED,
                                  effective_date=dt.date(2015, 1, 5))
    need.refresh_from_db()
    assert need.status == NeedStatus.REVIEWED


def test_the_system_may_move_a_need(db):
    need = CapacityNeedFactory(constituent=ConstituentFactory(country=country("ALB")))
    need_services.need_transition(user=None, need=need, to_status=NeedStatus.REVIEWED,
                                  effective_date=dt.date(2015, 1, 5))
    need.refresh_from_db()
    assert need.status == NeedStatus.REVIEWED


# --- reports ---------------------------------------------------------------------------------

def test_reports_are_refused_to_field_staff_by_the_service(field_user):
    with pytest.raises(PermissionDenied, match="Only managers and administrators"):
        report_services.report_request(user=field_user, kind="dwcp",
                                       parameters={"country": "ALB"})


# --- UN frameworks and development plans -----------------------------------------------------

def test_un_frameworks_are_written_by_field_staff_of_the_country(field_user, field_user_africa,
                                                                 manager_user):
    from programmes.models import UNFramework
    from programmes.services import unframeworks as un_services

    for user in (field_user_africa, manager_user):
        with pytest.raises(PermissionDenied):
            un_services.unframework_create(country=country("ALB"), title="UNDAF Albania",
                                           start_year=2012, end_year=2016, user=user)
    framework = un_services.unframework_create(country=country("ALB"), title="UNDAF Albania",
                                               start_year=2012, end_year=2016,
                                               user=field_user)
    with pytest.raises(PermissionDenied):
        un_services.un_outcome_create(framework=framework, code="1.1", title="Jobs",
                                      user=field_user_africa)
    with pytest.raises(PermissionDenied):
        un_services.unframework_update(framework=framework, title="Renamed", start_year=2012,
                                       end_year=2016, kind=framework.kind,
                                       user=field_user_africa)
    framework.refresh_from_db()
    assert framework.title == "UNDAF Albania"
    # The system (the demo data load) writes without a user.
    un_services.development_plan_create(country=country("SEN"), title="Plan Sénégal Émergent",
                                        start_year=2014, end_year=2018)
    assert UNFramework.objects.filter(country=country("ALB")).count() == 1


# --- constituents ----------------------------------------------------------------------------

def test_constituent_records_are_written_by_those_who_may_change_the_organization(
        field_user, field_user_africa, actemp_user, actrav_user):
    from constituents import services as constituent_services
    from constituents.models import Contact

    workers = ConstituentFactory(country=country("ALB"), type=ConstituentType.WORKERS)
    for user in (field_user_africa, actemp_user):
        with pytest.raises(PermissionDenied):
            constituent_services.contact_create(constituent=workers, name="A. Hoxha",
                                                user=user)
        with pytest.raises(PermissionDenied):
            constituent_services.constituent_update(constituent=workers,
                                                    data={"acronym": "BSPSH"}, user=user)
    with pytest.raises(PermissionDenied):  # no specialist moves an organization to a group
        constituent_services.constituent_update(  # they do not own
            constituent=workers, data={"type": ConstituentType.EMPLOYERS}, user=actrav_user)
    workers.refresh_from_db()
    assert workers.type == ConstituentType.WORKERS
    for user in (field_user, actrav_user):
        constituent_services.contact_create(constituent=workers, name=f"Contact of {user}",
                                            user=user)
    with pytest.raises(PermissionDenied):
        constituent_services.constituent_create(country=country("SEN"), name="CNTS",
                                                type=ConstituentType.WORKERS, user=field_user)
    constituent_services.country_context_update(country=country("ALB"), data={}, user=None)
    assert Contact.objects.filter(constituent=workers).count() == 2
