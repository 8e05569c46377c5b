"""Import jobs: an uploaded file imported by a Celery task, its progress readable while it runs.

    job = create_job(kind="orders", upload=request.FILES["file"], by=request.user,
                     dry_run=True, awaits_confirmation=True, language="id")
    outlets.tasks.queue_import_job(job)     # on commit: run_job(job_id=job.pk) in the worker

The upload page runs every file as a job, the API those above settings.IMPORT_SYNC_MAX_BYTES
(docs/contracts.md "Import files"). The file is stored as MEDIA_ROOT/imports/<token>
(`uploads.py`), checked as a whole at once (`check_file`: a file refused there never becomes a
job and is deleted), then imported by `import_file` in the worker, all or nothing as from the
command. It is deleted when the job ends, whatever the end (done, refused, failed); only a clean
dry run of the upload page keeps it, status `checked`, until the user confirms it (the same file
is then imported for real by the same job) or the day-old uploads are swept.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outlets.models import ImportJob

from . import uploads
from .base import ImportFileError
from .service import check_file, import_file

logger = logging.getLogger(__name__)

Status = ImportJob.Status


def create_job(
    *,
    kind: str,
    upload,
    by,
    dry_run: bool,
    awaits_confirmation: bool = False,
    language: str = "",
    late: bool = False,
) -> ImportJob:
    """Store the upload, check it as a whole and create its job (status queued); the caller
    queues it (`outlets.tasks.queue_import_job`). Raises `ImportFileError` (the file deleted)
    when the file as a whole cannot be imported."""
    if awaits_confirmation:
        _drop_waiting(by)
    token = uploads.store(upload)
    try:
        check_file(kind=kind, path=uploads.path_of(token), by=by)
        return ImportJob.objects.create(
            kind=kind,
            file_name=Path(upload.name or "").name[:255],
            path=token,
            dry_run=dry_run,
            late=late,
            awaits_confirmation=awaits_confirmation,
            uploaded_by=by,
            language=language,
        )
    except BaseException:
        uploads.discard(token)
        raise


def _drop_waiting(user) -> None:
    """A new upload replaces the user's checked dry runs still waiting for confirmation."""
    waiting = ImportJob.objects.filter(uploaded_by=user, status=Status.CHECKED).exclude(path="")
    for job in waiting:
        uploads.discard(job.path)
    waiting.update(path="", finished_at=timezone.now())


def confirm_job(*, job: ImportJob, by) -> ImportJob:
    """Turn the checked dry run `job` of the upload page into the real import of the same file
    (queued again). Only its uploader may; raises `ImportFileError` when it is not waiting for
    confirmation or its file is gone."""
    updated = ImportJob.objects.filter(
        pk=job.pk, uploaded_by=by, status=Status.CHECKED, dry_run=True
    ).exclude(path="")
    if uploads.path_of(job.path) is None or not updated.update(
        status=Status.QUEUED, dry_run=False, rows_processed=0, result=None, finished_at=None
    ):
        raise ImportFileError(_("This upload is no longer waiting; please upload the file again."))
    job.refresh_from_db()
    return job


def fail_unqueued(*, job_id: int, message: str) -> None:
    """The task of a job could not be queued: the job fails and its file goes."""
    _finish(job_id, Status.FAILED, {"message": message})


def run_job(*, job_id: int) -> str:
    """Run a queued job in the worker and store its outcome; returns the status.

    Idempotent: a job already ended or waiting for confirmation is left alone, and one found
    running (its worker died mid-import: nothing was stored, the import being one transaction)
    runs again from the start.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING])
    if not claimed.update(status=Status.RUNNING, started_at=timezone.now(), rows_processed=0):
        job = ImportJob.objects.filter(pk=job_id).first()
        return job.status if job else "missing"
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        status, result, rows = _import(job)
    _finish(job_id, status, result, rows=rows)
    return status


def _import(job: ImportJob) -> tuple[str, dict, int | None]:
    path = uploads.path_of(job.path)
    try:
        if path is None:
            raise ImportFileError(_("The uploaded file is gone; please upload it again."))
        if job.uploaded_by is None:
            # Never import with the command's unlimited scope for a user who is gone.
            raise ImportFileError(_("The user who uploaded the file no longer exists."))
        writer = ProgressWriter(job.pk, estimate=_csv_rows(path))
        try:
            report = import_file(
                kind=job.kind,
                path=path,
                dry_run=job.dry_run,
                by=job.uploaded_by,
                late=job.late,
                progress=writer,
                progress_every=settings.IMPORT_PROGRESS_EVERY_ROWS,
            )
        finally:
            writer.close()
    except ImportFileError as exc:
        return Status.REFUSED, {"message": str(exc)}, None
    except Exception:
        logger.exception("import job %s (%s) failed", job.pk, job.kind)
        message = _("The import failed unexpectedly; nothing was stored. Please try again later.")
        return Status.FAILED, {"message": message}, None
    if not report.ok:
        status = Status.REFUSED
    elif job.dry_run and job.awaits_confirmation:
        status = Status.CHECKED
    else:
        status = Status.DONE
    return status, report.as_dict(), report.rows


def _finish(job_id: int, status: str, result: dict, *, rows: int | None = None) -> None:
    """Store the outcome; the file is deleted unless the job waits for confirmation."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    changes = {"status": status, "result": result}
    if rows is not None:
        changes.update(rows_processed=rows, rows_total=rows)
    if status != Status.CHECKED:
        uploads.discard(job.path)
        changes.update(path="", finished_at=timezone.now())
    ImportJob.objects.filter(pk=job_id).update(**changes)


def _csv_rows(path: Path) -> int | None:
    """The data rows of a CSV file, counted by its line ends (an upper bound when cells hold
    line breaks), for the progress page; None for an XLSX file (its sheet announces its rows)."""
    with path.open("rb") as handle:
        if handle.read(4) == b"PK\x03\x04":
            return None
        handle.seek(0)
        lines = 0
        last = b"\n"
        while chunk := handle.read(1024 * 1024):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)


class ProgressWriter:
    """Writes a running job's rows processed and total where every process can read them while
    the import's own transaction is still open.

    Why a second database connection, not the task's own nor the cache: the import is one
    transaction on the task's connection, so an UPDATE of the job row made there stays invisible
    to the page until the commit (and is rolled back with a dry run or a bad row); the cache is
    per process unless REDIS_CACHE_URL is set (LocMemCache by default, spm/settings.py), so a
    web process would never see a worker's writes. A second connection in autocommit mode
    commits each UPDATE at once, for everyone. It never touches a row the import locks (only the
    job's, which the import leaves alone), so it cannot wait on the import. SQLite (the laptop
    default, where Celery runs eagerly and the request waits for the import anyway) allows one
    writer at a time: there only the final counts are written, by the job's end.
    """

    def __init__(self, job_id: int, *, estimate: int | None = None):
        self.job_id = job_id
        self.estimate = estimate
        self.connection = None
        main = connections[DEFAULT_DB_ALIAS]
        if main.vendor == "postgresql":
            self.connection = type(main)(dict(main.settings_dict), DEFAULT_DB_ALIAS)

    def __call__(self, rows: int, total: int | None) -> None:
        if self.connection is None:
            return
        total = self.estimate if total is None else total
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET rows_processed = %s, rows_total = %s WHERE id = %s",  # noqa: S608
                [rows, total, self.job_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
