"""Locks hold everywhere (issue 12): the Django admin cannot change a locked month, unlock it,
delete what it was computed from, or touch the audit trail; the database refuses to rewrite the
audit trail."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import translation

from incentives.models import Plan
from incentives.payouts.services import approve_run, close_period, lock_run
from kpi.models import KPIDefinition, Target
from kpi.targets import save_targets
from org.models import AuditEntry, Period, User
from org.periods import MonthLocked, is_month_locked
from outlets.imports import import_file
from outlets.models import OrderLine
from tests.factories import SalesmanFactory
from tests.incentives.payout_factories import JULY, JUNE, andi_june

pytestmark = pytest.mark.django_db


@pytest.fixture
def june_locked(world):
    """Andi's June closed, approved and locked, and a superuser at the admin."""
    andi_june(world)
    run = close_period(month=JUNE)
    lock_run(run=approve_run(run=run, by=world.manager_a), by=world.hr)
    root = User.objects.create_superuser("root", "root@example.com", "x")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(root)
    return client


def june_line() -> OrderLine:
    return OrderLine.objects.filter(date__month=6).order_by("id").first()


def change_data(line: OrderLine, **changes) -> dict:
    data = {
        "order_no": line.order_no,
        "date": line.date.isoformat(),
        "salesman": line.salesman_id,
        "outlet": line.outlet_id,
        "product": line.product_id,
        "quantity": str(line.quantity),
        "amount": str(line.amount),
    }
    data.update(changes)
    return data


def test_a_period_cannot_be_unlocked_in_the_admin(june_locked, world, tmp_path):
    period = Period.objects.get(month=JUNE)
    url = f"/admin/org/period/{period.pk}/change/"
    response = june_locked.post(url, {"month": "2026-06-01", "locked_at_0": "", "locked_at_1": ""})
    assert response.status_code == 403
    assert june_locked.post(f"/admin/org/period/{period.pk}/delete/", {"post": "yes"}).status_code
    assert is_month_locked(JUNE)
    page = june_locked.get(url).content.decode()
    assert 'name="locked_at' not in page  # shown, not editable
    # After the attempt, imports and targets for June are still refused.
    path = tmp_path / "late.csv"
    path.write_text(
        "order_no,date,salesman,outlet,sku,quantity,amount\n"
        f"LATE1,2026-06-30,A1,{june_line().outlet.code},SKU-1,1,1000\n"
    )
    with translation.override("en"):
        report = import_file(kind="orders", path=path)
    assert [(e.row, e.reason) for e in report.errors] == [(2, "month 2026-06 is locked")]
    assert not OrderLine.objects.filter(order_no="LATE1").exists()
    revenue = KPIDefinition.objects.get(code="revenue")
    with pytest.raises(MonthLocked), transaction.atomic():
        save_targets(month=JUNE, values={(world.andi.pk, revenue.pk): Decimal(1)}, by=world.admin)
    assert Target.objects.get(salesman=world.andi, kpi=revenue, month=JUNE).value == 500_000_000


def test_an_order_line_of_a_locked_month_cannot_be_changed_deleted_or_moved_out(june_locked):
    line = june_line()
    stored = (line.date, line.amount)
    url = f"/admin/outlets/orderline/{line.pk}/"
    moved_out = change_data(line, date="2026-07-02", amount="1")
    assert june_locked.post(url + "change/", moved_out).status_code == 403
    assert june_locked.get(url + "delete/").status_code == 403
    assert june_locked.post(url + "delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [line.pk], "post": "yes"}
    assert june_locked.post("/admin/outlets/orderline/", bulk).status_code == 403
    line.refresh_from_db()
    assert (line.date, line.amount) == stored
    assert OrderLine.objects.filter(pk=line.pk).exists()


def test_an_order_line_cannot_be_dated_into_a_locked_month(june_locked):
    line = june_line()
    july = OrderLine.objects.create(
        order_no="JUL-1",
        date=date(2026, 7, 3),
        salesman=line.salesman,
        outlet=line.outlet,
        product=line.product,
        quantity=Decimal(1),
        amount=Decimal(1000),
    )
    response = june_locked.post(
        f"/admin/outlets/orderline/{july.pk}/change/", change_data(july, date="2026-06-30")
    )
    assert response.status_code == 200  # the form again, with the error
    assert "2026-06 is locked" in response.content.decode()
    july.refresh_from_db()
    assert july.date == date(2026, 7, 3)
    added = june_locked.post(
        "/admin/outlets/orderline/add/", change_data(july, order_no="JUN-NEW", date="2026-06-05")
    )
    assert added.status_code == 200
    assert not OrderLine.objects.filter(order_no="JUN-NEW").exists()
    # An open month's line still changes.
    response = june_locked.post(
        f"/admin/outlets/orderline/{july.pk}/change/", change_data(july, date="2026-07-04")
    )
    assert response.status_code == 302
    july.refresh_from_db()
    assert july.date == date(2026, 7, 4)


def test_deleting_a_salesman_or_user_with_rows_of_a_locked_month_is_refused(june_locked, world):
    # Someone the June run did not pay (no statement protects him), with a June target.
    late = SalesmanFactory(code="LATE", team=world.andi.team)
    revenue = KPIDefinition.objects.get(code="revenue")
    Target.objects.create(salesman=late, kpi=revenue, month=JUNE, value=Decimal(1))
    for url in (
        f"/admin/org/salesman/{late.pk}/delete/",
        f"/admin/org/user/{late.user_id}/delete/",
    ):
        page = june_locked.get(url).content.decode()
        assert "targets of a locked month" in page
        assert june_locked.post(url, {"post": "yes"}).status_code == 403
    assert Target.objects.filter(salesman=late, month=JUNE).exists()
    # Without rows of a locked month the same delete goes through.
    Target.objects.filter(salesman=late).update(month=JULY)
    assert (
        june_locked.post(f"/admin/org/user/{late.user_id}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not Target.objects.filter(kpi=revenue, month=JULY).exists()


def test_a_plan_that_paid_a_locked_month_cannot_be_deleted(june_locked):
    plan = Plan.objects.get(code="GT-SALESMAN")
    url = f"/admin/incentives/plan/{plan.pk}/delete/"
    assert june_locked.get(url).status_code == 403
    assert june_locked.post(url, {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(code="GT-SALESMAN").exists()
    bulk = {"action": "delete_selected", "_selected_action": [plan.pk], "post": "yes"}
    assert june_locked.post("/admin/incentives/plan/", bulk).status_code == 403
    assert Plan.objects.filter(code="GT-SALESMAN").exists()


def test_the_runs_of_a_locked_month_are_read_only_in_the_admin(june_locked):
    from incentives.models import PayoutRun

    run = PayoutRun.objects.get(month=JUNE)
    assert june_locked.post(f"/admin/incentives/payoutrun/{run.pk}/delete/").status_code == 403
    assert (
        june_locked.post(
            f"/admin/incentives/payoutrun/{run.pk}/change/", {"status": "draft"}
        ).status_code
        == 403
    )
    run.refresh_from_db()
    assert run.status == "locked"


def test_the_admin_cannot_add_change_or_delete_audit_entries(june_locked):
    entry = AuditEntry.objects.get(action="payout_run.locked")
    base = "/admin/org/auditentry/"
    assert june_locked.get(base + "add/").status_code == 403
    assert june_locked.post(base + "add/", {"action": "x", "object_type": "y"}).status_code == 403
    assert june_locked.post(f"{base}{entry.pk}/change/", {"action": "x"}).status_code == 403
    assert june_locked.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    june_locked.post(base, bulk)  # the action is not even offered
    entry.refresh_from_db()
    assert entry.action == "payout_run.locked"
    assert june_locked.get(base).status_code == 200  # still readable


def test_a_user_who_acted_is_protected_not_erased_from_the_audit_trail(june_locked, world):
    url = f"/admin/org/user/{world.hr.pk}/delete/"
    page = june_locked.get(url)
    assert page.status_code == 200
    assert "<li>audit entry</li>" in page.content.decode()  # may not be deleted
    assert june_locked.post(url, {"post": "yes"}).status_code == 200  # the refusal again
    assert User.objects.filter(pk=world.hr.pk).exists()
    assert AuditEntry.objects.filter(action="payout_run.locked", actor=world.hr).exists()


def test_the_database_refuses_to_update_an_audit_entry(june_locked):
    entry = AuditEntry.objects.get(action="payout_run.locked")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="payout_run.unlocked")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE org_auditentry SET note = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert (entry.action, entry.note) == ("payout_run.locked", "")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite keeps DELETE for Django's test flush (org/migrations/0003_audit_append_only)",
)
def test_the_database_refuses_to_delete_an_audit_entry(june_locked):
    entry = AuditEntry.objects.get(action="payout_run.locked")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM org_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
