"""One name per period kind, the same on every page, e-mail and report."""

import pytest

from pcitrack.core.periods import KINDS, PeriodKind, period_name, period_words


@pytest.mark.parametrize(
    ("kind", "no", "name"),
    [("quarter", 1, ("Quarter %(roman)s/%(year)s", "I")), ("quarter", 4, ("Quarter %(roman)s/%(year)s", "IV")),
     ("half", 1, ("First half of %(year)s", "I")), ("half", 2, ("Second half of %(year)s", "II")),
     ("year", 1, ("Year %(year)s", "I"))],
)  # fmt: skip
def test_each_kind_has_one_name(kind, no, name):
    template, values = period_name(kind, no, 2025)
    assert (template, values["roman"], values["year"]) == (*name, 2025)
    assert period_words(kind, no, 2025)[0] != template  # the sentence form is its own message


def test_observations_store_the_same_kinds_by_a_letter():
    assert [PeriodKind(k).code for k in KINDS] == ["Q", "H", "Y"]
    assert {PeriodKind.from_code(PeriodKind(k).code) for k in KINDS} == set(KINDS)
