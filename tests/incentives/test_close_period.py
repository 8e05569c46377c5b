"""close_period: metrics → scorecards → plans → one draft run; idempotent; refused when the
month is final; one transaction."""

from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from incentives.models import PayoutLine, PayoutRun, RunStatus
from incentives.payouts.services import PayoutError, close_period
from org.audit import history_of
from org.models import AuditEntry, Period
from org.periods import MonthLocked
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


def lines_of(run, salesman):
    return [
        (line.rule_code, line.value, line.reached, line.multiplier, line.amount)
        for line in run.lines.filter(salesman=salesman).order_by("position")
    ]


def test_andi_june_pays_3_400_000_line_by_line(world):
    andi_june(world)
    run = close_period(month=JUNE, by=world.hr)
    assert run.status == RunStatus.DRAFT
    assert run.month == JUNE
    assert lines_of(run, world.andi) == [
        ("rev-full", D("110.0000"), "from 100", D(1), D(2_000_000)),
        ("rev-step", D("110.0000"), "1 step", D(1), D(500_000)),
        ("new-outlets", D(35), "from 30", D(1), D(400_000)),
        ("visits", D(20), "from 18", D(1), D(500_000)),
    ]
    assert sum(line.amount for line in run.lines.filter(salesman=world.andi)) == 3_400_000
    statement = run.statements.get(salesman=world.andi)
    assert (statement.plan_code, statement.team_name, statement.channel) == (
        "GT-SALESMAN",
        "Team A",
        "GT",
    )
    assert statement.total_score == D("112.22")  # 55 + 35 + 22.22 (exact rounding)
    step = run.lines.get(salesman=world.andi, rule_code="rev-step")
    assert "1 full step(s) of 10 above 100" in step.explanation
    assert (step.plan_code, step.type, step.basis, step.kpi) == (
        "GT-SALESMAN",
        "step",
        "attainment",
        "revenue",
    )


def test_people_the_plan_applies_to_get_lines_even_without_data(world):
    andi_june(world)
    run = close_period(month=JUNE)
    # Budi is a GT salesman without field data: four lines paying nothing; Dewi is MT: no plan.
    assert [(code, amount) for code, *_, amount in lines_of(run, world.budi)] == [
        ("rev-full", 0),
        ("rev-step", 0),
        ("new-outlets", 0),
        ("visits", 0),
    ]
    assert run.lines.get(salesman=world.budi, rule_code="visits").value is None
    assert not run.lines.filter(salesman=world.dewi).exists()
    assert set(run.statements.values_list("salesman__code", flat=True)) == {"A1", "A2"}


def test_closing_again_replaces_the_draft_and_never_makes_a_second_run(world):
    andi_june(world)
    first = close_period(month=JUNE)
    first_ids = set(first.lines.values_list("id", flat=True))
    second = close_period(month=JUNE)
    assert second.pk == first.pk
    assert PayoutRun.objects.count() == 1
    assert second.lines.count() == 8
    assert not first_ids & set(second.lines.values_list("id", flat=True))
    assert list(history_of(second).order_by("at", "id").values_list("action", flat=True)) == [
        "payout_run.closed",
        "payout_run.recomputed",
    ]
    assert AuditEntry.objects.filter(action="payout_run.recomputed").count() == 1


def test_closing_again_picks_up_changed_data(world):
    andi_june(world)
    close_period(month=JUNE)
    from kpi.models import Target

    Target.objects.filter(salesman=world.andi, kpi__code="revenue").update(value=440_000_000)
    run = close_period(month=JUNE)
    step = run.lines.get(salesman=world.andi, rule_code="rev-step")
    assert step.value == D("125.0000")  # 550 / 440
    assert (step.reached, step.amount) == ("2 steps", 1_000_000)


@pytest.mark.parametrize("status", [RunStatus.APPROVED, RunStatus.LOCKED])
def test_refused_once_the_run_is_approved_or_locked(world, status):
    andi_june(world)
    run = close_period(month=JUNE)
    PayoutRun.objects.filter(pk=run.pk).update(status=status)
    with pytest.raises(PayoutError, match="2026-06"):
        close_period(month=JUNE)
    assert run.lines.count() == 8


def test_refused_when_the_month_is_locked(world):
    andi_june(world)
    Period.objects.create(month=JUNE, locked_at=timezone.now())
    with pytest.raises(MonthLocked, match="2026-06 is locked"):
        close_period(month=JUNE)
    assert not PayoutRun.objects.exists()


def test_a_failure_half_way_leaves_no_run(world, monkeypatch):
    andi_june(world)
    real = PayoutLine.objects.bulk_create

    def write_some_then_die(objs, *args, **kwargs):
        real(list(objs)[:3], *args, **kwargs)
        raise RuntimeError("killed")

    monkeypatch.setattr(PayoutLine.objects, "bulk_create", write_some_then_die)
    with pytest.raises(RuntimeError):
        close_period(month=JUNE)
    assert not PayoutRun.objects.exists()
    assert not PayoutLine.objects.exists()


def test_a_failed_recompute_keeps_the_previous_draft(world, monkeypatch):
    andi_june(world)
    run = close_period(month=JUNE)
    before = list(run.lines.values_list("id", "amount"))
    real = PayoutLine.objects.bulk_create

    def write_some_then_die(objs, *args, **kwargs):
        real(list(objs)[:2], *args, **kwargs)
        raise RuntimeError("killed")

    monkeypatch.setattr(PayoutLine.objects, "bulk_create", write_some_then_die)
    with pytest.raises(RuntimeError):
        close_period(month=JUNE)
    assert list(run.lines.values_list("id", "amount")) == before
    assert history_of(run).count() == 1


def test_close_period_command(world):
    andi_june(world)
    from io import StringIO

    out = StringIO()
    call_command("close_period", "2026-06", stdout=out)
    assert "2026-06" in out.getvalue()
    assert "2026-06: draft, 2 people, 8 lines, total Rp 3.400.000" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("close_period", "June")
    PayoutRun.objects.update(status=RunStatus.LOCKED)
    with pytest.raises(CommandError, match="can no longer be recomputed"):
        call_command("close_period", "2026-06")
