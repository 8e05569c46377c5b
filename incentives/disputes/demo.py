"""The demo's dispute: Andi questions a line of his worked month (a locked month), left open
for the managers and HR to answer in the queue. Idempotent: once Andi has a dispute, nothing."""

from incentives.disputes.models import Dispute
from incentives.disputes.services import raise_dispute
from incentives.models import PayoutLine
from org.models import Salesman

MESSAGE = "Kunjungan saya tanggal 14 dan 15 belum tercatat; mohon dicek lagi."


def seed(calendar, *, out) -> None:
    andi = Salesman.objects.select_related("user").filter(code="andi").first()
    if andi is None or andi.user is None or Dispute.objects.filter(salesman=andi).exists():
        return
    month = calendar.worked_month
    rules = set(
        PayoutLine.objects.filter(run__month=month, salesman=andi).values_list(
            "rule_code", flat=True
        )
    )
    rule = next((code for code in ("visits", "rev-step") if code in rules), None)
    if rule is None:
        return
    dispute = raise_dispute(
        salesman=andi, month=month, rule_code=rule, message=MESSAGE, by=andi.user
    )
    out.write(f"  dispute #{dispute.pk}: andi, {dispute.period} {rule}, open\n")
