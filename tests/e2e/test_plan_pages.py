import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def log_in(page, base, username, password):
    page.goto(base + "/")
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_monitor_logs_in_and_reads_the_plan_in_vietnamese(page, live_server, world, password_for):
    password = password_for(world.users["monitor"])
    log_in(page, live_server.url, "monitor", password)

    expect(page.locator("#home-plans")).to_be_visible()  # the home page, then the plan from its list
    page.locator("#home-plans").get_by_role("link", name="Triển khai thực hiện Nghị quyết số 02/NQ-CP").click()
    expect(page).to_have_url(re.compile(rf"/plans/{world.plan.pk}/$"))
    expect(page.locator("h1")).to_contain_text("Triển khai thực hiện Nghị quyết số 02/NQ-CP")
    expect(page.get_by_text("chưa có số")).to_be_visible()
    expect(page.get_by_role("cell", name="260/KH-UBND")).to_be_visible()

    page.get_by_role("link", name="Chỉ tiêu", exact=True).first.click()
    row = page.locator("#indicator-12")
    expect(row).to_contain_text("52,61\u00a0điểm")
    expect(row).to_contain_text("Cổng Thông tin điện tử tỉnh")
    expect(page.locator("#indicator-6")).to_contain_text("càng thấp càng tốt")
    expect(page.locator("table.indicators tbody tr")).to_have_count(18)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "indicators.png"), full_page=True)

    # The stylesheet is vendored and served: the page is styled with no network.
    max_width = page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth")
    assert max_width != "none"


def test_unit_staff_sees_their_unit_and_not_another(page, live_server, world, password_for):
    password = password_for(world.users["staff"])
    log_in(page, live_server.url, "staff_a", password)
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    expect(page.get_by_role("link", name="Phòng Nội chính")).to_be_visible()
    expect(page.get_by_text("Phòng Tài chính - Thương mại")).to_have_count(0)
    page.get_by_role("link", name="Phòng Nội chính").click()
    expect(page.get_by_role("heading", name="Chỉ tiêu đơn vị chủ trì")).to_contain_text("(2)")

    response = page.goto(f"{live_server.url}/units/{world.unit_b.pk}/")
    assert response.status == 404


def test_english_on_request(page, live_server, world, password_for):
    password = password_for(world.users["leader"])
    log_in(page, live_server.url, "leader", password)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/")
    page.select_option("select[name=language]", "en")
    expect(page.get_by_role("link", name="Indicators", exact=True).first).to_be_visible()
    page.get_by_role("link", name="Indicators", exact=True).first.click()
    expect(page.locator("#indicator-12")).to_contain_text("52.61\u00a0điểm")
