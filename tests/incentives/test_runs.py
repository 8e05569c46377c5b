"""The run workflow: draft → approved (manager) → locked (HR), who may do what, the lock of the
month, and adjustments flowing into the next open run."""

import csv
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from incentives.models import Adjustment, PayoutLine, PayoutRun, RunStatus
from incentives.payouts.services import (
    PayoutError,
    add_adjustment,
    approve_run,
    close_period,
    lock_run,
)
from kpi.models import Scorecard
from kpi.scorecards import compute_scorecards
from org.audit import history_of
from org.models import AuditEntry, Period
from org.periods import MonthLocked, is_month_locked
from outlets.imports import import_file
from tests.incentives.payout_factories import JULY, JUNE, andi_june

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def june(world):
    andi_june(world)
    return close_period(month=JUNE, by=world.hr)


def test_manager_approves_then_hr_locks(world, june):
    run = approve_run(run=june, by=world.manager_a)
    assert (run.status, run.approved_by) == (RunStatus.APPROVED, world.manager_a)
    assert run.approved_at is not None
    run = lock_run(run=run, by=world.hr)
    assert (run.status, run.locked_by) == (RunStatus.LOCKED, world.hr)
    period = Period.objects.get(month=JUNE)
    assert (period.locked_by, period.locked_at) == (world.hr, run.locked_at)
    assert is_month_locked(JUNE)
    assert set(Scorecard.objects.filter(month=JUNE).values_list("status", flat=True)) == {"locked"}
    assert list(history_of(run).order_by("at", "id").values_list("action", "actor__username")) == [
        ("payout_run.closed", "hr"),
        ("payout_run.approved", "manager_a"),
        ("payout_run.locked", "hr"),
    ]
    trail = AuditEntry.objects.filter(object_type="incentives.payoutrun", object_id=str(run.pk))
    assert set(trail.values_list("action", "actor__username")) == {
        ("payout_run.closed", "hr"),
        ("payout_run.approved", "manager_a"),
        ("payout_run.locked", "hr"),
    }


def test_admin_may_approve_and_hr_lock(world, june):
    # Four eyes: the admin who approved may not lock too (tests/incentives/test_four_eyes.py).
    lock_run(run=approve_run(run=june, by=world.admin), by=world.hr)
    assert PayoutRun.objects.get().status == RunStatus.LOCKED


@pytest.mark.parametrize("who", ["hr", "supervisor_a", "andi"])
def test_only_managers_and_admins_approve(world, june, who):
    user = world.andi.user if who == "andi" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        approve_run(run=june, by=user)
    assert PayoutRun.objects.get().status == RunStatus.DRAFT


@pytest.mark.parametrize("who", ["manager_a", "supervisor_a", "andi"])
def test_only_hr_and_admins_lock(world, june, who):
    approve_run(run=june, by=world.manager_a)
    user = world.andi.user if who == "andi" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        lock_run(run=june, by=user)
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    assert not is_month_locked(JUNE)


def test_transitions_go_in_order(world, june):
    with pytest.raises(PayoutError, match="Only an approved run can be locked"):
        lock_run(run=june, by=world.hr)
    approve_run(run=june, by=world.manager_a)
    with pytest.raises(PayoutError, match="Only a draft run can be approved"):
        approve_run(run=june, by=world.manager_a)
    lock_run(run=june, by=world.hr)
    with pytest.raises(PayoutError, match="Only an approved run can be locked"):
        lock_run(run=june, by=world.hr)


def test_a_run_that_was_never_closed_cannot_be_approved(world):
    add_adjustment(month=JULY, salesman=world.andi, amount=100_000, reason="Bonus", by=world.hr)
    with pytest.raises(PayoutError, match="has not been closed yet"):
        approve_run(run=PayoutRun.objects.get(month=JULY), by=world.manager_a)


def test_a_locked_run_and_its_month_never_change(world, june, tmp_path):
    lock_run(run=approve_run(run=june, by=world.manager_a), by=world.hr)
    lines = list(PayoutLine.objects.order_by("id").values_list("id", "amount"))
    with pytest.raises(MonthLocked, match="2026-06 is locked"):
        close_period(month=JUNE)
    with pytest.raises(MonthLocked):
        compute_scorecards(month=JUNE)
    # A correction for June lands in July's draft, not in the locked run.
    adjustment = add_adjustment(
        month=JUNE, salesman=world.andi, amount=-100_000, reason="Returned goods", by=world.hr
    )
    assert adjustment.run.month == JULY
    assert list(PayoutLine.objects.filter(run=june).order_by("id").values_list("id", "amount")) == (
        lines
    )
    # Late field data for June is refused by the import, naming the locked month.
    path = tmp_path / "orders.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_no", "date", "salesman", "outlet", "sku", "quantity", "amount"])
        writer.writerow(["LATE-1", "2026-06-30", "A1", "A1-202606-O000", "SKU-1", "1", "5000000"])
    report = import_file(kind="orders", path=path)
    assert not report.ok
    assert "2026-06" in report.errors[0].reason
    assert "locked" in report.errors[0].reason
    from outlets.models import OrderLine

    assert not OrderLine.objects.filter(order_no="LATE-1").exists()


def test_adjustment_joins_the_draft_of_its_month(world, june):
    adjustment = add_adjustment(
        run=june, salesman=world.andi, amount="250000", reason="Missed promo", by=world.manager_a
    )
    assert adjustment.run == june
    assert adjustment.for_month is None
    line = june.lines.get(rule_code="adjustment")
    assert (line.type, line.amount, line.label, line.adjustment) == (
        "adjustment",
        250_000,
        "Missed promo",
        adjustment,
    )
    assert "manager_a" in line.explanation
    assert sum(line.amount for line in june.lines.filter(salesman=world.andi)) == 3_650_000
    # Closing again keeps the adjustment (it is the run's, not the evaluation's).
    close_period(month=JUNE)
    assert june.lines.filter(rule_code="adjustment").count() == 1
    assert sum(line.amount for line in june.lines.filter(salesman=world.andi)) == 3_650_000
    assert history_of(june).filter(action="payout_run.adjusted").count() == 1


def test_adjustment_for_an_approved_month_flows_into_the_next_run(world, june):
    approve_run(run=june, by=world.manager_a)
    adjustment = add_adjustment(
        month=JUNE, salesman=world.budi, amount=-75_000, reason="Overpaid in June", by=world.hr
    )
    july = adjustment.run
    assert (july.month, july.status, adjustment.for_month) == (JULY, RunStatus.DRAFT, JUNE)
    assert july.statements.filter(salesman=world.budi).exists()
    # July's own close adds the rule lines and keeps the adjustment.
    close_period(month=JULY)
    july.refresh_from_db()
    assert list(history_of(july).order_by("at", "id").values_list("action", flat=True)) == [
        "payout_run.adjusted",
        "payout_run.closed",
    ]
    assert july.lines.filter(salesman=world.budi, rule_code="adjustment").get().amount == -75_000
    assert july.lines.filter(salesman=world.andi).count() == 4
    assert Adjustment.objects.get(carried_from=None).created_by == world.hr
    assert "corrects 2026-06" in july.lines.get(rule_code="adjustment").explanation
    # Budi earns nothing in July: the deduction is not paid below zero but carried to August
    assert july.lines.get(salesman=world.budi, type="carry_forward").amount == 75_000
    carried = Adjustment.objects.get(carried_from=JULY)
    assert (carried.run.month, carried.amount) == (date(2026, 8, 1), -75_000)


def test_adjustment_validation(world, june):
    for amount, field in ((0, "amount"), ("12.5", "amount"), ("abc", "amount")):
        with pytest.raises(ValidationError) as error:
            add_adjustment(run=june, salesman=world.andi, amount=amount, reason="x", by=world.hr)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add_adjustment(run=june, salesman=world.andi, amount=1000, reason="  ", by=world.hr)
    assert "reason" in error.value.message_dict
    assert not Adjustment.objects.exists()


def test_adjustment_permissions(world, june):
    with pytest.raises(PermissionDenied):
        add_adjustment(run=june, salesman=world.andi, amount=1, reason="x", by=world.andi.user)
    with pytest.raises(PermissionDenied):
        add_adjustment(run=june, salesman=world.andi, amount=1, reason="x", by=world.supervisor_a)
    # A manager only for his own teams' people.
    with pytest.raises(PermissionDenied):
        add_adjustment(run=june, salesman=world.andi, amount=1, reason="x", by=world.manager_b)
    assert add_adjustment(
        run=june, salesman=world.dewi, amount=1, reason="x", by=world.manager_b
    ).amount == D(1)
