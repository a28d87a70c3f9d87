"""A request sent twice — a double click on submit, approve or build — gives one result."""

import datetime as dt

from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.reporting import services
from pcitrack.reporting.models import GeneratedReport, UnitReport
from pcitrack.reporting.reminders import send_reminders
from tests.forms import form_fields


def _written(world):
    report = world.report()
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    return services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks)


def _actions(report) -> list[str]:
    events = AuditEvent.objects.filter(object_type="reporting.unitreport", object_id=str(report.pk))
    return list(events.order_by("id").values_list("action", flat=True))


def test_submitting_twice_submits_once(client, world):
    report = _written(world)
    client.force_login(world.users["head"])
    url = reverse("report_submit", args=[report.pk])
    first = client.post(url, {"version": report.version, "confirm": "1"})
    second = client.post(url, {"version": report.version, "confirm": "1"})  # the same form, sent again
    assert first.status_code == second.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.version == 3
    assert _actions(report).count("report.submit") == 1
    messages = [str(m) for m in second.wsgi_request._messages]
    assert set(messages) == {"Đã nộp báo cáo."}  # no error for the repeat


def test_approving_or_returning_twice_decides_once(client, world):
    report = _written(world)
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    client.force_login(world.users["monitor"])
    url = reverse("report_review", args=[report.pk])
    for _ in range(2):
        assert client.post(url, {"decision": "approve"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    assert _actions(report).count("report.approve") == 1
    assert report.observations.count() == 0  # no value in this report; approving twice adds nothing either
    for _ in range(2):
        client.post(url, {"decision": "reopen", "reason": "VCCI đính chính"})
    assert _actions(report).count("report.reopen") == 1


def test_a_second_submit_from_an_older_page_is_still_refused(client, world):
    """Only the same person's same submission counts as a repeat; a stale page is a conflict."""
    report = _written(world)
    opened = report.version
    report = services.save_report(report, user=world.users["staff"], version=report.version, problems="sửa")
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    client.force_login(world.users["head"])
    client.post(reverse("report_submit", args=[report.pk]), {"version": opened, "confirm": "1"})
    assert _actions(report).count("report.submit") == 1


def test_building_the_official_report_twice_from_one_page_builds_once(client, world):
    world.period()
    client.force_login(world.users["leader"])
    page = client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    fields = form_fields(page, "official-report-form")
    assert fields["request_key"]
    fields["format"] = "xlsx"
    url = reverse("official_report_start", args=[world.plan.pk])
    first, second = client.post(url, fields), client.post(url, fields)
    assert first["Location"] == second["Location"]
    assert GeneratedReport.objects.count() == 1
    assert AuditEvent.objects.filter(action="official_report.request").count() == 1
    again = form_fields(
        client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode(), "official-report-form"
    )
    assert again["request_key"] != fields["request_key"]  # the page shown anew asks for a new report
    client.post(url, {**again, "format": "xlsx"})
    assert GeneratedReport.objects.count() == 2


def test_a_period_that_is_not_a_number_is_refused_in_words(client, world):
    world.period()
    client.force_login(world.users["monitor"])
    url = reverse("official_report_start", args=[world.plan.pk])
    for period in [
        "abc",
        "",
        "1.5",
        str(world.other_plan.periods.first().pk if world.other_plan.periods.exists() else 9),
    ]:
        response = client.post(url, {"period": period, "format": "docx"}, follow=True)
        assert response.status_code == 200
        assert "Hãy chọn một kỳ báo cáo của kế hoạch này." in response.content.decode()
    response = client.post(url, {"period": world.period().pk, "format": "exe"}, follow=True)
    assert "Hãy chọn Word, Excel hoặc PDF." in response.content.decode()
    assert GeneratedReport.objects.count() == 0


def test_starting_a_report_is_recorded_whoever_starts_it(client, world):
    period = world.period()
    client.force_login(world.users["staff"])
    client.post(reverse("report_start", args=[period.pk, world.unit_a.pk]))
    started = AuditEvent.objects.get(action="report.start")
    assert started.actor == world.users["staff"]
    world.users["staff_b"].email = "b@example.vn"
    world.users["staff_b"].save()
    send_reminders(period.due + dt.timedelta(days=1))  # overdue: the reminder creates Phòng TC-TM's report
    by_system = AuditEvent.objects.filter(action="report.start", actor=None)
    assert by_system.count() == 1
    assert UnitReport.objects.get(pk=by_system.get().object_id).unit == world.unit_b


def test_confirming_a_table_of_values_twice_saves_it_once(client, world):
    from pcitrack.monitoring.models import Observation

    client.force_login(world.users["monitor"])
    url = reverse("observations_import_preview", args=[world.plan.pk, world.staged_values()])
    fields = form_fields(client.get(url).content.decode(), "values-form")
    first = client.post(url, fields)
    second = client.post(url, fields, follow=True)
    assert first.status_code == 302 and Observation.objects.count() == 1
    assert AuditEvent.objects.filter(action="observation.create").count() == 1
    assert "Bảng này đã được lưu" in second.content.decode()


def test_of_two_claims_on_one_upload_one_wins(world):
    from pcitrack.plans import staging

    token = world.staged_values()
    monitor = world.users["monitor"]
    assert staging.claim(monitor, token, kind="observations") is not None
    assert staging.claim(monitor, token, kind="observations") is None
    staging.release(token)  # saving failed: the person may try again
    assert staging.claim(monitor, token, kind="observations") is not None
    staging.discard(token)
    assert staging.load(monitor, token, kind="observations") is None


def test_confirming_a_plan_upload_twice_imports_it_once(client, world, seed_text):
    from pcitrack.plans import staging
    from pcitrack.plans.models import Plan

    monitor = world.users["monitor"]
    text = seed_text.replace("Triển khai thực hiện Nghị quyết", "Kế hoạch thử nghiệm về Nghị quyết", 1)
    token = staging.stage(monitor, "khac.txt", text.encode("utf-8"))
    client.force_login(monitor)
    url = reverse("plan_import_preview", args=[token])
    fields = form_fields(client.get(url).content.decode(), "import-form")
    first = client.post(url, fields)
    second = client.post(url, fields, follow=True)
    assert first.status_code == 302
    assert Plan.objects.filter(office=world.office).count() == 2
    assert AuditEvent.objects.filter(action="plan.import").count() == 3  # the world's two plans and this one
    assert "Tệp này đã được nhập" in second.content.decode()
