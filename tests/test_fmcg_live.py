"""The month in progress through the entry ticket: a salesman below a plan multiplier's top band
sees how much more of its KPI lifts his whole payout (incentives.live.multiplier_tiers), on
Andi's mid-June of tests/test_live_month.py (projected Rp 3.200.000 on the contract's GT plan,
20 visits a day)."""

import copy
from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from incentives.demo_plans import GT_PLAN
from incentives.live import projection_for
from incentives.plans.documents import import_plan
from kpi import live
from tests.incentives.payout_factories import JUNE, field_month, gt_setup, targets

MID_JUNE = date(2026, 6, 12)


@pytest.fixture
def andi_with_entry_ticket(world):
    gt_setup()
    document = copy.deepcopy(GT_PLAN)
    # An entry ticket on visits per day: below 25 the whole payout is halved.
    document["multipliers"] = [
        {
            "code": "entry",
            "label": {"id": "Tiket masuk kunjungan", "en": "Visits entry ticket"},
            "kpi": "visits_per_day",
            "basis": "actual",
            "bands": [{"from": 0, "factor": D("0.5")}, {"from": 25, "factor": 1}],
        }
    ]
    import_plan(document=document, by=None)
    field_month(world.andi, revenue=240_000_000, new_outlets=12, field_days=12)
    targets(world.andi)
    return world


@pytest.mark.django_db
def test_the_next_band_lifts_the_whole_projected_payout(andi_with_entry_ticket):
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    found = projection_for(andi_with_entry_ticket.andi, JUNE)
    # Projected lines 2.000.000 + 500.000 + 200.000 + 500.000 = 3.200.000, × 0.5 at 20 visits
    # a day: Rp 1.600.000.
    assert found.projected == D(1_600_000)
    hints = {hint.rule: hint for hint in found.next_tiers}
    entry = hints["entry"]
    # 5 more visits a day reach the band from 25 (× 1): the whole plan pays Rp 3.200.000.
    assert (entry.needed, entry.amount, entry.factor) == (D(5), D(3_200_000), D(1))
    assert entry.whole_payout is True
    with translation.override("id"):
        found = projection_for(andi_with_entry_ticket.andi, JUNE)
        assert {hint.rule: hint for hint in found.next_tiers}["entry"].label == (
            "Tiket masuk kunjungan"
        )
