import pytest
from playwright.sync_api import expect

from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_csp_violation_is_caught(page, live_server, world, password_for, csp_violations):
    """The check every browser test relies on: something inline that the policy blocks is reported."""
    password = password_for(world.users["leader"])
    log_in(page, live_server.url, "leader", password)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/indicators/13/")
    assert csp_violations == []
    page.evaluate("document.body.setAttribute('style', 'background: red')")
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s)"
    )
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None  # the inline script did not run
    assert any("style-src" in v for v in csp_violations) and any("script-src" in v for v in csp_violations)
    csp_violations.clear()


def test_the_indicator_chart_and_the_language_switch_work_under_the_policy(page, live_server, world, password_for):
    world.observation(13, 2013, 30)
    world.observation(13, 2016, 40)
    password = password_for(world.users["leader"])
    log_in(page, live_server.url, "leader", password)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/indicators/13/")
    line = page.locator("svg.chart path[stroke='#1f5f8b']").first
    assert page.evaluate("(el) => getComputedStyle(el).stroke", line.element_handle()) == "rgb(31, 95, 139)"
    page.select_option("select[name=language]", "en")
    expect(page.get_by_role("link", name="Plans", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
