"""Deterministic synthetic field data shaped like an FMCG sales operation.

`generate(...)` builds a sales force (GT and MT teams of about ten salesmen, a supervisor per
team, a manager per ten teams), ~200 SKUs with a few new products, a route of outlets per
salesman with Pareto-shaped weights (about 20% of the outlets bring 80% of the revenue), and
for every working day (Monday to Saturday) visits, orders on a share of the visits, MT shelf
audits and new outlets acquired over time. Targets are left to the kpi app.

The same seed gives the same data: every salesman draws from his own `random.Random` seeded
with (seed, salesman number), so the data does not depend on the order of generation.

The rows go to sinks: the database (PostgreSQL COPY, or executemany on SQLite) and/or CSV
files in the import formats of docs/contracts.md, so imports can be benchmarked on realistic files.
"""

import csv
import io
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from spm.months import add_months, month_end

COLUMNS = {
    "salesmen": [
        "code",
        "name",
        "role",
        "channel",
        "team",
        "reports_to",
        "email",
        "active",
        "level",
    ],
    "outlets": [
        "code",
        "name",
        "channel",
        "type",
        "territory",
        "salesman",
        "key_account",
        "acquired_on",
        "acquired_by",
    ],
    "products": ["sku", "name", "category", "new_product"],
    "visits": ["visit_id", "date", "salesman", "outlet"],
    "orders": ["order_no", "date", "salesman", "outlet", "sku", "quantity", "amount"],
    "audits": [
        "audit_id",
        "date",
        "salesman",
        "outlet",
        "planogram_compliance",
        "osa",
        "share_of_shelf",
    ],
}
KINDS = list(COLUMNS)

SALESMEN_PER_TEAM = 10
TEAMS_PER_MANAGER = 10
PRODUCT_COUNT = 200
NEW_PRODUCT_COUNT = 5
# Lognormal sigma of the outlet weights: 1.68 puts ~80% of the weight in the top 20%; the
# randomness of visits and baskets on top spreads it a little more, so a bit less here.
OUTLET_SIGMA = 1.4
# Lines per order, 1..6, leaning to fuller baskets (mean ≈ 4.5).
LINE_COUNTS = [1, 2, 3, 4, 5, 6]
LINE_WEIGHTS = [1, 1, 2, 3, 4, 6]

CITIES = [
    "Jakarta Timur",
    "Jakarta Barat",
    "Jakarta Selatan",
    "Jakarta Utara",
    "Bekasi",
    "Bogor",
    "Depok",
    "Tangerang",
    "Bandung",
    "Cirebon",
    "Semarang",
    "Solo",
    "Yogyakarta",
    "Surabaya",
    "Malang",
    "Denpasar",
    "Medan",
    "Palembang",
    "Makassar",
    "Balikpapan",
]
FIRST_NAMES = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fajar",
    "Gita",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lina",
    "Made",
    "Nur",
    "Oki",
    "Putri",
    "Rudi",
    "Sari",
    "Tono",
    "Wahyu",
    "Yudi",
    "Rina",
    "Bayu",
    "Dian",
]
LAST_NAMES = [
    "Saputra",
    "Santoso",
    "Lestari",
    "Anggraini",
    "Prasetyo",
    "Wijaya",
    "Hidayat",
    "Kurniawan",
    "Susanto",
    "Pratama",
    "Siregar",
    "Nugroho",
    "Wulandari",
    "Halim",
    "Gunawan",
]
CATEGORIES = [
    ("Minuman", "Teh Botol"),
    ("Makanan Ringan", "Keripik"),
    ("Mi Instan", "Mi Goreng"),
    ("Perawatan Diri", "Sabun Mandi"),
    ("Deterjen", "Deterjen Bubuk"),
    ("Susu", "Susu UHT"),
    ("Bumbu", "Kecap Manis"),
    ("Kopi", "Kopi Sachet"),
]
GT_TYPES = (["warung", "toko", "grosir"], [60, 30, 10])
MT_TYPES = (["minimarket", "supermarket", "hypermarket"], [60, 30, 10])


@dataclass
class Person:
    code: str
    name: str
    role: str
    channel: str
    team: str | None
    territory: str
    reports_to: str | None
    level: int = 1


@dataclass(eq=False)
class OutletRow:
    code: str
    name: str
    channel: str
    type: str
    territory: str
    salesman: str
    key_account: bool
    acquired_on: date
    weight: float


@dataclass(eq=False)
class ProductRow:
    sku: str
    name: str
    category: str
    new_product: bool
    price: int
    launch: date | None


@dataclass
class Team:
    name: str
    channel: str
    territory: str
    supervisor: str
    manager: str


@dataclass
class World:
    """The structure (people, teams, products, outlets) before any field row."""

    months: list[date]
    through: date | None = None  # no field row after this day (a month to date)
    managers: list[Person] = field(default_factory=list)
    supervisors: list[Person] = field(default_factory=list)
    salesmen: list[Person] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    products: list[ProductRow] = field(default_factory=list)
    routes: dict[str, list[OutletRow]] = field(default_factory=dict)

    @property
    def people(self) -> list[Person]:
        return self.managers + self.supervisors + self.salesmen

    @property
    def territories(self) -> list[str]:
        return sorted({t.territory for t in self.teams} | {p.territory for p in self.people})

    def outlets(self) -> Iterable[OutletRow]:
        for route in self.routes.values():
            yield from route


def working_days(month: date) -> list[date]:
    """Monday to Saturday of the month."""
    day, last, days = month, month_end(month), []
    while day <= last:
        if day.weekday() < 6:
            days.append(day)
        day += timedelta(days=1)
    return days


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def build_world(
    *, salesmen: int, months: int, seed: int, end: date, through: date | None = None
) -> World:
    """People, teams, products and outlet routes, deterministic for a seed. With `through`,
    the last month stops at that day: no outlet is acquired and no field row happens after it
    (the random draws stay those of the whole month, so the days before are the same)."""
    rng = random.Random(f"{seed}:structure")
    window = [add_months(end, -i) for i in range(months - 1, -1, -1)]
    world = World(months=window, through=through)
    team_count = math.ceil(salesmen / SALESMEN_PER_TEAM)
    manager_count = math.ceil(team_count / TEAMS_PER_MANAGER)
    for m in range(manager_count):
        world.managers.append(
            Person(f"MGR{m + 1:03d}", _name(rng), "manager", "GT", None, CITIES[m % 20], None)
        )
    for t in range(team_count):
        # every fifth team is MT; a small force still gets one MT team
        last_small = t == team_count - 1 and 1 < team_count < 5
        channel = "MT" if t % 5 == 4 or last_small else "GT"
        city = CITIES[t % len(CITIES)]
        territory = city if t < len(CITIES) else f"{city} {t // len(CITIES) + 1}"
        name = f"{channel} {territory} #{t + 1:03d}"  # unique beside the demo's teams
        manager = world.managers[t // TEAMS_PER_MANAGER]
        supervisor = Person(
            f"SPV{t + 1:03d}", _name(rng), "supervisor", channel, name, territory, manager.code
        )
        world.supervisors.append(supervisor)
        world.teams.append(Team(name, channel, territory, supervisor.code, manager.code))
    for i in range(salesmen):
        team = world.teams[i // SALESMEN_PER_TEAM]
        world.salesmen.append(
            Person(
                f"SLS{i + 1:05d}",
                _name(rng),
                "salesman",
                team.channel,
                team.name,
                team.territory,
                team.supervisor,
                level=rng.choice([1, 1, 1, 2, 2, 3]),
            )
        )

    launch_months = window[-NEW_PRODUCT_COUNT:] if months >= NEW_PRODUCT_COUNT else window
    for p in range(PRODUCT_COUNT):
        category, base = CATEGORIES[p % len(CATEGORIES)]
        new = p >= PRODUCT_COUNT - NEW_PRODUCT_COUNT
        price = int(round(rng.lognormvariate(math.log(9000), 0.6), -2)) or 100
        launch = launch_months[(p - (PRODUCT_COUNT - NEW_PRODUCT_COUNT)) % len(launch_months)]
        world.products.append(
            ProductRow(
                f"SKU{p + 1:04d}",
                f"{base} {'Premium ' if new else ''}{p + 1:03d}",
                category,
                new,
                price,
                launch if new else None,
            )
        )

    start = window[0]
    serial = 0
    for index, person in enumerate(world.salesmen):
        srng = random.Random(f"{seed}:route:{index}")
        gt = person.channel == "GT"
        types, weights = GT_TYPES if gt else MT_TYPES
        route = []
        size = srng.randint(150, 250) if gt else srng.randint(40, 80)
        # existing outlets, acquired before the window; then new ones acquired in it
        acquired = [start - timedelta(days=srng.randint(30, 1100)) for _ in range(size)]
        for month in window:
            days = working_days(month)
            count = srng.randint(5, 40) if gt else srng.randint(0, 3)
            acquired += [srng.choice(days) for _ in range(count)]
        for day in acquired:
            serial += 1
            kind = srng.choices(types, weights)[0]
            key_account = not gt and (kind != "minimarket" or srng.random() < 0.3)
            route.append(
                OutletRow(
                    f"OUT{serial:07d}",
                    f"{kind.title()} {srng.choice(LAST_NAMES)} {serial}",
                    person.channel,
                    kind,
                    person.territory,
                    person.code,
                    key_account,
                    day,
                    srng.lognormvariate(0, OUTLET_SIGMA),
                )
            )
        if through is not None:  # outlets won after the day do not exist yet
            route = [outlet for outlet in route if outlet.acquired_on <= through]
        world.routes[person.code] = route
    return world


class FieldRows:
    """Visits, order lines and audits of one salesman over the window (codes, not ids)."""

    def __init__(self, world: World, index: int, seed: int):
        self.world = world
        self.person = world.salesmen[index]
        self.index = index
        self.rng = random.Random(f"{seed}:field:{index}")
        self.visits: list[tuple] = []
        self.orders: list[tuple] = []
        self.audits: list[tuple] = []

    def build(self) -> "FieldRows":
        rng, person = self.rng, self.person
        gt = person.channel == "GT"
        route = sorted(self.world.routes[person.code], key=lambda o: o.acquired_on)
        products = self.world.products
        regular = [p for p in products if not p.new_product]
        cum, total = [], 0.0
        for rank, _ in enumerate(regular, start=1):
            total += rank**-1.1  # Zipf-like: about 20% of the SKUs sell about 80%
            cum.append(total)
        hit = rng.uniform(0.5, 0.8)
        base_qty = 15 if gt else 40
        planogram_mu, osa_mu = rng.uniform(80, 96), rng.uniform(90, 98)
        visit_n = order_n = audit_n = 0
        for month in self.world.months:
            tag = f"{month:%y%m}"
            launched = [p for p in products if p.new_product and p.launch <= month]
            days = working_days(month)
            for skip in rng.sample(range(len(days)), rng.randint(0, 2)):
                days[skip] = None  # leave, sick days, holidays
            for day in filter(None, days):
                if self.world.through is not None and day > self.world.through:
                    break
                eligible = [o for o in route if o.acquired_on <= day]
                if not eligible:
                    continue
                count = rng.randint(15, 22) if gt else rng.randint(8, 12)
                for outlet in rng.sample(eligible, min(count, len(eligible))):
                    visit_n += 1
                    self.visits.append(
                        (
                            f"V{tag}-{self.index + 1:05d}-{visit_n:05d}",
                            day,
                            person.code,
                            outlet.code,
                        )
                    )
                    if not gt and outlet.key_account and rng.random() < 0.5:
                        audit_n += 1
                        self.audits.append(
                            (
                                f"A{tag}-{self.index + 1:05d}-{audit_n:04d}",
                                day,
                                person.code,
                                outlet.code,
                                _pct(rng.gauss(planogram_mu, 6)),
                                _pct(rng.gauss(osa_mu, 3)),
                                _pct(rng.gauss(30, 8)),
                            )
                        )
                    if rng.random() >= hit:
                        continue
                    order_n += 1
                    order_no = f"SO{tag}-{self.index + 1:05d}-{order_n:05d}"
                    lines = rng.choices(LINE_COUNTS, LINE_WEIGHTS)[0]
                    chosen: dict = {}
                    while len(chosen) < lines:  # distinct SKUs: order_no + sku is the key
                        chosen.update(dict.fromkeys(rng.choices(regular, cum_weights=cum, k=1)))
                    if launched and outlet.channel == "MT" and rng.random() < 0.3:
                        chosen[rng.choice(launched)] = None
                    for product in chosen:
                        qty = max(1, int(base_qty * outlet.weight * rng.uniform(0.5, 1.5)))
                        self.orders.append(
                            (
                                order_no,
                                day,
                                person.code,
                                outlet.code,
                                product.sku,
                                qty,
                                qty * product.price,
                            )
                        )
        return self


def _pct(value: float) -> str:
    return f"{min(100.0, max(0.0, value)):.2f}"


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class CsvSink:
    """Import-format CSV files (docs/contracts.md columns) in a directory."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.files = {}
        self.writers = {}
        for kind in KINDS:
            handle = open(directory / f"{kind}.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
            self.files[kind] = handle
            self.writers[kind] = csv.writer(handle, lineterminator="\n")
            self.writers[kind].writerow(COLUMNS[kind])

    def structure(self, world: World) -> None:
        write = self.writers["salesmen"].writerow
        for p in world.people:
            write(
                [
                    p.code,
                    p.name,
                    p.role,
                    p.channel,
                    p.team or "",
                    p.reports_to or "",
                    f"{p.code.lower()}@example.co.id",
                    "true",
                    p.level,
                ]
            )
        for product in world.products:
            self.writers["products"].writerow(
                [product.sku, product.name, product.category, _text(product.new_product)]
            )
        write = self.writers["outlets"].writerow
        for o in world.outlets():
            write(
                [
                    o.code,
                    o.name,
                    o.channel,
                    o.type,
                    o.territory,
                    o.salesman,
                    _text(o.key_account),
                    o.acquired_on.isoformat(),
                    o.salesman,
                ]
            )

    def rows(self, kind: str, rows: list[tuple]) -> None:
        self.writers[kind].writerows([[_text(v) for v in row] for row in rows])

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


@dataclass
class Summary:
    counts: dict[str, int]
    months: list[date]
    pareto_share: float | None = None

    def lines(self) -> list[str]:
        first, last = self.months[0], self.months[-1]
        out = [f"Months {first:%Y-%m} .. {last:%Y-%m}"]
        for kind in ["teams", *KINDS]:
            if kind in self.counts:
                out.append(f"  {kind:<9} {self.counts[kind]:>10,}")
        return out


def generate(
    *,
    salesmen: int,
    months: int,
    seed: int,
    end: date,
    sinks: list,
    progress=None,
    through: date | None = None,
) -> Summary:
    """Build the world and stream every salesman's field rows to the sinks (none after
    `through` when it is given)."""
    world = build_world(salesmen=salesmen, months=months, seed=seed, end=end, through=through)
    for sink in sinks:
        sink.structure(world)
    counts = {
        "teams": len(world.teams),
        "salesmen": len(world.people),
        "outlets": sum(len(r) for r in world.routes.values()),
        "products": len(world.products),
        "visits": 0,
        "orders": 0,
        "audits": 0,
    }
    for index in range(len(world.salesmen)):
        rows = FieldRows(world, index, seed).build()
        for kind, batch in (("visits", rows.visits), ("orders", rows.orders)):
            counts[kind] += len(batch)
            for sink in sinks:
                sink.rows(kind, batch)
        counts["audits"] += len(rows.audits)
        for sink in sinks:
            sink.rows("audits", rows.audits)
        if progress and (index + 1) % 200 == 0:
            progress(f"  {index + 1:,} salesmen, {counts['orders']:,} order lines")
    for sink in sinks:
        sink.close()
    return Summary(counts=counts, months=world.months)


def csv_text(rows: Iterable[Iterable]) -> io.StringIO:
    """Rows as CSV text for PostgreSQL's COPY."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    return buffer


class DbSink:
    """Straight into the database: PostgreSQL COPY for the big tables (executemany on SQLite),
    bulk_create for the few thousand people."""

    TABLES = {
        "visits": ("outlets_visit", ["visit_id", "date", "salesman_id", "outlet_id"]),
        "orders": (
            "outlets_orderline",
            ["order_no", "date", "salesman_id", "outlet_id", "product_id", "quantity", "amount"],
        ),
        "audits": (
            "outlets_shelfaudit",
            [
                "audit_id",
                "date",
                "salesman_id",
                "outlet_id",
                "planogram_compliance",
                "osa",
                "share_of_shelf",
            ],
        ),
        "outlets": (
            "outlets_outlet",
            [
                "code",
                "name",
                "channel",
                "type",
                "territory_id",
                "salesman_id",
                "key_account",
                "acquired_on",
                "acquired_by_id",
                "active",
            ],
        ),
    }

    def __init__(self, batch: int = 200_000):
        from django.db import connection

        self.connection = connection
        self.batch = batch
        self.pending: dict[str, list[tuple]] = {"visits": [], "orders": [], "audits": []}

    def _write(self, kind: str, rows: list[tuple]) -> None:
        table, columns = self.TABLES[kind]
        insert_rows(table, columns, rows)

    def structure(self, world: World) -> None:
        from django.contrib.auth.hashers import make_password
        from django.db import transaction

        from org.models import Salesman, Territory, User
        from org.models import Team as TeamModel

        from .models import Outlet, Product

        with transaction.atomic():
            territory = {}
            for name in world.territories:
                territory[name], _ = Territory.objects.get_or_create(name=name)
            unusable = make_password(None)
            users = User.objects.bulk_create(
                [
                    User(
                        username=p.code,
                        first_name=p.name.split(" ")[0],
                        last_name=p.name.partition(" ")[2],
                        email=f"{p.code.lower()}@example.co.id",
                        role=p.role,
                        password=unusable,
                    )
                    for p in world.people
                ]
            )
            user = {u.username: u for u in users}
            teams = TeamModel.objects.bulk_create(
                [
                    TeamModel(
                        name=t.name,
                        channel=t.channel,
                        supervisor=user[t.supervisor],
                        manager=user[t.manager],
                    )
                    for t in world.teams
                ]
            )
            team = {t.name: t for t in teams}
            profile: dict[str, Salesman] = {}
            for group in (world.managers, world.supervisors, world.salesmen):
                created = Salesman.objects.bulk_create(
                    [
                        Salesman(
                            user=user[p.code],
                            code=p.code,
                            name=p.name,
                            channel=p.channel,
                            team=team.get(p.team) if p.team else None,
                            territory=territory[p.territory],
                            level=p.level,
                            reports_to=profile.get(p.reports_to) if p.reports_to else None,
                        )
                        for p in group
                    ]
                )
                profile.update({s.code: s for s in created})
            Product.objects.bulk_create(
                [
                    Product(sku=p.sku, name=p.name, category=p.category, new_product=p.new_product)
                    for p in world.products
                ]
            )
            self.salesman_id = {code: s.pk for code, s in profile.items()}
            rows = [
                (
                    o.code,
                    o.name,
                    o.channel,
                    o.type,
                    territory[o.territory].pk,
                    self.salesman_id[o.salesman],
                    o.key_account,
                    o.acquired_on,
                    self.salesman_id[o.salesman],
                    True,
                )
                for o in world.outlets()
            ]
            for start in range(0, len(rows), self.batch):
                self._write("outlets", rows[start : start + self.batch])
        codes = {o.code for o in world.outlets()}
        self.outlet_id = {
            code: pk
            for code, pk in Outlet.objects.filter(code__startswith="OUT").values_list("code", "pk")
            if code in codes
        }
        self.product_id = dict(Product.objects.values_list("sku", "pk"))

    def rows(self, kind: str, rows: list[tuple]) -> None:
        sid, oid, pid = self.salesman_id, self.outlet_id, self.product_id
        if kind == "orders":
            converted = [(r[0], r[1], sid[r[2]], oid[r[3]], pid[r[4]], r[5], r[6]) for r in rows]
        else:
            converted = [(r[0], r[1], sid[r[2]], oid[r[3]], *r[4:]) for r in rows]
        pending = self.pending[kind]
        pending.extend(converted)
        if len(pending) >= self.batch:
            self._write(kind, pending)
            pending.clear()

    def close(self) -> None:
        for kind, pending in self.pending.items():
            if pending:
                self._write(kind, pending)
                pending.clear()


def insert_rows(table: str, columns: list[str], rows: list) -> None:
    """Insert plain rows fast: PostgreSQL COPY, executemany elsewhere (SQLite). Field rows get
    their months' partitions first (outlets/partitions.py), rather than landing in DEFAULT."""
    from django.db import connection, transaction

    from .partitions import TABLES, ensure_month_partitions

    with transaction.atomic(), connection.cursor() as cursor:
        if table in TABLES:
            at = columns.index("date")
            ensure_month_partitions({_as_date(row[at]) for row in rows})
        if connection.vendor == "postgresql":
            cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)",
                csv_text(rows),
            )
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                [[_text(v) if isinstance(v, date) else v for v in row] for row in rows],
            )
