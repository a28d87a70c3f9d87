"""Facts about the PCI that do not change with the data: its ten sub-indices, in VCCI's order."""

from __future__ import annotations

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
