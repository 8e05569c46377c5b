"""Rupiah arithmetic: whole Rupiah, rounded half up, never float. No Django imports."""

from decimal import ROUND_HALF_UP, Decimal

ONE = Decimal(1)


def db_decimal(value) -> Decimal | None:
    """A number as a database cursor returns it (PostgreSQL: a Decimal; SQLite: an int, or a
    float for a non-integral sum) as a Decimal, by its text; None stays None."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def round_rupiah(amount: Decimal | int) -> Decimal:
    """Round to whole Rupiah, half up (Python's default context would round half even)."""
    return Decimal(amount).quantize(ONE, rounding=ROUND_HALF_UP)


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_rupiah(amount: Decimal | int | None, *, thousands: str = ".") -> str:
    """`Rp 3.400.000`: whole Rupiah, half up, `thousands` between the thousands (a dot, as
    Indonesians write it; `spm.formats.rupiah` passes the page language's separator)."""
    if amount is None:
        return "–"
    whole = round_rupiah(amount)
    sign = "-" if whole < 0 else ""
    digits = f"{abs(int(whole)):,}".replace(",", thousands)
    return f"{sign}Rp {digits}"


def format_decimal(
    value: Decimal | int | None, places: int = 2, *, thousands: str = ".", decimal: str = ","
) -> str:
    """A number rounded half up to `places`, in Indonesian notation by default (`1.234,57`);
    `spm.formats.number` passes the page language's separators."""
    if value is None:
        return "–"
    rounded = round_half_up(Decimal(value), places)
    text = f"{abs(rounded):,.{places}f}"
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return f"-{text}" if rounded < 0 else text
