"""The first sheet of an XLSX file, read with bounded time and memory.

An XLSX file is a zip of XML parts, and a few megabytes of zip can inflate to gigabytes of XML
(a "zip bomb"): openpyxl, even in read-only mode, loads the whole shared-string table into
Python objects and parses sheets element by element, which took minutes and gigabytes for such
files. This reader decompresses only the parts it needs (workbook, its relationships, styles,
shared strings, the first worksheet), checks each part's declared size and compression ratio
before inflating a byte of it, and parses them with expat in 64 KB chunks (the zip module never
inflates an entry beyond its declared size):

- the central directory may list at most `MAX_ENTRIES` entries (it is read before anything else:
  millions of tiny entries would cost memory before any part is opened);
- any part larger than `RATIO_FROM_BYTES` that inflates more than `IMPORT_MAX_XLSX_RATIO` times
  is refused (the ratio Apache POI's `ZipSecureFile` refuses; spreadsheets of real data inflate
  5–20 times);
- the worksheet is at most `IMPORT_MAX_XLSX_SHEET_BYTES`, the shared strings at most
  `IMPORT_MAX_XLSX_SHARED_STRINGS_BYTES` (kept as one UTF-8 buffer plus offsets, not a Python
  string each), every other part `MAX_PART_BYTES`;
- while the sheet is parsed, more than `SHEET_BYTES_PER_ROW` of XML per row holding a value
  (after the first `SHEET_BYTES_FREE`) is refused: XML that is not data stops within a second;
- at most `IMPORT_MAX_XLSX_ROWS` rows (Excel's own limit), values in at most `MAX_COLUMNS`
  columns, at most `MAX_CELL_CHARS` characters a cell (Excel's own limit);
- a document type declaration (the door to entity expansion) refuses the file.

Cell values read as openpyxl reads them in `data_only` mode (the cached result of a formula,
numbers as int or float, dates from the cell's number format and the workbook's 1900/1904 epoch),
then become the text a CSV would hold (`reader.cell_text`). Every refusal is an
`ImportFileError` naming what was refused; docs/contracts.md "Import files" lists the limits.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from posixpath import join, normpath
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .base import ImportFileError

MAX_ENTRIES = 10_000
MAX_PART_BYTES = 16 * 1024 * 1024
RATIO_FROM_BYTES = 1024 * 1024
MAX_COLUMNS = 64
MAX_CELL_CHARS = 32_767
SHEET_BYTES_FREE = 1024 * 1024
SHEET_BYTES_PER_ROW = 16 * 1024
MAX_PENDING_BYTES = 4 * 1024 * 1024
CHUNK = 64 * 1024
# What a broken or hostile zip or XML part raises while it is inflated and parsed.
_BROKEN = (
    expat.ExpatError,
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,  # an encrypted entry
    NotImplementedError,  # a compression method zipfile does not know
    struct.error,
)

_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO "strict" files
)
_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _names(local: str) -> frozenset[str]:
    return frozenset(f"{namespace}}}{local}" for namespace in _MAIN)


_ROW, _C, _V, _IS, _T, _RPH, _SI, _DIMENSION = (
    _names(local) for local in ("row", "c", "v", "is", "t", "rPh", "si", "dimension")
)
_SHEET, _WORKBOOK_PR, _NUMFMT, _CELLXFS, _XF = (
    _names(local) for local in ("sheet", "workbookPr", "numFmt", "cellXfs", "xf")
)
_RELATIONSHIP = f"{_PACKAGE_RELS}}}Relationship"
_R_ID = frozenset(f"{namespace}}}id" for namespace in _RELS)


class _Refused(Exception):
    """Raised inside an expat handler; carries the sentence for the user."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _cannot_read() -> ImportFileError:
    return ImportFileError(_("The XLSX file cannot be read."))


def _not_xlsx() -> ImportFileError:
    return ImportFileError(_("The file is not a CSV or XLSX file."))


# --- the zip ------------------------------------------------------------------------------------


def _entry_count(path: Path) -> int:
    """The number of entries the zip's end record announces, read before `ZipFile` builds an
    object for each of them."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 65_557))  # the end record (22 bytes) and a comment (< 64 KB)
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) < at + 22:
            raise _not_xlsx()
        entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
        locator = at - 20
        if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
            # Zip64: the real count is in the zip64 end record the locator points to.
            offset = struct.unpack("<Q", tail[locator + 8 : locator + 16])[0]
            handle.seek(offset)
            record = handle.read(56)
            if len(record) < 56 or record[:4] != b"PK\x06\x06":
                raise _not_xlsx()
            entries = struct.unpack("<Q", record[32:40])[0]
    return entries


class _Package:
    """The zip with the checks every part passes before it is inflated."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.members = {member.filename: member for member in archive.infolist()}

    def member(self, name: str, limit: int, what: str) -> zipfile.ZipInfo:
        member = self.members.get(name)
        if member is None:
            raise _cannot_read()
        if member.file_size > limit:
            raise ImportFileError(
                _(
                    "The XLSX file's %(part)s unpacks to %(size)s MB, more than the limit of "
                    "%(limit)s MB; split the file or upload it as CSV."
                )
                % {
                    "part": what,
                    "size": _megabytes(member.file_size),
                    "limit": _megabytes(limit),
                }
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_BYTES and ratio > settings.IMPORT_MAX_XLSX_RATIO:
            raise ImportFileError(
                _(
                    "The XLSX file's %(part)s unpacks %(ratio)s times (%(size)s MB from "
                    "%(packed)s MB), more than %(limit)s times: that is not spreadsheet data. "
                    "Save the file again from the spreadsheet program or upload it as CSV."
                )
                % {
                    "part": what,
                    "ratio": int(ratio),
                    "size": _megabytes(member.file_size),
                    "packed": _megabytes(member.compress_size),
                    "limit": settings.IMPORT_MAX_XLSX_RATIO,
                }
            )
        return member

    def feed(self, member: zipfile.ZipInfo, parser) -> Iterator[int]:
        """Inflate `member` chunk by chunk into `parser`; yields the bytes inflated so far after
        each chunk. Expat holds an unfinished token (a tag, an attribute) in memory until it
        ends: more than `MAX_PENDING_BYTES` of it is refused."""
        inflated = 0
        with self.archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                inflated += len(chunk)
                parser.Parse(chunk, False)
                if inflated - max(parser.CurrentByteIndex, 0) > MAX_PENDING_BYTES:
                    raise _Refused(
                        _("The XLSX file cannot be read: one XML tag is longer than %(limit)s MB.")
                        % {"limit": _megabytes(MAX_PENDING_BYTES)}
                    )
                yield inflated
        parser.Parse(b"", True)

    def parse(self, member: zipfile.ZipInfo, parser) -> None:
        """Feed a whole part to `parser` (its handlers collect what they need)."""
        for _inflated in self.feed(member, parser):
            pass


def _refuse_dtd(*args) -> None:
    raise _Refused(_("The XLSX file cannot be read: it declares a document type."))


def _parser(start=None, end=None, text=None):
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    # XLSX parts never carry a DTD; refusing it shuts the door to entity expansion.
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


# --- workbook, relationships, styles ------------------------------------------------------------


def _workbook(package: _Package) -> tuple[str, str | None, str | None, datetime]:
    """(first worksheet part, shared strings part, styles part, date epoch)."""
    found = {"sheet_rid": None, "epoch": CALENDAR_WINDOWS_1900}

    def start(name, attrs):
        if name in _SHEET and found["sheet_rid"] is None:
            found["sheet_rid"] = next((attrs[key] for key in attrs if key in _R_ID), None)
        elif name in _WORKBOOK_PR and attrs.get("date1904") in ("1", "true"):
            found["epoch"] = CALENDAR_MAC_1904

    package.parse(package.member("xl/workbook.xml", MAX_PART_BYTES, _("workbook")), _parser(start))
    targets: dict[str, tuple[str, str]] = {}

    def relationship(name, attrs):
        if name == _RELATIONSHIP and attrs.get("TargetMode") != "External":
            targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

    rels = package.member("xl/_rels/workbook.xml.rels", MAX_PART_BYTES, _("relationships"))
    package.parse(rels, _parser(relationship))

    def part(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))

    sheet = targets.get(found["sheet_rid"] or "")
    if sheet is None:
        raise ImportFileError(_("The file is empty."))
    by_type = {kind.rsplit("/", 1)[-1]: part(target) for kind, target in targets.values()}
    return part(sheet[1]), by_type.get("sharedStrings"), by_type.get("styles"), found["epoch"]


def _date_styles(package: _Package, name: str | None) -> tuple[frozenset, frozenset]:
    """The cell style numbers whose number format shows a date, and those showing a duration."""
    if name is None or name not in package.members:
        return frozenset(), frozenset()
    formats = dict(BUILTIN_FORMATS)
    style_formats: list[int] = []
    inside = [False]

    def start(element, attrs):
        if element in _NUMFMT:
            with suppress(ValueError):
                formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif element in _CELLXFS:
            inside[0] = True
        elif element in _XF and inside[0]:
            try:
                style_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                style_formats.append(0)

    def end(element):
        if element in _CELLXFS:
            inside[0] = False

    package.parse(package.member(name, MAX_PART_BYTES, _("styles")), _parser(start, end))
    dates, durations = set(), set()
    for style, number_format in enumerate(style_formats):
        code = formats.get(number_format, "")
        if code and is_date_format(code):
            dates.add(style)
            if is_timedelta_format(code):
                durations.add(style)
    return frozenset(dates), frozenset(durations)


# --- shared strings -----------------------------------------------------------------------------


class SharedStrings:
    """The workbook's string table as one UTF-8 buffer and an array of offsets: a few bytes per
    string instead of a Python object each."""

    def __init__(self):
        self.buffer = bytearray()
        self.offsets = array("Q", [0])

    def append(self, text: str) -> None:
        self.buffer += text.encode("utf-8")
        self.offsets.append(len(self.buffer))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> str:
        return self.buffer[self.offsets[index] : self.offsets[index + 1]].decode("utf-8")


def _shared_strings(package: _Package, name: str | None) -> SharedStrings:
    strings = SharedStrings()
    if name is None or name not in package.members:
        return strings
    member = package.member(
        name, settings.IMPORT_MAX_XLSX_SHARED_STRINGS_BYTES, _("shared strings")
    )
    parts: list[str] = []
    state = {"in_t": False, "phonetic": 0, "length": 0}

    def start(element, attrs):
        if element in _T and not state["phonetic"]:
            state["in_t"] = True
        elif element in _SI:
            parts.clear()
            state["length"] = 0
        elif element in _RPH:
            state["phonetic"] += 1

    def end(element):
        if element in _T:
            state["in_t"] = False
        elif element in _SI:
            strings.append("".join(parts))
        elif element in _RPH:
            state["phonetic"] -= 1

    def text(data):
        if state["in_t"]:
            state["length"] += len(data)
            if state["length"] > MAX_CELL_CHARS:
                raise _Refused(_too_long(_("a shared string")))
            parts.append(data)

    package.parse(member, _parser(start, end, text))
    return strings


def _too_long(where: str) -> str:
    return _(
        "The XLSX file cannot be read: %(where)s holds more than %(limit)s characters, "
        "more than a spreadsheet cell can."
    ) % {"where": where, "limit": f"{MAX_CELL_CHARS:,}"}


# --- the sheet ----------------------------------------------------------------------------------

_LETTERS: dict[str, int] = {}


def _column(letters: str) -> int:
    """0 for A, 25 for Z, 26 for AA …"""
    index = _LETTERS.get(letters)
    if index is None:
        index = 0
        for letter in letters:
            if not "A" <= letter <= "Z":
                raise _Refused(_("The XLSX file cannot be read."))
            index = index * 26 + ord(letter) - 64
        index -= 1
        if len(_LETTERS) < 20_000:
            _LETTERS[letters] = index
    return index


def _number(value: str):
    """As openpyxl's reader casts a number cell."""
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


class _SheetReader:
    """Expat handlers that turn `<row>`/`<c>` elements into (row number, cell values)."""

    def __init__(self, strings: SharedStrings, dates, durations, epoch, cell_text):
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch
        self.cell_text = cell_text
        self.max_rows = settings.IMPORT_MAX_XLSX_ROWS
        self.done: list[tuple[int, list]] = []
        self.rows_with_values = 0
        self.dimension_rows: int | None = None
        self.row_number = 0
        self.cells: list = []
        self.column = -1
        self.ref = ""
        self.type = "n"
        self.style = 0
        self.value: list[str] = []
        self.length = 0
        self.collecting = False
        self.inline = False
        self.phonetic = 0

    def start(self, name, attrs):
        if name in _C:
            ref = attrs.get("r")
            if ref:
                self.column = _column(ref.rstrip("0123456789"))
                self.ref = ref
            else:
                self.column += 1
                self.ref = ""
            self.type = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style and style.isdigit() else 0
            self.value = []
            self.length = 0
        elif name in _V:
            self.collecting = True
        elif name in _T:
            self.collecting = self.inline and not self.phonetic
        elif name in _ROW:
            number = attrs.get("r")
            self.row_number = int(number) if number and number.isdigit() else self.row_number + 1
            if self.row_number > self.max_rows:
                raise _Refused(
                    _("The first sheet has more than %(limit)s rows; split the file.")
                    % {"limit": f"{self.max_rows:,}"}
                )
            self.cells = []
            self.column = -1
        elif name in _IS:
            self.inline = True
        elif name in _RPH:
            self.phonetic += 1
        elif name in _DIMENSION:
            last = attrs.get("ref", "").rpartition(":")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$")
            if last.isdigit():
                self.dimension_rows = int(last)

    def end(self, name):
        if name in _V or name in _T:
            self.collecting = False
        elif name in _C:
            if self.value or self.type == "inlineStr":
                self._store("".join(self.value))
        elif name in _ROW:
            if self.cells:
                self.rows_with_values += 1
            self.done.append((self.row_number, self.cells))
        elif name in _IS:
            self.inline = False
        elif name in _RPH:
            self.phonetic -= 1

    def text(self, data):
        if self.collecting:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise _Refused(_too_long(_("cell %(cell)s") % {"cell": self._where()}))
            self.value.append(data)

    def _where(self) -> str:
        return self.ref or f"{self.row_number}:{self.column + 1}"

    def _store(self, raw: str) -> None:
        kind = self.type
        if kind == "inlineStr" or kind == "str" or kind == "e":
            value = raw
        elif not raw:
            return
        elif kind == "s":
            try:
                value = self.strings[int(raw)]
            except (ValueError, IndexError):
                raise _Refused(_("The XLSX file cannot be read.")) from None
        elif kind == "b":
            value = raw not in ("0", "false")
        elif kind == "d":
            try:
                value = datetime.fromisoformat(raw)
            except ValueError:
                value = raw
        else:
            try:
                value = _number(raw)
                if self.style in self.dates:
                    value = from_excel(value, self.epoch, timedelta=self.style in self.durations)
            except (ValueError, OverflowError):
                value = raw  # not a number, or a date out of range: the parsers say which
        text = self.cell_text(value)
        if not text:
            return
        column = self.column
        if column >= MAX_COLUMNS:
            raise _Refused(
                _(
                    "Cell %(cell)s is beyond the first %(limit)s columns the import reads; "
                    "delete what is there."
                )
                % {"cell": self._where(), "limit": MAX_COLUMNS}
            )
        cells = self.cells
        if column >= len(cells):
            cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = text


@contextmanager
def open_xlsx(path: Path, cell_text):
    """Yield (header, rows, total) of the first sheet: `rows` yields (row number, cell texts)
    with the header as row 1; `total` is the number of data rows the sheet announces (its
    dimension), or None. `cell_text` turns a typed value into the text a CSV would hold."""
    try:
        entries = _entry_count(path)
    except OSError:
        raise ImportFileError(_("The file cannot be read.")) from None
    if entries > MAX_ENTRIES:
        raise ImportFileError(
            _("The XLSX file holds %(count)s parts, more than %(limit)s; it is not a spreadsheet.")
            % {"count": f"{entries:,}", "limit": f"{MAX_ENTRIES:,}"}
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_xlsx() from None
    with archive:
        package = _Package(archive)
        if "xl/workbook.xml" not in package.members:
            raise _not_xlsx()
        # Checked before anything is inflated (each part is also checked on its own).
        uncompressed = sum(member.file_size for member in package.members.values())
        if uncompressed > settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES:
            raise ImportFileError(
                _(
                    "The XLSX file unpacks to %(size)s MB, more than the limit of %(limit)s MB; "
                    "split it or upload it as CSV."
                )
                % {
                    "size": _megabytes(uncompressed),
                    "limit": _megabytes(settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES),
                }
            )
        try:
            sheet_name, strings_name, styles_name, epoch = _workbook(package)
            sheet = package.member(
                sheet_name, settings.IMPORT_MAX_XLSX_SHEET_BYTES, _("first sheet")
            )
            dates, durations = _date_styles(package, styles_name)
            strings = _shared_strings(package, strings_name)
        except _Refused as exc:
            raise ImportFileError(str(exc)) from None
        except _BROKEN:
            raise _cannot_read() from None
        reader = _SheetReader(strings, dates, durations, epoch, cell_text)
        rows = _sheet_rows(package, sheet, reader)
        try:
            first = next(rows, None)
        except ImportFileError:
            raise
        if first is None or first[0] != 1 or not any(first[1]):
            raise ImportFileError(_("The file is empty."))
        total = None if reader.dimension_rows is None else max(reader.dimension_rows - 1, 0)
        yield [cell.strip().lower() for cell in first[1]], rows, total


def _sheet_rows(package: _Package, member, reader: _SheetReader) -> Iterator[tuple[int, list]]:
    parser = _parser(reader.start, reader.end, reader.text)
    done = reader.done
    last = 1
    try:
        for inflated in package.feed(member, parser):
            if inflated > SHEET_BYTES_FREE + reader.rows_with_values * SHEET_BYTES_PER_ROW:
                raise _Refused(
                    ngettext(
                        "The first sheet holds %(size)s MB of XML for %(rows)s row with a value: "
                        "that is not spreadsheet data. Save the file again from the spreadsheet "
                        "program or upload it as CSV.",
                        "The first sheet holds %(size)s MB of XML for %(rows)s rows with values: "
                        "that is not spreadsheet data. Save the file again from the spreadsheet "
                        "program or upload it as CSV.",
                        reader.rows_with_values,
                    )
                    % {"size": _megabytes(inflated), "rows": f"{reader.rows_with_values:,}"}
                )
            if done:
                last = done[-1][0]
                yield from done
                done.clear()
        yield from done
        done.clear()
    except _Refused as exc:
        raise ImportFileError(str(exc)) from None
    except _BROKEN:
        raise ImportFileError(
            _("The XLSX file cannot be read after row %(row)s.") % {"row": last}
        ) from None
