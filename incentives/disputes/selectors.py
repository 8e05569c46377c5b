"""Reads of disputes that depend on who asks (scoped by org.visibility.disputes_visible_to)."""

from collections import defaultdict

from org.visibility import disputes_visible_to


def attach_disputes(user, view) -> list:
    """Give each line of a statement view (`incentives.payouts.selectors.StatementView`) its
    disputes (`line.disputes`, oldest first); return the disputes on the whole statement."""
    disputes = (
        disputes_visible_to(user)
        .filter(salesman=view.salesman, month=view.run.month)
        .select_related("adjustment__run")
        .order_by("raised_at", "id")
    )
    by_rule = defaultdict(list)
    for dispute in disputes:
        by_rule[dispute.rule_code].append(dispute)
    for line in view.lines:
        line.disputes = by_rule.get(line.rule_code, [])
    return by_rule.get("", [])


def dispute_summaries(user, salesman, month) -> list[dict]:
    """The disputes of one statement as the statement API shows them (oldest first)."""
    disputes = (
        disputes_visible_to(user)
        .filter(salesman=salesman, month=month)
        .select_related("adjustment__run")
        .order_by("raised_at", "id")
    )
    return [
        {
            "id": d.pk,
            "rule": d.rule_code,
            "status": d.status,
            "amount": None if d.amount is None else str(d.amount),
            "adjustment_period": d.adjustment.run.period if d.adjustment_id else None,
        }
        for d in disputes
    ]
