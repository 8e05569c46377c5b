"""What a person reads, in the active language's one format (docs/formats.md, "Numbers and
dates"): Rupiah, numbers, months, days and moments. The separators and date styles are the
language's Django formats (this package's `id/formats.py` and `en/formats.py`, named by
FORMAT_MODULE_PATH); the arithmetic stays in the pure `spm.money` and `spm.numbers`.

Indonesian: `Rp 3.400.000`, `106,87`, `3 Des 2026`, `Desember 2026`.
English: `Rp 3,400,000`, `106.87`, `3 Dec 2026`, `December 2026`.
`YYYY-MM` stays where it is a contract (URLs, the API, files, form values): `spm.months`.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone

from spm.money import format_decimal, format_rupiah


def separators() -> tuple[str, str]:
    """(thousands, decimal) of the active language."""
    return formats.get_format("THOUSAND_SEPARATOR"), formats.get_format("DECIMAL_SEPARATOR")


def rupiah(amount: Decimal | int | str | None) -> str:
    """`Rp 3.400.000` (id) / `Rp 3,400,000` (en); whole Rupiah, half up; None → `–`."""
    if amount is None or amount == "":
        return "–"
    return format_rupiah(Decimal(str(amount)), thousands=separators()[0])


def number(value: Decimal | int | str | None, places: int = 2) -> str:
    """`1.234,57` (id) / `1,234.57` (en), rounded half up to `places`; None → `–`."""
    if value is None or value == "":
        return "–"
    thousands, decimal = separators()
    return format_decimal(Decimal(str(value)), places, thousands=thousands, decimal=decimal)


def plain(value: Decimal | int | str | None) -> str:
    """A number with exactly its significant decimals (`2,5`, `1.000`, `0,125` in id); for
    rule parameters and typed values that must read as they were given."""
    if value is None or value == "":
        return "–"
    value = Decimal(str(value))
    exponent = value.normalize().as_tuple().exponent
    return number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def month_label(month: date | None) -> str:
    """`Juni 2026` / `June 2026` (YEAR_MONTH_FORMAT)."""
    return formats.date_format(month, "YEAR_MONTH_FORMAT") if month else "–"


def day_label(day: date | None) -> str:
    """`3 Des 2026` / `3 Dec 2026` (DATE_FORMAT)."""
    return formats.date_format(day, "DATE_FORMAT") if day else "–"


def moment_label(moment: datetime | None) -> str:
    """`3 Des 2026 15:46` (DATETIME_FORMAT), in Jakarta time."""
    if moment is None:
        return "–"
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")
