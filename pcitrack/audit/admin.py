"""The admin keeps the audit like the rest of pcitrack: every ModelAdmin is either audited or read-only.

- AuditedAdmin: each add, change and delete (of the object, its inlines and its many-to-many links) is an audit
  event with who, before and after, in the transaction of the change.
- ReadOnlyAdmin: objects that change only through pcitrack's own pages and services (observations, reports,
  reporting periods, the audit itself) are shown, never changed here.

tests/test_admin_audit.py checks that every registered ModelAdmin is one or the other.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction

from .models import AuditEvent
from .services import record

HIDDEN_FIELDS = {"password"}  # never copied into the audit; a change is noted as "password_changed"


def snapshot(obj) -> dict:
    """The object's stored fields (foreign keys as ids) and many-to-many links, as JSON the audit can keep."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name not in HIDDEN_FIELDS:
            data[field.name] = field.value_from_object(obj)
    for field in obj._meta.many_to_many:
        linked = getattr(obj, field.name).values_list("pk", flat=True) if obj.pk is not None else []
        data[field.name] = sorted(linked)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _stored(obj):
    """The object as the database holds it now (the admin's instance already carries the form's values)."""
    return type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None


def _changes(before: dict | None, after: dict | None) -> list[str]:
    before, after = before or {}, after or {}
    return [name for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]


def _record(request, action: str, obj, before: dict | None, after: dict | None, extra: dict | None = None) -> None:
    changed = _changes(before, after)
    if action == "admin.change" and not changed and not extra:
        return
    label = f"{obj._meta.verbose_name}: {obj}"
    summary = f"{label} ({', '.join(changed)})" if action == "admin.change" else label
    if extra:
        after = {**(after or {}), **extra}
    record(action, obj, actor=request.user, summary=summary, before=before, after=after)


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the admin is an audit event (who, before → after)."""

    def save_model(self, request, obj, form, change):
        stored = _stored(obj) if change else None
        before = snapshot(stored) if stored is not None else None
        extra = {"password_changed": True} if stored is not None and self._password_changed(stored, obj) else None
        super().save_model(request, obj, form, change)
        # Finished in save_related, once the many-to-many links and inlines are saved as well.
        request._pcitrack_admin_audit = (obj, before, extra)

    @staticmethod
    def _password_changed(stored, obj) -> bool:
        return hasattr(obj, "password") and getattr(stored, "password", None) != obj.password

    def save_related(self, request, form, formsets, change):
        inline_before = {
            id(formset): {o.pk: snapshot(o) for o in formset.model._default_manager.filter(
                pk__in=[f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
            )}
            for formset in formsets
        }  # fmt: skip
        super().save_related(request, form, formsets, change)
        pending = getattr(request, "_pcitrack_admin_audit", None)
        if pending is not None and pending[0] is form.instance:
            obj, before, extra = pending
            _record(request, "admin.change" if before is not None else "admin.add", obj, before, snapshot(obj), extra)
            del request._pcitrack_admin_audit
        for formset in formsets:
            stored = inline_before[id(formset)]
            for obj in formset.new_objects:
                _record(request, "admin.add", obj, None, snapshot(obj))
            for obj, _fields in formset.changed_objects:
                _record(request, "admin.change", obj, stored.get(obj.pk), snapshot(obj))
            for obj in formset.deleted_objects:
                _record(request, "admin.delete", obj, stored.get(obj.pk), None)

    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(type(obj))):
            _record(request, "admin.delete", obj, snapshot(obj), None)  # before delete() forgets the id
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                _record(request, "admin.delete", obj, snapshot(obj), None)
            super().delete_queryset(request, queryset)


class _Unchangeable:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(_Unchangeable, admin.ModelAdmin):
    """Changed only through pcitrack's own pages and services, which audit every change: shown, never changed."""


class ReadOnlyInline(_Unchangeable, admin.TabularInline):
    extra = 0


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "object_id"]
