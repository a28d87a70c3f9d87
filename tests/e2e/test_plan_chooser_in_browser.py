import copy

import pytest
from playwright.sync_api import expect

from pcitrack.plans.services import import_plan
from tests.e2e.test_plan_pages import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan_2025(world, seed_parsed):
    parsed = copy.deepcopy(seed_parsed)
    parsed.document.title = parsed.document.title.replace("năm 2024", "năm 2025")
    parsed.document.date_text = "/3/2025"
    return import_plan(parsed, office=world.office, source_name="seed-2025.txt")


@pytest.mark.parametrize("width", [1280, 390])
def test_switch_plans_with_the_chooser_then_archive_one(page, live_server, world, plan_2025, password_for, width):
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    log_in(page, base, "monitor", password_for(world.users["monitor"]))
    page.goto(f"{base}/plans/{world.plan.pk}/tasks/")
    chooser = page.locator("#plan-chooser-select")
    expect(chooser).to_be_visible()
    # The chooser fits the screen, beside nothing that pushes it sideways on a phone.
    for element in (chooser, page.locator("#plan-chooser")):
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width

    # Choosing the 2025 plan opens its task list (the form sends itself, no button needed).
    chooser.select_option(str(plan_2025.pk))
    expect(page).to_have_url(f"{base}/plans/{plan_2025.pk}/tasks/")
    expect(page.locator("h1")).to_have_text(plan_2025.title)
    expect(page.locator("#plan-chooser-select")).to_have_value(str(plan_2025.pk))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"plan-chooser-{width}.png"), full_page=False)

    # And back to the 2024 plan, on the same tab.
    page.locator("#plan-chooser-select").select_option(str(world.plan.pk))
    expect(page).to_have_url(f"{base}/plans/{world.plan.pk}/tasks/")
    expect(page.locator("h1")).to_have_text(world.plan.title)

    # The monitor archives the 2024 plan, with a reason, after a confirmation step.
    page.goto(f"{base}/plans/{world.plan.pk}/")
    page.locator("#archive").get_by_role("button", name="Lưu trữ kế hoạch").click()
    page.fill("#archive-reason", "Kế hoạch năm 2024 đã kết thúc.")
    page.locator("#archive-form").get_by_role("button", name="Lưu trữ kế hoạch").click()
    expect(page.locator("#archived-banner")).to_contain_text("Kế hoạch đã lưu trữ ngày")
    expect(page.locator("#archived-banner")).to_contain_text("chỉ xem")
    # It has left the chooser: only the 2025 plan is offered.
    options = page.locator("#plan-chooser-select option[value]:not([value=''])")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", str(plan_2025.pk))
    page.screenshot(path=str(SHOTS / f"plan-archived-{width}.png"), full_page=False)
    page.locator("#plan-chooser-select").select_option(str(plan_2025.pk))
    expect(page).to_have_url(f"{base}/plans/{plan_2025.pk}/")
    expect(page.locator("#plan-chooser")).to_have_count(0)  # nothing left to choose from

    # The list of plans keeps it, folded away.
    page.goto(f"{base}/plans/")
    expect(page.locator("#archived-plans")).to_contain_text(world.plan.title)
