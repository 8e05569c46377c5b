"""The gamification use cases: the document (import, export, save from the editor), publishing
the leaderboards, and what the monthly close adds (levels for the next month, the battle)."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from org import audit
from org.models import User
from spm.months import JAKARTA

from .badges import award_badges
from .battle import record_battle
from .boards import publish_board
from .document import (
    BadgeSpec,
    BoardSpec,
    DocumentError,
    GamificationSpec,
    LevelSpec,
    read_document,
    write_document,
)
from .levels import record_levels_after_close
from .measures import is_metric
from .models import Badge, Board, LevelScheme


def parse_document(data) -> GamificationSpec:
    """Check a document (a parsed JSON object, or its text); raises `DocumentError`."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise DocumentError([f"document: not valid JSON ({exc})"]) from exc
    return read_document(data, metrics=is_metric)


def current_spec() -> GamificationSpec:
    boards = [
        BoardSpec(
            b.code,
            b.name,
            b.measure,
            b.window,
            b.scope,
            b.applies_role,
            b.applies_channel or None,
        )
        for b in Board.objects.filter(active=True)
    ]
    badges = [
        BadgeSpec(b.code, b.name, b.icon, b.measure, b.window, b.award)
        for b in Badge.objects.filter(active=True)
    ]
    row = LevelScheme.objects.filter(pk=1).first()
    levels = (
        LevelSpec(measure=row.measure, months=row.months, thresholds=row.thresholds)
        if row is not None
        else None
    )
    return GamificationSpec(boards=boards, badges=badges, levels=levels)


def export_document() -> dict:
    """The document in force, in the form it was given."""
    return write_document(current_spec())


def save_document(*, data, by: User | None) -> GamificationSpec:
    """Replace the boards, badges and levels with the document's. A board or badge left out is
    set aside (inactive), so its snapshots and awards stay; the same code brings it back."""
    spec = parse_document(data)
    with transaction.atomic():
        before = export_document()
        keep = []
        for position, b in enumerate(spec.boards):
            Board.objects.update_or_create(
                code=b.code,
                defaults={
                    "name": b.name,
                    "measure": b.measure,
                    "window": b.window,
                    "scope": b.scope,
                    "applies_role": b.role,
                    "applies_channel": b.channel or "",
                    "position": position,
                    "active": True,
                },
            )
            keep.append(b.code)
        Board.objects.exclude(code__in=keep).update(active=False)
        keep = []
        for position, b in enumerate(spec.badges):
            Badge.objects.update_or_create(
                code=b.code,
                defaults={
                    "name": b.name,
                    "icon": b.icon,
                    "measure": b.measure,
                    "window": b.window,
                    "award": b.award,
                    "position": position,
                    "active": True,
                },
            )
            keep.append(b.code)
        Badge.objects.exclude(code__in=keep).update(active=False)
        if spec.levels is None:
            LevelScheme.objects.filter(pk=1).delete()
        else:
            LevelScheme.objects.update_or_create(
                pk=1,
                defaults={
                    "measure": spec.levels.measure,
                    "months": spec.levels.months,
                    "thresholds": spec.levels.thresholds,
                },
            )
        scheme = LevelScheme.objects.filter(pk=1).first() or LevelScheme(pk=0)
        after = export_document()
        if after != before:
            audit.record(
                actor=by, action="gamification.saved", obj=scheme, before=before, after=after
            )
    return spec


def yesterday() -> date:
    from datetime import datetime

    return datetime.now(JAKARTA).date() - timedelta(days=1)


@dataclass(frozen=True)
class Published:
    as_of: date
    snapshots: int
    awards: int


def publish_leaderboards(*, as_of: date | None = None) -> Published:
    """Snapshot every active board as of `as_of` (default: yesterday, Asia/Jakarta) and award
    the badges of the windows complete by then. Twice for the same date changes nothing."""
    as_of = as_of or yesterday()
    snapshots = sum(publish_board(board, as_of) for board in Board.objects.filter(active=True))
    with transaction.atomic():
        awards = award_badges(as_of=as_of)
    return Published(as_of, snapshots, awards)


def close_month_gamification(
    *, month: date, closed_months: Iterable[date], by: User | None = None
) -> None:
    """What the monthly close adds: each salesman's level for the next month and the month's
    battle winner."""
    record_levels_after_close(month=month, closed_months=closed_months, by=by)
    record_battle(month=month)
