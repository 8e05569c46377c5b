"""The gamification pages: the manager's editor (forms, JSON export and import), the leaderboard
page with movement arrows, badges and level history; outsiders get 404 or nothing."""

import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client

from kpi.gamification.models import Board, SalesmanLevel
from kpi.gamification.services import export_document, publish_leaderboards, save_document
from tests.outlets.factories import set_metric
from tests.test_gamification_levels import scorecard
from tests.test_gamification_rules import DOCUMENT

JUNE = date(2026, 6, 1)


@pytest.fixture
def setup_world(world):
    save_document(data=DOCUMENT, by=None)
    return world


def signed_in(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_a_manager_edits_a_board_a_badge_and_the_levels_with_forms(setup_world):
    w = setup_world
    manager = signed_in(w.manager_a)
    answer = manager.post(
        "/gamification/boards/new/",
        {
            "code": "hits",
            "name_id": "Hit rate",
            "name_en": "",
            "measure": "metric:hit_rate",
            "window": "week",
            "scope": "all",
            "role": "salesman",
            "channel": "",
        },
    )
    assert answer.status_code == 302
    board = export_document()["boards"][2]
    assert board == {
        "code": "hits",
        "name": "Hit rate",
        "measure": "metric:hit_rate",
        "window": "week",
        "scope": "all",
        "applies_to": {"role": "salesman", "channel": None},
    }
    # total_score is measured per month only: the document's own words, by path
    answer = manager.post(
        "/gamification/boards/hits/",
        {
            "code": "hits",
            "name_id": "Hit",
            "name_en": "Hit",
            "measure": "total_score",
            "window": "week",
            "scope": "all",
            "role": "salesman",
        },
    )
    assert answer.status_code == 200
    assert "boards[2].window: &#x27;total_score&#x27; is measured per month only" in (
        answer.content.decode()
    )
    answer = manager.post(
        "/gamification/badges/visit-machine/",
        {
            "code": "visit-machine",
            "name_id": "Mesin Kunjungan",
            "name_en": "Visit Machine",
            "icon": "lightning",
            "measure": "metric:visits_per_day",
            "window": "month",
            "award_kind": "min",
            "minimum": "19.5",
        },
    )
    assert answer.status_code == 302
    assert export_document()["badges"][1]["award"] == {"min": 19.5}
    answer = manager.post(
        "/gamification/levels/",
        {"months": "2", "level_0": "1", "from_0": "0", "level_1": "2", "from_1": "105"},
    )
    assert answer.status_code == 302
    assert export_document()["levels"] == {
        "measure": "total_score",
        "months": 2,
        "thresholds": [{"level": 1, "from": 0}, {"level": 2, "from": 105}],
    }


def test_export_and_import_through_the_browser(setup_world):
    w = setup_world
    manager = signed_in(w.manager_a)
    exported = manager.get("/gamification/export/")
    assert exported["Content-Disposition"] == 'attachment; filename="gamification.json"'
    assert json.loads(exported.content) == DOCUMENT
    bad = io.BytesIO(json.dumps({"boards": [{"code": "x"}]}).encode())
    bad.name = "bad.json"
    answer = manager.post("/gamification/import/", {"file": bad}, follow=True)
    assert "boards[0].name: must be a text" in answer.content.decode()
    assert export_document() == DOCUMENT  # nothing stored
    good = io.BytesIO(json.dumps({**DOCUMENT, "badges": []}).encode())
    good.name = "good.json"
    manager.post("/gamification/import/", {"file": good})
    assert export_document()["badges"] == []


def test_the_editor_is_for_managers_only(setup_world):
    w = setup_world
    for user in (w.andi.user, w.supervisor_a, w.hr):
        assert signed_in(user).get("/gamification/").status_code == 404
    assert signed_in(w.manager_a).get("/gamification/").status_code == 200


def test_the_leaderboard_page_shows_the_scope_and_the_arrows(setup_world):
    w = setup_world
    for person, total in ((w.andi, "116.16"), (w.budi, "98.5"), (w.dewi, "101")):
        scorecard(person, JUNE, total)
    publish_leaderboards(as_of=date(2026, 6, 29))
    scorecard(w.budi, date(2026, 5, 1), "1")  # unrelated month
    w.budi.scorecards.filter(month=JUNE).update(total=D("120"))
    page = signed_in(w.andi.user).get("/leaderboards/?board=score&as_of=2026-06-30")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Budi" in text and "Andi" in text and "Dewi" not in text
    assert "▲ 1" in text and "▼ 1" in text  # budi climbed, andi fell
    assert "GT vs MT battle, June 2026" in text and "Team B" not in text
    # the GT-only board does not exist for dewi
    assert signed_in(w.dewi.user).get("/leaderboards/?board=visits-week").status_code == 404
    # indonesian by default
    page = signed_in(w.dewi.user, "id").get("/leaderboards/?as_of=2026-06-30")
    assert "Skor bulan ini" in page.content.decode() and "Andi" not in page.content.decode()
    assert "Papan peringkat" in page.content.decode() and "Pergerakan" in page.content.decode()


def test_the_leaderboard_page_comes_a_page_at_a_time_with_his_own_place(setup_world):
    """Andi's team board, one row a page: page 2 is Budi's (rank 2 of Team A's two), with
    Andi's own row after it; page 1 is his, once."""
    w = setup_world
    for person, total in ((w.andi, "116.16"), (w.budi, "98.5")):
        scorecard(person, JUNE, total)
    andi = signed_in(w.andi.user)
    page = andi.get("/leaderboards/?board=score&as_of=2026-06-30&per_page=1&page=2")
    text = page.content.decode()
    assert page.status_code == 200
    rows = [row.member.code for row in page.context["rows"]]
    assert rows == ["A2", "A1"] and page.context["pinned"].member.code == "A1"
    assert "your place" in text and "2 / 2" in text
    assert "?board=score&amp;as_of=2026-06-30&amp;per_page=1&page=1" in text  # back to page 1
    first = andi.get("/leaderboards/?board=score&as_of=2026-06-30&per_page=1")
    assert [row.member.code for row in first.context["rows"]] == ["A1"]
    assert first.context["pinned"] is None and "your place" not in first.content.decode()


def test_a_long_list_of_teams_to_pick_is_typed(setup_world, monkeypatch):
    """HR's team board lists his teams to pick (Team A, Team B); above `SCOPES_LISTED` the
    page carries a typed team name with suggestions from the teams API instead of every team
    (2,000 at national scale). A typed team is shown; one he does not see is 404."""
    from kpi.gamification import views

    hr = signed_in(setup_world.hr)
    listed = hr.get("/leaderboards/?board=score").content.decode()
    assert '<option value="Team A">Team A</option>' in listed and "scope-options" not in listed
    monkeypatch.setattr(views, "SCOPES_LISTED", 1)
    typed = hr.get("/leaderboards/?board=score").content.decode()
    assert 'list="scope-options"' in typed and 'data-name-search="/api/v1/teams/"' in typed
    assert '<option value="Team A">' not in typed and "js/salesman_search" in typed
    page = hr.get("/leaderboards/?board=score&scope=Team B")
    assert page.status_code == 200 and 'value="Team B"' in page.content.decode()
    assert hr.get("/leaderboards/?board=score&scope=Team Z").status_code == 404


def test_the_leaderboard_page_shows_the_best_teams_of_the_battle(setup_world, monkeypatch):
    """HR's battle beside the board: the best of his teams (Team A 107.33 above Team B 101)
    and how many there are, not every team of a national sales force."""
    from kpi.gamification import views

    w = setup_world
    for person, total in ((w.andi, "116.16"), (w.budi, "98.5"), (w.dewi, "101")):
        scorecard(person, JUNE, total)
    monkeypatch.setattr(views, "BATTLE_TEAMS_SHOWN", 1)
    page = signed_in(w.hr).get("/leaderboards/?board=score&as_of=2026-06-30")
    text = page.content.decode()
    assert [row["team"] for row in page.context["battle_teams"]] == ["Team A"]
    assert "The best 1 of 2 teams." in text


def test_badges_and_levels_page(setup_world):
    w = setup_world
    set_metric(salesman=w.andi, month=JUNE, metric="new_outlets", value=D(6))
    publish_leaderboards(as_of=date(2026, 6, 30))
    SalesmanLevel.objects.create(
        salesman=w.andi, month=date(2026, 7, 1), level=3, source="automatic"
    )
    page = signed_in(w.andi.user).get("/badges/").content.decode()
    assert "Outlet Hunter" in page and "Level 3" in page
    assert signed_in(w.andi.user).get("/badges/?salesman=B1").status_code == 404
    assert signed_in(w.manager_b).get("/badges/?salesman=A1").status_code == 404
    manager = signed_in(w.manager_a).get("/badges/?salesman=A1").content.decode()
    assert "Outlet Hunter" in manager
    assert Board.objects.count() == 2


def test_a_manager_sets_a_level_for_his_people_only(setup_world):
    from kpi.gamification.levels import level_in_force
    from org.models import AuditEntry

    w = setup_world
    manager = signed_in(w.manager_a)
    answer = manager.post("/badges/A1/level/", {"month": "2026-07", "level": "3"})
    assert answer.status_code == 302
    assert level_in_force(w.andi.pk, date(2026, 7, 1)) == 3
    assert AuditEntry.objects.filter(action="salesman.level", actor=w.manager_a).count() == 1
    assert manager.post("/badges/B1/level/", {"month": "2026-07", "level": "3"}).status_code == 404
    assert signed_in(w.supervisor_a).post("/badges/A1/level/", {"level": "1"}).status_code == 404
    assert level_in_force(w.dewi.pk, date(2026, 7, 1)) == 1


def test_a_level_for_a_locked_month_is_refused(setup_world):
    from kpi.gamification.levels import level_in_force
    from org.periods import lock_month

    w = setup_world
    lock_month(date(2026, 5, 1), by=w.hr)
    page = signed_in(w.manager_a).post(
        "/badges/A1/level/", {"month": "2026-05", "level": "3"}, follow=True
    )
    assert page.status_code == 200
    assert level_in_force(w.andi.pk, date(2026, 5, 1)) == 1


def test_a_salesmans_battle_is_read_from_his_teams_own_cache_entry(
    setup_world, django_assert_num_queries
):
    """The dashboard's battle: both channels and his team's row, from two small cache entries
    (the battle's channels, his team's rows), not the whole battle of every team. Team A: Andi
    116.16 and Budi 98.5 → 107.33; MT: Dewi 101."""
    from django.core.cache import cache

    from kpi.dashboard_parts import _battle_key, my_battle

    w = setup_world
    cache.clear()
    for person, total in ((w.andi, "116.16"), (w.budi, "98.5"), (w.dewi, "101")):
        scorecard(person, JUNE, total)
    andi = my_battle(w.andi, JUNE)
    assert andi == {
        "channels": [{"channel": "GT", "score": "107.33"}, {"channel": "MT", "score": "101.00"}],
        "teams": [{"team": "Team A", "channel": "GT", "score": "107.33"}],
        "winner": "GT",
    }
    with django_assert_num_queries(0):  # published once: Dewi's team comes from the cache
        dewi = my_battle(w.dewi, JUNE)
    assert dewi["teams"] == [{"team": "Team B", "channel": "MT", "score": "101.00"}]
    assert dewi["channels"] == andi["channels"]
    team_b = _battle_key(JUNE, "none", "Team B")  # no refresh of the month: "none"
    assert cache.get(team_b) == dewi["teams"]
