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

from incentives.plans.documents import import_plan

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
