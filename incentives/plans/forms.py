"""Forms of the plan editor and the what-if page.

The forms only collect values and turn them into pieces of the plan document; the plan itself is
always checked by `plans.documents.validate_plan` when it is saved, and the problems it names
(by path) are put back on the field they concern (`problems_to_form`).
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from incentives import engine
from incentives.models import Plan, PlanStatus
from org.models import Channel, Role
from spm.fields import LocalizedDecimalField, LocalizedIntegerField, MonthField, number_hint
from spm.numbers import NumberTextError, parse_number, split_list, write_number

SMALL = "form-control form-control-sm"
SELECT = "form-select form-select-sm"
MULTIPLIER_RE = re.compile(r"^\s*(\d+)\s*[:=]\s*(\S+)\s*$")
BAND_RE = re.compile(r"^\s*(\S+)\s*[:=]\s*(\S+)\s*$")
REQUIREMENT_RE = re.compile(
    r"^\s*([A-Za-z0-9_.@-]+)\s*(?:\((attainment|actual)\))?\s*(?::|>=|≥)\s*(\S+)\s*$"
)

# What each rule type does, for the editor's "add a rule" list (the rule type's own summary).
RULE_TYPE_LABELS = {name: _(kind.summary) for name, kind in engine.RULE_TYPES.items()}
BASIS_CHOICES = [
    ("attainment", _("attainment (skor, exact, before cap and floor)")),
    ("actual", _("actual")),
    ("total_score", _("total score of the scorecard")),
]


def split_text(value) -> tuple[str, str]:
    """A document name or label for the editor's two inputs: (Indonesian or the plain text,
    English)."""
    if isinstance(value, dict):
        return value.get("id", ""), value.get("en", "")
    return value or "", ""


def join_text(main: str, english: str):
    """The document value of the two inputs: the plain text when no English is given (a plan
    keeps the form it was written in), else both languages."""
    if not english:
        return main
    return {"id": main, "en": english} if main else {"en": english}


ENGLISH_HELP = _("Optional: shown to readers who use English; the text above to the others.")


def plain_number(value: Decimal | int | None):
    """A form's Decimal as the document writes it: `100` rather than `100.00`."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", SELECT)
        else:
            widget.attrs.setdefault("class", SMALL)


def problems_to_form(form: forms.BaseForm, problems, field_for) -> None:
    """Attach each plan problem to the form field `field_for(path)` names (or the form)."""
    for problem in problems:
        name = field_for(problem.path)
        if name in form.fields:
            form.add_error(name, problem.localized_message())
        else:
            form.add_error(None, problem.localized())


def kpi_choices():
    """Scorecard KPIs first, then the metrics of the catalogue and the group metrics of the SKU
    groups there are (`revenue@focus`; basis `actual` may use them)."""
    from kpi.models import KPIDefinition
    from outlets.metrics import metric_choices as every_metric

    kpis = [
        (kpi.code, f"{kpi.code} — {kpi.display_name}")
        for kpi in KPIDefinition.objects.order_by("code")
    ]
    known = {code for code, _label in kpis}
    metrics = [
        (code, f"{code} — {label}") for code, label in sorted(every_metric()) if code not in known
    ]
    return [
        ("", "—"),
        (_("Scorecard KPIs"), kpis),
        (_("Metrics"), metrics),
    ]


def metric_choices():
    from outlets.metrics import metric_choices as every_metric

    return [(code, f"{code} — {label}") for code, label in sorted(every_metric())]


# ---------------------------------------------------------------------------------------------
# Plan header


class PlanHeaderForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=60,
        help_text=_("Letters, digits, '-', '_' and '.'; cannot be changed later."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(
        label=_("Name in English"), max_length=200, required=False, help_text=ENGLISH_HELP
    )
    role = forms.ChoiceField(label=_("Applies to role"), choices=Role.choices)
    channel = forms.ChoiceField(label=_("Applies to channel"), choices=Channel.choices)
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Valid to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    gate_total_score = LocalizedDecimalField(
        label=_("Gate: minimum total score"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=_(
            "Below this scorecard total, tiers, step, per-unit, rate and reward rules pay "
            "nothing; OKR bonus and ranking rules still pay. Empty: no gate."
        ),
    )
    cap = LocalizedIntegerField(
        label=_("Cap (Rp per month)"),
        required=False,
        min_value=0,
        help_text=_("The most the plan's cash lines may total for a person in a month."),
    )
    level_multipliers = forms.CharField(
        label=_("Level multipliers"),
        required=False,
        help_text=_(
            "One per line, level: multiplier, e.g. 2: 1.1. Multiplies tiers, step, per-unit "
            "and rate lines; a level not listed multiplies by 1."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proration = forms.ChoiceField(
        label=_("Proration"),
        choices=[
            ("none", _("None: joiners and leavers are paid like the whole month")),
            ("working_days", _("By working days: tiers, step and per-unit lines × days worked")),
        ],
        initial="none",
        required=False,  # left out: none
        help_text=_(
            "For someone who joins or leaves during the month: his tiers, step and per-unit "
            "lines × his active working days / the month's working days (shown as 13/26)."
        ),
    )
    # The plan's first multiplier (the entry ticket, engine/features.py); more multipliers
    # stay as the JSON document gives them.
    entry_kpi = forms.ChoiceField(
        label=_("Entry ticket: KPI or metric"),
        required=False,
        help_text=_(
            "A multiplier on the whole payout, e.g. outlet_coverage: the factor of the highest "
            "band reached multiplies every tiers, step, per-unit and rate line, after the level "
            "multiplier; no data → the first band. Empty: no entry ticket."
        ),
    )
    entry_basis = forms.ChoiceField(
        label=_("Entry ticket: basis"), choices=BASIS_CHOICES, required=False
    )
    entry_label = forms.CharField(label=_("Entry ticket: label"), max_length=200, required=False)
    entry_label_en = forms.CharField(
        label=_("Entry ticket: label in English"),
        max_length=200,
        required=False,
        help_text=ENGLISH_HELP,
    )
    entry_bands = forms.CharField(
        label=_("Entry ticket: bands"),
        required=False,
        help_text=_(
            "One per line, from: factor, starting at 0 and increasing, e.g. 0: 0.5, 80: 0.8, "
            "95: 1.1."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=PlanStatus.choices,
        help_text=_("Only active plans are paid when a month is closed."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry_kpi"].choices = kpi_choices()
        self.fields["entry_basis"].initial = "actual"
        _style(self)
        if editing:
            self.fields["code"].disabled = True

    @classmethod
    def initial_from(cls, plan: Plan, document: dict) -> dict:
        multipliers = "\n".join(
            f"{level}: {write_number(value, get_language())}"
            for level, value in document["level_multipliers"].items()
        )
        return {
            "code": plan.code,
            "name": split_text(document["name"])[0],
            "name_en": split_text(document["name"])[1],
            "role": document["applies_to"]["role"],
            "channel": document["applies_to"]["channel"],
            "valid_from": document["valid_from"],
            "valid_to": document["valid_to"],
            "gate_total_score": document["gate_total_score"],
            "cap": document["cap"],
            "level_multipliers": multipliers,
            "proration": document.get("proration") or "none",
            "document_keys": tuple(document),
            "status": plan.status,
            **cls.entry_initial(document.get("multipliers") or []),
        }

    @staticmethod
    def entry_initial(multipliers: list) -> dict:
        """The entry-ticket inputs from the document's first multiplier; the others are kept
        as they are (`other_multipliers`, not an input)."""
        if not multipliers:
            return {"entry_basis": "actual", "other_multipliers": []}
        first = multipliers[0]
        language = get_language()
        return {
            "entry_code": first["code"],
            "entry_kpi": first.get("kpi") or "",
            "entry_basis": first.get("basis") or "actual",
            "entry_label": split_text(first.get("label"))[0],
            "entry_label_en": split_text(first.get("label"))[1],
            "entry_bands": "\n".join(
                f"{write_number(band['from'], language)}: {write_number(band['factor'], language)}"
                for band in first["bands"]
            ),
            "other_multipliers": list(multipliers[1:]),
        }

    def clean_entry_bands(self):
        """Lines (or items separated by `;` or `, `) of `from: factor`, read the page
        language's way: `80: 0,8` in Indonesian, `80: 0.8` in English."""
        language = get_language()
        example = f"80: {write_number(Decimal('0.8'), language)}"
        bands = []
        for number, line in enumerate(split_list(self.cleaned_data["entry_bands"]), start=1):
            match = BAND_RE.match(line)
            values = None
            if match:
                try:
                    values = [parse_number(match.group(i), language) for i in (1, 2)]
                except NumberTextError:
                    values = None
            if values is None:
                raise ValidationError(
                    _("Line %(n)s: write from: factor, e.g. %(example)s"),
                    params={"n": number, "example": example},
                )
            bands.append({"from": plain_number(values[0]), "factor": plain_number(values[1])})
        return bands

    def clean_level_multipliers(self):
        """Lines (or items separated by `;` or `, `) of `level: multiplier`, the multiplier read
        the page language's way: `2: 1,1` in Indonesian, `2: 1.1` in English."""
        language = get_language()
        example = f"2: {write_number(Decimal('1.1'), language)}"
        result = {}
        for number, line in enumerate(split_list(self.cleaned_data["level_multipliers"]), start=1):
            match = MULTIPLIER_RE.match(line)
            value = None
            if match:
                try:
                    value = parse_number(match.group(2), language)
                except NumberTextError:
                    value = None
            if value is None or value < 0:
                raise ValidationError(
                    _("Line %(n)s: write level: multiplier, e.g. %(example)s"),
                    params={"n": number, "example": example},
                )
            level = str(int(match.group(1)))
            if level in result:
                raise ValidationError(
                    _("Level %(level)s is listed twice."), params={"level": level}
                )
            result[level] = value
        return result

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Must not be before valid from."))
        bands, kpi = data.get("entry_bands"), data.get("entry_kpi")
        reads_kpi = data.get("entry_basis") != "total_score"
        if bands and reads_kpi and not kpi:
            self.add_error("entry_kpi", _("Choose the KPI or metric the entry ticket reads."))
        elif (kpi or data.get("entry_label")) and not bands and "entry_bands" not in self.errors:
            self.add_error("entry_bands", _("Give the bands, starting at 0."))
        return data

    def multipliers(self) -> list[dict]:
        """The document's `multipliers`: the entry ticket of the inputs, then the others."""
        data = self.cleaned_data
        result = []
        if data.get("entry_bands"):
            basis = data.get("entry_basis") or "actual"
            label = data.get("entry_label") or str(_("Entry ticket"))
            entry = {
                "code": self.initial.get("entry_code") or "entry",
                "label": join_text(label, data.get("entry_label_en", "")),
            }
            if basis != "total_score":
                entry["kpi"] = data["entry_kpi"]
            entry.update({"basis": basis, "bands": data["entry_bands"]})
            result.append(entry)
        return result + list(self.initial.get("other_multipliers") or [])

    def header(self) -> dict:
        """The document's header keys from the cleaned data (rules are added by the caller)."""
        data = self.cleaned_data
        return {
            "code": data["code"],
            "name": join_text(data["name"], data.get("name_en", "")),
            "applies_to": {"role": data["role"], "channel": data["channel"]},
            "valid_from": data["valid_from"].isoformat(),
            "valid_to": data["valid_to"].isoformat() if data["valid_to"] else None,
            "gate_total_score": plain_number(data["gate_total_score"]),
            "cap": data["cap"],
            "level_multipliers": data["level_multipliers"],
            # only when there is one, so a plan without multipliers keeps its document
            **({"multipliers": multipliers} if (multipliers := self.multipliers()) else {}),
            # only when prorated (or the document said so), for the same reason
            **(
                {"proration": data.get("proration") or "none"}
                if (data.get("proration") or "none") != "none" or "proration" in self.initial_keys()
                else {}
            ),
        }

    def initial_keys(self) -> set:
        """The document keys the edited plan had (`initial_from`)."""
        return set(self.initial.get("document_keys") or ())

    @staticmethod
    def field_for(path: str) -> str | None:
        if path.startswith("multipliers[0]."):
            key = path.split(".", 1)[1].split("[")[0].split(".")[0]
            return {"code": "entry_label", "label": "entry_label"}.get(key, f"entry_{key}")
        head = path.split("[")[0].split(".")
        if head[0] == "applies_to" and len(head) > 1:
            return head[1]
        if head[:2] == ["name", "en"]:
            return "name_en"
        return head[0]


# ---------------------------------------------------------------------------------------------
# Rules


class TierForm(forms.Form):
    """One tier: its `from` and the rule type's tier value (`tier_value`)."""

    from_ = LocalizedDecimalField(label=_("From"), max_digits=20, decimal_places=4)

    value_key = "amount"
    value_kind = "integer"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def tier(self) -> dict:
        return {
            "from": plain_number(self.cleaned_data["from_"]),
            self.value_key: self.value(),
        }

    def value(self):
        value = self.cleaned_data[self.value_key]
        return plain_number(value) if self.value_kind == "decimal" else value


class BaseTierFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        tiers = [form for form in self.forms if form.has_changed() and not self._deleted(form)]
        if not tiers:
            raise ValidationError(_("Add at least one tier."))
        froms = [form.cleaned_data["from_"] for form in tiers]
        if froms != sorted(set(froms)):
            raise ValidationError(_("Each tier's 'from' must be above the previous tier's."))

    def _deleted(self, form) -> bool:
        return self.can_delete and form.cleaned_data.get("DELETE", False)

    def tiers(self) -> list[dict]:
        return [
            form.tier() for form in self.forms if form.has_changed() and not self._deleted(form)
        ]


def tier_formset_class(rule_type: str):
    spec = engine.rule_type(rule_type).tier_value
    form = type(
        f"{rule_type.title().replace('_', '')}TierForm",
        (TierForm,),
        {spec.name: _field(spec), "value_key": spec.name, "value_kind": spec.kind},
    )
    formset = forms.formset_factory(form, formset=BaseTierFormSet, extra=0, can_delete=True)
    formset.help = _(engine.rule_type(rule_type).tiers_help)  # what the tiers do, for the page
    return formset


class RuleForm(forms.Form):
    """The fields every rule has; subclasses add their type's fields."""

    code = forms.CharField(
        label=_("Code"),
        max_length=60,
        help_text=_("Short and unique in the plan, e.g. rev-full; shown on statements."),
    )
    label = forms.CharField(label=_("Label"), max_length=200)
    label_en = forms.CharField(
        label=_("Label in English"), max_length=200, required=False, help_text=ENGLISH_HELP
    )

    rule_type = ""  # the registered rule type (incentives/engine/types/) whose keys it fills

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kpi" in self.fields:
            self.fields["kpi"].choices = kpi_choices()
        if "metric" in self.fields:
            self.fields["metric"].choices = metric_choices()
        _style(self)

    def clean(self):
        data = super().clean()
        if "basis" in self.fields and "kpi" in self.fields:
            if data.get("basis") == "total_score":
                data["kpi"] = None
            elif not data.get("kpi"):
                self.add_error("kpi", _("Choose the KPI or metric the rule reads."))
        return data

    def rule(self, tiers: list[dict] | None = None) -> dict:
        data = self.cleaned_data
        result = {
            "code": data["code"],
            "label": join_text(data["label"], data.get("label_en", "")),
            "type": self.rule_type,
        }
        kind = engine.rule_type(self.rule_type)
        for name in kind.keys:
            if name == "tiers":
                result["tiers"] = tiers or []
                continue
            value = data.get(name)
            if name in kind.optional and value is None:
                continue
            if name == "kpi" and data.get("basis") == "total_score":
                continue
            if isinstance(value, Decimal):
                value = plain_number(value)
            result[name] = value
        if "requires" in self.fields and data.get("requires"):
            result["requires"] = data["requires"]
        if "window_from" in self.fields and (data.get("window_from") or data.get("window_to")):
            result["window"] = {
                "from": data["window_from"].isoformat() if data.get("window_from") else None,
                "to": data["window_to"].isoformat() if data.get("window_to") else None,
            }
        return result

    @classmethod
    def has_tiers(cls) -> bool:
        return "tiers" in engine.rule_type(cls.rule_type).keys

    @classmethod
    def initial_from(cls, rule: dict) -> dict:
        initial = dict(rule)
        initial["label"], initial["label_en"] = split_text(rule.get("label"))
        if initial.get("amounts") is not None:
            initial["amounts"] = "; ".join(
                write_number(amount, get_language()) for amount in initial["amounts"]
            )
        if "requires" in engine.rule_type(cls.rule_type).rule_features:
            initial["requires"] = requirements_text(rule.get("requires") or [])
            window = rule.get("window") if isinstance(rule.get("window"), dict) else {}
            initial["window_from"] = window.get("from")
            initial["window_to"] = window.get("to")
        return initial


def requirements_text(requires: list) -> str:
    """`lines_per_call: 3` per line (`revenue (attainment): 90`, `total_score: 95`)."""
    lines = []
    for item in requires:
        basis = item.get("basis") or "actual"
        name = "total_score" if basis == "total_score" else item.get("kpi")
        if basis == "attainment":
            name = f"{name} (attainment)"
        lines.append(f"{name}: {write_number(item['min'], get_language())}")
    return "\n".join(lines)


def _clean_requires(self):
    """Lines (or items separated by `;`) of `KPI: minimum`, `KPI (attainment): minimum` or
    `total_score: minimum`; the minimum read the page language's way."""
    language = get_language()
    result = []
    for number, line in enumerate(split_list(self.cleaned_data["requires"]), start=1):
        match = REQUIREMENT_RE.match(line)
        minimum = None
        if match:
            try:
                minimum = parse_number(match.group(3), language)
            except NumberTextError:
                minimum = None
        if minimum is None:
            example = f"lines_per_call: {write_number(Decimal('2.5'), language)}"
            raise ValidationError(
                _("Line %(n)s: write KPI: minimum, e.g. %(example)s"),
                params={"n": number, "example": example},
            )
        code, basis = match.group(1), match.group(2) or "actual"
        if code == "total_score":
            result.append({"kpi": None, "basis": "total_score", "min": plain_number(minimum)})
        else:
            result.append({"kpi": code, "basis": basis, "min": plain_number(minimum)})
    return result


# The inputs of the plan features a value rule type accepts (engine `rule_features`).
FEATURE_FIELDS = {
    "requires": lambda: forms.CharField(
        label=_("Only pays if (prerequisites)"),
        required=False,
        help_text=_(
            "One per line, KPI or metric: minimum, e.g. lines_per_call: 3 or hit_rate: 60; "
            "'revenue (attainment): 90'; 'total_score: 80'. The rule pays nothing unless every "
            "one holds."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    ),
    "window_from": lambda: forms.DateField(
        label=_("Booster from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "A booster: the rule reads its metric over these days only (basis actual), "
            "inside one month, and pays in that month. Empty: the whole month."
        ),
    ),
    "window_to": lambda: forms.DateField(
        label=_("Booster to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    ),
}


def _field(spec: engine.EditorField, bases: tuple[str, ...] = ()) -> forms.Field:
    """The form field of an editor input a rule type declares (`engine.EditorField`)."""
    label = _(spec.label) if spec.label else None
    help_text = _(spec.help_text) if spec.help_text else ""
    if spec.kind == "kpi":
        return forms.ChoiceField(label=_("KPI or metric"), required=False)
    if spec.kind == "basis":
        choices = [choice for choice in BASIS_CHOICES if choice[0] in bases]
        return forms.ChoiceField(label=_("Basis"), choices=choices)
    if spec.kind == "metric":
        return forms.ChoiceField(label=label)
    if spec.kind == "choice":
        return forms.ChoiceField(label=label, choices=[(k, _(v)) for k, v in spec.choices])
    if spec.kind in ("text", "amounts"):
        return forms.CharField(label=label, max_length=spec.max_length, help_text=help_text)
    if spec.kind == "integer":
        return LocalizedIntegerField(
            label=label, required=spec.required, min_value=spec.min_value, help_text=help_text
        )
    if spec.kind == "decimal":
        return LocalizedDecimalField(
            label=label,
            required=spec.required,
            min_value=spec.min_value,
            max_value=spec.max_value,
            max_digits=spec.max_digits,
            decimal_places=spec.decimal_places,
            help_text=help_text,
        )
    raise ValueError(f"unknown editor input kind {spec.kind!r}")


def _clean_positive(name: str):
    def clean(self):
        value = self.cleaned_data[name]
        if value is not None and value <= 0:
            raise ValidationError(_("Must be greater than 0."))
        return value

    return clean


def _clean_amounts(name: str):
    """A list of whole Rupiah amounts (rank 1 first), each read the page language's way and
    separated by `;`, line breaks or `, `: `1.000.000; 500.000` (id), `1,000,000; 500,000` (en).
    In Indonesian a bare comma separates too, since a whole amount has no decimals."""

    def clean(self):
        language = get_language()
        text = self.cleaned_data[name]
        items = split_list(text.replace(",", ", ") if language.startswith("id") else text)
        result = []
        for part in items:
            try:
                value = parse_number(part, language)
            except NumberTextError as exc:
                not_whole = _("%(value)s is not a whole amount in Rupiah.") % {"value": part}
                raise ValidationError(f"{not_whole} {number_hint(exc)}") from exc
            if value < 0 or value != value.to_integral():
                raise ValidationError(
                    _("%(value)s is not a whole amount in Rupiah."), params={"value": part}
                )
            result.append(int(value))
        if not result:
            raise ValidationError(_("Give at least the amount for rank 1."))
        return result

    return clean


def rule_form_class(rule_type: str) -> type[RuleForm]:
    """The editor form of a registered rule type, built from the inputs it declares."""
    kind = engine.rule_type(rule_type)
    attrs = {"rule_type": rule_type}
    for spec in kind.editor:
        attrs[spec.name] = _field(spec, kind.bases)
        if spec.positive:
            attrs[f"clean_{spec.name}"] = _clean_positive(spec.name)
        if spec.kind == "amounts":
            attrs[f"clean_{spec.name}"] = _clean_amounts(spec.name)
    if "requires" in kind.rule_features:
        attrs["requires"] = FEATURE_FIELDS["requires"]()
        attrs["clean_requires"] = _clean_requires
    if "window" in kind.rule_features:
        attrs["window_from"] = FEATURE_FIELDS["window_from"]()
        attrs["window_to"] = FEATURE_FIELDS["window_to"]()
    name = "".join(part.title() for part in rule_type.split("_")) + "RuleForm"
    return type(name, (RuleForm,), attrs)


RULE_FORMS = {name: rule_form_class(name) for name in engine.RULE_TYPES}


def rule_field_for(path: str) -> str | None:
    """`rules[3].tiers[0].from` → `tiers`; `rules[3].kpi` → `kpi`; `rules[3].label.en` →
    `label_en`."""
    parts = path.split(".", 1)
    if len(parts) < 2:
        return None
    if parts[1] == "label.en":
        return "label_en"
    if parts[1].startswith("window"):
        return "window_from" if parts[1] == "window.from" else "window_to"
    return parts[1].split("[")[0].split(".")[0]


# ---------------------------------------------------------------------------------------------
# JSON import and simulation


class PlanJsonForm(forms.Form):
    document = forms.CharField(
        label=_("Plan JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "form-control font-monospace small"}),
    )
    file = forms.FileField(label=_("or upload a .json file"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("keep (new plans: active)")), *PlanStatus.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = SMALL
        self.fields["file"].widget.attrs["accept"] = ".json,application/json"
        self.fields["status"].widget.attrs["class"] = SELECT

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > 1_000_000:
                raise ValidationError(_("The file is larger than 1 MB."))
            data["text"] = upload.read()
        elif data.get("document", "").strip():
            data["text"] = data["document"]
        else:
            raise ValidationError(_("Paste a plan document or choose a file."))
        return data


class SimulateForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("— the JSON below —"),
    )
    document = forms.CharField(
        label=_("or a plan document (JSON, unsaved edits)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control font-monospace small"}),
    )
    compare_with = forms.ModelChoiceField(
        label=_("Compare with"),
        queryset=Plan.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("— nothing —"),
    )
    month = MonthField(label=_("Month"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("plan", "compare_with"):
            self.fields[name].widget.attrs["class"] = SELECT
        self.fields["month"].widget.attrs["class"] = SMALL

    def clean(self):
        data = super().clean()
        if not data.get("plan") and not (data.get("document") or "").strip():
            self.add_error("plan", _("Choose a plan or paste a plan document."))
        return data
