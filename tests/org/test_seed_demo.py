from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from org.models import Role, Salesman, Team, User


def model_counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"org", "outlets", "kpi", "okr", "incentives"}
        and m._meta.model_name not in {"auditentry"}
    }


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_organisation_and_prints_logins():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert "kinerja-demo" in text
    for username in ("maya", "sari", "tono", "andi", "hana", "admin"):
        assert username in text
    gt = Team.objects.get(channel="GT")
    mt = Team.objects.get(channel="MT")
    assert gt.supervisor.username == "sari"
    assert mt.supervisor.username == "tono"
    assert gt.manager.username == mt.manager.username == "maya"
    andi = Salesman.objects.get(code="andi")
    assert (andi.channel, andi.team, andi.user.role) == ("GT", gt, Role.SALESMAN)
    assert User.objects.get(username="hana").role == Role.HR
    assert User.objects.get(username="andi").check_password("kinerja-demo")


def org_rows():
    """The people and structure, field by field (passwords included: a second run must not
    reset what a user has changed since)."""
    return {
        "users": sorted(
            User.objects.values_list("username", "role", "password", "first_name", "is_active")
        ),
        "salesmen": sorted(
            Salesman.objects.values_list(
                "code", "name", "channel", "team__name", "level", "active", "reports_to__code"
            )
        ),
        "teams": sorted(
            Team.objects.values_list("name", "channel", "supervisor__username", "manager__username")
        ),
    }


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    first = model_counts()
    rows = org_rows()
    call_command("seed_demo", stdout=StringIO())
    assert model_counts() == first
    assert org_rows() == rows
    assert first["org.Salesman"] == 8
