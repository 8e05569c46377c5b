"""spm.xlsx_stream: the streaming XLSX writer of the large exports gives the cells openpyxl's own
write-only workbook gives (read back by openpyxl), keeps text exactly (escaping, spaces, tab,
carriage return) and drops what XML cannot hold."""

import io
import zipfile
from decimal import Decimal as D

from openpyxl import Workbook, load_workbook

from spm.xlsx_stream import XlsxStream, column_letter

ROWS = [
    ["period", "salesman", "name", "amount", "value", "flag", "empty"],
    ["2026-06", "A1", "Andi & <Co>", 3_400_000, D("116.6667"), True, None],
    ["2026-06", "A2", "  spaced  ", -125_000, D("0.00"), False, ""],
    ["2026-06", "A3", '\'=HYPERLINK("x")', 0, D("112.22"), None, "tab\there"],
    ["2026-06", "A4", "Budi \"B\" 'b'", 10**15, 1.5, None, "ünïcødé — Rp"],
]


def read(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def stream(sheets: dict[str, list]) -> bytes:
    target = io.BytesIO()
    with XlsxStream(target) as book:
        for title, rows in sheets.items():
            book.sheet(title, iter(rows))
    return target.getvalue()


def with_openpyxl(sheets: dict[str, list]) -> bytes:
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    target = io.BytesIO()
    book.save(target)
    return target.getvalue()


def test_the_cells_are_those_openpyxl_writes():
    sheets = {"summary": ROWS, "lines & more": ROWS[:2]}
    assert read(stream(sheets)) == read(with_openpyxl(sheets))
    assert read(stream(sheets))["summary"][1] == (
        "2026-06",
        "A1",
        "Andi & <Co>",
        3400000,
        116.6667,
        True,
        None,
    )


def test_text_is_kept_exactly_and_illegal_characters_dropped():
    rows = [["a\rb", "x\x00y\x1fz", "line\nbreak", " lead", "trail "]]
    assert read(stream({"s": rows}))["s"] == [("a\rb", "xyz", "line\nbreak", " lead", "trail ")]


def test_wide_rows_and_an_empty_sheet():
    row = list(range(30))
    sheets = read(stream({"wide": [row], "none": []}))
    assert sheets["wide"] == [tuple(row)]
    assert sheets["none"] == []
    assert [column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_the_package_parts():
    data = stream({"summary": ROWS[:1], "lines": ROWS[:1]})
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        assert sorted(package.namelist()) == [
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        ]
        assert package.getinfo("xl/worksheets/sheet1.xml").compress_type == zipfile.ZIP_DEFLATED


def test_rows_are_written_as_they_come():
    """The sheet reads its rows once, as an iterator: nothing asks for their number or keeps
    them (a generator of a million rows is fine)."""
    seen = []

    def rows():
        for n in range(2500):
            seen.append(n)
            yield [n, f"row {n}"]

    target = io.BytesIO()
    with XlsxStream(target) as book:
        assert book.sheet("big", rows()) == 2500
    assert len(seen) == 2500
    sheet = read(target.getvalue())["big"]
    assert sheet[0] == (0, "row 0") and sheet[-1] == (2499, "row 2499") and len(sheet) == 2500
