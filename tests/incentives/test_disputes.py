"""Disputes on a statement line (issue 15, docs/contracts.md "Disputes"): the API and the pages
for every role and an outsider; an accepted dispute is an adjustment in the next open run;
e-mails and the audit trail.

June (from `andi_june`): Andi (A1) and Budi (A2) of team A (supervisor_a, manager_a) have GT
statements; Andi's `rev-step` line is Rp 500.000. Dewi (B1) is team B (supervisor_b,
manager_b).
"""

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from incentives.models import Adjustment, Dispute, PayoutLine, PayoutRun
from incentives.payouts.services import approve_run, close_period, lock_run
from org.models import AuditEntry
from org.visibility import audit_entries_visible_to
from tests.incentives.payout_factories import JULY, JUNE, andi_june

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(world):
    andi_june(world)
    for user in (
        world.andi.user,
        world.budi.user,
        world.supervisor_a,
        world.manager_a,
        world.supervisor_b,
        world.manager_b,
        world.hr,
        world.admin,
    ):
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])
    return close_period(month=JUNE)


def user_of(world, who):
    return {"andi": world.andi.user, "budi": world.budi.user, "dewi": world.dewi.user}.get(
        who
    ) or getattr(world, who)


def api_for(user):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def raise_api(user, **body):
    data = {"salesman": "A1", "period": "2026-06", "rule": "rev-step", "message": "Step?"}
    return api_for(user).post("/api/v1/disputes/", {**data, **body}, format="json")


@pytest.fixture
def dispute(world, june, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = raise_api(world.andi.user, message="I reached 112%, not 111%.")
    assert response.status_code == 201, response.content
    return Dispute.objects.get(pk=response.json()["id"])


# --- raising -----------------------------------------------------------------------------


def test_a_salesman_raises_a_dispute_on_his_line(world, june, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = raise_api(world.andi.user)
    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["salesman"], data["period"], data["rule"]) == (
        "open",
        "A1",
        "2026-06",
        "rev-step",
    )
    assert (data["line_amount"], data["raised_by"], data["comments"]) == ("500000", "andi", [])
    # His supervisor, his manager and HR hear of it; nobody of team B.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "hr@example.com",
        "manager_a@example.com",
        "supervisor_a@example.com",
    ]
    assert f"#{data['id']}" in mail.outbox[0].subject
    entry = AuditEntry.objects.get(action="dispute.raised")
    assert (entry.actor, entry.after["salesman"], entry.after["rule"]) == (
        world.andi.user,
        "A1",
        "rev-step",
    )


def test_the_rule_is_optional(world, june):
    response = raise_api(world.andi.user, rule="")
    assert response.status_code == 201
    assert response.json()["rule"] == ""


def test_his_supervisor_raises_one_for_him(world, june):
    assert raise_api(world.supervisor_a).status_code == 201


@pytest.mark.parametrize("who", ["budi", "dewi", "supervisor_b"])
def test_a_dispute_on_another_persons_statement_is_404(world, june, who):
    assert raise_api(user_of(world, who)).status_code == 404
    assert not Dispute.objects.exists()


@pytest.mark.parametrize("who", ["manager_a", "hr"])
def test_those_who_answer_do_not_raise(world, june, who):
    assert raise_api(user_of(world, who)).status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period": "2026-05"}, "period"),  # no statement that month
        ({"rule": "no-such-rule"}, "rule"),
        ({"message": ""}, "message"),
        ({"period": "June"}, "period"),
    ],
)
def test_bad_input_names_the_field(world, june, body, field):
    response = raise_api(world.andi.user, **body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Dispute.objects.exists()


def test_a_second_open_dispute_on_the_same_line_is_refused(world, dispute):
    response = raise_api(world.andi.user)
    assert response.status_code == 400
    assert f"#{dispute.pk}" in response.json()["rule"][0]


# --- who sees it ---------------------------------------------------------------------------

SEES = {
    "andi": True,
    "supervisor_a": True,
    "manager_a": True,
    "hr": True,
    "admin": True,
    "budi": False,  # a teammate
    "dewi": False,
    "supervisor_b": False,
    "manager_b": False,
}


@pytest.mark.parametrize(("who", "sees"), SEES.items())
def test_who_sees_a_dispute_api_and_pages(world, dispute, who, sees):
    user = user_of(world, who)
    api = api_for(user)
    detail = api.get(f"/api/v1/disputes/{dispute.pk}/")
    assert detail.status_code == (200 if sees else 404)
    listed = [d["id"] for d in api.get("/api/v1/disputes/?status=open").json()["results"]]
    assert listed == ([dispute.pk] if sees else [])
    comment = api.post(f"/api/v1/disputes/{dispute.pk}/comments/", {"message": "?"})
    assert comment.status_code == (201 if sees else 404)
    client = client_for(user)
    page = client.get(f"/incentives/disputes/{dispute.pk}/")
    assert page.status_code == (200 if sees else 404)
    queue = client.get("/incentives/disputes/?status=all").content.decode()
    assert (f'data-dispute="{dispute.pk}"' in queue) is sees
    assert client.post(
        f"/incentives/disputes/{dispute.pk}/comment/", {"message": "x"}
    ).status_code == (302 if sees else 404)
    # The audit trail follows the same people (the entries name the salesman).
    trail = audit_entries_visible_to(user).filter(object_type="incentives.dispute")
    assert trail.exists() is sees


# --- resolving -----------------------------------------------------------------------------


def resolve(user, dispute, **body):
    return api_for(user).post(f"/api/v1/disputes/{dispute.pk}/resolve/", body, format="json")


@pytest.mark.parametrize(("who", "code"), [("andi", 403), ("supervisor_a", 403), ("budi", 404)])
def test_only_managers_hr_and_admins_resolve(world, dispute, who, code):
    response = resolve(user_of(world, who), dispute, decision="accepted", amount=250000)
    assert response.status_code == code
    assert Dispute.objects.get().status == "open"


def test_an_outside_manager_gets_404(world, dispute):
    response = resolve(world.manager_b, dispute, decision="rejected", note="no")
    assert response.status_code == 404


def test_accepted_without_an_amount_is_400_naming_amount(world, dispute):
    response = resolve(world.manager_a, dispute, decision="accepted")
    assert response.status_code == 400
    assert list(response.json()) == ["amount"]
    response = resolve(world.manager_a, dispute, decision="rejected")
    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    assert Dispute.objects.get().status == "open"
    assert not Adjustment.objects.exists()


def test_accepted_adds_an_adjustment_to_the_open_run_naming_the_dispute(
    world, dispute, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = resolve(world.hr, dispute, decision="accepted", amount=250000, note="Agreed")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["amount"], data["adjustment_period"], data["resolved_by"]) == (
        "accepted",
        "250000",
        "2026-06",  # June is still a draft: its own run is the first open one
        "hr",
    )
    line = PayoutLine.objects.get(type="adjustment", salesman=world.andi)
    assert line.amount == 250000
    assert line.run.month == JUNE
    assert line.label == f"Dispute #{dispute.pk} (2026-06, rev-step): Agreed"
    assert sum(ln.amount for ln in PayoutLine.objects.filter(salesman=world.andi)) == 3_650_000
    # The salesman (who raised it) hears the outcome.
    assert [m.to[0] for m in mail.outbox] == ["andi@example.com"]
    assert mail.outbox[0].subject == f"Sanggahan #{dispute.pk} diterima"  # the company's language
    # Resolving twice is refused.
    again = resolve(world.manager_a, dispute, decision="rejected", note="no")
    assert again.status_code == 409
    assert "already accepted" in again.json()["detail"]
    assert Adjustment.objects.count() == 1
    entry = AuditEntry.objects.get(action="dispute.accepted")
    assert (entry.actor, entry.after["amount"], entry.after["adjustment_run"]) == (
        world.hr,
        "250000",
        "2026-06",
    )


def test_accepted_on_a_locked_month_lands_in_the_next_open_run(world, june):
    lock_run(run=approve_run(run=june, by=world.manager_a), by=world.hr)
    response = raise_api(world.andi.user)
    assert response.status_code == 201
    dispute = Dispute.objects.get()
    response = resolve(world.manager_a, dispute, decision="accepted", amount=-50000)
    assert response.status_code == 200
    assert response.json()["adjustment_period"] == "2026-07"
    july = PayoutRun.objects.get(month=JULY)
    line = july.lines.get(salesman=world.andi)
    assert (line.type, line.amount) == ("adjustment", -50000)
    assert f"Dispute #{dispute.pk}" in line.label
    # The locked June never changes.
    assert sum(ln.amount for ln in june.lines.filter(salesman=world.andi)) == 3_400_000


def test_rejected_with_a_reason(world, dispute):
    response = resolve(world.manager_a, dispute, decision="rejected", note="The data is right.")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["note"]) == (
        "rejected",
        "The data is right.",
    )
    assert not Adjustment.objects.exists()


# --- the pages -----------------------------------------------------------------------------


def test_the_salesman_raises_from_the_statement_line_and_reads_the_outcome(world, june):
    andi = client_for(world.andi.user)
    html = andi.get("/incentives/statements/A1/2026-06/").content.decode()
    assert "Dispute this line" in html and "Dispute this statement" in html
    response = andi.post(
        "/incentives/disputes/new/",
        {"salesman": "A1", "period": "2026-06", "rule": "rev-step", "message": "Step?"},
        follow=True,
    )
    assert response.request["PATH_INFO"] == "/incentives/statements/A1/2026-06/"
    dispute = Dispute.objects.get()
    html = response.content.decode()
    assert f"Dispute #{dispute.pk}: Open" in html

    hr = client_for(world.hr)
    queue = hr.get("/incentives/disputes/").content.decode()
    assert f'data-dispute="{dispute.pk}"' in queue and "0 days" in queue
    response = hr.post(
        f"/incentives/disputes/{dispute.pk}/resolve/",
        {"decision": "accepted", "amount": "250,000", "note": "Agreed"},
        follow=True,
    )
    assert "accepted: the correction is in the run of 2026-06" in response.content.decode()
    html = andi.get("/incentives/statements/A1/2026-06/").content.decode()
    assert f"Dispute #{dispute.pk}: Accepted" in html and "Rp 250,000" in html
    # The open queue no longer lists it.
    assert f'data-dispute="{dispute.pk}"' not in hr.get("/incentives/disputes/").content.decode()


def test_the_resolve_form_names_the_missing_amount(world, dispute):
    response = client_for(world.manager_a).post(
        f"/incentives/disputes/{dispute.pk}/resolve/", {"decision": "accepted"}
    )
    assert response.status_code == 400
    assert "amount" in response.context["resolve_form"].errors


def test_pages_refuse_outsiders(world, dispute):
    assert client_for(world.budi.user).get("/incentives/statements/A1/2026-06/").status_code == 404
    response = client_for(world.budi.user).post(
        "/incentives/disputes/new/",
        {"salesman": "A1", "period": "2026-06", "rule": "rev-step", "message": "x"},
    )
    assert response.status_code == 404
    response = client_for(world.manager_b).post(
        f"/incentives/disputes/{dispute.pk}/resolve/", {"decision": "rejected", "note": "x"}
    )
    assert response.status_code == 404
    response = client_for(world.andi.user).post(
        f"/incentives/disputes/{dispute.pk}/resolve/", {"decision": "rejected", "note": "x"}
    )
    assert response.status_code == 404
    assert Dispute.objects.get().status == "open"
    # Those who answer see no raise form on a statement.
    html = client_for(world.hr).get("/incentives/statements/A1/2026-06/").content.decode()
    assert "Dispute this line" not in html and f"Dispute #{dispute.pk}" in html


def test_the_audit_trail_says_each_step_in_words(world, dispute):
    from org.history import action_sentence

    entry = AuditEntry.objects.get(action="dispute.raised")
    assert action_sentence(entry.action, str(dispute)) == (
        f"raised the dispute #{dispute.pk} A1 2026-06 rev-step"
    )


def test_the_statement_api_shows_the_lines_disputes(world, dispute):
    resolve(world.manager_a, dispute, decision="accepted", amount=250000)
    data = api_for(world.andi.user).get("/api/v1/statements/A1/2026-06/").json()
    assert data["disputes"] == [
        {
            "id": dispute.pk,
            "rule": "rev-step",
            "status": "accepted",
            "amount": "250000",
            "adjustment_period": "2026-06",
        }
    ]
