"""Numbers as a person types them, in the page's language. No Django imports.

One rule per language (docs/formats.md, "Numbers and dates"):

- Indonesian (`id`): a dot between thousands, a comma before the decimals: `1.000.000`,
  `1,5`, `1.000,25`. A dot is *always* a thousands separator, so `1.500` is one thousand five
  hundred; a comma is always the decimal mark, so `1,5` is one and a half.
- English (`en`): a comma between thousands, a point before the decimals: `1,000,000`, `1.5`,
  `1,000.25`; `1.500` is one and a half.

Thousands separators are optional (`1000000` is read in both), but where they are used they
must group the digits by three. Anything else (`1,000.5` in Indonesian, `1.000,5` in English,
`1.5` in Indonesian, `1e30`, `Rp`, spaces inside) is refused with a `NumberTextError` that
carries the text re-written the language's way when it is a number in the other notation.
"""

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Notation:
    thousands: str
    decimal: str


NOTATIONS = {"id": Notation(thousands=".", decimal=","), "en": Notation(thousands=",", decimal=".")}
DEFAULT_LANGUAGE = "id"


def language_code(language: str | None) -> str:
    """`id`, `en` (of `en`, `en-us`…); Indonesian for anything else."""
    code = (language or DEFAULT_LANGUAGE)[:2].lower()
    return code if code in NOTATIONS else DEFAULT_LANGUAGE


def notation(language: str | None) -> Notation:
    """The separators of a language."""
    return NOTATIONS[language_code(language)]


class NumberTextError(ValueError):
    """A typed text that is not a number in the language's notation. `suggestion` is the same
    number written the language's way when the text is a number in the other notation, else
    None."""

    def __init__(self, text: str, language: str, suggestion: str | None = None):
        super().__init__(f"{text!r} is not a number in {language!r} notation")
        self.text = text
        self.language = language
        self.suggestion = suggestion


def _pattern(sep: Notation) -> re.Pattern:
    t, d = re.escape(sep.thousands), re.escape(sep.decimal)
    return re.compile(
        rf"(?P<sign>[-+]?)(?P<whole>\d+|\d{{1,3}}(?:{t}\d{{3}})+)(?:{d}(?P<frac>\d+))?"
    )


_PATTERNS = {code: _pattern(sep) for code, sep in NOTATIONS.items()}


def _read(text: str, language: str) -> Decimal | None:
    match = _PATTERNS[language].fullmatch(text)
    if match is None:
        return None
    whole = match.group("whole").replace(NOTATIONS[language].thousands, "")
    frac = match.group("frac") or ""
    sign = "-" if match.group("sign") == "-" else ""
    return Decimal(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")


def parse_number(text: str, language: str | None) -> Decimal:
    """The number a person typed, read in `language`'s notation (see the module docstring):
    `parse_number("1.000,25", "id")` → Decimal("1000.25"). Surrounding spaces are ignored; an
    empty text is a `NumberTextError` too (the caller decides whether empty means "none")."""
    code = language_code(language)
    cleaned = text.strip().replace("\u2212", "-") if isinstance(text, str) else ""
    value = _read(cleaned, code)
    if value is not None:
        return value
    suggestion = None
    for other in NOTATIONS:
        if other != code and cleaned:
            elsewhere = _read(cleaned, other)
            if elsewhere is not None:
                suggestion = write_number(elsewhere, code)
    raise NumberTextError(text if isinstance(text, str) else repr(text), code, suggestion)


def write_number(value: Decimal | int, language: str | None, *, grouped: bool = True) -> str:
    """A number written the language's way with all its significant decimals (no rounding):
    Decimal("1000.25") → `1.000,25` (id) / `1,000.25` (en); trailing zeros dropped
    (`2.5000` → `2,5`). `grouped=False` leaves the thousands unseparated (an input's value)."""
    sep = notation(language)
    value = Decimal(value)
    text = format(value.normalize() if value != value.to_integral() else value.quantize(1), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", sep.thousands)
    return f"{sign}{whole}{sep.decimal}{frac}" if frac else f"{sign}{whole}"


# Items of a typed list (the ranking rule's amounts, the plan's level multipliers): separated by
# line breaks, semicolons, or a comma followed by a space. A comma with no space after it belongs
# to the number (the Indonesian decimal mark, the English thousands separator).
_LIST_SEPARATORS = re.compile(r"[;\n]|,\s+")


def split_list(text: str) -> list[str]:
    """The items of a typed list, trimmed, empty ones dropped: `"1.000.000; 500.000"` and
    `"1,000,000, 500,000"` → two items each."""
    return [item.strip() for item in _LIST_SEPARATORS.split(text or "") if item.strip()]
