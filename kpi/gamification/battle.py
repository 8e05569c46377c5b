"""The month's team battle: the mean score of each channel's salesmen (GT vs MT) and of each
team; the winner is recorded at the close (`record_battle`), read back by `battle`."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .boards import members
from .measures import total_scores
from .models import BattleResult
from .rules import mean, round_value, winner


@dataclass(frozen=True)
class Battle:
    month: date
    channels: list[dict]  # [{"channel": "GT", "score": "98.54" | None}]
    teams: list[dict]  # [{"team": "GT-JKT", "channel": "GT", "score": …}]
    winner: str | None
    recorded: bool


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(round_value(value, 2))


def compute_battle(month: date) -> Battle:
    people = members(role="salesman")
    scores = total_scores(month, [m.pk for m in people])
    by_channel: dict[str, list] = defaultdict(list)
    by_team: dict[tuple, list] = defaultdict(list)
    for member in people:
        by_channel[member.channel].append(scores.get(member.pk))
        if member.team_id is not None:
            by_team[(member.team, member.channel)].append(scores.get(member.pk))
    channel_means = {channel: mean(by_channel.get(channel, [])) for channel in ("GT", "MT")}
    return Battle(
        month=month,
        channels=[{"channel": c, "score": _text(v)} for c, v in channel_means.items()],
        teams=[
            {"team": team, "channel": channel, "score": _text(mean(values))}
            for (team, channel), values in sorted(by_team.items())
        ],
        winner=winner({c: round_value(v, 2) for c, v in channel_means.items()}),
        recorded=False,
    )


def battle(month: date) -> Battle:
    """The recorded result of a closed month, else the battle computed now."""
    row = BattleResult.objects.filter(month=month).first()
    if row is None:
        return compute_battle(month)
    return Battle(month, row.channels, row.teams, row.winner or None, True)


def record_battle(*, month: date) -> Battle:
    """At the close: compute and keep the month's result (a recomputed close replaces it)."""
    result = compute_battle(month)
    BattleResult.objects.update_or_create(
        month=month,
        defaults={
            "channels": result.channels,
            "teams": result.teams,
            "winner": result.winner or "",
        },
    )
    return Battle(month, result.channels, result.teams, result.winner, True)
