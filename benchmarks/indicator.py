"""The indicator page on a national deployment: server time next to the bare SQL it runs.

    python -m benchmarks.indicator                      # SQLite, national size
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench python -m benchmarks.indicator
    python -m benchmarks.indicator --provinces 3        # smaller

A throw-away test database (test_<name> on PostgreSQL, a file in a temporary directory on SQLite) is filled by
`benchmarks.scorecard.generate` — by default 34 provinces × 40 units × 200 indicators × 12 years of
quarterly observations from 3 sources — plus one audit event per value, as the services write it
(the value's indicator as the event's subject), and dropped at the end.

It times one indicator page of the first province (the whole request through Django's test client
as a signed-in monitor, with DEBUG off as in production: access checks, values, assessment, chart,
history, template) and the bare SQL statements that request runs, executed again on their own. The
chart is kept once drawn (until what it shows changes), so the page is also timed with it drawn
anew, as on the first view after a change; and, for comparison, the history lookup the page made
before events named their subject (a filter on the events' JSON). The last line is JSON:
indicator_ms (median, chart kept), indicator_over_sql, queries, first_view_ms (median, chart drawn).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import median_seconds, page_statements, run_statements, throwaway_database  # noqa: E402
from benchmarks.scorecard import generate_as, national_options  # noqa: E402

# One "observation.create" event per value, written in one statement, with what record() keeps of it.
EVENTS_SQL = {
    "postgresql": """
        INSERT INTO {events} (at, action, object_type, object_id, subject_type, subject_id, summary, after, reason)
        SELECT now() - o.id * interval '1 second', 'observation.create', 'monitoring.observation', o.id::text,
               'plans.indicator', o.indicator_id::text, o.year || 'Q' || o.period_no || ' ' || o.source,
               jsonb_build_object('office', o.office_id, 'indicator', o.indicator_id, 'year', o.year,
                                  'period_type', o.period_type, 'period_no', o.period_no, 'source', o.source,
                                  'value', o.value::text, 'sample_size', NULL, 'ci_low', NULL, 'ci_high', NULL,
                                  'note', '', 'is_sample', false, 'report', NULL, 'accepted_value', NULL),
               ''
        FROM {observations} o ORDER BY o.id
    """,
    "sqlite": """
        INSERT INTO {events} (at, action, object_type, object_id, subject_type, subject_id, summary, after, reason)
        SELECT datetime('now', '-' || o.id || ' seconds'), 'observation.create', 'monitoring.observation',
               CAST(o.id AS TEXT), 'plans.indicator', CAST(o.indicator_id AS TEXT),
               o.year || 'Q' || o.period_no || ' ' || o.source,
               json_object('office', o.office_id, 'indicator', o.indicator_id, 'year', o.year,
                           'period_type', o.period_type, 'period_no', o.period_no, 'source', o.source,
                           'value', CAST(o.value AS TEXT), 'sample_size', NULL, 'ci_low', NULL, 'ci_high', NULL,
                           'note', '', 'is_sample', json('false'), 'report', NULL, 'accepted_value', NULL),
               ''
        FROM {observations} o ORDER BY o.id
    """,
}


def add_events() -> int:
    """One audit event per observation, in bulk; returns how many events there are."""
    from django.db import connection, transaction

    from pcitrack.audit.models import AuditEvent
    from pcitrack.monitoring.models import Observation

    sql = EVENTS_SQL[connection.vendor].format(
        events=connection.ops.quote_name(AuditEvent._meta.db_table),
        observations=connection.ops.quote_name(Observation._meta.db_table),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does after a bulk load on PostgreSQL; SQLite's planner stats
    return AuditEvent.objects.count()


def median_ms(fn, repeat: int) -> float:
    return median_seconds(fn, repeat) * 1000


def main(argv=None) -> int:
    opts = national_options("indicator page benchmark", 15, argv)

    with throwaway_database() as connection:
        from django.core.cache import cache
        from django.db.models import Q
        from django.test import Client

        start = time.perf_counter()
        counts = generate_as(opts)
        counts["audit events"] = add_events()
        built = time.perf_counter() - start
        from pcitrack.audit.models import AuditEvent
        from pcitrack.plans.models import Plan

        plan = Plan.objects.order_by("pk").first()
        target = plan.targets.get(no=(opts.indicators + 1) // 2)
        client = Client()
        client.force_login(plan.office.memberships.get().user)
        url = f"/plans/{plan.pk}/indicators/{target.no}/"
        page = client.get(url)  # warm-up: templates, catalog, caches, the plan remembered in the session
        assert page.status_code == 200, page.status_code
        history = page.content.decode().split('id="history"')[1]
        assert history.count("<tr><td") == min(50, opts.years * 4 * opts.sources), "the history is not shown"
        statements = page_statements(client, url)

        def bare_sql():
            run_statements(statements)

        # The lookup as the page made it before events named their subject: the events' JSON searched.
        office, indicator = plan.office_id, target.indicator_id
        by_json = AuditEvent.objects.filter(
            Q(after__indicator=indicator, after__office=office) | Q(before__indicator=indicator, before__office=office),
            object_type="monitoring.observation",
        )

        def json_lookup():
            by_json.count()
            list(by_json[:50])

        def first_view():
            cache.clear()
            client.get(url)

        page_ms = median_ms(lambda: client.get(url), opts.repeat)
        sql_ms = median_ms(bare_sql, opts.repeat)
        drawn_ms = median_ms(first_view, 5)
        json_ms = median_ms(json_lookup, 3)
        print(
            f"database: {connection.vendor}; generated in {built:.0f} s: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
        )
        print(f"one indicator's page ({len(statements)} queries, median of {opts.repeat}):")
        print(f"  bare SQL     {sql_ms:8.1f} ms")
        print(f"  whole page   {page_ms:8.1f} ms   ({page_ms / sql_ms:.1f}× the bare SQL)")
        print(f"  chart drawn  {drawn_ms:8.1f} ms   (the first view after a change)")
        print(f"  (the history looked up through the events' JSON instead: {json_ms:.1f} ms for that lookup alone)")
        figures = {"indicator_ms": round(page_ms, 1), "indicator_over_sql": round(page_ms / sql_ms, 2)}
        figures |= {"queries": len(statements), "first_view_ms": round(drawn_ms, 1)}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
