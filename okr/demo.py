"""The demo OKRs (docs/domain.md), in the demo's calendar (`org.demo.demo_calendar`):

- the semester objective "1.000 outlet GT baru" that Andi, Budi and Citra take part in, in the
  cycle of the last complete semester (the six months ending with Andi's worked month:
  `H1-2026` "Semester 1 2026" while the demo lives in 2026-07 … 2026-12, `H2-2026` in
  2027-01 … 2027-06), code `GT-NEW-OUTLETS-2026H1` / `…-2026H2`; its bonus is paid in the
  worked month (incentives/demo.py);
- "Perluas distribusi produk baru" and "Tingkatkan omzet 20% dalam Q2" in the quarter that ends
  with the worked month (`Q2-2026` / `Q4-2026`);
- the current quarter's objectives for the home page, in today's quarter (`Q4-2026` on
  2026-12-03).

The objectives were written for the worked month 2026-06 and today in 2026-Q4: their check-ins
move by as many months as the worked month (or today's quarter) lies after that, keeping the
day (clamped to the month's end); none is dated after yesterday (`data_end`: a later one is
moved back to yesterday, left out if that is before its cycle). Codes, cycle names and the
month names in the Indonesian texts follow the cycles; seeded in 2026-10 … 2026-12 the codes
and texts are word for word those of 2026-12-03 (from 2026-11-14 on, the dates too).

Idempotent: cycles and objectives are matched by code, key results by their objective and
position, check-ins by key result, date and author. Metric-linked key results are measured from
the metric snapshot that the outlets demo computed (the three GT salesmen acquire 1,050 outlets
in the semester, so the semester objective scores 1.00).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import formats, translation

from org.audit import record
from org.demo import DemoCalendar, demo_calendar
from org.models import Salesman, Team, User
from spm.months import add_months, month_end

from . import services
from .models import (
    Aggregation,
    CheckIn,
    Cycle,
    CycleKind,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
    Scope,
)

# What the objectives below were written for: Andi's worked month and today's quarter.
WRITTEN_WORKED_MONTH = date(2026, 6, 1)
WRITTEN_QUARTER = date(2026, 10, 1)

GT_TEAM = "GT Jakarta Timur"
MT_TEAM = "MT Jabodetabek"


def month_name(month: date, language: str = "id") -> str:
    """`Juni` / `June`: the month's name as the pages write it (the language's Django formats)."""
    with translation.override(language):
        return formats.date_format(month, "F")


def months_between(first: date, later: date) -> int:
    return (later.year - first.year) * 12 + later.month - first.month


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_number(day: date) -> int:
    return (day.month - 1) // 3 + 1


def shift_day(day: date, months: int) -> date:
    """`day` moved by `months`, the same day of the month (clamped to the month's end)."""
    month = add_months(day.replace(day=1), months)
    return month.replace(day=min(day.day, month_end(month).day))


def semester_tag(calendar: DemoCalendar) -> str:
    """`2026H1`: the last complete semester, as the objective and plan codes end."""
    worked = calendar.worked_month
    return f"{worked.year}H{1 if worked.month <= 6 else 2}"


def semester_objective_code(calendar: DemoCalendar) -> str:
    """The semester objective whose success pays the OKR bonus in the worked month."""
    return f"GT-NEW-OUTLETS-{semester_tag(calendar)}"


def demo_cycles(calendar: DemoCalendar) -> list[tuple]:
    """(code, name, kind, start, end): the semester, the quarter ending with the worked month,
    today's quarter."""
    worked = calendar.worked_month
    half = 1 if worked.month <= 6 else 2
    rows = [
        (
            f"H{half}-{worked.year}",
            f"Semester {half} {worked.year}",
            CycleKind.SEMESTER,
            calendar.first_month,
            month_end(worked),
        )
    ]
    for start in (quarter_start(worked), quarter_start(calendar.today)):
        number = quarter_number(start)
        rows.append(
            (
                f"Q{number}-{start.year}",
                f"Q{number} {start.year}",
                CycleKind.QUARTER,
                start,
                month_end(add_months(start, 2)),
            )
        )
    return rows


def _kr(title_id, title_en, kind=KeyResultKind.MANUAL, **fields):
    return {"title_id": title_id, "title_en": title_en, "kind": kind, **fields}


def demo_objectives(calendar: DemoCalendar) -> list[dict]:
    """The objectives in `calendar`: code, cycle, level, team, owner, parent, participants,
    titles, description, key results, check-ins per key result position: (date, value or None
    for metric-linked, confidence, note, by); dates may still lie after yesterday (`seed`
    leaves them out or moves them back)."""
    worked = calendar.worked_month
    semester_code, worked_quarter_code, now_quarter_code = (row[0] for row in demo_cycles(calendar))
    tag = semester_tag(calendar)
    worked_quarter = quarter_start(worked)
    now_quarter = quarter_start(calendar.today)
    worked_shift = months_between(WRITTEN_WORKED_MONTH, worked)
    now_shift = months_between(WRITTEN_QUARTER, now_quarter)

    def on(year: int, month: int, day: int) -> date:
        """A check-in day of the worked semester, written for 2026."""
        return shift_day(date(year, month, day), worked_shift)

    def now_on(year: int, month: int, day: int) -> date:
        """A check-in day of today's quarter, written for 2026-Q4."""
        return shift_day(date(year, month, day), now_shift)

    def bulan(offset: int) -> str:
        """The Indonesian name of the month `offset` months after the worked month."""
        return month_name(add_months(worked, offset))

    def q(start: date, offset: int = 0) -> str:
        """`Q2`: the quarter `offset` quarters after the one starting on `start`."""
        return f"Q{quarter_number(add_months(start, 3 * offset))}"

    wq = f"{worked_quarter.year}Q{quarter_number(worked_quarter)}"  # 2026Q2
    nq = f"{now_quarter.year}Q{quarter_number(now_quarter)}"  # 2026Q4
    year_end = quarter_number(now_quarter) == 4
    execution = f"YEAR-END-{nq}" if year_end else f"BEST-EXECUTION-{nq}"

    return [
        {
            "code": f"GT-NEW-OUTLETS-{tag}",
            "cycle": semester_code,
            "level": Level.TEAM,
            "team": GT_TEAM,
            "participants": ["andi", "budi", "citra"],
            "title_id": "1.000 outlet GT baru dalam semester ini",
            "title_en": "1,000 new GT outlets this semester",
            "description": (
                "Tim GT Jakarta Timur membuka 1.000 outlet baru "
                f"dari {bulan(-5)} sampai {bulan(0)}. "
                f"Peserta yang mencapainya mendapat bonus OKR Rp 1.000.000 di bulan {bulan(0)}."
            ),
            "key_results": [
                _kr(
                    "1.000 outlet baru (jumlah new_outlets peserta)",
                    "1,000 new outlets (participants' new_outlets)",
                    KeyResultKind.METRIC,
                    metric="new_outlets",
                    aggregation=Aggregation.SUM,
                    scope=Scope.PARTICIPANTS,
                    start_value=Decimal(0),
                    target_value=Decimal(1000),
                    unit="outlet",
                )
            ],
            "check_ins": {
                1: [
                    (
                        on(2026, 2, 27),
                        6,
                        "Pemetaan wilayah Bekasi selesai, akuisisi mulai jalan.",
                        "sari",
                    ),
                    (on(2026, 4, 24), 8, f"Di atas jalur per akhir {bulan(-2)}.", "sari"),
                    (on(2026, 6, 26), 10, "Target semester terlampaui.", "sari"),
                ]
            },
        },
        {
            "code": f"ANDI-OUTLETS-{tag}",
            "cycle": semester_code,
            "level": Level.PERSON,
            "owner": "andi",
            "parent": f"GT-NEW-OUTLETS-{tag}",
            "participants": ["andi"],
            "title_id": "Andi: 350 outlet baru di Jakarta Timur",
            "title_en": "Andi: 350 new outlets in East Jakarta",
            "key_results": [
                _kr(
                    "350 outlet baru",
                    "350 new outlets",
                    KeyResultKind.METRIC,
                    metric="new_outlets",
                    start_value=Decimal(0),
                    target_value=Decimal(350),
                    unit="outlet",
                )
            ],
            "check_ins": {1: [(on(2026, 5, 29), 8, "Fokus ke pasar Cakung.", "andi")]},
        },
        {
            "code": f"DIST-NEW-PRODUCT-{wq}",
            "cycle": worked_quarter_code,
            "level": Level.COMPANY,
            "title_id": "Perluas distribusi produk baru",
            "title_en": "Widen distribution of the new product",
            "description": "Produk baru hadir di outlet kunci MT dan di outlet GT baru.",
            "key_results": [
                _kr(
                    "Listing di 80% outlet kunci MT",
                    "Listed in 80% of MT key-account outlets",
                    KeyResultKind.METRIC,
                    metric="new_product_listings",
                    aggregation=Aggregation.SHARE_OF_MT_KEY_ACCOUNTS,
                    scope=Scope.TEAM,
                    scope_team=MT_TEAM,
                    start_value=Decimal(0),
                    target_value=Decimal(80),
                    unit="%",
                ),
                _kr(
                    "1.000 outlet GT baru dalam 6 bulan",
                    "1,000 new GT outlets in 6 months",
                    KeyResultKind.METRIC,
                    metric="new_outlets",
                    aggregation=Aggregation.SUM,
                    scope=Scope.TEAM,
                    scope_team=GT_TEAM,
                    count_from=calendar.first_month,
                    start_value=Decimal(0),
                    target_value=Decimal(1000),
                    unit="outlet",
                ),
                _kr(
                    "AOV per outlet naik 30%",
                    "AOV per outlet up 30%",
                    start_value=Decimal(0),
                    target_value=Decimal(30),
                    unit="%",
                ),
            ],
            "check_ins": {
                3: [
                    (on(2026, 4, 30), Decimal(8), 6, "Bundling promo mulai berjalan.", "maya"),
                    (on(2026, 5, 29), Decimal(15), 6, "Naik di GT, MT masih datar.", "maya"),
                    (
                        on(2026, 6, 26),
                        Decimal(21),
                        5,
                        f"Kurang dari target; evaluasi di {q(worked_quarter, 1)}.",
                        "maya",
                    ),
                ]
            },
        },
        {
            "code": f"MT-LISTING-{wq}",
            "cycle": worked_quarter_code,
            "level": Level.TEAM,
            "team": MT_TEAM,
            "parent": f"DIST-NEW-PRODUCT-{wq}",
            "participants": ["dewi", "eko"],
            "title_id": "Produk baru terpajang di outlet kunci MT",
            "title_en": "New product on the shelves of MT key accounts",
            "key_results": [
                _kr(
                    "Listing di 80% outlet kunci MT",
                    "Listed in 80% of MT key-account outlets",
                    KeyResultKind.METRIC,
                    metric="new_product_listings",
                    aggregation=Aggregation.SHARE_OF_MT_KEY_ACCOUNTS,
                    start_value=Decimal(0),
                    target_value=Decimal(80),
                    unit="%",
                ),
                _kr(
                    "Planogram produk baru disetujui 5 key account",
                    "New-product planogram agreed with 5 key accounts",
                    start_value=Decimal(0),
                    target_value=Decimal(5),
                    unit="key account",
                ),
            ],
            "check_ins": {
                2: [
                    (on(2026, 5, 8), Decimal(2), 7, "Disetujui dua jaringan minimarket.", "tono"),
                    (on(2026, 6, 19), Decimal(4), 8, "Satu hypermarket lagi menunggu.", "tono"),
                ]
            },
        },
        {
            "code": f"DEWI-LISTING-{wq}",
            "cycle": worked_quarter_code,
            "level": Level.PERSON,
            "owner": "dewi",
            "parent": f"MT-LISTING-{wq}",
            "participants": ["dewi"],
            "title_id": "Dewi: presentasi produk baru ke 12 buyer",
            "title_en": "Dewi: present the new product to 12 buyers",
            "key_results": [
                _kr(
                    "12 presentasi buyer",
                    "12 buyer presentations",
                    start_value=Decimal(0),
                    target_value=Decimal(12),
                    unit="presentasi",
                ),
            ],
            "check_ins": {
                1: [
                    (on(2026, 5, 15), Decimal(5), 7, "", "dewi"),
                    (on(2026, 6, 20), Decimal(9), 7, f"Tiga jadwal mundur ke {bulan(1)}.", "dewi"),
                ]
            },
        },
        {
            "code": f"REVENUE-GROWTH-{wq}",
            "cycle": worked_quarter_code,
            "level": Level.COMPANY,
            "title_id": f"Tingkatkan omzet 20% dalam {q(worked_quarter)}",
            "title_en": f"Grow revenue 20% in {q(worked_quarter)}",
            "key_results": [
                _kr(
                    f"Pertumbuhan omzet {q(worked_quarter)} dibanding {q(worked_quarter, -1)}",
                    f"{q(worked_quarter)} revenue growth over {q(worked_quarter, -1)}",
                    start_value=Decimal(0),
                    target_value=Decimal(20),
                    unit="%",
                    weight=Decimal(2),
                ),
                _kr(
                    "Retur barang turun dari 4% ke 2% omzet",
                    "Returns down from 4% to 2% of revenue",
                    start_value=Decimal(4),
                    target_value=Decimal(2),
                    direction="lower",
                    unit="%",
                ),
            ],
            "check_ins": {
                1: [
                    (on(2026, 4, 30), Decimal(6), 7, f"{bulan(-2)} kuat di GT.", "maya"),
                    (on(2026, 5, 29), Decimal(11), 7, "", "maya"),
                    (on(2026, 6, 30), Decimal(17), 6, f"{bulan(0)} di bawah rencana MT.", "maya"),
                ],
                2: [(on(2026, 6, 30), Decimal("2.8"), 6, "Retur MT masih tinggi.", "maya")],
            },
        },
        {
            "code": execution,
            "cycle": now_quarter_code,
            "level": Level.COMPANY,
            "title_id": "Tutup tahun dengan eksekusi terbaik"
            if year_end
            else "Tutup kuartal dengan eksekusi terbaik",
            "title_en": "Close the year with our best execution"
            if year_end
            else "Close the quarter with our best execution",
            "key_results": [
                _kr(
                    f"Outlet aktif naik 15% dari {q(now_quarter, -1)}",
                    f"Active outlets up 15% from {q(now_quarter, -1)}",
                    start_value=Decimal(0),
                    target_value=Decimal(15),
                    unit="%",
                ),
            ],
            "check_ins": {1: [(now_on(2026, 11, 6), Decimal(5), 6, "", "maya")]},
        },
        {
            "code": f"GT-REACTIVATE-{nq}",
            "cycle": now_quarter_code,
            "level": Level.TEAM,
            "team": GT_TEAM,
            "parent": execution,
            "participants": ["andi", "budi", "citra"],
            "title_id": "Aktifkan kembali outlet GT yang tidur",
            "title_en": "Reactivate dormant GT outlets",
            "key_results": [
                _kr(
                    "120 outlet tidur kembali order",
                    "120 dormant outlets ordering again",
                    start_value=Decimal(0),
                    target_value=Decimal(120),
                    unit="outlet",
                ),
            ],
            "check_ins": {
                1: [(now_on(2026, 11, 13), Decimal(48), 7, "Program diskon reaktivasi.", "sari")]
            },
        },
        {
            "code": f"ANDI-REACTIVATE-{nq}",
            "cycle": now_quarter_code,
            "level": Level.PERSON,
            "owner": "andi",
            "parent": f"GT-REACTIVATE-{nq}",
            "participants": ["andi"],
            "title_id": "Andi: 40 outlet tidur kembali order",
            "title_en": "Andi: 40 dormant outlets ordering again",
            "key_results": [
                _kr(
                    "40 outlet kembali order",
                    "40 outlets ordering again",
                    start_value=Decimal(0),
                    target_value=Decimal(40),
                    unit="outlet",
                ),
            ],
            "check_ins": {
                1: [(now_on(2026, 11, 13), Decimal(18), 7, "Cakung dan Pulo Gadung.", "andi")]
            },
        },
    ]


def _check_in_rows(spec, kr, *, start: date, data_end: date):
    """Normalise the check-in tuples: metric-linked ones carry no value of their own. A day after
    yesterday is moved back to yesterday (the demo has no data from today on); one that would
    then fall before its cycle began is left out."""
    for row in spec["check_ins"].get(kr.position, []):
        if len(row) == 4:
            day, confidence, note, by = row
            value = None
        else:
            day, value, confidence, note, by = row
        day = min(day, data_end)
        if day >= start:
            yield day, value, confidence, note, by


@transaction.atomic
def seed(*, out, today: date | None = None) -> None:
    calendar = demo_calendar(today)
    cycles = {}
    for code, name, kind, start, end in demo_cycles(calendar):
        cycles[code], _ = Cycle.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "start": start, "end": end}
        )
    people = {
        s.code: s
        for s in Salesman.objects.filter(code__in=["andi", "budi", "citra", "dewi", "eko"])
    }
    teams = {t.name: t for t in Team.objects.all()}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["maya", "sari", "tono", "andi", "dewi"])
    }
    maya = users.get("maya")
    objectives = {}
    for spec in demo_objectives(calendar):
        objective, created = Objective.objects.update_or_create(
            code=spec["code"],
            defaults={
                "cycle": cycles[spec["cycle"]],
                "level": spec["level"],
                "team": teams.get(spec.get("team")),
                "owner": people.get(spec.get("owner")),
                "parent": objectives.get(spec.get("parent")),
                "title_id": spec["title_id"],
                "title_en": spec["title_en"],
                "description": spec.get("description", ""),
                "created_by": maya,
            },
        )
        objective.participants.set([people[c] for c in spec.get("participants", []) if c in people])
        objectives[spec["code"]] = objective
        if created:
            record(
                actor=maya,
                action="okr.objective.created",
                obj=objective,
                after=services.objective_snapshot(objective),
                note="seed_demo",
            )
        for position, fields in enumerate(spec["key_results"], start=1):
            fields = dict(fields)
            if "scope_team" in fields:
                fields["scope_team"] = teams.get(fields["scope_team"])
            kr, _ = KeyResult.objects.update_or_create(
                objective=objective, position=position, defaults=fields
            )
            rows = _check_in_rows(spec, kr, start=objective.cycle.start, data_end=calendar.data_end)
            for day, value, confidence, note, by in rows:
                CheckIn.objects.get_or_create(
                    key_result=kr,
                    date=day,
                    by=users.get(by),
                    defaults={
                        "value": value if value is not None else Decimal(0),
                        "confidence": confidence,
                        "note": note,
                    },
                )
    for cycle in cycles.values():
        services.refresh_key_results(cycle=cycle, as_of=cycle.end)
    # A metric-linked check-in records the key result's value as it stood that day.
    for check_in in CheckIn.objects.filter(key_result__kind=KeyResultKind.METRIC).select_related(
        "key_result__objective__cycle"
    ):
        value = services.measure_key_result(key_result=check_in.key_result, as_of=check_in.date)
        if value is not None and value != check_in.value:
            check_in.value = value
            check_in.save(update_fields=["value"])
    semester = objectives[semester_objective_code(calendar)]
    out.write(
        f"Demo OKRs: {len(cycles)} cycles, {len(objectives)} objectives; "
        f"{semester.code} scores {semester.display_score}"
    )
