from django.db import migrations, models


class Migration(migrations.Migration):
    """Tasks and targets a new version of the plan drops are retired, not deleted; a retired task keeps its
    reference while a task of the new version takes it."""

    dependencies = [
        ("plans", "0004_indicator_office_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                help_text="a new version of the plan dropped it",
                null=True,
                verbose_name="no longer in the plan since",
            ),
        ),
        migrations.AddField(
            model_name="plantarget",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                help_text="a new version of the plan dropped it",
                null=True,
                verbose_name="no longer in the plan since",
            ),
        ),
        migrations.RemoveConstraint(model_name="task", name="task_unique_ref"),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.UniqueConstraint(
                condition=models.Q(("retired_at__isnull", True)), fields=("plan", "ref"), name="task_unique_ref"
            ),
        ),
        migrations.RemoveConstraint(model_name="plantarget", name="target_unique_indicator"),
        migrations.AddConstraint(
            model_name="plantarget",
            constraint=models.UniqueConstraint(
                condition=models.Q(("retired_at__isnull", True)),
                fields=("plan", "indicator"),
                name="target_unique_indicator",
            ),
        ),
    ]
