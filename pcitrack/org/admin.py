from django.contrib import admin
from django.db import transaction

from pcitrack.audit.admin import AuditedAdmin

from .models import Membership, Unit, UnitAlias
from .services import change_role, grant_role, revoke_role


class AliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "active_from", "active_to"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "aliases__name"]
    inlines = [AliasInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    """Role grants go through org.services, which write their own audit events (role.grant/change/revoke)."""

    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]

    def save_model(self, request, obj, form, change):
        if change:
            change_role(obj, user=obj.user, unit=obj.unit, role=obj.role, by=request.user)
        else:
            granted = grant_role(obj.user, obj.unit, obj.role, by=request.user)
            # The admin goes on with its own instance (messages, "save and continue"): make it the granted row.
            obj.pk, obj.created_at = granted.pk, granted.created_at
            obj._state.adding = False

    def delete_model(self, request, obj):
        revoke_role(obj, by=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "unit"):
            revoke_role(membership, by=request.user)
