"""The KPI pages: who may open what (outsiders 404), the template form's weight rule, the targets
grid, the breakdown, scorecards, the score-a-sheet fallback and the home panel."""

import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from kpi.documents import save_template_document
from kpi.models import KPIDefinition, Scorecard, ScorecardTemplate, Target
from kpi.scorecards import compute_scorecards
from org.models import AuditEntry, Period
from outlets.models import MetricSnapshot
from tests.kpi.factories import gt_document
from tests.outlets.factories import set_metric

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)


def login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def user_of(world, name):
    return getattr(world, name).user if name in ("andi", "budi", "dewi") else getattr(world, name)


@pytest.fixture
def scored(world):
    save_template_document(document=gt_document(), by=None)
    kpis = {k.code: k for k in KPIDefinition.objects.all()}
    for metric, value in (("revenue", 550_000_000), ("new_outlets", 35), ("visits_per_day", 20)):
        set_metric(salesman=world.andi, month=JUNE, metric=metric, value=value)
    for code, value in (("revenue", 500_000_000), ("new_outlets", 30), ("visits_per_day", 18)):
        Target.objects.create(month=JUNE, salesman=world.andi, kpi=kpis[code], value=value)
    Target.objects.create(month=JUNE, salesman=world.budi, kpi=kpis["revenue"], value=100)
    set_metric(salesman=world.budi, month=JUNE, metric="revenue", value=150)
    compute_scorecards(month=JUNE)
    return world


CONFIG_PAGES = [
    "/kpi/kras/",
    "/kpi/kras/new/",
    "/kpi/kpis/",
    "/kpi/kpis/new/",
    "/kpi/templates/",
    "/kpi/templates/new/",
    "/kpi/templates/import/",
    "/kpi/templates/GT-SALESMAN/",
    "/kpi/templates/GT-SALESMAN/export/",
    "/kpi/targets/breakdown/",
]


@pytest.mark.parametrize("url", CONFIG_PAGES)
def test_setup_pages_open_for_managers_and_404_for_everyone_else(client, scored, url):
    assert login(client, scored.manager_a).get(url).status_code == 200
    for name in ("supervisor_a", "andi", "hr"):
        assert login(client, user_of(scored, name)).get(url).status_code == 404, name


def test_template_form_refuses_weights_not_totalling_100(client, world):
    save_template_document(document=gt_document(), by=None)
    kpis = {k.code: k for k in KPIDefinition.objects.all()}
    data = {
        "code": "MT-SALESMAN",
        "name": "Salesman MT",
        "role": "salesman",
        "channel": "MT",
        "rounding": "exact",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-kpi": kpis["revenue"].pk,
        "items-0-weight": "60",
        "items-0-cap": "150",
        "items-1-kpi": kpis["new_outlets"].pk,
        "items-1-weight": "30",
        "items-2-kpi": "",
        "items-2-weight": "",
    }
    login(client, world.manager_a)
    response = client.post("/kpi/templates/new/", data)
    assert response.status_code == 200
    assert "The weights total 90, not 100." in response.content.decode()
    assert not ScorecardTemplate.objects.filter(code="MT-SALESMAN").exists()

    data["items-2-kpi"] = kpis["visits_per_day"].pk
    data["items-2-weight"] = "10"
    response = client.post("/kpi/templates/new/", data)
    assert response.status_code == 302
    template = ScorecardTemplate.objects.get(code="MT-SALESMAN")
    assert [(i.kpi.code, i.weight) for i in template.items.all()] == [
        ("revenue", 60),
        ("new_outlets", 30),
        ("visits_per_day", 10),
    ]
    entry = AuditEntry.objects.get(action="template.create", object_id=str(template.pk))
    assert entry.actor == world.manager_a
    assert entry.after["items"][0] == {"kpi": "revenue", "weight": 60, "cap": 150, "floor": None}


def test_template_form_shows_the_live_total_widget(client, world):
    response = login(client, world.manager_a).get("/kpi/templates/new/")
    html = response.content.decode()
    assert 'id="weight-total"' in html
    assert "kpi/kpi.js" in html


def test_template_form_names_a_document_problem_on_its_field(client, world):
    save_template_document(document=gt_document(), by=None)
    revenue = KPIDefinition.objects.get(code="revenue")
    data = {
        "code": "GT-TWO",
        "name": "Another GT",
        "role": "salesman",
        "channel": "GT",  # GT-SALESMAN already applies to salesman GT
        "rounding": "row",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-kpi": revenue.pk,
        "items-0-weight": "100",
    }
    response = login(client, world.manager_a).post("/kpi/templates/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["channel"] == [
        "Template GT-SALESMAN already applies to salesman GT. A second template for them can be "
        "for the people assigned to it only (assigned_only)."
    ]


def test_kpi_form_creates_with_audit(client, world):
    save_template_document(document=gt_document(), by=None)
    kra = KPIDefinition.objects.get(code="revenue").kra
    response = login(client, world.manager_a).post(
        "/kpi/kpis/new/",
        {
            "code": "hit_rate",
            "name_id": "Hit rate",
            "name_en": "Hit rate",
            "kra": kra.pk,
            "unit": "%",
            "direction": "higher",
            "source": "metric:hit_rate",
        },
    )
    assert response.status_code == 302
    kpi = KPIDefinition.objects.get(code="hit_rate")
    assert kpi.metric == "hit_rate"
    assert AuditEntry.objects.filter(action="kpi.save", object_id=str(kpi.pk)).exists()


def test_kpi_turned_lower_without_cap_on_a_template_is_refused(client, world):
    save_template_document(document=gt_document(), by=None)
    kpi = KPIDefinition.objects.get(code="revenue")
    doc = gt_document()
    doc["items"][0]["cap"] = None
    save_template_document(document=doc, by=None)
    response = login(client, world.manager_a).post(
        f"/kpi/kpis/{kpi.code}/",
        {
            "name_id": kpi.name_id,
            "name_en": kpi.name_en,
            "kra": kpi.kra_id,
            "unit": "Rp",
            "direction": "lower",
            "source": "metric:revenue",
        },
    )
    assert response.status_code == 200
    assert "GT-SALESMAN" in str(response.context["form"].errors)
    kpi.refresh_from_db()
    assert kpi.direction == "higher"


# --- targets grid ---


def test_targets_grid_shows_the_scope_and_managers_edit_inline(client, scored):
    login(client, scored.manager_a)
    response = client.get("/kpi/targets/?month=2026-06")
    assert [row["person"].code for row in response.context["rows"]] == ["A1", "A2"]
    assert response.context["editable"] is True
    revenue = KPIDefinition.objects.get(code="revenue")
    field = f"v-{scored.budi.id}-{revenue.id}"
    response = client.post("/kpi/targets/?month=2026-06", {"month": "2026-06", field: "250"})
    assert response.status_code == 302
    assert Target.objects.get(salesman=scored.budi, kpi=revenue).value == 250
    entry = AuditEntry.objects.get(action="target.update")
    assert (entry.before["value"], entry.after["value"], entry.actor) == (
        "100.0000",
        "250",
        scored.manager_a,
    )
    assert entry.object_repr == "2026-06 A2 revenue"
    assert (entry.after["salesman"], entry.after["kpi"]) == ("A2", "revenue")


def test_targets_grid_refuses_a_bad_number_and_stores_nothing(client, scored):
    revenue = KPIDefinition.objects.get(code="revenue")
    login(client, scored.manager_a)
    response = client.post(
        "/kpi/targets/?month=2026-06",
        {"month": "2026-06", f"v-{scored.budi.id}-{revenue.id}": "lots"},
    )
    assert response.status_code == 200
    assert response.context["errors"] == [
        "A2, Revenue: lots is not a number. Enter a number, e.g. 1,000,000 or 1.5 (commas "
        "between thousands, a point before the decimals)."
    ]
    assert Target.objects.get(salesman=scored.budi, kpi=revenue).value == 100


def test_targets_grid_refuses_a_negative_target_and_keeps_what_was_typed(client, scored):
    revenue = KPIDefinition.objects.get(code="revenue")
    login(client, scored.manager_a)
    andi_cell = f"v-{scored.andi.id}-{revenue.id}"
    budi_cell = f"v-{scored.budi.id}-{revenue.id}"
    response = client.post(
        "/kpi/targets/?month=2026-06",
        {"month": "2026-06", andi_cell: "-5", budi_cell: "300"},
    )
    assert response.status_code == 200
    assert response.context["errors"] == ["A1, revenue: a target must not be negative."]
    assert Target.objects.get(salesman=scored.budi, kpi=revenue).value == 100
    page = response.content.decode()
    assert re.search(rf'name="{andi_cell}"[^>]*value="-5"', page)  # typed cells come back
    assert re.search(rf'name="{budi_cell}"[^>]*value="300"', page)


def test_targets_grid_is_read_only_for_supervisors_and_scoped(client, scored):
    login(client, scored.supervisor_a)
    response = client.get("/kpi/targets/?month=2026-06")
    assert response.context["editable"] is False
    assert [row["person"].code for row in response.context["rows"]] == ["A1", "A2"]
    assert client.post("/kpi/targets/?month=2026-06", {"month": "2026-06"}).status_code == 404
    login(client, scored.dewi.user)
    assert [r["person"].code for r in client.get("/kpi/targets/").context["rows"]] == ["B1"]


def test_targets_of_a_locked_month_cannot_be_edited(client, scored):
    Period.objects.filter(month=JUNE).update(locked_at=timezone.now())
    login(client, scored.manager_a)
    response = client.get("/kpi/targets/?month=2026-06")
    assert response.context["editable"] is False
    assert "This month is locked" in response.content.decode()
    assert client.post("/kpi/targets/?month=2026-06", {"month": "2026-06"}).status_code == 404


# --- breakdown ---


def test_breakdown_proposes_then_saves_edited_values(client, scored):
    revenue = KPIDefinition.objects.get(code="revenue")
    for person, value in ((scored.andi, 300), (scored.budi, 100)):
        set_metric(salesman=person, month=date(2026, 5, 1), metric="revenue", value=value)
    login(client, scored.manager_a)
    params = {
        "month": "2026-06",
        "kpi": revenue.pk,
        "total": "1000",
        "team": "",
        "history_months": "3",
    }
    response = client.get("/kpi/targets/breakdown/", params)
    teams = response.context["proposal"]
    # June is inside the window for July only; for June the window is March–May: 300 vs 100
    assert [(line.code, line.proposed) for line in teams[0].lines] == [("A1", 750), ("A2", 250)]
    params |= {f"p-{scored.andi.id}": "700", f"p-{scored.budi.id}": "300"}
    response = client.post("/kpi/targets/breakdown/", params)
    assert response.status_code == 302
    assert Target.objects.get(salesman=scored.andi, kpi=revenue, month=JUNE).value == 700
    assert Target.objects.get(salesman=scored.budi, kpi=revenue, month=JUNE).value == 300
    assert (
        AuditEntry.objects.filter(action="target.update", note__startswith="breakdown").count() == 2
    )


def test_breakdown_refuses_parts_that_do_not_add_up_and_keeps_what_was_typed(client, scored):
    revenue = KPIDefinition.objects.get(code="revenue")
    params = {
        "month": "2026-06",
        "kpi": revenue.pk,
        "total": "1000000",
        "team": "",
        "history_months": "3",
        f"p-{scored.andi.id}": "800000",
        f"p-{scored.budi.id}": "233000",
    }
    response = login(client, scored.manager_a).post("/kpi/targets/breakdown/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The parts add up to 1,033,000, not to the target 1,000,000." in page
    assert 'value="233000"' in page  # what was typed comes back
    assert not Target.objects.filter(kpi=revenue, month=JUNE, value__in=[800000, 233000]).exists()


def test_breakdown_leaves_a_line_it_was_not_sent_alone(client, scored):
    revenue = KPIDefinition.objects.get(code="revenue")
    params = {
        "month": "2026-06",
        "kpi": revenue.pk,
        "total": "1000",
        "team": "",
        "history_months": "3",
        f"p-{scored.andi.id}": "600",
    }
    response = login(client, scored.manager_a).post("/kpi/targets/breakdown/", params)
    assert response.status_code == 302
    assert Target.objects.get(salesman=scored.andi, kpi=revenue).value == 600
    assert Target.objects.get(salesman=scored.budi, kpi=revenue).value == 100  # not sent: kept


# --- scorecards ---

SCORECARD_ACCESS = [
    ("andi", "A1", 200),
    ("andi", "A2", 404),
    ("budi", "A1", 404),
    ("dewi", "A1", 404),
    ("supervisor_a", "A1", 200),
    ("supervisor_a", "B1", 404),
    ("manager_a", "A2", 200),
    ("manager_b", "A1", 404),
    ("hr", "A1", 200),
]


@pytest.mark.parametrize(("name", "code", "status"), SCORECARD_ACCESS)
def test_person_scorecard_visibility(client, scored, name, code, status):
    login(client, user_of(scored, name))
    assert client.get(f"/kpi/scorecards/{code}/2026-06/").status_code == status


def test_person_scorecard_shows_rows_and_total(client, scored):
    response = login(client, scored.andi.user).get("/kpi/scorecards/A1/2026-06/")
    html = response.content.decode()
    assert response.context["card"].total == D("112.22")
    # an English page: English notation (an Indonesian one says 112,22 and Rp 550.000.000)
    assert 'id="scorecard-total">112.22<' in html
    assert [r.kpi_code for r in response.context["rows"]] == [
        "revenue",
        "new_outlets",
        "visits_per_day",
    ]
    assert "Rp 550,000,000" in html
    assert "116.67" in html
    client.cookies["django_language"] = "id"
    html = client.get("/kpi/scorecards/A1/2026-06/").content.decode()
    assert 'id="scorecard-total">112,22<' in html
    assert "Rp 550.000.000" in html and "116,67" in html


def test_person_scorecard_month_switch_and_empty_month(client, scored):
    login(client, scored.andi.user)
    response = client.get("/kpi/scorecards/A1/?month=2026-07")
    assert response.status_code == 302
    assert response["Location"] == "/kpi/scorecards/A1/2026-07/"
    response = client.get("/kpi/scorecards/A1/2026-07/")
    assert response.context["card"] is None
    assert "No scorecard has been computed for July 2026 yet." in response.content.decode()
    assert client.get("/kpi/scorecards/A1/2026-13/").status_code == 404


def test_no_data_rows_say_so(client, scored):
    response = login(client, scored.manager_a).get("/kpi/scorecards/A2/2026-06/")
    html = response.content.decode()
    assert html.count("no data") >= 2


def test_my_scorecard_redirects_to_the_latest_month(client, scored):
    response = login(client, scored.andi.user).get("/kpi/scorecards/me/")
    assert response["Location"] == "/kpi/scorecards/A1/2026-06/"


@pytest.mark.parametrize(
    ("name", "codes"),
    [("andi", ["A1"]), ("supervisor_a", ["A1", "A2"]), ("manager_b", []), ("hr", ["A1", "A2"])],
)
def test_team_scorecard_table_is_scoped_and_sorted_by_total(client, scored, name, codes):
    response = login(client, user_of(scored, name)).get("/kpi/scorecards/?month=2026-06")
    shown = [row.record.salesman.code for row in response.context["table"].paginated_rows]
    assert shown == codes  # A1 112.22 before A2 (revenue 150 of 100 → 150 capped × 0.5 = 75)


def test_team_scorecard_table_sorts_ascending_on_request(client, scored):
    response = login(client, scored.manager_a).get("/kpi/scorecards/?month=2026-06&sort=total")
    shown = [row.record.total for row in response.context["table"].paginated_rows]
    assert shown == [D("75.00"), D("112.22")]


def test_manager_recomputes_his_scope(client, scored):
    MetricSnapshot.objects.filter(salesman=scored.budi).update(revenue=120)
    login(client, scored.manager_a)
    response = client.post("/kpi/scorecards/compute/", {"month": "2026-06"})
    assert response.status_code == 302
    assert Scorecard.objects.get(salesman=scored.budi, month=JUNE).total == D("60.00")
    login(client, scored.supervisor_a)
    assert client.post("/kpi/scorecards/compute/", {"month": "2026-06"}).status_code == 404


def test_recompute_of_a_locked_month_is_refused_with_a_message(client, scored):
    Period.objects.filter(month=JUNE).update(locked_at=timezone.now())
    login(client, scored.manager_a)
    response = client.post("/kpi/scorecards/compute/", {"month": "2026-06"}, follow=True)
    assert "2026-06 is locked" in response.content.decode()


# --- score a sheet (no JavaScript) ---


def test_score_a_sheet_without_javascript(client, world):
    rows = {
        "rounding": "row",
        "r0-kpi": "Overall sales",
        "r0-weight": "30",
        "r0-direction": "higher",
        "r0-target": "2000000000",
        "r0-actual": "2100000000",
        "r1-kpi": "Team efficiency",
        "r1-weight": "15",
        "r1-direction": "higher",
        "r1-target": "90",
        "r1-actual": "85",
    }
    response = login(client, world.manager_a).post("/kpi/sheet/", rows)
    result = response.context["result"]
    assert [(r.score, r.final_score) for r in result.rows] == [(105, 32), (94, 14)]
    assert result.total == 46
    assert 'id="sheet-total">46<' in response.content.decode()


def test_score_a_sheet_names_a_bad_row(client, world):
    rows = {"rounding": "exact", "r0-kpi": "x", "r0-weight": "abc"}
    response = login(client, world.manager_a).post("/kpi/sheet/", rows)
    assert response.context["errors"] == [
        "Row 1: weight, target, actual, cap and floor must be numbers."
    ]


# --- home panel ---


def test_home_panel_shows_the_salesmans_scorecard(client, scored):
    response = login(client, scored.andi.user).get("/")
    html = response.content.decode()
    assert 'id="kpi-panel"' in html
    assert 'id="panel-total">112.22<' in html  # an English page
    assert "Rp 550,000,000" in html


def test_home_panel_is_not_shown_to_managers(client, scored):
    html = login(client, scored.manager_a).get("/").content.decode()
    assert 'id="kpi-panel"' not in html


def test_manager_assigns_a_template_to_a_person_in_his_scope(client, world):
    from kpi.configuration import template_for

    save_template_document(document=gt_document(), by=None)
    doc = gt_document()
    doc.update(code="SHEET", rounding="row", applies_to={"role": "salesman", "channel": None})
    doc.pop("kpis")
    sheet = save_template_document(document=doc, by=None)
    login(client, world.manager_a)
    response = client.post("/kpi/templates/SHEET/assign/", {"salesman": "A2"})
    assert response.status_code == 302
    assert template_for(world.budi) == sheet
    entry = AuditEntry.objects.get(action="template.assign")
    assert (entry.before, entry.after) == ({"template": None}, {"template": "SHEET"})
    assert "Budi" in client.get("/kpi/templates/SHEET/").content.decode()
    # someone outside his teams, and anyone who may not configure: 404
    assert client.post("/kpi/templates/SHEET/assign/", {"salesman": "B1"}).status_code == 404
    login(client, world.supervisor_a)
    assert client.post("/kpi/templates/SHEET/assign/", {"salesman": "A1"}).status_code == 404
    login(client, world.manager_a)
    client.post("/kpi/templates/SHEET/assign/", {"salesman": "A2", "remove": "1"})
    assert template_for(world.budi).code == "GT-SALESMAN"


@pytest.mark.parametrize(
    "url",
    [
        "/kpi/sheet/",
        "/kpi/scorecards/",
        "/kpi/scorecards/me/",
        "/kpi/scorecards/A1/2026-06/",
        "/kpi/targets/",
        "/kpi/templates/",
    ],
)
def test_pages_need_a_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_score_a_sheet_is_a_calculator_for_everyone_signed_in(client, world):
    assert login(client, world.andi.user).get("/kpi/sheet/").status_code == 200


def test_score_a_sheet_opens_with_an_articles_example(client, world):
    response = login(client, world.manager_a).get("/kpi/sheet/?example=supervisor")
    rows = response.context["rows"]
    assert response.context["rounding"] == "row"
    assert [(r["kpi"], r["weight"], r["target"], r["actual"]) for r in rows[:2]] == [
        ("Team sales volume", "25", "500000000", "550000000"),
        ("Growth vs last year", "20", "15", "17"),
    ]
    assert rows[4]["direction"] == "lower" and rows[4]["cap"] == "150"


def test_score_a_sheet_refuses_a_floor_above_the_cap(client, world):
    rows = {
        "rounding": "exact",
        "r0-kpi": "Growth",
        "r0-weight": "100",
        "r0-direction": "higher",
        "r0-target": "10",
        "r0-actual": "12",
        "r0-cap": "120",
        "r0-floor": "130",
    }
    response = login(client, world.manager_a).post("/kpi/sheet/", rows)
    assert response.context["errors"] == ["Growth: the floor cannot be above the cap."]
    assert response.context["result"] is None


def test_breakdown_with_a_bad_value_shows_what_was_typed_and_saves_nothing(client, scored):
    revenue = KPIDefinition.objects.get(code="revenue")
    params = {
        "month": "2026-06",
        "kpi": revenue.pk,
        "total": "1000",
        "team": "",
        "history_months": "3",
        f"p-{scored.andi.id}": "650",
        f"p-{scored.budi.id}": "lots",
    }
    response = login(client, scored.manager_a).post("/kpi/targets/breakdown/", params)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Not a number: lots"]
    html = response.content.decode()
    assert f'name="p-{scored.andi.id}" value="650"' in html
    assert f'name="p-{scored.budi.id}" value="lots"' in html
    assert Target.objects.get(salesman=scored.andi, kpi=revenue).value == 500_000_000


def test_template_page_shows_its_history_with_the_weight_changes(client, world):
    save_template_document(document=gt_document(), by=world.manager_a)
    doc = gt_document()
    doc["items"][0]["weight"] = 60
    doc["items"][2]["weight"] = 10
    save_template_document(document=doc, by=world.admin)
    response = login(client, world.manager_a).get("/kpi/templates/GT-SALESMAN/")
    history = response.context["history"]
    assert [(h["entry"].action, h["entry"].actor, h["changes"]) for h in history] == [
        ("template.update", world.admin, ["revenue 50 → 60", "visits_per_day 20 → 10"]),
        (
            "template.create",
            world.manager_a,
            ["+ revenue 50", "+ new_outlets 30", "+ visits_per_day 20"],
        ),
    ]
    html = response.content.decode()
    assert "revenue 50 → 60; visits_per_day 20 → 10" in html
    assert "/audit/?object_type=kpi.scorecardtemplate&amp;q=GT-SALESMAN" in html


def test_person_scorecard_speaks_indonesian_kra_and_unit_names(client, scored):
    from kpi.models import KRA

    KRA.objects.filter(name="Coverage & Penetration").update(name_id="Cakupan & Penetrasi")
    client.force_login(scored.andi.user)
    client.cookies["django_language"] = "id"
    response = client.get("/kpi/scorecards/A1/2026-06/", HTTP_ACCEPT_LANGUAGE="id")
    assert [r.kra_label for r in response.context["rows"]] == [
        "Revenue & Volume",  # no Indonesian name: the English one
        "Cakupan & Penetrasi",
        "Productivity & Efficiency",
    ]
    html = response.content.decode()
    assert 'id="scorecard-list"' in html and 'id="scorecard-rows"' in html
    assert "kunjungan/hari" in html  # visit/day


def test_kpi_format_filters():
    from decimal import Decimal

    from django.utils import translation

    from kpi.templatetags.kpi_format import bar_width, kpi_score, kpi_unit, kpi_value

    with translation.override("id"):
        assert kpi_value(Decimal("550000000"), "Rp") == "Rp 550.000.000"
        assert kpi_value(Decimal("35.0000"), "outlet") == "35"
        assert kpi_value(Decimal("2.4000"), "%") == "2,40"
        assert kpi_score(Decimal("112.225"), "exact") == "112,23"
        assert kpi_score(Decimal("108"), "row") == "108"
    with translation.override("en"):
        assert kpi_value(Decimal("550000000"), "Rp") == "Rp 550,000,000"
        assert kpi_value(Decimal("2.4000"), "%") == "2.40"
        assert kpi_score(Decimal("112.225"), "exact") == "112.23"
    assert (bar_width(Decimal("75")), bar_width(Decimal("150")), bar_width(Decimal("200"))) == (
        50,
        100,
        100,
    )
    with translation.override("id"):
        assert kpi_unit("visit/day") == "kunjungan/hari"
        assert kpi_unit("widgets") == "widgets"


def test_targets_grid_has_one_table_per_template_with_its_own_kpis(client, scored):
    doc = gt_document()
    doc.update(code="MT-SALESMAN", applies_to={"role": "salesman", "channel": "MT"})
    doc["items"] = [{"kpi": "revenue", "weight": 100, "cap": None, "floor": None}]
    doc.pop("kpis")
    save_template_document(document=doc, by=None)
    login(client, scored.admin)
    response = client.get("/kpi/targets/?month=2026-06")
    groups = [
        (g["template"].code, [k.code for k in g["kpis"]], [r["person"].code for r in g["rows"]])
        for g in response.context["groups"]
    ]
    assert groups == [
        ("GT-SALESMAN", ["revenue", "new_outlets", "visits_per_day"], ["A1", "A2"]),
        ("MT-SALESMAN", ["revenue"], ["B1"]),
    ]
    assert response.context["without"] == []
    html = response.content.decode()
    assert html.count('class="table table-sm table-hover align-middle mb-0 targets-grid"') == 2
    assert "Rp 500,000,000" in html  # the stored Rupiah target, readable under its input
    # manual actuals: no manual KPI on these templates, so everyone is listed without one
    response = client.get("/kpi/targets/?kind=actuals&month=2026-06")
    assert response.context["groups"] == []
    assert [p.code for p in response.context["without"]] == ["A1", "A2", "B1"]


def test_month_switcher_keeps_the_team(client, scored):
    login(client, scored.manager_a)
    team = scored.team_a.pk
    html = client.get(f"/kpi/scorecards/?month=2026-06&team={team}").content.decode()
    assert f'href="?team={team}&amp;month=2026-05"' in html
    html = client.get(f"/kpi/targets/?month=2026-06&team={team}").content.decode()
    assert f'href="?kind=targets&amp;team={team}&amp;month=2026-07"' in html


def test_template_form_refuses_a_lower_is_better_kpi_without_a_cap(client, world):
    from kpi.models import KRA

    kra = KRA.objects.create(name="People & Team")
    turnover = KPIDefinition.objects.create(
        code="turnover", name_id="Turnover", name_en="Turnover", kra=kra, direction="lower"
    )
    data = {
        "code": "SPV",
        "name": "Supervisor",
        "role": "supervisor",
        "channel": "",
        "rounding": "row",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-kpi": turnover.pk,
        "items-0-weight": "100",
        "items-0-cap": "",
    }
    response = login(client, world.manager_a).post("/kpi/templates/new/", data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["cap"] == [
        "A lower-is-better KPI needs a cap."
    ]
    assert not ScorecardTemplate.objects.exists()
    data["items-0-cap"] = "150"
    assert client.post("/kpi/templates/new/", data).status_code == 302
    assert ScorecardTemplate.objects.get(code="SPV").items.get().cap == 150


def test_breakdown_into_a_locked_month_is_refused_and_stores_nothing(client, scored):
    Period.objects.filter(month=JUNE).update(locked_at=timezone.now())
    revenue = KPIDefinition.objects.get(code="revenue")
    params = {
        "month": "2026-06",
        "kpi": revenue.pk,
        "total": "1000",
        "history_months": "3",
        f"p-{scored.andi.id}": "600",
        f"p-{scored.budi.id}": "400",
    }
    response = login(client, scored.manager_a).post("/kpi/targets/breakdown/", params)
    assert response.status_code == 200
    assert "2026-06 is locked" in str(response.context["form"].non_field_errors())
    assert Target.objects.get(salesman=scored.andi, kpi=revenue).value == 500_000_000
    assert Target.objects.get(salesman=scored.budi, kpi=revenue).value == 100
