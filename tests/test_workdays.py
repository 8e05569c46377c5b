"""Working days (docs/contracts.md "Working days"): Monday–Saturday minus Indonesia's public
holidays and the company's days off; a company entry marked working turns a holiday back into a
working day. The pure rules first, then the calendar read from the database."""

from datetime import date

import pytest

from spm import workdays
from spm.workdays import build_days_off, working_dates, working_days, working_days_elapsed

AUGUST = date(2026, 8, 1)  # 26 Mondays–Saturdays; 17 Aug (Mon) and 25 Aug (Tue) are holidays
PUBLIC_2026 = workdays.public_holidays([2026])


def test_september_2026_has_26_working_days():
    days_off = build_days_off(public=PUBLIC_2026)
    assert working_days(date(2026, 9, 1), days_off) == 26
    assert working_days(date(2026, 9, 17), days_off) == 26  # any day names its month


def test_without_holidays_a_month_is_its_mondays_to_saturdays():
    assert working_days(AUGUST) == 26  # 31 days minus 5 Sundays


def test_public_holidays_of_indonesia_come_from_the_holidays_package():
    assert date(2026, 8, 17) in PUBLIC_2026  # Independence Day
    assert date(2026, 8, 25) in PUBLIC_2026  # the Prophet's birthday
    assert working_days(AUGUST, build_days_off(public=PUBLIC_2026)) == 24


def test_a_holiday_on_a_sunday_is_not_counted_twice():
    # March 2026: 26 Mondays–Saturdays; 19 (Thu) and 21 (Sat) are holidays, 22 is a Sunday.
    assert date(2026, 3, 22) in PUBLIC_2026
    assert working_days(date(2026, 3, 1), build_days_off(public=PUBLIC_2026)) == 24


def test_a_company_day_off_and_a_holiday_turned_working():
    cuti = build_days_off(public=PUBLIC_2026, company=[(date(2026, 8, 18), "Cuti bersama", False)])
    assert working_days(AUGUST, cuti) == 23
    worked = build_days_off(
        public=PUBLIC_2026,
        company=[(date(2026, 8, 18), "Cuti bersama", False), (date(2026, 8, 25), "Kerja", True)],
    )
    assert working_days(AUGUST, worked) == 24
    assert worked.is_working_day(date(2026, 8, 25))
    assert worked.holiday_name(date(2026, 8, 25)) is None
    assert worked.holiday_name(date(2026, 8, 18)) == "Cuti bersama"


def test_a_sunday_stays_a_day_off_even_when_listed_as_working():
    days_off = build_days_off(public={}, company=[(date(2026, 8, 2), "Sunday", True)])
    assert not days_off.is_working_day(date(2026, 8, 2))


def test_working_days_elapsed_counts_up_to_and_including_as_of():
    days_off = build_days_off(public=PUBLIC_2026, company=[(date(2026, 8, 18), "Cuti", False)])
    assert working_days_elapsed(AUGUST, date(2026, 7, 31), days_off) == 0  # before the month
    assert working_days_elapsed(AUGUST, date(2026, 8, 1), days_off) == 1  # a Saturday
    assert working_days_elapsed(AUGUST, date(2026, 8, 2), days_off) == 1  # Sunday adds nothing
    # 1, 3–8, 10–15 = 13; the 17th is a holiday, the 18th a company day off.
    assert working_days_elapsed(AUGUST, date(2026, 8, 18), days_off) == 13
    assert working_days_elapsed(AUGUST, date(2026, 8, 31), days_off) == 23
    assert working_days_elapsed(AUGUST, date(2026, 12, 3), days_off) == 23  # after: all
    assert workdays.working_days_left(AUGUST, date(2026, 8, 18), days_off) == 10


def test_working_dates_lists_the_days_of_a_window():
    days_off = build_days_off(public=PUBLIC_2026)
    assert list(working_dates(date(2026, 8, 15), date(2026, 8, 19), days_off)) == [
        date(2026, 8, 15),
        date(2026, 8, 18),
        date(2026, 8, 19),
    ]
    assert list(working_dates(date(2026, 8, 19), date(2026, 8, 18), days_off)) == []


# --- the company calendar (org.calendar) ----------------------------------------------------


@pytest.mark.django_db
def test_company_calendar_reads_the_company_days_off():
    from org import calendar
    from org.models import CompanyDayOff

    CompanyDayOff.objects.create(date=date(2026, 8, 18), name="Cuti bersama")
    CompanyDayOff.objects.create(date=date(2026, 8, 25), name="Masuk kerja", working=True)
    CompanyDayOff.objects.create(date=date(2025, 8, 19), name="Last year")
    days_off = calendar.company_calendar(AUGUST)
    assert days_off.holiday_name(date(2026, 8, 18)) == "Cuti bersama"
    assert days_off.is_working_day(date(2026, 8, 25))
    assert calendar.working_days(AUGUST) == 24  # 26 − 17th − 18th; the 25th worked
    assert calendar.working_days(date(2026, 9, 1)) == 26
    assert calendar.working_days_elapsed(AUGUST, date(2026, 8, 18)) == 13
    assert calendar.company_calendar(2025).holiday_name(date(2025, 8, 19)) == "Last year"
    assert calendar.company_calendar([date(2025, 8, 1), 2026]).holiday_name(date(2025, 8, 19)) == (
        "Last year"
    )


@pytest.mark.django_db
def test_active_working_days_of_a_joiner_and_a_leaver():
    from org import calendar

    september = date(2026, 9, 1)
    assert calendar.active_working_days(september, None, None) == 26
    # Joined on Wednesday 16 September: 16–19, 21–26, 28–30 = 13 of 26.
    assert calendar.active_working_days(september, date(2026, 9, 16), None) == 13
    # Left on Saturday 12 September: 1–5, 7–12 = 11.
    assert calendar.active_working_days(september, None, date(2026, 9, 12)) == 11
    assert calendar.active_working_days(september, date(2026, 10, 1), None) == 0
    assert calendar.active_working_days(september, date(2026, 8, 1), date(2026, 12, 1)) == 26
