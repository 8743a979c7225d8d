"""Fuzzing the API (issue 15 point 2): schemathesis generates requests for every operation of
the OpenAPI document, sent through the WSGI application as each role (with the URL walk's
world of two countries in the database), and checks that no response is a server error and
that each response (status code and body) agrees with the schema.

The default run is small (``DWCP_FUZZ_EXAMPLES``, 3 examples per operation); ``make fuzz``
runs many more. See docs/api-testing.md."""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from rest_framework.authtoken.models import Token

from core.roles import Role
from tests.core.test_url_walk import world  # noqa: F401  (fixture)
from tests.factories import UserFactory, country

EXAMPLES = int(os.environ.get("DWCP_FUZZ_EXAMPLES", "3"))

ROLES = {
    "administrator": {"role": Role.ADMINISTRATOR, "is_staff": True, "is_superuser": True},
    "manager": {"role": Role.MANAGER},
    "field_staff": {"role": Role.FIELD_STAFF},
    "actemp": {"role": Role.ACTEMP},
    "actrav": {"role": Role.ACTRAV},
    "partnerships": {"role": Role.PARTNERSHIPS},
}

def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_fuzz_api_as_each_role(role, world):  # noqa: F811
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    # As Django's test client does: the request must not close the test's connection (the
    # test runs in a transaction that is rolled back at its end).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _fuzz(role, application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _runner(operation, key, checks, failures, calls):
    """The hypothesis test of one operation (built here: @given refuses default arguments,
    and a loop variable must be bound)."""

    @given(case=operation.as_strategy())
    @hsettings(max_examples=EXAMPLES, deadline=None, derandomize=True,
               phases=[Phase.explicit, Phase.generate],
               suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(headers={"Authorization": f"Token {key}"})
        calls.append(operation.path)
        try:
            case.validate_response(response, checks=checks)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:1500])
            raise

    return run


def _fuzz(role, application):

    extra = dict(ROLES[role])
    if extra["role"] == Role.FIELD_STAFF:
        extra["countries"] = [country("ALB")]
    user = UserFactory(username=f"fuzz.{role}", **extra)
    key = Token.objects.create(user=user).key
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    failures: list[str] = []
    calls: list[str] = []
    checks = _checks()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        run = _runner(operation, key, checks, failures, calls)
        before = len(failures)
        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - a check's failure is recorded above
            if len(failures) == before:  # anything else (the call itself) is a failure too
                failures.append(f"{operation.method.upper()} {operation.path}: {exc!r}"[:1500])
    # The run is not vacuous: the schema's operations were found and called.
    assert operations > 300, operations
    assert not failures, "\n\n".join(failures)
    assert len(calls) >= operations, (len(calls), operations)
