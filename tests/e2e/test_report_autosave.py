"""Autosave in a real browser: a failed save is said in words, leaving the page saves what was typed."""

import time

import pytest
from playwright.sync_api import expect

from pcitrack.reporting import services
from pcitrack.reporting.models import TaskEntry, UnitReport
from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAVE = "window.dispatchEvent(new PageTransitionEvent('pagehide'))"  # what the browser sends on leaving


def _open_report(page, live_server, world, password_for):
    report = world.report()
    log_in(page, live_server.url, "staff_a", password_for(world.users["staff"]))
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    return report, page.locator("textarea[name$=_narrative]").first


def _wait_for(condition, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_leaving_the_page_saves_what_was_typed(page, live_server, world, password_for):
    report, narrative = _open_report(page, live_server, world, password_for)
    narrative.fill("Gõ xong rồi rời trang ngay")
    page.goto(f"{live_server.url}/plans/")  # before the 20 seconds of the timer
    entry = TaskEntry.objects.get(report=report)
    assert _wait_for(lambda: TaskEntry.objects.get(pk=entry.pk).narrative == "Gõ xong rồi rời trang ngay")


def test_a_save_without_connection_is_said_and_done_when_it_returns(page, live_server, world, password_for):
    report, narrative = _open_report(page, live_server, world, password_for)
    page.context.set_offline(True)
    narrative.fill("Viết khi mất mạng")
    page.evaluate(LEAVE)
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("mất kết nối")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("Đã tự động lưu")
    assert TaskEntry.objects.get(report=report).narrative == "Viết khi mất mạng"


def test_a_refused_save_is_said_and_the_text_stays(page, live_server, world, password_for):
    report, narrative = _open_report(page, live_server, world, password_for)
    status = page.locator("#autosave-status")
    # The head writes the same task's narrative meanwhile: a conflict on that field.
    task = report.task_entries.get().task_id
    services.save_report(report, user=world.users["head"], version=report.version,
                         tasks={task: {"narrative": "Trưởng phòng viết"}})  # fmt: skip
    narrative.fill("Bản của chuyên viên")
    page.evaluate(LEAVE)
    expect(status).to_contain_text("báo cáo đã được lưu lại sau khi anh/chị mở trang")
    expect(narrative).to_have_value("Bản của chuyên viên")
    # The head submits meanwhile: the report is no longer the staff's to change.
    fresh = UnitReport.objects.get(pk=report.pk)
    tasks = {e.task_id: ("in_progress", "Đã làm") for e in fresh.task_entries.all()}
    fresh = services.save_report(fresh, user=world.users["head"], version=fresh.version, tasks=tasks)
    services.submit_report(fresh, user=world.users["head"], version=fresh.version)
    narrative.fill("Thêm một câu")
    page.evaluate(LEAVE)
    expect(status).to_contain_text("Báo cáo đã được head_a nộp lúc")
    expect(status).to_contain_text("thay đổi của anh/chị chưa được lưu")
    expect(narrative).to_have_value("Thêm một câu")


def test_saving_a_report_submitted_meanwhile_says_so_and_shows_the_typed_text(page, live_server, world, password_for):
    report, narrative = _open_report(page, live_server, world, password_for)
    fresh = UnitReport.objects.get(pk=report.pk)
    tasks = {e.task_id: ("in_progress", "Đã làm") for e in fresh.task_entries.all()}
    fresh = services.save_report(fresh, user=world.users["head"], version=fresh.version, tasks=tasks)
    services.submit_report(fresh, user=world.users["head"], version=fresh.version)
    narrative.fill("Đoạn viết dài của chuyên viên")
    page.get_by_role("button", name="Lưu nháp").click()
    closed = page.locator("#closed")
    expect(closed).to_contain_text("Báo cáo đã được head_a nộp lúc")
    expect(closed.locator("textarea")).to_have_value("Đoạn viết dài của chuyên viên")
    assert TaskEntry.objects.get(report=report).narrative == "Đã làm"


@pytest.mark.parametrize("width", [1280, 390])
def test_field_errors_stand_beside_their_fields(page, live_server, world, password_for, width):
    page.set_viewport_size({"width": width, "height": 900})
    report, narrative = _open_report(page, live_server, world, password_for)
    sample = page.locator("input[name$=_sample]").first
    sample.fill("²")
    narrative.fill("x" * 5001)
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Chưa lưu gì: hãy sửa các ô được đánh dấu bên dưới.")).to_be_visible()
    sample_error = page.locator("input[name$=_sample] + small.field-error").first
    expect(sample_error).to_contain_text("cỡ mẫu phải là số nguyên")
    narrative_error = page.locator("label:has(textarea[name$=_narrative]) + small.field-error").first
    expect(narrative_error).to_contain_text("tối đa 5.000")
    expect(narrative).to_have_value("x" * 5001)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


def test_changes_to_different_fields_are_both_kept(page, live_server, world, password_for):
    """The head corrects the problems while the staff writes the narrative: neither loses anything."""
    report, narrative = _open_report(page, live_server, world, password_for)
    services.save_report(report, user=world.users["head"], version=report.version, problems="Trưởng phòng sửa")
    narrative.fill("Chuyên viên viết")
    page.evaluate(LEAVE)
    expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu")
    report.refresh_from_db()
    assert report.problems == "Trưởng phòng sửa"
    assert TaskEntry.objects.get(report=report).narrative == "Chuyên viên viết"


def test_attaching_evidence_first_saves_what_was_typed(page, live_server, world, password_for, tmp_path):
    report, narrative = _open_report(page, live_server, world, password_for)
    page.locator("textarea[name=proposals]").fill("Đề xuất bổ sung biên chế")
    page.get_by_text("Đính kèm minh chứng cho nhiệm vụ").click()
    pdf = tmp_path / "bien-ban.pdf"
    pdf.write_bytes(b"%PDF-1.4 minutes")
    page.locator("form.evidence-form input[type=file]").first.set_input_files(str(pdf))
    page.locator("form.evidence-form button").first.click()
    expect(page.get_by_text("Đã đính kèm tệp.")).to_be_visible()
    expect(page.locator("textarea[name=proposals]")).to_have_value("Đề xuất bổ sung biên chế")
    report.refresh_from_db()
    assert report.proposals == "Đề xuất bổ sung biên chế" and report.task_entries.get().evidence.count() == 1
