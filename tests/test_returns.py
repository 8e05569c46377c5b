"""Returns (issue 15, docs/contracts.md): an order line with a negative quantity and amount.

Andi (team A, GT), June 2026, outlets O1, O2, O3 assigned to him:
    ORD0  05-20 O1  P1  100.000                       (May: the previous month)
    ORD1  06-02 O1  P1  10 × 100.000   P2  5 × 50.000
    RET1  06-10 O1  P1  −2 × −20.000                  (a return)
    RET2  06-12 O2  P1  −1 × −10.000                  (a return where nothing was ordered)
    ORD2  06-20 O3  P2  3 × 30.000
    visits 06-02 O1, 06-10 O1, 06-12 O2, 06-20 O3
Dewi (team B, MT), key account K1, new product N1: only a return of N1 in June (−500).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from org.models import Channel
from outlets.imports import import_file
from outlets.metrics import (
    compute_month_metrics,
    metric_values,
    team_metric_values,
    window_metric_values,
)
from outlets.models import OrderLine
from tests.outlets.factories import OrderLineFactory, OutletFactory, ProductFactory, VisitFactory

JUNE = date(2026, 6, 1)
D = Decimal


def d(month, day):
    return date(2026, month, day)


@pytest.fixture
def returns(world):
    andi, dewi = world.andi, world.dewi
    p1, p2 = ProductFactory(sku="P1"), ProductFactory(sku="P2")
    n1 = ProductFactory(sku="N1", new_product=True)
    o1, o2, o3 = (OutletFactory(code=f"O{i}", salesman=andi) for i in (1, 2, 3))
    k1 = OutletFactory(
        code="K1", channel=Channel.MT, type="supermarket", key_account=True, salesman=dewi
    )

    def line(order_no, day, outlet, product, quantity, amount, salesman=andi):
        OrderLineFactory(
            order_no=order_no,
            date=day,
            salesman=salesman,
            outlet=outlet,
            product=product,
            quantity=D(quantity),
            amount=D(amount),
        )

    line("ORD0", d(5, 20), o1, p1, 10, 100000)
    line("ORD1", d(6, 2), o1, p1, 10, 100000)
    line("ORD1", d(6, 2), o1, p2, 5, 50000)
    line("RET1", d(6, 10), o1, p1, -2, -20000)
    line("RET2", d(6, 12), o2, p1, -1, -10000)
    line("ORD2", d(6, 20), o3, p2, 3, 30000)
    line("RETN", d(6, 8), k1, n1, -1, -500, salesman=dewi)
    for day, outlet in [(d(6, 2), o1), (d(6, 10), o1), (d(6, 12), o2), (d(6, 20), o3)]:
        VisitFactory(date=day, salesman=andi, outlet=outlet)
    return world


@pytest.mark.django_db
def test_the_month_is_net_of_returns_and_counts_positive_lines(returns):
    compute_month_metrics(month=JUNE)
    andi = metric_values(month=JUNE)[returns.andi.pk]
    assert andi["revenue"] == D(150000)  # 100.000 + 50.000 − 20.000 − 10.000 + 30.000
    assert andi["orders"] == D(2)  # ORD1, ORD2; returns are not orders
    assert andi["aov"] == D(75000)
    assert andi["active_outlets"] == D(2)  # O1, O3; O2 only returned goods
    assert andi["distribution_points"] == D(3)  # O1: P1, P2; O3: P2
    assert andi["sku_per_outlet"] == D("1.5")
    assert andi["repeat_order_ratio"] == D(0)  # O1 has one order (and one return)
    assert andi["visits"] == D(4)
    assert andi["productive_calls"] == D(2)  # 06-02 O1, 06-20 O3; a return is not an order
    assert andi["hit_rate"] == D(50)
    assert andi["lines_per_call"] == D("1.5")  # 3 positive lines / 2 calls
    assert andi["outlet_coverage"] == D("66.6667")  # 2 of O1, O2, O3
    assert andi["revenue_growth_mom"] == D(50)  # 150.000 / 100.000 − 1
    dewi = metric_values(month=JUNE)[returns.dewi.pk]
    assert dewi["revenue"] == D(-500)
    assert dewi["orders"] == D(0) and dewi["active_outlets"] == D(0)
    assert dewi["new_product_listings"] == D(0)  # a return lists nothing
    assert dewi["aov"] is None
    team_a = team_metric_values(month=JUNE)[returns.team_a.pk]
    assert team_a["revenue"] == D(150000)  # Budi has nothing
    assert team_a["orders"] == D(2)


@pytest.mark.django_db
def test_a_window_of_returns_only(returns):
    andi = window_metric_values(start=d(6, 10), end=d(6, 12), salesman_ids=[returns.andi.pk])[
        returns.andi.pk
    ]
    assert andi["revenue"] == D(-30000)
    assert andi["orders"] == D(0)
    assert andi["active_outlets"] == D(0)
    assert andi["distribution_points"] == D(0)
    assert andi["visits"] == D(2)
    assert andi["productive_calls"] == D(0)
    assert andi["hit_rate"] == D(0)
    assert andi["aov"] is None and andi["lines_per_call"] is None


@pytest.mark.django_db
def test_the_database_refuses_a_line_with_mixed_signs(returns):
    line = OrderLine.objects.get(order_no="RET1")
    line.amount = D(20000)
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def _write(tmp_path, content):
    path = tmp_path / "orders.csv"
    path.write_text(content)
    return path


FIELD = """sku,name,category,new_product
P1,Teh Botol,Minuman,false
P2,Kopi Susu,Minuman,false
"""
OUTLETS = """code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by
O1,Warung Bu Siti,GT,warung,Jakarta Timur,A1,false,,
"""


@pytest.mark.django_db
def test_the_import_takes_returns_and_names_every_row_with_mixed_signs(world, tmp_path):
    assert import_file(kind="outlets", path=_write(tmp_path, OUTLETS)).ok
    assert import_file(kind="products", path=_write(tmp_path, FIELD)).ok
    bad = """order_no,date,salesman,outlet,sku,quantity,amount
SO1,2026-06-03,A1,O1,P1,10,50000
R1,2026-06-04,A1,O1,P1,-2,-10000
R2,2026-06-04,A1,O1,P1,2,-10000
R3,2026-06-04,A1,O1,P1,-2,10000
R4,2026-06-04,A1,O1,P2,-1,0
"""
    report = import_file(kind="orders", path=_write(tmp_path, bad))
    assert not report.ok
    reason = "a return has a negative quantity and a negative amount; this row mixes the signs"
    assert [(e.row, e.column, e.value, e.reason) for e in report.errors] == [
        (4, "amount", "-10000", reason),
        (5, "quantity", "-2", reason),
        (6, "quantity", "-1", reason),
    ]
    assert OrderLine.objects.count() == 0  # all or nothing

    good = """order_no,date,salesman,outlet,sku,quantity,amount
SO1,2026-06-03,A1,O1,P1,10,50000
R1,2026-06-04,A1,O1,P1,-2,-10000
"""
    assert import_file(kind="orders", path=_write(tmp_path, good)).ok
    compute_month_metrics(month=JUNE, salesman_ids=[world.andi.pk])
    andi = metric_values(month=JUNE)[world.andi.pk]
    assert andi["revenue"] == D(40000)
    assert andi["orders"] == D(1)
