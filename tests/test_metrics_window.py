"""Metrics for any date window, the month-to-date snapshot and the catalogue's readers.

The field data is the hand-built June 2026 of tests/outlets/test_metrics.py (its docstring lists
every row); every value below is computed by hand from it.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from outlets.metrics import (
    METRICS,
    compute_month_metrics,
    growth_windows,
    is_ratio,
    lower_is_better,
    metric_label,
    metric_values,
    snapshot_as_of,
    window_metric_values,
)
from tests.outlets.test_metrics import field  # noqa: F401 (the fixture)

JUNE = date(2026, 6, 1)
D = Decimal


def d(month, day, year=2026):
    return date(year, month, day)


@pytest.mark.django_db
def test_a_whole_month_window_gives_the_stored_month(field):  # noqa: F811
    compute_month_metrics(month=JUNE)
    stored = metric_values(month=JUNE)
    window = window_metric_values(start=JUNE, end=d(6, 30))
    assert set(window) == set(stored)
    for salesman_id, values in stored.items():
        assert window[salesman_id] == values


@pytest.mark.django_db
def test_month_to_date_is_stored_with_its_as_of(field):  # noqa: F811
    compute_month_metrics(month=JUNE, as_of=d(6, 15))
    assert snapshot_as_of(JUNE) == d(6, 15)
    andi = metric_values(month=JUNE)[field.andi.pk]
    # ORD1 06-01 o1 (100.000 + 50.000), ORD2 06-15 o1 (200.000)
    assert andi["revenue"] == D(350000)
    assert andi["orders"] == D(2)
    assert andi["active_outlets"] == D(1)
    # visits 06-01 o1 o2 o3, 06-15 o1: productive o1 06-01 and o1 06-15
    assert andi["visits"] == D(4)
    assert andi["field_days"] == D(2)
    assert andi["productive_calls"] == D(2)
    assert andi["hit_rate"] == D(50)
    assert andi["distribution_points"] == D(2)
    assert andi["repeat_order_ratio"] == D(100)
    assert andi["new_outlets"] == D(1)  # O6 06-01; O5 (06-30) not yet
    assert andi["lines_per_call"] == D("1.5")  # 3 lines / 2 calls
    assert andi["outlet_coverage"] == D("12.5")  # 1 of 8 assigned outlets
    # growth against May 1–15 (nothing) and June 1–15 2025 (ORD6 400.000)
    assert andi["revenue_growth_mom"] is None
    assert andi["revenue_growth_yoy"] == D("-12.5")
    # the same figures as the window read on the fly
    assert window_metric_values(start=JUNE, end=d(6, 15), salesman_ids=[field.andi.pk]) == {
        field.andi.pk: andi
    }


@pytest.mark.django_db
def test_a_closed_month_is_stored_as_of_its_last_day(field):  # noqa: F811
    compute_month_metrics(month=JUNE)
    assert snapshot_as_of(JUNE) == d(6, 30)
    assert snapshot_as_of(d(5, 1)) is None


@pytest.mark.django_db
def test_a_week_across_the_month_boundary(field):  # noqa: F811
    values = window_metric_values(start=d(6, 29), end=d(7, 5), salesman_ids=[field.andi.pk])
    andi = values[field.andi.pk]
    # ORD3 06-30 o2 100.000 and ORD4 07-01 o2 999.999
    assert andi["revenue"] == D(1099999)
    assert andi["orders"] == D(2)
    assert andi["active_outlets"] == D(1)
    assert andi["repeat_order_ratio"] == D(100)
    # visits 06-30 o2 and 07-01 o2, both with an order there that day
    assert andi["visits"] == D(2)
    assert andi["field_days"] == D(2)
    assert andi["productive_calls"] == D(2)
    assert andi["new_outlets"] == D(2)  # O5 06-30, O8 07-01
    # the week before (06-22 … 06-28) and the same week of 2025 have no revenue
    assert andi["revenue_growth_mom"] is None
    assert andi["revenue_growth_yoy"] is None
    assert set(values) == {field.andi.pk}


@pytest.mark.django_db
def test_a_window_longer_than_a_month(field):  # noqa: F811
    andi = window_metric_values(start=d(5, 1), end=d(7, 31), salesman_ids=[field.andi.pk])[
        field.andi.pk
    ]
    # ORD1 150.000, ORD2 200.000, ORD3 100.000, ORD4 999.999, ORD5 300.000
    assert andi["revenue"] == D(1749999)
    assert andi["orders"] == D(5)
    assert andi["active_outlets"] == D(3)
    assert andi["visits"] == D(8)
    assert andi["field_days"] == D(6)  # 05-31, 06-01, 06-15, 06-16, 06-30, 07-01
    # productive: 06-01 o1, 06-15 o1, 06-30 o2, 07-01 o2 (05-31's visit is at o1, ORD5 at o3)
    assert andi["productive_calls"] == D(4)
    assert andi["hit_rate"] == D(50)


@pytest.mark.django_db
def test_an_mt_window_counts_new_product_listings_from_its_first_day(field):  # noqa: F811
    # k2/n1 (D3 06-10) and k2/n2 (D5 06-20) are new from 06-10 on; k1/n2 (D2 06-05) is before
    dewi = window_metric_values(start=d(6, 10), end=d(6, 30), salesman_ids=[field.dewi.pk])
    assert dewi[field.dewi.pk]["new_product_listings"] == D(1)  # one outlet: k2
    assert dewi[field.dewi.pk]["revenue"] == D(3000 + 500 + 700 + 800)


def test_growth_windows():
    # a whole month: the whole previous month, the same month last year
    assert growth_windows(d(3, 1), d(3, 31)) == (
        (d(2, 1), d(2, 28)),
        (d(3, 1, 2025), d(3, 31, 2025)),
    )
    assert growth_windows(d(4, 1), d(4, 30))[0] == (d(3, 1), d(3, 31))
    # the month to date: the same days, cut at a shorter month's end
    assert growth_windows(d(3, 1), d(3, 30)) == (
        (d(2, 1), d(2, 28)),
        (d(3, 1, 2025), d(3, 30, 2025)),
    )
    # a leap February compares with last year's whole February
    assert growth_windows(date(2028, 2, 1), date(2028, 2, 29))[1] == (
        date(2027, 2, 1),
        date(2027, 2, 28),
    )
    # any other window: the window of equal length before it, the same dates a year earlier
    assert growth_windows(d(6, 29), d(7, 5)) == (
        (d(6, 22), d(6, 28)),
        (d(6, 29, 2025), d(7, 5, 2025)),
    )


def test_ratio_direction_and_labels():
    additive = {
        "revenue",
        "orders",
        "new_outlets",
        "visits",
        "field_days",
        "productive_calls",
        "active_outlets",
        "distribution_points",
        "new_product_listings",
    }
    assert {code for code in METRICS if not is_ratio(code)} == additive
    assert all(METRICS[code].additive for code in additive)
    assert is_ratio("lines_per_call") and is_ratio("outlet_coverage")
    assert not is_ratio("revenue@focus") and not is_ratio("outlets@focus")
    assert is_ratio("numeric_distribution@focus")
    assert {code for code in METRICS if lower_is_better(code)} == {"oos_rate"}
    assert not lower_is_better("revenue@focus")
    with translation.override("id"):
        assert metric_label("productive_calls") == "Kunjungan produktif (EC)"
        assert metric_label("lines_per_call") == "Baris order per kunjungan produktif (LPC)"
    with translation.override("en"):
        assert metric_label("active_outlets") == "Active outlets (AO)"
        assert metric_label("new_outlets") == "New outlets (NOO)"
        assert metric_label("revenue") == "Revenue"
