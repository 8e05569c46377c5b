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
