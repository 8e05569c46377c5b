"""The demo's field data: Andi's worked month and the GT semester OKR add up exactly; the demo
lives in the month of the day it is seeded (here 2026-12-03: data through 2026-12-02).

Seeding takes a few seconds, so the checks of one seeded database share a test.
"""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest

from org import demo as org_demo
from org.models import Salesman
from outlets import demo
from outlets.metrics import metric_totals, metric_values
from outlets.models import MetricValue, OrderLine, Outlet, ShelfAudit, Visit

JUNE = date(2026, 6, 1)
TODAY = date(2026, 12, 3)


@pytest.fixture
def seeded(db):
    org_demo.seed(out=StringIO())
    demo.seed(out=StringIO(), today=TODAY)
    return {s.code: s for s in Salesman.objects.all()}


def test_the_demo_numbers(seeded):
    check_andis_worked_month_gives_his_seed_numbers(seeded)
    check_the_gt_team_acquires_1050_outlets_in_the_first_semester(seeded)
    check_mt_salesmen_have_audits_and_new_product_listings(seeded)
    check_every_demo_month_has_metrics()


def check_andis_worked_month_gives_his_seed_numbers(seeded):
    andi = metric_values(month=JUNE, salesman_ids=[seeded["andi"].pk])[seeded["andi"].pk]
    assert andi["revenue"] == Decimal(550_000_000)
    assert andi["new_outlets"] == 35
    assert andi["visits_per_day"] == 20
    assert andi["field_days"] == 22
    assert andi["visits"] == 440
    lines = OrderLine.objects.filter(salesman=seeded["andi"], date__year=2026, date__month=6)
    assert sum(line.amount for line in lines) == Decimal(550_000_000)


def check_the_gt_team_acquires_1050_outlets_in_the_first_semester(seeded):
    gt = [seeded[code].pk for code in ("andi", "budi", "citra")]
    totals = metric_totals(
        metric="new_outlets", start=date(2026, 1, 1), end=date(2026, 6, 1), salesman_ids=gt
    )
    assert sum(totals.values()) == 1050
    acquired = Outlet.objects.filter(
        acquired_by__code__in=["andi", "budi", "citra"],
        acquired_on__gte=date(2026, 1, 1),
        acquired_on__lte=date(2026, 6, 30),
    )
    assert acquired.count() == 1050


def check_mt_salesmen_have_audits_and_new_product_listings(seeded):
    dewi = metric_values(month=JUNE)[seeded["dewi"].pk]
    assert dewi["planogram_compliance"] == 92
    assert dewi["osa"] == 96
    assert dewi["oos_rate"] == 4
    assert dewi["new_product_listings"] >= 5
    assert ShelfAudit.objects.filter(salesman=seeded["eko"]).exists()
    assert not ShelfAudit.objects.filter(salesman=seeded["andi"]).exists()


def check_every_demo_month_has_metrics():
    months = set(MetricValue.objects.values_list("month", flat=True))
    assert months == {date(2026, m, 1) for m in range(1, 13)}
    # this month to date: through yesterday, nothing later
    assert Visit.objects.filter(date__gte=date(2026, 12, 1)).latest("date").date == date(
        2026, 12, 2
    )
    assert not OrderLine.objects.filter(date__gte=TODAY).exists()


def test_seeding_twice_changes_nothing(seeded):
    counts = [m.objects.count() for m in (Outlet, Visit, OrderLine, ShelfAudit, MetricValue)]
    before = metric_values(month=JUNE)
    demo.seed(out=StringIO(), today=TODAY)
    assert [m.objects.count() for m in (Outlet, Visit, OrderLine, ShelfAudit, MetricValue)] == (
        counts
    )
    assert metric_values(month=JUNE) == before


def test_seeding_on_a_later_day_extends_only_the_current_month(seeded):
    november = list(
        Visit.objects.filter(date__month=11).order_by("visit_id").values_list("visit_id", "date")
    )
    demo.seed(out=StringIO(), today=date(2026, 12, 5))
    assert Visit.objects.filter(date__gte=date(2026, 12, 1)).latest("date").date == date(
        2026, 12, 4
    )
    assert (
        list(
            Visit.objects.filter(date__month=11)
            .order_by("visit_id")
            .values_list("visit_id", "date")
        )
        == november
    )
