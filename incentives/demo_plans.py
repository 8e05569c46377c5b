"""The example plans of docs/contracts.md and docs/domain.md, for the demo (`incentives.demo` calls
`seed_plans`). Idempotent: importing the same document again changes nothing.

The MT plan's "new product listed in 5 key accounts → Rp 2 jt, once" is modelled with what the
metric catalogue measures: `new_product_listings` counts the MT key-account outlets whose first
ever order of a new product falls in the month, so a key account counts in one month only. The
rule pays Rp 2.000.000 in a month in which at least 5 such listings happen. It is a
simplification: 3 listings in one month and 2 in the next pay nothing, and a second batch of 5
in a later month would pay again; the rule's label says so.
"""

import copy
from datetime import date, timedelta
from decimal import Decimal

from incentives.plans.documents import import_plan
from okr.demo import semester_tag
from spm.months import add_months, month_end

GT_PLAN = {
    "code": "GT-SALESMAN",
    "name": "Insentif Salesman GT",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "gate_total_score": None,
    "cap": None,
    "level_multipliers": {},
    "rules": [
        {
            "code": "rev-full",
            "label": "Revenue 100%",
            "type": "tiers",
            "kpi": "revenue",
            "basis": "attainment",
            "tiers": [{"from": 100, "amount": 2000000}],
        },
        {
            "code": "rev-step",
            "label": "Each further 10% of revenue",
            "type": "step",
            "kpi": "revenue",
            "basis": "attainment",
            "start": 100,
            "every": 10,
            "amount": 500000,
        },
        {
            "code": "new-outlets",
            "label": "New outlets",
            "type": "tiers",
            "kpi": "new_outlets",
            "basis": "actual",
            "tiers": [{"from": 20, "amount": 200000}, {"from": 30, "amount": 400000}],
        },
        {
            "code": "visits",
            "label": "Visits per day",
            "type": "tiers",
            "kpi": "visits_per_day",
            "basis": "actual",
            "tiers": [{"from": 18, "amount": 500000}],
        },
    ],
}

MT_PLAN = {
    "code": "MT-SALESMAN",
    "name": "Insentif Salesman MT",
    "applies_to": {"role": "salesman", "channel": "MT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "gate_total_score": None,
    "cap": None,
    "level_multipliers": {},
    "rules": [
        {
            "code": "planogram",
            "label": "Planogram compliance ≥ 90%",
            "type": "tiers",
            "kpi": "planogram_compliance",
            "basis": "actual",
            "tiers": [{"from": 90, "amount": 1000000}],
        },
        {
            "code": "osa",
            "label": "On-shelf availability ≥ 95%",
            "type": "tiers",
            "kpi": "osa",
            "basis": "actual",
            "tiers": [{"from": 95, "amount": 1000000}],
        },
        {
            "code": "new-product",
            "label": (
                "New product listed in 5 key accounts (paid in the month the 5 new "
                "listings are reached within that month)"
            ),
            "type": "tiers",
            "kpi": "new_product_listings",
            "basis": "actual",
            "tiers": [{"from": 5, "amount": 2000000}],
        },
    ],
}


# The demo speaks both languages: it imports the plans above with their names and labels in
# Indonesian and English (docs/contracts.md "Incentive plan JSON"). GT_PLAN itself stays the
# contract's example, plain English labels, which the tests read.
NAMES_EN = {"GT-SALESMAN": "GT salesman incentive", "MT-SALESMAN": "MT salesman incentive"}
LABELS_ID = {
    "rev-full": "Omzet 100%",
    "rev-step": "Setiap tambahan 10% omzet",
    "new-outlets": "Outlet baru",
    "visits": "Kunjungan per hari",
    "planogram": "Kepatuhan planogram ≥ 90%",
    "osa": "Ketersediaan di rak ≥ 95%",
    "new-product": (
        "Produk baru tercatat di 5 key account (dibayar pada bulan 5 pencatatan baru tercapai "
        "dalam bulan itu)"
    ),
}


def bilingual(document: dict) -> dict:
    """The plan with its name and rule labels in Indonesian and English."""
    result = copy.deepcopy(document)
    result["name"] = {"id": document["name"], "en": NAMES_EN[document["code"]]}
    for rule in result["rules"]:
        rule["label"] = {"id": LABELS_ID[rule["code"]], "en": rule["label"]}
    return result


def seed_plans(*, out=None) -> None:
    """Import the GT and MT example plans (active), in both languages."""
    for document in (bilingual(GT_PLAN), bilingual(MT_PLAN)):
        plan = import_plan(document=document, by=None, status="active", note="demo")
        if out is not None:
            out.write(f"  plan {plan.code}: {plan.name}\n")


# ---------------------------------------------------------------------------------------------
# An Indonesian distributor's GT scheme, built only from the FMCG pieces (docs/contracts.md
# "FMCG scheme building blocks"): an entry ticket on outlet coverage, a focus-SKU revenue rule
# that pays only with enough lines per call, and a two-week booster on the focus SKUs. It stacks
# on GT-SALESMAN for one closed month of the demo (the draft month, or the month before Andi's
# worked month when that is the draft one), so Andi's worked month is never touched. Budi's month
# exercises each piece (his coverage band, his LPC above 3, the booster's days), Citra's shows a
# prerequisite that fails.

FOCUS_GROUP = "focus"
FOCUS_SKUS = ("SUS-UHT", "MIK-SOTO", "KRP-KNT", "SUS-BBK")  # the products the principal pushes
DISTRIBUTOR_PLAN_CODE = "GT-DISTRIBUTOR"


def okr_plan_code(calendar) -> str:
    """The demo's semester OKR bonus plan (incentives/demo.py): `GT-OKR-2026H1`, `GT-OKR-2026H2`,
    after the semester that ends with the worked month."""
    return f"GT-OKR-{semester_tag(calendar)}"


def distributor_plan(month: date, *, okr_plan: str) -> dict:
    """The scheme for `month`: the booster runs from its second Monday for two weeks; it stacks
    on the GT plan and on the semester OKR bonus plan `okr_plan`."""
    second_monday = month + timedelta(days=(7 - month.weekday()) % 7 + 7)
    return {
        "code": DISTRIBUTOR_PLAN_CODE,
        "name": {"id": "Skema distributor GT", "en": "GT distributor scheme"},
        "applies_to": {"role": "salesman", "channel": "GT"},
        "valid_from": month.isoformat(),
        "valid_to": month_end(month).isoformat(),
        "stacks_with": ["GT-SALESMAN", okr_plan],
        "gate_total_score": None,
        "cap": 1500000,
        "level_multipliers": {"1": Decimal("1.0"), "2": Decimal("1.1"), "3": Decimal("1.2")},
        "multipliers": [
            {
                "code": "entry",
                "label": {"id": "Tiket masuk coverage", "en": "Coverage entry ticket"},
                "kpi": "outlet_coverage",
                "basis": "actual",
                # the demo's salesmen cover about a third of their assigned outlets
                "bands": [
                    {"from": 0, "factor": Decimal("0.5")},
                    {"from": 30, "factor": Decimal("0.8")},
                    {"from": 35, "factor": 1},
                    {"from": 45, "factor": Decimal("1.1")},
                ],
            }
        ],
        "rules": [
            {
                "code": "focus-revenue",
                "label": {"id": "Omzet SKU fokus", "en": "Focus SKU revenue"},
                "type": "tiers",
                "kpi": f"revenue@{FOCUS_GROUP}",
                "basis": "actual",
                "tiers": [
                    {"from": 100000000, "amount": 300000},
                    {"from": 150000000, "amount": 500000},
                ],
                "requires": [{"kpi": "lines_per_call", "basis": "actual", "min": 3}],
            },
            {
                "code": "focus-booster",
                "label": {"id": "Booster SKU fokus 2 minggu", "en": "Two-week focus SKU booster"},
                "type": "step",
                "kpi": f"revenue@{FOCUS_GROUP}",
                "basis": "actual",
                "start": 0,
                "every": 10000000,
                "amount": 25000,
                "max_steps": 10,
                "window": {
                    "from": second_monday.isoformat(),
                    "to": (second_monday + timedelta(days=13)).isoformat(),
                },
            },
        ],
    }


def distributor_month(calendar) -> date:
    """The closed month the scheme pays: the draft month, unless that is Andi's worked month."""
    if calendar.draft_month != calendar.worked_month:
        return calendar.draft_month
    return add_months(calendar.worked_month, -1)


def seed_distributor_scheme(calendar, *, out=None) -> None:
    """The focus SKU group (created once, audited) and the distributor scheme for its month;
    before the demo's months are closed. Idempotent."""
    from outlets.groups import save_group
    from outlets.models import ProductGroup

    if not ProductGroup.objects.filter(code=FOCUS_GROUP).exists():
        group = ProductGroup(code=FOCUS_GROUP, name="SKU fokus", name_en="Focus SKUs")
        save_group(group=group, skus=list(FOCUS_SKUS), by=None)
    document = distributor_plan(distributor_month(calendar), okr_plan=okr_plan_code(calendar))
    plan = import_plan(document=document, by=None, status="active", note="demo")
    if out is not None:
        out.write(f"  plan {plan.code}: {plan.name} ({document['valid_from'][:7]})\n")
