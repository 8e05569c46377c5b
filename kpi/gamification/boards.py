"""Leaderboards: computed on read (live) or read back from a published snapshot, and published
once per date by `publish_leaderboards` (docs/contracts.md "Gamification document")."""

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from org.models import Salesman

from . import measures
from .models import Board, BoardEntry, BoardSnapshot
from .rules import group_key, movement, rank, round_value, window_bounds


@dataclass(frozen=True, slots=True)
class Member:
    """A person a board or badge applies to, with what the ranking and the pages read."""

    pk: int
    code: str
    name: str
    team_id: int | None
    team: str
    channel: str


@dataclass(slots=True)
class Row:
    member: Member
    rank: int | None
    value: Decimal | None
    movement: int | None = None


@dataclass(slots=True)
class BoardView:
    board: Board
    as_of: date
    start: date
    end: date
    rows: "list[Row] | EntryRows" = field(default_factory=list)
    stored: bool = False

    def only(self, ids) -> "BoardView":
        """The same board limited to these people (their ranks unchanged); `ids` a list or a
        queryset of salesman ids (a subquery of the stored entries)."""
        if isinstance(self.rows, EntryRows):
            rows = self.rows.filter(salesman_id__in=ids)
        else:
            ids = set(ids)
            rows = [row for row in self.rows if row.member.pk in ids]
        return BoardView(self.board, self.as_of, self.start, self.end, rows, self.stored)

    def row_of(self, salesman_id: int) -> "Row | None":
        """One person's row, if he is on the board."""
        if isinstance(self.rows, EntryRows):
            return self.rows.row_of(salesman_id)
        return next((row for row in self.rows if row.member.pk == salesman_id), None)


def _row(entry: BoardEntry) -> Row:
    person = entry.salesman
    member = Member(
        entry.salesman_id, person.code, person.name, person.team_id, entry.team_name, entry.channel
    )
    return Row(member, entry.rank, entry.value, entry.movement)


class EntryRows:
    """A stored board's entries as rows in rank order, read by the database a page at a time:
    what Django's Paginator and DRF's pagination ask of a list (`count()`, slices)."""

    def __init__(self, entries):
        self.entries = entries

    def filter(self, *args, **kwargs) -> "EntryRows":
        return EntryRows(self.entries.filter(*args, **kwargs))

    def count(self) -> int:
        return self.entries.count()

    __len__ = count

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [_row(entry) for entry in self.entries[key]]
        return _row(self.entries[key])

    def __iter__(self):
        return (_row(entry) for entry in self.entries)

    def row_of(self, salesman_id: int) -> Row | None:
        entry = self.entries.filter(salesman_id=salesman_id).first()
        return None if entry is None else _row(entry)


def active_people(role: str):
    """The active people of `role`: whom a board, a badge or the battle counts."""
    return Salesman.objects.filter(active=True, user__role=role)


def members(*, role: str, channel: str | None = None, ids=None) -> list[Member]:
    """The active people of `role` (and `channel`) by code."""
    people = active_people(role)
    if channel:
        people = people.filter(channel=channel)
    if ids is not None:
        people = people.filter(pk__in=list(ids))
    rows = people.order_by("code").values_list(
        "pk", "code", "name", "team_id", "team__name", "channel"
    )
    return [
        Member(pk, code, name, team, team_name or "", ch)
        for pk, code, name, team, team_name, ch in rows
    ]


def board_members(board: Board) -> list[Member]:
    return members(role=board.applies_role, channel=board.applies_channel or None)


def _group(scope: str, member: Member) -> tuple:
    return group_key(scope, team=member.team, channel=member.channel)


def ranked_rows(people: list[Member], values: dict, *, scope: str, measure: str) -> list[Row]:
    """Rank `values` within each scope group (team, channel or everyone): rounded as the
    catalogue shows them, best first, ties 1, 1, 3, no data last. Groups by name."""
    places = measures.places(measure)
    lower = measures.lower_is_better(measure)
    by_pk = {member.pk: member for member in people}
    groups: dict[tuple, dict[int, Decimal | None]] = defaultdict(dict)
    for member in people:
        groups[_group(scope, member)][member.pk] = round_value(values.get(member.pk), places)
    rows: list[Row] = []
    for key in sorted(groups, key=lambda k: str(k[1] or "")):
        ranking = rank(groups[key], lower_is_better=lower, order=lambda pk: by_pk[pk].code)
        rows.extend(Row(by_pk[entry.key], entry.rank, entry.value) for entry in ranking)
    return rows


def _previous_ranks(board: Board, as_of: date) -> dict[int, int | None]:
    previous = board.snapshots.filter(as_of__lt=as_of, stamp="").order_by("-as_of").first()
    if previous is None:
        return {}
    return dict(previous.entries.values_list("salesman_id", "rank"))


def compute_board(board: Board, as_of: date) -> BoardView:
    """The board as of `as_of`, computed now from the month-to-date figures."""
    start, end = window_bounds(board.window, as_of)
    people = board_members(board)
    values = measures.measure_values(
        board.measure, board.window, start=start, end=end, ids=[m.pk for m in people]
    )
    rows = ranked_rows(people, values, scope=board.scope, measure=board.measure)
    before = _previous_ranks(board, as_of)
    for row in rows:
        row.movement = movement(before.get(row.member.pk), row.rank)
    return BoardView(board, as_of, start, end, rows)


def stored_board(snapshot: BoardSnapshot) -> BoardView:
    """Every entry of a stored board (the dashboards' per-person publishing reads them all)."""
    entries = snapshot.entries.select_related("salesman").order_by("position")
    rows = [_row(entry) for entry in entries]
    board = snapshot.board
    return BoardView(board, snapshot.as_of, snapshot.window_start, snapshot.window_end, rows, True)


def paged_board(snapshot: BoardSnapshot, scope: str | None = None) -> BoardView:
    """A stored board whose rows the database reads a page at a time (`EntryRows`); published
    (`stored`) unless it is a refresh's live board; `scope` keeps one group."""
    entries = snapshot.entries.select_related("salesman").order_by("position")
    if scope:
        entries = entries.filter(Q(team_name=scope) | Q(channel=scope))
    return BoardView(
        snapshot.board,
        snapshot.as_of,
        snapshot.window_start,
        snapshot.window_end,
        EntryRows(entries),
        stored=not snapshot.stamp,
    )


def stored_snapshot(board: Board, as_of: date, stamp: str | None) -> BoardSnapshot | None:
    """The board published for that date, else its live board of the refresh `stamp`."""
    stamps = [""] if not stamp else ["", stamp]
    found = {s.stamp: s for s in board.snapshots.filter(as_of=as_of, stamp__in=stamps)}
    return found.get("") or found.get(stamp or "")


def store_live_board(view: BoardView, stamp: str) -> None:
    """Keep a live board computed for the month's refresh `stamp` in the database (the pages
    read its entries a page at a time) and drop the board's live boards of other refreshes."""
    board = view.board
    with transaction.atomic():
        board.snapshots.exclude(stamp="").exclude(stamp=stamp).delete()
        board.snapshots.filter(as_of=view.as_of, stamp=stamp).delete()
        snapshot = BoardSnapshot.objects.create(
            board=board,
            as_of=view.as_of,
            window_start=view.start,
            window_end=view.end,
            stamp=stamp,
        )
        _store_entries(snapshot, view)


def _store_entries(snapshot: BoardSnapshot, view: BoardView) -> None:
    BoardEntry.objects.bulk_create(
        BoardEntry(
            snapshot=snapshot,
            salesman_id=row.member.pk,
            position=position,
            rank=row.rank,
            value=row.value,
            movement=row.movement,
            team_name=row.member.team,
            channel=row.member.channel,
        )
        for position, row in enumerate(view.rows)
    )


# A live board is computed for everyone it applies to (a week's metrics of a channel in one
# query: 5 s for 16,000 GT salesmen). Under the stamp of its month's last refresh
# (`kpi.dashboard_parts.publish_month` computes it on the worker after each refresh) it is kept
# until the next refresh replaces it; without one, this long for the next reader (imports
# refresh the figures it reads at most once a minute anyway, docs/contracts.md).
LIVE_BOARD_SECONDS = 60


def live_board_key(board: Board, as_of: date, stamp: str | None = None) -> str:
    return f"kpi:board:{board.pk}:{board.updated_at.timestamp()}:{as_of.isoformat()}:{stamp}"


def _cached_board(board: Board, as_of: date, stamp: str | None, seconds: int) -> BoardView:
    key = live_board_key(board, as_of, stamp)
    view = cache.get(key)
    if view is None:
        view = compute_board(board, as_of)
        # without a refresh's stamp nothing says when its figures change: a minute at most
        cache.set(key, view, seconds if stamp else min(seconds, LIVE_BOARD_SECONDS))
    return copy.copy(view)


def live_board(
    board: Board,
    as_of: date,
    scope: str | None = None,
    *,
    stamp: str | None = None,
    seconds: int = LIVE_BOARD_SECONDS,
) -> BoardView:
    """The stored snapshot of that date when there is one, else the board computed now (kept
    `seconds` under `stamp`, the refresh its figures come from); `scope` (a team's name or a
    channel code) keeps one group."""
    snapshot = board.snapshots.filter(as_of=as_of, stamp="").first()
    view = stored_board(snapshot) if snapshot else _cached_board(board, as_of, stamp, seconds)
    if scope:
        view.rows = [r for r in view.rows if scope in (r.member.team, r.member.channel)]
    return view


def publish_board(board: Board, as_of: date) -> bool:
    """Store the board as of `as_of` once; False when that date is already published."""
    with transaction.atomic():
        Board.objects.select_for_update().filter(pk=board.pk).first()  # one publisher at a time
        if BoardSnapshot.objects.filter(board=board, as_of=as_of, stamp="").exists():
            return False
        view = compute_board(board, as_of)
        snapshot = BoardSnapshot.objects.create(
            board=board, as_of=as_of, window_start=view.start, window_end=view.end
        )
        _store_entries(snapshot, view)
    return True
