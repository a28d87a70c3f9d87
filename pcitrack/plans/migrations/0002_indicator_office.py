import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Indicators become the office's own: first the column, filled by 0003, required by 0004."""

    dependencies = [
        ("org", "0001_initial"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="office",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="indicators",
                to="org.unit",
                verbose_name="office",
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="key",
            field=models.CharField(editable=False, max_length=500),
        ),
    ]
