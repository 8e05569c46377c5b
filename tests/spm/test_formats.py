"""One format per language (spm/formats): Rupiah, numbers, months, days, moments, and the number
fields of the forms (spm/fields.py)."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from spm import formats as fmt
from spm.fields import LocalizedDecimalField, LocalizedIntegerField
from spm.money import format_decimal, format_rupiah

MOMENT = datetime(2026, 12, 3, 8, 46, tzinfo=ZoneInfo("UTC"))  # 15:46 in Jakarta


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["Rp 3.400.000", "106,87", "2,5", "Juni 2026", "3 Des 2026", "3 Des 2026 15:46"]),
        ("en", ["Rp 3,400,000", "106.87", "2.5", "June 2026", "3 Dec 2026", "3 Dec 2026 15:46"]),
    ],
)
def test_one_format_per_language(language, expected):
    with translation.override(language):
        assert [
            fmt.rupiah(D("3399999.5")),  # half up
            fmt.number(D("106.865")),  # half up, not half even
            fmt.plain(D("2.5000")),
            fmt.month_label(date(2026, 6, 1)),
            fmt.day_label(date(2026, 12, 3)),
            fmt.moment_label(MOMENT),
        ] == expected


def test_the_pure_formatters_keep_the_indonesian_default_and_take_separators():
    assert format_rupiah(D("3400000")) == "Rp 3.400.000"
    assert format_rupiah(D("-250000"), thousands=",") == "-Rp 250,000"
    assert format_decimal(D("1234.565")) == "1.234,57"
    assert format_decimal(D("1234.565"), thousands=",", decimal=".") == "1,234.57"


@pytest.mark.parametrize(
    ("language", "html"),
    [
        ("id", "Rp 2.000.000 · 1.234,50 · 0,4 · Desember 2026 · 3 Des 2026"),
        ("en", "Rp 2,000,000 · 1,234.50 · 0.4 · December 2026 · 3 Dec 2026"),
    ],
)
def test_templates_use_the_languages_formats(language, html):
    template = Template(
        "{% load spm_format %}{{ amount|rupiah }} · {{ value|number:2 }} · {{ okr|plain_number }}"
        ' · {{ day|date:"YEAR_MONTH_FORMAT" }} · {{ day|date:"DATE_FORMAT" }}'
    )
    context = Context(
        {"amount": 2_000_000, "value": D("1234.5"), "okr": D("0.40"), "day": date(2026, 12, 3)}
    )
    with translation.override(language):
        assert template.render(context) == html


class Numbers(forms.Form):
    weight = LocalizedDecimalField(max_digits=5, decimal_places=2, required=False)
    amount = LocalizedIntegerField(required=False)


@pytest.mark.parametrize(
    ("language", "data", "cleaned"),
    [
        ("id", {"weight": "33,5", "amount": "-1.250.000"}, (D("33.5"), -1_250_000)),
        ("en", {"weight": "33.5", "amount": "-1,250,000"}, (D("33.5"), -1_250_000)),
        ("id", {"weight": "", "amount": ""}, (None, None)),
    ],
)
def test_number_fields_read_the_page_language(language, data, cleaned):
    with translation.override(language):
        form = Numbers(data)
        assert form.is_valid(), form.errors
        assert (form.cleaned_data["weight"], form.cleaned_data["amount"]) == cleaned


@pytest.mark.parametrize(
    ("language", "data", "errors"),
    [
        (
            "id",
            {"weight": "1,000.5", "amount": "1.5"},
            {
                "weight": ["Ketik 1.000,5 (titik di antara ribuan, koma sebelum desimal)."],
                "amount": ["Ketik 1,5 (titik di antara ribuan, koma sebelum desimal)."],
            },
        ),
        (
            "en",
            {"weight": "banyak", "amount": "1.5"},
            {
                "weight": [
                    "Enter a number, e.g. 1,000,000 or 1.5 (commas between thousands, a point "
                    "before the decimals)."
                ],
                "amount": [
                    "Ensure that there are no more than 0 decimal places.",
                ],
            },
        ),
    ],
)
def test_number_fields_say_how_to_type_the_number(language, data, errors):
    # Indonesian page: English notation is re-written the Indonesian way; English page: a
    # word gets the example, one and a half where a whole number is wanted its decimals.
    with translation.override(language):
        form = Numbers(data)
        assert not form.is_valid()
        assert form.errors == errors


def test_number_fields_show_their_value_the_languages_way():
    with translation.override("id"):
        html = str(Numbers(initial={"weight": D("33.50"), "amount": 2_000_000})["weight"])
        assert 'value="33,5"' in html and 'inputmode="decimal"' in html and 'type="text"' in html
    with translation.override("en"):
        assert 'value="2000000"' in str(Numbers(initial={"amount": 2_000_000})["amount"])
