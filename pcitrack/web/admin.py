"""Accounts in the admin: users, groups and the log-in lockouts, each change audited."""

from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import transaction

from pcitrack.audit.admin import AuditedAdmin
from pcitrack.audit.services import record

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    def user_change_password(self, request, id, form_url=""):
        # Django's password form saves the user itself, outside save_model.
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User._default_manager.get(pk=id)
                record("admin.password", user, actor=request.user, summary=f"{user._meta.verbose_name}: {user}")
        return response


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AuditedAdmin):
    """Failed log-ins counted against a user name. Deleting them unlocks the name at once (audited)."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
