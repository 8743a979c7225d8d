"""Test-database plumbing (pytest plugin, listed in the root conftest's ``pytest_plugins``).

Transactional tests (browser, worker) end with a flush that empties every table, reference
data included. With ``--reuse-db`` the next session would then start without the regions,
countries and biennia the migrations loaded; reload them (idempotently) once per session."""
import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from core.reference import load_all

    with django_db_blocker.unblock():
        load_all()
