"""Never a negative payment: a statement whose lines total below zero (a clawback larger than the
month's pay, a negative adjustment) gets a `carry_forward` line bringing it to 0, and the same
amount, negated, opens the person's next open run (docs/contracts.md "Returns, late data and
prior-period corrections"). The opening line is an `Adjustment` with `carried_from`, so it
survives a re-close of the next run like any adjustment; closing the first run again replaces
it."""

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from incentives.models import Adjustment, LineType, PayoutLine, PayoutRun, RunStatus


def negative_balances(run: PayoutRun) -> list[dict]:
    """The statements of `run` whose lines total below zero: `{"salesman_id", "total",
    "last"}` (the last line's position), after an earlier close's carried balances are gone.
    `incentives.payouts.services.close_period` writes the lines."""
    earlier = Adjustment.objects.filter(carried_from=run.month, run__status=RunStatus.DRAFT)
    PayoutLine.objects.filter(adjustment__in=earlier).delete()
    earlier.delete()
    return list(
        run.lines.values("salesman_id")
        .annotate(total=Sum("amount"), last=Max("position"))
        .filter(total__lt=0)
        .order_by("salesman_id")
    )


def closing_line(run: PayoutRun, row: dict, next_month: str) -> PayoutLine:
    """The line that brings a negative statement of `run` to zero."""
    detail = {"balance": str(row["total"]), "to": next_month}
    label, explanation = line_text(detail)
    return PayoutLine(
        run=run,
        salesman_id=row["salesman_id"],
        position=row["last"] + 1,
        rule_code=LineType.CARRY_FORWARD,
        label=label,
        type=LineType.CARRY_FORWARD,
        amount=-row["total"],
        explanation=explanation,
        detail=detail,
    )


def opening_balance(target: PayoutRun, row: dict, month: str, carried_from) -> Adjustment:
    """The balance carried into the next open run, kept as an adjustment so that it survives a
    re-close of that run."""
    return Adjustment.objects.create(
        run=target,
        salesman_id=row["salesman_id"],
        amount=row["total"],
        reason=line_text({"from": month})[0],
        carried_from=carried_from,
    )


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
