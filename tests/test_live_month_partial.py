"""The refresh after an import recomputes only the people the import touched (issue 13's
benchmark): the import names its salesmen and outlets in `field_data_imported`, `refresh_month`
takes them (plus the leaders) when the month is stored as of the same day, everyone otherwise."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from incentives.live_models import Projection
from kpi import live
from kpi.live_models import PaceScore
from outlets.imports import import_file
from outlets.imports.signals import field_data_imported
from outlets.models import OrderLine
from tests.incentives.payout_factories import JUNE, field_month, gt_setup, targets
from tests.outlets.factories import OutletFactory, ProductFactory

MID_JUNE = date(2026, 6, 12)


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    field_data_imported.connect(receiver, dispatch_uid="test-heard")
    yield calls
    field_data_imported.disconnect(dispatch_uid="test-heard")


def test_an_orders_import_names_its_salesmen_and_outlets(
    world, tmp_path, heard, django_capture_on_commit_callbacks
):
    t1 = OutletFactory(code="T-1", salesman=world.andi)
    t2 = OutletFactory(code="T-2", salesman=world.budi)
    ProductFactory(sku="SKU-9")
    day = date(2026, 6, 3)
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_no,date,salesman,outlet,sku,quantity,amount\n"
        f"P-1,{day},A1,T-1,SKU-9,2,1500000\nP-2,{day},A1,T-2,SKU-9,1,1000\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="orders", path=path).ok  # straight COPY
    assert heard[-1]["salesman_ids"] == [world.andi.pk]
    assert heard[-1]["outlet_ids"] == sorted([t1.pk, t2.pk])
    # Again with P-2 moved to Budi: the staging path names the stored row's salesman too.
    path.write_text(
        f"order_no,date,salesman,outlet,sku,quantity,amount\nP-2,{day},A2,T-2,SKU-9,1,1000\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="orders", path=path).ok
    assert heard[-1]["salesman_ids"] == sorted([world.andi.pk, world.budi.pk])
    assert heard[-1]["outlet_ids"] == [t2.pk]


def test_an_outlets_import_names_nobody(world, tmp_path, heard, django_capture_on_commit_callbacks):
    """Outlets count for more people than the one on the row (acquired_by, a change of owner):
    the refresh after them takes everyone."""
    path = tmp_path / "outlets.csv"
    path.write_text(
        "code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by\n"
        "N-1,Toko Baru,GT,warung,Bekasi,A1,no,2026-06-03,A1\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(kind="outlets", path=path)
    assert report.ok, report.errors
    assert heard[-1]["salesman_ids"] is None and heard[-1]["outlet_ids"] is None


def test_people_touched_adds_who_ordered_at_the_same_outlets(world):
    """A new product listing goes to the first order of the outlet and product, whoever took
    it: an import at an outlet can move another salesman's figure."""
    field_month(world.budi, revenue=10_000_000, new_outlets=2, field_days=2)
    outlet_id = OrderLine.objects.filter(salesman=world.budi).values_list("outlet_id", flat=True)[0]
    assert live.people_touched(month=JUNE, salesman_ids=[world.andi.pk], outlet_ids=[]) == [
        world.andi.pk
    ]
    assert live.people_touched(
        month=JUNE, salesman_ids=[world.andi.pk], outlet_ids=[outlet_id]
    ) == sorted([world.andi.pk, world.budi.pk])


def _revenue(salesman):
    return live.live_month_state(salesman, JUNE).rows[0].actual


def test_a_partial_refresh_recomputes_only_the_people_named(world, monkeypatch):
    monkeypatch.setattr(live, "PARTIAL_SHARE", D(1))  # the world is small: never "most people"
    gt_setup()
    field_month(world.andi, revenue=240_000_000, new_outlets=12, field_days=12)
    targets(world.andi)
    live.refresh_month(month=JUNE, as_of=MID_JUNE)  # nothing stored yet: everyone
    assert _revenue(world.andi) == D(240_000_000)
    assert _revenue(world.budi) == 0
    budi_before = PaceScore.objects.get(salesman=world.budi, month=JUNE).computed_at

    field_month(world.budi, revenue=10_000_000, new_outlets=2, field_days=2)
    # Budi's rows are left alone when only Andi is named …
    live.refresh_month(month=JUNE, as_of=MID_JUNE, salesman_ids=[world.andi.pk])
    assert PaceScore.objects.get(salesman=world.budi, month=JUNE).computed_at == budi_before
    assert _revenue(world.budi) == 0
    assert PaceScore.objects.filter(month=JUNE).count() == 2
    assert Projection.objects.filter(month=JUNE).count() == 2
    # … and recomputed when he is named: his metrics, scorecard, pace and projection.
    live.refresh_month(month=JUNE, as_of=MID_JUNE, salesman_ids=[world.budi.pk])
    assert _revenue(world.budi) == D(10_000_000)
    assert _revenue(world.andi) == D(240_000_000)
    assert Projection.objects.filter(month=JUNE).count() == 2


def test_a_new_day_refreshes_everyone_even_when_people_are_named(world, monkeypatch):
    """Everyone's pace moves with the working days elapsed: a refresh as of another day than the
    stored one takes everyone."""
    monkeypatch.setattr(live, "PARTIAL_SHARE", D(1))
    gt_setup()
    field_month(world.andi, revenue=240_000_000, new_outlets=12, field_days=12)
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    field_month(world.budi, revenue=10_000_000, new_outlets=2, field_days=2)
    later = MID_JUNE + timedelta(days=1)
    live.refresh_month(month=JUNE, as_of=later, salesman_ids=[world.andi.pk])
    assert _revenue(world.budi) == D(10_000_000)
    assert set(PaceScore.objects.filter(month=JUNE).values_list("as_of", flat=True)) == {later}


def test_a_refresh_queued_for_a_few_takes_everyone_once_another_import_came(world, monkeypatch):
    """On a worker, an import that finds a refresh already queued marks it (cache key): the
    queued task then takes everyone, since it was queued naming other people."""
    from django.core.cache import cache

    from kpi.tasks import _everyone_key, refresh_month_task

    monkeypatch.setattr(live, "PARTIAL_SHARE", D(1))
    gt_setup()
    field_month(world.andi, revenue=240_000_000, new_outlets=12, field_days=12)
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    field_month(world.budi, revenue=10_000_000, new_outlets=2, field_days=2)
    refresh_month_task("2026-06", MID_JUNE.isoformat(), salesman_ids=[world.andi.pk])
    assert _revenue(world.budi) == 0  # named Andi only
    cache.set(_everyone_key(JUNE), 1)
    refresh_month_task("2026-06", MID_JUNE.isoformat(), salesman_ids=[world.andi.pk])
    assert _revenue(world.budi) == D(10_000_000)
    assert cache.get(_everyone_key(JUNE)) is None
