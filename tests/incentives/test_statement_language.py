"""What a line reached and the column headers, said in the reader's language (id and en)."""

import html as html_lib
import re
from datetime import date
from decimal import Decimal
from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import translation

from incentives import engine
from incentives.models import PayoutLine
from incentives.payouts.selectors import reached_text
from incentives.payouts.services import close_period
from tests.incentives.payout_factories import JUNE, andi_june

RATE_PLAN = {
    "code": "RATE",
    "name": "Commission",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "rules": [
        {
            "code": mode,
            "label": mode,
            "type": "rate",
            "kpi": "revenue",
            "basis": "actual",
            "mode": mode,
            "tiers": [{"from": 0, "rate": 0.5}, {"from": 500000000, "rate": 1.0}],
        }
        for mode in ("retroactive", "marginal")
    ],
}


def stored(line: engine.Line) -> PayoutLine:
    """The line as close_period stores it (detail as JSON: Decimals become strings)."""
    data = line.as_dict()
    return PayoutLine(
        type=data["type"],
        reached=data["reached"],
        detail=data["detail"],
        value=line.value,
        amount=line.amount,
    )


@pytest.fixture
def rate_lines():
    facts = engine.Facts(month=JUNE, kpis={"revenue": engine.KpiFact(actual=Decimal(550_000_000))})
    statement = engine.evaluate(engine.parse_plan(RATE_PLAN), facts)
    return {line.rule: stored(line) for line in statement.lines}


def test_rate_bands_are_said_in_indonesian(rate_lines):
    # docs/contracts.md example: 550 jt → retroactive 1.0% of the whole, marginal 0.5% of 500 jt +
    # 1%
    # of 50 jt.
    assert rate_lines["retroactive"].amount == 5_500_000
    assert rate_lines["marginal"].amount == 3_000_000
    with translation.override("id"):
        assert reached_text(rate_lines["retroactive"]) == "1% (dari 500.000.000)"
        assert reached_text(rate_lines["marginal"]) == "0,5% atas 500.000.000, 1% atas 50.000.000"


def test_rate_bands_in_english(rate_lines):
    # English notation in English (spm.formats; was 500.000.000 and 0,5 in both languages).
    with translation.override("en"):
        assert reached_text(rate_lines["retroactive"]) == "1% (from 500,000,000)"
        assert reached_text(rate_lines["marginal"]) == "0.5% on 500,000,000, 1% on 50,000,000"


@pytest.mark.django_db
def test_indonesian_statement_has_no_english_fragments(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.andi.user)
    html = client.get("/incentives/statements/A1/2026-06/").content.decode()
    lines = html.split('id="statement-lines"')[1].split("</ul>")[0]
    html = " ".join(re.sub(r"<[^>]+>", " ", lines).split())  # the text a reader sees
    assert "tercapai dari 100" in html
    assert "tercapai 1 kelipatan" in html
    assert "pengali × 1,00" in html
    for english in ("from 100", "1 step", "reached", "multiplier"):
        assert english not in html


@pytest.mark.django_db
def test_run_page_headers_name_value_and_amount_apart(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.hr)
    html = client.get("/incentives/runs/2026-06/").content.decode()
    head = html.split('<table class="table table-sm align-middle" id="run-lines">')[1]
    head = head.split("</thead>")[0]
    assert '<th scope="col" class="num">Nilai</th>' in head
    assert '<th scope="col" class="num">Jumlah</th>' in head
    assert '<th scope="col" class="num">Pengali</th>' in head
    assert "Tercapai" in head and "Aturan" in head


def capped_and_gated_june(world):
    """The GT plan with a gate of 100, a cap of Rp 3.000.000 and level 2 at × 1.5: Andi
    (level 1, total 112.22) reaches the gate and is capped; Budi (level 2, total 70) is gated."""
    from decimal import Decimal as D

    from incentives.plans.documents import import_plan
    from kpi.documents import save_template_document
    from org.models import Salesman
    from tests.incentives.gt_plan import gt_plan
    from tests.incentives.payout_factories import field_month, targets
    from tests.kpi.factories import gt_document

    save_template_document(document=gt_document(), by=None)
    plan = gt_plan()
    plan.update(
        code="GT-CAPPED",
        gate_total_score=100,
        cap=3000000,
        level_multipliers={"1": D("1.0"), "2": D("1.5")},
    )
    import_plan(document=plan, by=None)
    Salesman.objects.filter(pk=world.budi.pk).update(level=2)
    field_month(world.andi)
    targets(world.andi)
    field_month(world.budi, revenue=400_000_000, new_outlets=10, visits_per_day=18)
    targets(world.budi)
    close_period(month=JUNE)


def how(client, code):
    html = client.get(f"/incentives/statements/{code}/2026-06/").content.decode()
    box = html.split('id="statement-how"')[1].split("</ul>")[0]
    items = box.split("<li>")[1:]
    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


@pytest.mark.django_db
def test_statement_says_how_gate_multiplier_rounding_and_cap_were_applied(world):
    capped_and_gated_june(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.hr)
    assert how(client, "A1") == [
        "Plan GT-CAPPED, level 1.",
        "Level 1 multiplies the tiers, step, per-unit and rate lines by 1; OKR bonus and "
        "ranking lines are not multiplied.",
        "Gate of GT-CAPPED reached: total score 112.22 ≥ 100.00; every rule may pay.",
        "Each line's amount is computed, multiplied, then rounded to whole Rupiah half up; "
        "the lines are summed; the plan cap applies last.",
        "The plan cap limits the month's cash lines to Rp 3,000,000.",
    ]
    assert how(client, "A2")[1:3] == [
        "Level 2 multiplies the tiers, step, per-unit and rate lines by 1.5; OKR bonus and "
        "ranking lines are not multiplied.",
        "The gate of GT-CAPPED was not reached (total score 70.00): tiers, step, per-unit, "
        "rate and reward rules pay nothing; OKR bonus and ranking rules still pay.",
    ]
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.hr)
    assert how(client, "A1")[0] == "Skema GT-CAPPED, level 1."
    assert (
        how(client, "A1")[4]
        == "Batas atas skema membatasi baris tunai bulan ini menjadi Rp 3.000.000."
    )


@pytest.mark.django_db
def test_a_plan_without_multipliers_says_multiplier_1(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.andi.user)
    notes = how(client, "A1")
    assert notes[1] == "Level 1: multiplier 1 (the plan lists no multiplier for it)."
    assert not any("gate" in note.lower() for note in notes)


def test_not_due_lines_name_the_month_not_a_date():
    """Stored lines carry months as ISO dates (`2026-06-01`); the reader sees `2026-06`."""
    from incentives.payouts.explain import explain

    okr_rule = {
        "code": "okr",
        "label": "OKR",
        "type": "okr_bonus",
        "objective": "O1",
        "min_score": D("0.7"),
        "amount": 1000000,
    }
    ranking_rule = {
        "code": "hunter",
        "label": "Hunter",
        "type": "ranking",
        "metric": "new_outlets",
        "window": "quarter",
        "scope": "all",
        "amounts": [300000],
    }
    plan = dict(RATE_PLAN, rules=[okr_rule, ranking_rule])
    facts = engine.Facts(
        month=date(2026, 5, 1),
        okr={"O1": engine.OkrOutcome(D("0.89"), date(2026, 6, 1), True)},
    )
    statement = engine.evaluate(engine.parse_plan(plan), facts)
    okr, ranking = (line.as_dict() for line in statement.lines)
    assert okr["detail"]["cycle_end_month"] == "2026-06-01"
    with translation.override("id"):
        assert explain(okr) == "OKR: dibayar pada Juni 2026, saat siklus objective berakhir."
        assert "2026-06" not in explain(ranking) and "Juni 2026" in explain(ranking)
    with translation.override("en"):
        assert (
            explain(okr)
            == "OKR: objective O1 pays in June 2026 when its cycle ends, not this month."
        )


@pytest.mark.django_db
def test_a_statement_under_two_plans_names_both(world):
    from incentives.models import PayoutStatement
    from incentives.payouts.selectors import how_computed

    statement = PayoutStatement(salesman=world.andi, plan_code="GT-OKR-2026H1, GT-SALESMAN")
    with translation.override("en"):
        assert how_computed(statement, [])[0] == "Plans GT-OKR-2026H1, GT-SALESMAN, level 1."
    with translation.override("id"):
        assert how_computed(statement, [])[0] == "Skema GT-OKR-2026H1, GT-SALESMAN, level 1."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("id", ["Omzet", "Omzet", "Outlet baru", "Kunjungan per hari"]),
        ("en", ["Revenue", "Revenue", "New outlets", "Visits per day"]),
    ],
)
def test_statement_names_the_kpis_in_the_readers_language(world, language, names):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.andi.user)
    html = client.get("/incentives/statements/A1/2026-06/").content.decode()
    shown = re.findall(r'class="text-nowrap line-kpi" title="([a-z_]+)">([^<]+)</span>', html)
    assert shown == list(
        zip(["revenue", "revenue", "new_outlets", "visits_per_day"], names, strict=True)
    )


@pytest.mark.django_db
def test_an_adjustment_reads_in_the_readers_language_whoever_added_it(world):
    from incentives.payouts.services import add_adjustment, approve_run

    andi_june(world)
    june_run = close_period(month=JUNE)
    approve_run(run=june_run, by=world.manager_a)  # June approved: the correction lands in July
    with translation.override("id"):
        add_adjustment(
            month=JUNE, salesman=world.andi, amount=-150_000, reason="Retur", by=world.hr
        )
    for language, text in (
        ("en", "Adjustment by hr (corrects June 2026): Retur"),
        ("id", "Penyesuaian oleh hr (mengoreksi Juni 2026): Retur"),
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(world.andi.user)
        view = client.get("/incentives/statements/A1/2026-07/").context["view"]
        assert [(line.type, line.amount, line.explained) for line in view.lines] == [
            ("adjustment", -150_000, text)
        ]


@pytest.mark.django_db
def test_indonesian_explanations_name_the_kpis(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.andi.user)
    view = client.get("/incentives/statements/A1/2026-06/").context["view"]
    assert [line.explained for line in view.lines] == [
        "Revenue 100%: pencapaian Omzet 110%; tingkatan dari 100 tercapai; pengali × 1: "
        "Rp 2.000.000.",
        "Each further 10% of revenue: pencapaian Omzet 110%; 1 kelipatan penuh 10 di atas 100; "
        "pengali × 1: Rp 500.000.",
        "New outlets: Outlet baru aktual 35; tingkatan dari 30 tercapai; pengali × 1: Rp 400.000.",
        "Visits per day: Kunjungan per hari aktual 20; tingkatan dari 18 tercapai; pengali × 1: "
        "Rp 500.000.",
    ]
