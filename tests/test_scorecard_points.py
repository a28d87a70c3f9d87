"""The scorecard reads only the observations an assessment needs, and judges as if it had read them all."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import assess_target, observation_points, plan_targets, scorecard
from pcitrack.plans.models import Indicator, PlanTarget

SOURCES = ["pci", "survey", "admin", "unit_report"]
AS_OF = [
    dt.date(2019, 1, 1),
    dt.date(2022, 3, 31),
    dt.date(2023, 4, 1),
    dt.date(2024, 7, 1),
    dt.date(2024, 7, 2),
    dt.date(2024, 12, 31),
    dt.date(2025, 5, 14),
    dt.date(2026, 2, 1),
    dt.date(2030, 1, 1),
]


def fill(world, seed: int) -> int:
    """Values of every indicator of the plan in yearly, half-yearly and quarterly periods from several sources, some
    waiting for acceptance or sample data; a source measures a year either by halves or by quarters (the two, which
    begin together, would leave which one counts to chance), its yearly value beside them or not."""
    rng = random.Random(seed)
    rows = []
    for target in world.plan.targets.all():
        level = rng.uniform(5, 95)
        for year in range(2014, 2027):
            for source in rng.sample(SOURCES, rng.randint(0, 4)):
                periods = [("Y", 1)] if rng.random() < 0.5 else []
                kind = rng.choice(["Q", "H", None])
                if kind:
                    count = 4 if kind == "Q" else 2
                    periods += [(kind, n) for n in sorted(rng.sample(range(1, count + 1), rng.randint(1, count)))]
                for period_type, period_no in periods:
                    level = min(100, max(0, level + rng.gauss(0.5, 3)))
                    value = Decimal(f"{level:.4f}")
                    pending = rng.random() < 0.1
                    rows.append(
                        Observation(
                            office=world.office,
                            indicator=target.indicator,
                            year=year,
                            period_type=period_type,
                            period_no=period_no,
                            source=source,
                            value=value,
                            accepted_value=None if pending else value,
                            is_sample=rng.random() < 0.2,
                        )
                    )
    Observation.objects.bulk_create(rows)
    return len(rows)


def every_value_read(plan, as_of):
    """The scorecard as assessed from every accepted observation."""
    targets = plan_targets(plan)
    points = observation_points(plan.office_id, [t.indicator_id for t in targets])
    return [assess_target(t, points.get(t.indicator_id, []), as_of) for t in targets]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scorecard_judges_as_if_it_read_every_value(world, seed):
    # Targets by year and a stated baseline on some indicators, so that every rule has something to read.
    for target in world.plan.targets.all()[:6]:
        target.yearly_targets = [{"year": 2023, "value": 40}, {"year": 2025, "value": 70}]
        target.baseline_year, target.baseline_value = 2019, Decimal("35")
        target.save()
    assert fill(world, seed) > 500
    compared = 0
    for as_of in AS_OF:
        expected = every_value_read(world.plan, as_of)
        found = scorecard(world.plan, as_of)
        assert [r.target.pk for r in found] == [r.target.pk for r in expected]
        for new, old in zip(found, expected, strict=True):
            assert new.judgement == old.judgement, (as_of, new.target.no)
            assert new.latest == old.latest, (as_of, new.target.no)
            assert new.trend == old.trend, (as_of, new.target.no)
            compared += new.latest is not None
    assert compared > 50


def test_scorecard_reads_a_fraction_of_the_rows(world):
    fill(world, 4)
    with CaptureQueriesContext(connection) as ctx:
        scorecard(world.plan, dt.date(2026, 2, 1))
    assert len(ctx.captured_queries) == 3  # targets, their units, the values
    read = sum(len(r.points) for r in scorecard(world.plan, dt.date(2026, 2, 1)))
    stored = Observation.objects.filter(office=world.office, accepted_value__isnull=False).count()
    assert read <= 13 * 2 * world.plan.targets.count() < stored  # a year's best and the latest, at most


def test_scorecard_query_count_does_not_grow_with_quarterly_values(world, client):
    client.force_login(world.users["monitor"])
    url = reverse("plan_scorecard", args=[world.plan.pk])
    client.get(url)  # the first visit remembers the plan in the session; later ones read it
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for no in range(19, 60):
        indicator = Indicator.objects.create(
            office=world.office, name=f"Chỉ tiêu thử {no}", key=f"chi tieu thu {no}", unit_of_measure="%"
        )
        PlanTarget.objects.create(plan=world.plan, indicator=indicator, no=no, target_value=80, target_year=2025)
    fill(world, 5)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200 and response.content.count(b'<tr id="row-') == 59
    assert len(large.captured_queries) == len(small.captured_queries)
