from celery import shared_task

from .scorecards import refresh_current_month


@shared_task(acks_late=True)
def refresh_current_month_scorecards() -> int:
    """Nightly: recompute this month's draft scorecards (a locked month is left alone)."""
    return refresh_current_month()
