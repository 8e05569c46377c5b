"""The company's working-day calendar: Indonesia's public holidays plus `CompanyDayOff`
(docs/contracts.md "Working days"). The rules are `spm.workdays`'; this module reads the company
days off from the database and offers the month helpers the other apps call.

`company_calendar(2026)`, `company_calendar(date(2026, 9, 1))` or `company_calendar([months or
years])` → `spm.workdays.DaysOff` for those years (one query).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from django.utils.translation import get_language

from spm import workdays
from spm.months import month_end

from .models import CompanyDayOff


def _years(year_or_months) -> set[int]:
    if isinstance(year_or_months, int):
        return {year_or_months}
    if isinstance(year_or_months, date):
        return {year_or_months.year}
    years = set()
    for item in year_or_months:
        years |= _years(item)
    return years


def _holiday_language() -> str:
    return "en_US" if (get_language() or "id").startswith("en") else "id"


@lru_cache(maxsize=64)
def _public(year: int, language: str) -> tuple[tuple[date, str], ...]:
    return tuple(sorted(workdays.public_holidays([year], language=language).items()))


def public_holidays(year_or_months) -> dict[date, str]:
    """Indonesia's public holidays of those years, named in the reader's language."""
    language = _holiday_language()
    result: dict[date, str] = {}
    for year in sorted(_years(year_or_months)):
        result.update(_public(year, language))
    return result


def company_calendar(year_or_months: int | date | Iterable) -> workdays.DaysOff:
    """The days off of those years: public holidays plus the company's own entries."""
    years = _years(year_or_months)
    company = CompanyDayOff.objects.filter(date__year__in=sorted(years)).values_list(
        "date", "name", "working"
    )
    return workdays.build_days_off(public=public_holidays(years), company=company)


def working_days(month: date, days_off: workdays.DaysOff | None = None) -> int:
    """The month's working days (Monday–Saturday minus holidays)."""
    return workdays.working_days(month, days_off or company_calendar(month))


def working_days_elapsed(month: date, as_of: date, days_off: workdays.DaysOff | None = None) -> int:
    """The month's working days up to and including `as_of` (0 before it, all after it)."""
    return workdays.working_days_elapsed(month, as_of, days_off or company_calendar(month))


def active_working_days(
    month: date,
    start: date | None,
    end: date | None,
    days_off: workdays.DaysOff | None = None,
) -> int:
    """The month's working days between `start` and `end` (both included; None = open): a
    joiner's or leaver's share of the month for `"proration": "working_days"`."""
    first = month.replace(day=1)
    last = month_end(first)
    start = max(first, start) if start is not None else first
    end = min(last, end) if end is not None else last
    return workdays.count_working_days(start, end, days_off or company_calendar(month))
