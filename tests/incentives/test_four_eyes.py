"""Approve and lock a finance team can trust (issue 14): four eyes (whoever approved statements
of a run may not lock it), an explicit confirmation on the pages and in the API, and the review
page before approving (totals by team and channel, month-over-month changes, outliers, people
without a scorecard), with hand-checked values.

June (from `andi_june`): Andi and Budi (team A, GT, manager_a) from the GT plan, Dewi (team B,
MT, manager_b) through HR's adjustment of Rp 300.000.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from incentives.models import PayoutLine, PayoutRun, PayoutStatement, RunStatus
from incentives.payouts import review as review_module
from incentives.payouts.review import change_percent, review_run
from incentives.payouts.services import (
    FourEyesRefused,
    add_adjustment,
    approve_run,
    close_period,
    lock_run,
)
from kpi.models import Scorecard
from org.periods import is_month_locked
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(world):
    andi_june(world)
    run = close_period(month=JUNE)
    add_adjustment(run=run, salesman=world.dewi, amount=300_000, reason="Promo", by=world.hr)
    return run


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def api_for(user):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


# --- four eyes ----------------------------------------------------------------------------


def test_whoever_approved_statements_may_not_lock_the_run(world, june):
    approve_run(run=june, by=world.manager_a)
    run = approve_run(run=june, by=world.admin)  # Dewi's: the admin approves anyone's
    assert run.status == RunStatus.APPROVED
    with pytest.raises(FourEyesRefused, match="another person .* must lock it"):
        lock_run(run=run, by=world.admin)
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    assert not is_month_locked(JUNE)
    run = lock_run(run=run, by=world.hr)
    assert (run.status, run.approved_by, run.locked_by) == (
        RunStatus.LOCKED,
        world.admin,
        world.hr,
    )


def test_an_admin_who_approved_nothing_may_lock(world, june):
    approve_run(run=june, by=world.manager_a)
    run = approve_run(run=june, by=world.manager_b)
    assert lock_run(run=run, by=world.admin).locked_by == world.admin


def test_four_eyes_refusal_is_a_permission_error_that_names_the_rule(world, june):
    run = approve_run(run=june, by=world.admin)
    with pytest.raises(PermissionDenied, match="four eyes"):
        lock_run(run=run, by=world.admin)


def test_the_run_page_says_four_eyes_instead_of_offering_the_lock(world, june):
    approve_run(run=june, by=world.admin)
    admin = client_for(world.admin)
    html = admin.get("/incentives/runs/2026-06/").content.decode()
    assert 'id="four-eyes"' in html and 'id="lock-run"' not in html
    response = admin.post("/incentives/runs/2026-06/lock/", {"confirm": "yes"}, follow=True)
    assert "so you cannot lock it too" in response.content.decode()
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    html = client_for(world.hr).get("/incentives/runs/2026-06/review/").content.decode()
    assert 'id="lock-run"' in html
    # The lock's confirmation names the month, the headcount and the total.
    assert "Lock June 2026 for payroll: 3 people, Rp 3,700,000 in total." in html


def test_the_api_refuses_the_approver_as_locker_with_403(world, june):
    approve_run(run=june, by=world.admin)
    response = api_for(world.admin).post(
        "/api/v1/payout-runs/2026-06/lock/", {"confirm": True}, format="json"
    )
    assert response.status_code == 403
    assert "four eyes" in response.json()["detail"]
    response = api_for(world.hr).post(
        "/api/v1/payout-runs/2026-06/lock/", {"confirm": True}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["approved_by"], response.json()["locked_by"]) == ("admin", "hr")


# --- confirmation -------------------------------------------------------------------------


def test_the_api_approve_needs_a_confirmation_naming_the_field(world, june):
    api = api_for(world.manager_a)
    response = api.post("/api/v1/payout-runs/2026-06/approve/", {}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["confirm"]
    response = api.post("/api/v1/payout-runs/2026-06/approve/", {"confirm": "2026-05"})
    assert response.status_code == 400
    assert response.json()["confirm"] == ["This confirms 2026-05, not the run of 2026-06."]
    assert not PayoutStatement.objects.filter(approved_at__isnull=False).exists()
    response = api.post("/api/v1/payout-runs/2026-06/approve/", {"confirm": "2026-06"})
    assert response.status_code == 200
    assert response.json()["approved_people"] == 2


def test_the_api_lock_needs_a_confirmation_naming_the_field(world, june):
    approve_run(run=june, by=world.manager_a)
    approve_run(run=june, by=world.manager_b)
    api = api_for(world.hr)
    response = api.post("/api/v1/payout-runs/2026-06/lock/", {}, format="json")
    assert response.status_code == 400
    assert "confirm" in response.json()
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    response = api.post("/api/v1/payout-runs/2026-06/lock/", {"confirm": True}, format="json")
    assert response.status_code == 200
    assert PayoutRun.objects.get().status == RunStatus.LOCKED


def test_who_may_not_act_hears_403_before_any_confirmation(world, june):
    response = api_for(world.hr).post("/api/v1/payout-runs/2026-06/approve/", {}, format="json")
    assert response.status_code == 403


def test_the_review_page_confirmation_names_month_people_and_total(world, june):
    client = client_for(world.manager_a)
    html = client.get("/incentives/runs/2026-06/review/").content.decode()
    assert "I have reviewed the payout of June 2026: 2 people, Rp 3,400,000 in total." in html
    assert 'name="confirm" value="yes" id="approve-confirm" required' in html
    response = client.post("/incentives/runs/2026-06/approve/", follow=True)
    assert "Tick the confirmation box" in response.content.decode()
    assert not PayoutStatement.objects.filter(approved_at__isnull=False).exists()
    client.post("/incentives/runs/2026-06/approve/", {"confirm": "yes"})
    assert PayoutStatement.objects.filter(approved_by=world.manager_a).count() == 2


def test_the_page_lock_without_confirmation_returns_to_the_review(world, june):
    approve_run(run=june, by=world.manager_a)
    approve_run(run=june, by=world.manager_b)
    response = client_for(world.hr).post(
        "/incentives/runs/2026-06/lock/", {"back": "review"}, follow=True
    )
    assert response.request["PATH_INFO"] == "/incentives/runs/2026-06/review/"
    assert PayoutRun.objects.get().status == RunStatus.APPROVED


# --- the review ---------------------------------------------------------------------------

MONTHS = [date(2026, m, 1) for m in range(1, 6)]  # January to May 2026
ANDI_HISTORY = [1_000_000, 1_200_000, 900_000, 1_100_000, 1_000_000]  # median 1.000.000
BUDI_HISTORY = [3_000_000] * 5


def _stored_run(month, amounts, *, cap=None):
    """A past run stored as it was paid: one statement and one line per person."""
    run = PayoutRun.objects.create(month=month, status=RunStatus.LOCKED, computed_at=timezone.now())
    for salesman, amount in amounts.items():
        PayoutStatement.objects.create(
            run=run, salesman=salesman, team_name=salesman.team.name, channel=salesman.channel
        )
        PayoutLine.objects.create(
            run=run, salesman=salesman, rule_code="rev", label="Revenue", type="step", amount=amount
        )
    return run


@pytest.fixture
def history(world):
    for month, andi, budi in zip(MONTHS, ANDI_HISTORY, BUDI_HISTORY, strict=True):
        _stored_run(month, {world.andi: andi, world.budi: budi})
    june = PayoutRun.objects.create(month=JUNE, computed_at=timezone.now())
    for person in (world.andi, world.budi, world.dewi):
        PayoutStatement.objects.create(
            run=june, salesman=person, team_name=person.team.name, channel=person.channel
        )
    lines = [
        (world.andi, "step", 2_500_000),  # more than twice his median of 1.000.000
        (world.budi, "step", 3_000_000),
        (world.budi, "cap", -200_000),  # the plan cap cut him to 2.800.000
        (world.dewi, "adjustment", 300_000),
    ]
    for position, (person, kind, amount) in enumerate(lines):
        PayoutLine.objects.create(
            run=june,
            salesman=person,
            position=position,
            rule_code=kind,
            label=kind,
            type=kind,
            amount=amount,
        )
    Scorecard.objects.create(
        salesman=world.andi,
        month=JUNE,
        template_code="GT",
        template_name="GT",
        rounding="row",
        total=Decimal("101.00"),
        computed_at=timezone.now(),
    )
    return june


def test_review_changes_outliers_and_groups_by_hand(world, history):
    review = review_run(run=history, user=world.hr)
    changes = list(review.changes)
    assert [(p.code, p.total, p.previous, p.change) for p in changes] == [
        ("A1", 2_500_000, 1_000_000, 1_500_000),  # |1.5M| first
        ("A2", 2_800_000, 3_000_000, -200_000),  # then |−0.2M|: 3.0M less the 0.2M cap
        ("B1", 300_000, None, None),  # new this month: last
    ]
    assert change_percent(changes[0].total, changes[0].previous) == 150
    assert change_percent(changes[2].total, changes[2].previous) is None
    outliers = {p.code: p for p in review.outliers}
    andi, budi = outliers["A1"], outliers["A2"]
    assert (andi.total, andi.median, andi.months_of_history) == (2_500_000, 1_000_000, 5)
    assert (andi.above_median, andi.at_cap) == (True, False)
    assert (budi.total, budi.median) == (2_800_000, 3_000_000)
    assert (budi.above_median, budi.at_cap) == (False, True)  # 2.8M is not above 6M
    assert [p.code for p in review.outliers] == ["A2", "A1"]  # the larger total first
    assert review.outlier_count == 2  # Dewi: no history, no cap
    assert (review.headcount, review.total, review.previous_total) == (3, 5_600_000, 4_000_000)
    assert [(g.key, g.people, g.total, g.previous) for g in review.by_team] == [
        ("Team A", 2, 5_300_000, 4_000_000),
        ("Team B", 1, 300_000, 0),
    ]
    assert [(g.key, g.total) for g in review.by_channel] == [("GT", 5_300_000), ("MT", 300_000)]
    assert [(m.code, m.in_run) for m in review.no_scorecard] == [("A2", True), ("B1", True)]
    assert review.no_scorecard_count == 2


def test_the_outliers_and_the_people_without_a_scorecard_are_counted_beyond_those_shown(
    world, history, monkeypatch
):
    monkeypatch.setattr(review_module, "OUTLIERS_SHOWN", 1)
    monkeypatch.setattr(review_module, "NO_SCORECARD_SHOWN", 1)
    review = review_run(run=history, user=world.hr)
    assert [p.code for p in review.outliers] == ["A2"]  # the largest total
    assert (review.outlier_count, review.outliers_not_shown) == (2, 1)
    assert [m.code for m in review.no_scorecard] == ["A2"]
    assert (review.no_scorecard_count, review.no_scorecard_not_shown) == (2, 1)
    html = client_for(world.hr).get("/incentives/runs/2026-06/review/").content.decode()
    assert '<div class="fs-4" id="review-outlier-count">2</div>' in html
    assert "2 without a scorecard" in html
    assert html.count("and 1 more") == 2


def test_a_person_with_a_zero_median_or_no_total_is_no_outlier(world, history):
    # Dewi's history is one month of nothing: a median of zero says nothing, though 300.000 is
    # "above twice" it.
    _stored_run(date(2025, 12, 1), {world.dewi: 0})
    review = review_run(run=history, user=world.hr)
    assert [p.code for p in review.outliers] == ["A2", "A1"]
    # Andi with nothing this month (his line gone) is no outlier either.
    PayoutLine.objects.filter(run=history, salesman=world.andi).delete()
    assert [p.code for p in review_run(run=history, user=world.hr).outliers] == ["A2"]


def test_review_counts_the_months_open_disputes(world, history):
    from incentives.disputes.services import raise_dispute

    raise_dispute(salesman=world.dewi, month=JUNE, message="?", by=world.dewi.user)
    assert review_run(run=history, user=world.hr).open_disputes == 1
    assert review_run(run=history, user=world.manager_a).open_disputes == 0  # not his people
    html = client_for(world.hr).get("/incentives/runs/2026-06/review/").content.decode()
    assert "1 dispute on this month is still open." in html


def test_review_of_a_manager_covers_his_people_only(world, history):
    review = review_run(run=history, user=world.manager_b)
    assert [(p.code, p.total) for p in review.changes] == [("B1", 300_000)]
    assert [g.key for g in review.by_team] == ["Team B"]
    assert (review.headcount, review.outlier_count, review.no_scorecard_count) == (1, 0, 1)


def test_after_a_transfer_the_new_manager_sees_no_month_before_it(world, history):
    from org.assignments import transfer

    # Budi moves from Team A to Team B on 1 June: manager B sees his June, not his May (Budi was
    # in Team A then), nor the six months his median comes from; manager A no longer sees June.
    transfer(world.budi, effective_from=JUNE, by=world.hr, team=world.team_b)
    review = review_run(run=history, user=world.manager_b)
    assert [(p.code, p.total, p.previous) for p in review.changes] == [
        ("A2", 2_800_000, None),
        ("B1", 300_000, None),
    ]
    assert review.previous_total == 0
    assert [(p.code, p.median, p.at_cap) for p in review.outliers] == [("A2", None, True)]
    review_a = review_run(run=history, user=world.manager_a)
    assert [(p.code, p.previous) for p in review_a.changes] == [("A1", 1_000_000)]
    # HR sees everything, as before.
    hr = {p.code: p.previous for p in review_run(run=history, user=world.hr).changes}
    assert hr == {"A1": 1_000_000, "A2": 3_000_000, "B1": None}


def _andi_outlier(review):
    return next(p for p in review.outliers if p.code == "A1")


def test_the_median_uses_only_the_six_months_before(world, history):
    # A huge December 2025 is seven months before June: outside the window, so no effect.
    _stored_run(date(2025, 12, 1), {world.andi: 90_000_000})
    andi = _andi_outlier(review_run(run=history, user=world.hr))
    # December–May: [90M, 1.0M, 1.2M, 0.9M, 1.1M, 1.0M] → median (1.0M + 1.1M) / 2
    assert andi.months_of_history == 6
    assert andi.median == 1_050_000
    _stored_run(date(2025, 11, 1), {world.andi: 90_000_000})
    andi = _andi_outlier(review_run(run=history, user=world.hr))
    assert (andi.months_of_history, andi.median) == (6, 1_050_000)


def test_an_odd_number_of_months_takes_the_middle_one(world, history):
    # A second line of 1.3M in March: Andi's March is 0.9M + 1.3M = 2.2M. His months
    # [1.0, 1.2, 2.2, 1.1, 1.0] sorted [1.0, 1.0, 1.1, 1.2, 2.2]: the middle is 1.1M, and 2.5M
    # is above twice that.
    march = PayoutRun.objects.get(month=date(2026, 3, 1))
    PayoutLine.objects.create(
        run=march, salesman=world.andi, rule_code="x", label="x", type="step", amount=1_300_000
    )
    andi = _andi_outlier(review_run(run=history, user=world.hr))
    assert (andi.months_of_history, andi.median, andi.above_median) == (5, 1_100_000, True)
    # At 2.2M or less he is no outlier (2.2M is not above twice 1.1M).
    PayoutLine.objects.filter(run=history, salesman=world.andi).update(amount=2_200_000)
    assert "A1" not in [p.code for p in review_run(run=history, user=world.hr).outliers]


def test_the_review_page_shows_the_values(world, history):
    response = client_for(world.hr).get("/incentives/runs/2026-06/review/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="fs-4" id="review-headcount">3</div>' in html
    assert "Rp 5,600,000" in html and "Rp 4,000,000" in html
    assert "above twice the median" in html and "at the plan cap" in html
    assert "+Rp 1,500,000" in html and "+150.0" in html
    table = response.context["table"]
    assert [row.record.code for row in table.rows] == ["A1", "A2", "B1"]
    assert '<td class="num">+150.0</td>' in html
    by_percent = client_for(world.hr).get("/incentives/runs/2026-06/review/?sort=-change_percent")
    # +150 %, then −6.7 % (−0.2M of 3.0M), then none (Dewi) last.
    assert [r.record.code for r in by_percent.context["table"].rows] == ["A1", "A2", "B1"]
    by_previous = client_for(world.hr).get("/incentives/runs/2026-06/review/?sort=previous")
    assert [r.record.code for r in by_previous.context["table"].rows] == ["B1", "A1", "A2"]
    by_total = client_for(world.hr).get("/incentives/runs/2026-06/review/?sort=-total")
    assert [r.record.code for r in by_total.context["table"].rows] == ["A2", "A1", "B1"]
    by_team = client_for(world.hr).get("/incentives/runs/2026-06/review/?sort=-team")
    assert [r.record.code for r in by_team.context["table"].rows] == ["B1", "A1", "A2"]
    unknown = client_for(world.hr).get("/incentives/runs/2026-06/review/?sort=1;drop table x")
    assert unknown.status_code == 200
    assert [r.record.code for r in unknown.context["table"].rows] == ["A1", "A2", "B1"]
    paged = client_for(world.hr).get("/incentives/runs/2026-06/review/?per_page=2&page=2")
    assert [r.record.code for r in paged.context["table"].page.object_list] == ["B1"]
    sorted_table = client_for(world.hr).get("/incentives/runs/2026-06/review/?sort=change")
    # Ascending: no change known (Dewi, new this month) first, then −200.000, then +1.500.000.
    assert [r.record.code for r in sorted_table.context["table"].rows] == ["B1", "A2", "A1"]
    outsider = client_for(world.andi.user).get("/incentives/runs/2026-06/review/")
    assert outsider.status_code == 404


def test_the_review_pages_and_sorts_its_teams(world, history):
    """The teams are a table of their own, paged (a national sales force has thousands) and
    sortable: Team A 4.0M → 5.3M (+1.3M), Team B 0 → 0.3M (+0.3M)."""
    client = client_for(world.hr)
    html = client.get("/incentives/runs/2026-06/review/").content.decode()
    assert 'data-team="Team A"' in html and "+Rp 1,300,000" in html
    teams = client.get("/incentives/runs/2026-06/review/?team-sort=change").context["teams"]
    assert [(r.record.key, r.get_cell("change")) for r in teams.rows] == [
        ("Team B", "+Rp 300,000"),
        ("Team A", "+Rp 1,300,000"),
    ]
    paged = client.get("/incentives/runs/2026-06/review/?team-per_page=1&team-page=2")
    assert [r.record.key for r in paged.context["teams"].page.object_list] == ["Team B"]
    # The people's table keeps its own order and page beside it.
    assert [r.record.code for r in paged.context["table"].rows] == ["A1", "A2", "B1"]


def test_the_review_runs_a_fixed_number_of_queries(world, history, django_assert_max_num_queries):
    from tests.factories import SalesmanFactory, UserFactory

    for i in range(40):
        person = SalesmanFactory(code=f"Z{i:02d}", team=world.team_b, user=UserFactory())
        PayoutStatement.objects.create(run=history, salesman=person, team_name="Team B")
        PayoutLine.objects.create(
            run=history, salesman=person, rule_code="x", label="x", type="step", amount=1000
        )
    with django_assert_max_num_queries(11):
        review = review_run(run=history, user=world.hr)
        assert review.headcount == 43


def test_the_review_api_gives_the_same_figures(world, history):
    data = api_for(world.hr).get("/api/v1/payout-runs/2026-06/review/").json()
    assert (data["people"], data["total"], data["previous_total"]) == (3, "5600000", "4000000")
    assert [(o["salesman"], o["above_median"], o["at_cap"]) for o in data["outliers"]] == [
        ("A2", False, True),
        ("A1", True, False),
    ]
    assert data["changes"][0] == {
        "salesman": "A1",
        "name": "Andi",
        "team": "Team A",
        "channel": "GT",
        "previous": "1000000",
        "total": "2500000",
        "change": "1500000",
    }
    assert [m["salesman"] for m in data["no_scorecard"]] == ["A2", "B1"]
    assert (data["outlier_count"], data["no_scorecard_count"]) == (2, 2)
    assert [c["salesman"] for c in data["changes"]] == ["A1", "A2", "B1"]
    assert (data["next"], data["previous"]) == (None, None)
    # The people a page at a time; the totals are everyone's on every page.
    client = api_for(world.hr)
    first = client.get("/api/v1/payout-runs/2026-06/review/?page_size=2").json()
    assert [c["salesman"] for c in first["changes"]] == ["A1", "A2"]
    assert first["next"].endswith("/api/v1/payout-runs/2026-06/review/?page=2&page_size=2")
    second = client.get(first["next"]).json()
    assert [c["salesman"] for c in second["changes"]] == ["B1"]
    assert (second["people"], second["total"], second["next"]) == (3, "5600000", None)
    assert second["changes"][0]["previous"] is None and second["changes"][0]["change"] is None
    assert client.get("/api/v1/payout-runs/2026-06/review/?page=9").status_code == 404
    assert api_for(world.manager_b).get("/api/v1/payout-runs/2026-06/review/").json()["people"] == 1
    assert api_for(world.andi.user).get("/api/v1/payout-runs/2026-06/review/").status_code == 404
