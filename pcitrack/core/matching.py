"""Pairing the items of two versions of a document by what they say, not where they stand.

A new version of a plan renumbers its tasks when one is inserted or dropped ("III.3" becomes
"III.4"), so numbers cannot tell which stored task a new one is. Text can: an item is paired
with the most similar item of the other version, preferring one under the same heading, and
only when the texts are close enough that a person would call it the same item edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .text import key

# Similarity (0-100, rapidfuzz ratio of the comparison keys) needed to call two items one.
# Unrelated tasks of the Quảng Trị plan score at most 60 against each other; an item that moved
# to another heading must be nearly unchanged.
SAME_GROUP = 70.0
OTHER_GROUP = 85.0
GROUP_BONUS = 10.0


@dataclass(frozen=True)
class Item:
    text: str
    group: str = ""  # the heading the item sits under ("" when there is none)
    kind: str = ""  # items of different kinds are never paired


@dataclass
class Matching:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (old index, new index)
    old_only: list[int] = field(default_factory=list)
    new_only: list[int] = field(default_factory=list)


def match_items(
    old: list[Item], new: list[Item], *, same_group: float = SAME_GROUP, other_group: float = OTHER_GROUP
) -> Matching:
    """Pair old and new items one to one, most similar first; the rest are only in one version."""
    if not old or not new:
        return Matching([], list(range(len(old))), list(range(len(new))))
    old_keys, new_keys = [key(i.text) for i in old], [key(i.text) for i in new]
    old_groups, new_groups = [key(i.group) for i in old], [key(i.group) for i in new]
    scores = cdist(old_keys, new_keys, scorer=fuzz.ratio, score_cutoff=min(same_group, other_group), workers=1)
    candidates = []
    for i, j in zip(*scores.nonzero(), strict=True):
        i, j = int(i), int(j)
        if old[i].kind != new[j].kind:
            continue
        ratio = float(scores[i, j])
        same = old_groups[i] == new_groups[j]
        if ratio < (same_group if same else other_group):
            continue
        candidates.append((-(ratio + (GROUP_BONUS if same else 0.0)), abs(i - j), i, j))
    candidates.sort()
    pairs, used_old, used_new = [], set(), set()
    for _score, _distance, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        pairs.append((i, j))
        used_old.add(i)
        used_new.add(j)
    pairs.sort(key=lambda p: p[1])
    return Matching(
        pairs,
        [i for i in range(len(old)) if i not in used_old],
        [j for j in range(len(new)) if j not in used_new],
    )
