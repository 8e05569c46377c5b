"""The overview's Pareto of a month: every order line of the month when the scope is everyone
(no test of the salesman), cached under the month's data stamp until an import changes it,
warmed after a close, and left to a task, the page saying so, for a scope too large to
compute inline."""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError as BrokerError

from incentives.tasks import close_period_task
from kpi.overview import Filters, build_overview, cached_paretos, everyone_scope
from kpi.tasks import warm_overview_pareto
from org.models import Salesman
from outlets.imports import import_file
from outlets.models import Outlet
from outlets.pareto import pareto
from tests.outlets.factories import OrderLineFactory, OutletFactory, ProductFactory

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)
JUNE_END = date(2026, 6, 30)


@pytest.fixture
def lines(world):
    """June: Dewi's outlet 500, Andi's 300, Budi's 200 (one SKU); a July line outside."""
    product = ProductFactory(sku="P1")
    for person, code, amount in ((world.dewi, "OD", 500), (world.andi, "OA", 300)):
        outlet = OutletFactory(code=code, salesman=person)
        OrderLineFactory(salesman=person, outlet=outlet, product=product, amount=amount)
    outlet = OutletFactory(code="OB", salesman=world.budi)
    OrderLineFactory(salesman=world.budi, outlet=outlet, product=product, amount=200)
    OrderLineFactory(salesman=world.budi, outlet=outlet, amount=900, date=date(2026, 7, 1))
    return world


def test_everyone_reads_every_line_of_the_month_with_no_test_of_the_salesman(lines):
    with CaptureQueriesContext(connection) as queries:
        result = pareto(everyone=True, start=JUNE, end=JUNE_END)
    [query] = queries.captured_queries
    assert "salesman_id" not in query["sql"]
    # 500 + 300 + 200 = 1,000: Dewi's outlet 50%, then Andi's: 80% with 2 of 3 (66.67%)
    assert (result.items, result.total) == (3, D(1000))
    assert (result.items_at_80, result.item_share_at_80) == (2, D("66.67"))
    assert [(i.code, i.share) for i in result.top] == [
        ("OD", D("50.00")),
        ("OA", D("30.00")),
        ("OB", D("20.00")),
    ]
    same = pareto(salesmen=Salesman.objects.all(), start=JUNE, end=JUNE_END)
    assert (same.items, same.total, same.top) == (result.items, result.total, result.top)
    with pytest.raises(TypeError):
        pareto(start=JUNE, end=JUNE_END)
    with pytest.raises(TypeError):
        pareto(salesmen=Salesman.objects.all(), everyone=True, start=JUNE, end=JUNE_END)


URL = "/kpi/overview/"


def outlets_total(user, **filters) -> D:
    return build_overview(user, Filters(month=JUNE, **filters)).pareto_outlets.total


def test_a_months_pareto_is_cached_until_an_import_changes_the_month(
    lines, tmp_path, django_capture_on_commit_callbacks
):
    cache.clear()
    assert outlets_total(lines.hr) == D(1000)
    assert outlets_total(lines.manager_a) == D(500)  # Andi 300 + Budi 200
    # a line written behind the stamps' back (a test factory) is not seen: the value is cached
    OrderLineFactory(salesman=lines.budi, outlet=Outlet.objects.get(code="OB"), amount=100)
    assert outlets_total(lines.hr) == D(1000)
    # an import of a June line stamps June: 1,000 + 100 + Andi's 1,000 imported
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_no,date,salesman,outlet,sku,quantity,amount\nSO9,2026-06-05,A1,OA,P1,1,1000\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="orders", path=path).ok
    assert outlets_total(lines.hr) == D(2100)
    assert outlets_total(lines.manager_a) == D(1600)
    assert outlets_total(lines.hr, team=lines.team_b.pk) == D(500)


@pytest.fixture
def queued(monkeypatch):
    """The warming tasks queued, not run (a worker would run them later)."""
    calls = []
    monkeypatch.setattr(
        warm_overview_pareto, "apply_async", lambda args, kwargs: calls.append((args, kwargs))
    )
    return calls


def test_a_large_scope_is_left_to_a_task_and_the_page_says_so(client, lines, monkeypatch, queued):
    """Above PARETO_INLINE_MAX people (2 here) a Pareto not cached yet is queued once and the
    page says it is on its way; once the task has run, the page shows it. A smaller scope is
    computed inline."""
    monkeypatch.setattr("kpi.overview.PARETO_INLINE_MAX", 2)
    cache.clear()
    client.force_login(lines.hr)
    for _visit in range(2):
        page = client.get(URL, {"month": "2026-06"}).content.decode()
        assert 'id="pareto-pending"' in page and "will appear when you reload" in page
        assert 'id="pareto-chart"' not in page and 'id="pareto-outlets"' not in page
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    page = client.get(URL, {"month": "2026-06"}).content.decode()
    assert "Pareto untuk orang sebanyak ini sedang dihitung" in page
    del client.defaults["HTTP_ACCEPT_LANGUAGE"]
    [(args, kwargs)] = queued  # once, not at each visit
    assert (args, kwargs["user_id"], kwargs["team"], kwargs["channel"]) == (
        ["2026-06"],
        lines.hr.pk,
        None,
        None,
    )
    assert warm_overview_pareto(*args, **kwargs) is True
    assert warm_overview_pareto(*args, **kwargs) is False  # cached: left alone
    page = client.get(URL, {"month": "2026-06"}).content.decode()
    assert 'id="pareto-pending"' not in page and 'id="pareto-outlets"' in page
    assert "80% of the revenue comes from 2 of 3 outlets (66.7% of them)." in page
    # team A (2 people) is computed inline
    page = client.get(URL, {"month": "2026-06", "team": lines.team_a.pk}).content.decode()
    assert 'id="pareto-outlets"' in page and len(queued) == 1


def test_with_celery_eager_the_page_shows_a_large_scopes_pareto_at_once(client, lines, monkeypatch):
    """`make run`: the task runs in the request."""
    monkeypatch.setattr("kpi.overview.PARETO_INLINE_MAX", 1)
    cache.clear()
    client.force_login(lines.manager_a)
    page = client.get(URL, {"month": "2026-06"}).content.decode()
    assert 'id="pareto-pending"' not in page
    assert "80% of the revenue comes from 2 of 2 outlets (100.0% of them)." in page


def test_an_unreachable_broker_leaves_the_page_saying_so_and_the_next_visit_tries_again(
    client, lines, monkeypatch
):
    tries = []

    def unreachable(args, kwargs):
        tries.append(args)
        raise BrokerError("no broker")

    monkeypatch.setattr(warm_overview_pareto, "apply_async", unreachable)
    monkeypatch.setattr("kpi.overview.PARETO_INLINE_MAX", 1)
    cache.clear()
    client.force_login(lines.hr)
    for _visit in range(2):
        assert 'id="pareto-pending"' in client.get(URL, {"month": "2026-06"}).content.decode()
    assert len(tries) == 2


def test_the_close_warms_the_pareto_of_everyone(
    client, lines, monkeypatch, django_capture_on_commit_callbacks
):
    """After the close (its service stubbed here: tests/incentives test it) the task queues the
    month's Pareto of everyone; HR's overview then reads it from the cache."""
    monkeypatch.setattr(
        "incentives.payouts.services.close_period", lambda month: SimpleNamespace(pk=7)
    )
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert close_period_task("2026-06") == 7
    outlets, products = cached_paretos(everyone_scope(JUNE))
    assert (outlets.items, outlets.total, products.items, products.total) == (3, 1000, 1, 1000)
    client.force_login(lines.hr)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL, {"month": "2026-06"}).content.decode()
    assert not any("per_item" in query["sql"] for query in queries.captured_queries)
    assert "80% of the revenue comes from 2 of 3 outlets (66.7% of them)." in page
