"""The head submits; the monitor sees it on the bell, opens the list, follows the item to the report, and the count
drops — on a desk screen and on a phone."""

import pytest
from playwright.sync_api import expect

from pcitrack.notifications.models import Notification
from pcitrack.reporting import services
from tests.e2e.test_plan_pages import SHOTS, log_in
from tests.e2e.test_reporting_cycle import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_monitor_follows_the_bell_to_the_submitted_report(page, live_server, world, password_for, width):
    page.set_viewport_size({"width": width, "height": 900})
    passwords = {name: password_for(world.users[name]) for name in ("head", "monitor")}
    report = world.report()
    tasks = {e.task_id: ("in_progress", "Đã công khai 1.200 thủ tục hành chính.") for e in report.task_entries.all()}
    services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks)
    base = live_server.url

    log_in(page, base, "head_a", passwords["head"])
    expect(page.get_by_role("link", name="Thông báo, 0 chưa đọc")).to_be_visible()
    page.goto(f"{base}/reports/{report.pk}/")
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_role("button", name="Xác nhận và nộp").click()
    expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()
    log_out(page)

    log_in(page, base, "monitor", passwords["monitor"])
    bell = page.get_by_role("link", name="Thông báo, 1 chưa đọc")
    expect(bell).to_be_visible()
    expect(bell.locator(".bell-count")).to_have_text("1")
    box = bell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # on screen, not pushed off a phone's edge
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"bell-{width}.png"))
    bell.click()

    expect(page.locator("h1")).to_have_text("Thông báo")
    item = page.locator("#notifications li.unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Báo cáo đang chờ anh/chị xem xét.")
    page.screenshot(path=str(SHOTS / f"notifications-{width}.png"), full_page=True)
    item.get_by_role("button", name="Báo cáo đã nộp: Phòng Nội chính, kỳ Quý I/2024").click()

    expect(page).to_have_url(f"{base}/reports/{report.pk}/")
    expect(page.locator("h1")).to_contain_text("Báo cáo của Phòng Nội chính")
    expect(page.get_by_role("link", name="Thông báo, 0 chưa đọc")).to_be_visible()
    expect(page.locator("#bell .bell-count")).to_have_count(0)
    assert Notification.objects.get(user=world.users["monitor"]).read_at is not None
