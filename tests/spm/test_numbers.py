"""Numbers as people type them (spm/numbers.py): one notation per language, the ambiguity rule,
and the re-written number offered when the other language's notation was typed."""

from decimal import Decimal as D

import pytest

from spm.numbers import NumberTextError, parse_number, write_number


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1.000.000", "id", D("1000000")),
        ("1,5", "id", D("1.5")),
        ("1.500", "id", D("1500")),  # a dot is always a thousands separator in Indonesian
        ("1.000,25", "id", D("1000.25")),
        ("-2,5", "id", D("-2.5")),
        ("1000000", "id", D("1000000")),  # separators are optional
        (" 250.000 ", "id", D("250000")),
        ("1,000,000", "en", D("1000000")),
        ("1.5", "en", D("1.5")),
        ("1.500", "en", D("1.5")),  # a point is always the decimal mark in English
        ("1,000.25", "en", D("1000.25")),
        ("1000000", "en", D("1000000")),
        ("1.000", "en-us", D("1")),
    ],
)
def test_numbers_are_read_the_languages_way(text, language, value):
    assert parse_number(text, language) == value


@pytest.mark.parametrize(
    ("text", "language", "suggestion"),
    [
        ("1,000.5", "id", "1.000,5"),  # English notation on an Indonesian page
        ("1.5", "id", "1,5"),  # a dot not grouping three digits
        ("1.000,5", "en", "1,000.5"),
        ("1,5", "en", "1.5"),
        ("2,50", "en", "2.5"),
        ("1.00.000", "id", None),  # groups of three or none
        ("12.34.567", "id", None),
        ("1e30", "id", None),
        ("Rp 5", "id", None),
        ("lots", "en", None),
        ("", "id", None),
        ("1 000", "id", None),
    ],
)
def test_anything_else_is_refused_with_the_number_written_the_languages_way(
    text, language, suggestion
):
    with pytest.raises(NumberTextError) as caught:
        parse_number(text, language)
    assert caught.value.suggestion == suggestion


@pytest.mark.parametrize(
    ("value", "language", "grouped", "text"),
    [
        (D("1000.25"), "id", True, "1.000,25"),
        (D("1000.25"), "en", True, "1,000.25"),
        (D("500000000.0000"), "id", True, "500.000.000"),
        (D("500000000.0000"), "id", False, "500000000"),
        (D("2.5000"), "id", True, "2,5"),
        (D("-1234567"), "en", True, "-1,234,567"),
        (D("1E+3"), "id", True, "1.000"),
        (0, "en", True, "0"),
    ],
)
def test_written_numbers_read_back(value, language, grouped, text):
    assert write_number(value, language, grouped=grouped) == text
    assert parse_number(text, language) == value
