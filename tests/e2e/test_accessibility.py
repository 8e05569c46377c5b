"""In real headless Chromium: axe-core (axe-playwright-python) finds no serious or critical
violation on any page of the three journeys, on the demo data (seed_demo, seeded for today); the
navbar shows a keyboard focus ring; the payout run page fits a 360 px phone.

The pages' months and codes follow the demo's calendar (org.demo.demo_calendar, okr/demo.py):
seeded on 2026-12-03 they are Andi's worked month 2026-06, the cycle Q2-2026, the company
objective REVENUE-GROWTH-2026Q2 and Andi's semester objective ANDI-OUTLETS-2026H1; seeded in
2027-01 … 2027-06, 2026-12, Q4-2026, REVENUE-GROWTH-2026Q4 and ANDI-OUTLETS-2026H2."""

import io
import re

import pytest

from okr import demo as okr_demo
from okr.models import KeyResult
from org.demo import DemoCalendar, demo_calendar
from spm.months import format_month
from tests.conftest import login

PASSWORD = "kinerja-demo"
BLOCKING = {"serious", "critical"}

MANAGER_PAGES = [
    "/",
    "/kpi/kras/",
    "/kpi/kpis/",
    "/kpi/templates/",
    "/kpi/templates/GT-SALESMAN/",
    "/kpi/templates/import/",
    "/kpi/targets/?month={worked}",
    "/kpi/targets/breakdown/?month={worked}",
    "/kpi/scorecards/?month={worked}",
    "/incentives/plans/",
    "/incentives/plans/GT-SALESMAN/",
    "/incentives/plans/GT-SALESMAN/rules/rev-full/edit/",
    "/incentives/plans/simulate/",
    "/okr/",
    "/okr/cycles/{worked_quarter}/",
    "/okr/objectives/{company_objective}/",
    "/teams/",
    "/outlets/teams/",
    "/incentives/runs/{worked}/",
    "/incentives/runs/{worked}/review/",
    "/incentives/disputes/",
    "/kpi/overview/",
    "/kpi/overview/?month={worked}",
]

SALESMAN_PAGES = [
    "/",
    "/incentives/my-month/",
    "/kpi/scorecards/me/",
    "/incentives/statements/andi/",
    "/incentives/statements/andi/{worked}/",
    "/outlets/metrics/",
    "/okr/",
    "/okr/objectives/{andi_semester_objective}/",
]

HR_PAGES = [
    "/",
    "/incentives/runs/",
    "/incentives/runs/{worked}/",
    "/incentives/runs/{worked}/review/",
    "/incentives/disputes/?status=all",
    "/incentives/accruals/",
    "/audit/",
]


def demo_names(calendar: DemoCalendar) -> dict[str, str]:
    """What the pages' URLs name in the demo of `calendar`: Andi's worked month (its run closed),
    the quarter cycle that ends with it, that quarter's company objective, Andi's part of the
    semester objective."""
    worked_quarter = okr_demo.quarter_start(calendar.worked_month)
    return {
        "worked": format_month(calendar.worked_month),
        "worked_quarter": okr_demo.demo_cycles(calendar)[1][0],
        "company_objective": (
            f"REVENUE-GROWTH-{worked_quarter.year}Q{okr_demo.quarter_number(worked_quarter)}"
        ),
        "andi_semester_objective": f"ANDI-OUTLETS-{okr_demo.semester_tag(calendar)}",
    }


def demo_urls(urls: list[str], calendar: DemoCalendar) -> list[str]:
    names = demo_names(calendar)
    return [url.format(**names) for url in urls]


@pytest.fixture
def demo(transactional_db) -> DemoCalendar:
    """The demo seeded for today (the day its calendar was taken, also around midnight); its
    calendar."""
    from django.core.management import call_command

    calendar = demo_calendar()
    call_command("seed_demo", "--today", calendar.today.isoformat(), stdout=io.StringIO())
    return calendar


@pytest.fixture
def small_phone_page(browser, live_server):
    """The salesman's journey on the smallest phone we support: 360 x 800."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 360, "height": 800}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations of the page as it is now: `rule: target`."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {', '.join(map(str, node['target']))}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def report(found: dict[str, list[str]]) -> str:
    """The violations page by page, for the failure message."""
    return "\n".join(
        f"{url}: {len(violations)}\n  " + "\n  ".join(violations)
        for url, violations in found.items()
    )


def check_pages(page, urls) -> dict[str, list[str]]:
    """Every URL answers 200 and is checked; the pages with violations, each with its list."""
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        violations = blocking_violations(page)
        if violations:
            found[url] = violations
    return found


@pytest.mark.e2e
def test_manager_journey_has_no_serious_violations(demo, page):
    login(page, "maya", PASSWORD)
    found = check_pages(page, demo_urls(MANAGER_PAGES, demo))

    # The tier rule form again with a tier row added by static/js/tier_rows.js.
    rule_editor = "/incentives/plans/GT-SALESMAN/rules/rev-full/edit/"
    page.goto(rule_editor)
    rows = page.locator("#tier-rows > *")
    before = rows.count()
    page.click("#add-tier")
    assert rows.count() == before + 1
    if violations := blocking_violations(page):
        found[rule_editor + " (a tier added)"] = violations

    # A navbar menu opened.
    page.goto("/")
    page.click("#nav-group-incentives")
    page.wait_for_selector("#nav-group-incentives + .dropdown-menu.show")
    if violations := blocking_violations(page):
        found["/ (incentives menu open)"] = violations

    # The check-in page of a key result of the company objective.
    key_result = KeyResult.objects.filter(
        objective__code=demo_names(demo)["company_objective"], kind="manual"
    ).first()
    found.update(check_pages(page, [f"/okr/key-results/{key_result.pk}/check-in/"]))
    assert found == {}, report(found)


@pytest.mark.e2e
def test_salesman_journey_on_a_360px_phone_has_no_serious_violations(demo, small_phone_page):
    login(small_phone_page, "andi", PASSWORD)
    found = check_pages(small_phone_page, demo_urls(SALESMAN_PAGES, demo))

    # The navbar, folded behind its button on a phone, opened.
    small_phone_page.goto("/")
    small_phone_page.click(".navbar-toggler")
    small_phone_page.wait_for_selector("#mainnav.show")
    if violations := blocking_violations(small_phone_page):
        found["/ (menu open)"] = violations
    assert found == {}, report(found)


@pytest.mark.e2e
def test_hr_journey_has_no_serious_violations(demo, page):
    login(page, "hana", PASSWORD)
    found = check_pages(page, demo_urls(HR_PAGES, demo))
    # The export buttons of the run page hand over the files payroll reads.
    worked = format_month(demo.worked_month)
    page.goto(f"/incentives/runs/{worked}/")
    with page.expect_download() as download_info:
        page.click("#export-csv")
    assert download_info.value.suggested_filename == f"payouts-{worked}.csv"
    assert found == {}, report(found)


@pytest.mark.e2e
def test_login_page_has_no_serious_violations(demo, page):
    found = check_pages(page, ["/accounts/login/"])
    assert found == {}, report(found)


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of a computed CSS colour `rgb(r, g, b)` (or rgba, opaque)."""
    channels = [int(part) / 255 for part in re.findall(r"[\d.]+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted([_luminance(first), _luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.e2e
def test_navbar_contrast_and_focus_ring(demo, page):
    """The navbar's links and the signed-in name read at 4.5:1 or more (axe's color-contrast),
    and each navbar link reached with the keyboard shows a solid ring of at least 2 px that stands
    out from the navbar's background at 3:1 or more (WCAG 1.4.11)."""
    from axe_playwright_python.sync_playwright import Axe

    login(page, "maya", PASSWORD)
    page.goto("/")
    checked = Axe().run(page, context="nav", options={"runOnly": ["color-contrast"]})
    assert checked.response["violations"] == []
    assert checked.response["passes"]  # the navbar's text was measured, not skipped

    background = page.eval_on_selector("nav.navbar", "e => getComputedStyle(e).backgroundColor")
    page.locator("body").focus()
    reached = []
    for _ in range(3):  # the brand, then the first two groups of links
        page.keyboard.press("Tab")
        element_id, classes, style, width, color = page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.id, e.className, s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
        )
        reached.append(element_id or classes)
        assert style == "solid", (element_id, classes, style)
        assert float(width.removesuffix("px")) >= 2
        assert contrast(color, background) >= 3
    assert reached == ["navbar-brand fw-semibold", "nav-group-org", "nav-group-outlets"]


@pytest.mark.e2e
@pytest.mark.parametrize("username", ["hana", "maya"])
def test_run_page_fits_a_360px_phone(demo, small_phone_page, username):
    """The run page (the demo's draft run, last month) with an adjustment whose reason holds a
    long code: its tables scroll inside their box and long words wrap, the page itself is no
    wider than the phone."""
    from incentives.models import PayoutRun
    from incentives.payouts.services import add_adjustment
    from org.models import Salesman, User

    draft = demo.draft_month
    run_page = f"/incentives/runs/{draft:%Y-%m}/"
    add_adjustment(
        run=PayoutRun.objects.get(month=draft),
        salesman=Salesman.objects.get(code="andi"),
        amount=250000,
        reason="Koreksi kunjungan: GPS-IMPORT-2026-05-BATCH-000123456789-JAKARTA-TIMUR terlambat",
        by=User.objects.get(username="maya"),
    )
    login(small_phone_page, username, PASSWORD)
    small_phone_page.goto(run_page)
    assert small_phone_page.locator("#adjustments").count() == 1
    assert small_phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    # At this width the tables scroll inside their boxes, which take the keyboard focus.
    found = check_pages(small_phone_page, [run_page])
    assert found == {}, report(found)
