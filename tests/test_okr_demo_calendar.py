"""The demo's OKR part follows the demo's calendar (okr/demo.py, incentives/demo.py): the
semester objective, its cycle and the OKR bonus plan belong to the last complete semester, the
quarter objectives to the quarter that ends with Andi's worked month, the current quarter's to
today's quarter; check-ins move with them and none is dated after yesterday. Seeded on
2026-12-03 the demo is the one docs/domain.md and the other tests know, word for word.

Each seed_demo below takes about 20 s."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from incentives import demo as incentives_demo
from incentives.demo_plans import distributor_plan, okr_plan_code
from incentives.models import PayoutLine, PayoutRun, Plan, PlanVersion
from okr import demo as okr_demo
from okr.models import CheckIn, Cycle, KeyResult, Objective
from okr.selectors import objective_outcomes
from org.demo import demo_calendar

DECEMBER_2026 = demo_calendar(date(2026, 12, 3))


def test_the_demo_of_2026_12_03_keeps_its_codes_and_texts():
    calendar = DECEMBER_2026
    assert okr_demo.demo_cycles(calendar) == [
        ("H1-2026", "Semester 1 2026", "semester", date(2026, 1, 1), date(2026, 6, 30)),
        ("Q2-2026", "Q2 2026", "quarter", date(2026, 4, 1), date(2026, 6, 30)),
        ("Q4-2026", "Q4 2026", "quarter", date(2026, 10, 1), date(2026, 12, 31)),
    ]
    specs = {spec["code"]: spec for spec in okr_demo.demo_objectives(calendar)}
    assert list(specs) == [
        "GT-NEW-OUTLETS-2026H1",
        "ANDI-OUTLETS-2026H1",
        "DIST-NEW-PRODUCT-2026Q2",
        "MT-LISTING-2026Q2",
        "DEWI-LISTING-2026Q2",
        "REVENUE-GROWTH-2026Q2",
        "YEAR-END-2026Q4",
        "GT-REACTIVATE-2026Q4",
        "ANDI-REACTIVATE-2026Q4",
    ]
    semester = specs["GT-NEW-OUTLETS-2026H1"]
    assert semester["description"] == (
        "Tim GT Jakarta Timur membuka 1.000 outlet baru dari Januari sampai Juni. "
        "Peserta yang mencapainya mendapat bonus OKR Rp 1.000.000 di bulan Juni."
    )
    assert [row[0] for row in semester["check_ins"][1]] == [
        date(2026, 2, 27),
        date(2026, 4, 24),
        date(2026, 6, 26),
    ]
    assert semester["check_ins"][1][1][2] == "Di atas jalur per akhir April."
    revenue = specs["REVENUE-GROWTH-2026Q2"]
    assert (revenue["title_id"], revenue["title_en"]) == (
        "Tingkatkan omzet 20% dalam Q2",
        "Grow revenue 20% in Q2",
    )
    assert revenue["key_results"][0]["title_id"] == "Pertumbuhan omzet Q2 dibanding Q1"
    assert specs["DEWI-LISTING-2026Q2"]["check_ins"][1][1][3] == "Tiga jadwal mundur ke Juli."
    year_end = specs["YEAR-END-2026Q4"]
    assert year_end["title_id"] == "Tutup tahun dengan eksekusi terbaik"
    assert year_end["key_results"][0]["title_en"] == "Active outlets up 15% from Q3"
    assert specs["ANDI-REACTIVATE-2026Q4"]["check_ins"][1][0][0] == date(2026, 11, 13)
    plan = incentives_demo.okr_plan(calendar)
    assert (plan["code"], plan["name"], plan["valid_from"], plan["valid_to"]) == (
        "GT-OKR-2026H1",
        {"id": "Bonus OKR GT semester 1 2026", "en": "GT OKR bonus, first half of 2026"},
        "2026-01-01",
        "2026-06-30",
    )
    assert plan["rules"][0]["objective"] == "GT-NEW-OUTLETS-2026H1"
    scheme = distributor_plan(date(2026, 11, 1), okr_plan=okr_plan_code(calendar))
    assert scheme["stacks_with"] == ["GT-SALESMAN", "GT-OKR-2026H1"]


def test_a_check_in_keeps_its_day_within_the_month():
    assert okr_demo.shift_day(date(2026, 6, 30), 6) == date(2026, 12, 30)
    assert okr_demo.shift_day(date(2026, 5, 31), 1) == date(2026, 6, 30)
    assert okr_demo.shift_day(date(2026, 4, 30), -2) == date(2026, 2, 28)
    assert okr_demo.shift_day(date(2026, 2, 27), 12) == date(2027, 2, 27)


LATER = {
    # today: worked month, semester cycle (code, name, start, end), semester tag, worked quarter,
    # today's quarter, month names in the semester objective's description, its check-ins,
    # the current quarter's check-ins of Andi (day after yesterday moved back to yesterday)
    "2027-02-10": {
        "worked": date(2026, 12, 1),
        "semester": ("H2-2026", "Semester 2 2026", date(2026, 7, 1), date(2026, 12, 31)),
        "tag": "2026H2",
        "quarters": {
            "Q4-2026": (date(2026, 10, 1), date(2026, 12, 31)),
            "Q1-2027": (date(2027, 1, 1), date(2027, 3, 31)),
        },
        "current": "2027Q1",
        "description": (
            "Tim GT Jakarta Timur membuka 1.000 outlet baru dari Juli sampai Desember. "
            "Peserta yang mencapainya mendapat bonus OKR Rp 1.000.000 di bulan Desember."
        ),
        "check_ins": [date(2026, 8, 27), date(2026, 10, 24), date(2026, 12, 26)],
        "andi_now": [date(2027, 2, 9)],  # 13 Feb is after yesterday
        "locked": [date(2026, m, 1) for m in range(7, 13)],
        "draft": date(2027, 1, 1),
    },
    "2027-08-15": {
        "worked": date(2027, 6, 1),
        "semester": ("H1-2027", "Semester 1 2027", date(2027, 1, 1), date(2027, 6, 30)),
        "tag": "2027H1",
        "quarters": {
            "Q2-2027": (date(2027, 4, 1), date(2027, 6, 30)),
            "Q3-2027": (date(2027, 7, 1), date(2027, 9, 30)),
        },
        "current": "2027Q3",
        "description": (
            "Tim GT Jakarta Timur membuka 1.000 outlet baru dari Januari sampai Juni. "
            "Peserta yang mencapainya mendapat bonus OKR Rp 1.000.000 di bulan Juni."
        ),
        "check_ins": [date(2027, 2, 27), date(2027, 4, 24), date(2027, 6, 26)],
        "andi_now": [date(2027, 8, 13)],
        "locked": [date(2027, m, 1) for m in range(1, 7)],
        "draft": date(2027, 7, 1),
    },
}


def okr_rows():
    return {
        "cycles": sorted(Cycle.objects.values_list("code", "name", "start", "end")),
        "objectives": sorted(Objective.objects.values_list("code", "cycle__code", "title_id")),
        "key_results": sorted(
            KeyResult.objects.values_list("objective__code", "position", "current_value")
        ),
        "check_ins": sorted(
            CheckIn.objects.values_list("key_result__objective__code", "date", "value", "note")
        ),
        "plans": sorted(PlanVersion.objects.values_list("plan__code", "number", "status")),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("today", sorted(LATER))
def test_seed_demo_in_a_later_semester(today):
    expected = LATER[today]
    worked = expected["worked"]
    yesterday = date.fromisoformat(today) - timedelta(days=1)
    out = StringIO()
    call_command("seed_demo", "--today", today, stdout=out)
    seeded = out.getvalue()

    # the cycles: the semester ending with the worked month, its last quarter, today's quarter
    code, name, start, end = expected["semester"]
    cycles = {c.code: c for c in Cycle.objects.all()}
    assert set(cycles) == {code, *expected["quarters"]}
    assert (cycles[code].name, cycles[code].kind, cycles[code].start, cycles[code].end) == (
        name,
        "semester",
        start,
        end,
    )
    for quarter, (first, last) in expected["quarters"].items():
        assert (cycles[quarter].kind, cycles[quarter].start, cycles[quarter].end) == (
            "quarter",
            first,
            last,
        )

    # the semester objective: 1,050 of 1,000 new outlets in its cycle → 1.00
    tag = expected["tag"]
    semester = Objective.objects.get(code=f"GT-NEW-OUTLETS-{tag}")
    assert semester.cycle.code == code
    assert semester.description == expected["description"]
    assert set(semester.participants.values_list("code", flat=True)) == {"andi", "budi", "citra"}
    kr = semester.key_results.get()
    assert (kr.current_value, kr.display_score) == (Decimal(1050), Decimal("1.00"))
    outcome = objective_outcomes(codes={semester.code}, month=worked)[semester.code]
    assert (outcome.score, outcome.cycle_end_month) == (Decimal("1.00"), worked)
    assert sorted(kr.check_ins.values_list("date", flat=True)) == expected["check_ins"]
    assert f"{semester.code} scores 1.00" in seeded
    assert Objective.objects.get(code=f"ANDI-OUTLETS-{tag}").parent == semester

    # the current quarter's objectives, for the home page; no check-in after yesterday
    andi_now = Objective.objects.get(code=f"ANDI-REACTIVATE-{expected['current']}")
    assert (
        sorted(
            CheckIn.objects.filter(key_result__objective=andi_now).values_list("date", flat=True)
        )
        == expected["andi_now"]
    )
    assert CheckIn.objects.count() == 18
    assert not CheckIn.objects.filter(date__gt=yesterday).exists()
    assert CheckIn.objects.latest("date").date <= yesterday

    # the OKR bonus plan of the semester pays Andi's worked month: 3.400.000 + 1.000.000
    plan = Plan.objects.get(code=f"GT-OKR-{tag}")
    assert (plan.valid_from, plan.valid_to) == (start, end)
    lines = {
        line.rule_code: line.amount
        for line in PayoutLine.objects.filter(run__month=worked, salesman__code="andi")
    }
    assert lines == {
        "rev-full": 2_000_000,
        "rev-step": 500_000,
        "new-outlets": 400_000,
        "visits": 500_000,
        "okr-new-outlets": 1_000_000,
    }
    assert sum(lines.values()) - lines["okr-new-outlets"] == 3_400_000
    assert sum(lines.values()) == 4_400_000
    okr_line = PayoutLine.objects.get(
        run__month=worked, salesman__code="andi", rule_code="okr-new-outlets"
    )
    assert okr_line.plan_code == f"GT-OKR-{tag}"
    assert f"Andi's {worked:%Y-%m} statement Rp 4.400.000" in seeded
    runs = dict(PayoutRun.objects.values_list("month", "status"))
    assert all(runs[month] == "locked" for month in expected["locked"])
    assert runs[expected["draft"]] == "draft"

    # the OKR and incentives steps again on the same day change nothing
    rows = okr_rows()
    lines_before = sorted(
        PayoutLine.objects.values_list("run__month", "salesman__code", "rule_code", "amount")
    )
    calendar_day = date.fromisoformat(today)
    okr_demo.seed(out=StringIO(), today=calendar_day)
    incentives_demo.seed(out=StringIO(), today=calendar_day)
    assert okr_rows() == rows
    assert (
        sorted(
            PayoutLine.objects.values_list("run__month", "salesman__code", "rule_code", "amount")
        )
        == lines_before
    )
