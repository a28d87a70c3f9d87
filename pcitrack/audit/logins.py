"""Log-ins, log-outs and refused log-ins: each is an audit event and a line in the log."""

from __future__ import annotations

import logging

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone

from .services import record_login

log = logging.getLogger("pcitrack.security")


def locked_until(username: str):
    """When the lockout of this user name ends: the cool-off after its last counted failure."""
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + get_cool_off()


def _refused_while_locked(request) -> bool:
    """django-axes handled the failure first: it marks a request refused because the name was already locked
    (its count of failures is then not taken)."""
    return bool(getattr(request, "axes_locked_out", False)) and getattr(request, "axes_failures_since_start", 0) is None


def _ip(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or None


def _user_named(username: str):
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first() if username else None


@receiver(user_logged_in, dispatch_uid="pcitrack.audit.login")
def logged_in(sender, request, user, **kwargs):
    ip = _ip(request)
    log.info("Log-in of %r from %s", user.get_username(), ip)
    record_login("login", username=user.get_username(), ip=ip, user=user, actor=user)


@receiver(user_logged_out, dispatch_uid="pcitrack.audit.logout")
def logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    ip = _ip(request)
    log.info("Log-out of %r from %s", user.get_username(), ip)
    record_login("logout", username=user.get_username(), ip=ip, user=user, actor=user)


@receiver(user_login_failed, dispatch_uid="pcitrack.audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    ip = _ip(request)
    locked = _refused_while_locked(request)
    log.warning("Failed log-in for %r from %s%s", username, ip, " (user name locked)" if locked else "")
    record_login("login.failed", username=username, ip=ip, user=_user_named(username), while_locked=locked)


@receiver(user_locked_out, dispatch_uid="pcitrack.audit.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return  # a further attempt while locked: already recorded as a failed log-in
    until = timezone.localtime(locked_until(username))
    log.warning("User name %r locked after %s failed log-ins from %s, until %s", username, failures, ip_address, until)
    record_login(
        "login.locked", username=username or "", ip=ip_address, user=_user_named(username),
        failures=failures, until=until.isoformat(timespec="seconds"),
    )  # fmt: skip
