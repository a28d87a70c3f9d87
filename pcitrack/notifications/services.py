"""Notifications: a row per person for the bell, and the same message by e-mail once the change is committed.

The title and body are written by the caller in the site's language (Vietnamese by default, as the reminders are):
they are stored as sent. A transition rolled back takes its notifications with it and sends no e-mail, since the
mails leave only on commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from pcitrack.audit.services import record

from .models import Notification

logger = logging.getLogger(__name__)
Kind = Notification.Kind
ALL = "all"

_email_off: ContextVar[bool] = ContextVar("pcitrack_notification_email_off", default=False)


@contextmanager
def without_email():
    """Notify in the app only: for a history written after the fact (the demo's sample cycle), which no one should
    receive as new mail."""
    token = _email_off.set(True)
    try:
        yield
    finally:
        _email_off.reset(token)


def is_site_path(url: str) -> bool:
    """A path inside the site ("/reports/7/"), never another site's address ("//evil.example", "https://…")."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


@transaction.atomic
def notify(users: Iterable, kind: str, title: str, body: str, url: str, *, email: bool = True) -> list[Notification]:
    """One notification for each of the users, and (email=True) one e-mail to each who has an address, sent after
    the transaction commits. Call it inside the transaction of the change it tells of, which is audited there."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not is_site_path(url):
        raise ValueError(f"a notification links to a path inside the site, not {url!r}")
    people = list({user.pk: user for user in users if user is not None and user.is_active}.values())
    title = " ".join(title.split())[:255]
    rows = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, title=title, body=body, url=url) for user in people
    )
    addresses = sorted({user.email for user in people if user.email})
    if email and addresses and not _email_off.get():
        transaction.on_commit(lambda: _send(title, body, url, addresses), robust=True)
    return rows


def _send(title: str, body: str, url: str, addresses: list[str]) -> None:
    """One e-mail per person (no one sees who else got it), in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        link = f"{settings.PCITRACK_SITE_URL}{url}" if settings.PCITRACK_SITE_URL else url
        text = "\n\n".join(part for part in (body, gettext("Open in pcitrack: %(link)s") % {"link": link}) if part)
        for address in addresses:
            try:
                send_mail(title, text, None, [address])
            except Exception:
                # The change is committed and the bell shows it: a mail server's failure is logged, not raised.
                logger.exception("notification e-mail to %s failed", address)


@transaction.atomic
def mark_read(user, ids: Iterable[int] | str) -> int:
    """Mark the user's own notifications read: the given ids, or ALL; returns how many were unread."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids != ALL:
        unread = unread.filter(pk__in=list(ids))
    marked = sorted(unread.values_list("pk", flat=True))
    if marked:
        Notification.objects.filter(pk__in=marked).update(read_at=timezone.now())
        record("notification.read", user, actor=user, summary=f"{len(marked)}", after={"ids": marked})
    return len(marked)


def read_by_acting(user, url: str) -> int:
    """Acting on a page (submitting, returning, approving a report) answers what the user was told of it: their unread
    notifications that lead there are marked read, through mark_read and its audit."""
    ids = Notification.objects.filter(user=user, read_at=None, url=url).values_list("pk", flat=True)
    return mark_read(user, list(ids))
