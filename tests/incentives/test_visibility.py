"""Every incentives page and endpoint against owner, teammate, other team and other role:
outside the scope answers 404 and changes nothing."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from incentives.models import Adjustment, PayoutRun, RunStatus
from incentives.payouts.services import close_period
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(world):
    andi_june(world)
    return close_period(month=JUNE)


def user_of(world, who):
    person = getattr(world, who)
    return getattr(person, "user", person)


STATEMENT_READERS = [
    ("andi", 200),  # owner
    ("budi", 404),  # teammate
    ("dewi", 404),  # other team
    ("supervisor_a", 200),
    ("supervisor_b", 404),
    ("manager_a", 200),
    ("manager_b", 404),
    ("hr", 200),
    ("admin", 200),
]


@pytest.mark.parametrize(("who", "status"), STATEMENT_READERS)
def test_statement_months_api(world, june, who, status):
    api = APIClient()
    api.force_authenticate(user_of(world, who))
    response = api.get("/api/v1/statements/A1/")
    assert response.status_code == status
    if status == 200:
        assert response.json() == [{"period": "2026-06", "status": "draft", "total": "3400000"}]


@pytest.mark.parametrize("who", ["andi", "budi", "dewi", "supervisor_a", "supervisor_b"])
def test_salesmen_and_supervisors_reach_no_run_page_or_endpoint(world, june, who):
    client = Client()
    client.force_login(user_of(world, who))
    for url in (
        "/incentives/runs/",
        "/incentives/runs/2026-06/",
        "/incentives/runs/2026-06/export.csv",
        "/incentives/runs/2026-06/export.csv?lines=1",
        "/incentives/runs/2026-06/export.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    posts = {
        "/incentives/runs/close/": {"month": "2026-05"},
        "/incentives/runs/2026-06/approve/": {},
        "/incentives/runs/2026-06/lock/": {},
        "/incentives/runs/2026-06/adjust/": {
            "salesman": world.andi.pk,
            "amount": "100000",
            "reason": "x",
        },
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url

    api = APIClient()
    api.force_authenticate(user_of(world, who))
    assert api.get("/api/v1/payout-runs/").json()["results"] == []
    assert api.get("/api/v1/payout-runs/2026-06/").status_code == 404
    assert api.get("/api/v1/payout-runs/2026-06/export/").status_code == 404
    for url, data in (
        ("/api/v1/payout-runs/2026-06/approve/", {}),
        ("/api/v1/payout-runs/2026-06/lock/", {}),
        (
            "/api/v1/payout-runs/2026-06/adjustments/",
            {"salesman": "A1", "amount": 100000, "reason": "x"},
        ),
        ("/api/v1/payout-runs/close/", {"month": "2026-05"}),
    ):
        assert api.post(url, data, format="json").status_code == 404, url

    run = PayoutRun.objects.get()
    assert (run.status, PayoutRun.objects.count(), Adjustment.objects.count()) == (
        RunStatus.DRAFT,
        1,
        0,
    )


def test_a_manager_cannot_adjust_or_read_another_teams_salesman(world, june):
    """Manager B sees the run (his people's lines only) but not Andi: adjusting Andi over the
    API is refused exactly as an unknown code, and Andi's statement is 404."""
    api = APIClient()
    api.force_authenticate(world.manager_b)
    response = api.post(
        "/api/v1/payout-runs/2026-06/adjustments/",
        {"salesman": "A1", "amount": 100000, "reason": "x"},
        format="json",
    )
    unknown = api.post(
        "/api/v1/payout-runs/2026-06/adjustments/",
        {"salesman": "NOPE", "amount": 100000, "reason": "x"},
        format="json",
    )
    # Outside the scope reads exactly like a code that does not exist.
    assert (response.status_code, response.json()) == (unknown.status_code, unknown.json())
    assert response.status_code == 400
    assert Adjustment.objects.count() == 0
    assert api.get("/api/v1/statements/A1/2026-06/").status_code == 404
    codes = [s["salesman"] for s in api.get("/api/v1/payout-runs/2026-06/").json()["statements"]]
    assert "A1" not in codes
