"""The home page panel: the signed-in person's scorecard of this month (or the latest one, named
by its month). A month in progress that has been refreshed is on the salesman's month so far
(incentives/my_month.py, the panel after this one) with its pace, so this panel steps aside."""

from org.policy import own_profile, sees_only_own
from spm.months import current_month

from .live_models import PaceScore
from .models import Scorecard
from .selectors import scorecards_with_rows


def panel(request):
    if not sees_only_own(request.user):
        return None
    person = own_profile(request.user)
    if person is None:
        return None
    this_month = current_month()
    if PaceScore.objects.filter(salesman=person, month=this_month).exists():
        return None
    cards = scorecards_with_rows(
        Scorecard.objects.filter(salesman=person, month__lte=this_month).select_related("salesman")
    )
    card = cards.order_by("-month").first()
    if card is None:
        return None
    return (
        "kpi/_panel.html",
        {"card": card, "rows": list(card.rows.all()), "is_current": card.month == this_month},
    )
