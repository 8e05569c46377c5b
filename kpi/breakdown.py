"""Target breakdown: a company or team target split among teams and salesmen by their history
share (largest remainder in `kpi.allocation`, so every level sums to the whole), and the reading
of the amounts a manager typed over the proposal before `kpi.targets.save_targets` stores them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from org.assignments import active_days, active_in_month
from org.calendar import active_working_days, company_calendar, working_days
from org.models import Role
from outlets.models import MetricValue
from spm.months import add_months
from spm.numbers import NumberTextError, parse_number

from .allocation import largest_remainder
from .models import KPIDefinition, ManualActual


@dataclass
class BreakdownLine:
    salesman_id: int
    code: str
    name: str
    history: Decimal | None  # sum of the actuals over the history window; None = new salesman
    weight: Decimal = Decimal(0)
    share: Decimal = Decimal(0)  # % of the whole this line's weight stands for
    proposed: int = 0
    entered: str | None = None  # what the manager typed over the proposal (the page only)
    # a joiner's or leaver's active working days / the month's ("13/26"), his weight prorated
    proration: str = ""


@dataclass
class TeamBreakdown:
    team_id: int
    name: str
    lines: list[BreakdownLine] = field(default_factory=list)
    weight: Decimal = Decimal(0)
    share: Decimal = Decimal(0)
    proposed: int = 0


def history_actuals(*, kpi: KPIDefinition, months: list[date], salesman_ids) -> dict[int, Decimal]:
    """The sum of a KPI's actuals over `months` per salesman who has at least one value there."""
    if kpi.metric:
        rows = MetricValue.objects.filter(
            metric=kpi.metric, month__in=months, salesman_id__in=salesman_ids, value__isnull=False
        )
    else:
        rows = ManualActual.objects.filter(kpi=kpi, month__in=months, salesman_id__in=salesman_ids)
    result: dict[int, Decimal] = defaultdict(Decimal)
    for sid, value in rows.values_list("salesman_id", "value"):
        result[sid] += value
    return dict(result)


def propose_breakdown(
    *, kpi: KPIDefinition, month: date, total: Decimal, salesmen, history_months: int = 3
) -> list[TeamBreakdown]:
    """Break a company (or team) target down to teams and salesmen by their history share.

    `salesmen`: the active salesmen to share among (a visibility-scoped queryset); each one's
    share is his sum of the KPI's actuals over the `history_months` months before `month`. A
    salesman with no value in that window (a new salesman) counts as his team's average (the
    average of its members with history; with none, the average of everyone with history; with
    nobody having history, everyone counts alike). The whole is split among teams by their
    members' weights, then each team's part among its members, both by largest remainder in
    whole units, so every level sums exactly to the whole. Someone who joins or leaves during
    the month (org/assignments.py) takes part with his weight × his active working days / the
    month's working days (`proration`, "13/26"): a prorated target for a joiner.
    """
    if total < 0:
        raise ValidationError({"total": _("The target cannot be negative.")})
    if history_months < 1:
        raise ValidationError({"history_months": _("At least one month of history.")})
    month = month.replace(day=1)
    people = list(
        salesmen.filter(active_in_month(month), user__role=Role.SALESMAN, team__isnull=False)
        .select_related("team")
        .order_by("team__name", "code")
    )
    window = [add_months(month, -n) for n in range(1, history_months + 1)]
    history = history_actuals(kpi=kpi, months=window, salesman_ids=[p.id for p in people])

    teams: dict[int, TeamBreakdown] = {}
    for person in people:
        team = teams.setdefault(person.team_id, TeamBreakdown(person.team_id, person.team.name))
        team.lines.append(
            BreakdownLine(person.id, person.code, person.name, history.get(person.id))
        )
    prorated = _working_day_shares(people, month)
    known = [v for v in history.values()]
    overall = sum(known, Decimal(0)) / len(known) if known else Decimal(1)
    for team in teams.values():
        team_known = [line.history for line in team.lines if line.history is not None]
        average = sum(team_known, Decimal(0)) / len(team_known) if team_known else overall
        for line in team.lines:
            line.weight = line.history if line.history is not None else average
            if line.salesman_id in prorated:
                worked, of = prorated[line.salesman_id]
                line.weight = line.weight * worked / of
                line.proration = f"{worked}/{of}"
        team.weight = sum((line.weight for line in team.lines), Decimal(0))

    ordered = list(teams.values())
    whole_weight = sum((team.weight for team in ordered), Decimal(0))
    for team in ordered:
        team.share = _percent(team.weight, whole_weight)
        for line in team.lines:
            line.share = _percent(line.weight, whole_weight)
    for team, part in zip(
        ordered, largest_remainder(total, [t.weight for t in ordered]), strict=True
    ):
        team.proposed = part
        for line, share in zip(
            team.lines, largest_remainder(part, [x.weight for x in team.lines]), strict=True
        ):
            line.proposed = share
    return ordered


def _working_day_shares(people, month: date) -> dict[int, tuple[int, int]]:
    """salesman id → (active working days, the month's) for those not there the whole month:
    a joiner's or leaver's target is prorated like his plan (docs/contracts.md "People over
    time")."""
    spans = {person.id: active_days(person, month) for person in people}
    partial = {
        sid: span
        for sid, span in spans.items()
        if span is not None and (span[0].day != 1 or span[1] != _last_day(month))
    }
    if not partial:
        return {}
    days_off = company_calendar(month)
    total = working_days(month, days_off)
    if not total:
        return {}
    return {
        sid: (active_working_days(month, start, end, days_off), total)
        for sid, (start, end) in partial.items()
    }


def _last_day(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def entered_values(post, proposal: list[TeamBreakdown], kpi: KPIDefinition):
    """The amounts typed over a proposal (`p-<salesman id>` fields): ({(salesman_id, kpi_id):
    value or None for an emptied field}, [texts that are not a number ≥ 0]). A line the form
    did not send is left out (left as it is); each line keeps what was typed, so the page can
    show it again if the form comes back with a problem. Amounts are read in the page's
    language (`spm.numbers.parse_number`: `1.000.000` in Indonesian, `1,000,000` in English)
    and hold at most 16 whole digits and 4 decimals (a target's `max_digits=20`)."""
    language = get_language()
    for line in (line for team in proposal for line in team.lines):
        line.entered = post.get(f"p-{line.salesman_id}")
    allowed = {line.salesman_id for team in proposal for line in team.lines}
    values, bad = {}, []
    for sid in allowed:
        if f"p-{sid}" not in post:
            continue
        text = post[f"p-{sid}"].strip()
        try:
            value = parse_number(text, language) if text else None
        except NumberTextError:
            bad.append(text)
            continue
        if value is not None and (
            value < 0 or value >= Decimal(10) ** 16 or value != value.quantize(Decimal("0.0001"))
        ):
            bad.append(text)
            continue
        values[(sid, kpi.id)] = value
    return values, bad


def parts_off_by(values: dict, proposal: list[TeamBreakdown], total: Decimal) -> Decimal:
    """How far the typed parts are from the whole when every line of the proposal was sent
    (sum − total; 0 when they add up, or when only some lines were sent and the others are
    left as they are)."""
    lines = [line for team in proposal for line in team.lines]
    if not lines or len(values) != len(lines):
        return Decimal(0)
    return sum((v or Decimal(0) for v in values.values()), Decimal(0)) - total
