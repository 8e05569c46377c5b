"""Numbers typed the page language's way in the incentives and OKR forms (spm/fields.py):
adjustments, plan rule tiers, check-ins and key results."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.utils import translation

from incentives.payouts.forms import AdjustmentForm
from incentives.plans.forms import TierForm
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
