from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from pcitrack.audit.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import GeneratedReport, Holiday, IndicatorEntry, ReportingPeriod, TaskEntry, TaskReminder, UnitReport


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    """Days off that due dates skip: kept by the administrator."""

    list_display = ["date", "name"]
    date_hierarchy = "date"


# Periods, reports and official reports change only on pcitrack's own pages, which ask for reasons and keep the
# history of each step; here they are only shown.


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["plan", "kind", "year", "no", "start", "cutoff", "due"]
    list_filter = ["kind", "year"]


class TaskEntryInline(ReadOnlyInline):
    model = TaskEntry


class IndicatorEntryInline(ReadOnlyInline):
    model = IndicatorEntry


@admin.register(UnitReport)
class UnitReportAdmin(ReadOnlyAdmin):
    list_display = ["period", "unit", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    inlines = [TaskEntryInline, IndicatorEntryInline]


@admin.register(GeneratedReport)
class GeneratedReportAdmin(ReadOnlyAdmin):
    list_display = ["plan", "period", "format", "status", "created_by", "created_at"]
    exclude = ["file"]  # downloaded from its page in pcitrack, which checks who may see it


@admin.register(TaskReminder)
class TaskReminderAdmin(ReadOnlyAdmin):
    """The reminders of task deadlines sent, written only by `pcitrack send_reminders`."""

    list_display = ["task", "unit", "kind", "deadline", "sent_on", "recipients"]
    list_filter = ["kind", "sent_on"]


# The queue of background work (PCITRACK_TASK_BACKEND=database), written only by the tasks framework and its worker:
# shown with each failed task's traceback, never changed.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyAdmin, DBTaskResultAdmin):
    pass
