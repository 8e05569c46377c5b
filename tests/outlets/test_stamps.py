"""Each change of a month's field data stamps the month (outlets/stamps.py): an import once it
has committed (a late one of a locked month too), the admin's change of a line (both months
when it moves one), the demo's rebuild; what is cached under the stamp goes stale with it."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone

from org.models import Period
from outlets.imports import import_file
from outlets.models import FieldDataStamp, OrderLine
from outlets.stamps import record_change
from tests.outlets.test_import_service import ORDERS, field, write  # noqa: F401

pytestmark = pytest.mark.django_db
APRIL, MAY, JUNE = date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)


def stamps() -> dict[date, object]:
    return dict(FieldDataStamp.objects.values_list("month", "changed_at"))


def test_record_change_stamps_each_month_once_and_again_later():
    record_change(months=[date(2026, 5, 3), date(2026, 5, 30), date(2026, 6, 1)])
    first = stamps()
    assert sorted(first) == [MAY, JUNE] and first[MAY] == first[JUNE]
    record_change(months=[date(2026, 6, 9)])
    assert stamps()[MAY] == first[MAY] and stamps()[JUNE] > first[JUNE]
    record_change(months=[])
    assert len(stamps()) == 2


def test_an_import_stamps_its_months_once_committed(
    field,  # noqa: F811
    tmp_path,
    django_capture_on_commit_callbacks,
):
    path = write(tmp_path, "ord.csv", ORDERS)  # lines of 3 and 4 May
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert import_file(kind="orders", path=path).ok
    assert stamps() == {}  # not before the commit
    for callback in callbacks:
        callback()
    assert list(stamps()) == [MAY]
    # a late import of a locked month stamps it too
    Period.objects.filter(month=MAY).update(locked_at=timezone.now())
    before = stamps()[MAY]
    late = write(tmp_path, "late.csv", ORDERS + "SO9,2026-05-30,A1,O1,P1,1,1000\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="orders", path=late, late=True, by=field.manager_a).ok
    assert stamps()[MAY] > before
    # a dry run stores nothing and stamps nothing
    dry = write(tmp_path, "dry.csv", ORDERS.splitlines()[0] + "\nSO7,2026-06-04,A2,O2,P1,1,5000\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="orders", path=dry, dry_run=True).ok
    assert list(stamps()) == [MAY]


def test_a_line_moved_by_hand_in_the_admin_stamps_both_months(
    field,  # noqa: F811
    tmp_path,
    django_capture_on_commit_callbacks,
):
    assert import_file(kind="orders", path=write(tmp_path, "ord.csv", ORDERS)).ok
    FieldDataStamp.objects.all().delete()
    line = OrderLine.objects.get(order_no="SO2")
    admin = site._registry[OrderLine]
    request = RequestFactory().post("/")
    request.user = field.admin
    line.date, line.amount = date(2026, 4, 28), Decimal(6000)
    admin.save_model(request, line, form=None, change=True)
    assert sorted(stamps()) == [APRIL, MAY]
    FieldDataStamp.objects.all().delete()
    admin.delete_queryset(request, OrderLine.objects.filter(order_no="SO1"))
    assert sorted(stamps()) == [MAY]
