"""A real Celery worker consumes a task from the local Redis and reads the database."""

import pytest

from org.tasks import count_active_members
from tests.factories import SalesmanFactory, TeamFactory


@pytest.mark.worker
def test_real_worker_runs_a_task_through_redis(celery_worker_redis):
    team = TeamFactory(name="GT Jakarta")
    SalesmanFactory.create_batch(3, team=team)
    SalesmanFactory(team=team, active=False)
    result = count_active_members.delay(team.pk)
    assert result.get(timeout=30) == 3
    assert result.successful()
