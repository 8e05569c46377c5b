"""The demo's incentives: the GT and MT plans, the semester OKR bonus plan, and closed months.

The months of `org.demo.demo_calendar(today)`: every month before the previous one is closed,
approved by the manager (maya) and locked by HR (hana), as a real company's past months would
be; the previous month is closed as a draft for the manager to approve; the current month is
open (month to date). Andi's worked month (2026-06 while the demo lives in 2026-07 … 2026-12,
2026-12 in 2027-01 … 2027-06): 2.000.000 + 500.000 + 400.000 + 500.000 = Rp 3.400.000 from the
GT plan, plus the Rp 1.000.000 semester OKR bonus (plan GT-OKR-2026H1, …-2026H2: the demo's last
complete semester) when the OKR demo has seeded the semester objective (GT-NEW-OUTLETS-2026H1,
…-2026H2) = Rp 4.400.000.

Andi questions a line of his worked month: one open dispute for the queue
(incentives/disputes/demo.py).

Idempotent: plans are imported by code (an identical document changes nothing) and a month
that is already closed (draft, approved or locked) is left as it is.
"""

from datetime import date
from decimal import Decimal

from incentives.demo_plans import okr_plan_code, seed_distributor_scheme, seed_plans
from incentives.disputes.demo import seed as seed_dispute
from incentives.models import PayoutRun, RunStatus
from incentives.payouts.services import approve_run, close_period, lock_run
from incentives.plans.documents import import_plan
from okr.demo import semester_objective_code
from okr.models import Objective
from org.demo import demo_calendar
from org.models import Salesman, User
from spm.money import format_rupiah
from spm.months import format_month, month_end


def okr_plan(calendar) -> dict:
    """The semester OKR bonus plan of the demo's last complete semester (`GT-OKR-2026H1` while
    the demo lives in 2026-07 … 2026-12, `GT-OKR-2026H2` in 2027-01 … 2027-06): Rp 1.000.000 in
    the worked month to the participants of the semester objective when it scores ≥ 0.7."""
    worked = calendar.worked_month
    half = 1 if worked.month <= 6 else 2
    return {
        "code": okr_plan_code(calendar),
        "name": {
            "id": f"Bonus OKR GT semester {half} {worked.year}",
            "en": f"GT OKR bonus, {'first' if half == 1 else 'second'} half of {worked.year}",
        },
        "applies_to": {"role": "salesman", "channel": "GT"},
        "stacks_with": ["GT-SALESMAN"],
        "valid_from": calendar.first_month.isoformat(),
        "valid_to": month_end(worked).isoformat(),
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
                "objective": semester_objective_code(calendar),
                "min_score": Decimal("0.7"),
                "amount": 1000000,
            }
        ],
    }


def _okr_objective_exists(calendar) -> bool:
    return Objective.objects.filter(code=semester_objective_code(calendar)).exists()


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


def _refresh_current_month(calendar, out) -> None:
    """This month so far: pace scores and projections as of the last data (kpi.live), once the
    live month is installed."""
    try:
        from kpi.live import refresh_month
    except ImportError:
        return
    if calendar.data_end < calendar.current_month:
        return  # the 1st: no data yet this month
    done = refresh_month(month=calendar.current_month, as_of=calendar.data_end)
    if done is not None:
        out.write(
            f"  this month so far ({format_month(calendar.current_month)}, as of "
            f"{calendar.data_end.isoformat()}): {done.pace_scores} pace scores\n"
        )


def seed(*, out, today: date | None = None) -> None:
    calendar = demo_calendar(today)
    seed_plans(out=out)
    seed_distributor_scheme(calendar, out=out)  # the FMCG pieces, for one closed month
    if _okr_objective_exists(calendar):
        plan = import_plan(document=okr_plan(calendar), by=None, status="active", note="demo")
        out.write(f"  plan {plan.code}: {plan.name}\n")
    manager = User.objects.filter(username="maya").first()
    hr = User.objects.filter(username="hana").first()
    for month in calendar.locked_months:
        _close(month, manager=manager, hr=hr, finalise=True, out=out)
    _close(calendar.draft_month, manager=manager, hr=hr, finalise=False, out=out)
    _refresh_current_month(calendar, out)
    seed_dispute(calendar, out=out)
    andi = Salesman.objects.filter(code="andi").first()
    run = PayoutRun.objects.filter(month=calendar.worked_month).first()
    if andi is not None and run is not None:
        total = sum(line.amount for line in run.lines.filter(salesman=andi))
        month = format_month(calendar.worked_month)
        out.write(f"Incentives: Andi's {month} statement {format_rupiah(total)}")
