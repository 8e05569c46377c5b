"""Scorecard template versions (docs/contracts.md "Plan and template versions"): the version in
force per month, a published version never changes, publishing into a locked month refused,
stale draft scorecards, and a second template for a role (issue 14)."""

from datetime import date
from decimal import Decimal as D

import pytest

from kpi.documents import DocumentError, save_template_document
from kpi.models import (
    ManualActual,
    PublishedTemplateVersionChanged,
    Scorecard,
    ScorecardTemplate,
    Target,
    TemplateAssignment,
    TemplateVersion,
)
from kpi.scorecards import compute_scorecards
from kpi.versions import BEGINNING, publish_version, stale_scorecards
from org.models import Role
from org.periods import lock_month
from tests.factories import SalesmanFactory

pytestmark = pytest.mark.django_db

SEP, OCT = date(2026, 9, 1), date(2026, 10, 1)


def _kpi(code):
    return {
        "code": code,
        "name": {"id": code, "en": code},
        "kra": "Revenue & Volume",
        "unit": "",
        "direction": "higher",
        "source": "manual",
    }


def document(weights=(50, 50), **extra):
    return {
        "code": "GT-SHEET",
        "name": "GT sheet",
        "rounding": "exact",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "items": [
            {"kpi": "sales", "weight": weights[0], "cap": None, "floor": None},
            {"kpi": "calls", "weight": weights[1], "cap": None, "floor": None},
        ],
        "kpis": [_kpi("sales"), _kpi("calls")],
        **extra,
    }


def _facts(world, month):
    """Andi: sales 120 of 100 (skor 120), calls 80 of 100 (skor 80)."""
    for code, target, actual in (("sales", 100, 120), ("calls", 100, 80)):
        template = ScorecardTemplate.objects.get(code="GT-SHEET")
        kpi = template.items.get(kpi__code=code).kpi
        Target.objects.create(month=month, salesman=world.andi, kpi=kpi, value=target)
        ManualActual.objects.create(month=month, salesman=world.andi, kpi=kpi, value=actual)


def test_each_month_is_scored_with_the_version_in_force(world):
    save_template_document(document=document(), by=None)
    save_template_document(document=document((70, 30), effective_from="2026-10"), by=None)
    _facts(world, SEP)
    _facts(world, OCT)
    compute_scorecards(month=SEP, salesman_ids=[world.andi.id])
    compute_scorecards(month=OCT, salesman_ids=[world.andi.id])
    september = Scorecard.objects.get(month=SEP, salesman=world.andi)
    october = Scorecard.objects.get(month=OCT, salesman=world.andi)
    # v1 50/50: 120 × 0.5 + 80 × 0.5 = 100; v2 70/30: 84 + 24 = 108
    assert (september.template_version, september.total) == (1, D("100.00"))
    assert (october.template_version, october.total) == (2, D("108.00"))
    assert [row.weight for row in october.rows.all()] == [70, 30]
    versions = TemplateVersion.objects.filter(template__code="GT-SHEET").order_by("number")
    assert [(v.number, v.effective_from) for v in versions] == [(1, BEGINNING), (2, OCT)]


def test_a_published_version_never_changes(world):
    save_template_document(document=document(), by=None)
    version = TemplateVersion.objects.get(template__code="GT-SHEET", number=1)
    version.document = version.document.replace("50", "60")
    with pytest.raises(PublishedTemplateVersionChanged):
        version.save()
    with pytest.raises(PublishedTemplateVersionChanged):
        version.delete()
    # Editing the template again is a new version; version 1 stays as it was.
    save_template_document(document=document((60, 40)), by=None)
    assert TemplateVersion.objects.filter(template__code="GT-SHEET").count() == 2
    assert '"weight": 50' in TemplateVersion.objects.get(number=1).document


def test_publishing_into_a_locked_month_is_refused_naming_effective_from(world):
    save_template_document(document=document(), by=None)
    lock_month(SEP, by=world.hr)
    with pytest.raises(DocumentError) as refused:
        save_template_document(document=document((70, 30), effective_from="2026-09"), by=None)
    assert "effective_from" in refused.value.errors
    assert "2026-10" in refused.value.errors["effective_from"][0]
    assert TemplateVersion.objects.filter(template__code="GT-SHEET").count() == 1
    # A draft may be saved, but not published into September.
    save_template_document(document=document((70, 30)), by=None, publish=False)
    draft = TemplateVersion.objects.get(template__code="GT-SHEET", number=2)
    with pytest.raises(Exception, match="effective_from"):
        publish_version(version=draft, effective_from=SEP)
    # Without a month it takes effect from the first open month.
    assert publish_version(version=draft).effective_from == OCT


def test_draft_scorecards_are_stale_after_a_new_version_until_recomputed(world):
    save_template_document(document=document(), by=None)
    _facts(world, SEP)
    compute_scorecards(month=SEP)
    assert stale_scorecards(SEP) == 0
    save_template_document(document=document((70, 30)), by=None)  # in force from the start
    assert stale_scorecards(SEP) == 2  # Andi's and Budi's (salesmen GT)
    compute_scorecards(month=SEP)
    assert stale_scorecards(SEP) == 0
    assert Scorecard.objects.get(month=SEP, salesman=world.andi).total == D("108.00")


def test_a_second_salesman_template_for_assigned_people_only_is_accepted(world):
    save_template_document(document=document(), by=None)
    pilot = dict(document(), code="GT-PILOT", assigned_only=True)
    template = save_template_document(document=pilot, by=None)
    assert template.assigned_only
    TemplateAssignment.objects.create(salesman=world.budi, template=template)
    _facts(world, SEP)
    compute_scorecards(month=SEP)
    cards = dict(Scorecard.objects.filter(month=SEP).values_list("salesman__code", "template_code"))
    # Andi keeps the scope's template; only Budi, assigned, uses the pilot.
    assert cards == {"A1": "GT-SHEET", "A2": "GT-PILOT"}
    # A second template for everyone of salesman GT is still refused, saying what to do.
    with pytest.raises(DocumentError) as refused:
        save_template_document(document=dict(document(), code="GT-SECOND"), by=None)
    assert "assigned_only" in refused.value.errors["applies_to"][0]


def test_a_supervisor_template_does_not_move_a_supervisor_silently(world):
    supervisor = SalesmanFactory(code="SPV1", name="Sari", user=world.supervisor_a, team=None)
    assert supervisor.user.role == Role.SUPERVISOR
    every_channel = dict(
        document(),
        code="SPV-ALL",
        applies_to={"role": "supervisor", "channel": None},
    )
    save_template_document(document=every_channel, by=None)
    gt_only = dict(every_channel, code="SPV-GT", applies_to={"role": "supervisor", "channel": "GT"})
    with pytest.raises(DocumentError) as refused:
        save_template_document(document=gt_only, by=None, confirm_moves=False)
    assert "Sari (SPV1" in refused.value.errors["confirm_moves"][0]
    assert "SPV-ALL" in refused.value.errors["confirm_moves"][0]
    assert not ScorecardTemplate.objects.filter(code="SPV-GT").exists()
    # Only for the people assigned to it: nobody moves, so nothing to confirm.
    save_template_document(document=dict(gt_only, assigned_only=True), by=None, confirm_moves=False)
    assert ScorecardTemplate.objects.get(code="SPV-GT").assigned_only


def test_the_scorecards_page_says_the_drafts_are_stale_until_recomputed(world, client):
    save_template_document(document=document(), by=None)
    _facts(world, SEP)
    compute_scorecards(month=SEP)
    client.force_login(world.manager_a)
    url = "/kpi/scorecards/?month=2026-09"
    assert 'id="scorecards-stale"' not in client.get(url).content.decode()
    save_template_document(document=document((70, 30)), by=None)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 draft scorecards of this month were computed with an earlier template" in page
    compute_scorecards(month=SEP)
    assert 'id="scorecards-stale"' not in client.get(url).content.decode()


def test_api_lists_a_templates_versions(world):
    from rest_framework.test import APIClient

    save_template_document(document=document(), by=None)
    save_template_document(document=document((70, 30)), by=None, publish=False)
    api = APIClient()
    api.force_authenticate(world.manager_a)
    listed = api.get("/api/v1/kpi/templates/GT-SHEET/versions/").json()
    assert [(v["version"], v["status"], v["effective_from"]) for v in listed] == [
        (1, "published", "2000-01"),
        (2, "draft", None),
    ]
    assert [item["weight"] for item in listed[1]["document"]["items"]] == [70, 30]
    api.force_authenticate(world.andi.user)
    assert api.get("/api/v1/kpi/templates/GT-SHEET/versions/").status_code == 404


def test_a_draft_version_changes_nothing_until_it_is_published(world, client):
    template = save_template_document(document=document(), by=None)
    save_template_document(document=document((70, 30)), by=None, publish=False)
    # The template's rows (what pages and the month in progress read) stay on version 1.
    assert [item.weight for item in template.items.order_by("position")] == [50, 50]
    _facts(world, SEP)
    compute_scorecards(month=SEP, salesman_ids=[world.andi.id])
    assert Scorecard.objects.get(month=SEP, salesman=world.andi).total == D("100.00")
    # The editor opens the draft where it was left.
    client.force_login(world.manager_a)
    page = client.get("/kpi/templates/GT-SHEET/")
    weights = [form.initial["weight"] for form in page.context["formset"].forms if form.initial]
    assert weights == [70, 30]
    publish_version(version=TemplateVersion.objects.get(template=template, number=2))
    assert [item.weight for item in template.items.order_by("position")] == [70, 30]
