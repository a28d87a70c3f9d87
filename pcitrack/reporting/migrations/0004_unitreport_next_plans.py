from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0003_generatedreport_request_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='unitreport',
            name='next_plans',
            field=models.TextField(blank=True, verbose_name='plans for the next period'),
        ),
    ]
