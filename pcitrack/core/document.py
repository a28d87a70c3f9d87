"""The header of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Left column: parent body, issuing body, "Số: 49/KH-VP". Right column: the national
motto and "Quảng Trị, ngày 12 tháng 3 năm 2024". Then the type word (KẾ HOẠCH,
QUYẾT ĐỊNH, ...) and the summary line. The columns arrive as a Word table, as
"|"-separated cells copied from legal-document websites (often wrapped over several
lines), as tab- or space-separated text, or not at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import citations as cit
from .text import parse_date, squash, to_date


def gettext_noop(message: str) -> str:
    """Marks a message for translation; the Django layer translates it when shown."""
    return message


@dataclass
class Warning:
    code: str
    template: str
    params: dict = field(default_factory=dict)

    def message(self, translate=lambda s: s) -> str:
        return translate(self.template).format(**self.params)


@dataclass
class DocumentInfo:
    type: str | None = None
    number: str | None = None
    issuer: str | None = None
    parent: str | None = None
    place: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    title: str | None = None
    year: int | None = None
    month: int | None = None

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "number": self.number,
            "issuer": self.issuer,
            "parent": self.parent,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "title": self.title,
        }


TITLE = re.compile(
    r"^(KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|CHƯƠNG TRÌNH HÀNH ĐỘNG|CHƯƠNG TRÌNH|NGHỊ QUYẾT|ĐỀ ÁN|BÁO CÁO|HƯỚNG DẪN|THÔNG BÁO)$"
)
_MOTTO = re.compile(
    r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r",\s*ngày\s+(\d{0,2})\s*tháng\s+(\d{1,2})\s*năm\s+(\d{4})", re.IGNORECASE)
_NUMBER = re.compile(r"\bSố\s*:?\s*([^\s,|\t]*)")
_RULE = re.compile(r"^[-_=—–.\s|]*$")
# A second upper-case line that continues the first one's name ("ỦY BAN NHÂN DÂN" / "TỈNH CÀ MAU").
_CONTINUES = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b")
_ATTACHED = re.compile(
    r"^\(?\s*(?:Ban hành\s+)?kèm theo\s+(Kế hoạch|Quyết định|Chương trình|Chỉ thị|Nghị quyết|Đề án)\s+số\s*:?\s*(\S*?)\s*"
    r"ngày\s+([\d\s/]*?\d{4})(?:\s+của\s+([^)\n]+))?\)?\s*$",
    re.IGNORECASE,
)


def _columns(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split header lines into the left and the right column."""
    left, right = [], []
    for line in lines:
        text = line.strip()
        if _RULE.match(text):
            continue
        if "|" in text:
            cells = [c.strip() for c in text.strip("|").split("|")]
        elif "\t" in text:
            cells = [c.strip() for c in text.split("\t")]
        else:
            cells = [c.strip() for c in re.split(r"\s{3,}", text)]
        if len(cells) >= 2:
            left.append(cells[0])
            right.append(" ".join(cells[1:]))
        elif _MOTTO.search(cells[0]) or re.search(r"\bngày\b|\btháng\b|\bnăm \d{4}", cells[0]):
            right.append(cells[0])
        else:
            left.append(cells[0])
    return [c for c in left if c and not _RULE.match(c)], [c for c in right if c and not _RULE.match(c)]


def _place(before_comma: str) -> str | None:
    """The place name ends the text before ", ngày": up to four capitalised words."""
    words = squash(before_comma).split()
    place: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or (word.isupper() and len(word) > 1 and not word.endswith(".")) or len(place) == 4:
            break
        place.insert(0, word)
    return " ".join(place) or None


def read_header(lines: list[str], doc: DocumentInfo, warnings: list[Warning]) -> int:
    """Fill doc from the lines before the title; return the title line's index (or -1)."""
    title_at = next((i for i, ln in enumerate(lines[:120]) if TITLE.match(squash(ln))), -1)
    if title_at < 0:
        return -1
    doc.type = cit.TYPE_BY_NAME.get(squash(lines[title_at]))
    left, right = _columns(lines[:title_at])
    left_text = squash(" ".join(left))
    right_text = _MOTTO.sub(" ", squash(" ".join(right)))

    m = _NUMBER.search(left_text) or _NUMBER.search(right_text)
    if m:
        number = m.group(1).strip()
        doc.number = number if re.match(r"\d", number) else None
        if not doc.number:
            warnings.append(
                Warning(
                    "plan_number_blank",
                    gettext_noop("The document's own number is blank (“{text}”)."),
                    {"text": squash(m.group(0))},
                )
            )
    m = _DATE_WORDS.search(right_text) or _DATE_WORDS.search(left_text)
    if m:
        doc.place = _place(m.string[: m.start()])
        day, month, year = (int(m.group(1)) if m.group(1) else None), int(m.group(2)), int(m.group(3))
        doc.date_text = squash(m.group(0).lstrip(", "))
        doc.date, doc.month, doc.year = to_date((day, month, year)), month, year

    bodies = [c for c in left if c.isupper() and not re.match(r"^SỐ\b", c) and not _MOTTO.search(c)]
    if bodies:
        if len(bodies) >= 2 and not _CONTINUES.match(bodies[1]):
            doc.parent, bodies = squash(bodies[0]), bodies[1:]
        doc.issuer = squash(" ".join(bodies)).strip("-_ ")

    for line in lines[title_at + 1 : title_at + 6]:
        if line.strip():
            if not re.match(r"^(Căn cứ|Thực hiện|Theo|Điều)\b", line):
                doc.title = squash(line)
            break
    return title_at


def read_attached_line(lines: list[str], doc: DocumentInfo, warnings: list[Warning]) -> None:
    """ "(Ban hành kèm theo Kế hoạch số: /KH-VP ngày /3/2024 của Văn phòng UBND tỉnh)"."""
    for line in lines:
        m = _ATTACHED.search(squash(line))
        if not m:
            continue
        number, date_text, issuer = m.group(2).strip(":"), squash(m.group(3)), m.group(4)
        if doc.number is None and re.match(r"\d", number):
            doc.number = number
        elif doc.number is None and not any(w.code == "plan_number_blank" for w in warnings):
            warnings.append(
                Warning(
                    "plan_number_blank",
                    gettext_noop("The document's own number is blank (“{text}”)."),
                    {"text": squash(m.group(0)).strip("()")},
                )
            )
        if not doc.type:
            doc.type = cit.TYPE_BY_NAME.get(m.group(1).upper())
        if doc.year is None:
            day, month, year = parse_date(date_text)
            doc.date, doc.month, doc.year, doc.date_text = to_date((day, month, year)), month, year, date_text
        if issuer and not doc.issuer:
            doc.issuer = squash(issuer).rstrip(")")
        return


def nd30_place_date(place: str | None, day: dt.date) -> str:
    """ "Quảng Trị, ngày 05 tháng 3 năm 2024": days below 10 and months 1-2 get a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()
