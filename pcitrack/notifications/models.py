from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person in the app (the bell), about something that asks their attention."""

    class Kind(models.TextChoices):
        REPORT_SUBMITTED = "report_submitted", _("report submitted")
        REPORT_RETURNED = "report_returned", _("report returned")
        REPORT_APPROVED = "report_approved", _("report approved")
        REPORT_REOPENED = "report_reopened", _("report reopened")
        REPORT_DUE_SOON = "report_due_soon", _("report due soon")
        REPORT_OVERDUE = "report_overdue", _("report overdue")
        TASK_DUE_SOON = "task_due_soon", _("task deadline near")
        TASK_OVERDUE = "task_overdue", _("task overdue")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="notifications", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(_("link"), max_length=500)  # a path inside the site
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]

    def __str__(self) -> str:
        return self.title
