import os
import subprocess
import sys

import pytest

PROD = {
    "PCITRACK_DEBUG": "false",
    "PCITRACK_SECRET_KEY": "k8!f2vQ#x9-production-secret-key-with-plenty-of-entropy-7Zp@1",
    "PCITRACK_ALLOWED_HOSTS": "pcitrack.example.gov.vn",
    "PCITRACK_SMTP_HOST": "smtp.example.gov.vn",
}


def run(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PCITRACK_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update({"PCITRACK_DATA_DIR": str(tmp_path), **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "pcitrack", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], PROD, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_would_fail_check_deploy(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], {}, tmp_path)
    assert result.returncode != 0


@pytest.mark.parametrize(
    "env,message",
    [
        ({"PCITRACK_DEBUG": "false"}, "PCITRACK_SECRET_KEY must be set"),
        ({"PCITRACK_DEBUG": "maybe"}, "is not a boolean"),
        ({"PCITRACK_HSTS_SECONDS": "a year", **PROD}, "is not a whole number"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "only postgresql"),
    ],
)
def test_bad_settings_fail_loudly(tmp_path, env, message):
    result = run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_errors_are_logged_not_shown(client, settings, caplog, db):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.broken_urls"
    client.raise_request_exception = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert b"secret internals" not in response.content
    assert "Đã xảy ra lỗi".encode() in response.content
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


def test_bad_input_on_the_command_line_is_a_message_not_a_traceback(tmp_path):
    result = run(["parse_plan", str(tmp_path / "missing.txt")], {}, tmp_path)
    assert result.returncode == 1
    assert "Không tìm thấy tệp" in result.stderr
    assert "Traceback" not in result.stderr


def test_sqlite_serves_several_processes(tmp_path, django_db_blocker):
    """WAL (readers do not wait for a writer), a write lock taken when a transaction begins, a wait for the lock."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from pcitrack.settings import database_from_url

    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and config["OPTIONS"]["timeout"] >= 5
    wrapper = DatabaseWrapper({**config, "TIME_ZONE": None, "CONN_HEALTH_CHECKS": False, "CONN_MAX_AGE": 0,
                               "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False, "TEST": {}, "USER": "", "PASSWORD": "",
                               "HOST": "", "PORT": ""})  # fmt: skip
    with django_db_blocker.unblock():  # a connection of its own, to a file of its own
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone()[0] == 20_000
        finally:
            wrapper.close()
