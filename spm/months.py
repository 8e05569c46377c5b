"""Business months in Asia/Jakarta. A month is represented by the date of its first day."""

import calendar
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """`2026-06` → date(2026, 6, 1); ValueError with a readable message otherwise."""
    match = _MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month in the form YYYY-MM")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def format_month(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def local_date(moment: datetime) -> date:
    """The Jakarta calendar date of an aware datetime (an order at 23:30 WIB stays that day)."""
    return moment.astimezone(JAKARTA).date()


def current_month(today: date | None = None) -> date:
    return month_start(today or datetime.now(JAKARTA).date())
