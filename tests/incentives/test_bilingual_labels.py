"""Plan names and rule labels in both languages (`{"id": "…", "en": "…"}`, a plain text still
accepted): validated, exported as written, shown in the reader's language (else the other one),
edited in two inputs; the demo plans give both."""

import copy
import json
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from incentives import engine
from incentives.demo_plans import GT_PLAN, bilingual, seed_plans
from incentives.models import Plan
from incentives.payouts.services import close_period
from incentives.plans.documents import dumps, export_plan, import_plan, validate_plan
from tests.incentives.payout_factories import JUNE, field_month, gt_setup, targets

CODES = {"kpi_codes": {"revenue", "new_outlets", "visits_per_day"}, "metric_codes": set()}


def labelled(rule_label, name="Insentif Salesman GT") -> dict:
    document = copy.deepcopy(GT_PLAN)
    document["name"] = name
    document["rules"][0]["label"] = rule_label
    return document


# ---------------------------------------------------------------------------------------------
# The document


def test_a_label_and_a_name_in_both_languages_are_valid_and_kept_as_written():
    both = {"id": "Omzet 100%", "en": "Revenue 100%"}
    document, problems = validate_plan(
        labelled(both, {"id": "Insentif GT", "en": "GT incentive"}), **CODES
    )
    assert problems == []
    assert document["rules"][0]["label"] == both
    assert document["name"] == {"id": "Insentif GT", "en": "GT incentive"}
    # One language alone is a valid bilingual text too; a plain text stays plain.
    assert validate_plan(labelled({"en": "Revenue 100%"}), **CODES)[1] == []
    document, problems = validate_plan(labelled("Revenue 100%"), **CODES)
    assert problems == [] and document["rules"][0]["label"] == "Revenue 100%"


def test_the_canonical_document_writes_id_before_en():
    document, _problems = validate_plan(
        labelled({"en": "Revenue 100%", "id": "Omzet 100%"}), **CODES
    )
    assert dumps(document["rules"][0]["label"], indent=None) == (
        '{"id": "Omzet 100%", "en": "Revenue 100%"}'
    )


@pytest.mark.parametrize(
    "label, problems",
    [
        ({}, ["rules[0].label: give the text in id, en or both"]),
        ({"id": "Omzet", "fr": "Chiffre"}, ["rules[0].label.fr: unknown key"]),
        ({"id": "", "en": "Revenue"}, ["rules[0].label.id: must be a non-empty text"]),
        ({"en": 5}, ["rules[0].label.en: must be a non-empty text"]),
        ({"en": "x" * 201}, ["rules[0].label.en: at most 200 characters"]),
        (None, ["rules[0].label: required"]),
    ],
)
def test_a_bad_bilingual_label_names_its_path(label, problems):
    with translation.override("en"):
        _document, found = validate_plan(labelled(label), **CODES)
    assert [str(problem) for problem in found] == problems


def test_a_bad_bilingual_name_names_its_path():
    _document, found = validate_plan(labelled("Revenue", {"id": "GT", "de": "GT"}), **CODES)
    assert [str(problem) for problem in found] == ["name.de: unknown key"]


@pytest.mark.django_db
def test_export_gives_back_the_form_each_text_was_written_in():
    plain = copy.deepcopy(GT_PLAN)
    import_plan(document=plain, by=None)
    assert export_plan(code="GT-SALESMAN") == plain
    both = bilingual(GT_PLAN)
    import_plan(document=both, by=None)
    exported = export_plan(code="GT-SALESMAN")
    assert exported == both
    assert exported["rules"][0]["label"] == {"id": "Omzet 100%", "en": "Revenue 100%"}
    # The plan's column keeps the default language's name.
    assert Plan.objects.get(code="GT-SALESMAN").name == "Insentif Salesman GT"


# ---------------------------------------------------------------------------------------------
# The engine


def test_the_engine_stores_the_default_language_and_explains_in_english():
    document = labelled({"id": "Omzet 100%", "en": "Revenue 100%"})
    facts = engine.Facts(month=JUNE, kpis={"revenue": engine.KpiFact(D(550000000), D(110))})
    line = engine.evaluate(engine.parse_plan(document), facts).lines[0]
    assert line.label == "Omzet 100%"
    assert line.explanation.startswith("Revenue 100%: revenue attainment 110%;")
    assert line.detail["labels"] == {"id": "Omzet 100%", "en": "Revenue 100%"}
    # A plain label adds nothing to the line (stored lines stay as they were).
    plain = engine.evaluate(engine.parse_plan(labelled("Revenue 100%")), facts).lines[0]
    assert plain.label == "Revenue 100%" and "labels" not in plain.detail


def test_text_in_falls_back_to_the_other_language():
    assert engine.text_in({"id": "Omzet", "en": "Revenue"}, "en") == "Revenue"
    assert engine.text_in({"id": "Omzet", "en": "Revenue"}, "id") == "Omzet"
    assert engine.text_in({"en": "Revenue"}, "id") == "Revenue"
    assert engine.text_in({"id": "Omzet"}, "en-us") == "Omzet"
    assert engine.text_in("Revenue", "id") == "Revenue"


# ---------------------------------------------------------------------------------------------
# The pages


def _andi_june_under(document, world):
    gt_setup()
    import_plan(document=document, by=None)
    field_month(world.andi)
    targets(world.andi)
    close_period(month=JUNE)


def _page(user, url, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client.get(url).content.decode()


@pytest.mark.django_db
def test_the_statement_and_the_run_show_the_readers_language(world):
    _andi_june_under(bilingual(GT_PLAN), world)
    statement = "/incentives/statements/A1/2026-06/"
    indonesian = _page(world.andi.user, statement, "id")
    assert '<div class="fw-semibold">Omzet 100%</div>' in indonesian
    assert '<div class="fw-semibold">Setiap tambahan 10% omzet</div>' in indonesian
    assert "Revenue 100%" not in indonesian
    english = _page(world.andi.user, statement, "en")
    assert '<div class="fw-semibold">Revenue 100%</div>' in english
    assert "Omzet 100%" not in english
    run = _page(world.hr, "/incentives/runs/2026-06/", "id")
    assert "<td>Kunjungan per hari <span" in run and "Visits per day" not in run
    run = _page(world.hr, "/incentives/runs/2026-06/", "en")
    assert "<td>Visits per day <span" in run and "Kunjungan per hari" not in run


@pytest.mark.django_db
def test_a_label_in_one_language_shows_in_both(world):
    document = labelled({"en": "Revenue 100%"})
    _andi_june_under(document, world)
    indonesian = _page(world.andi.user, "/incentives/statements/A1/2026-06/", "id")
    assert '<div class="fw-semibold">Revenue 100%</div>' in indonesian


@pytest.mark.django_db
def test_the_amounts_do_not_depend_on_the_labels(world):
    # Andi's month under the demo's bilingual GT plan: 2.000.000 + 500.000 + 400.000 + 500.000.
    _andi_june_under(bilingual(GT_PLAN), world)
    from incentives.models import PayoutStatement

    statement = PayoutStatement.objects.get(salesman=world.andi)
    assert sum(line.amount for line in statement.run.lines.filter(salesman=world.andi)) == (
        3_400_000
    )


@pytest.mark.django_db
def test_the_plan_list_and_page_show_the_name_and_labels_in_the_readers_language(world):
    seed_plans()
    plans = _page(world.manager_a, reverse("incentives:plans"), "en")
    assert "GT salesman incentive" in plans and "Insentif Salesman GT" not in plans
    plans = _page(world.manager_a, reverse("incentives:plans"), "id")
    assert "Insentif Salesman GT" in plans and "GT salesman incentive" not in plans
    url = reverse("incentives:plan", kwargs={"code": "GT-SALESMAN"})
    page = _page(world.manager_a, url, "id")
    assert "<td>Outlet baru</td>" in page and "Insentif Salesman GT" in page
    page = _page(world.manager_a, url, "en")
    assert "<td>New outlets</td>" in page and "GT salesman incentive" in page


@pytest.mark.django_db
def test_the_home_panel_names_the_next_tier_in_the_readers_language(world):
    _andi_june_under(bilingual(GT_PLAN), world)
    from incentives.dashboard import next_tiers, projection
    from kpi.models import Scorecard

    card = Scorecard.objects.get(salesman=world.andi, month=JUNE)
    rows = {row.kpi_code: row for row in card.rows.all()}
    plan = engine.parse_plan(bilingual(GT_PLAN))
    facts = engine.Facts(month=JUNE)
    with translation.override("id"):
        labels = {tier.rule: tier.label for tier in next_tiers(plan, facts, rows, card.total)}
    assert labels["rev-step"] == "Setiap tambahan 10% omzet"
    with translation.override("en"):
        labels = {tier.rule: tier.label for tier in next_tiers(plan, facts, rows, card.total)}
    assert labels["rev-step"] == "Each further 10% of revenue"
    assert projection(world.andi, JUNE)["next_tiers"]


# ---------------------------------------------------------------------------------------------
# The editor


@pytest.mark.django_db
def test_the_editor_shows_and_saves_both_languages(world):
    seed_plans()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.manager_a)
    url = reverse("incentives:rule-edit", kwargs={"code": "GT-SALESMAN", "rule_code": "visits"})
    page = client.get(url).content.decode()
    assert 'name="rule-label" value="Kunjungan per hari"' in page
    assert 'name="rule-label_en" value="Visits per day"' in page
    data = {
        "rule-code": "visits",
        "rule-label": "Kunjungan harian",
        "rule-label_en": "Daily visits",
        "rule-kpi": "visits_per_day",
        "rule-basis": "actual",
        "tiers-TOTAL_FORMS": "1",
        "tiers-INITIAL_FORMS": "1",
        "tiers-0-from_": "18",
        "tiers-0-amount": "500000",
    }
    assert client.post(url, data).status_code == 302
    assert export_plan(code="GT-SALESMAN")["rules"][3]["label"] == {
        "id": "Kunjungan harian",
        "en": "Daily visits",
    }
    # Without an English text the label is written plainly again.
    assert client.post(url, {**data, "rule-label_en": ""}).status_code == 302
    assert export_plan(code="GT-SALESMAN")["rules"][3]["label"] == "Kunjungan harian"


@pytest.mark.django_db
def test_the_plan_header_edits_the_name_in_both_languages(world):
    seed_plans()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.manager_a)
    url = reverse("incentives:plan-edit", kwargs={"code": "GT-SALESMAN"})
    form = client.get(url).context["form"]
    assert (form.initial["name"], form.initial["name_en"]) == (
        "Insentif Salesman GT",
        "GT salesman incentive",
    )
    data = {
        "name": "Insentif GT",
        "name_en": "GT incentive",
        "role": "salesman",
        "channel": "GT",
        "valid_from": "2026-01-01",
        "status": "active",
    }
    assert client.post(url, data).status_code == 302
    assert export_plan(code="GT-SALESMAN")["name"] == {"id": "Insentif GT", "en": "GT incentive"}


# ---------------------------------------------------------------------------------------------
# The demo


@pytest.mark.django_db
def test_the_demo_plans_give_every_name_and_label_in_both_languages():
    seed_plans()
    for code in ("GT-SALESMAN", "MT-SALESMAN"):
        document = export_plan(code=code)
        assert set(document["name"]) == {"id", "en"}
        for rule in document["rules"]:
            assert set(rule["label"]) == {"id", "en"}, rule["code"]
            assert rule["label"]["id"] != rule["label"]["en"]
    # The English side is the contract's example (docs/contracts.md), word for word.
    gt = export_plan(code="GT-SALESMAN")
    assert [rule["label"]["en"] for rule in gt["rules"]] == [
        rule["label"] for rule in json.loads(dumps(GT_PLAN))["rules"]
    ]
