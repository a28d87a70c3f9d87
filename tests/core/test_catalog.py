import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from pcitrack.core.indicators import (
    CATALOG_PATH,
    MATCH_THRESHOLD,
    direction_from_wording,
    load_catalog,
    match_catalog,
    matching_text,
    unit_from_wording,
)

VCCI = Path(__file__).resolve().parents[2] / "pcitrack" / "data" / "vcci"


def test_shipped_catalog_is_what_the_builder_makes_from_vcci_files():
    if not (VCCI / "PCI_2016.xlsx").exists():
        pytest.skip("VCCI files not beside the repository")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    from build_catalog import build

    built = build(sorted(VCCI.glob("PCI_*.xlsx")))
    shipped = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))["indicators"]
    assert built == shipped


def test_catalog_holds_known_vcci_codes_with_their_sub_index():
    by_code = {e.code: e for e in load_catalog()}
    assert by_code["c3_1"].sub_index == 1
    assert by_code["f2_new"].sub_index == 3 and by_code["f2_new"].direction == "down"
    assert by_code["web_13_new"].unit == "điểm"
    assert by_code["h72_new"].codes == {"2013": "h22_new", "2016": "h72_new"}
    assert by_code["g3_new"].direction == "down"  # informal charges are common: worse


def test_match_ignores_answer_scale_and_year_notes():
    m = match_catalog('Cần có "mối quan hệ" để có được các tài liệu của tỉnh (% Quan trọng hoặc Rất quan trọng)')
    assert m.entry.code == "f2_new" and m.score == 100


def test_a_different_question_is_not_matched():
    assert (
        match_catalog(
            "Tỉnh ưu tiên thu hút đầu tư từ các doanh nghiệp lớn hơn là phát triển doanh nghiệp nhỏ và vừa trong nước"
        )
        is None
    )
    assert match_catalog("Số lượng cây xanh trồng mới trong năm") is None


def test_wording_rules():
    assert direction_from_wording("Số ngày chờ đợi để nhận được thông tin") == "down"
    assert direction_from_wording("Tỷ lệ DN tin rằng cấp trên không bao che") == "up"
    assert unit_from_wording("Tỷ lệ DN thường xuyên truy cập (%)") == "%"
    assert unit_from_wording("Số ngày chờ đợi (Trung vị)") == "ngày"
    assert unit_from_wording("Một điều gì đó") is None


def _slow_match(name):
    """match_catalog as first written: both similarities for every entry."""
    target = matching_text(name)
    scored = sorted(
        (
            (
                fuzz.token_set_ratio(target, matching_text(e.name)) * 0.5
                + fuzz.ratio(target, matching_text(e.name)) * 0.5,
                e,
            )
            for e in load_catalog()
        ),
        key=lambda pair: -pair[0],
    )
    best_score, best = scored[0]
    if best_score >= MATCH_THRESHOLD and best_score - scored[1][0] >= 3:
        return best.code, round(best_score, 1)
    return None


def test_matching_skips_only_entries_that_cannot_change_the_answer(seed_text):
    from pcitrack.core.plan_parser import parse_plan_text

    names = [i.name for i in parse_plan_text(seed_text).indicators]
    for entry in load_catalog():
        words = entry.name.split()
        names += [entry.name, " ".join(words[: len(words) * 2 // 3]), " ".join(words[1:]), " ".join(words[::2])]
    names += [f"Tỷ lệ hồ sơ nhóm {i} được giải quyết đúng hạn (%)" for i in range(1, 30)]
    results = [_slow_match(n) for n in names]
    assert results == [(m.entry.code, m.score) if (m := match_catalog(n)) else None for n in names]
    assert sum(r is not None for r in results) > len(load_catalog())  # both matches and non-matches are compared
    assert sum(r is None for r in results) > 50
