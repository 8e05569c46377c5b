"""The manager's editor: one form per board, badge and the levels. Each form turns into a piece
of the gamification document, saved through `services.save_document` (which checks it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Role
from outlets.metrics import metric_choices
from spm.fields import LocalizedDecimalField, MonthField

from .document import CHANNELS, ROLES
from .models import Scope, Window

ICONS = ["star", "target", "lightning", "trophy", "medal", "fire", "rocket", "heart"]
MAX_THRESHOLDS = 6


def measure_choices():
    choices = [("total_score", _("Score (pace score of the month)"))]
    # the catalogue and the group metrics of the SKU groups there are (`revenue@focus`)
    choices += [(f"metric:{code}", label) for code, label in metric_choices()]
    return choices


class _NamedForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=60)
    name_id = forms.CharField(label=_("name (Indonesian)"), max_length=150, required=False)
    name_en = forms.CharField(label=_("name (English)"), max_length=150, required=False)
    measure = forms.ChoiceField(label=_("measure"), choices=())
    window = forms.ChoiceField(label=_("window"), choices=Window.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measure_choices()

    def clean(self):
        data = super().clean()
        if not (data.get("name_id") or "").strip() and not (data.get("name_en") or "").strip():
            raise forms.ValidationError(_("Give a name in at least one language."))
        return data

    def name(self):
        """Both languages as {"id", "en"}; one language alone as a text (as the contract)."""
        name_id = self.cleaned_data["name_id"].strip()
        name_en = self.cleaned_data["name_en"].strip()
        if name_id and name_en:
            return {"id": name_id, "en": name_en}
        return name_id or name_en

    @staticmethod
    def initial_name(name) -> dict:
        if isinstance(name, dict):
            return {"name_id": name.get("id", ""), "name_en": name.get("en", "")}
        return {"name_id": name or "", "name_en": ""}


class BoardForm(_NamedForm):
    scope = forms.ChoiceField(label=_("ranked within"), choices=Scope.choices)
    role = forms.ChoiceField(
        label=_("applies to role"), choices=[(r, Role(r).label) for r in ROLES]
    )
    channel = forms.ChoiceField(
        label=_("applies to channel"),
        choices=[("", _("Both channels")), *[(c, c) for c in CHANNELS]],
        required=False,
    )

    def item(self) -> dict:
        d = self.cleaned_data
        return {
            "code": d["code"],
            "name": self.name(),
            "measure": d["measure"],
            "window": d["window"],
            "scope": d["scope"],
            "applies_to": {"role": d["role"], "channel": d["channel"] or None},
        }

    @classmethod
    def initial_for(cls, item: dict) -> dict:
        applies = item.get("applies_to") or {}
        return {
            **item,
            **cls.initial_name(item["name"]),
            "role": applies.get("role", "salesman"),
            "channel": applies.get("channel") or "",
        }


class BadgeForm(_NamedForm):
    icon = forms.ChoiceField(label=_("icon"), choices=[(i, i) for i in ICONS])
    award_kind = forms.ChoiceField(
        label=_("awarded to"),
        choices=[("top", _("the best N (ties included)")), ("min", _("everyone reaching a value"))],
        widget=forms.RadioSelect,
    )
    top = forms.IntegerField(label=_("N (the best how many)"), min_value=1, required=False)
    scope = forms.ChoiceField(label=_("the best within"), choices=Scope.choices, required=False)
    minimum = LocalizedDecimalField(
        label=_("value to reach (at most, for a lower-is-better metric)"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("award_kind") == "top" and not data.get("top"):
            self.add_error("top", _("How many are awarded?"))
        if data.get("award_kind") == "min" and data.get("minimum") is None:
            self.add_error("minimum", _("Which value earns the badge?"))
        return data

    def item(self) -> dict:
        d = self.cleaned_data
        if d["award_kind"] == "top":
            award = {"top": d["top"], "scope": d["scope"] or "all"}
        else:
            value = d["minimum"]
            award = {"min": int(value) if value == value.to_integral_value() else float(value)}
        return {
            "code": d["code"],
            "name": self.name(),
            "icon": d["icon"],
            "measure": d["measure"],
            "window": d["window"],
            "award": award,
        }

    @classmethod
    def initial_for(cls, item: dict) -> dict:
        award = item.get("award") or {}
        return {
            **item,
            **cls.initial_name(item["name"]),
            "award_kind": "top" if "top" in award else "min",
            "top": award.get("top"),
            "scope": award.get("scope", "all"),
            "minimum": award.get("min"),
        }


class LevelsForm(forms.Form):
    months = forms.IntegerField(label=_("months averaged"), min_value=1, max_value=24)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MAX_THRESHOLDS):
            self.fields[f"level_{i}"] = forms.IntegerField(
                label=_("level"), min_value=0, max_value=99, required=False
            )
            self.fields[f"from_{i}"] = LocalizedDecimalField(
                label=_("from a mean score of"), required=False
            )

    def rows(self):
        return [(self[f"level_{i}"], self[f"from_{i}"]) for i in range(MAX_THRESHOLDS)]

    def levels(self) -> dict | None:
        d = self.cleaned_data
        thresholds = []
        for i in range(MAX_THRESHOLDS):
            level, start = d.get(f"level_{i}"), d.get(f"from_{i}")
            if level is None and start is None:
                continue
            if start is not None and start == start.to_integral_value():
                start = int(start)
            elif start is not None:
                start = float(start)
            thresholds.append({"level": level, "from": start})
        if not thresholds:
            return None
        return {"measure": "total_score", "months": d["months"], "thresholds": thresholds}

    @staticmethod
    def initial_for(levels: dict | None) -> dict:
        initial = {"months": (levels or {}).get("months", 3)}
        for i, t in enumerate((levels or {}).get("thresholds", [])[:MAX_THRESHOLDS]):
            initial[f"level_{i}"] = t.get("level")
            initial[f"from_{i}"] = t.get("from")
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(label=_("gamification document (JSON)"))


class SetLevelForm(forms.Form):
    """A manager's level for one salesman from a month on (an override of the close's)."""

    month = MonthField(label=_("from month"))
    level = forms.IntegerField(label=_("level"), min_value=0, max_value=99)
