from pathlib import Path

import pytest
from playwright.sync_api import expect

from pcitrack.plans.models import Plan
from tests.e2e.test_plan_pages import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CAMAU = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "camau_quyet_dinh.txt"


def test_monitor_imports_a_plan_checking_the_preview(page, live_server, world, password_for):
    password = password_for(world.users["monitor"])
    log_in(page, live_server.url, "monitor", password)
    page.goto(live_server.url + "/plans/")
    page.get_by_role("button", name="Nhập kế hoạch").click()
    page.set_input_files("#id_file", str(CAMAU))
    page.get_by_role("button", name="Đọc tệp").click()

    expect(page.get_by_role("heading", name="Kiểm tra trước khi nhập")).to_be_visible()
    expect(page.locator("#warnings")).to_contain_text("Tăng 2-4 bậc")
    expect(page.locator("#units")).to_contain_text("Sở Kế hoạch và Đầu tư")
    assert Plan.objects.filter(office=world.office).count() == 1  # still only the seed plan
    page.select_option("select[name=direction_3]", "up")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "import-preview.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận và nhập").click()

    expect(page.get_by_text("Đã nhập kế hoạch.")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Ban hành Chương trình hành động")
    plan = Plan.objects.get(number="1234/QĐ-UBND")
    assert plan.targets.get(no=3).indicator.direction == "up"


def test_unit_staff_cannot_import(page, live_server, world, password_for):
    password = password_for(world.users["staff"])
    log_in(page, live_server.url, "staff_a", password)
    page.goto(live_server.url + "/plans/")
    expect(page.get_by_text("Nhập kế hoạch")).to_have_count(0)
    assert page.goto(live_server.url + "/plans/import/").status == 403
