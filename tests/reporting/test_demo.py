"""The demo report definition: a manager's saved front matter, loaded once."""
import io

import pytest

from core.demo import demo_accounts_ensure
from reporting import demo
from reporting.models import ReportDefinition

pytestmark = pytest.mark.django_db


def test_the_demo_definition_is_loaded_once_as_the_manager():
    demo_accounts_ensure()
    out = io.StringIO()
    assert demo.load(stdout=out) == {"report definitions": 1}
    definition = ReportDefinition.objects.get()
    assert (definition.kind, definition.parameters) == (
        "biennial", {"biennium": "2020-21", "region": ""})
    assert definition.symbol == "GB.346/POL/9"
    assert definition.created_by.username == "manager"
    assert demo.load(stdout=out) == {}
    assert ReportDefinition.objects.count() == 1
    assert "created nothing new" in out.getvalue()
