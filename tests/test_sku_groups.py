"""SKU groups (issue 16): the `products` import's `groups` column and the group metrics.

Andi (team A), June 2026; groups focus = {P1, P2}, must = {P2}, empty = {}; P3 in none:
    ORD1 06-02 O1  P1 100.000, P3 40.000
    ORD2 06-05 O2  P2 50.000
    RET1 06-08 O1  P1 −10.000   (a return)
    ORD3 06-09 O3  P3 20.000
    RET2 06-10 O4  P2 −5.000    (a return only: O4 is not an active outlet)
Active outlets O1, O2, O3 (3). Budi (team A) has nothing.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from outlets.imports import import_file
from outlets.metrics import (
    compute_month_metrics,
    is_ratio,
    metric_label,
    metric_totals,
    metric_values,
    team_metric_values,
    validate_metric_name,
    window_metric_values,
)
from outlets.models import GroupMetricValue, MetricValue, Product, ProductGroup
from tests.outlets.factories import OrderLineFactory, OutletFactory, ProductFactory

JUNE = date(2026, 6, 1)
D = Decimal


def d(month, day):
    return date(2026, month, day)


@pytest.fixture
def groups(world):
    andi = world.andi
    p1, p2, p3 = (ProductFactory(sku=f"P{i}") for i in (1, 2, 3))
    focus = ProductGroup.objects.create(code="focus", name="Fokus", name_en="Focus")
    focus.products.set([p1, p2])
    ProductGroup.objects.create(code="must", name="Wajib ada").products.set([p2])
    ProductGroup.objects.create(code="empty", name="Kosong")
    o1, o2, o3, o4 = (OutletFactory(code=f"O{i}", salesman=andi) for i in (1, 2, 3, 4))

    def line(order_no, day, outlet, product, amount):
        OrderLineFactory(
            order_no=order_no,
            date=day,
            salesman=andi,
            outlet=outlet,
            product=product,
            quantity=D(1 if amount > 0 else -1),
            amount=D(amount),
        )

    line("ORD1", d(6, 2), o1, p1, 100000)
    line("ORD1", d(6, 2), o1, p3, 40000)
    line("ORD2", d(6, 5), o2, p2, 50000)
    line("RET1", d(6, 8), o1, p1, -10000)
    line("ORD3", d(6, 9), o3, p3, 20000)
    line("RET2", d(6, 10), o4, p2, -5000)
    return world


ANDI_GROUPS = {
    "revenue@focus": D(135000),  # 100.000 + 50.000 − 10.000 − 5.000
    "outlets@focus": D(2),  # O1 (P1), O2 (P2)
    "numeric_distribution@focus": D("66.6667"),  # 2 / 3 active outlets
    "revenue@must": D(45000),  # 50.000 − 5.000
    "outlets@must": D(1),
    "numeric_distribution@must": D("33.3333"),
    "revenue@empty": D(0),
    "outlets@empty": D(0),
    "numeric_distribution@empty": D(0),
}


@pytest.mark.django_db
def test_group_metrics_of_the_month_are_stored_and_read_by_name(groups):
    compute_month_metrics(month=JUNE)
    andi = metric_values(month=JUNE)[groups.andi.pk]
    assert {code: andi[code] for code in ANDI_GROUPS} == ANDI_GROUPS
    assert andi["active_outlets"] == D(3)
    budi = metric_values(month=JUNE)[groups.budi.pk]
    assert budi["revenue@focus"] == D(0) and budi["outlets@focus"] == D(0)
    assert budi["numeric_distribution@focus"] is None  # no active outlet
    assert GroupMetricValue.objects.filter(month=JUNE).count() == 3 * 3  # A1, A2, B1 × 3
    # the MetricValue view (what scorecards and the API read) shows them one per row
    row = MetricValue.objects.get(month=JUNE, salesman=groups.andi, metric="revenue@focus")
    assert row.value == D(135000)
    team_a = team_metric_values(month=JUNE)[groups.team_a.pk]
    assert team_a["revenue@focus"] == D(135000)
    assert team_a["outlets@focus"] == D(2)
    assert team_a["numeric_distribution@focus"] == D("66.6667")
    assert metric_totals(metric="revenue@focus", start=JUNE, end=JUNE) == {
        groups.andi.pk: D(135000),
        groups.budi.pk: D(0),
        groups.dewi.pk: D(0),
    }


@pytest.mark.django_db
def test_group_metrics_of_a_window(groups):
    andi = window_metric_values(start=d(6, 5), end=d(6, 8), salesman_ids=[groups.andi.pk])[
        groups.andi.pk
    ]
    assert andi["revenue@focus"] == D(40000)  # ORD2 50.000 − RET1 10.000
    assert andi["outlets@focus"] == D(1)  # O2; O1 only returned goods in the window
    assert andi["active_outlets"] == D(1)
    assert andi["numeric_distribution@focus"] == D(100)


@pytest.mark.django_db
def test_a_recomputed_month_follows_the_groups_of_the_day(groups):
    compute_month_metrics(month=JUNE)
    ProductGroup.objects.get(code="must").delete()
    compute_month_metrics(month=JUNE, salesman_ids=[groups.andi.pk])
    andi = metric_values(month=JUNE)[groups.andi.pk]
    assert "revenue@must" not in andi and andi["revenue@focus"] == D(135000)


@pytest.mark.django_db
def test_metric_names_are_validated_and_labelled(groups):
    assert validate_metric_name("revenue") is None
    assert validate_metric_name("revenue@focus") is None
    assert validate_metric_name("numeric_distribution@must") is None
    with translation.override("en"):
        assert validate_metric_name("revenue@nope") == "unknown SKU group nope"
        assert validate_metric_name("bogus") == "unknown metric bogus"
        assert validate_metric_name("margin@focus") == (
            "unknown group metric margin (revenue, outlets or numeric_distribution)"
        )
        assert metric_label("numeric_distribution@focus") == (
            "Numeric distribution of group Focus (ND)"
        )
        assert metric_label("revenue@must") == "Revenue of group Wajib ada"
    with translation.override("id"):
        assert metric_label("outlets@focus") == "Outlet aktif grup Fokus (AO)"
    assert is_ratio("numeric_distribution@focus") and not is_ratio("revenue@focus")


def _write(tmp_path, content):
    path = tmp_path / "products.csv"
    path.write_text(content)
    return path


@pytest.mark.django_db
def test_the_products_import_sets_groups(world, tmp_path):
    content = """sku,name,category,new_product,groups
P1,Teh Botol,Minuman,false,focus;must-stock
P2,Kopi Susu,Minuman,false,focus
P3,Air Mineral,Minuman,false,
"""
    for _ in range(2):  # the same file twice changes nothing
        assert import_file(kind="products", path=_write(tmp_path, content)).ok
        assert sorted(ProductGroup.objects.values_list("code", flat=True)) == [
            "focus",
            "must-stock",
        ]
        focus = ProductGroup.objects.get(code="focus")
        assert sorted(focus.products.values_list("sku", flat=True)) == ["P1", "P2"]
        assert list(
            ProductGroup.objects.get(code="must-stock").products.values_list("sku", flat=True)
        ) == ["P1"]
    # blank keeps a product's groups, "-" clears them, a list replaces them
    change = """sku,name,category,new_product,groups
P1,Teh Botol,Minuman,false,
P2,Kopi Susu,Minuman,false,-
P3,Air Mineral,Minuman,false,must-stock
"""
    assert import_file(kind="products", path=_write(tmp_path, change)).ok
    assert sorted(
        ProductGroup.objects.get(code="focus").products.values_list("sku", flat=True)
    ) == ["P1"]
    assert sorted(
        ProductGroup.objects.get(code="must-stock").products.values_list("sku", flat=True)
    ) == ["P1", "P3"]
    # the column may be left out: groups unchanged
    plain = "sku,name,category,new_product\nP2,Kopi Susu,Minuman,false\n"
    assert import_file(kind="products", path=_write(tmp_path, plain)).ok
    assert ProductGroup.objects.get(code="focus").products.count() == 1


@pytest.mark.django_db
def test_a_bad_group_code_is_named_and_nothing_is_stored(world, tmp_path):
    content = """sku,name,category,new_product,groups
P1,Teh Botol,Minuman,false,focus
P2,Kopi Susu,Minuman,false,foc us;ok
"""
    report = import_file(kind="products", path=_write(tmp_path, content))
    assert not report.ok
    assert [(e.row, e.column, e.value, e.reason) for e in report.errors] == [
        (
            3,
            "groups",
            "foc us;ok",
            "foc us is not a group code (letters, digits, - and _; at most 30)",
        )
    ]
    assert not Product.objects.exists() and not ProductGroup.objects.exists()


@pytest.mark.django_db
def test_managers_keep_groups_in_the_browser(groups, client):
    from org.models import AuditEntry

    client.force_login(groups.andi.user)
    assert client.get("/outlets/groups/").status_code == 404  # a salesman: not his to see
    client.force_login(groups.manager_a)
    page = client.get("/outlets/groups/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "numeric_distribution@focus" in page.content.decode()
    # a new group, one SKU unknown: refused naming it, nothing stored
    refused = client.post(
        "/outlets/groups/new/",
        {"code": "promo", "name": "Promo", "name_en": "Promo", "skus": "P1; PX\nP3"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 200 and "unknown SKU: PX" in refused.content.decode()
    assert not ProductGroup.objects.filter(code="promo").exists()
    saved = client.post(
        "/outlets/groups/new/",
        {"code": "promo", "name": "Promo", "name_en": "Promo", "skus": "P1; P3"},
    )
    assert saved.status_code == 302
    promo = ProductGroup.objects.get(code="promo")
    assert sorted(promo.products.values_list("sku", flat=True)) == ["P1", "P3"]
    edit = client.get("/outlets/groups/promo/")
    assert "P1\nP3" in edit.content.decode()
    client.post("/outlets/groups/promo/", {"code": "promo", "name": "Promo", "skus": "P2"})
    assert list(promo.products.values_list("sku", flat=True)) == ["P2"]
    entry = AuditEntry.objects.filter(action="sku_group.save").order_by("pk").last()
    assert entry.before["skus"] == ["P1", "P3"] and entry.after["skus"] == ["P2"]
    assert client.post("/outlets/groups/promo/delete/").status_code == 302
    assert not ProductGroup.objects.filter(code="promo").exists()


@pytest.mark.django_db
def test_the_metrics_page_shows_the_group_metrics(groups, client):
    compute_month_metrics(month=JUNE)
    client.force_login(groups.manager_a)
    page = client.get("/outlets/metrics/A1/2026-06/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-metric="numeric_distribution@focus"' in page
    assert "Distribusi numerik grup Fokus (ND)" in page
    assert "Rp 135.000" in page
    assert "Outlet aktif (AO)" in page


@pytest.mark.django_db
def test_metric_choices_hold_the_group_metrics(groups):
    from outlets.metrics import METRICS, metric_choices

    with translation.override("en"):
        choices = dict(metric_choices())
    assert len(choices) == len(METRICS) + 3 * 3
    assert choices["lines_per_call"] == "Lines per call (LPC)"
    assert choices["numeric_distribution@focus"] == "Numeric distribution of group Focus (ND)"


@pytest.mark.django_db
def test_more_than_eight_groups(groups):
    # groups are read 8 to a byte on PostgreSQL: the ninth lands in a second mask
    p1 = Product.objects.get(sku="P1")
    for n in range(9):
        ProductGroup.objects.create(code=f"g{n}", name=f"G{n}").products.set([p1])
    andi = window_metric_values(start=JUNE, end=d(6, 30), salesman_ids=[groups.andi.pk])[
        groups.andi.pk
    ]
    for n in range(9):
        assert andi[f"revenue@g{n}"] == D(90000)  # ORD1 100.000 − RET1 10.000
        assert andi[f"outlets@g{n}"] == D(1)  # O1
    assert andi["outlets@focus"] == D(2) and andi["outlets@empty"] == D(0)


@pytest.mark.django_db
def test_a_dry_run_of_products_with_groups_stores_nothing(world, tmp_path):
    content = "sku,name,category,new_product,groups\nP1,Teh Botol,Minuman,false,focus\n"
    report = import_file(kind="products", path=_write(tmp_path, content), dry_run=True)
    assert report.ok
    assert not Product.objects.exists() and not ProductGroup.objects.exists()


@pytest.mark.django_db
def test_a_kpi_reads_a_group_metric(groups):
    """A KPI whose source is `metric:revenue@focus` is scored on the group's net revenue:
    135.000 against a target of 150.000 = 90%."""
    from kpi.documents import DocumentError, save_template_document
    from kpi.forms import KPIForm
    from kpi.models import KPIDefinition, ScorecardRow, Target
    from kpi.scorecards import compute_scorecards
    from outlets.metrics import metric_choices

    document = {
        "code": "GT-FOCUS",
        "name": "Fokus",
        "rounding": "exact",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "items": [{"kpi": "focus-revenue", "weight": 100, "cap": None, "floor": None}],
        "kpis": [
            {
                "code": "focus-revenue",
                "name": {"id": "Omzet fokus", "en": "Focus revenue"},
                "kra": "Sales",
                "unit": "Rp",
                "direction": "higher",
                "source": "metric:revenue@focus",
            }
        ],
    }
    save_template_document(document=document, by=None)
    kpi = KPIDefinition.objects.get(code="focus-revenue")
    Target.objects.create(month=JUNE, salesman=groups.andi, kpi=kpi, value=D(150000))
    compute_month_metrics(month=JUNE)
    compute_scorecards(month=JUNE)
    row = ScorecardRow.objects.get(scorecard__salesman=groups.andi, kpi_code="focus-revenue")
    assert (row.actual, row.score) == (D(135000), D("90.00"))
    # an unknown group is refused naming the path; the KPI form offers the group metrics
    bad = {**document, "code": "GT-BAD", "kpis": [{**document["kpis"][0], "code": "x"}]}
    bad["kpis"][0]["source"] = "metric:revenue@nope"
    bad["items"] = [{"kpi": "x", "weight": 100, "cap": None, "floor": None}]
    with pytest.raises(DocumentError) as error:
        save_template_document(document=bad, by=None)
    assert "'revenue@nope'" in " ".join(error.value.errors["kpis[0].source"])
    choices = dict(KPIForm(metrics=metric_choices()).fields["source"].choices)
    assert "metric:revenue@focus" in choices


@pytest.mark.django_db
def test_boards_and_badges_may_measure_a_group_metric(groups):
    """The gamification editor offers the group metrics, and a board document may name one."""
    from kpi.gamification.forms import measure_choices
    from kpi.gamification.services import parse_document

    assert "metric:numeric_distribution@focus" in dict(measure_choices())
    spec = parse_document(
        {
            "boards": [
                {
                    "code": "focus",
                    "name": "Fokus",
                    "measure": "metric:revenue@focus",
                    "window": "month",
                    "scope": "team",
                    "applies_to": {"role": "salesman", "channel": None},
                }
            ],
            "badges": [],
            "levels": {
                "measure": "total_score",
                "months": 3,
                "thresholds": [{"level": 1, "from": 0}],
            },
        }
    )
    assert [board.measure for board in spec.boards] == ["metric:revenue@focus"]
