"""Security of the site as a browser sees it: headers, caching, login throttling, audit of logins and admin."""

import re
from pathlib import Path

from django.urls import reverse

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
