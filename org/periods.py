"""The month lock: the one place that says whether a business month may still change.

A month is open until its payout run is locked (`lock_month`); from then on nothing dated in it
may change, through any door. Every writer of a month's data (imports, targets, actuals,
scorecards, metric snapshots, payout runs, OKR check-ins dated in it) calls `require_open(month)`
inside its transaction: that takes the month's `Period` row lock, so a writer and the lock run one
after the other, never interleaved, and raises `MonthLocked` when the month is locked.
Readers that only need to know (pages, the nightly refresh) call `is_month_locked` or
`locked_months`, which take no lock.

Two deliberate doors into a locked month, both recorded: late data (`record_late_change`, by
managers, HR and admins: the rows are kept and the month is restated, never rewritten), and the
restatement itself (`restating(month)`), which recomputes a locked month inside a savepoint that
is always rolled back, so the month's stored data never changes (incentives/corrections/).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spm.months import format_month

from .models import LateChange, Period

# The locked months being recomputed for a restatement, in this context only (see `restating`).
_restating: ContextVar[frozenset[date]] = ContextVar("restating", default=frozenset())


class MonthLocked(ValidationError):
    """The month is locked (its payout run is locked): nothing dated in it may change.

    A `ValidationError`, so forms, the API and imports show its message like any other refusal.
    """

    def __init__(self, month: date):
        self.month = month
        super().__init__(
            _("%(month)s is locked: its payout run is final and its data can no longer change."),
            code="month_locked",
            params={"month": format_month(month)},
        )

    def __str__(self) -> str:
        # The sentence itself (a plain ValidationError prints a list): commands, the API's
        # `detail` and page messages show `str(exc)`.
        return " ".join(self.messages)


def _first_day(month: date) -> date:
    if not isinstance(month, date):
        raise TypeError("month must be a date")
    return month.replace(day=1)


def period_for_update(month: date) -> Period:
    """The month's `Period` row, created if needed and locked until the transaction ends.

    Refuses to run outside a transaction: a row lock taken in autocommit mode would be released
    at once and protect nothing.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("period_for_update() must run inside transaction.atomic()")
    month = _first_day(month)
    Period.objects.get_or_create(month=month)
    return Period.objects.select_for_update().get(month=month)


def require_open(month: date) -> Period:
    """Take the month's row lock and raise `MonthLocked` if it is locked. Call it in the
    writer's transaction before changing anything dated in the month."""
    period = period_for_update(month)
    if period.is_locked and period.month not in _restating.get():
        raise MonthLocked(period.month)
    return period


@contextmanager
def restating(month: date) -> Iterator[None]:
    """Let the month's writers recompute a locked month, for a restatement only: the caller
    runs them inside a savepoint it rolls back (`incentives.corrections.restatement`), so
    nothing stored for the month changes. Anywhere else, never."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("restating() must run inside transaction.atomic()")
    token = _restating.set(_restating.get() | {_first_day(month)})
    try:
        yield
    finally:
        _restating.reset(token)


def is_restating(month: date) -> bool:
    """True inside `restating(month)`: a locked scorecard may then be recomputed (and rolled
    back)."""
    return _first_day(month) in _restating.get()


def record_late_change(
    *,
    month: date,
    kind: str,
    rows: int,
    by,
    source: str = "",
    salesman_ids=None,
    outlet_ids=None,
) -> LateChange:
    """Record that data for a locked month arrived late (who, when, what). The next close of an
    open month restates the month from it: only the people named when `salesman_ids` is given
    (the salesmen of the rows, and of the rows they replaced; `outlet_ids` the outlets of the
    rows), the whole month when None (rows that belong to no one salesman, e.g. outlets)."""
    return LateChange.objects.create(
        month=_first_day(month),
        kind=kind,
        rows=rows,
        by=by,
        source=source[:200],
        salesmen=None if salesman_ids is None else sorted({int(i) for i in salesman_ids}),
        outlets=None if salesman_ids is None else sorted({int(i) for i in outlet_ids or ()}),
    )


def late_changes_since(month: date, since) -> bool:
    """True when late data for `month` was recorded after `since` (None: ever)."""
    changes = LateChange.objects.filter(month=_first_day(month))
    if since is not None:
        changes = changes.filter(at__gt=since)
    return changes.exists()


def hold_months(months) -> set[date]:
    """Take the row locks of `months` in date order (a fixed order avoids deadlocks between two
    writers that touch the same months) and return the locked ones among them.

    For writers that refuse rows one by one rather than the whole write (imports): once this
    returns, no month among `months` can become locked before the transaction ends.
    """
    return {
        month
        for month in sorted({_first_day(m) for m in months})
        if period_for_update(month).is_locked
    }


def require_all_open(months) -> None:
    """`require_open` for several months: takes every row lock first, then raises `MonthLocked`
    for the earliest locked month."""
    locked = hold_months(months)
    if locked:
        raise MonthLocked(min(locked))


def lock_month(month: date, *, by) -> Period:
    """Lock the month for good (called by the payout run's lock, in its transaction)."""
    period = require_open(month)
    period.locked_at = timezone.now()
    period.locked_by = by
    period.save(update_fields=["locked_at", "locked_by"])
    return period


def is_month_locked(month: date) -> bool:
    """True once the month's payout run is locked: its data is then final. Takes no lock."""
    return Period.objects.filter(month=_first_day(month), locked_at__isnull=False).exists()


def locked_months(months=None) -> set[date]:
    """The locked months among `months` (first days), in one query; all locked months when
    `months` is None."""
    periods = Period.objects.filter(locked_at__isnull=False)
    if months is not None:
        months = {_first_day(m) for m in months}
        if not months:
            return set()
        periods = periods.filter(month__in=months)
    return set(periods.values_list("month", flat=True))
