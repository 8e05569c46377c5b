"""Andi end to end: field data imported from CSV files (as a company would send them), the
scorecard template and plan documents, close_period, his statement and the HR export."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import translation

from incentives.demo_plans import GT_PLAN
from incentives.payouts.export import export_payouts
from incentives.payouts.services import approve_run, close_period, lock_run
from incentives.plans.documents import import_plan
from kpi.documents import save_template_document
from org.models import Role, User
from org.visibility import all_salesmen_for_system
from outlets.imports import import_file
from tests.kpi.factories import gt_document

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)


def write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def files(tmp_path):
    """Andi's June 2026 as import files: Rp 550.000.000 in 22 orders, 35 outlets acquired in
    June, 440 visits over 22 field days; targets 500 jt / 30 outlets / 18 visits a day."""
    days = [JUNE + timedelta(days=i) for i in range(22)]
    outlets = [f"TK-{i:03d}" for i in range(35)]
    return {
        "salesmen": write(
            tmp_path / "salesmen.csv",
            ["code", "name", "role", "channel", "team", "reports_to", "email", "active", "level"],
            [
                ["rina", "Rina Manager", "manager", "GT", "", "", "rina@x.id", "yes", "1"],
                ["sari", "Sari Supervisor", "supervisor", "GT", "GT Timur", "rina", "", "yes", ""],
                ["andi", "Andi Saputra", "salesman", "GT", "GT Timur", "sari", "", "yes", "1"],
                ["budi", "Budi Santoso", "salesman", "GT", "GT Timur", "sari", "", "yes", "1"],
            ],
        ),
        "products": write(
            tmp_path / "products.csv",
            ["sku", "name", "category", "new_product"],
            [["TEH-350", "Teh botol 350 ml", "Minuman", "no"]],
        ),
        "outlets": write(
            tmp_path / "outlets.csv",
            [
                "code",
                "name",
                "channel",
                "type",
                "territory",
                "salesman",
                "key_account",
                "acquired_on",
                "acquired_by",
            ],
            [
                [code, f"Warung {i}", "GT", "warung", "Jakarta Timur", "andi", "no"]
                + [days[i % 22].isoformat(), "andi"]
                for i, code in enumerate(outlets)
            ],
        ),
        "visits": write(
            tmp_path / "visits.csv",
            ["visit_id", "date", "salesman", "outlet"],
            [
                [f"V-{d:02d}-{k:02d}", day.isoformat(), "andi", outlets[(d * 20 + k) % 35]]
                for d, day in enumerate(days)
                for k in range(20)
            ],
        ),
        "orders": write(
            tmp_path / "orders.csv",
            ["order_no", "date", "salesman", "outlet", "sku", "quantity", "amount"],
            [
                [f"SO-{d:02d}", day.isoformat(), "andi", outlets[(d * 20) % 35], "TEH-350"]
                + ["5000", "25000000"]
                for d, day in enumerate(days)
            ],
        ),
        "targets": write(
            tmp_path / "targets.csv",
            ["period", "salesman", "kpi", "target"],
            [
                ["2026-06", "andi", "revenue", "500000000"],
                ["2026-06", "andi", "new_outlets", "30"],
                ["2026-06", "andi", "visits_per_day", "18"],
            ],
        ),
    }


def test_andi_from_imported_files_to_statement_and_export(files):
    for kind in ("salesmen", "products", "outlets", "visits", "orders"):
        report = import_file(kind=kind, path=files[kind])
        assert report.ok, (kind, [str(e) for e in report.errors])
    save_template_document(document=gt_document(), by=None)
    report = import_file(kind="targets", path=files["targets"])
    assert report.ok, [str(e) for e in report.errors]
    import_plan(document=GT_PLAN, by=None)

    run = close_period(month=JUNE)
    andi = run.lines.filter(salesman__code="andi").order_by("position")
    assert [(line.rule_code, line.value, line.amount) for line in andi] == [
        ("rev-full", 110, 2_000_000),
        ("rev-step", 110, 500_000),
        ("new-outlets", 35, 400_000),
        ("visits", 20, 500_000),
    ]

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    User.objects.filter(username="andi").update(role=Role.SALESMAN)
    client.force_login(User.objects.get(username="andi"))
    response = client.get("/incentives/statements/andi/2026-06/")
    assert response.status_code == 200
    assert 'id="statement-total">Rp 3,400,000<' in response.content.decode()  # English page

    manager = User.objects.get(username="rina")
    hr = User.objects.create(username="hr1", role=Role.HR)
    lock_run(run=approve_run(run=run, by=manager), by=hr)
    with translation.override("en"):
        summary = export_payouts(run=run, fmt="csv", people=all_salesmen_for_system()).decode(
            "utf-8-sig"
        )
    rows = list(csv.reader(io.StringIO(summary)))
    assert rows == [
        [
            "period",
            "salesman",
            "name",
            "team",
            "channel",
            "total_score",
            "amount",
            "rewards",
            "employee_id",
        ],
        ["2026-06", "andi", "Andi Saputra", "GT Timur", "GT", "112.22", "3400000", "", ""],
        ["2026-06", "budi", "Budi Santoso", "GT Timur", "GT", "0.00", "0", "", ""],
    ]

    # The month is now locked: late orders for June are refused, and nothing was stored.
    late = write(
        files["orders"].parent / "late.csv",
        ["order_no", "date", "salesman", "outlet", "sku", "quantity", "amount"],
        [["SO-LATE", "2026-06-29", "andi", "TK-000", "TEH-350", "1", "1000000"]],
    )
    with translation.override("en"):
        report = import_file(kind="orders", path=late)
    assert not report.ok
    assert "2026-06" in report.errors[0].reason and "locked" in report.errors[0].reason
    # Targets of the locked month cannot change either.
    with translation.override("en"):
        report = import_file(kind="targets", path=files["targets"])
    assert not report.ok
    error = report.errors[0]
    assert (error.column, error.value) == ("period", "2026-06")
    assert "locked" in error.reason
