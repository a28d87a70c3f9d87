import pytest
from playwright.sync_api import expect

from pcitrack.monitoring.models import Observation
from tests.e2e.test_plan_pages import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page):
    menu = page.locator("header summary", has_text="Danh mục")
    if menu.is_visible():  # a phone: the button is in the folded menu
        menu.click()
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_whole_cycle_in_the_browser(page, live_server, world, password_for):
    passwords = {name: password_for(world.users[name]) for name in ("staff", "head", "monitor")}
    world.period()
    base = live_server.url

    # Unit staff start the report and write a draft.
    log_in(page, base, "staff_a", passwords["staff"])
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.get_by_role("button", name="Bắt đầu báo cáo").first.click()
    expect(page.locator("h1")).to_contain_text("Báo cáo của Phòng Nội chính — Quý I/2024")
    page.locator("select[name$=_status]").first.select_option("in_progress")
    page.locator("textarea[name$=_narrative]").first.fill("Đã công khai 1.200 thủ tục hành chính.")
    page.locator("tr", has_text="Hướng dẫn thủ tục").locator("input[name$=_value]").fill("82,5")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    report_url = page.url
    log_out(page)

    # The head submits.
    log_in(page, base, "head_a", passwords["head"])
    page.goto(report_url)
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_role("button", name="Xác nhận và nộp").click()
    expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()
    log_out(page)

    # The monitor returns it with a reason.
    log_in(page, base, "monitor", passwords["monitor"])
    page.goto(report_url)
    page.fill("textarea[name=reason]", "Cần bổ sung minh chứng cho nhiệm vụ III.3.")
    page.get_by_role("button", name="Trả lại đơn vị").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho đơn vị.")).to_be_visible()
    log_out(page)

    # The staff see the reason and correct the report.
    log_in(page, base, "staff_a", passwords["staff"])
    page.goto(report_url)
    expect(page.locator("#return-reason")).to_contain_text("Cần bổ sung minh chứng cho nhiệm vụ III.3.")
    page.locator("textarea[name$=_narrative]").first.fill("Đã công khai 1.200 thủ tục; biên bản kiểm tra kèm theo.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    log_out(page)

    # The head resubmits, the monitor approves.
    log_in(page, base, "head_a", passwords["head"])
    page.goto(report_url)
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_role("button", name="Xác nhận và nộp").click()
    expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()
    log_out(page)
    log_in(page, base, "monitor", passwords["monitor"])
    page.goto(report_url)
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("bị trả lại")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "report.png"), full_page=True)

    # The approved value is on the indicator page, from a unit report.
    page.goto(f"{base}/plans/{world.plan.pk}/indicators/2/")
    expect(page.locator("#observations")).to_contain_text("82,5\u00a0%")
    expect(page.locator("#observations")).to_contain_text("báo cáo của đơn vị")
    assert Observation.objects.get(source="unit_report").unit == world.unit_a
