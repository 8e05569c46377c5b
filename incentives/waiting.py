"""The home page says what waits for a manager or HR: a payout run to approve (the statements of
his people not approved yet) or to lock (an approved run), with a link to it. Two queries."""

from django.db.models import Count, Q

from org import policy

from .models import PayoutRun, PayoutStatement, RunStatus


def waiting_for(user) -> list[dict]:
    """[{"run": PayoutRun, "action": "approve" | "lock" | "wait_approval", "count": n}], oldest
    month first."""
    found = []
    if policy.may_approve_runs(user):
        people = policy.approvable_salesmen(user).values("id")
        pending = (
            PayoutStatement.objects.filter(
                run__status=RunStatus.DRAFT, approved_at__isnull=True, salesman__in=people
            )
            .values("run")
            .annotate(n=Count("id"))
        )
        counts = {row["run"]: row["n"] for row in pending}
        for run in PayoutRun.objects.filter(pk__in=counts).order_by("month"):
            found.append({"run": run, "action": "approve", "count": counts[run.pk]})
    elif policy.may_lock_runs(user):
        runs = PayoutRun.objects.filter(
            Q(status=RunStatus.APPROVED) | Q(status=RunStatus.DRAFT)
        ).order_by("month")
        for run in runs:
            action = "lock" if run.status == RunStatus.APPROVED else "wait_approval"
            found.append({"run": run, "action": action, "count": None})
    return found


def panel(request):
    user = request.user
    if not (policy.may_approve_runs(user) or policy.may_lock_runs(user)):
        return None
    items = waiting_for(user)
    if not items:
        return None
    return "incentives/_waiting_panel.html", {"items": items}
