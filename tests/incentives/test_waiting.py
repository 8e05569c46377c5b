"""The home page says what waits: the manager his people's statements of a draft run to approve,
HR an approved run to lock (and a draft waiting for the managers), each with the run's link."""

import pytest
from django.test import Client

from incentives.payouts.services import approve_run, close_period
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


def home(user) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client.get("/").content.decode()


def test_manager_sees_the_run_to_approve_then_hr_the_run_to_lock(world):
    andi_june(world)
    run = close_period(month=JUNE, by=world.hr)
    html = home(world.manager_a)
    assert 'id="waiting-panel"' in html
    assert 'data-action="approve"' in html and 'href="/incentives/runs/2026-06/"' in html
    assert "statements of your people wait" in html  # andi and budi
    assert 'data-action="wait_approval"' in home(world.hr)
    assert 'id="waiting-panel"' not in home(world.andi.user)
    approve_run(run=run, by=world.manager_a)  # the GT plan's statements are all of team A
    assert 'id="waiting-panel"' not in home(world.manager_a)  # nothing of his waits any more
    html = home(world.hr)
    assert 'data-action="lock"' in html and "Lock the approved payout run of June 2026" in html


def test_nothing_waits_nothing_shown(world):
    assert 'id="waiting-panel"' not in home(world.manager_a)
    assert 'id="waiting-panel"' not in home(world.hr)
