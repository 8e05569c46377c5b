"""Numbers typed the page language's way in the incentives and OKR forms (spm/fields.py):
adjustments, plan rule tiers, check-ins and key results."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django import forms
from django.utils import translation

from incentives.payouts.forms import AdjustmentForm
from incentives.plans.forms import PlanHeaderForm, TierForm, _clean_amounts
from okr.forms import CheckInForm
from spm.fields import LocalizedIntegerField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "typed", "amount"),
    [("id", "-1.250.000", -1_250_000), ("en", "250,000", 250_000), ("id", "250000", 250_000)],
)
def test_an_adjustment_amount_is_read_the_page_languages_way(world, language, typed, amount):
    with translation.override(language):
        form = AdjustmentForm(
            {"salesman": "A1", "amount": typed, "reason": "Bonus"},
            salesmen=type(world.andi).objects.all(),
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == amount


def test_an_adjustment_in_english_notation_on_an_indonesian_page_says_how_to_type_it(world):
    with translation.override("id"):
        form = AdjustmentForm(
            {"salesman": "A1", "amount": "250,000.5", "reason": "Bonus"},
            salesmen=type(world.andi).objects.all(),
        )
        assert form.errors["amount"] == [
            "Ketik 250.000,5 (titik di antara ribuan, koma sebelum desimal)."
        ]


@pytest.mark.parametrize(
    ("language", "data", "tier"),
    [
        (
            "id",
            {"from_": "1.000,5", "amount": "2.000.000"},
            {"from": D("1000.5"), "amount": 2000000},
        ),
        (
            "en",
            {"from_": "1,000.5", "amount": "2,000,000"},
            {"from": D("1000.5"), "amount": 2000000},
        ),
    ],
)
def test_a_tier_is_read_the_page_languages_way(language, data, tier):
    class AmountTier(TierForm):
        amount = LocalizedIntegerField(label="amount", min_value=0)

    with translation.override(language):
        form = AmountTier(data)
        assert form.is_valid(), form.errors
        assert form.tier() == tier


@pytest.mark.parametrize(("language", "typed"), [("id", "1.234,5"), ("en", "1,234.5")])
def test_a_check_in_value_is_read_the_page_languages_way(language, typed):
    manual = SimpleNamespace(is_metric=False, unit="")
    with translation.override(language):
        form = CheckInForm(
            {"date": "2026-03-15", "value": typed, "confidence": "7", "note": ""},
            key_result=manual,
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["value"] == D("1234.5")


def test_a_stored_check_in_value_is_shown_the_page_languages_way():
    manual = SimpleNamespace(is_metric=False, unit="")
    for language, shown in (("id", 'value="1234,5"'), ("en", 'value="1234.5"')):
        with translation.override(language):
            form = CheckInForm(initial={"value": D("1234.5000")}, key_result=manual)
            assert shown in str(form["value"])


class RankAmounts(forms.Form):
    amounts = forms.CharField()
    clean_amounts = _clean_amounts("amounts")


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("id", "1.000.000; 500.000"),
        ("id", "1.000.000, 500.000"),
        ("id", "1000000,500000"),
        ("id", "1.000.000\n500.000"),
        ("en", "1,000,000; 500,000"),
        ("en", "1,000,000, 500,000"),
        ("en", "1000000\n500000"),
    ],
)
def test_ranking_amounts_are_read_the_page_languages_way(language, typed):
    with translation.override(language):
        form = RankAmounts({"amounts": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["amounts"] == [1_000_000, 500_000]


def test_ranking_amounts_refuse_decimals_and_say_how_to_type_a_number():
    with translation.override("en"):
        form = RankAmounts({"amounts": "1,000,000; 2.5"})
        assert form.errors["amounts"] == ["2.5 is not a whole amount in Rupiah."]
        form = RankAmounts({"amounts": "1.000.000"})
        assert form.errors["amounts"][0].startswith("1.000.000 is not a whole amount in Rupiah.")


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("id", "1: 1,0\n2: 1,1"),
        ("id", "1: 1; 2: 1,1"),
        ("id", "1: 1,0, 2: 1,1"),
        ("en", "1: 1.0\n2: 1.1"),
        ("en", "1: 1.0, 2: 1.1"),
    ],
)
def test_level_multipliers_are_read_the_page_languages_way(language, typed):
    with translation.override(language):
        form = PlanHeaderForm({"level_multipliers": typed})
        form.is_valid()
        assert "level_multipliers" not in form.errors
        assert form.cleaned_data["level_multipliers"] == {"1": D("1"), "2": D("1.1")}


def test_a_level_multiplier_in_the_other_notation_names_the_line_and_an_example():
    with translation.override("id"):
        form = PlanHeaderForm({"level_multipliers": "1: 1,0\n2: 1.1"})
        form.is_valid()
        assert form.errors["level_multipliers"] == ["Baris 2: tulis level: pengali, mis. 2: 1,1"]
