"""What the month's last refresh published for the pages (`kpi.dashboard_parts.publish_month`,
after each refresh of the month on the worker): its stamp, kept in the cache, under which the
boards and the battle it computed are cached; and the month's battle as the pages read it."""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

from .battle import Battle, battle, compute_battle, recorded_battle

# What a refresh published lives until the next refresh replaces it (imports refresh the month
# through the day, the nightly refresh at the latest): past a day, so that no page computes it.
PUBLISHED_SECONDS = 26 * 3600
COMPUTED_SECONDS = 600  # what a page computed itself, with no refresh published


@dataclass(frozen=True)
class Published:
    """The month's last published refresh: its last data day and stamp, and the day it was
    published (the leaderboard page's default day, whose boards it computed too)."""

    as_of: date
    stamp: str
    today: date


def _key(month: date) -> str:
    return f"dash:published:{month:%Y-%m}"


def published(month: date) -> Published | None:
    found = cache.get(_key(month))  # plain values: a later release reads them too
    return Published(*found) if isinstance(found, tuple) and len(found) == 3 else None


def published_stamp(month: date) -> str | None:
    """The stamp of the month's last published refresh (None: none published)."""
    last = published(month)
    return last.stamp if last is not None else None


def record_published(month: date, refreshed: Published) -> None:
    marker = (refreshed.as_of, refreshed.stamp, refreshed.today)
    cache.set(_key(month), marker, PUBLISHED_SECONDS)


def full_battle_key(month: date, stamp: str) -> str:
    return f"dash:battle:{month:%Y-%m}:{stamp}"


def battle_cached(month: date, stamp: str) -> Battle:
    """The month's battle (the recorded result of a closed month, else computed), once per
    refresh `stamp`."""
    key = full_battle_key(month, stamp)
    found = cache.get(key)
    if found is None:
        found = battle(month)
        cache.set(key, found, COMPUTED_SECONDS)
    return found


def month_battle(month: date) -> Battle:
    """The month's battle: the result recorded at its close; else as the month's last
    published refresh has it (cached); else computed now (nothing says when a cached one would
    go stale)."""
    found = recorded_battle(month)
    if found is not None:
        return found
    stamp = published_stamp(month)
    if stamp is None:
        return compute_battle(month)
    return battle_cached(month, stamp)
