"""A monitor in the browser, on a desktop and on a phone: asks for an ad hoc report, adds a public holiday,
imports a VCCI release."""

import pytest
from playwright.sync_api import expect

from pcitrack.pci.models import PciResult
from pcitrack.reporting.models import Holiday, ReportingPeriod
from tests.conftest import PCI_CSV
from tests.e2e.test_plan_pages import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
WIDER = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .filter(e => !e.closest('.table-wrap')).slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""


def _fits(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name} scrolls sideways at {width} px: {page.evaluate(WIDER)}"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_monitor_asks_a_report_adds_a_holiday_and_imports_a_release(page, live_server, world, password_for, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "monitor", password_for(world.users["monitor"]))
    world.province()

    # An ad hoc report, asked of one unit only.
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/periods/")
    form = page.locator("#adhoc-form")
    expect(form.get_by_label("Nội dung yêu cầu báo cáo")).to_be_visible()
    form.get_by_label("Nội dung yêu cầu báo cáo").fill("Tình hình giải quyết thủ tục đất đai")
    form.get_by_label("Phòng Nội chính").uncheck()
    form.get_by_label("Số liệu từ ngày").fill("2025-07-01")
    form.get_by_label("Ngày chốt số liệu").fill("2025-07-31")
    form.get_by_label("Hạn nộp").fill("2025-07-31")  # the same day: refused, said beside the form
    form.get_by_role("button", name="Gửi yêu cầu báo cáo").click()
    expect(page.locator("#adhoc-form [role=alert]")).to_contain_text("ít nhất một ngày làm việc")
    page.locator("#adhoc-form").get_by_label("Hạn nộp").fill("2025-08-08")
    page.locator("#adhoc-form").get_by_role("button", name="Gửi yêu cầu báo cáo").click()
    expect(page.get_by_text("Đã yêu cầu báo cáo đột xuất")).to_be_visible()
    row = page.locator("#periods tr", has_text="Tình hình giải quyết thủ tục đất đai")
    expect(row).to_contain_text("08/08/2025")
    expect(row).not_to_contain_text("Phòng Nội chính")
    period = ReportingPeriod.objects.get(kind="adhoc")
    assert world.unit_a not in period.units.all() and world.unit_b in period.units.all()
    _fits(page, "adhoc", width)

    # A public holiday.
    page.get_by_role("link", name="Thứ Bảy, Chủ nhật và các ngày nghỉ lễ, Tết không tính là ngày làm việc.").click()
    expect(page.locator("#due-dates-note")).to_contain_text("không tự động thay đổi hạn nộp")
    page.locator("#add-holiday").get_by_label("Ngày", exact=True).fill("2031-11-20")
    page.locator("#add-holiday").get_by_label("Tên").fill("Ngày nghỉ của tỉnh")
    page.locator("#add-holiday").get_by_role("button", name="Thêm").click()
    expect(page.get_by_text("Đã thêm ngày nghỉ 20/11/2031.")).to_be_visible()
    expect(page.locator("#holidays")).to_contain_text("Ngày nghỉ của tỉnh")
    assert Holiday.objects.get(name="Ngày nghỉ của tỉnh").date.isoformat() == "2031-11-20"
    _fits(page, "holidays", width)

    # A VCCI release, from the PCI page.
    page.goto(f"{live_server.url}/pci/")
    page.locator("#pci-import-link").click()
    page.set_input_files(
        "#id_file", files=[{"name": "pci2023.csv", "mimeType": "text/csv", "buffer": PCI_CSV.encode()}]
    )
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.locator("h1")).to_have_text("Kiểm tra số liệu PCI")
    expect(page.locator("section.release")).to_contain_text("Quảng Trị")
    _fits(page, "pci-preview", width)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("PCI 2023: 2 tỉnh")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Quảng Ninh")
    assert PciResult.objects.filter(year=2023).count() == 2
    _fits(page, "pci-overview", width)
