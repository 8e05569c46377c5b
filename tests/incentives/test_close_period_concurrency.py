"""Two closes of the same month at once, on two real database connections: one run.

Each thread has its own Django connection (connections are per thread), so the two
transactions really overlap in PostgreSQL. The evaluation is slowed down so that the first
close still holds the month's Period row lock when the second asks for it.
"""

import threading
import time

import pytest
from django.db import connection

from incentives.models import PayoutLine, PayoutRun
from incentives.payouts import closing
from incentives.payouts.services import add_adjustment, close_period
from org.audit import history_of
from org.models import Period
from tests.factories import World
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite (the laptop default) has no row locks: one writer at a time is all it allows
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
    ),
]


def run_in_threads(*targets):
    barrier = threading.Barrier(len(targets))
    results, errors = [None] * len(targets), []

    def worker(index, target):
        try:
            barrier.wait(timeout=10)
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.fixture
def slow_evaluation(monkeypatch):
    real = closing.evaluate_people
    calls = []

    def slow(**kwargs):
        calls.append(time.monotonic())
        time.sleep(0.5)
        return real(**kwargs)

    monkeypatch.setattr(closing, "evaluate_people", slow)
    return calls


def test_two_concurrent_closes_end_with_one_run(slow_evaluation):
    world = World()
    andi_june(world)
    # The month's Period row exists already (as after any earlier look at the month), so only
    # the row lock, not the insert of the Period, orders the two closes.
    Period.objects.create(month=JUNE)
    results, errors = run_in_threads(
        lambda: close_period(month=JUNE).pk, lambda: close_period(month=JUNE).pk
    )
    assert errors == []
    assert results[0] == results[1]
    assert PayoutRun.objects.count() == 1
    run = PayoutRun.objects.get()
    assert run.lines.count() == 8  # not 16: the second close replaced the first one's lines
    assert sum(line.amount for line in PayoutLine.objects.filter(salesman=world.andi)) == 3_400_000
    # The second evaluation started only after the first close committed (it waited).
    assert len(slow_evaluation) == 2
    assert abs(slow_evaluation[1] - slow_evaluation[0]) >= 0.5
    assert list(history_of(run).order_by("at", "id").values_list("action", flat=True)) == [
        "payout_run.closed",
        "payout_run.recomputed",
    ]


def test_an_adjustment_during_a_close_is_kept(slow_evaluation):
    world = World()
    andi_june(world)
    close_period(month=JUNE)
    slow_evaluation.clear()
    results, errors = run_in_threads(
        lambda: close_period(month=JUNE).pk,
        lambda: (
            add_adjustment(
                month=JUNE, salesman=world.andi, amount=150_000, reason="Late invoice", by=world.hr
            ).pk
        ),
    )
    assert errors == []
    run = PayoutRun.objects.get()
    adjustment = run.lines.get(rule_code="adjustment")
    assert adjustment.amount == 150_000
    assert run.lines.count() == 9
