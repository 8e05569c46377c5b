"""The demo's incentives: the GT and MT plans, the semester OKR bonus plan, and closed months.

2026-04 and 2026-05 are closed, approved by the manager (maya) and locked by HR (hana), as a
real company's past months would be; 2026-06 (Andi's worked month) is closed as a draft for the
manager to approve in the demo. Andi's June statement: 2.000.000 + 500.000 + 400.000 + 500.000
= Rp 3.400.000 from the GT plan, plus the Rp 1.000.000 semester OKR bonus when the OKR demo has
seeded objective GT-NEW-OUTLETS-2026H1 = Rp 4.400.000.

Idempotent: plans are imported by code (an identical document changes nothing) and a month
that is already closed (draft, approved or locked) is left as it is.
"""

from datetime import date
from decimal import Decimal

from incentives.demo_plans import seed_plans
from incentives.models import PayoutRun, RunStatus
from incentives.payouts.services import approve_run, close_period, lock_run
from incentives.plans.documents import import_plan
from okr.models import Objective
from org.models import Salesman, User
from spm.money import format_rupiah
from spm.months import format_month

OKR_OBJECTIVE = "GT-NEW-OUTLETS-2026H1"
OKR_PLAN = {
    "code": "GT-OKR-2026H1",
    "name": {"id": "Bonus OKR GT semester 1 2026", "en": "GT OKR bonus, first half of 2026"},
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": "2026-06-30",
    "gate_total_score": None,
    "cap": None,
    "level_multipliers": {},
    "rules": [
        {
            "code": "okr-new-outlets",
            "label": {
                "id": "OKR: 1.000 outlet GT baru dalam semester",
                "en": "OKR: 1.000 new GT outlets in the semester",
            },
            "type": "okr_bonus",
            "objective": OKR_OBJECTIVE,
            "min_score": Decimal("0.7"),
            "amount": 1000000,
        }
    ],
}

LOCKED_MONTHS = [date(2026, 4, 1), date(2026, 5, 1)]
DRAFT_MONTH = date(2026, 6, 1)


def _okr_objective_exists() -> bool:
    return Objective.objects.filter(code=OKR_OBJECTIVE).exists()


def _close(month: date, *, manager, hr, finalise: bool, out) -> PayoutRun:
    """Close the month (a draft is recomputed); when `finalise`, approve and lock it too."""
    run = PayoutRun.objects.filter(month=month).first()
    if run is not None and (run.status != RunStatus.DRAFT or run.computed_at is not None):
        # Already closed by an earlier seed (or by a user): seeding again changes nothing.
        out.write(f"  payout run {format_month(month)}: {run.status}, kept\n")
        return run
    run = close_period(month=month, by=hr)
    if finalise and manager is not None and hr is not None:
        run = lock_run(run=approve_run(run=run, by=manager), by=hr)
    out.write(f"  payout run {format_month(month)}: {run.status}\n")
    return run


def seed(*, out) -> None:
    seed_plans(out=out)
    if _okr_objective_exists():
        plan = import_plan(document=OKR_PLAN, by=None, status="active", note="demo")
        out.write(f"  plan {plan.code}: {plan.name}\n")
    manager = User.objects.filter(username="maya").first()
    hr = User.objects.filter(username="hana").first()
    for month in LOCKED_MONTHS:
        _close(month, manager=manager, hr=hr, finalise=True, out=out)
    run = _close(DRAFT_MONTH, manager=manager, hr=hr, finalise=False, out=out)
    andi = Salesman.objects.filter(code="andi").first()
    if andi is not None:
        total = sum(line.amount for line in run.lines.filter(salesman=andi))
        month = format_month(DRAFT_MONTH)
        out.write(f"Incentives: Andi's {month} statement {format_rupiah(total)}")
