"""The open months' cost for finance (issue 15): per month not locked, earned so far and the
projected cost at month end, by plan, team and channel; page, CSV/XLSX export and API; scoped.

June (from `andi_june`), closed, a draft: Andi Rp 3.400.000 (GT plan, Team A, GT), Budi
nothing, Dewi's adjustment Rp 300.000 (Team B, MT). July in progress, as of 15 July: stored
projections for Andi (earned Rp 1.000.000, projected Rp 2.500.000) and Dewi (Rp 100.000,
Rp 400.000), and an adjustment of Rp 50.000 for Budi waiting in July's run.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from incentives.live_models import Projection
from incentives.payouts.accruals import open_month_accruals
from incentives.payouts.services import add_adjustment, approve_run, close_period, lock_run
from tests.incentives.payout_factories import JULY, JUNE, andi_june

pytestmark = pytest.mark.django_db


def _projection(salesman, earned, projected, plan):
    Projection.objects.create(
        salesman=salesman,
        month=JULY,
        as_of=date(2026, 7, 15),
        working_days=26,
        elapsed=13,
        earned=earned,
        projected=projected,
        plan_codes=plan,
        computed_at=timezone.now(),
    )


@pytest.fixture
def months(world):
    andi_june(world)
    june = close_period(month=JUNE)
    add_adjustment(run=june, salesman=world.dewi, amount=300_000, reason="Promo", by=world.hr)
    _projection(world.andi, 1_000_000, 2_500_000, "GT-SALESMAN")
    _projection(world.dewi, 100_000, 400_000, "MT-SALESMAN")
    add_adjustment(month=JULY, salesman=world.budi, amount=50_000, reason="Late", by=world.hr)
    return june


def groups(accrual, dimension):
    return {g.key: (g.headcount, g.earned, g.projected) for g in accrual.by(dimension)}


def test_each_open_month_by_plan_team_and_channel(world, months):
    june, july = open_month_accruals(user=world.hr)
    assert (june.period, june.source, june.status) == ("2026-06", "run", "draft")
    assert (june.earned, june.projected, june.accrual) == (3_700_000, 3_700_000, 3_700_000)
    assert groups(june, "channel") == {
        "GT": (2, 3_400_000, 3_400_000),  # Andi and Budi (whose lines pay nothing)
        "MT": (1, 300_000, 300_000),
    }
    assert groups(june, "team")["Team B"] == (1, 300_000, 300_000)
    assert groups(june, "plan")["GT-SALESMAN"] == (2, 3_400_000, 3_400_000)

    assert (july.period, july.source, july.as_of) == ("2026-07", "projection", date(2026, 7, 15))
    # 1.000.000 + 100.000 + Budi's 50.000; 2.500.000 + 400.000 + 50.000
    assert (july.earned, july.projected, july.headcount) == (1_150_000, 2_950_000, 3)
    assert groups(july, "plan") == {
        "GT-SALESMAN": (1, 1_000_000, 2_500_000),
        "MT-SALESMAN": (1, 100_000, 400_000),
        "–": (1, 50_000, 50_000),
    }
    assert groups(july, "channel") == {
        "GT": (2, 1_050_000, 2_550_000),
        "MT": (1, 100_000, 400_000),
    }


def test_a_person_in_two_groups_of_a_dimension_is_counted_once_in_each_and_once_in_all(
    world, months
):
    # Andi's July adjustment (no plan) beside his projection (GT-SALESMAN): he is in two plan
    # groups, but one team, one channel and one person of the month.
    add_adjustment(month=JULY, salesman=world.andi, amount=20_000, reason="Bonus", by=world.hr)
    _june, july = open_month_accruals(user=world.hr)
    assert (july.headcount, july.earned, july.projected) == (3, 1_170_000, 2_970_000)
    assert groups(july, "plan") == {
        "GT-SALESMAN": (1, 1_000_000, 2_500_000),
        "MT-SALESMAN": (1, 100_000, 400_000),
        "–": (2, 70_000, 70_000),  # Budi's 50.000 and Andi's 20.000
    }
    assert groups(july, "team")["Team A"] == (2, 1_070_000, 2_570_000)  # Andi, Budi
    assert groups(july, "channel")["GT"] == (2, 1_070_000, 2_570_000)


def test_a_locked_month_leaves_the_list(world, months):
    approve_run(run=months, by=world.manager_a)
    lock_run(run=approve_run(run=months, by=world.manager_b), by=world.hr)
    assert [a.period for a in open_month_accruals(user=world.hr)] == ["2026-07"]


def test_a_manager_sees_his_people_only(world, months):
    june, july = open_month_accruals(user=world.manager_b)
    assert (june.earned, july.earned, july.projected) == (300_000, 100_000, 400_000)
    assert list(groups(july, "team")) == ["Team B"]


def test_page_export_and_api(world, months):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.hr)
    html = client.get("/incentives/accruals/").content.decode()
    assert "Rp 4,850,000" in html and "Rp 6,650,000" in html  # the open months' totals
    body = client.get("/incentives/accruals/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["month", "source", "dimension", "key", "people", "earned", "projected"]
    assert ["2026-07", "projection", "total", "", "3", "1150000", "2950000"] in rows
    assert ["2026-07", "projection", "plan", "GT-SALESMAN", "1", "1000000", "2500000"] in rows
    book = load_workbook(io.BytesIO(client.get("/incentives/accruals/export.xlsx").content))
    cells = list(book.active.iter_rows(values_only=True))
    assert ("2026-06", "run", "channel", "MT", 1, 300000, 300000) in cells

    api = APIClient()
    api.force_authenticate(world.hr)
    data = api.get("/api/v1/accruals/").json()
    assert (data["earned"], data["projected"]) == ("4850000", "6650000")
    july = data["months"][1]
    assert (july["month"], july["source"], july["as_of"], july["accrual"]) == (
        "2026-07",
        "projection",
        "2026-07-15",
        "2950000",
    )
    assert {"key": "MT", "people": 1, "earned": "100000", "projected": "400000"} in july[
        "by_channel"
    ]


@pytest.mark.parametrize("who", ["andi", "supervisor_a"])
def test_salesmen_and_supervisors_get_404(world, months, who):
    user = world.andi.user if who == "andi" else world.supervisor_a
    client = Client()
    client.force_login(user)
    assert client.get("/incentives/accruals/").status_code == 404
    assert client.get("/incentives/accruals/export.csv").status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/accruals/").status_code == 404


def test_amounts_are_whole_rupiah_decimals(world, months):
    june = open_month_accruals(user=world.hr)[0]
    assert isinstance(june.earned, Decimal)
