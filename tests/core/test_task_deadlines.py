"""A task's status against its deadline (core/task_deadlines.py): one test per rule of docs/tasks.md, then properties."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pcitrack.core.task_deadlines import (
    CATEGORIES,
    DONE,
    DUE_IN_1_DAY,
    DUE_IN_7_DAYS,
    NO_DEADLINE,
    OVERDUE_REMINDER,
    RECURRING,
    TaskStatus,
    Word,
    count_categories,
    deadline_status,
    reminder_due,
    shows_on_time,
)

DEADLINE = dt.date(2025, 6, 30)  # "Quý II/2025"
Q1 = (dt.date(2024, 12, 15), dt.date(2025, 3, 14))
Q2 = (dt.date(2025, 3, 15), dt.date(2025, 6, 14))
Q3 = (dt.date(2025, 6, 15), dt.date(2025, 9, 14))  # spans the deadline
Q4 = (dt.date(2025, 9, 15), dt.date(2025, 12, 14))  # began after it
YEAR = (dt.date(2024, 12, 15), dt.date(2025, 12, 14))  # spans it too


def word(unit, period, said):
    return Word(unit, period[0], period[1], said)


def status(words, today, leads=("A",), deadline=DEADLINE, recurrence=""):
    return deadline_status(deadline=deadline, recurrence=recurrence, leads=leads, words=words, today=today).status


# Rule 1: only a single deadline gives a status.
def test_a_recurring_task_or_one_without_a_deadline_has_no_status_and_is_counted_apart():
    recurring = deadline_status(deadline=DEADLINE, recurrence="quarterly", leads=["A"], words=[], today=DEADLINE)
    undated = deadline_status(deadline=None, leads=["A"], words=[], today=DEADLINE)
    assert (recurring.status, recurring.category) == (None, RECURRING)
    assert (undated.status, undated.category) == (None, NO_DEADLINE)


# Rule 2: only the lead units' words count.
def test_a_supporting_unit_saying_done_does_not_close_the_task():
    assert status([word("B", Q2, "done_on_time")], dt.date(2025, 7, 1)) == TaskStatus.OVERDUE


# Rule 3: when a report saying "done" shows the task done on time.
def test_done_in_a_period_that_ended_before_the_deadline_is_on_time_whatever_the_unit_chose():
    assert status([word("A", Q2, "done_late")], dt.date(2025, 7, 1)) == TaskStatus.DONE_ON_TIME


def test_done_in_a_period_that_began_after_the_deadline_is_late_even_if_the_unit_said_on_time():
    assert status([word("A", Q4, "done_on_time")], dt.date(2025, 12, 20)) == TaskStatus.DONE_LATE


def test_in_a_period_spanning_the_deadline_the_unit_s_word_decides():
    assert status([word("A", Q3, "done_on_time")], dt.date(2025, 9, 20)) == TaskStatus.DONE_ON_TIME
    assert status([word("A", Q3, "done_late")], dt.date(2025, 9, 20)) == TaskStatus.DONE_LATE
    assert status([word("A", YEAR, "done_on_time")], dt.date(2025, 12, 20)) == TaskStatus.DONE_ON_TIME


def test_a_unit_that_reported_done_twice_did_it_on_time_if_one_report_shows_it():
    words = [word("A", Q2, "done_on_time"), word("A", Q4, "done_late")]
    assert status(words, dt.date(2025, 12, 20)) == TaskStatus.DONE_ON_TIME


def test_a_report_saying_in_progress_does_not_undo_an_earlier_done():
    words = [word("A", Q2, "done_on_time"), word("A", Q3, "in_progress")]
    assert status(words, dt.date(2025, 9, 20)) == TaskStatus.DONE_ON_TIME


# Rule 4: several leads.
def test_with_several_leads_the_task_is_done_when_every_lead_has_done_it():
    today = dt.date(2025, 7, 1)
    verdict = deadline_status(deadline=DEADLINE, leads=["A", "B"], words=[word("A", Q2, "done_on_time")], today=today)
    assert verdict.status == TaskStatus.OVERDUE
    assert verdict.units == {"A": TaskStatus.DONE_ON_TIME, "B": TaskStatus.OVERDUE}
    both = [word("A", Q2, "done_on_time"), word("B", Q3, "done_on_time")]
    assert status(both, dt.date(2025, 9, 20), leads=("A", "B")) == TaskStatus.DONE_ON_TIME


def test_with_several_leads_one_late_lead_makes_the_task_late():
    words = [word("A", Q2, "done_on_time"), word("B", Q4, "done_late")]
    assert status(words, dt.date(2025, 12, 20), leads=("A", "B")) == TaskStatus.DONE_LATE


# Rule 5: not done.
def test_not_done_is_in_progress_up_to_and_including_the_deadline_then_overdue():
    assert status([], DEADLINE) == TaskStatus.IN_PROGRESS
    assert status([word("A", Q2, "in_progress")], DEADLINE) == TaskStatus.IN_PROGRESS
    assert status([], DEADLINE + dt.timedelta(days=1)) == TaskStatus.OVERDUE


def test_a_task_without_a_named_lead_unit_is_never_done():
    assert status([word("A", Q2, "done_on_time")], dt.date(2025, 7, 1), leads=()) == TaskStatus.OVERDUE
    assert status([], dt.date(2025, 1, 1), leads=()) == TaskStatus.IN_PROGRESS


# The words are defined once, with the values units' reports already hold.
def test_the_statuses_keep_the_values_stored_reports_hold():
    assert [s.value for s in TaskStatus] == ["not_started", "in_progress", "done_on_time", "done_late", "overdue"]
    assert TaskStatus.OVERDUE.label == "overdue, not done"


def test_counting_gives_every_category_in_order():
    verdicts = [
        deadline_status(deadline=DEADLINE, leads=["A"], words=[], today=dt.date(2025, 7, 1)),
        deadline_status(deadline=None, leads=["A"], words=[], today=DEADLINE),
    ]
    counts = count_categories(verdicts)
    assert list(counts) == list(CATEGORIES)
    assert counts == {"in_progress": 0, "done_on_time": 0, "done_late": 0, "overdue": 1, "no_deadline": 1,
                      "recurring": 0}  # fmt: skip


# Reminders: a week before, the day before, the day after and then weekly.
def test_reminders_a_week_before_the_day_before_and_weekly_once_overdue():
    days = {offset: reminder_due(DEADLINE, DEADLINE + dt.timedelta(days=offset)) for offset in range(-10, 20)}
    assert days[-8] is None and days[-7] == (DUE_IN_7_DAYS, 0) and days[-2] == (DUE_IN_7_DAYS, 0)
    assert days[-1] == (DUE_IN_1_DAY, 0) and days[0] == (DUE_IN_1_DAY, 0)
    assert days[1] == days[7] == (OVERDUE_REMINDER, 0)
    assert days[8] == days[14] == (OVERDUE_REMINDER, 1) and days[15] == (OVERDUE_REMINDER, 2)
    assert reminder_due(DEADLINE, DEADLINE + dt.timedelta(days=367)) is None


# Properties.
dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31))
units = st.sampled_from(["A", "B", "C"])


@st.composite
def words(draw):
    start = draw(dates)
    cutoff = start + dt.timedelta(days=draw(st.integers(0, 400)))
    return Word(draw(units), start, cutoff, draw(st.sampled_from(list(TaskStatus))))


leads = st.lists(units, max_size=3, unique=True)


@given(dates, leads, st.lists(words(), max_size=8), dates)
def test_a_dated_task_has_one_of_four_statuses(deadline, lead_units, said, today):
    verdict = deadline_status(deadline=deadline, leads=lead_units, words=said, today=today)
    assert verdict.status in {TaskStatus.IN_PROGRESS, TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE,
                              TaskStatus.OVERDUE}  # fmt: skip
    assert verdict.category == verdict.status.value
    assert set(verdict.units) == set(lead_units)


@given(dates, leads, st.lists(words(), max_size=8), dates)
def test_not_done_follows_the_date_alone(deadline, lead_units, said, today):
    verdict = deadline_status(deadline=deadline, leads=lead_units, words=said, today=today)
    if verdict.status not in DONE:
        assert verdict.status == (TaskStatus.IN_PROGRESS if today <= deadline else TaskStatus.OVERDUE)


@given(dates, leads, st.lists(words(), max_size=8), dates)
def test_done_needs_every_lead_to_have_an_approved_done(deadline, lead_units, said, today):
    verdict = deadline_status(deadline=deadline, leads=lead_units, words=said, today=today)
    if verdict.done:
        assert lead_units
        for lead in lead_units:
            assert any(w.unit == lead and w.said in DONE for w in said)


@given(dates, leads, st.lists(words(), max_size=8), dates)
def test_on_time_needs_a_report_of_every_lead_that_began_by_the_deadline(deadline, lead_units, said, today):
    verdict = deadline_status(deadline=deadline, leads=lead_units, words=said, today=today)
    if verdict.status == TaskStatus.DONE_ON_TIME:
        for lead in lead_units:
            assert any(w.unit == lead and w.said in DONE and w.start <= deadline for w in said)


@given(dates, leads, st.lists(words(), max_size=8), dates, st.randoms())
def test_the_order_of_the_reports_does_not_matter(deadline, lead_units, said, today, random):
    shuffled = list(said)
    random.shuffle(shuffled)
    assert deadline_status(deadline=deadline, leads=lead_units, words=said, today=today) == deadline_status(
        deadline=deadline, leads=lead_units, words=shuffled, today=today
    )


@given(dates, leads, st.lists(words(), max_size=8), words(), dates)
def test_another_report_never_undoes_a_task_nor_makes_it_late(deadline, lead_units, said, extra, today):
    before = deadline_status(deadline=deadline, leads=lead_units, words=said, today=today).status
    after = deadline_status(deadline=deadline, leads=lead_units, words=[*said, extra], today=today).status
    if before == TaskStatus.DONE_ON_TIME:
        assert after == TaskStatus.DONE_ON_TIME
    if before == TaskStatus.DONE_LATE:
        assert after in DONE


@given(dates, st.lists(words(), max_size=8), dates)
def test_words_of_units_that_do_not_lead_change_nothing(deadline, said, today):
    only_a = [w for w in said if w.unit == "A"]
    assert deadline_status(deadline=deadline, leads=["A"], words=said, today=today) == deadline_status(
        deadline=deadline, leads=["A"], words=only_a, today=today
    )


@given(words(), dates)
def test_a_period_that_began_after_the_deadline_is_never_on_time(said, deadline):
    if said.start > deadline:
        assert not shows_on_time(said, deadline)
    if said.cutoff <= deadline:
        assert shows_on_time(said, deadline)


@given(dates, dates)
def test_each_reminder_is_called_for_on_a_bounded_stretch_of_days(deadline, today):
    due = reminder_due(deadline, today)
    left = (deadline - today).days
    if due is None:
        assert left > 7 or left < -366
    else:
        kind, slot = due
        assert slot >= 0
        assert (kind == OVERDUE_REMINDER) == (left < 0)
        if kind == OVERDUE_REMINDER:  # one a week: the day after, then every seventh day
            assert slot == (-left - 1) // 7
