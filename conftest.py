"""Root fixtures: personas for each role and scope."""
import os

import pytest

from core.roles import Role
from tests.factories import UserFactory, country, region

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made from
# the test itself (not from the browser) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "pw-for-tests-123"

# Shared fixtures that start real processes (a Celery worker) for integration tests.
pytest_plugins = ["tests.conftest_db", "tests.conftest_worker"]


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` (triggers, the SQL engine, row locks between transactions)
    are skipped on another database, with the reason the marker gives."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    for item in items:
        marker = item.get_closest_marker("postgres")
        if marker:
            reason = marker.args[0] if marker.args else "PostgreSQL features"
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL: {reason}"))


def pytest_terminal_summary(terminalreporter):
    """Say how many tests were left out for want of PostgreSQL or of a real worker."""
    skipped = terminalreporter.stats.get("skipped", [])
    postgres = sum(1 for r in skipped if "postgres" in r.keywords and "worker" not in r.keywords)
    worker = sum(1 for r in skipped if "worker" in r.keywords)
    if postgres or worker:
        terminalreporter.write_line(
            f"skipped: {postgres} test(s) needing PostgreSQL, {worker} needing a real Celery "
            "worker (PostgreSQL and a broker)", yellow=True)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def field_user(db):
    """Field staff covering Albania only."""
    return UserFactory(username="field.alb", role=Role.FIELD_STAFF, countries=[country("ALB")])


@pytest.fixture
def field_user_africa(db):
    """Field staff covering the Africa region."""
    return UserFactory(username="field.af", role=Role.FIELD_STAFF, regions=[region("AF")])


@pytest.fixture
def actemp_user(db):
    return UserFactory(username="actemp", role=Role.ACTEMP)


@pytest.fixture
def actrav_user(db):
    return UserFactory(username="actrav", role=Role.ACTRAV)


@pytest.fixture
def manager_user(db):
    return UserFactory(username="manager", role=Role.MANAGER)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True,
                       is_superuser=True)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """Transactional tests flush the database after each test, taking the reference data the
    migrations loaded with it; put it back before such a test runs."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from core.reference import load_all

        load_all()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in French or Spanish leaves that language active in the thread (Django's
    locale middleware activates it and nothing resets it); each test starts in the default
    language, whatever ran before it."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
