"""The month field of the forms and filters (`spm.api_fields.MonthField` is its API twin), and
the number fields that read numbers typed in the page's language (`spm.numbers`).

A month is typed `YYYY-MM` (ASCII digits, month 01-12) and must lie between `MIN_MONTH` and
`MAX_MONTH`; it cleans to the month's first day. Every refusal carries the same message, in the
request's language (docs/contracts.md, "Months").
"""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spm.months import format_month
from spm.numbers import NumberTextError, parse_number, write_number

MIN_YEAR = 2000
MAX_YEAR = 2100
MIN_MONTH = date(MIN_YEAR, 1, 1)
MAX_MONTH = date(MAX_YEAR, 12, 1)
MONTH_PATTERN = r"^\d{4}-\d{2}$"
MONTH_EXAMPLE = "2026-10"
MONTH_ERROR = _("Enter a month as YYYY-MM (2000-01 to 2100-12), e.g. 2026-10.")

NUMBER_ERROR = _(
    "Enter a number, e.g. 1,000,000 or 1.5 (commas between thousands, a point before the decimals)."
)
NUMBER_SUGGESTION = _(
    "Type %(suggestion)s (commas between thousands, a point before the decimals)."
)


def number_hint(error: NumberTextError) -> str:
    """How to type the refused number in the page's language: the same number re-written when
    it was typed in the other language's notation (`1,000.5` on an Indonesian page → `1.000,5`),
    else an example."""
    if error.suggestion:
        return str(NUMBER_SUGGESTION) % {"suggestion": error.suggestion}
    return str(NUMBER_ERROR)


_MONTH_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})")


def month_from_text(text: object) -> date:
    """`"2026-10"` → date(2026, 10, 1). ValueError for anything else: another shape, month 00 or
    13, a year outside MIN_YEAR..MAX_YEAR, or a value that is not a string."""
    if not isinstance(text, str):
        raise ValueError("a month is a string YYYY-MM")
    match = _MONTH_TEXT.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a month in the form YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        raise ValueError(
            f"{text!r} is not a month between {format_month(MIN_MONTH)} "
            f"and {format_month(MAX_MONTH)}"
        )
    return date(year, month, 1)


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (an `<input type="month">`), cleaned to its first day; empty is
    None (when the field is not required)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {"month": MONTH_ERROR}

    def to_python(self, value):
        if isinstance(value, date):
            return value.replace(day=1)
        value = super().to_python(value)
        if not value:
            return None
        try:
            return month_from_text(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["month"], code="month") from None

    def prepare_value(self, value):
        if isinstance(value, date):
            return format_month(value)
        return value


class LocalizedDecimalField(forms.DecimalField):
    """A number typed in the page's language (`spm.numbers.parse_number`: `1.000.000` and `1,5`
    in Indonesian, `1,000,000` and `1.5` in English), shown back the same way. A text input with
    a decimal keyboard: a browser's number input refuses the Indonesian decimal comma. Without
    `max_digits`, at most 18 digits (the largest Rupiah amount the models hold)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs):
        if kwargs.get("max_digits") is None:
            kwargs["max_digits"] = 18 + (kwargs.get("decimal_places") or 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_number(str(value), get_language())
        except NumberTextError as exc:
            raise forms.ValidationError(number_hint(exc), code="invalid") from None

    def prepare_value(self, value):
        # A stored number (an initial value) is shown the page's way; typed text comes back as
        # it was typed.
        if isinstance(value, float):
            value = Decimal(str(value))
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return write_number(value, get_language(), grouped=False)
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return attrs


class LocalizedIntegerField(LocalizedDecimalField):
    """A whole number (e.g. whole Rupiah) typed in the page's language; cleans to an int."""

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 0)
        super().__init__(**kwargs)

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else int(number)


class SalesmanSearchInput(forms.TextInput):
    """A salesman's code typed, with suggestions as one types (static/js/salesman_search.js
    asks the salesmen API, scoped like every API list, and fills the page's
    `<datalist id="salesman-options">`). Used instead of a select of every salesman: a national
    sales force is thousands of options, and the page would read and render them all."""

    def __init__(self, attrs=None):
        defaults = {
            "list": "salesman-options",
            "autocomplete": "off",
            "data-salesman-search": "/api/v1/salesmen/",
        }
        super().__init__({**defaults, **(attrs or {})})
