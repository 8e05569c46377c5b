"""Weights total exactly 100: the database refuses to commit anything else (PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from kpi.models import ScorecardTemplate, TemplateItem
from tests.kpi.factories import KPIFactory, make_template

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite relies on the service check"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_database_refuses_to_commit_items_not_totalling_100():
    a, b = KPIFactory(), KPIFactory()
    with pytest.raises(IntegrityError, match="weights total 90.00, not 100"), transaction.atomic():
        template = ScorecardTemplate.objects.create(code="T", name="T", role="salesman")
        TemplateItem.objects.create(template=template, kpi=a, weight=Decimal(60))
        TemplateItem.objects.create(template=template, kpi=b, weight=Decimal(30))
    assert not ScorecardTemplate.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_database_refuses_a_raw_update_that_breaks_the_total():
    a, b = KPIFactory(), KPIFactory()
    template = make_template("T", [(a, 60), (b, 40)])
    # autocommit: the UPDATE commits on its own, and the commit is refused
    with pytest.raises(IntegrityError, match="weights total 110"), connection.cursor() as cursor:
        cursor.execute("UPDATE kpi_templateitem SET weight = 70 WHERE kpi_id = %s", [a.id])
    assert sorted(template.items.values_list("weight", flat=True)) == [40, 60]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_database_refuses_an_empty_template_and_accepts_100():
    a, b = KPIFactory(), KPIFactory()
    with pytest.raises(IntegrityError, match="weights total 0"):
        ScorecardTemplate.objects.create(code="EMPTY", name="E", role="salesman")
    template = make_template("OK", [(a, "33.33"), (b, "66.67")])
    assert template.items.count() == 2
    with transaction.atomic():  # moving weight between items inside one transaction is fine
        TemplateItem.objects.filter(kpi=a).update(weight=50)
        TemplateItem.objects.filter(kpi=b).update(weight=50)
    template.delete()  # deleting a whole template is fine too
    assert not TemplateItem.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_database_refuses_a_raw_insert_committed_outside_the_app():
    a, b = KPIFactory(), KPIFactory()
    template = make_template("T", [(a, 100)])
    with pytest.raises(IntegrityError, match="weights total 110"), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO kpi_templateitem (template_id, kpi_id, weight, position) "
            "VALUES (%s, %s, 10, 1)",
            [template.id, b.id],
        )
    assert list(template.items.values_list("kpi_id", flat=True)) == [a.id]
