"""The KPI part of the demo: scorecard templates, targets, manual actuals and the scorecards of
the demo's months (`org.demo.demo_calendar`: the last complete semester through this month; the
worked month, 2026-06 in the second half of 2026, is where the numbers below hold).

- GT-SALESMAN exactly as docs/contracts.md (revenue 50 cap 150, new outlets 30 cap 150, visits/day
20
  cap 120); Andi's June targets Rp 500.000.000, 30 new outlets, 18 visits/day, so the outlets
  demo's June (Rp 550 jt, 35, 20) scores 55 + 35 + 22.22 = 112.22.
- MT-SALESMAN: execution KPIs of the catalogue (planogram, OSA, new listings, OOS rate).
- The three seed sheets of docs/domain.md as row-rounded templates of manual KPIs: the supervisor
  sheet for supervisors (sari, tono), the manager sheet for managers (maya), and the salesman
  sheet assigned explicitly to Eko (MT salesman), whose months use the article's numbers. In
  2026-06 each sheet person has exactly the article's targets and actuals: totals 108 (Eko),
  114 (Sari, Tono) and 111 (Maya); the other months vary the actuals around them.

Idempotent: templates are saved from documents (unchanged → no write), targets and actuals are
set only where they differ, scorecards of open months are recomputed (locked months are left).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from org.demo import demo_calendar
from org.models import Salesman
from org.periods import is_month_locked
from spm.months import format_month

from .documents import save_template_document
from .models import KRA, KPIDefinition, TemplateAssignment
from .scorecards import compute_scorecards
from .targets import save_manual_actuals, save_targets

SHEET_INDEX = 5  # the worked month, the semester's sixth


def _kpi(code, name_id, name_en, kra, unit, direction="higher", source="manual"):
    return {
        "code": code,
        "name": {"id": name_id, "en": name_en},
        "kra": kra,
        "unit": unit,
        "direction": direction,
        "source": source,
    }


def _item(kpi, weight, cap=None, floor=None):
    return {"kpi": kpi, "weight": weight, "cap": cap, "floor": floor}


GT_TEMPLATE = {
    "code": "GT-SALESMAN",
    "name": "Scorecard Salesman GT",
    "rounding": "exact",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "items": [
        _item("revenue", 50, 150),
        _item("new_outlets", 30, 150),
        _item("visits_per_day", 20, 120),
    ],
    "kpis": [
        _kpi("revenue", "Omzet", "Revenue", "Revenue & Volume", "Rp", source="metric:revenue"),
        _kpi(
            "new_outlets",
            "Outlet baru",
            "New outlets",
            "Coverage & Penetration",
            "outlet",
            source="metric:new_outlets",
        ),
        _kpi(
            "visits_per_day",
            "Kunjungan per hari",
            "Visits per day",
            "Productivity & Efficiency",
            "visit/day",
            source="metric:visits_per_day",
        ),
    ],
}

MT_TEMPLATE = {
    "code": "MT-SALESMAN",
    "name": "Scorecard Salesman MT",
    "rounding": "exact",
    "applies_to": {"role": "salesman", "channel": "MT"},
    "items": [
        _item("planogram_compliance", 35, 120),
        _item("osa", 35, 120),
        _item("new_product_listings", 20, 150),
        _item("oos_rate", 10, 150),
    ],
    "kpis": [
        _kpi(
            "planogram_compliance",
            "Kepatuhan planogram",
            "Planogram compliance",
            "Execution & Availability",
            "%",
            source="metric:planogram_compliance",
        ),
        _kpi(
            "osa",
            "Ketersediaan di rak (OSA)",
            "On-shelf availability (OSA)",
            "Execution & Availability",
            "%",
            source="metric:osa",
        ),
        _kpi(
            "new_product_listings",
            "Listing produk baru",
            "New product listings",
            "Coverage & Penetration",
            "outlet",
            source="metric:new_product_listings",
        ),
        _kpi(
            "oos_rate",
            "Tingkat kosong stok (OOS)",
            "Out-of-stock rate",
            "Execution & Availability",
            "%",
            direction="lower",
            source="metric:oos_rate",
        ),
    ],
}

# The seed sheets: (code, name id, name en, KRA, unit, direction, bobot, cap, target, actual)
SALESMAN_SHEET = [
    (
        "sales_growth",
        "Pertumbuhan penjualan",
        "Sales growth",
        "Revenue & Volume",
        "%",
        "higher",
        19,
        None,
        "20",
        "27",
    ),
    (
        "sales_units",
        "Target penjualan (unit)",
        "Sales target (units)",
        "Revenue & Volume",
        "unit",
        "higher",
        15,
        None,
        "1200",
        "1270",
    ),
    (
        "customer_acquisition",
        "Pertumbuhan akuisisi pelanggan",
        "Customer acquisition growth",
        "Coverage & Penetration",
        "%",
        "higher",
        14,
        None,
        "15",
        "12",
    ),
    (
        "closed_deals",
        "Deal tertutup",
        "Closed deals",
        "Revenue & Volume",
        "deal",
        "higher",
        14,
        None,
        "60",
        "70",
    ),
    (
        "distribution_cost",
        "Biaya distribusi & transportasi",
        "Distribution & transport cost",
        "Productivity & Efficiency",
        "%",
        "lower",
        10,
        150,
        "2.5",
        "2.4",
    ),
    (
        "sales_cycle",
        "Siklus penjualan",
        "Sales cycle",
        "Productivity & Efficiency",
        "day",
        "lower",
        9,
        150,
        "25",
        "26",
    ),
    (
        "revenue_per_sale",
        "Pendapatan per penjualan",
        "Revenue per sale",
        "Revenue & Volume",
        "Rp",
        "higher",
        5,
        None,
        "50000",
        "55000",
    ),
    (
        "lead_conversion",
        "Konversi prospek",
        "Lead conversion",
        "Productivity & Efficiency",
        "%",
        "higher",
        5,
        None,
        "30",
        "28",
    ),
    (
        "opportunity_win",
        "Peluang menjadi menang",
        "Opportunity-to-win",
        "Productivity & Efficiency",
        "%",
        "higher",
        5,
        None,
        "50",
        "45",
    ),
    (
        "avg_purchase_value",
        "Nilai pembelian rata-rata",
        "Average purchase value",
        "Relationship & Retention",
        "Rp",
        "higher",
        4,
        None,
        "1000000",
        "1050000",
    ),
]
SUPERVISOR_SHEET = [
    (
        "team_sales_volume",
        "Volume penjualan tim",
        "Team sales volume",
        "Revenue & Volume",
        "Rp",
        "higher",
        25,
        None,
        "500000000",
        "550000000",
    ),
    (
        "growth_vs_last_year",
        "Pertumbuhan dibanding tahun lalu",
        "Growth vs last year",
        "Revenue & Volume",
        "%",
        "higher",
        20,
        None,
        "15",
        "17",
    ),
    (
        "new_territories",
        "Wilayah baru",
        "New territories",
        "Coverage & Penetration",
        "territory",
        "higher",
        15,
        None,
        "3",
        "4",
    ),
    (
        "avg_sales_per_customer",
        "Rata-rata penjualan per pelanggan",
        "Average sales per customer",
        "Revenue & Volume",
        "Rp",
        "higher",
        20,
        None,
        "20000",
        "18000",
    ),
    (
        "staff_turnover",
        "Perputaran staf",
        "Staff turnover",
        "People & Team",
        "%",
        "lower",
        20,
        150,
        "5",
        "4",
    ),
]
MANAGER_SHEET = [
    (
        "overall_sales",
        "Penjualan keseluruhan",
        "Overall sales",
        "Revenue & Volume",
        "Rp",
        "higher",
        30,
        None,
        "2000000000",
        "2100000000",
    ),
    ("margin", "Margin", "Margin", "Revenue & Volume", "%", "higher", 25, None, "20", "22"),
    (
        "team_efficiency",
        "Efisiensi tim",
        "Team efficiency",
        "Productivity & Efficiency",
        "%",
        "higher",
        15,
        None,
        "90",
        "85",
    ),
    (
        "market_share_growth",
        "Pertumbuhan pangsa pasar",
        "Market-share growth",
        "Coverage & Penetration",
        "%",
        "higher",
        20,
        None,
        "10",
        "12",
    ),
    (
        "new_sales_initiatives",
        "Inisiatif penjualan baru",
        "New sales initiatives",
        "Relationship & Retention",
        "initiative",
        "higher",
        10,
        None,
        "3",
        "4",
    ),
]

SHEETS = [
    # template code, name, role, rows, people
    ("SALESMAN-SHEET", "Lembar KPI Salesman", "salesman", SALESMAN_SHEET, ["eko"]),
    ("SUPERVISOR-SHEET", "Lembar KPI Supervisor", "supervisor", SUPERVISOR_SHEET, ["sari", "tono"]),
    ("MANAGER-SHEET", "Lembar KPI Manajer", "manager", MANAGER_SHEET, ["maya"]),
]

# Monthly targets of the metric KPIs: person → {kpi: worked-month target}. Revenue grows 2% a
# month around the worked month (rounded to whole millions); counts and rates stay.
METRIC_TARGETS = {
    "andi": {"revenue": 500_000_000, "new_outlets": 30, "visits_per_day": 18},
    "budi": {"revenue": 530_000_000, "new_outlets": 50, "visits_per_day": 18},
    "citra": {"revenue": 430_000_000, "new_outlets": 50, "visits_per_day": 18},
    "dewi": {"planogram_compliance": 90, "osa": 95, "new_product_listings": 6, "oos_rate": 5},
}

# How the sheet people's actuals move month by month around the article's June figures (a
# deterministic wave, so the demo has a history without randomness): factor per month index.
WAVE = [
    "0.92",
    "0.95",
    "0.97",
    "1.00",
    "0.98",
    "1.00",
    "1.03",
    "1.01",
    "1.04",
    "1.02",
    "1.05",
    "1.03",
]


def _sheet_document(code, name, role, rows) -> dict:
    return {
        "code": code,
        "name": name,
        "rounding": "row",
        "applies_to": {"role": role, "channel": None},
        "items": [_item(row[0], row[6], row[7]) for row in rows],
        "kpis": [_kpi(*row[:5], direction=row[5], source="manual") for row in rows],
    }


def _month_target(base: int, kpi: str, index: int) -> Decimal:
    if kpi != "revenue":
        return Decimal(base)
    grown = Decimal(base) * (1 + Decimal("0.02") * (index - SHEET_INDEX))
    return (grown / 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1_000_000


def _wave(value: Decimal, index: int, unit: str) -> Decimal:
    if index == SHEET_INDEX:
        return value
    moved = value * Decimal(WAVE[index])
    places = (
        Decimal(1) if unit in ("Rp", "unit", "deal", "territory", "initiative") else Decimal("0.1")
    )
    return moved.quantize(places, rounding=ROUND_HALF_UP)


# The documents name KRAs by their English name; the demo gives them their Indonesian names
# too (only where none is set, so a manager's own wording stays).
KRA_NAMES_ID = {
    "Revenue & Volume": "Pendapatan & Volume",
    "Coverage & Penetration": "Cakupan & Penetrasi Outlet",
    "Productivity & Efficiency": "Produktivitas & Efisiensi",
    "Execution & Availability": "Eksekusi & Ketersediaan",
    "Relationship & Retention": "Hubungan & Retensi",
    "People & Team": "SDM & Tim",
}


@transaction.atomic
def _seed_configuration(out) -> dict[str, Salesman]:
    save_template_document(document=GT_TEMPLATE, by=None)
    save_template_document(document=MT_TEMPLATE, by=None)
    people = {p.code: p for p in Salesman.objects.all()}
    for code, name, role, rows, _codes in SHEETS:
        template = save_template_document(document=_sheet_document(code, name, role, rows), by=None)
        if role == "salesman":
            for person_code in _codes:
                if person_code in people:
                    TemplateAssignment.objects.update_or_create(
                        salesman=people[person_code], defaults={"template": template}
                    )
    for name, name_id in KRA_NAMES_ID.items():
        KRA.objects.filter(name=name, name_id="").update(name_id=name_id)
    out.write(
        "KPI: templates GT-SALESMAN, MT-SALESMAN, SALESMAN-SHEET, SUPERVISOR-SHEET, MANAGER-SHEET"
    )
    return people


def seed(*, out, today: date | None = None) -> None:
    calendar = demo_calendar(today)
    months = calendar.months
    people = _seed_configuration(out)
    kpi_ids = dict(KPIDefinition.objects.values_list("code", "id"))
    computed = 0
    for index, month in enumerate(months):
        if is_month_locked(month):
            continue  # a locked month's targets, actuals and scorecards are final
        targets: dict = {}
        actuals: dict = {}
        for code, kpis in METRIC_TARGETS.items():
            if code in people:
                for kpi, base in kpis.items():
                    targets[(people[code].id, kpi_ids[kpi])] = _month_target(base, kpi, index)
        for _template, _name, _role, rows, codes in SHEETS:
            for code in codes:
                if code not in people:
                    continue
                for row in rows:
                    key = (people[code].id, kpi_ids[row[0]])
                    targets[key] = Decimal(row[8])
                    actuals[key] = _wave(Decimal(row[9]), index, row[4])
        save_targets(month=month, values=targets, by=None, note="demo")
        save_manual_actuals(month=month, values=actuals, by=None, note="demo")
        _ensure_metrics(month)
        computed += compute_scorecards(month=month)
    out.write(
        f"KPI: targets and scorecards for {format_month(months[0])} … "
        f"{format_month(months[-1])} ({computed} scorecards)"
    )


def _ensure_metrics(month: date) -> None:
    """Scorecards read the metric snapshot; compute it when the field demo has not yet."""
    from outlets.metrics import compute_month_metrics
    from outlets.models import MetricValue, OrderLine

    if not MetricValue.objects.filter(month=month).exists() and OrderLine.objects.exists():
        compute_month_metrics(month=month)
