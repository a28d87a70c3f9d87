"""The migration that gives indicators an office, run on a database that already holds data."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pcitrack.monitoring.models import Observation
from pcitrack.plans.models import Indicator, PlanTarget

BEFORE = [("plans", "0002_indicator_office")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets + [("monitoring", "0001_initial")]).apps


@pytest.mark.django_db(transaction=True)
def test_an_indicator_two_offices_shared_is_split_with_its_targets_and_values():
    old = _migrate(BEFORE)
    Unit, Plan = old.get_model("org", "Unit"), old.get_model("plans", "Plan")
    OldIndicator, OldTarget = old.get_model("plans", "Indicator"), old.get_model("plans", "PlanTarget")
    OldObservation = old.get_model("monitoring", "Observation")
    quang_tri = Unit.objects.create(name="Văn phòng UBND tỉnh Quảng Trị", key="quang tri", kind="office")
    quang_binh = Unit.objects.create(name="Văn phòng UBND tỉnh Quảng Bình", key="quang binh", kind="office")
    shared = OldIndicator.objects.create(name="Số ngày chờ đợi", key="so ngay cho doi", unit_of_measure="ngày",
                                         direction="down", direction_source="person")  # fmt: skip
    own = OldIndicator.objects.create(name="Chất lượng website", key="chat luong website")
    unused = OldIndicator.objects.create(name="Chỉ tiêu cũ", key="chi tieu cu")
    plans = {office: Plan.objects.create(office=office, title=f"Kế hoạch {office.name}") for office in (quang_tri, quang_binh)}  # fmt: skip
    for no, (office, plan) in enumerate(plans.items(), start=1):
        OldTarget.objects.create(plan=plan, indicator=shared, no=no)
        OldObservation.objects.create(office=office, indicator=shared, year=2024, source="pci", value=5 + no)
    OldTarget.objects.create(plan=plans[quang_binh], indicator=own, no=3)

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    first, copy = Indicator.objects.filter(key="so ngay cho doi").order_by("pk")
    assert (first.pk, first.office_id, copy.office_id) == (shared.pk, quang_tri.pk, quang_binh.pk)
    assert (copy.name, copy.unit_of_measure, copy.direction, copy.direction_source) == (
        "Số ngày chờ đợi", "ngày", "down", "person",
    )  # fmt: skip
    assert PlanTarget.objects.get(plan_id=plans[quang_tri].pk, no=1).indicator_id == first.pk
    assert PlanTarget.objects.get(plan_id=plans[quang_binh].pk, no=2).indicator_id == copy.pk
    assert float(Observation.objects.get(indicator=first).value) == 6
    assert float(Observation.objects.get(indicator=copy).value) == 7
    assert Indicator.objects.get(pk=own.pk).office_id == quang_binh.pk
    assert Indicator.objects.get(pk=unused.pk).office_id == quang_tri.pk  # nobody's: the first office's
