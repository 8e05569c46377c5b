"""A close lost with its whole worker is run again within the broker's visibility timeout.

A real `celery worker` process takes the close, which waits on a table lock the test holds;
the test kills the worker's whole process group (SIGKILL: no chance to requeue anything), then
releases the lock and starts a second worker. With acks_late the message was never
acknowledged, so Redis gives it back once the visibility timeout (CELERY_VISIBILITY_TIMEOUT,
5 s here; 15 min in production, spm/settings.py) has passed and a worker sweeps for it (at its
start, then about every 100 s), and the second worker closes the month.
"""

import os
import signal
import time

import psycopg2
import pytest
import redis
from celery import Celery
from django.db import connection

from incentives.models import PayoutRun
from tests.factories import World
from tests.incentives.payout_factories import JUNE, andi_june
from tests.prod.conftest import TEST_REDIS_URL, child_env, database_url, start, stop, wait_until

pytestmark = [pytest.mark.prod, pytest.mark.worker]

VISIBILITY_TIMEOUT = 5


def worker(name: str):
    env = child_env(
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=TEST_REDIS_URL,
        CELERY_RESULT_BACKEND=TEST_REDIS_URL,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )
    args = ["celery", "-A", "spm.celery", "worker", "--concurrency=1", "--loglevel=INFO"]
    return start([*args, "--without-mingle", "--without-gossip", "-n", f"{name}@%h"], env)


def waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            [connection.settings_dict["NAME"]],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_close_lost_with_its_worker_is_rerun_by_another_worker():
    world = World()
    andi_june(world)
    broker = redis.Redis.from_url(TEST_REDIS_URL)
    broker.flushdb()

    blocker = psycopg2.connect(database_url())
    first = worker("lost-first")
    second = None
    try:
        with blocker.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {PayoutRun._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        sender = Celery(broker=TEST_REDIS_URL, set_as_current=False)
        sender.send_task("incentives.tasks.close_period_task", args=["2026-06"])
        sender.close()

        # The first worker took the close and is inside it, waiting for the table.
        wait_until(waiting_on_a_lock, timeout=60, what="the first worker inside the close")
        assert broker.hlen("unacked") == 1
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        killed_at = time.monotonic()
        blocker.rollback()  # the dead worker's transaction is gone with its connection
        assert not PayoutRun.objects.filter(month=JUNE).exists()

        # A worker sweeps for unacknowledged messages older than the visibility timeout when it
        # starts and then about every 100 s (kombu's restore interval × throttle): start the
        # second one once the timeout has passed since the delivery (which came before the kill).
        time.sleep(VISIBILITY_TIMEOUT + 1)
        second = worker("lost-second")
        run = wait_until(
            lambda: PayoutRun.objects.filter(month=JUNE, lines__isnull=False).first(),
            timeout=60,
            what="the second worker rerunning the lost close",
            interval=0.5,
        )
        rerun_after = time.monotonic() - killed_at
        assert run.lines.count() == 8
        # Within seconds of the visibility timeout, not after kombu's default hour.
        assert rerun_after < 45, rerun_after
        wait_until(lambda: broker.hlen("unacked") == 0, timeout=10, what="the rerun acknowledged")
    finally:
        blocker.close()
        output = stop(first)
        if second is not None:
            output += stop(second)
        print(output)
        broker.flushdb()
