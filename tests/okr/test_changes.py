"""Mid-cycle changes are recorded (who, when, before/after) and shown on the objective page."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from okr import services
from okr.models import KeyResult, Level, Objective
from org.audit import history_of
from org.models import Period

D = Decimal


@pytest.fixture
def mid_cycle(monkeypatch):
    monkeypatch.setattr("okr.services.today", lambda: date(2026, 3, 15))


def test_key_result_target_change_mid_cycle_is_recorded(client, okr, world, mid_cycle):
    kr = okr.krs["TA"]
    kr.target_value = D(80)
    services.save_key_result(key_result=kr, by=world.manager_a)
    entry = history_of(okr.ta).get(action="okr.key_result.updated")
    assert entry.actor == world.manager_a
    assert entry.before == {"target_value": "100.0000"}
    assert entry.after == {"target_value": "80"}
    assert "mid-cycle" in entry.note

    api = APIClient()
    api.force_authenticate(world.andi.user)
    history = api.get("/api/v1/okr/objectives/TA/").json()["history"]
    assert history[0]["action"] == "okr.key_result.updated"
    assert history[0]["actor"] == "manager_a"
    assert (history[0]["before"], history[0]["after"]) == (
        {"target_value": "100.0000"},
        {"target_value": "80"},
    )

    client.force_login(world.andi.user)
    page = client.get("/okr/objectives/TA/").content.decode()
    assert 'data-action="okr.key_result.updated"' in page
    assert "Key result diubah" in page or "key result diubah" in page
    assert "di tengah siklus" in page


def test_objective_edit_through_the_form_records_before_and_after(client, okr, world, mid_cycle):
    client.force_login(world.manager_a)
    response = client.post(
        "/okr/objectives/TA/edit/",
        {
            "title_id": "Judul baru",
            "title_en": okr.ta.title_en,
            "description": "",
            "level": "team",
            "team": world.team_a.pk,
            "parent": okr.co.pk,
            "participants": [world.andi.pk],
        },
    )
    assert response.status_code == 302
    entry = history_of(okr.ta).get(action="okr.objective.updated")
    assert entry.before == {"title_id": okr.ta.title_id, "participants": ["A1", "A2"]}
    assert entry.after == {"title_id": "Judul baru", "participants": ["A1"]}
    assert entry.note == "mid-cycle"
    okr.ta.refresh_from_db()
    assert okr.ta.code == "TA"  # the code is fixed once created


def test_creating_and_removing_key_results_are_recorded(client, okr, world, mid_cycle):
    client.force_login(world.manager_a)
    response = client.post(
        "/okr/objectives/TA/key-results/new/",
        {
            "title_id": "Outlet baru",
            "title_en": "New outlets",
            "kind": "metric",
            "metric": "new_outlets",
            "aggregation": "sum",
            "scope": "participants",
            "start_value": "0",
            "target_value": "500",
            "direction": "higher",
            "unit": "outlet",
            "weight": "2",
            "position": "2",
        },
    )
    assert response.status_code == 302
    kr = KeyResult.objects.get(objective=okr.ta, title_id="Outlet baru")
    assert history_of(okr.ta).filter(action="okr.key_result.created").count() == 1
    response = client.post(f"/okr/key-results/{kr.pk}/delete/")
    assert response.status_code == 302
    assert not KeyResult.objects.filter(pk=kr.pk).exists()
    entry = history_of(okr.ta).get(action="okr.key_result.deleted")
    assert entry.before["title_id"] == "Outlet baru"
    assert entry.before["target_value"] == "500.0000"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_value": "0"}, "target_value"),  # equal to the start
        ({"direction": "lower"}, "target_value"),  # target above the start
        ({"kind": "metric", "metric": ""}, "metric"),
        ({"kind": "metric", "metric": "aov"}, "aggregation"),  # a ratio cannot be summed
        ({"kind": "metric", "metric": "new_outlets", "scope": "team"}, "scope_team"),
        ({"weight": "0"}, "weight"),
    ],
)
def test_key_result_form_answers_400_naming_the_field(client, okr, world, changes, field):
    client.force_login(world.manager_a)
    data = {
        "title_id": "KR",
        "kind": "manual",
        "aggregation": "sum",
        "scope": "participants",
        "start_value": "0",
        "target_value": "10",
        "direction": "higher",
        "weight": "1",
        "position": "1",
    } | changes
    response = client.post("/okr/objectives/TA/key-results/new/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert okr.ta.key_results.count() == 1


def test_new_objective_form_creates_a_person_objective_with_its_owner(client, okr, world):
    client.force_login(world.manager_a)
    response = client.post(
        "/okr/objectives/new/",
        {
            "code": "ANDI-2",
            "cycle": okr.cycle.pk,
            "title_id": "Andi kedua",
            "level": "person",
            "owner": world.andi.pk,
            "team": world.team_a.pk,  # ignored: a person objective has no team
        },
    )
    assert response.status_code == 302
    objective = Objective.objects.get(code="ANDI-2")
    assert (objective.level, objective.owner, objective.team) == (Level.PERSON, world.andi, None)
    assert list(objective.participants.all()) == [world.andi]
    assert history_of(objective).get().action == "okr.objective.created"


def test_objective_form_needs_the_owner_of_its_level(client, okr, world):
    client.force_login(world.manager_a)
    response = client.post(
        "/okr/objectives/new/",
        {"code": "X", "cycle": okr.cycle.pk, "title_id": "X", "level": "team"},
    )
    assert response.status_code == 400
    assert "team" in response.context["form"].errors


def test_objective_cannot_be_aligned_below_itself(okr, world):
    okr.co.parent = okr.pa  # CO ← TA ← PA ← CO would be a loop
    with pytest.raises(ValidationError) as error:
        services.save_objective(objective=okr.co, participants=None, by=world.admin)
    assert "parent" in error.value.message_dict


def test_only_managers_change_okrs(okr, world):
    kr = okr.krs["PA"]
    kr.target_value = D(50)
    with pytest.raises(PermissionDenied):
        services.save_key_result(key_result=kr, by=world.supervisor_a)
    with pytest.raises(PermissionDenied):
        services.save_objective(objective=okr.pa, participants=None, by=world.hr)


def test_a_cycle_whose_last_month_is_locked_no_longer_changes(okr, world):
    Period.objects.create(month=date(2026, 6, 1), locked_at="2026-07-05T10:00:00+07:00")
    kr = okr.krs["PA"]
    kr.target_value = D(50)
    with pytest.raises(ValidationError):
        services.save_key_result(key_result=kr, by=world.admin)
    with pytest.raises(ValidationError):
        services.delete_key_result(key_result=kr, by=world.admin)


def test_objective_code_new_is_reserved_for_the_create_page(client, okr, world):
    client.force_login(world.manager_a)
    response = client.post(
        "/okr/objectives/new/",
        {"code": "new", "cycle": okr.cycle.pk, "title_id": "X", "level": "company"},
    )
    assert response.status_code == 400
    assert "code" in response.context["form"].errors


def test_editing_keeps_participants_the_editor_cannot_see(client, okr, world):
    okr.co.participants.set([world.andi, world.dewi])
    client.force_login(world.manager_a)  # sees andi and budi, not dewi
    response = client.post(
        "/okr/objectives/CO/edit/",
        {"title_id": "Perusahaan", "level": "company", "participants": [world.budi.pk]},
    )
    assert response.status_code == 302
    assert set(okr.co.participants.all()) == {world.budi, world.dewi}
