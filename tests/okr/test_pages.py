"""The tree and the lists stay at a fixed number of queries however many objectives there are."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from okr.models import Level
from tests.okr.factories import KeyResultFactory, ObjectiveFactory


def add_objectives(okr, prefix, count):
    for n in range(count):
        team = ObjectiveFactory(
            code=f"{prefix}-T{n}",
            cycle=okr.cycle,
            level=Level.TEAM,
            team=okr.people.team_a,
            parent=okr.co,
            participants=[okr.people.andi],
        )
        KeyResultFactory(objective=team, current_value=Decimal(n))
        KeyResultFactory(objective=team, current_value=Decimal(50))
        person = ObjectiveFactory(
            code=f"{prefix}-P{n}",
            cycle=okr.cycle,
            level=Level.PERSON,
            owner=okr.people.budi,
            parent=team,
            participants=[okr.people.budi],
        )
        KeyResultFactory(objective=person, current_value=Decimal(n))


def queries_of(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_tree_list_and_api_do_not_grow_with_the_objectives(client, okr):
    api = APIClient()
    api.force_authenticate(okr.people.manager_a)
    client.force_login(okr.people.manager_a)

    def pages():
        assert client.get("/okr/cycles/H1-2026/").status_code == 200
        assert client.get("/okr/objectives/").status_code == 200
        assert api.get("/api/v1/okr/objectives/").status_code == 200

    add_objectives(okr, "FEW", 2)
    few = queries_of(pages)
    add_objectives(okr, "MANY", 10)
    assert queries_of(pages) == few


def test_tree_nests_company_team_person(client, okr):
    client.force_login(okr.people.manager_a)
    roots = client.get("/okr/cycles/H1-2026/").context["roots"]
    assert [node.objective.code for node in roots] == ["CO", "PB"]  # PB is aligned to nothing
    assert [node.objective.code for node in roots[0].children] == ["TA"]
    assert [node.objective.code for node in roots[0].children[0].children] == ["PA"]


def test_tree_shows_scores_and_bands(client, okr):
    kr = okr.krs["CO"]
    kr.current_value = Decimal(65)
    kr.save()
    client.force_login(okr.people.andi.user)
    page = client.get("/okr/cycles/H1-2026/").content.decode()
    assert 'data-score="0.65"' in page
    assert "berhasil" in page  # the success band, in Indonesian
    assert 'style="width: 65%"' in page


def test_okr_home_redirects_to_the_running_cycle(client, okr, monkeypatch):
    from datetime import date

    monkeypatch.setattr("okr.services.today", lambda: date(2026, 2, 1))
    client.force_login(okr.people.andi.user)
    response = client.get("/okr/")
    assert response["Location"] == "/okr/cycles/H1-2026/"


def test_cycle_switch_works_without_javascript(client, okr):
    from tests.okr.factories import CycleFactory

    CycleFactory(code="Q4-2026", name="Q4 2026", start="2026-10-01", end="2026-12-31")
    client.force_login(okr.people.andi.user)
    assert client.get("/okr/?cycle=Q4-2026")["Location"] == "/okr/cycles/Q4-2026/"
    assert client.get("/okr/?cycle=H1-2026")["Location"] == "/okr/cycles/H1-2026/"


def test_band_legend_in_the_users_number_format(client, okr):
    client.force_login(okr.people.andi.user)
    page = client.get("/okr/cycles/H1-2026/").content.decode()
    assert "0,40–0,59 berjalan" in page
    assert "≥ 0,90 tercapai: periksa ambisinya" in page
    page = client.get("/okr/cycles/H1-2026/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0.60–0.89 success" in page


def shown_codes(roots) -> list[str]:
    codes, stack = [], list(roots)
    while stack:
        node = stack.pop(0)
        codes.append(node.objective.code)
        stack = list(node.children) + stack
    return codes


def test_a_large_tree_folds_the_personal_objectives(client, okr, monkeypatch):
    """Past the limit, personal objectives are counted under their parent (one parent opened at
    a time), except the reader's own; the page then grows with teams, not with people."""
    monkeypatch.setattr("okr.selectors.TREE_UNFOLDED_UP_TO", 2)
    client.force_login(okr.people.manager_a)
    response = client.get("/okr/cycles/H1-2026/")
    tree = response.context["tree"]
    assert shown_codes(tree.roots) == ["CO", "TA"]
    assert (tree.roots[0].children[0].folded, tree.folded) == (1, 1)  # PA under TA; PB unaligned
    assert "1 objective pribadi" in response.content.decode()

    tree = client.get("/okr/cycles/H1-2026/?open=TA").context["tree"]
    assert shown_codes(tree.roots) == ["CO", "TA", "PA"]
    assert (tree.roots[0].children[0].folded, tree.folded) == (0, 1)

    tree = client.get("/okr/cycles/H1-2026/?open=-").context["tree"]
    assert shown_codes(tree.roots) == ["CO", "TA", "PB"]
    assert (tree.roots[0].children[0].folded, tree.folded) == (1, 0)

    # a salesman's own objective is never folded away
    client.force_login(okr.people.andi.user)
    assert shown_codes(client.get("/okr/cycles/H1-2026/").context["roots"]) == ["CO", "TA", "PA"]

    add_objectives(okr, "MANY", 10)  # ten more team objectives, each with a personal one
    client.force_login(okr.people.manager_a)
    tree = client.get("/okr/cycles/H1-2026/").context["tree"]
    assert len(shown_codes(tree.roots)) == 2 + 10
    assert sum(node.folded for node in tree.roots[0].children) == 1 + 10
