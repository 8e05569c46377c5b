"""The audit trail in words (org/history.py): sentences instead of action codes, model names
instead of labels, the changed fields only with values in the reader's format, JSON paths of a
plan as its rules and tiers; the /audit/ page paginated with filters in words."""

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from incentives.models import PayoutRun
from org.audit import record
from org.history import Change, action_choices, changes, in_words, model_name

pytestmark = pytest.mark.django_db

PLAN_BEFORE = {
    "status": "draft",
    "document": {
        "code": "GT",
        "rules": [
            {"code": "gate", "label": "Gate", "type": "reward"},
            {"code": "new", "label": "New outlets", "type": "per_unit", "per_unit": "50000"},
            {
                "code": "rev",
                "label": {"id": "Omzet 100%", "en": "Revenue 100%"},
                "type": "tiers",
                "tiers": [{"from": "90", "amount": 1000000}, {"from": "100", "amount": 2000000}],
            },
        ],
    },
}


def plan_after():
    after = {"status": "active", "document": dict(PLAN_BEFORE["document"])}
    rules = [dict(rule) for rule in PLAN_BEFORE["document"]["rules"]]
    rules[2] = {**rules[2], "tiers": [dict(t) for t in rules[2]["tiers"]]}
    rules[2]["tiers"][1]["amount"] = 2500000
    after["document"]["rules"] = rules
    return after


def test_a_plan_change_names_the_rule_and_tier_not_the_json_path():
    with translation.override("en"):
        assert changes("incentives.plan", PLAN_BEFORE, plan_after()) == [
            Change("status", "Draft", "Active"),
            Change("rule «Revenue 100%», tier 2, amount", "Rp 2,000,000", "Rp 2,500,000"),
        ]
    with translation.override("id"):
        assert changes("incentives.plan", PLAN_BEFORE, plan_after()) == [
            Change("status", "Draf", "Aktif"),
            Change("aturan «Omzet 100%», tingkat 2, jumlah", "Rp 2.000.000", "Rp 2.500.000"),
        ]


def test_sentences_and_model_names_in_both_languages():
    with translation.override("en"):
        assert model_name("incentives.payoutrun") == "payout run"
        choices = action_choices()
        assert dict(choices)["payout_run.adjusted"] == "added an adjustment to the payout run …"
        assert choices[:2] == [
            ("dispute.accepted", "accepted the dispute …"),
            ("payout_run.adjusted", "added an adjustment to the payout run …"),
        ]  # by their words
    with translation.override("id"):
        assert model_name("incentives.payoutrun") == "run pembayaran"


def test_an_adjustment_and_a_close_read_in_words(world):
    run = PayoutRun.objects.create(month=date(2026, 6, 1))
    adjusted = record(
        actor=world.manager_a,
        action="payout_run.adjusted",
        obj=run,
        after={"salesman": "A1", "amount": "250000", "reason": "Bonus", "corrects": "2026-05"},
    )
    closed = record(
        actor=None,
        action="payout_run.closed",
        obj=run,
        before={"month": "2026-06", "status": "draft", "lines": 3, "total": "3033431085"},
        after={"month": "2026-06", "status": "approved", "lines": 3, "total": "3033431085"},
    )
    with translation.override("en"):
        words = in_words(adjusted)
        assert words.what == f"added an adjustment to the payout run {run}"
        assert words.changes == [
            Change("salesman", "–", "A1"),
            Change("amount", "–", "Rp 250,000"),
            Change("reason", "–", "Bonus"),
            Change("corrects", "–", "May 2026"),
        ]
        words = in_words(closed)
        assert (words.who, words.changes) == ("system", [Change("status", "Draft", "Approved")])
    with translation.override("id"):
        words = in_words(adjusted)
        assert words.what == f"menambahkan penyesuaian ke run pembayaran {run}"
        assert words.changes[1] == Change("jumlah", "–", "Rp 250.000")
        assert words.changes[3] == Change("mengoreksi", "–", "Mei 2026")


def test_the_audit_page_speaks_words_and_pages(world):
    for n in range(55):
        record(
            actor=world.hr,
            action="target.update",
            obj=world.team_a,
            before={"value": "100.0000", "salesman_id": 1},
            after={"value": str(1000 + n) + ".5", "salesman_id": 1},
        )
    client = Client()
    client.force_login(world.hr)
    client.cookies["django_language"] = "id"
    response = client.get("/audit/")
    page = response.content.decode()
    assert len(list(response.context["table"].paginated_rows)) == 50
    assert "mengubah target Team A" in page
    assert "100 → 1.054,5" in page
    assert "salesman_id" not in page and "target.update" not in page.split("<select")[0]
    assert '<option value="target.update">mengubah target …</option>' in page
    assert '<option value="org.team">tim</option>' in page
    response = client.get("/audit/", {"page": 2})
    assert len(list(response.context["table"].paginated_rows)) == 5


def test_a_target_entry_names_the_month_the_salesman_and_the_kpi_in_words(world):
    from decimal import Decimal

    from kpi.targets import save_targets
    from org.models import AuditEntry
    from tests.kpi.factories import KPIFactory

    revenue = KPIFactory(code="revenue", name_id="Omzet", name_en="Revenue")
    june = date(2026, 6, 1)
    save_targets(month=june, values={(world.andi.id, revenue.id): Decimal(500)}, by=world.hr)
    entry = AuditEntry.objects.get(action="target.create")
    assert entry.object_repr == "2026-06 A1 revenue"  # as stored
    with translation.override("id"):
        assert in_words(entry).what.endswith("Juni 2026 · A1 · Omzet")
    with translation.override("en"):
        assert in_words(entry).what.endswith("June 2026 · A1 · Revenue")
