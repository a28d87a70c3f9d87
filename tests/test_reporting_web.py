"""The reporting pages: who may do what, what they see, autosave and the conflict message."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcitrack.reporting.models import UnitReport
from tests.test_access import LOGIN, PERSONAS, login_as


def form_data(report, **extra):
    data = {"version": report.version, "problems": "", "proposals": ""}
    for e in report.task_entries.all():
        data[f"task_{e.pk}_status"] = "in_progress"
        data[f"task_{e.pk}_narrative"] = "Đã thực hiện."
    for e in report.indicator_entries.all():
        data[f"ind_{e.pk}_value"] = ""
    return {**data, **extra}


# Who may: start and write Phòng Nội chính's report, submit it, review it, attach evidence.
MAY = {
    "start": {"staff", "head"},
    "save": {"staff", "head"},
    "submit": {"head"},
    "review": {"monitor", "admin"},
    "evidence": {"staff", "head"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_reporting_actions_by_persona(client, world, persona):
    login_as(client, world, persona)
    period = world.period()

    def expect(action, response, allowed):
        if persona == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse(LOGIN)), action
        elif allowed:
            assert response.status_code == 302, action
        else:
            assert response.status_code in (403, 404), action

    expect("start", client.post(reverse("report_start", args=[period.pk, world.unit_a.pk])), persona in MAY["start"])
    report = world.report()
    expect("save", client.post(reverse("report_detail", args=[report.pk]), form_data(report)), persona in MAY["save"])
    report.refresh_from_db()
    if persona not in MAY["save"]:  # the others get a saved report to work on
        client.logout()
        login_as(client, world, "staff")
        client.post(reverse("report_detail", args=[report.pk]), form_data(report))
        client.logout()
        login_as(client, world, persona)
        report.refresh_from_db()
    entry = report.task_entries.first()
    upload = SimpleUploadedFile("minh-chung.png", b"\x89PNG\r\n\x1a\n")
    expect(
        "evidence",
        client.post(reverse("evidence_upload", args=[report.pk, entry.pk]), {"file": upload}),
        persona in MAY["evidence"],
    )
    response = client.post(reverse("report_submit", args=[report.pk]), {"version": report.version, "confirm": "1"})
    expect("submit", response, persona in MAY["submit"])
    UnitReport.objects.filter(pk=report.pk).update(status="submitted")
    response = client.post(
        reverse("report_review", args=[report.pk]), {"decision": "return", "reason": "Thiếu số liệu"}
    )
    expect("review", response, persona in MAY["review"])
    status = UnitReport.objects.get(pk=report.pk).status
    assert status == ("returned" if persona in MAY["review"] else "submitted")


def test_the_second_save_is_refused_on_the_page_with_what_changed(client, world):
    report = world.report()
    opened = report.version
    client.force_login(world.users["head"])
    client.post(reverse("report_detail", args=[report.pk]), form_data(report, problems="Bản của trưởng phòng"))
    client.force_login(world.users["staff"])
    response = client.post(
        reverse("report_detail", args=[report.pk]), form_data(report, version=opened, problems="Bản của tôi")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Báo cáo đã được lưu lại sau khi anh/chị mở trang" in html
    assert "head_a" in html and "khó khăn, vướng mắc" in html
    assert UnitReport.objects.get(pk=report.pk).problems == "Bản của trưởng phòng"


def test_the_history_names_what_each_save_changed_in_the_page_language(client, world):
    report = world.report()
    task = report.task_entries.select_related("task").first().task
    indicator = report.indicator_entries.select_related("target").first()
    client.force_login(world.users["staff"])
    url = reverse("report_detail", args=[report.pk])
    client.post(url, form_data(report, **{f"ind_{indicator.pk}_value": "12,5"}))
    html = client.get(url).content.decode()
    assert f"nhiệm vụ {task.ref}" in html
    assert f"chỉ tiêu {indicator.target.no}" in html


def test_a_value_too_large_to_store_is_refused_in_words(client, world):
    report = world.report()
    entry = report.indicator_entries.select_related("target").first()
    client.force_login(world.users["staff"])
    url = reverse("report_detail", args=[report.pk])
    response = client.post(url, form_data(report, **{f"ind_{entry.pk}_value": "123.456.789.012"}), HTTP_X_AUTOSAVE="1")
    assert response.status_code == 400
    assert f"Chỉ tiêu {entry.target.no}: giá trị quá lớn" in json.loads(response.content)["errors"][0]
    entry.refresh_from_db()
    assert entry.value is None


def test_a_version_that_is_not_a_number_is_taken_as_stale(client, world):
    report = world.report()
    client.force_login(world.users["staff"])
    url = reverse("report_detail", args=[report.pk])
    response = client.post(url, form_data(report, version="abc", problems="x"), HTTP_X_AUTOSAVE="1")
    assert response.status_code == 409
    assert UnitReport.objects.get(pk=report.pk).problems == ""


def test_autosave_answers_in_json_and_refuses_a_stale_version(client, world):
    report = world.report()
    client.force_login(world.users["staff"])
    url = reverse("report_detail", args=[report.pk])
    first = client.post(url, form_data(report, problems="nháp 1"), HTTP_X_AUTOSAVE="1")
    assert first.status_code == 200 and json.loads(first.content)["version"] == report.version + 1
    stale = client.post(url, form_data(report, problems="nháp cũ"), HTTP_X_AUTOSAVE="1")
    assert stale.status_code == 409 and "đã được lưu lại sau khi anh/chị mở" in json.loads(stale.content)["conflict"]
    bad = client.post(
        url,
        form_data(report, version=report.version + 1, **{f"ind_{report.indicator_entries.first().pk}_value": "nhiều"}),
        HTTP_X_AUTOSAVE="1",
    )
    assert bad.status_code == 400 and "không phải là số" in json.loads(bad.content)["errors"][0]


def test_unit_staff_see_the_return_reason(client, world):
    report = world.report()
    UnitReport.objects.filter(pk=report.pk).update(status="returned", return_reason="Thiếu minh chứng")
    client.force_login(world.users["staff"])
    html = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Thiếu minh chứng" in html and 'id="return-reason"' in html


def test_follow_up_page_shows_the_matrix_overdue_and_timeliness(client, world):
    world.report()
    client.force_login(world.users["leader"])
    html = client.get(reverse("plan_follow_up", args=[world.plan.pk])).content.decode()
    assert "Quý I/2024" in html and "Phòng Nội chính" in html
    assert 'id="overdue"' in html and 'id="timeliness"' in html and "trễ hạn" in html


def test_task_page_shows_each_unit_s_status_with_returned_reports_counted_as_not_done(client, world):
    report = world.report()
    client.force_login(world.users["staff"])
    client.post(reverse("report_detail", args=[report.pk]), form_data(report))
    UnitReport.objects.filter(pk=report.pk).update(status="returned")
    task = world.plan.tasks.get(ref="III.3")
    client.force_login(world.users["leader"])
    html = client.get(reverse("task_detail", args=[world.plan.pk, task.pk])).content.decode()
    assert "chưa hoàn thành (báo cáo bị trả lại)" in html and "Đã thực hiện." in html


def test_the_task_page_shows_another_unit_s_narrative_only_once_approved(client, world):
    from pcitrack.reporting import services

    report = world.report()
    task = report.task_entries.get().task
    report = services.save_report(report, user=world.users["staff"], version=report.version,
                                  tasks={task.pk: ("in_progress", "Bản nháp chưa ai duyệt")})  # fmt: skip
    evidence = world.evidence()
    url = reverse("task_detail", args=[world.plan.pk, task.pk])
    link = reverse("evidence_download", args=[report.pk, evidence.pk])

    def seen_by(persona):
        client.force_login(world.users[persona])
        html = client.get(url).content.decode()
        return "Bản nháp chưa ai duyệt" in html, link in html

    for status in ["draft", "submitted", "returned"]:
        UnitReport.objects.filter(pk=report.pk).update(status=status)
        assert seen_by("staff_b") == (False, False), status  # another unit of the office
        assert seen_by("staff") == (True, True), status
        assert seen_by("monitor") == (True, True), status
        assert seen_by("leader") == (True, True), status
    UnitReport.objects.filter(pk=report.pk).update(status="approved")
    assert seen_by("staff_b") == (True, False)  # the approved narrative, but not the unit's files
    client.force_login(world.users["monitor_b"])
    assert client.get(url).status_code == 404  # another office's monitor


def test_the_monitor_asks_for_an_ad_hoc_report(client, world):
    from pcitrack.reporting.models import ReportingPeriod

    client.force_login(world.users["monitor"])
    url = reverse("plan_periods", args=[world.plan.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' in page and 'name="due"' in page
    from pcitrack.reporting.services import reporting_units

    units = [str(u.pk) for u in reporting_units(world.plan)]
    refused = client.post(url, {"action": "adhoc", "title": "Báo cáo phục vụ Đoàn công tác", "start": "01/05/2024",
                                "cutoff": "24/05/2024", "due": "24/05/2024", "units": units})  # fmt: skip
    assert refused.status_code == 200 and "ít nhất một ngày làm việc" in refused.content.decode()
    assert not ReportingPeriod.objects.filter(kind="adhoc").exists()
    done = client.post(url, {"action": "adhoc", "title": "Báo cáo phục vụ Đoàn công tác", "start": "01/05/2024",
                             "cutoff": "24/05/2024", "due": "28/05/2024", "units": units})  # fmt: skip
    assert done.status_code == 302
    period = ReportingPeriod.objects.get(kind="adhoc", plan=world.plan)
    assert (period.title, str(period.cutoff), str(period.due)) == (
        "Báo cáo phục vụ Đoàn công tác", "2024-05-24", "2024-05-28",
    )  # fmt: skip
    assert not world.plan.periods.exclude(kind="adhoc").exists()  # not the quarterly periods' button


def test_the_official_report_file_is_named_in_vietnamese(world):
    from pcitrack.reporting.models import GeneratedReport

    world.period()
    periods = world.plan.periods
    name = {
        kind: GeneratedReport(plan=world.plan, period=periods.get(kind=kind, year=2024, no=1), format="docx").filename
        for kind in ("year", "half", "quarter")
    }
    assert name == {
        "year": "bao-cao-nam-2024.docx",
        "half": "bao-cao-6-thang-1-2024.docx",
        "quarter": "bao-cao-quy-1-2024.docx",
    }
