"""The unit report's form keeps what people type: ids and versions read back as rendered, fields left
out are kept, long texts refused in words, a conflict shows the person's own text back."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from pcitrack.reporting import services
from pcitrack.reporting.models import IndicatorEntry, TaskEntry, UnitReport
from tests.forms import form_fields


def _open(client, world, persona="staff"):
    report = world.report()
    client.force_login(world.users[persona])
    url = reverse("report_detail", args=[report.pk])
    return report, url, form_fields(client.get(url).content.decode(), "report-form")


def test_the_rendered_form_saves_with_ids_and_versions_above_a_thousand(client, world):
    report = world.report()
    UnitReport.objects.filter(pk=report.pk).update(version=1500)
    entry = report.task_entries.get()
    assert entry.pk > 1000 and report.pk > 1000  # the test world numbers every row above a million
    report, url, fields = _open(client, world)
    assert fields["version"] == "1500"
    assert f"task_{entry.pk}_narrative" in fields
    fields[f"task_{entry.pk}_narrative"] = "Đã niêm yết 1.200 thủ tục."
    response = client.post(url, fields)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 1501
    assert TaskEntry.objects.get(pk=entry.pk).narrative == "Đã niêm yết 1.200 thủ tục."


def test_a_post_that_leaves_fields_out_keeps_what_they_hold(client, world):
    report = world.report()
    entry = report.indicator_entries.get(target__no=2)
    task = report.task_entries.get()
    report = services.save_report(
        report, user=world.users["staff"], version=report.version, problems="Thiếu người", proposals="Thêm biên chế",
        tasks={task.task_id: ("in_progress", "Đang làm")},
        indicators={entry.target_id: (Decimal("81.5"), 200, "khảo sát quý", "survey")},
    )  # fmt: skip
    client.force_login(world.users["staff"])
    response = client.post(
        reverse("report_detail", args=[report.pk]),
        {"version": report.version, f"task_{task.pk}_narrative": "Đã xong phần một"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    task.refresh_from_db()
    entry.refresh_from_db()
    assert (report.problems, report.proposals) == ("Thiếu người", "Thêm biên chế")
    assert (task.status, task.narrative) == ("in_progress", "Đã xong phần một")
    assert (entry.value, entry.sample_size, entry.comment, entry.source) == (
        Decimal("81.5"),
        200,
        "khảo sát quý",
        "survey",
    )


@pytest.mark.parametrize(
    ("field", "limit"),
    [("task_{task}_narrative", 5000), ("problems", 5000), ("proposals", 5000), ("ind_{ind}_comment", 2000)],
)
def test_a_text_over_its_limit_is_refused_naming_the_field_and_kept_on_the_page(client, world, field, limit):
    report, url, fields = _open(client, world)
    name = field.format(task=report.task_entries.get().pk, ind=report.indicator_entries.first().pk)
    text = "Kết quả " + "x" * limit
    fields[name] = text
    response = client.post(url, fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{len(text):,} ký tự".replace(",", ".") in html and f"tối đa {limit:,}".replace(",", ".") in html
    assert 'class="field-error"' in html
    assert form_fields(html, "report-form")[name] == text  # shown back in full
    report.refresh_from_db()
    assert report.version == 1 and report.problems == report.proposals == ""
    assert not TaskEntry.objects.exclude(narrative="").exists()
    assert not IndicatorEntry.objects.exclude(comment="").exists()


@pytest.mark.parametrize("sample", ["²", "٣", "2147483648", "-5", "0", "1,5"])
def test_a_sample_size_that_is_not_a_count_is_refused_beside_its_field(client, world, sample):
    report, url, fields = _open(client, world)
    entry = report.indicator_entries.first()
    fields[f"ind_{entry.pk}_sample"] = sample
    response = client.post(url, fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cỡ mẫu phải là số nguyên" in html and form_fields(html, "report-form")[f"ind_{entry.pk}_sample"] == sample
    entry.refresh_from_db()
    assert entry.sample_size is None and UnitReport.objects.get(pk=report.pk).version == 1
    autosave = client.post(url, fields, HTTP_X_AUTOSAVE="1")
    assert autosave.status_code == 400 and "cỡ mẫu" in json.loads(autosave.content)["errors"][0]


def test_a_refused_concurrent_save_shows_the_person_s_own_text_back(client, world):
    report, url, fields = _open(client, world)
    task = report.task_entries.get()
    services.save_report(report, user=world.users["head"], version=report.version, problems="Bản của trưởng phòng",
                         tasks={task.task_id: ("in_progress", "Trưởng phòng viết")})  # fmt: skip
    fields["problems"] = "Bản của chuyên viên"
    fields[f"task_{task.pk}_narrative"] = "Chuyên viên viết dài"
    response = client.post(url, fields)
    html = response.content.decode()
    assert 'id="conflict"' in html
    shown = form_fields(html, "report-form")
    assert shown["problems"] == "Bản của chuyên viên"
    assert shown[f"task_{task.pk}_narrative"] == "Chuyên viên viết dài"
    assert "Bản của trưởng phòng" in html and "Trưởng phòng viết" in html  # what is saved now, beside each field
    assert shown["version"] == "2"  # saving again now is a deliberate choice over the newer version
    report.refresh_from_db()
    assert report.problems == "Bản của trưởng phòng" and report.version == 2
    again = client.post(url, shown)
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.problems == "Bản của chuyên viên"


def test_a_return_without_a_reason_is_refused_beside_the_reason(client, world):
    report = world.report()
    report = services.save_report(report, user=world.users["staff"], version=report.version,
                                  tasks={report.task_entries.get().task_id: ("in_progress", "Đã làm")})  # fmt: skip
    services.submit_report(report, user=world.users["head"], version=report.version)
    client.force_login(world.users["monitor"])
    response = client.post(reverse("report_review", args=[report.pk]), {"decision": "return", "reason": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field-error"' in html and "Hãy ghi lý do trả lại báo cáo" in html
    assert UnitReport.objects.get(pk=report.pk).status == "submitted"


def test_a_page_opened_before_a_save_does_not_erase_what_that_save_wrote(client, world):
    """Typed text saved on leaving the page arrives after the page came back: the stale page, sent
    again with its empty box, must not erase it — only what the person changed on it is applied."""
    report, url, stale = _open(client, world)
    services.save_report(report, user=world.users["staff"], version=report.version, proposals="Đề xuất C")
    stale["problems"] = "Khó khăn mới"
    response = client.post(url, stale)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.problems, report.proposals) == ("Khó khăn mới", "Đề xuất C")


def test_a_conflict_shows_the_newer_text_in_the_fields_the_person_did_not_touch(client, world):
    report, url, stale = _open(client, world)
    task = report.task_entries.get()
    services.save_report(report, user=world.users["head"], version=report.version, proposals="Đề xuất C",
                         tasks={task.task_id: {"narrative": "Trưởng phòng viết"}})  # fmt: skip
    stale[f"task_{task.pk}_narrative"] = "Chuyên viên viết"
    html = client.post(url, stale).content.decode()
    assert 'id="conflict"' in html
    shown = form_fields(html, "report-form")
    assert shown[f"task_{task.pk}_narrative"] == "Chuyên viên viết"  # theirs, with the head's beside it
    assert "Trưởng phòng viết" in html
    assert shown["proposals"] == "Đề xuất C"  # untouched by this person: the newer text, not the stale one
    again = client.post(url, shown)
    assert again.status_code == 302
    report.refresh_from_db()
    assert (report.proposals, report.task_entries.get().narrative) == ("Đề xuất C", "Chuyên viên viết")


def test_plans_for_the_next_period_are_saved_with_the_report_and_audited(client, world):
    report, url, fields = _open(client, world)
    fields["next_plans"] = "Quý II: niêm yết toàn bộ thủ tục mới."
    assert client.post(url, fields).status_code == 302
    report.refresh_from_db()
    assert report.next_plans == "Quý II: niêm yết toàn bộ thủ tục mới."
    from pcitrack.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="report.save", object_id=str(report.pk)).latest("at")
    assert event.summary == "next_plans" and event.after["next_plans"] == "Quý II: niêm yết toàn bộ thủ tục mới."
    html = client.get(url).content.decode()
    assert "Phương hướng, nhiệm vụ kỳ tới" in html and "Quý II: niêm yết toàn bộ thủ tục mới." in html


def test_next_plans_from_an_older_page_merge_with_another_person_s_problems(client, world):
    report = world.report()
    opened = report.version
    services.save_report(report, user=world.users["head"], version=opened, problems="Thiếu người")
    services.save_report(report, user=world.users["staff"], version=opened, next_plans="Tập huấn")
    report.refresh_from_db()
    assert (report.problems, report.next_plans) == ("Thiếu người", "Tập huấn")
