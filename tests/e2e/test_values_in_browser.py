"""A unit types a value: out of range it is refused beside the field; in range it waits for the monitor, whose
acceptance changes the indicator's status; a range that a recorded value breaks is refused."""

import pytest
from playwright.sync_api import expect

from pcitrack.monitoring.models import Observation
from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Cán bộ tại bộ phận Một cửa am hiểu về chuyên môn (% DN Đồng ý)"  # indicator 3: 70 % by 2025


@pytest.mark.parametrize("width", [1280, 390])
def test_a_unit_s_value_is_checked_then_counts_once_the_monitor_accepts_it(page, live_server, world, password_for,
                                                                           width):  # fmt: skip
    page.set_viewport_size({"width": width, "height": 900})
    url = f"{live_server.url}/plans/{world.plan.pk}/indicators/3/?as_of=2026-03-01"
    log_in(page, live_server.url, "staff_a", password_for(world.users["staff"]))
    page.goto(url)
    page.get_by_text("Nhập giá trị").click()
    form = page.locator("#observation-form")
    form.locator("[name=year]").fill("2025")
    form.locator("[name=source]").select_option("admin")
    form.locator("[name=value]").fill("172")
    form.get_by_role("button", name="Lưu").click()
    expect(form.locator("[name=value]")).to_have_value("172")
    expect(form.locator("small.error")).to_have_text(
        f"Giá trị 172 của chỉ tiêu “{NAME}” nằm ngoài khoảng hợp lệ (từ 0 đến 100)."
    )
    assert not Observation.objects.exists()

    form.locator("[name=value]").fill("72,5")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Giá trị được tính vào tình trạng sau khi bộ phận theo dõi chấp nhận.")).to_be_visible()
    page.goto(url)
    expect(page.locator("#observations .pending")).to_have_text("chờ chấp nhận")
    expect(page.locator("#status-basis")).to_contain_text("Chưa có số liệu năm 2025")

    page.context.clear_cookies()
    log_in(page, live_server.url, "monitor", password_for(world.users["monitor"]))
    page.goto(url)
    expect(page.locator("#pending-note")).to_contain_text("chưa được tính vào tình trạng")
    page.locator("#observations").get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_text("Đã chấp nhận giá trị; từ nay giá trị được tính vào tình trạng.")).to_be_visible()
    page.goto(url)
    expect(page.locator("#observations .pending")).to_have_count(0)
    expect(page.locator("#status-basis")).to_contain_text("72,5\u00a0% so với mục tiêu 70\u00a0%")

    page.get_by_text("Đặt khoảng giá trị hợp lệ").click()
    page.locator("#range-form [name=max_value]").fill("60")
    page.locator("#range-form [name=reason]").fill("theo thang đo")
    page.get_by_role("button", name="Lưu khoảng giá trị").click()
    expect(page.locator("#range-form .error")).to_contain_text("Có 1 giá trị đã nhập nằm ngoài khoảng này")
    expect(page.locator("#range-form [name=max_value]")).to_have_value("60")
    expect(page.locator("#valid-range")).to_have_text("từ 0 đến 100")
