"""The import pages: upload → dry-run report with every bad row → confirm → result.

Managers, supervisors and admins only (anyone else gets 403). The uploaded file is kept under
MEDIA_ROOT/imports/<token> between the dry run and the confirmation, with the token in the
user's session, and deleted once confirmed. The same service as the command and the API does the
work (`outlets.imports.import_file`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org import policy

from .imports import ImportFileError, get_kind, import_file, registered_kinds, uploads
from .imports.forms import UploadForm

SESSION_KEY = "outlets_import"


def _require_importer(request) -> None:
    if not policy.may_import(request.user):
        raise PermissionDenied


def _formats(user) -> list[dict]:
    """The column list of each kind the user may import, for the help beside the form."""
    return [
        {
            "name": name,
            "label": kind.label,
            "columns": kind.columns,
            "optional": sorted(kind.optional_columns),
        }
        for name, kind in sorted(registered_kinds().items())
        if kind.allowed_for(user)
    ]


def _upload_page(request, form, *, status=200):
    context = {"form": form, "formats": _formats(request.user)}
    return render(request, "outlets/import_upload.html", context, status=status)


@login_required
def import_upload(request):
    """GET: the upload form. POST: store the file, dry-run it, show the report."""
    _require_importer(request)
    if request.method != "POST":
        return _upload_page(request, UploadForm(user=request.user))
    form = UploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    # A new upload replaces the one waiting for confirmation, if any.
    uploads.discard(request.session.pop(SESSION_KEY, {}).get("token"))
    kind = form.cleaned_data["kind"]
    upload = form.cleaned_data["file"]
    token = uploads.store(upload)
    try:
        report = import_file(kind=kind, path=uploads.path_of(token), dry_run=True, by=request.user)
    except ImportFileError as exc:
        uploads.discard(token)
        form.add_error("file", str(exc))
        return _upload_page(request, form, status=400)
    if report.ok:
        request.session[SESSION_KEY] = {"token": token, "kind": kind, "name": upload.name}
    else:
        uploads.discard(token)  # nothing to confirm: the corrected file comes as a new upload
    context = {
        "report": report,
        "kind_label": get_kind(kind).label,
        "file_name": upload.name,
        "token": token if report.ok else None,
        "form": UploadForm(initial={"kind": kind}, user=request.user),
        "formats": _formats(request.user),
    }
    return render(request, "outlets/import_report.html", context, status=200 if report.ok else 400)


@login_required
@require_POST
def import_confirm(request):
    """Import for real the upload the user has just seen the dry run of."""
    _require_importer(request)
    pending = request.session.get(SESSION_KEY) or {}
    token = pending.get("token")
    path = uploads.path_of(token)
    if path is None or request.POST.get("token") != token:
        messages.error(
            request, _("This upload is no longer waiting; please upload the file again.")
        )
        return redirect("outlets:import")
    kind = pending["kind"]
    try:
        report = import_file(kind=kind, path=path, dry_run=False, by=request.user)
    except ImportFileError as exc:
        report = None
        messages.error(request, str(exc))
    finally:
        uploads.discard(token)
        request.session.pop(SESSION_KEY, None)
    if report is None:
        return redirect("outlets:import")
    context = {
        "report": report,
        "kind_label": get_kind(kind).label,
        "file_name": pending.get("name", ""),
        "token": None,
        "done": report.ok,
        "form": UploadForm(initial={"kind": kind}, user=request.user),
        "formats": _formats(request.user),
    }
    return render(request, "outlets/import_report.html", context, status=200 if report.ok else 400)
