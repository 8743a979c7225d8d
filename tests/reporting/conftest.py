"""Programme data with computed results for the report tests: an Albanian DWCP 2012–2016
with one CPO linked to an SPF outcome for 2012-13, two indicators (one achieved at 110 per
cent, one partly achieved at 60 per cent), a funded project, and results computed as of
1 March 2014."""
import datetime as dt
from decimal import Decimal

import pytest

from core.roles import Role
from programmes.models import Biennium, CpoOutcomeLink, PBOutcome
from programmes.services import indicators as svc
from programmes.services import results
from tests.factories import UserFactory
from tests.programmes.factories import CpoFactory
from tests.programmes.factories_resources import funded_project, link

D = Decimal
AS_OF = dt.date(2014, 3, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_data(db, field_user):
    approver = UserFactory(username="approver", role=Role.MANAGER)
    biennium = Biennium.objects.get(code="2012-13")
    outcome = PBOutcome.objects.filter(framework__code="SPF 2010-15").order_by("id").first()
    cpo = CpoFactory(code="ALB101", title="Youth employment policies",
                     planned_resources=D("500000"))
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=biennium, pb_outcome=outcome)
    made = {}
    for name, actual in (("achieved", D("21")), ("partly", D("16"))):
        indicator = svc.indicator_create(user=field_user, cpo=cpo, title=f"Agreements {name}",
                                         baseline_value=D("10"),
                                         milestones={biennium: (D("20"), "")})
        update = svc.progress_update_create(user=field_user, indicator=indicator,
                                            date=dt.date(2013, 5, 1), value=actual,
                                            submit=True)
        svc.progress_update_approve(user=approver, update=update, recompute=False)
        made[name] = indicator
    project = funded_project(years={2013: ("100000", "80000")})
    link(project, cpo)
    snapshot = results.results_recompute_all(as_of=AS_OF)
    return {"cpo": cpo, "outcome": outcome, "biennium": biennium, "snapshot": snapshot,
            **made}
