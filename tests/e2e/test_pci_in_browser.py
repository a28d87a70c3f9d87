from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.test_plan_pages import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VCCI = Path(__file__).resolve().parents[2] / "pcitrack" / "data" / "vcci"


def test_leader_reads_the_province_profile_and_asks_what_if(page, live_server, world, password_for):
    call_command("pci_import", str(VCCI / "PCI_2013.xlsx"))
    call_command("pci_import", str(VCCI / "PCI_2016.xlsx"))
    world.plan.place = "Quảng Trị"
    world.plan.save()
    log_in(page, live_server.url, "leader", password_for(world.users["leader"]))
    page.get_by_role("link", name="PCI", exact=True).click()
    expect(page.get_by_role("heading", name="Chỉ số năng lực cạnh tranh cấp tỉnh 2016")).to_be_visible()
    page.get_by_role("link", name="Quảng Trị").click()
    expect(page.locator("table").first).to_contain_text("57,62")
    page.get_by_role("button", name="Nếu… thì sao").click()
    page.get_by_role("button", name="Mọi chỉ tiêu kế hoạch đạt mục tiêu").click()
    expect(page.locator("#result")).to_contain_text("PCI 57,62 →")
    expect(page.locator("#accuracy")).to_contain_text("Độ tin cậy")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "what-if.png"), full_page=True)

    field = page.get_by_role("textbox", name="Thủ tục tại bộ phận Một cửa được niêm yết công khai (% đồng ý)")
    field.fill("abc")
    page.get_by_role("button", name="Ước tính", exact=True).click()
    expect(page.locator("#error_c3_1")).to_have_text("“abc” không phải là số.")
    expect(field).to_have_value("abc")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#result")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("không dùng được")
    page.screenshot(path=str(SHOTS / "what-if-refused.png"), full_page=True)
