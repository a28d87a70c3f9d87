import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("plans", "0003_indicator_office_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="indicators",
                to="org.unit",
                verbose_name="office",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(fields=("office", "key"), name="indicator_unique_key_per_office"),
        ),
    ]
