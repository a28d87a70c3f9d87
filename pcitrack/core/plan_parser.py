"""Read a plan document (Kế hoạch, Chương trình, Quyết định ...) into structure.

parse_plan_text(text) -> ParsedPlan: the document header, the documents it cites,
its tasks (section "NHIỆM VỤ" / "GIẢI PHÁP") and unit responsibilities (section
"TỔ CHỨC THỰC HIỆN"), the indicator appendix and the units it names, with warnings
for what looks wrong. Pure: no database, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import appendix
from . import citations as cit
from .deadlines import read_deadline, stated_deadline
from .document import DocumentInfo, Warning, gettext_noop, read_attached_line, read_header
from .errors import PcitrackError
from .indicators import direction_from_wording, load_catalog, match_catalog, unit_from_wording
from .measures import read_measure
from .targets import TargetReading, read_target
from .text import clean, key, squash
from .units import is_group, looks_like_unit, resolve_units


@dataclass
class Assignment:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    lead_groups: list[str] = field(default_factory=list)
    support_groups: list[str] = field(default_factory=list)

    def add(self, names: list[str], role: str) -> None:
        for name in names:
            bucket = (
                (self.lead_groups if role == "lead" else self.support_groups)
                if is_group(name)
                else (self.lead if role == "lead" else self.support)
            )
            if name not in bucket:
                bucket.append(name)

    def is_empty(self) -> bool:
        return not (self.lead or self.support or self.lead_groups or self.support_groups)

    def to_dict(self) -> dict:
        return {
            "lead": self.lead,
            "support": self.support,
            "lead_groups": self.lead_groups,
            "support_groups": self.support_groups,
        }


@dataclass
class Task:
    ref: str
    kind: str  # "task" (section NHIỆM VỤ) or "responsibility" (section TỔ CHỨC THỰC HIỆN)
    section: str
    section_title: str
    text: str
    units: Assignment = field(default_factory=Assignment)
    mentions: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str = ""  # as the plan writes it: "Quý II/2025", "Thường xuyên"
    recurring: str | None = None  # one of core.deadlines.RECURRING
    output: str = ""  # the expected product: "Quyết định của UBND tỉnh", "Báo cáo"

    def to_dict(self) -> dict:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "section": self.section,
            "section_title": self.section_title,
            "text": self.text,
            **self.units.to_dict(),
            "mentions": self.mentions,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "recurring": self.recurring is not None,
            "recurrence": self.recurring,
            "output": self.output,
        }


@dataclass(frozen=True)
class YearTarget:
    """The value (or, for a target in words, only the text) a plan sets for one year."""

    year: int | None
    value: float | None
    text: str

    def to_dict(self) -> dict:
        return {"year": self.year, "value": self.value, "text": self.text}


@dataclass(frozen=True)
class Baseline:
    """The latest value the plan itself states, with its year ("Kết quả năm 2024")."""

    year: int | None
    value: float

    def to_dict(self) -> dict:
        return {"year": self.year, "value": self.value}


@dataclass
class Indicator:
    no: int
    name: str
    target: float | None
    target_text: str
    unit: str | None
    direction: str
    direction_source: str
    target_year: int | None
    units: Assignment = field(default_factory=Assignment)
    catalog_code: str | None = None
    catalog_name: str | None = None
    catalog_score: float | None = None
    sub_index: int | None = None
    targets: list[YearTarget] = field(default_factory=list)  # one per year, earliest first; the last is `target`
    baseline: Baseline | None = None

    def to_dict(self) -> dict:
        return {
            "no": self.no,
            "name": self.name,
            "target": self.target,
            "target_text": self.target_text,
            "targets": [t.to_dict() for t in self.targets],
            "baseline": self.baseline.to_dict() if self.baseline else None,
            "unit": self.unit,
            "direction": self.direction,
            "direction_source": self.direction_source,
            "target_year": self.target_year,
            **self.units.to_dict(),
            "catalog_code": self.catalog_code,
            "catalog_name": self.catalog_name,
            "sub_index": self.sub_index,
        }


@dataclass
class ParsedPlan:
    document: DocumentInfo
    citations: list[cit.Citation]
    tasks: list[Task]
    indicators: list[Indicator]
    units: list
    groups: list[str]
    monitoring_unit: str | None
    warnings: list[Warning]

    def to_dict(self, translate=lambda s: s) -> dict:
        return {
            "document": self.document.to_dict(),
            "citations": [c.to_dict() for c in self.citations],
            "tasks": [t.to_dict() for t in self.tasks],
            "indicators": [i.to_dict() for i in self.indicators],
            "units": [u.to_dict() for u in self.units],
            "groups": self.groups,
            "monitoring_unit": self.monitoring_unit,
            "warnings": [{"code": w.code, "message": w.message(translate)} for w in self.warnings],
        }


class PlanFormatError(PcitrackError):
    """The text is not a plan this parser can read; the message says why."""


_ROMAN = re.compile(r"^(I{1,3}|IV|VI{0,3}|IX|X{1,3})\.\s+(.+)$")
_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s+(.+)$")
_BULLET = re.compile(r"^[-–•+*]\s*(.+)$")
_END = re.compile(r"^(Trên đây là|Nơi nhận|KT\.|TM\.|Q\. ?CHÁNH)", re.IGNORECASE)
_APPENDIX = re.compile(r"^(Phụ lục|PHỤ LỤC)\b")
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_AUTHOR = re.compile(r",\s*([^,.;]{3,60}?)\s+(?:xây dựng|ban hành)\s+(?:Kế hoạch|Chương trình|Đề án)", re.IGNORECASE)
_MONITOR = re.compile(r"Giao\s+(.{3,80}?)\s+(?:giúp|chủ trì|là đầu mối)[^.]*(?:theo dõi|tổng hợp)", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"^(?:Là cơ quan thường trực|Theo dõi|Chủ trì theo dõi|Là đầu mối theo dõi)", re.IGNORECASE)
_EXPLICIT = re.compile(
    r"\((?:đơn vị\s+)?chủ trì\s*:\s*([^;)]+)(?:;\s*(?:đơn vị\s+)?phối hợp\s*:\s*([^)]+))?\)", re.IGNORECASE
)
_GIAO = re.compile(
    r"^Giao\s+(.+?)\s+(?:chủ trì|là đầu mối|là cơ quan thường trực)\b(?:,?\s*phối hợp với\s+(.+?)(?=[,;.:]|$))?",
    re.IGNORECASE,
)
# Verbs that end a unit name standing as the subject of a task ("Sở X nâng cấp ..."). Lower case
# only: "Tổ chức" inside "Phòng Hành chính - Tổ chức" is part of a name.
_VERBS = re.compile(
    r"\s+(?:rút|thực hiện|triển khai|tổ chức|xây dựng|tham mưu|rà soát|đôn đốc|theo dõi|hướng dẫn|kiểm tra|"
    r"nâng|công khai|đẩy mạnh|tăng cường|giải quyết|cải thiện|hoàn thành|báo cáo|chủ động|phối hợp|chịu trách nhiệm|"
    r"tập trung|tiếp tục|cập nhật|ban hành|trình|đăng tải|duy trì|vận hành|chủ trì)\b"
)
_ALL_UNITS = re.compile(
    r"^(?:Yêu cầu\s+)?((?:tất cả\s+)?các (?:phòng, ban, đơn vị|sở, ban, ngành|đơn vị|phòng|ban)\b)", re.IGNORECASE
)


def _trim_unit(phrase: str) -> str:
    """The unit name at the start of a phrase: "Sở Tài chính rút ngắn ..." -> "Sở Tài chính"."""
    m = _VERBS.search(phrase)
    return squash(phrase[: m.start()]) if m else squash(phrase)


def _split_units(cell: str) -> list[str]:
    """A cell or phrase listing units: "A; B", "A, B", "A và B" (each a unit name) or one group."""
    cell = _trim_unit(cell)
    if not cell or cell in {"-", "—"}:
        return []
    if is_group(cell):
        return [cell]
    out: list[str] = []
    for part in (p.strip(" .") for p in re.split(r"\s*[;\n]\s*", cell)):
        if not part:
            continue
        for separator in (",", " và "):
            pieces = [p.strip() for p in part.split(separator)]
            if len(pieces) > 1 and all(looks_like_unit(p) for p in pieces):
                out.extend(pieces)
                break
        else:
            out.append(part)
    return out


def _lines(text: str) -> list[str]:
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for line in text.split("\n"):
        line = line.replace("\u00a0", " ").replace("**", "").rstrip()
        out.append(line.strip(" "))
    return out


class _Node:
    def __init__(self, ref: str, title: str, level: int):
        self.ref, self.title, self.level = ref, title, level
        self.children: list[_Node] = []
        self.paragraphs: list[str] = []


def _has(text: str, *phrases: str) -> bool:
    """Whether any phrase occurs in text, compared through text.key()."""
    k = f" {key(text)} "
    return any(f" {key(p)} " in k for p in phrases)


def _section_kind(title: str) -> str | None:
    if _has(title, "tổ chức thực hiện"):
        return "responsibility"
    if _has(title, "nhiệm vụ", "giải pháp"):
        return "task"
    return None


def _outline(lines: list[str]) -> list[tuple[str, _Node]]:
    """The Roman-numbered sections that hold tasks, as trees of numbered items and paragraphs."""
    sections: list[tuple[str, _Node]] = []
    stack: list[_Node] = []
    romans = 0
    for raw in lines:
        line = squash(raw)
        if not line:
            continue
        if _APPENDIX.match(line):
            break
        if _END.match(line):
            stack = []  # signature block; a decision's attached programme may follow
            continue
        m = _ROMAN.match(line)
        if m or (line.isupper() and len(line) < 120 and _section_kind(line)):
            romans += 1
            ref, title = (m.group(1), m.group(2)) if m else (_ROMANS[min(romans, len(_ROMANS)) - 1], line)
            root = _Node(ref, squash(title), 0)
            stack = [root]
            if _section_kind(title):
                sections.append((_section_kind(title), root))
            continue
        if not stack:
            continue
        m = _ARABIC.match(line)
        letter = _LETTER.match(line)
        if m and not _BULLET.match(line):
            parts = m.group(1).split(".")
            level = len(parts)
            while stack and stack[-1].level >= level:
                stack.pop()
            node = _Node(f"{stack[0].ref}.{m.group(1)}", m.group(2), level)
            stack[-1].children.append(node)
            stack.append(node)
        elif letter:
            while stack and stack[-1].level >= 5:
                stack.pop()
            node = _Node(f"{stack[-1].ref}.{letter.group(1)}", letter.group(2), 5)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            b = _BULLET.match(line)
            stack[-1].paragraphs.append(squash(b.group(1)) if b else line)
    return sections


def _heading_unit(title: str) -> tuple[str | None, str]:
    """ "Phòng Nội chính: Tham mưu ..." -> ("Phòng Nội chính", "Tham mưu ...")."""
    if ":" in title:
        head, rest = title.split(":", 1)
        head = squash(head)
        if len(head) <= 90 and (looks_like_unit(head) or is_group(head)):
            return head, squash(rest)
    return None, title


def _explicit_units(text: str) -> Assignment:
    units = Assignment()
    m = _EXPLICIT.search(text) or _GIAO.search(text)
    if m:
        units.add(_split_units(m.group(1)), "lead")
        if m.group(2):
            units.add(_split_units(m.group(2)), "support")
        return units
    m = _ALL_UNITS.match(text)
    if m:
        units.add([m.group(1)[0].upper() + m.group(1)[1:]], "lead")
        return units
    subject = _VERBS.search(text)
    if subject and looks_like_unit(text[: subject.start()]):
        units.add([squash(text[: subject.start()])], "lead")
    return units


def _collect_tasks(sections: list[tuple[str, _Node]]) -> list[Task]:
    tasks: list[Task] = []

    def walk(node: _Node, kind: str, inherited: Assignment, section_title: str) -> None:
        head_unit, rest = _heading_unit(node.title) if node.level else (None, node.title)
        here = Assignment(**{k: list(v) for k, v in inherited.to_dict().items()})
        if head_unit:
            here = Assignment()
            here.add([head_unit], "lead")
        title = head_unit or rest
        leaves = node.paragraphs
        if not node.children and not leaves and node.level:
            explicit = _explicit_units(rest)
            tasks.append(
                Task(node.ref, kind, node.ref, section_title, rest, explicit if not explicit.is_empty() else here)
            )
            return
        if head_unit and rest and leaves:
            tasks.append(Task(node.ref, kind, node.ref, title, rest, here))
        for i, paragraph in enumerate(leaves, start=1):
            explicit = _explicit_units(paragraph)
            tasks.append(
                Task(
                    f"{node.ref}.{i}",
                    kind,
                    node.ref,
                    title if node.level else section_title,
                    paragraph,
                    explicit if not explicit.is_empty() else here,
                )
            )
        for child in node.children:
            child_title = (_heading_unit(child.title)[0] or squash(child.title)) if child.level == 1 else section_title
            walk(child, kind, here, child_title)

    for kind, root in sections:
        walk(root, kind, Assignment(), root.title)
    for task in tasks:
        deadline, task.deadline_text = stated_deadline(task.text)
        task.deadline, task.recurring = deadline.date, deadline.recurring
    return tasks


def _warn_unread(table: appendix.Table, warnings: list[Warning]) -> None:
    warnings.append(
        Warning(
            "appendix_unreadable",
            gettext_noop(
                "The table “{title}” (columns: {columns}) was not read: its header does not say which column holds the indicators or the tasks."
            ),
            {"title": table.title or f"#{table.position}", "columns": table.header[:300]},
        )
    )


def _number_of(cells: list[str], taken: set[int]) -> int:
    """The row's number ("3", "3."), or the next free one when it is "1.2" or already taken."""
    first = cells[0].rstrip(".")
    no = int(first) if first.isdigit() else 0
    if no <= 0 or no in taken:
        no = max(taken, default=0) + 1
    taken.add(no)
    return no


def _measure(text: str, no: int, warnings: list[Warning]) -> str | None:
    """The unit of measure a column states: its one spelling, or as written (with a warning) when unknown."""
    text = squash(text)
    if not text or text in {"-", "—"}:
        return None
    known = read_measure(text)
    if known:
        return known
    warnings.append(
        Warning(
            "unit_unrecognised",
            gettext_noop(
                "Indicator {no}: the unit of measure “{unit}” is not one plans usually use; it is kept as written."
            ),
            {"no": no, "unit": text},
        )
    )
    return text


def _targets(row: appendix.Row, table: appendix.Table) -> list[tuple[YearTarget, TargetReading]]:
    """The row's targets by year, earliest first when every one has a year, each with how it reads."""
    found = []
    for column in table.columns_of(appendix.TARGET):
        text = squash(row.cell(column))
        if text and text not in {"-", "—", "x"}:
            reading = read_target(text)
            found.append((YearTarget(column.year, reading.value, text), reading))
    return sorted(found, key=lambda pair: pair[0].year or 0) if all(t.year for t, _ in found) else found


def _add_units(units: Assignment, row: appendix.Row, table: appendix.Table) -> Assignment:
    """The row's lead and supporting units, added to units."""
    units.add(_split_units(row.cell(table.column(appendix.LEAD))), "lead")
    units.add(_split_units(row.cell(table.column(appendix.SUPPORT))), "support")
    return units


def _baseline(row: appendix.Row, table: appendix.Table) -> Baseline | None:
    """The latest history column holding a number."""
    columns = table.columns_of(appendix.HISTORY)
    if all(c.year for c in columns):
        columns = sorted(columns, key=lambda c: c.year)
    for column in reversed(columns):
        value = read_target(squash(row.cell(column))).value
        if value is not None:
            return Baseline(column.year, value)
    return None


def _indicator_from_row(
    row: appendix.Row, table: appendix.Table, no: int, catalog, warnings: list[Warning]
) -> Indicator:
    name = squash(row.cell(table.column(appendix.NAME)))
    pairs = _targets(row, table)
    targets, readings = [t for t, _ in pairs], [r for _, r in pairs]
    last = targets[-1] if targets else YearTarget(None, None, "")
    for t in targets:
        if t.value is None:
            warnings.append(
                Warning(
                    "target_not_number",
                    gettext_noop("Indicator {no}: the target “{text}” is not a single number; it is kept as text."),
                    {"no": no, "text": t.text},
                )
            )
    stated = next((r.direction for r in reversed(readings) if r.direction), None)
    baseline = _baseline(row, table)
    match = match_catalog(name, catalog)
    entry = match.entry if match else None
    numeric = [t for t in targets if t.value is not None]
    change = numeric[-1].value - baseline.value if numeric and baseline else None
    direction, source = _direction(no, name, match, warnings, stated, change)
    measure_column = table.column(appendix.MEASURE)
    unit = _measure(row.cell(measure_column), no, warnings) if measure_column else None
    unit = unit or next((r.unit for r in reversed(readings) if r.unit), None)
    if not unit:
        unit = (entry.unit if entry and entry.unit else None) or unit_from_wording(name)
    if not unit:
        warnings.append(
            Warning("unit_unknown", gettext_noop("Indicator {no}: the unit of measure could not be read."), {"no": no})
        )
    units = _add_units(Assignment(), row, table)
    return Indicator(
        no=no,
        name=name,
        target=last.value,
        target_text=last.text,
        unit=unit,
        direction=direction,
        direction_source=source,
        target_year=last.year,
        units=units,
        catalog_code=entry.code if entry else None,
        catalog_name=entry.name if entry else None,
        catalog_score=match.score if match else None,
        sub_index=entry.sub_index if entry else None,
        targets=targets,
        baseline=baseline,
    )


def _task_from_row(row: appendix.Row, table: appendix.Table, no: int, warnings: list[Warning]) -> Task:
    section = f"PL{table.appendix or table.position}"
    ref = f"{section}.{no}"
    text = squash(row.cell(table.column(appendix.NAME)))
    units = _add_units(Assignment(), row, table)
    written = squash(row.cell(table.column(appendix.DEADLINE)))
    deadline, stated = (read_deadline(written), written) if written else stated_deadline(text)
    if written and not deadline.found:
        warnings.append(
            Warning(
                "deadline_unreadable",
                gettext_noop("Task {ref}: the deadline “{text}” is not a date or a period; it is kept as written."),
                {"ref": ref, "text": written},
            )
        )
    task = Task(ref, "task", section, row.group or table.title, text, units)
    task.deadline, task.recurring, task.deadline_text = deadline.date, deadline.recurring, stated
    task.output = squash(row.cell(table.column(appendix.OUTPUT)))
    return task


def _same_row(a: appendix.Row, b: appendix.Row, table: appendix.Table) -> bool:
    """Rows Word repeats for a merged number and name cell (one task, its units on two rows)."""
    name = table.column(appendix.NAME)
    return a.cells[0] == b.cells[0] and a.cell(name) == b.cell(name)


def _read_appendices(lines: list[str], plan_year: int | None, warnings: list[Warning]):
    """The indicators and the tasks of the plan's appendix tables."""
    catalog = load_catalog()
    indicators: list[Indicator] = []
    tasks: list[Task] = []
    numbers: set[int] = set()
    for table in appendix.find_tables(lines, plan_year):
        kind = table.kind
        if kind is None:
            _warn_unread(table, warnings)
            continue
        task_numbers: set[int] = set()
        previous = None
        for row in table.rows:
            if not squash(row.cell(table.column(appendix.NAME))):
                continue
            if previous is not None and _same_row(previous, row, table):
                _add_units((tasks[-1] if kind == appendix.TASKS else indicators[-1]).units, row, table)
                continue
            previous = row
            if kind == appendix.TASKS:
                tasks.append(_task_from_row(row, table, _number_of(row.cells, task_numbers), warnings))
            else:
                indicators.append(_indicator_from_row(row, table, _number_of(row.cells, numbers), catalog, warnings))
    return indicators, tasks


def _direction(
    no: int, name: str, match, warnings: list[Warning], stated: str | None = None, change: float | None = None
) -> tuple[str, str]:
    """The way the target itself points ("≥ 99", "không quá 3") when it says; else the catalog's direction when
    the indicator is in it; else the way the target moves from the baseline (80 after 75: up); else the
    wording's. The catalog is checked either way (its warnings)."""
    found = _catalog_direction(no, name, match, warnings, None if stated else change)
    return (stated, "target") if stated is not None else found


def _catalog_direction(no: int, name: str, match, warnings: list[Warning], change: float | None) -> tuple[str, str]:
    worded = direction_from_wording(name)
    if match is None and change:
        moved = "up" if change > 0 else "down"
        warnings.append(
            Warning(
                "catalog_no_entry",
                gettext_noop(
                    "Indicator {no} is not in the VCCI PCI catalog; its target is below its baseline, so lower is better."
                )
                if moved == "down"
                else gettext_noop(
                    "Indicator {no} is not in the VCCI PCI catalog; its target is above its baseline, so higher is better."
                ),
                {"no": no},
            )
        )
        return moved, "baseline"
    if match is None:
        warnings.append(
            Warning(
                "catalog_no_entry",
                gettext_noop("Indicator {no} is not in the VCCI PCI catalog; from its wording, lower is better.")
                if worded == "down"
                else gettext_noop("Indicator {no} is not in the VCCI PCI catalog; from its wording, higher is better."),
                {"no": no},
            )
        )
        return worded, "wording"
    entry = match.entry
    if match.score < 100:
        warnings.append(
            Warning(
                "catalog_approximate",
                gettext_noop(
                    "Indicator {no} is linked to VCCI indicator {code} (“{catalog}”) by a similar name; check that they are the same question."
                ),
                {"no": no, "code": entry.code, "catalog": entry.name},
            )
        )
    if worded != entry.direction and entry.direction_source == "data":
        warnings.append(
            Warning(
                "direction_conflict",
                gettext_noop("Indicator {no}: VCCI data says lower is better, the wording suggests the opposite.")
                if entry.direction == "down"
                else gettext_noop(
                    "Indicator {no}: VCCI data says higher is better, the wording suggests the opposite."
                ),
                {"no": no},
            )
        )
    return entry.direction, "catalog"


def _resolve(
    tasks: list[Task],
    indicators: list[Indicator],
    monitor: str | None,
    known: list[tuple[str, list[str]]],
    warnings: list[Warning],
):
    # A unit's canonical spelling is preferably the one its own heading in "TỔ CHỨC THỰC HIỆN"
    # uses, then the tasks', then the appendix's.
    mentions: list[tuple[str, int]] = []
    for task in tasks:
        pref = 3 if task.kind == "responsibility" else 2
        mentions += [(n, pref) for n in task.units.lead + task.units.support]
    for ind in indicators:
        mentions += [(n, 1) for n in ind.units.lead + ind.units.support]
    if monitor:
        mentions.append((monitor, 2))
    resolution = resolve_units(mentions, known)
    for unit in resolution.units:
        for variant in unit.approximate:
            warnings.append(
                Warning(
                    "unit_approximate",
                    gettext_noop("“{variant}” is read as “{name}” (similar spelling); check it."),
                    {"variant": variant, "name": unit.name},
                )
            )
    canon = resolution.canonical
    for item in [*tasks, *indicators]:
        item.units.lead = list(dict.fromkeys(canon(n) for n in item.units.lead))
        item.units.support = list(dict.fromkeys(canon(n) for n in item.units.support))
    body_key = {t.ref: key(t.text) for t in tasks}
    variants = [(key(v), canon(v)) for u in resolution.units for v in u.aliases]
    for task in tasks:
        task.mentions = list(dict.fromkeys(c for k, c in variants if k and k in body_key[task.ref]))
    return resolution, (canon(monitor) if monitor else None)


def parse_plan_text(text: str, known_units: list[tuple[str, list[str]]] = ()) -> ParsedPlan:
    """Parse the text of a plan. Raises PlanFormatError when it is not one."""
    if not text or not text.strip():
        raise PlanFormatError(gettext_noop("The file is empty."))
    lines = _lines(text)
    warnings: list[Warning] = []
    doc = DocumentInfo()
    title_at = read_header(lines, doc, warnings)
    read_attached_line(lines, doc, warnings)
    body = "\n".join(lines)
    if doc.issuer is None:
        m = _AUTHOR.search(squash(body))
        doc.issuer = squash(m.group(1)) if m else None
    sections = _outline(lines[title_at + 1 :] if title_at >= 0 else lines)
    tasks = _collect_tasks(sections)
    indicators, table_tasks = _read_appendices(lines, doc.year, warnings)
    tasks += table_tasks
    if title_at < 0 and not tasks and not indicators:
        raise PlanFormatError(
            gettext_noop(
                "This does not look like a plan: no document title (KẾ HOẠCH, QUYẾT ĐỊNH ...), no task section and no indicator table were found."
            )
        )
    if not indicators:
        warnings.append(Warning("appendix_missing", gettext_noop("No indicator table (appendix) was found.")))
    if doc.number is None and not any(w.code == "plan_number_blank" for w in warnings):
        warnings.append(Warning("plan_number_missing", gettext_noop("The document's own number was not found.")))
    if doc.year is None:
        warnings.append(Warning("plan_date_missing", gettext_noop("The document's date was not found.")))
    elif doc.date is None:
        warnings.append(
            Warning(
                "plan_date_incomplete",
                gettext_noop("The document's date is incomplete (“{text}”): only {month}/{year} is known."),
                {"text": doc.date_text or "", "month": doc.month or "?", "year": doc.year},
            )
        )

    citations = [c for c in cit.find_citations(body) if c.number != doc.number]
    latest = doc.date or _end_of(doc.year, doc.month)
    for c in citations:
        if c.issuer == "Văn phòng" and doc.issuer:
            c.issuer = doc.issuer
        if latest and c.date and c.date > latest:
            warnings.append(
                Warning(
                    "citation_after_plan",
                    gettext_noop("{number} is cited with the date {date}, after the document itself ({plan_date})."),
                    {
                        "number": c.number,
                        "date": c.date.strftime("%d/%m/%Y"),
                        "plan_date": doc.date_text or str(doc.year),
                    },
                )
            )
        if len(c.dates_seen) > 1:
            warnings.append(
                Warning(
                    "citation_dates_differ",
                    gettext_noop("{number} is cited with different dates: {dates}."),
                    {"number": c.number, "dates": ", ".join(d.strftime("%d/%m/%Y") for d in sorted(c.dates_seen))},
                )
            )

    monitor = _monitoring_unit(body, tasks)
    resolution, monitor = _resolve(tasks, indicators, monitor, list(known_units), warnings)
    without = [t.ref for t in tasks if t.units.is_empty()]
    if without:
        warnings.append(
            Warning(
                "task_without_unit",
                gettext_noop("{count} tasks do not name a responsible unit: {refs}."),
                {"count": len(without), "refs": ", ".join(without)},
            )
        )
    groups = sorted({g for item in [*tasks, *indicators] for g in item.units.lead_groups + item.units.support_groups})
    return ParsedPlan(doc, citations, tasks, indicators, resolution.units, groups, monitor, warnings)


def _monitoring_unit(body: str, tasks: list[Task]) -> str | None:
    """The unit that follows up the plan: "Giao X ... theo dõi, tổng hợp", or the unit whose
    responsibility is to follow up and report."""
    m = _MONITOR.search(squash(body))
    if m and looks_like_unit(_trim_unit(m.group(1))):
        return _trim_unit(m.group(1))
    for task in tasks:
        if task.kind == "responsibility" and len(task.units.lead) == 1 and _FOLLOW_UP.search(task.text):
            return task.units.lead[0]
    return None


def _end_of(year: int | None, month: int | None) -> dt.date | None:
    if year is None:
        return None
    if month is None:
        return dt.date(year, 12, 31)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
