from django.contrib import admin

from pcitrack.audit.admin import ReadOnlyAdmin

from .models import Observation


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    """Values change on the indicator page or by import, which ask for a reason and keep the history."""

    list_display = ["indicator", "year", "period_type", "period_no", "source", "value"]
    list_filter = ["source", "period_type", "year"]
