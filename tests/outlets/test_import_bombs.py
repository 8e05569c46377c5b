"""XLSX files under the size limit that inflate to hundreds of megabytes: refused by
`manage.py import_data` with bounded memory (a real process, its peak resident memory read from
the kernel), and each of the reader's limits on its own.

The bombs are built here with zipfile, streamed, never held in memory: a shared-string table and
a worksheet of about 400 MB of repetitive XML that compress to well under a megabyte. Before the
bounded reader (outlets/imports/xlsx.py) openpyxl loaded such a table whole: gigabytes and
minutes. How long the refusals take is measured in bench/bench_xlsx_bombs.py, not asserted here.
"""

import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from outlets.imports import ImportFileError, import_file
from outlets.imports import xlsx as xlsx_reader
from outlets.models import Outlet
from tests.outlets.test_import_service import OUTLETS

ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 300
MB = 1024 * 1024
HEADER = OUTLETS.strip().splitlines()[0].split(",")


MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER_CELLS = b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % c.encode() for c in HEADER)
PARTS = {
    "[Content_Types].xml": (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        b'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ' + MAIN + b" "
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxml'
        b'formats.org/officeDocument/2006/relationships/worksheet"/>'
        b'<Relationship Id="rId2" Target="sharedStrings.xml" Type="http://schemas.openxml'
        b'formats.org/officeDocument/2006/relationships/sharedStrings"/>'
        b'<Relationship Id="rId3" Target="/xl/styles.xml" Type="http://schemas.openxml'
        b'formats.org/officeDocument/2006/relationships/styles"/></Relationships>'
    ),
    "xl/styles.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet ' + MAIN + b">"
        b'<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        b'<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        b'<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
        b"</styleSheet>"
    ),
    "xl/sharedStrings.xml": b"<sst " + MAIN + b"/>",
    "xl/worksheets/sheet1.xml": (
        b"<worksheet " + MAIN + b'><sheetData><row r="1">' + HEADER_CELLS + b"</row>"
        b"</sheetData></worksheet>"
    ),
}


def workbook(path: Path, parts: dict | None = None, *, streamed: dict | None = None) -> Path:
    """A minimal XLSX as Excel lays it out (shared strings, styles with a date format), with
    `parts` replacing some of them; `streamed` parts are (head, unit, size, tail): `unit`
    repeated to about `size` bytes, written a megabyte at a time."""
    parts = {**PARTS, **(parts or {})}
    streamed = streamed or {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            if name not in streamed:
                target.writestr(name, data)
        for name, (head, unit, size, tail) in streamed.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            block = unit * max(1, MB // len(unit))
            with target.open(info, "w", force_zip64=True) as entry:
                entry.write(head)
                written = 0
                while written < size:
                    entry.write(block)
                    written += len(block)
                entry.write(tail)
    return path


def shared_strings_bomb(tmp_path, size=400 * MB) -> Path:
    """A workbook whose shared-string table holds the header's strings and then `size` bytes of
    the same short string over and over."""
    strings = b"".join(b"<si><t>%s</t></si>" % cell.encode() for cell in HEADER)
    sheet = (
        b"<worksheet "
        + MAIN
        + b'><sheetData><row r="1">'
        + b"".join(b'<c t="s"><v>%d</v></c>' % i for i in range(len(HEADER)))
        + b"</row></sheetData></worksheet>"
    )
    return workbook(
        tmp_path / "strings-bomb.xlsx",
        {"xl/worksheets/sheet1.xml": sheet},
        streamed={
            "xl/sharedStrings.xml": (
                b"<sst " + MAIN + b">" + strings,
                b"<si><t>Warung Bu Siti</t></si>",
                size,
                b"</sst>",
            )
        },
    )


def sheet_bomb(tmp_path, size=400 * MB) -> Path:
    """A workbook whose first sheet holds the header and then `size` bytes of the same row of
    inline strings over and over."""
    row = (
        b'<row><c t="inlineStr"><is><t>O9</t></is></c>'
        b'<c t="inlineStr"><is><t>Toko</t></is></c></row>'
    )
    head = b"<worksheet " + MAIN + b'><sheetData><row r="1">' + HEADER_CELLS + b"</row>"
    return workbook(
        tmp_path / "sheet-bomb.xlsx",
        streamed={"xl/worksheets/sheet1.xml": (head, row, size, b"</sheetData></worksheet>")},
    )


def run_import(path: Path) -> tuple[int, str, int]:
    """`manage.py import_data outlets PATH` in its own process: (exit status, stderr, peak RSS in
    MB). The process is killed as soon as its resident memory passes the limit.

    The peak is the child's own high-water mark (`VmHWM`, which starts afresh when the child
    execs), sampled until it exits, not `ru_maxrss`: Linux carries `ru_maxrss` across fork and
    exec, so a child forked from a large pytest process reports the parent's size."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_data", "outlets", str(path)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    killed = []
    high_water = [0]  # kB

    def watch():
        deadline = time.monotonic() + 300  # generous: a hung import fails, it does not hang CI
        # /proc tells when the child is gone; process.poll() here could reap it before the
        # main thread's wait4 and leave that with "No child processes".
        while True:
            try:
                argv = Path(f"/proc/{process.pid}/cmdline").read_bytes()  # first: then status
                status = Path(f"/proc/{process.pid}/status").read_text()  # is after the exec
            except OSError:
                return
            if "State:\tZ" in status:  # exited, not reaped yet
                return
            if b"import_data" not in argv:  # not exec'd yet: still pytest's copy
                time.sleep(0.005)
                continue
            fields = {
                line.split(":")[0]: int(line.split()[1])
                for line in status.splitlines()
                if line.startswith(("VmRSS", "VmHWM"))
            }
            rss = fields.get("VmRSS", 0)
            high_water[0] = max(high_water[0], fields.get("VmHWM", 0))
            if rss > PEAK_LIMIT_MB * 1024 or time.monotonic() > deadline:
                killed.append(rss // 1024)
                process.kill()
                return
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stderr = process.stderr.read().decode()
    _pid, status, _usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    watcher.join()
    peak = high_water[0] // 1024
    assert not killed, f"killed at {killed[0]} MB resident (limit {PEAK_LIMIT_MB} MB)"
    return process.returncode, stderr, peak


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.django_db
def test_a_shared_strings_bomb_is_refused_with_bounded_memory(tmp_path):
    path = shared_strings_bomb(tmp_path)
    assert path.stat().st_size < 5 * MB
    status, stderr, peak = run_import(path)
    assert status == 1
    assert "The XLSX file's shared strings unpacks" in stderr, stderr
    assert "Traceback" not in stderr
    assert peak <= PEAK_LIMIT_MB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.django_db
def test_a_sheet_bomb_is_refused_with_bounded_memory(tmp_path):
    path = sheet_bomb(tmp_path)
    assert path.stat().st_size < 5 * MB
    status, stderr, peak = run_import(path)
    assert status == 1
    assert "The XLSX file's first sheet unpacks" in stderr, stderr
    assert "Traceback" not in stderr
    assert peak <= PEAK_LIMIT_MB


# --- each limit on its own, in this process -------------------------------------------------------


def refusal(path) -> str:
    with pytest.raises(ImportFileError) as exc:
        import_file(kind="outlets", path=path)
    return str(exc.value)


def test_a_bomb_below_the_ratio_is_refused_by_the_part_size(world, tmp_path, settings):
    settings.IMPORT_MAX_XLSX_RATIO = 100_000
    settings.IMPORT_MAX_XLSX_SHARED_STRINGS_BYTES = 8 * MB
    path = shared_strings_bomb(tmp_path, size=8 * MB + 1)
    assert refusal(path) == (
        f"The XLSX file's shared strings unpacks to {unpacked(path, 'xl/sharedStrings.xml')} MB, "
        "more than the limit of 8.0 MB; split the file or upload it as CSV."
    )
    settings.IMPORT_MAX_XLSX_SHEET_BYTES = 8 * MB
    path = sheet_bomb(tmp_path, size=8 * MB + 1)
    assert refusal(path) == (
        f"The XLSX file's first sheet unpacks to {unpacked(path, 'xl/worksheets/sheet1.xml')} "
        "MB, more than the limit of 8.0 MB; split the file or upload it as CSV."
    )


def unpacked(path, part) -> str:
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo(part).file_size
    assert 8 * MB < size < 10 * MB
    return f"{size / MB:.1f}"


def test_a_sheet_of_xml_that_is_not_data_stops_early(world, tmp_path, settings, monkeypatch):
    """Below every size and ratio limit, a sheet whose XML holds no rows of values is refused
    after its first megabyte, not parsed to its end."""
    settings.IMPORT_MAX_XLSX_RATIO = 100_000
    path = _sheet_file(tmp_path, b"<row/>" * (3 * MB // 6))
    fed = []
    real_feed = xlsx_reader._Package.feed

    def counting_feed(self, member, parser):
        for inflated in real_feed(self, member, parser):
            fed.append(inflated)
            yield inflated

    monkeypatch.setattr(xlsx_reader._Package, "feed", counting_feed)
    assert refusal(path) == (
        "The first sheet holds 1.1 MB of XML for 1 row with a value: that is not spreadsheet "
        "data. Save the file again from the spreadsheet program or upload it as CSV."
    )
    assert max(fed) < 1.2 * MB  # of the 3 MB part


def test_one_endless_tag_is_refused(world, tmp_path, settings):
    settings.IMPORT_MAX_XLSX_RATIO = 100_000
    path = workbook(
        tmp_path / "tag.xlsx", {"xl/styles.xml": b'<styleSheet a="' + b"x" * (6 * MB) + b'"/>'}
    )
    assert refusal(path) == "The XLSX file cannot be read: one XML tag is longer than 4.0 MB."


def _sheet_file(tmp_path, rows: bytes, name="s.xlsx") -> Path:
    sheet = (
        b"<worksheet "
        + MAIN
        + b'><sheetData><row r="1">'
        + HEADER_CELLS
        + b"</row>"
        + rows
        + b"</sheetData></worksheet>"
    )
    return workbook(tmp_path / name, {"xl/worksheets/sheet1.xml": sheet})


def test_rows_columns_and_cell_lengths_are_bounded(world, tmp_path, settings):
    settings.IMPORT_MAX_XLSX_ROWS = 3
    path = _sheet_file(
        tmp_path, b'<row r="2"><c><v>1</v></c></row><row r="4"><c><v>1</v></c></row>'
    )
    assert refusal(path) == "The first sheet has more than 3 rows; split the file."
    settings.IMPORT_MAX_XLSX_ROWS = 1_048_576
    path = _sheet_file(tmp_path, b'<row r="2"><c r="BM2"><v>1</v></c></row>')
    assert refusal(path) == (
        "Cell BM2 is beyond the first 64 columns the import reads; delete what is there."
    )
    # A styled empty cell far to the right is no value: it is skipped, not refused.
    path = _sheet_file(tmp_path, b'<row r="2"><c r="XFD2" s="0"/></row>')
    assert import_file(kind="outlets", path=path).rows == 0
    long = b"x" * 32_768
    path = _sheet_file(
        tmp_path, b'<row r="2"><c r="B2" t="inlineStr"><is><t>' + long + b"</t></is></c></row>"
    )
    assert refusal(path) == (
        "The XLSX file cannot be read: cell B2 holds more than 32,767 characters, more than a "
        "spreadsheet cell can."
    )
    assert Outlet.objects.count() == 0


def test_a_zip_of_too_many_entries_is_refused_before_it_is_listed(world, tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        target.writestr("xl/workbook.xml", b"<workbook/>")
        for number in range(10_001):
            target.writestr(f"x/{number}", b"")
    assert (
        refusal(path)
        == "The XLSX file holds 10,002 parts, more than 10,000; it is not a spreadsheet."
    )


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml"])
def test_a_document_type_in_any_part_refuses_the_file(world, tmp_path, part):
    data = PARTS[part]
    if not data.startswith(b"<?xml"):
        data = b'<?xml version="1.0"?>' + data
    data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
    path = workbook(tmp_path / "dtd.xlsx", {part: data})
    assert refusal(path) == "The XLSX file cannot be read: it declares a document type."


def test_a_utf16_csv_is_refused_with_the_hint_to_save_it_as_csv_utf8(world, tmp_path, client):
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(OUTLETS.encode(encoding))
        assert refusal(path) == (
            'The file is UTF-16 text: save it as "CSV UTF-8 (comma delimited)", or upload an '
            "XLSX file."
        )


def test_what_excel_writes_reads_as_the_csv_would(world, tmp_path):
    """Shared strings (with rich-text runs and a phonetic guide that is not part of the text),
    a date through a custom and a built-in date format, numbers, a boolean, a formula's cached
    value, a cell with no value, and row numbers as in the sheet."""
    strings = (
        b"<sst "
        + MAIN
        + b">"
        + b"".join(b"<si><t>%s</t></si>" % cell.encode() for cell in HEADER)
        + b"<si><r><t>Warung </t></r><r><rPr><b/></rPr><t>Bu Siti</t></r>"
        b'<rPh sb="0" eb="1"><t>ignored</t></rPh></si>'
        b"<si><t>O1</t></si><si><t>A1</t></si>" + b"</sst>"
    )
    header = b"".join(
        b'<c r="%s1" t="s"><v>%d</v></c>' % (chr(65 + i).encode(), i) for i in range(9)
    )
    row = (
        b'<row r="3"><c r="A3" t="s"><v>10</v></c><c r="B3" t="s"><v>9</v></c>'
        b'<c r="C3" t="str"><f>"G"&amp;"T"</f><v>GT</v></c>'
        b'<c r="D3" t="inlineStr"><is><t>warung</t></is></c>'
        b'<c r="E3" t="inlineStr"><is><t>Jakarta Timur</t></is></c>'
        b'<c r="F3" t="s"><v>11</v></c><c r="G3" t="b"><v>0</v></c>'
        b'<c r="H3" s="1"><v>46145</v></c><c r="I3" t="s"><v>11</v></c></row>'
    )
    sheet = (
        b"<worksheet "
        + MAIN
        + b'><dimension ref="A1:I3"/><sheetData><row r="1">'
        + header
        + b'</row><row r="2"><c r="A2" s="2"/></row>'
        + row
        + b"</sheetData></worksheet>"
    )
    path = workbook(
        tmp_path / "excel.xlsx",
        {"xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": sheet},
    )
    report = import_file(kind="outlets", path=path)
    assert (report.ok, report.rows, report.created) == (True, 1, 1), report.errors
    outlet = Outlet.objects.get(code="O1")
    assert (outlet.name, outlet.channel, outlet.type, outlet.key_account) == (
        "Warung Bu Siti",
        "GT",
        "warung",
        False,
    )
    assert outlet.acquired_on.isoformat() == "2026-05-03"
    assert outlet.salesman.code == outlet.acquired_by.code == "A1"
    # A bad cell is reported with the sheet's row number (3), not its position among rows.
    bad = workbook(
        tmp_path / "bad.xlsx",
        {
            "xl/sharedStrings.xml": strings,
            "xl/worksheets/sheet1.xml": sheet.replace(b"<v>46145</v>", b"<v>x</v>"),
        },
    )
    report = import_file(kind="outlets", path=bad)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "acquired_on", "x")]
