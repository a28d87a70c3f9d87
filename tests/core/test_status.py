"""The rules of docs/progress.md, "Statuses an office can trust", one named example each."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcitrack.core.progress import NOT_ACHIEVED, NOT_AVAILABLE, ON_TRACK, TARGET_ACHIEVED
from pcitrack.core.series import Point
from pcitrack.core.status import NO_TARGET_YEAR_VALUE, PROGRESS, STALE, TARGET_YEAR_VALUE, judge

VCCI = [Point(2013, "Y", 1, "pci", 80.0), Point(2016, "Y", 1, "pci", 84.0)]


def share(points, as_of, target=100.0, target_year=2025, direction="up"):
    return judge(points, target=target, target_year=target_year, direction=direction, as_of=as_of, method="linear")


def test_rule_1_only_what_was_measured_by_the_as_of_date_counts():
    points = [*VCCI, Point(2024, "Y", 1, "survey", 99.0), Point(2025, "Y", 1, "survey", 100.0)]
    early = share(points, dt.date(2024, 6, 1))
    assert early.basis.point.year == 2024 and early.status != TARGET_ACHIEVED
    assert share(points, dt.date(2025, 6, 1)).status == TARGET_ACHIEVED


def test_rule_2_after_the_target_year_the_official_value_of_that_year_is_final():
    points = [*VCCI, Point(2025, "Y", 1, "survey", 100.0), Point(2025, "Y", 1, "pci", 97.0)]
    verdict = share(points, dt.date(2026, 6, 1))
    assert (verdict.status, verdict.estimated, verdict.reason) == (NOT_ACHIEVED, False, TARGET_YEAR_VALUE)
    assert verdict.basis.point.source == "pci" and verdict.basis.point.value == 97.0


def test_rule_2_without_an_official_value_the_best_estimate_of_that_year_decides_and_says_so():
    points = [*VCCI, Point(2025, "Q", 4, "unit_report", 100.0), Point(2025, "Y", 1, "admin", 99.0)]
    verdict = share(points, dt.date(2026, 3, 1))
    assert (verdict.status, verdict.estimated) == (NOT_ACHIEVED, True)  # "ước không đạt"
    assert verdict.basis.point.source == "admin"  # administrative records outrank a unit's report
    survey = share([*points, Point(2025, "Y", 1, "survey", 100.0)], dt.date(2026, 3, 1))
    assert (survey.status, survey.estimated, survey.basis.point.source) == (TARGET_ACHIEVED, True, "survey")


def test_rule_2_no_value_for_the_target_year_is_said_as_such():
    verdict = share([*VCCI, Point(2024, "Y", 1, "survey", 100.0)], dt.date(2026, 1, 15))
    assert (verdict.status, verdict.reason, verdict.basis) == (NOT_AVAILABLE, NO_TARGET_YEAR_VALUE, None)


def test_rule_3_a_newer_estimate_is_never_ignored_because_an_older_official_value_exists():
    """The issue's case: 85,5 % in 2025 against 100 % is not "on track" because of 2013-2016 VCCI values."""
    points = [Point(2013, "Y", 1, "pci", 30.0), Point(2016, "Y", 1, "pci", 60.0), Point(2025, "Q", 2, "survey", 85.5)]
    during = share(points, dt.date(2025, 9, 1))
    assert during.basis.point == Point(2025, "Q", 2, "survey", 85.5) and during.estimated
    assert during.status != ON_TRACK and during.reason == PROGRESS
    assert share(points, dt.date(2026, 2, 1)).status == NOT_ACHIEVED


def test_rule_3_data_older_than_three_years_judge_nothing():
    verdict = share(VCCI, dt.date(2020, 1, 1))
    assert (verdict.status, verdict.reason) == (NOT_AVAILABLE, STALE)
    assert verdict.basis.point.year == 2016  # said, so the page can name the old value
    assert share(VCCI, dt.date(2019, 12, 31)).reason == PROGRESS


def test_rule_4_a_value_meeting_the_target_early_is_achieved_whichever_way_is_better():
    assert share([Point(2023, "Y", 1, "survey", 100.0)], dt.date(2024, 1, 1)).status == TARGET_ACHIEVED
    days = [Point(2022, "Y", 1, "admin", 9.0), Point(2023, "Y", 1, "admin", 4.0)]
    lower = judge(days, target=5, target_year=2025, direction="down", as_of=dt.date(2024, 1, 1))
    assert lower.status == TARGET_ACHIEVED
    higher = judge(days, target=5, target_year=2025, direction="up", as_of=dt.date(2024, 1, 1))
    assert higher.status != TARGET_ACHIEVED
    after = judge(days, target=5, target_year=2023, direction="down", as_of=dt.date(2024, 1, 1))
    assert after.status == TARGET_ACHIEVED and after.estimated  # administrative records: an estimate


def test_rule_5_every_verdict_carries_the_value_it_rests_on():
    verdict = share([*VCCI, Point(2024, "H", 1, "survey", 90.0)], dt.date(2024, 9, 1))
    assert verdict.basis.to_dict() == {"source": "survey", "year": 2024, "period": "H1", "value": 90.0}
    assert verdict.estimated
    official = share(VCCI, dt.date(2017, 1, 1))
    assert official.basis.to_dict()["source"] == "pci" and not official.estimated


years = st.integers(min_value=2005, max_value=2030)
sources = st.sampled_from(["pci", "survey", "admin", "unit_report"])
points = st.lists(
    st.builds(Point, years, st.just("Y"), st.just(1), sources, st.floats(min_value=0, max_value=100)), max_size=12
)


@given(
    points, st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2032, 12, 31)), st.sampled_from(["up", "down"])
)
def test_a_verdict_never_rests_on_a_value_measured_after_its_date_or_on_a_stale_one(points, as_of, direction):
    verdict = judge(points, target=50, target_year=2025, direction=direction, as_of=as_of, method="linear")
    if verdict.basis is not None:
        assert verdict.basis.point.year <= as_of.year
    if verdict.status not in (NOT_AVAILABLE,):
        assert verdict.basis is not None
        assert as_of.year > 2025 or as_of.year - verdict.basis.point.year <= 3
    if verdict.status in (TARGET_ACHIEVED, NOT_ACHIEVED) and as_of.year > 2025:
        assert verdict.basis.point.year == 2025


@pytest.mark.parametrize("direction", ["up", "down"])
def test_after_the_target_year_achieved_and_not_achieved_follow_the_direction(direction):
    point = [Point(2025, "Y", 1, "pci", 40.0)]
    verdict = judge(point, target=50, target_year=2025, direction=direction, as_of=dt.date(2026, 5, 1))
    assert verdict.status == (NOT_ACHIEVED if direction == "up" else TARGET_ACHIEVED)


def test_every_verdict_has_its_colour_in_the_report_s_chart():
    from pcitrack.core.charts import STATUS_COLOURS
    from pcitrack.core.status import VERDICTS, verdict, verdict_parts

    assert set(STATUS_COLOURS) == set(VERDICTS)
    for key in VERDICTS:
        assert verdict(*verdict_parts(key)) == key
