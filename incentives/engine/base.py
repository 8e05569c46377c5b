"""What every rule type is made of: the plan's and a person's month's dataclasses, the statement
line, the `RuleType` base class, and `Say`, the way a rule type speaks the reader's language.

Pure Python, `Decimal` only, no Django: the engine is imported by services, pages, the API,
tests and benchmarks alike. See `incentives/engine/__init__.py` for how a rule type is written.

Text in two languages without Django: a rule type writes its sentences with the translatable
English msgid inline (`_ = say.gettext; _("%(label)s: ...")`, so `makemessages` finds them in the
rule type's own module) and the Django layer passes a `Say` whose `gettext`, `ngettext` and
number formats are Django's (`incentives/payouts/explain.py`). The default `Say()` speaks
English with the engine's own number format, which is what the tests of the engine use. The
statement line's stored `explanation` and `reached` are the engine's English (unchanged since
the first close, so stored lines stay byte-identical); the reader's language is rendered from
the line's structured `status` and `detail` at display time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from spm.money import format_rupiah, round_half_up, round_rupiah

if TYPE_CHECKING:
    from incentives.engine.plan import Gate, PlanSpec

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

BASES = ("attainment", "actual", "total_score")

# Line statuses: what happened on a line, so a UI can explain it in its own language.
PAID = "paid"  # the rule paid (or, for a reward, granted) something
NOT_REACHED = "not_reached"  # the value did not reach the first tier / start / min_score
NO_DATA = "no_data"  # the value has no data
GATE = "gate"  # the plan's gate was not reached
NOT_DUE = "not_due"  # okr_bonus / ranking pay in another month
NOT_PARTICIPANT = "not_participant"  # okr_bonus: the person is not among the participants
CAPPED = "cap"  # the plan cap line
REQUIRES = "requires"  # a prerequisite of the rule (`requires`) does not hold


def gettext_noop(message: str) -> str:
    """Marks `message` for translation (`makemessages` extracts calls by this name) without
    importing Django; the Django layer translates it when it is shown."""
    return message


def to_decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # Only ever reached from hand-written callers; keep the decimal text, not the binary.
        return Decimal(repr(value))
    return Decimal(value)


def fmt(value: Decimal | None) -> str:
    """A plain, locale-free rendering of a number for the English explanation."""
    if value is None:
        return "–"
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return f"{normal:,f}"


LANGUAGES = ("id", "en")  # the first is the default


def text_in(value, language: str) -> str:
    """A text given plainly or in both languages (`{"id": "…", "en": "…"}`, for plan names and
    rule labels) in `language`, else in the other one."""
    if not isinstance(value, Mapping):
        return value
    language = (language or LANGUAGES[0])[:2]
    for code in (language, *LANGUAGES):
        if value.get(code):
            return value[code]
    return ""


def english_list(words: list[str]) -> str:
    """`a, b and c`."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# ---------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class Tier:
    from_: Decimal
    amount: Decimal | None = None
    rate: Decimal | None = None
    reward: str | None = None


@dataclass(frozen=True)
class Band:
    """One band of a plan multiplier (the entry ticket): from this value on, × factor."""

    from_: Decimal
    factor: Decimal


@dataclass(frozen=True)
class Multiplier:
    """A plan-level multiplier (`multipliers`, see `features.py`)."""

    code: str
    label: str
    kpi: str | None
    basis: str
    bands: tuple[Band, ...]
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Requirement:
    """A rule's prerequisite (`requires`): the value of `kpi` on `basis` is at least `min`."""

    kpi: str | None
    basis: str
    min: Decimal


@dataclass(frozen=True)
class Window:
    """A booster's days (a rule's `window`), inside one month."""

    start: date
    end: date


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    type: str
    kpi: str | None = None
    basis: str | None = None
    tiers: tuple[Tier, ...] = ()
    start: Decimal | None = None
    every: Decimal | None = None
    amount: Decimal | None = None
    max_steps: int | None = None
    max_amount: Decimal | None = None
    mode: str | None = None
    objective: str | None = None
    min_score: Decimal | None = None
    metric: str | None = None
    window: str | None = None
    scope: str | None = None
    amounts: tuple[Decimal, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)  # a label given in both languages
    requires: tuple[Requirement, ...] = ()  # prerequisites (features.py)
    booster: Window | None = None  # a rule-level `window` of days (features.py)

    @property
    def english_label(self) -> str:
        """The label of the engine's English explanation."""
        return text_in(self.labels, "en") if self.labels else self.label


def highest_tier(tiers: tuple[Tier, ...], value: Decimal) -> Tier | None:
    reached = None
    for tier in sorted(tiers, key=lambda t: t.from_):
        if tier.from_ <= value:
            reached = tier
    return reached


def full_steps(start: Decimal, every: Decimal, value: Decimal) -> int:
    """Whole steps of `every` above `start` (0 at or below the start)."""
    if value <= start:
        return 0
    return int(((value - start) / every).to_integral_value(rounding=ROUND_FLOOR))


# ---------------------------------------------------------------------------------------------
# A person's month


@dataclass(frozen=True)
class KpiFact:
    """One scorecard row: the KPI's actual and its exact attainment (skor before cap and floor).

    `actual` None means the KPI has no data this month.
    """

    actual: Decimal | None
    attainment: Decimal | None = None

    @property
    def has_data(self) -> bool:
        return self.actual is not None


@dataclass(frozen=True)
class OkrOutcome:
    score: Decimal | None
    cycle_end_month: date
    participant: bool


@dataclass(frozen=True)
class RankingFact:
    """The person's place in a ranking rule's field (the service ranks with `rank`)."""

    position: int | None
    value: Decimal | None = None
    field_size: int = 0


@dataclass(frozen=True)
class Facts:
    month: date
    level: int = 1
    kpis: Mapping[str, KpiFact] = field(default_factory=dict)
    metrics: Mapping[str, Decimal | None] = field(default_factory=dict)
    total_score: Decimal | None = None
    okr: Mapping[str, OkrOutcome] = field(default_factory=dict)
    rankings: Mapping[str, RankingFact] = field(default_factory=dict)
    # rule code → the value of a booster rule's metric over its window's days (features.py)
    windows: Mapping[str, Decimal | None] = field(default_factory=dict)
    # (the person's active working days in the month, the month's working days) for a plan's
    # `"proration": "working_days"`; None = the whole month (people over time)
    working_days: tuple[int, int] | None = None


# ---------------------------------------------------------------------------------------------
# The statement line


@dataclass(frozen=True)
class Line:
    """One statement line. `explanation` is English; `status`, `reached` and `detail` carry the
    same facts in structured form so a UI can say it in another language."""

    rule: str
    label: str
    type: str
    basis: str | None
    kpi: str | None
    value: Decimal | None
    status: str
    reached: str  # short, e.g. "from 30", "1 step", "15 units", "rank 1"
    detail: dict
    multiplier: Decimal | None
    amount: Decimal | None  # None on reward lines
    reward: str = ""
    explanation: str = ""

    def as_dict(self) -> dict:
        """JSON-friendly: Decimals as strings (exact)."""
        return jsonable(asdict(self))


def jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclass
class Raw:
    """What a rule reached before gate, multiplier and rounding."""

    status: str
    reached: str
    detail: dict
    amount: Decimal  # unrounded, unmultiplied
    reward: str = ""
    text: str = ""


@dataclass(frozen=True)
class NextThreshold:
    """The next value at which a rule pays more (for "12 more new outlets → Rp 400.000"):
    `amount` is what the line would then pay before the level multiplier (None for a reward)."""

    value: Decimal
    amount: Decimal | None = None
    reward: str = ""


def get(line, name: str, default=None):
    """A field of a line given as a `Line`, a stored `PayoutLine` or its `as_dict()` form."""
    if isinstance(line, Mapping):
        return line.get(name, default)
    return getattr(line, name, default)


# ---------------------------------------------------------------------------------------------
# Speaking the reader's language


def _english_ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def english_month(value) -> str:
    """`June 2026` of a month given as a date or as its stored ISO text (`2026-06-01`): the
    English explanation's month, as the English pages write months (spm/formats/en)."""
    if value is None:
        return "–"
    if isinstance(value, str):
        year, month = int(value[:4]), int(value[5:7])
    else:
        year, month = value.year, value.month
    return f"{ENGLISH_MONTHS[month - 1]} {year}"


def english_day(value) -> str:
    """`7 Sep 2026` of a date or its ISO text."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {ENGLISH_MONTHS[value.month - 1][:3]} {value.year}"


def _rupiah(value) -> str:
    """Rupiah in the English explanation's notation (`Rp 2,000,000` beside `2,000,000`)."""
    return format_rupiah(Decimal(str(value)), thousands=",")


@dataclass(frozen=True)
class Say:
    """How a rule type's text reaches the reader: the translation functions and number formats.
    The default is English with the engine's numbers; `incentives/payouts/explain.py` builds the
    Django one (gettext, ngettext, localized numbers)."""

    gettext: Callable[[str], str] = gettext_noop
    ngettext: Callable[[str, str, int], str] = _english_ngettext
    number: Callable[[Any], str] = lambda value: fmt(to_decimal(value))
    rupiah: Callable[[Any], str] = _rupiah
    month: Callable[[Any], str] = english_month
    day: Callable[[Any], str] = lambda value: english_day(value)
    kpi_name: Callable[[str], str] = lambda code: code  # a KPI's or metric's name
    unit: Callable[[str], str] = lambda code: ""  # a KPI's or metric's unit ("%", "Rp", ...)
    language: str = "en"


ENGLISH = Say()


# ---------------------------------------------------------------------------------------------
# The plan editor's inputs


@dataclass(frozen=True)
class EditorField:
    """One input of the plan editor for a document key; `incentives/plans/forms.py` builds the
    form field from it. `kind`: `kpi` and `basis` (the value a rule reads), `metric`, `text`,
    `integer`, `decimal`, `choice` (from `choices`, key → translatable label) or `amounts`
    (whole Rupiah separated by commas). Labels and help texts are translatable msgids."""

    name: str
    kind: str
    label: str = ""
    required: bool = True
    min_value: int | None = None
    max_value: int | None = None
    max_digits: int | None = None
    decimal_places: int | None = None
    max_length: int | None = None
    positive: bool = False  # above 0 (a `min_value` of 0 still lets 0 through)
    help_text: str = ""
    choices: tuple[tuple[str, str], ...] = ()


KPI_FIELDS = (EditorField("kpi", "kpi"), EditorField("basis", "basis"))
START_FIELD = EditorField(
    "start", "decimal", gettext_noop("Start"), max_digits=20, decimal_places=4
)


# ---------------------------------------------------------------------------------------------
# A rule type


class RuleType:
    """One rule type of the plan JSON. Subclass it in a module of `incentives/engine/types/`,
    set the class attributes, implement what differs, and decorate it with `@register`."""

    name: ClassVar[str]
    order: ClassVar[int]  # the place in lists (documents' "must be one of", the editor)
    title: ClassVar[str]  # the line type's name, e.g. "Per unit" (translatable)
    summary: ClassVar[str]  # what it does in one sentence, for the editor (translatable)
    english_name: ClassVar[str]  # in the engine's English sentences, e.g. "per-unit"
    # Document keys after code, label and type, in the order they are written back; an optional
    # key may be left out, and is then left out of the export too.
    keys: ClassVar[tuple[str, ...]]
    optional: ClassVar[frozenset[str]] = frozenset()
    tier_keys: ClassVar[tuple[str, ...]] = ()  # the keys of each tier, when `tiers` is a key
    bases: ClassVar[tuple[str, ...]] = BASES
    # Flags (docs/contracts.md "Incentive plan JSON"):
    # The plan editor: an input per document key but `tiers` (in `keys` order), the input of a
    # tier's value when the type has tiers, and what the tiers do.
    editor: ClassVar[tuple[EditorField, ...]] = ()
    tier_value: ClassVar[EditorField | None] = None
    tiers_help: ClassVar[str] = ""
    cash: ClassVar[bool] = True  # its line pays Rupiah (a reward line has no amount)
    multiplied: ClassVar[bool] = False  # by the person's level multiplier
    gated: ClassVar[bool] = False  # pays nothing when the plan's gate_total_score is not reached
    prorated: ClassVar[bool] = False  # × active working days / the month's (plan proration)
    # Rule-level keys of the plan features (`features.py`) the type accepts besides its own.
    rule_features: ClassVar[tuple[str, ...]] = ()

    @property
    def reads_value(self) -> bool:
        """Whether the rule reads a KPI, a metric or the total score (`kpi` and `basis`)."""
        return "basis" in self.keys

    # -- the document --------------------------------------------------------------------------

    def validate(self, check, path: str, rule: dict) -> None:
        """Add each problem of the type's own keys to `check` (`plans/documents.py` `_Checker`:
        `add`, `text`, `number`, `choice`, `tiers`, `metric_codes`); code, label, type, basis and
        kpi are checked before."""

    def check_tier(self, check, where: str, tier: dict) -> None:
        """The problems of one tier's value key (`from` and the order are checked before)."""

    # -- evaluation ----------------------------------------------------------------------------

    def evaluate(self, rule: Rule, value: Decimal) -> Raw:
        raise NotImplementedError

    def line(self, rule: Rule, plan: PlanSpec, facts: Facts, gate: Gate | None) -> Line:
        """The rule's statement line for the person's month (before the plan cap)."""
        raise NotImplementedError

    def next_threshold(self, rule: Rule, value: Decimal) -> NextThreshold | None:
        """Where the rule pays more above `value`; None when it never does (or not in steps)."""
        return None

    # -- words ---------------------------------------------------------------------------------

    def reached_text(self, line, say: Say = ENGLISH) -> str | None:
        """What the line reached, short ("3 steps"); None to show the stored text."""
        return None

    def explain(self, line, say: Say = ENGLISH) -> str:
        """The line's explanation in `say`'s language, from its status and detail."""
        raise NotImplementedError

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        """A one-line summary of a document rule's parameters (the plan page)."""
        raise NotImplementedError


def proration_phrase(detail: Mapping, say: Say = ENGLISH) -> str:
    """'prorated 13/26 working days' of a line's `detail["proration"]`."""
    days = detail.get("proration") or {}
    return say.gettext("prorated %(worked)s/%(of)s working days") % {
        "worked": days.get("worked"),
        "of": days.get("of"),
    }


def no_data_text(line, say: Say) -> str:
    _ = say.gettext
    return _("%(label)s: no data this month, pays nothing.") % {"label": get(line, "label")}


# ---------------------------------------------------------------------------------------------
# The plan features on a line (docs/contracts.md "FMCG scheme building blocks"): what the value
# rule types need of the entry ticket, prerequisites and boosters, and their words. Parsing,
# validation, hints and plan-page summaries are `features.py`'s (it imports this module).


@dataclass(frozen=True)
class FactorReached:
    """A plan multiplier as it applies to the person's month."""

    multiplier: Multiplier
    value: Decimal | None
    band: Band

    @property
    def factor(self) -> Decimal:
        return self.band.factor

    def as_detail(self) -> dict:
        detail = {
            "code": self.multiplier.code,
            "label": self.multiplier.label,
            "kpi": self.multiplier.kpi,
            "basis": self.multiplier.basis,
            "value": self.value,
            "from": self.band.from_,
            "factor": self.band.factor,
        }
        if self.multiplier.labels:
            detail["labels"] = dict(self.multiplier.labels)
        return detail


def band_reached(multiplier: Multiplier, value: Decimal | None) -> Band:
    """The highest band whose `from` ≤ value; no data → the lowest band."""
    bands = sorted(multiplier.bands, key=lambda band: band.from_)
    reached = bands[0]
    if value is None:
        return reached
    for band in bands:
        if band.from_ <= value:
            reached = band
    return reached


def factors_reached(multipliers, facts: Facts) -> tuple[FactorReached, ...]:
    result = []
    for multiplier in multipliers:
        value, _missing = read_value(multiplier.kpi, multiplier.basis, facts)
        result.append(FactorReached(multiplier, value, band_reached(multiplier, value)))
    return tuple(result)


def requirements_checked(requires, facts: Facts) -> list[dict]:
    """Each requirement with its value and whether it holds (no data never holds)."""
    result = []
    for requirement in requires:
        value, _missing = read_value(requirement.kpi, requirement.basis, facts)
        result.append(
            {
                "kpi": requirement.kpi,
                "basis": requirement.basis,
                "min": requirement.min,
                "value": value,
                "met": value is not None and value >= requirement.min,
            }
        )
    return result


def window_is_due(window: Window, month: date) -> bool:
    return window.start.year == month.year and window.start.month == month.month


def _mid_sentence(label: str) -> str:
    """A label inside a sentence: 'Tiket masuk coverage' → 'tiket masuk coverage'; an acronym
    ('EC target') is kept."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def value_with_unit(value, kpi: str | None, basis: str, say: Say) -> str:
    """'86%', '2,97' (two decimals at most: a ratio metric is stored with four)."""
    if value is None:
        return say.gettext("no data")
    unit = "%" if basis == "attainment" else say.unit(kpi or "")
    number = say.number(round_half_up(to_decimal(value), 2).normalize())
    return f"{number}%" if unit == "%" else number


def subject_name(kpi: str | None, basis: str, say: Say) -> str:
    if basis == "total_score":
        return say.gettext("total score")
    return say.kpi_name(kpi or "")


def factor_phrase(item: Mapping, say: Say = ENGLISH) -> str:
    """'× 0,8 tiket masuk coverage 86%' of a line's `detail["factors"]` item."""
    labels = item.get("labels")
    label = text_in(labels, say.language) if labels else item.get("label") or item.get("code")
    return say.gettext("× %(factor)s %(label)s %(value)s") % {
        "factor": say.number(item.get("factor")),
        "label": _mid_sentence(label),
        "value": value_with_unit(item.get("value"), item.get("kpi"), item.get("basis"), say),
    }


def factors_phrase(detail: Mapping, say: Say = ENGLISH) -> str:
    return "; ".join(factor_phrase(item, say) for item in detail.get("factors") or [])


def requirement_phrase(item: Mapping, say: Say = ENGLISH) -> str:
    """'syarat EC 60% belum tercapai (54%)' / 'requirement EC 60% not met (54%)'."""
    basis = item.get("basis") or "actual"
    params = {
        "kpi": subject_name(item.get("kpi"), basis, say),
        "min": value_with_unit(item.get("min"), item.get("kpi"), basis, say),
        "value": value_with_unit(item.get("value"), item.get("kpi"), basis, say),
    }
    if item.get("met"):
        return say.gettext("requirement %(kpi)s %(min)s met (%(value)s)") % params
    return say.gettext("requirement %(kpi)s %(min)s not met (%(value)s)") % params


def unmet_phrase(detail: Mapping, say: Say = ENGLISH) -> str:
    """'not paid: requirement EC 60% not met (54%)' (every failed requirement)."""
    failed = [item for item in detail.get("requires") or [] if not item.get("met")]
    return say.gettext("not paid: %(requirements)s") % {
        "requirements": "; ".join(requirement_phrase(item, say) for item in failed)
    }


def window_phrase(detail: Mapping, say: Say = ENGLISH) -> str:
    """'over 7 Sep 2026–20 Sep 2026' of a booster line."""
    window = detail.get("window") or {}
    return say.gettext("over %(from)s–%(to)s") % {
        "from": say.day(window.get("from")),
        "to": say.day(window.get("to")),
    }


def not_due_phrase(detail: Mapping, say: Say = ENGLISH) -> str:
    return say.gettext("booster %(window)s, paid in %(month)s") % {
        "window": window_phrase(detail, say),
        "month": say.month((detail.get("window") or {}).get("from")),
    }


# ---------------------------------------------------------------------------------------------
# Rule types that read a value (a KPI, a metric of the catalogue or the total score)


def value_of(rule: Rule, facts: Facts) -> tuple[Decimal | None, str]:
    """The rule's value and, when it has none, why. A booster (`window`) reads its metric over
    the window's days (`facts.windows`)."""
    if rule.booster is not None:
        value = facts.windows.get(rule.code)
        if value is None:
            return None, f"metric {rule.kpi} has no data in the booster's days"
        return value, ""
    return read_value(rule.kpi, rule.basis, facts)


def read_value(code: str | None, basis: str | None, facts: Facts) -> tuple[Decimal | None, str]:
    """The value of KPI or metric `code` on `basis` in the person's month and, when it has
    none, why (a rule's value, a multiplier's, a requirement's)."""
    if basis == "total_score":
        if facts.total_score is None:
            return None, "no scorecard total this month"
        return facts.total_score, ""
    kpi = facts.kpis.get(code)
    if basis == "attainment":
        if kpi is None:
            return None, f"KPI {code} is not on the scorecard this month"
        if not kpi.has_data or kpi.attainment is None:
            return None, f"KPI {code} has no data this month"
        return kpi.attainment, ""
    # basis actual: the scorecard's actual, else a metric of the catalogue
    if kpi is not None:
        if not kpi.has_data:
            return None, f"KPI {code} has no data this month"
        return kpi.actual, ""
    if code in facts.metrics:
        metric = facts.metrics[code]
        if metric is None:
            return None, f"metric {code} has no data this month"
        return metric, ""
    return None, f"{code} has no value this month"


def basis_text(rule: Rule, value: Decimal | None) -> str:
    if rule.basis == "total_score":
        return f"total score {fmt(value)}"
    if rule.basis == "attainment":
        return f"{rule.kpi} attainment {fmt(value)}%"
    return f"{rule.kpi} actual {fmt(value)}"


BASIS_WORDS = {
    "attainment": gettext_noop("attainment"),
    "actual": gettext_noop("actual"),
}


class ValueRuleType(RuleType):
    """A rule on a value: `kpi` and `basis` in the document, the gate applies, and (when cash)
    the level multiplier. Subclasses implement `evaluate` and their words."""

    gated = True
    rule_features = ("requires", "window")

    def line(self, rule: Rule, plan: PlanSpec, facts: Facts, gate: Gate | None) -> Line:
        value, missing = value_of(rule, facts)
        multiplier, listed = plan.multiplier_for(facts.level) if self.multiplied else (None, False)
        no_amount = ZERO if self.cash else None
        base = {
            "rule": rule.code,
            "label": rule.label,
            "type": rule.type,
            "basis": rule.basis,
            "kpi": rule.kpi,
            "value": value,
            "multiplier": multiplier,
        }
        # What the plan features add to the line's detail (none without them: stored lines of
        # plans without features stay as they were).
        extra: dict = {}
        if rule.booster is not None:
            extra["window"] = {
                "from": rule.booster.start.isoformat(),
                "to": rule.booster.end.isoformat(),
            }
            if not window_is_due(rule.booster, facts.month):
                return Line(
                    **{**base, "value": None},
                    status=NOT_DUE,
                    reached="",
                    detail=extra,
                    amount=no_amount,
                    explanation=(
                        f"{rule.english_label}: {not_due_phrase(extra)}; pays nothing this month."
                    ),
                )
        if value is None:
            return Line(
                **base,
                status=NO_DATA,
                reached="",
                detail={"reason": missing, **extra},
                amount=no_amount,
                explanation=f"{rule.english_label}: no data ({missing}), pays nothing.",
            )
        raw = self.evaluate(rule, value)
        basis = basis_text(rule, value)
        if rule.booster is not None:
            basis += " " + window_phrase(extra)
        if self.gated and gate is not None and not gate.reached:
            return Line(
                **base,
                status=GATE,
                reached=raw.reached,
                detail={**raw.detail, "would_have": raw.status, **extra},
                amount=no_amount,
                explanation=(
                    f"{rule.english_label}: {basis}; gate not reached (total score below "
                    f"{fmt(gate.required)}), pays nothing."
                ),
            )
        if rule.requires:
            extra["requires"] = requirements_checked(rule.requires, facts)
            if not all(item["met"] for item in extra["requires"]):
                return Line(
                    **base,
                    status=REQUIRES,
                    reached=raw.reached,
                    detail={**raw.detail, "would_have": raw.status, **extra},
                    amount=no_amount,
                    explanation=(
                        f"{rule.english_label}: {basis}; {unmet_phrase(extra)}, pays nothing."
                    ),
                )
        if not self.cash:
            return Line(
                **base,
                status=raw.status,
                reached=raw.reached,
                detail={**raw.detail, **extra},
                amount=None,
                reward=raw.reward,
                explanation=f"{rule.english_label}: {basis}; {raw.text}"
                + ("." if raw.status == PAID else ", no reward."),
            )
        factor = multiplier if self.multiplied else ONE
        # The plan's multipliers (entry ticket) after the level multiplier: factors multiply.
        reached = factors_reached(plan.multipliers, facts) if self.multiplied else ()
        for item in reached:
            factor *= item.factor
        if reached:
            extra["factors"] = [item.as_detail() for item in reached]
        # Proration by working days: after the multipliers, before rounding (prorated types).
        days = facts.working_days if self.prorated and plan.proration == "working_days" else None
        if days is not None and days[1] and days[0] != days[1]:
            extra["proration"] = {"worked": days[0], "of": days[1]}
            factor = factor * days[0] / days[1] if days[0] else ZERO
        amount = round_rupiah(raw.amount * factor)
        if listed:
            multiplied = f"level {facts.level} multiplier × {fmt(multiplier)}"
        elif not plan.level_multipliers:
            multiplied = "no level multipliers in the plan (× 1)"
        else:
            multiplied = f"level {facts.level} not listed, multiplier × 1"
        if reached:
            multiplied += "; " + factors_phrase(extra)
        if "proration" in extra:
            multiplied += "; " + proration_phrase(extra)
        if raw.status == PAID:
            explanation = (
                f"{rule.english_label}: {basis}; {raw.text}; {multiplied}; "
                f"rounded to whole Rupiah: {fmt(amount)}."
            )
        else:
            explanation = f"{rule.english_label}: {basis}; {raw.text}, pays nothing."
        return Line(
            **base,
            status=raw.status,
            reached=raw.reached,
            detail={**raw.detail, "level": facts.level, "level_listed": listed, **extra},
            amount=amount,
            explanation=explanation,
        )

    # -- words ---------------------------------------------------------------------------------

    def reached_phrase(self, detail: dict, say: Say) -> str:
        """What a paid line reached, as a phrase of its explanation."""
        return ""

    def subject(self, line, say: Say) -> str:
        _ = say.gettext
        basis, value = get(line, "basis"), get(line, "value")
        # The KPI's name in the reader's language when the caller attached it (`kpi_name`).
        kpi = get(line, "kpi_name") or get(line, "kpi")
        if basis == "total_score":
            return _("total score %(value)s") % {"value": say.number(value)}
        if basis == "attainment":
            return _("%(kpi)s attainment %(value)s%%") % {"kpi": kpi, "value": say.number(value)}
        text = _("%(kpi)s actual %(value)s") % {"kpi": kpi, "value": say.number(value)}
        if isinstance((get(line, "detail") or {}).get("window"), Mapping):  # a booster
            text += " " + window_phrase(get(line, "detail"), say)
        return text

    def explain(self, line, say: Say = ENGLISH) -> str:
        _ = say.gettext
        status, label = get(line, "status"), get(line, "label")
        if status == NOT_DUE:
            return _("%(label)s: %(booster)s; pays nothing this month.") % {
                "label": label,
                "booster": not_due_phrase(get(line, "detail") or {}, say),
            }
        if status == NO_DATA:
            return no_data_text(line, say)
        subject = self.subject(line, say)
        if status == REQUIRES:
            return _("%(label)s: %(subject)s; %(requirements)s.") % {
                "label": label,
                "subject": subject,
                "requirements": unmet_phrase(get(line, "detail") or {}, say),
            }
        if status == GATE:
            return _("%(label)s: %(subject)s; gate not reached, pays nothing.") % {
                "label": label,
                "subject": subject,
            }
        if status == NOT_REACHED:
            return _("%(label)s: %(subject)s; not reached, pays nothing.") % {
                "label": label,
                "subject": subject,
            }
        return self.explain_paid(line, say, label=label, subject=subject)

    def explain_paid(self, line, say: Say, *, label: str, subject: str) -> str:
        _ = say.gettext
        detail = get(line, "detail") or {}
        if detail.get("level_listed"):
            multiplier = _("level %(level)s multiplier × %(m)s") % {
                "level": detail.get("level"),
                "m": say.number(get(line, "multiplier")),
            }
        else:
            multiplier = _("multiplier × 1")
        if detail.get("factors"):
            multiplier += "; " + factors_phrase(detail, say)
        if detail.get("proration"):
            multiplier += "; " + proration_phrase(detail, say)
        return _("%(label)s: %(subject)s; %(reached)s; %(multiplier)s: %(amount)s.") % {
            "label": label,
            "subject": subject,
            "reached": self.reached_phrase(detail, say),
            "multiplier": multiplier,
            "amount": say.rupiah(get(line, "amount")),
        }

    def describe_subject(self, rule: dict, say: Say) -> str:
        _ = say.gettext
        if rule["basis"] == "total_score":
            return _("total score")
        return f"{rule['kpi']} ({_(BASIS_WORDS[rule['basis']])})"
