from .models import Salesman


def count_active_members(*, team_id: int) -> int:
    """Active members of a team (used by the dashboard and as the worker smoke task)."""
    return Salesman.objects.filter(team_id=team_id, active=True).count()
