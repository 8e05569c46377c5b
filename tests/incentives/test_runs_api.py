"""The payout run API: scoped lists and details, approve/lock/adjust actions, the export."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from incentives.models import Adjustment, PayoutRun, RunStatus
from incentives.payouts.services import add_adjustment, close_period
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def june(world):
    andi_june(world)
    run = close_period(month=JUNE)
    add_adjustment(run=run, salesman=world.dewi, amount=300_000, reason="Promo", by=world.hr)
    return run


def api_for(user):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def test_hr_lists_every_run(world, june):
    response = api_for(world.hr).get("/api/v1/payout-runs/")
    assert response.status_code == 200
    [run] = response.json()["results"]
    assert (run["period"], run["status"], run["total"], run["people"], run["line_count"]) == (
        "2026-06",
        "draft",
        "3700000",
        3,
        9,
    )


def test_detail_has_the_lines_scoped_to_the_manager(world, june):
    response = api_for(world.manager_a).get("/api/v1/payout-runs/2026-06/")
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == "3400000"
    assert [s["salesman"] for s in data["statements"]] == ["A1", "A2"]
    andi = data["statements"][0]
    assert (andi["total"], andi["total_score"], andi["plan"]) == (
        "3400000",
        "112.22",
        "GT-SALESMAN",
    )
    assert [(line["rule"], line["amount"]) for line in andi["lines"]] == [
        ("rev-full", "2000000"),
        ("rev-step", "500000"),
        ("new-outlets", "400000"),
        ("visits", "500000"),
    ]
    data = api_for(world.manager_b).get("/api/v1/payout-runs/2026-06/").json()
    assert [s["salesman"] for s in data["statements"]] == ["B1"]


@pytest.mark.parametrize("who", ["andi", "supervisor_a"])
def test_others_get_404(world, june, who):
    api = api_for(world.andi.user if who == "andi" else world.supervisor_a)
    assert api.get("/api/v1/payout-runs/").json()["results"] == []
    assert api.get("/api/v1/payout-runs/2026-06/").status_code == 404
    assert api.post("/api/v1/payout-runs/2026-06/approve/").status_code == 404
    assert api.get("/api/v1/payout-runs/2026-06/export/").status_code == 404


def test_approve_and_lock(world, june):
    response = api_for(world.hr).post("/api/v1/payout-runs/2026-06/approve/")
    assert response.status_code == 403
    response = api_for(world.manager_a).post(
        "/api/v1/payout-runs/2026-06/approve/", {"confirm": True}, format="json"
    )
    assert response.status_code == 200
    data = response.json()
    # Andi and Budi approved; Dewi (team B) waits for manager_b, so the run stays a draft.
    assert (data["status"], data["approved_by"], data["people"], data["approved_people"]) == (
        "draft",
        None,
        2,
        2,
    )
    response = api_for(world.manager_a).post(
        "/api/v1/payout-runs/2026-06/approve/", {"confirm": True}, format="json"
    )
    assert response.status_code == 409
    assert "No statement of 2026-06 waits for your approval" in response.json()["detail"]
    response = api_for(world.manager_b).post(
        "/api/v1/payout-runs/2026-06/approve/", {"confirm": True}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["approved_by"]) == (
        "approved",
        "manager_b",
    )
    response = api_for(world.manager_b).post(
        "/api/v1/payout-runs/2026-06/approve/", {"confirm": True}, format="json"
    )
    assert response.status_code == 409
    assert "Only a draft run can be approved" in response.json()["detail"]
    response = api_for(world.hr).post(
        "/api/v1/payout-runs/2026-06/lock/", {"confirm": "2026-06"}, format="json"
    )
    assert response.status_code == 200
    assert PayoutRun.objects.get().status == RunStatus.LOCKED


def test_adjustments_action(world, june):
    api = api_for(world.hr)
    response = api.post(
        "/api/v1/payout-runs/2026-06/adjustments/",
        {"salesman": "A1", "amount": 125000, "reason": "Late invoice"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json() == {
        "period": "2026-06",
        "salesman": "A1",
        "amount": 125000,
        "reason": "Late invoice",
    }
    for payload, field in (
        ({"salesman": "A1", "amount": "lots", "reason": "x"}, "amount"),
        ({"salesman": "A1", "amount": 0, "reason": "x"}, "amount"),
        ({"salesman": "A1", "amount": 10}, "reason"),
        ({"salesman": "NOPE", "amount": 10, "reason": "x"}, "salesman"),
    ):
        response = api.post("/api/v1/payout-runs/2026-06/adjustments/", payload, format="json")
        assert response.status_code == 400, payload
        assert field in response.json(), payload
    # manager_b cannot name Andi: outside his scope reads as unknown.
    response = api_for(world.manager_b).post(
        "/api/v1/payout-runs/2026-06/adjustments/",
        {"salesman": "A1", "amount": 10, "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert Adjustment.objects.filter(salesman=world.andi).count() == 1


def test_export_action_is_scoped(world, june):
    response = api_for(world.manager_b).get("/api/v1/payout-runs/2026-06/export/")
    assert response.status_code == 200
    assert response.streaming
    text = response.getvalue().decode("utf-8-sig")
    assert text.splitlines()[1:] == ["2026-06,B1,Dewi,Team B,MT,,300000,,"]
    response = api_for(world.hr).get("/api/v1/payout-runs/2026-06/export/?file_format=pdf")
    assert response.status_code == 400


def test_close_action(world, django_capture_on_commit_callbacks):
    andi_june(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(world.hr).post(
            "/api/v1/payout-runs/close/", {"month": "2026-06"}, format="json"
        )
    assert response.status_code == 202
    assert PayoutRun.objects.get().lines.count() == 8
    response = api_for(world.hr).post("/api/v1/payout-runs/close/", {"month": "x"}, format="json")
    assert response.status_code == 400 and "month" in response.json()
    response = api_for(world.andi.user).post(
        "/api/v1/payout-runs/close/", {"month": "2026-06"}, format="json"
    )
    assert response.status_code == 404
