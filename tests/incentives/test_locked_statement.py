"""A locked month's statement is explained from the plan documents stored at its close, never
from the plan as edited since (issue 12, "locks hold everywhere")."""

import html as html_lib
import json
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from incentives.models import RunPlan
from incentives.payouts.services import approve_run, close_period, lock_run
from incentives.plans.documents import export_plan
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


def statement_texts(client) -> list[str]:
    """The statement page's "how it was computed" sentences and its lines' explanations."""
    html = client.get("/incentives/statements/A1/2026-06/").content.decode()
    box = html.split('id="statement-how"')[1].split("</ul>")[0]
    items = [*box.split("<li>")[1:], *html.split("<td")[1:]]
    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def add_gate(user) -> None:
    document = export_plan(code="GT-SALESMAN")
    document["gate_total_score"] = 100
    api = APIClient()
    api.force_authenticate(user)
    assert api.put("/api/v1/plans/GT-SALESMAN/", document, format="json").status_code == 200


def test_a_gate_added_after_the_lock_does_not_change_the_locked_statement(world):
    andi_june(world)
    run = close_period(month=JUNE)
    lock_run(run=approve_run(run=run, by=world.manager_a), by=world.hr)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.hr)
    before = statement_texts(client)
    assert before[:2] == [
        "Plan GT-SALESMAN, level 1.",
        "Level 1: multiplier 1 (the plan lists no multiplier for it).",
    ]

    add_gate(world.manager_a)  # the plan may still change, for the months to come

    after = statement_texts(client)
    assert after == before
    assert not any("Gate of" in text for text in after)
    stored = json.loads(RunPlan.objects.get(run=run, plan_code="GT-SALESMAN").document)
    assert "gate_total_score" not in stored or stored["gate_total_score"] is None


def test_a_draft_explains_itself_from_its_last_close_and_the_next_close_takes_the_new_plan(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.hr)
    add_gate(world.manager_a)
    assert not any("Gate of" in text for text in statement_texts(client))

    close_period(month=JUNE)

    assert "Gate of GT-SALESMAN reached: total score 112.22 ≥ 100.00; every rule may pay." in (
        statement_texts(client)
    )
