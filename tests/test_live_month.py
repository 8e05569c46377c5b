"""The month in progress (docs/contracts.md "Month to date, pace and projection"): the
`refresh_month` pipeline stores pace scores and projections that pages read cheaply; values
checked by hand on Andi's June 2026 (GT scorecard and plan of the contract).

June 2026 has 24 working days: 26 Mondays–Saturdays minus 1 June (Pancasila) and 16 June
(Islamic New Year). As of Friday 12 June, 10 have elapsed (2–6, 8–12) and 14 are left.
Andi's field data 1–12 June: Rp 240.000.000, 12 new outlets, 20 visits a day on 12 field days.
Targets: Rp 500.000.000, 30 new outlets, 18 visits a day.
"""

import time
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from incentives.live import projection_for
from incentives.live_models import Projection
from kpi import live
from kpi.live_models import PaceScore
from kpi.models import Scorecard
from org.models import CompanyDayOff, Period
from spm.months import current_month
from tests.incentives.payout_factories import JUNE, field_month, gt_setup, targets

MID_JUNE = date(2026, 6, 12)


@pytest.fixture
def andi_mid_june(world):
    gt_setup()
    field_month(world.andi, revenue=240_000_000, new_outlets=12, field_days=12)
    targets(world.andi)
    return world


def test_pace_scores_mid_month_by_hand(andi_mid_june):
    andi = andi_mid_june.andi
    done = live.refresh_month(month=JUNE, as_of=MID_JUNE)
    assert (done.working_days, done.elapsed) == (24, 10)
    state = live.live_month_state(andi, JUNE)
    assert (state.as_of, state.working_days, state.elapsed, state.days_left) == (
        MID_JUNE,
        24,
        10,
        14,
    )
    revenue, outlets, visits = state.rows
    # Pace targets: 500.000.000 × 10 / 24, 30 × 10 / 24 = 12.5, and the full 18 a day.
    assert revenue.pace_target == D("208333333.3333")
    assert (outlets.pace_target, visits.pace_target) == (D("12.5"), D(18))
    assert (revenue.target, outlets.target, visits.target) == (D(500_000_000), D(30), D(18))
    assert (revenue.actual, outlets.actual, visits.actual) == (D(240_000_000), D(12), D(20))
    # Skor: 240 / 208.33 = 115.2 → 57.6; 12 / 12.5 = 96 → 28.8; 20 / 18 = 111.11 → 22.22;
    # pace score 57.6 + 28.8 + 22.2222 = 108.62.
    assert [row.score for row in state.rows] == [D("115.20"), D("96.00"), D("111.11")]
    assert [row.final_score for row in state.rows] == [D("57.60"), D("28.80"), D("22.22")]
    assert state.pace_score == D("108.62")
    budi = andi_mid_june.budi  # GT too, no targets: every row without data
    assert live.pace_scores(month=JUNE) == {andi.pk: D("108.62"), budi.pk: D("0.00")}
    # Projection: 240.000.000 × 24 / 10 = 576.000.000, 12 × 2.4 = 28.8, visits as they are.
    assert [row.projected for row in state.rows] == [D(576_000_000), D("28.8"), D(20)]
    assert state.projected_score == D("108.62")  # 115.2, 96 and 111.11 of the full targets
    assert revenue.percent_of_target == D(48)
    # The month's draft scorecard scores the MTD actuals against the full targets.
    card = Scorecard.objects.get(salesman=andi, month=JUNE)
    assert card.total == D("58.22")  # 48 % → 24; 40 % → 12; 111.11 % → 22.22


def test_projection_earned_projected_and_next_tiers_by_hand(andi_mid_june):
    andi = andi_mid_june.andi
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    found = projection_for(andi, JUNE)
    # Earned on MTD: revenue at 48 % pays nothing, 12 outlets are below 20, 20 visits a day
    # reach 18: Rp 500.000.
    assert found.earned == D(500_000)
    # Projected: revenue 115.2 % → 2.000.000 + one step 500.000; 28.8 outlets → tier 20
    # 200.000; visits 500.000: Rp 3.200.000.
    assert found.projected == D(3_200_000)
    amounts = {line["rule"]: D(line["amount"]) for line in found.lines}
    assert amounts == {
        "rev-full": D(2_000_000),
        "rev-step": D(500_000),
        "new-outlets": D(200_000),
        "visits": D(500_000),
    }
    hints = {hint.rule: hint for hint in found.next_tiers}
    assert set(hints) == {"rev-full", "rev-step", "new-outlets"}  # visits already paid
    # 8 more new outlets → Rp 200.000; 8 / 14 working days left ≈ 1 a day.
    outlets = hints["new-outlets"]
    assert (outlets.needed, outlets.amount, outlets.days_left) == (D(8), D(200_000), 14)
    assert outlets.per_working_day == D(1)
    assert outlets.kpi_name == "New outlets"
    # Rp 260.000.000 more reaches 100 % → Rp 2.000.000: Rp 18.571.429 a working day.
    revenue = hints["rev-full"]
    assert (revenue.needed, revenue.amount) == (D(260_000_000), D(2_000_000))
    assert revenue.per_working_day == D(18_571_429)
    assert revenue.is_rupiah


def test_on_the_last_day_the_pace_score_is_the_months_scorecard(andi_mid_june):
    andi = andi_mid_june.andi
    done = live.refresh_month(month=JUNE, as_of=date(2026, 6, 30))
    assert (done.working_days, done.elapsed) == (24, 24)
    card = Scorecard.objects.get(salesman=andi, month=JUNE)
    assert live.pace_scores(month=JUNE)[andi.pk] == card.total
    state = live.live_month_state(andi, JUNE)
    assert [row.pace_target for row in state.rows] == [row.target for row in state.rows]
    assert [row.projected for row in state.rows] == [row.actual for row in state.rows]
    found = projection_for(andi, JUNE)
    assert found.earned == found.projected == D(500_000)
    assert all(hint.per_working_day is None for hint in found.next_tiers)  # no day left


def test_a_company_day_off_changes_the_pace(andi_mid_june):
    # 5 June off for the company: 9 of 23 working days elapsed by 12 June.
    CompanyDayOff.objects.create(date=date(2026, 6, 5), name="Cuti bersama")
    done = live.refresh_month(month=JUNE, as_of=MID_JUNE)
    assert (done.working_days, done.elapsed) == (23, 9)
    state = live.live_month_state(andi_mid_june.andi, JUNE)
    assert state.rows[1].pace_target == D("11.7391")  # 30 × 9 / 23, stored with 4 places


def test_refresh_replaces_the_months_rows_and_leaves_a_locked_month_alone(andi_mid_june):
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    assert PaceScore.objects.filter(month=JUNE).count() == 2  # andi and budi (GT scorecard)
    assert Projection.objects.filter(month=JUNE).count() == 2  # andi and budi (GT plan)
    Period.objects.update_or_create(month=JUNE, defaults={"locked_at": timezone.now()})
    assert live.refresh_month(month=JUNE, as_of=MID_JUNE) is None


def test_readers_say_nothing_for_a_month_not_refreshed(world):
    assert live.live_month_state(world.andi) is None
    assert projection_for(world.andi) is None
    assert live.pace_scores(month=current_month()) == {}


def test_the_refresh_month_command(andi_mid_june):
    from io import StringIO

    out = StringIO()
    call_command("refresh_month", "2026-06", "--as-of", "2026-06-12", stdout=out)
    assert out.getvalue().startswith("2026-06 as of 2026-06-12: 10 of 24 working days,")
    assert live.pace_scores(month=JUNE)[andi_mid_june.andi.pk] == D("108.62")
    with pytest.raises(CommandError):
        call_command("refresh_month", "2026-06", "--as-of", "2026-05-31")
    Period.objects.update_or_create(month=JUNE, defaults={"locked_at": timezone.now()})
    with pytest.raises(CommandError, match="locked"):
        call_command("refresh_month", "2026-06")


def test_default_as_of_is_the_last_day_with_data(andi_mid_june):
    assert live.default_as_of(JUNE) == date(2026, 6, 30)  # a month that has ended
    month = current_month()
    assert live.default_as_of(month) in (live.last_data_date(month), month - timedelta(days=1))


def _wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"not done after {timeout}s")


@pytest.mark.worker
def test_an_import_of_this_month_refreshes_it_on_a_real_worker(celery_worker_redis, tmp_path):
    """Orders of today imported → the task queued on commit → the worker refreshes the
    month: MTD metrics, scorecard, pace score and projection, well within 60 s."""
    from outlets.imports import import_file
    from tests.factories import World
    from tests.outlets.factories import OutletFactory, ProductFactory

    world = World()
    gt_setup()
    month = current_month()
    targets(world.andi, month=month)
    OutletFactory(code="T-1", salesman=world.andi)
    ProductFactory(sku="SKU-9")
    today = live.today()
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "order_no,date,salesman,outlet,sku,quantity,amount\n"
        f"LIVE-1,{today.isoformat()},A1,T-1,SKU-9,2,1500000\n"
    )
    started = time.monotonic()
    report = import_file(kind="orders", path=orders)
    assert report.ok and report.created == 1
    paced = _wait_for(
        lambda: PaceScore.objects.filter(salesman=world.andi, month=month).first(), timeout=60
    )
    assert time.monotonic() - started < 60
    assert paced.as_of == today
    assert paced.rows[0]["kpi"] == "revenue" and D(paced.rows[0]["actual"]) == D(1_500_000)
    assert _wait_for(lambda: Projection.objects.filter(salesman=world.andi, month=month).exists())
    # An import of another month only (no current-month rows) queues nothing.
    PaceScore.objects.all().delete()
    old = tmp_path / "old.csv"
    old.write_text(
        "order_no,date,salesman,outlet,sku,quantity,amount\n"
        f"LIVE-2,{(month - timedelta(days=40)).isoformat()},A1,T-1,SKU-9,1,1000\n"
    )
    assert import_file(kind="orders", path=old).ok
    time.sleep(2)
    assert not PaceScore.objects.exists()


def test_an_import_runs_the_refresh_in_process_without_a_broker(
    world, tmp_path, django_capture_on_commit_callbacks
):
    """Celery eager (no broker): the refresh runs when the import commits."""
    from outlets.imports import import_file
    from tests.outlets.factories import OutletFactory, ProductFactory

    gt_setup()
    month = current_month()
    targets(world.andi, month=month)
    OutletFactory(code="T-1", salesman=world.andi)
    ProductFactory(sku="SKU-9")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "order_no,date,salesman,outlet,sku,quantity,amount\n"
        f"LIVE-1,{month.isoformat()},A1,T-1,SKU-9,2,1500000\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="orders", path=orders).ok
    assert PaceScore.objects.filter(salesman=world.andi, month=month).exists()


def test_a_targets_import_of_this_month_refreshes_it(
    world, tmp_path, django_capture_on_commit_callbacks
):
    from outlets.imports import import_file

    gt_setup()
    month = current_month()
    path = tmp_path / "targets.csv"
    path.write_text(f"period,salesman,kpi,target\n{month:%Y-%m},A1,new_outlets,30\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="targets", path=path).ok
    state = live.live_month_state(world.andi, month)
    assert state is not None and state.rows[1].target == D(30)


def test_the_readers_cost_one_and_two_queries(andi_mid_june, django_assert_num_queries):
    andi = andi_mid_june.andi
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    with django_assert_num_queries(1):
        assert live.live_month_state(andi, JUNE).pace_score == D("108.62")
    with django_assert_num_queries(1):
        assert live.pace_scores(month=JUNE, salesman_ids=[andi.pk]) == {andi.pk: D("108.62")}
    with django_assert_num_queries(2):
        assert projection_for(andi, JUNE).projected == D(3_200_000)


def test_the_first_working_day_counts_only_its_own_data(andi_mid_june):
    # As of Tuesday 2 June (1 June is Pancasila day): 1 of 24 working days. The MTD window is
    # 1–2 June: Rp 40.000.000, 2 new outlets, 20 visits a day. Pace targets 500.000.000 / 24,
    # 30 / 24 = 1.25 and 18: revenue 192 % → cap 150 → 75; outlets 160 % → 150 → 45; visits
    # 111.11 % → 22.22; pace score 142.22.
    andi = andi_mid_june.andi
    done = live.refresh_month(month=JUNE, as_of=date(2026, 6, 2))
    assert (done.working_days, done.elapsed) == (24, 1)
    state = live.live_month_state(andi, JUNE)
    assert [row.actual for row in state.rows] == [D(40_000_000), D(2), D(20)]
    assert [row.score for row in state.rows] == [D("150.00"), D("150.00"), D("111.11")]
    assert state.pace_score == D("142.22")
    assert [row.projected for row in state.rows] == [D(960_000_000), D(48), D(20)]


def test_a_public_holiday_worked_adds_a_working_day(andi_mid_june):
    # 16 June (Islamic New Year) worked: 25 working days; 12 June is still the 10th.
    CompanyDayOff.objects.create(date=date(2026, 6, 16), name="Masuk kerja", working=True)
    done = live.refresh_month(month=JUNE, as_of=MID_JUNE)
    assert (done.working_days, done.elapsed) == (25, 10)
    state = live.live_month_state(andi_mid_june.andi, JUNE)
    assert state.rows[1].pace_target == D(12)  # 30 × 10 / 25


def test_a_next_tier_pays_what_the_plan_will_under_an_entry_ticket():
    """With plan multipliers (the entry ticket) the hint's amount is the plan's own evaluation
    at the threshold on the projected month: visits 20 a day reach the 1.1 band."""
    from incentives import engine
    from incentives.live import next_tiers
    from kpi.pace import Progress
    from tests.incentives.gt_plan import gt_plan

    document = gt_plan()
    document["multipliers"] = [
        {
            "code": "entry",
            "label": "Tiket masuk",
            "kpi": "visits_per_day",
            "basis": "actual",
            "bands": [{"from": 0, "factor": 0.5}, {"from": 18, "factor": 1.1}],
        }
    ]
    plan = engine.parse_plan(document)
    kpis = {
        "revenue": engine.KpiFact(actual=D(240_000_000), attainment=D(48)),
        "new_outlets": engine.KpiFact(actual=D(12), attainment=D(40)),
        "visits_per_day": engine.KpiFact(actual=D(20), attainment=D("111.11")),
    }
    mtd = engine.Facts(month=JUNE, kpis=kpis)
    future = engine.Facts(
        month=JUNE,
        kpis={
            "revenue": engine.KpiFact(actual=D(576_000_000), attainment=D("115.2")),
            "new_outlets": engine.KpiFact(actual=D("28.8"), attainment=D(96)),
            "visits_per_day": kpis["visits_per_day"],
        },
    )
    rows = {
        "revenue": {
            "target": "500000000",
            "actual": "240000000",
            "direction": "higher",
            "unit": "Rp",
            "additive": True,
        },
        "new_outlets": {
            "target": "30",
            "actual": "12",
            "direction": "higher",
            "unit": "outlet",
            "additive": True,
        },
        "visits_per_day": {
            "target": "18",
            "actual": "20",
            "direction": "higher",
            "unit": "visit/day",
            "additive": False,
        },
    }
    hints = {h["rule"]: h for h in next_tiers(plan, mtd, rows, Progress(24, 10), future)}
    assert D(hints["new-outlets"]["amount"]) == D(220_000)  # 200.000 × 1.1
    assert D(hints["rev-full"]["amount"]) == D(2_200_000)  # 2.000.000 × 1.1
    assert hints["new-outlets"]["needed"] == "8" and hints["new-outlets"]["per_working_day"] == "1"
