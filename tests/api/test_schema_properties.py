"""Property-based API tests: schemathesis draws requests from the project's own OpenAPI schema
and sends them, signed in as a manager and as a salesman, to the WSGI app on the test database.
Every answer must be a documented status code (no 500), and every body must match the schema.

Bounded: a fixed number of examples per operation, derandomized (the same requests on every
run), no deadline per example; the whole test takes well under a minute.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from incentives.payouts.services import close_period
from tests.incentives.payout_factories import JUNE, andi_june

EXAMPLES_PER_OPERATION = 8
# Issuing or revoking the caller's own token would sign the rest of the run out.
SKIPPED = {"/api/v1/me/token/"}
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def same_connection():
    """The WSGI handler closes the database connection after each request; Django's own test
    client switches that off so requests share the test's transaction, and so does this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(same_connection):
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(document, default=str)))
    schema.app = get_wsgi_application()
    return schema


def _explore(schema, token: str) -> list[str]:
    """Run every operation; return one line per operation that failed a check."""
    headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIPPED:
            continue

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except AssertionError as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
        except BaseExceptionGroup as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    return failures


@pytest.fixture
def data(world):
    """The two teams, and a month of Andi's field data with the GT plan and targets (a payout
    run, statements, scorecards to read)."""
    andi_june(world)
    close_period(month=JUNE, by=None)
    return world


@pytest.mark.parametrize("who", ["manager_a", "andi"])
def test_no_server_error_and_answers_match_the_schema(api_schema, data, who):
    user = data.manager_a if who == "manager_a" else data.andi.user
    token = Token.objects.create(user=user).key
    failures = _explore(api_schema, token)
    assert failures == [], "\n\n".join(failures)
