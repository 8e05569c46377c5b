"""Celery tasks: thin wrappers around incentives.payouts.services (idempotent, acked late)."""

from celery import shared_task

from incentives.payouts import services
from spm.months import add_months, current_month, format_month, parse_month


@shared_task(acks_late=True)
def close_period_task(month: str) -> int:
    """Close `month` (YYYY-MM); running it twice gives the same draft run."""
    return services.close_period(month=parse_month(month)).pk


@shared_task(acks_late=True)
def close_previous_month_task() -> int:
    """Beat entry (1st of each month, 02:00 Asia/Jakarta): close the month just ended."""
    return close_period_task(format_month(add_months(current_month(), -1)))
