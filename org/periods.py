"""Whether a business month may still change."""

from datetime import date

from .models import Period


def is_month_locked(month: date) -> bool:
    """True once the month's payout run is locked: its data is then final."""
    return Period.objects.filter(month=month.replace(day=1), locked_at__isnull=False).exists()


def locked_months(months: set[date]) -> set[date]:
    """The subset of `months` (first days) that are locked, in one query."""
    if not months:
        return set()
    return set(
        Period.objects.filter(month__in=months, locked_at__isnull=False).values_list(
            "month", flat=True
        )
    )
