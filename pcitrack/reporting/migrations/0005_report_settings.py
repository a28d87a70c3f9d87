import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('reporting', '0004_unitreport_next_plans'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('parent_body', models.CharField(blank=True, help_text="e.g. UBND TỈNH QUẢNG TRỊ; empty: from the plan's province", max_length=255, verbose_name='governing body')),
                ('issuing_body', models.CharField(blank=True, help_text="e.g. VĂN PHÒNG; empty: the office's name", max_length=255, verbose_name='issuing body')),
                ('place', models.CharField(blank=True, help_text="e.g. Quảng Trị; empty: the plan's province", max_length=128, verbose_name='place on the date line')),
                ('number_code', models.CharField(blank=True, help_text='VP gives “Số:      /BC-VP”', max_length=32, verbose_name='code after the number')),
                ('signer_authority', models.CharField(blank=True, default='KT. CHÁNH VĂN PHÒNG', help_text='e.g. KT. CHÁNH VĂN PHÒNG; empty when the head signs', max_length=128, verbose_name='signing on behalf of')),
                ('signer_title', models.CharField(blank=True, default='PHÓ CHÁNH VĂN PHÒNG', help_text='e.g. PHÓ CHÁNH VĂN PHÒNG', max_length=128, verbose_name="signer's title")),
                ('signer_name', models.CharField(blank=True, max_length=128, verbose_name="signer's full name")),
                ('recipients', models.TextField(blank=True, default='Lãnh đạo Văn phòng\nCác phòng, ban, đơn vị\nLưu: VT.', help_text='one per line, e.g. Lưu: VT.', verbose_name='recipients')),
                ('office', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='report_settings', to='org.unit', verbose_name='office')),
            ],
            options={
                'verbose_name': 'official report settings',
                'verbose_name_plural': 'official report settings',
            },
        ),
    ]
