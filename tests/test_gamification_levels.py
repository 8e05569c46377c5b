"""Levels at the close: the mean of the last three closed months that have a scorecard (a month
without one skipped), recorded for the next month, in the audit trail, and the multiplier it
gives the next month's pay (hand-computed); manual overrides; the battle recorded."""

import copy
from datetime import date
from decimal import Decimal as D

from django.utils import timezone

from incentives.demo_plans import GT_PLAN
from incentives.models import PayoutLine, PayoutRun
from incentives.payouts.services import close_period
from incentives.plans.documents import import_plan
from kpi.gamification.levels import level_in_force, levels_for_month, set_level
from kpi.gamification.models import BattleResult, LevelSource, SalesmanLevel
from kpi.gamification.services import save_document
from kpi.models import Scorecard
from org.models import AuditEntry, Salesman
from tests.incentives.payout_factories import JULY, JUNE, field_month, gt_setup, targets
from tests.test_gamification_rules import DOCUMENT

MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)


def scorecard(salesman, month, total):
    return Scorecard.objects.create(
        salesman=salesman,
        month=month,
        template_code="GT-SALESMAN",
        template_name="GT",
        rounding="exact",
        total=D(total),
        computed_at=timezone.now(),
    )


def closed(month):
    PayoutRun.objects.create(month=month, computed_at=timezone.now())


def pay(salesman, month):
    lines = PayoutLine.objects.filter(run__month=month, salesman=salesman)
    return sum((line.amount for line in lines), D(0))


def test_levels_from_three_closed_months_skip_one_without_a_scorecard_and_raise_next_pay(world):
    gt_setup()
    plan = copy.deepcopy(GT_PLAN)
    plan["level_multipliers"] = {"1": 1, "2": 1.1, "3": 1.2}
    import_plan(document=plan, by=None)
    save_document(data=DOCUMENT, by=None)
    andi = world.andi
    # March 120 and May 104 closed; April closed too, but Andi has no scorecard in it.
    for month in (MARCH, APRIL, MAY):
        closed(month)
    scorecard(andi, MARCH, "120")
    scorecard(andi, MAY, "104")
    for month in (JUNE, JULY):
        field_month(andi, month=month)
        targets(andi, month=month)

    close_period(month=JUNE)
    # June's scorecard 112.22 (docs/domain.md's Andi); the last three closed months with a
    # scorecard are June, May and March: (112.22 + 104 + 120) / 3 = 112.07 → level 3 (≥ 110).
    # Without skipping April it would be (112.22 + 104) / 2 = 108.11 → level 2.
    assert Scorecard.objects.get(salesman=andi, month=JUNE).total == D("112.22")
    row = SalesmanLevel.objects.get(salesman=andi, month=JULY)
    assert (row.level, row.source, row.mean_score) == (3, "automatic", D("112.07"))
    assert level_in_force(andi.pk, JUNE) == 1  # his starting level
    assert level_in_force(andi.pk, JULY) == 3
    # June is paid at level 1: 2.000.000 + 500.000 + 400.000 + 500.000
    assert pay(andi, JUNE) == D(3_400_000)
    close_period(month=JULY)
    # July at level 3 (× 1.2): 2.400.000 + 600.000 + 480.000 + 600.000
    assert pay(andi, JULY) == D(4_080_000)
    changes = AuditEntry.objects.filter(action="salesman.level", object_id=str(andi.pk))
    july = changes.get(after__month="2026-07")
    assert (july.before["level"], july.after["level"]) == (1, 3)
    # closing July: (112.22 + 112.22 + 104) / 3 = 109.48 → level 2 for August
    august = changes.get(after__month="2026-08")
    assert (august.before["level"], august.after["level"]) == (3, 2)
    # nobody moves without a scorecard: dewi (MT, no template) keeps her starting level
    assert not SalesmanLevel.objects.filter(salesman=world.dewi).exists()
    assert levels_for_month(JULY, [world.dewi.pk]) == {world.dewi.pk: 1}
    battle = BattleResult.objects.get(month=JUNE)
    assert battle.winner in ("GT", "")


def test_closing_again_replaces_the_close_level_and_a_manual_override_wins(world):
    gt_setup()
    save_document(data=DOCUMENT, by=None)
    andi = world.andi
    field_month(andi, month=JUNE)
    targets(andi, month=JUNE)
    close_period(month=JUNE)
    close_period(month=JUNE)
    assert SalesmanLevel.objects.filter(salesman=andi, month=JULY).count() == 1
    assert level_in_force(andi.pk, JULY) == 3  # 112.22 alone
    set_level(salesman=andi, month=JULY, level=2, source=LevelSource.MANUAL, by=world.manager_a)
    close_period(month=JUNE)
    assert level_in_force(andi.pk, JULY) == 2
    assert level_in_force(andi.pk, date(2026, 12, 1)) == 2
    entry = AuditEntry.objects.filter(action="salesman.level", actor=world.manager_a).get()
    assert entry.after == {
        "salesman_id": andi.pk,
        "level": 2,
        "month": "2026-07",
        "source": "manual",
    }


SALESMEN = """code,name,role,channel,team,reports_to,email,active,level
M1,Maya Sari,manager,GT,,,,true,
S1,Sari Wulandari,supervisor,GT,GT Timur,M1,,yes,1
X1,Andi Saputra,salesman,GT,GT Timur,S1,,1,{level}
"""


def test_the_salesmen_import_level_is_the_start_then_an_override_in_the_audit(db, tmp_path):
    from outlets.imports.service import import_file
    from spm.months import current_month

    path = tmp_path / "s.csv"
    path.write_text(SALESMEN.format(level=2))
    import_file(kind="salesmen", path=path)
    x1 = Salesman.objects.get(code="X1")
    assert level_in_force(x1.pk, current_month()) == 2  # the starting level, no history row
    assert not SalesmanLevel.objects.filter(salesman=x1).exists()
    path.write_text(SALESMEN.format(level=3))
    import_file(kind="salesmen", path=path)
    row = SalesmanLevel.objects.get(salesman=x1)
    assert (row.month, row.level, row.source) == (current_month(), 3, "import")
    assert level_in_force(x1.pk, current_month()) == 3
    entry = AuditEntry.objects.get(action="salesman.level", object_id=str(x1.pk))
    assert (entry.before["level"], entry.after["level"], entry.after["source"]) == (2, 3, "import")
