"""Disputes on a statement or one of its lines (docs/contracts.md "Disputes"): raise, comment,
resolve. One function per use case, called alike by the pages and the API.

A salesman (or his supervisor for him) raises a dispute on a month's statement, optionally on
one rule's line; managers, HR and admins resolve it: accepted with an amount (an adjustment in
the person's first open run from the disputed month, its reason naming the dispute) or rejected
with a reason. Every step is in the audit trail and mailed to the people concerned
(`incentives.disputes.notify`, on commit).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.disputes import notify
from incentives.disputes.models import Dispute, DisputeComment, DisputeStatus
from incentives.models import PayoutLine, PayoutStatement
from incentives.payouts.services import PayoutError, add_adjustment
from org import audit, policy
from org.models import Salesman, User
from org.visibility import disputes_visible_to, salesmen_visible_to
from spm.months import format_month

MAX_MESSAGE = 2000


class DisputeClosed(PayoutError):
    """The dispute is already resolved: it is resolved once (409 in the API)."""


def _message(text: str, field: str = "message") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Write a message.")})
    if len(text) > MAX_MESSAGE:
        raise ValidationError({field: _("Keep it under %(n)s characters.") % {"n": MAX_MESSAGE}})
    return text


def _state(dispute: Dispute) -> dict:
    return {
        "salesman": dispute.salesman.code,
        "period": dispute.period,
        "rule": dispute.rule_code,
        "status": dispute.status,
    }


def raise_dispute(
    *, salesman: Salesman, month: date, rule_code: str = "", message: str, by: User
) -> Dispute:
    """Question `salesman`'s statement of `month` (or its line of `rule_code`). Refused for
    someone `by` may not raise disputes for (PermissionDenied; pages and the API answer 404
    before, as the salesman is outside his scope), a month without a statement (`period`), a
    rule that is not on the statement (`rule`), an empty message, or a second open dispute on
    the same line."""
    if not policy.may_raise_disputes(by):
        raise PermissionDenied(_("Only the salesman or his supervisor can raise a dispute."))
    if not salesmen_visible_to(by).filter(pk=salesman.pk).exists():
        raise PermissionDenied(_("This salesman is outside your scope."))
    rule_code = (rule_code or "").strip()
    message = _message(message)
    statement = (
        PayoutStatement.objects.filter(salesman=salesman, run__month=month)
        .select_related("run")
        .first()
    )
    if statement is None:
        raise ValidationError(
            {
                "period": _("%(code)s has no statement for %(month)s.")
                % {"code": salesman.code, "month": format_month(month)}
            }
        )
    label, amount = "", None
    if rule_code:
        lines = PayoutLine.objects.filter(run=statement.run, salesman=salesman, rule_code=rule_code)
        first = lines.order_by("position", "id").first()
        if first is None:
            raise ValidationError(
                {
                    "rule": _("The statement of %(month)s has no line %(rule)s.")
                    % {"month": format_month(month), "rule": rule_code}
                }
            )
        label = first.label
        amount = lines.aggregate(total=Sum("amount"))["total"]
    with transaction.atomic():
        # One open dispute per line: a second tap or a second person adds a comment instead.
        Salesman.objects.select_for_update().filter(pk=salesman.pk).first()
        existing = Dispute.objects.filter(
            salesman=salesman, month=month, rule_code=rule_code, status=DisputeStatus.OPEN
        ).first()
        if existing is not None:
            raise ValidationError(
                {
                    "rule" if rule_code else "period": _(
                        "Dispute #%(id)s on this line is still open: add a comment to it."
                    )
                    % {"id": existing.pk}
                }
            )
        dispute = Dispute.objects.create(
            salesman=salesman,
            month=month,
            rule_code=rule_code,
            line_label=label[:200],
            line_amount=amount,
            message=message,
            raised_by=by,
        )
        audit.record(
            actor=by,
            action="dispute.raised",
            obj=dispute,
            after={**_state(dispute), "message": message},
        )
        transaction.on_commit(lambda: notify.raised(dispute.pk))
    return dispute


def comment_on_dispute(*, dispute: Dispute, message: str, by: User) -> DisputeComment:
    """A comment by anyone who sees the dispute (the caller made sure: 404 otherwise)."""
    if not disputes_visible_to(by).filter(pk=dispute.pk).exists():
        raise PermissionDenied(_("This dispute is outside your scope."))
    message = _message(message)
    with transaction.atomic():
        comment = DisputeComment.objects.create(dispute=dispute, author=by, message=message)
        audit.record(
            actor=by,
            action="dispute.commented",
            obj=dispute,
            after={**_state(dispute), "comment": message},
        )
        transaction.on_commit(lambda: notify.commented(comment.pk))
    return comment


def _amount(value) -> Decimal:
    if value is None or str(value).strip() == "":
        raise ValidationError({"amount": _("An accepted dispute needs an amount (whole Rupiah).")})
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError as exc:
        raise ValidationError({"amount": _("Enter an amount in whole Rupiah.")}) from exc
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValidationError({"amount": _("Enter an amount in whole Rupiah.")})
    if amount == 0:
        raise ValidationError(
            {"amount": _("An amount of zero changes nothing: reject the dispute instead.")}
        )
    return amount.quantize(Decimal(1))


def resolve_dispute(
    *,
    dispute: Dispute,
    decision: str,
    by: User,
    amount: Decimal | int | str | None = None,
    note: str = "",
) -> Dispute:
    """Accept (`amount` required, may be negative: an adjustment line in the person's first
    open run from the disputed month, its reason naming the dispute) or reject (`note`, the
    reason, required). A dispute is resolved once (`DisputeClosed`)."""
    if not policy.may_resolve_disputes(by):
        raise PermissionDenied(_("Only a manager, HR or an admin can resolve a dispute."))
    if not disputes_visible_to(by).filter(pk=dispute.pk).exists():
        raise PermissionDenied(_("This dispute is outside your scope."))
    if decision not in (DisputeStatus.ACCEPTED, DisputeStatus.REJECTED):
        raise ValidationError({"decision": _("Choose accepted or rejected.")})
    note = (note or "").strip()
    if decision == DisputeStatus.ACCEPTED:
        amount = _amount(amount)
    else:
        amount = None
        if not note:
            raise ValidationError({"note": _("Say why the dispute is rejected.")})
    if len(note) > MAX_MESSAGE:
        raise ValidationError({"note": _("Keep it under %(n)s characters.") % {"n": MAX_MESSAGE}})
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().select_related("salesman").get(pk=dispute.pk)
        if not dispute.is_open:
            raise DisputeClosed(
                _("Dispute #%(id)s is already %(status)s.")
                % {"id": dispute.pk, "status": dispute.get_status_display().lower()}
            )
        if decision == DisputeStatus.ACCEPTED:
            reason = _("Dispute #%(id)s (%(month)s%(rule)s)") % {
                "id": dispute.pk,
                "month": dispute.period,
                "rule": f", {dispute.rule_code}" if dispute.rule_code else "",
            }
            if note:
                reason = f"{reason}: {note}"
            dispute.adjustment = add_adjustment(
                salesman=dispute.salesman,
                amount=amount,
                reason=reason[:300],
                by=by,
                month=dispute.month,
            )
        dispute.status = decision
        dispute.amount = amount
        dispute.resolution_note = note
        dispute.resolved_by = by
        dispute.resolved_at = timezone.now()
        dispute.save()
        audit.record(
            actor=by,
            action=f"dispute.{decision}",
            obj=dispute,
            before={"status": DisputeStatus.OPEN},
            after={
                **_state(dispute),
                "amount": None if amount is None else str(amount),
                "note": note,
                "adjustment_run": dispute.adjustment.run.period if dispute.adjustment else None,
            },
        )
        transaction.on_commit(lambda: notify.resolved(dispute.pk))
    return dispute
