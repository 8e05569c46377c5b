"""The incentives demo step: plans, the OKR bonus plan, the months before the previous one locked,
the previous one a draft. Seeded as on 2026-07-15, June (Andi's worked month) is the draft, where
Andi's statement is Rp 4.400.000 (Rp 3.400.000 GT plan + Rp 1.000.000 semester OKR bonus);
idempotent."""

import io
from datetime import date

import pytest

from incentives import demo
from incentives.models import PayoutLine, PayoutRun, Plan, RunStatus
from org import demo as org_demo
from org.models import Salesman
from org.periods import is_month_locked
from tests.incentives.payout_factories import JUNE, MAY, field_month, gt_setup, targets

pytestmark = pytest.mark.django_db
APRIL = date(2026, 4, 1)
TODAY = date(2026, 7, 15)


@pytest.fixture
def demo_world():
    org_demo.seed(out=io.StringIO(), today=TODAY)
    gt_setup()
    andi = Salesman.objects.get(code="andi")
    citra = Salesman.objects.get(code="citra")
    for month in (APRIL, MAY):
        field_month(andi, month=month, revenue=500_000_000, new_outlets=20, visits_per_day=18)
        targets(andi, month=month)
    field_month(andi, month=JUNE)
    targets(andi, month=JUNE)
    # The GT team's semester acquisitions: Citra's 700 in May bring the participants' total to
    # 20 + 20 + 700 + 35 = 775 of 1.000 (score 0.78 ≥ 0.7) by the end of June.
    field_month(citra, month=MAY, revenue=0, new_outlets=700, field_days=1, visits_per_day=1)
    return andi


def okr_demo():
    from okr import demo as okr_demo_module

    okr_demo_module.seed(out=io.StringIO(), today=TODAY)


def statement(andi, month):
    return {
        line.rule_code: line.amount
        for line in PayoutLine.objects.filter(run__month=month, salesman=andi)
    }


def test_without_the_okr_objective_andi_gets_3_400_000(demo_world):
    andi = demo_world
    out = io.StringIO()
    demo.seed(out=out, today=TODAY)
    assert not Plan.objects.filter(code="GT-OKR-2026H1").exists()
    assert statement(andi, JUNE) == {
        "rev-full": 2_000_000,
        "rev-step": 500_000,
        "new-outlets": 400_000,
        "visits": 500_000,
    }
    assert "Andi's 2026-06 statement Rp 3.400.000" in out.getvalue()
    runs = dict(PayoutRun.objects.values_list("month", "status"))
    locked = {date(2026, m, 1): RunStatus.LOCKED for m in range(1, 6)}
    assert runs == {**locked, JUNE: RunStatus.DRAFT}
    assert is_month_locked(APRIL) and is_month_locked(MAY) and not is_month_locked(JUNE)
    may = PayoutRun.objects.get(month=MAY)
    assert (may.approved_by.username, may.locked_by.username) == ("maya", "hana")
    # April and May: 100% revenue (2 jt), 20 new outlets (200 rb), 18 visits a day (500 rb).
    assert sum(statement(andi, MAY).values()) == 2_700_000


def test_with_the_okr_objective_andi_gets_4_400_000_and_seeding_again_changes_nothing(
    demo_world,
):
    andi = demo_world
    okr_demo()
    demo.seed(out=io.StringIO(), today=TODAY)
    june = statement(andi, JUNE)
    assert june["okr-new-outlets"] == 1_000_000
    assert sum(june.values()) == 4_400_000
    # Citra is a participant too; Dewi (MT) is not under the GT OKR plan.
    assert (
        PayoutLine.objects.get(
            run__month=JUNE, salesman__code="citra", rule_code="okr-new-outlets"
        ).amount
        == 1_000_000
    )
    assert not PayoutLine.objects.filter(salesman__code="dewi", rule_code="okr-new-outlets")
    # April and May: the OKR bonus is not due (the semester ends in June).
    assert statement(andi, MAY)["okr-new-outlets"] == 0
    locked = list(
        PayoutLine.objects.filter(run__month__in=[APRIL, MAY]).values_list("id", "amount")
    )
    runs = list(PayoutRun.objects.order_by("month").values_list("id", "status"))
    out = io.StringIO()
    demo.seed(out=out, today=TODAY)
    assert list(PayoutRun.objects.order_by("month").values_list("id", "status")) == runs
    assert (
        list(PayoutLine.objects.filter(run__month__in=[APRIL, MAY]).values_list("id", "amount"))
        == locked
    )
    assert sum(statement(andi, JUNE).values()) == 4_400_000
    assert "Rp 4.400.000" in out.getvalue()
    assert "2026-05: locked, kept" in out.getvalue()
