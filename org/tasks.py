from celery import shared_task

from . import services


@shared_task(acks_late=True)
def count_active_members(team_id: int) -> int:
    return services.count_active_members(team_id=team_id)
