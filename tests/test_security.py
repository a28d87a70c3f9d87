"""Security of the site as a browser sees it: headers, caching, login throttling, audit of logins and admin."""

import logging
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pcitrack.audit.models import AuditEvent

TEMPLATES = Path(__file__).resolve().parents[1] / "pcitrack" / "templates"


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'" and directives["base-uri"] == "'self'"


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in [r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"javascript:", r"\sstyle\s*=", r"<style"]:
            offenders += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in re.finditer(pattern, text, re.I)]
    assert offenders == []


def test_a_signed_in_person_s_pages_and_files_are_not_cached(world, client):
    client.force_login(world.users["staff"])
    page = client.get(reverse("plan_detail", args=[world.plan.pk]))
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    evidence = world.evidence()
    download = client.get(reverse("evidence_download", args=[evidence.entry.report.pk, evidence.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    client.force_login(world.users["monitor"])
    report = client.get(reverse("official_report_download", args=[world.job().pk]))
    assert report.status_code == 200 and report["Cache-Control"] == "private, no-store"


def test_the_admin_s_nonced_parts_carry_the_policy_s_nonce(world, client):
    client.force_login(world.users["admin"])
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.fixture
def passwords(settings):
    """Users with a password (hashed cheaply) to log in through the form."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def set_password(user, password="the-right-pass-42"):
        user.set_password(password)
        user.save()
        return password

    return set_password


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


LOCKED = "Đăng nhập sai quá nhiều lần: tài khoản “monitor” bị tạm khóa 15 phút."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_five_wrong_passwords_lock_the_user_name_for_fifteen_minutes(world, client, passwords, caplog):
    password = passwords(world.users["monitor"])
    caplog.set_level(logging.WARNING, logger="pcitrack.security")
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            response = log_in(client, "monitor", "wrong-guess")
            assert response.status_code == 200 and WRONG in response.content.decode()
        fifth = log_in(client, "monitor", "wrong-guess")
        assert fifth.status_code == 429 and LOCKED in fifth.content.decode()

    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        refused = log_in(client, "monitor", password)  # the right password, too early
        html = refused.content.decode()
        assert refused.status_code == 429 and LOCKED in html and "Vui lòng thử lại lúc 09:15" in html
        assert not signed_in(client)
        # Locking is by user name: a colleague behind the same office address still logs in.
        colleague = world.users["leader"]
        assert log_in(client, "leader", passwords(colleague)).status_code == 302 and signed_in(client)
        client.logout()

    with time_machine.travel(START + timedelta(minutes=15, seconds=1), tick=False):
        assert log_in(client, "monitor", password).status_code == 302 and signed_in(client)

    failed = AuditEvent.objects.filter(action="login.failed", after__username="monitor")
    assert failed.count() == 6
    assert failed.filter(after__while_locked=True).count() == 1
    assert {e.after["ip"] for e in failed} == {"10.0.0.7"}
    locked = AuditEvent.objects.get(action="login.locked")
    assert (locked.object_id, locked.after["failures"]) == (str(world.users["monitor"].pk), 5)
    assert locked.after["until"] == "2026-03-02T09:15:00+07:00"
    assert AuditEvent.objects.filter(action="login", actor=world.users["monitor"]).count() == 1
    logged = caplog.text
    assert "Failed log-in for 'monitor' from 10.0.0.7" in logged
    assert "User name 'monitor' locked after 5 failed log-ins" in logged


def test_log_ins_and_log_outs_are_audited_with_name_and_address(world, client, passwords):
    password = passwords(world.users["staff"])
    assert log_in(client, "staff_a", password).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.7")
    assert log_in(client, "no-such-person", "guess").status_code == 200
    events = AuditEvent.objects.filter(action__in=["login", "logout", "login.failed"]).order_by("id")
    rows = [(e.action, e.actor, e.object_id, e.summary, e.after["ip"]) for e in events]
    staff = world.users["staff"]
    assert rows == [
        ("login", staff, str(staff.pk), "staff_a · 10.0.0.7", "10.0.0.7"),
        ("logout", staff, str(staff.pk), "staff_a · 10.0.0.7", "10.0.0.7"),
        ("login.failed", None, "", "no-such-person · 10.0.0.7", "10.0.0.7"),
    ]
