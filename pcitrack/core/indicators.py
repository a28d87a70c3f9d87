"""What an indicator's name says: its unit of measure, its direction, its VCCI entry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from .text import key

CATALOG_PATH = Path(__file__).resolve().parents[1] / "data" / "pci_catalog.json"

# Phrases whose indicator is better when lower: waiting, informal payments, the
# need for connections, favouritism towards some firms. Compared through text.key().
_LOWER_IS_BETTER = [
    "số ngày",
    "số giờ",
    "thời gian",
    "chờ đợi",
    "phải chờ",
    "phải chi",
    "chi phí không chính thức",
    "mối quan hệ",
    "nhũng nhiễu",
    "phiền hà",
    "ưu ái",
    "ưu tiên thu hút",
    "ưu tiên giải quyết",
    "gây khó khăn",
    "đặc quyền",
    "trở ngại",
    "rủi ro",
    "số cuộc thanh tra",
    "đi lại nhiều lần",
    "thương lượng với cán bộ",
    "thứ hạng",  # the province's rank: first is best
    "xếp hạng",
]
_LOWER_KEYS = [key(p) for p in _LOWER_IS_BETTER]


_NEGATION = key("không")


def direction_from_wording(name: str) -> str:
    """ "down" when the wording describes something the plan wants less of, else "up". A negated phrase is good
    news: "không gây khó khăn" is something the plan wants more of."""
    k = key(name)
    for phrase in _LOWER_KEYS:
        start = k.find(phrase)
        while start != -1:
            if _NEGATION not in k[:start].split()[-2:]:  # "không gây …", "không phải đi lại …"
                return "down"
            start = k.find(phrase, start + 1)
    return "up"


_UNIT_RULES = [
    (re.compile(r"\(\s*%|%\s*\)|^\s*%|\btỷ lệ\b|\btỉ lệ\b|\(%"), "%"),
    (re.compile(r"\bsố ngày\b|\bngày\b.*trung vị|thời gian .*(số ngày|trung vị)"), "ngày"),
    (re.compile(r"\bsố giờ\b"), "giờ"),
    (re.compile(r"\bsố cuộc\b"), "cuộc"),
    (re.compile(r"\bsố lượng vụ việc\b"), "vụ"),
    (re.compile(r"\bsố hội chợ\b"), "hội chợ"),
    (re.compile(r"\bđiểm\b|\bchỉ số\b|\bchất lượng website\b|\(1:"), "điểm"),
]


def unit_from_wording(name: str) -> str | None:
    """ "%", "ngày", "điểm", ... read from the name; None when the name does not say."""
    text = name.lower()
    for pattern, unit in _UNIT_RULES:
        if pattern.search(text):
            return unit
    return None


@dataclass(frozen=True)
class CatalogEntry:
    code: str
    name: str
    sub_index: int
    unit: str
    scale: str
    direction: str
    direction_source: str
    codes: dict


@lru_cache(maxsize=4)
def load_catalog(path: str | None = None) -> tuple[CatalogEntry, ...]:
    data = json.loads(Path(path or CATALOG_PATH).read_text(encoding="utf-8"))
    return tuple(
        CatalogEntry(
            code=e["code"],
            name=e["name"],
            sub_index=e["sub_index"],
            unit=e["unit"],
            scale=e["scale"],
            direction=e["direction"],
            direction_source=e["direction_source"],
            codes=e["codes"],
        )
        for e in data["indicators"]
    )


# Wording that differs between VCCI's questionnaire years and the plans that quote them
# but names the same thing. Applied to both sides before comparing.
_SYNONYMS = [
    (f" {key(a)} ", f" {key(b)} ")
    for a, b in [
        ("DN", "doanh nghiệp"),
        ("tỉ lệ", "tỷ lệ"),
        ("website", "trang web"),
        ("Trung tâm Phục vụ hành chính công", "bộ phận Một cửa"),
        ("UBND", "Ủy ban nhân dân"),
    ]
]
_SUFFIX = re.compile(r"\s+-\s+(biến mới|điều chỉnh|chỉ tiêu mới)[^()]*$", re.IGNORECASE)
_PAREN = re.compile(r"\([^)]*\)")
_FILLER_KEYS = {key(w) for w in "về tại các của và được là rất thường xuyên tỉnh".split()}


@lru_cache(maxsize=4096)
def matching_text(name: str) -> str:
    """The part of an indicator name that identifies it: no answer scale, no year note."""
    text = _SUFFIX.sub("", name)
    text = _PAREN.sub(" ", text)
    text = f" {key(text)} "
    for phrase, replacement in _SYNONYMS:
        text = text.replace(phrase, replacement)
    return " ".join(w for w in text.split() if w not in _FILLER_KEYS)


# "… - Điều chỉnh năm 2021", "(Chỉ tiêu mới 2014)": VCCI changed or introduced the question that year.
_CHANGED_IN = re.compile(
    r"[-–(]\s*(?:điều chỉnh|biến mới|chỉ tiêu mới)\s*(?:từ\s*)?(?:năm\s*)?((?:19|20)\d{2})", re.IGNORECASE
)


def comparable_from(name: str) -> int | None:
    """The year from which VCCI's values measure what the indicator's name says; values of earlier years measured
    something else and are not compared with its target. None: every year is comparable."""
    m = _CHANGED_IN.search(name or "")
    return int(m.group(1)) if m else None


MATCH_THRESHOLD = 80.0
_CANNOT_MATTER = MATCH_THRESHOLD - 3 - 1  # a score below cannot match or shadow a match (1: rounding)


@dataclass(frozen=True)
class CatalogMatch:
    entry: CatalogEntry
    score: float


def match_catalog(name: str, catalog: tuple[CatalogEntry, ...] | None = None) -> CatalogMatch | None:
    """The catalog entry this name refers to, or None when no entry is close enough.

    Scores are rapidfuzz token-set similarities of the identifying part of both names;
    only the best entry at or above MATCH_THRESHOLD counts, and only if it is clearly
    better than the runner-up, so a reworded question is not linked to a look-alike.
    """
    catalog = catalog if catalog is not None else load_catalog()
    target = matching_text(name)
    scored = []
    for e in catalog:
        text = matching_text(e.name)
        ratio = fuzz.ratio(target, text)
        if 50 + ratio * 0.5 < _CANNOT_MATTER:
            # Its score is at most this (a token-set similarity is at most 100): too low to match or to come
            # within 3 of a match, so the slower token-set similarity is not worth computing.
            scored.append((50 + ratio * 0.5, e))
        else:
            scored.append((fuzz.token_set_ratio(target, text) * 0.5 + ratio * 0.5, e))
    scored.sort(key=lambda pair: -pair[0])
    if not scored:
        return None
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best_score >= MATCH_THRESHOLD and best_score - runner_up >= 3:
        return CatalogMatch(best, round(best_score, 1))
    return None
