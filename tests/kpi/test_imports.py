"""The `targets` and `actuals` import kinds: all or nothing, every bad row named, idempotent,
scoped to the importer, locked months refused, every change audited."""

from datetime import date

import pytest
from django.utils import timezone

from kpi.models import ManualActual, Target
from org.models import AuditEntry, Period
from outlets.imports import import_file
from tests.kpi.factories import KPIFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpis(world):
    return {
        "revenue": KPIFactory(code="revenue", source="metric:revenue"),
        "turnover": KPIFactory(code="turnover", source="manual", direction="lower"),
    }


def write(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_targets_import_creates_then_changes_nothing_the_second_time(tmp_path, kpis, world):
    path = write(
        tmp_path,
        "period,salesman,kpi,target\n2026-06,A1,revenue,500000000\n2026-06,A2,revenue,400000000\n",
    )
    report = import_file(kind="targets", path=path, by=world.manager_a)
    assert (report.ok, report.created, report.updated) == (True, 2, 0)
    assert Target.objects.get(salesman=world.andi, month=date(2026, 6, 1)).value == 500_000_000
    entries = AuditEntry.objects.filter(action="target.create", actor=world.manager_a)
    assert sorted(entries.values_list("object_repr", "note")) == [
        ("2026-06 A1 revenue", "import"),
        ("2026-06 A2 revenue", "import"),
    ]
    again = import_file(kind="targets", path=path, by=world.manager_a)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_targets_import_is_all_or_nothing_and_names_every_bad_row(tmp_path, kpis, world):
    path = write(
        tmp_path,
        "period,salesman,kpi,target\n"
        "2026-06,A1,revenue,500000000\n"
        "2026-13,A1,revenue,1\n"
        "2026-06,ZZ,revenue,1\n"
        "2026-06,A2,smiles,1\n"
        "2026-06,A2,revenue,-5\n",
    )
    report = import_file(kind="targets", path=path, by=None)
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "period"),
        (4, "salesman"),
        (5, "kpi"),
        (6, "target"),
    ]
    assert not Target.objects.exists()


def test_targets_import_refuses_a_locked_month(tmp_path, kpis, world):
    Period.objects.create(month=date(2026, 5, 1), locked_at=timezone.now())
    path = write(
        tmp_path, "period,salesman,kpi,target\n2026-06,A1,revenue,1\n2026-05,A1,revenue,2\n"
    )
    report = import_file(kind="targets", path=path, by=None)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "period", "2026-05")]
    assert not Target.objects.exists()


def test_targets_import_reads_codes_outside_the_importers_scope_as_unknown(tmp_path, kpis, world):
    path = write(tmp_path, "period,salesman,kpi,target\n2026-06,B1,revenue,1\n")
    report = import_file(kind="targets", path=path, by=world.manager_a)
    assert [(e.row, e.column) for e in report.errors] == [(2, "salesman")]


def test_actuals_import_only_for_manual_kpis_and_may_be_negative(tmp_path, kpis, world):
    path = write(
        tmp_path,
        "period,salesman,kpi,actual\n2026-06,A1,turnover,4.5\n2026-06,A1,revenue,1\n",
    )
    report = import_file(kind="actuals", path=path, by=None)
    assert [(e.row, e.column) for e in report.errors] == [(3, "kpi")]
    growth = KPIFactory(code="growth", source="manual")
    path = write(
        tmp_path, "period,salesman,kpi,actual\n2026-06,A1,turnover,4.5\n2026-06,A1,growth,-3\n"
    )
    report = import_file(kind="actuals", path=path, by=None)
    assert report.ok
    assert ManualActual.objects.get(kpi=growth).value == -3
    assert str(ManualActual.objects.get(kpi=kpis["turnover"]).value) == "4.5000"
