"""The world the route walk (tests/test_every_route.py) requests every URL against.

The `World` of tests/factories.py (team A: manager_a, supervisor_a, andi A1, budi A2; team B:
manager_b, supervisor_b, dewi B1; hr; admin) with something of every kind each URL can name, and
distinctive markers planted in team B through the services (so the audit trail holds them too):

- an adjustment for Dewi of Rp 424.242, reason "RAHASIA-TIM-B", in the draft June 2026 run;
- Dewi's June revenue target of 987.654.321;
- a team B objective "SASARAN-RAHASIA-B", a person objective of Dewi with a key result and a
  check-in noted "CATATAN-RAHASIA-B";
- Dewi explicitly assigned to the GT scorecard template;
- a dispute Dewi raised on her June statement, "SANGGAHAN-RAHASIA-B".

None of these may appear on anything that a user of team A (andi, supervisor_a, manager_a) sees.
"""

from datetime import date
from decimal import Decimal

from incentives.disputes.services import raise_dispute
from incentives.models import PayoutLine, PayoutRun
from incentives.payouts.services import add_adjustment, close_period
from kpi.configuration import assign_template
from kpi.models import KPIDefinition, ManualActual, Scorecard, ScorecardTemplate, Target
from kpi.targets import save_manual_actuals, save_targets
from okr.models import KeyResult, Level, Objective
from okr.services import record_check_in, save_key_result, save_objective
from outlets.models import MetricValue, OrderLine, TeamMetricValue
from tests.factories import World
from tests.incentives.payout_factories import JUNE, andi_june
from tests.kpi.factories import KPIFactory
from tests.okr.factories import CycleFactory
from tests.outlets.factories import build_field

ADJUSTMENT_REASON = "RAHASIA-TIM-B"
ADJUSTMENT_AMOUNT = 424242
TARGET_VALUE = 987654321
TEAM_OBJECTIVE_TITLE = "SASARAN-RAHASIA-B"
CHECK_IN_NOTE = "CATATAN-RAHASIA-B"
DISPUTE_MESSAGE = "SANGGAHAN-RAHASIA-B"


def _amount_forms(value: int) -> list[str]:
    """How an amount can be printed: plain, Indonesian and English grouping."""
    return [str(value), f"{value:,}", f"{value:,}".replace(",", ".")]


# Text that belongs to team B and must never reach a user of team A. Dewi's code "B1" is checked
# as a whole word (tests/test_every_route.py), the rest as plain substrings.
TEAM_B_MARKERS = [
    "Dewi",
    ADJUSTMENT_REASON,
    TEAM_OBJECTIVE_TITLE,
    CHECK_IN_NOTE,
    DISPUTE_MESSAGE,
    "Super Dewi",
    *_amount_forms(ADJUSTMENT_AMOUNT),
    *_amount_forms(TARGET_VALUE),
]


class RouteWorld(World):
    """Everything a URL of the project can point at, in team B unless said otherwise."""

    def __init__(self):
        super().__init__()
        build_field(self)
        andi_june(self)  # the GT template and plan, Andi's June field month and targets
        self.month = JUNE
        self.period = "2026-06"
        self.template = ScorecardTemplate.objects.get(code="GT-SALESMAN")
        self.kpi = KPIDefinition.objects.get(code="revenue")
        self.kra = self.kpi.kra
        self.manual_kpi = KPIFactory(code="route_manual", source="manual", kra=self.kra)
        self.plan_code = "GT-SALESMAN"
        self.rule_code = "rev-step"

        save_targets(
            month=JUNE,
            values={(self.dewi.id, self.kpi.id): Decimal(TARGET_VALUE)},
            by=self.manager_b,
        )
        save_manual_actuals(
            month=JUNE, values={(self.dewi.id, self.manual_kpi.id): Decimal(7)}, by=self.manager_b
        )
        assign_template(salesman=self.dewi, template=self.template, by=self.manager_b)

        self.cycle = CycleFactory(code="H1-2026", start=date(2026, 1, 1), end=date(2026, 6, 30))
        self.team_objective = save_objective(
            objective=Objective(
                code="OBJ-TEAM-B",
                cycle=self.cycle,
                title_id=TEAM_OBJECTIVE_TITLE,
                title_en=TEAM_OBJECTIVE_TITLE,
                level=Level.TEAM,
                team=self.team_b,
            ),
            participants=None,
            by=self.manager_b,
        )
        self.objective = save_objective(
            objective=Objective(
                code="OBJ-DEWI",
                cycle=self.cycle,
                title_id="Sasaran Dewi",
                title_en="Dewi's objective",
                level=Level.PERSON,
                owner=self.dewi,
            ),
            participants=None,
            by=self.manager_b,
        )
        self.key_result = save_key_result(
            key_result=KeyResult(
                objective=self.objective,
                title_id="Hasil kunci Dewi",
                title_en="Dewi's key result",
                kind="manual",
                start_value=Decimal(0),
                target_value=Decimal(100),
                direction="higher",
                weight=Decimal(1),
            ),
            by=self.manager_b,
        )
        record_check_in(
            key_result=self.key_result,
            by=self.dewi.user,
            date=date(2026, 6, 10),
            value=Decimal(40),
            confidence=7,
            note=CHECK_IN_NOTE,
        )

        self.run = close_period(month=JUNE, by=self.hr)
        add_adjustment(
            run=self.run,
            salesman=self.dewi,
            amount=ADJUSTMENT_AMOUNT,
            reason=ADJUSTMENT_REASON,
            by=self.manager_b,
        )
        self.run = PayoutRun.objects.get(pk=self.run.pk)
        self.dispute = raise_dispute(
            salesman=self.dewi, month=JUNE, message=DISPUTE_MESSAGE, by=self.dewi.user
        )

        self.target = Target.objects.get(salesman=self.dewi, kpi=self.kpi, month=JUNE)
        self.actual = ManualActual.objects.get(salesman=self.dewi, month=JUNE)
        self.order_line = OrderLine.objects.filter(salesman=self.dewi).first()
        self.metric = MetricValue.objects.filter(salesman=self.dewi).first()
        self.team_metric = TeamMetricValue.objects.filter(team=self.team_b).first()
        self.scorecard = Scorecard.objects.filter(salesman=self.dewi).first()
        assert PayoutLine.objects.filter(salesman=self.dewi, amount=ADJUSTMENT_AMOUNT).exists()
