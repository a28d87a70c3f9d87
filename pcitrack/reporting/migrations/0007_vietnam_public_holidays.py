"""Vietnam's public holidays 2024–2027 (pcitrack/core/holidays.py), for due dates.

A day already entered keeps its name and is not added again (one holiday per date). The days added are
listed in an audit record, which undoing this migration reads to remove exactly those days — unless
someone has renamed one since, which then stays as theirs.
"""

from django.db import migrations

ACTION = "holidays.preload"


def add_holidays(apps, schema_editor):
    from pcitrack.core.holidays import days_off

    Holiday = apps.get_model("reporting", "Holiday")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    existing = set(Holiday.objects.values_list("date", flat=True))
    new = [Holiday(date=day.date, name=day.name) for day in days_off() if day.date not in existing]
    Holiday.objects.bulk_create(new)
    AuditEvent.objects.create(
        action=ACTION,
        object_type="reporting.holiday",
        object_id="",
        summary=f"{len(new)} ngày nghỉ lễ, Tết 2024–2027",
        after={"added": [[h.date.isoformat(), h.name] for h in new]},
    )


def remove_holidays(apps, schema_editor):
    import datetime as dt

    Holiday = apps.get_model("reporting", "Holiday")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for event in AuditEvent.objects.filter(action=ACTION, object_type="reporting.holiday"):
        for day, name in (event.after or {}).get("added", []):
            Holiday.objects.filter(date=dt.date.fromisoformat(day), name=name).delete()
        event.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_task_reminder"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_holidays, remove_holidays)]
