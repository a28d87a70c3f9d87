"""A plan's appendix tables, read by what their columns mean rather than where they stand.

`find_tables(lines, plan_year)` finds each table after the first "Phụ lục" heading: its header (one row, or
two when a group cell such as "Mục tiêu" spans "Năm 2025 | Năm 2026" below it), the meaning of each column
(`Column.role`, with the year it names), whether it lists indicators or tasks (`Table.kind`, None when its
columns do not say), and its rows. Pure Python.

Header words, compared without accents ("Mục tiêu năm 2026" → target 2026, "Kết quả năm 2024" → history
2024, "Cơ quan chủ trì" → lead ...) are in `_ROLES`, first match wins. A bare year ("Năm 2025") is a target
under a target group, history under a history group; alone, it is history when another column holds targets,
else a target from the plan's own year on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import fold, key

NO, NAME, MEASURE, HISTORY, TARGET, LEAD, SUPPORT, DEADLINE, OUTPUT, NOTE = (
    "no", "name", "measure", "history", "target", "lead", "support", "deadline", "output", "note",
)  # fmt: skip
INDICATORS, TASKS = "indicators", "tasks"
_YEAR_ONLY = "year"  # a bare year, decided once the whole header is known

_ROLES: list[tuple[str, re.Pattern]] = [
    (NO, re.compile(r"^(?:stt|tt|so tt|so thu tu)$")),
    (OUTPUT, re.compile(r"san pham|ket qua dau ra|dau ra|hinh thuc van ban")),
    (DEADLINE, re.compile(r"thoi gian|thoi han|tien do|han hoan thanh")),
    (SUPPORT, re.compile(r"phoi hop")),
    (LEAD, re.compile(r"chu tri|(?:co quan|don vi) (?:thuc hien|chiu trach nhiem|phu trach)")),
    (NOTE, re.compile(r"ghi chu")),
    (MEASURE, re.compile(r"^(?:dvt|don vi tinh|don vi do)$|\bdvt\b|don vi tinh")),
    (TARGET, re.compile(r"muc tieu|ke hoach|dinh huong|phan dau|diem so|chi tieu (?:nam |den nam |giai doan )?\d{4}")),
    (NAME, re.compile(r"chi tieu|chi so|noi dung|nhiem vu|giai phap|cong viec|hoat dong|ten ")),
    (HISTORY, re.compile(r"ket qua|thuc hien|hien trang|uoc|thuc te|nam goc|co so")),
    (_YEAR_ONLY, re.compile(r"^(?:nam\s*)?(?:19|20)\d{2}$")),
]
_TASK_NAMES = re.compile(r"nhiem vu|giai phap|cong viec|hoat dong|de an")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_NUMBER_ROW = re.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$")
_ROW_NO = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")
_GROUP_NO = re.compile(r"^(?:[IVX]{1,4}|[A-ZĐ])\.?$")
_APPENDIX = re.compile(r"^\s*phụ lục\b\s*(?:số\s*)?((?-i:[IVXL]+)|\d+)?\b[\s.:–-]*(.*)$", re.IGNORECASE)
_NO_HEADER = {key("STT"), key("TT"), key("Số TT"), key("Số thứ tự")}


@dataclass
class Column:
    index: int
    text: str  # the header as written, a group header first: "Mục tiêu Năm 2025"
    role: str | None  # one of the roles above; None: a column whose meaning is not read
    year: int | None = None


@dataclass
class Row:
    cells: list[str]
    group: str = ""  # the group row above it ("I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"), if any

    def cell(self, column: Column | None) -> str:
        if column is None or column.index >= len(self.cells):
            return ""
        return self.cells[column.index]


@dataclass
class Table:
    appendix: str  # "I", "2", "" — as the heading numbers it
    title: str  # the appendix's heading: "Phụ lục I: DANH MỤC NHIỆM VỤ ..."
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    position: int = 0  # 1 for the plan's first table

    @property
    def kind(self) -> str | None:
        """INDICATORS, TASKS, or None when the header does not say what the rows are."""
        name = self.column(NAME)
        if name is None:
            return None
        if _TASK_NAMES.search(fold(name.text)):
            return TASKS
        if self.columns_of(TARGET) or self.columns_of(HISTORY) or self.column(MEASURE):
            return INDICATORS
        if self.column(DEADLINE) or self.column(OUTPUT) or self.column(LEAD):
            return TASKS if not re.search(r"chi tieu|chi so", fold(name.text)) else INDICATORS
        return None

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    def columns_of(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    @property
    def header(self) -> str:
        return " | ".join(c.text for c in self.columns)


def _classify(text: str) -> tuple[str | None, int | None]:
    folded = re.sub(r"[()\[\]:,;*]", " ", fold(text))
    folded = re.sub(r"\s+", " ", folded).strip()
    years = _YEAR.findall(folded)
    year = int(years[-1]) if years else None
    for role, pattern in _ROLES:
        if pattern.search(folded):
            return role, year
    return None, year


def _split(line: str, fewest: int = 3) -> tuple[list[str], str] | None:
    """The cells of a table row written with tabs (Word) or pipes (copied from a web page); None for text."""
    for sep, row in (("\t", line.strip(" \r\n")), ("|", line.strip().strip("|"))):
        if sep in row:
            cells = [c.strip() for c in row.split(sep)]  # Word's empty trailing cells are kept: one per column
            if len(cells) >= fewest:
                return cells, sep
    return None


def _join(group: str, below: str) -> str:
    if not group or key(group) == key(below):
        return below or group
    return f"{group} {below}".strip() if below else group


def _spread(top: list[str], below: list[str], width: int) -> list[str] | None:
    """A two-row header as one text per column. Word's rows and padded copies align cell by cell (a group
    cell followed by empty ones); a copy that drops the spanned cells ("STT | Chỉ tiêu | Mục tiêu | Đơn vị
    chủ trì" over "Năm 2025 | Năm 2026") is aligned when its groups share the lower cells evenly."""
    if len(top) == len(below):
        out, group = [], ""
        for upper, lower in zip(top, below, strict=True):
            group = upper or (group if lower else "")
            out.append(_join(group, lower))
        return out
    spans = len(top) + len(below) - width
    groups = [i for i, cell in enumerate(top) if _classify(cell)[0] in (TARGET, HISTORY, DEADLINE, None)][-spans:]
    if spans <= 0 or len(groups) != spans or len(below) % spans:
        return None
    share, out, lower = len(below) // spans, [], iter(below)
    for i, cell in enumerate(top):
        out += [_join(cell, next(lower)) for _ in range(share)] if i in groups else [cell]
    return out if len(out) == width else None


def _columns(header: list[str], plan_year: int | None) -> list[Column]:
    columns = [Column(i, text, *_classify(text)) for i, text in enumerate(header)]
    has_targets = any(c.role == TARGET for c in columns)
    bare = [c for c in columns if c.role == _YEAR_ONLY]
    for c in bare:
        if has_targets:
            c.role = HISTORY
        elif plan_year is not None:
            c.role = TARGET if c.year >= plan_year else HISTORY
        else:
            c.role = TARGET if c is bare[-1] else HISTORY
    if columns and columns[0].role is None and key(columns[0].text) in _NO_HEADER:
        columns[0].role = NO
    return columns


def _is_header(cells: list[str]) -> bool:
    return key(cells[0]) in _NO_HEADER


def _is_number_row(cells: list[str]) -> bool:
    """The row numbering the columns under a header: "(1) | (2) | (3)" or "1 | 2 | 3 | 4"."""
    filled = [fold(c) for c in cells if c.strip()]
    return len(filled) >= 3 and all(_NUMBER_ROW.match(c) for c in filled)


def _is_header_below(cells: list[str], header: list[str]) -> bool:
    """The second row of a merged header: under "STT" (repeated, or blank), or only header words."""
    if _ROW_NO.match(cells[0]) or _GROUP_NO.match(cells[0]):
        return False
    if not cells[0] or key(cells[0]) == key(header[0]):
        return True
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(_classify(c)[0] is not None for c in filled)


def _title(heading: list[str]) -> tuple[str, str]:
    """The appendix's number and its heading in one line, from the lines above the table."""
    number, parts = "", []
    for line in heading:
        m = _APPENDIX.match(line)
        if m:
            number, parts = (m.group(1) or "").upper(), [line.strip()]
        elif line.strip() and not line.strip().startswith("(") and len(parts) < 2:
            parts.append(line.strip())
    return number, ": ".join(parts) if len(parts) > 1 else (parts[0] if parts else "")


def find_tables(lines: list[str], plan_year: int | None = None) -> list[Table]:
    """The tables under the plan's appendices, in order."""
    start = next((i for i, ln in enumerate(lines) if _APPENDIX.match(ln)), None)
    if start is None:
        return []
    tables: list[Table] = []
    heading: list[str] = []
    i = start
    while i < len(lines):
        split = _split(lines[i])
        if split is None or not _is_header(split[0]):
            if split is None and lines[i].strip():
                heading = heading[-6:] + [lines[i]] if not _APPENDIX.match(lines[i]) else [lines[i]]
            i += 1
            continue
        table, i = _read_table(lines, i, heading, plan_year)
        table.position = len(tables) + 1
        tables.append(table)
        heading = []
    return tables


def _header_rows(lines: list[str], at: int) -> tuple[list[str], list[str] | None, int]:
    """The header row, the second row of a merged header (or None), and where the body starts."""
    header, below = _split(lines[at])[0], None
    i = at + 1
    while i < len(lines):
        split = _split(lines[i], fewest=2)
        if split is None:
            if lines[i].strip():
                break
        elif below is None and _is_header_below(split[0], header):
            below = split[0]
        elif not _is_number_row(split[0]):
            break
        i += 1
    return header, below, i


def _body(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """The table's rows up to the first line of text; a header row repeated on a new page is left out."""
    rows = []
    while i < len(lines):
        split = _split(lines[i], fewest=2)  # a group row "A | CHỈ SỐ …" may have lost its empty cells
        if split is None and lines[i].strip():
            break
        if split is not None and not _is_header(split[0]):
            rows.append(split[0])
        i += 1
    return rows, i


def _read_table(lines: list[str], at: int, heading: list[str], plan_year: int | None) -> tuple[Table, int]:
    header, below, i = _header_rows(lines, at)
    data, i = _body(lines, i)
    width = max([len(header), len(below or [])] + [len(cells) for cells in data])
    spread = _spread(header, below, width) if below else header
    number, title = _title(heading)
    if spread is None:  # a header it cannot line up: no column is given a meaning
        columns = [Column(n, text, None) for n, text in enumerate(header)]
    else:
        columns = _columns(spread, plan_year)
    table = Table(number, title, columns)
    group = ""
    for cells in data:
        first = cells[0].strip()
        filled = [c for c in cells if c.strip()]
        if _ROW_NO.match(first) and len(filled) > 1:
            table.rows.append(Row(cells, group))
        elif filled and _GROUP_NO.match(first):
            group = f"{first.rstrip('.')}. {' '.join(filled[1:])}"
        elif len(filled) == 1:
            group = filled[0]
    return table, i
