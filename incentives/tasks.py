"""Celery tasks: thin wrappers around incentives.payouts.services (idempotent, acked late), and
`request_close`, which queues the close for the pages and the API. The tasks import the
services, never the other way round."""

from datetime import date

from celery import shared_task
from django.db import transaction

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


def request_close(*, month: date) -> None:
    """Queue the month's close on the worker once the current transaction commits."""
    if not isinstance(month, date) or month.day != 1:
        raise ValueError("month must be the first day of a month")
    month_text = format_month(month)
    transaction.on_commit(lambda: close_period_task.delay(month_text))
