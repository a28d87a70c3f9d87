"""Resolving the unit names a document uses to one canonical unit each.

Documents spell the same unit several ways ("Phòng Tài chính - Thương mại",
"Phòng Tài chính Thương mại", "Công thông tin điện tử tỉnh" for "Cổng ..."). Names
that share text.key() are one unit silently; names that only match approximately
(same letters without diacritics, or a close fuzzy ratio) are one unit with a warning
that names both spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .text import ascii_key, key, squash

FUZZY_THRESHOLD = 92.0

# Words that open the name of a unit of an office (phòng, ban, trung tâm ...). Compared
# without diacritics so that a misspelt "Công thông tin" still opens a unit name.
_UNIT_HEADS = [
    "phong",
    "ban",
    "trung tam",
    "cong thong tin",
    "trang thong tin",
    "van phong",
    "so",
    "chi cuc",
    "cuc",
    "doi",
    "to",
    "bo phan",
    "hoi dong",
    "uy ban",
    "ubnd",
    "dai",
    "bao",
    "vien",
    "truong",
    "thanh tra",
    "kho bac",
]
# A group of units ("Các phòng, trung tâm", "Lãnh đạo các Phòng, Ban, Đơn vị"), not one unit.
_GROUP = re.compile(
    r"^(cac|tat ca|toan the|lanh dao cac|cong chuc|can bo|ccvc|nguoi lao dong)\b|\bcac (phong|don vi|ban|trung tam)\b"
)


def is_group(name: str) -> bool:
    return bool(_GROUP.search(ascii_key(name)))


def looks_like_unit(name: str) -> bool:
    k = ascii_key(name)
    return any(k == h or k.startswith(h + " ") for h in _UNIT_HEADS) and len(k.split()) <= 14


@dataclass
class ResolvedUnit:
    name: str
    aliases: list[str] = field(default_factory=list)
    approximate: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "aliases": sorted(set(self.aliases) - {self.name})}


@dataclass
class UnitResolution:
    units: list[ResolvedUnit]
    by_variant: dict[str, str]

    def canonical(self, name: str) -> str:
        return self.by_variant.get(squash(name), squash(name))


def _similar(a: str, b: str) -> bool:
    if ascii_key(a) == ascii_key(b):
        return True
    return fuzz.ratio(ascii_key(a), ascii_key(b)) >= FUZZY_THRESHOLD


def resolve_units(mentions: list[tuple[str, int]], known: list[tuple[str, list[str]]] = ()) -> UnitResolution:
    """Cluster name variants into units.

    mentions: (variant, preference) pairs; among variants of one unit the canonical
    spelling is the one with the highest preference, then the most occurrences.
    known: existing units (canonical name, aliases); a variant that matches one takes
    its canonical name, so re-importing never creates a second unit.
    """
    counts: dict[str, int] = {}
    preference: dict[str, int] = {}
    for variant, pref in mentions:
        variant = squash(variant)
        counts[variant] = counts.get(variant, 0) + 1
        preference[variant] = max(pref, preference.get(variant, pref))

    clusters: list[dict] = []
    for name, aliases in known:
        clusters.append({"fixed": squash(name), "variants": {squash(a) for a in [name, *aliases]}})

    # Exact keys first, so spellings that differ only by case or a hyphen stay silent.
    for variant in sorted(counts, key=lambda v: (-preference[v], -counts[v], v)):
        exact = next((c for c in clusters if any(key(v) == key(variant) for v in c["variants"])), None)
        if exact is not None:
            exact["variants"].add(variant)
            continue
        near = next((c for c in clusters if any(_similar(v, variant) for v in c["variants"])), None)
        if near is not None:
            near["variants"].add(variant)
            continue
        clusters.append({"variants": {variant}})

    units: list[ResolvedUnit] = []
    by_variant: dict[str, str] = {}
    for cluster in clusters:
        seen = [v for v in cluster["variants"] if v in counts]
        if not seen and "fixed" not in cluster:
            continue
        canonical = cluster.get("fixed") or max(
            seen, key=lambda v: (preference[v], counts[v], sum(ch.isupper() for ch in v), len(v))
        )
        approximate = sorted(v for v in seen if key(v) != key(canonical))
        unit = ResolvedUnit(canonical, sorted(seen), approximate)
        if seen:
            units.append(unit)
        for v in cluster["variants"]:
            by_variant[v] = canonical
    return UnitResolution(units, by_variant)
