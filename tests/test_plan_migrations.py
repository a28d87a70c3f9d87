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


@pytest.mark.django_db(transaction=True)
def test_a_target_stored_before_targets_by_year_becomes_its_plans_only_one():
    old = _migrate([("plans", "0006_indicator_value_range")])
    Unit, Plan = old.get_model("org", "Unit"), old.get_model("plans", "Plan")
    OldIndicator, OldTarget = old.get_model("plans", "Indicator"), old.get_model("plans", "PlanTarget")
    office = Unit.objects.create(name="Văn phòng UBND tỉnh Quảng Trị", key="quang tri", kind="office")
    plan = Plan.objects.create(office=office, title="Kế hoạch")
    numbers = OldIndicator.objects.create(office=office, name="Tỷ lệ A", key="ty le a")
    words = OldIndicator.objects.create(office=office, name="Thứ hạng", key="thu hang")
    blank = OldIndicator.objects.create(office=office, name="Chưa có mục tiêu", key="chua co")
    OldTarget.objects.create(plan=plan, indicator=numbers, no=1, target_value=70, target_text="70%", target_year=2025)
    OldTarget.objects.create(plan=plan, indicator=words, no=2, target_text="Tăng 2 - 4 bậc", target_year=2025)
    OldTarget.objects.create(plan=plan, indicator=blank, no=3)

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    by_no = {t.no: t.yearly_targets for t in PlanTarget.objects.filter(plan_id=plan.pk)}
    assert by_no == {
        1: [{"year": 2025, "value": 70.0, "text": "70%"}],
        2: [{"year": 2025, "value": None, "text": "Tăng 2 - 4 bậc"}],
        3: [],
    }
