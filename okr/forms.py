"""Forms check the shape of the input; the services check the domain rules (dates within the
cycle, locked months, owners that match the level) and the views add those errors to the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.visibility import salesmen_visible_to, teams_visible_to
from outlets.metrics import METRICS
from spm.fields import LocalizedDecimalField

from .models import CheckIn, Cycle, KeyResult, Objective


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def metric_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (code, f"{metric.label} ({code}, {metric.unit})") for code, metric in METRICS.items()
    ]


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["code", "name", "kind", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class ObjectiveForm(forms.ModelForm):
    """Code and cycle are fixed once the objective exists: plans refer to the code."""

    class Meta:
        model = Objective
        fields = [
            "code",
            "cycle",
            "title_id",
            "title_en",
            "description",
            "level",
            "team",
            "owner",
            "parent",
            "participants",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        people = salesmen_visible_to(user).filter(active=True).order_by("name")
        # Participants the editor cannot see are kept as they are (he cannot remove them).
        self.hidden_participants = []
        if self.instance.pk:
            self.hidden_participants = list(
                self.instance.participants.exclude(pk__in=people.values("pk"))
            )
        self.fields["team"].queryset = teams_visible_to(user)
        self.fields["owner"].queryset = people
        self.fields["participants"].queryset = people
        parents = objectives.select_related("cycle").order_by("cycle__start", "code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["code"].disabled = True
            self.fields["cycle"].disabled = True
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda o: f"{o.code} · {o.title}"
        self.fields["cycle"].queryset = Cycle.objects.order_by("-start")
        _bootstrap(self)

    def clean_participants(self):
        return [*self.cleaned_data["participants"], *self.hidden_participants]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code.lower() == "new":
            raise forms.ValidationError(_("This code is reserved; choose another."))
        return code

    def clean(self):
        data = super().clean()
        level = data.get("level")
        if level == "team" and not data.get("team"):
            self.add_error("team", _("A team objective needs its team."))
        if level == "person" and not data.get("owner"):
            self.add_error("owner", _("A person objective needs its owner."))
        # Only the owner of the chosen level is kept (the database insists on it).
        if level != "team":
            data["team"] = None
        if level != "person":
            data["owner"] = None
        return data


class KeyResultForm(forms.ModelForm):
    metric = forms.ChoiceField(label=_("metric"), required=False, choices=metric_choices)

    class Meta:
        model = KeyResult
        fields = [
            "title_id",
            "title_en",
            "kind",
            "metric",
            "aggregation",
            "scope",
            "scope_team",
            "count_from",
            "start_value",
            "target_value",
            "direction",
            "unit",
            "weight",
            "position",
        ]
        widgets = {"count_from": DateInput()}
        # Typed and shown the page language's way (1.000,5 in Indonesian, 1,000.5 in English).
        field_classes = {
            "start_value": LocalizedDecimalField,
            "target_value": LocalizedDecimalField,
            "weight": LocalizedDecimalField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_team"].queryset = teams_visible_to(user)
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "metric":
            if not data.get("metric"):
                self.add_error("metric", _("Choose a metric of the catalogue."))
            if data.get("scope") == "team" and not data.get("scope_team"):
                self.add_error("scope_team", _("Name the team whose members count."))
        else:
            # A manual key result takes its value from check-ins: no metric settings.
            data.update(metric="", scope="participants", scope_team=None, count_from=None)
        if data.get("scope") != "team":
            data["scope_team"] = None
        return data


class CheckInForm(forms.ModelForm):
    """For a metric-linked key result the value comes from the metric: the field is left out."""

    confidence = forms.IntegerField(
        label=_("confidence (1–10)"),
        min_value=1,
        max_value=10,
        help_text=_("How sure are you of reaching the target? 1 = not at all, 10 = certain."),
    )

    class Meta:
        model = CheckIn
        fields = ["date", "value", "confidence", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"value": LocalizedDecimalField}

    def __init__(self, *args, key_result: KeyResult, **kwargs):
        super().__init__(*args, **kwargs)
        if key_result.is_metric:
            del self.fields["value"]
        elif key_result.unit:
            self.fields["value"].label = _("value (%(unit)s)") % {"unit": key_result.unit}
        _bootstrap(self)
