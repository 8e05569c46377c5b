"""The close's fast row writer (COPY on PostgreSQL, executemany on SQLite) stores awkward text,
NULLs, exact Decimals and JSON exactly as the ORM would."""

from decimal import Decimal as D

import pytest

from incentives.models import PayoutLine, PayoutRun
from incentives.payouts.services import LINE_COLUMNS
from spm.bulk import insert_rows
from tests.incentives.payout_factories import JUNE

pytestmark = pytest.mark.django_db

AWKWARD = [  # each fits the narrowest text column (20 characters)
    "",
    " leading, trailing ",
    'a "quoted", comma',
    "two\nlines",
    "cr\rand\r\nwindows",
    "\\N",
    "back\\slash\ttab",
    "Rp 1.000 — naïve ✓",
]


def test_awkward_rows_round_trip(world):
    run = PayoutRun.objects.create(month=JUNE)
    rows = [
        (
            run.pk,
            world.andi.pk,
            position,
            text,
            f"rule-{position}",
            text,
            "tiers",
            text,
            text,
            None if position % 2 else D("1E+2"),
            text,
            D("1.2500"),
            D(-1_234_567_890_123) if position == 3 else D(0),
            text,
            text,
            text,
            {"text": text, "amount": "12.50", "list": [1, None, True], "nested": {"k": text}},
            None,
            None if position % 2 else 3,
        )
        for position, text in enumerate(AWKWARD)
    ]
    insert_rows(PayoutLine, LINE_COLUMNS, rows)

    stored = list(run.lines.order_by("position"))
    assert len(stored) == len(AWKWARD)
    for line, text in zip(stored, AWKWARD, strict=True):
        assert (line.plan_code, line.label, line.basis, line.kpi) == (text, text, text, text)
        assert (line.reached, line.reward, line.explanation, line.status) == (text,) * 4
        assert line.value == (None if line.position % 2 else D(100))
        assert line.multiplier == D("1.2500")
        assert line.amount == (D(-1_234_567_890_123) if line.position == 3 else 0)
        assert line.detail == {
            "text": text,
            "amount": "12.50",
            "list": [1, None, True],
            "nested": {"k": text},
        }
        assert line.adjustment_id is None
        assert line.plan_version == (None if line.position % 2 else 3)
