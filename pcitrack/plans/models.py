import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcitrack.core import deadlines
from pcitrack.core.bounds import Range, value_range
from pcitrack.core.citations import TYPE_CODES
from pcitrack.org.models import Unit


class Document(models.Model):
    """A document a plan cites: 410/QĐ-UBND, 02/NQ-CP, 35-CT/TU ..."""

    doc_type = models.CharField(_("type"), max_length=8)
    number = models.CharField(_("number"), max_length=64, unique=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["date", "number"]

    def __str__(self) -> str:
        return self.number


# What each type of document is called; a type not listed is shown by its code.
DOC_TYPE_NAMES = {"KH": _("Plan"), "QĐ": _("Decision"), "CT": _("Directive"), "NQ": _("Resolution")}


class Plan(models.Model):
    office = models.ForeignKey(Unit, verbose_name=_("issuing office"), related_name="plans", on_delete=models.PROTECT)
    doc_type = models.CharField(_("type"), max_length=8, default="KH")
    number = models.CharField(_("number"), max_length=64, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_text = models.CharField(_("date as written"), max_length=64, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=128, blank=True)
    title = models.TextField(_("title"))
    monitoring_unit = models.ForeignKey(
        Unit, verbose_name=_("monitoring unit"), null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    citations = models.ManyToManyField(Document, verbose_name=_("cited documents"), related_name="cited_by", blank=True)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    # An archived plan stays readable, leaves the lists of current work and refuses every change.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("archived by"), null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )  # fmt: skip

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def short_name(self) -> str:
        """The plan named by its type, number and date, where the title does not fit: "Kế hoạch số 54/KH-VP
        ngày 15/3/2024". Without a date, the month and year it was issued as written, else the year it was
        imported: two plans of different years never look alike."""
        parts = [str(DOC_TYPE_NAMES.get(self.doc_type) or TYPE_CODES.get(self.doc_type, self.doc_type))]
        if self.number:
            parts.append(gettext("No. %(number)s") % {"number": self.number})
        if when := self.issued_words:
            parts.append(when)
        elif self.imported_at is not None:
            parts.append(gettext("imported in %(year)s") % {"year": self.imported_at.year})
        return " ".join(parts)

    @property
    def issued_words(self) -> str:
        """When the plan was issued, as a document names it: "ngày 15/3/2024", or "ban hành tháng 3/2024" when only
        the month and year are written; "" when neither is known."""
        if self.date is not None:
            day = self.date
            return gettext("dated %(date)s") % {"date": f"{day.day}/{day.month}/{day.year}"}
        if written := re.fullmatch(r"\s*/?\s*(\d{1,2})\s*/\s*(\d{4})\s*", self.date_text or ""):
            return gettext("issued in %(month)s/%(year)s") % {"month": int(written[1]), "year": written[2]}
        return ""

    def warning_messages(self, translate) -> list[str]:
        """The import's warnings, translated for whoever reads them now."""
        return [translate(w["template"]).format(**w["params"]) for w in self.warnings]


class Assignment(models.Model):
    """A unit (or a named group of units) leading or supporting something."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        SUPPORT = "support", _("support")

    unit = models.ForeignKey(Unit, null=True, blank=True, related_name="+", on_delete=models.PROTECT)
    group_label = models.CharField(_("group of units"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.label}"

    @property
    def label(self) -> str:
        return self.unit.name if self.unit_id else self.group_label


class RetirableQuerySet(models.QuerySet):
    """Rows a new version of the plan dropped are retired, not deleted: their reports stay."""

    def current(self):
        return self.filter(retired_at__isnull=True)

    def retired(self):
        return self.filter(retired_at__isnull=False)


class Task(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("task")
        RESPONSIBILITY = "responsibility", _("unit responsibility")

    class Recurrence(models.TextChoices):
        CONTINUOUS = deadlines.CONTINUOUS, _("continuous")
        MONTHLY = deadlines.MONTHLY, _("every month")
        QUARTERLY = deadlines.QUARTERLY, _("every quarter")
        YEARLY = deadlines.YEARLY, _("every year")

    plan = models.ForeignKey(Plan, related_name="tasks", on_delete=models.CASCADE)
    ref = models.CharField(_("reference"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TASK)
    section = models.CharField(_("section"), max_length=32)
    section_title = models.CharField(_("section title"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(default=0)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("deadline as written"), max_length=255, blank=True)
    recurrence = models.CharField(_("recurring"), max_length=12, choices=Recurrence.choices, blank=True)
    output = models.TextField(_("expected output"), blank=True)
    retired_at = models.DateTimeField(
        _("no longer in the plan since"), null=True, blank=True, help_text=_("a new version of the plan dropped it")
    )

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order"]
        constraints = [
            # A retired task keeps the reference it had; a task of the new version may take it.
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=models.Q(retired_at__isnull=True), name="task_unique_ref"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class TaskUnit(Assignment):
    task = models.ForeignKey(Task, related_name="assignments", on_delete=models.CASCADE)

    def __str__(self) -> str:
        return super().__str__()


class Indicator(models.Model):
    """Something an office measures; shared by the office's plans that set targets for it.

    Each office has its own: another office's plan naming an indicator the same way never
    changes this one's unit of measure or direction."""

    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")

    office = models.ForeignKey(Unit, verbose_name=_("office"), related_name="indicators", on_delete=models.PROTECT)
    name = models.TextField(_("name"))
    key = models.CharField(max_length=500, editable=False)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=32, blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    direction_source = models.CharField(_("direction from"), max_length=16, blank=True)
    catalog_code = models.CharField(_("VCCI code"), max_length=64, blank=True, db_index=True)
    sub_index = models.PositiveSmallIntegerField(_("PCI sub-index"), null=True, blank=True)
    min_value = models.DecimalField(
        _("lowest valid value"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("empty: the natural lower limit of its unit (0 for percentages, days and counts)"),
    )  # fmt: skip
    max_value = models.DecimalField(
        _("highest valid value"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("empty: the natural upper limit of its unit (100 for percentages)"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["office", "key"], name="indicator_unique_key_per_office")]

    def __str__(self) -> str:
        return self.name

    @property
    def value_range(self) -> Range:
        """The values it can take (core.bounds): its own limits, else those of its unit."""
        return value_range(
            self.unit_of_measure,
            self.name,
            None if self.min_value is None else float(self.min_value),
            None if self.max_value is None else float(self.max_value),
        )


class PlanTarget(models.Model):
    plan = models.ForeignKey(Plan, related_name="targets", on_delete=models.CASCADE)
    indicator = models.ForeignKey(Indicator, related_name="targets", on_delete=models.PROTECT)
    no = models.PositiveIntegerField(_("no."))
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    target_text = models.CharField(_("target as written"), max_length=255, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    yearly_targets = models.JSONField(
        _("targets by year"), default=list, blank=True,
        help_text=_('one per year, earliest first: [{"year": 2025, "value": 80.0, "text": "80%"}]; the last is the target'),
    )  # fmt: skip
    retired_at = models.DateTimeField(
        _("no longer in the plan since"), null=True, blank=True, help_text=_("a new version of the plan dropped it")
    )

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan", "no"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator"],
                condition=models.Q(retired_at__isnull=True),
                name="target_unique_indicator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.no}. {self.indicator}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class TargetUnit(Assignment):
    target = models.ForeignKey(PlanTarget, related_name="assignments", on_delete=models.CASCADE)

    def __str__(self) -> str:
        return super().__str__()
