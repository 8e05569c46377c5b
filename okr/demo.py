"""The demo OKRs (docs/domain.md): Q2 2026 "Perluas distribusi produk baru" and "Tingkatkan omzet
20%
dalam Q2", the semester objective "1.000 outlet GT baru" that Andi, Budi and Citra take part in,
and the current quarter's objectives for the home page.

Idempotent: cycles and objectives are matched by code, key results by their objective and
position, check-ins by key result, date and author. Metric-linked key results are measured from
the metric snapshot that the outlets demo computed (the three GT salesmen acquired 1,050 outlets
over 2026-01 … 2026-06, so the semester objective scores 1.00).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from org.audit import record
from org.models import Salesman, Team, User

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

CYCLES = [
    ("H1-2026", "Semester 1 2026", CycleKind.SEMESTER, date(2026, 1, 1), date(2026, 6, 30)),
    ("Q2-2026", "Q2 2026", CycleKind.QUARTER, date(2026, 4, 1), date(2026, 6, 30)),
    ("Q4-2026", "Q4 2026", CycleKind.QUARTER, date(2026, 10, 1), date(2026, 12, 31)),
]

GT_TEAM = "GT Jakarta Timur"
MT_TEAM = "MT Jabodetabek"


def _kr(title_id, title_en, kind=KeyResultKind.MANUAL, **fields):
    return {"title_id": title_id, "title_en": title_en, "kind": kind, **fields}


# code, cycle, level, team, owner, parent, participants, titles, description, key results,
# check-ins per key result position: (date, value or None for metric-linked, confidence, note, by)
OBJECTIVES = [
    {
        "code": "GT-NEW-OUTLETS-2026H1",
        "cycle": "H1-2026",
        "level": Level.TEAM,
        "team": GT_TEAM,
        "participants": ["andi", "budi", "citra"],
        "title_id": "1.000 outlet GT baru dalam semester ini",
        "title_en": "1,000 new GT outlets this semester",
        "description": (
            "Tim GT Jakarta Timur membuka 1.000 outlet baru dari Januari sampai Juni. "
            "Peserta yang mencapainya mendapat bonus OKR Rp 1.000.000 di bulan Juni."
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
                    date(2026, 2, 27),
                    6,
                    "Pemetaan wilayah Bekasi selesai, akuisisi mulai jalan.",
                    "sari",
                ),
                (date(2026, 4, 24), 8, "Di atas jalur per akhir April.", "sari"),
                (date(2026, 6, 26), 10, "Target semester terlampaui.", "sari"),
            ]
        },
    },
    {
        "code": "ANDI-OUTLETS-2026H1",
        "cycle": "H1-2026",
        "level": Level.PERSON,
        "owner": "andi",
        "parent": "GT-NEW-OUTLETS-2026H1",
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
        "check_ins": {1: [(date(2026, 5, 29), 8, "Fokus ke pasar Cakung.", "andi")]},
    },
    {
        "code": "DIST-NEW-PRODUCT-2026Q2",
        "cycle": "Q2-2026",
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
                count_from=date(2026, 1, 1),
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
                (date(2026, 4, 30), Decimal(8), 6, "Bundling promo mulai berjalan.", "maya"),
                (date(2026, 5, 29), Decimal(15), 6, "Naik di GT, MT masih datar.", "maya"),
                (date(2026, 6, 26), Decimal(21), 5, "Kurang dari target; evaluasi di Q3.", "maya"),
            ]
        },
    },
    {
        "code": "MT-LISTING-2026Q2",
        "cycle": "Q2-2026",
        "level": Level.TEAM,
        "team": MT_TEAM,
        "parent": "DIST-NEW-PRODUCT-2026Q2",
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
                (date(2026, 5, 8), Decimal(2), 7, "Disetujui dua jaringan minimarket.", "tono"),
                (date(2026, 6, 19), Decimal(4), 8, "Satu hypermarket lagi menunggu.", "tono"),
            ]
        },
    },
    {
        "code": "DEWI-LISTING-2026Q2",
        "cycle": "Q2-2026",
        "level": Level.PERSON,
        "owner": "dewi",
        "parent": "MT-LISTING-2026Q2",
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
                (date(2026, 5, 15), Decimal(5), 7, "", "dewi"),
                (date(2026, 6, 20), Decimal(9), 7, "Tiga jadwal mundur ke Juli.", "dewi"),
            ]
        },
    },
    {
        "code": "REVENUE-GROWTH-2026Q2",
        "cycle": "Q2-2026",
        "level": Level.COMPANY,
        "title_id": "Tingkatkan omzet 20% dalam Q2",
        "title_en": "Grow revenue 20% in Q2",
        "key_results": [
            _kr(
                "Pertumbuhan omzet Q2 dibanding Q1",
                "Q2 revenue growth over Q1",
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
                (date(2026, 4, 30), Decimal(6), 7, "April kuat di GT.", "maya"),
                (date(2026, 5, 29), Decimal(11), 7, "", "maya"),
                (date(2026, 6, 30), Decimal(17), 6, "Juni di bawah rencana MT.", "maya"),
            ],
            2: [(date(2026, 6, 30), Decimal("2.8"), 6, "Retur MT masih tinggi.", "maya")],
        },
    },
    {
        "code": "YEAR-END-2026Q4",
        "cycle": "Q4-2026",
        "level": Level.COMPANY,
        "title_id": "Tutup tahun dengan eksekusi terbaik",
        "title_en": "Close the year with our best execution",
        "key_results": [
            _kr(
                "Outlet aktif naik 15% dari Q3",
                "Active outlets up 15% from Q3",
                start_value=Decimal(0),
                target_value=Decimal(15),
                unit="%",
            ),
        ],
        "check_ins": {1: [(date(2026, 11, 6), Decimal(5), 6, "", "maya")]},
    },
    {
        "code": "GT-REACTIVATE-2026Q4",
        "cycle": "Q4-2026",
        "level": Level.TEAM,
        "team": GT_TEAM,
        "parent": "YEAR-END-2026Q4",
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
            1: [(date(2026, 11, 13), Decimal(48), 7, "Program diskon reaktivasi.", "sari")]
        },
    },
    {
        "code": "ANDI-REACTIVATE-2026Q4",
        "cycle": "Q4-2026",
        "level": Level.PERSON,
        "owner": "andi",
        "parent": "GT-REACTIVATE-2026Q4",
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
        "check_ins": {1: [(date(2026, 11, 13), Decimal(18), 7, "Cakung dan Pulo Gadung.", "andi")]},
    },
]


def _check_in_rows(spec, kr):
    """Normalise the check-in tuples: metric-linked ones carry no value of their own."""
    for row in spec["check_ins"].get(kr.position, []):
        if len(row) == 4:
            day, confidence, note, by = row
            yield day, None, confidence, note, by
        else:
            yield row


@transaction.atomic
def seed(*, out) -> None:
    cycles = {}
    for code, name, kind, start, end in CYCLES:
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
    for spec in OBJECTIVES:
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
            for day, value, confidence, note, by in _check_in_rows(spec, kr):
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
    semester = objectives["GT-NEW-OUTLETS-2026H1"]
    out.write(
        f"Demo OKRs: {len(cycles)} cycles, {len(objectives)} objectives; "
        f"{semester.code} scores {semester.display_score}"
    )
