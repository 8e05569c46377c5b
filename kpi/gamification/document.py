"""The gamification document (docs/contracts.md "Gamification document"), pure: read and check
one JSON document of boards, badges and levels. Every problem is named with its path
(`boards[1].window: …`); nothing is stored here.

Names are a string or `{"id": …, "en": …}` and are kept in the form given, so an export gives
back the document as it was imported.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .rules import ALL, MONTH, SCOPES, TOTAL_SCORE, WINDOWS

METRIC_PREFIX = "metric:"
ROLES = ("salesman", "supervisor", "manager")
CHANNELS = ("GT", "MT")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")
_ICON = re.compile(r"^[a-z0-9-]{1,30}$")


class DocumentError(ValueError):
    """The document's problems, each `path: what is wrong`."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BoardSpec:
    code: str
    name: str | dict
    measure: str
    window: str
    scope: str
    role: str = "salesman"
    channel: str | None = None


@dataclass(frozen=True)
class BadgeSpec:
    code: str
    name: str | dict
    icon: str
    measure: str
    window: str
    award: dict


@dataclass(frozen=True)
class LevelSpec:
    measure: str = TOTAL_SCORE
    months: int = 3
    thresholds: list = field(default_factory=list)  # [{"level": int, "from": number}], as given

    def parsed_thresholds(self) -> list[tuple[int, Decimal]]:
        return [(int(t["level"]), Decimal(str(t["from"]))) for t in self.thresholds]


@dataclass(frozen=True)
class GamificationSpec:
    boards: list[BoardSpec]
    badges: list[BadgeSpec]
    levels: LevelSpec | None


def display_name(name, language: str | None) -> str:
    """The reader's language, the other one when it is missing (DESIGN "Labels in both
    languages")."""
    if isinstance(name, str):
        return name
    if not isinstance(name, dict):
        return ""
    first = "en" if (language or "id").startswith("en") else "id"
    other = "id" if first == "en" else "en"
    return name.get(first) or name.get(other) or ""


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class _Reader:
    def __init__(self, metrics):
        self.is_metric = metrics if callable(metrics) else set(metrics).__contains__
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def object(self, value, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
            return None
        return value

    def keys(self, item: dict, path: str, allowed: set[str], required: set[str]) -> None:
        for key in sorted(set(item) - allowed):
            self.fail(f"{path}.{key}", "unknown key")
        for key in sorted(required - set(item)):
            self.fail(f"{path}.{key}", "is required")

    def code(self, item: dict, path: str, seen: set[str]) -> str:
        code = item.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            self.fail(f"{path}.code", "must be letters, digits, '-' or '_' (at most 60)")
            return ""
        if code in seen:
            self.fail(f"{path}.code", f"{code!r} is used twice")
        seen.add(code)
        return code

    def name(self, item: dict, path: str):
        name = item.get("name")
        if isinstance(name, str):
            if not name.strip() or len(name) > 150:
                self.fail(f"{path}.name", "must be a text of 1 to 150 characters")
            return name
        if isinstance(name, dict):
            for key in sorted(set(name) - {"id", "en"}):
                self.fail(f"{path}.name.{key}", "unknown language (use 'id' and 'en')")
            texts = [name.get("id"), name.get("en")]
            if any(t is not None and (not isinstance(t, str) or len(t) > 150) for t in texts):
                self.fail(f"{path}.name", "each language must be a text of at most 150 characters")
            elif not any(isinstance(t, str) and t.strip() for t in texts):
                self.fail(f"{path}.name", "needs a name in at least one language")
            return name
        self.fail(f"{path}.name", 'must be a text or {"id": …, "en": …}')
        return ""

    def measure(self, item: dict, path: str) -> str:
        measure = item.get("measure")
        if measure == TOTAL_SCORE:
            return measure
        if isinstance(measure, str) and measure.startswith(METRIC_PREFIX):
            metric = measure[len(METRIC_PREFIX) :]
            if not self.is_metric(metric):
                self.fail(f"{path}.measure", f"unknown metric {metric!r}")
            return measure
        self.fail(f"{path}.measure", "must be 'total_score' or 'metric:NAME'")
        return ""

    def window(self, item: dict, path: str, measure: str) -> str:
        window = item.get("window")
        if window not in WINDOWS:
            self.fail(f"{path}.window", "must be 'week' or 'month'")
        elif measure == TOTAL_SCORE and window != MONTH:
            self.fail(f"{path}.window", "'total_score' is measured per month only")
        return window if isinstance(window, str) else ""

    def scope(self, value, path: str) -> str:
        if value not in SCOPES:
            self.fail(path, "must be 'team', 'channel' or 'all'")
            return ALL
        return value


def read_document(data, *, metrics: Iterable[str] | Callable[[str], bool]) -> GamificationSpec:
    """Check a parsed JSON document; `metrics` are the catalogue's metric codes (group metrics
    included) or a function that tells one. Raises `DocumentError` naming every problem."""
    reader = _Reader(metrics)
    if not isinstance(data, dict):
        raise DocumentError(["document: must be an object with boards, badges and levels"])
    reader.keys(data, "document", {"boards", "badges", "levels"}, set())
    boards = [
        _board(reader, item, f"boards[{i}]", set()) for i, item in _list(reader, data, "boards")
    ]
    badges = [_badge(reader, item, f"badges[{i}]") for i, item in _list(reader, data, "badges")]
    _unique(reader, data.get("boards"), "boards")
    _unique(reader, data.get("badges"), "badges")
    levels = _levels(reader, data["levels"]) if data.get("levels") is not None else None
    if reader.problems:
        raise DocumentError(reader.problems)
    return GamificationSpec(
        boards=[b for b in boards if b], badges=[b for b in badges if b], levels=levels
    )


def _list(reader: _Reader, data: dict, key: str):
    items = data.get(key, [])
    if not isinstance(items, list):
        reader.fail(key, "must be a list")
        return []
    return list(enumerate(items))


def _unique(reader: _Reader, items, key: str) -> None:
    if not isinstance(items, list):
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        code = item.get("code") if isinstance(item, dict) else None
        if isinstance(code, str) and code in seen:
            reader.fail(f"{key}[{index}].code", f"{code!r} is also {key}[{seen[code]}]")
        elif isinstance(code, str):
            seen[code] = index


def _board(reader: _Reader, item, path: str, seen: set[str]) -> BoardSpec | None:
    item = reader.object(item, path)
    if item is None:
        return None
    reader.keys(
        item,
        path,
        {"code", "name", "measure", "window", "scope", "applies_to"},
        {"code", "name", "measure", "window", "scope"},
    )
    code = reader.code(item, path, seen)
    name = reader.name(item, path)
    measure = reader.measure(item, path)
    window = reader.window(item, path, measure)
    scope = reader.scope(item.get("scope"), f"{path}.scope")
    role, channel = "salesman", None
    applies = item.get("applies_to", {"role": "salesman", "channel": None})
    if reader.object(applies, f"{path}.applies_to") is not None:
        reader.keys(applies, f"{path}.applies_to", {"role", "channel"}, set())
        role = applies.get("role", "salesman")
        channel = applies.get("channel")
        if role not in ROLES:
            reader.fail(f"{path}.applies_to.role", "must be 'salesman', 'supervisor' or 'manager'")
        if channel is not None and channel not in CHANNELS:
            reader.fail(f"{path}.applies_to.channel", "must be 'GT', 'MT' or null")
    return BoardSpec(code, name, measure, window, scope, role, channel)


def _badge(reader: _Reader, item, path: str) -> BadgeSpec | None:
    item = reader.object(item, path)
    if item is None:
        return None
    reader.keys(
        item,
        path,
        {"code", "name", "icon", "measure", "window", "award"},
        {"code", "name", "measure", "window", "award"},
    )
    code = reader.code(item, path, set())
    name = reader.name(item, path)
    icon = item.get("icon", "star")
    if not isinstance(icon, str) or not _ICON.match(icon):
        reader.fail(f"{path}.icon", "must be a short lower-case word such as 'target'")
    measure = reader.measure(item, path)
    window = reader.window(item, path, measure)
    award = reader.object(item.get("award"), f"{path}.award") if "award" in item else None
    if award is not None:
        if ("top" in award) == ("min" in award):
            reader.fail(f"{path}.award", 'must be {"top": N, "scope": …} or {"min": X}')
        elif "top" in award:
            reader.keys(award, f"{path}.award", {"top", "scope"}, {"top"})
            top = award["top"]
            if isinstance(top, bool) or not isinstance(top, int) or top < 1:
                reader.fail(f"{path}.award.top", "must be a whole number of at least 1")
            reader.scope(award.get("scope", ALL), f"{path}.award.scope")
        else:
            reader.keys(award, f"{path}.award", {"min"}, {"min"})
            if _number(award["min"]) is None:
                reader.fail(f"{path}.award.min", "must be a number")
    return BadgeSpec(
        code, name, icon if isinstance(icon, str) else "", measure, window, award or {}
    )


def _levels(reader: _Reader, item) -> LevelSpec | None:
    item = reader.object(item, "levels")
    if item is None:
        return None
    reader.keys(item, "levels", {"measure", "months", "thresholds"}, {"months", "thresholds"})
    measure = item.get("measure", TOTAL_SCORE)
    if measure != TOTAL_SCORE:
        reader.fail("levels.measure", "levels are read from 'total_score' only")
    months = item.get("months")
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 24:
        reader.fail("levels.months", "must be a whole number from 1 to 24")
    thresholds = item.get("thresholds")
    if not isinstance(thresholds, list) or not thresholds:
        reader.fail("levels.thresholds", "must be a non-empty list")
        return None
    levels: list[int] = []
    starts: list[Decimal] = []
    for index, threshold in enumerate(thresholds):
        path = f"levels.thresholds[{index}]"
        if reader.object(threshold, path) is None:
            continue
        reader.keys(threshold, path, {"level", "from"}, {"level", "from"})
        level = threshold.get("level")
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 99:
            reader.fail(f"{path}.level", "must be a whole number from 0 to 99")
        elif level in levels:
            reader.fail(f"{path}.level", f"level {level} is listed twice")
        else:
            levels.append(level)
        start = _number(threshold.get("from"))
        if start is None:
            reader.fail(f"{path}.from", "must be a number")
        elif starts and start <= starts[-1]:
            reader.fail(f"{path}.from", "must be above the previous threshold's")
        else:
            starts.append(start)
    if levels != sorted(levels):
        reader.fail("levels.thresholds", "levels must rise with their thresholds")
    return LevelSpec(
        measure=measure, months=months if isinstance(months, int) else 3, thresholds=thresholds
    )


def write_document(spec: GamificationSpec) -> dict:
    """The document of `spec`, in the form it was given."""
    document: dict = {
        "boards": [
            {
                "code": b.code,
                "name": b.name,
                "measure": b.measure,
                "window": b.window,
                "scope": b.scope,
                "applies_to": {"role": b.role, "channel": b.channel},
            }
            for b in spec.boards
        ],
        "badges": [
            {
                "code": b.code,
                "name": b.name,
                "icon": b.icon,
                "measure": b.measure,
                "window": b.window,
                "award": b.award,
            }
            for b in spec.badges
        ],
    }
    if spec.levels is not None:
        document["levels"] = {
            "measure": spec.levels.measure,
            "months": spec.levels.months,
            "thresholds": spec.levels.thresholds,
        }
    return document
