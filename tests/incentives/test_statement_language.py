"""What a line reached and the column headers, said in the reader's language (id and en)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from incentives import rules
from incentives.models import PayoutLine
from incentives.run_selectors import reached_text
from incentives.services import close_period
from tests.incentives.payout_factories import JUNE, andi_june

RATE_PLAN = {
    "code": "RATE",
    "name": "Commission",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "rules": [
        {
            "code": mode,
            "label": mode,
            "type": "rate",
            "kpi": "revenue",
            "basis": "actual",
            "mode": mode,
            "tiers": [{"from": 0, "rate": 0.5}, {"from": 500000000, "rate": 1.0}],
        }
        for mode in ("retroactive", "marginal")
    ],
}


def stored(line: rules.Line) -> PayoutLine:
    """The line as close_period stores it (detail as JSON: Decimals become strings)."""
    data = line.as_dict()
    return PayoutLine(
        type=data["type"],
        reached=data["reached"],
        detail=data["detail"],
        value=line.value,
        amount=line.amount,
    )


@pytest.fixture
def rate_lines():
    facts = rules.Facts(month=JUNE, kpis={"revenue": rules.KpiFact(actual=Decimal(550_000_000))})
    statement = rules.evaluate(rules.parse_plan(RATE_PLAN), facts)
    return {line.rule: stored(line) for line in statement.lines}


def test_rate_bands_are_said_in_indonesian(rate_lines):
    # DESIGN.md example: 550 jt → retroactive 1.0% of the whole, marginal 0.5% of 500 jt + 1%
    # of 50 jt.
    assert rate_lines["retroactive"].amount == 5_500_000
    assert rate_lines["marginal"].amount == 3_000_000
    with translation.override("id"):
        assert reached_text(rate_lines["retroactive"]) == "1% (dari 500.000.000)"
        assert reached_text(rate_lines["marginal"]) == "0,5% atas 500.000.000, 1% atas 50.000.000"


def test_rate_bands_in_english(rate_lines):
    # Numbers keep the app's one notation (spm.money.format_decimal), the words change.
    with translation.override("en"):
        assert reached_text(rate_lines["retroactive"]) == "1% (from 500.000.000)"
        assert reached_text(rate_lines["marginal"]) == "0,5% on 500.000.000, 1% on 50.000.000"


@pytest.mark.django_db
def test_indonesian_statement_has_no_english_fragments(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.andi.user)
    html = client.get("/incentives/statements/A1/2026-06/").content.decode()
    lines = html.split('id="statement-lines"')[1].split("</ul>")[0]
    html = " ".join(re.sub(r"<[^>]+>", " ", lines).split())  # the text a reader sees
    assert "tercapai dari 100" in html
    assert "tercapai 1 kelipatan" in html
    assert "pengali × 1,00" in html
    for english in ("from 100", "1 step", "reached", "multiplier"):
        assert english not in html


@pytest.mark.django_db
def test_run_page_headers_name_value_and_amount_apart(world):
    andi_june(world)
    close_period(month=JUNE)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.hr)
    html = client.get("/incentives/runs/2026-06/").content.decode()
    head = html.split('<table class="table table-sm align-middle" id="run-lines">')[1]
    head = head.split("</thead>")[0]
    assert '<th scope="col" class="num">Nilai</th>' in head
    assert '<th scope="col" class="num">Jumlah</th>' in head
    assert '<th scope="col" class="num">Pengali</th>' in head
    assert "Tercapai" in head and "Aturan" in head
