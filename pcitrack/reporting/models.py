from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pcitrack.core.periods import PeriodKind, period_name, period_words
from pcitrack.core.task_deadlines import TaskStatus
from pcitrack.org.models import Unit
from pcitrack.plans.models import Plan, PlanTarget, Task


class Holiday(models.Model):
    """A public holiday or day off: not a working day for due dates."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class ReportingPeriod(models.Model):
    # The kinds and their words are core.periods.PeriodKind's, defined there once.
    Kind = models.TextChoices("Kind", [(k.name, (k.value, _(k.label))) for k in PeriodKind])

    plan = models.ForeignKey(Plan, related_name="periods", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    no = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("for ad hoc reports"))
    start = models.DateField(_("from"))
    cutoff = models.DateField(_("data cut-off"))
    due = models.DateField(_("due"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "cutoff", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "year", "no"], name="period_unique"),
            models.CheckConstraint(condition=models.Q(due__gt=models.F("cutoff")), name="period_due_after_cutoff"),
            models.CheckConstraint(condition=models.Q(cutoff__gte=models.F("start")), name="period_cutoff_after_start"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The period's one name: "Quý I/2025", "6 tháng đầu năm 2025", "Năm 2025", or an ad hoc report's title."""
        from django.utils.translation import gettext

        if self.kind == self.Kind.ADHOC and self.title:
            return self.title
        template, values = period_name(self.kind, self.no, self.year)
        return gettext(template) % values

    @property
    def words(self) -> str:
        """The period as a report names it: "năm 2025", "quý I năm 2025", "6 tháng đầu năm 2025"."""
        from django.utils.translation import gettext

        if self.kind == self.Kind.ADHOC and self.title:
            return self.title
        template, values = period_words(self.kind, self.no, self.year)
        return gettext(template) % values

    @property
    def observation_period(self) -> tuple[str, int]:
        """The period an approved value is recorded for: ("Q", 3), ("H", 1), ("Y", 1)."""
        return {"quarter": ("Q", self.no), "half": ("H", self.no)}.get(self.kind, ("Y", 1))


class UnitReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    period = models.ForeignKey(ReportingPeriod, related_name="reports", on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, related_name="reports", on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(
        default=1, help_text="raised by every save; a save from an older version is refused"
    )
    problems = models.TextField(_("problems"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    next_plans = models.TextField(_("plans for the next period"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="report_unique_unit_period")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class TaskEntry(models.Model):
    # What the unit says of the task; the words are core.task_deadlines.TaskStatus's, defined there once.
    Status = models.TextChoices("Status", [(s.name, (s.value, _(s.label))) for s in TaskStatus])

    report = models.ForeignKey(UnitReport, related_name="task_entries", on_delete=models.CASCADE)
    task = models.ForeignKey(Task, related_name="entries", on_delete=models.CASCADE)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    narrative = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["report", "task__order"]
        constraints = [models.UniqueConstraint(fields=["report", "task"], name="task_entry_unique")]

    def __str__(self) -> str:
        return f"{self.task.ref}: {self.get_status_display()}"


class IndicatorEntry(models.Model):
    report = models.ForeignKey(UnitReport, related_name="indicator_entries", on_delete=models.CASCADE)
    target = models.ForeignKey(PlanTarget, related_name="entries", on_delete=models.CASCADE)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, default="unit_report")
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "target__no"]
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="indicator_entry_unique")]

    def __str__(self) -> str:
        return f"{self.target.no}: {self.value}"


def evidence_path(instance, filename: str) -> str:
    # The stored name is not the uploaded one: no user text reaches the file system.
    return f"evidence/{instance.entry.report_id}/{instance.token}"


class Evidence(models.Model):
    entry = models.ForeignKey(TaskEntry, related_name="evidence", on_delete=models.CASCADE)
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """A reminder sent: one per report, kind and day, so running the sender twice sends once."""

    report = models.ForeignKey(UnitReport, related_name="reminders", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10)  # "due_soon" or "overdue"
    sent_on = models.DateField()
    recipients = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind", "sent_on"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on:%d/%m/%Y} {self.report}"


class TaskReminder(models.Model):
    """A reminder of a task's deadline sent to a lead unit: each kind once per deadline, an overdue one once a week
    (slot: the week after the deadline), so running the sender twice sends once."""

    task = models.ForeignKey(Task, related_name="reminders", on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, related_name="+", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10)  # core.task_deadlines: "due_7", "due_1" or "overdue"
    deadline = models.DateField()  # the deadline it was about: a new one (a new version of the plan) starts afresh
    slot = models.PositiveSmallIntegerField(default=0)
    sent_on = models.DateField()
    recipients = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "kind", "deadline", "slot"], name="task_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on:%d/%m/%Y} {self.task.ref} {self.unit}"


class GeneratedReport(models.Model):
    """An official report being built in the background, or built: its progress and its file."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    plan = models.ForeignKey(Plan, related_name="generated_reports", on_delete=models.CASCADE)
    period = models.ForeignKey(ReportingPeriod, related_name="generated_reports", on_delete=models.CASCADE)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.DOCX)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="official-reports/", blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time key: the same request sent twice (a double click) finds the job of the first.
    request_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request_key"], condition=~models.Q(request_key=""), name="generated_report_unique_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period} {self.format} {self.status}"

    @property
    def filename(self) -> str:
        period = self.period
        name = {"quarter": f"quy-{period.no}", "half": f"6-thang-{period.no}", "year": "nam"}.get(
            period.kind, f"dot-xuat-{period.no}"
        )
        return f"bao-cao-{name}-{period.year}.{self.format}"


class ReportSettings(models.Model):
    """How an office's official reports are headed and signed (Nghị định 30/2020): its own, not the deployment's."""

    office = models.OneToOneField(Unit, verbose_name=_("office"), related_name="report_settings",
                                  on_delete=models.CASCADE)  # fmt: skip
    parent_body = models.CharField(_("governing body"), max_length=255, blank=True,
                                   help_text=_("e.g. UBND TỈNH QUẢNG TRỊ; empty: from the plan's province"))  # fmt: skip
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True,
                                    help_text=_("e.g. VĂN PHÒNG; empty: the office's name"))  # fmt: skip
    place = models.CharField(_("place on the date line"), max_length=128, blank=True,
                             help_text=_("e.g. Quảng Trị; empty: the plan's province"))  # fmt: skip
    number_code = models.CharField(_("code after the number"), max_length=32, blank=True,
                                   help_text=_("VP gives “Số:      /BC-VP”"))  # fmt: skip
    signer_authority = models.CharField(_("signing on behalf of"), max_length=128, blank=True,
                                        default="KT. CHÁNH VĂN PHÒNG",
                                        help_text=_("e.g. KT. CHÁNH VĂN PHÒNG; empty when the head signs"))  # fmt: skip
    signer_title = models.CharField(_("signer's title"), max_length=128, blank=True, default="PHÓ CHÁNH VĂN PHÒNG",
                                    help_text=_("e.g. PHÓ CHÁNH VĂN PHÒNG"))  # fmt: skip
    signer_name = models.CharField(_("signer's full name"), max_length=128, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, default="Lãnh đạo Văn phòng\nCác phòng, ban, đơn vị\nLưu: VT.",
                                  help_text=_("one per line, e.g. Lưu: VT."))  # fmt: skip

    class Meta:
        verbose_name = _("official report settings")
        verbose_name_plural = _("official report settings")

    def __str__(self) -> str:
        return str(self.office)

    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-").strip() for line in self.recipients.splitlines() if line.strip()]
