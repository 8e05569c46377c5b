"""Prior-period corrections: a locked month restated from late data, the difference paid in the
open run (docs/contracts.md "Returns, late data and prior-period corrections").

`close_period(M)` calls `restate_into(run)` for M's draft run. Every locked month L < M with late
data not yet paid for (`org.LateChange` newer than the last restatement of L paid in another run)
is recomputed as it would be closed today — metrics, scorecards, the plan and template versions
and the levels in force in L — inside a savepoint that is always rolled back (`restating(L)`), so
nothing stored for L changes: its locked run, snapshots and scorecards stay byte for byte. The
restated amounts are compared, per person, plan and rule (the cap included), with everything
already paid for L: the locked lines plus the restatement lines of L in other runs. Each
difference becomes one `restatement` line of M's run; the restated version of L is kept beside
the locked run (`Restatement`, `RestatedLine`). Closing M again recomputes the same lines.

A plan with `"clawback": "none"` never takes money back: its negative differences show 0.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.models import LineType, PayoutLine, PayoutRun, RunStatus
from org.models import LateChange
from org.periods import restating
from spm.months import format_month

from .models import RestatedLine, Restatement

ZERO = Decimal(0)
# Lines that are not recomputed from the month's data, so never restated.
_NOT_RESTATED = (LineType.ADJUSTMENT, LineType.RESTATEMENT, LineType.CARRY_FORWARD)


@dataclass
class Correction:
    """One restatement line for the open run."""

    salesman_id: int
    month: date  # the restated month
    plan_code: str
    rule_code: str
    label: str
    value: Decimal | None
    value_before: Decimal | None
    paid: Decimal
    restated: Decimal
    amount: Decimal
    clawback_waived: bool = False


class _RolledBack(Exception):
    """Ends the savepoint of a restatement: nothing it wrote stays."""


def months_to_restate(run: PayoutRun) -> list[PayoutRun]:
    """The locked runs before `run`'s month with late data not yet paid in another run."""
    changed = (
        LateChange.objects.filter(month__lt=run.month)
        .values("month")
        .annotate(last=Max("at"))
        .order_by("month")
    )
    last_change = {row["month"]: row["last"] for row in changed}
    if not last_change:
        return []
    locked = PayoutRun.objects.filter(month__in=list(last_change), status=RunStatus.LOCKED)
    absorbed = dict(
        Restatement.objects.filter(run__in=locked)
        .exclude(paid_in=run)
        .values_list("run__month")
        .annotate(last=Max("computed_at"))
    )
    return [
        locked_run
        for locked_run in locked.order_by("month")
        if absorbed.get(locked_run.month) is None
        or last_change[locked_run.month] > absorbed[locked_run.month]
    ]


def people_to_restate(month: date) -> list[int] | None:
    """Whose figures of the locked `month` the late data can have changed: the people of every
    late change of the month so far (each restatement is computed against the locked snapshot,
    which never changes, so a person restated once is restated every time), and whoever ordered
    at their outlets that month (`kpi.live.people_touched`). None — the whole month — when a
    late change names no one (outlets, people) or most people are named anyway."""
    from kpi.live import people_touched

    salesmen: set[int] = set()
    outlets: set[int] = set()
    for named, at_outlets in LateChange.objects.filter(month=month).values_list(
        "salesmen", "outlets"
    ):
        if named is None:
            return None
        salesmen.update(named)
        outlets.update(at_outlets or ())
    return people_touched(month=month, salesman_ids=salesmen, outlet_ids=outlets)


def recompute_month(month: date, salesman_ids=None):
    """The month's evaluation as a close would store it today, with nothing stored: metrics,
    scorecards and plans run inside a savepoint that is rolled back.

    With `salesman_ids`, only their metrics (and their teams' aggregates) and their and the
    leaders' scorecards are recomputed — the others' rows did not change, so their stored ones
    stand; the plans are evaluated for everyone (a rank or a team rule reads the others)."""
    from incentives.payouts.closing import active_plans, evaluate_people
    from kpi.live import with_leaders
    from kpi.scorecards import compute_scorecards
    from outlets.metrics import compute_month_metrics

    held = {}
    try:
        with transaction.atomic(), restating(month):
            if salesman_ids is None:
                compute_month_metrics(month=month)
                compute_scorecards(month=month)
            elif salesman_ids:
                compute_month_metrics(month=month, salesman_ids=salesman_ids)
                compute_scorecards(month=month, salesman_ids=with_leaders(month, salesman_ids))
            held["result"], _evaluated = evaluate_people(month=month, plans=active_plans(month))
            raise _RolledBack
    except _RolledBack:
        pass
    return held["result"]


def _clawbacks(run: PayoutRun) -> dict[str, str]:
    """plan code → its `clawback` as paid in the locked run (the version in force then)."""
    clawbacks = {}
    for plan in run.plans.all():
        document = json.loads(plan.document) if isinstance(plan.document, str) else plan.document
        clawbacks[plan.plan_code] = (document or {}).get("clawback") or "deduct"
    return clawbacks


def corrections_for(locked: PayoutRun, open_run: PayoutRun) -> list[Correction]:
    """The differences between the restated `locked` month and what was paid for it."""
    result = recompute_month(locked.month, people_to_restate(locked.month))
    period = format_month(locked.month)
    paid: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    before: dict[tuple, tuple[str, Decimal | None]] = {}
    for line in locked.lines.exclude(type__in=_NOT_RESTATED).values(
        "salesman_id", "plan_code", "rule_code", "label", "value", "amount"
    ):
        key = (line["salesman_id"], line["plan_code"], line["rule_code"])
        paid[key] += line["amount"]
        before[key] = (line["label"], line["value"])
    earlier = (
        PayoutLine.objects.filter(type=LineType.RESTATEMENT, reached=period)
        .exclude(run=open_run)
        .values("salesman_id", "plan_code", "rule_code")
        .annotate(total=Sum("amount"))
    )
    for row in earlier:
        paid[(row["salesman_id"], row["plan_code"], row["rule_code"])] += row["total"]
    restated: dict[tuple, tuple[str, Decimal | None, Decimal]] = {}
    for line in result.lines:
        key = (line.salesman_id, line.plan_code, line.rule_code)
        label, value, amount = restated.get(key, (line.label, line.value, ZERO))
        restated[key] = (label, value, amount + line.amount)
    clawbacks = _clawbacks(locked)
    corrections = []
    for key in sorted(set(paid) | set(restated), key=lambda k: (k[0], k[1], k[2] != "cap", k[2])):
        label, value, amount = restated.get(key, (before.get(key, ("", None))[0], None, ZERO))
        difference = amount - paid[key]
        if difference == 0:
            continue
        salesman_id, plan_code, rule_code = key
        waived = difference < 0 and clawbacks.get(plan_code) == "none"
        corrections.append(
            Correction(
                salesman_id=salesman_id,
                month=locked.month,
                plan_code=plan_code,
                rule_code=rule_code,
                label=label,
                value=value,
                value_before=before.get(key, ("", None))[1],
                paid=paid[key],
                restated=amount,
                amount=ZERO if waived else difference,
                clawback_waived=waived,
            )
        )
    return corrections


def restate_into(run: PayoutRun) -> list[Correction]:
    """Restate every locked month with unpaid late data into `run` (M's draft, being closed):
    the restated versions are stored (replacing those of an earlier close of M) and the
    corrections returned for the close to store as `restatement` lines. Runs in the close's
    transaction."""
    Restatement.objects.filter(paid_in=run).delete()
    corrections: list[Correction] = []
    now = timezone.now()
    for locked in months_to_restate(run):
        found = corrections_for(locked, run)
        restatement = Restatement.objects.create(
            run=locked,
            paid_in=run,
            computed_at=now,
            people=len({c.salesman_id for c in found}),
            difference=sum((c.amount for c in found), ZERO),
        )
        RestatedLine.objects.bulk_create(
            RestatedLine(
                restatement=restatement,
                salesman_id=c.salesman_id,
                plan_code=c.plan_code,
                rule_code=c.rule_code,
                label=c.label[:200],
                value_before=c.value_before,
                value=c.value,
                paid=c.paid,
                amount=c.restated,
            )
            for c in found
        )
        corrections.extend(found)
    return corrections


def line_detail(correction: Correction) -> dict:
    """The stored facts of a restatement line (JSON-friendly), from which it is said again in
    the reader's language (`line_text`)."""
    return {
        "month": format_month(correction.month),
        "rule_label": correction.label,
        "paid": str(correction.paid),
        "restated": str(correction.restated),
        "value_before": None if correction.value_before is None else str(correction.value_before),
        "clawback": "none" if correction.clawback_waived else "deduct",
    }


def line_text(detail: dict) -> tuple[str, str]:
    """(label, explanation) of a restatement line in the active language: "Koreksi 2026-09:
    Revenue step", "2026-09 restated from late data: Rp 1.000.000 instead of Rp 500.000 already
    paid"."""
    from spm.formats import rupiah

    month = detail.get("month", "")
    label = _("Correction %(month)s: %(label)s") % {
        "month": month,
        "label": detail.get("rule_label", ""),
    }
    explanation = _(
        "%(month)s restated from late data: %(restated)s instead of %(paid)s already paid."
    ) % {
        "month": month,
        "restated": rupiah(detail.get("restated")),
        "paid": rupiah(detail.get("paid")),
    }
    if detail.get("clawback") == "none":
        explanation += " " + _("The plan takes nothing back (clawback none): 0.")
    return label[:200], explanation
