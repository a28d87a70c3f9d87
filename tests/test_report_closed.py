"""A save on a report that was submitted or approved meanwhile: the person is told who closed it and when, nothing
changes, and what they typed is shown back so it is not lost; autosave answers 409 with the same words."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pcitrack.reporting import services
from pcitrack.reporting.models import TaskEntry, UnitReport
from pcitrack.web import reporting
from tests.forms import form_fields

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _opened_then_submitted(client, world, *, approve=False):
    """The staff member's page as opened, then the head submits the report (and the monitor approves it)."""
    report = world.report()
    client.force_login(world.users["staff"])
    url = reverse("report_detail", args=[report.pk])
    fields = form_fields(client.get(url).content.decode(), "report-form")
    head = world.users["head"]
    head.first_name = "Trần Quốc Bảo"
    head.save()
    task = report.task_entries.get()
    report = services.save_report(
        report, user=head, version=report.version, tasks={task.task_id: ("done_on_time", "Xong.")}
    )
    report = services.submit_report(report, user=head, version=report.version)
    at = datetime(2026, 3, 5, 14, 7, tzinfo=HANOI)
    UnitReport.objects.filter(pk=report.pk).update(submitted_at=at)
    if approve:
        services.approve_report(UnitReport.objects.get(pk=report.pk), user=world.users["monitor"])
        UnitReport.objects.filter(pk=report.pk).update(decided_at=at)
    return UnitReport.objects.get(pk=report.pk), url, fields, task


def _state(report) -> tuple:
    report.refresh_from_db()
    return (report.status, report.version, report.problems, tuple(TaskEntry.objects.filter(report=report)
                                                                  .values_list("status", "narrative")))  # fmt: skip


def test_a_save_on_a_report_submitted_meanwhile_says_who_submitted_it_and_shows_the_typed_text(client, world):
    report, url, fields, task = _opened_then_submitted(client, world)
    before = _state(report)
    fields["problems"] = "Thiếu kinh phí cho khảo sát doanh nghiệp"
    fields[f"task_{task.pk}_narrative"] = "Đã tổ chức hai hội nghị đối thoại"
    response = client.post(url, fields)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Báo cáo đã được Trần Quốc Bảo nộp lúc 14:07 ngày 05/03/2026; thay đổi của anh/chị chưa được lưu." in html
    assert 'id="closed"' in html and "403" not in html
    typed = html.split('id="closed-typed"', 1)[1].split("</dl>", 1)[0]
    assert "Thiếu kinh phí cho khảo sát doanh nghiệp" in typed and "Đã tổ chức hai hội nghị đối thoại" in typed
    assert "<dt>Khó khăn, vướng mắc</dt>" in typed  # each text named by its field
    assert _state(report) == before


def test_autosave_on_a_report_submitted_meanwhile_answers_409_with_the_words_to_show(client, world):
    report, url, fields, task = _opened_then_submitted(client, world)
    before = _state(report)
    fields["problems"] = "Gõ dở"
    response = client.post(url, fields, HTTP_X_AUTOSAVE="1")
    assert response.status_code == 409
    answer = json.loads(response.content)
    assert answer["ok"] is False
    assert answer["closed"] == (
        "Báo cáo đã được Trần Quốc Bảo nộp lúc 14:07 ngày 05/03/2026; thay đổi của anh/chị chưa được lưu."
    )
    assert _state(report) == before


def test_a_save_on_a_report_approved_meanwhile_says_it_was_approved(client, world):
    report, url, fields, task = _opened_then_submitted(client, world, approve=True)
    world.users["monitor"].first_name = "Nguyễn Thị Hồng Nhung"
    world.users["monitor"].save()
    before = _state(report)
    fields["proposals"] = "Đề xuất bổ sung biên chế"
    response = client.post(url, fields)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Báo cáo đã được Nguyễn Thị Hồng Nhung duyệt lúc 14:07 ngày 05/03/2026" in html
    assert "Đề xuất bổ sung biên chế" in html
    assert _state(report) == before


def test_a_report_submitted_between_the_check_and_the_save_is_answered_the_same(client, world, monkeypatch):
    """The view saw a draft; the service, holding the row's lock, finds it submitted."""
    report, url, fields, task = _opened_then_submitted(client, world)
    before = _state(report)
    monkeypatch.setattr(reporting.access, "can_edit_report", lambda user, report: True)
    fields["problems"] = "Chậm một nhịp"
    autosave = client.post(url, fields, HTTP_X_AUTOSAVE="1")
    assert autosave.status_code == 409 and "Trần Quốc Bảo nộp lúc 14:07" in json.loads(autosave.content)["closed"]
    page = client.post(url, fields)
    assert page.status_code == 409 and "Chậm một nhịp" in page.content.decode()
    assert _state(report) == before


@pytest.mark.parametrize("persona", ["leader", "staff_b"])
def test_someone_who_never_could_write_the_report_still_gets_403(client, world, persona):
    report, url, fields, task = _opened_then_submitted(client, world)
    client.force_login(world.users[persona])
    response = client.post(url, fields)
    assert response.status_code in (403, 404)
    autosave = client.post(url, fields, HTTP_X_AUTOSAVE="1")
    assert autosave.status_code in (403, 404)
