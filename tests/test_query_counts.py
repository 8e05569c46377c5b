"""Pages and API endpoints whose cost does not grow with the size of the sales force: each is
requested on the small world, then again after five more salesmen with a month of field data,
scorecards and statements joined, and must run exactly as many SQL queries (issue 17). The
benchmarks in bench/ measure the time; this catches the N+1 query that no timing shows on a
laptop-sized demo."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from incentives.payouts.services import close_period
from tests.factories import SalesmanFactory, UserFactory
from tests.incentives.payout_factories import JUNE, andi_june, field_month, targets

pytestmark = pytest.mark.django_db

# (who, url): lists and details of the three journeys, pages and API
REQUESTS = [
    ("hr", "/api/v1/salesmen/"),
    ("hr", "/api/v1/salesmen/A1/"),
    ("hr", "/api/v1/teams/"),
    ("hr", "/api/v1/outlets/"),
    ("hr", "/api/v1/visits/"),
    ("hr", "/api/v1/orders/"),
    ("hr", "/api/v1/metrics/"),
    ("manager_a", "/api/v1/team-metrics/"),
    ("hr", "/api/v1/kpi/scorecards/"),
    ("manager_a", "/api/v1/kpi/targets/"),
    ("hr", "/api/v1/payout-runs/"),
    ("hr", "/api/v1/payout-runs/2026-06/"),
    ("manager_a", "/api/v1/payout-runs/2026-06/"),
    ("andi", "/api/v1/statements/A1/"),
    ("andi", "/api/v1/statements/A1/2026-06/"),
    ("manager_a", "/api/v1/plans/"),
    ("hr", "/people/"),
    ("manager_a", "/teams/"),
    ("manager_a", "/outlets/"),
    ("manager_a", "/kpi/scorecards/"),
    ("andi", "/kpi/scorecards/A1/2026-06/"),
    ("hr", "/incentives/runs/"),
    ("hr", "/incentives/runs/2026-06/"),
    ("manager_a", "/incentives/runs/2026-06/"),
    ("andi", "/incentives/statements/A1/"),
    ("andi", "/incentives/statements/A1/2026-06/"),
    ("hr", "/audit/"),
]


def user_of(world, name):
    person = getattr(world, name)
    return getattr(person, "user", person)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


def test_no_page_or_endpoint_runs_more_queries_for_a_larger_sales_force(world):
    andi_june(world)
    close_period(month=JUNE)
    clients = {}
    for name in {who for who, _url in REQUESTS}:
        clients[name] = Client(HTTP_ACCEPT_LANGUAGE="id")
        clients[name].force_login(user_of(world, name))
    small = {(who, url): queries(clients[who], url) for who, url in REQUESTS}

    for n in range(5):
        person = SalesmanFactory(
            code=f"G{n}", name=f"Grow {n}", team=world.team_a, user=UserFactory()
        )
        field_month(person, revenue=100_000_000 + n, new_outlets=3, field_days=3, visits_per_day=2)
        targets(person)
    close_period(month=JUNE)
    large = {(who, url): queries(clients[who], url) for who, url in REQUESTS}

    grown = {key: (small[key], large[key]) for key in small if large[key] > small[key]}
    assert grown == {}
