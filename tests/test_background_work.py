"""Background work: the official report and the reminders queued in the database and run by `pcitrack worker`,
failures that end a job with a message, and the time limit."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pcitrack.audit.models import AuditEvent
from pcitrack.reporting import jobs, tasks
from pcitrack.reporting.models import GeneratedReport

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SYSTEM_ERROR = "Không lập được báo cáo do lỗi hệ thống; anh/chị hãy thử lại hoặc báo quản trị."
TIMED_OUT = "Báo cáo không lập xong trong 10 phút nên đã dừng; anh/chị hãy thử lại hoặc báo quản trị."
REFRESH = 'http-equiv="refresh"'


def ask(client, world, fmt="docx"):
    """The leader presses "Tạo báo cáo" for the plan's first period; the job's page."""
    client.force_login(world.users["leader"])
    response = client.post(
        reverse("official_report_start", args=[world.plan.pk]), {"period": world.period().pk, "format": fmt}
    )
    assert response.status_code == 302
    return GeneratedReport.objects.get(), response["Location"]


def work():
    """One pass of the worker: every job queued, then it stops. Tests that run it use real transactions
    (transactional_db): the worker commits what it claims and checks its connection between jobs."""
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)


def fail_events(job):
    return list(AuditEvent.objects.filter(action="official_report.fail", object_id=str(job.pk)))


def test_the_database_queues_the_report_and_the_worker_builds_it(transactional_db, world, client, settings):
    settings.TASKS = DATABASE
    job, page = ask(client, world)
    assert job.status == "queued" and not job.file
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY and queued.task_path.endswith("build_report_task")
    waiting = client.get(page).content.decode()
    assert "đang chờ" in waiting and REFRESH in waiting

    work()

    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert job.file.name and job.file.open("rb").read(2) == b"PK"
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert AuditEvent.objects.filter(action="official_report.build", object_id=str(job.pk)).count() == 1
    done = client.get(page).content.decode()
    assert "Tải về" in done and REFRESH not in done
    assert client.get(reverse("official_report_download", args=[job.pk])).status_code == 200


def test_the_immediate_backend_still_builds_at_once_with_no_worker(world, client, settings):
    settings.TASKS = IMMEDIATE
    job, page = ask(client, world, "xlsx")
    assert job.status == "done" and job.file
    assert not DBTaskResult.objects.exists()
    assert "Tải về" in client.get(page).content.decode()


@pytest.mark.parametrize("backend", [IMMEDIATE, DATABASE], ids=["immediate", "database"])
def test_an_unexpected_error_fails_the_job_with_a_message_and_the_page_stops_waiting(
    transactional_db, world, client, settings, monkeypatch, backend, caplog
):
    settings.TASKS = backend

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "build", broken)
    job, page = ask(client, world)
    work() if backend is DATABASE else None

    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == ("failed", SYSTEM_ERROR, "")
    assert [e.summary for e in fail_events(job)] == ["RuntimeError: disk full"]
    assert any(r.exc_info and "disk full" in str(r.exc_info[1]) for r in caplog.records)  # the traceback is logged
    shown = client.get(page).content.decode()
    assert SYSTEM_ERROR in shown and REFRESH not in shown and "Tải về" not in shown


def test_a_job_waiting_past_its_time_limit_is_failed_when_its_page_is_seen(world, client, settings):
    settings.TASKS = DATABASE  # no worker runs
    job, page = ask(client, world)
    assert REFRESH in client.get(page).content.decode()
    GeneratedReport.objects.filter(pk=job.pk).update(
        status="running", progress=40, created_at=timezone.now() - dt.timedelta(minutes=11)
    )

    shown = client.get(page).content.decode()

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", TIMED_OUT)
    assert TIMED_OUT in shown and REFRESH not in shown
    assert [e.summary for e in fail_events(job)] == ["timeout after 600 s"]
    client.get(page)
    assert len(fail_events(job)) == 1  # failed once


def test_the_worker_fails_stale_jobs_nobody_looks_at_and_does_not_build_them(transactional_db, world, client, settings):
    settings.TASKS = DATABASE
    job, _ = ask(client, world)
    GeneratedReport.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10, seconds=1))

    work()

    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == ("failed", TIMED_OUT, "")
    assert not AuditEvent.objects.filter(action="official_report.build").exists()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL  # the task ended; the job failed


def test_a_build_running_past_its_time_limit_is_stopped_by_the_worker(
    transactional_db, world, client, settings, monkeypatch
):
    settings.TASKS = DATABASE
    settings.PCITRACK_JOB_TIMEOUT = 1
    started = []

    def slow(plan, period, fmt, today, progress):
        started.append(time.monotonic())
        progress(10)
        time.sleep(5)
        raise AssertionError("never reached: the time limit interrupts the sleep")

    monkeypatch.setattr(tasks, "build", slow)
    job, _ = ask(client, world)

    work()

    assert time.monotonic() - started[0] < 3
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", jobs.timeout_message())
    assert "1 phút" in job.error
    assert not jobs.in_worker  # the web process never arms the alarm


def test_a_build_that_ends_after_its_job_was_failed_keeps_no_file(
    transactional_db, world, client, settings, monkeypatch
):
    settings.TASKS = DATABASE
    job, page = ask(client, world, "xlsx")

    def slow(plan, period, fmt, today, progress):
        GeneratedReport.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
        client.get(page)  # someone looks meanwhile: the job is failed
        progress(50)
        raise AssertionError("never reached: the build stops at its next step")

    monkeypatch.setattr(tasks, "build", slow)
    work()
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == ("failed", TIMED_OUT, "")
    assert len(fail_events(job)) == 1


def test_failed_reminders_are_recorded_and_the_task_marked_failed(
    transactional_db, world, settings, monkeypatch, caplog
):
    settings.TASKS = DATABASE

    def broken(today):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(tasks, "send_reminders", broken)
    call_command("send_reminders", "--enqueue")
    work()
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.FAILED and "smtp down" in result.traceback
    assert AuditEvent.objects.filter(action="reminders.fail", summary="ConnectionRefusedError: smtp down").exists()
    assert any(r.exc_info and "smtp down" in str(r.exc_info[1]) for r in caplog.records)


def test_the_worker_says_what_to_set_when_work_is_not_queued(db, settings):
    settings.TASKS = IMMEDIATE
    with pytest.raises(CommandError, match="PCITRACK_TASK_BACKEND=database"):
        call_command("worker", "--batch")


def env(tmp_path, **extra):
    out = {k: v for k, v in os.environ.items() if not k.startswith(("PCITRACK_", "DJANGO_"))}
    out.pop("DATABASE_URL", None)
    return {**out, "PCITRACK_DATA_DIR": str(tmp_path), **extra}


def pcitrack(tmp_path, *args, **extra):
    return subprocess.run([sys.executable, "-m", "pcitrack", *args], env=env(tmp_path, **extra), capture_output=True,
                          text=True, timeout=300)  # fmt: skip


@pytest.mark.parametrize(
    "value,backend",
    [("", "ImmediateBackend"), ("database", "django_tasks_db.DatabaseBackend"), ("shelf", "is not one of")],
)
def test_the_task_backend_setting(tmp_path, value, backend):
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    result = pcitrack(tmp_path, "shell", "-c", code, PCITRACK_TASK_BACKEND=value)
    assert backend in result.stdout + result.stderr


def test_the_worker_stops_cleanly_on_sigterm(tmp_path):
    assert pcitrack(tmp_path, "migrate", "-v0").returncode == 0
    worker = subprocess.Popen([sys.executable, "-m", "pcitrack", "worker", "--no-startup-delay"],
                              env=env(tmp_path, PCITRACK_TASK_BACKEND="database"), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        started = time.monotonic()
        line = worker.stdout.readline()
        assert "Starting worker" in line, line
        time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
        assert time.monotonic() - started < 30
        assert "shutting down gracefully" in worker.stdout.read()
    finally:
        if worker.poll() is None:
            worker.kill()
