"""Notifications: who hears of each step of a report and of each reminder, the e-mail after commit, the bell, the list."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from pcitrack import access
from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.notifications.models import Notification
from pcitrack.notifications.services import ALL, mark_read, notify
from pcitrack.reporting import services
from pcitrack.reporting.reminders import send_reminders
from pcitrack.web.context import _unread
from tests.test_task_followup import set_deadline

Kind = Notification.Kind


@pytest.fixture
def mailed(world):
    """Every persona has an e-mail address: name@example.gov.vn."""
    for name, user in world.users.items():
        user.email = f"{name}@example.gov.vn"
        user.save()
    return world


def written(world):
    report = world.report()
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    return services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks)


def submitted(world):
    report = written(world)
    return services.submit_report(report, user=world.users["head"], version=report.version)


def told(world, kind) -> set[str]:
    """The personas notified of this kind."""
    names = {user.pk: name for name, user in world.users.items()}
    return {names[pk] for pk in Notification.objects.filter(kind=kind).values_list("user_id", flat=True)}


def mailed_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submitted_report_goes_to_the_office_s_monitors_by_e_mail_only_after_commit(
    mailed, django_capture_on_commit_callbacks
):
    world = mailed
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(world)
        assert told(world, Kind.REPORT_SUBMITTED) == {"monitor"}  # not monitor_b, the leader, the head who submitted
        assert mail.outbox == []  # nothing leaves before the commit
    assert mailed_to() == ["monitor@example.gov.vn"]
    note = Notification.objects.get(kind=Kind.REPORT_SUBMITTED)
    assert note.url == reverse("report_detail", args=[report.pk])
    assert note.title == "Báo cáo đã nộp: Phòng Nội chính, kỳ Quý I/2024"
    assert "Phòng Nội chính đã nộp báo cáo kỳ Quý I/2024" in note.body and note.read_at is None
    [message] = mail.outbox
    assert message.subject == note.title
    assert message.body.startswith(note.body) and note.url in message.body


def test_a_returned_report_tells_the_unit_s_staff_and_head_the_reason(mailed, django_capture_on_commit_callbacks):
    world = mailed
    report = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report, user=world.users["monitor"], reason="Thiếu minh chứng nhiệm vụ III.3")
    assert told(world, Kind.REPORT_RETURNED) == {"staff", "head"}
    assert mailed_to() == ["head@example.gov.vn", "staff@example.gov.vn"]
    assert all(
        "Lý do: Thiếu minh chứng nhiệm vụ III.3" in n.body
        for n in Notification.objects.filter(kind=Kind.REPORT_RETURNED)
    )
    assert all("Lý do: Thiếu minh chứng nhiệm vụ III.3" in m.body for m in mail.outbox)


def test_an_approved_then_reopened_report_tells_the_unit_each_time(mailed, django_capture_on_commit_callbacks):
    world = mailed
    report = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.approve_report(report, user=world.users["monitor"])
    assert told(world, Kind.REPORT_APPROVED) == {"staff", "head"}
    assert mailed_to() == ["head@example.gov.vn", "staff@example.gov.vn"]
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_report(report, user=world.users["monitor"], reason="Sai số liệu chỉ tiêu 2")
    assert told(world, Kind.REPORT_REOPENED) == {"staff", "head"}
    assert all("Sai số liệu chỉ tiêu 2" in n.body for n in Notification.objects.filter(kind=Kind.REPORT_REOPENED))
    assert len(mail.outbox) == 4
    # No one outside the unit and the office's monitors heard of any of it.
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"monitor", "staff_a", "head_a"}


def test_the_same_decision_sent_twice_tells_once(mailed):
    world = mailed
    report = submitted(world)
    services.submit_report(report, user=world.users["head"], version=report.version - 1)  # a double click
    services.approve_report(report, user=world.users["monitor"])
    services.approve_report(report, user=world.users["monitor"])
    assert Notification.objects.filter(kind=Kind.REPORT_SUBMITTED).count() == 1
    assert Notification.objects.filter(kind=Kind.REPORT_APPROVED).count() == 2  # staff and head, once each


def test_a_refused_or_rolled_back_transition_tells_no_one(mailed, django_capture_on_commit_callbacks):
    world = mailed
    report = world.report()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PcitrackError):
            services.submit_report(report, user=world.users["head"], version=report.version)  # no narrative yet
        report = written(world)
        with pytest.raises(RuntimeError), transaction.atomic():
            services.submit_report(report, user=world.users["head"], version=report.version)
            raise RuntimeError("the request failed after the submission")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()
    assert services.UnitReport.objects.get(pk=report.pk).status == "draft"


def test_a_person_without_an_address_is_told_in_the_app_only(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(world)
    assert told(world, Kind.REPORT_SUBMITTED) == {"monitor"}
    assert mail.outbox == []


def test_report_reminders_are_notifications_too_and_are_mailed_once(mailed, django_capture_on_commit_callbacks):
    world = mailed
    period = world.period()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(period.due - dt.timedelta(days=3))
    mine = [m for m in mail.outbox if "Phòng Nội chính" in m.subject]
    assert len(mine) == 1 and sorted(mine[0].to) == ["head@example.gov.vn", "staff@example.gov.vn"]
    notes = Notification.objects.filter(kind=Kind.REPORT_DUE_SOON, user__in=[world.users["staff"], world.users["head"]])
    assert {n.title for n in notes} == {mine[0].subject} and notes.count() == 2
    assert notes[0].url == reverse("report_detail", args=[world.report().pk])
    assert told(world, Kind.REPORT_DUE_SOON) == {"staff", "head", "staff_b"}  # Phòng TC-TM's staff, for its report
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(period.due + dt.timedelta(days=2))
    assert told(world, Kind.REPORT_OVERDUE) == {"staff", "head", "staff_b"}
    assert Notification.objects.count() > before


def test_task_reminders_are_notifications_too(mailed, django_capture_on_commit_callbacks):
    world = mailed
    task = set_deadline(world.plan, "III.3", dt.date(2025, 7, 31), "Tháng 7/2025")
    with django_capture_on_commit_callbacks(execute=True):
        sent = [s for s in send_reminders(dt.date(2025, 7, 24)) if s[0].startswith("task.")]
    assert sent == [("task.due_7", "III.3 — Phòng Nội chính", ["head@example.gov.vn", "staff@example.gov.vn"])]
    assert len([m for m in mail.outbox if "nhiệm vụ III.3" in m.subject]) == 1  # the reminder's own mail, once
    assert told(world, Kind.TASK_DUE_SOON) == {"staff", "head"}
    note = Notification.objects.filter(kind=Kind.TASK_DUE_SOON).first()
    assert note.url == reverse("task_detail", args=[world.plan.pk, task.pk])
    assert note.title == "Nhắc hạn nhiệm vụ III.3: hạn hoàn thành ngày 31/07/2025"
    send_reminders(dt.date(2025, 8, 1))
    assert told(world, Kind.TASK_OVERDUE) == {"staff", "head"}


def test_a_link_out_of_the_site_is_refused(world):
    with pytest.raises(ValueError):
        notify([world.users["staff"]], Kind.REPORT_APPROVED, "x", "", "//evil.example/")
    with pytest.raises(ValueError):
        notify([world.users["staff"]], Kind.REPORT_APPROVED, "x", "", "https://evil.example/")
    assert not Notification.objects.exists()


def test_the_list_shows_one_s_own_newest_first_and_marks_the_unread(client, world):
    mine_old = world.notification("staff")
    mine_new = notify([world.users["staff"]], Kind.REPORT_APPROVED, "Báo cáo đã được duyệt", "", "/reports/")[0]
    mark_read(world.users["staff"], [mine_old.pk])
    theirs = notify([world.users["staff_ob"]], Kind.REPORT_APPROVED, "Của văn phòng khác", "", "/reports/")[0]
    client.force_login(world.users["staff"])
    html = client.get(reverse("notification_list")).content.decode()
    assert "Của văn phòng khác" not in html and f"notification-{theirs.pk}" not in html
    assert html.index(f'id="notification-{mine_new.pk}"') < html.index(f'id="notification-{mine_old.pk}"')
    assert f'<li class="unread" id="notification-{mine_new.pk}"' in html
    assert f'<li class="read" id="notification-{mine_old.pk}"' in html
    assert 'aria-label="Thông báo, 1 chưa đọc"' in html  # the bell


def test_the_list_is_paginated_by_twenty(client, world):
    for i in range(25):
        notify([world.users["monitor"]], Kind.REPORT_SUBMITTED, f"Thông báo số {i}", "", "/reports/")
    client.force_login(world.users["monitor"])
    first = client.get(reverse("notification_list")).content.decode()
    second = client.get(reverse("notification_list") + "?page=2").content.decode()
    assert first.count('<li class="unread"') == 20 and second.count('<li class="unread"') == 5
    assert "Thông báo số 24" in first and "Thông báo số 0<" in second
    assert "Trang 1/2" in first and 'href="?page=2"' in first


def test_opening_marks_read_and_goes_to_its_page_and_another_s_is_404(client, world):
    note = world.notification("staff")
    client.force_login(world.users["staff_b"])
    assert client.post(reverse("notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    client.force_login(world.users["staff"])
    response = client.post(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read", actor=world.users["staff"]).count() == 1
    assert client.get(reverse("notification_open", args=[note.pk])).status_code == 405  # opening is a POST


def test_mark_all_read_reads_only_one_s_own(client, world):
    mine = [world.notification("staff"), notify([world.users["staff"]], Kind.REPORT_APPROVED, "x", "", "/")[0]]
    theirs = world.notification("head")
    client.force_login(world.users["staff"])
    assert 'aria-label="Thông báo, 2 chưa đọc"' in client.get(reverse("my_reports")).content.decode()
    response = client.post(reverse("notifications_read_all"), follow=True)
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at is not None for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert 'aria-label="Thông báo, 0 chưa đọc"' in client.get(reverse("my_reports")).content.decode()
    assert mark_read(world.users["staff"], ALL) == 0  # nothing left: nothing written
    assert AuditEvent.objects.filter(action="notification.read").count() == 1


def test_the_bell_is_for_members_and_costs_one_query(client, world, django_assert_num_queries):
    client.force_login(world.users["outsider"])
    assert 'id="bell"' not in client.get(reverse("account")).content.decode()
    world.notification("monitor")
    user = world.users["monitor"]
    access.scope(user)  # the roles every page reads anyway
    with django_assert_num_queries(1):
        assert _unread(user) == 1


def test_acting_on_a_report_reads_what_one_was_told_of_it(world):
    report = world.report()
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks)
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    told = Notification.objects.get(user=world.users["monitor"])
    assert told.read_at is None
    services.return_report(report, user=world.users["monitor"], reason="Thiếu số liệu")
    told.refresh_from_db()
    assert told.read_at is not None
    assert Notification.objects.filter(user=world.users["head"], read_at=None).count() == 1  # the return, unread
