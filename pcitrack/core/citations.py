"""Document numbers and the citations a Vietnamese administrative text makes.

Number shapes: administrative ``410/QĐ-UBND``, legal normative ``30/2020/NĐ-CP``,
Party ``35-CT/TU`` and ``02-NQ/TU``, the Prime Minister ``749/QĐ-TTg``, and the
công văn which has no type code (``12/UBND-VX``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .text import parse_date, squash, to_date

# Type codes as Nghị định 30/2020/NĐ-CP Phụ lục III abbreviates them, plus the
# legal normative ones (NĐ, TT, TTLT, L).
TYPE_CODES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "KL": "Kết luận",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "L": "Luật",
    "QH": "Luật",
    "PL": "Pháp lệnh",
    "CV": "Công văn",
}
TYPE_BY_NAME = {name.upper(): code for code, name in TYPE_CODES.items() if code not in ("QH",)}
TYPE_BY_NAME["CHƯƠNG TRÌNH HÀNH ĐỘNG"] = "CTr"

# The body a number's last part names, for citations that do not say "của ...".
ISSUER_BY_SUFFIX = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "UBND": "UBND tỉnh",
    "HĐND": "HĐND tỉnh",
    "TU": "Tỉnh ủy",
    "TW": "Ban Chấp hành Trung ương",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "VP": "Văn phòng",
    "VPCP": "Văn phòng Chính phủ",
}

_CODE = r"[A-ZĐ][A-Za-zĐđ]*"
NUMBER_RE = re.compile(rf"(?<![\w/])(\d{{1,5}}(?:[/-]\d{{4}})?(?:/{_CODE}|-{_CODE}/{_CODE})(?:-{_CODE})*)(?![\w])")
_DATE = r"(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
CITATION_RE = re.compile(
    rf"(?:[Ss]ố\s*:?\s*)?{NUMBER_RE.pattern}(?:\s*,?\s*ngày\s+({_DATE}))?"
    rf"(?:\s+của\s+(.+?)(?=\s+(?:về|ban hành|phê duyệt|quy định|hướng dẫn|triển khai|tại)\b|[,;.:)\n]|\s+và\s|$))?"
)


def number_type(number: str) -> str:
    """ "410/QĐ-UBND" -> "QĐ", "30/2020/NĐ-CP" -> "NĐ", "35-CT/TU" -> "CT", "12/UBND-VX" -> "CV"."""
    party = re.match(rf"^\d+-({_CODE})/", number)
    if party:
        return party.group(1)
    parts = re.sub(r"^\d+(?:[/-]\d{4})?/", "", number).split("-")
    return parts[0] if parts[0] in TYPE_CODES else "CV"


def number_issuer(number: str) -> str | None:
    last = re.split(r"[-/]", number)[-1]
    return ISSUER_BY_SUFFIX.get(last)


@dataclass
class Citation:
    number: str
    type: str
    date: dt.date | None = None
    date_text: str | None = None
    issuer: str | None = None
    dates_seen: set = field(default_factory=set)

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
        }


def find_citations(text: str) -> list[Citation]:
    """Every numbered document the text cites, once each, in order of first mention.

    The issuer is the longest "của ..." seen after that number, or else the body the
    number's suffix names.
    """
    found: dict[str, Citation] = {}
    for m in CITATION_RE.finditer(squash(text)):
        number, date_text, issuer = m.group(1), m.group(2), m.group(3)
        cit = found.setdefault(number, Citation(number=number, type=number_type(number)))
        if date_text:
            date = to_date(parse_date(date_text))
            if date:
                cit.dates_seen.add(date)
                if cit.date is None:
                    cit.date, cit.date_text = date, squash(date_text)
        if issuer:
            issuer = squash(issuer)
            if len(issuer) <= 60 and len(issuer) > len(cit.issuer or ""):
                cit.issuer = issuer
    for cit in found.values():
        cit.issuer = cit.issuer or number_issuer(cit.number)
    return list(found.values())
