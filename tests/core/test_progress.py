"""Progress assessment. Worked examples are computed by hand in the comments."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pcitrack.core.progress import (
    DETERIORATION,
    LIMITED_PROGRESS,
    NEEDS_ACCELERATION,
    NOT_AVAILABLE,
    ON_TRACK,
    TARGET_ACHIEVED,
    assess,
)


def test_on_track_with_target():
    # CAGR observed (40/30)^(1/3)-1 = 0.10064; required (60/30)^(1/12)-1 = 0.05946; ratio 1.6926
    a = assess({2013: 30, 2016: 40}, target=60, target_year=2025, direction="up")
    assert a.status == ON_TRACK
    assert a.observed_growth == pytest.approx(0.100642, abs=1e-6)
    assert a.required_growth == pytest.approx(0.059463, abs=1e-6)
    assert a.value == pytest.approx(1.69252, abs=1e-4)
    assert a.score == 5  # min(7.1429 * 1.6925 - 4.2857, 5)
    assert (a.base_year, a.base_value, a.current_year, a.current_value) == (2013, 30, 2016, 40)


def test_lower_is_better_limited_progress():
    # Days waiting 10 -> 9 in 3 years, target 5 by 2025: observed -0.034511, required -0.129449
    # value = 1 * -1 * -0.034511 / 0.129449 = 0.26660; score 4.1667 * 0.2666 - 2.5 = -1.3892
    a = assess({2020: 10, 2023: 9}, target=5, target_year=2025, direction="down")
    assert a.status == LIMITED_PROGRESS
    assert a.value == pytest.approx(0.266597, abs=1e-5)
    assert a.score == pytest.approx(-1.38918, abs=1e-4)


def test_needs_acceleration():
    # observed (55/50)^(1/2)-1 = 0.048809; required (70/50)^(1/6)-1 = 0.057681; ratio 0.84619
    a = assess({2020: 50, 2021: 52, 2022: 55}, target=70, target_year=2026, direction="up")
    assert a.status == NEEDS_ACCELERATION
    assert a.value == pytest.approx(0.84619, abs=1e-5)
    assert a.score == pytest.approx(7.1429 * 0.84619 - 4.2857, abs=1e-4)


def test_deterioration_scores_are_bounded():
    a = assess({2020: 50, 2021: 20}, target=70, target_year=2026, direction="up")
    assert a.status == DETERIORATION
    assert a.score == -5  # 4.1667 * (-0.6 / 0.0577) - 2.5 is far below -5


def test_target_achieved_wins_over_everything():
    assert assess({2024: 100}, target=100, target_year=2025, direction="up").status == TARGET_ACHIEVED
    # 4 -> 6 when lower is better: observed 0.5, required (5/4)^(1/5)-1 = 0.04564, value -10.95
    a = assess({2020: 4, 2021: 6}, target=5, target_year=2025, direction="down")
    assert (a.status, a.score) == (DETERIORATION, -5)
    b = assess({2020: 6, 2021: 4}, target=5, target_year=2025, direction="down")
    assert (b.status, b.score) == (TARGET_ACHIEVED, 5)


def test_one_year_is_not_enough_unless_the_target_is_met():
    a = assess({2024: 40}, target=60, target_year=2025, direction="up")
    assert (a.status, a.score, a.notes) == (NOT_AVAILABLE, None, ["one_year_only"])


def test_missing_base_year_moves_to_the_next_year():
    a = assess({2013: 20, 2016: 30, 2019: 40}, target=60, target_year=2025, direction="up", base_year=2015)
    assert (a.base_year, a.base_value) == (2016, 30)
    assert assess({2013: 20}, target=60, target_year=2025, direction="up", base_year=2015).status == NOT_AVAILABLE


def test_the_plan_s_value_for_the_base_year_stands_in_when_the_series_has_none():
    # base 10 (plan, 2023), current 8 (2024): observed -0.2, required (5/10)^(1/3)-1 = -0.206299; value 0.96946
    a = assess({2024: 8}, target=5, target_year=2026, direction="down", base_year=2023, base_value=10)
    assert (a.base_year, a.base_value, a.base_from_plan, a.current_value) == (2023, 10, True, 8)
    assert a.status == ON_TRACK and a.value == pytest.approx(0.96946, abs=1e-5)
    assert a.score == pytest.approx(7.1429 * 0.96946 - 4.2857, abs=1e-4)


def test_a_measured_base_year_wins_over_the_plan_s_value():
    a = assess({2023: 9, 2024: 8}, target=5, target_year=2026, direction="down", base_year=2023, base_value=10)
    assert (a.base_value, a.base_from_plan) == (9, False)
    assert a.status == NEEDS_ACCELERATION and a.value == pytest.approx(0.62447, abs=1e-5)


def test_the_plan_s_base_is_the_first_point_of_the_linear_trend():
    # 75 (plan, 2024) and 78.5 (2025): the line reaches 78.5 in 2025, 0.7 of the 5 points required
    a = assess(
        {2025: 78.5}, target=80, target_year=2025, direction="up", base_year=2024, base_value=75, method="linear"
    )
    assert a.projected_value == pytest.approx(78.5) and a.value == pytest.approx(0.7)
    assert a.status == NEEDS_ACCELERATION
    # older values before the base year are left out, as for a measured base
    b = assess({2016: 10, 2025: 78.5}, target=80, target_year=2025, direction="up", base_year=2024, base_value=75,
               method="linear")  # fmt: skip
    assert b.value == pytest.approx(0.7)


def test_the_plan_s_base_is_never_the_latest_value():
    a = assess({2022: 60, 2023: 70}, target=70, target_year=2026, direction="up", base_year=2024, base_value=20)
    assert (a.status, a.current_year, a.notes) == (NOT_AVAILABLE, 2023, ["base_from_plan", "base_after_data"])
    assert assess({}, target=70, target_year=2026, direction="up", base_year=2024, base_value=20).notes == ["no_data"]


def test_zero_target_and_zero_base_are_read_as_one_thousandth():
    a = assess({2020: 0, 2022: 0.002}, target=0, target_year=2030, direction="down")
    assert "zero_target" in a.notes and "zero_base" in a.notes
    # base 0.001, current 0.002: observed 2^(1/2)-1 = 0.41421; required (0.001/0.001)^(1/10)-1 = 0 -> -inf
    assert a.value == -math.inf and a.status == DETERIORATION and a.score == -5


def test_values_of_mixed_sign_are_not_assessed():
    a = assess({2020: -2, 2022: 3}, target=10, target_year=2030, direction="up")
    assert (a.status, a.value, a.notes) == (NOT_AVAILABLE, None, ["mixed_signs"])


def test_no_target_uses_growth_thresholds():
    # growth (1.03)^(1/1)-1 = 0.03 >= 0.015: substantial; score min(500*0.03 - 5, 5) = 5
    a = assess({2020: 100, 2021: 103}, target=None, target_year=None, direction="up")
    assert (a.status, a.score) == (ON_TRACK, 5)
    # 0.01 growth: moderate; score 250*0.01 - 1.25 = 1.25
    b = assess({2020: 100, 2021: 101}, target=None, target_year=None, direction="up")
    assert b.status == NEEDS_ACCELERATION and b.score == pytest.approx(1.25)


def test_no_target_thresholds_shrink_near_the_limit():
    # base 90 with limit 100: coefficient 1 - (90/100)^4.44 = 0.37359; high threshold 0.015 * 0.37359
    a = assess({2020: 90, 2021: 90.8}, target=None, target_year=None, direction="up", limit=100)
    assert a.thresholds["coefficient"] == pytest.approx(1 - 0.9**4.44)
    assert a.value == pytest.approx(0.0088889, abs=1e-6)
    assert a.status == ON_TRACK  # 0.00889 >= 0.0056; without the limit it would be moderate
    assert assess({2020: 90, 2021: 90.8}, target=None, target_year=None, direction="up").status == NEEDS_ACCELERATION


def test_linear_projection_for_percentages():
    # Equal steps of +2 a year from 50 (2020) to 56 (2023): the trend reaches 60 in 2025.
    a = assess({2020: 50, 2021: 52, 2022: 54, 2023: 56}, target=70, target_year=2025, direction="up", method="linear")
    assert a.projected_value == pytest.approx(60.0)
    assert a.value == pytest.approx((60 - 50) / (70 - 50))  # half of the required change
    assert a.status == LIMITED_PROGRESS


def test_linear_projection_is_clamped_to_the_scale():
    a = assess({2020: 80, 2022: 98}, target=99, target_year=2030, direction="up", method="linear")
    assert a.projected_value == 100.0
    assert a.status == ON_TRACK


def test_linear_weights_recent_years_more():
    # Flat for five years, then rising: the weighted trend is steeper than an unweighted one.
    series = {2016: 50, 2017: 50, 2018: 50, 2019: 50, 2020: 50, 2021: 52, 2022: 56}
    a = assess(series, target=90, target_year=2026, direction="up", method="linear")
    xs, ys = list(series), list(series.values())
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    unweighted = my + slope * (2026 - mx)
    assert a.projected_value > unweighted + 1


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        assess({2020: 1}, target=1, target_year=2025, direction="sideways")
    with pytest.raises(ValueError):
        assess({2020: 1}, target=1, target_year=2025, direction="up", method="guess")


values = st.floats(min_value=1, max_value=1000, allow_nan=False)
years = st.integers(min_value=2010, max_value=2022)


@given(base=values, current=values, target=values, start=years, span=st.integers(1, 6), horizon=st.integers(1, 10))
def test_statcan_direction_symmetry(base, current, target, start, span, horizon):
    """Mirroring the values (x -> 1/x) and flipping the direction keeps the verdict's sign."""
    end, target_year = start + span, start + span + horizon
    up = assess({start: base, end: current}, target=target, target_year=target_year, direction="up")
    down = assess({start: 1 / base, end: 1 / current}, target=1 / target, target_year=target_year, direction="down")
    assume(up.status != NOT_AVAILABLE and not math.isclose(current, target, rel_tol=1e-9))
    assert (up.status == TARGET_ACHIEVED) == (down.status == TARGET_ACHIEVED)
    assert (up.status == DETERIORATION) == (down.status == DETERIORATION)


@given(base=values, lower=values, higher=values, target=values, start=years, span=st.integers(1, 6))
def test_statcan_score_grows_with_the_latest_value(base, lower, higher, target, start, span):
    lower, higher = sorted((lower, higher))
    end = start + span
    a = assess({start: base, end: lower}, target=target, target_year=end + 5, direction="up")
    b = assess({start: base, end: higher}, target=target, target_year=end + 5, direction="up")
    assume(a.score is not None and b.score is not None)
    assert b.score >= a.score - 1e-9


pct = st.integers(min_value=0, max_value=10_000).map(lambda x: x / 100)  # percentages with two decimals


@given(first=pct, middle=pct, last=pct, target=pct)
def test_linear_mirror_symmetry(first, middle, last, target):
    """x -> 100 - x with the direction flipped gives the same verdict and score."""
    up = assess(
        {2020: first, 2021: middle, 2022: last}, target=target, target_year=2026, direction="up", method="linear"
    )
    down = assess(
        {2020: 100 - first, 2021: 100 - middle, 2022: 100 - last},
        target=100 - target,
        target_year=2026,
        direction="down",
        method="linear",
    )
    assert up.status == down.status
    assert (up.score is None and down.score is None) or up.score == pytest.approx(down.score, abs=1e-6)


@given(first=pct, middle=pct, lower=pct, higher=pct, target=pct)
def test_linear_score_grows_with_the_latest_value(first, middle, lower, higher, target):
    lower, higher = sorted((lower, higher))
    a = assess(
        {2020: first, 2021: middle, 2022: lower}, target=target, target_year=2026, direction="up", method="linear"
    )
    b = assess(
        {2020: first, 2021: middle, 2022: higher}, target=target, target_year=2026, direction="up", method="linear"
    )
    assume(a.score is not None and b.score is not None)
    assert b.score >= a.score - 1e-9


@given(base=values, current=values, target=values, start=years, span=st.integers(1, 6))
def test_a_base_value_for_a_measured_base_year_changes_nothing(base, current, target, start, span):
    series = {start: base, start + span: current}
    for method in ("statcan", "linear"):
        kwargs = {"target": target, "target_year": start + span + 3, "direction": "up", "base_year": start}
        a = assess(series, method=method, **kwargs)
        b = assess(series, method=method, base_value=base * 2, **kwargs)
        assert repr((a.status, a.value, a.score, a.base_value)) == repr((b.status, b.value, b.score, b.base_value))
