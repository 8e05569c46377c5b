"""generate_data: deterministic, shaped like FMCG field sales, in import formats and the DB."""

import csv
import hashlib
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from org.models import Salesman, Team
from outlets.generate import COLUMNS, CsvSink, generate
from outlets.metrics import compute_month_metrics, metric_values
from outlets.models import OrderLine, Outlet, ShelfAudit, Visit

JUNE = date(2026, 6, 1)


def make_csv(directory, seed, salesmen=50, months=1):
    return generate(
        salesmen=salesmen, months=months, seed=seed, end=JUNE, sinks=[CsvSink(directory)]
    )


def digest(directory):
    return {
        kind: hashlib.sha256((directory / f"{kind}.csv").read_bytes()).hexdigest()
        for kind in COLUMNS
    }


def read(directory, kind):
    with open(directory / f"{kind}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    directory = tmp_path_factory.mktemp("gen")
    make_csv(directory, seed=1)
    return directory


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path, sample):
    make_csv(tmp_path / "again", seed=1)
    make_csv(tmp_path / "other", seed=2)
    assert digest(tmp_path / "again") == digest(sample)
    assert digest(tmp_path / "other")["orders"] != digest(sample)["orders"]


def test_files_have_the_import_columns_of_the_design(sample):
    for kind, columns in COLUMNS.items():
        with open(sample / f"{kind}.csv", encoding="utf-8") as handle:
            assert handle.readline().strip() == ",".join(columns)
    assert COLUMNS["orders"] == [
        "order_no",
        "date",
        "salesman",
        "outlet",
        "sku",
        "quantity",
        "amount",
    ]


def test_about_20_percent_of_outlets_bring_80_percent_of_revenue(sample):
    revenue = Counter()
    for row in read(sample, "orders"):
        revenue[row["outlet"]] += int(row["amount"])
        assert int(row["amount"]) > 0 and int(row["quantity"]) >= 1
    values = sorted(revenue.values(), reverse=True)
    top = sum(values[: len(values) // 5]) / sum(values)
    assert 0.72 <= top <= 0.88


def test_hit_rate_visits_per_day_and_order_size_look_like_the_field(sample):
    people = {r["code"]: r for r in read(sample, "salesmen")}
    ordered = {(r["salesman"], r["outlet"], r["date"]) for r in read(sample, "orders")}
    visits = read(sample, "visits")
    productive = sum((v["salesman"], v["outlet"], v["date"]) in ordered for v in visits)
    assert 0.5 <= productive / len(visits) <= 0.8
    days = Counter((v["salesman"], v["date"]) for v in visits)
    gt_days = [n for (code, _), n in days.items() if people[code]["channel"] == "GT"]
    assert min(gt_days) >= 15 and max(gt_days) <= 22
    mt_days = [n for (code, _), n in days.items() if people[code]["channel"] == "MT"]
    assert mt_days and max(mt_days) < 15
    lines = Counter(r["order_no"] for r in read(sample, "orders"))
    assert set(lines.values()) <= set(range(1, 8)) and max(lines.values()) >= 6
    for visit in visits:  # Monday to Saturday only
        assert date.fromisoformat(visit["date"]).weekday() < 6


def test_the_sales_force_has_gt_and_mt_teams_with_supervisors_and_managers(sample):
    people = read(sample, "salesmen")
    roles = Counter(p["role"] for p in people)
    assert roles == {"salesman": 50, "supervisor": 5, "manager": 1}
    assert {p["channel"] for p in people if p["role"] == "salesman"} == {"GT", "MT"}
    audits = read(sample, "audits")
    assert audits and all(0 <= float(a["osa"]) <= 100 for a in audits)
    products = read(sample, "products")
    assert len(products) == 200
    assert sum(p["new_product"] == "true" for p in products) == 5
    outlets = read(sample, "outlets")
    assert any(o["acquired_on"] >= "2026-06-01" for o in outlets)  # new outlets in the month
    assert any(o["key_account"] == "true" for o in outlets if o["channel"] == "MT")


@pytest.mark.django_db
def test_generate_data_writes_the_database_and_the_same_rows_as_csv(tmp_path):
    out = StringIO()
    call_command(
        "generate_data",
        salesmen=12,
        months=2,
        seed=3,
        end="2026-06",
        csv_dir=str(tmp_path),
        stdout=out,
    )
    assert "order" in out.getvalue() and "seed 3" in out.getvalue()
    assert Salesman.objects.filter(user__role="salesman").count() == 12
    assert Team.objects.filter(supervisor__isnull=False).count() == 2
    assert Outlet.objects.count() == len(read(tmp_path, "outlets"))
    assert Visit.objects.count() == len(read(tmp_path, "visits"))
    assert OrderLine.objects.count() == len(read(tmp_path, "orders"))
    assert ShelfAudit.objects.count() == len(read(tmp_path, "audits"))
    first = read(tmp_path, "orders")[0]
    line = OrderLine.objects.select_related("salesman", "outlet", "product").get(
        order_no=first["order_no"], product__sku=first["sku"]
    )
    assert (line.salesman.code, line.outlet.code, str(line.amount)) == (
        first["salesman"],
        first["outlet"],
        f"{first['amount']}.00",
    )
    compute_month_metrics(month=JUNE)
    june_revenue = sum(
        int(r["amount"]) for r in read(tmp_path, "orders") if r["date"].startswith("2026-06")
    )
    stored = sum(v["revenue"] for v in metric_values(month=JUNE).values())
    assert stored == june_revenue
    with pytest.raises(CommandError, match="already holds generated data"):
        call_command("generate_data", salesmen=12, months=1, seed=3, end="2026-06")


@pytest.mark.django_db
def test_the_generated_files_import_cleanly_and_twice_change_nothing(tmp_path):
    from outlets.imports import import_file

    generate(salesmen=8, months=1, seed=5, end=JUNE, sinks=[CsvSink(tmp_path)])
    order = ["salesmen", "products", "outlets", "visits", "orders", "audits"]
    assert set(order) == set(COLUMNS)
    for kind in order:
        report = import_file(kind=kind, path=tmp_path / f"{kind}.csv")
        assert report.ok, (kind, [str(e) for e in report.errors[:5]])
        assert report.created == report.rows == len(read(tmp_path, kind)), kind
    assert OrderLine.objects.count() == len(read(tmp_path, "orders"))
    assert Salesman.objects.filter(user__role="salesman").count() == 8
    again = import_file(kind="orders", path=tmp_path / "orders.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, again.rows)


def test_through_cuts_the_last_month_at_that_day_and_keeps_the_days_before(tmp_path):
    """--through gives a month to date: the same rows as the whole month up to that day, none
    after, and no outlet won after it."""
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    whole.mkdir()
    cut.mkdir()
    generate(salesmen=12, months=2, seed=4, end=JUNE, sinks=[CsvSink(whole)])
    generate(
        salesmen=12, months=2, seed=4, end=JUNE, sinks=[CsvSink(cut)], through=date(2026, 6, 10)
    )
    for kind in ("visits", "orders", "audits"):
        before = [r for r in read(whole, kind) if r["date"] <= "2026-06-10"]
        assert read(cut, kind) == before
        assert len(before) < len(read(whole, kind))  # the rest of June is gone
        assert any(r["date"] >= "2026-06-01" for r in before)  # June to the 10th is there
    won_by_then = [o for o in read(whole, "outlets") if o["acquired_on"] <= "2026-06-10"]
    assert read(cut, "outlets") == won_by_then
    assert len(won_by_then) < len(read(whole, "outlets"))  # outlets won later do not exist yet


@pytest.mark.django_db
def test_generate_data_through_refuses_a_day_outside_the_last_month():
    with pytest.raises(CommandError, match="not in the last month 2026-06"):
        call_command("generate_data", salesmen=2, months=1, end="2026-06", through="2026-07-02")
    with pytest.raises(CommandError, match="not a date"):
        call_command("generate_data", salesmen=2, months=1, through="2026-13-02")
