import pytest

from org.audit import history_of, record


@pytest.fixture
def entry(world):
    return record(
        actor=world.manager_a,
        action="update",
        obj=world.team_a,
        before={"name": "Team A"},
        after={"name": "Team A Jakarta"},
        note="renamed",
    )


def test_record_keeps_who_what_before_and_after(world, entry):
    assert history_of(world.team_a).get() == entry
    assert entry.actor == world.manager_a
    assert (entry.object_type, entry.object_id) == ("org.team", str(world.team_a.pk))
    assert entry.before == {"name": "Team A"}
    assert entry.after == {"name": "Team A Jakarta"}


@pytest.mark.parametrize("name", ["manager_a", "hr", "admin"])
def test_managers_and_hr_read_the_audit_trail(client, world, entry, name):
    client.force_login(getattr(world, name))
    response = client.get("/audit/", {"object_type": "org.team"})
    assert response.status_code == 200
    rows = list(response.context["table"].paginated_rows)
    assert [row.record for row in rows] == [entry]
    assert "Team A Jakarta" in response.content.decode()


@pytest.mark.parametrize("name", ["supervisor_a", "andi"])
def test_others_do_not_see_the_audit_trail(client, world, entry, name):
    user = world.andi.user if name == "andi" else getattr(world, name)
    client.force_login(user)
    assert client.get("/audit/").status_code == 404
