"""The range of an indicator's values: natural by its unit, or declared."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcitrack.core.bounds import Range, check_in_range, describe, natural_range, score_scale, value_range
from pcitrack.core.errors import PcitrackError


@pytest.mark.parametrize(
    "unit,name,expected",
    [
        ("%", "Tỷ lệ DN đồng ý", Range(0, 100)),
        ("ngày", "Số ngày trung vị", Range(0, None)),
        ("giờ", "Số giờ", Range(0, None)),
        ("cuộc", "Số cuộc thanh tra", Range(0, None)),
        ("điểm", "DN đánh giá rủi ro bị thu hồi đất (1: rất cao đến 5: rất thấp)", Range(1, 5)),
        ("điểm", "Điểm số về độ mở và chất lượng trang web của tỉnh", Range(0, 100)),
        ("", "Tăng hạng PCI", Range()),
    ],
    ids=["percent", "days", "hours", "count", "score-with-scale", "score", "unknown-unit"],
)
def test_each_unit_has_its_natural_range(unit, name, expected):
    assert natural_range(unit, name) == expected


def test_a_declared_limit_replaces_the_natural_one_on_its_side_only():
    assert value_range("%", "", low=20, high=None) == Range(20, 100)
    assert value_range("ngày", "", low=None, high=30) == Range(0, 30)
    assert value_range("", "", low=-5, high=5) == Range(-5, 5)


def test_a_scale_written_backwards_is_not_a_scale():
    assert score_scale("(5: rất tốt đến 1: rất kém)") is None


def test_the_message_names_the_value_the_indicator_and_the_range():
    with pytest.raises(PcitrackError) as caught:
        check_in_range(172, Range(0, 100), "Hướng dẫn thủ tục rõ ràng")
    assert (
        caught.value.message() == "The value 172 of “Hướng dẫn thủ tục rõ ràng” is outside its range (from 0 to 100)."
    )
    with pytest.raises(PcitrackError) as caught:
        check_in_range(-0.5, Range(0, None), "Số ngày")
    assert caught.value.message() == "The value -0,5 of “Số ngày” is outside its range (at least 0)."


def test_describe_says_each_kind_of_range():
    assert describe(Range(1, 5)) == ("from {low} to {high}", {"low": "1", "high": "5"})
    assert describe(Range(None, 2.5)) == ("at most {high}", {"high": "2,5"})
    assert describe(Range()) == ("any number", {})


bounds = st.tuples(st.one_of(st.none(), st.floats(-1e6, 1e6)), st.one_of(st.none(), st.floats(-1e6, 1e6))).map(
    lambda pair: Range(*sorted(pair)) if None not in pair else Range(*pair)
)


@given(bounds, st.floats(-2e6, 2e6))
def test_a_value_is_refused_exactly_when_it_lies_outside(rng, value):
    inside = (rng.low is None or value >= rng.low) and (rng.high is None or value <= rng.high)
    try:
        check_in_range(value, rng, "x")
    except PcitrackError:
        refused = True
    else:
        refused = False
    assert refused is not inside


@given(bounds)
def test_the_ends_of_a_range_are_inside_it(rng):
    for end in (rng.low, rng.high):
        if end is not None:
            check_in_range(end, rng, "x")


@pytest.mark.parametrize(
    "unit,low,high,ok",
    [("%", 10, 90, True), ("%", None, 150, False), ("ngày", -1, None, False), ("ngày", 0, 30, True),
     ("", -5, 5, True), ("%", 50, 50, False)],
)  # fmt: skip
def test_a_declared_range_stays_inside_the_natural_one(unit, low, high, ok):
    from pcitrack.core.bounds import check_declared

    if ok:
        check_declared(unit, "", low, high)
    else:
        with pytest.raises(PcitrackError):
            check_declared(unit, "", low, high)
