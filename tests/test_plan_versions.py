"""Plan versions (docs/contracts.md "Plan and template versions"): the version in force per
month, a published version never changes, a re-close after publishing uses the new version, a
locked run never changes, publishing into a locked month refused, overlapping plans refused
unless `stacks_with`, and the migration of existing plans and templates keeps every amount.

Andi's June (docs/domain.md) pays 2.000.000 + 500.000 + 400.000 + 500.000 = Rp 3.400.000 with the
GT plan; version 2 below pays Rp 2.500.000 for revenue at 100% instead of Rp 2.000.000.
"""

import copy
import importlib
import json
from decimal import Decimal as D

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from incentives.admin import PlanVersionAdmin
from incentives.demo_plans import GT_PLAN
from incentives.models import (
    PayoutLine,
    Plan,
    PlanVersion,
    PublishedVersionChanged,
    RunPlan,
    VersionStatus,
)
from incentives.payouts.services import approve_run, close_period, lock_run
from incentives.plans.documents import PlanInvalid, export_plan, import_plan
from incentives.plans.versions import (
    VersionRefused,
    publish_version,
    stale_plans,
    versions_in_force,
)
from kpi.models import Scorecard, TemplateVersion
from tests.incentives.payout_factories import JULY, JUNE, andi_june, field_month, targets

pytestmark = pytest.mark.django_db


def version_2(**extra) -> dict:
    document = copy.deepcopy(GT_PLAN)
    document["rules"][0]["tiers"][0]["amount"] = 2500000
    document.update(extra)
    return document


def andi_amounts(run) -> dict:
    return dict(
        run.lines.filter(salesman__code="A1").values_list("rule_code", "amount").order_by("id")
    )


def test_each_month_is_paid_by_the_version_in_force(world, tmp_path):
    andi_june(world)
    field_month(world.andi, month=JULY)
    targets(world.andi, month=JULY)
    import_plan(document=version_2(effective_from="2026-07"), by=world.manager_a)

    june = close_period(month=JUNE)
    july = close_period(month=JULY)
    assert andi_amounts(june)["rev-full"] == 2_000_000
    assert andi_amounts(july)["rev-full"] == 2_500_000
    assert sum(andi_amounts(june).values()) == 3_400_000
    assert sum(andi_amounts(july).values()) == 3_900_000
    assert set(june.lines.values_list("plan_version", flat=True)) == {1}
    assert set(july.lines.values_list("plan_version", flat=True)) == {2}
    assert RunPlan.objects.get(run=july).version == 2
    assert [v.number for v in versions_in_force(JUNE)] == [1]

    # export_plan --month: the version in force that month; without it the latest.
    out = tmp_path / "june.json"
    call_command("export_plan", "GT-SALESMAN", "--month", "2026-06", "-o", str(out))
    assert json.loads(out.read_text())["rules"][0]["tiers"][0]["amount"] == 2000000
    assert export_plan(code="GT-SALESMAN", month=JULY)["effective_from"] == "2026-07"
    assert export_plan(code="GT-SALESMAN")["rules"][0]["tiers"][0]["amount"] == 2500000


def test_a_published_version_never_changes(world, rf):
    andi_june(world)
    version = PlanVersion.objects.get(plan__code="GT-SALESMAN", number=1)
    assert version.status == VersionStatus.PUBLISHED
    version.document = version.document.replace("2000000", "2500000")
    with pytest.raises(PublishedVersionChanged):
        version.save()
    with pytest.raises(PublishedVersionChanged):
        version.delete()
    # Editing starts a new draft; version 1 is as it was and still pays.
    import_plan(document=version_2(), by=world.manager_a, status="draft")
    draft = PlanVersion.objects.get(plan__code="GT-SALESMAN", number=2)
    assert draft.status == VersionStatus.DRAFT
    assert "2000000" in PlanVersion.objects.get(number=1).document
    assert [v.number for v in versions_in_force(JUNE)] == [1]
    assert andi_amounts(close_period(month=JUNE))["rev-full"] == 2_000_000
    # The admin shows versions read-only.
    request = rf.get("/")
    request.user = world.admin
    admin = PlanVersionAdmin(PlanVersion, None)
    assert not admin.has_change_permission(request, version)
    assert not admin.has_delete_permission(request, version)


def test_a_reclose_after_publishing_uses_the_new_version(world):
    andi_june(world)
    run = close_period(month=JUNE)
    assert stale_plans(run) == []
    import_plan(document=version_2(), by=world.manager_a, status="draft")
    assert stale_plans(run) == []  # a draft pays nothing
    draft = PlanVersion.objects.get(plan__code="GT-SALESMAN", number=2)
    publish_version(version=draft, by=world.manager_a)  # no month locked: from 2026-01
    assert PlanVersion.objects.get(pk=draft.pk).effective_from.isoformat() == "2026-01-01"
    assert stale_plans(run) == ["GT-SALESMAN"]
    assert andi_amounts(run)["rev-full"] == 2_000_000  # the draft run is not touched
    run = close_period(month=JUNE)
    assert stale_plans(run) == []
    assert andi_amounts(run)["rev-full"] == 2_500_000
    assert set(run.lines.exclude(plan_code="").values_list("plan_version", flat=True)) == {2}


def test_a_locked_run_never_changes_and_its_month_refuses_a_version(world):
    andi_june(world)
    run = close_period(month=JUNE)
    lock_run(run=approve_run(run=run, by=world.manager_a), by=world.hr)
    before = list(run.lines.values_list("id", "amount", "plan_version"))

    # Publishing for June is refused, naming effective_from; nothing is stored.
    with pytest.raises(PlanInvalid) as refused:
        import_plan(document=version_2(effective_from="2026-06"), by=world.manager_a)
    assert refused.value.problems[0].path == "effective_from"
    assert "2026-07" in refused.value.problems[0].message
    assert PlanVersion.objects.count() == 1

    import_plan(document=version_2(), by=world.manager_a)  # default: the first open month
    version = PlanVersion.objects.get(number=2)
    assert version.effective_from == JULY
    with pytest.raises(VersionRefused):
        publish_version(version=version, by=world.manager_a)  # published already
    assert list(run.lines.values_list("id", "amount", "plan_version")) == before
    assert stale_plans(run) == []
    assert [v.number for v in versions_in_force(JUNE)] == [1]
    assert [v.number for v in versions_in_force(JULY)] == [2]


def test_overlapping_plans_are_refused_unless_the_later_stacks(world):
    andi_june(world)
    contest = copy.deepcopy(GT_PLAN)
    contest.update(code="GT-CONTEST", name="Kontes Juni", valid_from="2026-06-01")
    contest["valid_to"] = "2026-06-30"
    contest["rules"] = [contest["rules"][2]]  # new outlets only
    with pytest.raises(PlanInvalid) as refused:
        import_plan(document=contest, by=world.manager_a)
    assert refused.value.problems[0].path == "stacks_with"
    assert "GT-SALESMAN" in refused.value.problems[0].message
    assert not Plan.objects.filter(code="GT-CONTEST").exists()

    import_plan(document={**contest, "stacks_with": ["GT-SALESMAN"]}, by=world.manager_a)
    run = close_period(month=JUNE)
    paid = run.lines.filter(salesman=world.andi).values_list("plan_code", "amount")
    assert sum(amount for code, amount in paid if code == "GT-CONTEST") == 400_000
    assert sum(amount for _code, amount in paid) == 3_800_000

    # A plan for other months, or another channel, overlaps nothing.
    earlier = {**copy.deepcopy(GT_PLAN), "code": "GT-2025", "valid_from": "2025-01-01"}
    earlier["valid_to"] = "2025-12-31"
    import_plan(document=earlier, by=world.manager_a)
    assert Plan.objects.get(code="GT-2025").status == "active"


def test_migration_makes_version_1_and_keeps_every_stored_amount(world):
    andi_june(world)
    close_period(month=JUNE)
    amounts = list(PayoutLine.objects.order_by("id").values_list("id", "amount"))
    totals = list(Scorecard.objects.order_by("id").values_list("id", "total"))
    assert sum(amount for _id, amount in amounts) == 3_400_000
    # The state before the migration: no versions, nothing says which one it came from.
    PlanVersion.objects.all().delete()
    TemplateVersion.objects.all().delete()
    RunPlan.objects.update(version=None)
    PayoutLine.objects.update(plan_version=None)
    Scorecard.objects.update(template_version=None)

    plans = importlib.import_module("incentives.migrations.0007_plan_versions")
    templates = importlib.import_module("kpi.migrations.0003_template_versions")
    plans.plans_become_version_1(django_apps, None)
    templates.templates_become_version_1(django_apps, None)

    version = PlanVersion.objects.get()
    assert (version.number, version.status, version.effective_from) == (
        1,
        "published",
        JUNE.replace(month=1),
    )
    assert version.document == Plan.objects.get(code="GT-SALESMAN").document
    assert list(PayoutLine.objects.order_by("id").values_list("id", "amount")) == amounts
    assert set(PayoutLine.objects.values_list("plan_version", flat=True)) == {1}
    assert set(RunPlan.objects.values_list("version", flat=True)) == {1}
    assert list(Scorecard.objects.order_by("id").values_list("id", "total")) == totals
    assert set(Scorecard.objects.values_list("template_version", flat=True)) == {1}
    assert TemplateVersion.objects.get().status == "published"
    # Closing again with the migrated versions pays the same.
    assert sum(andi_amounts(close_period(month=JUNE)).values()) == D(3_400_000)


def test_versions_page_simulates_a_draft_and_publishes_after_a_confirmation(world, client):
    andi_june(world)
    close_period(month=JUNE)
    import_plan(document=version_2(), by=world.manager_a, status="draft")
    client.force_login(world.manager_a)
    url = "/incentives/plans/GT-SALESMAN/versions/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="version-1"' in page and 'id="version-2"' in page
    assert "Rp 2,500,000" in page and "Rp 2,000,000" in page  # side by side

    page = client.get(
        url, {"simulate": "2", "month": "2026-06"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    simulation = page.split('id="version-simulation"')[1]
    # Andi: 3.900.000 with version 2 against 3.400.000 with version 1, in force in June.
    assert 'id="version-total">Rp 3,900,000' in simulation
    assert 'id="in-force-total">Rp 3,400,000' in simulation
    assert 'id="version-difference">+Rp 500,000' in simulation

    asked = client.post(
        url, {"version": "2", "effective_from": "2026-08"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Publish version 2 of GT-SALESMAN, in force from August 2026?" in asked.content.decode()
    assert PlanVersion.objects.get(number=2).status == VersionStatus.DRAFT
    done = client.post(url, {"version": "2", "effective_from": "2026-08", "confirmed": "1"})
    assert done.status_code == 302
    version = PlanVersion.objects.get(number=2)
    assert (version.status, version.effective_from.isoformat()) == ("published", "2026-08-01")
    assert version.published_by == world.manager_a

    # Someone who may not edit plans gets 404.
    client.force_login(world.hr)
    assert client.get(url).status_code == 404


def test_the_run_page_says_a_draft_run_is_stale_until_closed_again(world, client):
    andi_june(world)
    close_period(month=JUNE)
    client.force_login(world.hr)
    page = client.get("/incentives/runs/2026-06/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="run-stale"' not in page
    import_plan(document=version_2(), by=world.manager_a)  # published, in force from 2026-01
    page = client.get("/incentives/runs/2026-06/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This run is stale" in page and "plans: GT-SALESMAN" in page
    close_period(month=JUNE)
    page = client.get("/incentives/runs/2026-06/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="run-stale"' not in page


def test_api_lists_versions_and_publishes_a_draft_naming_the_refused_field(world):
    from rest_framework.test import APIClient

    andi_june(world)
    run = close_period(month=JUNE)
    lock_run(run=approve_run(run=run, by=world.manager_a), by=world.hr)
    api = APIClient()
    api.force_authenticate(world.manager_a)
    # The plan endpoints stay as they were: a PUT with status draft is a draft version.
    document = version_2()
    assert (
        api.put("/api/v1/plans/GT-SALESMAN/?status=draft", document, format="json").status_code
        == 200
    )
    listed = api.get("/api/v1/plans/GT-SALESMAN/versions/").json()
    assert [(v["version"], v["status"], v["effective_from"]) for v in listed] == [
        (1, "published", "2026-01"),
        (2, "draft", None),
    ]
    assert listed[1]["document"]["rules"][0]["tiers"][0]["amount"] == 2500000
    url = "/api/v1/plans/GT-SALESMAN/versions/2/publish/"
    refused = api.post(url, {"effective_from": "2026-06"}, format="json")
    assert refused.status_code == 400 and "effective_from" in refused.json()
    published = api.post(url, {"effective_from": "2026-08"}, format="json")
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["effective_from"]) == (
        "published",
        "2026-08",
    )
    again = api.post(url, {}, format="json")
    assert again.status_code == 400 and "status" in again.json()
    api.force_authenticate(world.hr)
    assert api.get("/api/v1/plans/GT-SALESMAN/versions/").status_code == 404


def test_the_what_if_compares_the_draft_with_the_version_in_force_in_the_month(world):
    from incentives.plans.simulation import simulate
    from org.models import Salesman

    andi_june(world)
    close_period(month=JUNE)
    import_plan(document=version_2(), by=world.manager_a, status="draft")
    result = simulate(
        plan_code="GT-SALESMAN",  # the latest version: the draft
        month=JUNE,
        compare_with=export_plan(code="GT-SALESMAN", month=JUNE),  # in force in June: v1
        people=Salesman.objects.all(),
    )
    andi = next(person for person in result.people if person.salesman.code == "A1")
    assert (andi.total, andi.compare_total, andi.difference) == (3_900_000, 3_400_000, 500_000)
