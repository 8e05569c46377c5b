"""Late data (docs/contracts.md "Returns, late data and prior-period corrections"): with
`--late` / the upload page's box / `late=true`, rows dated in a locked month are taken and the
month recorded as changed late; managers, HR and admins only; without it nothing changes."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from org.models import LateChange, Period
from outlets.imports import ImportFileError, import_file
from outlets.imports.forms import UploadForm
from outlets.models import OrderLine, Outlet
from tests.outlets.test_import_service import ORDERS, field, write  # noqa: F401

MAY = date(2026, 5, 1)
LATE = ORDERS + "SO9,2026-05-30,A1,O1,P1,1,1000\n"


@pytest.fixture
def locked_may(field, tmp_path):  # noqa: F811
    assert import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS)).ok
    Period.objects.filter(month=MAY).update(locked_at=timezone.now())
    return field


def test_without_the_flag_a_locked_month_is_still_refused(locked_may, tmp_path):
    report = import_file(kind="orders", path=write(tmp_path, "late.csv", LATE))
    assert [(e.row, e.reason) for e in report.errors] == [(5, "month 2026-05 is locked")]
    assert not LateChange.objects.exists()


def test_a_late_import_takes_the_rows_and_records_the_month(locked_may, tmp_path):
    report = import_file(
        kind="orders", path=write(tmp_path, "late.csv", LATE), late=True, by=locked_may.manager_a
    )
    assert (report.ok, report.created, report.unchanged) == (True, 1, 3)
    assert OrderLine.objects.get(order_no="SO9").amount == Decimal(1000)
    [change] = LateChange.objects.all()
    assert (change.month, change.kind, change.rows, change.by, change.source) == (
        MAY,
        "orders",
        4,
        locked_may.manager_a,
        "late.csv",
    )
    # whose figures the rows can change: the file's salesmen and outlets (restated alone)
    assert change.salesmen == sorted([locked_may.andi.pk, locked_may.budi.pk])
    assert change.outlets == sorted(
        Outlet.objects.filter(code__in=["O1", "O2"]).values_list("pk", flat=True)
    )


def test_the_command_takes_late(locked_may, tmp_path):
    out = StringIO()
    call_command("import_data", "orders", str(write(tmp_path, "l.csv", LATE)), "--late", stdout=out)
    assert out.getvalue() == "orders: 4 rows read, 1 created, 0 updated, 3 unchanged\n"
    assert LateChange.objects.get().by is None  # the command


def test_a_supervisor_may_not_import_late(locked_may, tmp_path):
    with pytest.raises(ImportFileError, match="late data"):
        import_file(
            kind="orders",
            path=write(tmp_path, "late.csv", LATE),
            late=True,
            by=locked_may.supervisor_a,
        )
    api = APIClient()
    api.force_authenticate(locked_may.supervisor_a)
    with open(write(tmp_path, "late.csv", LATE), "rb") as upload:
        response = api.post("/api/v1/imports/", {"kind": "orders", "file": upload, "late": True})
    assert response.status_code == 400 and list(response.json()) == ["late"]
    assert not OrderLine.objects.filter(order_no="SO9").exists()
    # the upload page offers the box to those who may only
    assert "late" not in UploadForm(user=locked_may.supervisor_a).fields
    assert "late" in UploadForm(user=locked_may.manager_a).fields


def test_the_api_takes_late_from_a_manager(locked_may, tmp_path):
    api = APIClient()
    api.force_authenticate(locked_may.manager_a)
    with open(write(tmp_path, "late.csv", LATE), "rb") as upload:
        response = api.post("/api/v1/imports/", {"kind": "orders", "file": upload, "late": True})
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1
    assert LateChange.objects.get().month == MAY


@pytest.mark.skipif(
    "postgresql" not in __import__("django.db").db.connection.vendor, reason="PostgreSQL ANALYZE"
)
def test_a_large_import_refreshes_the_planner_statistics(
    field,  # noqa: F811
    tmp_path,
    settings,
    django_capture_on_commit_callbacks,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.IMPORT_ANALYZE_MIN_ROWS = 3
    april = ORDERS + "SO7,2026-04-28,A1,O1,P1,1,1000\n"
    with (
        CaptureQueriesContext(connection) as context,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert import_file(kind="orders", path=write(tmp_path, "o.csv", april)).created == 4
    # The partitions of the months written (outlets/partitions.py), not the import's staging,
    # nor the other months: the cost follows the import, not the history kept.
    analyzed = 'ANALYZE "outlets_orderline_2026_04", "outlets_orderline_2026_05"'
    table = 'ANALYZE "outlets_orderline'
    assert [q["sql"] for q in context.captured_queries if q["sql"].startswith(table)] == [analyzed]
    settings.IMPORT_ANALYZE_MIN_ROWS = 4  # a smaller import leaves them to autovacuum
    with (
        CaptureQueriesContext(connection) as context,
        django_capture_on_commit_callbacks(execute=True),
    ):
        import_file(kind="orders", path=write(tmp_path, "o.csv", LATE.replace("SO9", "SO8")))
    assert not [q for q in context.captured_queries if q["sql"].startswith(table)]
