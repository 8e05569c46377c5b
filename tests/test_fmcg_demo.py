"""seed_demo's GT distributor scheme (incentives.demo_plans.seed_distributor_scheme), built only
from the FMCG pieces: seeded on 2026-12-03 it pays the draft month 2026-11, where Budi's month
exercises each piece and Citra's prerequisite fails; Andi's worked month 2026-06 is untouched.

The values are the demo's November (its generators are seeded per salesman and month):
Budi: outlet coverage 32.24 % (band from 30: × 0.8), LPC 3.04, focus SKU revenue 150,477,500,
of which 85,418,000 in the booster's days (9–22 Nov); Citra: LPC 2.97, focus 150,871,500,
booster 56,615,500."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from incentives.models import PayoutLine, PayoutStatement
from incentives.payouts.explain import explain
from incentives.payouts.selectors import how_computed

NOVEMBER = date(2026, 11, 1)


def lines(code):
    found = PayoutLine.objects.filter(
        run__month=NOVEMBER, salesman__code=code, rule_code__startswith="focus-"
    )
    return {line.rule_code: line for line in found}


@pytest.mark.django_db
def test_the_demo_scheme():
    """One seed (about a minute), then each salesman's month."""
    out = StringIO()
    call_command("seed_demo", "--today", "2026-12-03", stdout=out)
    seeded = out.getvalue()
    assert "plan GT-DISTRIBUTOR: Skema distributor GT (2026-11)" in seeded
    assert "Andi's 2026-06 statement Rp 4.400.000" in seeded
    andi_june = PayoutLine.objects.filter(run__month=date(2026, 6, 1), salesman__code="andi")
    assert sum(line.amount for line in andi_june) == 4_400_000

    budis_month_exercises_each_piece()
    citras_prerequisite_fails()


def budis_month_exercises_each_piece():
    budi = lines("budi")
    focus, booster = budi["focus-revenue"], budi["focus-booster"]
    # LPC 3.04 ≥ 3: tier from 150,000,000 → 500,000 × level 1 (× 1.0) × entry ticket 0.8
    assert focus.value == D("150477500")
    assert focus.amount == D(400000)
    assert [item["met"] for item in focus.detail["requires"]] == [True]
    assert focus.detail["factors"][0]["factor"] == "0.8"
    # 85,418,000 over the window: 8 steps × 25,000 = 200,000 × 0.8
    assert booster.value == D("85418000")
    assert booster.amount == D(160000)
    assert booster.detail["window"] == {"from": "2026-11-09", "to": "2026-11-22"}
    with translation.override("id"):
        assert "× 0,8 tiket masuk coverage 32,24%" in explain(focus)
        assert "selama 9 Nov 2026–22 Nov 2026" in explain(booster)
        # the statement's "how it was computed" names the entry ticket
        statement = PayoutStatement.objects.get(run__month=NOVEMBER, salesman__code="budi")
        every_line = list(PayoutLine.objects.filter(run__month=NOVEMBER, salesman__code="budi"))
        assert (
            "GT-DISTRIBUTOR: × 0,8 tiket masuk coverage 32,24% pada baris tiers, step, per-unit "
            "dan rate." in how_computed(statement, every_line)
        )


def citras_prerequisite_fails():
    citra = lines("citra")
    assert citra["focus-revenue"].amount == 0
    assert citra["focus-revenue"].status == "requires"
    # 56,615,500: 5 steps × 25,000 = 125,000 × 0.8
    assert citra["focus-booster"].amount == D(100000)
    with translation.override("id"):
        assert explain(citra["focus-revenue"]).endswith(
            "tidak dibayar: syarat Baris order per kunjungan produktif (LPC) 3 belum tercapai "
            "(2,97)."
        )
