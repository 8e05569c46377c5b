"""The import service: every kind, every bad row named, all or nothing, idempotent re-import,
CSV and XLSX alike, and the whole-file refusals."""

import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from org.models import Period, Role, Salesman, Team, Territory, User
from outlets.imports import ImportFileError, import_file
from outlets.models import OrderLine, Outlet, Product, ShelfAudit, Visit

OUTLETS = """code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by
O1,Warung Bu Siti,GT,warung,Jakarta Timur,A1,false,2026-05-03,A1
O2,Toko Jaya,GT,toko,Bekasi,A2,no,,
O3,Superindo Cibubur,MT,supermarket,Jakarta Timur,B1,yes,2026-05-20,B1
"""

PRODUCTS = """sku,name,category,new_product
P1,Teh Botol 450ml,Minuman,false
P2,Kopi Susu 200ml,Minuman,true
"""

ORDERS = """order_no,date,salesman,outlet,sku,quantity,amount
SO1,2026-05-03,A1,O1,P1,10,50000
SO1,2026-05-03,A1,O1,P2,2,30000.50
SO2,2026-05-04,A2,O2,P1,1,5000
"""


def write(tmp_path, name, content, *, bom=False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + content.encode())
    return path


@pytest.fixture
def field(world, tmp_path):
    """The world plus three outlets and two products, imported."""
    assert import_file(kind="outlets", path=write(tmp_path, "o.csv", OUTLETS)).ok
    assert import_file(kind="products", path=write(tmp_path, "p.csv", PRODUCTS)).ok
    return world


def errors_of(report):
    return [(e.row, e.column, e.value, e.reason) for e in report.errors]


def test_outlets_file_creates_outlets_and_missing_territories(world, tmp_path):
    report = import_file(kind="outlets", path=write(tmp_path, "o.csv", OUTLETS))
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    siti = Outlet.objects.get(code="O1")
    assert siti.name == "Warung Bu Siti"
    assert siti.salesman == world.andi and siti.acquired_by == world.andi
    assert siti.acquired_on == date(2026, 5, 3)
    assert siti.territory.name == "Jakarta Timur"
    assert Outlet.objects.get(code="O3").key_account is True
    assert Outlet.objects.get(code="O2").acquired_on is None
    assert Territory.objects.filter(name__in=["Jakarta Timur", "Bekasi"]).count() == 2


def test_products_file(world, tmp_path):
    report = import_file(kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    assert (report.created, report.updated) == (2, 0)
    assert list(Product.objects.values_list("sku", "category", "new_product")) == [
        ("P1", "Minuman", False),
        ("P2", "Minuman", True),
    ]


def test_orders_file_stores_each_line(field, tmp_path):
    report = import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS))
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    line = OrderLine.objects.get(order_no="SO1", product__sku="P2")
    assert line.amount == Decimal("30000.50")
    assert line.quantity == Decimal("2")
    assert line.salesman == field.andi
    assert line.date == date(2026, 5, 3)
    assert OrderLine.objects.filter(order_no="SO1").count() == 2


def test_visits_file(field, tmp_path):
    content = "visit_id,date,salesman,outlet\nV1,2026-05-03,A1,O1\nV2,2026-05-04,A1,O2\n"
    report = import_file(kind="visits", path=write(tmp_path, "v.csv", content))
    assert (report.created, report.updated) == (2, 0)
    assert list(Visit.objects.order_by("visit_id").values_list("visit_id", "outlet__code")) == [
        ("V1", "O1"),
        ("V2", "O2"),
    ]


def test_audits_file(field, tmp_path):
    content = (
        "audit_id,date,salesman,outlet,planogram_compliance,osa,share_of_shelf\n"
        "AU1,2026-05-20,B1,O3,85.5,92,30.25\n"
    )
    report = import_file(kind="audits", path=write(tmp_path, "a.csv", content))
    assert report.created == 1
    audit = ShelfAudit.objects.get()
    assert (audit.planogram_compliance, audit.osa, audit.share_of_shelf) == (
        Decimal("85.5"),
        Decimal("92"),
        Decimal("30.25"),
    )


SALESMEN = """code,name,role,channel,team,reports_to,email,active,level
M1,Maya Sari,manager,GT,,,maya@example.com,true,
S1,Sari Wulandari,supervisor,GT,GT Timur,M1,,yes,1
X1,Andi Saputra,salesman,GT,GT Timur,S1,,1,2
X2,Budi Santoso,salesman,GT,GT Timur,S1,,0,1
"""


def test_salesmen_file_creates_logins_teams_and_the_chain(db, tmp_path):
    report = import_file(kind="salesmen", path=write(tmp_path, "s.csv", SALESMEN))
    assert (report.rows, report.created, report.updated) == (4, 4, 0)
    andi = Salesman.objects.select_related("user", "team", "reports_to").get(code="X1")
    assert andi.user.username == "X1"
    assert andi.user.role == Role.SALESMAN
    assert not andi.user.has_usable_password()
    assert (andi.user.first_name, andi.user.last_name) == ("Andi", "Saputra")
    assert andi.level == 2
    assert andi.reports_to.code == "S1"
    assert Salesman.objects.get(code="X2").active is False
    assert User.objects.get(username="X2").is_active is False
    team = Team.objects.get(name="GT Timur")
    assert team.channel == "GT"
    assert team.supervisor.username == "S1"
    assert team.manager.username == "M1"
    assert User.objects.get(username="M1").email == "maya@example.com"
    assert Salesman.objects.get(code="M1").level == 1  # level left blank: default 1


def test_salesmen_file_without_the_optional_level_column(db, tmp_path):
    content = "code,name,role,channel,team,reports_to,email,active\nM1,Maya,manager,GT,,,,true\n"
    report = import_file(kind="salesmen", path=write(tmp_path, "s.csv", content))
    assert report.ok and report.created == 1
    assert Salesman.objects.get(code="M1").level == 1


def test_salesmen_reimport_is_unchanged_and_a_change_updates(db, tmp_path):
    import_file(kind="salesmen", path=write(tmp_path, "s.csv", SALESMEN))
    again = import_file(kind="salesmen", path=write(tmp_path, "s.csv", SALESMEN))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = SALESMEN.replace(
        "X2,Budi Santoso,salesman,GT,GT Timur,S1,,0,1",
        "X2,Budi Santoso,salesman,GT,GT Timur,S1,,1,3",
    )
    report = import_file(kind="salesmen", path=write(tmp_path, "s2.csv", changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    budi = Salesman.objects.get(code="X2")
    assert (budi.level, budi.active, budi.user.is_active) == (3, True, True)


def test_salesmen_reports_to_must_be_known_or_an_earlier_row(db, tmp_path):
    content = """code,name,role,channel,team,reports_to,email,active,level
X1,Andi,salesman,GT,GT Timur,S1,,true,1
S1,Sari,supervisor,GT,GT Timur,M9,,true,1
S2,Sinta,supervisor,GT,GT Timur,,,true,1
X3,Cici,salesman,MT,GT Timur,X3,,true,1
X4,Dodi,salesman,GT,,,,maybe,0
X5,Eko,director,GT,GT Timur,,,true,1
"""
    report = import_file(kind="salesmen", path=write(tmp_path, "s.csv", content))
    assert errors_of(report) == [
        (2, "reports_to", "S1", "unknown salesman code"),
        (3, "reports_to", "M9", "unknown salesman code"),
        (4, "role", "supervisor", "team GT Timur already has its supervisor in row 3"),
        (5, "reports_to", "X3", "a person cannot report to himself"),
        (5, "channel", "MT", "team GT Timur is GT"),
        (6, "active", "maybe", "not a boolean (true/false, yes/no, 1/0)"),
        (6, "level", "0", "not a whole number from 1 to 32767"),
        (7, "role", "director", "role must be salesman, supervisor or manager"),
    ]
    assert Salesman.objects.count() == 0 and Team.objects.count() == 0


def test_several_bad_rows_are_all_named_and_nothing_is_stored(field, tmp_path):
    content = """order_no,date,salesman,outlet,sku,quantity,amount
SO1,2026-05-03,A1,O1,P1,10,50000
SO2,2026-13-01,A1,O1,P1,10,50000
SO3,2026-05-03,NOPE,O9,PX,-1,abc
SO1,2026-05-03,A1,O1,P1,1,1
SO4,2026-05-03,A1,O1,P1,1.234,
SO5,2026-05-03,A1,O1,P1,1,1
SO5,2026-05-04,A1,O1,P2,1,1
"""
    report = import_file(kind="orders", path=write(tmp_path, "bad.csv", content))
    assert not report.ok
    assert errors_of(report) == [
        (3, "date", "2026-13-01", "not a date (YYYY-MM-DD)"),
        (4, "salesman", "NOPE", "unknown salesman code"),
        (4, "outlet", "O9", "unknown outlet code"),
        (4, "sku", "PX", "unknown SKU"),
        (4, "amount", "abc", "not a number (digits, with . for decimals)"),
        (5, "order_no", "SO1", "duplicate key: the same order_no + sku as row 2"),
        (6, "quantity", "1.234", "at most 2 decimal places"),
        (6, "amount", "", "a value is required"),
        (8, "date", "2026-05-04", "order SO5 has another date in row 7"),
    ]
    assert report.rows == 7
    assert OrderLine.objects.count() == 0


def test_outlet_rows_name_wrong_channel_boolean_and_missing_values(world, tmp_path):
    content = """code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by
O1,Warung,XX,warung,,A1,perhaps,03/05/2026,A1
O2,,GT,,,,,,
"""
    report = import_file(kind="outlets", path=write(tmp_path, "o.csv", content))
    assert errors_of(report) == [
        (2, "channel", "XX", "channel must be GT or MT"),
        (2, "key_account", "perhaps", "not a boolean (true/false, yes/no, 1/0)"),
        (2, "acquired_on", "03/05/2026", "not a date (YYYY-MM-DD)"),
        (3, "name", "", "a value is required"),
        (3, "type", "", "a value is required"),
    ]
    assert Outlet.objects.count() == 0


def test_reimport_changes_nothing_and_a_changed_row_updates(field, tmp_path):
    first = import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS))
    assert first.created == 3
    again = import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS))
    assert (again.rows, again.created, again.updated, again.unchanged) == (3, 0, 0, 3)
    changed = ORDERS.replace("SO2,2026-05-04,A2,O2,P1,1,5000", "SO2,2026-05-04,A2,O2,P1,2,10000")
    report = import_file(kind="orders", path=write(tmp_path, "ord2.csv", changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    line = OrderLine.objects.get(order_no="SO2")
    assert (line.quantity, line.amount) == (Decimal("2"), Decimal("10000"))
    assert OrderLine.objects.count() == 3


def test_dry_run_counts_but_stores_nothing(field, tmp_path):
    report = import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS), dry_run=True)
    assert (report.ok, report.dry_run, report.created) == (True, True, 3)
    assert OrderLine.objects.count() == 0


def test_bom_is_read_like_plain_utf8(world, tmp_path):
    report = import_file(kind="outlets", path=write(tmp_path, "o.csv", OUTLETS, bom=True))
    assert report.ok and report.created == 3
    assert Outlet.objects.filter(code="O1").exists()


def _xlsx(path, content: str):
    """The CSV content as an XLSX first sheet, with real dates and numbers in the cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for number, line in enumerate(content.strip().splitlines()):
        cells = []
        for cell in line.split(","):
            if number and len(cell) == 10 and cell[4] == "-":
                cells.append(date.fromisoformat(cell))
            elif number and cell.replace(".", "", 1).isdigit():
                cells.append(float(cell) if "." in cell else int(cell))
            else:
                cells.append(cell or None)
        sheet.append(cells)
    workbook.create_sheet("ignored").append(["not", "read"])
    workbook.save(path)
    return path


def _stored_orders():
    return sorted(
        OrderLine.objects.values_list(
            "order_no",
            "date",
            "salesman__code",
            "outlet__code",
            "product__sku",
            "quantity",
            "amount",
        )
    )


def test_xlsx_and_csv_give_the_same_result(field, tmp_path, django_db_blocker):
    csv_report = import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS), dry_run=True)
    xlsx_path = _xlsx(tmp_path / "ord.xlsx", ORDERS)
    xlsx_report = import_file(kind="orders", path=xlsx_path)
    assert xlsx_report.as_dict() | {"dry_run": True} == csv_report.as_dict()
    from_xlsx = _stored_orders()
    OrderLine.objects.all().delete()
    import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS))
    assert _stored_orders() == from_xlsx
    assert from_xlsx[1] == (
        "SO1",
        date(2026, 5, 3),
        "A1",
        "O1",
        "P2",
        Decimal("2"),
        Decimal("30000.5"),
    )
    # And the XLSX re-import after the CSV changes nothing.
    again = import_file(kind="orders", path=xlsx_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_xlsx_bad_rows_are_numbered_as_in_the_sheet(field, tmp_path):
    path = _xlsx(tmp_path / "bad.xlsx", ORDERS.replace("SO2,2026-05-04,A2", "SO2,2026-05-04,ZZ"))
    report = import_file(kind="orders", path=path)
    assert errors_of(report) == [(4, "salesman", "ZZ", "unknown salesman code")]


def refused(tmp_path, kind, path) -> str:
    with pytest.raises(ImportFileError) as exc:
        import_file(kind=kind, path=path)
    return str(exc.value)


def test_wrong_header_is_one_clear_error(world, tmp_path):
    path = write(
        tmp_path,
        "h.csv",
        "order_no,date,salesman,outlet,sku,qty,amount\nSO1,2026-05-03,A1,O1,P1,1,1\n",
    )
    assert refused(tmp_path, "orders", path) == (
        "Wrong header for orders: missing column(s): quantity; unknown column(s): qty. "
        "Expected: order_no,date,salesman,outlet,sku,quantity,amount."
    )
    semicolons = write(tmp_path, "s.csv", "sku;name;category;new_product\nP1;Teh;;0\n")
    assert refused(tmp_path, "products", semicolons) == (
        "Columns must be separated by commas, not semicolons."
    )


def test_a_picture_or_a_zip_is_not_csv_or_xlsx(world, tmp_path):
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert refused(tmp_path, "outlets", png) == "The file is not a CSV or XLSX file."
    archive = tmp_path / "outlets.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("outlets.csv", OUTLETS)
    assert refused(tmp_path, "outlets", archive) == "The file is not a CSV or XLSX file."
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,name\nO1,Caf\xe9 Bu Siti\n".encode("latin-1"))
    assert refused(tmp_path, "outlets", latin).startswith("The file is not UTF-8 text")


def test_empty_file(world, tmp_path):
    assert refused(tmp_path, "outlets", write(tmp_path, "e.csv", "")) == "The file is empty."
    assert refused(tmp_path, "outlets", write(tmp_path, "b.csv", "", bom=True)) == (
        "The file is empty."
    )


def test_unknown_kind(world, tmp_path):
    message = refused(tmp_path, "shipments", write(tmp_path, "o.csv", OUTLETS))
    assert message.startswith("Unknown kind 'shipments'; choose one of: ")
    assert "audits, holidays, orders, outlets, products, salesmen" in message


def test_oversize_file_is_refused_before_reading(world, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    path = write(tmp_path, "o.csv", OUTLETS)
    assert path.stat().st_size > 100
    assert refused(tmp_path, "outlets", path) == (
        "The file is too large: 0.0 MB, the limit is 0.0 MB."
    )
    assert Outlet.objects.count() == 0


def test_xlsx_over_the_uncompressed_limit_is_refused_before_it_is_opened(
    world, tmp_path, settings, monkeypatch
):
    path = _xlsx(tmp_path / "o.xlsx", OUTLETS)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = unpacked - 1

    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open an oversize file")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    assert refused(tmp_path, "outlets", path).startswith("The XLSX file unpacks to")
    settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = unpacked
    monkeypatch.undo()
    assert import_file(kind="outlets", path=path).created == 3


def test_xlsx_with_an_xml_entity_attack_is_refused(world, tmp_path):
    path = _xlsx(tmp_path / "o.xlsx", OUTLETS)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = (
                    b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + data
                )
            target.writestr(member, data)
    assert refused(tmp_path, "outlets", hostile).startswith("The XLSX file cannot be read")
    assert Outlet.objects.count() == 0


def test_rows_in_a_locked_month_are_refused(field, tmp_path):
    import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS))
    # The import took the month's lock, creating its Period row.
    Period.objects.filter(month=date(2026, 5, 1)).update(locked_at=timezone.now())
    content = ORDERS + "SO9,2026-05-30,A1,O1,P1,1,1000\nSO10,2026-06-01,A1,O1,P1,1,1000\n"
    content = content.replace("SO2,2026-05-04,A2,O2,P1,1,5000", "SO2,2026-05-04,A2,O2,P1,1,6000")
    report = import_file(kind="orders", path=write(tmp_path, "late.csv", content))
    # The unchanged May lines pass; the changed one and the late new one are refused.
    assert errors_of(report) == [
        (4, "date", "2026-05-04", "month 2026-05 is locked"),
        (5, "date", "2026-05-30", "month 2026-05 is locked"),
    ]
    assert not OrderLine.objects.filter(order_no__in=["SO9", "SO10"]).exists()
    assert OrderLine.objects.get(order_no="SO2").amount == Decimal("5000")
    # Moving a line out of the locked month changes the locked month too.
    moved = ORDERS.replace("SO2,2026-05-04", "SO2,2026-06-04")
    report = import_file(kind="orders", path=write(tmp_path, "moved.csv", moved))
    assert errors_of(report) == [(4, "date", "2026-06-04", "month 2026-05 is locked")]


def test_a_month_locked_after_the_import_read_the_locks_is_still_refused(
    field, tmp_path, monkeypatch
):
    """The locks read in `prepare` may be stale (a payout run locked while the file was being
    validated): the writer takes the months' row locks and decides under them."""
    Period.objects.update_or_create(month=date(2026, 5, 1), defaults={"locked_at": timezone.now()})
    monkeypatch.setattr("outlets.imports.kinds.locked_months", lambda: set())
    report = import_file(kind="orders", path=write(tmp_path, "late.csv", ORDERS))
    assert errors_of(report) == [
        (2, "date", "2026-05-03", "month 2026-05 is locked"),
        (3, "date", "2026-05-03", "month 2026-05 is locked"),
        (4, "date", "2026-05-04", "month 2026-05 is locked"),
    ]
    assert not OrderLine.objects.exists()


def test_locked_month_applies_to_new_outlets_acquired_in_it(world, tmp_path):
    Period.objects.create(month=date(2026, 5, 1), locked_at=timezone.now())
    report = import_file(kind="outlets", path=write(tmp_path, "o.csv", OUTLETS))
    assert errors_of(report) == [
        (2, "acquired_on", "2026-05-03", "month 2026-05 is locked"),
        (4, "acquired_on", "2026-05-20", "month 2026-05 is locked"),
    ]
    assert Outlet.objects.count() == 0


def test_an_importer_sees_only_his_teams_codes(field, tmp_path):
    content = "visit_id,date,salesman,outlet\nV1,2026-05-03,A1,O1\nV2,2026-05-03,B1,O3\n"
    path = write(tmp_path, "v.csv", content)
    report = import_file(kind="visits", path=path, by=field.supervisor_a)
    assert errors_of(report) == [(3, "salesman", "B1", "unknown salesman code")]
    assert import_file(kind="visits", path=path, by=field.manager_b).error_count == 1
    assert import_file(kind="visits", path=path, by=field.admin).created == 2


def test_an_importer_cannot_overwrite_rows_of_another_team(field, tmp_path):
    import_file(
        kind="visits",
        path=write(tmp_path, "v.csv", "visit_id,date,salesman,outlet\nV1,2026-05-03,B1,O3\n"),
    )
    path = write(tmp_path, "v2.csv", "visit_id,date,salesman,outlet\nV1,2026-05-03,A1,O1\n")
    report = import_file(kind="visits", path=path, by=field.supervisor_a)
    assert errors_of(report) == [(2, "visit_id", "V1", "stored for a salesman outside your teams")]
    assert Visit.objects.get().salesman == field.dewi


def test_blank_lines_are_skipped_and_extra_cells_refused(world, tmp_path):
    content = PRODUCTS + ",,,\n\nP3,Susu,Minuman,false,oops\n"
    report = import_file(kind="products", path=write(tmp_path, "p.csv", content))
    assert report.rows == 3
    assert errors_of(report) == [
        (6, "(beyond the header)", "oops", "more cells than the header has columns")
    ]


def test_a_new_first_row_before_stored_ones_still_updates_them(field, tmp_path):
    """The first key is new, so the import first tries a plain COPY into the table; the stored
    keys further down send it through the staging table instead, with the same result."""
    import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS))
    content = (
        "order_no,date,salesman,outlet,sku,quantity,amount\n"
        "SO0,2026-05-02,A1,O1,P1,1,5000\n"
        + ORDERS.splitlines()[1]
        + "\n"
        + "SO2,2026-05-04,A2,O2,P1,3,15000\n"
    )
    report = import_file(kind="orders", path=write(tmp_path, "more.csv", content))
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 1, 1, 1)
    assert OrderLine.objects.count() == 4
    assert OrderLine.objects.get(order_no="SO2").amount == Decimal("15000")
    assert OrderLine.objects.get(order_no="SO0").amount == Decimal("5000")
