"""Never a negative payment: a statement whose lines total below zero (a clawback larger than the
month's pay, a negative adjustment) gets a `carry_forward` line bringing it to 0, and the same
amount, negated, opens the person's next open run (docs/contracts.md "Returns, late data and
prior-period corrections"). The opening line is an `Adjustment` with `carried_from`, so it
survives a re-close of the next run like any adjustment; closing the first run again replaces
it."""

from decimal import Decimal

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from incentives.models import Adjustment, LineType, PayoutLine, PayoutRun, RunStatus
from org.models import Salesman
from spm.months import add_months, format_month

ZERO = Decimal(0)


def carry_negative_balances(run: PayoutRun) -> int:
    """Bring every negative statement of `run` (a draft being closed) to zero and open the
    balance in each person's next open run. Returns how many statements were carried. Runs in
    the close's transaction."""
    from incentives.payouts.services import adjustment_line, first_open_run, statement_for

    # What an earlier close of this run carried forward is computed again below.
    earlier = Adjustment.objects.filter(carried_from=run.month, run__status=RunStatus.DRAFT)
    PayoutLine.objects.filter(adjustment__in=earlier).delete()
    earlier.delete()
    negative = list(
        run.lines.values("salesman_id")
        .annotate(total=Sum("amount"), last=Max("position"))
        .filter(total__lt=0)
        .order_by("salesman_id")
    )
    if not negative:
        return 0
    target = first_open_run(add_months(run.month, 1))
    people = Salesman.objects.in_bulk([row["salesman_id"] for row in negative])
    month, next_month = format_month(run.month), format_month(target.month)
    for row in negative:
        salesman = people[row["salesman_id"]]
        balance = row["total"]
        detail = {"balance": str(balance), "to": next_month}
        label, explanation = line_text(detail)
        PayoutLine.objects.create(
            run=run,
            salesman=salesman,
            position=row["last"] + 1,
            rule_code=LineType.CARRY_FORWARD,
            label=label,
            type=LineType.CARRY_FORWARD,
            amount=-balance,
            explanation=explanation,
            detail=detail,
        )
        adjustment = Adjustment.objects.create(
            run=target,
            salesman=salesman,
            amount=balance,
            reason=line_text({"from": month})[0],
            carried_from=run.month,
        )
        statement_for(target, salesman, by=None)
        position = target.lines.filter(salesman=salesman).count()
        adjustment_line(adjustment, position=position).save()
    return len(negative)


def line_text(detail: dict) -> tuple[str, str]:
    """(label, explanation) of a carry_forward line in the active language: the line that
    brings a negative statement to zero (`to`), or the one that opens the next (`from`)."""
    if "from" in detail:
        month = detail["from"]
        return (
            _("Negative balance carried from %(month)s") % {"month": month},
            _("The statement of %(month)s totalled below zero; its balance opens this one.")
            % {"month": month},
        )
    month = detail.get("to", "")
    return (
        _("Carried forward to %(month)s") % {"month": month},
        _(
            "The statement totals below zero: nothing is taken from the pay; the balance "
            "opens the statement of %(month)s."
        )
        % {"month": month},
    )
