from django.contrib import admin

from pcitrack.audit.admin import AuditedAdmin

from .models import Document, Indicator, Plan, PlanTarget, TargetUnit, Task, TaskUnit


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ["number", "doc_type", "date", "issuer"]
    search_fields = ["number", "issuer"]


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ["ref", "plan", "kind", "section_title", "retired_at"]
    list_filter = ["plan", "kind"]
    search_fields = ["text"]
    inlines = [TaskUnitInline]


class TargetUnitInline(admin.TabularInline):
    model = TargetUnit
    extra = 0


@admin.register(PlanTarget)
class PlanTargetAdmin(AuditedAdmin):
    list_display = ["no", "indicator", "target_value", "target_year", "plan", "retired_at"]
    list_filter = ["plan"]
    inlines = [TargetUnitInline]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["name", "office", "unit_of_measure", "direction", "catalog_code", "sub_index"]
    list_filter = ["office", "direction", "sub_index"]
    search_fields = ["name", "catalog_code"]
    # Set on the indicator page, which refuses a range that recorded values break.
    readonly_fields = ["min_value", "max_value"]


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["title", "number", "date", "issuer"]
    filter_horizontal = ["citations"]
