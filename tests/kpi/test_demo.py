"""The KPI demo: the docs/contracts.md GT template, Andi's targets and 112.22, the seed sheets'
totals."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest

from kpi import demo
from kpi.documents import export_template_document
from kpi.models import Scorecard, ScorecardTemplate, Target
from org import demo as org_demo
from org.models import Salesman
from tests.kpi.factories import gt_document
from tests.outlets.factories import set_metric

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)
TODAY = date(2026, 12, 3)


@pytest.fixture
def seeded():
    out = StringIO()
    org_demo.seed(out=out)
    andi = Salesman.objects.get(code="andi")
    for metric, value in (("revenue", 550_000_000), ("new_outlets", 35), ("visits_per_day", 20)):
        set_metric(salesman=andi, month=JUNE, metric=metric, value=value)
    demo.seed(out=out, today=TODAY)
    return out.getvalue()


def test_gt_template_is_exactly_the_design_document(seeded):
    template = ScorecardTemplate.objects.get(code="GT-SALESMAN")
    assert export_template_document(template=template) == gt_document()


def test_andi_june_targets_and_scorecard(seeded):
    targets = {
        t.kpi.code: t.value
        for t in Target.objects.filter(salesman__code="andi", month=JUNE).select_related("kpi")
    }
    assert targets == {"revenue": 500_000_000, "new_outlets": 30, "visits_per_day": 18}
    assert Scorecard.objects.get(salesman__code="andi", month=JUNE).total == D("112.22")


@pytest.mark.parametrize(
    ("code", "template", "total"),
    [
        ("eko", "SALESMAN-SHEET", D(108)),
        ("sari", "SUPERVISOR-SHEET", D(114)),
        ("tono", "SUPERVISOR-SHEET", D(114)),
        ("maya", "MANAGER-SHEET", D(111)),
    ],
)
def test_seed_sheets_reproduce_the_articles_totals_in_june(seeded, code, template, total):
    card = Scorecard.objects.get(salesman__code=code, month=JUNE)
    assert (card.template_code, card.rounding, card.total) == (template, "row", total)


def test_supervisor_sheet_rows_as_printed(seeded):
    card = Scorecard.objects.get(salesman__code="sari", month=JUNE)
    assert [(r.score, r.final_score) for r in card.rows.all()] == [
        (110, 28),
        (113, 23),
        (133, 20),
        (90, 18),
        (125, 25),
    ]


def test_every_month_of_the_demo_has_scorecards_and_reseeding_changes_nothing(seeded):
    months = set(Scorecard.objects.values_list("month", flat=True))
    assert months == {date(2026, m, 1) for m in range(1, 13)}
    before = (Scorecard.objects.count(), Target.objects.count())
    demo.seed(out=StringIO(), today=TODAY)
    assert (Scorecard.objects.count(), Target.objects.count()) == before
    assert Scorecard.objects.get(salesman__code="maya", month=JUNE).total == 111


def test_demo_kras_have_indonesian_names_and_keep_a_managers_own(seeded):
    from kpi.models import KRA

    names = dict(KRA.objects.values_list("name", "name_id"))
    assert names["Revenue & Volume"] == "Pendapatan & Volume"
    assert all(names.values()), names
    KRA.objects.filter(name="People & Team").update(name_id="Tim")
    demo.seed(out=StringIO(), today=TODAY)
    assert KRA.objects.get(name="People & Team").name_id == "Tim"
