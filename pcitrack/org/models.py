from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcitrack.core.text import key as text_key


class Unit(models.Model):
    """An organisation unit: the office itself (no parent) or one of its phòng, ban, trung tâm."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("office")
        DEPARTMENT = "department", _("department")
        CENTRE = "centre", _("centre")
        OTHER = "other", _("other unit")

    name = models.CharField(_("name"), max_length=255)
    key = models.CharField(max_length=255, editable=False, db_index=True)
    short_name = models.CharField(_("short name"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "key"], name="unit_unique_key_per_parent"),
            models.UniqueConstraint(fields=["key"], condition=Q(parent=None), name="unit_unique_root_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = text_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (self.active_from is None or self.active_from <= today) and (
            self.active_to is None or today <= self.active_to
        )


class UnitAlias(models.Model):
    """Another spelling of a unit's name, as seen in an imported document."""

    unit = models.ForeignKey(Unit, related_name="aliases", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=255)
    key = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("unit alias")
        verbose_name_plural = _("unit aliases")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="alias_unique_name_per_unit")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = text_key(self.name)
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A user's role in a unit. Staff edit their unit's reports, heads submit them,
    monitors follow every unit, leaders read everything."""

    class Role(models.TextChoices):
        STAFF = "staff", _("unit staff")
        HEAD = "head", _("unit head")
        MONITOR = "monitor", _("monitor")
        LEADER = "leader", _("leader")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="memberships", on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, related_name="memberships", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
