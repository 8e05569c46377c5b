"""Factories for the field: outlets, products, visits, order lines, shelf audits."""

from datetime import date
from decimal import Decimal

import factory

from org.models import Channel
from outlets.models import MetricSnapshot, OrderLine, Outlet, Product, ShelfAudit, Visit
from tests.factories import SalesmanFactory, TerritoryFactory


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    code = factory.Sequence(lambda n: f"OUT{n:05d}")
    name = factory.Sequence(lambda n: f"Toko {n}")
    channel = Channel.GT
    type = "warung"
    territory = factory.SubFactory(TerritoryFactory)
    salesman = factory.SubFactory(SalesmanFactory)
    key_account = False
    acquired_on = date(2024, 1, 15)
    acquired_by = factory.SelfAttribute("salesman")
    active = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("sku",)

    sku = factory.Sequence(lambda n: f"SKU{n:04d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    category = "Beverages"
    new_product = False


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    visit_id = factory.Sequence(lambda n: f"V{n:06d}")
    date = date(2026, 6, 1)
    salesman = factory.SubFactory(SalesmanFactory)
    outlet = factory.SubFactory(OutletFactory, salesman=factory.SelfAttribute("..salesman"))


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order_no = factory.Sequence(lambda n: f"ORD{n:06d}")
    date = date(2026, 6, 1)
    salesman = factory.SubFactory(SalesmanFactory)
    outlet = factory.SubFactory(OutletFactory, salesman=factory.SelfAttribute("..salesman"))
    product = factory.SubFactory(ProductFactory)
    quantity = Decimal(1)
    amount = Decimal(10000)


class ShelfAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShelfAudit

    audit_id = factory.Sequence(lambda n: f"AUD{n:06d}")
    date = date(2026, 6, 1)
    salesman = factory.SubFactory(SalesmanFactory)
    outlet = factory.SubFactory(OutletFactory, salesman=factory.SelfAttribute("..salesman"))
    planogram_compliance = Decimal(90)
    osa = Decimal(95)
    share_of_shelf = Decimal(30)


def build_field(world):
    """Field data on the `world` of tests/factories.py, for the page and API tests.

    andi (A1, team A): outlet OA, order ORD-A (2 lines: 100.000 + 50.000) on 2026-06-03 + visit
    budi (A2, team A): outlet OB, order ORD-B (50.000) on 2026-06-04 + visit
    dewi (B1, team B): MT key account OD, order ORD-D (70.000) on 2026-06-05, visit and audit
    nobody: outlet ON (no salesman): only HR and admin see it
    """
    from outlets.metrics import compute_month_metrics

    p1, p2 = ProductFactory(sku="P1", name="Teh Botol"), ProductFactory(sku="P2", name="Kopi")
    oa = OutletFactory(code="OA", name="Warung Andi", salesman=world.andi)
    ob = OutletFactory(code="OB", name="Toko Budi", salesman=world.budi)
    od = OutletFactory(
        code="OD",
        name="Super Dewi",
        channel=Channel.MT,
        type="supermarket",
        key_account=True,
        salesman=world.dewi,
    )
    OutletFactory(code="ON", name="Nobody", salesman=None, acquired_by=None)
    for order_no, day, person, outlet, product, amount in [
        ("ORD-A", date(2026, 6, 3), world.andi, oa, p1, 100000),
        ("ORD-A", date(2026, 6, 3), world.andi, oa, p2, 50000),
        ("ORD-B", date(2026, 6, 4), world.budi, ob, p1, 50000),
        ("ORD-D", date(2026, 6, 5), world.dewi, od, p2, 70000),
    ]:
        OrderLineFactory(
            order_no=order_no,
            date=day,
            salesman=person,
            outlet=outlet,
            product=product,
            quantity=Decimal(5),
            amount=Decimal(amount),
        )
    VisitFactory(visit_id="V-A", date=date(2026, 6, 3), salesman=world.andi, outlet=oa)
    VisitFactory(visit_id="V-B", date=date(2026, 6, 4), salesman=world.budi, outlet=ob)
    VisitFactory(visit_id="V-D", date=date(2026, 6, 5), salesman=world.dewi, outlet=od)
    ShelfAuditFactory(
        audit_id="AU-D",
        date=date(2026, 6, 5),
        salesman=world.dewi,
        outlet=od,
        planogram_compliance=Decimal("92.50"),
        osa=Decimal(96),
        share_of_shelf=Decimal(30),
    )
    compute_month_metrics(month=date(2026, 6, 1))
    return world


def user_of(world, name):
    """World attributes are users for staff and salesmen profiles for salesmen."""
    person = getattr(world, name)
    return getattr(person, "user", person)


def set_metric(*, salesman, month, metric, value):
    """Store one value of a salesman's metric snapshot for `month`, as `compute_month_metrics`
    would: the snapshot row is created when missing, its other metrics left as they are."""
    snapshot, _created = MetricSnapshot.objects.get_or_create(salesman=salesman, month=month)
    setattr(snapshot, metric, value)
    snapshot.save()
    return snapshot
