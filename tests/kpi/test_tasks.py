"""The nightly refresh on a real Celery worker (Redis broker)."""

from decimal import Decimal as D

import pytest

from kpi.documents import save_template_document
from kpi.models import KPIDefinition, Scorecard, Target
from spm.months import current_month
from tests.kpi.factories import gt_document
from tests.outlets.factories import set_metric


@pytest.mark.worker
def test_nightly_refresh_runs_on_a_real_worker(celery_worker_redis, world):
    from kpi.tasks import refresh_current_month_scorecards

    month = current_month()
    save_template_document(document=gt_document(), by=None)
    revenue = KPIDefinition.objects.get(code="revenue")
    Target.objects.create(month=month, salesman=world.andi, kpi=revenue, value=100)
    set_metric(salesman=world.andi, month=month, metric="revenue", value=120)
    assert refresh_current_month_scorecards.delay().get(timeout=30) == 2
    card = Scorecard.objects.get(salesman=world.andi, month=month)
    assert card.total == D("60.00")  # 120 % of revenue × 50 / 100; other rows no data
