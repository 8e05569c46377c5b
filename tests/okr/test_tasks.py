"""The nightly refresh: scheduled by beat, run by a real worker through Redis."""

from datetime import date
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.conf import settings

from okr.models import KeyResultKind, Level
from okr.tasks import refresh_key_results
from tests.factories import SalesmanFactory
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from tests.outlets.factories import set_metric


def test_beat_runs_the_refresh_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["okr-refresh-key-results"]
    assert entry["task"] == refresh_key_results.name == "okr.tasks.refresh_key_results"
    assert entry["schedule"] == crontab(hour=3, minute=30)


@pytest.mark.worker
def test_real_worker_refreshes_metric_linked_key_results(celery_worker_redis, monkeypatch):
    salesman = SalesmanFactory()
    cycle = CycleFactory(
        code="Q4-2026", kind="quarter", start=date(2026, 10, 1), end=date(2026, 12, 31)
    )
    objective = ObjectiveFactory(
        cycle=cycle, level=Level.PERSON, owner=salesman, participants=[salesman]
    )
    kr = KeyResultFactory(
        objective=objective,
        kind=KeyResultKind.METRIC,
        metric="new_outlets",
        target_value=Decimal(40),
    )
    set_metric(salesman=salesman, month=date(2026, 10, 1), metric="new_outlets", value=12)
    set_metric(salesman=salesman, month=date(2026, 11, 1), metric="new_outlets", value=8)
    # the worker runs in a thread of this process: it sees the patched "today"
    monkeypatch.setattr("okr.services.today", lambda: date(2026, 11, 20))
    # Celery caches the result backend per thread; an eager task run earlier in this process
    # cached the disabled one, so let this thread pick up the fixture's Redis backend.
    vars(celery_worker_redis._local).pop("backend", None)
    result = refresh_key_results.delay()
    assert result.get(timeout=30) == 1
    kr.refresh_from_db()
    assert kr.current_value == Decimal(20)
    assert kr.display_score == Decimal("0.50")
