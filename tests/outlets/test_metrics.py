"""The metric catalogue on small hand-built data; every value below is computed by hand.

June 2026, team A (GT): andi, budi, cici; team B (MT): dewi.

andi   orders  ORD1 06-01 o1: p1 100.000 + p2 50.000      ORD2 06-15 o1: p1 200.000
               ORD3 06-30 o2: p3 100.000 (last day)       ORD4 07-01 o2 (July, left out)
               ORD5 05-31 o3: 300.000 (May)               ORD6 2025-06-10 o3: 400.000 (June 2025)
       visits  06-01 o1 o2 o3, 06-15 o1, 06-16 o4, 06-30 o2 (+ 05-31 and 07-01, left out)
       new     o5 acquired 06-30, o6 06-01 (o7 05-31 and o8 07-01 left out)
budi   one visit 06-01 at o1 (andi's order there is not his), one outlet acquired 06-20
cici   nothing at all
dewi   MT key accounts k1, k2; k3 MT but not a key account; n1, n2 new products
       D1 05-20 k1: n1 100 (May: k1/n1 listed before June)
       D2 06-05 k1: n1 1.000 + n2 2.000      D3 06-10 k2: n1 3.000     D4 06-12 k3: n1 500
       D5 06-20 k2: n2 700                   D6 06-25 k1: p1 800
       audits (planogram, osa, share of shelf): (90, 95, 30) (94, 97, 35.5) (91, 96.5, 20)
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from org.models import Channel, Period
from org.periods import MonthLocked
from outlets.metrics import (
    METRICS,
    compute_month_metrics,
    metric_totals,
    metric_values,
    team_metric_values,
    window_metric_values,
)
from outlets.models import MetricValue, TeamMetricValue
from spm.months import local_date
from tests.factories import SalesmanFactory
from tests.outlets.factories import (
    OrderLineFactory,
    OutletFactory,
    ProductFactory,
    ShelfAuditFactory,
    VisitFactory,
)

JUNE = date(2026, 6, 1)
D = Decimal


def d(month, day, year=2026):
    return date(year, month, day)


@pytest.fixture
def field(world):
    andi, budi, dewi = world.andi, world.budi, world.dewi
    cici = SalesmanFactory(code="A3", name="Cici", team=world.team_a)
    p1, p2, p3 = ProductFactory(sku="P1"), ProductFactory(sku="P2"), ProductFactory(sku="P3")
    o1, o2, o3, o4 = (OutletFactory(code=f"O{i}", salesman=andi) for i in range(1, 5))

    def line(order_no, day, outlet, product, amount, salesman=andi):
        OrderLineFactory(
            order_no=order_no,
            date=day,
            salesman=salesman,
            outlet=outlet,
            product=product,
            quantity=D(2),
            amount=D(amount),
        )

    line("ORD1", d(6, 1), o1, p1, 100000)
    line("ORD1", d(6, 1), o1, p2, 50000)
    line("ORD2", d(6, 15), o1, p1, 200000)
    line("ORD3", d(6, 30), o2, p3, 100000)
    line("ORD4", d(7, 1), o2, p1, 999999)
    line("ORD5", d(5, 31), o3, p1, 300000)
    line("ORD6", d(6, 10, 2025), o3, p2, 400000)

    for day, outlet in [
        (d(6, 1), o1),
        (d(6, 1), o2),
        (d(6, 1), o3),
        (d(6, 15), o1),
        (d(6, 16), o4),
        (d(6, 30), o2),
        (d(5, 31), o1),
        (d(7, 1), o2),
    ]:
        VisitFactory(date=day, salesman=andi, outlet=outlet)
    VisitFactory(date=d(6, 1), salesman=budi, outlet=o1)

    for code, day in [("O5", d(6, 30)), ("O6", d(6, 1)), ("O7", d(5, 31)), ("O8", d(7, 1))]:
        OutletFactory(code=code, salesman=andi, acquired_by=andi, acquired_on=day)
    OutletFactory(code="O9", salesman=budi, acquired_by=budi, acquired_on=d(6, 20))

    n1 = ProductFactory(sku="N1", new_product=True)
    n2 = ProductFactory(sku="N2", new_product=True)
    k1, k2 = (
        OutletFactory(
            code=c, channel=Channel.MT, type="supermarket", key_account=True, salesman=dewi
        )
        for c in ("K1", "K2")
    )
    k3 = OutletFactory(code="K3", channel=Channel.MT, type="minimarket", salesman=dewi)
    line("D1", d(5, 20), k1, n1, 100, dewi)
    line("D2", d(6, 5), k1, n1, 1000, dewi)
    line("D2", d(6, 5), k1, n2, 2000, dewi)
    line("D3", d(6, 10), k2, n1, 3000, dewi)
    line("D4", d(6, 12), k3, n1, 500, dewi)
    line("D5", d(6, 20), k2, n2, 700, dewi)
    line("D6", d(6, 25), k1, p1, 800, dewi)
    for day, planogram, osa, sos in [
        (d(6, 2), "90", "95", "30"),
        (d(6, 15), "94", "97", "35.5"),
        (d(6, 30), "91", "96.5", "20"),
        (d(7, 1), "10", "10", "10"),
    ]:
        ShelfAuditFactory(
            date=day,
            salesman=dewi,
            outlet=k1,
            planogram_compliance=D(planogram),
            osa=D(osa),
            share_of_shelf=D(sos),
        )
    world.cici = cici
    return world


ANDI_JUNE = {
    "revenue": D("450000"),
    "orders": D(3),
    "aov": D("150000"),
    "active_outlets": D(2),
    "new_outlets": D(2),
    "visits": D(6),
    "field_days": D(4),
    "visits_per_day": D("1.5"),
    "productive_calls": D(3),
    "hit_rate": D(50),
    "distribution_points": D(3),
    "sku_per_outlet": D("1.5"),
    "repeat_order_ratio": D(50),
    "revenue_growth_mom": D(50),
    "revenue_growth_yoy": D("12.5"),
    "new_product_listings": D(0),
    "planogram_compliance": None,
    "osa": None,
    "share_of_shelf": None,
    "oos_rate": None,
    "lines_per_call": D("1.3333"),  # 4 June lines / 3 productive calls
    "outlet_coverage": D(25),  # 2 active of the 8 outlets assigned to him (O1–O8)
}

DEWI_JUNE = {
    "revenue": D(8000),
    "orders": D(5),
    "aov": D(1600),
    "active_outlets": D(3),
    "new_outlets": D(0),
    "visits": D(0),
    "field_days": D(0),
    "visits_per_day": None,
    "productive_calls": D(0),
    "hit_rate": None,
    "distribution_points": D(6),
    "sku_per_outlet": D(2),
    "repeat_order_ratio": D("66.6667"),
    "revenue_growth_mom": D(7900),
    "revenue_growth_yoy": None,
    "new_product_listings": D(2),
    "planogram_compliance": D("91.6667"),
    "osa": D("96.1667"),
    "share_of_shelf": D("28.5"),
    "oos_rate": D("3.8333"),
    "lines_per_call": None,  # no productive call
    "outlet_coverage": D(100),  # K1, K2, K3 all active
}

NOTHING = {code: (None if METRICS[code].ratio else D(0)) for code in METRICS}


def test_the_catalogue_holds_every_metric_of_the_design():
    assert list(METRICS) == list(ANDI_JUNE)
    for metric in METRICS.values():
        assert metric.label_id and metric.label_en and metric.unit


@pytest.mark.django_db
def test_each_metric_of_a_gt_salesman(field):
    compute_month_metrics(month=JUNE)
    assert metric_values(month=JUNE)[field.andi.pk] == ANDI_JUNE


@pytest.mark.django_db
def test_each_metric_of_an_mt_salesman_with_audits_and_new_products(field):
    compute_month_metrics(month=JUNE)
    assert metric_values(month=JUNE)[field.dewi.pk] == DEWI_JUNE


@pytest.mark.django_db
def test_a_salesman_without_data_has_zero_counts_and_no_ratios(field):
    compute_month_metrics(month=JUNE)
    assert metric_values(month=JUNE)[field.cici.pk] == NOTHING


@pytest.mark.django_db
def test_a_visit_is_productive_only_with_the_same_salesmans_order(field):
    compute_month_metrics(month=JUNE)
    budi = metric_values(month=JUNE)[field.budi.pk]
    assert budi["visits"] == 1
    assert budi["productive_calls"] == 0
    assert budi["hit_rate"] == 0
    assert budi["visits_per_day"] == 1
    assert budi["new_outlets"] == 1
    assert budi["aov"] is None


@pytest.mark.django_db
def test_values_are_stored_with_four_decimals(field):
    compute_month_metrics(month=JUNE)
    row = MetricValue.objects.get(salesman=field.dewi, month=JUNE, metric="repeat_order_ratio")
    assert str(row.value) == "66.6667"


@pytest.mark.django_db
def test_an_order_at_2330_jakarta_on_the_last_day_belongs_to_that_month(world):
    outlet = OutletFactory(salesman=world.andi)
    # 23:30 WIB on 30 June is 16:30 UTC the same day; 00:30 WIB on 1 July is still 30 June in UTC.
    late_june = local_date(datetime(2026, 6, 30, 16, 30, tzinfo=UTC))
    early_july = local_date(datetime(2026, 6, 30, 17, 30, tzinfo=UTC))
    assert (late_june, early_july) == (d(6, 30), d(7, 1))
    OrderLineFactory(salesman=world.andi, outlet=outlet, date=late_june, amount=D(700))
    OrderLineFactory(salesman=world.andi, outlet=outlet, date=early_july, amount=D(900))
    compute_month_metrics(month=JUNE)
    compute_month_metrics(month=date(2026, 7, 1))
    assert metric_values(month=JUNE)[world.andi.pk]["revenue"] == 700
    assert metric_values(month=date(2026, 7, 1))[world.andi.pk]["revenue"] == 900


@pytest.mark.django_db
def test_growth_mom_and_yoy_across_a_year_boundary(world):
    outlet = OutletFactory(salesman=world.andi)
    for day, amount in [(d(12, 31, 2025), 800), (d(1, 1, 2025), 1000), (d(1, 31), 600)]:
        OrderLineFactory(salesman=world.andi, outlet=outlet, date=day, amount=D(amount))
    compute_month_metrics(month=date(2026, 1, 1))
    jan = metric_values(month=date(2026, 1, 1))[world.andi.pk]
    assert jan["revenue_growth_mom"] == D(-25)  # 600 / 800 − 1
    assert jan["revenue_growth_yoy"] == D(-40)  # 600 / 1000 − 1


@pytest.mark.django_db
def test_team_aggregates_sum_members_and_recompute_ratios(field):
    compute_month_metrics(month=JUNE)
    teams = team_metric_values(month=JUNE)
    team_a = teams[field.team_a.pk]
    assert team_a["revenue"] == 450000
    assert team_a["visits"] == 7
    assert team_a["field_days"] == 5
    assert team_a["visits_per_day"] == D("1.4")
    # 3 productive calls out of 7 visits, not the mean of andi's 50 and budi's 0
    assert team_a["hit_rate"] == D("42.8571")
    assert team_a["new_outlets"] == 3
    assert team_a["revenue_growth_mom"] == 50
    assert team_a["planogram_compliance"] is None
    assert teams[field.team_b.pk] == DEWI_JUNE


@pytest.mark.django_db
def test_recomputing_replaces_the_snapshot(field):
    compute_month_metrics(month=JUNE)
    OrderLineFactory(
        order_no="ORD9",
        salesman=field.andi,
        outlet=field.andi.outlets.get(code="O4"),
        date=d(6, 16),
        amount=D(50000),
    )
    assert compute_month_metrics(month=JUNE) == 4  # andi, budi, cici, dewi
    andi = metric_values(month=JUNE)[field.andi.pk]
    assert andi["revenue"] == 500000
    assert andi["productive_calls"] == 4
    assert MetricValue.objects.filter(month=JUNE).count() == 4 * len(METRICS)
    assert TeamMetricValue.objects.filter(month=JUNE).count() == 2 * len(METRICS)


@pytest.mark.django_db
def test_computing_some_salesmen_keeps_the_team_aggregate_whole(field):
    assert compute_month_metrics(month=JUNE, salesman_ids=[field.budi.pk]) == 1
    assert set(metric_values(month=JUNE)) == {field.budi.pk}
    assert team_metric_values(month=JUNE)[field.team_a.pk]["revenue"] == 450000
    assert field.team_b.pk not in team_metric_values(month=JUNE)


@pytest.mark.django_db
def test_a_locked_month_is_not_recomputed(field):
    compute_month_metrics(month=JUNE)
    # The computation took the month's lock, creating its Period row.
    Period.objects.filter(month=JUNE).update(locked_at=timezone.now())
    with pytest.raises(MonthLocked, match="2026-06 is locked"):
        compute_month_metrics(month=JUNE)
    assert metric_values(month=JUNE)[field.andi.pk]["revenue"] == 450000


@pytest.mark.django_db
def test_metric_totals_sum_the_months_of_a_window(field):
    compute_month_metrics(month=date(2026, 5, 1))
    compute_month_metrics(month=JUNE)
    compute_month_metrics(month=date(2026, 7, 1))
    totals = metric_totals(metric="revenue", start=date(2026, 5, 1), end=date(2026, 6, 30))
    assert totals[field.andi.pk] == 750000
    assert totals[field.dewi.pk] == 8100
    assert totals[field.cici.pk] == 0
    news = metric_totals(
        metric="new_outlets", start=JUNE, end=date(2026, 7, 1), salesman_ids=[field.andi.pk]
    )
    assert news == {field.andi.pk: 3}  # O5, O6 in June, O8 in July
    with pytest.raises(ValueError, match="unknown metric"):
        metric_totals(metric="nope", start=JUNE, end=JUNE)


@pytest.mark.django_db
def test_new_product_listing_is_credited_to_who_took_the_first_order(world):
    n1 = ProductFactory(sku="N1", new_product=True)
    k1 = OutletFactory(code="K1", channel=Channel.MT, key_account=True, salesman=world.dewi)
    other = SalesmanFactory(code="B2", team=world.team_b)
    OrderLineFactory(salesman=other, outlet=k1, product=n1, date=d(6, 3))
    OrderLineFactory(salesman=world.dewi, outlet=k1, product=n1, date=d(6, 9))
    compute_month_metrics(month=JUNE)
    values = metric_values(month=JUNE)
    assert values[other.pk]["new_product_listings"] == 1
    assert values[world.dewi.pk]["new_product_listings"] == 0


@pytest.mark.django_db
def test_productive_calls_on_the_first_and_the_thirty_first_of_a_month(world):
    """Order days are kept as one bit per day of the month: day 1 is bit 0, day 31 bit 30."""
    andi = world.andi
    product = ProductFactory(sku="P9")
    o1, o2 = OutletFactory(code="J1", salesman=andi), OutletFactory(code="J2", salesman=andi)
    for order_no, day, outlet in (("J-1", 1, o1), ("J-31", 31, o1), ("J-30", 30, o2)):
        OrderLineFactory(
            order_no=order_no,
            date=d(7, day),
            salesman=andi,
            outlet=outlet,
            product=product,
            amount=D(1000),
        )
    # productive: o1 on the 1st, o1 twice on the 31st; not: o1 on the 30th, o2 on the 31st
    for day, outlet in ((1, o1), (31, o1), (31, o1), (30, o1), (31, o2)):
        VisitFactory(date=d(7, day), salesman=andi, outlet=outlet)
    compute_month_metrics(month=date(2026, 7, 1))
    july = metric_values(month=date(2026, 7, 1))[andi.pk]
    assert july["visits"] == 5
    assert july["productive_calls"] == 3
    assert july["hit_rate"] == D(60)
    assert july["orders"] == 3
    assert july["active_outlets"] == 2
    assert july["repeat_order_ratio"] == D(50)
    assert july["distribution_points"] == 2
    assert july["visits_per_day"] == D("1.6667")  # 5 visits on 3 days: the 1st, 30th, 31st
    # a window longer than a month looks each visit up instead of reading day bits: the same
    quarter = window_metric_values(start=d(6, 1), end=d(8, 31), salesman_ids=[andi.pk])[andi.pk]
    assert (quarter["visits"], quarter["productive_calls"]) == (5, 3)
    assert quarter["visits_per_day"] == july["visits_per_day"]


def test_the_snapshot_has_one_column_per_metric_of_the_catalogue():
    from outlets.models import MetricSnapshot

    columns = {
        field.name
        for field in MetricSnapshot._meta.concrete_fields
        if field.name not in {"id", "salesman", "month", "as_of", "computed_at"}
    }
    assert columns == set(METRICS)


@pytest.mark.django_db
def test_metric_values_read_the_snapshot_one_metric_per_row(field):
    compute_month_metrics(month=JUNE)
    rows = MetricValue.objects.filter(salesman=field.andi, month=JUNE)
    assert rows.count() == len(METRICS)
    assert rows.get(metric="revenue").value == metric_values(month=JUNE)[field.andi.pk]["revenue"]
    assert {row.metric for row in rows} == set(METRICS)
