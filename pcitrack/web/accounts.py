"""Log-in throttling: the page a locked user name gets instead of django-axes' English one."""

from __future__ import annotations

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from pcitrack.audit.logins import locked_until


def lockout_message(username: str) -> str:
    until = timezone.localtime(locked_until(username))
    when = date_format(until, "H:i")
    if until.date() != timezone.localdate():
        when = f"{when} {date_format(until, 'SHORT_DATE_FORMAT')}"
    return gettext(
        "Too many failed log-ins: the account “%(username)s” is locked for %(minutes)s minutes. "
        "Try again at %(time)s, or ask the administrator to unlock it."
    ) % {"username": username, "minutes": int(get_cool_off().total_seconds() // 60), "time": when}


def lockout_response(request, original_response=None, credentials=None):
    """The log-in page with the lockout in words (django-axes' AXES_LOCKOUT_CALLABLE)."""
    username = get_client_username(request, credentials) or ""
    form = AuthenticationForm(request, initial={"username": username})  # unbound: no second authentication
    context = {"form": form, "locked_out": lockout_message(username), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
