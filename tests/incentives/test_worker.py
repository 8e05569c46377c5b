"""The monthly close on a real Celery worker through Redis, queued after commit; the beat
wrapper closes the month just ended."""

import time
from datetime import date

import pytest
from django.conf import settings
from django.db import transaction

from incentives import tasks
from incentives.models import PayoutRun
from tests.factories import World
from tests.incentives.payout_factories import JUNE, andi_june


def wait_for_run(month, *, lines, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = PayoutRun.objects.filter(month=month).first()
        if run is not None and run.lines.count() == lines:
            return run
        time.sleep(0.2)
    raise AssertionError(f"no run with {lines} lines for {month} after {timeout}s")


@pytest.mark.worker
def test_real_worker_closes_the_month_through_redis(celery_worker_redis):
    world = World()
    andi_june(world)
    result = tasks.close_period_task.delay("2026-06")
    run_id = result.get(timeout=120)
    run = PayoutRun.objects.get(pk=run_id)
    assert run.month == JUNE
    assert sum(line.amount for line in run.lines.filter(salesman=world.andi)) == 3_400_000
    # Delivered twice (acks_late: a redelivery after a crash): still the same single run.
    assert tasks.close_period_task.delay("2026-06").get(timeout=120) == run_id
    assert PayoutRun.objects.count() == 1
    assert run.lines.count() == 8


@pytest.mark.worker
def test_request_close_queues_only_after_commit(celery_worker_redis):
    world = World()
    andi_june(world)
    with transaction.atomic():
        tasks.request_close(month=JUNE)
        time.sleep(1)
        # Nothing was sent while the transaction that asked for it is open.
        assert not PayoutRun.objects.exists()
    run = wait_for_run(JUNE, lines=8)
    assert run.status == "draft"


@pytest.mark.worker
def test_a_rolled_back_request_queues_nothing(celery_worker_redis):
    world = World()
    andi_june(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.request_close(month=JUNE)
        raise RuntimeError("the page failed")
    time.sleep(2)
    assert not PayoutRun.objects.exists()


@pytest.mark.django_db
def test_beat_wrapper_closes_the_month_just_ended(world, monkeypatch):
    andi_june(world)
    monkeypatch.setattr(tasks, "current_month", lambda: date(2026, 7, 1))
    run_id = tasks.close_previous_month_task()
    assert PayoutRun.objects.get(pk=run_id).month == JUNE


def test_tasks_are_acknowledged_late_and_scheduled_monthly():
    assert tasks.close_period_task.acks_late is True
    assert tasks.close_previous_month_task.acks_late is True
    entry = settings.CELERY_BEAT_SCHEDULE["incentives-close-previous-month"]
    assert entry["task"] == "incentives.tasks.close_previous_month_task"
    schedule = entry["schedule"]
    assert (schedule.day_of_month, schedule.hour, schedule.minute) == ({1}, {2}, {0})
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"
