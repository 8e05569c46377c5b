"""The month's team battle: the mean score of each channel's salesmen (GT vs MT) and of each
team; the winner is recorded at the close (`record_battle`), read back by `battle`."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum

from .boards import active_people
from .measures import total_score_of_person
from .models import BattleResult
from .rules import round_value, winner


@dataclass(frozen=True)
class Battle:
    month: date
    channels: list[dict]  # [{"channel": "GT", "score": "98.54" | None}]
    teams: list[dict]  # [{"team": "GT-JKT", "channel": "GT", "score": …}]
    winner: str | None
    recorded: bool


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(round_value(value, 2))


def _means(rows, keys: tuple[str, ...]) -> dict[tuple, Decimal | None]:
    """{group: the mean of its people's scores (None: nobody has one)} from grouped sums."""
    return {
        tuple(row[key] for key in keys): (row["total"] / row["scored"] if row["scored"] else None)
        for row in rows
    }


def compute_battle(month: date) -> Battle:
    """Summed by the database, grouped by channel and by team: the rows read are the groups,
    whatever the number of salesmen (20,000 read 40,000 rows before, issue 17). The means are
    the sums divided here as Decimals (people without a score count in no mean)."""
    people = active_people("salesman").annotate(score=total_score_of_person(month)).order_by()
    sums = {"total": Sum("score"), "scored": Count("score")}
    by_channel = _means(people.values("channel").annotate(**sums), ("channel",))
    by_team = _means(
        people.exclude(team=None).values("team__name", "channel").annotate(**sums),
        ("team__name", "channel"),
    )
    channel_means = {channel: by_channel.get((channel,)) for channel in ("GT", "MT")}
    return Battle(
        month=month,
        channels=[{"channel": c, "score": _text(v)} for c, v in channel_means.items()],
        teams=[
            {"team": team, "channel": channel, "score": _text(value)}
            for (team, channel), value in sorted(by_team.items())
        ],
        winner=winner({c: round_value(v, 2) for c, v in channel_means.items()}),
        recorded=False,
    )


def ranked_teams(teams: list[dict]) -> list[dict]:
    """A battle's team rows best first: the highest mean, teams without one last, then by name."""
    return sorted(
        teams, key=lambda row: (row["score"] is None, -Decimal(row["score"] or 0), row["team"])
    )


def battle(month: date) -> Battle:
    """The recorded result of a closed month, else the battle computed now."""
    return recorded_battle(month) or compute_battle(month)


def recorded_battle(month: date) -> Battle | None:
    """The result recorded at the month's close, if it was closed."""
    row = BattleResult.objects.filter(month=month).first()
    if row is None:
        return None
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
