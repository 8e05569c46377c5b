"""The nightly refresh (without a worker): scheduled after the night's metric snapshot,
acknowledged late, this month only, and a locked month is left alone."""

from decimal import Decimal as D

import pytest
from django.conf import settings
from django.utils import timezone

from kpi.documents import save_template_document
from kpi.models import KPIDefinition, Scorecard, Target
from kpi.scorecards import compute_scorecards, refresh_current_month
from kpi.tasks import refresh_current_month_scorecards, refresh_month_task
from org.models import Period
from outlets.models import MetricSnapshot
from spm.months import add_months, current_month
from tests.kpi.factories import gt_document
from tests.outlets.factories import set_metric

pytestmark = pytest.mark.django_db


def test_one_nightly_job_refreshes_the_month_in_progress():
    # Metrics, scorecards, pace scores and projections are one pipeline (kpi.live.refresh_month):
    # no separate scorecard or metric entries that could run in the wrong order.
    entry = settings.CELERY_BEAT_SCHEDULE["kpi-refresh-month"]
    assert entry["task"] == "kpi.tasks.refresh_month_task"
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {0}
    assert entry["schedule"].day_of_month == set(range(1, 32))  # every night
    okr = settings.CELERY_BEAT_SCHEDULE["okr-refresh-key-results"]
    assert min(entry["schedule"].hour) < min(okr["schedule"].hour)
    assert "kpi-refresh-scorecards" not in settings.CELERY_BEAT_SCHEDULE
    assert "outlets-refresh-month-to-date" not in settings.CELERY_BEAT_SCHEDULE
    assert refresh_current_month_scorecards.acks_late is True
    assert refresh_month_task.acks_late is True


@pytest.fixture
def this_month(world):
    month = current_month()
    save_template_document(document=gt_document(), by=None)
    revenue = KPIDefinition.objects.get(code="revenue")
    for m in (month, add_months(month, -1)):
        Target.objects.create(month=m, salesman=world.andi, kpi=revenue, value=100)
        set_metric(salesman=world.andi, month=m, metric="revenue", value=120)
    return month


def test_refresh_computes_this_month_only(world, this_month):
    assert refresh_current_month() == 2  # andi and budi (GT)
    assert Scorecard.objects.get(salesman=world.andi, month=this_month).total == D("60.00")
    assert not Scorecard.objects.filter(month=add_months(this_month, -1)).exists()


def test_refresh_leaves_a_locked_month_alone(world, this_month):
    compute_scorecards(month=this_month)
    before = Scorecard.objects.get(salesman=world.andi, month=this_month)
    Period.objects.filter(month=this_month).update(locked_at=timezone.now())
    MetricSnapshot.objects.filter(salesman=world.andi).update(revenue=150)
    assert refresh_current_month_scorecards.apply().get() == 0
    after = Scorecard.objects.get(salesman=world.andi, month=this_month)
    assert (after.pk, after.total, after.computed_at) == (before.pk, D("60.00"), before.computed_at)
