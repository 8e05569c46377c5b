"""Scorecard templates as JSON documents: the DESIGN.md example round-trips; every problem is
named with its path; nothing is stored then."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kpi.documents import DocumentError, export_template_document, save_template_document
from kpi.models import KRA, KPIDefinition, ScorecardTemplate, TemplateItem
from org.models import AuditEntry
from tests.kpi.factories import KPIFactory, gt_document, make_template

pytestmark = pytest.mark.django_db


def test_design_example_imports_and_round_trips_exactly(tmp_path):
    path = tmp_path / "gt.json"
    path.write_text(json.dumps(gt_document()))
    call_command("import_scorecard", str(path))
    template = ScorecardTemplate.objects.get(code="GT-SALESMAN")
    assert (template.role, template.channel, template.rounding) == ("salesman", "GT", "exact")
    assert [(i.kpi.code, i.weight, i.cap) for i in template.items.all()] == [
        ("revenue", Decimal(50), Decimal(150)),
        ("new_outlets", Decimal(30), Decimal(150)),
        ("visits_per_day", Decimal(20), Decimal(120)),
    ]
    assert KPIDefinition.objects.get(code="revenue").kra.name == "Revenue & Volume"
    assert KRA.objects.count() == 3
    assert export_template_document(template=template) == gt_document()


def test_export_command_prints_the_document(tmp_path, capsys):
    save_template_document(document=gt_document(), by=None)
    call_command("export_scorecard", "GT-SALESMAN")
    assert json.loads(capsys.readouterr().out) == gt_document()
    out = tmp_path / "out.json"
    call_command("export_scorecard", "GT-SALESMAN", "-o", str(out))
    assert json.loads(out.read_text()) == gt_document()


def test_decimal_weights_round_trip():
    doc = gt_document()
    doc["items"][0]["weight"] = 49.5
    doc["items"][1]["weight"] = 30.5
    doc["items"][2]["floor"] = 80
    template = save_template_document(document=doc, by=None)
    assert export_template_document(template=template) == doc


def test_every_problem_is_named_and_nothing_is_stored():
    doc = gt_document()
    doc["items"][0]["weight"] = 40  # total 90
    doc["kpis"][1]["source"] = "metric:outlet_happiness"
    doc["kpis"].append(dict(doc["kpis"][2]))  # duplicate KPI
    doc["kpis"][2]["direction"] = "lower"  # visits_per_day lower-is-better, but its item has cap
    doc["items"][2]["cap"] = None  # … now without a cap
    doc["applies_to"]["role"] = "boss"
    with pytest.raises(DocumentError) as error:
        save_template_document(document=doc, by=None)
    errors = error.value.errors
    assert errors["items"] == ["The weights total 90, not 100."]
    assert errors["kpis[1].source"] == ["Unknown metric 'outlet_happiness'."]
    assert errors["kpis[3].code"] == ["Duplicate KPI 'visits_per_day'."]
    assert errors["items[2].cap"] == ["A lower-is-better KPI needs a cap."]
    assert "applies_to.role" in errors
    assert ScorecardTemplate.objects.count() == 0
    assert KPIDefinition.objects.count() == 0
    assert KRA.objects.count() == 0


def test_bad_weight_and_unknown_kpi_are_named():
    doc = gt_document()
    doc["items"][0]["weight"] = "fifty"
    doc["items"].append({"kpi": "smiles", "weight": 10, "cap": None, "floor": None})
    doc["items"].append({"kpi": "revenue", "weight": 0, "cap": None, "floor": None})
    del doc["rounding"]
    with pytest.raises(DocumentError) as error:
        save_template_document(document=doc, by=None)
    errors = error.value.errors
    assert errors["items[0].weight"] == ["A valid number is required."]
    assert errors["items[3].kpi"] == ["Unknown KPI 'smiles': define it under 'kpis'."]
    assert errors["items[4].kpi"] == ["Duplicate KPI 'revenue'."]
    assert errors["items[4].weight"] == ["Must be greater than 0."]
    assert errors["rounding"] == ["This field is required."]


def test_import_command_reports_every_problem_with_its_path(tmp_path):
    doc = gt_document()
    doc["items"][0]["weight"] = 45
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(CommandError) as error:
        call_command("import_scorecard", str(path))
    assert "items: The weights total 95, not 100." in str(error.value)
    assert ScorecardTemplate.objects.count() == 0


def test_import_command_refuses_invalid_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_scorecard", str(path))


def test_items_may_name_existing_kpis_and_reimport_updates_with_audit():
    save_template_document(document=gt_document(), by=None)
    doc = gt_document()
    del doc["kpis"]
    doc["items"][0]["weight"] = 60
    doc["items"][1]["weight"] = 20
    template = save_template_document(document=doc, by=None)
    assert [i.weight for i in template.items.all()] == [Decimal(60), Decimal(20), Decimal(20)]
    entry = AuditEntry.objects.filter(action="template.update").get()
    assert entry.before["items"][0]["weight"] == 50
    assert entry.after["items"][0]["weight"] == 60
    assert TemplateItem.objects.count() == 3


def test_second_template_for_the_same_role_and_channel_is_refused():
    save_template_document(document=gt_document(), by=None)
    doc = gt_document()
    doc["code"] = "GT-OTHER"
    with pytest.raises(DocumentError) as error:
        save_template_document(document=doc, by=None)
    assert error.value.errors["applies_to"] == [
        "Template GT-SALESMAN already applies to salesman GT."
    ]


def test_turning_a_kpi_lower_is_better_is_refused_where_a_template_uses_it_uncapped():
    cost = KPIFactory(code="cost")
    make_template("T1", [(cost, 100)])
    doc = gt_document()
    doc["kpis"].append(
        {
            "code": "cost",
            "name": {"id": "Biaya", "en": "Cost"},
            "kra": "Cost",
            "unit": "%",
            "direction": "lower",
            "source": "manual",
        }
    )
    with pytest.raises(DocumentError) as error:
        save_template_document(document=doc, by=None)
    assert error.value.errors["kpis[3].direction"] == ["Template T1 uses cost without a cap."]
