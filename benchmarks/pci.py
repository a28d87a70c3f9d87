"""The PCI what-if for every province and indicator, scalar against arrays, and the plan's priorities page.

    python -m benchmarks.pci                      # SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_pci python -m benchmarks.pci

A throw-away test database is created (test_<name> on PostgreSQL, a temporary file on SQLite) and dropped at the
end. It holds VCCI's PCI 2013 and 2016 releases (pcitrack/data/vcci), the seed plan for Quảng Trị, and a target for
every indicator of the model that the plan does not already link (at the best province's value), so the
priorities page estimates every indicator.

1. What-if, all provinces × all indicators: each province's each indicator moved alone to the best province's
   value. The scalar model (`what_if`, one call per change: the baseline) and the array one (`what_if_all`, one
   call for all) run in this process on the same data, median of several runs; their results are compared
   (largest difference in points, and the ranks).
2. The priorities page: the whole request through the Django test client as a monitor, median of several runs
   after a warm-up (the model is fitted once per process), and the number of queries it runs.

The last line is JSON: what_if_all_ms, what_if_scalar_ms, priorities_ms, priorities_queries (and more).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import median_seconds, page_statements, throwaway_database  # noqa: E402


def load(province: str):
    """The releases, the seed plan for `province` with a monitor, a target for every indicator of the model."""
    from importlib import resources

    from django.contrib.auth import get_user_model

    from pcitrack.core.indicators import load_catalog
    from pcitrack.core.plan_files import plan_text_from_bytes
    from pcitrack.core.vcci_release import read_release
    from pcitrack.org.models import Membership
    from pcitrack.pci.analysis import current_analysis, model_codes, shown, year_data
    from pcitrack.pci.services import import_release
    from pcitrack.plans.models import Indicator, PlanTarget
    from pcitrack.plans.services import import_plan, parse_for_import

    folder = resources.files("pcitrack.data").joinpath("vcci")
    for name in ("PCI_2013.xlsx", "PCI_2016.xlsx"):
        import_release(read_release(folder.joinpath(name).read_bytes()), source=name)
    text = plan_text_from_bytes(resources.files("pcitrack.data").joinpath("plan_seed_2024.txt").read_bytes())
    plan = import_plan(parse_for_import(text), source_name="plan_seed_2024.txt")
    plan.place = province
    plan.save()
    user = get_user_model().objects.create_user("bench-monitor", password=None)
    Membership.objects.create(user=user, unit=plan.office, role="monitor")
    analysis = current_analysis()
    values = year_data(analysis.year)[0]
    catalog = {e.code: e for e in load_catalog()}
    linked = set(plan.targets.values_list("indicator__catalog_code", flat=True))
    no = max(plan.targets.values_list("no", flat=True))
    for code in model_codes(analysis):
        if code in linked or code not in values.get(province, {}):
            continue
        entry = catalog[code]
        column = [v[code] for v in values.values() if code in v]
        best = max(column) if entry.direction == "up" else min(column)
        indicator = Indicator.objects.create(office=plan.office, name=entry.name, key=f"vcci {code}",
                                             catalog_code=code, direction=entry.direction)  # fmt: skip
        no += 1
        PlanTarget.objects.create(plan=plan, indicator=indicator, no=no, target_value=round(shown(entry, best), 4))
    return plan, user


def what_if_figures(repeat_scalar: int, repeat_arrays: int) -> dict:
    import numpy as np

    from pcitrack.core.pci_model import YearArrays, what_if, what_if_all
    from pcitrack.pci.analysis import current_analysis, model_codes, year_data

    analysis = current_analysis()
    values, scores, published = year_data(analysis.year)
    codes = model_codes(analysis)
    provinces = list(scores)
    best = {}
    for code in codes:
        column = [v[code] for v in values.values() if code in v]
        model = next(m for m in analysis.models.values() if code in m.codes)
        best[code] = max(column) if model.directions[model.codes.index(code)] > 0 else min(column)
    others = {p: {name: pci for name, pci in published.items() if name != p} for p in provinces}

    def scalar():
        return [
            what_if(
                analysis.models, values.get(p, {}), scores[p], {c: best[c]}, analysis.year, others[p], analysis.accuracy
            )  # fmt: skip
            for p in provinces
            for c in codes
        ]

    start = time.perf_counter()
    arrays = YearArrays.build(values, scores, published, codes)
    new_values = np.tile(np.array([best[c] for c in codes]), (len(provinces), 1))
    build = time.perf_counter() - start

    def vectorised():
        return what_if_all(analysis.models, arrays, new_values, analysis.year, analysis.accuracy)

    reference, result = scalar(), vectorised()
    worst = 0.0
    same_ranks = True
    for n, expected in enumerate(reference):
        got = result.at(n, arrays)
        pairs = [(got.pci_before, expected.pci_before), (got.pci_after, expected.pci_after),
                 (got.pci_error, expected.pci_error),
                 *zip(got.subindices_after, expected.subindices_after, strict=True)]  # fmt: skip
        for a, b in pairs:
            if (a is None) != (b is None):
                raise AssertionError(f"scenario {n}: {a} against {b}")
            if a is not None:
                worst = max(worst, abs(a - b))
        same_ranks &= (got.rank_before, got.rank_after, got.rank_range) == (
            expected.rank_before,
            expected.rank_after,
            expected.rank_range,
        )
    if worst > 1e-9 or not same_ranks:
        raise AssertionError(f"the array what-if differs from the scalar one: {worst}, ranks the same: {same_ranks}")
    return {
        "provinces": len(provinces),
        "indicators": len(codes),
        "scenarios": len(reference),
        "what_if_scalar_ms": median_seconds(scalar, repeat_scalar) * 1000,
        "what_if_all_ms": median_seconds(vectorised, repeat_arrays) * 1000,
        "arrays_build_ms": build * 1000,
        "largest_difference": worst,
    }


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description="PCI what-if and priorities benchmark")
    args.add_argument("--province", default="Quảng Trị")
    args.add_argument("--repeat", type=int, default=9, help="runs of the page and of the scalar what-if")
    opts = args.parse_args(argv)

    with throwaway_database() as connection:
        from django.test import Client

        start = time.perf_counter()
        plan, user = load(opts.province)
        built = time.perf_counter() - start
        figures = what_if_figures(max(3, opts.repeat // 2), opts.repeat * 5)
        client = Client()
        client.force_login(user)
        url = f"/plans/{plan.pk}/priorities/"
        response = client.get(url)  # warm-up: the model is fitted, templates compiled
        assert response.status_code == 200, response.status_code
        rows = response.content.decode().split('<table id="priorities">', 1)[1].count("<tr>") - 1
        queries = len(page_statements(client, url))
        page = median_seconds(lambda: client.get(url), opts.repeat)
        figures.update(priorities_ms=page * 1000, priorities_queries=queries, priorities_rows=rows)
        print(f"database: {connection.vendor}; loaded in {built:.0f} s")
        print(
            f"what-if, {figures['provinces']} provinces × {figures['indicators']} indicators "
            f"({figures['scenarios']} changes, each alone):"
        )
        print(f"  scalar model   {figures['what_if_scalar_ms']:9.1f} ms")
        print(
            f"  arrays         {figures['what_if_all_ms']:9.2f} ms   "
            f"({figures['what_if_scalar_ms'] / figures['what_if_all_ms']:.0f}× faster; arrays built once in "
            f"{figures['arrays_build_ms']:.1f} ms; largest difference {figures['largest_difference']:.1e} points)"
        )
        print(f"priorities page ({rows} targets): {page * 1000:.1f} ms, {queries} queries")
        figures = {
            k: v if k == "largest_difference" or not isinstance(v, float) else round(v, 3) for k, v in figures.items()
        }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
