"""The rules of docs/progress.md, "Statuses an office can trust", one named example each."""

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pcitrack.core.progress import (
    NEEDS_ACCELERATION,
    NOT_ACHIEVED,
    NOT_AVAILABLE,
    ON_TRACK,
    TARGET_ACHIEVED,
)
from pcitrack.core.series import PLAN, Point
from pcitrack.core.status import (
    ESTIMATED_NOT_ACHIEVED,
    NO_TARGET_YEAR_VALUE,
    PROGRESS,
    STALE,
    TARGET_YEAR_VALUE,
    Milestone,
    in_force,
    judge,
)

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


# Rules 9 and 10: several targets by year, and the plan's baseline (docs/progress.md, worked examples).

TWO_TARGETS = [Milestone(2025, 80.0, "80%"), Milestone(2026, 85.0, "85%")]
SURVEY_Q2 = Point(2025, "Q", 2, "survey", 78.5)


def firms(points, as_of, **kwargs):
    options = {"targets": TWO_TARGETS, "base_year": 2024, "base_value": 75.0} | kwargs
    return judge(points, direction="up", as_of=as_of, method="linear", **options)


def test_rule_9_the_target_in_force_is_the_earliest_whose_year_has_not_ended():
    verdict = firms([SURVEY_Q2], dt.date(2025, 9, 1))
    assert (verdict.target, verdict.target_year) == (80.0, 2025)
    assert [t.in_force for t in verdict.targets] == [True, False]
    # (78.5 - 75) / (80 - 75) = 0.7 of the required change: needs acceleration
    assert verdict.status == NEEDS_ACCELERATION and verdict.assessment.value == pytest.approx(0.7)
    assert verdict.assessment.score == pytest.approx(7.1429 * 0.7 - 4.2857)


def test_rule_9_an_ended_target_is_judged_from_its_own_year_while_the_next_one_is_in_force():
    verdict = firms([SURVEY_Q2], dt.date(2026, 3, 1))
    first, second = verdict.targets
    assert (first.ended, first.in_force, first.verdict) == (True, False, ESTIMATED_NOT_ACHIEVED)
    assert first.basis.point == SURVEY_Q2
    assert second.in_force and not second.ended and second.status is None
    # the line through 75 (2024) and 78.5 (2025) reaches 82 in 2026: (82 - 75) / (85 - 75) = 0.7
    assert (verdict.target, verdict.target_year) == (85.0, 2026)
    assert verdict.assessment.projected_value == pytest.approx(82.0) and verdict.status == NEEDS_ACCELERATION
    official = firms([SURVEY_Q2, Point(2025, "Y", 1, "pci", 81.0)], dt.date(2026, 6, 1))
    assert official.targets[0].verdict == TARGET_ACHIEVED and not official.targets[0].estimated
    assert official.status == ON_TRACK and official.assessment.value == pytest.approx(1.2)  # (87 - 75) / 10


def test_rule_9_once_every_year_has_ended_the_last_target_is_in_force():
    verdict = firms([SURVEY_Q2, Point(2025, "Y", 1, "pci", 81.0)], dt.date(2027, 2, 1))
    assert (verdict.target_year, verdict.status, verdict.reason) == (2026, NOT_AVAILABLE, NO_TARGET_YEAR_VALUE)
    assert [t.in_force for t in verdict.targets] == [False, True]
    assert verdict.targets[0].verdict == TARGET_ACHIEVED and verdict.targets[1].status == NOT_AVAILABLE


def test_rule_9_a_target_in_words_is_shown_never_judged_and_in_force_reads_progress_without_a_target():
    targets = [Milestone(2025, 80.0, "80%"), Milestone(2026, None, "Duy trì")]
    points = [Point(2024, "Y", 1, "survey", 70.0), Point(2025, "Y", 1, "survey", 82.0)]
    verdict = judge(points, targets=targets, direction="up", as_of=dt.date(2026, 4, 1))
    assert verdict.targets[0].status == TARGET_ACHIEVED and verdict.targets[1].status is None
    assert verdict.target is None and verdict.target_year == 2026
    assert verdict.assessment.target is None and verdict.status == ON_TRACK  # growth 17 % a year, no target
    ended = judge(points, targets=targets, direction="up", as_of=dt.date(2027, 4, 1))
    assert ended.targets[1].ended and ended.targets[1].status is None


def test_rule_9_a_target_without_a_year_is_in_force_only_when_none_has_one():
    assert in_force([Milestone(None, 1.0), Milestone(2025, 2.0)], dt.date(2030, 1, 1)) == 1
    assert in_force([Milestone(None, 1.0), Milestone(None, 2.0)], dt.date(2030, 1, 1)) == 1
    assert in_force([], dt.date(2030, 1, 1)) is None


def test_rule_10_the_plan_s_baseline_stands_in_for_an_unmeasured_base_year():
    verdict = firms([SURVEY_Q2], dt.date(2025, 9, 1))
    assert verdict.baseline == Point(2024, "Y", 1, PLAN, 75.0)
    assert verdict.assessment.base_from_plan and (verdict.assessment.base_year, verdict.assessment.base_value) == (
        2024,
        75.0,
    )
    assert verdict.basis.point == SURVEY_Q2  # the plan's value is never the basis
    without = firms([SURVEY_Q2], dt.date(2025, 9, 1), base_value=None)
    assert (without.status, without.assessment.notes, without.baseline) == (NOT_AVAILABLE, ["one_year_only"], None)


def test_rule_10_a_value_measured_in_the_base_year_wins_over_the_plan_s():
    days = [Point(2024, "Y", 1, "admin", 8.0)]
    options = {"target": 5.0, "target_year": 2026, "direction": "down", "as_of": dt.date(2025, 6, 1), "base_year": 2023}
    stated = judge(days, base_value=10.0, **options)
    # (8/10) - 1 = -0.2 against (5/10)^(1/3) - 1 = -0.2063: 0.969, on track
    assert stated.status == ON_TRACK and stated.assessment.value == pytest.approx(0.96946, abs=1e-5)
    measured = judge([Point(2023, "Y", 1, "admin", 9.0), *days], base_value=10.0, **options)
    # (8/9) - 1 = -0.1111 against (5/9)^(1/3) - 1 = -0.1779: 0.624, needs acceleration
    assert measured.status == NEEDS_ACCELERATION and measured.assessment.value == pytest.approx(0.62447, abs=1e-5)
    assert measured.baseline is None and not measured.assessment.base_from_plan


def test_rule_10_the_plan_s_value_never_makes_old_data_fresh_nor_decides_a_target_year():
    old = [Point(2016, "Y", 1, "pci", 60.0)]
    stale = judge(old, target=80.0, target_year=2026, direction="up", as_of=dt.date(2025, 6, 1), base_year=2024,
                  base_value=75.0)  # fmt: skip
    assert (stale.status, stale.reason, stale.basis.point.year) == (NOT_AVAILABLE, STALE, 2016)
    after = judge([], target=80.0, target_year=2024, direction="up", as_of=dt.date(2025, 6, 1), base_year=2024,
                  base_value=90.0)  # fmt: skip
    assert (after.status, after.reason) == (NOT_AVAILABLE, NO_TARGET_YEAR_VALUE)
    earlier = [Point(2022, "Y", 1, "survey", 60.0), Point(2023, "Y", 1, "survey", 62.0)]
    before = judge(earlier, target=80.0, target_year=2026, direction="up", as_of=dt.date(2024, 6, 1), base_year=2024,
                   base_value=75.0, method="linear")  # fmt: skip
    assert before.status == NOT_AVAILABLE and "base_after_data" in before.assessment.notes
    future = judge(earlier, target=80.0, target_year=2026, direction="up", as_of=dt.date(2023, 6, 1), base_year=2024,
                   base_value=75.0)  # fmt: skip
    assert future.baseline is None  # a baseline year that has not begun is not used


def test_rule_10_the_latest_value_is_measured_even_when_the_plan_s_is_later():
    points = [Point(2022, "Y", 1, "survey", 60.0), Point(2023, "Y", 1, "survey", 70.0)]
    verdict = judge(points, target=70.0, target_year=2026, direction="up", as_of=dt.date(2025, 1, 1), base_year=2024,
                    base_value=20.0, method="linear")  # fmt: skip
    assert verdict.basis.point.year == 2023 and verdict.assessment.current_value == 70.0


target_values = st.one_of(st.none(), st.floats(min_value=0, max_value=100))
target_years = st.one_of(st.none(), st.integers(min_value=2005, max_value=2032))
as_of_dates = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2034, 12, 31))


def _same(a, b):
    """The same verdict, read the same way (repr: a NaN growth equals itself)."""
    assert (a.status, a.reason, a.basis, a.target, a.target_year, a.series) == (
        b.status,
        b.reason,
        b.basis,
        b.target,
        b.target_year,
        b.series,
    )
    assert repr(a.assessment) == repr(b.assessment)


@given(
    points,
    target_values,
    target_years,
    as_of_dates,
    st.sampled_from(["up", "down"]),
    st.sampled_from(["statcan", "linear"]),
)
def test_one_target_by_year_judges_exactly_as_the_single_target(points, value, year, as_of, direction, method):
    single = judge(points, target=value, target_year=year, direction=direction, as_of=as_of, method=method)
    listed = judge(points, targets=[Milestone(year, value, "")], direction=direction, as_of=as_of, method=method)
    _same(single, listed)


@given(points, st.floats(min_value=1, max_value=100), st.integers(2005, 2030), st.integers(1, 5), as_of_dates)
def test_a_target_ahead_changes_nothing_about_the_one_in_force(points, value, year, later, as_of):
    assume(as_of.year <= year)
    first = Milestone(year, value, "")
    alone = judge(points, targets=[first], direction="up", as_of=as_of, method="linear")
    both = judge(points, targets=[first, Milestone(year + later, value + 1, "")], direction="up", as_of=as_of,
                 method="linear")  # fmt: skip
    _same(alone, both)


@given(st.lists(st.builds(Milestone, target_years, target_values), max_size=5), as_of_dates)
def test_the_target_in_force_has_not_ended_unless_every_target_has(targets, as_of):
    chosen = in_force(targets, as_of)
    if not targets:
        assert chosen is None
        return
    dated = [t.year for t in targets if t.year is not None]
    year = targets[chosen].year
    if any(y >= as_of.year for y in dated):
        assert year is not None and year >= as_of.year and year == min(y for y in dated if y >= as_of.year)
    elif dated:
        assert year == max(dated)


@given(points, st.integers(2005, 2030), st.floats(min_value=0, max_value=100), sources, as_of_dates,
       st.sampled_from(["up", "down"]), st.sampled_from(["statcan", "linear"]))  # fmt: skip
def test_a_baseline_for_a_year_with_a_measured_value_changes_nothing(points, year, value, source, as_of, direction,
                                                                     method):  # fmt: skip
    measured = [*points, Point(year, "Y", 1, source, value)]
    options = {"target": 60.0, "target_year": 2027, "direction": direction, "as_of": as_of, "method": method}
    _same(judge(measured, base_year=year, **options), judge(measured, base_year=year, base_value=value, **options))


@given(points, st.integers(2005, 2030), st.floats(min_value=0, max_value=100), as_of_dates)
def test_a_verdict_never_rests_on_the_plan_s_baseline(points, year, value, as_of):
    verdict = judge(points, target=60.0, target_year=2027, direction="up", as_of=as_of, base_year=year,
                    base_value=value, method="linear")  # fmt: skip
    assert verdict.basis is None or verdict.basis.point.source != PLAN
    for state in verdict.targets:
        assert state.basis is None or state.basis.point.source != PLAN
    if verdict.assessment is not None and verdict.assessment.current_year is not None:
        assert verdict.assessment.current_year == verdict.basis.point.year
