"""Background work, run by Django's tasks framework (immediately in the demo, by `pcitrack worker` in a deployment).

Whatever goes wrong in a job ends it as failed with a message the person waiting for it sees; nothing is left
"being built" for ever.
"""

import logging

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from pcitrack.audit.services import record
from pcitrack.core.errors import PcitrackError

from . import jobs
from .models import GeneratedReport
from .official import build
from .reminders import send_reminders

log = logging.getLogger(__name__)


@task
def send_reminders_task() -> int:
    try:
        return len(send_reminders(timezone.localdate()))
    except BaseException as exc:
        log.exception("Sending the reminders failed")
        _safely(record, "reminders.fail", None, summary=f"{type(exc).__name__}: {exc}")
        raise  # the task's own result is failed too, with the traceback (the admin's "Task results")


@task
def build_report_task(job_id: int) -> str:
    job = GeneratedReport.objects.select_related("plan", "period", "created_by").get(pk=job_id)
    if job.status not in jobs.UNFINISHED:
        return job.status  # failed meanwhile (past its time limit), or built by an earlier run
    if jobs.expire_if_stale(job).status == GeneratedReport.Status.FAILED:
        return job.status
    try:
        with jobs.time_limit((jobs.deadline(job) - timezone.now()).total_seconds()):
            content = build(job.plan, job.period, job.format, timezone.localdate(), _progress(job))
    except PcitrackError as exc:
        _safely(jobs.fail, job, exc.message(gettext), summary=exc.message())
        return "failed"
    except jobs.JobTimeout:
        _safely(jobs.fail, job, jobs.timeout_message(), summary=jobs.timeout_summary())
        return "failed"
    except BaseException as exc:
        log.exception("Building the official report of job %s failed", job.pk)
        _safely(jobs.fail, job, gettext(jobs.SYSTEM_ERROR), summary=f"{type(exc).__name__}: {exc}")
        if not isinstance(exc, Exception):
            raise  # the worker is being stopped: let it stop
        return "failed"
    try:
        return _store(job, content)
    except Exception as exc:
        log.exception("Storing the official report of job %s failed", job.pk)
        _safely(jobs.fail, job, gettext(jobs.SYSTEM_ERROR), summary=f"{type(exc).__name__}: {exc}")
        return "failed"


def _progress(job: GeneratedReport):
    def progress(percent: int) -> None:
        running = GeneratedReport.objects.filter(pk=job.pk, status__in=jobs.UNFINISHED).update(
            status=GeneratedReport.Status.RUNNING, progress=percent
        )
        if not running:
            raise jobs.JobTimeout  # failed meanwhile: nobody waits for this build any more

    return progress


def _store(job: GeneratedReport, content: bytes) -> str:
    job.file.save(job.filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            done = GeneratedReport.objects.filter(pk=job.pk, status__in=jobs.UNFINISHED).update(
                file=job.file.name, status=GeneratedReport.Status.DONE, progress=100
            )
            if done:
                record("official_report.build", job, actor=job.created_by, summary=job.filename,
                       after={"size": len(content)})  # fmt: skip
    except BaseException:
        job.file.delete(save=False)  # the row does not name it: the file must not stay behind
        raise
    if not done:  # failed meanwhile (its time limit): the page already says so
        job.file.delete(save=False)
        return "failed"
    job.status, job.progress = GeneratedReport.Status.DONE, 100
    return "done"


def _safely(write, *args, **kwargs) -> None:
    """Record a failure even when the error left the database connection unusable (a lost server, a query
    interrupted by the time limit): once more on a fresh connection, and at worst in the log."""
    try:
        write(*args, **kwargs)
        return
    except Exception:
        log.exception("Recording a failed job failed")
        if connection.in_atomic_block:
            return
        connection.close()
    try:
        write(*args, **kwargs)
    except Exception:
        log.exception("Recording a failed job failed again")
