"""Numbers typed the page language's way on the targets grid, the breakdown and the template
form (spm/numbers.py); a refused cell does not lose the other typed cells."""

from datetime import date
from decimal import Decimal as D

import pytest

from kpi.models import KPIDefinition, Target
from org.models import AuditEntry
from tests.kpi import test_pages

scored = test_pages.scored  # the fixture

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)


def login(client, user, language):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def kpis():
    return {k.code: k for k in KPIDefinition.objects.all()}


@pytest.mark.parametrize(
    ("language", "revenue", "visits", "stored"),
    [
        ("id", "1.250.000", "18,5", (D("1250000"), D("18.5"))),
        ("en", "1,250,000", "18.5", (D("1250000"), D("18.5"))),
        ("id", "1.500", "2.000,25", (D("1500"), D("2000.25"))),
    ],
)
def test_targets_grid_reads_numbers_the_page_languages_way(
    client, scored, language, revenue, visits, stored
):
    k = kpis()
    budi = scored.budi.id
    response = login(client, scored.manager_a, language).post(
        "/kpi/targets/?month=2026-06",
        {
            "month": "2026-06",
            f"v-{budi}-{k['revenue'].id}": revenue,
            f"v-{budi}-{k['visits_per_day'].id}": visits,
        },
    )
    assert response.status_code == 302
    values = Target.objects.filter(salesman=scored.budi, month=JUNE)
    assert (
        values.get(kpi=k["revenue"]).value,
        values.get(kpi=k["visits_per_day"]).value,
    ) == stored


def test_a_refused_cell_keeps_the_other_typed_cells_of_the_person(client, scored):
    k = kpis()
    budi = scored.budi.id
    response = login(client, scored.manager_a, "id").post(
        "/kpi/targets/?month=2026-06",
        {
            "month": "2026-06",
            f"v-{budi}-{k['revenue'].id}": "1.250.000",
            f"v-{budi}-{k['new_outlets'].id}": "30",
            f"v-{budi}-{k['visits_per_day'].id}": "1,000.5",
        },
    )
    assert response.status_code == 200
    assert response.context["errors"] == [
        "A2, Kunjungan per hari: 1,000.5 bukan angka. "
        "Ketik 1.000,5 (titik di antara ribuan, koma sebelum desimal)."
    ]
    page = response.content.decode()
    assert f'name="v-{budi}-{k["revenue"].id}" id="v-{budi}-{k["revenue"].id}"' in page
    cells = {c["name"]: c["text"] for row in response.context["rows"] for c in row["cells"]}
    assert cells[f"v-{budi}-{k['revenue'].id}"] == "1.250.000"
    assert cells[f"v-{budi}-{k['new_outlets'].id}"] == "30"
    assert cells[f"v-{budi}-{k['visits_per_day'].id}"] == "1,000.5"
    assert 'value="1.250.000"' in page and 'value="1,000.5"' in page
    # nothing stored: Budi keeps his one revenue target of 100
    assert list(Target.objects.filter(salesman=scored.budi).values_list("value", flat=True)) == [
        D("100")
    ]


def test_the_grid_shows_stored_values_the_page_languages_way(client, scored):
    k = kpis()
    Target.objects.filter(salesman=scored.budi, kpi=k["revenue"]).update(value=D("1250000.5"))
    for language, text in (("id", "1.250.000,5"), ("en", "1,250,000.5")):
        response = login(client, scored.manager_a, language).get("/kpi/targets/?month=2026-06")
        cells = {c["name"]: c["text"] for row in response.context["rows"] for c in row["cells"]}
        assert cells[f"v-{scored.budi.id}-{k['revenue'].id}"] == text


def test_the_grid_refuses_a_value_too_large_for_a_target(client, scored):
    k = kpis()
    name = f"v-{scored.budi.id}-{k['revenue'].id}"
    response = login(client, scored.manager_a, "en").post(
        "/kpi/targets/?month=2026-06", {"month": "2026-06", name: "12345678901234567"}
    )
    assert response.status_code == 200
    assert response.context["errors"] == ["A2, Revenue: 12345678901234567 is too large."]


def test_breakdown_reads_the_total_and_parts_the_page_languages_way(client, scored):
    revenue = kpis()["revenue"]
    params = {
        "month": "2026-06",
        "kpi": revenue.pk,
        "total": "1.000.000",
        "team": "",
        "history_months": "3",
        f"p-{scored.andi.id}": "700.000",
        f"p-{scored.budi.id}": "300.000",
    }
    response = login(client, scored.manager_a, "id").post("/kpi/targets/breakdown/", params)
    assert response.status_code == 302
    assert Target.objects.get(salesman=scored.andi, kpi=revenue, month=JUNE).value == 700_000
    assert Target.objects.get(salesman=scored.budi, kpi=revenue, month=JUNE).value == 300_000
    # the audit note says the whole as the reader writes it, not 1000000
    notes = set(AuditEntry.objects.filter(action="target.update").values_list("note", flat=True))
    assert notes == {"pemecahan dari 1.000.000"}


def test_breakdown_refuses_english_notation_on_an_indonesian_page(client, scored):
    revenue = kpis()["revenue"]
    params = {
        "month": "2026-06",
        "kpi": revenue.pk,
        "total": "1.000.000",
        "team": "",
        "history_months": "3",
        f"p-{scored.andi.id}": "700,000.5",
        f"p-{scored.budi.id}": "300.000",
    }
    response = login(client, scored.manager_a, "id").post("/kpi/targets/breakdown/", params)
    assert response.status_code == 200
    assert "Bukan angka: 700,000.5" in response.content.decode()
    assert 'value="700,000.5"' in response.content.decode()
