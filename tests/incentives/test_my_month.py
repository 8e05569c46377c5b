"""The salesman's dashboard (/incentives/my-month/, the home page's panel, /api/v1/dashboard/):
this month so far as of the last data, his pace, the projected incentive labelled as one, the next
tier per working day, his history; nothing of a closed month described as current; his own only;
a query count that does not grow with the data.

The month "in progress" is June 2026 here (`current_month` patched), refreshed as of Friday
12 June: the figures are tests/test_live_month.py's, checked by hand there (pace score 108.62,
earned Rp 500.000, projected Rp 3.200.000, 8 more new outlets → Rp 200.000, ≈ 1 per working day,
14 working days left).
"""

from datetime import date

import pytest

from incentives import dashboard, my_month
from kpi import dashboard as kpi_dashboard
from kpi import live
from tests.factories import SalesmanFactory, UserFactory
from tests.incentives.payout_factories import JUNE, MAY, field_month, gt_setup, targets

pytestmark = pytest.mark.django_db
MID_JUNE = date(2026, 6, 12)
PAGE = "/incentives/my-month/"


@pytest.fixture
def june_in_progress(world, monkeypatch, settings):
    settings.LANGUAGE_CODE = "en"
    gt_setup()
    field_month(world.andi, month=MAY, revenue=500_000_000, new_outlets=20, visits_per_day=18)
    targets(world.andi, month=MAY)
    field_month(world.andi, revenue=240_000_000, new_outlets=12, field_days=12)
    targets(world.andi)
    from incentives.payouts.services import close_period

    close_period(month=MAY, by=world.hr)
    live.refresh_month(month=JUNE, as_of=MID_JUNE)
    monkeypatch.setattr(my_month, "current_month", lambda: JUNE)
    monkeypatch.setattr(dashboard, "current_month", lambda: JUNE)
    monkeypatch.setattr(kpi_dashboard, "current_month", lambda: JUNE)
    return world


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_page_shows_this_month_so_far(client, june_in_progress):
    client.force_login(june_in_progress.andi.user)
    html = english(client).get(PAGE).content.decode()
    assert "This month: June 2026" in html
    assert "as of 12 June 2026 (the last data): 10 of 24 working days, 14 left" in html
    assert 'id="pace-score">108.62<' in html
    assert 'id="earned-so-far">Rp 500,000<' in html
    assert 'id="projected-incentive">Rp 3,200,000<' in html
    assert "Projection" in html and "not a promise" in html
    # next tier against the month's end and per working day
    assert "8 more New outlets" in html
    assert "≈ 1 per working day, 14 working days left" in html
    # the history names the closed month (a draft run): never as "this month"
    assert "May 2026" in html and "waiting for approval" in html
    assert 'id="history-table"' in html and 'id="dashboard-data"' in html


def test_the_home_page_is_his_month_so_far(client, june_in_progress):
    client.force_login(june_in_progress.andi.user)
    html = english(client).get("/").content.decode()
    assert 'id="my-month"' in html and 'id="pace-score">108.62<' in html
    assert 'id="kpi-panel"' not in html  # the month so far replaces the month's draft card


def test_a_closed_month_is_never_described_as_current(client, june_in_progress, monkeypatch):
    """July has no data yet: the page says so; June is in the history by its name."""
    monkeypatch.setattr(my_month, "current_month", lambda: date(2026, 7, 1))
    monkeypatch.setattr(dashboard, "current_month", lambda: date(2026, 7, 1))
    client.force_login(june_in_progress.andi.user)
    for url in (PAGE, "/"):
        html = english(client).get(url).content.decode()
        assert "This month: July 2026" in html
        assert 'id="my-month-no-data"' in html
        assert 'id="projected-incentive"' not in html
        assert "June 2026" in html


def test_the_api_gives_the_same_facts(client, june_in_progress):
    client.force_login(june_in_progress.andi.user)
    data = client.get("/api/v1/dashboard/").json()
    assert (data["salesman"], data["month"], data["as_of"]) == ("A1", "2026-06", "2026-06-12")
    assert (data["working_days"], data["working_days_elapsed"], data["working_days_left"]) == (
        24,
        10,
        14,
    )
    assert data["pace_score"] == "108.62"
    assert [row["kpi"] for row in data["kpis"]] == ["revenue", "new_outlets", "visits_per_day"]
    assert data["kpis"][1]["pace_target"] == "12.5"
    incentive = data["incentive"]
    assert (incentive["earned"], incentive["projected"], incentive["is_projection"]) == (
        "500000",
        "3200000",
        True,
    )
    outlets = next(t for t in incentive["next_tiers"] if t["rule"] == "new-outlets")
    assert (outlets["needed"], outlets["per_working_day"], outlets["working_days_left"]) == (
        "8",
        "1",
        14,
    )
    may = next(h for h in data["history"] if h["month"] == "2026-05")
    assert (may["amount"], may["run_status"]) == ("2700000", "draft")


def test_his_own_only(client, june_in_progress):
    """HR and admins have no month of their own: 404; a salesman's API answer is his."""
    client.force_login(june_in_progress.hr)
    assert client.get(PAGE).status_code == 404
    assert client.get("/api/v1/dashboard/").status_code == 404
    client.force_login(june_in_progress.budi.user)
    assert client.get("/api/v1/dashboard/").json()["salesman"] == "A2"
    client.logout()
    assert client.get(PAGE).status_code == 302
    assert client.get("/api/v1/dashboard/").status_code in (401, 403)


def more_salesmen(world, count: int):
    for n in range(count):
        person = SalesmanFactory(
            code=f"M{n:03d}", team=world.team_a, user=UserFactory(username=f"m{n}")
        )
        field_month(person, revenue=100_000_000 + n, new_outlets=3, field_days=4)
        targets(person)
    live.refresh_month(month=JUNE, as_of=MID_JUNE)


@pytest.mark.parametrize("extra", [0, 12])
def test_query_count_does_not_grow_with_the_data(
    client, june_in_progress, extra, django_assert_max_num_queries
):
    more_salesmen(june_in_progress, extra)
    client.force_login(june_in_progress.andi.user)
    client.get(PAGE)  # the boards and the battle are computed once per refresh
    with django_assert_max_num_queries(15):
        response = client.get(PAGE)
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/dashboard/").status_code == 200
    with django_assert_max_num_queries(15):  # his home page: the same month's panels
        assert client.get("/").status_code == 200


def test_a_refresh_publishes_the_boards_and_the_battle_for_the_pages(
    client, june_in_progress, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Once a refresh of the month commits, its boards and battle are computed and cached for
    every salesman's page (`kpi.dashboard_parts.publish_month`): his first page after it asks
    the database what his second asks, nothing of the whole sales force's boards. The next
    refresh publishes under its own stamp and drops the one before."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kpi.dashboard_parts import _board_key, my_ranks
    from kpi.gamification.boards import live_board_key
    from kpi.gamification.models import Board, BoardSnapshot
    from kpi.gamification.refreshes import published
    from kpi.gamification.services import save_document
    from tests.test_gamification_rules import DOCUMENT

    save_document(data=DOCUMENT, by=None)
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live.refresh_month(month=JUNE, as_of=MID_JUNE)
    last = published(JUNE)
    first = last.stamp
    assert last.as_of == MID_JUNE and first.startswith("2026-06-12-")
    client.force_login(june_in_progress.andi.user)
    with CaptureQueriesContext(connection) as cold:
        assert client.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(PAGE).status_code == 200
    assert len(cold.captured_queries) == len(warm.captured_queries)
    # from the published boards: Andi first of Team A's two (Budi has no June field data) on
    # the score board, and first of the two GT salesmen on the week's visits
    andi = june_in_progress.andi
    ranks = my_ranks(andi.user, andi, live.live_month_state(andi, JUNE))
    assert {r.code: (r.rank, r.entries) for r in ranks} == {"score": (1, 2), "visits-week": (1, 2)}
    # the leaderboard page of that day reads the published board: nothing computed
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/leaderboards/?board=visits-week&as_of=2026-06-12").status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/leaderboards/?board=visits-week&as_of=2026-06-12").status_code == 200
    assert len(cold.captured_queries) == len(warm.captured_queries)
    # the leaderboards' battle too: only whether June was closed is asked (it was not)
    from kpi.gamification.refreshes import month_battle

    with django_assert_num_queries(1):
        june = month_battle(JUNE)
    assert (june.recorded, june.channels[0]["channel"]) == (False, "GT")

    # the leaderboards read the live boards this refresh stored, a page at a time: Team A's
    # two on the score board (Budi, with no June field data, second), Andi's own row after
    # Budi's page
    live_boards = BoardSnapshot.objects.exclude(stamp="")
    assert {(b.board.code, b.as_of, b.stamp) for b in live_boards} == {
        ("score", MID_JUNE, first),
        ("visits-week", MID_JUNE, first),
    }
    answer = client.get("/api/v1/leaderboards/score/?as_of=2026-06-12").json()
    assert (answer["count"], answer["stored"]) == (2, False)
    assert [(e["salesman"], e["rank"]) for e in answer["entries"]] == [("A1", 1), ("A2", 2)]
    page = client.get("/leaderboards/?board=score&as_of=2026-06-12&per_page=1&page=2")
    assert [row.member.code for row in page.context["rows"]] == ["A2", "A1"]
    assert page.context["pinned"].member.code == "A1"

    score = Board.objects.get(code="score")
    assert cache.get(_board_key(score, MID_JUNE, first)) is not None
    assert cache.get(live_board_key(score, MID_JUNE, first)) is not None  # the whole board
    with django_capture_on_commit_callbacks(execute=True):  # the next night's refresh
        live.refresh_month(month=JUNE, as_of=date(2026, 6, 15))
    as_of, second = published(JUNE).as_of, published(JUNE).stamp
    assert (as_of, second[:10]) == (date(2026, 6, 15), "2026-06-15")
    assert cache.get(_board_key(score, as_of, second)) is not None
    assert cache.get(_board_key(score, MID_JUNE, first)) is None
    assert cache.get(f"{_board_key(score, MID_JUNE, first)}:{june_in_progress.andi.pk}") is None
    assert cache.get(live_board_key(score, MID_JUNE, first)) is None
    assert {(b.as_of, b.stamp) for b in BoardSnapshot.objects.exclude(stamp="")} == {
        (as_of, second)
    }
