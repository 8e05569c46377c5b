"""The upload form of the import page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from org.policy import may_import_late

from .base import registered_kinds


def kind_choices(user) -> list[tuple[str, str]]:
    """The kinds this user may import in the browser and the API, by label."""
    return sorted(
        (
            (name, str(kind.label))
            for name, kind in registered_kinds().items()
            if kind.allowed_for(user)
        ),
        key=lambda choice: choice[1],
    )


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    late = forms.BooleanField(
        label=_("Late data for a locked month"),
        required=False,
        help_text=_(
            "Rows dated in a locked month are taken and recorded as late; the next close "
            "restates that month and pays the difference in the open run."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—")] + kind_choices(user)
        if not may_import_late(user):
            del self.fields["late"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: the limit is %(limit)s MB.")
                % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload
