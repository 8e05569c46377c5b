"""`ranking`: amounts by rank on a metric over a window (month, quarter, semester, year) within
a scope (team, channel, all), paid in the window's last month; ties share the rank; not
multiplied, not gated.

    {"code": "top", "label": "...", "type": "ranking", "metric": "revenue",
     "window": "quarter", "scope": "channel", "amounts": [300000, 150000]}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from incentives.engine.base import (
    ENGLISH,
    NO_DATA,
    NOT_DUE,
    NOT_REACHED,
    PAID,
    ZERO,
    EditorField,
    Facts,
    Line,
    Rule,
    RuleType,
    Say,
    english_month,
    fmt,
    get,
    gettext_noop,
    no_data_text,
)
from incentives.engine.registry import register
from spm.money import round_rupiah

if TYPE_CHECKING:
    from incentives.engine.plan import Gate, PlanSpec

WINDOWS = {
    "month": gettext_noop("month"),
    "quarter": gettext_noop("quarter"),
    "semester": gettext_noop("semester"),
    "year": gettext_noop("year"),
}
SCOPES = {
    "team": gettext_noop("team"),
    "channel": gettext_noop("channel"),
    "all": gettext_noop("all"),
}


def rank(values: Mapping) -> dict:
    """Positions by value, highest first; ties share the rank and the next rank is skipped
    (100, 100, 90 → 1, 1, 3). Keys whose value is None are not ranked."""
    ordered = sorted(
        ((key, value) for key, value in values.items() if value is not None),
        key=lambda item: item[1],
        reverse=True,
    )
    positions = {}
    previous = None
    for index, (key, value) in enumerate(ordered):
        if previous is None or value != previous[1]:
            previous = (index + 1, value)
        positions[key] = previous[0]
    return positions


def window_bounds(window: str, month: date) -> tuple[date, date]:
    """First and last month (first days) of the `window` that contains `month`."""
    if window == "month":
        return month, month
    size = {"quarter": 3, "semester": 6, "year": 12}[window]
    first = (month.month - 1) // size * size + 1
    return date(month.year, first, 1), date(month.year, first + size - 1, 1)


def is_window_end(window: str, month: date) -> bool:
    return window_bounds(window, month)[1] == month.replace(day=1)


@register
class Ranking(RuleType):
    name = "ranking"
    order = 60
    title = gettext_noop("Ranking")
    summary = gettext_noop("Ranking: amounts by rank on a metric")
    english_name = "ranking"
    keys = ("metric", "window", "scope", "amounts")
    editor = (
        EditorField("metric", "metric", gettext_noop("Metric")),
        EditorField("window", "choice", gettext_noop("Window"), choices=tuple(WINDOWS.items())),
        EditorField("scope", "choice", gettext_noop("Scope"), choices=tuple(SCOPES.items())),
        EditorField(
            "amounts",
            "amounts",
            gettext_noop("Amounts by rank (Rp)"),
            help_text=gettext_noop("Rank 1 first, separated by commas, e.g. 300000, 150000."),
        ),
    )

    def validate(self, check, path: str, rule: dict) -> None:
        metric = check.text(f"{path}.metric", rule, "metric")
        if isinstance(metric, str):
            check.metric(f"{path}.metric", metric)  # group metrics of known SKU groups too
        check.choice(f"{path}.window", rule, "window", tuple(WINDOWS))
        check.choice(f"{path}.scope", rule, "scope", tuple(SCOPES))
        amounts = rule.get("amounts")
        if amounts is None:
            check.add(f"{path}.amounts", gettext_noop("required"))
        elif not isinstance(amounts, list) or not amounts:
            check.add(f"{path}.amounts", gettext_noop("must be a non-empty list of amounts"))
        else:
            for index, amount in enumerate(amounts):
                check.number(f"{path}.amounts[{index}]", {"a": amount}, "a", minimum=0, whole=True)

    def line(self, rule: Rule, plan: PlanSpec, facts: Facts, gate: Gate | None) -> Line:
        fact = facts.rankings.get(rule.code)
        first, last = window_bounds(rule.window, facts.month)
        base = {
            "rule": rule.code,
            "label": rule.label,
            "type": rule.type,
            "basis": None,
            "kpi": rule.metric,
            "value": fact.value if fact else None,
            "multiplier": None,
            "reward": "",
        }
        detail = {
            "metric": rule.metric,
            "window": rule.window,
            "scope": rule.scope,
            "window_start": first,
            "window_end": last,
            "position": fact.position if fact else None,
            "field_size": fact.field_size if fact else 0,
        }
        if last != facts.month.replace(day=1):
            return Line(
                **base,
                status=NOT_DUE,
                reached="",
                detail=detail,
                amount=ZERO,
                explanation=(
                    f"{rule.english_label}: the {rule.window} ranking by {rule.metric} pays in "
                    f"{english_month(last)}, the window's last month."
                ),
            )
        if fact is None or fact.position is None:
            return Line(
                **base,
                status=NO_DATA,
                reached="",
                detail=detail,
                amount=ZERO,
                explanation=f"{rule.english_label}: no {rule.metric} value to rank, pays nothing.",
            )
        position = fact.position
        paid = position <= len(rule.amounts)
        amount = round_rupiah(rule.amounts[position - 1]) if paid else ZERO
        where = f"rank {position} of {fact.field_size} by {rule.metric} {fmt(fact.value)}"
        where += f" over the {rule.window} within the {rule.scope}"
        if paid:
            text = f"{where}: {fmt(amount)} (ties share the rank; no level multiplier, not gated)"
        else:
            text = f"{where}: only the first {len(rule.amounts)} rank(s) pay"
        return Line(
            **base,
            status=PAID if paid else NOT_REACHED,
            reached=f"rank {position}",
            detail=detail,
            amount=amount,
            explanation=f"{rule.english_label}: {text}.",
        )

    def reached_text(self, line, say: Say = ENGLISH) -> str | None:
        detail = get(line, "detail") or {}
        if detail.get("position") is None:
            return None
        return say.gettext("rank %(n)s") % {"n": detail["position"]}

    def explain(self, line, say: Say = ENGLISH) -> str:
        _ = say.gettext
        status, detail = get(line, "status"), get(line, "detail") or {}
        if status == NO_DATA:
            return no_data_text(line, say)
        params = {
            "label": get(line, "label"),
            "position": detail.get("position"),
            "size": detail.get("field_size"),
            "metric": detail.get("metric"),
            "month": say.month(detail.get("window_end")),
        }
        if status == NOT_DUE:
            return _("%(label)s: the ranking pays in %(month)s, the window's last month.") % params
        if status == NOT_REACHED:
            return _("%(label)s: rank %(position)s of %(size)s by %(metric)s, not a paid rank.") % (
                params
            )
        return _("%(label)s: rank %(position)s of %(size)s by %(metric)s: %(amount)s.") % {
            **params,
            "amount": say.rupiah(get(line, "amount")),
        }

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        _ = say.gettext
        return _("%(metric)s over the %(window)s within the %(scope)s: %(amounts)s") % {
            "metric": rule["metric"],
            "window": _(WINDOWS[rule["window"]]),
            "scope": _(SCOPES[rule["scope"]]),
            "amounts": ", ".join(say.rupiah(a) for a in rule["amounts"]),
        }
