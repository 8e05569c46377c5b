"""Run pages: who sees which run and which lines, the buttons by role, adjustments, CSRF."""

import pytest
from django.test import Client
from django.utils import translation

from incentives.models import Adjustment, PayoutRun, PayoutStatement, RunStatus
from incentives.payouts.services import add_adjustment, approve_run, close_period
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
    # Dewi (team B, MT) has no plan; an adjustment gives her a line the managers can tell apart.
    add_adjustment(run=run, salesman=world.dewi, amount=300_000, reason="Promo", by=world.hr)
    return run


def client_for(user):
    """A logged-in client that asks for the English pages (the default language is id)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["andi", "supervisor_a"])
def test_salesmen_and_supervisors_get_404_on_run_pages(world, june, who):
    user = world.andi.user if who == "andi" else world.supervisor_a
    client = client_for(user)
    for url in (
        "/incentives/runs/",
        "/incentives/runs/2026-06/",
        "/incentives/runs/2026-06/export.csv",
        "/incentives/runs/2026-06/export.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    for url in ("/incentives/runs/2026-06/approve/", "/incentives/runs/2026-06/lock/"):
        assert client.post(url).status_code == 404, url
    assert PayoutRun.objects.get().status == RunStatus.DRAFT


def test_hr_sees_every_run_with_its_totals(world, june):
    response = client_for(world.hr).get("/incentives/runs/")
    assert response.status_code == 200
    rows = list(response.context["table"].rows)
    assert [(r.record.period, r.record.total, r.record.people) for r in rows] == [
        ("2026-06", 3_700_000, 3)
    ]
    assert "Rp 3,700,000" in response.content.decode()  # an English page: English notation


def test_run_detail_groups_lines_by_salesman_with_subtotals(world, june):
    response = client_for(world.hr).get("/incentives/runs/2026-06/")
    assert response.status_code == 200
    groups = {st.salesman.code: st for st in response.context["page"]}
    assert set(groups) == {"A1", "A2", "B1"}
    assert groups["A1"].total == 3_400_000
    assert [line.rule_code for line in groups["A1"].lines] == [
        "rev-full",
        "rev-step",
        "new-outlets",
        "visits",
    ]
    assert groups["B1"].total == 300_000
    assert response.context["grand_total"] == 3_700_000
    html = response.content.decode()
    assert "Rp 3,400,000" in html and "Rp 3,700,000" in html
    assert "1 full step(s) of 10 above 100" in html
    # HR may lock, not approve; the run is a draft, so neither button yet.
    assert 'id="approve-run"' not in html and 'id="lock-run"' not in html
    review = client_for(world.hr).get("/incentives/runs/2026-06/review/").content.decode()
    assert 'id="approve-run"' not in review and 'id="lock-run"' not in review


def test_manager_sees_only_his_peoples_lines(world, june):
    response = client_for(world.manager_a).get("/incentives/runs/2026-06/")
    assert {st.salesman.code for st in response.context["page"]} == {"A1", "A2"}
    assert response.context["grand_total"] == 3_400_000
    # Approving goes through the review page and its confirmation.
    assert 'id="approve-run"' not in response.content.decode()
    assert 'id="review-run"' in response.content.decode()
    review = client_for(world.manager_a).get("/incentives/runs/2026-06/review/")
    assert 'id="approve-run"' in review.content.decode()
    response = client_for(world.manager_b).get("/incentives/runs/")
    assert [(r.record.total, r.record.people) for r in response.context["table"].rows] == [
        (300_000, 1)
    ]
    response = client_for(world.manager_b).get("/incentives/runs/2026-06/")
    assert {st.salesman.code for st in response.context["page"]} == {"B1"}
    assert "Andi" not in response.content.decode()


def test_unknown_or_malformed_month_is_404(world, june):
    client = client_for(world.hr)
    assert client.get("/incentives/runs/2026-07/").status_code == 404
    assert client.get("/incentives/runs/june/").status_code == 404


def test_approve_and_lock_buttons_post(world, june):
    manager = client_for(world.manager_a)
    assert manager.get("/incentives/runs/2026-06/approve/").status_code == 405
    # Without the review page's ticked confirmation nothing is approved.
    response = manager.post("/incentives/runs/2026-06/approve/", follow=True)
    assert response.request["PATH_INFO"] == "/incentives/runs/2026-06/review/"
    assert "Tick the confirmation box" in response.content.decode()
    assert not PayoutStatement.objects.filter(approved_at__isnull=False).exists()
    response = manager.post("/incentives/runs/2026-06/approve/", {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    # Andi and Budi are approved; Dewi (team B) waits for her own manager.
    assert PayoutRun.objects.get().status == RunStatus.DRAFT
    assert "the run stays a draft until every statement is approved" in response.content.decode()
    response = client_for(world.manager_b).post(
        "/incentives/runs/2026-06/approve/", {"confirm": "yes"}, follow=True
    )
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    assert "is approved" in response.content.decode()
    # The manager cannot lock: the page says why and nothing changes.
    response = manager.post("/incentives/runs/2026-06/lock/", {"confirm": "yes"}, follow=True)
    assert "Only HR or an admin can lock" in response.content.decode()
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    hr = client_for(world.hr)
    assert 'id="lock-run"' in hr.get("/incentives/runs/2026-06/").content.decode()
    # Locking cannot be undone: without the ticked confirmation nothing happens.
    response = hr.post("/incentives/runs/2026-06/lock/", follow=True)
    assert "Tick the confirmation box" in response.content.decode()
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    response = hr.post("/incentives/runs/2026-06/lock/", {"confirm": "yes"}, follow=True)
    assert PayoutRun.objects.get().status == RunStatus.LOCKED
    html = response.content.decode()
    assert "Locked" in html and "Approved" in html  # history shows both transitions


def test_buttons_need_csrf(world, june):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager_a)
    assert client.post("/incentives/runs/2026-06/approve/").status_code == 403
    assert PayoutRun.objects.get().status == RunStatus.DRAFT


def test_adjustment_form_adds_a_line(world, june):
    response = client_for(world.hr).post(
        "/incentives/runs/2026-06/adjust/",
        {"salesman": "A1", "amount": "-50000", "reason": "Damaged stock"},
    )
    assert response.status_code == 302
    adjustment = Adjustment.objects.get(salesman=world.andi)
    assert (adjustment.amount, adjustment.reason, adjustment.created_by) == (
        -50_000,
        "Damaged stock",
        world.hr,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"salesman": "A1", "amount": "0", "reason": "x"}, "amount"),
        ({"salesman": "A1", "amount": "1.5", "reason": "x"}, "amount"),
        ({"salesman": "A1", "amount": "1000", "reason": ""}, "reason"),
        ({"salesman": "ZZ", "amount": "1000", "reason": "x"}, "salesman"),
    ],
)
def test_adjustment_form_names_the_bad_field(world, june, data, field):
    response = client_for(world.hr).post("/incentives/runs/2026-06/adjust/", data)
    assert response.status_code == 400
    assert list(response.context["adjustment_form"].errors) == [field]
    assert Adjustment.objects.count() == 1  # only the fixture's


def test_manager_cannot_adjust_outside_his_teams(world, june):
    response = client_for(world.manager_b).post(
        "/incentives/runs/2026-06/adjust/", {"salesman": "A1", "amount": "1000", "reason": "x"}
    )
    assert response.status_code == 400
    assert "salesman" in response.context["adjustment_form"].errors
    assert Adjustment.objects.count() == 1


def test_adjustment_on_an_approved_run_goes_to_next_month(world, june):
    approve_run(run=june, by=world.manager_a)
    approve_run(run=june, by=world.manager_b)
    response = client_for(world.hr).post(
        "/incentives/runs/2026-06/adjust/",
        {"salesman": "A2", "amount": "10000", "reason": "Late claim"},
        follow=True,
    )
    assert response.request["PATH_INFO"] == "/incentives/runs/2026-07/"
    assert "added to the July 2026 run" in response.content.decode()


def test_close_form_queues_the_close(world, django_capture_on_commit_callbacks):
    andi_june(world)
    client = client_for(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/incentives/runs/close/", {"month": "2026-06"})
    assert response.status_code == 302
    run = PayoutRun.objects.get()
    assert sum(line.amount for line in run.lines.all()) == 3_400_000
    response = client.post("/incentives/runs/close/", {"month": "06/2026"})
    assert response.status_code == 400
    assert "month" in response.context["close_form"].errors
    assert client_for(world.andi.user).post(
        "/incentives/runs/close/", {"month": "2026-06"}
    ).status_code == (404)


def test_run_page_paginates_by_salesman_and_searches(world, june):
    from tests.factories import SalesmanFactory, UserFactory

    for i in range(30):
        person = SalesmanFactory(
            code=f"Z{i:02d}", team=world.team_b, user=UserFactory(username=f"z{i:02d}")
        )
        add_adjustment(run=june, salesman=person, amount=1000, reason="Bonus", by=world.hr)
    client = client_for(world.hr)
    first = client.get("/incentives/runs/2026-06/")
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.count == 33
    assert first.context["grand_total"] == 3_700_000 + 30_000  # the whole run, not the page
    second = client.get("/incentives/runs/2026-06/?page=2")
    assert [st.salesman.code for st in second.context["page"]] == [
        f"Z{i:02d}" for i in range(22, 30)
    ]
    assert all(st.total == 1000 for st in second.context["page"])
    found = client.get("/incentives/runs/2026-06/?q=Z07")
    assert [st.salesman.code for st in found.context["page"]] == ["Z07"]


def test_run_list_says_who_approved_and_locked_and_when(world, june):
    from django.utils import timezone

    from incentives.payouts.services import approve_run, lock_run

    approve_run(run=june, by=world.manager_b)
    lock_run(run=approve_run(run=june, by=world.manager_a), by=world.hr)
    PayoutRun.objects.filter(pk=june.pk).update(
        approved_at=timezone.make_aware(timezone.datetime(2026, 7, 2, 9, 30)),
        locked_at=timezone.make_aware(timezone.datetime(2026, 7, 3, 14, 5)),
    )
    page = client_for(world.hr).get("/incentives/runs/").content.decode()
    manager = world.manager_a.get_full_name() or world.manager_a.username
    hr = world.hr.get_full_name() or world.hr.username
    # the English page's one date style (DATETIME_FORMAT of spm/formats/en)
    assert f"{manager} · 2 Jul 2026 09:30" in page
    assert f"{hr} · 3 Jul 2026 14:05" in page
