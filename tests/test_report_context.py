"""What the report form shows beside each line (target, previous value, deadline), removing evidence before
submission, the check before submitting, and how a late submission is flagged."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.core.report_check import IndicatorLine, TaskLine, days_late, missing
from pcitrack.core.series import Point, previous
from pcitrack.monitoring.models import Observation
from pcitrack.plans.models import PlanTarget, Task
from pcitrack.reporting import services
from pcitrack.reporting.models import Evidence, UnitReport
from tests.forms import form_fields


def _page(client, world, persona, report):
    client.force_login(world.users[persona])
    return client.get(reverse("report_detail", args=[report.pk])).content.decode()


def _text(html: str) -> str:
    """What a reader sees of some HTML: its text, spaces run together (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def _indicator_row(html: str, name: str) -> str:
    """The table row of the indicator whose name holds `name`, as text."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if name in row:
            return _text(row)
    raise AssertionError(f"no row for {name}")


def _value(world, *, office=None, no=2, year, period_type="Y", period_no=1, source="survey", value, accepted=True):
    plan = world.plan if office is None else world.other_plan
    target = plan.targets.get(no=no)
    return Observation.objects.create(
        office=office or world.office, indicator=target.indicator, year=year, period_type=period_type,
        period_no=period_no, source=source, value=value, accepted_value=value if accepted else None,
    )  # fmt: skip


# The context of each line


def test_an_indicator_shows_its_target_for_the_period_s_year_its_unit_and_direction(client, world):
    report = world.report()  # quarter 1/2024
    PlanTarget.objects.filter(plan=world.plan, no=2).update(
        yearly_targets=[{"year": 2024, "value": 90.0, "text": "90%"}, {"year": 2025, "value": 100.0, "text": "100%"}]
    )
    row = _indicator_row(_page(client, world, "staff", report), "Hướng dẫn thủ tục")
    assert "Mục tiêu 2024: 90\xa0%" in row and "2025: 100" not in row
    assert "Đơn vị tính %" in row and "Chiều tốt lên càng cao càng tốt" in row
    # A period of 2025 reads the target of 2025.
    later = services.report_for(world.plan.periods.get(kind="year", year=2025), world.unit_a)
    assert "Mục tiêu 2025: 100\xa0%" in _indicator_row(_page(client, world, "staff", later), "Hướng dẫn thủ tục")


def test_the_previous_value_is_the_office_s_latest_accepted_one_before_the_period(client, world):
    report = world.report()  # quarter 1/2024: the values of periods ended by 1 January 2024 count
    _value(world, year=2022, value=61)
    _value(world, year=2023, source="unit_report", value=55, accepted=False)  # waiting for a monitor
    _value(world, year=2024, period_type="Q", period_no=1, source="admin", value=99)  # this period itself
    _value(world, year=2024, source="pci", value=88)  # after it
    _value(world, office=world.other_office, year=2023, value=77)  # another office's
    row = _indicator_row(_page(client, world, "staff", report), "Hướng dẫn thủ tục")
    assert "Kỳ trước 61\xa0% (năm 2022, kết quả khảo sát của văn phòng)" in row
    assert not any(f"{v}\xa0%" in row for v in (55, 99, 88, 77))
    other = _indicator_row(_page(client, world, "staff", report), "am hiểu về chuyên môn")
    assert "chưa có số liệu trước kỳ này" in other


def test_previous_takes_the_latest_period_ended_before_and_the_year_over_its_quarters():
    here = Point(2025, "H", 2, "", 0)  # the second half of 2025 begins at 2025.5
    points = [
        Point(2024, "Y", 1, "survey", 70),
        Point(2024, "Q", 4, "pci", 71),
        Point(2025, "Q", 2, "admin", 72),  # ends at 2025.5: before
        Point(2025, "Q", 3, "admin", 73),  # inside the period
        Point(2025, "Y", 1, "pci", 74),  # the whole year: not over before the half-year begins
    ]
    assert previous(points, here).value == 72
    assert previous(points[:2], here).value == 70  # the year's value over its last quarter
    assert previous(points[3:], here) is None


def test_a_task_shows_its_full_text_deadline_as_written_its_date_output_and_status(client, world):
    report = world.report()
    task = report.task_entries.get().task
    Task.objects.filter(pk=task.pk).update(deadline_text="Trước ngày 30/6/2024", deadline=dt.date(2024, 6, 30),
                                           output="Báo cáo kết quả rà soát")  # fmt: skip
    html = _page(client, world, "staff", report)
    assert task.text in html  # not cut short
    context = re.search(r'<dl class="report-context small" id="task-context-\d+">(.*?)</dl>', html, re.S).group(1)
    assert "Trước ngày 30/6/2024 (30/06/2024)" in context and "Báo cáo kết quả rà soát" in context
    assert "quá hạn chưa hoàn thành" in context  # 30/06/2024 has passed, and no approved report says done


# Removing evidence


def test_the_unit_s_staff_remove_a_file_its_row_its_file_gone_and_the_history_says_so(
    client, world, django_capture_on_commit_callbacks
):
    evidence = world.evidence()
    path = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert path.exists()
    html = _page(client, world, "staff", evidence.entry.report)
    form_id = f"remove-evidence-{evidence.pk}"
    assert f'form="{form_id}"' in html and f'id="{form_id}"' in html and "Xóa tệp “bien-ban.pdf” khỏi báo cáo?" in html
    fields = form_fields(html, form_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evidence_delete", args=[evidence.entry.report_id, evidence.pk]), fields)
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
    event = AuditEvent.objects.get(action="evidence.remove")
    assert event.object_id == str(evidence.entry.report_id) and event.actor == world.users["staff"]
    assert event.summary == "III.3: bien-ban.pdf" and event.before["name"] == "bien-ban.pdf"
    assert "xóa minh chứng" in _page(client, world, "staff", evidence.entry.report)


@pytest.mark.parametrize(("persona", "status"), [("staff_b", 404), ("staff_ob", 404), ("monitor", 403)])
def test_others_cannot_remove_a_unit_s_file(client, world, persona, status, django_capture_on_commit_callbacks):
    evidence = world.evidence()
    client.force_login(world.users[persona])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evidence_delete", args=[evidence.entry.report_id, evidence.pk]))
    assert response.status_code == status
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).exists()
    assert not AuditEvent.objects.filter(action="evidence.remove").exists()


def test_a_submitted_report_s_files_stay(client, world, django_capture_on_commit_callbacks):
    evidence = world.evidence()
    report = evidence.entry.report
    report = services.save_report(report, user=world.users["staff"], version=report.version,
                                  tasks={evidence.entry.task_id: ("in_progress", "Đã làm")})  # fmt: skip
    services.submit_report(report, user=world.users["head"], version=report.version)
    assert "remove-evidence" not in _page(client, world, "staff", report)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evidence_delete", args=[report.pk, evidence.pk]))
    assert response.status_code == 403
    with pytest.raises(PcitrackError, match="cannot be changed"):
        services.remove_evidence(evidence, user=world.users["staff"])
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).exists()


# Submitting: what is missing first


def _submit(client, world, report, **data):
    client.force_login(world.users["head"])
    return client.post(reverse("report_submit", args=[report.pk]), {"version": report.version, **data})


def test_submitting_first_lists_what_is_missing_then_submits_once_confirmed(client, world):
    report = world.report()
    task = report.task_entries.get()
    report = services.save_report(report, user=world.users["staff"], version=report.version, proposals="Thêm người",
                                  tasks={task.task_id: {"narrative": "Chưa triển khai trong quý."}})  # fmt: skip
    response = _submit(client, world, report)
    assert response.status_code == 200
    html = response.content.decode()
    listed = _text(html.split('id="missing-list"')[1].split('id="confirm-submit"')[0])
    assert "Nhiệm vụ vẫn để tình trạng “chưa triển khai”: III.3" in listed
    assert "Chỉ tiêu chưa có số liệu:" in listed and "Hướng dẫn thủ tục" in listed and "am hiểu" in listed
    assert "Còn để trống: khó khăn, vướng mắc; phương hướng, nhiệm vụ kỳ tới" in listed
    assert "đề xuất" not in listed  # written
    assert UnitReport.objects.get(pk=report.pk).status == "draft"  # nothing submitted yet
    confirm = form_fields(html, "confirm-submit")
    assert confirm == {"csrfmiddlewaretoken": confirm["csrfmiddlewaretoken"], "version": str(report.version),
                       "confirm": "1"}  # fmt: skip
    response = client.post(reverse("report_submit", args=[report.pk]), confirm)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_by == world.users["head"]
    assert AuditEvent.objects.filter(action="report.submit", object_id=str(report.pk)).count() == 1


def test_a_task_without_a_word_must_be_described_before_submitting(client, world):
    report = world.report()
    html = _submit(client, world, report).content.decode()
    assert 'id="missing-narratives"' in html and "III.3" in html and 'id="confirm-submit"' not in html
    response = _submit(client, world, report, confirm="1")
    assert response.status_code == 302
    assert UnitReport.objects.get(pk=report.pk).status == "draft"


def test_a_complete_report_says_nothing_is_missing(client, world):
    report = world.report()
    entries = {e.target_id: {"value": 80} for e in report.indicator_entries.all()}
    report = services.save_report(
        report, user=world.users["staff"], version=report.version, problems="Thiếu người", proposals="Thêm người",
        next_plans="Tiếp tục", tasks={report.task_entries.get().task_id: ("in_progress", "Đang làm")},
        indicators=entries,
    )  # fmt: skip
    html = _submit(client, world, report).content.decode()
    assert 'id="nothing-missing"' in html and 'id="missing-list"' not in html and 'id="confirm-submit"' in html


def test_only_the_head_reaches_the_check(client, world):
    report = world.report()
    client.force_login(world.users["staff"])
    assert client.post(reverse("report_submit", args=[report.pk]), {"version": report.version}).status_code == 403


def test_the_rule_of_what_is_missing():
    tasks = [TaskLine("I.1", "not_started", "  "), TaskLine("I.2", "in_progress", "Đã làm"),
             TaskLine("I.3", "not_started", "Chưa làm vì thiếu kinh phí"), TaskLine("I.4", "not_started", "", True)]  # fmt: skip
    indicators = [IndicatorLine("1", "A", None), IndicatorLine("2", "B", 0.0), IndicatorLine("3", "C", None, True)]
    found = missing(tasks, indicators, {"problems": " ", "proposals": "Có", "next_plans": ""})
    assert found.narratives == ["I.1"] and found.blocking
    assert found.statuses == ["I.1", "I.3"]
    assert found.values == [("1", "A")]  # 0 is a value
    assert found.texts == ["problems", "next_plans"]
    complete = missing([TaskLine("I.2", "done_on_time", "Xong")], [IndicatorLine("2", "B", 5.0)],
                       {"problems": "a", "proposals": "b", "next_plans": "c"})  # fmt: skip
    assert complete.nothing and not complete.blocking


# A late submission


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [(None, 0), (dt.date(2024, 3, 1), 0), (dt.date(2024, 3, 15), 0), (dt.date(2024, 3, 16), 1),
     (dt.date(2024, 3, 22), 7), (dt.date(2025, 3, 15), 365)],
)  # fmt: skip
def test_days_late_count_from_the_due_date(submitted, expected):
    assert days_late(submitted, dt.date(2024, 3, 15)) == expected


def test_a_report_received_three_days_late_says_so_on_every_page(client, world):
    report = world.report()
    assert report.period.due == dt.date(2024, 3, 15)
    report = services.save_report(report, user=world.users["staff"], version=report.version,
                                  tasks={report.task_entries.get().task_id: ("in_progress", "Đã làm")})  # fmt: skip
    services.submit_report(report, user=world.users["head"], version=report.version, received_on=dt.date(2024, 3, 18))
    flag = "Nộp muộn 3 ngày"
    assert flag in _page(client, world, "staff", report)
    assert flag in client.get(reverse("my_reports")).content.decode()
    client.force_login(world.users["monitor"])
    assert flag in client.get(reverse("plan_follow_up", args=[world.plan.pk])).content.decode()
    assert flag in client.get(reverse("report_detail", args=[report.pk])).content.decode()


def test_a_report_on_time_has_no_flag(client, world):
    report = world.report()
    report = services.save_report(report, user=world.users["staff"], version=report.version,
                                  tasks={report.task_entries.get().task_id: ("in_progress", "Đã làm")})  # fmt: skip
    services.submit_report(report, user=world.users["head"], version=report.version, received_on=dt.date(2024, 3, 15))
    assert "Nộp muộn" not in _page(client, world, "staff", report)
    assert "Nộp muộn" not in client.get(reverse("my_reports")).content.decode()
