"""E-mail reminders: a few days before a report is due, and every day it is overdue."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from pcitrack.org.models import Membership

from .followup import NOT_STARTED, cell
from .models import Reminder, ReportingPeriod, UnitReport
from .services import report_for, reporting_units

OPEN = {NOT_STARTED, UnitReport.Status.DRAFT, UnitReport.Status.RETURNED}


def _recipients(unit) -> list[str]:
    emails = Membership.objects.filter(unit=unit, role__in=["staff", "head"]).values_list("user__email", flat=True)
    return sorted({e for e in emails if e})


def _message(kind: str, report: UnitReport) -> tuple[str, str]:
    period = report.period
    values = {
        "unit": report.unit.name,
        "period": period.label,
        "due": period.due.strftime("%d/%m/%Y"),
        "plan": period.plan.title[:120],
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
    """Send what is due today; running it twice on one day sends nothing more. Returns (kind, report, recipients)."""
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for period in ReportingPeriod.objects.filter(due__gte=today - dt.timedelta(days=366)).select_related("plan"):
            days_left = (period.due - today).days
            if days_left in days_before:
                kind = "due_soon"
            elif days_left < 0:
                kind = "overdue"
            else:
                continue
            for unit in reporting_units(period.plan):
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
                        send_mail(subject, body, None, recipients)
                except IntegrityError:
                    continue  # already sent today
                sent.append((kind, str(report), recipients))
    return sent
