"""Plan features around the rule types (docs/contracts.md "FMCG scheme building blocks"):

- plan-level `multipliers` (the "entry ticket"): bands from 0 upwards on a KPI or metric; the
  factor of the highest band reached multiplies every line of a `multiplied` rule type (tiers,
  step, per_unit, rate), after the level multiplier (factors multiply); no data → the lowest band;
- rule-level `requires` (prerequisites): the rule pays nothing unless every requirement holds;
- rule-level `window` (a booster inside one month): the rule's value is its metric over those
  days only (basis `actual`), paid in the month of the window.

Order on a line: amount, level multiplier, these multipliers, rounding to whole Rupiah, then the
plan's cap on the sum. Each piece is parsed, validated (with `plans/documents.py`'s checker,
which knows the KPI and metric names), evaluated and said in both languages here; the value rule
types (`base.ValueRuleType`) and `plan.py` call these functions, nothing else special-cases them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from incentives.engine.base import (  # the features on a line, re-exported here
    BASES,
    ENGLISH,
    LANGUAGES,
    Band,
    FactorReached,
    Facts,
    KpiFact,
    Multiplier,
    Requirement,
    Say,
    Window,
    band_reached,
    factor_phrase,
    factors_phrase,
    factors_reached,
    fmt,
    get,
    gettext_noop,
    not_due_phrase,
    requirement_phrase,
    requirements_checked,
    subject_name,
    text_in,
    to_decimal,
    unmet_phrase,
    value_with_unit,
    window_is_due,
    window_phrase,
)
from spm.months import month_end

MULTIPLIER_KEYS = ("code", "label", "kpi", "basis", "bands")
REQUIREMENT_KEYS = ("kpi", "basis", "min")
WINDOW_KEYS = ("from", "to")


# ---------------------------------------------------------------------------------------------
# Parsing (documents that `plans.documents.validate_plan` accepted)


def parse_multipliers(items) -> tuple[Multiplier, ...]:
    result = []
    for item in items or []:
        label = item.get("label") or item["code"]
        result.append(
            Multiplier(
                code=item["code"],
                label=text_in(label, LANGUAGES[0]),
                labels=dict(label) if isinstance(label, Mapping) else {},
                kpi=item.get("kpi"),
                basis=item.get("basis") or "actual",
                bands=tuple(
                    Band(from_=to_decimal(band["from"]), factor=to_decimal(band["factor"]))
                    for band in item["bands"]
                ),
            )
        )
    return tuple(result)


def parse_requires(items) -> tuple[Requirement, ...]:
    return tuple(
        Requirement(
            kpi=item.get("kpi"), basis=item.get("basis") or "actual", min=to_decimal(item["min"])
        )
        for item in items or []
    )


def parse_window(value) -> Window | None:
    if not isinstance(value, Mapping):
        return None  # absent, or a ranking rule's "month"/"quarter"/... (its own key)
    return Window(date.fromisoformat(value["from"]), date.fromisoformat(value["to"]))


# ---------------------------------------------------------------------------------------------
# Validation. `check` is `plans/documents.py`'s checker: add, text, label, number, choice, day,
# unknown_keys, kpi (a KPI or a metric name, group metrics included), metric (a metric name).


def validate_multipliers(check, document: Mapping) -> None:
    items = document.get("multipliers")
    if items is None:
        return
    if not isinstance(items, list):
        check.add("multipliers", gettext_noop("must be a list"))
        return
    codes: set[str] = set()
    for index, item in enumerate(items):
        path = f"multipliers[{index}]"
        if not isinstance(item, dict):
            check.add(path, gettext_noop("must be an object"))
            continue
        check.unknown_keys(path, item, MULTIPLIER_KEYS)
        code = check.text(f"{path}.code", item, "code", code=True, max_length=60)
        if isinstance(code, str):
            if code in codes:
                check.add(
                    f"{path}.code",
                    gettext_noop("duplicate multiplier code %(code)s"),
                    code=repr(code),
                )
            codes.add(code)
        check.label(f"{path}.label", item, "label")
        basis = check.choice(f"{path}.basis", item, "basis", BASES)
        check.kpi(f"{path}.kpi", item, basis)
        _bands(check, f"{path}.bands", item)


def _bands(check, path: str, item: Mapping) -> None:
    bands = item.get("bands")
    if bands is None:
        check.add(path, gettext_noop("required"))
        return
    if not isinstance(bands, list) or not bands:
        check.add(path, gettext_noop("must be a non-empty list"))
        return
    previous = None
    for index, band in enumerate(bands):
        where = f"{path}[{index}]"
        if not isinstance(band, dict):
            check.add(where, gettext_noop("must be an object"))
            continue
        check.unknown_keys(where, band, ("from", "factor"))
        start = check.number(f"{where}.from", band, "from", minimum=0)
        check.number(f"{where}.factor", band, "factor", minimum=0)
        if start is None:
            continue
        if index == 0 and start != 0:
            check.add(f"{where}.from", gettext_noop("the first band must start at 0"))
        elif previous is not None and start <= previous:
            check.add(
                f"{where}.from",
                gettext_noop("must be above the previous band's from (%(previous)s)"),
                previous=previous,
            )
        previous = start


def validate_rule_features(check, path: str, rule: Mapping) -> None:
    """`requires` and `window` of a value rule (code, type, kpi and basis are checked before)."""
    requires = rule.get("requires")
    if requires is not None:
        if not isinstance(requires, list) or not requires:
            check.add(f"{path}.requires", gettext_noop("must be a non-empty list"))
        else:
            for index, item in enumerate(requires):
                where = f"{path}.requires[{index}]"
                if not isinstance(item, dict):
                    check.add(where, gettext_noop("must be an object"))
                    continue
                check.unknown_keys(where, item, REQUIREMENT_KEYS)
                basis = check.choice(f"{where}.basis", item, "basis", BASES)
                check.kpi(f"{where}.kpi", item, basis)
                check.number(f"{where}.min", item, "min")
    window = rule.get("window")
    if window is None:
        return
    where = f"{path}.window"
    if not isinstance(window, dict):
        check.add(where, gettext_noop('must be an object such as {"from": "2026-09-07", '
                                      '"to": "2026-09-20"}'))  # fmt: skip
        return
    check.unknown_keys(where, window, WINDOW_KEYS)
    start = check.day(f"{where}.from", window, "from")
    end = check.day(f"{where}.to", window, "to")
    if start and end:
        if end < start:
            check.add(f"{where}.to", gettext_noop("must not be before the window's from"))
        elif (start.year, start.month) != (end.year, end.month):
            check.add(
                f"{where}.to",
                gettext_noop("a booster window lies inside one month (from %(start)s)"),
                start=start.isoformat(),
            )
    if rule.get("basis") != "actual":
        check.add(f"{path}.basis", gettext_noop("a rule with a window reads basis actual"))
    elif isinstance(rule.get("kpi"), str):
        check.metric(f"{path}.kpi", rule["kpi"], booster=True)


# ---------------------------------------------------------------------------------------------
# Evaluation


def next_band(multiplier: Multiplier, value: Decimal | None) -> Band | None:
    """The next band above the one reached (a higher factor to aim for); None at the top."""
    current = band_reached(multiplier, value)
    higher = sorted(
        (band for band in multiplier.bands if band.from_ > current.from_),
        key=lambda band: band.from_,
    )
    for band in higher:
        if band.factor > current.factor:
            return band
    return None


def with_value(facts: Facts, kpi: str | None, basis: str, value: Decimal) -> Facts:
    """`facts` with the value a multiplier (or a rule) reads set to `value`: the what-if of a
    next-band hint ("at coverage 95% the whole payout is × 1.1")."""
    if basis == "total_score":
        return replace(facts, total_score=value)
    kpis = dict(facts.kpis)
    current = kpis.get(kpi)
    if basis == "attainment":
        actual = current.actual if current is not None else None
        kpis[kpi] = KpiFact(actual=actual if actual is not None else value, attainment=value)
        return replace(facts, kpis=kpis)
    if current is not None:
        kpis[kpi] = KpiFact(actual=value, attainment=current.attainment)
        return replace(facts, kpis=kpis)
    return replace(facts, metrics={**facts.metrics, kpi: value})


# ---------------------------------------------------------------------------------------------
# Words (English msgids; the reader's language through `Say`)


def describe_multiplier(item: Mapping, say: Say = ENGLISH) -> str:
    """The plan page's summary of one multiplier: 'tiket masuk coverage: outlet_coverage
    (actual) ≥ 0: × 0,5; ≥ 80: × 0,8; ≥ 95: × 1,1'."""
    label = text_in(item.get("label"), say.language) or item.get("code")
    bands = "; ".join(
        f"≥ {say.number(band['from'])}: × {say.number(band['factor'])}" for band in item["bands"]
    )
    subject = subject_name(item.get("kpi"), item.get("basis") or "actual", say)
    return f"{label}: {subject}: {bands}"


def describe_rule_features(rule: Mapping, say: Say = ENGLISH) -> str:
    """What a rule's `requires` and `window` add to its plan-page summary ('' without them)."""
    parts = []
    for item in rule.get("requires") or []:
        basis = item.get("basis") or "actual"
        parts.append(
            say.gettext("only if %(kpi)s ≥ %(min)s")
            % {
                "kpi": subject_name(item.get("kpi"), basis, say),
                "min": value_with_unit(item.get("min"), item.get("kpi"), basis, say),
            }
        )
    if isinstance(rule.get("window"), Mapping):
        parts.append(window_phrase({"window": rule["window"]}, say))
    return "; ".join(parts)


def said_from_detail(line) -> bool:
    """Whether a line carries a feature's facts (factors, requirements, a window), which the
    engine's stored English cannot name with units: such a line is said from its detail in
    every language."""
    detail = get(line, "detail") or {}
    booster = isinstance(detail.get("window"), Mapping)  # a ranking's window is its own word
    return bool(detail.get("factors") or detail.get("requires") or booster)


@dataclass(frozen=True)
class MultiplierHint:
    """What lifts the whole payout: the next band of a plan multiplier and the plan's total
    there (the salesman's other values unchanged)."""

    code: str
    label: str
    labels: Mapping[str, str]
    kpi: str | None
    basis: str
    value: Decimal | None
    goal: Decimal
    factor: Decimal
    total: Decimal
    current_total: Decimal = field(default=Decimal(0))


def window_dates(window: Window) -> tuple[date, date]:
    """The window's first and last day, clipped to its month (validation refuses others)."""
    return window.start, min(window.end, month_end(window.start))


__all__ = [
    "FactorReached",
    "MultiplierHint",
    "band_reached",
    "describe_multiplier",
    "describe_rule_features",
    "factor_phrase",
    "factors_phrase",
    "factors_reached",
    "fmt",
    "next_band",
    "not_due_phrase",
    "parse_multipliers",
    "parse_requires",
    "parse_window",
    "requirement_phrase",
    "requirements_checked",
    "said_from_detail",
    "unmet_phrase",
    "validate_multipliers",
    "validate_rule_features",
    "window_is_due",
    "window_phrase",
    "with_value",
]
