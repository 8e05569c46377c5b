"""Leaderboards and badges on the database: week windows across a month boundary, ties, no data,
lower-is-better, movement between snapshots, publishing twice, badges for complete windows once,
the API's shapes and who sees what (outsiders get 404 or nothing)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from kpi.gamification.boards import live_board
from kpi.gamification.models import BadgeAward, Board, BoardEntry, BoardSnapshot
from kpi.gamification.services import export_document, publish_leaderboards, save_document
from org.models import Role
from tests.factories import SalesmanFactory, UserFactory
from tests.outlets.factories import VisitFactory, set_metric
from tests.test_gamification_rules import DOCUMENT

JUNE = date(2026, 6, 1)


@pytest.fixture
def people(world):
    """Team A (GT): andi, budi, cici, dodi; team B (MT): dewi."""
    world.cici = SalesmanFactory(
        code="A3", name="Cici", team=world.team_a, user=UserFactory(username="cici")
    )
    world.dodi = SalesmanFactory(
        code="A4", name="Dodi", team=world.team_a, user=UserFactory(username="dodi")
    )
    save_document(data=DOCUMENT, by=None)
    return world


def visits(salesman, *days):
    for day in days:
        VisitFactory(salesman=salesman, date=day)


def rows(view):
    return [(r.member.code, r.rank, r.value) for r in view.rows]


def test_a_week_board_crosses_the_month_boundary_and_ties_share_the_rank(people):
    w = people
    board = Board.objects.get(code="visits-week")
    sunday_before, monday, tuesday, wednesday = (
        date(2026, 6, 28),
        date(2026, 6, 29),
        date(2026, 6, 30),
        date(2026, 7, 1),
    )
    visits(w.andi, sunday_before, monday, tuesday, wednesday, date(2026, 7, 3))  # 3 in the week
    visits(w.budi, monday, monday, wednesday)  # 3
    visits(w.cici, wednesday)  # 1
    view = live_board(board, date(2026, 7, 2))  # Thursday
    assert (view.start, view.end) == (monday, date(2026, 7, 2))
    got = rows(view)
    assert got[:3] == [("A1", 1, D(3)), ("A2", 1, D(3)), ("A3", 3, D(1))]
    assert [code for code, *_ in got] == ["A1", "A2", "A3", "A4"]  # dewi (MT) is not on it
    assert got[3][1] in (None, 4)  # dodi: no visit in the week


def test_no_data_last_and_lower_is_better_first(people):
    w = people
    save_document(
        data={
            **DOCUMENT,
            "boards": [
                {
                    "code": "oos",
                    "name": "OOS",
                    "measure": "metric:oos_rate",
                    "window": "month",
                    "scope": "all",
                    "applies_to": {"role": "salesman", "channel": None},
                }
            ],
        },
        by=None,
    )
    set_metric(salesman=w.andi, month=JUNE, metric="oos_rate", value=D("4.5"))
    set_metric(salesman=w.budi, month=JUNE, metric="oos_rate", value=D("1.254"))
    set_metric(salesman=w.dewi, month=JUNE, metric="oos_rate", value=D("2"))
    view = live_board(Board.objects.get(code="oos"), date(2026, 6, 30))
    assert rows(view) == [
        ("A2", 1, D("1.25")),
        ("B1", 2, D("2.00")),
        ("A1", 3, D("4.50")),
        ("A3", None, None),
        ("A4", None, None),
    ]


def test_publishing_twice_changes_nothing_and_movement_follows_the_last_snapshot(people):
    w = people
    board = Board.objects.get(code="visits-week")
    visits(w.andi, date(2026, 6, 22))
    visits(w.budi, date(2026, 6, 23), date(2026, 6, 24))
    first = publish_leaderboards(as_of=date(2026, 6, 28))
    assert first.snapshots == 2  # both boards
    again = publish_leaderboards(as_of=date(2026, 6, 28))
    assert (again.snapshots, again.awards) == (0, 0)
    assert BoardSnapshot.objects.filter(board=board).count() == 1
    week1 = dict(
        BoardEntry.objects.filter(snapshot__board=board).values_list("salesman__code", "rank")
    )
    assert week1["A2"] == 1 and week1["A1"] == 2
    # the next week andi climbs to first, budi falls to second
    visits(w.andi, date(2026, 6, 29), date(2026, 6, 30), date(2026, 7, 1))
    visits(w.budi, date(2026, 7, 2))
    publish_leaderboards(as_of=date(2026, 7, 5))
    snapshot = BoardSnapshot.objects.get(board=board, as_of=date(2026, 7, 5))
    moved = {e.salesman.code: (e.rank, e.movement) for e in snapshot.entries.all()}
    assert moved["A1"] == (1, 1)  # 2 → 1
    assert moved["A2"] == (2, -1)  # 1 → 2
    # a stored snapshot is what the board answers for that date
    assert live_board(board, date(2026, 7, 5)).stored is True


def test_badges_only_for_complete_windows_once_and_top_needs_a_value(people):
    w = people
    # June's new outlets: andi 6, budi 6 (tie), dewi 0 (MT: alone in his channel, but zero)
    for person, value in ((w.andi, 6), (w.budi, 6), (w.cici, 2), (w.dewi, 0)):
        set_metric(salesman=person, month=JUNE, metric="new_outlets", value=D(value))
    set_metric(salesman=w.cici, month=JUNE, metric="visits_per_day", value=D(19))
    set_metric(salesman=w.andi, month=JUNE, metric="visits_per_day", value=D("18.99"))
    publish_leaderboards(as_of=date(2026, 6, 29))  # June is not complete on the 29th
    assert BadgeAward.objects.count() == 0
    done = publish_leaderboards(as_of=date(2026, 6, 30))
    awards = sorted(
        BadgeAward.objects.values_list("badge__code", "salesman__code", "window_end", "value")
    )
    assert awards == [
        ("outlet-hunter", "A1", date(2026, 6, 30), D(6)),
        ("outlet-hunter", "A2", date(2026, 6, 30), D(6)),
        ("visit-machine", "A3", date(2026, 6, 30), D(19)),
    ]
    assert done.awards == 3
    # July's first days award June again: nothing new
    assert publish_leaderboards(as_of=date(2026, 7, 3)).awards == 0
    assert BadgeAward.objects.count() == 3


def test_the_document_round_trips_through_the_commands(people, tmp_path, capsys):
    path = tmp_path / "gamification.json"
    call_command("export_gamification", "-o", str(path))
    import json

    assert json.loads(path.read_text()) == DOCUMENT
    assert export_document() == DOCUMENT
    call_command("import_gamification", str(path))
    assert export_document() == DOCUMENT


# --- the API -----------------------------------------------------------------------------


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def june_scores(people):
    from tests.test_gamification_levels import scorecard

    w = people
    for person, total in ((w.andi, "116.16"), (w.budi, "98.5"), (w.dewi, "101")):
        scorecard(person, JUNE, total)
    return w


def test_a_board_as_the_contract_shows_it(june_scores):
    w = june_scores
    answer = client_for(w.andi.user).get("/api/v1/leaderboards/score/?as_of=2026-06-30")
    assert answer.status_code == 200
    assert answer.json() == {
        "board": "score",
        "as_of": "2026-06-30",
        "window": {"start": "2026-06-01", "end": "2026-06-30"},
        "stored": False,
        "count": 4,
        "next": None,
        "previous": None,
        "entries": [
            {
                "rank": 1,
                "salesman": "A1",
                "name": "Andi",
                "team": "Team A",
                "value": "116.16",
                "movement": None,
            },
            {
                "rank": 2,
                "salesman": "A2",
                "name": "Budi",
                "team": "Team A",
                "value": "98.50",
                "movement": None,
            },
            {
                "rank": None,
                "salesman": "A3",
                "name": "Cici",
                "team": "Team A",
                "value": None,
                "movement": None,
            },
            {
                "rank": None,
                "salesman": "A4",
                "name": "Dodi",
                "team": "Team A",
                "value": None,
                "movement": None,
            },
        ],
    }


def test_a_salesman_sees_only_his_scope_and_the_boards_that_apply_to_him(june_scores):
    w = june_scores
    andi = client_for(w.andi.user)
    assert [b["code"] for b in andi.get("/api/v1/leaderboards/").json()] == ["score", "visits-week"]
    dewi = client_for(w.dewi.user)
    assert [b["code"] for b in dewi.get("/api/v1/leaderboards/").json()] == ["score"]
    # the GT board does not apply to dewi (MT): as if it did not exist
    assert dewi.get("/api/v1/leaderboards/visits-week/").status_code == 404
    # team board: dewi sees her team only, never team A
    entries = dewi.get("/api/v1/leaderboards/score/?as_of=2026-06-30").json()["entries"]
    assert [e["salesman"] for e in entries] == ["B1"]
    # a scope outside his own is 404
    assert andi.get("/api/v1/leaderboards/score/?scope=Team B").status_code == 404
    assert andi.get("/api/v1/leaderboards/score/?scope=Team A").status_code == 200
    # a supervisor sees his team's, a manager his teams', HR everyone
    sup_b = client_for(w.supervisor_b).get("/api/v1/leaderboards/score/?as_of=2026-06-30").json()
    assert [e["salesman"] for e in sup_b["entries"]] == ["B1"]
    assert client_for(w.supervisor_b).get("/api/v1/leaderboards/visits-week/").status_code == 404
    hr = client_for(w.hr).get("/api/v1/leaderboards/score/?as_of=2026-06-30").json()
    assert {e["salesman"] for e in hr["entries"]} == {"A1", "A2", "A3", "A4", "B1"}
    # never money
    assert "amount" not in str(hr) and "Rp" not in str(hr)


def test_a_boards_entries_come_a_page_at_a_time(june_scores):
    """HR's score board: Team A's four (Andi 1, Budi 2, Cici and Dodi without a score), then
    Team B's Dewi (1), two a page; past the last page is 404."""
    hr = client_for(june_scores.hr)
    url = "/api/v1/leaderboards/score/?as_of=2026-06-30&page_size=2"
    first = hr.get(url).json()
    assert (first["count"], first["previous"]) == (5, None)
    assert [(e["salesman"], e["rank"]) for e in first["entries"]] == [("A1", 1), ("A2", 2)]
    assert "page=2" in first["next"] and "as_of=2026-06-30" in first["next"]
    second = hr.get(first["next"]).json()
    assert [(e["salesman"], e["rank"]) for e in second["entries"]] == [("A3", None), ("A4", None)]
    third = hr.get(second["next"]).json()
    assert ([e["salesman"] for e in third["entries"]], third["next"]) == (["B1"], None)
    assert hr.get(f"{url}&page=4").status_code == 404


def test_a_published_board_is_read_a_page_at_a_time_by_the_database(june_scores):
    """The board published for 30 June: the same five in the same order, `stored`, each page
    read by the database (its entries sliced, the count asked), not the whole snapshot."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish_leaderboards(as_of=date(2026, 6, 30))
    hr = client_for(june_scores.hr)
    url = "/api/v1/leaderboards/score/?as_of=2026-06-30&page_size=2"
    with CaptureQueriesContext(connection) as queries:
        first = hr.get(url).json()
    assert (first["count"], first["stored"]) == (5, True)
    assert [(e["salesman"], e["rank"]) for e in first["entries"]] == [("A1", 1), ("A2", 2)]
    entries = [q["sql"] for q in queries.captured_queries if "kpi_boardentry" in q["sql"]]
    assert entries and all("LIMIT" in sql or "COUNT(" in sql for sql in entries)
    third = hr.get(f"{url}&page=3").json()
    assert ([e["salesman"] for e in third["entries"]], third["next"]) == (["B1"], None)


def test_badge_awards_and_levels_answer_404_outside_the_scope(june_scores):
    w = june_scores
    set_metric(salesman=w.dewi, month=JUNE, metric="new_outlets", value=D(4))
    publish_leaderboards(as_of=date(2026, 6, 30))
    dewi = client_for(w.dewi.user)
    assert dewi.get("/api/v1/badges/awards/?salesman=B1").json() == [
        {
            "badge": "outlet-hunter",
            "salesman": "B1",
            "window_start": "2026-06-01",
            "window_end": "2026-06-30",
            "value": "4",
        }
    ]
    andi = client_for(w.andi.user)
    assert andi.get("/api/v1/badges/awards/?salesman=B1").status_code == 404
    assert andi.get("/api/v1/badges/awards/").json() == []
    assert andi.get("/api/v1/salesmen/B1/levels/").status_code == 404
    assert client_for(w.manager_a).get("/api/v1/salesmen/B1/levels/").status_code == 404
    assert client_for(w.manager_b).get("/api/v1/salesmen/B1/levels/").json() == []


def test_the_battle_of_a_month(june_scores):
    w = june_scores
    answer = client_for(w.hr).get("/api/v1/battles/?month=2026-06").json()
    # GT: andi 116.16, budi 98.5 → 107.33; MT: dewi 101.00
    assert answer == {
        "month": "2026-06",
        "channels": [{"channel": "GT", "score": "107.33"}, {"channel": "MT", "score": "101.00"}],
        "count": 2,
        "next": None,
        "previous": None,
        "teams": [
            {"team": "Team A", "channel": "GT", "score": "107.33"},
            {"team": "Team B", "channel": "MT", "score": "101.00"},
        ],
        "winner": "GT",
    }
    andi = client_for(w.andi.user).get("/api/v1/battles/?month=2026-06").json()
    assert ([t["team"] for t in andi["teams"]], andi["count"]) == (["Team A"], 1)
    # a page at a time by name: HR's second team alone on page 2
    paged = client_for(w.hr).get("/api/v1/battles/?month=2026-06&page_size=1&page=2").json()
    assert (paged["count"], [t["team"] for t in paged["teams"]]) == (2, ["Team B"])
    assert paged["next"] is None and "page_size=1" in paged["previous"]
    assert client_for(w.andi.user).get("/api/v1/battles/?month=June").status_code == 400


def test_the_battle_means_round_half_up_and_skip_people_without_a_score(june_scores):
    from kpi.gamification.battle import compute_battle
    from org.models import Team
    from tests.test_gamification_levels import scorecard

    w = june_scores
    # A third GT salesman in Team A: (116.16 + 98.5 + 100.01) / 3 = 104.89 exactly; a fourth
    # with no scorecard counts in no mean; a team whose only member has none has no score.
    scorecard(SalesmanFactory(code="Z3", team=w.team_a, channel="GT"), JUNE, "100.01")
    SalesmanFactory(code="Z4", team=w.team_a, channel="GT")
    lonely = Team.objects.create(name="Team C")
    SalesmanFactory(code="Z5", team=lonely, channel="GT")
    # Dewi's 101 and another MT's 100.02: 201.02 / 2 = 100.51
    scorecard(SalesmanFactory(code="Z6", team=w.team_b, channel="MT"), JUNE, "100.02")
    battle = compute_battle(JUNE)
    assert battle.channels == [
        {"channel": "GT", "score": "104.89"},
        {"channel": "MT", "score": "100.51"},
    ]
    assert battle.teams == [
        {"team": "Team A", "channel": "GT", "score": "104.89"},
        {"team": "Team B", "channel": "MT", "score": "100.51"},
        {"team": "Team C", "channel": "GT", "score": None},
    ]
    assert battle.winner == "GT"
    # Half up: (98.5 + 98.51) / 2 = 98.505 → 98.51 for a team of two.
    pair = Team.objects.create(name="Team D")
    for code, total in (("Z7", "98.5"), ("Z8", "98.51")):
        scorecard(SalesmanFactory(code=code, team=pair, channel="MT"), JUNE, total)
    teams = {t["team"]: t["score"] for t in compute_battle(JUNE).teams}
    assert teams["Team D"] == "98.51"


def test_an_anonymous_caller_sees_nothing(people):
    assert APIClient().get("/api/v1/leaderboards/").status_code in (401, 403)


def test_a_user_without_a_profile_role(people):
    other = UserFactory(username="x-manager", role=Role.MANAGER)
    assert client_for(other).get("/api/v1/leaderboards/").json() == []


@pytest.mark.parametrize("extra", [0, 30])
def test_a_board_reads_in_a_constant_number_of_queries(
    june_scores, extra, django_assert_max_num_queries
):
    w = june_scores
    from tests.test_gamification_levels import scorecard

    for i in range(extra):
        person = SalesmanFactory(code=f"AX{i:02d}", team=w.team_a)
        scorecard(person, JUNE, str(90 + i))
    client = client_for(w.manager_a)
    with django_assert_max_num_queries(12):
        answer = client.get("/api/v1/leaderboards/score/?as_of=2026-06-30")
    assert len(answer.json()["entries"]) == 4 + extra


def test_a_live_board_is_kept_a_minute_for_the_next_reader(people, django_assert_num_queries):
    board = Board.objects.get(code="score")
    first = live_board(board, date(2026, 6, 30))
    with django_assert_num_queries(1):  # the snapshot lookup only
        again = live_board(board, date(2026, 6, 30))
    assert rows(again) == rows(first)
