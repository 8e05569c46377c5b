"""People over time (docs/contracts.md "People over time"): dated assignments, joiners and
leavers, transfers and what follows them (the run's people, rankings, team metrics, who sees
what), the salesmen import's new columns."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from org import assignments
from org.models import Assignment, AuditEntry, Period, Salesman
from outlets.imports import import_file

SEPT = date(2026, 9, 1)


def lock(month):
    Period.objects.update_or_create(month=month, defaults={"locked_at": timezone.now()})


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    return path


def errors_of(report):
    return [(e.row, e.column, e.value, e.reason) for e in report.errors]


# --- the service --------------------------------------------------------------------------------


def test_a_person_without_history_stands_on_his_current_fields(world):
    assert assignments.team_on(world.andi.pk, date(2020, 1, 1)) == world.team_a.pk
    standing = assignments.assignment_in_force(world.andi.pk, SEPT)
    assert (standing.team_id, standing.role, standing.channel) == (
        world.team_a.pk,
        "salesman",
        "GT",
    )


def test_transfer_ends_the_old_stretch_the_day_before_and_starts_the_new_one(world):
    stretch = assignments.transfer(
        world.andi, effective_from=date(2026, 9, 16), by=world.admin, team=world.team_b
    )
    assert stretch.changed
    rows = list(Assignment.objects.filter(salesman=world.andi).order_by("id"))
    assert [(a.start, a.end, a.team_id) for a in rows] == [
        (None, date(2026, 9, 15), world.team_a.pk),
        (date(2026, 9, 16), None, world.team_b.pk),
    ]
    assert assignments.team_on(world.andi.pk, date(2026, 9, 15)) == world.team_a.pk
    assert assignments.team_on(world.andi.pk, date(2026, 9, 16)) == world.team_b.pk
    # the current fields follow (the day is in the past)
    world.andi.refresh_from_db()
    assert world.andi.team == world.team_b
    entry = AuditEntry.objects.get(action="salesman.transferred")
    assert entry.after["team_id"] == world.team_b.pk and entry.before["team_id"] == world.team_a.pk
    # the same transfer again changes nothing
    again = assignments.transfer(
        world.andi, effective_from=date(2026, 9, 16), by=world.admin, team=world.team_b
    )
    assert not again.changed
    assert Assignment.objects.filter(salesman=world.andi).count() == 2


def test_a_transfer_dated_in_the_future_becomes_current_on_its_day(world):
    future = timezone.localdate() + timezone.timedelta(days=10)
    assignments.transfer(world.andi, effective_from=future, by=world.admin, team=world.team_b)
    world.andi.refresh_from_db()
    assert world.andi.team == world.team_a
    assert assignments.apply_due_assignments(day=future) == 1
    world.andi.refresh_from_db()
    assert world.andi.team == world.team_b


def test_transfer_in_a_locked_month_is_refused_naming_effective_from(world):
    lock(date(2026, 8, 1))
    with pytest.raises(ValidationError) as refused:
        assignments.transfer(
            world.andi, effective_from=date(2026, 8, 20), by=world.admin, team=world.team_b
        )
    assert "effective_from" in refused.value.message_dict
    assert "2026-08-20" in refused.value.message_dict["effective_from"][0]
    assert "locked" in refused.value.message_dict["effective_from"][0]
    assert not Assignment.objects.filter(salesman=world.andi).exists()
    world.andi.refresh_from_db()
    assert world.andi.team == world.team_a


def test_transfer_without_a_day_applies_from_the_first_open_month(world):
    lock(date(2026, 8, 1))
    assignments.transfer(world.andi, effective_from=None, by=world.admin, team=world.team_b)
    assert assignments.team_on(world.andi.pk, date(2026, 8, 31)) == world.team_a.pk
    assert assignments.team_on(world.andi.pk, SEPT) == world.team_b.pk


def test_left_on_before_joined_on_is_refused_naming_left_on(world):
    with pytest.raises(ValidationError) as refused:
        assignments.set_employment(
            world.andi, joined_on=date(2026, 9, 16), left_on=date(2026, 9, 1), by=world.admin
        )
    assert list(refused.value.message_dict) == ["left_on"]
    world.andi.refresh_from_db()
    assert world.andi.joined_on is None and world.andi.left_on is None


def test_active_days_of_joiners_and_leavers(world):
    andi = world.andi
    assert assignments.active_days(andi, SEPT) == (SEPT, date(2026, 9, 30))
    andi.joined_on = date(2026, 9, 16)
    assert assignments.active_days(andi, SEPT) == (date(2026, 9, 16), date(2026, 9, 30))
    assert assignments.active_days(andi, date(2026, 8, 1)) is None
    andi.joined_on, andi.left_on = None, date(2026, 9, 10)
    andi.active = False
    assert assignments.active_days(andi, SEPT) == (SEPT, date(2026, 9, 10))
    assert assignments.active_days(andi, date(2026, 10, 1)) is None
    andi.left_on = None  # inactive with no date: in no month, as before dates existed
    assert assignments.active_days(andi, SEPT) is None


def test_month_standings_use_the_team_on_the_last_active_day(world):
    assignments.transfer(
        world.andi, effective_from=date(2026, 9, 16), by=world.admin, team=world.team_b
    )
    world.budi.left_on = date(2026, 9, 10)
    world.budi.active = False
    world.budi.save()
    standings = assignments.month_standings(SEPT)
    assert standings[world.andi.pk].team_id == world.team_b.pk
    assert len(standings[world.andi.pk].stretches) == 2
    assert standings[world.budi.pk].last_day == date(2026, 9, 10)
    assert standings[world.budi.pk].team_id == world.team_a.pk
    august = assignments.month_standings(date(2026, 8, 1))
    assert august[world.andi.pk].team_id == world.team_a.pk
    assert world.budi.pk not in assignments.month_standings(date(2026, 10, 1))


# --- the salesmen import --------------------------------------------------------------------------

HEADER = (
    "code,name,role,channel,team,reports_to,email,active,level,"
    "employee_id,joined_on,left_on,effective_from\n"
)


def test_import_new_columns_and_a_transfer_by_file(world, tmp_path):
    rows = (
        HEADER
        + "A1,Andi,salesman,MT,Team B,,,true,1,EMP-001,2024-02-01,,2026-09-16\n"
        + "N1,Nina,salesman,GT,Team A,,,true,1,EMP-099,2026-09-16,,\n"
    )
    report = import_file(kind="salesmen", path=write(tmp_path, "s.csv", rows))
    assert report.ok, errors_of(report)
    assert (report.created, report.updated) == (1, 1)
    andi = Salesman.objects.get(code="A1")
    assert (andi.employee_id, andi.joined_on) == ("EMP-001", date(2024, 2, 1))
    assert assignments.team_on(andi.pk, date(2026, 9, 15)) == world.team_a.pk
    assert assignments.team_on(andi.pk, date(2026, 9, 16)) == world.team_b.pk
    nina = Salesman.objects.get(code="N1")
    assert nina.joined_on == date(2026, 9, 16) and nina.employee_id == "EMP-099"
    assert Assignment.objects.filter(salesman=nina).count() == 1
    # the same file again changes nothing
    again = import_file(kind="salesmen", path=write(tmp_path, "s.csv", rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_import_refuses_bad_dates_naming_each_row_and_stores_nothing(world, tmp_path):
    lock(date(2026, 8, 1))
    rows = (
        HEADER
        + "A1,Andi,salesman,MT,Team B,,,true,1,,,,2026-08-20\n"
        + "A2,Budi,salesman,GT,Team A,,,true,1,,2026-09-16,2026-09-01,\n"
    )
    report = import_file(kind="salesmen", path=write(tmp_path, "s.csv", rows))
    assert not report.ok
    assert [(row, column) for row, column, _v, _r in errors_of(report)] == [
        (2, "effective_from"),
        (3, "left_on"),
    ]
    assert not Assignment.objects.exists()
    assert Salesman.objects.get(code="A2").joined_on is None


def test_old_salesmen_files_still_import(world, tmp_path):
    rows = (
        "code,name,role,channel,team,reports_to,email,active\nA1,Andi,salesman,GT,Team A,,,true\n"
    )
    assert import_file(kind="salesmen", path=write(tmp_path, "s.csv", rows)).ok
    report = import_file(kind="salesmen", path=write(tmp_path, "s.csv", rows))
    assert report.ok and report.unchanged == 1
    assert not Assignment.objects.filter(salesman__code="A1").exclude(start=None).exists()


# --- who sees what across a transfer --------------------------------------------------------------


@pytest.fixture
def transferred(world):
    """Andi moves from team A to team B on 16 September 2026; he has a scorecard for August,
    September and October and an order on each side of the transfer."""
    from kpi.models import Scorecard
    from outlets.models import OrderLine, Outlet, Product

    assignments.transfer(
        world.andi, effective_from=date(2026, 9, 16), by=world.admin, team=world.team_b
    )
    for month, total in ((date(2026, 8, 1), 81), (SEPT, 92), (date(2026, 10, 1), 103)):
        Scorecard.objects.create(
            salesman=world.andi, month=month, template_code="T", template_name="T",
            rounding="exact", total=total, computed_at=timezone.now(),
        )  # fmt: skip
    outlet = Outlet.objects.create(
        code="O1", name="Warung", channel="GT", type="warung", salesman=world.andi
    )
    product = Product.objects.create(sku="P1", name="Teh", category="Minuman")
    for day in (10, 20):
        OrderLine.objects.create(
            order_no=f"SO{day}", date=date(2026, 9, day), salesman=world.andi, outlet=outlet,
            product=product, quantity=1, amount=1000,
        )  # fmt: skip
    return world


def months_seen(user):
    from kpi.selectors import scorecards_visible_to

    cards = scorecards_visible_to(user).filter(salesman__code="A1")
    return sorted(m.month for m in cards.values_list("month", flat=True))


def test_a_supervisor_sees_the_months_he_shared_with_a_transferred_salesman_not_after(
    transferred,
):
    w = transferred
    assert months_seen(w.supervisor_a) == [8, 9]
    assert months_seen(w.manager_a) == [8, 9]
    assert months_seen(w.supervisor_b) == [9, 10]
    assert months_seen(w.manager_b) == [9, 10]
    assert months_seen(w.andi.user) == [8, 9, 10]
    assert months_seen(w.hr) == [8, 9, 10]
    # outsiders: another salesman, the other team's people
    assert months_seen(w.dewi.user) == []
    assert months_seen(w.budi.user) == []


def test_field_rows_follow_the_team_of_their_day(transferred):
    from outlets.selectors import order_lines_visible_to

    w = transferred

    def orders(user):
        return sorted(order_lines_visible_to(user).values_list("order_no", flat=True))

    assert orders(w.supervisor_a) == ["SO10"]
    assert orders(w.supervisor_b) == ["SO20"]
    assert orders(w.andi.user) == ["SO10", "SO20"]
    assert orders(w.dewi.user) == []


def test_scorecard_pages_across_a_transfer(transferred, client):
    w = transferred
    client.force_login(w.supervisor_a)
    august = client.get("/kpi/scorecards/A1/2026-08/")
    assert august.status_code == 200
    assert client.get("/kpi/scorecards/A1/2026-09/").status_code == 200
    assert client.get("/kpi/scorecards/A1/2026-10/").status_code == 404
    client.force_login(w.supervisor_b)
    assert client.get("/kpi/scorecards/A1/2026-10/").status_code == 200
    page = client.get("/kpi/scorecards/A1/2026-08/")
    assert page.status_code == 200 and page.context["card"] is None
    assert "2026-08" not in page.context["months"]
    client.force_login(w.dewi.user)
    assert client.get("/kpi/scorecards/A1/2026-08/").status_code == 404


def test_the_person_page_shows_the_employee_number_and_the_team_history(world, client):
    world.andi.employee_id = "EMP-001"
    world.andi.save()
    assignments.transfer(
        world.andi, effective_from=date(2026, 9, 16), by=world.admin, team=world.team_b
    )
    client.force_login(world.admin)
    page = client.get("/people/A1/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "EMP-001" in page.content.decode()
    assert [(s.team, s.start) for s in page.context["history"]] == [
        (world.team_a, None),
        (world.team_b, date(2026, 9, 16)),
    ]


def test_changing_the_team_in_the_admin_is_a_transfer_from_the_first_open_month(world, client):
    lock(date(2026, 8, 1))
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    url = f"/admin/org/salesman/{world.andi.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        key: ("" if value is None else value)
        for key, value in form.initial.items()
        if key in form.fields
    }
    data.update(
        team=world.team_b.pk,
        territory=world.andi.territory_id,
        user=world.andi.user_id,
        active="on",
        employee_id="EMP-001",
        **{
            "assignments-TOTAL_FORMS": 0,
            "assignments-INITIAL_FORMS": 0,
        },
    )
    data.pop("joined_on", None)
    data.pop("left_on", None)
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert assignments.team_on(world.andi.pk, date(2026, 8, 31)) == world.team_a.pk
    assert assignments.team_on(world.andi.pk, SEPT) == world.team_b.pk
    world.andi.refresh_from_db()
    assert world.andi.team == world.team_b and world.andi.employee_id == "EMP-001"


def test_the_payout_summary_ends_with_the_employee_number(world):
    from incentives.payouts.export import SUMMARY_COLUMNS

    assert SUMMARY_COLUMNS[-1] == "employee_id"
    assert SUMMARY_COLUMNS[:-1] == [
        "period", "salesman", "name", "team", "channel", "total_score", "amount", "rewards",
    ]  # fmt: skip


def test_the_nightly_task_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["org-apply-due-assignments"]
    assert entry["task"] == "org.tasks.apply_due_assignments_task"


# --- a transfer on the 16th: team revenue by date, the ranking scope ----------------------------


@pytest.fixture
def moved_on_the_16th(world):
    """Team C (GT) with Cici; Andi moves from team A to team C on 16 September 2026. Orders:
    Andi 100,000 on the 10th (team A's) and 300,000 on the 20th (team C's); Budi 250,000 and
    Cici 200,000 on the 12th."""
    from outlets.models import OrderLine, Outlet, Product, Visit
    from tests.factories import SalesmanFactory, TeamFactory, UserFactory

    team_c = TeamFactory(name="Team C", channel="GT")
    cici = SalesmanFactory(code="C1", name="Cici", team=team_c, user=UserFactory(username="cici"))
    assignments.transfer(world.andi, effective_from=date(2026, 9, 16), by=world.admin, team=team_c)
    product = Product.objects.create(sku="P1", name="Teh", category="Minuman")
    for person, day, amount in (
        (world.andi, 10, 100000),
        (world.andi, 20, 300000),
        (world.budi, 12, 250000),
        (cici, 12, 200000),
    ):
        outlet, _new = Outlet.objects.get_or_create(
            code=f"O-{person.code}",
            defaults={"name": "Warung", "channel": "GT", "type": "warung", "salesman": person},
        )
        OrderLine.objects.create(
            order_no=f"SO-{person.code}-{day}", date=date(2026, 9, day), salesman=person,
            outlet=outlet, product=product, quantity=1, amount=amount,
        )  # fmt: skip
    for day in (10, 20):
        Visit.objects.create(
            visit_id=f"V{day}", date=date(2026, 9, day), salesman=world.andi,
            outlet=Outlet.objects.get(code="O-A1"),
        )  # fmt: skip
    world.team_c, world.cici = team_c, cici
    return world


def test_a_transfer_on_the_16th_splits_team_revenue_by_date(moved_on_the_16th):
    from outlets.metrics import compute_month_metrics, metric_values, team_metric_values

    w = moved_on_the_16th
    compute_month_metrics(month=SEPT)
    teams = team_metric_values(month=SEPT)
    # Team A: Andi's 10th (100,000) + Budi (250,000); team C: Andi's 20th (300,000) + Cici.
    assert teams[w.team_a.pk]["revenue"] == Decimal(350000)
    assert teams[w.team_c.pk]["revenue"] == Decimal(500000)
    assert teams[w.team_a.pk]["orders"] == Decimal(2)
    assert teams[w.team_c.pk]["orders"] == Decimal(2)
    # His visits too: one productive call in each team.
    for team in (w.team_a, w.team_c):
        assert (teams[team.pk]["visits"], teams[team.pk]["productive_calls"]) == (1, 1)
    # His own month is whole: 400,000 in 2 orders.
    assert metric_values(month=SEPT)[w.andi.pk]["revenue"] == Decimal(400000)
    # Recomputing only him gives the same team figures.
    compute_month_metrics(month=SEPT, salesman_ids=[w.andi.pk])
    again = team_metric_values(month=SEPT)
    assert again[w.team_a.pk]["revenue"] == Decimal(350000)
    assert again[w.team_c.pk]["revenue"] == Decimal(500000)


def test_a_month_before_a_transfer_counts_for_the_team_of_that_month(world):
    """Andi was in team A all September and is in team B from 1 October: September's team
    figures, computed after the transfer, still count him in team A (not today's team B)."""
    from outlets.metrics import compute_month_metrics, team_metric_values
    from outlets.models import OrderLine, Outlet, Product

    assignments.transfer(
        world.andi, effective_from=date(2026, 10, 1), by=world.admin, team=world.team_b
    )
    world.andi.refresh_from_db()
    product = Product.objects.create(sku="P1", name="Teh", category="Minuman")
    outlet = Outlet.objects.create(
        code="O1", name="Warung", channel="GT", type="warung", salesman=world.andi
    )
    OrderLine.objects.create(
        order_no="SO1", date=date(2026, 9, 10), salesman=world.andi, outlet=outlet,
        product=product, quantity=1, amount=100000,
    )  # fmt: skip
    compute_month_metrics(month=SEPT)
    teams = team_metric_values(month=SEPT)
    assert teams[world.team_a.pk]["revenue"] == Decimal(100000)
    assert teams.get(world.team_b.pk, {}).get("revenue", Decimal(0)) == Decimal(0)


def test_a_transfer_on_the_16th_moves_the_ranking_scope(moved_on_the_16th):
    from incentives import engine
    from incentives.payouts.closing import evaluate_people
    from incentives.plans.documents import validate_plan
    from outlets.metrics import compute_month_metrics

    w = moved_on_the_16th
    compute_month_metrics(month=SEPT)
    document, problems = validate_plan(
        {
            "code": "RANK", "name": "Rank", "applies_to": {"role": "salesman", "channel": "GT"},
            "valid_from": "2026-01-01", "valid_to": None, "gate_total_score": None, "cap": None,
            "level_multipliers": {},
            "rules": [{"code": "top", "label": "Top revenue", "type": "ranking",
                       "metric": "revenue", "window": "month", "scope": "team",
                       "amounts": [300000, 150000]}],
        }
    )  # fmt: skip
    assert not problems
    result, evaluated = evaluate_people(month=SEPT, plans=[engine.parse_plan(document)])
    paid = {line.salesman_id: line.amount for line in result.lines}
    # Team C on his last active day: Andi (400,000) first, Cici (200,000) second; Budi alone
    # in team A is first there.
    assert paid == {w.andi.pk: 300000, w.cici.pk: 150000, w.budi.pk: 300000}
    assert evaluated[(w.andi.pk, "RANK")][0].rankings["top"].field_size == 2
    statement = next(s for s in result.statements if s.salesman.pk == w.andi.pk)
    assert statement.salesman.team_name == "Team C"


def test_a_transfer_file_imported_again_after_its_month_is_locked_changes_nothing(world, tmp_path):
    rows = HEADER + "A1,Andi,salesman,MT,Team B,,,true,1,,,,2026-09-16\n"
    assert import_file(kind="salesmen", path=write(tmp_path, "s.csv", rows)).ok
    lock(SEPT)
    again = import_file(kind="salesmen", path=write(tmp_path, "s.csv", rows))
    assert again.ok, errors_of(again)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    # a change in the locked month is refused
    moved = HEADER + "A1,Andi,salesman,GT,Team A,,,true,1,,,,2026-09-20\n"
    refused = import_file(kind="salesmen", path=write(tmp_path, "s.csv", moved))
    assert [(row, column) for row, column, _v, _r in errors_of(refused)] == [(2, "effective_from")]


def test_supervisor_scorecards_split_a_transferred_salesmans_revenue_by_date(moved_on_the_16th):
    from kpi.models import Scorecard, Target
    from kpi.scorecards import compute_scorecards
    from outlets.metrics import compute_month_metrics
    from tests.factories import SalesmanFactory
    from tests.kpi.factories import KPIFactory, make_template

    w = moved_on_the_16th
    revenue = KPIFactory(code="revenue", source="metric:revenue")
    make_template("SPV", [(revenue, 100)], role="supervisor", channel="")
    spv_a = SalesmanFactory(code="SPA", user=w.supervisor_a, team=w.team_a)
    spv_c = SalesmanFactory(code="SPC", user=w.team_c.supervisor, team=w.team_c)
    for person in (spv_a, spv_c):
        Target.objects.create(month=SEPT, salesman=person, kpi=revenue, value=500000)
    compute_month_metrics(month=SEPT)
    compute_scorecards(month=SEPT, salesman_ids=[spv_a.pk, spv_c.pk])
    actual = {
        card.salesman.code: card.rows.get().actual
        for card in Scorecard.objects.filter(month=SEPT, salesman__in=[spv_a, spv_c])
    }
    # Team A: Budi 250,000 + Andi's 10th 100,000; team C: Cici 200,000 + Andi's 20th 300,000.
    assert actual == {"SPA": Decimal(350000), "SPC": Decimal(500000)}


def test_statements_across_a_transfer_pages_and_api(transferred, client):
    from incentives.models import PayoutLine, PayoutRun, PayoutStatement

    w = transferred
    for month, amount in ((date(2026, 8, 1), 800000), (SEPT, 900000), (date(2026, 10, 1), 1000)):
        run = PayoutRun.objects.create(month=month)
        PayoutStatement.objects.create(run=run, salesman=w.andi, plan_code="GT")
        PayoutLine.objects.create(
            run=run, salesman=w.andi, rule_code="r", label="R", type="tiers", amount=amount
        )
    client.force_login(w.supervisor_a)
    months = client.get("/api/v1/statements/A1/").json()
    assert [m["period"] for m in months] == ["2026-09", "2026-08"]
    assert client.get("/incentives/statements/A1/2026-08/").status_code == 200
    assert client.get("/incentives/statements/A1/2026-10/").status_code == 404
    client.force_login(w.supervisor_b)
    months = client.get("/api/v1/statements/A1/").json()
    assert [m["period"] for m in months] == ["2026-10", "2026-09"]
    assert client.get("/incentives/statements/A1/2026-08/").status_code == 404
    client.force_login(w.dewi.user)
    assert client.get("/api/v1/statements/A1/").status_code == 404
    assert client.get("/incentives/statements/A1/2026-09/").status_code == 404


def test_the_api_shows_the_employee_number_and_dates(world, client):
    world.andi.employee_id, world.andi.joined_on = "EMP-001", date(2026, 9, 16)
    world.andi.save()
    client.force_login(world.supervisor_a)
    body = client.get("/api/v1/salesmen/A1/").json()
    assert (body["employee_id"], body["joined_on"], body["left_on"]) == (
        "EMP-001",
        "2026-09-16",
        None,
    )
