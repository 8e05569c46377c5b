"""Corrections after the lock (docs/contracts.md "Returns, late data and prior-period
corrections"): late data for a locked month is restated at the next close, the difference paid
as `restatement` lines; the locked run never changes; a statement never pays below zero.

Andi's June (docs/domain.md): revenue Rp 550.000.000 against Rp 500.000.000 = 110% → the GT
plan pays rev-full 2.000.000 + rev-step 500.000 (one 10% step) + new outlets 400.000 + visits
500.000 = Rp 3.400.000.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from incentives.demo_plans import GT_PLAN
from incentives.models import Adjustment, LineType, PayoutLine, PayoutRun
from incentives.payouts.export import export_payouts
from incentives.payouts.services import approve_run, close_period, lock_run
from incentives.plans.documents import import_plan
from kpi.documents import save_template_document
from org.models import Salesman
from org.periods import record_late_change
from outlets.models import OrderLine, Outlet, Product
from tests.factories import SalesmanFactory
from tests.incentives.payout_factories import JULY, JUNE, field_month, targets
from tests.kpi.factories import gt_document

pytestmark = pytest.mark.django_db

AUGUST = date(2026, 8, 1)


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def setup_gt(world, **plan_keys):
    save_template_document(document=gt_document(), by=None)
    import_plan(document={**GT_PLAN, **plan_keys}, by=None)
    field_month(world.andi)
    targets(world.andi)


def close_and_lock(world, month):
    run = close_period(month=month)
    return lock_run(run=approve_run(run=run, by=world.manager_a), by=world.hr)


def late_order(world, amount, *, month=JUNE, no="LATE-1"):
    """An order line of Andi's dated on the month's 30th, arriving after the lock."""
    OrderLine.objects.create(
        order_no=no,
        date=month.replace(day=30),
        salesman=world.andi,
        outlet=Outlet.objects.filter(salesman=world.andi).first(),
        product=Product.objects.get(sku="SKU-1"),
        quantity=Decimal(1 if amount > 0 else -1),
        amount=Decimal(amount),
    )
    record_late_change(month=month, kind="orders", rows=1, by=world.manager_a)


def lines_of(run, salesman, line_type=None):
    lines = PayoutLine.objects.filter(run=run, salesman=salesman).order_by("position", "id")
    if line_type:
        lines = lines.filter(type=line_type)
    return [(line.rule_code, line.reached, line.amount) for line in lines]


def people():
    return Salesman.objects.all()


def test_a_late_order_lifts_a_locked_month_over_a_step(world):
    setup_gt(world)
    june = close_and_lock(world, JUNE)
    export_before = export_payouts(run=june, fmt="csv", lines=True, people=people())
    late_order(world, 50_000_000)  # 600.000.000 = 120%: two steps instead of one

    july = close_period(month=JULY)
    [line] = PayoutLine.objects.filter(run=july, type=LineType.RESTATEMENT)
    assert (line.salesman_id, line.rule_code, line.reached, line.amount) == (
        world.andi.pk,
        "rev-step",
        "2026-06",
        Decimal(500_000),
    )
    assert line.value == Decimal("120.0000")
    assert line.label.startswith("Koreksi 2026-06: ")
    assert line.detail["paid"] == "500000" and line.detail["restated"] == "1000000"
    # the locked month never changes, byte for byte
    assert export_payouts(run=june, fmt="csv", lines=True, people=people()) == export_before
    [restatement] = june.restatements.all()
    assert (restatement.paid_in, restatement.people, restatement.difference) == (july, 1, 500_000)
    [restated] = restatement.lines.all()
    assert (restated.rule_code, restated.paid, restated.amount) == ("rev-step", 500_000, 1_000_000)

    # closing July again gives the same lines, and one restated version
    assert close_period(month=JULY).pk == july.pk
    assert lines_of(july, world.andi, LineType.RESTATEMENT) == [
        ("rev-step", "2026-06", Decimal(500_000))
    ]
    assert june.restatements.count() == 1

    # once July is paid, August owes nothing for June … until more late data comes
    lock_run(run=approve_run(run=july, by=world.manager_a), by=world.hr)
    august = close_period(month=AUGUST)
    assert lines_of(august, world.andi, LineType.RESTATEMENT) == []
    late_order(world, 50_000_000, no="LATE-2")  # 650.000.000 = 130%: three steps
    august = close_period(month=AUGUST)
    # against everything already paid for June: 500.000 locked + 500.000 in July
    assert lines_of(august, world.andi, LineType.RESTATEMENT) == [
        ("rev-step", "2026-06", Decimal(500_000))
    ]


def test_the_cap_absorbs_part_of_a_restatement(world):
    setup_gt(world, cap=3_600_000)
    close_and_lock(world, JUNE)  # 3.400.000, under the cap
    late_order(world, 50_000_000)  # 3.900.000 before the cap: the cap takes 300.000 back
    july = close_period(month=JULY)
    assert lines_of(july, world.andi, LineType.RESTATEMENT) == [
        ("cap", "2026-06", Decimal(-300_000)),
        ("rev-step", "2026-06", Decimal(500_000)),
    ]


def test_a_return_lowers_the_month_and_the_balance_is_carried_forward(world):
    setup_gt(world)
    close_and_lock(world, JUNE)
    late_order(world, -50_000_000)  # a return: 500.000.000 = 100%, no step any more
    july = close_period(month=JULY)
    # Andi has no July data: his July pays 0, the correction takes 500.000 back
    assert lines_of(july, world.andi, LineType.RESTATEMENT) == [
        ("rev-step", "2026-06", Decimal(-500_000))
    ]
    assert lines_of(july, world.andi, LineType.CARRY_FORWARD) == [
        ("carry_forward", "", Decimal(500_000))
    ]
    assert sum(a for *_k, a in lines_of(july, world.andi)) == 0  # never a negative payment
    opening = Adjustment.objects.get(salesman=world.andi, carried_from=JULY)
    assert (opening.run.month, opening.amount) == (AUGUST, Decimal(-500_000))
    assert lines_of(opening.run, world.andi) == [("carry_forward", "", Decimal(-500_000))]
    summary = export_payouts(run=july, fmt="csv", people=people()).decode()
    assert "A1,Andi" in summary and ",-" not in summary

    # closing July again replaces the carried balance rather than adding a second one
    close_period(month=JULY)
    assert Adjustment.objects.filter(salesman=world.andi, carried_from=JULY).count() == 1


def test_clawback_none_takes_nothing_back(world):
    setup_gt(world, clawback="none")
    close_and_lock(world, JUNE)
    late_order(world, -50_000_000)
    july = close_period(month=JULY)
    [line] = PayoutLine.objects.filter(run=july, type=LineType.RESTATEMENT)
    assert (line.rule_code, line.amount, line.status) == ("rev-step", 0, "clawback_none")
    assert (line.detail["paid"], line.detail["restated"], line.detail["clawback"]) == (
        "500000",
        "0",
        "none",
    )
    assert lines_of(july, world.andi, LineType.CARRY_FORWARD) == []


def test_two_locked_months_are_restated_in_one_close(world):
    setup_gt(world)
    field_month(world.andi, month=JULY)
    targets(world.andi, month=JULY)
    close_and_lock(world, JUNE)
    close_and_lock(world, JULY)
    late_order(world, 50_000_000)
    late_order(world, 50_000_000, month=JULY, no="LATE-JULY")
    august = close_period(month=AUGUST)
    assert lines_of(august, world.andi, LineType.RESTATEMENT) == [
        ("rev-step", "2026-06", Decimal(500_000)),
        ("rev-step", "2026-07", Decimal(500_000)),
    ]
    assert PayoutRun.objects.get(month=JUNE).restatements.get().paid_in == august


def test_the_pages_show_the_correction_and_the_restated_month(world, client):
    setup_gt(world)
    close_and_lock(world, JUNE)
    late_order(world, 50_000_000)
    close_period(month=JULY)
    client.force_login(world.hr)
    july = client.get("/incentives/statements/A1/2026-07/").content.decode()
    assert "Koreksi 2026-06: Each further 10% of revenue" in july
    assert "2026-06 dihitung ulang dari data terlambat: Rp 1.000.000, bukan Rp 500.000" in july
    assert 'href="/incentives/statements/A1/2026-06/"' in july
    june = client.get("/incentives/runs/2026-06/").content.decode()
    assert 'id="restated-lines"' in june
    assert "Rp 1.000.000" in june and 'href="/incentives/runs/2026-07/"' in june
    statement = client.get("/incentives/statements/A1/2026-06/").content.decode()
    assert "Dihitung ulang dari data terlambat" in statement
    # a manager of another team sees neither the person nor his restated lines
    client.force_login(world.manager_b)
    assert 'id="restated-lines"' not in client.get("/incentives/runs/2026-06/").content.decode()
    assert client.get("/incentives/statements/A1/2026-06/").status_code == 404


MARGINAL = {
    "code": "comm",
    "label": "Commission",
    "type": "rate",
    "kpi": "revenue",
    "basis": "actual",
    "mode": "marginal",
    "tiers": [{"from": 0, "rate": 0.5}, {"from": 500000000, "rate": 1.0}],
}


def test_a_return_lowers_a_marginal_rate_commission(world):
    """550.000.000 pays 0,5% of the first 500.000.000 + 1% of the 50.000.000 above =
    2.500.000 + 500.000 = 3.000.000; a late return of 30.000.000 leaves 520.000.000:
    2.500.000 + 200.000 = 2.700.000, so July takes 300.000 back."""
    setup_gt(world, rules=[MARGINAL])
    june = close_and_lock(world, JUNE)
    assert [(rule, amount) for rule, _reached, amount in lines_of(june, world.andi)] == [
        ("comm", Decimal(3_000_000))
    ]
    late_order(world, -30_000_000)
    july = close_period(month=JULY)
    [line] = PayoutLine.objects.filter(run=july, type=LineType.RESTATEMENT)
    assert (line.rule_code, line.value, line.amount) == (
        "comm",
        Decimal("520000000.0000"),
        Decimal(-300_000),
    )
    assert (line.detail["paid"], line.detail["restated"]) == ("3000000", "2700000")


def named_late_order(world, salesman, amount, *, no, record=True):
    """A late order line of `salesman` in June; the late change names him and the outlet, as a
    late import does (`touched_salesmen`, `touched_outlets`)."""
    outlet = Outlet.objects.filter(salesman=salesman).first()
    OrderLine.objects.create(
        order_no=no,
        date=JUNE.replace(day=30),
        salesman=salesman,
        outlet=outlet,
        product=Product.objects.get(sku="SKU-1"),
        quantity=Decimal(1),
        amount=Decimal(amount),
    )
    if record:
        record_late_change(
            month=JUNE,
            kind="orders",
            rows=1,
            by=world.manager_a,
            salesman_ids=[salesman.pk],
            outlet_ids=[outlet.pk],
        )


def test_a_late_change_that_names_its_people_restates_only_them(world):
    """Only the people the late rows belong to are recomputed (their metrics and scorecards,
    the leaders' scorecards); the others keep their locked figures. Budi's extra June order
    here was written without being recorded as late, so it is not restated; Andi's is."""
    setup_gt(world)
    field_month(world.budi)
    targets(world.budi)
    close_and_lock(world, JUNE)
    named_late_order(world, world.budi, 50_000_000, no="UNRECORDED", record=False)
    named_late_order(world, world.andi, 50_000_000, no="LATE-A")
    from incentives.corrections.restatement import people_to_restate

    assert people_to_restate(JUNE) == [world.andi.pk]
    july = close_period(month=JULY)
    assert lines_of(july, world.andi, LineType.RESTATEMENT) == [
        ("rev-step", "2026-06", Decimal(500_000))
    ]
    assert lines_of(july, world.budi, LineType.RESTATEMENT) == []
    # a change that names no one (outlets, people) restates the whole month: Budi too
    record_late_change(month=JUNE, kind="outlets", rows=1, by=world.manager_a)
    assert people_to_restate(JUNE) is None
    july = close_period(month=JULY)
    assert lines_of(july, world.budi, LineType.RESTATEMENT) == [
        ("rev-step", "2026-06", Decimal(500_000))
    ]


def test_a_second_late_change_for_someone_else_takes_nothing_back_from_the_first(world):
    """Every restatement is computed against the locked month, which never changes: a person
    restated once (Andi, paid his correction in July) is restated again at the next one
    (Budi's, in August), so what he was paid in July is not taken back."""
    SalesmanFactory.create_batch(4, team=world.andi.team)  # two people named are a minority
    setup_gt(world)
    field_month(world.budi)
    targets(world.budi)
    close_and_lock(world, JUNE)
    named_late_order(world, world.andi, 50_000_000, no="LATE-A")
    close_and_lock(world, JULY)
    named_late_order(world, world.budi, 50_000_000, no="LATE-B")
    from incentives.corrections.restatement import people_to_restate

    assert people_to_restate(JUNE) == sorted([world.andi.pk, world.budi.pk])
    august = close_period(month=AUGUST)
    assert lines_of(august, world.andi, LineType.RESTATEMENT) == []
    assert lines_of(august, world.budi, LineType.RESTATEMENT) == [
        ("rev-step", "2026-06", Decimal(500_000))
    ]
