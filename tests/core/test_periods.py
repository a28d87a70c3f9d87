import datetime as dt

import pytest

from pcitrack.core.periods import HALF, QUARTER, YEAR, period, periods_between, working_days_after

D = dt.date


def test_quarters_halves_and_years_follow_the_15th_to_14th_convention():
    q1 = period(QUARTER, 2024, 1)
    assert (q1.start, q1.cutoff) == (D(2023, 12, 15), D(2024, 3, 14))
    q3 = period(QUARTER, 2024, 3)
    assert (q3.start, q3.cutoff) == (D(2024, 6, 15), D(2024, 9, 14))
    assert (period(HALF, 2024, 1).start, period(HALF, 2024, 1).cutoff) == (D(2023, 12, 15), D(2024, 6, 14))
    assert (period(HALF, 2024, 2).start, period(HALF, 2024, 2).cutoff) == (D(2024, 6, 15), D(2024, 12, 14))
    assert (period(YEAR, 2024, 1).start, period(YEAR, 2024, 1).cutoff) == (D(2023, 12, 15), D(2024, 12, 14))


def test_due_is_the_next_working_day_after_the_cutoff():
    assert period(QUARTER, 2024, 1).due == D(2024, 3, 15)  # Thursday cut-off, Friday due
    assert period(QUARTER, 2024, 3).due == D(2024, 9, 16)  # Saturday cut-off, Monday due
    assert period(QUARTER, 2024, 3, holidays={D(2024, 9, 16)}).due == D(2024, 9, 17)
    # Friday 26/4; Monday 29 is the 1st working day, 30/4 and 1/5 are holidays, Thursday 2 and Friday 3 follow
    assert working_days_after(D(2024, 4, 26), 3, {D(2024, 4, 30), D(2024, 5, 1)}) == D(2024, 5, 3)
    with pytest.raises(ValueError):
        working_days_after(D(2024, 1, 1), 0)


def test_periods_of_a_plan_from_march_2024_to_the_end_of_2025():
    found = periods_between(D(2024, 3, 1), D(2025, 12, 31))
    assert [(p.kind, p.year, p.no) for p in found] == [
        ("quarter", 2024, 1), ("quarter", 2024, 2), ("half", 2024, 1), ("quarter", 2024, 3), ("quarter", 2024, 4),
        ("half", 2024, 2), ("year", 2024, 1), ("quarter", 2025, 1), ("quarter", 2025, 2), ("half", 2025, 1),
        ("quarter", 2025, 3), ("quarter", 2025, 4), ("half", 2025, 2), ("year", 2025, 1),
    ]  # fmt: skip
    assert all(p.due > p.cutoff for p in found)
