"""Working days (docs/contracts.md "Working days"): Monday to Saturday minus holidays.

Holidays are Indonesia's public holidays (the `holidays` package) plus the company's own days
off; a company entry marked working turns a listed public holiday back into a working day.
Pure Python (no Django): `org.calendar` builds the `DaysOff` from the database.

A month is the `date` of its first day (as in `spm.months`); any day of it is accepted.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

SUNDAY = 6  # date.weekday()


@dataclass(frozen=True)
class DaysOff:
    """The holidays a calendar knows: `holidays` {date: name} (public holidays and company days
    off) and `working` (dates worked even though a holiday falls on them)."""

    holidays: dict[date, str] = field(default_factory=dict)
    working: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day.weekday() == SUNDAY:
            return False
        return day in self.working or day not in self.holidays

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday that makes `day` a day off, or None."""
        if day in self.working:
            return None
        return self.holidays.get(day)


NO_DAYS_OFF = DaysOff()


def public_holidays(years: Iterable[int], language: str | None = None) -> dict[date, str]:
    """Indonesia's public holidays of `years` as {date: name} (`holidays.country_holidays`)."""
    import holidays as holidays_package  # a plain package: no Django behind it

    years = sorted(set(years))
    if not years:
        return {}
    found = holidays_package.country_holidays("ID", years=years, language=language)
    return dict(found.items())


def build_days_off(
    *,
    public: dict[date, str],
    company: Iterable[tuple[date, str, bool]] = (),
) -> DaysOff:
    """Public holidays plus company entries (date, name, working): a non-working entry adds a
    day off, a working one turns that date into a working day."""
    holidays = dict(public)
    working = set()
    for day, name, is_working in company:
        if is_working:
            working.add(day)
        else:
            holidays[day] = name
            working.discard(day)
    return DaysOff(holidays=holidays, working=frozenset(working))


def _first_and_last(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def working_dates(start: date, end: date, days_off: DaysOff = NO_DAYS_OFF) -> Iterator[date]:
    """The working days from `start` to `end`, both included (nothing when end < start)."""
    day = start
    one = timedelta(days=1)
    while day <= end:
        if days_off.is_working_day(day):
            yield day
        day += one


def count_working_days(start: date, end: date, days_off: DaysOff = NO_DAYS_OFF) -> int:
    return sum(1 for _day in working_dates(start, end, days_off))


def working_days(month: date, days_off: DaysOff = NO_DAYS_OFF) -> int:
    """The month's working days (September 2026 has 26)."""
    first, last = _first_and_last(month)
    return count_working_days(first, last, days_off)


def working_days_elapsed(month: date, as_of: date, days_off: DaysOff = NO_DAYS_OFF) -> int:
    """The month's working days up to and including `as_of`: 0 before the month, all of them
    after it."""
    first, last = _first_and_last(month)
    return count_working_days(first, min(as_of, last), days_off)


def working_days_left(month: date, as_of: date, days_off: DaysOff = NO_DAYS_OFF) -> int:
    """The month's working days after `as_of` (all of them before the month, 0 after it)."""
    return working_days(month, days_off) - working_days_elapsed(month, as_of, days_off)
