from celery import shared_task

from . import metrics


@shared_task(acks_late=True)
def refresh_month_to_date() -> int | None:
    """Nightly: this month's metric snapshot so far (a locked month is left alone)."""
    return metrics.refresh_month_to_date()
