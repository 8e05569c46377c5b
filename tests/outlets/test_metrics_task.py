"""The nightly month-to-date refresh: eager, on a real worker, and skipped when locked."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from org.models import Period
from outlets.metrics import metric_values, refresh_month_to_date
from outlets.tasks import refresh_month_to_date as refresh_task
from spm.months import current_month
from tests.outlets.factories import OrderLineFactory


def test_the_metrics_refresh_runs_nightly_at_one_in_the_month_pipeline():
    # Folded into the one refresh of the month in progress (kpi.live.refresh_month).
    entry = settings.CELERY_BEAT_SCHEDULE["kpi-refresh-month"]
    assert entry["task"] == "kpi.tasks.refresh_month_task"
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {0}


@pytest.mark.django_db
def test_refresh_computes_the_current_month(world):
    month = current_month()
    OrderLineFactory(salesman=world.andi, date=month, amount=Decimal(1234))
    assert refresh_task.run() == 3
    assert metric_values(month=month)[world.andi.pk]["revenue"] == 1234


@pytest.mark.django_db
def test_refresh_leaves_a_locked_month_alone(world):
    Period.objects.create(month=date(2026, 6, 1), locked_at=timezone.now())
    assert refresh_month_to_date(today=date(2026, 6, 20)) is None
    assert metric_values(month=date(2026, 6, 1)) == {}


@pytest.mark.worker
def test_refresh_on_a_real_worker(celery_worker_redis, world):
    month = current_month()
    OrderLineFactory(salesman=world.budi, date=month, amount=Decimal(999))
    assert refresh_task.delay().get(timeout=30) == 3
    assert metric_values(month=month)[world.budi.pk]["revenue"] == 999
