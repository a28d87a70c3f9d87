"""The report form in a browser, on a desk and on a phone: the context beside each line, removing a file,
submitting after seeing what is missing — and no sideways scrolling on a phone."""

import pytest
from playwright.sync_api import expect

from pcitrack.monitoring.models import Observation
from pcitrack.reporting.models import Evidence, UnitReport
from tests.e2e.test_plan_pages import SHOTS, log_in
from tests.e2e.test_reporting_cycle import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_see_the_context_remove_a_file_and_the_head_submits_after_the_check(
    page, live_server, world, password_for, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    passwords = {name: password_for(world.users[name]) for name in ("staff", "head")}
    report = world.report()  # quarter 1/2024
    target = world.plan.targets.get(no=2)
    Observation.objects.create(office=world.office, indicator=target.indicator, year=2023, source="survey",
                               value=64, accepted_value=64)  # fmt: skip
    url = f"{live_server.url}/reports/{report.pk}/"

    log_in(page, live_server.url, "staff_a", passwords["staff"])
    page.goto(url)
    row = page.locator("tr", has_text="Hướng dẫn thủ tục")
    expect(row.locator(".target-in-force")).to_have_text("2025: 100\u00a0%")
    expect(row.locator(".previous-value")).to_have_text("64\u00a0% (năm 2023, kết quả khảo sát của văn phòng)")
    expect(row).to_contain_text("càng cao càng tốt")
    assert _fits(page)

    # The staff write what was done, attach a file, then remove it.
    page.locator("textarea[name$=_narrative]").first.fill("Chưa triển khai trong quý; dự kiến quý 2.")
    page.get_by_text("Đính kèm minh chứng cho nhiệm vụ").click()
    pdf = tmp_path / "bien-ban.pdf"
    pdf.write_bytes(b"%PDF-1.4 minutes")
    page.locator("form.evidence-form input[type=file]").first.set_input_files(str(pdf))
    page.locator("form.evidence-form button").first.click()
    expect(page.get_by_text("Đã đính kèm tệp.")).to_be_visible()
    assert Evidence.objects.filter(entry__report=report).count() == 1
    assert _fits(page)
    page.once("dialog", lambda dialog: dialog.dismiss())  # "no": the file stays
    page.get_by_role("button", name="Xóa").click()
    expect(page.locator(".evidence-file")).to_have_count(1)
    assert Evidence.objects.filter(entry__report=report).count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa").click()
    expect(page.get_by_text("Đã xóa tệp “bien-ban.pdf”.")).to_be_visible()
    expect(page.locator(".evidence-file")).to_have_count(0)
    assert not Evidence.objects.filter(entry__report=report).exists()
    expect(page.locator("#history")).to_contain_text("xóa minh chứng")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"report-context-{width}.png"), full_page=True)
    log_out(page)

    # The head submits: first what is missing, then the confirmation.
    log_in(page, live_server.url, "head_a", passwords["head"])
    page.goto(url)
    page.locator("textarea[name=problems]").fill("Thiếu người")  # typed just before: saved before the check
    page.get_by_role("button", name="Nộp báo cáo").click()
    missing = page.locator("#missing-list")
    expect(missing).to_contain_text("Nhiệm vụ vẫn để tình trạng “chưa triển khai”: III.3")
    expect(missing).to_contain_text("Hướng dẫn thủ tục")
    expect(missing).not_to_contain_text("khó khăn")
    assert UnitReport.objects.get(pk=report.pk).status == "draft"
    assert _fits(page)
    page.screenshot(path=str(SHOTS / f"report-submit-check-{width}.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận và nộp").click()
    expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()
    report.refresh_from_db()
    assert report.status == "submitted" and report.problems == "Thiếu người"
    assert _fits(page)
