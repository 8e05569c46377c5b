"""What a board or badge measures, read for a set of people and a window: `total_score` (the
month's pace score; a closed month's scorecard total) or `metric:NAME` (a catalogue metric, group
metrics included as `revenue@focus`)."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from kpi import live
from kpi.live_models import PaceScore
from kpi.models import Scorecard
from outlets import metrics as catalogue
from spm.months import current_month, month_end, month_start

from .rules import METRIC_PREFIX, MONTH, TOTAL_SCORE, places_for

# The group metrics' names before the '@' and the unit each is shown in.
_GROUP_UNITS = {"revenue": "Rp", "outlets": "outlet", "numeric_distribution": "%"}


def is_metric(name: str) -> bool:
    """A metric of the catalogue, or a group metric of an existing SKU group (`revenue@focus`)."""
    return catalogue.validate_metric_name(name) is None


def places(measure: str) -> int:
    """The decimals the catalogue shows the measure with (a score: 2)."""
    if measure == TOTAL_SCORE:
        return 2
    name = measure.removeprefix(METRIC_PREFIX)
    base, _, group = name.partition("@")
    unit = _GROUP_UNITS.get(base) if group else getattr(catalogue.METRICS.get(name), "unit", None)
    return places_for(unit)


def lower_is_better(measure: str) -> bool:
    if measure == TOTAL_SCORE:
        return False
    return catalogue.lower_is_better(measure.removeprefix(METRIC_PREFIX))


def measure_label(measure: str) -> str:
    from django.utils.translation import gettext as _

    if measure == TOTAL_SCORE:
        return _("Score")
    return catalogue.metric_label(measure.removeprefix(METRIC_PREFIX))


def scorecard_totals(month: date, ids: Iterable[int]) -> dict[int, Decimal]:
    rows = Scorecard.objects.filter(month=month, salesman_id__in=list(ids))
    return dict(rows.values_list("salesman_id", "total"))


def pace_scores(month: date, ids: Iterable[int]) -> dict[int, Decimal | None]:
    """The current month's pace score as `kpi.live` stores it (refreshed after each import and
    nightly); people without one have no data."""
    return live.pace_scores(month=month, salesman_ids=list(ids))


def total_score_of_person(month: date) -> Subquery:
    """The same score as `total_scores`, as a subquery on a salesman queryset (`OuterRef("pk")`),
    for figures the database sums (the team battle's means)."""
    if month >= current_month():
        rows = PaceScore.objects.filter(month=month_start(month), salesman=OuterRef("pk"))
        return Subquery(rows.values("pace_score")[:1])
    return Subquery(
        Scorecard.objects.filter(month=month, salesman=OuterRef("pk")).values("total")[:1]
    )


def total_scores(month: date, ids: Iterable[int]) -> dict[int, Decimal | None]:
    """The month's score per person: the pace score of the month in progress, the scorecard
    total of a month that has ended (on its last day the two are equal)."""
    ids = list(ids)
    if month >= current_month():
        return pace_scores(month, ids)
    return scorecard_totals(month, ids)


def _month_metrics(month: date, as_of: date, ids: list[int]) -> dict:
    """The month to date as of `as_of`: the stored snapshot, unless it already covers later
    days than `as_of` (a past date published late), then the window computed on the fly."""
    covered = catalogue.snapshot_as_of(month)
    if covered is not None and covered > as_of and as_of < month_end(month):
        return catalogue.window_metric_values(start=month, end=as_of, salesman_ids=ids)
    return catalogue.metric_values(month=month, salesman_ids=ids)


def measure_values(
    measure: str, window: str, *, start: date, end: date, ids: Iterable[int]
) -> dict[int, Decimal | None]:
    """{salesman id: value or None (no data)} for every id asked."""
    ids = list(ids)
    if not ids:
        return {}
    if measure == TOTAL_SCORE:
        found = total_scores(month_start(end), ids)
        return {pk: found.get(pk) for pk in ids}
    name = measure.removeprefix(METRIC_PREFIX)
    if window == MONTH:
        values = _month_metrics(month_start(end), end, ids)
    else:
        values = catalogue.window_metric_values(start=start, end=end, salesman_ids=ids)
    return {pk: values.get(pk, {}).get(name) for pk in ids}
