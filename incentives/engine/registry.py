"""The rule-type registry: every module of `incentives/engine/types/` registers its type here
(`@register`), so adding a rule type is adding one module (and its tests)."""

from __future__ import annotations

import importlib
import pkgutil

from incentives.engine.base import RuleType

_TYPES: dict[str, RuleType] = {}


def register(cls: type[RuleType]) -> type[RuleType]:
    """Class decorator: register one instance of the rule type under its `name`."""
    if cls.name in _TYPES:
        raise ValueError(f"rule type {cls.name!r} is registered twice")
    _TYPES[cls.name] = cls()
    return cls


def _load() -> dict[str, RuleType]:
    from incentives.engine import types

    for module in pkgutil.iter_modules(types.__path__):
        importlib.import_module(f"{types.__name__}.{module.name}")
    return dict(sorted(_TYPES.items(), key=lambda item: item[1].order))


RULE_TYPES: dict[str, RuleType] = _load()


def rule_type(name: str) -> RuleType:
    """The registered rule type `name`; KeyError for an unknown one."""
    return RULE_TYPES[name]


def names(**flags: bool) -> tuple[str, ...]:
    """The names of the rule types with the given flags, e.g. `names(multiplied=True)`."""
    return tuple(
        name
        for name, kind in RULE_TYPES.items()
        if all(getattr(kind, flag) == wanted for flag, wanted in flags.items())
    )
