"""Large pick lists are typed, not listed: the run page's adjustment form takes a salesman code
with suggestions from the salesmen API (`?search=`, the caller's scope), so the page does not
grow with the sales force."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from incentives.payouts.services import close_period
from tests.factories import SalesmanFactory
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


def test_the_run_page_lists_no_salesmen_and_the_api_suggests_within_scope(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.hr)
    small = client.get("/incentives/runs/2026-06/").content.decode()
    for n in range(30):
        SalesmanFactory(code=f"X{n:03d}", name=f"Extra {n}", team=world.team_b)
    large = client.get("/incentives/runs/2026-06/").content.decode()
    assert 'list="salesman-options"' in large and "<option" not in large.split("adjustment-form")[1]
    assert len(large) == len(small)
    api = APIClient()
    api.force_authenticate(world.manager_b)
    codes = [p["code"] for p in api.get("/api/v1/salesmen/?search=X01").json()["results"]]
    assert codes == [f"X{n:03d}" for n in range(10, 20)]
    assert api.get("/api/v1/salesmen/?search=Andi").json()["results"] == []  # not his team
    # the typed code is checked against the same scope
    client.force_login(world.manager_b)
    response = client.post(
        "/incentives/runs/2026-06/adjust/", {"salesman": "A1", "amount": "1000", "reason": "x"}
    )
    assert response.status_code == 400
    assert response.context["adjustment_form"].errors["salesman"] == [
        "Kode salesman tidak dikenal (atau di luar cakupan Anda)."
    ]
