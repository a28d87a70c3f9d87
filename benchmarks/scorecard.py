"""The scorecard on a national deployment: server time next to the bare SQL it needs.

    python -m benchmarks.scorecard                      # SQLite, national size
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python -m benchmarks.scorecard
    python -m benchmarks.scorecard --provinces 5 --indicators 50   # smaller

A throw-away test database is created (test_<name> on PostgreSQL, a temporary file on
SQLite), filled by `generate` — by default 34 provinces × 40 units × 200 indicators ×
12 years of quarterly observations from 3 sources (979 200 observations) — and dropped at
the end. For one province's plan it reports the median time of the scorecard page (the
whole request: access checks, queries, assessment of every indicator, template) and of
the bare SQL statements that request runs, executed again on their own; the ratio is the
cost of everything that is not the database. The page runs as in production (DEBUG off, no
test instrumentation of templates); on PostgreSQL the tables are analysed after the load, as
autovacuum would. The last line is JSON: scorecard_over_sql, queries, page_ms, sql_ms.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import (  # noqa: E402
    analyze,
    median_seconds,
    page_statements,
    run_statements,
    throwaway_database,
)


def generate(*, provinces: int, units: int, indicators: int, years: int, sources: int, seed: int = 1) -> dict:
    """Fill the database with a national deployment; returns counts."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from pcitrack.monitoring.models import Observation
    from pcitrack.org.models import Membership, Unit
    from pcitrack.plans.models import Indicator, Plan, PlanTarget, TargetUnit

    rng = random.Random(seed)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    source_keys = ["pci", "survey", "admin", "unit_report"][:sources]
    first_year = 2025 - years
    with transaction.atomic():
        user = get_user_model().objects.create_user("bench-monitor", password=None)
        for p in range(1, provinces + 1):
            office = Unit.objects.create(name=f"Văn phòng UBND tỉnh số {p}", kind="office")
            # Every office has its own indicators, named alike across offices.
            shared = Indicator.objects.bulk_create(
                Indicator(
                    office=office,
                    name=f"Chỉ tiêu tổng hợp số {i}",
                    key=f"chi tieu tong hop so {i}",
                    unit_of_measure="%" if i % 3 else "ngày",
                    direction="up" if i % 4 else "down",
                    sub_index=i % 10 + 1,
                )
                for i in range(1, indicators + 1)
            )
            children = Unit.objects.bulk_create(
                Unit(name=f"Phòng số {u} tỉnh {p}", key=f"phong so {u} tinh {p}", parent=office)
                for u in range(1, units + 1)
            )
            if p == 1:
                Membership.objects.create(user=user, unit=office, role="monitor")
            plan = Plan.objects.create(office=office, title=f"Kế hoạch nâng cao PCI tỉnh số {p}", issuer=office.name)
            targets = PlanTarget.objects.bulk_create(
                PlanTarget(
                    plan=plan,
                    indicator=ind,
                    no=n,
                    target_value=80 if ind.unit_of_measure == "%" else 5,
                    target_year=2025,
                )
                for n, ind in enumerate(shared, start=1)
            )
            TargetUnit.objects.bulk_create(
                TargetUnit(target=t, unit=children[n % units], role=role)
                for n, t in enumerate(targets)
                for role in ("lead", "support")
            )
            rows = []
            for ind in shared:
                level = rng.uniform(30, 70)
                for year in range(first_year, 2025):
                    for quarter in range(1, 5):
                        level = min(100, max(1, level + rng.gauss(0.4, 1.5)))
                        for source in source_keys:
                            # Accepted, as values a monitor entered or accepted are: only those count.
                            value = round(level + rng.gauss(0, 1), 2)
                            rows.append(
                                (office.pk, ind.pk, year, "Q", quarter, source, value, "", False, value, now, now)
                            )
            insert_observations(rows)
    return {
        "offices": provinces,
        "units": provinces * units,
        "indicators": provinces * indicators,
        "targets": provinces * indicators,
        "observations": Observation.objects.count(),
    }


def insert_observations(rows: list[tuple]) -> None:
    """Observations straight into their table: the ORM's bulk_create takes a quarter of an hour at national size."""
    from django.db import connection

    from pcitrack.monitoring.models import Observation

    columns = ["office_id", "indicator_id", "year", "period_type", "period_no", "source", "value", "note",
               "is_sample", "accepted_value", "created_at", "updated_at"]  # fmt: skip
    table = connection.ops.quote_name(Observation._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)


def national_options(description: str, repeat: int, argv=None) -> argparse.Namespace:
    """The size of the national deployment to generate (as `generate` takes it) and how many timed runs."""
    args = argparse.ArgumentParser(description=description)
    args.add_argument("--provinces", type=int, default=34)
    args.add_argument("--units", type=int, default=40)
    args.add_argument("--indicators", type=int, default=200)
    args.add_argument("--years", type=int, default=12)
    args.add_argument("--sources", type=int, default=3)
    args.add_argument("--repeat", type=int, default=repeat)
    return args.parse_args(argv)


def generate_as(opts: argparse.Namespace) -> dict:
    return generate(provinces=opts.provinces, units=opts.units, indicators=opts.indicators, years=opts.years,
                    sources=opts.sources)  # fmt: skip


def main(argv=None) -> int:
    opts = national_options("scorecard benchmark", 7, argv)

    with throwaway_database() as connection:
        from django.test import Client

        start = time.perf_counter()
        counts = generate_as(opts)
        if connection.vendor == "postgresql":
            analyze()
        built = time.perf_counter() - start
        from pcitrack.plans.models import Plan

        plan = Plan.objects.order_by("pk").first()
        client = Client()
        client.force_login(plan.office.memberships.get().user)
        url = f"/plans/{plan.pk}/scorecard/"
        assert client.get(url).status_code == 200  # warm-up: templates, catalog, caches
        statements = page_statements(client, url)
        page = median_seconds(lambda: client.get(url), opts.repeat)
        sql = median_seconds(lambda: run_statements(statements), opts.repeat)
        engine = connection.vendor
        print(f"database: {engine}; generated in {built:.0f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        print(f"one province's scorecard ({opts.indicators} indicators, {len(statements)} queries):")
        print(f"  bare SQL     {sql * 1000:8.1f} ms")
        print(f"  whole page   {page * 1000:8.1f} ms   ({page / sql:.1f}× the bare SQL)")
        figures = {
            "scorecard_over_sql": round(page / sql, 2),
            "queries": len(statements),
            "page_ms": round(page * 1000, 1),
            "sql_ms": round(sql * 1000, 1),
            "database": engine,
            "observations": counts["observations"],
        }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
