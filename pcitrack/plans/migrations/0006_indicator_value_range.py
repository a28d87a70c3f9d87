from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_task_target_retired'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='max_value',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='empty: the natural upper limit of its unit (100 for percentages)', max_digits=14, null=True, verbose_name='highest valid value'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='min_value',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='empty: the natural lower limit of its unit (0 for percentages, days and counts)', max_digits=14, null=True, verbose_name='lowest valid value'),
        ),
    ]
