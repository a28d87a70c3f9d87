"""Who hears of a report's step, and in what words: a submitted report goes to the office's monitors, a decision
on it (returned, approved, reopened) to the unit's staff and head. The one who acted is not told of their own act."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from pcitrack import access

from .models import Notification
from .services import notify, read_by_acting

Kind = Notification.Kind

# The audit action of each step of a report, and the notification it gives.
ACTION_KINDS = {
    "report.submit": Kind.REPORT_SUBMITTED,
    "report.return": Kind.REPORT_RETURNED,
    "report.approve": Kind.REPORT_APPROVED,
    "report.reopen": Kind.REPORT_REOPENED,
}


def _words(kind: str, values: dict) -> tuple[str, str]:
    if kind == Kind.REPORT_SUBMITTED:
        title = gettext("Report submitted: %(unit)s, %(period)s") % values
        body = (
            gettext("%(unit)s submitted its report for %(period)s of the plan “%(plan)s”. It awaits your review.")
            % values
        )
    elif kind == Kind.REPORT_RETURNED:
        title = gettext("Report returned: %(unit)s, %(period)s") % values
        body = (
            gettext(
                "The report of %(unit)s for %(period)s of the plan “%(plan)s” was returned to the unit.\n"
                "Reason: %(reason)s\nPlease correct it and submit it again."
            )
            % values
        )
    elif kind == Kind.REPORT_REOPENED:
        title = gettext("Approved report reopened: %(unit)s, %(period)s") % values
        body = (
            gettext(
                "The approved report of %(unit)s for %(period)s of the plan “%(plan)s” was reopened for correction.\n"
                "Reason: %(reason)s\nPlease correct it and submit it again."
            )
            % values
        )
    else:
        title = gettext("Report approved: %(unit)s, %(period)s") % values
        body = gettext("The report of %(unit)s for %(period)s of the plan “%(plan)s” was approved.") % values
    return title, body


def report_step(report, action: str, *, user, reason: str = "") -> None:
    """Tell the people concerned of a report's step (an audit action of ACTION_KINDS), by the bell and by e-mail."""
    kind = ACTION_KINDS[action]
    period = report.period
    if kind == Kind.REPORT_SUBMITTED:
        people = access.office_monitors(period.plan.office_id)
    else:
        people = access.unit_members(report.unit_id)
    if user is not None and user.is_authenticated:
        people = people.exclude(pk=user.pk)
    with translation.override(settings.LANGUAGE_CODE):
        values = {"unit": report.unit.name, "period": period.label, "plan": period.plan.short_name, "reason": reason}
        title, body = _words(kind, values)
    url = reverse("report_detail", args=[report.pk])
    if user is not None and user.is_authenticated:
        read_by_acting(user, url)  # acting on the report answers what one was told of it
    notify(people, kind, title, body, url)
