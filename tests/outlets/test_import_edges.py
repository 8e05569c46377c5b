"""Import edge cases the main service tests leave open: XLSX opened read-only and only with
defusedxml, every kind idempotent on re-import and updated by a changed row, and the same rules
on the ORM writer that a laptop's SQLite uses (CI runs on PostgreSQL, which takes COPY)."""

import zipfile
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import openpyxl.xml
import pytest
from django.utils import timezone

from org.models import Period
from outlets.imports import ImportFileError, import_file
from outlets.imports import tables as import_tables
from outlets.models import OrderLine, Outlet, Product, ShelfAudit, Visit
from tests.outlets.test_import_service import ORDERS, OUTLETS, PRODUCTS, _xlsx, errors_of, write

VISITS = """visit_id,date,salesman,outlet
V1,2026-05-03,A1,O1
V2,2026-05-04,A2,O2
"""
AUDITS = """audit_id,date,salesman,outlet,planogram_compliance,osa,share_of_shelf
AU1,2026-05-20,B1,O3,85.5,92,30.25
AU2,2026-05-21,B1,O3,90,95,31
"""


@pytest.fixture
def field(world, tmp_path):
    assert import_file(kind="outlets", path=write(tmp_path, "o.csv", OUTLETS)).ok
    assert import_file(kind="products", path=write(tmp_path, "p.csv", PRODUCTS)).ok
    return world


@pytest.fixture
def orm_writer(monkeypatch):
    """Send every write through the batched ORM writer, as on SQLite."""
    monkeypatch.setattr(import_tables, "connection", SimpleNamespace(vendor="sqlite"))

    def no_copy(*args, **kwargs):
        raise AssertionError("COPY used instead of the ORM writer")

    monkeypatch.setattr(import_tables, "_write_copy", no_copy)
    monkeypatch.setattr(import_tables, "_copy_direct", no_copy)


def test_xlsx_is_streamed_by_the_bounded_reader_not_loaded_by_openpyxl(
    world, tmp_path, monkeypatch
):
    """openpyxl, even read-only, loads the whole shared-string table: the import never asks it
    to open a workbook (outlets/imports/xlsx.py parses the parts itself, within its limits)."""
    path = _xlsx(tmp_path / "o.xlsx", OUTLETS)

    def must_not_load(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_load)
    assert import_file(kind="outlets", path=path).created == 3


def test_defusedxml_is_what_openpyxl_parses_with():
    assert openpyxl.xml.DEFUSEDXML is True


def test_xlsx_refuses_a_document_type_without_defusedxml(world, tmp_path, monkeypatch):
    """The reader refuses any DTD itself; it does not depend on openpyxl's defusedxml switch."""
    path = _xlsx(tmp_path / "o.xlsx", OUTLETS)
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert import_file(kind="outlets", path=path).created == 3
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data
            target.writestr(member, data)
    with pytest.raises(ImportFileError) as exc:
        import_file(kind="outlets", path=hostile)
    assert str(exc.value) == "The XLSX file cannot be read: it declares a document type."


def _snapshot():
    return {
        "outlets": sorted(
            Outlet.objects.values_list(
                "code", "name", "channel", "type", "territory__name", "salesman__code", "active"
            )
        ),
        "products": sorted(Product.objects.values_list("sku", "name", "category", "new_product")),
        "visits": sorted(Visit.objects.values_list("visit_id", "date", "outlet__code")),
        "orders": sorted(OrderLine.objects.values_list("order_no", "product__sku", "amount")),
        "audits": sorted(ShelfAudit.objects.values_list("audit_id", "osa")),
    }


# kind → (file, the same file with one row changed, a check of the changed row)
KINDS = {
    "outlets": (
        OUTLETS,
        OUTLETS.replace("Toko Jaya", "Toko Jaya Abadi"),
        lambda: Outlet.objects.get(code="O2").name == "Toko Jaya Abadi",
    ),
    "products": (
        PRODUCTS,
        PRODUCTS.replace("P1,Teh Botol 450ml,Minuman,false", "P1,Teh Botol 450ml,Minuman,true"),
        lambda: Product.objects.get(sku="P1").new_product is True,
    ),
    "visits": (
        VISITS,
        VISITS.replace("V2,2026-05-04,A2,O2", "V2,2026-05-05,A2,O2"),
        lambda: Visit.objects.get(visit_id="V2").date == date(2026, 5, 5),
    ),
    "orders": (
        ORDERS,
        ORDERS.replace("SO2,2026-05-04,A2,O2,P1,1,5000", "SO2,2026-05-04,A2,O2,P1,1,5500"),
        lambda: OrderLine.objects.get(order_no="SO2").amount == Decimal("5500"),
    ),
    "audits": (
        AUDITS,
        AUDITS.replace("AU2,2026-05-21,B1,O3,90,95,31", "AU2,2026-05-21,B1,O3,90,97.5,31"),
        lambda: ShelfAudit.objects.get(audit_id="AU2").osa == Decimal("97.5"),
    ),
}


def _reimport_then_change(kind, tmp_path):
    content, changed, check = KINDS[kind]
    rows = content.count("\n") - 1
    first = import_file(kind=kind, path=write(tmp_path, "first.csv", content))
    assert first.ok, errors_of(first)
    before = _snapshot()
    again = import_file(kind=kind, path=write(tmp_path, "again.csv", content))
    assert (again.rows, again.created, again.updated, again.unchanged) == (rows, 0, 0, rows)
    assert _snapshot() == before
    report = import_file(kind=kind, path=write(tmp_path, "changed.csv", changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, rows - 1)
    assert check()
    after = _snapshot()
    assert [name for name in after if after[name] != before[name]] == [kind]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_reimports_unchanged_and_a_changed_row_updates(field, tmp_path, kind):
    if kind in ("outlets", "products"):
        Outlet.objects.all().delete()
        Product.objects.all().delete()
        if kind == "products":
            assert import_file(kind="outlets", path=write(tmp_path, "o.csv", OUTLETS)).ok
    _reimport_then_change(kind, tmp_path)


@pytest.mark.parametrize("kind", ["visits", "orders", "audits"])
def test_the_orm_writer_reimports_unchanged_and_updates_changed_rows(
    field, tmp_path, orm_writer, kind
):
    _reimport_then_change(kind, tmp_path)


def test_the_orm_writer_refuses_locked_months_and_other_teams_rows(field, tmp_path, orm_writer):
    assert import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS)).created == 3
    # The import took the month's lock, creating its Period row.
    Period.objects.filter(month=date(2026, 5, 1)).update(locked_at=timezone.now())
    late = ORDERS + "SO9,2026-05-30,A1,O1,P1,1,1000\n"
    report = import_file(kind="orders", path=write(tmp_path, "late.csv", late))
    assert errors_of(report) == [(5, "date", "2026-05-30", "month 2026-05 is locked")]
    moved = ORDERS.replace("SO2,2026-05-04", "SO2,2026-06-04")
    report = import_file(kind="orders", path=write(tmp_path, "moved.csv", moved))
    assert errors_of(report) == [(4, "date", "2026-06-04", "month 2026-05 is locked")]
    assert OrderLine.objects.get(order_no="SO2").date == date(2026, 5, 4)

    import_file(
        kind="visits",
        path=write(tmp_path, "v.csv", "visit_id,date,salesman,outlet\nV7,2026-06-03,B1,O3\n"),
    )
    path = write(tmp_path, "v2.csv", "visit_id,date,salesman,outlet\nV7,2026-06-03,A1,O1\n")
    report = import_file(kind="visits", path=path, by=field.supervisor_a)
    assert errors_of(report) == [(2, "visit_id", "V7", "stored for a salesman outside your teams")]
    assert Visit.objects.get(visit_id="V7").salesman == field.dewi


def test_the_orm_writer_decides_under_the_month_locks(field, tmp_path, orm_writer, monkeypatch):
    """Locks read before the write may be stale; the writer takes the months' row locks."""
    Period.objects.update_or_create(month=date(2026, 5, 1), defaults={"locked_at": timezone.now()})
    monkeypatch.setattr("outlets.imports.kinds.locked_months", lambda: set())
    report = import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS))
    assert errors_of(report) == [
        (2, "date", "2026-05-03", "month 2026-05 is locked"),
        (3, "date", "2026-05-03", "month 2026-05 is locked"),
        (4, "date", "2026-05-04", "month 2026-05 is locked"),
    ]
    assert not OrderLine.objects.exists()
