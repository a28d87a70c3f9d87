"""The life of an official report built in the background: its time limit, and failing it with a message.

A job is finished (done or failed) by one conditional update, so whichever comes first — the build, an error, the
time limit checked by the page or the worker — decides, and the others leave it alone.
"""

import contextlib
import datetime as dt
import logging
import math
import signal
import threading

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from pcitrack.audit.services import record

from .models import GeneratedReport

log = logging.getLogger(__name__)

UNFINISHED = (GeneratedReport.Status.QUEUED, GeneratedReport.Status.RUNNING)
SYSTEM_ERROR = gettext_noop(
    "The report could not be built because of a system error; please try again or tell the administrator."
)
TIMED_OUT = gettext_noop(
    "The report was not ready within %(minutes)s minutes and has been stopped; please try again or tell the "
    "administrator."
)


# Set by `pcitrack worker`: its main thread owns the process's signals, so a job's time limit may interrupt it.
in_worker = False


class JobTimeout(Exception):
    """A job ran past PCITRACK_JOB_TIMEOUT, or was failed meanwhile (by the time limit seen from the page)."""


def timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.PCITRACK_JOB_TIMEOUT)


def timeout_message() -> str:
    return gettext(TIMED_OUT) % {"minutes": max(1, math.ceil(settings.PCITRACK_JOB_TIMEOUT / 60))}


def timeout_summary() -> str:
    return f"timeout after {settings.PCITRACK_JOB_TIMEOUT} s"


def deadline(job: GeneratedReport) -> dt.datetime:
    return job.created_at + timeout()


def fail(job: GeneratedReport, message: str, *, summary: str) -> bool:
    """Mark a job that is still waiting or being built as failed, with the message its page shows, and audit it.
    False when it had already finished."""
    with transaction.atomic():
        failed = GeneratedReport.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
            status=GeneratedReport.Status.FAILED, error=message
        )
        if failed:
            record("official_report.fail", job, actor=job.created_by, summary=summary[:500])
    if failed:
        job.status, job.error = GeneratedReport.Status.FAILED, message
    return bool(failed)


def expire_if_stale(job: GeneratedReport, now: dt.datetime | None = None) -> GeneratedReport:
    """A job still waiting or being built past its time limit is failed with a message saying so."""
    if job.status in UNFINISHED and (now or timezone.now()) >= deadline(job):
        if not fail(job, timeout_message(), summary=timeout_summary()):
            job.refresh_from_db()
    return job


def expire_stale_jobs(now: dt.datetime | None = None) -> int:
    """Fail every job past its time limit (the worker runs this, so a job nobody looks at is failed too)."""
    cutoff = (now or timezone.now()) - timeout()
    stale = GeneratedReport.objects.filter(status__in=UNFINISHED, created_at__lte=cutoff).select_related("created_by")
    return sum(expire_if_stale(job, now).status == GeneratedReport.Status.FAILED for job in stale)


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise JobTimeout in the code run inside once `seconds` have passed. Only in the worker's main thread, which
    owns the process's signals; elsewhere (a web process running the job at once) the page's check stands alone."""
    if seconds <= 0:
        raise JobTimeout
    owned = in_worker and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not owned:
        yield
        return

    def expired(signum, frame):
        raise JobTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
