"""Opening an import file: CSV (UTF-8, with or without BOM, comma) or XLSX (first sheet).

Every problem with the file as a whole becomes one `ImportFileError` with a sentence for the
user, never a traceback. Rows are streamed: a file of a million lines is never held in memory.
XLSX files are read by `xlsx.py` within its limits on sizes, ratios, rows and cells.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .base import ImportFileError
from .xlsx import open_xlsx

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
def open_table(
    path: str | os.PathLike,
) -> Iterator[tuple[list[str], Iterator[Cells], int | None]]:
    """Yield (header, rows, total) for the file at `path`, after the checks that need no
    parsing. `total` is the number of data rows an XLSX sheet announces (its dimension), or
    None (a CSV, or a sheet without one); it is not checked against the rows read."""
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
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            not head.startswith(_BINARY_SIGNATURES) and _is_utf16(head)
        ):
            raise ImportFileError(
                _(
                    'The file is UTF-16 text: save it as "CSV UTF-8 (comma delimited)", '
                    "or upload an XLSX file."
                )
            )
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


def _is_utf16(head: bytes) -> bool:
    """Without a byte order mark, UTF-16 text has a NUL byte beside every ASCII character."""
    sample = head[:1024]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > len(even) * 0.4 or odd.count(0) > len(odd) * 0.4


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

        yield _header(header), rows(), None


@contextmanager
def _open_xlsx(path: Path):
    with open_xlsx(path, cell_text) as table:
        yield table


def cell_text(cell) -> str:
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
