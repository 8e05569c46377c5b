"""The audit trail, a run's history and a template's assigned people, seen from each side of two
teams: a manager reads what is about his own people and what the whole company shares."""

from decimal import Decimal

import pytest
from django.test import Client

from incentives.payouts.history import run_history
from incentives.payouts.services import add_adjustment, close_period
from kpi.configuration import assign_template
from kpi.models import KPIDefinition, ScorecardTemplate
from kpi.targets import save_targets
from org.visibility import audit_entries_visible_to
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(world):
    """June closed by HR; adjustments for Andi (team A) by manager_a and for Dewi (team B) by
    manager_b; a target each; Budi and Dewi assigned the GT template."""
    andi_june(world)
    run = close_period(month=JUNE, by=world.hr)
    add_adjustment(
        run=run, salesman=world.andi, amount=150000, reason="Bonus A", by=world.manager_a
    )
    add_adjustment(run=run, salesman=world.dewi, amount=-20000, reason="Koreksi B", by=world.hr)
    revenue = KPIDefinition.objects.get(code="revenue")
    save_targets(month=JUNE, values={(world.dewi.id, revenue.id): Decimal(777)}, by=world.hr)
    template = ScorecardTemplate.objects.get(code="GT-SALESMAN")
    assign_template(salesman=world.budi, template=template, by=world.manager_a)
    assign_template(salesman=world.dewi, template=template, by=world.hr)
    return run


def actions(user):
    return sorted((entry.action, entry.object_repr) for entry in audit_entries_visible_to(user))


def test_a_manager_reads_his_people_and_the_company_wide_entries(world, june):
    seen = actions(world.manager_a)
    kinds = {action for action, _ in seen}
    # company-wide: the template and plan set-up, and the run's own close
    assert {"template.create", "kpi.create", "plan.created", "payout_run.closed"} <= kinds
    assert ("payout_run.adjusted", "2026-06") in seen
    assert ("template.assign", str(world.budi)) in seen
    about_people = [
        entry.after or entry.before
        for entry in audit_entries_visible_to(world.manager_a).filter(
            action__in=["payout_run.adjusted", "target.create"]
        )
    ]
    assert [entry["salesman"] for entry in about_people] == ["A1"] * len(about_people)
    # Andi's three June targets (andi_june) are written directly, not through the service,
    # so the one adjustment is all there is about team A's people here.
    assert len(about_people) == 1
    assert ("template.assign", str(world.dewi)) not in seen


def test_the_other_manager_reads_only_team_b(world, june):
    entries = audit_entries_visible_to(world.manager_b)
    adjusted = [e.after["salesman"] for e in entries.filter(action="payout_run.adjusted")]
    assert adjusted == ["B1"]
    targets = [
        (e.after["salesman"], e.after["value"]) for e in entries.filter(action="target.create")
    ]
    assert targets == [("B1", "777")]


@pytest.mark.parametrize("name", ["hr", "admin"])
def test_hr_and_admin_read_everything(world, june, name):
    user = getattr(world, name)
    adjusted = sorted(
        e.after["salesman"]
        for e in audit_entries_visible_to(user).filter(action="payout_run.adjusted")
    )
    assert adjusted == ["A1", "B1"]


@pytest.mark.parametrize("name", ["supervisor_a", "andi"])
def test_supervisors_and_salesmen_read_nothing_of_the_other_team(world, june, name):
    person = getattr(world, name)
    user = getattr(person, "user", person)
    entries = audit_entries_visible_to(user)
    assert not entries.filter(action="payout_run.adjusted", after__salesman="B1").exists()


def test_the_audit_page_of_manager_a_has_no_team_b_note(world, june):
    client = Client()
    client.force_login(world.manager_a)
    page = client.get("/audit/").content.decode()
    assert "Bonus A" in page
    assert "Koreksi B" not in page
    assert "777" not in page


def test_the_run_history_shows_a_manager_the_transitions_and_his_own_adjustments(world, june):
    # read outside a request: English (tests/conftest.py), so English notation
    rows = [(row.action, row.by.username, row.note) for row in run_history(world.manager_a, june)]
    assert rows == [
        ("Closed", "hr", ""),
        ("Adjustment added", "manager_a", "A1 Rp 150,000: Bonus A"),
    ]
    rows = [(row.action, row.by.username, row.note) for row in run_history(world.hr, june)]
    assert rows == [
        ("Closed", "hr", ""),
        ("Adjustment added", "manager_a", "A1 Rp 150,000: Bonus A"),
        ("Adjustment added", "hr", "B1 -Rp 20,000: Koreksi B"),
    ]


def test_the_run_page_of_manager_a_has_no_team_b_note(world, june):
    client = Client()
    client.force_login(world.manager_a)
    page = client.get("/incentives/runs/2026-06/").content.decode()
    assert "A1 Rp 150.000: Bonus A" in page
    assert "Koreksi B" not in page
    client.force_login(world.manager_b)
    page = client.get("/incentives/runs/2026-06/").content.decode()
    assert "B1 -Rp 20.000: Koreksi B" in page
    assert "Bonus A" not in page


def assigned_on_page(client) -> str:
    page = client.get("/kpi/templates/GT-SALESMAN/").content.decode()
    start = page.index('id="assignments"')
    return page[start : page.index("</ul>", start)]


def test_a_template_lists_only_the_assigned_people_the_manager_sees(world, june):
    client = Client()
    client.force_login(world.manager_a)
    listed = assigned_on_page(client)
    assert "A2" in listed
    assert "B1" not in listed
    assert world.dewi.name not in listed
    client.force_login(world.admin)
    listed = assigned_on_page(client)
    assert "A2" in listed
    assert "B1" in listed


def test_statement_approvals_are_seen_by_whoever_sees_the_salesman(world, june):
    from incentives.payouts.services import approve_run

    approve_run(run=june, by=world.manager_a)  # approves team A's statements (Andi, Budi)
    approve_run(run=june, by=world.manager_b)  # and team B's (Dewi)

    def approvals(user):
        return sorted(
            entry.after["salesman"]
            for entry in audit_entries_visible_to(user).filter(action="payout_statement.approved")
        )

    assert approvals(world.manager_a) == ["A1", "A2"]
    assert approvals(world.manager_b) == ["B1"]
    assert approvals(world.hr) == ["A1", "A2", "B1"]
    assert approvals(world.andi.user) == ["A1"]
