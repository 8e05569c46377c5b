"""Factories for the field: outlets, products, visits, order lines, shelf audits."""

from datetime import date
from decimal import Decimal

import factory

from org.models import Channel
from outlets.models import OrderLine, Outlet, Product, ShelfAudit, Visit
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
