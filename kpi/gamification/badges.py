"""Badge awards: for complete windows only, once per (badge, person, window)."""

from collections import defaultdict
from datetime import date

from .boards import Member, members
from .measures import lower_is_better, measure_values, places
from .models import Badge, BadgeAward
from .rules import ALL, award_winners, complete_window, group_key, round_value


def award_badges(*, as_of: date) -> int:
    """Award every active badge for its last window complete on `as_of`; returns the number of
    new awards (an award already given is never given twice)."""
    people = members(role="salesman")
    created = 0
    for badge in Badge.objects.filter(active=True):
        start, end = complete_window(badge.window, as_of)
        created += _award(badge, people, start, end)
    return created


def _award(badge: Badge, people: list[Member], start: date, end: date) -> int:
    values = measure_values(
        badge.measure, badge.window, start=start, end=end, ids=[m.pk for m in people]
    )
    digits = places(badge.measure)
    lower = lower_is_better(badge.measure)
    groups: dict[tuple, dict] = defaultdict(dict)
    scope = badge.award.get("scope", ALL) if "top" in badge.award else ALL
    for member in people:
        key = group_key(scope, team=member.team, channel=member.channel)
        groups[key][member.pk] = round_value(values.get(member.pk), digits)
    winners = {}
    for group in groups.values():
        winners.update(award_winners(group, badge.award, lower_is_better=lower))
    if not winners:
        return 0
    already = set(
        BadgeAward.objects.filter(
            badge=badge, window_start=start, window_end=end, salesman_id__in=list(winners)
        ).values_list("salesman_id", flat=True)
    )
    new = [
        BadgeAward(badge=badge, salesman_id=pk, window_start=start, window_end=end, value=value)
        for pk, value in winners.items()
        if pk not in already
    ]
    BadgeAward.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
