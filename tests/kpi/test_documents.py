"""Scorecard templates as JSON documents: the docs/contracts.md example round-trips; every problem
is
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
        "Template GT-SALESMAN already applies to salesman GT. A second template for them can be "
        "for the people assigned to it only (assigned_only)."
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


def full_document() -> dict:
    """Every shape a document may take: any channel, row rounding, decimal weights, a
    lower-is-better manual KPI with cap and floor, a non-ASCII name."""
    return {
        "code": "SPV-ANY",
        "name": "Scorecard Supervisor – semua channel",
        "rounding": "row",
        "applies_to": {"role": "supervisor", "channel": None},
        "items": [
            {"kpi": "team_volume", "weight": 33.33, "cap": 150, "floor": None},
            {"kpi": "turnover", "weight": 33.34, "cap": 125.5, "floor": 50},
            {"kpi": "revenue", "weight": 33.33, "cap": None, "floor": 80},
        ],
        "kpis": [
            {
                "code": "team_volume",
                "name": {"id": "Volume penjualan tim", "en": "Team sales volume"},
                "kra": "Revenue & Volume",
                "unit": "Rp",
                "direction": "higher",
                "source": "metric:revenue",
            },
            {
                "code": "turnover",
                "name": {"id": "Turnover staf", "en": "Staff turnover"},
                "kra": "People",
                "unit": "%",
                "direction": "lower",
                "source": "manual",
            },
            {
                "code": "revenue",
                "name": {"id": "Omzet", "en": "Revenue"},
                "kra": "Revenue & Volume",
                "unit": "",
                "direction": "higher",
                "source": "metric:revenue",
            },
        ],
    }


def test_export_then_import_then_export_gives_the_same_text(tmp_path, capsys):
    path = tmp_path / "spv.json"
    path.write_text(json.dumps(full_document()), encoding="utf-8")
    call_command("import_scorecard", str(path))
    capsys.readouterr()
    call_command("export_scorecard", "SPV-ANY")
    first = capsys.readouterr().out
    assert json.loads(first) == full_document()
    assert "Scorecard Supervisor – semua channel" in first  # written as UTF-8, not \\u escapes

    ScorecardTemplate.objects.all().delete()
    KPIDefinition.objects.all().delete()
    KRA.objects.all().delete()
    exported = tmp_path / "exported.json"
    exported.write_text(first, encoding="utf-8")
    call_command("import_scorecard", str(exported))
    capsys.readouterr()
    call_command("export_scorecard", "SPV-ANY")
    assert capsys.readouterr().out == first
    assert KRA.objects.count() == 2
    turnover = KPIDefinition.objects.get(code="turnover")
    assert (turnover.direction, turnover.source, turnover.kra.name) == ("lower", "manual", "People")


@pytest.mark.parametrize(
    ("document", "errors"),
    [
        ([], {"": ["The document must be a JSON object."]}),
        (
            {"code": "X", "name": "X", "rounding": "exact", "applies_to": "salesman"},
            {
                "applies_to": ['This field is required: {"role": ..., "channel": ...}.'],
                "items": ["At least one item is required."],
            },
        ),
        (
            {
                "code": "bad code!",
                "name": 7,
                "rounding": "exact",
                "colour": "red",
                "applies_to": {"role": "salesman", "channel": "XX"},
                "items": ["revenue"],
                "kpis": {"revenue": {}},
            },
            {
                "code": ["Use only letters, digits, '-' and '_'."],
                "name": ["Must be a string."],
                "colour": ["Unknown field."],
                "applies_to.channel": ["'XX' is not one of: GT, MT."],
                "items[0]": ["Must be an object."],
                "kpis": ["Must be a list."],
            },
        ),
        (
            {
                "code": "X",
                "name": "X",
                "rounding": "exact",
                "applies_to": {"role": "salesman", "channel": "GT"},
                "items": [{"kpi": "k", "weight": 100, "cap": -1, "floor": 0.001, "bonus": 1}],
                "kpis": [
                    "k",
                    {"code": "k", "name": "K", "kra": "", "direction": "up", "source": "excel"},
                ],
            },
            {
                "items[0].bonus": ["Unknown field."],
                "items[0].cap": ["Must be greater than 0."],
                "items[0].floor": ["At most 2 decimal places."],
                "kpis[0]": ["Must be an object."],
                "kpis[1].name": ['This field is required: {"id": ..., "en": ...}.'],
                "kpis[1].kra": ["This field is required."],
                "kpis[1].direction": ["'up' is not one of: higher, lower."],
                "kpis[1].source": ["Must be 'manual' or 'metric:NAME'."],
            },
        ),
    ],
)
def test_every_structural_problem_is_named_with_its_path(document, errors):
    with pytest.raises(DocumentError) as error:
        save_template_document(document=document, by=None)
    assert error.value.errors == errors
    assert not ScorecardTemplate.objects.exists()
    assert not KPIDefinition.objects.exists()
