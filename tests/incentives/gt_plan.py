"""The GT salesman plan of docs/contracts.md ("Incentive plan JSON"), kept once in
`gt_plan.json` beside this module: every test reads it from here. `test_plans.py` holds the demo
plan (`incentives.demo_plans.GT_PLAN`) and the contract's example to this same document."""

import json
from decimal import Decimal
from pathlib import Path

GT_PLAN_PATH = Path(__file__).with_name("gt_plan.json")


def gt_plan_text() -> str:
    return GT_PLAN_PATH.read_text()


def gt_plan(*, decimals: bool = False) -> dict:
    """A fresh copy of the plan document (numbers with decimals as `Decimal` when asked)."""
    return json.loads(gt_plan_text(), parse_float=Decimal if decimals else float)
