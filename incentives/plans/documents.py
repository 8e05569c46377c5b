"""Incentive plans as JSON documents: validation, import, export, lookup.

The document is the contract of docs/contracts.md "Incentive plan JSON". `validate_plan` checks it
completely and returns every problem with its path in the document (`rules[2].tiers[0].from`)
and the canonical document: the same content in a fixed key order, which is what is stored and
exported, so `export_plan(import_plan(x))` gives back `x` with the same keys in the same order.

Numbers are read with `Decimal` (`parse_document_text`) and written back as they were written
(`dumps`): an amount `2000000` stays `2000000`, a multiplier `1.10` stays `1.10`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop

from incentives import engine
from incentives.engine import features
from incentives.models import Plan, PlanStatus
from org import audit
from org.models import Channel, Role

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
RESERVED_RULE_CODES = {"cap", "adjustment"}
GROUP_METRIC_NAMES = ("revenue", "outlets", "numeric_distribution")  # `revenue@focus`, ...
TOP_KEYS = (
    "code",
    "name",
    "applies_to",
    "valid_from",
    "valid_to",
    "effective_from",
    "stacks_with",
    "gate_total_score",
    "cap",
    "level_multipliers",
    "multipliers",
    "proration",
    "clawback",
    "rules",
)
PRORATIONS = ("none", "working_days")  # docs/contracts.md "People over time"
CLAWBACKS = ("deduct", "none")  # docs/contracts.md "Returns, late data and prior-period …"


@dataclass(frozen=True)
class Problem:
    """One problem with its path in the document. `message` is English (the command line and
    the API show it); `template` and `params` say it again in the reader's language
    (`localized()`, for the pages)."""

    path: str
    message: str
    template: str = ""
    params: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def localized_message(self) -> str:
        if not self.template:
            return self.message
        return gettext(self.template) % self.params if self.params else gettext(self.template)

    def localized(self) -> str:
        message = self.localized_message()
        return f"{self.path}: {message}" if self.path else message


def problem(path: str, template: str, **params) -> Problem:
    """A Problem whose English text is `template % params`; `template` is marked for
    translation with gettext_noop."""
    return Problem(path, template % params if params else template, template, params)


class PlanInvalid(ValidationError):
    """A plan document with problems; `problems` names each one. Nothing was stored."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


# ---------------------------------------------------------------------------------------------
# JSON text


def parse_document_text(text: str | bytes) -> dict:
    """The document from JSON text, numbers with a fraction as `Decimal`; PlanInvalid when the
    text is not JSON or not an object."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PlanInvalid(
                [
                    problem(
                        "",
                        gettext_noop("the file is not UTF-8 text (%(reason)s)"),
                        reason=exc.reason,
                    )
                ]
            ) from exc
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        message = gettext_noop("invalid JSON at line %(line)s column %(column)s: %(reason)s")
        raise PlanInvalid(
            [problem("", message, line=exc.lineno, column=exc.colno, reason=exc.msg)]
        ) from exc
    if not isinstance(document, dict):
        raise PlanInvalid([problem("", gettext_noop("the document must be a JSON object"))])
    return document


def _dump(value, indent: int | None, level: int) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    sep = ", " if indent is None else ","
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, indent, level + 1)}"
            for k, v in value.items()
        ]
        return "{" + sep.join(items) + end + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + sep.join(f"{pad}{_dump(v, indent, level + 1)}" for v in value) + end + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(document: dict, indent: int | None = 2) -> str:
    """JSON text with Decimals written exactly as numbers (the json module cannot)."""
    return _dump(document, indent, 0)


def to_plain(document):
    """The document with Decimals as JSON numbers read back by `json` (for the audit trail and
    API answers, which store and send plain JSON)."""
    return json.loads(dumps(document, indent=None))


# ---------------------------------------------------------------------------------------------
# Validation


def _is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def decimalize(value):
    """The document with every float as the Decimal of its shortest text (`0.5` → 0.5 exactly):
    documents from DRF's parser or hand-written dicts carry floats; the engine never does."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {key: decimalize(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decimalize(item) for item in value]
    return value


def _known_codes() -> tuple[set[str], set[str]]:
    """(KPI codes, metric codes) a rule may name."""
    from kpi.models import KPIDefinition
    from outlets.metrics import METRICS

    return set(KPIDefinition.objects.values_list("code", flat=True)), set(METRICS)


def metric_name_problem(code: str) -> str | None:
    """Why `code` is not a metric name outside the catalogue's own (a group metric such as
    `revenue@focus` naming an unknown SKU group), or None when it is one: the metrics app's
    `outlets.metrics.validate_metric_name` says (it raises, or returns False, for a bad name)."""
    from outlets import metrics

    validate = getattr(metrics, "validate_metric_name", None)
    if validate is None:  # the group metrics' shape only (name@group), no group list to check
        name, _, group = code.partition("@")
        known = name in GROUP_METRIC_NAMES and CODE_RE.match(group)
        return None if known else "unknown metric"
    try:
        with translation.override("en"):  # the problem's message is English (see Problem)
            result = validate(code)
            result = str(result) if isinstance(result, Promise) else result
    except (ValueError, KeyError, ValidationError) as exc:
        messages = getattr(exc, "messages", None)
        return "; ".join(messages) if messages else str(exc).strip("'\"")
    if result is False or (isinstance(result, str) and result not in ("", code)):
        return result or "unknown metric"
    return None


class _Checker:
    def __init__(self, kpi_codes: set[str] | None, metric_codes: set[str] | None, metric_name=None):
        self.problems: list[Problem] = []
        self.kpi_codes = kpi_codes
        self.metric_codes = metric_codes
        # code → why it is not a (group) metric name, None when it is one: `metric_name_problem`
        self.metric_name = metric_name

    def _group_metric(self, path: str, code: str) -> bool:
        """Whether `code` is a group metric name (`revenue@focus`); a bad one is named."""
        if "@" not in code or self.metric_name is None:
            return False
        reason = self.metric_name(code)
        if reason is not None:
            self.add(
                path,
                gettext_noop("unknown metric %(code)s: %(reason)s"),
                code=repr(code),
                reason=reason,
            )
        return True

    def metric(self, path: str, code: str, *, booster: bool = False) -> None:
        """`code` must be a metric name (of the catalogue, or a group metric of a known SKU
        group). A booster's `kpi` was checked as a KPI or metric before: only a KPI that is not
        a metric is named then."""
        if self.metric_codes is None or code in self.metric_codes:
            return
        if self._group_metric(path, code):
            return  # a group metric name, named when its group is unknown
        if not booster:
            self.add(path, gettext_noop("unknown metric %(metric)s"), metric=repr(code))
        elif code in (self.kpi_codes or set()):
            self.add(
                path,
                gettext_noop("a booster reads a metric of the catalogue, not the KPI %(code)s"),
                code=repr(code),
            )

    def add(self, path: str, template: str, **params) -> None:
        self.problems.append(problem(path, template, **params))

    def unknown_keys(self, path: str, obj: dict, allowed) -> None:
        for key in obj:
            if key not in allowed:
                self.add(f"{path}.{key}" if path else key, gettext_noop("unknown key"))

    def text(self, path: str, obj: dict, key: str, *, required=True, code=False, max_length=200):
        value = obj.get(key)
        if value is None:
            if required:
                self.add(path, gettext_noop("required"))
            return value
        if not isinstance(value, str) or not value.strip():
            self.add(path, gettext_noop("must be a non-empty text"))
        elif len(value) > max_length:
            self.add(path, gettext_noop("at most %(n)s characters"), n=max_length)
        elif code and not CODE_RE.match(value):
            self.add(path, gettext_noop("letters, digits, '-', '_' and '.' only, no spaces"))
        return value

    def label(self, path: str, obj: dict, key: str) -> None:
        """A text given plainly or in both languages, `{"id": "…", "en": "…"}` (either may be
        left out): a plan's name, a rule's label."""
        value = obj.get(key)
        if not isinstance(value, dict):
            self.text(path, obj, key)
            return
        self.unknown_keys(path, value, engine.LANGUAGES)
        given = [code for code in engine.LANGUAGES if code in value]
        if not given:
            self.add(path, gettext_noop("give the text in id, en or both"))
        for code in given:
            self.text(f"{path}.{code}", value, code)

    def number(self, path, obj, key, *, required=True, minimum=None, positive=False, whole=False):
        value = obj.get(key)
        if value is None:
            if required:
                self.add(path, gettext_noop("required"))
            return None
        if not _is_number(value):
            self.add(path, gettext_noop("must be a number"))
            return None
        if positive and value <= 0:
            self.add(path, gettext_noop("must be greater than 0"))
        elif minimum is not None and value < minimum:
            self.add(path, gettext_noop("must be at least %(minimum)s"), minimum=minimum)
        if whole and Decimal(value) != Decimal(value).to_integral_value():
            self.add(path, gettext_noop("must be a whole number (whole Rupiah)"))
        return value

    def choice(self, path: str, obj: dict, key: str, choices) -> str | None:
        value = obj.get(key)
        if value is None:
            self.add(path, gettext_noop("required"))
        elif value not in choices:
            self.add(path, gettext_noop("must be one of %(choices)s"), choices=", ".join(choices))
        return value

    def day(self, path: str, obj: dict, key: str, *, required=True) -> date | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(path, gettext_noop("required"))
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.add(path, gettext_noop("must be a date YYYY-MM-DD"))
            return None

    def kpi(self, path: str, rule: dict, basis: str | None) -> None:
        if basis == "total_score":
            if rule.get("kpi") is not None:
                self.add(path, gettext_noop("must be left out with basis total_score"))
            return
        code = self.text(path, rule, "kpi")
        if not isinstance(code, str) or self.kpi_codes is None:
            return
        # A metric name is accepted with every basis: scorecard KPIs are usually coded after the
        # metric they read (`revenue` ← metric:revenue), and a plan may be imported before the
        # scorecard template. A KPI missing from a person's scorecard is "no data" on the line.
        known = self.kpi_codes | (self.metric_codes or set())
        if code not in known and not self._group_metric(path, code):
            self.add(path, gettext_noop("unknown KPI or metric %(code)s"), code=repr(code))

    def tiers(self, path: str, rule: dict, kind: engine.RuleType) -> None:
        tiers = rule.get("tiers")
        if tiers is None:
            self.add(path, gettext_noop("required"))
            return
        if not isinstance(tiers, list) or not tiers:
            self.add(path, gettext_noop("must be a non-empty list"))
            return
        previous = None
        for index, tier in enumerate(tiers):
            where = f"{path}[{index}]"
            if not isinstance(tier, dict):
                self.add(where, gettext_noop("must be an object"))
                continue
            self.unknown_keys(where, tier, kind.tier_keys)
            start = self.number(f"{where}.from", tier, "from", minimum=0)
            kind.check_tier(self, where, tier)
            if start is not None and _is_number(start):
                if previous is not None and start <= previous:
                    self.add(
                        f"{where}.from",
                        gettext_noop("must be above the previous tier's from (%(previous)s)"),
                        previous=previous,
                    )
                previous = start

    def rule(self, path: str, rule, codes: set[str]) -> None:
        if not isinstance(rule, dict):
            self.add(path, gettext_noop("must be an object"))
            return
        code = self.text(f"{path}.code", rule, "code", code=True, max_length=60)
        if isinstance(code, str):
            if code in RESERVED_RULE_CODES:
                self.add(
                    f"{path}.code",
                    gettext_noop("%(code)s is reserved for statement lines"),
                    code=repr(code),
                )
            elif code in codes:
                self.add(
                    f"{path}.code", gettext_noop("duplicate rule code %(code)s"), code=repr(code)
                )
            codes.add(code)
        self.label(f"{path}.label", rule, "label")
        name = self.choice(f"{path}.type", rule, "type", tuple(engine.RULE_TYPES))
        if not isinstance(name, str) or name not in engine.RULE_TYPES:
            return
        kind = engine.rule_type(name)
        self.unknown_keys(path, rule, ("code", "label", "type", *kind.keys, *kind.rule_features))
        if "basis" in kind.keys:
            basis = self.choice(f"{path}.basis", rule, "basis", kind.bases)
            self.kpi(f"{path}.kpi", rule, basis)
        kind.validate(self, path, rule)
        if kind.rule_features:
            features.validate_rule_features(self, path, rule)


def validate_plan(
    document,
    *,
    kpi_codes: set[str] | None = None,
    metric_codes: set[str] | None = None,
    metric_name=None,
) -> tuple[dict | None, list[Problem]]:
    """(canonical document, []) when the plan is valid, else (None, every problem).

    `kpi_codes`/`metric_codes` default to the KPI definitions and the metric catalogue, and
    `metric_name` (code → why it is not a group metric name, or None) to `metric_name_problem`.
    """
    if kpi_codes is None and metric_codes is None:
        kpi_codes, metric_codes = _known_codes()
        metric_name = metric_name or metric_name_problem
    check = _Checker(kpi_codes, metric_codes, metric_name)
    if not isinstance(document, dict):
        return None, [problem("", gettext_noop("the document must be a JSON object"))]
    document = decimalize(document)
    check.unknown_keys("", document, TOP_KEYS)
    check.text("code", document, "code", code=True, max_length=60)
    check.label("name", document, "name")
    applies_to = document.get("applies_to")
    if not isinstance(applies_to, dict):
        check.add("applies_to", gettext_noop("required: an object with role and channel"))
    else:
        check.unknown_keys("applies_to", applies_to, ("role", "channel"))
        check.choice("applies_to.role", applies_to, "role", Role.values)
        check.choice("applies_to.channel", applies_to, "channel", Channel.values)
    start = check.day("valid_from", document, "valid_from")
    end = check.day("valid_to", document, "valid_to", required=False)
    if start and end and end < start:
        check.add("valid_to", gettext_noop("must not be before valid_from"))
    _check_version_keys(check, document)
    check.number("gate_total_score", document, "gate_total_score", required=False, minimum=0)
    check.number("cap", document, "cap", required=False, minimum=0, whole=True)
    multipliers = document.get("level_multipliers")
    if multipliers is not None:
        if not isinstance(multipliers, dict):
            check.add(
                "level_multipliers", gettext_noop('must be an object such as {"1": 1.0, "2": 1.1}')
            )
        else:
            for level in multipliers:
                where = f"level_multipliers.{level}"
                if not (level.isdigit() and int(level) >= 1 and str(int(level)) == level):
                    check.add(where, gettext_noop("a level is a whole number from 1"))
                check.number(where, multipliers, level, positive=True)
    features.validate_multipliers(check, document)
    if "proration" in document:
        check.choice("proration", document, "proration", PRORATIONS)
    if "clawback" in document:
        check.choice("clawback", document, "clawback", CLAWBACKS)
    rule_list = document.get("rules")
    if rule_list is None:
        check.add("rules", gettext_noop("required (a list, may be empty while drafting)"))
    elif not isinstance(rule_list, list):
        check.add("rules", gettext_noop("must be a list"))
    else:
        codes: set[str] = set()
        for index, rule in enumerate(rule_list):
            check.rule(f"rules[{index}]", rule, codes)
    if check.problems:
        return None, check.problems
    return canonical(document), []


MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _check_version_keys(check: _Checker, document: dict) -> None:
    """`effective_from` ("YYYY-MM": the month a version takes effect from) and `stacks_with`
    (the codes of plans this one may overlap, docs/contracts.md "Plan and template versions")."""
    month = document.get("effective_from")
    if month is not None and not (isinstance(month, str) and MONTH_RE.match(month)):
        check.add("effective_from", gettext_noop("must be a month YYYY-MM"))
    stacks = document.get("stacks_with")
    if stacks is None:
        return
    if not isinstance(stacks, list):
        check.add("stacks_with", gettext_noop('must be a list of plan codes such as ["GT-BASE"]'))
        return
    for index, code in enumerate(stacks):
        if not isinstance(code, str) or not CODE_RE.match(code):
            check.add(f"stacks_with[{index}]", gettext_noop("must be a plan code"))
        elif code == document.get("code"):
            check.add(f"stacks_with[{index}]", gettext_noop("a plan does not stack with itself"))


def _canonical_text(value):
    """A name or label as it was given: plain, or both languages in a fixed order."""
    if isinstance(value, dict):
        return {code: value[code] for code in engine.LANGUAGES if code in value}
    return value


def canonical(document: dict) -> dict:
    """The valid document in its fixed key order (see module docstring)."""
    result = {
        "code": document["code"],
        "name": _canonical_text(document["name"]),
        "applies_to": {
            "role": document["applies_to"]["role"],
            "channel": document["applies_to"]["channel"],
        },
        "valid_from": document["valid_from"],
        "valid_to": document.get("valid_to"),
        # The version keys only when given, so older documents round-trip unchanged.
        **{key: document[key] for key in ("effective_from", "stacks_with") if key in document},
        "gate_total_score": document.get("gate_total_score"),
        "cap": document.get("cap"),
        "level_multipliers": dict(document.get("level_multipliers") or {}),
        "rules": [],
    }
    if "proration" in document:  # only when given, so older documents round-trip unchanged
        result["proration"] = document["proration"]
        result["rules"] = result.pop("rules")  # rules stay the last key
    if "clawback" in document:  # only when given, so older documents round-trip unchanged
        result["clawback"] = document["clawback"]
        result["rules"] = result.pop("rules")
    if "multipliers" in document:  # only when given, so older documents round-trip unchanged
        result["multipliers"] = [
            {key: item[key] for key in features.MULTIPLIER_KEYS if key in item}
            | {
                "label": _canonical_text(item["label"]),
                "bands": [{"from": b["from"], "factor": b["factor"]} for b in item["bands"]],
            }
            for item in document["multipliers"]
        ]
        result["rules"] = result.pop("rules")  # rules stay the last key
    for rule in document["rules"]:
        item = {"code": rule["code"], "label": _canonical_text(rule["label"]), "type": rule["type"]}
        kind = engine.rule_type(rule["type"])
        for key in kind.keys:
            if key in kind.optional and key not in rule:
                continue
            if key == "kpi" and rule.get("basis") == "total_score":
                if "kpi" in rule:
                    item["kpi"] = None
                continue
            value = rule.get(key)
            if key == "tiers":
                value = [{k: tier[k] for k in kind.tier_keys if k in tier} for tier in value]
            elif key == "amounts":
                value = list(value)
            item[key] = value
        for key in kind.rule_features:
            if key == "requires" and key in rule:
                item[key] = [
                    {k: requirement.get(k) for k in features.REQUIREMENT_KEYS}
                    for requirement in rule[key]
                ]
            elif key == "window" and key in rule:
                item[key] = {"from": rule[key]["from"], "to": rule[key]["to"]}
        result["rules"].append(item)
    return result


# ---------------------------------------------------------------------------------------------
# Services


def plan_document(plan: Plan) -> dict:
    """The stored plan's document (Decimal numbers where the JSON had a fraction)."""
    return json.loads(plan.document, parse_float=Decimal)


def check_plan(document) -> dict:
    """The canonical document, or PlanInvalid naming every problem."""
    result, problems = validate_plan(document)
    if problems:
        raise PlanInvalid(problems)
    return result


@transaction.atomic
def import_plan(*, document: dict, by, status: str | None = None, note: str = "") -> Plan:
    """Store a plan document as a new version of the plan `document["code"]`, all or nothing.

    `status` `active` publishes the version (from its `effective_from`, else the default of
    `versions.default_effective_from`); `draft` keeps it a draft (the latest draft is replaced,
    a published version is never touched); None publishes, except for an existing plan that
    has no published version yet (it stays a draft). The change is recorded in the audit trail
    with the documents before and after; a document identical to the latest version changes
    nothing. Publishing may be refused (`versions.VersionRefused`: locked month, overlap).
    """
    from incentives.plans import versions

    valid = check_plan(document)
    if status is not None and status not in PlanStatus.values:
        raise PlanInvalid(
            [
                problem(
                    "status",
                    gettext_noop("must be one of %(choices)s"),
                    choices=", ".join(PlanStatus.values),
                )
            ]
        )
    plan = Plan.objects.select_for_update().filter(code=valid["code"]).first()
    latest = versions.latest_version(plan) if plan else None
    before = plan_document(plan) if plan else None
    before_status = plan.status if plan else None
    if status is None:
        publish = plan is None or plan.status == PlanStatus.ACTIVE
    else:
        publish = status == PlanStatus.ACTIVE
    text = dumps(valid)
    if latest is not None and latest.document == text and latest.is_published == publish:
        return plan
    if latest is not None and latest.is_published and latest.document == text and not publish:
        return plan
    plan, version = versions.store_version(plan=plan, valid=valid, text=text, by=by)
    said = f"version {version.number}"
    if publish:
        try:
            version = versions.publish_version(version=version, by=by, record=False)
        except ValidationError as exc:  # VersionRefused, MonthLocked: said like a problem
            raise PlanInvalid(
                [
                    Problem(path if path != "__all__" else "", message)
                    for path, messages in _message_dict(exc).items()
                    for message in messages
                ]
            ) from exc
        plan.refresh_from_db()
        said += f", effective from {version.effective_from:%Y-%m}"
    audit.record(
        actor=by,
        action="plan.created" if before is None else "plan.updated",
        obj=plan,
        before=_audit_state(before, before_status),
        after=_audit_state(valid, plan.status),
        note=note or said,
    )
    return plan


def _message_dict(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"": [str(m) for m in exc]}


def _audit_state(document: dict | None, status: str | None) -> dict | None:
    if document is None:
        return None
    return {"status": status, "document": to_plain(document)}


@transaction.atomic
def set_plan_status(*, plan: Plan, status: str, by) -> Plan:
    """`active` publishes the plan's latest draft (from its default month); `draft` is only
    possible while no version is published (a published version never changes)."""
    from incentives.plans import versions

    if status not in PlanStatus.values:
        raise ValidationError({"status": f"must be one of {', '.join(PlanStatus.values)}"})
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == status:
        return plan
    if status == PlanStatus.DRAFT:
        raise ValidationError(
            {
                "status": gettext(
                    "A published version never changes: publish a new version with a valid_to "
                    "to end the plan."
                )
            }
        )
    versions.publish_version(version=versions.latest_version(plan), by=by)
    plan.refresh_from_db()
    return plan


def export_plan(*, code: str, month: date | None = None) -> dict:
    """The plan's document: the version in force in `month`, or the latest version (a draft
    being edited included: what the editor shows). Plan.DoesNotExist for an unknown code, or
    when no version is in force in `month`."""
    from incentives.plans import versions

    plan = Plan.objects.get(code=code)
    if month is not None:
        version = versions.version_in_force(plan, month)
        if version is None:
            raise Plan.DoesNotExist(f"no version of {code} is in force in {month:%Y-%m}")
        return versions.version_document(version)
    version = versions.latest_version(plan)
    return versions.version_document(version) if version else plan_document(plan)


def plans_for(*, role: str, channel: str, month: date) -> list[Plan]:
    """The plans with a version in force in `month` for people of `role` and `channel`."""
    from incentives.plans import versions

    return [
        version.plan
        for version in versions.versions_in_force(month)
        if (version.role, version.channel) == (role, channel)
    ]
