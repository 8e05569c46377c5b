"""Payout runs: the monthly close, approval, lock and adjustments.

One function per use case, called alike by the pages, the API, the commands and the Celery
tasks. Every writer of a month's run first takes the month's `org.Period` row lock
(`org.periods.period_for_update` / `require_open`), and `PayoutRun.month` is unique: two
closes of the same month started at once end with one run (the second waits for the first,
then recomputes the same draft).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.corrections import carry
from incentives.corrections.carry import line_text as carry_text
from incentives.corrections.restatement import line_detail as restatement_detail
from incentives.corrections.restatement import line_text as restatement_text
from incentives.corrections.restatement import restate_into
from incentives.models import (
    Adjustment,
    LineType,
    PayoutLine,
    PayoutRun,
    PayoutStatement,
    RunPlan,
)
from incentives.models import RunStatus as Status
from incentives.payouts.selectors import run_approvers
from org import audit, policy
from org.models import Salesman, User
from org.periods import MonthLocked, is_month_locked, lock_month, period_for_update, require_open
from org.visibility import salesmen_visible_to
from spm.bulk import insert_rows
from spm.memory import cycle_collection_paused
from spm.months import add_months, format_month

# How far ahead add_adjustment looks for an open run before giving up (a safety bound only).
_MAX_MONTHS_AHEAD = 36


class PayoutError(Exception):
    """A payout action that the state of the run does not allow (run not open, wrong order of
    transitions). Pages and the API show its message; commands exit with it. A locked month
    raises `org.periods.MonthLocked` instead."""


def _check_month(month: date) -> date:
    if not isinstance(month, date) or month.day != 1:
        raise ValueError("month must be the first day of a month")
    return month


def _run_state(run: PayoutRun) -> dict:
    totals = run.lines.aggregate(lines=Count("id"), total=Sum("amount"))
    return {
        "month": format_month(run.month),
        "status": run.status,
        "lines": totals["lines"],
        "total": str(totals["total"] or Decimal(0)),
    }


class QueueUnavailable(Exception):
    """The task queue (the broker) did not take the task: nothing was queued."""


def check_closable(*, month: date) -> None:
    """Refuse now what `close_period` would refuse on the worker, so the caller hears it rather
    than the worker's log: a locked month (`MonthLocked`), a run already approved or locked
    (`PayoutError`). Reads only; `close_period` checks again under the month's row lock."""
    month = _check_month(month)
    if is_month_locked(month):
        raise MonthLocked(month)
    run = PayoutRun.objects.filter(month=month).first()
    if run is not None and run.status != Status.DRAFT:
        raise PayoutError(
            _("The payout run of %(month)s is %(status)s: it can no longer be recomputed.")
            % {"month": format_month(month), "status": run.get_status_display()}
        )


def close_period(*, month: date, by: User | None = None) -> PayoutRun:
    """Compute the month: metrics → scorecards → plans (+ OKR and ranking rules) → the month's
    one draft payout run, with one line per salesman per rule (+ cap lines) and the run's
    adjustments. Running it again replaces the draft's lines; it never makes a second run.

    Refused when the month is locked (`MonthLocked`) or its run is already approved or locked
    (`PayoutError`).
    Everything happens in one transaction: a failure leaves the previous state untouched.
    """
    from incentives.payouts.closing import active_plan_rows, evaluate_month

    month = _check_month(month)
    with cycle_collection_paused(), transaction.atomic():
        require_open(month)
        # The documents the evaluation reads, kept with the run; their rows stay locked until
        # the run is stored, so a plan saved meanwhile waits and the copy is what was evaluated.
        plans = {
            code: (number, document)
            for code, number, document in active_plan_rows(month)
            .select_for_update(of=("self",))
            .values_list("plan_code", "number", "document")
        }
        run = PayoutRun.objects.filter(month=month).first()
        if run is not None and run.status != Status.DRAFT:
            raise PayoutError(
                _("The payout run of %(month)s is %(status)s: it can no longer be recomputed.")
                % {"month": format_month(month), "status": run.get_status_display()}
            )
        result = evaluate_month(month=month)
        # A run that only held adjustments so far is closed for the first time now.
        first_close = run is None or run.computed_at is None
        if run is None:
            run = PayoutRun.objects.create(month=month)
        before = None if first_close else _run_state(run)
        run.lines.all().delete()
        run.statements.all().delete()
        run.plans.all().delete()
        # Locked months with late data: restated beside their locked runs, the differences
        # paid here (incentives/corrections/restatement.py).
        corrections = restate_into(run)
        # each evaluated line names its plan's version
        _store(run, result, corrections, {code: number for code, (number, _doc) in plans.items()})
        RunPlan.objects.bulk_create(
            RunPlan(run=run, plan_code=code, version=number, document=document)
            for code, (number, document) in plans.items()
        )
        # Never a negative payment (incentives/corrections/carry.py).
        _carry_negative_balances(run)
        run.computed_at = timezone.now()
        run.save(update_fields=["computed_at", "updated_at"])
        action = "closed" if first_close else "recomputed"
        audit.record(
            actor=by,
            action=f"payout_run.{action}",
            obj=run,
            before=before,
            after=_run_state(run),
        )
    return run


STATEMENT_COLUMNS = (
    "run_id",
    "salesman_id",
    "plan_code",
    "team_name",
    "channel",
    "level",
    "total_score",
)
LINE_COLUMNS = (
    "run_id",
    "salesman_id",
    "position",
    "plan_code",
    "rule_code",
    "label",
    "type",
    "basis",
    "kpi",
    "value",
    "reached",
    "multiplier",
    "amount",
    "reward",
    "explanation",
    "status",
    "detail",
    "adjustment_id",
    "plan_version",
)


def _store(run: PayoutRun, result, corrections=(), versions=None) -> None:
    """Write the evaluated statements and lines, each with its plan's version (`versions`:
    {plan code: number}), the restatement lines of earlier months (`corrections`), then the
    run's adjustments as lines."""
    versions = versions or {}
    statements = {}
    for item in result.statements:
        person = item.salesman
        statements[person.pk] = (
            run.pk,
            person.pk,
            item.plan_code,
            person.team_name,
            person.channel,
            person.level,
            item.total_score,
        )
    lines = [
        (
            run.pk,
            line.salesman_id,
            position,
            line.plan_code,
            line.rule_code,
            line.label[:200],
            line.type,
            line.basis,
            line.kpi,
            line.value,
            line.reached[:300],
            line.multiplier,
            line.amount,
            line.reward[:200],
            line.explanation,
            line.status,
            line.detail,
            None,
            versions.get(line.plan_code),
        )
        for position, line in enumerate(result.lines)
    ]
    for correction in corrections:
        detail = restatement_detail(correction)
        label, explanation = restatement_text(detail)
        lines.append(
            (
                run.pk,
                correction.salesman_id,
                len(lines),
                correction.plan_code,
                correction.rule_code,
                label,
                LineType.RESTATEMENT,
                "",
                "",
                correction.value,
                format_month(correction.month),
                Decimal(1),
                correction.amount,
                "",
                explanation,
                "clawback_none" if correction.clawback_waived else "",
                detail,
                None,
                None,
            )
        )
    extra = [c.salesman_id for c in corrections] + [a.salesman_id for a in run.adjustments.all()]
    others = Salesman.objects.select_related("team").in_bulk(
        [pk for pk in set(extra) if pk not in statements]
    )
    adjustments = list(run.adjustments.select_related("salesman__team"))
    for salesman in others.values():
        statements[salesman.pk] = (
            run.pk,
            salesman.pk,
            "",
            salesman.team.name if salesman.team else "",
            salesman.channel,
            salesman.level,
            None,
        )
    for adjustment in adjustments:
        if adjustment.salesman_id not in statements:
            salesman = adjustment.salesman
            team_name = salesman.team.name if salesman.team else ""
            statements[salesman.pk] = (
                run.pk,
                salesman.pk,
                "",
                team_name,
                salesman.channel,
                salesman.level,
                None,
            )
    # COPY on PostgreSQL: 2,000 statements and 7,600 lines cost 0.84 s through bulk_create and
    # execute_values under cProfile, 0.22 s this way (bench/README.md).
    insert_rows(PayoutStatement, STATEMENT_COLUMNS, statements.values())
    insert_rows(PayoutLine, LINE_COLUMNS, lines)
    PayoutLine.objects.bulk_create(
        [adjustment_line(a, position=len(lines) + i) for i, a in enumerate(adjustments)]
    )


def _carry_negative_balances(run: PayoutRun) -> None:
    """Every statement of `run` below zero is brought to zero by a `carry_forward` line, and the
    balance opens the person's next open run (docs/contracts.md)."""
    negative = carry.negative_balances(run)
    if not negative:
        return
    target = first_open_run(add_months(run.month, 1))
    people = Salesman.objects.in_bulk([row["salesman_id"] for row in negative])
    month, next_month = format_month(run.month), format_month(target.month)
    for row in negative:
        carry.closing_line(run, row, next_month).save()
        adjustment = carry.opening_balance(target, row, month, run.month)
        statement_for(target, people[row["salesman_id"]], by=None)
        position = target.lines.filter(salesman_id=row["salesman_id"]).count()
        adjustment_line(adjustment, position=position).save()


def statement_for(run: PayoutRun, salesman: Salesman, *, by: User | None) -> None:
    """Make sure `salesman` has a statement in the open `run`; one already approved waits for
    an approval again, since its amount is about to change."""
    statement = run.statements.filter(salesman=salesman).first()
    if statement is None:
        _statement_for(run, salesman).save()
    elif statement.approved_at is not None:
        _withdraw_approval(statement, by=by)


def first_open_run(month: date) -> PayoutRun:
    """The first run from `month` on that may still take a line: a draft of an open month,
    created when the month has none yet. Holds the months' row locks."""
    candidate = _check_month(month)
    for _step in range(_MAX_MONTHS_AHEAD):
        period = period_for_update(candidate)
        existing = PayoutRun.objects.filter(month=candidate).first()
        if not period.is_locked and (existing is None or existing.status == Status.DRAFT):
            return existing or PayoutRun.objects.create(month=candidate)
        candidate = add_months(candidate, 1)
    raise PayoutError(_("No open payout run found for this adjustment."))


def _statement_for(run: PayoutRun, salesman: Salesman) -> PayoutStatement:
    return PayoutStatement(
        run=run,
        salesman=salesman,
        team_name=salesman.team.name if salesman.team else "",
        channel=salesman.channel,
        level=salesman.level,
    )


def adjustment_line(adjustment: Adjustment, *, position: int) -> PayoutLine:
    """The payout line of an adjustment, or of a negative balance carried from an earlier
    month (`carried_from`: a `carry_forward` line)."""
    if adjustment.carried_from is not None:
        detail = {"from": format_month(adjustment.carried_from)}
        label, explanation = carry_text(detail)
        return PayoutLine(
            run=adjustment.run,
            salesman=adjustment.salesman,
            position=position,
            rule_code=LineType.CARRY_FORWARD,
            label=label,
            type=LineType.CARRY_FORWARD,
            amount=adjustment.amount,
            explanation=explanation,
            detail=detail,
            adjustment=adjustment,
        )
    who = adjustment.created_by.username if adjustment.created_by else ""
    corrects = (
        _(" (corrects %(month)s)") % {"month": format_month(adjustment.for_month)}
        if adjustment.for_month
        else ""
    )
    return PayoutLine(
        run=adjustment.run,
        salesman=adjustment.salesman,
        position=position,
        rule_code=LineType.ADJUSTMENT,
        label=adjustment.reason[:200],
        type=LineType.ADJUSTMENT,
        amount=adjustment.amount,
        explanation=_("Adjustment by %(who)s%(corrects)s: %(reason)s")
        % {"who": who or "–", "corrects": corrects, "reason": adjustment.reason},
        adjustment=adjustment,
    )


def approve_run(*, run: PayoutRun, by: User) -> PayoutRun:
    """Approve the statements of `run` that `by` approves and that wait for an approval: a
    manager those of the people he sees, an admin everyone's; nobody his own
    (`org.policy.approvable_salesmen`). Each approval is stored on its statement (who, when) and
    recorded in the audit trail. When no statement waits any more, the run goes draft →
    approved (`approved_by` is whoever gave the last approval); until then it stays a draft.

    The run must be a computed draft. Approvals belong to the computed amounts: closing the
    month again replaces the statements (approvals included), and an adjustment withdraws the
    approval of its person's statement (`add_adjustment`).
    """
    if not policy.may_approve_runs(by):
        raise PermissionDenied(_("Only a manager or an admin can approve a payout run."))
    with transaction.atomic():
        period_for_update(run.month)
        run = PayoutRun.objects.get(pk=run.pk)
        if run.status != Status.DRAFT:
            raise PayoutError(
                _("Only a draft run can be approved; %(month)s is %(status)s.")
                % {"month": run.period, "status": run.get_status_display()}
            )
        if run.computed_at is None:
            raise PayoutError(
                _("%(month)s has not been closed yet: close the month before approving.")
                % {"month": run.period}
            )
        waiting = run.statements.filter(approved_at__isnull=True)
        mine = list(
            waiting.filter(salesman__in=policy.approvable_salesmen(by).values("id"))
            .select_related("salesman")
            .order_by("salesman__code")
        )
        if not mine and waiting.exists():
            raise PayoutError(
                _(
                    "No statement of %(month)s waits for your approval; the others wait for "
                    "their own managers."
                )
                % {"month": run.period}
            )
        now = timezone.now()
        PayoutStatement.objects.filter(pk__in=[s.pk for s in mine]).update(
            approved_at=now, approved_by=by
        )
        for statement in mine:
            audit.record(
                actor=by,
                action="payout_statement.approved",
                obj=statement,
                before={"approved_by": None},
                after={"salesman": statement.salesman.code, "approved_by": by.username},
            )
        if waiting.exists():
            return run
        run.status = Status.APPROVED
        run.approved_at = now
        run.approved_by = by
        run.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        audit.record(
            actor=by,
            action="payout_run.approved",
            obj=run,
            before={"status": Status.DRAFT},
            after={"status": run.status},
        )
    return run


class FourEyesRefused(PermissionDenied):
    """The person who would lock a run approved statements of it (org.policy four eyes)."""


def lock_run(*, run: PayoutRun, by: User) -> PayoutRun:
    """approved → locked, by HR (or admin) who approved none of its statements (four eyes:
    `org.policy.may_lock_run_approved_by`). Locks the month itself (`org.periods.lock_month`):
    from then on its imports, targets, scorecards and this run never change."""
    if not policy.may_lock_runs(by):
        raise PermissionDenied(_("Only HR or an admin can lock a payout run."))
    with transaction.atomic():
        period_for_update(run.month)
        run = PayoutRun.objects.get(pk=run.pk)
        if run.status != Status.APPROVED:
            raise PayoutError(
                _("Only an approved run can be locked; %(month)s is %(status)s.")
                % {"month": run.period, "status": run.get_status_display()}
            )
        if not policy.may_lock_run_approved_by(by, run_approvers(run)):
            raise FourEyesRefused(
                _(
                    "You approved statements of %(month)s, so you cannot lock it too: another "
                    "person (HR or an admin) must lock it (four eyes)."
                )
                % {"month": run.period}
            )
        period = lock_month(run.month, by=by)
        run.status = Status.LOCKED
        run.locked_at = period.locked_at
        run.locked_by = by
        run.save(update_fields=["status", "locked_at", "locked_by", "updated_at"])
        _lock_scorecards(run.month)
        audit.record(
            actor=by,
            action="payout_run.locked",
            obj=run,
            before={"status": Status.APPROVED},
            after={"status": run.status, "period_locked": True, "locked_by": by.username},
        )
    return run


def _lock_scorecards(month: date) -> None:
    """Mark the month's scorecards locked (the kpi app's own service)."""
    from kpi.scorecards import lock_scorecards

    lock_scorecards(month=month)


def _whole_rupiah(amount) -> Decimal:
    try:
        value = Decimal(str(amount).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"amount": _("Enter an amount in whole Rupiah.")}) from exc
    if not value.is_finite() or value != value.to_integral_value():
        raise ValidationError({"amount": _("Enter an amount in whole Rupiah.")})
    if value == 0:
        raise ValidationError({"amount": _("An adjustment of zero changes nothing.")})
    if abs(value) >= Decimal(10) ** 15:
        raise ValidationError({"amount": _("This amount is too large.")})
    return value.quantize(Decimal(1))


def add_adjustment(
    *,
    salesman: Salesman,
    amount: Decimal | int | str,
    reason: str,
    by: User,
    month: date | None = None,
    run: PayoutRun | None = None,
) -> Adjustment:
    """A correction for `salesman`, paid in the first open (draft) run from `month` (or the
    given run's month) on: a locked or approved month's run never changes, so a correction for
    it lands in the next month's draft, created when there is none yet."""
    if not policy.may_adjust_payouts(by):
        raise PermissionDenied(_("Only a manager, HR or an admin can add an adjustment."))
    if not salesmen_visible_to(by).filter(pk=salesman.pk).exists():
        raise PermissionDenied(_("This salesman is outside your scope."))
    if month is None and run is None:
        raise ValueError("add_adjustment needs a month or a run")
    amount = _whole_rupiah(amount)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the amount is adjusted.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    wanted = _check_month(run.month if run is not None else month)
    with transaction.atomic():
        target = first_open_run(wanted)
        adjustment = Adjustment.objects.create(
            run=target,
            salesman=salesman,
            amount=amount,
            reason=reason,
            for_month=wanted if wanted != target.month else None,
            created_by=by,
        )
        statement = target.statements.filter(salesman=salesman).first()
        if statement is None:
            _statement_for(target, salesman).save()
        elif statement.approved_at is not None:
            _withdraw_approval(statement, by=by)
        position = target.lines.filter(salesman=salesman).count()
        adjustment_line(adjustment, position=position).save()
        audit.record(
            actor=by,
            action="payout_run.adjusted",
            obj=target,
            after={
                "salesman": salesman.code,
                "amount": str(amount),
                "reason": reason,
                "corrects": format_month(wanted),
            },
        )
    return adjustment


def _withdraw_approval(statement: PayoutStatement, *, by: User) -> None:
    """An adjustment changes the amount that was approved: the statement waits again."""
    approved_by = statement.approved_by.username if statement.approved_by else None
    statement.approved_at = None
    statement.approved_by = None
    statement.save(update_fields=["approved_at", "approved_by"])
    audit.record(
        actor=by,
        action="payout_statement.approval_withdrawn",
        obj=statement,
        before={"approved_by": approved_by},
        after={"salesman": statement.salesman.code, "approved_by": None},
        note="adjustment",
    )
