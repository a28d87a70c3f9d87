"""What the page benchmarks share: a throw-away database set up as in production, medians, a page next to its SQL."""

from __future__ import annotations

import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(first, second, repeat: int) -> tuple[float, float]:
    """The median times of two functions run in turns, so that a busy machine slows both alike."""
    times: tuple[list, list] = ([], [])
    for _ in range(repeat):
        for fn, found in zip((first, second), times, strict=True):
            start = time.perf_counter()
            fn()
            found.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


@contextlib.contextmanager
def throwaway_database():
    """Django set up as in production (no debug query log, no test instrumentation of templates) on a database
    created for the run and dropped after it: test_<name> on PostgreSQL (DATABASE_URL), else a SQLite file."""
    workdir = tempfile.mkdtemp(prefix="pcitrack-bench-")
    os.environ.setdefault("PCITRACK_DATA_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcitrack.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    if connection.vendor == "sqlite":  # a file, as deployed, not the test runner's in-memory database
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def analyze() -> None:
    """What autovacuum (PostgreSQL) or an optimize (SQLite) has done on a live database after a large load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_statements(client, url: str) -> list[str]:
    """The SQL statements one request of the page runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q["sql"] for q in ctx.captured_queries]


def run_statements(statements: list[str]) -> None:
    """The bare SQL of a page: its statements executed again on their own, every row fetched."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
