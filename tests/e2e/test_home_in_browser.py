"""Each role logs in, lands on its home page, sees its own items and follows one; the overview prints on one page."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pcitrack.pci.models import PciResult
from pcitrack.reporting import services
from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Thiếu biên bản kiểm tra việc niêm yết thủ tục hành chính."
WIDTHS = [1280, 390]
USERNAMES = {"staff": "staff_a", "head": "head_a", "monitor": "monitor", "leader": "leader"}


def _report(world, unit, kind, no, year=2025):
    period = world.plan.periods.get(kind=kind, no=no, year=year)
    report = services.report_for(period, unit)
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    report = services.save_report(report, user=world.users["monitor"], version=report.version, tasks=tasks)
    return services.submit_report(report, user=world.users["monitor"], version=report.version, received_on=period.due)


@pytest.fixture
def cycle(world):
    """Phòng Nội chính's Q2/2025 report returned with a reason, Phòng Tài chính - Thương mại's Q3/2025 waiting for
    review, and Quảng Trị's PCI for three years."""
    world.period()
    returned = _report(world, world.unit_a, "quarter", 2)
    services.return_report(returned, user=world.users["monitor"], reason=REASON)
    _report(world, world.unit_b, "quarter", 3)
    province = world.province()
    for year, pci in ((2022, 63.2), (2023, 65.11), (2024, 66.5)):
        PciResult.objects.create(province=province, year=year, subindices=[], pci=pci)
    world.plan.place = "Quảng Trị"
    world.plan.save()
    return world


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def _shot(page, role, width):
    if os.environ.get("PCITRACK_SHOTS"):
        Path("/tmp/shots").mkdir(exist_ok=True)
        page.screenshot(path=f"/tmp/shots/home-{role}-{width}.png", full_page=True)


def _home(page, live_server, world, password_for, role, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, USERNAMES[role], password_for(world.users[role]))
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Xin chào")
    _fits(page)
    _shot(page, role, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_unit_staff_see_the_returned_report_first_and_open_it(page, live_server, cycle, password_for, width):
    _home(page, live_server, cycle, password_for, "staff", width)
    first = page.locator("#todo-reports li").first
    expect(first).to_contain_text("Quý 2/2025")
    expect(first).to_contain_text(REASON)
    expect(page.locator("#todo-reports")).not_to_contain_text("Phòng Tài chính - Thương mại")
    first.get_by_role("link").click()
    expect(page.locator("#return-reason")).to_contain_text(REASON)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_head_opens_a_report_at_its_submit_button(page, live_server, cycle, password_for, width):
    _home(page, live_server, cycle, password_for, "head", width)
    card = page.locator("#todo-submit li").first
    expect(card).to_contain_text("Phòng Nội chính — Quý 2/2025")
    card.get_by_role("button", name="Kiểm tra và nộp").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/#submit-report$"))
    expect(page.get_by_role("button", name="Nộp báo cáo")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_monitor_opens_the_oldest_report_waiting_for_review(page, live_server, cycle, password_for, width):
    _home(page, live_server, cycle, password_for, "monitor", width)
    expect(page.locator("#todo-queue li")).to_have_count(1)
    expect(page.locator("#todo-late-units")).to_be_visible()
    page.locator("#todo-queue li").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/#review$"))
    expect(page.get_by_role("button", name="Duyệt", exact=True)).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_leader_sees_the_plan_at_a_glance_and_opens_the_overview(page, live_server, cycle, password_for, width):
    _home(page, live_server, cycle, password_for, "leader", width)
    expect(page.locator("#home-overview #stat-pci")).to_contain_text("66,5")
    page.get_by_role("button", name="Xem toàn bộ tổng quan").click()
    expect(page.locator("h1")).to_have_text("Tổng quan kế hoạch")
    expect(page.locator("#dash-pci svg")).to_be_visible()
    _fits(page)
    if os.environ.get("PCITRACK_SHOTS"):
        page.screenshot(path=f"/tmp/shots/dashboard-leader-{width}.png", full_page=True)


def _pages(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    import io

    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_the_overview_prints_on_one_a4_page(page, live_server, cycle, password_for):
    # More overdue tasks than the overview lists: it shows the first ones and how many more there are.
    cycle.plan.tasks.filter(pk__in=list(cycle.plan.tasks.values_list("pk", flat=True)[:12])).update(
        deadline=dt.date(2025, 3, 31)
    )
    log_in(page, live_server.url, "leader", password_for(cycle.users["leader"]))
    page.goto(f"{live_server.url}/dashboard/?plan={cycle.plan.pk}")
    expect(page.get_by_role("button", name="In trang này")).to_be_visible()
    expect(page.locator("#dash-off-track")).to_contain_text("và 4 nhiệm vụ khác")
    page.emulate_media(media="print")
    expect(page.locator("body > header")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    if os.environ.get("PCITRACK_SHOTS"):
        Path("/tmp/shots/dashboard.pdf").write_bytes(pdf)
    assert _pages(pdf) == 1
