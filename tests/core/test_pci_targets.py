import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcitrack.core.indicators import load_catalog
from pcitrack.core.pci_targets import (
    GAIN,
    MET,
    NO_GAIN_MODEL,
    NO_GAIN_RANGE,
    UNKNOWN,
    Range,
    TargetGain,
    catalog_range,
    changes_to_targets,
    check_value,
    target_gain,
)
from pcitrack.core.status import meets

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
directions = st.sampled_from(["up", "down"])
codes = st.sampled_from(["a", "b", "c", "d", "e"])


def better(new: float, old: float, direction: str) -> bool:
    return new > old if direction == "up" else new < old


@given(st.dictionaries(codes, st.tuples(values, values, directions)))
def test_every_indicator_at_its_target_never_moves_one_backwards(rows):
    current = {code: c for code, (c, _, _) in rows.items()}
    targets = {code: t for code, (_, t, _) in rows.items()}
    direction = {code: d for code, (_, _, d) in rows.items()}
    changes = changes_to_targets(current, targets, direction)
    for code, new in changes.items():
        assert new == targets[code]
        assert better(new, current[code], direction[code])
    for code in rows.keys() - changes.keys():
        assert meets(current[code], targets[code], direction[code])


@given(values, values, directions)
def test_a_target_is_met_exactly_when_moving_to_it_is_no_improvement(current, target, direction):
    assert meets(current, target, direction) == (not better(target, current, direction))


@pytest.mark.parametrize(
    "current,target,direction,changed",
    [
        (76.84, 60.0, "up", False),  # 77 % already visit the website, the plan asks 60 %
        (35.63, 40.0, "down", False),  # 36 % see favouritism, the plan tolerates up to 40 %
        (67.35, 65.0, "down", True),  # 67 % need relationships, the plan wants at most 65 %
        (49.37, 100.0, "up", True),
        (70.0, 70.0, "up", False),  # exactly at the target
    ],
)
def test_named_targets(current, target, direction, changed):
    assert changes_to_targets({"x": current}, {"x": target}, {"x": direction}) == ({"x": target} if changed else {})


def test_an_indicator_without_a_current_value_is_not_changed():
    assert changes_to_targets({}, {"x": 5.0}, {"x": "up"}) == {}


def test_natural_ranges_follow_the_catalog():
    by_code = {e.code: e for e in load_catalog()}
    ranges = {code: catalog_range(e.unit, e.scale, e.name) for code, e in by_code.items()}
    assert ranges["c3_1"] == Range(0, 100)  # a share, shown as a percentage
    assert ranges["e8"] == Range(0, 100)  # a percentage as VCCI writes it
    assert ranges["b4_1_4"] == Range(1, 5)  # "(1: rất cao đến 5: rất thấp)"
    assert ranges["c1_2005"] == Range(0, None)  # days
    assert ranges["d1"] == Range(0, None)  # inspections
    assert ranges["web_13_new"] == Range(0, 100)  # a score without a stated scale
    assert ranges["legal_avg"] == Range()  # no unit of measure: no natural range


@pytest.mark.parametrize(
    "text,allowed,value,message",
    [
        ("abc", Range(0, 100), None, "“abc” is not a number."),
        ("", Range(0, 100), None, "“” is not a number."),
        ("2-4", Range(0, 100), None, "“2-4” is not a number."),
        ("-5", Range(0, 100), None, "Tỷ lệ takes values from 0 to 100; “-5” is outside that range."),
        ("150", Range(0, 100), None, "Tỷ lệ takes values from 0 to 100; “150” is outside that range."),
        ("150%", Range(0, 100), None, "Tỷ lệ takes values from 0 to 100; “150%” is outside that range."),
        ("-1", Range(0, None), None, "Tỷ lệ cannot be less than 0; “-1” is less."),
        ("52,6", Range(0, 100), 52.6, None),
        ("100", Range(0, 100), 100.0, None),
        ("0", Range(0, 100), 0.0, None),
        ("1.250", Range(0, None), 1250.0, None),
        ("6", Range(1, 5), None, "Tỷ lệ takes values from 1 to 5; “6” is outside that range."),
    ],
)
def test_typed_values(text, allowed, value, message):
    checked = check_value(text, allowed, "Tỷ lệ")
    assert checked.value == value
    assert checked.ok == (message is None)
    if message:
        assert checked.message(number=lambda v: f"{v:g}") == message


def test_the_bounds_are_written_by_the_caller():
    checked = check_value("150", Range(0, 100), "Tỷ lệ")
    assert checked.message(number=lambda v: f"{v:g}\u00a0%") == (
        "Tỷ lệ takes values from 0\u00a0% to 100\u00a0%; “150” is outside that range."
    )


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([Range(0, 100), Range(0, None), Range(1, 5)]))
def test_a_value_is_accepted_exactly_when_it_lies_in_the_range(number, allowed):
    checked = check_value(repr(number), allowed, "x")
    if checked.ok:
        assert checked.value in allowed
    else:
        assert checked.value is None and checked.message()


@given(st.text(max_size=20))
def test_no_text_breaks_the_check(text):
    checked = check_value(text, Range(0, 100), "x")
    assert checked.ok == (checked.value is not None)
    assert checked.ok or "x" in checked.message() or "not a number" in checked.message()


@given(
    values,
    values,
    directions,
    st.floats(min_value=-1, max_value=1, allow_nan=False),
    st.one_of(st.none(), st.tuples(values, st.one_of(st.none(), values))),
)
def test_a_gain_is_never_negative_and_only_for_a_target_not_met(current, target, direction, per_unit, estimate):
    gain = target_gain(current, target, direction, per_unit, estimate)
    if gain.kind == GAIN:
        assert gain.points > 0 and not meets(current, target, direction)
    else:
        assert gain.points is None
    if meets(current, target, direction):
        assert gain.kind == MET


@pytest.mark.parametrize(
    "current,target,direction,per_unit,estimate,kind",
    [
        (76.84, 60.0, "up", 0.05, (-0.84, 1.2), MET),  # moving to 60 % would be a step backwards
        (35.63, 40.0, "down", 0.007, (-0.03, 0.3), MET),
        (67.35, 65.0, "down", 0.018, (0.04, 1.2), GAIN),
        (20.0, 40.0, "up", -0.01, (-0.2, 0.3), NO_GAIN_MODEL),  # the fitted weight has the wrong sign
        (45.0, 52.0, "up", 0.07, (0.0, 1.2), NO_GAIN_RANGE),  # beyond every province: the model sees no more
        (45.0, None, "up", 0.07, None, UNKNOWN),
        (45.0, 52.0, "up", 0.07, (None, None), UNKNOWN),
    ],
)
def test_named_gains(current, target, direction, per_unit, estimate, kind):
    assert target_gain(current, target, direction, per_unit, estimate).kind == kind


def test_priorities_put_the_largest_gain_first_and_met_targets_last():
    gains = [
        TargetGain(MET),
        TargetGain(GAIN, 0.1, 0.2),
        TargetGain(NO_GAIN_MODEL),
        TargetGain(UNKNOWN),
        TargetGain(GAIN, 1.4, 1.2),
    ]
    assert [g.kind for g in sorted(gains, key=TargetGain.sort_key)] == [GAIN, GAIN, UNKNOWN, NO_GAIN_MODEL, MET]
    assert sorted(gains, key=TargetGain.sort_key)[0].points == 1.4


@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False), st.sampled_from([Range(0, 100), Range(1, 5)]))
def test_a_number_written_the_vietnamese_way_is_read_and_bounded(number, allowed):
    text = f"{number:.2f}".replace(".", ",")
    checked = check_value(text, allowed, "x")
    assert checked.ok == (round(number, 2) in allowed)
    if checked.ok:
        assert checked.value == pytest.approx(round(number, 2))


def test_the_estimate_is_asked_for_only_when_it_matters():
    asked = []

    def estimate():
        asked.append(1)
        return (0.5, 0.2)

    assert target_gain(80.0, 60.0, "up", 0.05, estimate).kind == MET
    assert target_gain(50.0, 60.0, "up", -0.05, estimate).kind == NO_GAIN_MODEL
    assert asked == []
    assert target_gain(50.0, 60.0, "up", 0.05, estimate) == TargetGain(GAIN, 0.5, 0.2)
    assert asked == [1]
