"""Units of measure as plans write them: "%", "điểm", "ngày", "Hồ sơ", "DN", "Tr.đồng" ... Pure Python.

`read_measure` gives the unit's one spelling when it is one plans use, None for a unit it does not know
(the caller keeps the text as written and warns).
"""

from __future__ import annotations

import re

from .text import fold

# The one spelling of each unit, with the other ways plans write it (compared folded: no accents, lower case).
MEASURES: dict[str, tuple[str, ...]] = {
    "%": ("%", "phan tram", "ty le %", "ti le %", "ty le (%)"),
    "điểm": ("diem", "diem so", "thang diem"),
    "ngày": ("ngay", "so ngay", "ngay lam viec"),
    "giờ": ("gio", "so gio"),
    "lần": ("lan", "luot"),
    "bậc": ("bac",),
    "hạng": ("hang", "thu hang", "xep hang"),
    "cuộc": ("cuoc", "so cuoc", "cuoc doi thoai"),
    "hồ sơ": ("ho so", "bo ho so"),
    "doanh nghiệp": ("doanh nghiep", "dn", "so dn", "so doanh nghiep"),
    "thủ tục": ("thu tuc", "tthc", "thu tuc hanh chinh"),
    "triệu đồng": ("trieu dong", "tr.dong", "tr dong", "trd", "tr.d"),
    "tỷ đồng": ("ty dong", "ti dong"),
    "vụ": ("vu", "vu viec"),
}
_SPELLING = {variant: name for name, variants in MEASURES.items() for variant in variants}


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).strip(" .:;()[]")).strip()


def read_measure(text: str) -> str | None:
    """The unit's one spelling ("Ngày" → "ngày", "DN" → "doanh nghiệp", "Tr.đồng" → "triệu đồng"); None when the
    text is blank or a unit plans do not use (the caller keeps it as written)."""
    folded = _folded(text or "")
    return _SPELLING.get(folded) if folded else None
