"""The objective page on a phone: the change history as a list (before and after side by side
on wider screens, stacked on a phone), check-ins with who recorded them under the note."""

import re
from datetime import date
from decimal import Decimal

import pytest

from okr import services


@pytest.fixture
def mid_cycle(monkeypatch):
    monkeypatch.setattr("okr.services.today", lambda: date(2026, 3, 15))


def test_change_history_is_a_list_with_before_and_after(client, okr, world, mid_cycle):
    kr = okr.krs["TA"]
    kr.target_value = Decimal(80)
    services.save_key_result(key_result=kr, by=world.manager_a)
    client.force_login(world.andi.user)
    page = client.get("/okr/objectives/TA/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    history = page.split('<ul class="list-group mb-3" id="change-history">')[1].split("</ul>")[0]
    entry = history.split('<li class="list-group-item">')[1]
    text = " ".join(re.sub(r"<[^>]+>", " ", entry).split())
    # the changed field by its name, before → after (was "sebelum target_value: 100" and
    # "sesudah target_value: 80", the recorded keys)
    assert "nilai target: 100 → 80" in text
    assert "target_value" not in text
    assert "<table" not in history  # no wide table to scroll sideways on a phone
