"""Pareto of revenue: which outlets (or SKUs) bring the revenue of a set of salesmen over a date
window, as a cumulative curve and the point where 80% of it is reached.

Set-based: one SQL statement sums the order lines per item and ranks them with window functions
(running total, share); Python only reads the ≤ `POINTS` curve points, the 80% point and the
top items, whatever the number of lines or outlets. Returns are netted (an item whose net
revenue is 0 or less is left out of the curve).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

POINTS = 50  # curve points at most (each a rank; the 80% point and the last item are added)
TOP = 10
THRESHOLD = Decimal(80)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ParetoPoint:
    rank: int  # items counted, best first
    item_share: Decimal  # rank / items × 100
    revenue_share: Decimal  # cumulative revenue / total × 100


@dataclass(frozen=True)
class ParetoItem:
    rank: int
    code: str
    name: str
    revenue: Decimal
    share: Decimal  # of the total, %
    cumulative: Decimal  # %


@dataclass
class Pareto:
    key: str  # "outlet" or "product"
    items: int = 0
    total: Decimal = Decimal(0)
    points: list[ParetoPoint] = field(default_factory=list)
    top: list[ParetoItem] = field(default_factory=list)
    # the fewest items that bring 80% of the revenue, and their share of the items
    items_at_80: int | None = None
    item_share_at_80: Decimal | None = None

    @property
    def has_data(self) -> bool:
        return self.items > 0 and self.total > 0


def _pct(part, whole) -> Decimal:
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"))


def pareto(
    *,
    salesmen: QuerySet | None = None,
    everyone: bool = False,
    start: date,
    end: date,
    key: str = "outlet",
) -> Pareto:
    """The Pareto of the order lines of `salesmen` (a queryset of org.Salesman, already scoped
    by the caller through org.visibility) dated `start` … `end`; `everyone=True` instead of
    `salesmen`: every order line of the window (the caller has checked that the user sees
    everyone, `org.visibility.sees_everyone`), read with no test of its salesman. One query."""
    if key not in ("outlet", "product"):
        raise ValueError("key must be 'outlet' or 'product'")
    if everyone == (salesmen is not None):
        raise TypeError("give either salesmen or everyone=True")
    column = f"{key}_id"
    people, people_params = "", []
    if not everyone:
        people_sql, people_params = salesmen.order_by().values("id").query.sql_with_params()
        people = f"AND salesman_id IN ({people_sql})"
    ranked = f"""
        WITH per_item AS (
            SELECT {column} AS item, SUM(amount) AS revenue
            FROM outlets_orderline
            WHERE date >= %s AND date <= %s {people}
            GROUP BY {column}
            HAVING SUM(amount) > 0
        ), ranked AS (
            SELECT item, revenue,
                   ROW_NUMBER() OVER (ORDER BY revenue DESC, item) AS rank,
                   SUM(revenue) OVER (ORDER BY revenue DESC, item
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
                   SUM(revenue) OVER () AS total,
                   COUNT(*) OVER () AS items
            FROM per_item
        )
    """  # noqa: S608 - the column is one of two names, the people's SQL is Django's own
    table, code_column = (
        ("outlets_outlet", "code") if key == "outlet" else ("outlets_product", "sku")
    )
    step_sql = f"""{ranked}
        SELECT r.rank, r.revenue, r.running, r.total, r.items, named.{code_column}, named.name
        FROM ranked r LEFT JOIN {table} named ON named.id = r.item AND r.rank <= %s
        WHERE r.rank <= %s
           OR r.rank = r.items
           OR (r.rank - 1) %% ((r.items + %s - 1) / %s) = 0
           OR r.rank = (SELECT MIN(rank) FROM ranked WHERE running * 100 >= total * %s)
        ORDER BY r.rank
    """  # noqa: S608
    params = [start, end, *people_params, TOP, TOP, POINTS, POINTS, THRESHOLD]
    with connection.cursor() as cursor:
        cursor.execute(step_sql, params)
        rows = cursor.fetchall()
    result = Pareto(key=key)
    if not rows:
        return result
    total, items = Decimal(rows[0][3]), int(rows[0][4])
    result.items, result.total = items, total
    stride = max(1, (items + POINTS - 1) // POINTS)
    for rank, revenue, running, _total, _items, code, name in rows:
        rank, running = int(rank), Decimal(running)
        if result.items_at_80 is None and running * HUNDRED >= total * THRESHOLD:
            result.items_at_80 = rank
            result.item_share_at_80 = _pct(rank, items)
        if rank == items or (rank - 1) % stride == 0 or rank == result.items_at_80:
            result.points.append(ParetoPoint(rank, _pct(rank, items), _pct(running, total)))
        if rank <= TOP:
            result.top.append(
                ParetoItem(
                    rank=rank,
                    code=code or "",
                    name=name or "",
                    revenue=Decimal(revenue),
                    share=_pct(revenue, total),
                    cumulative=_pct(running, total),
                )
            )
    return result
