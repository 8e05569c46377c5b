from datetime import date
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
    call_command("seed_demo", "--today", "2026-12-03", stdout=StringIO())
    first = model_counts()
    rows = org_rows()
    call_command("seed_demo", "--today", "2026-12-03", stdout=StringIO())
    assert model_counts() == first
    assert org_rows() == rows
    assert first["org.Salesman"] == 8


@pytest.mark.django_db
def test_the_demo_lives_in_the_month_of_its_today():
    """Seeded on 2026-12-03: field data through 2026-12-02, November a draft run waiting for the
    manager, January … October locked, Andi's worked month still 2026-06 (Rp 4.400.000)."""
    from incentives.models import PayoutLine, PayoutRun
    from outlets.models import OrderLine

    out = StringIO()
    call_command("seed_demo", "--today", "2026-12-03", stdout=out)
    assert OrderLine.objects.latest("date").date == date(2026, 12, 2)
    runs = dict(PayoutRun.objects.values_list("month", "status"))
    assert runs == {
        **{date(2026, m, 1): "locked" for m in range(1, 11)},
        date(2026, 11, 1): "draft",
    }
    andi_june = PayoutLine.objects.filter(run__month=date(2026, 6, 1), salesman__code="andi")
    assert sum(line.amount for line in andi_june) == 4_400_000
    assert "Andi's 2026-06 statement Rp 4.400.000" in out.getvalue()


def test_the_demo_calendar():
    from org.demo import demo_calendar

    december = demo_calendar(date(2026, 12, 3))
    assert december.worked_month == date(2026, 6, 1)
    assert (december.months[0], december.months[-1]) == (date(2026, 1, 1), date(2026, 12, 1))
    assert december.draft_month == date(2026, 11, 1)
    assert december.data_end == date(2026, 12, 2)
    march = demo_calendar(date(2027, 3, 1))
    assert march.worked_month == date(2026, 12, 1)
    assert march.months[0] == date(2026, 7, 1)
    assert march.index(date(2026, 12, 1)) == 5
    assert march.locked_months[-1] == date(2027, 1, 1)
