from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from org.models import Salesman
from spm.fields import LocalizedIntegerField, MonthField, SalesmanSearchInput


class AdjustmentForm(forms.Form):
    """A correction for one salesman; the service decides which open run it goes into."""

    salesman = forms.ModelChoiceField(
        label=_("Salesman"),
        queryset=Salesman.objects.none(),
        to_field_name="code",
        widget=SalesmanSearchInput(),
        help_text=_("Type the salesman's code or name; suggestions appear as you type."),
        error_messages={"invalid_choice": _("Unknown salesman code (or outside your scope).")},
    )
    amount = LocalizedIntegerField(
        label=_("Amount (Rp, negative to deduct)"),
        min_value=-(10**14),
        max_value=10**14,
        help_text=_("Whole Rupiah, e.g. 250,000 or -100,000."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, salesmen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if salesmen is not None:
            self.fields["salesman"].queryset = salesmen.order_by("code")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise ValidationError(_("An adjustment of zero changes nothing."))
        return amount

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the amount is adjusted."))
        return reason


class CloseMonthForm(forms.Form):
    month = MonthField(
        label=_("Month"),
        widget=forms.TextInput(
            attrs={"placeholder": "YYYY-MM", "class": "form-control form-control-sm"}
        ),
    )
