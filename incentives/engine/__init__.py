"""The incentive engine: pure Python, `Decimal` only, no Django.

- `types/`: one module per rule type of the plan JSON (docs/contracts.md "Incentive plan JSON").
  Each holds its document keys and their validation, its evaluation, its next threshold ("what
  is needed for the next tier"), its flags (`multiplied` by the level multiplier, `gated` by
  `gate_total_score`, `prorated`) and its explanation and "reached" text in both languages
  (English msgids, translated by the Django layer through `Say`, see `base.py`).
- `registry.py`: `RULE_TYPES` (name → rule type, in the contract's order), `rule_type(name)`,
  `names(multiplied=True)`. Every other module (validation, the editor, explanations, the
  dashboard, the run pages) looks a type up here instead of listing types.
- `plan.py`: the plan around its rules: `parse_plan`, `evaluate` (gate, level multipliers,
  rounding, cap), `Statement`.
- `features.py`: the plan features every value rule shares (docs/contracts.md "FMCG scheme
  building blocks"): plan-level `multipliers` (the entry ticket), rule-level `requires` and
  `window` (a booster): parsing, validation, evaluation, words, next-band hints.

Adding a rule type: one module in `types/` with a `@register`ed `RuleType` subclass (and its
tests); nothing else lists the types.
"""

from incentives.engine.base import (
    BASES,
    CAPPED,
    ENGLISH,
    GATE,
    LANGUAGES,
    NO_DATA,
    NOT_DUE,
    NOT_PARTICIPANT,
    NOT_REACHED,
    PAID,
    REQUIRES,
    Band,
    EditorField,
    Facts,
    KpiFact,
    Line,
    Multiplier,
    NextThreshold,
    OkrOutcome,
    RankingFact,
    Requirement,
    Rule,
    RuleType,
    Say,
    Tier,
    Window,
    text_in,
)
from incentives.engine.plan import (
    Gate,
    PlanSpec,
    Statement,
    evaluate,
    multiplier_hints,
    parse_plan,
)
from incentives.engine.registry import RULE_TYPES, names, rule_type
from incentives.engine.types.ranking import is_window_end, rank, window_bounds

__all__ = [
    "BASES",
    "CAPPED",
    "ENGLISH",
    "GATE",
    "LANGUAGES",
    "NO_DATA",
    "NOT_DUE",
    "NOT_PARTICIPANT",
    "NOT_REACHED",
    "PAID",
    "REQUIRES",
    "RULE_TYPES",
    "Band",
    "EditorField",
    "Facts",
    "Gate",
    "KpiFact",
    "Line",
    "Multiplier",
    "NextThreshold",
    "OkrOutcome",
    "PlanSpec",
    "RankingFact",
    "Requirement",
    "Rule",
    "RuleType",
    "Say",
    "Statement",
    "Tier",
    "Window",
    "evaluate",
    "is_window_end",
    "multiplier_hints",
    "names",
    "parse_plan",
    "rank",
    "rule_type",
    "text_in",
    "window_bounds",
]
