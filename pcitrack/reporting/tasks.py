"""Background work, run by Django's tasks framework (immediately in the demo, by workers in a deployment)."""

from django.tasks import task
from django.utils import timezone

from .reminders import send_reminders


@task
def send_reminders_task() -> int:
    return len(send_reminders(timezone.localdate()))
