"""Each indicator goes to the office whose plans target it or whose values it holds.

An indicator that plans of several offices shared is split: the first office keeps the row,
every other office gets a copy, and its targets and observations move to the copy.
"""

from django.db import migrations

COPIED = ["name", "key", "unit_of_measure", "direction", "direction_source", "catalog_code", "sub_index"]


def split_by_office(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    PlanTarget = apps.get_model("plans", "PlanTarget")
    Observation = apps.get_model("monitoring", "Observation")
    Unit = apps.get_model("org", "Unit")
    first_root = Unit.objects.filter(parent=None).order_by("pk").values_list("pk", flat=True).first()
    for indicator in Indicator.objects.order_by("pk"):
        offices = set(PlanTarget.objects.filter(indicator=indicator).values_list("plan__office_id", flat=True))
        offices |= set(Observation.objects.filter(indicator=indicator).values_list("office_id", flat=True))
        if not offices:
            if first_root is None:  # nothing refers to it and there is no office to give it to
                indicator.delete()
                continue
            offices = {first_root}
        first, *others = sorted(offices)
        indicator.office_id = first
        indicator.save(update_fields=["office"])
        for office_id in others:
            copy = Indicator.objects.create(office_id=office_id, **{f: getattr(indicator, f) for f in COPIED})
            PlanTarget.objects.filter(indicator=indicator, plan__office_id=office_id).update(indicator=copy)
            Observation.objects.filter(indicator=indicator, office_id=office_id).update(indicator=copy)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_indicator_office"),
        ("monitoring", "0001_initial"),
    ]

    operations = [migrations.RunPython(split_by_office, migrations.RunPython.noop)]
