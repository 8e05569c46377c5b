"""The FMCG plan features on the statement, in both languages (incentives/payouts/explain.py):
each line shows its factors ("× 0,8 tiket masuk coverage 86%"), the prerequisite that failed
("tidak dibayar: syarat EC 60% belum tercapai (54%)") and a booster's days; and the next-tier
hints through the multiplier (a salesman below the entry ticket sees what coverage lifts his
whole payout)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from incentives import engine
from incentives.dashboard import multiplier_tiers
from incentives.payouts.explain import explain
from kpi.models import KRA, KPIDefinition

SEPTEMBER = date(2026, 9, 1)

PLAN = engine.parse_plan(
    {
        "code": "DIST-GT",
        "name": "Distributor GT",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "valid_from": "2026-01-01",
        "valid_to": None,
        "gate_total_score": None,
        "cap": None,
        "level_multipliers": {"2": D("1.1")},
        "multipliers": [
            {
                "code": "entry",
                "label": {"id": "Tiket masuk coverage", "en": "Coverage entry ticket"},
                "kpi": "outlet_coverage",
                "basis": "actual",
                "bands": [
                    {"from": 0, "factor": D("0.5")},
                    {"from": 80, "factor": D("0.8")},
                    {"from": 95, "factor": D("1.1")},
                ],
            }
        ],
        "rules": [
            {
                "code": "rev",
                "label": {"id": "Omzet 100%", "en": "Revenue 100%"},
                "type": "tiers",
                "kpi": "revenue",
                "basis": "attainment",
                "tiers": [{"from": 100, "amount": 2000000}],
            },
            {
                "code": "focus",
                "label": {"id": "Omzet SKU fokus", "en": "Focus SKU revenue"},
                "type": "tiers",
                "kpi": "revenue",
                "basis": "actual",
                "tiers": [{"from": 10000000, "amount": 500000}],
                "requires": [{"kpi": "ec", "basis": "actual", "min": 60}],
            },
            {
                "code": "boost",
                "label": "Booster",
                "type": "step",
                "kpi": "revenue",
                "basis": "actual",
                "start": 0,
                "every": 1000000,
                "amount": 1000,
                "max_steps": 5,
                "window": {"from": "2026-09-07", "to": "2026-09-20"},
            },
        ],
    }
)

FACTS = engine.Facts(
    month=SEPTEMBER,
    level=2,
    kpis={
        "revenue": engine.KpiFact(actual=D(550000000), attainment=D(110)),
        "ec": engine.KpiFact(actual=D(54), attainment=D(90)),
    },
    metrics={"outlet_coverage": D(86)},
    windows={"boost": D(7400000)},
)


@pytest.fixture
def ec(db):
    kra = KRA.objects.create(name="Coverage & Penetration")
    return KPIDefinition.objects.create(
        code="ec", name_id="EC", name_en="EC", kra=kra, unit="%", source="manual"
    )


def lines():
    return {line.rule: line for line in engine.evaluate(PLAN, FACTS).lines}


@pytest.mark.django_db
def test_statement_lines_in_indonesian(ec):
    by_rule = lines()
    with translation.override("id"):
        # 2,000,000 × 1.1 × 0.8 = 1,760,000
        assert explain(by_rule["rev"]) == (
            "Omzet 100%: pencapaian revenue 110%; tingkatan dari 100 tercapai; pengali level 2 "
            "× 1,1; × 0,8 tiket masuk coverage 86%: Rp 1.760.000."
        )
        assert explain(by_rule["focus"]).endswith(
            "; tidak dibayar: syarat EC 60% belum tercapai (54%)."
        )
        assert "selama 7 Sep 2026–20 Sep 2026" in explain(by_rule["boost"])


@pytest.mark.django_db
def test_statement_lines_in_english(ec):
    by_rule = lines()
    with translation.override("en"):
        assert explain(by_rule["rev"]).endswith(
            "level 2 multiplier × 1.1; × 0.8 coverage entry ticket 86%: Rp 1,760,000."
        )
        assert explain(by_rule["focus"]).endswith("; not paid: requirement EC 60% not met (54%).")
        # 5 steps (max 5) × 1,000 × 0.88 = 4,400
        assert explain(by_rule["boost"]).startswith(
            "Booster: revenue actual 7,400,000 over 7 Sep 2026–20 Sep 2026;"
        )
        assert by_rule["boost"].amount == D(4400)


@pytest.mark.django_db
def test_stored_line_form_is_explained_the_same(ec):
    line = lines()["focus"].as_dict()
    with translation.override("id"):
        assert explain(line).endswith("; tidak dibayar: syarat EC 60% belum tercapai (54%).")


@pytest.mark.django_db
def test_next_tier_hint_through_the_multiplier():
    facts = engine.Facts(
        month=SEPTEMBER,
        level=1,
        kpis={"revenue": engine.KpiFact(actual=D(550000000), attainment=D(110))},
        metrics={"outlet_coverage": D(72)},
        windows={"boost": D(7400000)},
    )
    with translation.override("id"):
        (hint,) = multiplier_tiers(PLAN, facts, rows={})
    # The focus rule's EC has no data here, so it pays nothing; rev 2,000,000 + boost 5 steps
    # (max 5) × 1,000 = 2,005,000. Coverage 72 → × 0.5: 1,002,500 now; at 80 → × 0.8:
    # 2,005,000 × 0.8 = 1,604,000 (8 more points of coverage)
    assert hint.kpi == "outlet_coverage"
    assert hint.needed == D(8)
    assert hint.amount == D(1604000)
    assert hint.whole_payout is True
    assert hint.label == "Tiket masuk coverage"
    assert hint.factor == D("0.8")
