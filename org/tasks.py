from celery import shared_task

from . import assignments, services


@shared_task(acks_late=True)
def count_active_members(team_id: int) -> int:
    return services.count_active_members(team_id=team_id)


@shared_task(acks_late=True)
def apply_due_assignments_task() -> int:
    """Nightly: transfers whose day has come become the people's current fields (idempotent)."""
    return assignments.apply_due_assignments()
