"""Approval follows scope: each manager approves the statements of the people he sees; a run is
approved when all its statements are; HR locks an approved run only.

June (from `andi_june`): Andi and Budi (team A, manager_a) have statements from the GT plan;
Dewi (team B, manager_b) has one through HR's adjustment.
"""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from rest_framework.test import APIClient

from incentives.models import PayoutRun, PayoutStatement, RunStatus
from incentives.payouts.services import (
    PayoutError,
    add_adjustment,
    approve_run,
    close_period,
    lock_run,
)
from org.models import AuditEntry
from tests.factories import SalesmanFactory
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


def approvals() -> dict[str, str | None]:
    """Salesman code → the username who approved his statement (None: waiting)."""
    return {
        s.salesman.code: (s.approved_by.username if s.approved_by else None)
        for s in PayoutStatement.objects.select_related("salesman", "approved_by")
    }


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_manager_approves_only_the_statements_of_the_people_he_sees(world, june):
    run = approve_run(run=june, by=world.manager_a)
    # Before approval followed scope, this approved the whole run, Dewi's pay included.
    assert run.status == RunStatus.DRAFT
    assert PayoutRun.objects.get().status == RunStatus.DRAFT
    assert approvals() == {"A1": "manager_a", "A2": "manager_a", "B1": None}
    assert PayoutStatement.objects.get(salesman=world.andi).approved_at is not None


def test_the_run_is_approved_when_its_last_statement_is(world, june):
    approve_run(run=june, by=world.manager_a)
    run = approve_run(run=june, by=world.manager_b)
    assert (run.status, run.approved_by) == (RunStatus.APPROVED, world.manager_b)
    assert approvals() == {"A1": "manager_a", "A2": "manager_a", "B1": "manager_b"}
    assert lock_run(run=run, by=world.hr).status == RunStatus.LOCKED


def test_hr_cannot_lock_a_run_that_is_only_partly_approved(world, june):
    approve_run(run=june, by=world.manager_a)
    with pytest.raises(PayoutError, match="Only an approved run can be locked"):
        lock_run(run=june, by=world.hr)
    assert PayoutRun.objects.get().status == RunStatus.DRAFT


def test_a_manager_with_nothing_left_to_approve_is_told_so(world, june):
    approve_run(run=june, by=world.manager_a)
    with pytest.raises(PayoutError, match="No statement of 2026-06 waits for your approval"):
        approve_run(run=june, by=world.manager_a)
    assert approvals()["B1"] is None


def test_an_admin_approves_every_statement_left(world, june):
    approve_run(run=june, by=world.manager_b)
    run = approve_run(run=june, by=world.admin)
    assert run.status == RunStatus.APPROVED
    assert approvals() == {"A1": "admin", "A2": "admin", "B1": "manager_b"}


def test_nobody_approves_his_own_statement(world, june):
    profile = SalesmanFactory(code="M1", name="Manager A", team=world.team_a, user=world.manager_a)
    add_adjustment(run=june, salesman=profile, amount=50_000, reason="Bonus", by=world.hr)
    approve_run(run=june, by=world.manager_a)
    approve_run(run=june, by=world.manager_b)
    assert approvals()["M1"] is None
    assert PayoutRun.objects.get().status == RunStatus.DRAFT
    assert approve_run(run=june, by=world.admin).status == RunStatus.APPROVED
    assert approvals()["M1"] == "admin"


def test_an_adjustment_withdraws_the_approval_of_its_statement(world, june):
    approve_run(run=june, by=world.manager_a)
    add_adjustment(run=june, salesman=world.andi, amount=125_000, reason="Late", by=world.hr)
    assert approvals() == {"A1": None, "A2": "manager_a", "B1": None}
    withdrawn = AuditEntry.objects.get(action="payout_statement.approval_withdrawn")
    assert (withdrawn.actor, withdrawn.before, withdrawn.after) == (
        world.hr,
        {"approved_by": "manager_a"},
        {"salesman": "A1", "approved_by": None},
    )
    approve_run(run=june, by=world.manager_a)  # Andi again, the new amount
    assert approvals()["A1"] == "manager_a"


def test_closing_the_month_again_voids_the_approvals(world, june):
    approve_run(run=june, by=world.manager_a)
    close_period(month=JUNE)
    assert approvals() == {"A1": None, "A2": None, "B1": None}


def test_every_approval_is_in_the_audit_trail(world, june):
    approve_run(run=june, by=world.manager_a)
    approve_run(run=june, by=world.manager_b)
    entries = AuditEntry.objects.filter(action__startswith="payout_").order_by("id")
    assert [
        (e.action, e.actor.username, (e.after or {}).get("salesman"))
        for e in entries
        if e.action != "payout_run.adjusted" and e.action != "payout_run.closed"
    ] == [
        ("payout_statement.approved", "manager_a", "A1"),
        ("payout_statement.approved", "manager_a", "A2"),
        ("payout_statement.approved", "manager_b", "B1"),
        ("payout_run.approved", "manager_b", None),
    ]


def test_the_run_page_shows_each_statement_approval_and_approves_my_people(world, june):
    manager_b = client_for(world.manager_b)
    html = manager_b.get("/incentives/runs/2026-06/").content.decode()
    assert "waits for your approval" in html
    html = manager_b.get("/incentives/runs/2026-06/review/").content.decode()
    assert "Approve my people (1 statement)" in html
    approve_run(run=june, by=world.manager_a)

    response = client_for(world.manager_a).get("/incentives/runs/2026-06/")
    html = response.content.decode()
    assert 'id="approve-run"' not in html  # nothing of his waits any more
    assert html.count('data-approved="yes"') == 2
    assert f"by {escape(str(world.manager_a))}" in html
    assert "2 of 2 statements approved" in html
    assert "Dewi" not in html

    html = manager_b.get("/incentives/runs/2026-06/").content.decode()
    assert "0 of 1 statements approved" in html
    assert escape(str(world.manager_a)) not in html  # who approved team A is not team B's
    response = manager_b.post("/incentives/runs/2026-06/approve/", {"confirm": "yes"}, follow=True)
    assert "The payout run of June 2026 is approved." in response.content.decode()
    assert PayoutRun.objects.get().status == RunStatus.APPROVED


def test_the_lock_form_asks_for_a_confirmation_without_javascript(world, june):
    approve_run(run=june, by=world.manager_a)
    approve_run(run=june, by=world.manager_b)
    html = client_for(world.hr).get("/incentives/runs/2026-06/").content.decode()
    assert 'name="confirm" value="yes" id="lock-confirm" required' in html
    assert "locking cannot be undone" in html


def test_a_salesman_reads_who_approved_his_statement(world, june):
    approve_run(run=june, by=world.manager_a)
    html = client_for(world.andi.user).get("/incentives/statements/A1/2026-06/").content
    assert f"This statement is approved by {escape(str(world.manager_a))}" in html.decode()
    html = client_for(world.manager_b).get("/incentives/statements/B1/2026-06/").content
    assert "This statement waits for your approval." in html.decode()


def test_the_api_says_who_approved_each_statement_and_what_waits_for_the_caller(world, june):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(world.manager_a)
    assert api.get("/api/v1/payout-runs/2026-06/").json()["to_approve"] == 2
    api.post("/api/v1/payout-runs/2026-06/approve/", {"confirm": True}, format="json")
    data = api.get("/api/v1/payout-runs/2026-06/").json()
    assert (data["status"], data["to_approve"], data["approved_people"]) == ("draft", 0, 2)
    assert [(s["salesman"], s["approved_by"]) for s in data["statements"]] == [
        ("A1", "manager_a"),
        ("A2", "manager_a"),
    ]
    assert data["statements"][0]["approved_at"] is not None
    api.force_authenticate(world.manager_b)
    data = api.get("/api/v1/payout-runs/2026-06/").json()
    assert (data["to_approve"], data["statements"][0]["approved_by"]) == (1, None)


def test_the_approval_texts_are_in_indonesian(world, june):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.manager_b)
    with translation.override("id"):
        html = client.get("/incentives/runs/2026-06/").content.decode()
        assert "menunggu persetujuan Anda" in html
        assert "0 dari 1 rincian disetujui" in html
        html = client.get("/incentives/runs/2026-06/review/").content.decode()
        assert "Setujui orang-orang saya (1 rincian)" in html
        response = client.post("/incentives/runs/2026-06/approve/", {"confirm": "yes"}, follow=True)
        assert "Run pembayaran Juni 2026 disetujui." not in response.content.decode()
        assert "run tetap draf sampai semua rincian disetujui" in response.content.decode()
    client.force_login(world.hr)
    with translation.override("id"):
        html = client.get("/incentives/runs/2026-06/").content.decode()
        assert "belum disetujui" in html  # Andi and Budi wait for manager_a
