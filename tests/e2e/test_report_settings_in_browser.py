"""The monitor finds, from the plan's page, how the office's reports are numbered and signed, and changes it."""

import pytest
from playwright.sync_api import expect

from pcitrack.reporting.models import ReportSettings
from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_monitor_sets_the_number_code_and_the_signer(page, live_server, world, password_for, width):
    page.set_viewport_size({"width": width, "height": 900})
    world.period()
    log_in(page, live_server.url, "monitor", password_for(world.users["monitor"]))
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/")
    page.get_by_role("link", name="Số, tiêu đề, người ký và nơi nhận của báo cáo").click()
    form = page.locator("#report-settings-form")
    form.locator("[name=number_code]").fill("VP")
    form.locator("[name=signer_name]").fill("Lê Hữu Phước")
    form.locator("[name=recipients]").fill("Lãnh đạo Văn phòng\nLưu: VT.")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thiết lập văn bản báo cáo.")).to_be_visible()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("/BC-VP")
    expect(preview).to_contain_text("Lê Hữu Phước")
    expect(preview).to_contain_text("- Lưu: VT.")
    saved = ReportSettings.objects.get(office=world.office)
    assert (saved.number_code, saved.signer_name) == ("VP", "Lê Hữu Phước")
