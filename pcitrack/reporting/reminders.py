"""E-mail reminders: a few days before a report is due, and every day it is overdue; a week and a day before a task's
deadline, the day after it and then weekly while its lead unit has not done it (docs/tasks.md, "Reminders")."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from pcitrack.access import unit_members
from pcitrack.audit.services import record
from pcitrack.core.task_deadlines import (
    DONE,
    DUE_IN_1_DAY,
    DUE_IN_7_DAYS,
    OVERDUE_REMINDER,
    REMIND_OVERDUE_FOR_DAYS,
    days_left,
    reminder_due,
)
from pcitrack.notifications.models import Notification
from pcitrack.notifications.services import notify
from pcitrack.org.models import Membership, Unit
from pcitrack.plans.models import Task

from .deadlines import task_deadlines, with_assignments
from .followup import NOT_STARTED, cell
from .models import Reminder, ReportingPeriod, TaskReminder, UnitReport
from .services import report_for, units_asked

OPEN = {NOT_STARTED, UnitReport.Status.DRAFT, UnitReport.Status.RETURNED}
# Each reminder is also a notification in the app, to the same people (the e-mail is the reminder's own).
REPORT_KINDS = {"due_soon": Notification.Kind.REPORT_DUE_SOON, "overdue": Notification.Kind.REPORT_OVERDUE}
TASK_KINDS = {DUE_IN_7_DAYS: Notification.Kind.TASK_DUE_SOON, DUE_IN_1_DAY: Notification.Kind.TASK_DUE_SOON,
              OVERDUE_REMINDER: Notification.Kind.TASK_OVERDUE}  # fmt: skip


def _recipients(unit) -> list[str]:
    emails = Membership.objects.filter(unit=unit, role__in=["staff", "head"]).values_list("user__email", flat=True)
    return sorted({e for e in emails if e})


def _message(kind: str, report: UnitReport) -> tuple[str, str]:
    period = report.period
    values = {
        "unit": report.unit.name,
        "period": period.label,
        "due": period.due.strftime("%d/%m/%Y"),
        "plan": period.plan.title,
    }
    if kind == "overdue":
        subject = gettext("Overdue: report of %(unit)s for %(period)s") % values
        body = (
            gettext(
                "The report of %(unit)s for %(period)s of the plan “%(plan)s” was due on %(due)s and has not been submitted. "
                "Please complete and submit it as soon as possible."
            )
            % values
        )
    else:
        subject = gettext("Reminder: report of %(unit)s for %(period)s is due on %(due)s") % values
        body = (
            gettext(
                "The report of %(unit)s for %(period)s of the plan “%(plan)s” is due on %(due)s. Please complete and submit it in time."
            )
            % values
        )
    return subject, body


def send_reminders(today: dt.date, days_before: tuple[int, ...] = (3, 1)) -> list[tuple[str, str, list[str]]]:
    """Send what is due today, of reports and of tasks; running it twice on one day sends nothing more.
    Returns (kind, report or task and unit, recipients)."""
    return _send_report_reminders(today, days_before) + send_task_reminders(today)


def _send_report_reminders(today: dt.date, days_before: tuple[int, ...]) -> list[tuple[str, str, list[str]]]:
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for period in ReportingPeriod.objects.filter(due__gte=today - dt.timedelta(days=366)).select_related("plan"):
            if period.plan.is_archived:
                continue  # an archived plan asks nothing more of its units
            days_left = (period.due - today).days
            if days_left in days_before:
                kind = "due_soon"
            elif days_left < 0:
                kind = "overdue"
            else:
                continue
            for unit in units_asked(period):
                report = UnitReport.objects.filter(period=period, unit=unit).first()
                if cell(period, report, today).status not in OPEN:
                    continue
                recipients = _recipients(unit)
                if not recipients:
                    continue
                report = report or report_for(period, unit)
                try:
                    with transaction.atomic():
                        Reminder.objects.create(
                            report=report, kind=kind, sent_on=today, recipients=", ".join(recipients)
                        )
                        subject, body = _message(kind, report)
                        notify(unit_members(unit.pk).filter(email__in=recipients), REPORT_KINDS[kind], subject, body,
                               reverse("report_detail", args=[report.pk]), email=False)  # fmt: skip
                        send_mail(subject, body, None, recipients)
                except IntegrityError:
                    continue  # already sent today
                sent.append((kind, str(report), recipients))
    return sent


def _task_message(kind: str, task, unit, today: dt.date) -> tuple[str, str]:
    left = days_left(task.deadline, today)
    values = {
        "ref": task.ref,
        "unit": unit.name,
        "deadline": task.deadline.strftime("%d/%m/%Y"),
        "plan": task.plan.title,
        "days": abs(left),
    }
    lines = [" ".join(task.text.split())]
    if task.deadline_text:
        lines.append(gettext("Deadline in the plan: %(text)s") % {"text": task.deadline_text})
    if task.output:
        lines.append(gettext("Expected output: %(output)s") % {"output": " ".join(task.output.split())})
    if kind == OVERDUE_REMINDER:
        subject = gettext("Overdue: task %(ref)s was due on %(deadline)s and is not done") % values
        opening = (
            ngettext(
                "Task %(ref)s of the plan “%(plan)s”, which %(unit)s leads, was due on %(deadline)s, %(days)s day ago, "
                "and no approved report of the unit says it is done.",
                "Task %(ref)s of the plan “%(plan)s”, which %(unit)s leads, was due on %(deadline)s, %(days)s days ago, "
                "and no approved report of the unit says it is done.",
                values["days"],
            )
            % values
        )
        closing = gettext(
            "Please complete it as soon as possible and report the result; this reminder is repeated every week "
            "until then."
        )
    else:
        subject = gettext("Reminder: task %(ref)s is due on %(deadline)s") % values
        if left == 0:
            when = gettext("Task %(ref)s of the plan “%(plan)s”, which %(unit)s leads, is due today, %(deadline)s.")
        else:
            when = ngettext(
                "Task %(ref)s of the plan “%(plan)s”, which %(unit)s leads, is due on %(deadline)s, in %(days)s day.",
                "Task %(ref)s of the plan “%(plan)s”, which %(unit)s leads, is due on %(deadline)s, in %(days)s days.",
                values["days"],
            )
        opening = when % values
        closing = gettext("Please complete it in time and report the result in the unit's next report.")
    return subject, "\n\n".join([opening, *lines, closing])


def remind_task(task, unit, *, kind: str, slot: int, today: dt.date, recipients: list[str]) -> bool:
    """E-mail one task reminder to the unit, once (kind, deadline and slot): recorded, audited and sent together —
    a mail that cannot be sent leaves no record, so the next run tries again. False when it was already sent."""
    try:
        with transaction.atomic():
            TaskReminder.objects.create(task=task, unit=unit, kind=kind, deadline=task.deadline, slot=slot,
                                        sent_on=today, recipients=", ".join(recipients))  # fmt: skip
            record("task.remind", task, summary=f"{task.ref} — {unit.name}: {kind}",
                   after={"unit": unit.pk, "kind": kind, "deadline": task.deadline.isoformat(), "slot": slot,
                          "recipients": recipients})  # fmt: skip
            subject, body = _task_message(kind, task, unit, today)
            notify(unit_members(unit.pk).filter(email__in=recipients), TASK_KINDS[kind], subject, body,
                   reverse("task_detail", args=[task.plan_id, task.pk]), email=False)  # fmt: skip
            send_mail(subject, body, None, recipients)
    except IntegrityError:
        return False  # already sent
    return True


def send_task_reminders(today: dt.date) -> list[tuple[str, str, list[str]]]:
    """Remind each lead unit that has not done a task of its deadline; done tasks get nothing."""
    sent = []
    window = (today - dt.timedelta(days=REMIND_OVERDUE_FOR_DAYS), today + dt.timedelta(days=7))
    tasks = list(
        with_assignments(Task.objects.current().filter(deadline__range=window, recurrence=""))
        .select_related("plan")
        .order_by("deadline", "plan_id", "order")
    )
    tasks = [task for task in tasks if not task.plan.is_archived]
    verdicts = task_deadlines(tasks, today)
    units = {u.pk: u for u in Unit.objects.filter(pk__in={pk for v in verdicts.values() for pk in v.units})}
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            due = reminder_due(task.deadline, today)
            if due is None:
                continue
            kind, slot = due
            for unit_id, status in verdicts[task.pk].units.items():
                recipients = _recipients(unit_id) if status not in DONE else []
                if recipients and remind_task(task, units[unit_id], kind=kind, slot=slot, today=today,
                                              recipients=recipients):  # fmt: skip
                    sent.append((f"task.{kind}", f"{task.ref} — {units[unit_id].name}", recipients))
    return sent
