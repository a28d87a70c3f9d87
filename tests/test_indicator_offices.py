"""Indicators belong to an office: another office's plan never changes them."""

from types import SimpleNamespace

import pytest

from pcitrack.audit.models import AuditEvent
from pcitrack.plans.models import Indicator
from tests.test_web_import import upload

WAITING_DAYS = "Số ngày chờ đợi để nhận được thông tin, văn bản yêu cầu (Trung vị)"


def indicator_6(plan) -> Indicator:
    return Indicator.objects.get(pk=plan.targets.get(no=6).indicator_id)


@pytest.fixture
def office_b(world, seed_text):
    """The world's second province's office, which adopted the same plan, with its own monitor."""
    return SimpleNamespace(office=world.other_office, plan=world.other_plan, monitor=world.users["monitor_b"])


def confirm_with(client, text: str, **corrections):
    response = upload(client, "ke-hoach.txt", text.encode("utf-8"))
    preview = client.get(response["Location"])
    data = {name: field.initial for name, field in preview.context["form"].fields.items()}
    return client.post(response["Location"], {**data, **corrections})


def test_each_office_has_its_own_indicators(world, office_b):
    a, b = indicator_6(world.plan), indicator_6(office_b.plan)
    assert a.pk != b.pk
    assert (a.office, b.office) == (world.office, office_b.office)
    assert a.key == b.key and a.name == b.name == WAITING_DAYS
    assert Indicator.objects.filter(office=office_b.office).count() == 18


def test_correcting_one_office_s_indicator_leaves_the_other_s_alone(client, world, office_b, seed_text):
    client.force_login(office_b.monitor)
    new_version = seed_text.replace(f"{WAITING_DAYS}\t5\t", f"{WAITING_DAYS}\t4\t", 1)
    done = confirm_with(client, new_version, direction_6="up", measure_6="giờ")
    assert done.status_code == 302
    b = indicator_6(office_b.plan)
    assert (b.direction, b.direction_source, b.unit_of_measure) == ("up", "person", "giờ")
    assert float(office_b.plan.targets.get(no=6).target_value) == 4
    a = indicator_6(world.plan)
    assert (a.direction, a.direction_source, a.unit_of_measure) == ("down", "wording", "ngày")
    assert float(world.plan.targets.get(no=6).target_value) == 5


def test_preview_corrections_apply_to_an_indicator_the_office_already_has(client, world, seed_text):
    """A second plan of the same office names indicator 6 too: the person's corrections reach it."""
    client.force_login(world.users["monitor"])
    title = "Triển khai thực hiện Nghị quyết số 02/NQ-CP ngày 05/01/2024"
    second_plan = seed_text.replace(title, "Triển khai năm 2025 " + title, 1)
    done = confirm_with(client, second_plan, direction_6="up", measure_6="giờ")
    assert done.status_code == 302 and world.office.plans.count() == 2
    indicator = indicator_6(world.plan)
    assert {p.targets.get(no=6).indicator_id for p in world.office.plans.all()} == {indicator.pk}
    assert (indicator.direction, indicator.direction_source, indicator.unit_of_measure) == ("up", "person", "giờ")
    event = AuditEvent.objects.get(action="indicator.change", object_id=str(indicator.pk))
    assert event.actor == world.users["monitor"]
    assert event.before == {"unit_of_measure": "ngày", "direction": "down", "direction_source": "wording"}


def test_a_person_s_direction_survives_the_next_version(client, world, seed_text):
    client.force_login(world.users["monitor"])
    new_version = seed_text.replace(f"{WAITING_DAYS}\t5\t", f"{WAITING_DAYS}\t4\t", 1)
    confirm_with(client, new_version, direction_6="up")
    assert indicator_6(world.plan).direction == "up"
    # The next version's preview starts from the person's choice, not from the wording.
    confirm_with(client, seed_text)
    assert (indicator_6(world.plan).direction, indicator_6(world.plan).direction_source) == ("up", "person")
    assert float(world.plan.targets.get(no=6).target_value) == 5
