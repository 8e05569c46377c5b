"""Check-ins move a manual key result and its objective; bad input answers 400 naming the field."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from okr import services
from okr.models import KeyResultKind
from org.models import Period
from tests.okr.factories import KeyResultFactory

D = Decimal


def test_latest_check_in_sets_the_value_and_moves_the_objective(okr, world):
    kr = okr.krs["PA"]
    second = KeyResultFactory(
        objective=okr.pa, start_value=D(10), target_value=D(5), direction="lower", weight=D(3)
    )
    andi = world.andi.user
    services.record_check_in(
        key_result=kr, by=andi, date=date(2026, 2, 1), value=D(20), confidence=6
    )
    kr.refresh_from_db()
    assert kr.current_value == D(20)
    okr.pa.refresh_from_db()
    # (0.2 × 1 + 0 × 3) / 4 = 0.05
    assert okr.pa.display_score == D("0.05")

    services.record_check_in(
        key_result=second, by=andi, date=date(2026, 3, 1), value=D(7), confidence=8, note="Bagus"
    )
    # (0.2 × 1 + 0.6 × 3) / 4 = 0.5
    assert okr.pa.display_score == D("0.50")

    # a check-in dated earlier than the latest does not replace its value
    services.record_check_in(
        key_result=kr, by=andi, date=date(2026, 1, 15), value=D(90), confidence=6
    )
    kr.refresh_from_db()
    assert kr.current_value == D(20)
    services.record_check_in(
        key_result=kr, by=andi, date=date(2026, 4, 1), value=D(80), confidence=9
    )
    kr.refresh_from_db()
    assert kr.current_value == D(80)
    # (0.8 × 1 + 0.6 × 3) / 4 = 0.65
    assert okr.pa.display_score == D("0.65")
    assert list(kr.check_ins.values_list("value", flat=True)) == [D(80), D(20), D(90)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": date(2025, 12, 31)}, "date"),
        ({"date": date(2026, 7, 1)}, "date"),
        ({"confidence": 0}, "confidence"),
        ({"confidence": 11}, "confidence"),
        ({"value": None}, "value"),
    ],
)
def test_service_refuses_bad_check_ins(okr, world, changes, field):
    data = {"date": date(2026, 3, 1), "value": D(5), "confidence": 5} | changes
    with pytest.raises(ValidationError) as error:
        services.record_check_in(key_result=okr.krs["PA"], by=world.andi.user, **data)
    assert field in error.value.message_dict
    assert not okr.krs["PA"].check_ins.exists()


def test_check_in_in_a_locked_month_is_refused(okr, world):
    Period.objects.create(month=date(2026, 3, 1), locked_at="2026-04-05T10:00:00+07:00")
    with pytest.raises(ValidationError) as error:
        services.record_check_in(
            key_result=okr.krs["PA"],
            by=world.andi.user,
            date=date(2026, 3, 10),
            value=D(5),
            confidence=5,
        )
    assert "date" in error.value.message_dict


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"date": "2026-07-01", "value": "5", "confidence": 5}, "date"),
        ({"date": "not a date", "value": "5", "confidence": 5}, "date"),
        ({"date": "2026-03-01", "value": "abc", "confidence": 5}, "value"),
        ({"date": "2026-03-01", "confidence": 5}, "value"),
        ({"date": "2026-03-01", "value": "5", "confidence": 11}, "confidence"),
        ({"date": "2026-03-01", "value": "5", "confidence": 0}, "confidence"),
        ({"date": "2026-03-01", "value": "5"}, "confidence"),
    ],
)
def test_api_answers_400_naming_the_field(okr, world, payload, field):
    api = APIClient()
    api.force_authenticate(world.andi.user)
    response = api.post(
        f"/api/v1/okr/key-results/{okr.krs['PA'].pk}/check-ins/", payload, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_api_check_in_returns_the_new_scores(okr, world):
    api = APIClient()
    api.force_authenticate(world.supervisor_a)
    response = api.post(
        f"/api/v1/okr/key-results/{okr.krs['TA'].pk}/check-ins/",
        {"date": "2026-03-01", "value": "35", "confidence": 7, "note": "Bagus"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["check_in"]["by"] == "supervisor_a"
    assert body["key_result"]["current_value"] == "35.0000"
    assert body["key_result"]["score"] == "0.35"
    assert body["objective_score"] == "0.35"
    assert body["objective_band"] == "off_track"
    detail = api.get("/api/v1/okr/objectives/TA/").json()
    assert detail["score"] == "0.35"
    assert detail["key_results"][0]["check_ins"][0]["note"] == "Bagus"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"date": "2026-07-01", "value": "5", "confidence": "5"}, "date"),
        ({"date": "2026-03-01", "value": "lima", "confidence": "5"}, "value"),
        ({"date": "2026-03-01", "value": "5", "confidence": "12"}, "confidence"),
    ],
)
def test_check_in_form_answers_400_naming_the_field(client, okr, world, payload, field):
    client.force_login(world.andi.user)
    response = client.post(f"/okr/key-results/{okr.krs['PA'].pk}/check-in/", payload)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not okr.krs["PA"].check_ins.exists()


def test_check_in_form_records_and_redirects(client, okr, world):
    client.force_login(world.supervisor_a)
    # an Indonesian page: 62,5 (62.5 is refused here and offered back as 62,5)
    response = client.post(
        f"/okr/key-results/{okr.krs['PB'].pk}/check-in/",
        {"date": "2026-05-02", "value": "62,5", "confidence": "8", "note": "Naik"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/okr/objectives/PB/"
    check_in = okr.krs["PB"].check_ins.get()
    assert (check_in.value, check_in.confidence, check_in.by) == (D("62.5"), 8, world.supervisor_a)
    page = client.get("/okr/objectives/PB/")
    assert page.context["objective"].display_score == D("0.63")  # 0.625 half up
    assert "Naik" in page.content.decode()


def test_metric_check_in_records_the_metric_value_not_a_typed_one(okr, world):
    kr = okr.krs["TA"]
    kr.kind = KeyResultKind.METRIC
    kr.metric = "new_outlets"
    kr.current_value = D(30)
    kr.save()
    check_in = services.record_check_in(
        key_result=kr, by=world.supervisor_a, date=date(2026, 3, 1), value=D(99), confidence=4
    )
    assert check_in.value == D(30)
    kr.refresh_from_db()
    assert kr.current_value == D(30)
