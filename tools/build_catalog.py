"""Build pcitrack/data/pci_catalog.json from VCCI's PCI releases.

    python tools/build_catalog.py ../shared/data/vcci-pci/PCI_2013.xlsx ../shared/data/vcci-pci/PCI_2016.xlsx

For every indicator sheet (sheets 3-12, one per sub-index in VCCI order) it reads the
Vietnamese name (row 1) and the VCCI variable code (the row holding ``sub…`` codes).
Entries with the same name in several years are one indicator with one code per year.

VCCI does not publish each indicator's direction; it is read from the data: the sign
of the correlation, across provinces, between the indicator and its sub-index score.
Where that correlation is weak (|r| < 0.2) the wording decides (``direction_source``).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pcitrack.core import vcci_release  # noqa: E402
from pcitrack.core.cells import safe_row  # noqa: E402
from pcitrack.core.indicators import direction_from_wording, matching_text, unit_from_wording  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "pcitrack" / "data" / "pci_catalog.json"
VALUES_OUT = OUT.with_name("vcci_values.csv.gz")


def _corr(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def read_release(path: Path) -> tuple[int, list[dict]]:
    release = vcci_release.read_release(path.read_bytes())
    found = []
    for sheet in release.sheets:
        for code, name in zip(sheet.codes, sheet.names, strict=True):
            if not name:
                continue
            province_values = [(province, values[code]) for province, values in sheet.values.items() if code in values]
            pairs = [(value, sheet.scores[province]) for province, value in province_values]
            values = [p[0] for p in pairs]
            r = _corr(values, [p[1] for p in pairs]) if len(pairs) > 10 else 0.0
            fraction = bool(values) and all(0 <= v <= 1 for v in values) and "%" in name
            found.append(
                {
                    "code": code,
                    "name": name,
                    "sub_index": sheet.sub_index,
                    "corr": round(r, 3),
                    "fraction": fraction,
                    "provinces": len(pairs),
                    "values": province_values,
                }
            )
    return release.year, found


def build(paths: list[Path], values_out: list | None = None) -> list[dict]:
    """The catalog; with values_out, also every province's value: (province, year, code, value)."""
    entries: dict[str, dict] = {}
    for path in sorted(paths):
        year, found = read_release(path)
        for item in found:
            if values_out is not None:
                scale = 100 if item["fraction"] else 1
                values_out += [(p, year, item["code"], round(v * scale, 6)) for p, v in item["values"]]
            k = matching_text(item["name"])
            entry = entries.setdefault(
                k,
                {"name": item["name"], "sub_index": item["sub_index"], "codes": {}, "corr": {}},
            )
            entry["name"] = item["name"]  # the latest wording wins
            entry["codes"][str(year)] = item["code"]
            entry["corr"][str(year)] = item["corr"]
            entry["scale"] = "fraction" if item["fraction"] else "value"
    catalog = []
    for entry in entries.values():
        corr = sum(entry["corr"].values()) / len(entry["corr"])
        if abs(corr) >= 0.2:
            direction, source = ("up" if corr > 0 else "down"), "data"
        else:
            direction, source = direction_from_wording(entry["name"]), "wording"
        latest = max(entry["codes"], key=int)
        catalog.append(
            {
                "code": entry["codes"][latest],
                "name": entry["name"],
                "sub_index": entry["sub_index"],
                "unit": unit_from_wording(entry["name"]) or "",
                "scale": entry["scale"],
                "direction": direction,
                "direction_source": source,
                "correlation": round(corr, 3),
                "codes": entry["codes"],
            }
        )
    catalog.sort(key=lambda e: (e["sub_index"], e["code"]))
    return catalog


def values_csv_gz(values: list) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["province", "year", "code", "value"])
    writer.writerows(safe_row(row) for row in sorted(values))
    # mtime 0 keeps the file identical from one build to the next
    return gzip.compress(text.getvalue().encode("utf-8"), mtime=0)


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((OUT.parent / "vcci").glob("PCI_*.xlsx"))
    values: list = []
    catalog = build(paths, values)
    VALUES_OUT.write_bytes(values_csv_gz(values))
    payload = {
        "source": [p.name for p in sorted(paths)],
        "note": "VCCI PCI indicators; direction from the sign of the correlation with the sub-index score.",
        "indicators": catalog,
    }
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(catalog)} indicators -> {OUT}; {len(values)} province values -> {VALUES_OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
