"""Celery tasks of the KPIs: thin wrappers around the services (acked late, idempotent)."""

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from spm.months import current_month, format_month, parse_month

from . import live
from .scorecards import refresh_current_month

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def refresh_current_month_scorecards() -> int:
    """This month's draft scorecards alone (a locked month is left alone). The nightly job is
    `refresh_month_task`, which recomputes them with the metrics, pace and projections."""
    return refresh_current_month()


def _everyone_key(month) -> str:
    return f"kpi-refresh-everyone:{month:%Y-%m}"


@shared_task(acks_late=True)
def refresh_month_task(
    month: str | None = None, as_of: str | None = None, salesman_ids: list[int] | None = None
) -> dict | None:
    """The month in progress (`kpi.live.refresh_month`): MTD metrics, draft scorecards, pace
    scores and projections. Nightly (beat, everyone) and after each import that touches the
    current month (`salesman_ids`: the people the import touched, None: everyone). `month`
    YYYY-MM (default: the current month), `as_of` YYYY-MM-DD (default: the last day with data).
    An import that found this refresh already queued asks it to take everyone."""
    target = parse_month(month) if month else current_month()
    if salesman_ids is not None and cache.get(_everyone_key(target)):
        salesman_ids = None
    cache.delete(_everyone_key(target))
    done = live.refresh_month(
        month=target,
        as_of=date.fromisoformat(as_of) if as_of else None,
        salesman_ids=salesman_ids,
    )
    if done is None:
        return None
    return {
        "month": format_month(done.month),
        "as_of": done.as_of.isoformat(),
        "pace_scores": done.pace_scores,
    }


def refresh_after_import(
    sender=None, *, months=(), salesman_ids=None, outlet_ids=None, **kwargs
) -> None:
    """`outlets.imports.signals.field_data_imported` receiver: an import that touched the
    current month queues its refresh once the current transaction commits (the signal is sent
    after the import's commit, so at once; in-process when Celery is eager). A broker that
    cannot be reached leaves it to the nightly refresh: the import itself stands.

    On a worker the refresh starts `LIVE_REFRESH_DEBOUNCE_SECONDS` (10) after the import, and
    imports in between queue nothing more: their rows are committed before it starts, so one
    refresh covers a burst of small imports (the cache key lives as long as the countdown).

    An import that names its salesmen (`salesman_ids`, `outlet_ids`: orders, visits, audits)
    queues the refresh of the people it touched (`kpi.live.people_touched`); one that finds a
    refresh already queued marks it to take everyone, since that one names other people."""
    month = current_month()
    if month not in set(months):
        return
    eager = refresh_month_task.app.conf.task_always_eager
    delay = 0 if eager else getattr(settings, "LIVE_REFRESH_DEBOUNCE_SECONDS", 10)
    if delay and not cache.add(f"kpi-refresh-queued:{month:%Y-%m}", 1, timeout=delay):
        cache.set(_everyone_key(month), 1, timeout=delay + 3600)
        return
    people = None
    if salesman_ids is not None:
        people = live.people_touched(month=month, salesman_ids=salesman_ids, outlet_ids=outlet_ids)

    def queue() -> None:
        try:
            refresh_month_task.apply_async(
                args=[format_month(month)],
                kwargs={} if people is None else {"salesman_ids": people},
                countdown=delay or None,
            )
        except BrokerError:
            live.logger.warning("refresh of %s not queued: the broker cannot be reached", month)

    transaction.on_commit(queue)


@shared_task(acks_late=True)
def warm_overview_pareto(
    month: str,
    user_id: int | None = None,
    team: int | None = None,
    channel: str | None = None,
    territory: int | None = None,
    queued: str | None = None,
) -> bool:
    """Compute and cache the team overview's Paretos (outlets and SKUs) of `month` (YYYY-MM)
    for a scope: the whole company (no `user_id`: queued after a close), or what the user
    `user_id` sees with these filters (queued by the page for a scope too large to compute
    inline; `queued`: the marker that stops it being queued again, cleared when done).
    Idempotent: a scope already cached is left alone. Whether it computed."""
    from org.models import User

    from .overview import Filters, everyone_scope, user_scope, warm_paretos

    target = parse_month(month)
    try:
        if user_id is None:
            return warm_paretos(everyone_scope(target))
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return False
        filters = Filters(month=target, team=team, channel=channel, territory=territory)
        return warm_paretos(user_scope(user, filters))
    finally:
        if queued:
            cache.delete(queued)


def _queue_pareto(args: list, kwargs: dict, queued: str | None = None) -> None:
    # Queued at once, not on commit: the task reads committed rows only and what queues it
    # writes none. With Celery eager it runs here.
    try:
        warm_overview_pareto.apply_async(args=args, kwargs=kwargs)
    except BrokerError:
        if queued:
            cache.delete(queued)  # the next visit queues it again
        logger.warning("the overview's Pareto of %s not queued: no broker reached", args[0])


def queue_overview_pareto(*, user, filters, queued: str) -> None:
    """The overview page found the Pareto of a large scope not cached: compute it on a worker
    (the page says it is on its way; a broker that cannot be reached leaves it so, and the next
    visit queues it again)."""
    kwargs = {
        "user_id": user.pk,
        "team": filters.team,
        "channel": filters.channel,
        "territory": filters.territory,
        "queued": queued,
    }
    _queue_pareto([format_month(filters.month)], kwargs, queued)


def queue_everyone_pareto(*, month: date) -> None:
    """After a close: warm the month's Pareto of everyone (HR's and the admins' overview with
    no filter), the most expensive one, before anyone asks."""
    _queue_pareto([format_month(month)], {})
