"""The overview's Pareto of a month: every order line of the month when the scope is everyone
(no test of the salesman), cached under the month's data stamp until an import changes it,
warmed after a close, and left to a task, the page saying so, for a scope too large to
compute inline."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.models import Salesman
from outlets.pareto import pareto
from tests.outlets.factories import OrderLineFactory, OutletFactory, ProductFactory

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)
JUNE_END = date(2026, 6, 30)


@pytest.fixture
def lines(world):
    """June: Dewi's outlet 500, Andi's 300, Budi's 200 (one SKU); a July line outside."""
    product = ProductFactory(sku="P1")
    for person, code, amount in ((world.dewi, "OD", 500), (world.andi, "OA", 300)):
        outlet = OutletFactory(code=code, salesman=person)
        OrderLineFactory(salesman=person, outlet=outlet, product=product, amount=amount)
    outlet = OutletFactory(code="OB", salesman=world.budi)
    OrderLineFactory(salesman=world.budi, outlet=outlet, product=product, amount=200)
    OrderLineFactory(salesman=world.budi, outlet=outlet, amount=900, date=date(2026, 7, 1))
    return world


def test_everyone_reads_every_line_of_the_month_with_no_test_of_the_salesman(lines):
    with CaptureQueriesContext(connection) as queries:
        result = pareto(everyone=True, start=JUNE, end=JUNE_END)
    [query] = queries.captured_queries
    assert "salesman_id" not in query["sql"]
    # 500 + 300 + 200 = 1,000: Dewi's outlet 50%, then Andi's: 80% with 2 of 3 (66.67%)
    assert (result.items, result.total) == (3, D(1000))
    assert (result.items_at_80, result.item_share_at_80) == (2, D("66.67"))
    assert [(i.code, i.share) for i in result.top] == [
        ("OD", D("50.00")),
        ("OA", D("30.00")),
        ("OB", D("20.00")),
    ]
    same = pareto(salesmen=Salesman.objects.all(), start=JUNE, end=JUNE_END)
    assert (same.items, same.total, same.top) == (result.items, result.total, result.top)
    with pytest.raises(TypeError):
        pareto(start=JUNE, end=JUNE_END)
    with pytest.raises(TypeError):
        pareto(salesmen=Salesman.objects.all(), everyone=True, start=JUNE, end=JUNE_END)
