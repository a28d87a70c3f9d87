"""Reading VCCI's PCI releases (the layout of PCI_2013.xlsx and PCI_2016.xlsx).

Sheet 1 ("Summary_VN") lists each sub-index as a province column and a score column, each
pair sorted on its own; the last pairs hold the PCI total, the rank and the tier. Sheets 3-12
hold one sub-index each: row 1 the indicator names, a row of VCCI variable codes, then one row
per province (id, name, the sub-index score in column C, the indicator values), then the
median, minimum and maximum rows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from .document import gettext_noop
from .errors import PcitrackError
from .office_zip import check_office_zip
from .text import squash

MAX_BYTES = 30 * 1024 * 1024


# VCCI published the first PCI in 2005; a year past LAST_YEAR is a typing slip, not a release.
FIRST_PCI_YEAR, LAST_YEAR = 2005, 2100


@dataclass
class Sheet:
    sub_index: int
    codes: list[str]
    names: list[str]
    scores: dict[str, float] = field(default_factory=dict)  # province -> sub-index score
    values: dict[str, dict[str, float]] = field(default_factory=dict)  # province -> code -> value
    stats: dict[str, dict[str, float]] = field(default_factory=dict)  # "Median"/"Min"/"Max" -> code -> value


@dataclass
class Release:
    year: int
    sheets: list[Sheet]
    published: dict[str, tuple[float | None, int | None, str]]  # province -> (PCI, rank, tier)

    def provinces(self) -> set[str]:
        names = set(self.published)
        for sheet in self.sheets:
            names |= set(sheet.scores)
        return names

    def subindices(self, province: str) -> list[float | None]:
        return [sheet.scores.get(province) for sheet in self.sheets]


def _summary(rows: list[tuple]) -> tuple[int, dict]:
    header_at, column, year = None, None, None
    for i, row in enumerate(rows[:5]):
        for j, cell in enumerate(row):
            m = re.fullmatch(r"PCI\s*(\d{4})", squash(str(cell or "")))
            if m:
                header_at, column, year = i, j, int(m.group(1))
    if year is None:
        raise PcitrackError(
            gettext_noop("This workbook has no “PCI <year>” column on its first sheet: it is not a VCCI PCI release.")
        )
    published = {}
    for row in rows[header_at + 1 :]:
        if len(row) <= column + 1 or not isinstance(row[column], (int, float)) or not isinstance(row[column - 1], str):
            continue
        rank = row[column + 1] if isinstance(row[column + 1], (int, float)) else None
        tier = squash(str(row[column + 2])) if len(row) > column + 2 and row[column + 2] else ""
        published[squash(row[column - 1])] = (float(row[column]), int(rank) if rank is not None else None, tier)
    return year, published


def _sheet(sub_index: int, rows: list[tuple]) -> Sheet:
    code_at = next(
        (i for i, r in enumerate(rows[:6]) if any(isinstance(c, str) and c.startswith("sub") for c in r)), None
    )
    if code_at is None:
        raise PcitrackError(gettext_noop("Sheet {no} has no row of VCCI variable codes."), no=sub_index + 2)
    codes_row, names_row = rows[code_at], rows[0]
    columns = [
        (j, str(codes_row[j]).strip(), squash(str(names_row[j] or "")))
        for j in range(3, len(codes_row))
        if codes_row[j]
    ]
    sheet = Sheet(sub_index, [c for _, c, _ in columns], [n for _, _, n in columns])
    for row in rows[code_at + 1 :]:
        if len(row) < 3:
            continue
        label = next((squash(c) for c in row[:2] if isinstance(c, str) and c.strip()), "")
        if isinstance(row[0], (int, float)) and isinstance(row[1], str) and isinstance(row[2], (int, float)):
            sheet.scores[label] = float(row[2])
            sheet.values[label] = {
                c: float(row[j]) for j, c, _ in columns if j < len(row) and isinstance(row[j], (int, float))
            }
        elif label in ("Median", "Min", "Max"):
            sheet.stats[label] = {
                c: float(row[j]) for j, c, _ in columns if j < len(row) and isinstance(row[j], (int, float))
            }
    return sheet


def read_release(data: bytes) -> Release:
    """Read a release from the bytes of its .xlsx; refuses what is not one, saying why."""
    import openpyxl

    if not data.strip():
        raise PcitrackError(gettext_noop("The file is empty."))
    if len(data) > MAX_BYTES:
        raise PcitrackError(gettext_noop("The file is too large ({size} MB); a PCI release is at most {limit} MB."),
                            size=round(len(data) / 1024 / 1024, 1), limit=MAX_BYTES // 1024 // 1024)  # fmt: skip
    if not data.startswith(b"PK\x03\x04"):
        raise PcitrackError(
            gettext_noop("A VCCI release is an Excel workbook (.xlsx); for other years use the CSV format.")
        )
    check_office_zip(data, "xlsx")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise PcitrackError(
            gettext_noop("The Excel file is damaged or incomplete (it cannot be opened as .xlsx).")
        ) from None
    sheets = workbook.worksheets
    if len(sheets) < 12:
        raise PcitrackError(
            gettext_noop(
                "A PCI release has a summary sheet and ten sub-index sheets; this workbook has {count} sheets."
            ),
            count=len(sheets),
        )
    year, published = _summary(list(sheets[0].iter_rows(values_only=True, max_row=200)))
    parsed = [
        _sheet(i, list(ws.iter_rows(values_only=True, max_row=200))) for i, ws in enumerate(sheets[2:12], start=1)
    ]
    workbook.close()
    return Release(year, parsed, published)


SUB_INDEX_KEYS = [
    "entry",
    "land",
    "transparency",
    "time",
    "informal",
    "bias",
    "proactivity",
    "support",
    "labour",
    "law",
]


def read_csv_releases(data: bytes) -> list[Release]:
    """PCI results from a CSV, one Release per year found.

    Wide format (one row per province and year): `province,year,entry,land,transparency,time,informal,bias,
    proactivity,support,labour,law` (or `sub1`…`sub10`), optionally `pci,rank,tier` — for years VCCI published only
    in part (the top 30 from 2023), leave the missing cells empty: nothing is filled in.
    Long format (indicator values): `province,year,code,value`.
    """
    from .plan_files import csv_rows, decode_text
    from .text import parse_number

    if not data.strip():
        raise PcitrackError(gettext_noop("The file is empty."))
    if len(data) > MAX_BYTES:
        raise PcitrackError(gettext_noop("The file is too large ({size} MB); a PCI release is at most {limit} MB."),
                            size=round(len(data) / 1024 / 1024, 1), limit=MAX_BYTES // 1024 // 1024)  # fmt: skip
    rows = [r for r in csv_rows(decode_text(data)) if any(c.strip() for c in r)]
    header = [squash(h).lower() for h in rows[0]] if rows else []
    aliases = {f"sub{i}": k for i, k in enumerate(SUB_INDEX_KEYS, start=1)}
    header = [aliases.get(h, h) for h in header]
    if "province" not in header or "year" not in header:
        raise PcitrackError(gettext_noop("The first row must name the columns, starting with province and year."))
    wide = all(k in header for k in SUB_INDEX_KEYS)
    long = all(k in header for k in ("code", "value"))
    if not (wide or long):
        raise PcitrackError(
            gettext_noop("The columns must be the ten sub-indices ({keys}) or code and value."),
            keys=", ".join(SUB_INDEX_KEYS),
        )
    at = {h: i for i, h in enumerate(header)}
    releases: dict[int, Release] = {}

    def number(row, column):
        i = at.get(column)
        return parse_number(row[i]) if i is not None and i < len(row) and row[i].strip() else None

    for line, row in enumerate(rows[1:], start=2):
        province = squash(row[at["province"]]) if at["province"] < len(row) else ""
        year = number(row, "year")
        if not province or year is None or not year.is_integer():
            raise PcitrackError(gettext_noop("Row {line}: a province and a year are required."), line=line)
        if not FIRST_PCI_YEAR <= year <= LAST_YEAR:
            raise PcitrackError(
                gettext_noop("Row {line}: {year} is not a PCI year (VCCI has published the PCI since {first})."),
                line=line, year=int(year), first=FIRST_PCI_YEAR,
            )  # fmt: skip
        release = releases.setdefault(int(year), Release(int(year), [Sheet(i, [], []) for i in range(1, 11)], {}))
        if wide:
            scores = [number(row, k) for k in SUB_INDEX_KEYS]
            for sheet, score in zip(release.sheets, scores, strict=True):
                if score is not None:
                    sheet.scores[province] = score
            rank = number(row, "rank")
            tier = squash(row[at["tier"]]) if "tier" in at and at["tier"] < len(row) else ""
            if any(s is not None for s in scores) or number(row, "pci") is not None:
                release.published[province] = (number(row, "pci"), int(rank) if rank is not None else None, tier)
        else:
            value = number(row, "value")
            code = squash(row[at["code"]]) if at["code"] < len(row) else ""
            if value is None or not code:
                raise PcitrackError(gettext_noop("Row {line}: a code and a numeric value are required."), line=line)
            release.sheets[0].values.setdefault(province, {})[code] = value
    return list(releases.values())
