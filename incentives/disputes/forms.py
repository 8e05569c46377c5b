from django import forms
from django.utils.translation import gettext_lazy as _

from incentives.disputes.models import DisputeStatus
from spm.fields import LocalizedIntegerField, MonthField


class RaiseForm(forms.Form):
    """Raised from a statement line (salesman, period and rule come with the line)."""

    salesman = forms.CharField(widget=forms.HiddenInput)
    period = MonthField(widget=forms.HiddenInput)
    rule = forms.CharField(required=False, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class CommentForm(forms.Form):
    message = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DisputeStatus.ACCEPTED, _("Accept: pay a correction")),
            (DisputeStatus.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    amount = LocalizedIntegerField(
        label=_("Amount (Rp, negative to deduct)"),
        required=False,
        min_value=-(10**14),
        max_value=10**14,
        help_text=_("Needed when accepted: it is added to the next open run."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note (the reason when rejected)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
