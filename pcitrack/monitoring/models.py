from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pcitrack.core.periods import PeriodKind
from pcitrack.org.models import Unit
from pcitrack.plans.models import Indicator


class Observation(models.Model):
    """One value of an indicator for one period from one source."""

    # The period kinds of core.periods.PeriodKind, stored by their one-letter code.
    PeriodType = models.TextChoices(
        "PeriodType", [(k.name, (k.code, _(k.label))) for k in (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER)]
    )

    class Source(models.TextChoices):
        PCI = "pci", _("official PCI result")
        SURVEY = "survey", _("own survey")
        ADMIN = "admin", _("administrative records")
        UNIT_REPORT = "unit_report", _("unit report")

    office = models.ForeignKey(
        Unit,
        verbose_name=_("office"),
        related_name="office_observations",
        on_delete=models.PROTECT,
        help_text=_("whose value it is: the office (province) that measured it"),
    )
    indicator = models.ForeignKey(Indicator, related_name="observations", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    period_type = models.CharField(_("period"), max_length=1, choices=PeriodType.choices, default=PeriodType.YEAR)
    period_no = models.PositiveSmallIntegerField(_("period number"), default=1)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    ci_low = models.DecimalField(_("confidence interval, low"), max_digits=14, decimal_places=4, null=True, blank=True)
    ci_high = models.DecimalField(
        _("confidence interval, high"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.ForeignKey(Unit, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.PROTECT)
    note = models.TextField(_("note"), blank=True)
    report = models.ForeignKey(
        "reporting.UnitReport",
        verbose_name=_("approved report"),
        null=True,
        blank=True,
        related_name="observations",
        on_delete=models.SET_NULL,
        help_text=_("the unit report whose approval brought this value in"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("invented for the demo, not measured"))
    accepted_value = models.DecimalField(
        _("value that counts"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("the value statuses rest on; a change a unit typed counts only once a monitor accepts it"),
    )  # fmt: skip
    accepted_at = models.DateTimeField(
        _("accepted at"), null=True, blank=True,
    )  # fmt: skip
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "year", "period_type", "period_no"]
        indexes = [models.Index(fields=["office", "indicator", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "indicator", "year", "period_type", "period_no", "source"],
                name="observation_unique_period_source",
            ),
            models.CheckConstraint(
                condition=models.Q(ci_low__isnull=True)
                | models.Q(ci_high__isnull=True)
                | models.Q(ci_low__lte=models.F("ci_high")),
                name="observation_ci_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}{self.period_type}{self.period_no} {self.source}={self.value}"

    @property
    def is_pending(self) -> bool:
        """A value, or a change of it, that a unit typed and no monitor has accepted yet."""
        return self.accepted_value is None or self.accepted_value != self.value
