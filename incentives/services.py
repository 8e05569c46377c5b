"""Payout runs: the monthly close, approval, lock and adjustments.

One function per use case, called alike by the pages, the API, the commands and the Celery
tasks. Every writer of a month's run first takes the month's `org.Period` row lock
(`select_for_update`), and `PayoutRun.month` is unique: two closes of the same month started at
once end with one run (the second waits for the first, then recomputes the same draft).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from org import audit
from org.models import Period, Role, Salesman, User
from org.visibility import salesmen_visible_to
from spm.months import add_months, format_month

from .models import Adjustment, LineType, PayoutLine, PayoutRun, PayoutStatement, RunEvent
from .models import RunStatus as Status

# How far ahead add_adjustment looks for an open run before giving up (a safety bound only).
_MAX_MONTHS_AHEAD = 36


class PayoutError(Exception):
    """A payout action that the state of the month does not allow (locked month, run not open,
    wrong order of transitions). Pages and the API show its message; commands exit with it."""


def can_approve(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in {Role.MANAGER, Role.ADMIN})


def can_lock(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in {Role.HR, Role.ADMIN})


def can_adjust(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.role in {Role.MANAGER, Role.HR, Role.ADMIN}
    )


def can_see_runs(user: User) -> bool:
    """Run pages are for managers (their people's lines), HR and admin."""
    return can_adjust(user)


def _lock_period(month: date) -> Period:
    """The month's Period row, locked for the rest of the transaction: every writer of a
    month's payout run takes this lock first, so they run one after the other."""
    Period.objects.get_or_create(month=month)
    return Period.objects.select_for_update().get(month=month)


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


def close_period(*, month: date, by: User | None = None) -> PayoutRun:
    """Compute the month: metrics → scorecards → plans (+ OKR and ranking rules) → the month's
    one draft payout run, with one line per salesman per rule (+ cap lines) and the run's
    adjustments. Running it again replaces the draft's lines; it never makes a second run.

    Refused (PayoutError) when the month is locked or its run is already approved or locked.
    Everything happens in one transaction: a failure leaves the previous state untouched.
    """
    from .closing import evaluate_month

    month = _check_month(month)
    with transaction.atomic():
        period = _lock_period(month)
        if period.is_locked:
            raise PayoutError(
                _("%(month)s is locked: its payout run can no longer change.")
                % {"month": format_month(month)}
            )
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
        _store(run, result)
        run.computed_at = timezone.now()
        run.save(update_fields=["computed_at", "updated_at"])
        action = RunEvent.Action.CLOSED if first_close else RunEvent.Action.RECOMPUTED
        RunEvent.objects.create(run=run, action=action, by=by)
        audit.record(
            actor=by,
            action=f"payout_run.{action}",
            obj=run,
            before=before,
            after=_run_state(run),
        )
    return run


def _store(run: PayoutRun, result) -> None:
    """Write the evaluated statements and lines, then the run's adjustments as lines."""
    statements = {}
    for item in result.statements:
        statements[item.salesman.pk] = PayoutStatement(
            run=run,
            salesman=item.salesman,
            plan_code=item.plan_code,
            team_name=item.salesman.team.name if item.salesman.team else "",
            channel=item.salesman.channel,
            level=item.salesman.level,
            total_score=item.total_score,
        )
    rows = [
        {
            "run_id": run.pk,
            "salesman_id": line.salesman_id,
            "position": position,
            "plan_code": line.plan_code,
            "rule_code": line.rule_code,
            "label": line.label[:200],
            "type": line.type,
            "basis": line.basis,
            "kpi": line.kpi,
            "value": line.value,
            "reached": line.reached[:300],
            "multiplier": line.multiplier,
            "amount": line.amount,
            "reward": line.reward[:200],
            "explanation": line.explanation,
            "status": line.status,
            "detail": line.detail,
            "adjustment_id": None,
        }
        for position, line in enumerate(result.lines)
    ]
    adjustments = list(run.adjustments.select_related("salesman__team"))
    for adjustment in adjustments:
        if adjustment.salesman_id not in statements:
            statements[adjustment.salesman_id] = _statement_for(run, adjustment.salesman)
    PayoutStatement.objects.bulk_create(statements.values(), batch_size=2000)
    _insert_rows(PayoutLine, rows)
    PayoutLine.objects.bulk_create(
        [_adjustment_line(a, position=len(rows) + i) for i, a in enumerate(adjustments)]
    )


def _insert_rows(model, rows: list[dict]) -> None:
    """INSERT plain rows ({column: value}, every concrete column but the id) into `model`'s
    table. The same as `bulk_create` for the database, without building a model instance and
    preparing every field of every row in Python: the monthly close stores ~8,000 lines and
    `bulk_create` alone cost ≈ 0.5 s of it (bench/README.md). Only the fields that need it
    (decimals rounded to their places, JSON) go through the field's own preparation.
    """
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    prepared = [
        field for field in fields if field.get_internal_type() in ("DecimalField", "JSONField")
    ]
    values = []
    for row in rows:
        for field in prepared:
            row[field.column] = field.get_db_prep_save(row[field.column], connection)
        values.append(tuple(row[column] for column in columns))
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    # Table and column names come from the model's own metadata, never from input.
    insert = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(cursor.cursor, insert + "%s", values, page_size=2000)
        else:
            cursor.executemany(insert + "(" + ", ".join(["%s"] * len(columns)) + ")", values)


def _statement_for(run: PayoutRun, salesman: Salesman) -> PayoutStatement:
    return PayoutStatement(
        run=run,
        salesman=salesman,
        team_name=salesman.team.name if salesman.team else "",
        channel=salesman.channel,
        level=salesman.level,
    )


def _adjustment_line(adjustment: Adjustment, *, position: int) -> PayoutLine:
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
    """draft → approved, by a manager (or admin). The run must have been computed."""
    if not can_approve(by):
        raise PermissionDenied(_("Only a manager or an admin can approve a payout run."))
    with transaction.atomic():
        _lock_period(run.month)
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
        run.status = Status.APPROVED
        run.approved_at = timezone.now()
        run.approved_by = by
        run.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        RunEvent.objects.create(run=run, action=RunEvent.Action.APPROVED, by=by)
        audit.record(
            actor=by,
            action="payout_run.approved",
            obj=run,
            before={"status": Status.DRAFT},
            after={"status": run.status},
        )
    return run


def lock_run(*, run: PayoutRun, by: User) -> PayoutRun:
    """approved → locked, by HR (or admin). Locks the month itself (`Period.locked_at`): from
    then on its imports, targets, scorecards and this run never change."""
    if not can_lock(by):
        raise PermissionDenied(_("Only HR or an admin can lock a payout run."))
    with transaction.atomic():
        period = _lock_period(run.month)
        run = PayoutRun.objects.get(pk=run.pk)
        if run.status != Status.APPROVED:
            raise PayoutError(
                _("Only an approved run can be locked; %(month)s is %(status)s.")
                % {"month": run.period, "status": run.get_status_display()}
            )
        now = timezone.now()
        run.status = Status.LOCKED
        run.locked_at = now
        run.locked_by = by
        run.save(update_fields=["status", "locked_at", "locked_by", "updated_at"])
        period.locked_at = now
        period.locked_by = by
        period.save(update_fields=["locked_at", "locked_by"])
        _lock_scorecards(run.month)
        RunEvent.objects.create(run=run, action=RunEvent.Action.LOCKED, by=by)
        audit.record(
            actor=by,
            action="payout_run.locked",
            obj=run,
            before={"status": Status.APPROVED},
            after={"status": run.status, "period_locked": True},
        )
    return run


def _lock_scorecards(month: date) -> None:
    """Mark the month's scorecards locked (the kpi app's own service)."""
    from kpi.services import lock_scorecards

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
    if not can_adjust(by):
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
        target = None
        candidate = wanted
        for _step in range(_MAX_MONTHS_AHEAD):
            period = _lock_period(candidate)
            existing = PayoutRun.objects.filter(month=candidate).first()
            if not period.is_locked and (existing is None or existing.status == Status.DRAFT):
                target = existing or PayoutRun.objects.create(month=candidate)
                break
            candidate = add_months(candidate, 1)
        if target is None:
            raise PayoutError(_("No open payout run found for this adjustment."))
        adjustment = Adjustment.objects.create(
            run=target,
            salesman=salesman,
            amount=amount,
            reason=reason,
            for_month=wanted if wanted != target.month else None,
            created_by=by,
        )
        if not target.statements.filter(salesman=salesman).exists():
            _statement_for(target, salesman).save()
        position = target.lines.filter(salesman=salesman).count()
        _adjustment_line(adjustment, position=position).save()
        RunEvent.objects.create(
            run=target,
            action=RunEvent.Action.ADJUSTED,
            by=by,
            note=f"{salesman.code} {amount}: {reason}"[:300],
        )
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


def request_close(*, month: date) -> None:
    """Queue the month's close on the worker once the current transaction commits."""
    from .tasks import close_period_task

    month_text = format_month(_check_month(month))
    transaction.on_commit(lambda: close_period_task.delay(month_text))
