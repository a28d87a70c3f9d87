"""Reminders of task deadlines: a week and a day before, the day after and then weekly; once each; to the lead unit."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from pcitrack.audit.models import AuditEvent
from pcitrack.plans.models import TaskUnit
from pcitrack.reporting import reminders
from pcitrack.reporting.models import TaskReminder
from pcitrack.reporting.reminders import send_reminders
from tests.test_task_followup import quarter, reported, set_deadline

DEADLINE = dt.date(2025, 7, 31)


def day(offset: int) -> dt.date:
    return DEADLINE + dt.timedelta(days=offset)


def task_mail():
    return [m for m in mail.outbox if "nhiệm vụ" in m.subject]


def task_sent(today):
    return [item for item in send_reminders(today) if item[0].startswith("task.")]


@pytest.fixture
def mailed(world):
    """III.3 (Phòng Nội chính) due 31/7/2025; its staff and head, and Phòng TC-TM's staff, have e-mail addresses."""
    for name, email in (("staff", "staff@example.gov.vn"), ("head", "head@example.gov.vn"),
                        ("staff_b", "staff.b@example.gov.vn"), ("monitor", "monitor@example.gov.vn")):  # fmt: skip
        world.users[name].email = email
        world.users[name].save()
    set_deadline(world.plan, "III.3", DEADLINE, "Tháng 7/2025", output="Danh mục TTHC được công khai")
    return world


def test_a_week_before_the_lead_unit_s_staff_and_head_get_one_vietnamese_reminder(mailed):
    assert task_sent(day(-8)) == []
    assert task_sent(day(-7)) == [("task.due_7", "III.3 — Phòng Nội chính", ["head@example.gov.vn",
                                                                            "staff@example.gov.vn"])]  # fmt: skip
    [message] = task_mail()
    assert message.subject == "Nhắc hạn nhiệm vụ III.3: hạn hoàn thành ngày 31/07/2025"
    assert sorted(message.to) == ["head@example.gov.vn", "staff@example.gov.vn"]
    assert (
        message.body.startswith("Nhiệm vụ III.3 của Kế hoạch “Triển khai thực hiện Nghị quyết số 02/NQ-CP")
        and "do Phòng Nội chính chủ trì có hạn hoàn thành ngày 31/07/2025, còn 7 ngày." in message.body
    )
    assert "Thời hạn theo kế hoạch: Tháng 7/2025" in message.body
    assert "Sản phẩm đầu ra: Danh mục TTHC được công khai" in message.body
    assert "Tham mưu tổ chức thực hiện các nội dung về công bố" in message.body  # the task's text
    assert message.body.endswith("trong báo cáo định kỳ tiếp theo của đơn vị.")


def test_each_reminder_is_sent_once(mailed):
    sent = {offset: [kind for kind, _, _ in task_sent(day(offset))] for offset in range(-7, 16)}
    again = [kind for offset in range(-7, 16) for kind, _, _ in task_sent(day(offset))]
    assert again == []  # running the sender again on any of those days sends nothing more
    assert {offset: kinds for offset, kinds in sent.items() if kinds} == {
        -7: ["task.due_7"],
        -1: ["task.due_1"],
        1: ["task.overdue"],
        8: ["task.overdue"],
        15: ["task.overdue"],
    }
    assert TaskReminder.objects.count() == 5
    assert [m.subject for m in task_mail()][-1] == "Quá hạn: nhiệm vụ III.3 có hạn ngày 31/07/2025 chưa hoàn thành"
    overdue = task_mail()[2]
    assert "đã quá hạn 1 ngày và chưa có báo cáo được duyệt nào của đơn vị" in overdue.body
    assert "thư nhắc này được gửi lại hằng tuần" in overdue.body


def test_a_day_the_sender_did_not_run_is_caught_up_the_next_day(mailed):
    assert [kind for kind, _, _ in task_sent(day(-5))] == ["task.due_7"]
    assert [kind for kind, _, _ in task_sent(day(0))] == ["task.due_1"]
    assert "đến hạn hoàn thành hôm nay, ngày 31/07/2025." in task_mail()[-1].body
    assert [kind for kind, _, _ in task_sent(day(3))] == ["task.overdue"]
    assert task_sent(day(7)) == []


def test_done_tasks_get_nothing(mailed):
    world = mailed
    set_deadline(world.plan, "III.4", dt.date(2025, 6, 30), "Quý II/2025")
    reported(world, world.unit_b, quarter(world), {"III.4": "done_on_time"})
    reported(world, world.unit_a, quarter(world), {"III.3": "done_on_time"})
    for today in (day(-7), day(-1), day(1), dt.date(2025, 6, 23), dt.date(2025, 7, 1)):
        assert task_sent(today) == []
    assert task_mail() == [] and not TaskReminder.objects.exists()


def test_only_the_lead_unit_is_reminded_not_supporting_units_nor_monitors(mailed):
    world = mailed
    TaskUnit.objects.create(task=world.plan.tasks.get(ref="III.3"), unit=world.unit_b, role="support")
    task_sent(day(-7))
    assert {address for m in task_mail() for address in m.to} == {"head@example.gov.vn", "staff@example.gov.vn"}


def test_each_lead_unit_is_reminded_of_its_own_part(mailed):
    world = mailed
    TaskUnit.objects.create(task=world.plan.tasks.get(ref="III.3"), unit=world.unit_b, role="lead")
    reported(world, world.unit_a, quarter(world, no=3), {"III.3": "done_on_time"})  # Q3: 15/6-14/9/2025
    assert task_sent(day(1)) == [("task.overdue", "III.3 — Phòng Tài chính - Thương mại", ["staff.b@example.gov.vn"])]


def test_a_unit_without_an_e_mail_address_is_not_recorded_as_reminded(mailed):
    world = mailed
    for name in ("staff", "head"):
        world.users[name].email = ""
        world.users[name].save()
    assert task_sent(day(-7)) == [] and not TaskReminder.objects.exists()


def test_each_reminder_is_in_the_audit_log(mailed):
    task_sent(day(-7))
    event = AuditEvent.objects.get(action="task.remind")
    assert event.object_type == "plans.task" and event.summary == "III.3 — Phòng Nội chính: due_7"
    assert event.after == {"unit": mailed.unit_a.pk, "kind": "due_7", "deadline": "2025-07-31", "slot": 0,
                           "recipients": ["head@example.gov.vn", "staff@example.gov.vn"]}  # fmt: skip


def test_a_mail_that_cannot_be_sent_leaves_no_record_and_is_tried_again(mailed, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(reminders, "send_mail", fail)
    with pytest.raises(OSError):
        task_sent(day(-7))
    assert not TaskReminder.objects.exists() and not AuditEvent.objects.filter(action="task.remind").exists()
    monkeypatch.undo()
    assert [kind for kind, _, _ in task_sent(day(-6))] == ["task.due_7"]


def test_a_new_deadline_starts_the_reminders_afresh(mailed):
    task_sent(day(-7))
    set_deadline(mailed.plan, "III.3", DEADLINE + dt.timedelta(days=30), "Tháng 8/2025")
    assert [kind for kind, _, _ in task_sent(day(23))] == ["task.due_7"]


def test_recurring_tasks_and_retired_ones_get_nothing(mailed):
    from django.utils import timezone

    set_deadline(mailed.plan, "III.3", DEADLINE, recurrence="quarterly")
    assert task_sent(day(-7)) == []
    set_deadline(mailed.plan, "III.3", DEADLINE)
    mailed.plan.tasks.filter(ref="III.3").update(retired_at=timezone.now())
    assert task_sent(day(-7)) == []


def test_the_command_lists_the_task_reminders_it_sent(mailed, capsys):
    call_command("send_reminders", "--date", day(-7).isoformat())
    assert "task.due_7: III.3 — Phòng Nội chính → head@example.gov.vn, staff@example.gov.vn" in capsys.readouterr().out
