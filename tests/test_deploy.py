"""The production setup: settings a deployment gives, the static files its server serves, the systemd units shipped."""

from __future__ import annotations

import configparser
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import get_commands

from pcitrack.settings import database_from_url
from tests.test_settings import PROD

DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"
BIN = Path(sys.executable).parent
PG = "postgresql://pcitrack:secret@db.example.gov.vn:5432/pcitrack"


def shell(code: str, env_extra: dict, tmp_path) -> dict:
    """Run code under the settings the environment gives (in a process of its own) and read the JSON it prints."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PCITRACK_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update({"PCITRACK_DATA_DIR": str(tmp_path), **env_extra})
    result = subprocess.run([sys.executable, "-m", "pcitrack", "shell", "-c", code], env=env, capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


SETTINGS = "from django.conf import settings; import json; print(json.dumps({'middleware': settings.MIDDLEWARE, " \
           "'static': settings.STORAGES['staticfiles']['BACKEND']}))"  # fmt: skip


def test_production_serves_static_files_through_whitenoise(tmp_path):
    shown = shell(SETTINGS, PROD, tmp_path)
    assert shown["middleware"][:2] == ["django.middleware.security.SecurityMiddleware",
                                       "whitenoise.middleware.WhiteNoiseMiddleware"]  # fmt: skip
    assert shown["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_development_serves_static_files_as_django_does(tmp_path):
    shown = shell(SETTINGS, {}, tmp_path)
    assert not any("whitenoise" in m for m in shown["middleware"])
    assert shown["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_collected_static_files_are_served_compressed_and_cached_for_long(tmp_path):
    code = (
        "from django.core.management import call_command; call_command('collectstatic', interactive=False, verbosity=0)\n"
        "from django.templatetags.static import static; from django.test import Client; import json\n"
        "url = static('pcitrack/autosave.js')\n"
        "r = Client().get(url, HTTP_ACCEPT_ENCODING='gzip', HTTP_HOST='pcitrack.example.gov.vn', secure=True)\n"
        "print(json.dumps({'url': url, 'status': r.status_code, 'cache': r.get('Cache-Control', ''),"
        " 'encoding': r.get('Content-Encoding', '')}))"
    )
    shown = shell(code, PROD, tmp_path)
    assert shown["url"].startswith("/static/pcitrack/autosave.") and shown["url"] != "/static/pcitrack/autosave.js"
    assert shown["status"] == 200
    assert "max-age=315360000" in shown["cache"] and "immutable" in shown["cache"]
    assert shown["encoding"] == "gzip"


def test_postgresql_connections_are_kept_and_checked(monkeypatch, tmp_path):
    monkeypatch.delenv("PCITRACK_DB_CONN_MAX_AGE", raising=False)
    config = database_from_url(PG, tmp_path)
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("PCITRACK_DB_CONN_MAX_AGE", "0")  # behind a connection pooler
    assert database_from_url(PG, tmp_path)["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("PCITRACK_DB_CONN_MAX_AGE", "300")
    assert database_from_url(PG, tmp_path)["CONN_MAX_AGE"] == 300


@pytest.mark.parametrize("raw", ["-1", "a minute"])
def test_a_bad_connection_age_fails_loudly(monkeypatch, tmp_path, raw):
    monkeypatch.setenv("PCITRACK_DB_CONN_MAX_AGE", raw)
    with pytest.raises(ImproperlyConfigured, match="PCITRACK_DB_CONN_MAX_AGE"):
        database_from_url(PG, tmp_path)


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def exec_start(name: str) -> list[str]:
    command = shlex.split(unit(name)["Service"]["ExecStart"])
    assert command[0].startswith("/srv/pcitrack/.venv/bin/")
    return [str(BIN / Path(command[0]).name), *command[1:]]


def test_the_web_unit_starts_gunicorn_with_pcitrack_application(tmp_path):
    web = unit("pcitrack-web.service")
    assert web["Service"]["EnvironmentFile"] == "/etc/pcitrack/pcitrack.env"
    assert web["Install"]["WantedBy"] == "multi-user.target"
    command = exec_start("pcitrack-web.service")
    assert Path(command[0]).name == "gunicorn" and "pcitrack.wsgi:application" in command
    # gunicorn itself reads the options and loads the application, as the unit would start it.
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("PCITRACK_", "DJANGO_"))},
           "PCITRACK_DATA_DIR": str(tmp_path), **PROD}  # fmt: skip
    env.pop("DATABASE_URL", None)
    result = subprocess.run([*command, "--check-config"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_reminders_are_sent_every_morning_by_a_timer():
    timer = unit("pcitrack-reminders.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 06:30:00" and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    service = unit("pcitrack-reminders.service")
    assert service["Service"]["Type"] == "oneshot"
    command = exec_start("pcitrack-reminders.service")
    assert Path(command[0]).name == "pcitrack" and command[1:] == ["send_reminders"]
    assert "send_reminders" in get_commands()


def test_the_example_environment_names_only_real_settings():
    settings_source = (Path(__file__).resolve().parent.parent / "pcitrack" / "settings.py").read_text()
    names = [line.split("=", 1)[0] for line in (DEPLOY / "pcitrack.env").read_text().splitlines()
             if line and not line.startswith("#")]  # fmt: skip
    assert "PCITRACK_DEBUG" in names and "DATABASE_URL" in names
    for name in names:
        assert f'"{name}"' in settings_source, name
