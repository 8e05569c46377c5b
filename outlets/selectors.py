"""Reads of the field that depend on who asks. Everything starts from `org.visibility`: an
outlet is visible when its salesman is; visits, order lines, audits and metric values when their
salesman is; HR and admin see everything."""

from datetime import date
from itertools import groupby

from django.db.models import Count, Max, QuerySet, Sum
from django.http import Http404

from org.models import Team, User
from org.policy import may_see_teams
from org.visibility import teams_visible_to, visible_to
from spm.months import month_end

from .models import MetricValue, OrderLine, Outlet, ShelfAudit, TeamMetricValue, Visit


def outlets_visible_to(user: User) -> QuerySet[Outlet]:
    outlets = Outlet.objects.select_related("territory", "salesman", "acquired_by")
    return visible_to(user, outlets)


def visits_visible_to(user: User) -> QuerySet[Visit]:
    return visible_to(user, Visit.objects.select_related("salesman", "outlet"))


def order_lines_visible_to(user: User) -> QuerySet[OrderLine]:
    lines = OrderLine.objects.select_related("salesman", "outlet", "product")
    return visible_to(user, lines)


def audits_visible_to(user: User) -> QuerySet[ShelfAudit]:
    return visible_to(user, ShelfAudit.objects.select_related("salesman", "outlet"))


def metric_values_visible_to(user: User) -> QuerySet[MetricValue]:
    return visible_to(user, MetricValue.objects.select_related("salesman"))


def metric_teams_visible_to(user: User) -> QuerySet[Team]:
    """Team aggregates are for those who see teams (`org.policy.may_see_teams`)."""
    if not may_see_teams(user):
        return Team.objects.none()
    return teams_visible_to(user)


def team_metric_values_visible_to(user: User) -> QuerySet[TeamMetricValue]:
    teams = metric_teams_visible_to(user).values("id")
    return TeamMetricValue.objects.select_related("team").filter(team__in=teams)


def get_team_or_404(user: User, team_id: int) -> Team:
    team = metric_teams_visible_to(user).filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def latest_metric_month(queryset: QuerySet) -> date | None:
    """The latest month with a stored snapshot in the queryset."""
    return queryset.aggregate(latest=Max("month"))["latest"]


def orders_of_outlet(user: User, outlet: Outlet, limit: int = 20) -> list[dict]:
    """The outlet's latest orders the user may see, each with its lines and total."""
    lines = order_lines_visible_to(user).filter(outlet=outlet)
    latest = (
        lines.values("order_no")
        .annotate(day=Max("date"))
        .order_by("-day", "-order_no")
        .values_list("order_no", flat=True)[:limit]
    )
    rows = lines.filter(order_no__in=list(latest)).order_by("-date", "-order_no", "product__sku")
    orders = []
    for order_no, group in groupby(rows, key=lambda line: line.order_no):
        group = list(group)
        orders.append(
            {
                "order_no": order_no,
                "date": group[0].date,
                "salesman": group[0].salesman,
                "lines": group,
                "total": sum(line.amount for line in group),
            }
        )
    return orders


def pareto(*, salesman_ids, month: date, key: str = "outlet") -> dict:
    """How much of the month's revenue the top 20% of outlets (or SKUs) bring.

    `key` is "outlet" or "product". Revenue per outlet is summed in SQL; the sorted sums of one
    team's outlets are then accumulated here.
    """
    field = "outlet" if key == "outlet" else "product"
    per_item = (
        OrderLine.objects.filter(
            salesman_id__in=salesman_ids, date__gte=month, date__lte=month_end(month)
        )
        .values(f"{field}_id")
        .annotate(revenue=Sum("amount"), lines=Count("id"))
        .order_by("-revenue")
    )
    revenues = [row["revenue"] for row in per_item]
    total = sum(revenues)
    if not revenues or not total:
        return {"items": 0, "top_items": 0, "share": None, "total": total, "top": []}
    top_count = max(1, round(len(revenues) * 0.2))
    top_revenue = sum(revenues[:top_count])
    leaders = list(per_item[:10])
    model = Outlet if key == "outlet" else OrderLine._meta.get_field("product").related_model
    names = model.objects.in_bulk([row[f"{field}_id"] for row in leaders])
    return {
        "items": len(revenues),
        "top_items": top_count,
        "share": top_revenue * 100 / total,
        "total": total,
        "top": [
            {
                "item": names[row[f"{field}_id"]],
                "revenue": row["revenue"],
                "share": row["revenue"] * 100 / total,
            }
            for row in leaders
        ],
    }
