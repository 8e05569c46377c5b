"""The pieces every import kind is made of: the report, the errors, the registry and the cell
parsers. See the package docstring (`outlets/imports/__init__.py`) for how a kind is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.models import Role

# An import lists at most this many bad rows; the rest are counted (a file of a million bad rows
# must not take a million error objects of memory to say so).
MAX_LISTED_ERRORS = 10_000


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not CSV/XLSX, empty, wrong header, too large…).

    `str(exc)` is one clear sentence for the user; no row was stored.
    """


class CellError(Exception):
    """Raised by a cell parser; `reason` says what is wrong with the value."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RowError:
    row: int  # as in the file: the header is row 1
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s, value %(value)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "value": repr(self.value),
            "reason": self.reason,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ImportReport:
    kind: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # every bad cell, also those beyond MAX_LISTED_ERRORS

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors_cut(self) -> int:
        return self.error_count - len(self.errors)

    def add_error(self, row: int, column: str, value: Any, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(RowError(row, column, "" if value is None else str(value), reason))

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "errors": [error.as_dict() for error in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        """The report `as_dict` gave (an import job keeps its report as JSON)."""
        return cls(
            kind=data["kind"],
            dry_run=data["dry_run"],
            rows=data["rows"],
            created=data["created"],
            updated=data["updated"],
            unchanged=data["unchanged"],
            errors=[RowError(**error) for error in data["errors"]],
            error_count=data["error_count"],
        )


@dataclass(frozen=True)
class Counts:
    created: int = 0
    updated: int = 0


# A validated row: its number in the file and the parsed values, in the kind's column order.
Row = tuple[int, list]

SALES_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.ADMIN})


class ImportKind:
    """One kind of import file. Subclass it, set the class attributes, implement the methods,
    and `register()` the class. A fresh instance serves one import."""

    name: ClassVar[str]
    label: ClassVar[Any]  # a lazy translatable label for the upload form
    columns: ClassVar[tuple[str, ...]]  # header columns in docs/contracts.md order
    optional_columns: ClassVar[frozenset[str]] = frozenset()  # the header may leave these out
    key_columns: ClassVar[tuple[str, ...]] = ()  # default: the first column
    # Who may import it in the browser and the API (the command may import every kind).
    roles: ClassVar[frozenset[str]] = SALES_ROLES

    def __init__(self, *, by, report: ImportReport, direct_copy: bool = False, late: bool = False):
        self.by = by
        self.report = report
        # Late data: rows dated in locked months are accepted and recorded as late
        # (`org.periods.record_late_change`) instead of refused.
        self.late = late
        # PostgreSQL only: try COPY straight into the table first (see tables.write_table).
        self.direct_copy = direct_copy

    @classmethod
    def key(cls) -> tuple[str, ...]:
        return cls.key_columns or cls.columns[:1]

    @classmethod
    def allowed_for(cls, user) -> bool:
        if user is None:
            return True
        return user.is_authenticated and (user.is_superuser or user.role in cls.roles)

    def error(self, row: int, column: str, value: Any, reason: str) -> None:
        self.report.add_error(row, column, value, reason)

    def prepare(self) -> None:
        """Load what the parsers look up (code → id dictionaries), once per import."""

    def parsers(self) -> dict[str, Callable[[str], Any]]:
        """Column name → parser of the stripped cell text (raise `CellError` when bad)."""
        raise NotImplementedError

    def write(self, rows: Iterator[Row]) -> Counts:
        """Store the validated rows (consume them all); may report more errors with
        `self.error(...)`. Runs inside the import's transaction, rolled back on any error."""
        raise NotImplementedError


_REGISTRY: dict[str, type[ImportKind]] = {}


def register(kind: type[ImportKind]) -> type[ImportKind]:
    """Make a kind importable by the command, the upload page and the API (usable as a class
    decorator). Registering a name again replaces the earlier kind."""
    _REGISTRY[kind.name] = kind
    return kind


def registered_kinds() -> dict[str, type[ImportKind]]:
    return dict(_REGISTRY)


def get_kind(name: str) -> type[ImportKind] | None:
    return _REGISTRY.get(name)


# --- cell parsers -----------------------------------------------------------------------------
# Each factory returns a function of the stripped cell text. They are called once per cell of
# files of a million rows, so they stay small and avoid work on the happy path.


def required_missing() -> CellError:
    return CellError(_("a value is required"))


def text(max_length: int, *, required: bool = True) -> Callable[[str], str | None]:
    def parse(value: str) -> str | None:
        if not value:
            if required:
                raise required_missing()
            return None
        if len(value) > max_length:
            raise CellError(_("longer than %(max)s characters") % {"max": max_length})
        if "\t" in value or "\n" in value or "\r" in value or "\x00" in value:
            raise CellError(_("contains a tab or a line break"))
        return value

    return parse


def blank_text(max_length: int) -> Callable[[str], str]:
    """An optional text stored as '' when blank (CharFields are never NULL)."""
    inner = text(max_length, required=False)
    return lambda value: inner(value) if value else ""


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def a_date(*, required: bool = True) -> Callable[[str], date | None]:
    cache: dict[str, date] = {}

    def parse(value: str) -> date | None:
        found = cache.get(value)
        if found is not None:
            return found
        if not value:
            if required:
                raise required_missing()
            return None
        if not _DATE.fullmatch(value):
            raise CellError(_("not a date (YYYY-MM-DD)"))
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise CellError(_("not a date (YYYY-MM-DD)")) from None
        cache[value] = parsed
        return parsed

    return parse


def a_decimal(
    *,
    max_digits: int,
    places: int,
    maximum: Decimal | None = None,
    required: bool = True,
    negative: bool = False,
) -> Callable[[str], Decimal | None]:
    """A decimal with `.` as separator, fitting DecimalField(max_digits, places); non-negative
    unless `negative` (an order line's quantity and amount: a return)."""
    pattern = re.compile(r"-?(\d+)(?:\.(\d+))?")
    whole_digits = max_digits - places

    def parse(value: str) -> Decimal | None:
        if value.isdigit() and len(value) <= whole_digits and value.isascii():
            number = Decimal(value)  # the common case, a whole number: no regex
            if maximum is None or number <= maximum:
                return number
        if not value:
            if required:
                raise required_missing()
            return None
        match = pattern.fullmatch(value)
        if match is None:
            raise CellError(_("not a number (digits, with . for decimals)"))
        whole, fraction = match.groups()
        if not negative and value[0] == "-" and (whole.strip("0") or (fraction or "").strip("0")):
            raise CellError(_("must not be negative"))
        if fraction and len(fraction.rstrip("0")) > places:
            raise CellError(_("at most %(places)s decimal places") % {"places": places})
        if len(whole.lstrip("0")) > whole_digits:
            raise CellError(_("too large"))
        number = Decimal(value)
        if maximum is not None and number > maximum:
            raise CellError(_("must be at most %(max)s") % {"max": maximum})
        return number

    return parse


_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def a_boolean(*, default: bool | None = None) -> Callable[[str], bool]:
    """true/false/yes/no/1/0 (any case); a blank cell is `default`, or required when None."""

    def parse(value: str) -> bool:
        if not value:
            if default is None:
                raise required_missing()
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise CellError(_("not a boolean (true/false, yes/no, 1/0)"))

    return parse


def a_choice(choices: set[str], reason: Any) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not value:
            raise required_missing()
        if value not in choices:
            raise CellError(str(reason))
        return value

    return parse


def a_positive_int(*, default: int, maximum: int = 32767) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not value:
            return default
        if not value.isdigit() or not 1 <= int(value) <= maximum:
            raise CellError(_("not a whole number from 1 to %(max)s") % {"max": maximum})
        return int(value)

    return parse


def a_reference(
    lookup: dict[str, int], reason: Any, *, required: bool = True
) -> Callable[[str], int | None]:
    """A code resolved to an id through a dictionary loaded once (`prepare`)."""

    def parse(value: str) -> int | None:
        found = lookup.get(value)
        if found is not None:
            return found
        if not value:
            if required:
                raise required_missing()
            return None
        raise CellError(str(reason))

    return parse


UNKNOWN_SALESMAN = gettext_lazy("unknown salesman code")
UNKNOWN_OUTLET = gettext_lazy("unknown outlet code")
UNKNOWN_SKU = gettext_lazy("unknown SKU")
WRONG_CHANNEL = gettext_lazy("channel must be GT or MT")
WRONG_ROLE = gettext_lazy("role must be salesman, supervisor or manager")
