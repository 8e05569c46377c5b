"""Helpers for the payout tests: Andi's worked month (docs/domain.md) as field rows, the GT
scorecard template and plan, and a closed run.

Andi, June 2026: 35 outlets acquired by him in June; 22 field days with 20 visits each (440
visits, 20 per day); one order a field day of Rp 25.000.000 (Rp 550.000.000). Targets: revenue
Rp 500.000.000, 30 new outlets, 18 visits per day. The GT plan pays 2.000.000 + 500.000 +
400.000 + 500.000 = Rp 3.400.000.
"""

from datetime import date, timedelta
from decimal import Decimal

from incentives.demo_plans import GT_PLAN
from incentives.plans.documents import import_plan
from kpi.documents import save_template_document
from kpi.models import KPIDefinition, Target
from org.models import Salesman
from outlets.models import OrderLine, Outlet, Product, Visit
from tests.kpi.factories import gt_document

JUNE = date(2026, 6, 1)
JULY = date(2026, 7, 1)
MAY = date(2026, 5, 1)


def gt_setup() -> None:
    """The GT scorecard template (docs/contracts.md) and the GT incentive plan
    (docs/contracts.md)."""
    save_template_document(document=gt_document(), by=None)
    import_plan(document=GT_PLAN, by=None)


def field_month(
    salesman: Salesman,
    *,
    month: date = JUNE,
    revenue: int = 550_000_000,
    new_outlets: int = 35,
    field_days: int = 22,
    visits_per_day: int = 20,
) -> None:
    """Field rows giving `salesman` exactly these metrics in `month`."""
    prefix = f"{salesman.code}-{month:%Y%m}"
    outlets = Outlet.objects.bulk_create(
        Outlet(
            code=f"{prefix}-O{i:03d}",
            name=f"Toko {prefix} {i}",
            channel=salesman.channel,
            type="warung",
            territory=salesman.territory,
            salesman=salesman,
            acquired_on=month + timedelta(days=i % field_days),
            acquired_by=salesman,
        )
        for i in range(max(new_outlets, 1))
    )
    if new_outlets == 0:
        Outlet.objects.filter(pk=outlets[0].pk).update(acquired_on=date(2020, 1, 1))
    product, _ = Product.objects.get_or_create(sku="SKU-1", defaults={"name": "Teh botol"})
    visits, orders = [], []
    per_order = Decimal(revenue) / field_days
    for day in range(field_days):
        when = month + timedelta(days=day)
        for k in range(visits_per_day):
            outlet = outlets[(day * visits_per_day + k) % len(outlets)]
            visits.append(
                Visit(
                    visit_id=f"{prefix}-V{day:02d}-{k:02d}",
                    date=when,
                    salesman=salesman,
                    outlet=outlet,
                )
            )
        if revenue:
            orders.append(
                OrderLine(
                    order_no=f"{prefix}-ORD{day:02d}",
                    date=when,
                    salesman=salesman,
                    outlet=outlets[(day * visits_per_day) % len(outlets)],
                    product=product,
                    quantity=Decimal(1),
                    amount=per_order,
                )
            )
    Visit.objects.bulk_create(visits)
    OrderLine.objects.bulk_create(orders)


def targets(
    salesman: Salesman,
    *,
    month: date = JUNE,
    revenue: int = 500_000_000,
    new_outlets: int = 30,
    visits_per_day: int = 18,
) -> None:
    kpis = {k.code: k for k in KPIDefinition.objects.all()}
    for code, value in (
        ("revenue", revenue),
        ("new_outlets", new_outlets),
        ("visits_per_day", visits_per_day),
    ):
        Target.objects.update_or_create(
            month=month, salesman=salesman, kpi=kpis[code], defaults={"value": value}
        )


def andi_june(world) -> None:
    """The GT setup and Andi's worked month."""
    gt_setup()
    field_month(world.andi)
    targets(world.andi)
