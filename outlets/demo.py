"""The demo's field data: outlets, products, visits, orders and shelf audits from the first month
of the last complete semester through yesterday (`org.demo.demo_calendar`): the current month is
month to date.

Every (salesman, month) draws from its own `random.Random(SEED, code, month)`, so a month's rows
do not depend on when the demo was first seeded, and rows are keyed by stable codes (`DM-…`,
`DV-…`, `DO-…`, `DA-…`). Seeding again rebuilds only the open months whose rows are not those
of today's calendar (the current month on a later day); a locked month is never touched.

Numbers the rest of the demo relies on (docs/domain.md, "Worked example, Andi"), in the worked
month (the month that ends the semester, 2026-06 when the demo lives in 2026-07 … 2026-12):
- Andi: revenue exactly Rp 550.000.000, 35 new outlets, field days × 20 visits = 20 visits a day
  (June 2026: 26 working days less the Pancasila holiday and 3 days' leave = 22 field days);
- the three GT salesmen acquire exactly 1,050 new outlets in the semester (the semester OKR
  "1,000 new GT outlets" is achieved);
- Dewi (MT): planogram compliance 92%, on-shelf availability 96%; MT salesmen list the new
  products in their key accounts.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from org.demo import SALES_FORCE, DemoCalendar, demo_calendar
from org.models import Salesman
from org.periods import MonthLocked, locked_months
from spm.months import add_months, format_month, month_end

from .generate import insert_rows
from .metrics import compute_month_metrics
from .models import OrderLine, Outlet, Product, ShelfAudit, Visit
from .stamps import record_change

SEED = 2026
WORKED_INDEX = 5  # the worked month is the semester's sixth

GT_SALESMEN = ["andi", "budi", "citra"]
MT_SALESMEN = ["dewi", "eko"]

# New outlets acquired per month, from the semester's first month (12 months: the semester, then
# the six after it). First semester of the three GT salesmen: 297 + 377 + 376 = 1,050; Andi's
# worked month (index 5) is 35.
NEW_OUTLETS = {
    "andi": [48, 52, 50, 55, 57, 35, 38, 41, 36, 39, 42, 37],
    "budi": [60, 63, 65, 62, 64, 63, 40, 42, 39, 41, 38, 44],
    "citra": [61, 64, 62, 63, 65, 61, 37, 40, 43, 38, 41, 39],
    "dewi": [2, 1, 3, 2, 1, 2, 2, 1, 3, 2, 1, 2],
    "eko": [1, 2, 1, 3, 2, 1, 2, 2, 1, 2, 3, 1],
}
# Revenue per month in Rupiah (same months); every month's order lines add up exactly (a month
# to date: the month's figure × working days elapsed / working days, in whole millions).
REVENUE_MILLIONS = {
    "andi": [470, 485, 502, 495, 520, 550, 530, 545, 560, 505, 548, 571],
    "budi": [510, 498, 530, 545, 528, 560, 571, 540, 556, 549, 562, 540],
    "citra": [402, 415, 398, 430, 441, 452, 437, 460, 448, 466, 455, 472],
    "dewi": [610, 598, 640, 655, 672, 690, 684, 701, 695, 720, 716, 731],
    "eko": [540, 552, 538, 561, 575, 580, 566, 590, 602, 588, 597, 610],
}
ANDI_WORKED_VISITS_PER_DAY = 20
# Dewi's worked-month shelf audits average exactly these.
DEWI_WORKED_AUDIT_MEANS = {"planogram_compliance": Decimal(92), "osa": Decimal(96)}

BASE_OUTLETS = {"GT": 180, "MT": 40}

# sku, name, category, price (Rp per unit), new product launched in (months after the
# semester's first month; None: long established)
PRODUCTS = [
    ("TBT-350", "Teh Botol 350ml", "Minuman", 4500, None),
    ("TBT-1L", "Teh Botol 1L", "Minuman", 9500, None),
    ("AMN-600", "Air Mineral 600ml", "Minuman", 3500, None),
    ("AMN-1500", "Air Mineral 1500ml", "Minuman", 6000, None),
    ("JRK-250", "Jus Jeruk 250ml", "Minuman", 7000, None),
    ("KPI-SCH", "Kopi Sachet 20g (renceng 10)", "Kopi", 15000, None),
    ("KPI-TBR", "Kopi Tubruk 165g", "Kopi", 18500, None),
    ("KPI-3IN1", "Kopi 3in1 (renceng 10)", "Kopi", 16500, None),
    ("MIG-85", "Mi Goreng 85g (dus 40)", "Mi Instan", 115000, None),
    ("MIK-70", "Mi Kuah Ayam 70g (dus 40)", "Mi Instan", 105000, None),
    ("MIK-SOTO", "Mi Kuah Soto 70g (dus 40)", "Mi Instan", 105000, None),
    ("KRP-68", "Keripik Singkong 68g", "Makanan Ringan", 9000, None),
    ("KRP-KNT", "Keripik Kentang 68g", "Makanan Ringan", 11500, None),
    ("BSK-130", "Biskuit Kelapa 130g", "Makanan Ringan", 8500, None),
    ("WFR-150", "Wafer Cokelat 150g", "Makanan Ringan", 10500, None),
    ("SUS-UHT", "Susu UHT Cokelat 200ml (dus 24)", "Susu", 120000, None),
    ("SUS-KNL", "Susu Kental Manis 370g", "Susu", 12500, None),
    ("SUS-BBK", "Susu Bubuk 400g", "Susu", 48000, None),
    ("KCP-520", "Kecap Manis 520ml", "Bumbu", 21500, None),
    ("SBL-135", "Saus Sambal 135ml", "Bumbu", 8000, None),
    ("MNY-2L", "Minyak Goreng 2L", "Bumbu", 36000, None),
    ("GLA-1KG", "Gula Pasir 1kg", "Bumbu", 17500, None),
    ("SBN-85", "Sabun Mandi 85g", "Perawatan Diri", 4000, None),
    ("SMP-170", "Sampo 170ml", "Perawatan Diri", 22000, None),
    ("PGG-190", "Pasta Gigi 190g", "Perawatan Diri", 14500, None),
    ("DTJ-800", "Deterjen Bubuk 800g", "Deterjen", 21000, None),
    ("DTJ-CAIR", "Deterjen Cair 750ml", "Deterjen", 24500, None),
    ("PCR-800", "Pencuci Piring 800ml", "Deterjen", 15500, None),
    ("TEH-PRM", "Teh Premium Melati 350ml", "Minuman", 6500, 4),
    ("KPI-ARN", "Kopi Susu Gula Aren 200ml", "Kopi", 8500, 5),
    ("KRP-BLD", "Keripik Balado Premium 68g", "Makanan Ringan", 12500, 8),
]

GT_TYPES = (["warung", "toko", "grosir"], [55, 35, 10])
MT_TYPES = (["minimarket", "supermarket", "hypermarket"], [60, 30, 10])
STREETS = ["Jl. Raya Bogor", "Jl. Pemuda", "Jl. Kalimalang", "Jl. Dewi Sartika", "Jl. Otista"]
OWNERS = ["Bu Sri", "Pak Joko", "Bu Ani", "Pak Slamet", "Bu Yati", "Pak Harun", "Koh Ahong"]
CHAINS = ["Alfa", "Indo", "Super", "Hero", "Ranch", "Lotte", "Hyper"]


def working_days(month: date) -> list[date]:
    """Monday to Saturday."""
    days, day = [], month
    while day <= month_end(month):
        if day.weekday() < 6:
            days.append(day)
        day += timedelta(days=1)
    return days


def andi_worked_days_off(month: date) -> list[date]:
    """The first working day (Pancasila day in June 2026) and three days' leave on the second,
    third and fourth Friday."""
    days = working_days(month)
    fridays = [d for d in days if d.weekday() == 4]
    return [days[0], *fridays[1:4]]


def month_share(month: date, data_end: date) -> tuple[list[date], float]:
    """The month's working days through `data_end`, and their share of the month's."""
    days = working_days(month)
    elapsed = [d for d in days if d <= data_end]
    return elapsed, len(elapsed) / len(days)


class _Builder:
    """The rows of some months of the demo, each (salesman, month) from its own generator."""

    def __init__(self, people: dict[str, Salesman], calendar: DemoCalendar):
        self.people = people
        self.calendar = calendar
        self.products: dict[str, Product] = {}
        self.prices: dict[str, int] = {}
        self.launch: dict[str, date | None] = {}
        self.routes: dict[str, list[Outlet]] = {code: [] for code in people}
        self.weight: dict[str, float] = {}
        self.new_outlets: list[Outlet] = []
        self.visits: list[tuple] = []
        self.lines: list[list] = []
        self.audits: list[dict] = []

    def rng(self, code: str, part: str) -> random.Random:
        return random.Random(f"{SEED}-{code}-{part}")

    def build_products(self) -> None:
        first = self.calendar.first_month
        for sku, name, category, price, launched in PRODUCTS:
            product, _ = Product.objects.get_or_create(
                sku=sku,
                defaults={"name": name, "category": category, "new_product": bool(launched)},
            )
            self.products[sku] = product
            self.prices[sku] = price
            self.launch[sku] = None if launched is None else add_months(first, launched)

    def _outlet(self, code: str, outlet_code: str, n: int, day: date, rng) -> Outlet:
        person = self.people[code]
        types, weights = GT_TYPES if person.channel == "GT" else MT_TYPES
        kind = rng.choices(types, weights)[0]
        if person.channel == "GT":
            name = f"{kind.title()} {rng.choice(OWNERS)} {rng.choice(STREETS)} {n}"
        else:
            name = f"{rng.choice(CHAINS)}{kind} {person.territory or ''} {n}"
        outlet = Outlet(
            code=outlet_code,
            name=name,
            channel=person.channel,
            type=kind,
            territory=person.territory,
            salesman=person,
            key_account=person.channel == "MT" and kind != "minimarket",
            acquired_on=day,
            acquired_by=person,
            active=True,
        )
        self.routes[code].append(outlet)
        self.weight[outlet.code] = rng.lognormvariate(0, 1.4)
        return outlet

    def base_outlets(self) -> list[Outlet]:
        """Each salesman's route before the demo's first month."""
        outlets = []
        for code, person in self.people.items():
            rng = self.rng(code, "base")
            days = sorted(
                date(2023, 1, 2) + timedelta(days=rng.randint(0, 1090))
                for _ in range(BASE_OUTLETS[person.channel])
            )
            for n, day in enumerate(days, start=1):
                outlets.append(self._outlet(code, f"DM-{code.upper()}-{n:04d}", n, day, rng))
        return outlets

    def month_outlets(self, code: str, month: date) -> list[Outlet]:
        """The outlets the salesman acquires in the month (through the calendar's data end)."""
        elapsed, share = month_share(month, self.calendar.data_end)
        count = NEW_OUTLETS[code][self.calendar.index(month)]
        if share < 1:
            count = round(count * share)
        if not elapsed or not count:
            return []
        rng = self.rng(code, f"outlets-{format_month(month)}")
        days = sorted(rng.choice(elapsed) for _ in range(count))
        tag = format_month(month).replace("-", "")
        return [
            self._outlet(code, f"DM-{code.upper()}-{tag}-{n:03d}", n, day, rng)
            for n, day in enumerate(days, start=1)
        ]

    def save_field(self) -> None:
        Outlet.objects.bulk_create(self.new_outlets, batch_size=2000)
        outlet_id = dict(Outlet.objects.filter(code__startswith="DM-").values_list("code", "pk"))
        product_id = {sku: product.pk for sku, product in self.products.items()}
        insert_rows(
            "outlets_visit",
            ["visit_id", "date", "salesman_id", "outlet_id"],
            [(v, day, s, outlet_id[o]) for v, day, s, o in self.visits],
        )
        insert_rows(
            "outlets_orderline",
            ["order_no", "date", "salesman_id", "outlet_id", "product_id", "quantity", "amount"],
            [
                (no, day, s, outlet_id[o], product_id[sku], q, a)
                for no, day, s, o, sku, q, a in self.lines
            ],
        )
        columns = ["audit_id", "date", "salesman_id", "outlet"]
        columns += ["planogram_compliance", "osa", "share_of_shelf"]
        insert_rows(
            "outlets_shelfaudit",
            [c if c != "outlet" else "outlet_id" for c in columns],
            [[a[c] if c != "outlet" else outlet_id[a[c]] for c in columns] for a in self.audits],
        )

    def _field_days(self, code: str, month: date, rng) -> list[date]:
        elapsed, _share = month_share(month, self.calendar.data_end)
        if code == "andi" and month == self.calendar.worked_month:
            off = set(andi_worked_days_off(month))
        else:
            days = working_days(month)
            off = set(rng.sample(days, rng.randint(1, 4)))
        return [d for d in elapsed if d not in off]

    def month_field(self, code: str, month: date) -> None:
        """Visits, orders and audits of one salesman's month (through the data end)."""
        index = self.calendar.index(month)
        elapsed, share = month_share(month, self.calendar.data_end)
        revenue = REVENUE_MILLIONS[code][index] * 1_000_000
        if share < 1:
            revenue = round(REVENUE_MILLIONS[code][index] * share) * 1_000_000
        rng, person = self.rng(code, f"field-{format_month(month)}"), self.people[code]
        worked = month == self.calendar.worked_month
        gt = person.channel == "GT"
        tag = format_month(month).replace("-", "")
        regular = [sku for sku, launched in self.launch.items() if launched is None]
        new = [sku for sku, launched in self.launch.items() if launched and launched <= month]
        hit = 0.65 if gt else 0.78
        visit_n = order_n = audit_n = 0
        # lines are [order_no, date, salesman_id, outlet_code, sku, quantity, amount]
        month_lines: list[list] = []
        month_audits: list[dict] = []
        for day in self._field_days(code, month, rng):
            if code == "andi" and worked:
                count = ANDI_WORKED_VISITS_PER_DAY
            else:
                count = rng.randint(17, 21) if gt else rng.randint(8, 11)
            eligible = [o for o in self.routes[code] if o.acquired_on <= day]
            for outlet in rng.sample(eligible, min(count, len(eligible))):
                visit_n += 1
                self.visits.append(
                    (f"DV-{code.upper()}-{tag}-{visit_n:04d}", day, person.pk, outlet.code)
                )
                if outlet.key_account and rng.random() < 0.6:
                    audit_n += 1
                    month_audits.append(self._audit(code, tag, audit_n, day, outlet, index, rng))
                if rng.random() >= hit:
                    continue
                order_n += 1
                skus = rng.sample(regular, rng.randint(1, 5))
                if new and not gt and outlet.key_account and rng.random() < 0.35:
                    skus.append(rng.choice(new))
                order_no = f"DO-{code.upper()}-{tag}-{order_n:04d}"
                for sku in skus:
                    quantity = max(1, round(rng.uniform(1, 8) * self.weight[outlet.code]))
                    month_lines.append([order_no, day, person.pk, outlet.code, sku, quantity, 0])
        if month_lines:
            self._scale_to(month_lines, revenue)
        if code == "dewi" and worked and month_audits:
            for field, mean in DEWI_WORKED_AUDIT_MEANS.items():
                _center(month_audits, field, mean)
        self.lines += month_lines
        self.audits += month_audits

    def _audit(self, code, tag, n, day, outlet, index, rng) -> dict:
        base = 90 if code == "dewi" else 86
        trend = index * 0.3
        return {
            "audit_id": f"DA-{code.upper()}-{tag}-{n:04d}",
            "date": day,
            "salesman_id": self.people[code].pk,
            "outlet": outlet.code,
            "planogram_compliance": _pct(rng.gauss(base + trend, 2.5)),
            "osa": _pct(rng.gauss(base + 5 + trend / 2, 1.2)),
            "share_of_shelf": _pct(rng.gauss(32, 5)),
        }

    def _scale_to(self, lines: list[list], revenue: int) -> None:
        """Scale the quantities so the month's lines add up to `revenue` exactly: round the
        quantities down, add single units back while they fit, and let the largest line
        absorb the last few Rupiah (less than one unit's price) as an invoicing difference."""
        prices = [self.prices[line[4]] for line in lines]
        raw = sum(line[5] * price for line, price in zip(lines, prices, strict=True))
        for line, price in zip(lines, prices, strict=True):
            line[5] = max(1, line[5] * revenue // raw)
            line[6] = line[5] * price
        remainder = revenue - sum(line[6] for line in lines)
        added = True
        while added:
            added = False
            for line, price in zip(lines, prices, strict=True):
                if price <= remainder:
                    line[5] += 1
                    line[6] += price
                    remainder -= price
                    added = True
        max(lines, key=lambda line: line[6])[6] += remainder


def _pct(value: float) -> Decimal:
    return Decimal(f"{min(100.0, max(0.0, value)):.2f}")


def _center(audits: list[dict], field: str, mean: Decimal) -> None:
    """Shift the audits' values so they average exactly `mean`."""
    total = mean * len(audits)
    shift = ((total - sum(a[field] for a in audits)) / len(audits)).quantize(Decimal("0.01"))
    for audit in audits:
        audit[field] = min(Decimal(100), audit[field] + shift)
    remainder = total - sum(a[field] for a in audits)
    for audit in audits:  # put the last cents where they fit under 100
        if Decimal(0) <= audit[field] + remainder <= Decimal(100):
            audit[field] += remainder
            break


def _month_rows(month: date) -> tuple[int, date | None]:
    """How many demo visits the month holds, and the last one's date."""
    from django.db.models import Count, Max

    found = Visit.objects.filter(
        visit_id__startswith="DV-", date__gte=month, date__lte=month_end(month)
    ).aggregate(n=Count("id"), last=Max("date"))
    return found["n"], found["last"]


def _forget(months: list[date]) -> None:
    """Delete the demo's own rows of open months that are rebuilt."""
    for month in months:
        days = {"date__gte": month, "date__lte": month_end(month)}
        OrderLine.objects.filter(order_no__startswith="DO-", **days).delete()
        ShelfAudit.objects.filter(audit_id__startswith="DA-", **days).delete()
        Visit.objects.filter(visit_id__startswith="DV-", **days).delete()
        tag = format_month(month).replace("-", "")
        Outlet.objects.filter(code__regex=rf"^DM-[A-Z]+-{tag}-").delete()


def build_field(people: dict[str, Salesman], calendar: DemoCalendar) -> tuple[_Builder, list]:
    """Build the calendar's months in memory and store those whose rows differ (open months
    only); returns the builder and the months written."""
    builder = _Builder(people, calendar)
    builder.build_products()
    base = builder.base_outlets()
    if not Outlet.objects.filter(code=base[0].code).exists():
        builder.new_outlets += base
    locked = set(locked_months(calendar.months))
    written = []
    for month in calendar.months:
        visits_before = len(builder.visits)
        outlets_before = len(builder.new_outlets)
        for code in people:
            builder.new_outlets += builder.month_outlets(code, month)
            builder.month_field(code, month)
        month_visits = builder.visits[visits_before:]
        expected = (len(month_visits), max((v[1] for v in month_visits), default=None))
        if month in locked or _month_rows(month) == expected:
            # Already there (or final): keep the stored rows, write none of the month's.
            del builder.new_outlets[outlets_before:]
            del builder.visits[visits_before:]
            builder.lines = [line for line in builder.lines if not _in(line[1], month)]
            builder.audits = [a for a in builder.audits if not _in(a["date"], month)]
            continue
        written.append(month)
    _forget(written)
    builder.save_field()
    record_change(months=written)  # the cached Pareto of these months is stale
    return builder, written


def _in(day: date, month: date) -> bool:
    return month <= day <= month_end(month)


def seed(*, out, today: date | None = None) -> None:
    calendar = demo_calendar(today)
    codes = GT_SALESMEN + MT_SALESMEN
    people = {s.code: s for s in Salesman.objects.filter(code__in=codes).select_related("team")}
    missing = [code for code in codes if code not in people]
    if missing:
        raise RuntimeError(f"run org.demo first: no salesman {', '.join(missing)}")
    with transaction.atomic():
        builder, written = build_field(people, calendar)
    if written:
        out.write(
            f"Field data through {calendar.data_end.isoformat()}: "
            f"{len(builder.new_outlets):,} outlets, {len(builder.visits):,} visits, "
            f"{len(builder.lines):,} order lines, {len(builder.audits):,} shelf audits "
            f"({format_month(written[0])} .. {format_month(written[-1])})"
        )
    # the whole demo sales force (supervisors and the manager have profiles too)
    ids = list(
        Salesman.objects.filter(code__in=[row[0] for row in SALES_FORCE]).values_list(
            "id", flat=True
        )
    )
    computed, locked = [], []
    for month in calendar.months:
        try:
            compute_month_metrics(month=month, salesman_ids=ids)
        except MonthLocked:
            locked.append(format_month(month))
            continue
        computed.append(format_month(month))
    if computed:
        line = f"Metrics computed for {len(computed)} months ({computed[0]} .. {computed[-1]})"
        if locked:
            line += f"; locked months left as they were: {', '.join(locked)}"
        out.write(line)
