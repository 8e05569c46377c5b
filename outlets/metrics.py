"""The metric catalogue (docs/contracts.md), computed per salesman set-based in SQL for any
date window: a calendar month, the month to date, a week, a booster's two weeks.

One aggregate query over the window's field rows fills a temporary "base" table (one row per
salesman: sums and counts; the window's order lines are read once, from the covering index
`order_line_month_scan`, whose month expression also narrows a window that is not a whole month),
and every metric of the catalogue is derived from it. `compute_month_metrics` stores a month's
(or the month to date's) values with one INSERT … SELECT into the snapshot (`MetricSnapshot`, one
row per salesman and month, one column per metric, with the `as_of` date it covers), and the team
aggregates from the same base grouped by team; `window_metric_values` returns any window's values
without storing them. No Python loop ever touches a field row.

Returns are order lines with a negative amount (and quantity): revenue and every amount-based
figure are net of them; counts (orders, active outlets, distribution points, order lines,
productive calls, repeat outlets) count positive lines only.

Growth for a window: a whole month, or the month to date, is compared with the same days of the
previous month (the whole previous month for a whole month) and of the same month last year;
any other window with the window of equal length just before it and with the same dates a year
earlier (`growth_windows`).

Ratios are computed in SQL as `numeric` on PostgreSQL (never float) and stored with 4 decimals;
SQLite (the laptop default) has no exact numeric type, so there the same SQL runs in its native
arithmetic. A metric whose ratio would divide by zero is stored as NULL ("no data"); counts and
sums with nothing behind them are 0.

Months are business months: field rows carry their Asia/Jakarta date, so a month is the plain
date range first day … last day (see `spm.months`).
"""

import csv
import io
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from org.periods import is_month_locked, require_open
from spm.months import add_months, current_month, local_date, month_end, month_start

from .models import GroupMetricValue, MetricSnapshot, ProductGroup, TeamMetricValue


@dataclass(frozen=True)
class MetricDef:
    """One metric of the catalogue: its code, labels in both languages, unit and definition.

    `expr` is the SQL expression over the per-salesman (or per-team) base row that gives the
    value (`{num}` stands for the database's numeric type); `ratio` marks metrics that have no
    data when their denominator is zero; the others are additive (a window's value is the sum
    of its days': pace targets and projections scale them, docs/contracts.md). `field_term` is
    the word the field uses (EC, AO, NOO, LPC, ND), shown beside the label.
    """

    code: str
    label_id: str
    label_en: str
    unit: str
    definition: str  # English, marked for translation
    expr: str
    ratio: bool = False
    field_term: str = ""
    lower_is_better: bool = False

    @property
    def additive(self) -> bool:
        return not self.ratio

    @property
    def name(self) -> str:
        """The label alone, in the reader's language."""
        return self.label_en if (get_language() or "id").startswith("en") else self.label_id

    @property
    def label(self) -> str:
        """The label with its field term: "Outlet aktif (AO)"."""
        return f"{self.name} ({self.field_term})" if self.field_term else self.name


def _num(expr: str) -> str:
    """Exact numeric on PostgreSQL; `{num}` becomes REAL on SQLite (no exact type there)."""
    return f"CAST({expr} AS {{num}})"


def _ratio(numerator: str, denominator: str, times: str = "") -> str:
    """numerator / denominator (× times), NULL when the denominator is 0."""
    scaled = f"{_num(numerator)}{times} / {denominator}"
    return f"CASE WHEN {denominator} = 0 THEN NULL ELSE ROUND({scaled}, 4) END"


def _growth(current: str, previous: str) -> str:
    """(current / previous − 1) × 100, NULL when previous is 0."""
    return (
        f"CASE WHEN {previous} = 0 THEN NULL "
        f"ELSE ROUND(({_num(current)} / {previous} - 1) * 100, 4) END"
    )


def _catalogue() -> list[MetricDef]:
    # The base columns: revenue, orders, active_outlets, new_outlets, visits, field_days,
    # productive_calls, distribution_points, repeat_outlets, revenue_prev, revenue_ly,
    # new_product_listings, audits, planogram_sum, osa_sum, sos_sum.
    return [
        MetricDef(
            "revenue",
            "Omzet",
            "Revenue",
            "Rp",
            _("sum of amount of order lines dated in M, net of returns"),
            "revenue",
        ),
        MetricDef(
            "orders",
            "Order",
            "Orders",
            "order",
            _("distinct order_no dated in M (positive lines; returns are not orders)"),
            "orders",
        ),
        MetricDef(
            "aov",
            "Nilai order rata-rata",
            "Average order value",
            "Rp",
            _("revenue / orders"),
            _ratio("revenue", "orders"),
            ratio=True,
        ),
        MetricDef(
            "active_outlets",
            "Outlet aktif",
            "Active outlets",
            "outlet",
            _("distinct outlets with at least one order in M"),
            "active_outlets",
            field_term="AO",
        ),
        MetricDef(
            "new_outlets",
            "Outlet baru",
            "New outlets",
            "outlet",
            _("outlets acquired by the salesman with acquired_on in M"),
            "new_outlets",
            field_term="NOO",
        ),
        MetricDef("visits", "Kunjungan", "Visits", "visit", _("visits dated in M"), "visits"),
        MetricDef(
            "field_days",
            "Hari kerja lapangan",
            "Field days",
            "day",
            _("distinct dates in M with at least one visit"),
            "field_days",
        ),
        MetricDef(
            "visits_per_day",
            "Kunjungan per hari",
            "Visits per day",
            "visit/day",
            _("visits / field_days"),
            _ratio("visits", "field_days"),
            ratio=True,
        ),
        MetricDef(
            "productive_calls",
            "Kunjungan produktif",
            "Productive calls",
            "visit",
            _("visits with an order by the same salesman at the same outlet on the same date"),
            "productive_calls",
            field_term="EC",
        ),
        MetricDef(
            "hit_rate",
            "Hit rate",
            "Hit rate",
            "%",
            _("productive_calls / visits × 100"),
            _ratio("productive_calls", "visits", " * 100"),
            ratio=True,
        ),
        MetricDef(
            "distribution_points",
            "Titik distribusi",
            "Distribution points",
            "point",
            _("distinct (outlet, SKU) pairs ordered in M"),
            "distribution_points",
        ),
        MetricDef(
            "sku_per_outlet",
            "SKU per outlet",
            "SKUs per outlet",
            "SKU/outlet",
            _("distribution_points / active_outlets"),
            _ratio("distribution_points", "active_outlets"),
            ratio=True,
        ),
        MetricDef(
            "repeat_order_ratio",
            "Rasio repeat order",
            "Repeat-order ratio",
            "%",
            _("percentage of active outlets with at least two distinct orders in M"),
            _ratio("repeat_outlets", "active_outlets", " * 100"),
            ratio=True,
        ),
        MetricDef(
            "revenue_growth_mom",
            "Pertumbuhan omzet MoM",
            "Revenue growth MoM",
            "%",
            _("(revenue(M) / revenue(M−1) − 1) × 100"),
            _growth("revenue", "revenue_prev"),
            ratio=True,
        ),
        MetricDef(
            "revenue_growth_yoy",
            "Pertumbuhan omzet YoY",
            "Revenue growth YoY",
            "%",
            _("(revenue(M) / revenue(same month last year) − 1) × 100"),
            _growth("revenue", "revenue_ly"),
            ratio=True,
        ),
        MetricDef(
            "new_product_listings",
            "Listing produk baru",
            "New-product listings",
            "outlet",
            _("distinct MT key-account outlets whose first-ever order of a new product falls in M"),
            "new_product_listings",
        ),
        MetricDef(
            "planogram_compliance",
            "Kepatuhan planogram",
            "Planogram compliance",
            "%",
            _("mean planogram compliance of the audits dated in M"),
            _ratio("planogram_sum", "audits"),
            ratio=True,
        ),
        MetricDef(
            "osa",
            "Ketersediaan di rak (OSA)",
            "On-shelf availability (OSA)",
            "%",
            _("mean on-shelf availability of the audits dated in M"),
            _ratio("osa_sum", "audits"),
            ratio=True,
        ),
        MetricDef(
            "share_of_shelf",
            "Pangsa rak",
            "Share of shelf",
            "%",
            _("mean share of shelf of the audits dated in M"),
            _ratio("sos_sum", "audits"),
            ratio=True,
        ),
        MetricDef(
            "oos_rate",
            "Tingkat kehabisan stok (OOS)",
            "Out-of-stock rate",
            "%",
            _("100 − osa"),
            f"CASE WHEN audits = 0 THEN NULL ELSE ROUND(100 - {_num('osa_sum')} / audits, 4) END",
            ratio=True,
            lower_is_better=True,
        ),
        MetricDef(
            "lines_per_call",
            "Baris order per kunjungan produktif",
            "Lines per call",
            "line/call",
            _("order lines / productive calls"),
            _ratio("order_lines", "productive_calls"),
            ratio=True,
            field_term="LPC",
        ),
        MetricDef(
            "outlet_coverage",
            "Cakupan outlet",
            "Outlet coverage",
            "%",
            _("active outlets / active outlets assigned to the salesman × 100"),
            _ratio("active_outlets", "assigned_outlets", " * 100"),
            ratio=True,
        ),
    ]


METRICS: dict[str, MetricDef] = {metric.code: metric for metric in _catalogue()}


def _sql(metric: MetricDef) -> str:
    """The metric's SQL expression for the database in use."""
    return metric.expr.format(num="NUMERIC" if connection.vendor == "postgresql" else "REAL")


# Base columns that add up over a team (everything in the base row is a sum or a count).
_BASE_COLUMNS = [
    "revenue",
    "orders",
    "active_outlets",
    "new_outlets",
    "visits",
    "field_days",
    "productive_calls",
    "distribution_points",
    "repeat_outlets",
    "order_lines",
    "assigned_outlets",
    "revenue_prev",
    "revenue_ly",
    "new_product_listings",
    "audits",
    "planogram_sum",
    "osa_sum",
    "sos_sum",
]

_BASE_TABLE = "outlets_metric_base"
_LINES_TABLE = "outlets_metric_lines"

# The order lines and the visits as one list of rows: a visit row has no order number, SKU or
# amount. No WHERE in the branches: PostgreSQL then plans them as one append of both tables,
# each read in salesman × outlet order from its index and merged.
_FIELD_ROWS = """(
        SELECT salesman_id, outlet_id, order_no, product_id, amount, date, 0 AS visit
        FROM outlets_orderline
        UNION ALL
        SELECT salesman_id, outlet_id, CAST(NULL AS varchar(60)), CAST(NULL AS bigint),
               CAST(NULL AS numeric(18, 2)), date, 1
        FROM outlets_visit
    )"""

# The sums and counts of a salesman's rows at one outlet (`outlet_sums`), then of his outlets
# (`salesman_sums`): one text for the base query's pass (`_LINES_SQL`) and a transferred
# person's stretches (`_SEGMENT_SQL`), so the two cannot count differently.
_OUTLET_SUMS = """SUM(amount) AS revenue,
           COUNT(DISTINCT CASE WHEN amount >= 0 THEN order_no END) AS orders,
           COUNT(DISTINCT CASE WHEN amount >= 0 THEN product_id END) AS skus,
           SUM(CASE WHEN amount >= 0 THEN 1 ELSE 0 END) AS order_lines,
           {day_mask} AS order_days,
           SUM(visit) AS visits,
           {visit_mask} AS visit_days{group_columns}"""
_SALESMAN_SUMS = """SUM(revenue) AS revenue, SUM(orders) AS orders,
       SUM(CASE WHEN orders > 0 THEN 1 ELSE 0 END) AS active_outlets,
       SUM(skus) AS distribution_points,
       SUM(CASE WHEN orders > 1 THEN 1 ELSE 0 END) AS repeat_outlets,
       SUM(order_lines) AS order_lines,
       SUM(visits) AS visits, {field_days} AS field_days,
       SUM(CASE WHEN visits = 0 OR order_lines = 0 THEN 0 ELSE {productive} END)
           AS productive_calls{group_sums}"""


def _with_sums(sql: str) -> str:
    return sql.replace("{outlet_sums}", _OUTLET_SUMS).replace("{salesman_sums}", _SALESMAN_SUMS)


# Every salesman's sums and counts of the window's order lines and visits, one row each: the
# base query's one expensive part (a pass over every field row of the window), kept apart so
# that it can also run in pieces, side by side (`_build_base_side_by_side`).
_LINES_SQL = _with_sums(
    """
WITH outlet_month AS (
    -- One pass over the window's order lines and visits together, one row per salesman and
    -- outlet ordered at or visited. PostgreSQL reads both from indexes already in group order
    -- (`order_line_month_scan`: month, salesman, outlet, order_no, SKU, with date and amount;
    -- `visit_outlet_scan`: salesman, outlet, date) and merges them: no sort, no hash, no join
    -- of visits to orders (at 20,000 salesmen that join spilled to disk: 9 of the close's 47 s).
    -- A visit row has no order number, SKU or amount. Orders and SKUs are distinct per outlet
    -- here and add up per salesman, because an order's lines share one salesman, outlet and
    -- date (the import refuses an order that does not). `order_days` has bit d set when the
    -- outlet ordered on day d + 1 of the window, `visit_days` when it was visited.
    SELECT salesman_id, outlet_id, {outlet_sums}
    FROM {field_rows} field_rows
    WHERE {rows_in_window} {scope}
    GROUP BY salesman_id, outlet_id
)
-- active outlets: at least one positive line; repeat outlets: at least two distinct orders;
-- a visit is productive when its outlet has an order by the same salesman that day
SELECT om.salesman_id, {salesman_sums}
FROM outlet_month om
GROUP BY om.salesman_id
"""
)

# One row per salesman of `sm`: every sum and count the catalogue needs, for the window [s, e].
# %(…)s parameters: s, e (the window), ps, pe (the previous window), ys, ye (last year's).
# A line with a negative amount is a return: it counts in the sums, never in the counts.
_BASE_SQL = """
CREATE TEMPORARY TABLE {table} AS
WITH sm AS (
    SELECT id AS salesman_id, team_id FROM org_salesman {where}
),
lines AS (
{lines}
),
nw AS (
    SELECT acquired_by_id AS salesman_id, COUNT(*) AS new_outlets
    FROM outlets_outlet
    WHERE acquired_on >= %(s)s AND acquired_on <= %(e)s
      {acquired_scope}
    GROUP BY acquired_by_id
),
asg AS (
    -- the active outlets assigned to the salesman today (outlet_coverage's denominator)
    SELECT salesman_id, COUNT(*) AS assigned_outlets
    FROM outlets_outlet
    WHERE active = %(yes)s AND salesman_id IS NOT NULL {scope}
    GROUP BY salesman_id
),
prev AS (
    SELECT salesman_id, SUM(amount) AS revenue_prev FROM outlets_orderline
    WHERE date >= %(ps)s AND date <= %(pe)s {scope}
    GROUP BY salesman_id
),
ly AS (
    SELECT salesman_id, SUM(amount) AS revenue_ly FROM outlets_orderline
    WHERE date >= %(ys)s AND date <= %(ye)s {scope}
    GROUP BY salesman_id
),
np_first AS (
    -- (key-account MT outlet, new product) pairs ordered in the window and never before it
    SELECT ol.outlet_id, ol.product_id, MIN(ol.date) AS first_date
    FROM outlets_orderline ol
    JOIN outlets_product p ON p.id = ol.product_id
    JOIN outlets_outlet o ON o.id = ol.outlet_id
    WHERE ol.date >= %(s)s AND ol.date <= %(e)s AND ol.amount >= 0
      AND p.new_product = %(yes)s AND o.channel = 'MT' AND o.key_account = %(yes)s
      AND NOT EXISTS (
          SELECT 1 FROM outlets_orderline e
          WHERE e.outlet_id = ol.outlet_id AND e.product_id = ol.product_id AND e.date < %(s)s
            AND e.amount >= 0
      )
    GROUP BY ol.outlet_id, ol.product_id
),
npl AS (
    -- credited to whoever took the first order of the pair
    SELECT l.salesman_id, COUNT(DISTINCT l.outlet_id) AS new_product_listings
    FROM outlets_orderline l
    JOIN np_first f
      ON f.outlet_id = l.outlet_id AND f.product_id = l.product_id AND l.date = f.first_date
    WHERE l.amount >= 0 AND l.date >= %(s)s AND l.date <= %(e)s
    GROUP BY l.salesman_id
),
aud AS (
    SELECT salesman_id, COUNT(*) AS audits, SUM(planogram_compliance) AS planogram_sum,
           SUM(osa) AS osa_sum, SUM(share_of_shelf) AS sos_sum
    FROM outlets_shelfaudit
    WHERE date >= %(s)s AND date <= %(e)s {scope}
    GROUP BY salesman_id
)
SELECT sm.salesman_id, sm.team_id,
       COALESCE(lines.revenue, 0) AS revenue,
       COALESCE(lines.orders, 0) AS orders,
       COALESCE(lines.active_outlets, 0) AS active_outlets,
       COALESCE(nw.new_outlets, 0) AS new_outlets,
       COALESCE(lines.visits, 0) AS visits,
       COALESCE(lines.field_days, 0) AS field_days,
       COALESCE(lines.productive_calls, 0) AS productive_calls,
       COALESCE(lines.distribution_points, 0) AS distribution_points,
       COALESCE(lines.repeat_outlets, 0) AS repeat_outlets,
       COALESCE(lines.order_lines, 0) AS order_lines,
       COALESCE(asg.assigned_outlets, 0) AS assigned_outlets,
       COALESCE(prev.revenue_prev, 0) AS revenue_prev,
       COALESCE(ly.revenue_ly, 0) AS revenue_ly,
       COALESCE(npl.new_product_listings, 0) AS new_product_listings,
       COALESCE(aud.audits, 0) AS audits,
       COALESCE(aud.planogram_sum, 0) AS planogram_sum,
       COALESCE(aud.osa_sum, 0) AS osa_sum,
       COALESCE(aud.sos_sum, 0) AS sos_sum{group_base}
FROM sm
LEFT JOIN lines ON lines.salesman_id = sm.salesman_id
LEFT JOIN nw ON nw.salesman_id = sm.salesman_id
LEFT JOIN asg ON asg.salesman_id = sm.salesman_id
LEFT JOIN prev ON prev.salesman_id = sm.salesman_id
LEFT JOIN ly ON ly.salesman_id = sm.salesman_id
LEFT JOIN npl ON npl.salesman_id = sm.salesman_id
LEFT JOIN aud ON aud.salesman_id = sm.salesman_id
"""

# Windows up to this many days keep the order days of an outlet as bits of one integer.
_MASK_DAYS = 31


def _dialect(days: int, bounds: tuple[str, str] = ("%(s)s", "%(e)s")) -> dict[str, str]:
    """The few pieces of the base query that PostgreSQL and SQLite spell differently: the
    month of a date (the expression of the index `order_line_month_scan`, so that PostgreSQL
    reads the window's lines from that index), the bitwise OR of the days an outlet ordered and
    was visited, a salesman's distinct visit days, and an outlet's productive visits.

    PostgreSQL counts days as bits of the window's days (`bit_or`, `bit_count`): no sort, no
    join. An outlet's productive visits are then the visit days that are order days, exactly,
    unless the outlet was visited twice on one day (visits > visit days): only then, and on
    SQLite (no `bit_count`) or in a window longer than `_MASK_DAYS` days (a quarter), each of
    its visits is looked up (`_PRODUCTIVE_VISITS`). `bounds`: the first and last day a row of
    `om` covers (the window's, or a stretch's in the team split)."""
    positive_day = "CASE WHEN amount >= 0 THEN 1 << {day} END"
    first, last = bounds
    exact = _PRODUCTIVE_VISITS.format(s=first, e=last)
    if connection.vendor == "postgresql" and days <= _MASK_DAYS:
        day = "(date - CAST(%(s)s AS date))"
        return {
            "month_of_date": "(date_trunc('month', (date)::timestamp))::date",
            "day_mask": "bit_or(" + positive_day.format(day=day) + ")",
            "visit_mask": f"bit_or(1 << {day}) FILTER (WHERE visit = 1)",
            "field_days": "bit_count(bit_or(om.visit_days)::bit(32))",
            "productive": (
                "CASE WHEN visits = bit_count(visit_days::bit(32)) "
                f"THEN bit_count((visit_days & order_days)::bit(32)) ELSE {exact} END"
            ),
        }
    pieces = {
        "day_mask": "0",
        "visit_mask": "0",
        "field_days": _VISIT_DAYS.format(s=first, e=last),
        "productive": exact,
    }
    if connection.vendor == "postgresql":
        pieces["month_of_date"] = "(date_trunc('month', (date)::timestamp))::date"
    else:
        pieces["month_of_date"] = "date(date, 'start of month')"
    return pieces


# A salesman's distinct visit days, and an outlet's productive visits (those on a day the
# salesman has a positive order line at the outlet), read one by one: see `_dialect`.
_VISIT_DAYS = """(SELECT COUNT(DISTINCT v.date) FROM outlets_visit v
     WHERE v.salesman_id = om.salesman_id AND v.date >= {s} AND v.date <= {e})"""
_PRODUCTIVE_VISITS = """(SELECT COUNT(*) FROM outlets_visit v
     WHERE v.salesman_id = om.salesman_id AND v.outlet_id = om.outlet_id
       AND v.date >= {s} AND v.date <= {e}
       AND EXISTS (SELECT 1 FROM outlets_orderline o2
                   WHERE o2.salesman_id = v.salesman_id AND o2.outlet_id = v.outlet_id
                     AND o2.date = v.date AND o2.amount >= 0
                     AND o2.date >= %(s)s AND o2.date <= %(e)s))"""


def _same_day_in(month: date, day: date) -> date:
    """`day`'s day of month in `month`, or that month's last day when it is shorter."""
    return min(month.replace(day=1) + timedelta(days=day.day - 1), month_end(month))


def growth_windows(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The previous window and last year's window a window's growth compares with.

    A window that starts on the 1st and stays in its month (the month to date, or the whole
    month) compares with the same days of the previous month and of the same month a year
    earlier (a whole month with the whole month); any other window with the window of equal
    length just before it, and with the same dates a year earlier.
    """
    if start.day == 1 and month_start(end) == start:
        whole = end == month_end(start)
        periods = []
        for shift in (-1, -12):
            month = add_months(start, shift)
            periods.append((month, month_end(month) if whole else _same_day_in(month, end)))
        return periods[0], periods[1]
    length = end - start
    previous = (start - length - timedelta(days=1), start - timedelta(days=1))
    last_year = (
        _same_day_in(add_months(start, -12), start),
        _same_day_in(add_months(end, -12), end),
    )
    return previous, last_year


def _window_params(start: date, end: date) -> dict:
    (ps, pe), (ys, ye) = growth_windows(start, end)
    return {
        "s": start.isoformat(),
        "e": end.isoformat(),
        "ps": ps.isoformat(),
        "pe": pe.isoformat(),
        "ys": ys.isoformat(),
        "ye": ye.isoformat(),
        "yes": True,
    }


def _lines_in_window(start: date, end: date, month_of_date: str) -> str:
    """The WHERE of the window's order lines (and visits): the month expression of the index
    `order_line_month_scan` (a whole month is exactly one key of it), narrowed by date when
    the window is not whole months."""
    months = []
    month = month_start(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    in_months = (
        f"{month_of_date} = '{months[0].isoformat()}'"
        if len(months) == 1
        else f"{month_of_date} IN ({', '.join(repr(m.isoformat()) for m in months)})"
    )
    # A plain range on `date` too, always: PostgreSQL prunes the monthly partitions on the
    # column itself, never on the month expression (docs/architecture.md "Partitioned field
    # data"). Literals, as the whole-month form takes no parameter.
    return f"{in_months} AND date >= '{start.isoformat()}' AND date <= '{end.isoformat()}'"


def _id_list(ids) -> str:
    return ", ".join(str(int(i)) for i in ids)


@dataclass(frozen=True)
class _Group:
    """An SKU group as the base query reads it: its id, code and its products' ids."""

    id: int
    code: str
    product_ids: tuple[int, ...]


# The group metrics of every SKU group G: `revenue@G`, `outlets@G`, `numeric_distribution@G`.
GROUP_METRICS = ("revenue", "outlets", "numeric_distribution")


def _groups() -> list[_Group]:
    """Every SKU group with its products' ids (two queries)."""
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, product_id in ProductGroup.products.through.objects.values_list(
        "productgroup_id", "product_id"
    ):
        members[group_id].append(product_id)
    return [
        _Group(group_id, code, tuple(sorted(members[group_id])))
        for group_id, code in ProductGroup.objects.order_by("code").values_list("id", "code")
    ]


# PostgreSQL reads the groups of a line's product from one byte per product id (a bytea
# literal, 8 groups per literal) while the ids stay below this; beyond it, IN lists.
_MASK_MAX_PRODUCT_ID = 100_000


def _group_pieces(groups: list[_Group]) -> dict[str, str]:
    """The base query's extra columns for the SKU groups: per outlet, the group's net revenue
    and whether it bought one of the group's SKUs (a positive line); per salesman their sums.
    Same pass over the lines, no join: the group's products are a literal list of ids.

    Each aggregate costs a step per line, so on PostgreSQL whether an outlet bought from each
    group is one `bit_or` per 8 groups of the groups' bits of the line's product (`get_byte` of
    a literal indexed by product id): 4 aggregates for 3 groups instead of 6 (measured ≈ 1.07×
    the pass without groups instead of ≈ 1.3×, bench/README.md)."""
    columns, sums, base = [], [], []
    product_ids = [pid for group in groups for pid in group.product_ids]
    bytes_mask = (
        connection.vendor == "postgresql"
        and bool(product_ids)
        and max(product_ids) <= _MASK_MAX_PRODUCT_ID
    )
    if bytes_mask:
        top = max(product_ids)
        for chunk_no in range(0, len(groups), 8):
            chunk = groups[chunk_no : chunk_no + 8]
            bits = bytearray(top + 1)
            for bit, group in enumerate(chunk):
                for pid in group.product_ids:
                    bits[pid] |= 1 << bit
            columns.append(
                f",\n           bit_or(CASE WHEN product_id <= {top} THEN "
                f"get_byte('\\x{bits.hex()}'::bytea, CAST(product_id AS integer)) END) "
                f"FILTER (WHERE amount >= 0) AS gmask{chunk_no // 8}"
            )
    for position, group in enumerate(groups):
        k = group.id
        among = f"product_id IN ({_id_list(group.product_ids)})" if group.product_ids else "1 = 0"
        if bytes_mask:
            columns.append(f",\n           SUM(amount) FILTER (WHERE {among}) AS g{k}_revenue")
            outlet = f"(gmask{position // 8} & {1 << (position % 8)}) <> 0"
            sums.append(
                f", SUM(g{k}_revenue) AS g{k}_revenue"
                f", SUM(CASE WHEN {outlet} THEN 1 ELSE 0 END) AS g{k}_outlets"
            )
        else:
            columns.append(
                f",\n           SUM(CASE WHEN {among} THEN amount END) AS g{k}_revenue"
                f",\n           MAX(CASE WHEN {among} AND amount >= 0 THEN 1 ELSE 0 END)"
                f" AS g{k}_outlet"
            )
            sums.append(f", SUM(g{k}_revenue) AS g{k}_revenue, SUM(g{k}_outlet) AS g{k}_outlets")
        base.append(
            f",\n       COALESCE(lines.g{k}_revenue, 0) AS g{k}_revenue"
            f",\n       COALESCE(lines.g{k}_outlets, 0) AS g{k}_outlets"
        )
    return {
        "group_columns": "".join(columns),
        "group_sums": "".join(sums),
        "group_base": "".join(base),
    }


def _group_metric_sql(group: _Group) -> dict[str, str]:
    """The group metrics of one group over a base row: {metric name: SQL expression}."""
    k = group.id
    return {
        f"revenue@{group.code}": f"g{k}_revenue",
        f"outlets@{group.code}": f"g{k}_outlets",
        f"numeric_distribution@{group.code}": _ratio(
            f"g{k}_outlets", "active_outlets", " * 100"
        ).format(num="NUMERIC" if connection.vendor == "postgresql" else "REAL"),
    }


def _build_base(
    cursor,
    *,
    start: date,
    end: date,
    ids,
    groups: list[_Group],
    teams: bool = True,
    workers: int = 1,
) -> None:
    """Fill the temporary base table for the window [start, end] and the salesmen `ids` (all
    when None), with every member of their teams when `teams` (team aggregates need them): the
    members of today and of the window's days (people over time). `workers` > 1 (the whole
    sales force only): the pass over the field rows in that many pieces side by side."""
    id_list = None if ids is None else _id_list(ids)
    where = "" if ids is None else f"WHERE id IN ({id_list})"
    if ids is not None and teams:
        overlap = '(start IS NULL OR start <= %(e)s) AND ("end" IS NULL OR "end" >= %(s)s)'
        their_teams = (
            f"(SELECT team_id FROM org_salesman WHERE id IN ({id_list}) AND team_id IS NOT NULL"  # noqa: S608
            f" UNION SELECT team_id FROM org_assignment WHERE salesman_id IN ({id_list})"
            f" AND team_id IS NOT NULL AND {overlap})"
        )
        where += (
            f" OR team_id IN {their_teams} OR id IN (SELECT salesman_id FROM org_assignment"  # noqa: S608
            f" WHERE team_id IN {their_teams} AND {overlap})"
        )
    if connection.vendor == "postgresql":
        _tune(cursor)
    cursor.execute(f"DROP TABLE IF EXISTS {_BASE_TABLE}")
    dialect = _dialect((end - start).days + 1)
    rows_in_window = _lines_in_window(start, end, dialect.pop("month_of_date"))
    pieces = _group_pieces(groups)

    def lines_of(scope: str) -> str:
        return _LINES_SQL.format(
            field_rows=_FIELD_ROWS, rows_in_window=rows_in_window, scope=scope, **pieces, **dialect
        )

    scope = "" if ids is None else "AND salesman_id IN (SELECT salesman_id FROM sm)"
    params = _window_params(start, end)
    base = _BASE_SQL.format(
        table=_BASE_TABLE,
        where=where,
        lines=f"SELECT * FROM {_LINES_TABLE}" if workers > 1 else lines_of(scope),  # noqa: S608
        scope=scope,
        acquired_scope=(
            "" if ids is None else "AND acquired_by_id IN (SELECT salesman_id FROM sm)"
        ),
        **pieces,
    )
    if workers > 1:
        _build_base_side_by_side(cursor, base, lines_of, params, workers)
    else:
        cursor.execute(base, params)


def _tune(cursor, scope: str = "LOCAL") -> None:
    """PostgreSQL settings for the pass over the window's field rows: big hash aggregates
    instead of sorts spilling to disk; and JIT only for a large pass. Compiling the base query's
    ~300 expressions costs ≈ 0.45 s: more than it saves on a month of 2,000 salesmen (planner
    cost ≈ 0.9M), a quarter of the query on a month of 20,000 (cost ≈ 4.8M: 15 s instead of
    18–22 s). `scope`: LOCAL (this transaction) or SESSION."""
    cursor.execute(f"SET {scope} work_mem = '256MB'")
    cursor.execute(f"SET {scope} jit_above_cost = 2000000")


def _side_by_side_workers(cursor) -> int:
    """How many connections read the window's field rows: `settings.METRICS_WORKERS` on
    PostgreSQL for a sales force of `METRICS_SIDE_BY_SIDE_MIN_SALESMEN` or more, else one."""
    workers = settings.METRICS_WORKERS
    if connection.vendor != "postgresql" or workers < 2:
        return 1
    cursor.execute("SELECT COUNT(*) FROM org_salesman")
    (people,) = cursor.fetchone()
    return workers if people >= settings.METRICS_SIDE_BY_SIDE_MIN_SALESMEN else 1


def _build_base_side_by_side(cursor, base: str, lines_of, params: dict, workers: int) -> None:
    """Build the base table with the pass over the field rows (`_LINES_SQL`) in `workers`
    pieces of the salesmen, by id range, each read on its own connection in its own thread,
    while this connection computes the rest of the base (new and assigned outlets, the growth
    windows' revenue, new-product listings, audits) over a lines table still empty; the lines
    are then written into the base.

    Why by hand: the pass is one aggregate that PostgreSQL cannot run in parallel itself (its
    distinct counts have no partial form), so one core did all of it while the other waited:
    at 20,000 salesmen ≈ 15 s of the close's 27 (bench/bench_close_period.py). The pieces'
    connections see what is committed: the field rows are (an import commits before the close
    or the refresh it triggers), and the month's lock, held by this transaction, keeps any
    import of the month out until the close ends. Hence only for the whole sales force of a
    large company (`_side_by_side_workers`); a few people, SQLite and the tests' small data
    take the one-statement path."""
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_LINES_TABLE} AS {lines_of('')} WITH NO DATA",  # noqa: S608
        params,
    )
    cursor.execute(f"SELECT * FROM {_LINES_TABLE} LIMIT 0")  # noqa: S608
    names = [column[0] for column in cursor.description if column[0] != "salesman_id"]
    cursor.execute("SELECT id FROM org_salesman ORDER BY id")
    ids = [row[0] for row in cursor.fetchall()]
    size = -(-len(ids) // workers)
    firsts = [ids[i] for i in range(0, len(ids), size)]
    scopes = []
    for n, first in enumerate(firsts):
        scope = f"AND salesman_id >= {int(first)}" if n else ""
        if n + 1 < len(firsts):
            scope += f" AND salesman_id < {int(firsts[n + 1])}"
        scopes.append(scope)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = [
            pool.submit(_rows_on_own_connection, lines_of(scope), params) for scope in scopes
        ]
        cursor.execute(base, params)  # meanwhile
        rows = [row for piece in pending for row in piece.result()]
    _copy_into(cursor, _LINES_TABLE, rows)
    # As the base query's own COALESCE: a salesman with visits only has no revenue sum.
    columns = ", ".join(f"{name} = COALESCE(lines.{name}, 0)" for name in names)
    cursor.execute(
        f"UPDATE {_BASE_TABLE} SET {columns} FROM {_LINES_TABLE} lines "  # noqa: S608
        f"WHERE {_BASE_TABLE}.salesman_id = lines.salesman_id"
    )
    cursor.execute(f"DROP TABLE {_LINES_TABLE}")


def _side_by_side(queries: list[str], params: dict) -> list[tuple]:
    """The rows of `queries`, each run on its own connection in its own thread, side by side."""
    with ThreadPoolExecutor(max_workers=len(queries)) as pool:
        pieces = list(pool.map(_rows_on_own_connection, queries, [params] * len(queries)))
    return [row for rows in pieces for row in rows]


def _copy_into(cursor, table: str, rows: list[tuple], columns: str = "") -> None:
    """COPY `rows` (numbers and dates only) into the temporary `table` of this connection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)  # None is written empty, which COPY's CSV reads as NULL
    buffer.seek(0)
    names = f" ({columns})" if columns else ""
    with connection.wrap_database_errors:
        cursor.cursor.copy_expert(f"COPY {table}{names} FROM STDIN WITH (FORMAT csv)", buffer)


def _rows_on_own_connection(sql: str, params: dict) -> list[tuple]:
    """Run `sql` on this thread's own connection (Django opens one per thread) and close it."""
    own = connections[DEFAULT_DB_ALIAS]
    try:
        with own.cursor() as cursor:
            _tune(cursor, "SESSION")
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        own.close()


# People over time (docs/contracts.md): team aggregates count each field row for the team its
# salesman was in on the row's date. Most people stand in one team the whole window: their base
# row goes to that team (the team then, not today's). A person transferred within the window is
# split into his stretches' days (`_SEGMENT_SQL`, one pass over his rows only); what does not
# split by day (new product listings, the previous window's and last year's revenue, the outlets
# assigned to him today) goes to his team on the window's last day.
_TEAM_BASE_TABLE = "outlets_metric_team_base"
_TEAM_SUMS_TABLE = "outlets_metric_team_sums"
_WHOLE_WINDOW_COLUMNS = ("new_product_listings", "revenue_prev", "revenue_ly", "assigned_outlets")
_SEGMENT_SQL = _with_sums(
    """
WITH seg (salesman_id, team_id, s, e) AS (VALUES {segments}),
outlet_month AS (
    -- his order lines and visits of each stretch, read as the base query reads them
    SELECT seg.salesman_id, seg.s, seg.e, r.outlet_id, {outlet_sums}
    FROM seg JOIN {field_rows} r
      ON r.salesman_id = seg.salesman_id AND r.date >= seg.s AND r.date <= seg.e
    WHERE {rows_in_window}
    GROUP BY seg.salesman_id, seg.s, seg.e, r.outlet_id
),
lines AS (
    SELECT om.salesman_id, om.s, {salesman_sums}
    FROM outlet_month om
    GROUP BY om.salesman_id, om.s, om.e
),
nw AS (
    SELECT seg.salesman_id, seg.s, COUNT(*) AS new_outlets
    FROM seg JOIN outlets_outlet o
      ON o.acquired_by_id = seg.salesman_id AND o.acquired_on >= seg.s AND o.acquired_on <= seg.e
    GROUP BY seg.salesman_id, seg.s
),
aud AS (
    SELECT seg.salesman_id, seg.s, COUNT(*) AS audits,
           SUM(a.planogram_compliance) AS planogram_sum, SUM(a.osa) AS osa_sum,
           SUM(a.share_of_shelf) AS sos_sum
    FROM seg JOIN outlets_shelfaudit a
      ON a.salesman_id = seg.salesman_id AND a.date >= seg.s AND a.date <= seg.e
     AND {a_window}
    GROUP BY seg.salesman_id, seg.s
)
SELECT seg.salesman_id, seg.team_id, {values}
FROM seg
LEFT JOIN lines ON lines.salesman_id = seg.salesman_id AND lines.s = seg.s
LEFT JOIN nw ON nw.salesman_id = seg.salesman_id AND nw.s = seg.s
LEFT JOIN aud ON aud.salesman_id = seg.salesman_id AND aud.s = seg.s
"""
)
_SEGMENT_SOURCE = {
    "new_outlets": "nw",
    "audits": "aud",
    "planogram_sum": "aud",
    "osa_sum": "aud",
    "sos_sum": "aud",
}  # the rest: lines


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _team_base_by_date(
    cursor, *, start: date, end: date, groups: list[_Group], workers: int = 1
) -> None:
    """Fill `_TEAM_BASE_TABLE` (salesman_id, team_id and the base's additive columns) from the
    base table of the window [start, end], each row in the team of its day (see above). With
    `workers` > 1, the people who moved are read in that many pieces side by side, as the base
    query's pass (`_build_base_side_by_side`)."""
    group_columns = [f"g{g.id}_{part}" for g in groups for part in ("revenue", "outlets")]
    columns = _BASE_COLUMNS + group_columns
    names = ", ".join(columns)
    cursor.execute(f"DROP TABLE IF EXISTS {_TEAM_BASE_TABLE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_TEAM_BASE_TABLE} AS "  # noqa: S608
        f"SELECT salesman_id, team_id, {names} FROM {_BASE_TABLE}"
    )
    cursor.execute(
        'SELECT a.salesman_id, a.start, a."end", a.team_id FROM org_assignment a '  # noqa: S608
        f"WHERE a.salesman_id IN (SELECT salesman_id FROM {_BASE_TABLE}) "
        'AND (a.start IS NULL OR a.start <= %s) AND (a."end" IS NULL OR a."end" >= %s)',
        [end.isoformat(), start.isoformat()],
    )
    stretches: dict[int, list[tuple[date, date, int | None]]] = defaultdict(list)
    for salesman_id, first, last, team_id in cursor.fetchall():
        first = max(start, _as_date(first)) if first is not None else start
        last = min(end, _as_date(last)) if last is not None else end
        stretches[salesman_id].append((first, last, team_id))
    if not stretches:
        return
    # One stretch over the window: his base row, in that stretch's team.
    # One statement: an UPDATE per person scanned the whole table each time (at 20,000
    # salesmen, 20,000 scans of 22,000 rows).
    single = [
        f"({int(sid)}, CAST({_sql_int(mine[0][2])} AS bigint))"
        for sid, mine in stretches.items()
        if len(mine) == 1
    ]
    if single:
        cursor.execute(
            f"UPDATE {_TEAM_BASE_TABLE} SET team_id = stretch.column2 "  # noqa: S608
            f"FROM (VALUES {', '.join(single)}) AS stretch "
            f"WHERE {_TEAM_BASE_TABLE}.salesman_id = stretch.column1"
        )
    split = {sid: sorted(mine) for sid, mine in stretches.items() if len(mine) > 1}
    if not split:
        return
    id_list = _id_list(split)
    # What does not split by day: to his team on the window's last day.
    whole = ", ".join(column if column in _WHOLE_WINDOW_COLUMNS else "0" for column in columns)
    last_team = " ".join(f"WHEN {sid} THEN {_sql_int(mine[-1][2])}" for sid, mine in split.items())
    cursor.execute(f"DELETE FROM {_TEAM_BASE_TABLE} WHERE salesman_id IN ({id_list})")  # noqa: S608
    cursor.execute(
        f"INSERT INTO {_TEAM_BASE_TABLE} (salesman_id, team_id, {names}) "  # noqa: S608
        f"SELECT salesman_id, CASE salesman_id {last_team} END, {whole} "
        f"FROM {_BASE_TABLE} WHERE salesman_id IN ({id_list})"
    )
    # The rest, stretch by stretch, over his own rows only.
    day = "CAST('{}' AS date)" if connection.vendor == "postgresql" else "'{}'"
    values = ", ".join(
        "0"
        if column in _WHOLE_WINDOW_COLUMNS
        else f"COALESCE({_SEGMENT_SOURCE.get(column, 'lines')}.{column}, 0)"
        for column in columns
    )
    pieces = _group_pieces(groups)
    dialect = _dialect((end - start).days + 1, bounds=("om.s", "om.e"))
    rows_in_window = _lines_in_window(start, end, dialect.pop("month_of_date"))

    def stretches_of(people: list[int]) -> str:
        segments = [
            f"({int(sid)}, CAST({_sql_int(team_id)} AS bigint), "
            f"{day.format(first.isoformat())}, {day.format(last.isoformat())})"
            for sid in people
            for first, last, team_id in split[sid]
        ]
        return _SEGMENT_SQL.format(
            segments=", ".join(segments),
            field_rows=_FIELD_ROWS,
            rows_in_window=rows_in_window,
            # the window's bounds as constants as well: PostgreSQL prunes partitions on them
            a_window=_date_range("a", start, end),
            values=values,
            **pieces,
            **dialect,
        )

    people = list(split)
    params = _window_params(start, end)
    if workers > 1 and len(people) >= workers:
        size = -(-len(people) // workers)
        queries = [stretches_of(people[i : i + size]) for i in range(0, len(people), size)]
        rows = _side_by_side(queries, params)
        _copy_into(cursor, _TEAM_BASE_TABLE, rows, f"salesman_id, team_id, {names}")
    else:
        cursor.execute(
            f"INSERT INTO {_TEAM_BASE_TABLE} (salesman_id, team_id, {names}) "  # noqa: S608
            + stretches_of(people),
            params,
        )


def _date_range(alias: str, start: date, end: date) -> str:
    return f"{alias}.date >= '{start.isoformat()}' AND {alias}.date <= '{end.isoformat()}'"


def _sql_int(value: int | None) -> str:
    return "NULL" if value is None else str(int(value))


def _as_decimal(value) -> Decimal | None:
    """A value read from the base as the snapshot would store it: Decimal with 4 places."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def window_metric_values(
    *, start: date, end: date, salesman_ids=None
) -> dict[int, dict[str, Decimal | None]]:
    """Every catalogue metric (group metrics included, as "revenue@focus") of the window
    [start, end] (inclusive), computed now and not stored: {salesman_id: {metric: value or
    None (no data)}}, for the salesmen asked (all when None). Weekly leaderboards and booster
    rules read it."""
    if end < start:
        raise ValueError(f"window ends before it starts: {start} … {end}")
    ids = None if salesman_ids is None else sorted({int(i) for i in salesman_ids})
    if ids is not None and not ids:
        return {}
    groups = _groups()
    expressions = {metric.code: _sql(metric) for metric in METRICS.values()}
    for group in groups:
        expressions.update(_group_metric_sql(group))
    scope = "" if ids is None else f"WHERE b.salesman_id IN ({_id_list(ids)})"
    select = (
        f"SELECT b.salesman_id, {', '.join(expressions.values())} "  # noqa: S608
        f"FROM {_BASE_TABLE} b {scope}"
    )
    codes = list(expressions)
    with transaction.atomic(), connection.cursor() as cursor:
        _build_base(cursor, start=start, end=end, ids=ids, groups=groups, teams=False)
        cursor.execute(select)
        rows = cursor.fetchall()
        cursor.execute(f"DROP TABLE {_BASE_TABLE}")
    return {
        salesman_id: {code: _as_decimal(value) for code, value in zip(codes, values, strict=True)}
        for salesman_id, *values in rows
    }


def _recorded_as_of(month: date, as_of: date | None) -> date:
    """The last day a month's snapshot covers: `as_of` when given (never past the month's end),
    else the month's end, or today when the month is still running."""
    if as_of is not None:
        return min(as_of, month_end(month))
    return min(month_end(month), max(month, local_date(timezone.now())))


def compute_month_metrics(*, month: date, salesman_ids=None, as_of: date | None = None) -> int:
    """Compute every catalogue metric of `month` for the salesmen (all when None) and store
    them as the month's snapshot, replacing the previous one; then the team aggregates of
    every team those salesmen belong to (every team when None).

    With `as_of`, the window is the month to date (the 1st … `as_of`), recorded on the snapshot
    (`snapshot_as_of`); without it, the whole month (recorded as of its end, or today while it
    runs). Returns the number of salesmen whose snapshot was stored. Raises `MonthLocked` when
    the month's payout run is locked; the month's lock is held until the caller's transaction
    ends.
    """
    month = month_start(month)
    if as_of is not None and as_of < month:
        raise ValueError(f"as_of {as_of} is before the month {month:%Y-%m}")
    end = month_end(month) if as_of is None else min(as_of, month_end(month))
    recorded = _recorded_as_of(month, as_of)
    ids = None if salesman_ids is None else sorted({int(i) for i in salesman_ids})
    if ids is not None and not ids:
        return 0
    # Every piece of SQL text below is built from constants and ints only (ids go through int()).
    id_list = None if ids is None else _id_list(ids)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    m = month.isoformat()
    salesman_scope = "" if ids is None else f"WHERE b.salesman_id IN ({id_list})"
    if ids is None:
        delete_people = "DELETE FROM outlets_metricsnapshot WHERE month = %s"
        delete_teams = "DELETE FROM outlets_teammetricvalue WHERE month = %s"
    else:
        delete_people = (
            f"DELETE FROM outlets_metricsnapshot WHERE month = %s AND salesman_id IN ({id_list})"  # noqa: S608
        )
        delete_teams = (
            "DELETE FROM outlets_teammetricvalue WHERE month = %s AND team_id IN "  # noqa: S608
            f"(SELECT DISTINCT team_id FROM {_TEAM_BASE_TABLE} WHERE team_id IS NOT NULL)"
        )
    metrics = list(METRICS.values())
    groups = _groups()
    group_columns = [f"g{g.id}_{part}" for g in groups for part in ("revenue", "outlets")]
    team_totals = ", ".join(f"SUM({col}) AS {col}" for col in _BASE_COLUMNS + group_columns)
    # One snapshot row per salesman, one column per metric (outlets.models.MetricSnapshot).
    insert_people = (
        f"INSERT INTO outlets_metricsnapshot (salesman_id, month, {', '.join(METRICS)}, "  # noqa: S608
        f"as_of, computed_at) SELECT b.salesman_id, %s, "
        f"{', '.join(_sql(metric) for metric in metrics)}, %s, %s "
        f"FROM {_BASE_TABLE} b {salesman_scope}"
    )
    # Team aggregates: one row per metric, glued with UNION ALL into one statement.
    # Each team's sums once (a subquery in every branch below summed the table per metric).
    team_sums = (
        f"CREATE TEMPORARY TABLE {_TEAM_SUMS_TABLE} AS "  # noqa: S608
        f"SELECT team_id, {team_totals} FROM {_TEAM_BASE_TABLE} "
        "WHERE team_id IS NOT NULL GROUP BY team_id"
    )
    team_base = f"{_TEAM_SUMS_TABLE} t"
    team_expressions = [_sql(metric) for metric in metrics]
    team_codes = [metric.code for metric in metrics]
    for group in groups:
        for code, expression in _group_metric_sql(group).items():
            team_codes.append(code)
            team_expressions.append(expression)
    team_rows = " UNION ALL ".join(
        f"SELECT t.team_id, %s AS metric, {expression} AS value FROM {team_base}"  # noqa: S608
        for expression in team_expressions
    )
    insert_teams = (
        "INSERT INTO outlets_teammetricvalue (team_id, month, metric, value, computed_at) "  # noqa: S608
        f"SELECT u.team_id, %s, u.metric, u.value, %s FROM ({team_rows}) u"
    )
    # Placeholders in text order: the month, computed_at, then each metric's code.
    team_params = [m, now, *team_codes]
    # The group metrics: one row per salesman and group (outlets.models.GroupMetricValue).
    delete_groups = "DELETE FROM outlets_groupmetricvalue WHERE month = %s" + (  # noqa: S608
        "" if ids is None else f" AND salesman_id IN ({id_list})"
    )
    insert_groups = (
        (
            "INSERT INTO outlets_groupmetricvalue (salesman_id, month, group_id, revenue, "  # noqa: S608
            "outlets, numeric_distribution, computed_at) "
            + " UNION ALL ".join(
                f"SELECT b.salesman_id, %(m)s, {group.id}, "  # noqa: S608
                + ", ".join(_group_metric_sql(group).values())
                + f", %(now)s FROM {_BASE_TABLE} b {salesman_scope}"
                for group in groups
            )
        )
        if groups
        else None
    )

    with transaction.atomic(), connection.cursor() as cursor:
        # The month's lock, held until the caller's transaction ends (a close holds it already).
        require_open(month)
        workers = _side_by_side_workers(cursor) if ids is None else 1
        _build_base(cursor, start=month, end=end, ids=ids, groups=groups, workers=workers)
        _team_base_by_date(cursor, start=month, end=end, groups=groups, workers=workers)
        cursor.execute(delete_people, [m])
        cursor.execute(delete_teams, [m])
        cursor.execute(delete_groups, [m])
        cursor.execute(insert_people, [m, recorded.isoformat(), now])
        stored = cursor.rowcount
        cursor.execute(team_sums)
        cursor.execute(insert_teams, team_params)
        cursor.execute(f"DROP TABLE {_TEAM_SUMS_TABLE}")
        if insert_groups:
            cursor.execute(insert_groups, {"m": month, "now": now})
        cursor.execute(f"DROP TABLE {_BASE_TABLE}")
        cursor.execute(f"DROP TABLE {_TEAM_BASE_TABLE}")
    return stored


def snapshot_as_of(month: date) -> date | None:
    """The last day the stored snapshot of `month` covers (the month to date's `as_of`, or the
    month's end once computed whole); None when the month has no snapshot."""
    return (
        MetricSnapshot.objects.filter(month=month_start(month))
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )


def is_ratio(code: str) -> bool:
    """Whether a metric is a ratio (its month-to-date value is its projection) rather than
    additive (scaled by working days). Group metrics: `numeric_distribution@G` is a ratio."""
    name, _, group = code.partition("@")
    if group:
        return name == "numeric_distribution"
    return METRICS[code].ratio


def validate_metric_name(code: str) -> str | None:
    """Why `code` is not a metric a KPI, rule, board or badge may name (in the reader's
    language), or None when it is one: a catalogue code or a group metric `name@G` of an
    existing SKU group."""
    name, at, group = code.partition("@")
    if not at:
        return None if code in METRICS else _("unknown metric %(code)s") % {"code": code}
    if name not in GROUP_METRICS:
        return _("unknown group metric %(name)s (revenue, outlets or numeric_distribution)") % {
            "name": name
        }
    if not ProductGroup.objects.filter(code=group).exists():
        return _("unknown SKU group %(group)s") % {"group": group}
    return None


def lower_is_better(code: str) -> bool:
    """Whether less of the metric is better (oos_rate): leaderboards sort it ascending."""
    metric = METRICS.get(code)
    return bool(metric and metric.lower_is_better)


_GROUP_LABELS = {
    # name: (Indonesian, English, field term); the group's name follows
    "revenue": ("Omzet grup", "Revenue of group", ""),
    "outlets": ("Outlet aktif grup", "Active outlets of group", "AO"),
    "numeric_distribution": ("Distribusi numerik grup", "Numeric distribution of group", "ND"),
}


def metric_label(code: str) -> str:
    """The metric's label in the reader's language, with its field term: "Outlet aktif (AO)",
    "Distribusi numerik grup Fokus (ND)". An unknown code is shown as it is."""
    metric = METRICS.get(code)
    if metric is not None:
        return metric.label
    name, _at, group_code = code.partition("@")
    if name not in _GROUP_LABELS or not group_code:
        return code
    group = ProductGroup.objects.filter(code=group_code).first()
    label_id, label_en, term = _GROUP_LABELS[name]
    english = (get_language() or "id").startswith("en")
    text = f"{label_en if english else label_id} {group.label if group else group_code}"
    return f"{text} ({term})" if term else text


_GROUP_UNITS = {"revenue": "Rp", "outlets": "outlet", "numeric_distribution": "%"}
_GROUP_DEFINITIONS = {
    "revenue": _("net revenue of the order lines of the group's SKUs"),
    "outlets": _("active outlets that bought at least one SKU of the group"),
    "numeric_distribution": _("outlets of the group / active outlets × 100"),
}


def metric_unit(code: str) -> str:
    """The unit of a catalogue or group metric ("Rp", "%", "outlet"…)."""
    metric = METRICS.get(code)
    if metric is not None:
        return metric.unit
    return _GROUP_UNITS.get(code.partition("@")[0], "")


def metric_definition(code: str) -> str:
    """The definition of a catalogue or group metric, in the reader's language."""
    metric = METRICS.get(code)
    if metric is not None:
        return str(metric.definition)
    definition = _GROUP_DEFINITIONS.get(code.partition("@")[0])
    return str(definition) if definition else ""


def metric_choices() -> list[tuple[str, str]]:
    """(code, label) of every metric a KPI, rule, board or badge may name: the catalogue, then
    the group metrics of the SKU groups there are; labels with field terms, reader's language."""
    return [(code, metric.label) for code, metric in METRICS.items()] + [
        (code, metric_label(code)) for code in group_metric_codes()
    ]


def group_metric_codes() -> list[str]:
    """Every group metric name of the SKU groups there are, for choices and catalogue pages."""
    return [
        f"{name}@{code}"
        for code in ProductGroup.objects.order_by("code").values_list("code", flat=True)
        for name in GROUP_METRICS
    ]


def metric_values(*, month: date, salesman_ids=None) -> dict[int, dict[str, Decimal | None]]:
    """The stored snapshot of `month`: {salesman_id: {metric: value or None (no data)}}, the
    group metrics included ("revenue@focus"). For the running month it is the month to date
    (`snapshot_as_of`)."""
    rows = MetricSnapshot.objects.filter(month=month_start(month))
    groups = GroupMetricValue.objects.filter(month=month_start(month))
    if salesman_ids is not None:
        rows = rows.filter(salesman_id__in=list(salesman_ids))
        groups = groups.filter(salesman_id__in=list(salesman_ids))
    codes = list(METRICS)
    result = {
        salesman_id: dict(zip(codes, values, strict=True))
        for salesman_id, *values in rows.values_list("salesman_id", *codes)
    }
    for salesman_id, code, *values in groups.values_list(
        "salesman_id", "group__code", *GROUP_METRICS
    ):
        if salesman_id in result:
            for name, value in zip(GROUP_METRICS, values, strict=True):
                result[salesman_id][f"{name}@{code}"] = value
    return result


def team_metric_values(*, month: date, team_ids=None) -> dict[int, dict[str, Decimal | None]]:
    """The stored team aggregates of `month`: {team_id: {metric: value or None}}."""
    rows = TeamMetricValue.objects.filter(month=month_start(month))
    if team_ids is not None:
        rows = rows.filter(team_id__in=list(team_ids))
    result: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for team_id, metric, value in rows.values_list("team_id", "metric", "value"):
        result[team_id][metric] = value
    return dict(result)


def metric_totals(*, metric: str, start: date, end: date, salesman_ids=None) -> dict[int, Decimal]:
    """The sum of a metric's monthly values over the months `start` … `end` (inclusive), per
    salesman with a snapshot in that window (months without data add nothing): what OKR key
    results and ranking windows (quarter, semester, year) read."""
    name, _at, group = metric.partition("@")
    if group and name in GROUP_METRICS:
        rows = GroupMetricValue.objects.filter(group__code=group)
        column = name
    elif metric in METRICS:
        rows = MetricSnapshot.objects.all()
        column = metric
    else:
        raise ValueError(f"unknown metric {metric!r}")
    rows = rows.filter(month__gte=month_start(start), month__lte=month_start(end))
    if salesman_ids is not None:
        rows = rows.filter(salesman_id__in=list(salesman_ids))
    totals = rows.values("salesman_id").annotate(total=Sum(column))
    return {row["salesman_id"]: row["total"] or Decimal(0) for row in totals}


def refresh_month_to_date(*, today: date | None = None) -> int | None:
    """The nightly month-to-date refresh: this month's metrics for everyone. Returns the number
    of salesmen stored, or None when the month is already locked (nothing to refresh)."""
    month = current_month(today)
    if is_month_locked(month):
        return None
    return compute_month_metrics(month=month)
