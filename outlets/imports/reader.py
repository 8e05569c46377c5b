"""Opening an import file: CSV (UTF-8, with or without BOM, comma) or XLSX (first sheet).

Every problem with the file as a whole becomes one `ImportFileError` with a sentence for the
user, never a traceback. Rows are streamed: a file of a million lines is never held in memory.
"""

from __future__ import annotations

import codecs
import csv
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .base import ImportFileError

# (row number in the file, cell texts); the header is row 1.
Cells = tuple[int, list[str]]

_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",  # JPEG
    b"%PDF",
    b"\xd0\xcf\x11\xe0",  # OLE2: old .xls / .doc
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
)


def _not_csv_or_xlsx() -> ImportFileError:
    return ImportFileError(_("The file is not a CSV or XLSX file."))


@contextmanager
def open_table(path: str | os.PathLike) -> Iterator[tuple[list[str], Iterator[Cells]]]:
    """Yield (header, rows) for the file at `path`, after the checks that need no parsing."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportFileError(_("The file cannot be read.")) from None
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: %(size)s MB, the limit is %(limit)s MB.")
            % {
                "size": _megabytes(size),
                "limit": _megabytes(settings.IMPORT_MAX_BYTES),
            }
        )
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        with _open_xlsx(path) as table:
            yield table
    else:
        if head.startswith(_BINARY_SIGNATURES) or b"\x00" in head:
            raise _not_csv_or_xlsx()
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file is not UTF-8 text: save the CSV as UTF-8, or upload an XLSX file.")
            ) from None
        with _open_csv(path) as table:
            yield table


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _header(cells: list) -> list[str]:
    return [str(cell if cell is not None else "").strip().lower() for cell in cells]


@contextmanager
def _open_csv(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError):
            raise _not_csv_or_xlsx() from None
        if header is None or not any(cell.strip() for cell in header):
            raise ImportFileError(_("The file is empty."))
        if len(header) == 1 and ";" in header[0]:
            raise ImportFileError(_("Columns must be separated by commas, not semicolons."))

        def rows() -> Iterator[Cells]:
            number = 1
            try:
                for number, cells in enumerate(reader, start=2):  # noqa: B007
                    yield number, cells
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("The file is not UTF-8 text (after row %(row)s).") % {"row": number}
                ) from None
            except csv.Error as exc:
                raise ImportFileError(
                    _("The CSV cannot be read after row %(row)s: %(error)s")
                    % {"row": number, "error": exc}
                ) from None

        yield _header(header), rows()


@contextmanager
def _open_xlsx(path: Path):
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError):
        raise _not_csv_or_xlsx() from None
    if "xl/workbook.xml" not in names:
        raise _not_csv_or_xlsx()
    # Checked before openpyxl opens anything: a small zip can inflate to gigabytes.
    uncompressed = sum(member.file_size for member in members)
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

    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        # Without defusedxml openpyxl parses XML entities: refuse rather than risk it.
        raise ImportFileError(_("XLSX import is unavailable: the defusedxml package is missing."))
    # A file object, not the path: openpyxl refuses paths without an .xlsx suffix, and the
    # upload page stores files under a random token.
    handle = path.open("rb")
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or hostile file
        handle.close()
        raise ImportFileError(_("The XLSX file cannot be read.")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        try:
            first = next(values, None)
        except Exception:
            raise ImportFileError(_("The XLSX file cannot be read.")) from None
        if first is None or not any(cell not in (None, "") for cell in first):
            raise ImportFileError(_("The file is empty."))

        def rows() -> Iterator[Cells]:
            number = 1
            try:
                for number, cells in enumerate(values, start=2):  # noqa: B007
                    yield number, [_cell_text(cell) for cell in cells]
            except ImportFileError:
                raise
            except Exception:
                raise ImportFileError(
                    _("The XLSX file cannot be read after row %(row)s.") % {"row": number}
                ) from None

        yield _header(first), rows()
    finally:
        workbook.close()
        handle.close()


def _cell_text(cell) -> str:
    """A typed XLSX cell as the text a CSV would hold for it."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time(0) else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
