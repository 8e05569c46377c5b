"""Celery tasks of the field data: thin wrappers around the services (acked late, idempotent)."""

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from . import metrics, partitions
from .imports import jobs


@shared_task(acks_late=True)
def refresh_month_to_date() -> int | None:
    """Nightly: this month's metric snapshot so far (a locked month is left alone)."""
    return metrics.refresh_month_to_date()


@shared_task(acks_late=True)
def maintain_partitions() -> list[str]:
    """Nightly: the field data's monthly partitions for this month and the next, rows left in
    DEFAULT moved to theirs, the parents' statistics refreshed (PostgreSQL; nothing on SQLite)."""
    return partitions.nightly()


@shared_task(acks_late=True)
def run_import_job(job_id: int) -> str:
    """Import an uploaded file (outlets.ImportJob); a second delivery of an ended job does
    nothing, one of a job left running by a dead worker imports it again (nothing was stored)."""
    return jobs.run_job(job_id=job_id)


def queue_import_job(job) -> None:
    """Queue the job's task once the current transaction commits (at once outside one; run in
    the request when Celery is eager, as without a broker). When the broker cannot be reached
    the job fails with a message saying so, and its file is deleted."""
    job_id = job.pk

    def queue() -> None:
        try:
            run_import_job.delay(job_id)
        except BrokerError:
            jobs.fail_unqueued(
                job_id=job_id,
                message=_("The task queue cannot be reached: the file was not imported."),
            )

    transaction.on_commit(queue)
