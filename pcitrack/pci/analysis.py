"""The PCI analysis over what was imported: the indicator model, its accuracy, what-if and priorities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db.models import Max

from pcitrack.core.indicators import comparable_from, load_catalog
from pcitrack.core.pci import median_of, weights_by_year
from pcitrack.core.pci_model import (
    Accuracy,
    SubIndexModel,
    WhatIf,
    YearArrays,
    evaluate,
    fit,
    what_if,
    what_if_each,
)
from pcitrack.core.pci_targets import NOT_COMPARABLE, TargetGain, target_gain

from .models import PciIndicatorValue, PciResult


def _entries_by_year_code():
    mapping = {}
    for entry in load_catalog():
        for year, code in entry.codes.items():
            mapping[(int(year), code)] = entry
    return mapping


def year_data(year: int):
    """(values: province -> catalog code -> value, scores: province -> 10 sub-indices, published PCI)."""
    entries = _entries_by_year_code()
    values: dict[str, dict[str, float]] = {}
    for province, code, value in PciIndicatorValue.objects.filter(year=year, province__isnull=False).values_list(
        "province__name", "code", "value"
    ):
        entry = entries.get((year, code))
        if entry is not None:
            values.setdefault(province, {})[entry.code] = value
    results = PciResult.objects.filter(year=year).values_list("province__name", "subindices", "pci")
    scores = {name: subs for name, subs, _ in results}
    published = {name: pci for name, _, pci in results if pci is not None}
    return values, scores, published


def province_year_data(year: int, province):
    """`year_data(year)` for one province only: its values, its sub-index scores, its published PCI."""
    entries = _entries_by_year_code()
    mine = {}
    for code, value in PciIndicatorValue.objects.filter(year=year, province=province).values_list("code", "value"):
        entry = entries.get((year, code))
        if entry is not None:
            mine[entry.code] = value
    result = PciResult.objects.filter(year=year, province=province).values_list("subindices", "pci").first()
    scores = {province.name: result[0]} if result else {}
    published = {province.name: result[1]} if result and result[1] is not None else {}
    return {province.name: mine} if mine else {}, scores, published


@dataclass
class Analysis:
    year: int
    models: dict[int, SubIndexModel]
    accuracy: Accuracy | None


def codes_by_sub_index(values) -> dict[int, list[str]]:
    present = {c for codes in values.values() for c in codes}
    groups: dict[int, list[str]] = {}
    for entry in load_catalog():
        if entry.code in present:
            groups.setdefault(entry.sub_index, []).append(entry.code)
    return groups


@lru_cache(maxsize=4)
def analysis(year: int, test_year: int | None, stamp: int) -> Analysis:
    """The model fitted on `year`, tested on `test_year`; `stamp` changes when new data is imported."""
    values, scores, _ = year_data(year)
    directions = {e.code: (1 if e.direction == "up" else -1) for e in load_catalog()}
    models = fit(values, scores, directions, codes_by_sub_index(values))
    accuracy = None
    if test_year is not None:
        t_values, t_scores, t_published = year_data(test_year)
        accuracy = evaluate(models, t_values, t_scores, t_published, year, test_year)
    return Analysis(year, models, accuracy)


def current_analysis() -> Analysis | None:
    """The model of the latest year with indicator values, tested on the year before (two index-only queries when
    the model is known)."""
    years = list(PciIndicatorValue.objects.values_list("year", flat=True).distinct().order_by("year"))
    if not years:
        return None
    # An import replaces a year's rows with new ones (ids are never reused), so the years and the last id tell
    # whether anything changed since the model was fitted.
    last = PciIndicatorValue.objects.aggregate(last=Max("id"))["last"]
    return analysis(years[-1], years[-2] if len(years) > 1 else None, hash((tuple(years), last)))


def shown(entry, raw_value: float | None) -> float | None:
    """A VCCI value in the unit people read: shares (0-1 in VCCI's files) as percentages."""
    if raw_value is None:
        return None
    return raw_value * 100 if entry is not None and entry.scale == "fraction" else raw_value


def raw(entry, value: float) -> float:
    return value / 100 if entry is not None and entry.scale == "fraction" else value


def simulate(province, analysis: Analysis, changes_shown: dict[str, float], data=None) -> WhatIf:
    """What-if for one province, the changes in the unit people read; `data` is `year_data(analysis.year)` when
    the caller has read it already."""
    catalog = {entry.code: entry for entry in load_catalog()}
    values, scores, published = data or year_data(analysis.year)
    mine = values.get(province.name, {})
    changes = {code: raw(catalog.get(code), value) for code, value in changes_shown.items()}
    others = {name: pci for name, pci in published.items() if name != province.name}
    return what_if(analysis.models, mine, scores[province.name], changes, analysis.year, others, analysis.accuracy)


def model_codes(analysis: Analysis) -> list[str]:
    """Every indicator the models use, by sub-index."""
    return [code for sub in sorted(analysis.models) for code in analysis.models[sub].codes]


def gains_of_changes(province, analysis: Analysis, changes: list[tuple[str, float | None]], data) -> list:
    """For each (code, value in the unit people read), alone: (PCI points it brings, ± error) or None, as
    `simulate(province, analysis, {code: value})` would give them, all computed at once over arrays. `data` is
    `year_data(analysis.year)`, or `province_year_data`: a gain needs no other province."""
    catalog = {entry.code: entry for entry in load_catalog()}
    values, scores, published = data
    codes = model_codes(analysis)
    # The province's own row only: a gain needs no other province.
    arrays = YearArrays.build({province.name: values.get(province.name, {})}, {province.name: scores.get(province.name)},
                              published, codes)  # fmt: skip
    position = {code: k for k, code in enumerate(codes)}
    wanted = [(n, position[code], value) for n, (code, value) in enumerate(changes) if code in position]
    found: list = [None] * len(changes)
    if province.name not in scores or not wanted:
        return found
    result = what_if_each(
        analysis.models, arrays, np.zeros(len(wanted), dtype=np.intp), [k for _, k, _ in wanted],
        [np.nan if v is None else raw(catalog.get(codes[k]), v) for _, k, v in wanted], analysis.year,
        analysis.accuracy,
    )  # fmt: skip
    for i, (n, _, _) in enumerate(wanted):
        before, after, error = result.pci_before[i], result.pci_after[i], result.pci_error[i]
        if not (np.isnan(before) or np.isnan(after)):
            found[n] = (float(after - before), None if np.isnan(error) else float(error))
    return found


def history(province) -> list[dict]:
    """The province's published results by year, with the national and regional medians and the best province."""
    rows = list(
        PciResult.objects.filter(year__in=province.results.values("year")).values_list(
            "year", "pci", "subindices", "province__name", "province__region"
        )
    )
    by_year: dict[int, list] = {}
    for year, pci, subindices, name, region in rows:
        by_year.setdefault(year, []).append((pci, subindices, name, region))
    found = []
    for result in PciResult.objects.filter(province=province).order_by("year"):
        year_results = by_year[result.year]
        regional = [pci for pci, _, _, region in year_results if region == province.region]
        found.append(
            {
                "result": result,
                "median_pci": median_of(pci for pci, _, _, _ in year_results),
                "region_median": median_of(regional) if province.region else None,
                "region_count": len([p for p in regional if p is not None]) if province.region else 0,
                "best": max(year_results, key=lambda r: r[0] or -1)[:3],
                "medians": [median_of(s[i] if s else None for _, s, _, _ in year_results) for i in range(10)],
            }
        )
    return found


def priority_rows(targets, province, analysis: Analysis) -> list[dict]:
    """The plan's targets linked to VCCI indicators, the largest gain in PCI points first.

    Each row: the target, its catalog entry, the current value, PCI points per unit of improvement
    and what reaching the target gains (a TargetGain: never a negative number for an improvement).
    The province's data of the year is read once, and every target's gain estimated at once.
    """
    catalog = {entry.code: entry for entry in load_catalog()}
    data = province_year_data(analysis.year, province)
    mine = data[0].get(province.name, {})
    weights = weights_by_year().get(analysis.year)
    rows = []
    for target in targets:
        code = target.indicator.catalog_code
        model = next((m for m in analysis.models.values() if code in m.codes), None)
        if model is None or code not in mine or not weights:
            continue
        entry = catalog[code]
        per_unit = weights[model.sub_index - 1] / 10 * model.per_unit(code) / (100 if entry.scale == "fraction" else 1)
        per_unit *= 1 if entry.direction == "up" else -1  # points per unit of improvement
        goal = float(target.target_value) if target.target_value is not None else None
        rows.append({"target": target, "entry": entry, "per_unit": per_unit, "current": shown(entry, mine[code]),
                     "goal": goal, "since": comparable_from(target.indicator.name)})  # fmt: skip
    estimates = gains_of_changes(province, analysis, [(r["entry"].code, r["goal"]) for r in rows], data)
    for row, estimate in zip(rows, estimates, strict=True):
        since = row["since"]
        if since is not None and since > analysis.year:
            row["gain"] = TargetGain(NOT_COMPARABLE)  # the target measures what VCCI asked only from `since` on
        else:
            row["gain"] = target_gain(row["current"], row["goal"], row["entry"].direction, row["per_unit"], estimate)
    rows.sort(key=lambda r: (*r["gain"].sort_key(), r["target"].no))
    return rows
