"""The import pages: upload → dry run with every bad row → confirm → result, each run an import
job (outlets/imports/jobs.py) with its progress on the job's page.

Managers, supervisors and admins upload (anyone else gets 403). The upload is checked as a whole
at once (a wrong header or an unreadable file is named on the form, the file deleted), stored
under MEDIA_ROOT/imports and dry-run by a Celery task (in the request when Celery is eager, as
without a broker). The job's page refreshes itself every two seconds while the job is queued or
running (a meta refresh: the Content-Security-Policy allows no inline script), then shows the
report; a clean dry run can be confirmed by its uploader, which imports the same file for real in
the same job. A job is seen by its uploader, HR and admins
(`org.visibility.import_jobs_visible_to`); anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from org import policy
from org.visibility import import_jobs_visible_to

from . import tasks
from .imports import ImportFileError, ImportReport, get_kind, jobs, registered_kinds
from .imports.forms import UploadForm
from .models import ImportJob


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
    """GET: the upload form. POST: store the file and queue its dry run; off to its job page."""
    _require_importer(request)
    if request.method != "POST":
        # Reached from "Import targets" (`?kind=targets`): that kind is chosen already; a kind
        # the user may not import is simply not preselected.
        form = UploadForm(initial={"kind": request.GET.get("kind", "")}, user=request.user)
        return _upload_page(request, form)
    form = UploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    try:
        job = jobs.create_job(
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
            dry_run=True,
            awaits_confirmation=True,
            language=request.LANGUAGE_CODE,
            late=form.cleaned_data.get("late", False),
        )
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return _upload_page(request, form, status=400)
    tasks.queue_import_job(job)
    return redirect("outlets:import-job", pk=job.pk)


@login_required
def import_job(request, pk: int):
    """An import job: its progress while it runs, then its report."""
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
    report = None
    message = None
    if job.result and "message" in job.result:
        message = job.result["message"]
    elif job.result:
        report = ImportReport.from_dict(job.result)
    kind = get_kind(job.kind)
    may_confirm = (
        job.status == ImportJob.Status.CHECKED
        and job.path != ""
        and job.uploaded_by_id == request.user.pk
        and policy.may_import(request.user)
    )
    context = {
        "job": job,
        "report": report,
        "message": message,
        "kind_label": kind.label if kind else job.kind,
        "file_name": job.file_name,
        "done": job.status == ImportJob.Status.DONE and not job.dry_run,
        "may_confirm": may_confirm,
        "form": UploadForm(initial={"kind": job.kind}, user=request.user),
        "formats": _formats(request.user),
        "may_upload": policy.may_import(request.user),
    }
    return render(request, "outlets/import_report.html", context)


@login_required
@require_POST
def import_confirm(request, pk: int):
    """Import for real the file of the user's own checked dry run."""
    _require_importer(request)
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk, uploaded_by=request.user)
    try:
        job = jobs.confirm_job(job=job, by=request.user)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("outlets:import")
    tasks.queue_import_job(job)
    return redirect("outlets:import-job", pk=job.pk)
