from django.contrib import admin

from .models import Observation


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "period_type", "period_no", "source", "value"]
    list_filter = ["source", "period_type", "year"]
