"""PCI pages: the provinces' results, a province's profile, what-if, and a plan's priorities."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from pcitrack import access
from pcitrack.core.indicators import load_catalog
from pcitrack.core.pci import SUB_INDEX_NAMES, ranks, tier_bands, tier_for, total_score, weights_by_year
from pcitrack.core.pci_model import what_if
from pcitrack.core.text import parse_number, whole_number
from pcitrack.pci.analysis import current_analysis, year_data
from pcitrack.pci.analysis import history as analysis_history
from pcitrack.pci.models import PciIndicatorValue, PciResult, Province
from pcitrack.pci.services import combined_series, province_finder


def _catalog():
    return {entry.code: entry for entry in load_catalog()}


def shown(entry, raw: float | None) -> float | None:
    """A VCCI value in the unit people read: shares (0-1 in VCCI's files) as percentages."""
    if raw is None:
        return None
    return raw * 100 if entry is not None and entry.scale == "fraction" else raw


def raw(entry, value: float) -> float:
    return value / 100 if entry is not None and entry.scale == "fraction" else value


def plan_province(plan) -> Province | None:
    return province_finder()(plan.place) if plan.place else None


def plans_of(province, user):
    find = province_finder()
    return [p for p in access.plans_for(user) if p.place and find(p.place) == province]


@access.member_required
def pci_overview(request):
    years = sorted(set(PciResult.objects.values_list("year", flat=True)))
    year = whole_number(request.GET.get("year"), years[-1] if years else 0)
    results = list(PciResult.objects.filter(year=year).select_related("province"))
    computed = {r.province.name: total_score(r.subindices, year) for r in results}
    computed_ranks = ranks(computed)
    rows = sorted(
        ((r, computed[r.province.name], computed_ranks[r.province.name]) for r in results),
        key=lambda row: (row[0].rank or 999, row[0].province.name),
    )
    return render(
        request,
        "web/pci_overview.html",
        {"years": years, "year": year, "rows": rows, "weights_known": year in weights_by_year()},
    )


@access.member_required
def province_profile(request, pk):
    province = get_object_or_404(Province, pk=pk)
    catalog = _catalog()
    history = analysis_history(province)
    latest = history[-1]["result"].year if history else None
    indicators = []
    if latest:
        values = PciIndicatorValue.objects.filter(year=latest)
        mine = {v.code: v.value for v in values if v.province_id == province.pk}
        stats: dict = {}
        for v in values.filter(province__isnull=True):
            stats.setdefault(v.code, {})[v.statistic] = v.value
        by_code = {entry.codes.get(str(latest)): entry for entry in catalog.values()}
        targets = {}
        for plan in plans_of(province, request.user):
            for t in plan.targets.current().select_related("indicator").exclude(indicator__catalog_code=""):
                targets[t.indicator.catalog_code] = t
        for code, value in sorted(mine.items()):
            entry = by_code.get(code)
            if entry is None:
                continue
            s = stats.get(code, {})
            indicators.append({
                "entry": entry, "value": shown(entry, value), "median": shown(entry, s.get("Median")),
                "min": shown(entry, s.get("Min")), "max": shown(entry, s.get("Max")), "target": targets.get(entry.code),
            })  # fmt: skip
        indicators.sort(key=lambda row: (row["entry"].sub_index, row["target"] is None, row["entry"].code))
    combined = combined_series(province) if request.GET.get("combined") and province.merged_from.exists() else None
    return render(request, "web/pci_province.html", {
        "province": province, "history": history, "indicators": indicators, "latest": latest,
        "sub_index_names": [SUB_INDEX_NAMES[i] for i in range(1, 11)], "combined": combined,
        "merged_from": list(province.merged_from.all()),
    })  # fmt: skip


def _simulation(province, analysis, changes_shown: dict[str, float]):
    catalog = _catalog()
    values, scores, published = year_data(analysis.year)
    mine = values.get(province.name, {})
    changes = {code: raw(catalog.get(code), value) for code, value in changes_shown.items()}
    others = {name: pci for name, pci in published.items() if name != province.name}
    return what_if(analysis.models, mine, scores[province.name], changes, analysis.year, others, analysis.accuracy)


@access.member_required
def province_what_if(request, pk):
    province = get_object_or_404(Province, pk=pk)
    analysis = current_analysis()
    if analysis is None or not PciResult.objects.filter(province=province, year=analysis.year).exists():
        return render(request, "web/pci_what_if.html", {"province": province, "missing": True})
    catalog = _catalog()
    values, _, _ = year_data(analysis.year)
    mine = values.get(province.name, {})
    targets = {}
    for plan in plans_of(province, request.user):
        for t in plan.targets.current().select_related("indicator").exclude(indicator__catalog_code=""):
            if t.target_value is not None:
                targets[t.indicator.catalog_code] = t
    rows = []
    for model in sorted(analysis.models.values(), key=lambda m: m.sub_index):
        for code in model.codes:
            if code in mine:
                entry = catalog[code]
                rows.append({"entry": entry, "current": shown(entry, mine[code]), "target": targets.get(code)})
    rows.sort(key=lambda r: (r["target"] is None, r["entry"].sub_index))
    changes, errors = {}, []
    if request.method == "POST" or request.GET.get("targets"):
        for row in rows:
            code = row["entry"].code
            if request.GET.get("targets") and row["target"] is not None:
                changes[code] = float(row["target"].target_value)
                continue
            text = request.POST.get(f"v_{code}", "").strip()
            if not text:
                continue
            number = parse_number(text)
            if number is None:
                errors.append(gettext("“%(text)s” is not a number.") % {"text": text})
            elif number != row["current"]:
                changes[code] = number
    for row in rows:
        row["new"] = changes.get(row["entry"].code)
    result = _simulation(province, analysis, changes) if changes and not errors else None
    tiers = None
    if result is not None:
        bands = tier_bands(list(PciResult.objects.filter(year=analysis.year).values_list("pci", "tier")))
        tiers = (tier_for(result.pci_before, bands), tier_for(result.pci_after, bands))
    return render(request, "web/pci_what_if.html", {
        "province": province, "analysis": analysis, "rows": rows, "result": result, "errors": errors,
        "sub_index_names": [SUB_INDEX_NAMES[i] for i in range(1, 11)],
        "pairs": list(zip(result.subindices_before, result.subindices_after, strict=True)) if result else [],
        "tiers": tiers,
        "accuracy_low": min(analysis.accuracy.rmse.values()) if analysis.accuracy and analysis.accuracy.rmse else None,
        "accuracy_high": max(analysis.accuracy.rmse.values()) if analysis.accuracy and analysis.accuracy.rmse else None,
    })  # fmt: skip


@access.member_required
def plan_priorities(request, pk):
    plan = access.get_plan(request.user, pk)
    province = plan_province(plan)
    analysis = current_analysis()
    rows = []
    if province is not None and analysis is not None:
        catalog = _catalog()
        values, _, _ = year_data(analysis.year)
        mine = values.get(province.name, {})
        weights = weights_by_year().get(analysis.year)
        for target in plan.targets.current().select_related("indicator").exclude(indicator__catalog_code=""):
            code = target.indicator.catalog_code
            model = next((m for m in analysis.models.values() if code in m.codes), None)
            if model is None or code not in mine or not weights:
                continue
            entry = catalog[code]
            per_unit = (
                weights[model.sub_index - 1] / 10 * model.per_unit(code) / (100 if entry.scale == "fraction" else 1)
            )
            per_unit *= 1 if entry.direction == "up" else -1  # points per unit of improvement
            to_target = None
            if target.target_value is not None:
                simulation = _simulation(province, analysis, {code: float(target.target_value)})
                if simulation.pci_after is not None:
                    to_target = (simulation.pci_after - simulation.pci_before, simulation.pci_error)
            rows.append(
                {
                    "target": target,
                    "entry": entry,
                    "per_unit": per_unit,
                    "to_target": to_target,
                    "current": shown(entry, mine[code]),
                }
            )
        rows.sort(key=lambda r: -(r["to_target"][0] if r["to_target"] else 0))
    return render(
        request, "web/plan_priorities.html", {"plan": plan, "province": province, "analysis": analysis, "rows": rows}
    )
