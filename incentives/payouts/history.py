"""A payout run's history, as its page shows it: the run's audit entries (the one history of
every transition, written by `incentives.payouts.services` through `org.audit.record`) that the
reader may see (`org.visibility.audit_entries_visible_to`): the run's own transitions, and only
the adjustments of his own people."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from incentives.models import PayoutRun
from org.models import User
from org.visibility import audit_entries_visible_to
from spm.formats import rupiah

ACTIONS = {
    "payout_run.closed": _("Closed"),
    "payout_run.recomputed": _("Recomputed"),
    "payout_run.approved": _("Approved"),
    "payout_run.locked": _("Locked"),
    "payout_run.adjusted": _("Adjustment added"),
}


@dataclass(frozen=True)
class RunHistoryRow:
    at: datetime
    action: str
    by: User | None
    note: str


def _adjustment_note(after: dict | None) -> str:
    """`B1 Rp 424.242: reason` from what `add_adjustment` recorded."""
    after = after or {}
    try:
        amount = rupiah(Decimal(after.get("amount", "")))
    except (InvalidOperation, TypeError):
        amount = after.get("amount", "")
    return f"{after.get('salesman', '')} {amount}: {after.get('reason', '')}"


def run_history(user: User, run: PayoutRun) -> list[RunHistoryRow]:
    """The entries about `run` that `user` may see, oldest first."""
    entries = audit_entries_visible_to(user).filter(
        object_type=PayoutRun._meta.label_lower, object_id=str(run.pk)
    )
    return [
        RunHistoryRow(
            at=entry.at,
            action=str(ACTIONS.get(entry.action, entry.action)),
            by=entry.actor,
            note=_adjustment_note(entry.after) if entry.action == "payout_run.adjusted" else "",
        )
        for entry in entries.order_by("at", "id")
    ]
