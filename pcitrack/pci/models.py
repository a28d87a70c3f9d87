from django.db import models
from django.utils.translation import gettext_lazy as _

from pcitrack.core.text import key as text_key


class Province(models.Model):
    """A province as VCCI ranks it; provinces change over time (63 until 30/6/2025, then 34)."""

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)
    region = models.CharField(_("region"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, related_name="merged_from", on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = text_key(self.name)
        super().save(*args, **kwargs)


class ProvinceAlias(models.Model):
    province = models.ForeignKey(Province, related_name="aliases", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = text_key(self.name)
        super().save(*args, **kwargs)


class PciResult(models.Model):
    """A province's published PCI for a year: the ten sub-index scores, and VCCI's total, rank and tier."""

    province = models.ForeignKey(Province, related_name="results", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    subindices = models.JSONField(_("sub-index scores"))
    pci = models.FloatField(_("published PCI"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("published rank"), null=True, blank=True)
    tier = models.CharField(_("tier"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["year", "rank"]
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="pci_result_unique")]

    def __str__(self) -> str:
        return f"{self.province} {self.year}: {self.pci}"


class PciIndicatorValue(models.Model):
    province = models.ForeignKey(
        Province, related_name="indicator_values", on_delete=models.PROTECT, null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("VCCI code"), max_length=64)
    statistic = models.CharField(max_length=8, blank=True, help_text="Median, Min or Max for the national rows")
    value = models.FloatField(_("value"))

    class Meta:
        indexes = [models.Index(fields=["year", "code"])]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "code", "statistic"], name="pci_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province or self.statistic} {self.year} {self.code}={self.value}"
