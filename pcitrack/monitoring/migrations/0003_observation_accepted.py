import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def accept_existing(apps, schema_editor):
    """Every value saved before acceptance existed counted for its status: it stays counted."""
    apps.get_model("monitoring", "Observation").objects.update(accepted_value=F("value"), accepted_at=F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0002_observation_report'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='observation',
            name='accepted_value',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='the value statuses rest on; a change a unit typed counts only once a monitor accepts it', max_digits=14, null=True, verbose_name='value that counts'),
        ),
        migrations.AddField(
            model_name='observation',
            name='accepted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='accepted at'),
        ),
        migrations.AddField(
            model_name='observation',
            name='accepted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='accepted by'),
        ),
        migrations.RunPython(accept_existing, migrations.RunPython.noop),
    ]
