"""The follow-up page on a national deployment: server time next to the bare SQL it needs.

    python -m benchmarks.followup                      # SQLite, national size
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/follow python -m benchmarks.followup
    python -m benchmarks.followup --offices 2 --years 4   # smaller

A throw-away test database is created (test_<name> on PostgreSQL, a temporary file on
SQLite), filled by `generate` — by default 6 offices (--offices 34 for all provinces), each with 40 units and a plan of
200 tasks, reporting every quarter, half-year and year for 12 years (84 periods and two
ad hoc reports), its units' reports in every status with their task entries — and dropped
at the end. For one office's plan it reports the median time of the follow-up page as
its monitor sees it (the whole request: access checks, queries, statuses of every cell,
template) and of the bare SQL statements that request runs, executed again on their own;
the ratio is the cost of everything that is not the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import (  # noqa: E402
    analyze,
    interleaved_medians,
    page_statements,
    run_statements,
    throwaway_database,
)


def _periods(plan, years: list[int]) -> list:
    from pcitrack.reporting.models import ReportingPeriod

    periods = []
    for year in years:
        for q in range(1, 5):
            cutoff = dt.date(year, 3 * q, 14)
            periods.append(ReportingPeriod(plan=plan, kind="quarter", year=year, no=q,
                                           start=dt.date(year, 3 * q - 2, 1), cutoff=cutoff,
                                           due=cutoff + dt.timedelta(days=7)))  # fmt: skip
        for h in (1, 2):
            cutoff = dt.date(year, 6 * h, 14)
            periods.append(ReportingPeriod(plan=plan, kind="half", year=year, no=h,
                                           start=dt.date(year, 6 * h - 5, 1), cutoff=cutoff,
                                           due=cutoff + dt.timedelta(days=10)))  # fmt: skip
        cutoff = dt.date(year, 12, 14)
        periods.append(ReportingPeriod(plan=plan, kind="year", year=year, no=1, start=dt.date(year, 1, 1),
                                       cutoff=cutoff, due=cutoff + dt.timedelta(days=14)))  # fmt: skip
    for no, year in enumerate(years[-2:], start=1):
        cutoff = dt.date(year, 9, 30)
        periods.append(ReportingPeriod(plan=plan, kind="adhoc", year=year, no=no,
                                       title=f"Báo cáo đột xuất số {no} năm {year}", start=dt.date(year, 9, 1),
                                       cutoff=cutoff, due=cutoff + dt.timedelta(days=5)))  # fmt: skip
    return periods


def _report(rng, period, unit, today: dt.date, tz):
    """A report in a status that fits its period (None: never started), with its first submission near the due date."""
    from pcitrack.reporting.models import UnitReport

    if period.due < today:
        status = rng.choices(["none", "draft1", "draft", "returned", "submitted", "approved"],
                             [8, 4, 4, 5, 10, 69])[0]  # fmt: skip
    elif period.start <= today:
        status = rng.choices(["none", "draft1", "draft", "submitted"], [40, 30, 20, 10])[0]
    else:
        return None
    if status == "none":
        return None
    version = 1 if status == "draft1" else rng.randint(2, 9)
    status = "draft" if status == "draft1" else status
    first = None
    if status in ("submitted", "returned", "approved"):
        day = period.due + dt.timedelta(days=rng.choice([-6, -3, -1, 0, 0, 0, 2, 5, 12]))
        first = dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=tz)
    return UnitReport(period=period, unit=unit, status=status, version=version, first_submitted_at=first,
                      submitted_at=first, problems="Khó khăn, vướng mắc " * 20,
                      proposals="Đề xuất, kiến nghị " * 20, next_plans="Kế hoạch kỳ tới " * 20)  # fmt: skip


def generate(*, offices: int, units: int, tasks: int, years: int, today: dt.date, seed: int = 1) -> dict:
    """Fill the database with the offices' plans, periods, reports and task entries; returns counts."""
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from pcitrack.org.models import Membership, Unit
    from pcitrack.plans.models import Plan, Task, TaskUnit
    from pcitrack.reporting.models import ReportingPeriod, TaskEntry, UnitReport

    rng = random.Random(seed)
    tz = ZoneInfo(settings.TIME_ZONE)
    span = list(range(today.year - years + 1, today.year + 1))
    with transaction.atomic():
        user = get_user_model().objects.create_user("bench-monitor", password=None)
        for o in range(1, offices + 1):
            office = Unit.objects.create(name=f"Văn phòng UBND tỉnh số {o}", kind="office")
            children = Unit.objects.bulk_create(
                Unit(name=f"Phòng số {u:02d} tỉnh {o}", key=f"phong so {u:02d} tinh {o}", parent=office)
                for u in range(1, units + 1)
            )
            if o == 1:
                Membership.objects.create(user=user, unit=office, role="monitor")
            plan = Plan.objects.create(office=office, title=f"Kế hoạch nâng cao PCI tỉnh số {o}", issuer=office.name)
            plan_tasks = Task.objects.bulk_create(
                Task(
                    plan=plan,
                    ref=f"{n // 20 + 1}.{n % 20 + 1}",
                    section=str(n // 20 + 1),
                    order=n,
                    text=f"Nhiệm vụ số {n}: nâng cao chất lượng giải quyết thủ tục hành chính " * 2,
                    deadline=today + dt.timedelta(days=rng.randint(-400, 200)) if n % 4 else None,
                    deadline_text="Trước ngày 30/6" if n % 7 == 0 else "",
                )  # fmt: skip
                for n in range(tasks)
            )
            leads: dict[int, list] = {}
            assignments = []
            for n, task in enumerate(plan_tasks):
                lead = children[n % units]
                leads.setdefault(lead.pk, []).append(task)
                assignments.append(TaskUnit(task=task, unit=lead, role="lead"))
                assignments.append(TaskUnit(task=task, unit=children[(n * 7 + 3) % units], role="support"))
                if n % 50 == 0:
                    assignments.append(TaskUnit(task=task, group_label="Các sở, ban, ngành", role="lead"))
            TaskUnit.objects.bulk_create(assignments)
            periods = ReportingPeriod.objects.bulk_create(_periods(plan, span))
            for period in periods[-2:]:
                period.units.set(children[: units // 4])
            reports = [
                r
                for period in periods
                for unit in children
                if (r := _report(rng, period, unit, today, tz)) is not None
                and (period.kind != "adhoc" or unit in children[: units // 4])
            ]
            reports = UnitReport.objects.bulk_create(reports, batch_size=2000)
            entries = [
                TaskEntry(
                    report=report,
                    task=task,
                    status=rng.choice(["in_progress", "done_on_time", "not_started"]),
                    narrative="Đã triển khai " * 10,
                )  # fmt: skip
                for report in reports
                for task in leads.get(report.unit_id, [])
            ]
            TaskEntry.objects.bulk_create(entries, batch_size=5000)
    return {
        "offices": offices,
        "units": offices * units,
        "tasks": offices * tasks,
        "periods": ReportingPeriod.objects.count(),
        "reports": UnitReport.objects.count(),
        "task entries": TaskEntry.objects.count(),
    }


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description="follow-up benchmark")
    args.add_argument("--offices", type=int, default=6)
    args.add_argument("--units", type=int, default=40)
    args.add_argument("--tasks", type=int, default=200)
    args.add_argument("--years", type=int, default=12)
    args.add_argument("--repeat", type=int, default=15)
    opts = args.parse_args(argv)

    with throwaway_database() as connection:
        from django.test import Client
        from django.utils import timezone

        start = time.perf_counter()
        counts = generate(offices=opts.offices, units=opts.units, tasks=opts.tasks, years=opts.years,
                          today=timezone.localdate())  # fmt: skip
        analyze()
        built = time.perf_counter() - start
        from pcitrack.plans.models import Plan

        plan = Plan.objects.order_by("pk").first()
        client = Client()
        client.force_login(plan.office.memberships.get().user)
        url = f"/plans/{plan.pk}/follow-up/"
        assert client.get(url).status_code == 200  # warm-up: templates, translations, caches
        response = client.get(url)
        statements = page_statements(client, url)
        from pcitrack.reporting.followup import follow_up

        cells = sum(len(row) for _, row in follow_up(plan, timezone.localdate())["matrix"])
        page, sql = interleaved_medians(lambda: client.get(url), lambda: run_statements(statements), opts.repeat)
        print(
            f"database: {connection.vendor}; generated in {built:.0f} s: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
        )
        print(f"one office's follow-up ({cells} cells, {len(statements)} queries, {len(response.content)} bytes):")
        print(f"  bare SQL     {sql * 1000:8.1f} ms")
        print(f"  whole page   {page * 1000:8.1f} ms   ({page / sql:.1f}× the bare SQL)")
        figures = {"followup_over_sql": round(page / sql, 2), "queries": len(statements),
                   "followup_ms": round(page * 1000, 1), "sql_ms": round(sql * 1000, 1)}  # fmt: skip
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
