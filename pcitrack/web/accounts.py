"""Accounts: the page a locked user name gets instead of django-axes' English one, the person's own page, and
Django's password change and reset, audited."""

from __future__ import annotations

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from pcitrack.audit.logins import locked_until
from pcitrack.audit.services import record


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


@login_required
@require_GET
def account(request):
    """The signed-in person's own page: name, e-mail, roles, and where to change the password."""
    memberships = request.user.memberships.select_related("unit").order_by("unit__name", "role")
    return render(request, "web/account.html", {"memberships": memberships})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, audited (the audit keeps no password, only that it changed)."""

    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record("account.password_change", form.user, actor=form.user, summary=form.user.get_username())
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """A reset link by e-mail. The next page is the same whether the address is known or not, so the form tells no
    one which addresses have accounts."""

    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The new password from a reset link, audited."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record("account.password_reset", form.user, actor=form.user, summary=form.user.get_username())
        return response


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in pcitrack's catalog: Django's Vietnamese translation lags behind its wording."""

    def get_error_message(self):
        return ngettext(
            "The password is too short: it must have at least %(min_length)d character.",
            "The password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
