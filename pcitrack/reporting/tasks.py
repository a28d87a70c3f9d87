"""Background work, run by Django's tasks framework (immediately in the demo, by workers in a deployment)."""

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from pcitrack.audit.services import record
from pcitrack.core.errors import PcitrackError

from .models import GeneratedReport
from .official import build
from .reminders import send_reminders


@task
def send_reminders_task() -> int:
    return len(send_reminders(timezone.localdate()))


@task
def build_report_task(job_id: int) -> str:
    job = GeneratedReport.objects.select_related("plan", "period").get(pk=job_id)

    def progress(percent: int) -> None:
        GeneratedReport.objects.filter(pk=job.pk).update(status=GeneratedReport.Status.RUNNING, progress=percent)

    try:
        content = build(job.plan, job.period, job.format, timezone.localdate(), progress)
    except PcitrackError as exc:
        GeneratedReport.objects.filter(pk=job.pk).update(
            status=GeneratedReport.Status.FAILED, error=exc.message(gettext)
        )
        record("official_report.fail", job, actor=job.created_by, summary=exc.message()[:500])
        return "failed"
    job.file.save(job.filename, ContentFile(content), save=False)
    job.status, job.progress = GeneratedReport.Status.DONE, 100
    try:
        job.save(update_fields=["file", "status", "progress"])
    except BaseException:
        job.file.delete(save=False)  # the row does not name it: the file must not stay behind
        raise
    record("official_report.build", job, actor=job.created_by, summary=job.filename, after={"size": len(content)})
    return "done"
