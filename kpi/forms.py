from decimal import Decimal

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from org.models import Channel, Team
from spm import formats as fmt
from spm.fields import LocalizedDecimalField, MonthField

from .models import KRA, KPIDefinition, Rounding, ScorecardTemplate, ScoredRole

HUNDRED = Decimal(100)


class BootstrapMixin:
    """Bootstrap classes on every widget (form-select for choices, form-check for boxes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            if css not in existing:
                widget.attrs["class"] = f"{existing} {css}".strip()


class KRAForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = KRA
        fields = ["name", "name_id"]


class KPIForm(BootstrapMixin, forms.ModelForm):
    source = forms.ChoiceField(label=_("source"))

    class Meta:
        model = KPIDefinition
        fields = ["code", "name_id", "name_en", "kra", "unit", "direction", "source"]

    def __init__(self, *args, metrics: list[tuple[str, str]], **kwargs):
        """`metrics`: (code, label) of the metrics a KPI may read, group metrics included
        (`outlets.metrics.metric_choices()`)."""
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("manual", _("Manual entry or import"))] + [
            (f"metric:{code}", _("Metric: %(label)s (%(code)s)") % {"label": label, "code": code})
            for code, label in metrics
        ]
        if self.instance.pk:
            self.fields["code"].disabled = True


class TemplateForm(BootstrapMixin, forms.Form):
    """The template's own fields. A plain form: the document service checks the rest (the role +
    channel scope, the items), so that the form, the import and the API share one rule set."""

    code = forms.SlugField(label=_("code"), max_length=60)
    name = forms.CharField(label=_("name"), max_length=150)
    role = forms.ChoiceField(label=_("applies to role"), choices=ScoredRole.choices)
    channel = forms.ChoiceField(
        label=_("applies to channel"),
        choices=[("", _("Every channel")), *Channel.choices],
        required=False,
    )
    rounding = forms.ChoiceField(label=_("rounding"), choices=Rounding.choices)
    assigned_only = forms.BooleanField(
        label=_("only for the people assigned to it"),
        required=False,
        help_text=_("Otherwise it applies to everyone of its role and channel"),
    )
    effective_from = MonthField(
        label=_("effective from"),
        required=False,
        help_text=_("The first month scored with this version (blank: the first open month)"),
    )
    confirm_moves = forms.BooleanField(
        label=_("Yes, move the people named above onto this template"), required=False
    )

    def __init__(self, *args, instance: ScorecardTemplate | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": instance.code,
                    "name": instance.name,
                    "role": instance.role,
                    "channel": instance.channel,
                    "rounding": instance.rounding,
                    "assigned_only": instance.assigned_only,
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["code"].disabled = True


class TemplateItemForm(BootstrapMixin, forms.Form):
    kpi = forms.ModelChoiceField(label=_("KPI"), queryset=KPIDefinition.objects.none())
    weight = LocalizedDecimalField(
        label=_("bobot"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "weight-input"}),
    )
    cap = LocalizedDecimalField(
        label=_("cap"), max_digits=7, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    floor = LocalizedDecimalField(
        label=_("floor"), max_digits=7, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = KPIDefinition.objects.select_related("kra")

    def clean(self):
        data = super().clean()
        kpi = data.get("kpi")
        if kpi and kpi.direction == "lower" and data.get("cap") is None:
            self.add_error("cap", _("A lower-is-better KPI needs a cap."))
        return data


class BaseTemplateItemFormSet(BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        total = Decimal(0)
        seen = set()
        count = 0
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.cleaned_data:
                continue
            count += 1
            kpi = form.cleaned_data["kpi"]
            if kpi.pk in seen:
                form.add_error("kpi", _("This KPI is already on the template."))
            seen.add(kpi.pk)
            total += form.cleaned_data["weight"]
        if count == 0:
            raise forms.ValidationError(_("Add at least one KPI."))
        if total != HUNDRED:
            raise forms.ValidationError(
                _("The weights total %(total)s, not 100.") % {"total": fmt.plain(total)},
                code="weights",
            )

    def items(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not (self.can_delete and self._should_delete_form(form))
        ]


TemplateItemFormSet = formset_factory(
    TemplateItemForm, formset=BaseTemplateItemFormSet, extra=2, can_delete=True
)


class MonthTeamForm(BootstrapMixin, forms.Form):
    month = MonthField(label=_("month"))
    team = forms.ModelChoiceField(
        label=_("team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("All my teams"),
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams


class BreakdownForm(BootstrapMixin, forms.Form):
    month = MonthField(label=_("month"))
    kpi = forms.ModelChoiceField(label=_("KPI"), queryset=KPIDefinition.objects.all())
    total = LocalizedDecimalField(
        label=_("company or team target"), max_digits=20, decimal_places=0, min_value=0
    )
    team = forms.ModelChoiceField(
        label=_("team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("All my teams (company target)"),
    )
    history_months = forms.IntegerField(
        label=_("months of history"), min_value=1, max_value=24, initial=3
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
