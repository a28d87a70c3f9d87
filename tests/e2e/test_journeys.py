"""Each role's journey from its home page, on a desk screen and on a phone: the staff member corrects a returned
report and autosave keeps it, the head checks and submits it, the monitor follows the bell to it and approves it,
the leader reads the overview and the scorecard. What the database holds is checked at each step."""

import re

import pytest
from playwright.sync_api import expect

from pcitrack.notifications.models import Notification
from pcitrack.reporting.models import UnitReport
from tests.e2e.test_home_in_browser import REASON, USERNAMES, cycle  # noqa: F401 (the fixture)
from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
LEAVE = "window.dispatchEvent(new PageTransitionEvent('pagehide'))"  # what the browser sends on leaving


def _start(page, live_server, world, password_for, role, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, USERNAMES[role], password_for(world.users[role]))
    expect(page).to_have_url(live_server.url + "/")
    _fits(page)


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def _go(page, width, name):
    """A link of the header's menu, which folds under "Danh mục" on a phone."""
    if width < 768:
        page.locator("header summary", has_text="Danh mục").click()
    page.locator("header").get_by_role("link", name=name, exact=True).click()


def _returned(world):
    return UnitReport.objects.get(unit=world.unit_a, status=UnitReport.Status.RETURNED)


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_correct_the_returned_report_and_autosave_keeps_it(page, live_server, cycle, password_for, width):  # noqa: F811
    _start(page, live_server, cycle, password_for, "staff", width)
    card = page.locator("#todo-reports li").first
    expect(card).to_contain_text(REASON)
    card.get_by_role("link").click()
    expect(page.locator("#return-reason")).to_contain_text(REASON)
    _fits(page)
    narrative = page.locator("textarea[name$=_narrative]").first
    narrative.fill("Đã bổ sung biên bản kiểm tra niêm yết ngày 12/6/2025.")
    page.evaluate(LEAVE)
    expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu")
    entry = _returned(cycle).task_entries.first()
    assert entry.narrative == "Đã bổ sung biên bản kiểm tra niêm yết ngày 12/6/2025."
    _go(page, width, "Báo cáo của tôi")
    expect(page.locator("h1")).to_have_text("Báo cáo của tôi")
    expect(page.locator(".plan-group-title").first).to_contain_text(cycle.plan.title[:40])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_head_checks_what_is_missing_and_submits(page, live_server, cycle, password_for, width):  # noqa: F811
    report = _returned(cycle)
    _start(page, live_server, cycle, password_for, "head", width)
    page.locator("#todo-submit li").first.get_by_role("button", name="Kiểm tra và nộp").click()
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator("h1")).to_contain_text("Nộp báo cáo")
    _fits(page)
    page.get_by_role("button", name="Xác nhận và nộp").click()
    expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()
    assert UnitReport.objects.get(pk=report.pk).status == UnitReport.Status.SUBMITTED
    page.locator("header a.brand").click()
    expect(page.locator("#todo-submit")).to_have_count(0)
    # The office's monitor is told, in the app.
    assert Notification.objects.filter(user=cycle.users["monitor"], read_at=None).count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_monitor_follows_the_bell_and_approves(page, live_server, cycle, password_for, width):  # noqa: F811
    from pcitrack.reporting import services

    report = _returned(cycle)
    report = services.submit_report(report, user=cycle.users["head"], version=report.version)
    _start(page, live_server, cycle, password_for, "monitor", width)
    expect(page.locator("#todo-queue li")).to_have_count(2)
    page.get_by_role("link", name="Thông báo, 1 chưa đọc").click()
    page.locator("#notifications li.unread").get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/reports/{report.pk}/$"))
    expect(page.get_by_role("link", name="Thông báo, 0 chưa đọc")).to_be_visible()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()
    assert UnitReport.objects.get(pk=report.pk).status == UnitReport.Status.APPROVED
    page.locator("header a.brand").click()
    expect(page.locator("#todo-queue li")).to_have_count(1)
    _fits(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_leader_reads_the_overview_then_the_scorecard(page, live_server, cycle, password_for, width):  # noqa: F811
    _start(page, live_server, cycle, password_for, "leader", width)
    page.get_by_role("button", name="Xem toàn bộ tổng quan").click()
    expect(page.locator("h1")).to_have_text("Tổng quan kế hoạch")
    expect(page.get_by_role("button", name="In trang này")).to_be_visible()
    _fits(page)
    _go(page, width, "Kế hoạch")
    page.get_by_role("link", name=cycle.plan.title).click()
    page.locator("nav.tabs").get_by_role("link", name="Bảng theo dõi").click()
    expect(page.locator("h2, h1").first).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    _fits(page)
