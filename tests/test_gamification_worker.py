"""The weekly leaderboard job through a real Celery worker (Redis broker), once."""

from datetime import date
from decimal import Decimal as D

import pytest

from kpi.gamification.models import BadgeAward, BoardSnapshot
from kpi.gamification.services import save_document
from tests.outlets.factories import set_metric
from tests.test_gamification_rules import DOCUMENT


@pytest.mark.worker
def test_the_weekly_job_publishes_on_a_real_worker(celery_worker_redis, world):
    from kpi.gamification.tasks import publish_leaderboards_task

    save_document(data=DOCUMENT, by=None)
    set_metric(salesman=world.andi, month=date(2026, 6, 1), metric="new_outlets", value=D(7))
    done = publish_leaderboards_task.delay("2026-06-30").get(timeout=60)
    assert done == {"as_of": "2026-06-30", "snapshots": 2, "awards": 1}
    assert BoardSnapshot.objects.filter(as_of=date(2026, 6, 30)).count() == 2
    award = BadgeAward.objects.get()
    assert (award.badge.code, award.salesman.code, award.value) == ("outlet-hunter", "A1", D(7))
    # the same Sunday again: nothing changes
    again = publish_leaderboards_task.delay("2026-06-30").get(timeout=60)
    assert again == {"as_of": "2026-06-30", "snapshots": 0, "awards": 0}


def test_beat_runs_the_job_every_monday_at_six(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kpi-publish-leaderboards"]
    assert entry["task"] == "kpi.gamification.tasks.publish_leaderboards_task"
    schedule = entry["schedule"]
    assert schedule.day_of_week == {1} and schedule.hour == {6} and schedule.minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"
