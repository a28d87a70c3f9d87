"""Audit events name the object they concern beyond their own row, indexed with the time.

An observation's events concern its indicator, and so does the change of an indicator's valid
range: the indicator page reads its history through this index instead of searching every
event's before/after JSON. Existing events are filled from their JSON, in a few set-wise
UPDATEs (the same statements on SQLite and PostgreSQL); undoing the migration drops the columns.
"""

from django.db import migrations, models
from django.db.models import CharField, Exists, F, IntegerField, OuterRef
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

INDICATOR = "plans.indicator"


def fill_subjects(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Indicator = apps.get_model("plans", "Indicator")
    # An observation's event names its indicator and office in `after` (`before` for a deletion). It is given the
    # indicator as subject only when the office is the indicator's: a value recorded before indicators were split
    # by office showed on no indicator's page, and still does not.
    for side in ("after", "before"):
        events = AuditEvent.objects.filter(
            object_type="monitoring.observation", subject_type=None, **{f"{side}__has_key": "indicator"}
        )
        events.annotate(
            indicator_pk=Cast(KT(f"{side}__indicator"), IntegerField()),
            office_pk=Cast(KT(f"{side}__office"), IntegerField()),
        ).filter(
            Exists(Indicator.objects.filter(pk=OuterRef("indicator_pk"), office_id=OuterRef("office_pk")))
        ).update(subject_type=INDICATOR, subject_id=Cast(KT(f"{side}__indicator"), CharField()))
    AuditEvent.objects.filter(object_type=INDICATOR, action="indicator.range").update(
        subject_type=INDICATOR, subject_id=F("object_id")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
        ('plans', '0008_plan_archived'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='subject_id',
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name='subject id'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='subject_type',
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name='subject type'),
        ),
        migrations.RunPython(fill_subjects, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['subject_type', 'subject_id', 'at'], name='audit_subject_at_idx'),
        ),
    ]
