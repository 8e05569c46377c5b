"""Django admin holds the people, the structure and the field, and its pages open."""

import pytest
from django.contrib import admin

from org.models import AuditEntry, Period, Salesman, Team, Territory, User
from outlets.models import (
    MetricValue,
    OrderLine,
    Outlet,
    Product,
    ShelfAudit,
    TeamMetricValue,
    Visit,
)


@pytest.mark.parametrize(
    "model",
    [
        User,
        Territory,
        Team,
        Salesman,
        Period,
        AuditEntry,
        Outlet,
        Product,
        Visit,
        OrderLine,
        ShelfAudit,
        MetricValue,
        TeamMetricValue,
    ],
)
def test_model_is_registered_and_its_list_opens(admin_client, model):
    assert admin.site.is_registered(model)
    meta = model._meta
    response = admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
    assert response.status_code == 200


def test_the_me_endpoint_of_someone_without_a_profile(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.hr)
    assert api.get("/api/v1/me/").json() == {
        "username": "hr",
        "first_name": world.hr.first_name,
        "last_name": world.hr.last_name,
        "email": world.hr.email,
        "role": "hr",
        "salesman": None,
    }
