"""The production setup under load: 1 user, then 50 simultaneous users, against gunicorn with 4 workers.

    python -m benchmarks.load                                                    # SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/loadbench python -m benchmarks.load   # PostgreSQL
    python -m benchmarks.load --users 20 --duration 30                           # smaller

A throw-away database is created (test_<name> on PostgreSQL, a file in a temporary directory on SQLite) with the
seed plan, 20 reporting units each with a head and a member of staff, a monitor and 9 leaders (50 people), and each
unit's report for one period. gunicorn is started on a free port of 127.0.0.1 with the production settings
(PCITRACK_DEBUG=false, whitenoise, collected static files), as docs/deploy/pcitrack-web.service starts it. Everyone
signs in once before anything is measured (a sign-in costs a third of a second of password hashing by design).

Then, for each level, every person repeats what their role does, pausing between steps as people do:
  staff    open their report, autosave twice, save the form          (pause 2–6 s)
  heads    open the report, submit it (2 visits in 5)                (pause 5–15 s)
  monitor  open the home page (the review queue); return, approve or reopen a report   (pause 3–8 s)
  leaders  read the scorecard and the follow-up matrix               (pause 3–8 s)
At 1 user one person plays every role in turn for one unit with no pause (the head submits, the monitor returns,
approves or reopens that unit's report): the time of each request served alone, the baseline.

Printed: p50/p95/p99 per endpoint at each level; errors (5xx, a 4xx that is not expected, no answer); and lost
saves — every save the server acknowledged (autosave 200, form save 302) is looked for afterwards: its text must be
in the report's saved history, and the last acknowledged text of each report must be what the report holds. A 409 on
a report submitted meanwhile is the expected answer, counted apart. The server is stopped and the database dropped
at the end, also after a failure. The last line is JSON: p95_ratio (p95 at 50 users over p95 at 1 user, all
measured requests), errors, lost, and each level's p50/p95/p99 in ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "load-bench-" + secrets.token_hex(8)
UNITS = 20
LEADERS = 9
PAUSES = {"staff": (2, 6), "head": (5, 15), "monitor": (3, 8), "leader": (3, 8)}
ALONE_DECISIONS = ["return", "return", "approve", "reopen"]
# What each endpoint may answer without it being an error.
EXPECTED = {
    "report page": {200},
    "autosave": {200, 409},  # 409: the report was submitted meanwhile, or a conflict
    "save": {302, 409, 200},  # 200: the page showing a conflict; 409: submitted meanwhile
    "submit": {302},  # a refusal (nothing to submit, a newer version) is a message on the redirected page
    "home": {200},
    "review": {302, 200},  # 200: the page saying why a decision was refused (the report is not in that state)
    "scorecard": {200},
    "follow-up": {200},
}


# ---------------------------------------------------------------------------------------------- the database


def build_world(period_kind: str = "quarter") -> dict:
    """The seed plan, UNITS units with a head and staff each, a monitor, LEADERS leaders; every unit's report."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from pcitrack.core.plan_files import plan_text_from_bytes
    from pcitrack.core.plan_parser import parse_plan_text
    from pcitrack.org.models import Membership, Unit
    from pcitrack.plans.models import PlanTarget, TargetUnit, Task, TaskUnit
    from pcitrack.plans.services import import_plan
    from pcitrack.reporting.services import generate_periods, report_for

    seed = plan_text_from_bytes((ROOT / "pcitrack" / "data" / "plan_seed_2024.txt").read_bytes())
    plan = import_plan(parse_plan_text(seed), source_name="plan_seed_2024.txt")
    office = plan.office
    hashed = make_password(PASSWORD)  # hashed once, shared by everyone: the setup does not pay 50 hashes
    User = get_user_model()

    def person(username: str, name: str, unit, role) -> str:
        user = User.objects.create(username=username, first_name=name, password=hashed)
        Membership.objects.create(user=user, unit=unit, role=role)
        return username

    tasks = list(Task.objects.current().filter(plan=plan).order_by("order"))
    targets = list(PlanTarget.objects.current().filter(plan=plan).order_by("no"))
    monitor = person("bench.monitor", "Giám sát Thử Tải", office, Membership.Role.MONITOR)
    leaders = [person(f"bench.leader{i}", f"Lãnh đạo {i}", office, Membership.Role.LEADER) for i in range(LEADERS)]
    generate_periods(plan, user=User.objects.get(username=monitor))
    period = plan.periods.filter(kind=period_kind).order_by("cutoff").first() or plan.periods.order_by("cutoff")[0]
    units = []
    for n in range(UNITS):
        unit = Unit.objects.create(name=f"Phòng thử tải số {n + 1}", key=f"phong thu tai so {n + 1}", parent=office)
        for k in range(3):
            TaskUnit.objects.create(task=tasks[(3 * n + k) % len(tasks)], unit=unit, role="lead")
        for k in range(2):
            TargetUnit.objects.create(target=targets[(2 * n + k) % len(targets)], unit=unit, role="lead")
        report = report_for(period, unit)
        units.append(
            {
                "report": report.pk,
                "narratives": [f"task_{e.pk}_narrative" for e in report.task_entries.order_by("pk")],
                "staff": person(f"bench.staff{n}", f"Chuyên viên {n}", unit, Membership.Role.STAFF),
                "head": person(f"bench.head{n}", f"Trưởng phòng {n}", unit, Membership.Role.HEAD),
            }
        )
    return {"plan": plan.pk, "units": units, "monitor": monitor, "leaders": leaders}


def lost_saves(acknowledged: list[tuple[int, str]], last_sent: dict[int, list[str]]) -> int:
    """Acknowledged saves whose text is not in the report's saved history, or not held now when it was the last."""
    from pcitrack.audit.models import AuditEvent
    from pcitrack.reporting.models import UnitReport

    seen: dict[int, set[str]] = {}
    for event in AuditEvent.objects.filter(action="report.save").only("object_id", "after").iterator():
        texts = seen.setdefault(int(event.object_id), set())
        texts.add((event.after or {}).get("problems", ""))
    lost = sum(1 for report, text in acknowledged if text not in seen.get(report, ()))
    last_ack = {}
    for report, text in acknowledged:
        last_ack[report] = text
    held = dict(UnitReport.objects.filter(pk__in=last_ack).values_list("pk", "problems"))
    for report, text in last_ack.items():
        # A save sent after the last acknowledged one, whose answer never came, may have been applied.
        later = last_sent.get(report, [])
        after_ack = later[later.index(text) + 1 :] if text in later else []
        if held.get(report) != text and held.get(report) not in after_ack:
            lost += 1
    return lost


# ------------------------------------------------------------------------------------------------- the client


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    expected_409: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, endpoint: str, seconds: float, status: int | None, note: str = "") -> None:
        with self.lock:
            if status is None:
                self.errors.append(f"{endpoint}: no answer ({note})")
                return
            self.times.setdefault(endpoint, []).append(seconds)
            if status not in EXPECTED[endpoint]:
                self.errors.append(f"{endpoint}: HTTP {status} {note[:200]}")
            elif status == 409:
                self.expected_409 += 1


class Browser:
    """One person's cookies and connection to the server (gunicorn's sync workers close it after each answer)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        body = urlencode(data, doseq=True) if data is not None else None
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # the next request opens a new connection
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, response.getheader("Location", ""), content.decode("utf-8", "replace")

    def timed(self, stats: Stats, endpoint: str, method: str, path: str, data=None, headers=None):
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        start = time.perf_counter()
        try:
            status, location, text = self.request(method, path, data, headers)
        except (OSError, http.client.HTTPException) as exc:
            stats.add(endpoint, time.perf_counter() - start, None, repr(exc))
            return None, "", ""
        stats.add(endpoint, time.perf_counter() - start, status, text if status >= 400 else "")
        return status, location, text

    def sign_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "username": username, "password": PASSWORD}
        status, location, _ = self.request("POST", "/accounts/login/", data)
        if status != 302 or "login" in location:
            raise RuntimeError(f"{username} could not sign in: HTTP {status} → {location}")


VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Saves:
    acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (report id, text) the server confirmed
    sent: dict[int, list[str]] = field(default_factory=dict)  # every text sent, in order, by report
    lock: threading.Lock = field(default_factory=threading.Lock)


class Person:
    def __init__(self, role: str, username: str, browser: Browser, world: dict, unit: dict | None):
        self.role, self.username, self.browser, self.world, self.unit = role, username, browser, world, unit
        self.version = "1"
        self.count = 0
        self.alone = False  # playing every role in turn for one unit: the head always submits, the monitor
        # returns, approves or reopens that unit's report in turn

    def pause(self, rng: random.Random, scale: float) -> float:
        low, high = PAUSES[self.role]
        return rng.uniform(low, high) * scale

    def report_url(self) -> str:
        return f"/reports/{self.unit['report']}/"

    def open_report(self, stats: Stats) -> None:
        status, _, text = self.browser.timed(stats, "report page", "GET", self.report_url())
        if status == 200 and (match := VERSION.search(text)):
            self.version = match.group(1)

    def save(self, stats: Stats, saves: Saves, autosave: bool) -> None:
        self.count += 1
        text = f"{self.username} lần {self.count} {secrets.token_hex(4)}: đã triển khai, đang tổng hợp kết quả."
        data = {"version": self.version, "problems": text, **{name: text for name in self.unit["narratives"]}}
        report = self.unit["report"]
        with saves.lock:
            saves.sent.setdefault(report, []).append(text)
        headers = {"X-Autosave": "1"} if autosave else None
        status, location, answer = self.browser.timed(
            stats, "autosave" if autosave else "save", "POST", self.report_url(), data, headers
        )
        acknowledged = False
        if autosave and status == 200:
            acknowledged = json.loads(answer).get("ok") is True
            self.version = str(json.loads(answer).get("version", self.version))
        elif not autosave and status == 302:
            acknowledged = location.rstrip("/").endswith(self.report_url().rstrip("/"))
        if acknowledged:
            with saves.lock:
                saves.acknowledged.append((report, text))

    def step(self, stats: Stats, saves: Saves, rng: random.Random, scale: float, stop: float) -> None:
        """One round of what the role does; pauses (scaled) between its requests."""

        def wait() -> bool:
            delay = self.pause(rng, scale)
            if delay:
                time.sleep(max(0.0, min(delay, stop - time.monotonic())))
            return time.monotonic() < stop

        if self.role == "staff":
            self.open_report(stats)
            for autosave in (True, True, False):
                if not wait():
                    return
                self.save(stats, saves, autosave)
        elif self.role == "head":
            self.open_report(stats)
            if not wait():
                return
            if self.alone or rng.random() < 0.4:  # most visits only read the report
                self.browser.timed(stats, "submit", "POST", f"{self.report_url()}submit/",
                                   {"version": self.version, "confirm": "1"})  # fmt: skip
        elif self.role == "monitor":
            self.browser.timed(stats, "home", "GET", "/")
            if not wait():
                return
            if self.alone:
                unit, decision = self.unit, ALONE_DECISIONS[self.count % len(ALONE_DECISIONS)]
                self.count += 1
            else:
                unit = rng.choice(self.world["units"])
                decision = rng.choice(["return", "return", "approve", "reopen"])
            data = {"decision": decision, "reason": "Đề nghị bổ sung số liệu (thử tải)."}
            self.browser.timed(stats, "review", "POST", f"/reports/{unit['report']}/review/", data)
        else:
            self.browser.timed(stats, "scorecard", "GET", f"/plans/{self.world['plan']}/scorecard/")
            if not wait():
                return
            self.browser.timed(stats, "follow-up", "GET", f"/plans/{self.world['plan']}/follow-up/")
        wait()


def people(world: dict, port: int, count: int) -> list[Person]:
    """count people: staff and heads of the units, the monitor, leaders — in that proportion for 50."""
    everyone = []
    for unit in world["units"]:
        everyone.append(Person("staff", unit["staff"], Browser(port), world, unit))
        everyone.append(Person("head", unit["head"], Browser(port), world, unit))
    everyone.append(Person("monitor", world["monitor"], Browser(port), world, None))
    everyone += [Person("leader", name, Browser(port), world, None) for name in world["leaders"]]
    if count >= len(everyone):
        return everyone
    # A smaller crowd keeps the mix: every role at least once.
    by_role = {r: [p for p in everyone if p.role == r] for r in PAUSES}
    chosen = [by_role[r][0] for r in PAUSES]
    rest = [p for p in everyone if p not in chosen]
    return chosen + rest[: max(0, count - len(chosen))]


def run_level(crowd: list[Person], seconds: float, scale: float, seed: int) -> Stats:
    stats, saves = Stats(), Saves()
    stop = time.monotonic() + seconds

    def live(person: Person, n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        time.sleep(rng.uniform(0, 2) * scale)  # not all at the same instant
        while time.monotonic() < stop:
            person.step(stats, saves, rng, scale, stop)

    threads = [threading.Thread(target=live, args=(p, n), daemon=True) for n, p in enumerate(crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    stats.saves = saves
    return stats


def run_alone(crowd: list[Person], seconds: float) -> Stats:
    """One person at a time, every role in turn, no pause: each request served alone."""
    stats, saves = Stats(), Saves()
    stop = time.monotonic() + seconds
    rng = random.Random(1)
    roles = [next(p for p in crowd if p.role == r) for r in PAUSES]
    roles[2].unit = roles[0].unit  # the monitor reviews the unit at work: its staff find the report open again
    for person in roles:
        person.alone = True
    while time.monotonic() < stop:
        for person in roles:
            person.step(stats, saves, rng, 0.0, stop)
    stats.saves = saves
    return stats


# ------------------------------------------------------------------------------------------------- figures


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))  # nearest rank
    return ordered[rank]


def summary(stats: Stats) -> dict:
    every = [t for times in stats.times.values() for t in times]
    return {q: percentile(every, q) * 1000 for q in (50, 95, 99)} | {"n": len(every)}


def table(label: str, stats: Stats, seconds: float) -> None:
    print(f"\n{label}: {sum(map(len, stats.times.values()))} requests in {seconds:.0f} s, "
          f"{len(stats.errors)} errors, {stats.expected_409} expected 409")  # fmt: skip
    print(f"  {'endpoint':<12} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}")
    for endpoint in EXPECTED:
        times = stats.times.get(endpoint, [])
        if times:
            p = [percentile(times, q) * 1000 for q in (50, 95, 99)]
            print(f"  {endpoint:<12} {len(times):>6} {p[0]:>9.1f} {p[1]:>9.1f} {p[2]:>9.1f}")
    s = summary(stats)
    print(f"  {'all':<12} {s['n']:>6} {s[50]:>9.1f} {s[95]:>9.1f} {s[99]:>9.1f}")
    for error in stats.errors[:10]:
        print("  error:", error)


# ------------------------------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, data_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PCITRACK_", "DJANGO_"))}
    env.update(
        {
            "PCITRACK_DEBUG": "false",
            "PCITRACK_SECRET_KEY": secrets.token_urlsafe(50),
            "PCITRACK_ALLOWED_HOSTS": "127.0.0.1",
            "PCITRACK_SSL_REDIRECT": "false",  # plain HTTP on the loopback: no proxy in front
            "PCITRACK_DATA_DIR": data_dir,
            "PCITRACK_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),  # this checkout's pcitrack, whatever is installed
        }
    )
    return env


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    subprocess.run([sys.executable, "-m", "pcitrack", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT,
                   check=True)  # fmt: skip
    command = [sys.executable, "-m", "gunicorn", "pcitrack.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--timeout", "60", "--error-logfile", str(log)]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # the group of the gunicorn started above: master and its workers
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)


# ------------------------------------------------------------------------------------------------- main


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description="load benchmark")
    args.add_argument("--users", type=int, default=50)
    args.add_argument("--duration", type=float, default=60, help="seconds of the crowd level")
    args.add_argument("--alone", type=float, default=30, help="seconds of the one-user level")
    args.add_argument("--workers", type=int, default=4)
    args.add_argument("--pause-scale", type=float, default=1.0, help="multiplies every pause between steps")
    opts = args.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="pcitrack-load-")
    given = os.environ.get("DATABASE_URL", "")
    os.environ["PCITRACK_DATA_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcitrack.settings")
    if not given:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/load.sqlite3"
    import django

    django.setup()
    from django.db import connection

    server = None
    old_name = None
    try:
        if connection.vendor == "postgresql":
            old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
            url = urlparse(given)._replace(path="/" + connection.settings_dict["NAME"]).geturl()
        else:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            url = os.environ["DATABASE_URL"]
        start = time.perf_counter()
        world = build_world()
        connection.close()  # the server's processes are the ones working now
        port = free_port()
        server = start_server(server_env(url, workdir), port, opts.workers, Path(workdir) / "gunicorn.log")
        crowd = people(world, port, opts.users)
        signing = time.perf_counter()
        sign_ins = [threading.Thread(target=p.browser.sign_in, args=(p.username,)) for p in crowd]
        for group in range(0, len(sign_ins), opts.workers):
            for thread in sign_ins[group : group + opts.workers]:
                thread.start()
            for thread in sign_ins[group : group + opts.workers]:
                thread.join()
        if any("sessionid" not in p.browser.cookies for p in crowd):
            raise RuntimeError("not everyone could sign in; see " + str(Path(workdir) / "gunicorn.log"))
        print(f"database: {connection.vendor}; set up in {signing - start:.0f} s; {len(crowd)} people signed in "
              f"in {time.perf_counter() - signing:.1f} s; gunicorn with {opts.workers} workers on port {port}")  # fmt: skip

        alone = run_alone(crowd, opts.alone)
        table("1 user (each request alone)", alone, opts.alone)
        many = run_level(crowd, opts.duration, opts.pause_scale, seed=2)
        table(f"{len(crowd)} users", many, opts.duration)

        acknowledged = alone.saves.acknowledged + many.saves.acknowledged
        sent = {}
        for saves in (alone.saves, many.saves):
            for report, texts in saves.sent.items():
                sent.setdefault(report, []).extend(texts)
        stop_server(server)
        lost = lost_saves(acknowledged, sent)
        one, fifty = summary(alone), summary(many)
        errors = len(alone.errors) + len(many.errors)
        print(f"\nacknowledged saves: {len(acknowledged)}, lost: {lost}; errors: {errors}; "
              f"p95 {fifty[95]:.1f} ms at {len(crowd)} users, {one[95]:.1f} ms at 1 user")  # fmt: skip
        figures = {
            "p95_ratio": round(fifty[95] / one[95], 2),
            "errors": errors,
            "lost": lost,
            "database": connection.vendor,
            "users": len(crowd),
            "acknowledged_saves": len(acknowledged),
            "expected_409": alone.expected_409 + many.expected_409,
        }
        for label, s in (("1", one), (str(len(crowd)), fifty)):
            figures |= {f"p{q}_ms_{label}": round(s[q], 1) for q in (50, 95, 99)} | {f"requests_{label}": s["n"]}
        print(json.dumps(figures))
    finally:
        if server is not None:
            stop_server(server)
        connection.close()
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
