"""An indicator's history: its values' events, found through the audit's subject index."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.services import accept_observation, delete_observation, save_observation, set_value_range


def _history(client, plan, no) -> str:
    html = client.get(reverse("indicator_detail", args=[plan.pk, no])).content.decode()
    return html[html.index('id="history"') :]


def _save(world, no, year, value, reason, *, user="monitor", plan=None):
    plan = plan or world.plan
    return save_observation(
        user=world.users[user], office=plan.office, indicator=plan.targets.get(no=no).indicator, year=year,
        period_type="Y", period_no=1, source="survey", value=Decimal(value), reason=reason, plan=plan,
    )  # fmt: skip


def test_an_indicator_s_history_shows_its_values_deleted_ones_too_and_no_other_s(client, world):
    kept = _save(world, 2, 2022, "41", "giá trị năm 2022", user="staff")
    accept_observation(kept, user=world.users["monitor"], plan=world.plan)
    changed = _save(world, 2, 2023, "42", "giá trị năm 2023")
    _save(world, 2, 2023, "43", "đính chính năm 2023")
    delete_observation(changed, user=world.users["monitor"], reason="nhập nhầm năm 2023", plan=world.plan)
    set_value_range(world.plan.targets.get(no=2).indicator, user=world.users["monitor"], low=None,
                    high=Decimal("90"), reason="giới hạn mới", plan=world.plan)  # fmt: skip
    _save(world, 3, 2023, "44", "chỉ tiêu khác")
    _save(world, 2, 2023, "45", "tỉnh khác", user="monitor_b", plan=world.other_plan)

    client.force_login(world.users["monitor"])
    history = _history(client, world.plan, 2)
    for reason in ("giá trị năm 2022", "giá trị năm 2023", "đính chính năm 2023", "nhập nhầm năm 2023", "giới hạn mới"):
        assert reason in history
    assert history.count("<tr><td") == 6  # created, accepted; created, changed, deleted; the range
    assert "chỉ tiêu khác" not in history and "tỉnh khác" not in history
    assert "chỉ tiêu khác" in _history(client, world.plan, 3)
    client.force_login(world.users["monitor_b"])
    other = _history(client, world.other_plan, 2)
    assert "tỉnh khác" in other and "giá trị năm 2022" not in other

    indicator = world.plan.targets.get(no=2).indicator
    mine = AuditEvent.objects.filter(subject_type="plans.indicator", subject_id=str(indicator.pk))
    assert sorted(mine.values_list("action", flat=True)) == sorted(
        ["observation.create", "observation.accept", "observation.create", "observation.update",
         "observation.delete", "indicator.range"]
    )  # fmt: skip


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["monitor", "staff"])
def test_the_indicator_page_s_queries_do_not_grow_with_its_values_and_history(client, world, persona):
    client.force_login(world.users[persona])
    url = reverse("indicator_detail", args=[world.plan.pk, 2])
    for year in (2020, 2021):
        _save(world, 2, year, "50", "")
    client.get(url)  # the first visit remembers the plan in the session
    small = _queries(client, url)
    for year in range(1960, 2020):
        obs = _save(world, 2, year, "50", "", user="staff")
        _save(world, 2, year, "51", "sửa", user="staff")
        accept_observation(obs, user=world.users["monitor"], plan=world.plan)
    Observation.objects.create(office=world.office, indicator=world.plan.targets.get(no=2).indicator, year=2024,
                               source="pci", value=60, accepted_value=60)  # fmt: skip
    assert Observation.objects.count() == 63 and AuditEvent.objects.filter(subject_id__isnull=False).count() > 180
    assert _queries(client, url) == small


BEFORE = [("audit", "0001_initial")]


def _event(Event, object_type, action, **fields):
    return Event.objects.create(object_type=object_type, object_id="1", action=action, **fields).pk


@pytest.mark.django_db(transaction=True)
def test_existing_events_get_their_indicator_from_their_json_and_the_migration_undoes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE + [("plans", "0008_plan_archived")]).apps
    Unit, Indicator = old.get_model("org", "Unit"), old.get_model("plans", "Indicator")
    Event = old.get_model("audit", "AuditEvent")
    office = Unit.objects.create(name="Văn phòng UBND tỉnh Quảng Trị", key="quang tri", kind="office")
    other = Unit.objects.create(name="Văn phòng UBND tỉnh Quảng Bình", key="quang binh", kind="office")
    indicator = Indicator.objects.create(office=office, name="Số ngày chờ đợi", key="so ngay cho doi")
    obs = "monitoring.observation"
    ids = {
        "created": _event(Event, obs, "observation.create", after={"indicator": indicator.pk, "office": office.pk}),
        "deleted": _event(Event, obs, "observation.delete", before={"indicator": indicator.pk, "office": office.pk}),
        "changed": _event(
            Event,
            obs,
            "observation.update",
            before={"indicator": indicator.pk, "office": office.pk},
            after={"indicator": indicator.pk, "office": office.pk, "value": "2"},
        ),  # fmt: skip
        # recorded before indicators were split by office: shown on no indicator's page, then or now
        "other office": _event(Event, obs, "observation.create", after={"indicator": indicator.pk, "office": other.pk}),
        "gone": _event(Event, obs, "observation.create", after={"indicator": indicator.pk + 99, "office": office.pk}),
        "range": Event.objects.create(
            object_type="plans.indicator",
            object_id=str(indicator.pk),
            action="indicator.range",
            after={"max_value": "90"},
        ).pk,  # fmt: skip
        "renamed": _event(Event, "plans.indicator", "indicator.change", after={"name": "x"}),
        "report": _event(Event, "reporting.unitreport", "report.save", after={"indicator": indicator.pk}),
    }

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    subjects = dict(AuditEvent.objects.filter(pk__in=ids.values()).values_list("pk", "subject_id"))
    given = {name for name, pk in ids.items() if subjects[pk] is not None}
    assert given == {"created", "deleted", "changed", "range"}
    assert {subjects[ids[name]] for name in given} == {str(indicator.pk)}
    assert set(AuditEvent.objects.exclude(subject_id=None).values_list("subject_type", flat=True)) == {
        "plans.indicator"
    }

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # undone: the columns go, the events stay
    assert Event.objects.filter(pk__in=ids.values()).count() == len(ids)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert set(AuditEvent.objects.exclude(subject_id=None).values_list("pk", flat=True)) == {ids[n] for n in given}


def _svg(response) -> str:
    html = response.content.decode()
    start = html.index('class="chart"')
    return html[start : html.index("</svg>", start)]


def test_the_chart_is_drawn_again_only_when_what_it_shows_changes(client, world, monkeypatch):
    from django.core.cache import cache

    from pcitrack.web import monitoring

    cache.clear()  # a chart another test drew for the same values would be kept
    drawn = []
    draw = monitoring.indicator_chart
    monkeypatch.setattr(monitoring, "indicator_chart", lambda *a, **kw: drawn.append(a[0]) or draw(*a, **kw))
    client.force_login(world.users["monitor"])
    url = reverse("indicator_detail", args=[world.plan.pk, 2])
    _save(world, 2, 2022, "41", "")
    first = _svg(client.get(url))
    assert _svg(client.get(url)) == first and len(drawn) == 1
    _save(world, 2, 2022, "47", "đính chính")
    assert client.get(url).status_code == 200 and len(drawn) == 2  # a changed value: a new chart
    assert [value for _, value in drawn[-1]["survey"]] == [47]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert _svg(client.get(url)) != first and len(drawn) == 3  # another language: its own chart
