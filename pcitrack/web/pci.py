"""PCI pages: the provinces' results, a province's profile, what-if, and a plan's priorities."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from pcitrack import access
from pcitrack.core.indicators import comparable_from, load_catalog
from pcitrack.core.pci import SUB_INDEX_NAMES, ranks, tier_bands, tier_for, total_score, weights_by_year
from pcitrack.core.pci_targets import catalog_range, changes_to_targets, check_value
from pcitrack.core.text import key as text_key
from pcitrack.core.text import whole_number
from pcitrack.monitoring.labels import quantity
from pcitrack.pci.analysis import current_analysis, priority_rows, shown, simulate, year_data
from pcitrack.pci.analysis import history as analysis_history
from pcitrack.pci.models import PciIndicatorValue, PciResult, Province, ProvinceAlias
from pcitrack.pci.services import combined_series, province_finder
from pcitrack.plans.models import PlanTarget


def _catalog():
    return {entry.code: entry for entry in load_catalog()}


def plan_province(plan) -> Province | None:
    """The province of the plan's place, as `province_finder` finds it: an alias first, then a province's name,
    then (reading every spelling) the name without diacritics."""
    if not plan.place:
        return None
    k = text_key(plan.place)
    alias = ProvinceAlias.objects.filter(key=k).select_related("province").first()
    if alias is not None:
        return alias.province
    return Province.objects.filter(key=k).first() or province_finder()(plan.place)


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
        {
            "years": years,
            "year": year,
            "rows": rows,
            "weights_known": year in weights_by_year(),
            "can_import": access.can_import_pci(request.user),
        },
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
        targets = _plan_targets(province, request.user, latest)
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


def _plan_targets(province, user, year: int) -> dict:
    """catalog code -> the plan target with a value, over the user's plans for the province, where VCCI's values of
    `year` measure what the target does (not where the plan names a question VCCI changed after that year)."""
    place = {plan.pk: n for n, plan in enumerate(plans_of(province, user))}
    # One query for every plan (an office issues one a year); read in the plans' order, the last one's target stays.
    rows = PlanTarget.objects.current().filter(plan__in=list(place)).exclude(indicator__catalog_code="")
    targets = {}
    for t in sorted(rows.select_related("indicator").order_by("no"), key=lambda t: place[t.plan_id]):
        since = comparable_from(t.indicator.name)
        if t.target_value is not None and (since is None or since <= year):
            targets[t.indicator.catalog_code] = t
    return targets


def _read_typed(rows, data) -> dict[str, float]:
    """The values typed into the what-if form; a refused one gets its message on its row."""
    changes = {}
    for row in rows:
        entry = row["entry"]
        row["typed"] = data.get(f"v_{entry.code}", "").strip()
        if not row["typed"]:
            continue
        checked = check_value(row["typed"], catalog_range(entry.unit, entry.scale, entry.name), entry.name)
        if not checked.ok:
            row["error"] = checked.message(gettext, number=lambda v, unit=entry.unit: quantity(v, unit))
        elif checked.value != row["current"]:
            changes[entry.code] = checked.value
    return changes


@access.member_required
def province_what_if(request, pk):
    province = get_object_or_404(Province, pk=pk)
    analysis = current_analysis()
    if analysis is None or not PciResult.objects.filter(province=province, year=analysis.year).exists():
        return render(request, "web/pci_what_if.html", {"province": province, "missing": True})
    catalog = _catalog()
    data = year_data(analysis.year)
    mine = data[0].get(province.name, {})
    targets = _plan_targets(province, request.user, analysis.year)
    rows = []
    for model in sorted(analysis.models.values(), key=lambda m: m.sub_index):
        for code in model.codes:
            if code in mine:
                entry = catalog[code]
                rows.append({"entry": entry, "current": shown(entry, mine[code]), "target": targets.get(code)})
    rows.sort(key=lambda r: (r["target"] is None, r["entry"].sub_index))
    changes = {}
    if request.method == "POST":
        changes = _read_typed(rows, request.POST)
    elif request.GET.get("targets"):
        changes = changes_to_targets(
            {r["entry"].code: r["current"] for r in rows},
            {r["entry"].code: float(r["target"].target_value) for r in rows if r["target"]},
            {r["entry"].code: r["entry"].direction for r in rows},
        )
        for row in rows:
            row["met"] = row["target"] is not None and row["entry"].code not in changes
    for row in rows:
        row["new"] = changes.get(row["entry"].code)
    errors = [row for row in rows if row.get("error")]
    result = simulate(province, analysis, changes, data) if changes and not errors else None
    tiers = None
    if result is not None:
        bands = tier_bands(list(PciResult.objects.filter(year=analysis.year).values_list("pci", "tier")))
        tiers = (tier_for(result.pci_before, bands), tier_for(result.pci_after, bands))
    return render(request, "web/pci_what_if.html", {
        "province": province, "analysis": analysis, "rows": rows, "result": result, "errors": errors,
        "errors_in_others": any(row["target"] is None for row in errors),
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
        targets = (
            plan.targets.current()
            .select_related("indicator")
            .only("no", "target_value", "indicator__name", "indicator__catalog_code")
            .exclude(indicator__catalog_code="")
        )
        rows = priority_rows(targets, province, analysis)
    return render(
        request, "web/plan_priorities.html", {"plan": plan, "province": province, "analysis": analysis, "rows": rows}
    )
