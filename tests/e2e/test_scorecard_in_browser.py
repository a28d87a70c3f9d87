import pytest
from playwright.sync_api import expect

from tests.e2e.test_plan_pages import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_staff_follow_their_indicator_and_enter_a_value(page, live_server, world, password_for):
    world.observation(2, 2013, 37.1)
    world.observation(2, 2016, 78.5)
    password = password_for(world.users["staff"])
    log_in(page, live_server.url, "staff_a", password)
    # As the office saw it in 2018, before the 2025 target year.
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/scorecard/?unit={world.unit_a.pk}&as_of=2018-01-01")
    expect(page.get_by_role("heading", name="Việc của Phòng Nội chính")).to_be_visible()
    row = page.locator("#row-2")
    expect(row).to_contain_text("78,5\u00a0%")
    expect(row.locator(".status")).to_have_text("đúng tiến độ")

    row.get_by_role("link").first.click()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#assessment")).to_contain_text("Từ 37,1\u00a0% năm 2013 đến 78,5\u00a0% năm 2016.")
    page.get_by_text("Nhập giá trị").click()
    page.fill("input[name=year]", "2024")
    page.select_option("select[name=period]", "Q3")
    page.select_option("select[name=source]", "survey")
    page.fill("input[name=value]", "81,2")
    page.fill("input[name=sample_size]", "240")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu giá trị.")).to_be_visible()
    expect(page.locator("#observations")).to_contain_text("Quý III/2024")
    expect(page.locator("#history")).to_contain_text("81,2")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "indicator.png"), full_page=True)
