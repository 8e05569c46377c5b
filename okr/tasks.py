from celery import shared_task

from . import services


@shared_task(acks_late=True)
def refresh_key_results() -> int:
    """Nightly: bring metric-linked key results up to date as of today (Asia/Jakarta)."""
    return services.refresh_key_results(as_of=services.today())
