"""Celery tasks: thin wrappers around incentives.payouts.services (idempotent, acked late), and
`request_close`, which queues the close for the pages and the API. The tasks import the
services, never the other way round."""

from datetime import date

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from incentives.payouts import services
from spm.months import add_months, current_month, format_month, parse_month


@shared_task(acks_late=True)
def close_period_task(month: str) -> int:
    """Close `month` (YYYY-MM); running it twice gives the same draft run. Once the close has
    committed, the month's Pareto of everyone is warmed for the team overview (kpi.tasks)."""
    from kpi.tasks import queue_everyone_pareto

    target = parse_month(month)
    run = services.close_period(month=target)
    transaction.on_commit(lambda: queue_everyone_pareto(month=target))
    return run.pk


@shared_task(acks_late=True)
def close_previous_month_task() -> int:
    """Beat entry (1st of each month, 02:00 Asia/Jakarta): close the month just ended."""
    return close_period_task(format_month(add_months(current_month(), -1)))


def request_close(*, month: date) -> None:
    """Queue the month's close on the worker once the current transaction commits, after
    `services.check_closable`. Raises `services.QueueUnavailable` when the broker cannot be
    reached (outside a transaction the task is queued at once, so the caller hears it)."""
    if not isinstance(month, date) or month.day != 1:
        raise ValueError("month must be the first day of a month")
    services.check_closable(month=month)
    month_text = format_month(month)

    def queue() -> None:
        try:
            close_period_task.delay(month_text)
        except BrokerError as exc:
            raise services.QueueUnavailable(
                _("The task queue cannot be reached: %(month)s was not queued. Try again later.")
                % {"month": month_text}
            ) from exc

    transaction.on_commit(queue)
