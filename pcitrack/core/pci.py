"""Facts about the PCI that do not change with the data: its ten sub-indices, in VCCI's order."""

from __future__ import annotations

import json
import statistics
from functools import lru_cache
from pathlib import Path

from .document import gettext_noop

# (number, Vietnamese name as VCCI writes it, English name). Sub-index 8 was "Dịch vụ hỗ trợ
# doanh nghiệp" before PCI 2021.
SUB_INDICES = [
    (1, "Gia nhập thị trường", gettext_noop("Market entry")),
    (2, "Tiếp cận đất đai", gettext_noop("Land access")),
    (3, "Tính minh bạch", gettext_noop("Transparency")),
    (4, "Chi phí thời gian", gettext_noop("Time costs")),
    (5, "Chi phí không chính thức", gettext_noop("Informal charges")),
    (6, "Cạnh tranh bình đẳng", gettext_noop("Policy bias")),
    (7, "Tính năng động", gettext_noop("Proactivity")),
    (8, "Chính sách hỗ trợ doanh nghiệp", gettext_noop("Business support")),
    (9, "Đào tạo lao động", gettext_noop("Labour training")),
    (10, "Thiết chế pháp lý & an ninh trật tự", gettext_noop("Law and order")),
]
SUB_INDEX_NAMES = {number: vi for number, vi, _ in SUB_INDICES}

METHODOLOGY_PATH = Path(__file__).resolve().parents[1] / "data" / "pci_methodology.json"


@lru_cache(maxsize=2)
def weights_by_year(path: str | None = None) -> dict[int, tuple[float, ...]]:
    data = json.loads(Path(path or METHODOLOGY_PATH).read_text(encoding="utf-8"))
    return {int(year): tuple(float(w) for w in weights) for year, weights in data["weights"].items()}


def total_score(subindices, year: int) -> float | None:
    """The PCI total from the ten sub-index scores (VCCI's order) with that year's weights.

    None when the year's weights are not known (PCI 2022 on) or a sub-index is missing:
    a total is never guessed.
    """
    weights = weights_by_year().get(int(year))
    values = list(subindices)
    if weights is None or len(values) != 10 or any(v is None for v in values):
        return None
    return sum(w * float(v) for w, v in zip(weights, values, strict=True)) / 10


def ranks(scores: dict[str, float | None]) -> dict[str, int | None]:
    """Competition ranking, highest score first: ties share a rank and the next rank is skipped (1, 2, 2, 4)."""
    ordered = sorted(((s, name) for name, s in scores.items() if s is not None), key=lambda item: -item[0])
    result: dict[str, int | None] = {name: None for name, s in scores.items() if s is None}
    rank, previous = 0, None
    for position, (score, name) in enumerate(ordered, start=1):
        if score != previous:
            rank, previous = position, score
        result[name] = rank
    return result


def tier_bands(published: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """VCCI's tiers ("Rất tốt", "Tốt", "Khá", …) as score bands read off one year's published results.

    VCCI does not publish the rule; each boundary is taken halfway between the lowest score of a tier and
    the highest of the next one. Returns (lower bound, tier) from the best tier down.
    """
    by_tier: dict[str, list[float]] = {}
    for score, tier in published:
        if score is not None and tier:
            by_tier.setdefault(tier, []).append(score)
    ordered = sorted(by_tier.items(), key=lambda item: -max(item[1]))
    bands = []
    for i, (tier, scores) in enumerate(ordered):
        below = ordered[i + 1][1] if i + 1 < len(ordered) else None
        bound = (min(scores) + max(below)) / 2 if below else float("-inf")
        bands.append((bound, tier))
    return bands


def tier_for(score: float | None, bands: list[tuple[float, str]]) -> str | None:
    if score is None or not bands:
        return None
    return next(tier for bound, tier in bands if score >= bound)


def median_of(values) -> float | None:
    """The median of the values that are there; None when none is (never a made-up 0)."""
    present = [float(v) for v in values if v is not None]
    return statistics.median(present) if present else None
