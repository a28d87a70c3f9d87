"""Every URL as every persona. A new URL without a row here fails test_every_url_is_covered."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# monitor_b, leader_b and staff_ob work in another office (another province's Văn phòng UBND).
OTHERS = ["monitor_b", "leader_b", "staff_ob"]
PERSONAS = ["anonymous", "outsider", "staff", "head", "staff_b", "monitor", "leader", "admin", *OTHERS]
MEMBERS = ["staff", "head", "staff_b", "monitor", "leader", "admin", *OTHERS]

LOGIN = "login"  # a redirect to the login page


def everyone(status):
    return {p: status for p in PERSONAS}


def members_only(status=200):
    return {"anonymous": LOGIN, "outsider": 403, **{p: status for p in MEMBERS}}


def office_a(expected, others=404):
    """An object of the first office: people of the other office get 404 (or `others` where their role
    is refused before the object is looked up)."""
    return {**expected, **dict.fromkeys(OTHERS, others)}


def signed_in(status=200):
    """Every signed-in person, a member or not: their own account."""
    return {**everyone(status), "anonymous": LOGIN}


def readers(status=200, others=404):
    """Monitors and leaders of the office (and administrators); other members are refused."""
    return {**members_only(403), "monitor": status, "leader": status, "admin": status,
            "monitor_b": others, "leader_b": others}  # fmt: skip


# url name -> (reverse args from the world, {persona: expected status})
TABLE = {
    "home": (lambda w: [], members_only()),
    # The plan at a glance: leaders and monitors (each their own office's most recent plan); unit staff 403.
    "dashboard": (lambda w: [], {**readers(), "monitor_b": 200, "leader_b": 200}),
    "healthz": (lambda w: [], everyone(200)),
    "login": (lambda w: [], {"anonymous": 200, **{p: 302 for p in PERSONAS if p != "anonymous"}}),
    "logout": (lambda w: [], everyone(405)),  # GET; logging out is a POST
    "set_language": (lambda w: [], everyone(302)),
    "plan_list": (lambda w: [], members_only()),
    "plan_detail": (lambda w: [w.plan.pk], office_a(members_only())),
    "plan_indicators": (lambda w: [w.plan.pk], office_a(members_only())),
    "plan_tasks": (lambda w: [w.plan.pk], office_a(members_only())),
    "unit_list": (lambda w: [], members_only()),
    "plan_scorecard": (lambda w: [w.plan.pk], office_a(members_only())),
    "plan_scorecard_xlsx": (lambda w: [w.plan.pk], office_a(members_only())),
    "plan_periods": (lambda w: [w.plan.pk], office_a(members_only())),
    "period_edit": (
        lambda w: [w.plan.pk, w.period().pk],
        office_a({**members_only(403), "monitor": 200, "admin": 200}),
    ),
    "plan_follow_up": (lambda w: [w.plan.pk], office_a(readers())),
    "plan_follow_up_xlsx": (lambda w: [w.plan.pk], office_a(readers())),
    "task_detail": (lambda w: [w.plan.pk, w.plan.tasks.get(ref="III.3").pk], office_a(members_only())),
    "my_reports": (lambda w: [], members_only()),
    "plan_priorities": (lambda w: [w.plan.pk], office_a(members_only())),
    "pci_overview": (lambda w: [], members_only()),
    # VCCI's results are public data: every member reads every province.
    "pci_province": (lambda w: [w.province().pk], members_only()),
    "pci_what_if": (lambda w: [w.province().pk], members_only()),
    # VCCI's results are national: every office's monitors import them; a staged file is its uploader's only.
    "pci_import": (lambda w: [], {**members_only(403), "monitor": 200, "admin": 200, "monitor_b": 200}),
    "pci_import_preview": (
        lambda w: [w.staged_release()],
        {**members_only(403), "monitor": 200, "admin": 404, "monitor_b": 404},
    ),
    # Public holidays are the country's: every member reads them, every office's monitors keep them.
    "holidays": (lambda w: [], members_only()),
    "holiday_edit": (lambda w: [w.holiday().pk], {**members_only(403), "monitor": 200, "admin": 200, "monitor_b": 200}),
    "holiday_delete": (lambda w: [w.holiday().pk], everyone(405)),  # GET; removing is a POST
    "official_report_start": (lambda w: [w.plan.pk], everyone(405)),  # GET; building is a POST
    # How the office's reports are numbered and signed: its monitors set it up; another office's people get 404.
    "office_report_settings": (lambda w: [w.office.pk], office_a({**members_only(403), "monitor": 200, "admin": 200})),
    "official_report": (lambda w: [w.job().pk], office_a(readers(), others=404) | {"staff_ob": 403}),
    "official_report_download": (lambda w: [w.job().pk], office_a(readers(), others=404) | {"staff_ob": 403}),
    "report_start": (lambda w: [w.period().pk, w.unit_a.pk], everyone(405)),  # GET; starting is a POST
    "report_detail": (lambda w: [w.report().pk], office_a({**members_only(), "staff_b": 404})),
    "report_submit": (lambda w: [w.report().pk], everyone(405)),
    "report_review": (lambda w: [w.report().pk], everyone(405)),
    "evidence_upload": (lambda w: [w.report().pk, w.report().task_entries.first().pk], everyone(405)),
    "evidence_download": (lambda w: [w.report().pk, w.evidence().pk], office_a({**members_only(), "staff_b": 404})),
    "evidence_delete": (lambda w: [w.report().pk, w.evidence().pk], everyone(405)),  # GET; removing is a POST
    "observations_import": (lambda w: [w.plan.pk], office_a({**members_only(403), "monitor": 200, "admin": 200})),
    "observations_import_preview": (
        lambda w: [w.plan.pk, w.staged_values()],
        office_a({**members_only(403), "monitor": 200, "admin": 404}),
    ),
    "indicator_detail": (lambda w: [w.plan.pk, 2], office_a(members_only())),
    # Indicator 2 is led by Phòng Nội chính (staff, head): they and the monitor may change the values
    # their side entered; an official VCCI value only the monitor (see test_monitoring).
    "observation_edit": (
        lambda w: [w.plan.pk, 2, w.own_value(2).pk],
        office_a({**members_only(403), "staff": 200, "head": 200, "monitor": 200, "admin": 200}),
    ),
    "observation_delete": (lambda w: [w.plan.pk, 2, w.own_value(2).pk], everyone(405)),  # GET; see the POST test
    "observation_accept": (lambda w: [w.plan.pk, 2, w.pending_value(2).pk], everyone(405)),  # GET; see the POST test
    "indicator_range": (lambda w: [w.plan.pk, 2], everyone(405)),  # GET; see the POST test
    # monitor_b imports for its own office: the import page is open to every office's monitor.
    "plan_import": (lambda w: [], {**members_only(403), "monitor": 200, "admin": 200, "monitor_b": 200}),
    # The preview of an upload is its uploader's (the monitor's): another importer gets 404.
    "plan_import_preview": (
        lambda w: [w.staged_upload()],
        {**members_only(403), "monitor": 200, "admin": 404, "monitor_b": 404},
    ),
    "unit_detail": (
        lambda w: [w.unit_a.pk],
        office_a({**members_only(), "staff_b": 404}),
    ),
    # The plan chooser's form: without a plan it leads to the list of plans (see test_plans_several).
    "plan_choose": (lambda w: [], members_only(302)),
    # Archiving a plan: its office's monitors (and administrators); restoring is a POST.
    "plan_archive": (lambda w: [w.plan.pk], office_a({**members_only(403), "monitor": 200, "admin": 200})),
    "plan_restore": (lambda w: [w.plan.pk], everyone(405)),
    "account": (lambda w: [], signed_in()),
    "password_change": (lambda w: [], signed_in()),
    "password_change_done": (lambda w: [], signed_in()),
    "password_reset": (lambda w: [], everyone(200)),
    "password_reset_done": (lambda w: [], everyone(200)),
    # A link that is not valid (a wrong token) gives the page that says so.
    "password_reset_confirm": (lambda w: ["MTAwMDAwMg", "wrong-token"], everyone(200)),
    "password_reset_complete": (lambda w: [], everyone(200)),
    "notification_list": (lambda w: [], members_only()),
    "notification_open": (lambda w: [w.notification().pk], everyone(405)),  # GET; opening is a POST
    "notifications_read_all": (lambda w: [], everyone(405)),
    # Finding things: every member searches, and finds only what they may open (see test_search).
    "search": (lambda w: [], members_only()),
}


def named_urls(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue  # walked model by model in test_admin_is_for_administrators_only
            yield from named_urls(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_url_is_covered():
    assert set(named_urls()) == set(TABLE)


def login_as(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])


def pages_as(world, name: str, personas) -> tuple[str, list[tuple[str, str]]]:
    """The URL of a table row, and the HTML page each of the personas whose row says 200 gets from it."""
    args_of, expected = TABLE[name]
    url = reverse(name, args=args_of(world))
    pages = []
    for persona in personas:
        if expected.get(persona) != 200:
            continue
        client = Client()
        client.force_login(world.users[persona])
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            pages.append((persona, response.content.decode()))
    return url, pages


# An id, a version or a key written "1.000.001" in an attribute a form or a script reads back.
LOCALIZED_NUMBER = re.compile(r'(?:\bname|\bid|\bfor|href|action|data-[\w-]+)="[^"]*\d\.\d{3}\b[^"]*"')
HIDDEN_VALUE = re.compile(r'<input[^>]*type="hidden"[^>]*value="[^"]*\d\.\d{3}\b')


def localized_ids(html: str) -> list[str]:
    return LOCALIZED_NUMBER.findall(html) + HIDDEN_VALUE.findall(html)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_as_every_persona(world, name):
    """Each persona GETs the URL in a session of its own; every mismatch is reported at once."""
    args_of, expected = TABLE[name]
    url = reverse(name, args=args_of(world))
    wrong = []
    for persona in PERSONAS:
        client = Client()
        login_as(client, world, persona)
        response = client.get(url)
        want = expected[persona]
        if want == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
        else:
            ok = response.status_code == want
        if not ok:
            wrong.append(f"{persona}: {response.status_code}, expected {want}")
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found = localized_ids(response.content.decode())
            if found:
                wrong.append(f"{persona}: localized numbers in attributes {found[:3]}")
    assert not wrong, f"{url}: " + "; ".join(wrong)


def test_a_localized_id_in_an_attribute_is_caught():
    assert localized_ids('<textarea name="task_1.000.009_narrative">')
    assert localized_ids('<input type="hidden" name="version" value="1.000">')
    assert not localized_ids('<input name="task_1000009_narrative" value="1.234,5">')


@pytest.mark.parametrize("persona", OTHERS)
def test_lists_show_another_office_nothing_of_this_one(client, world, persona):
    login_as(client, world, persona)
    mine = [reverse("plan_detail", args=[world.plan.pk]), reverse("unit_detail", args=[world.unit_a.pk]),
            reverse("unit_detail", args=[world.unit_b.pk])]  # fmt: skip
    theirs = reverse("plan_detail", args=[world.other_plan.pk])
    pages = [client.get(reverse(name)).content.decode() for name in ("plan_list", "unit_list", "my_reports")]
    assert not [url for url in mine for page in pages if url in page]
    assert theirs in pages[0]
    home = client.get(reverse("home")).content.decode()
    assert theirs in home and not [url for url in mine if url in home]


@pytest.mark.parametrize("persona", PERSONAS)
def test_missing_objects_are_404_for_members(client, world, persona):
    login_as(client, world, persona)
    for name in ["plan_detail", "plan_indicators", "plan_tasks", "unit_detail"]:
        response = client.get(reverse(name, args=[999999]))
        expected = {"anonymous": 302, "outsider": 403}.get(persona, 404)
        assert response.status_code == expected, name


def admin_urls():
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_administrators_only(client, world, persona):
    login_as(client, world, persona)
    for url in admin_urls():
        response = client.get(url)
        if persona == "admin":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert "/admin/login/" in response["Location"]


def test_unit_staff_see_only_their_own_unit_in_the_list(client, world):
    client.force_login(world.users["staff"])
    page = client.get(reverse("unit_list")).content.decode()
    assert "Phòng Nội chính" in page
    assert "Phòng Tài chính - Thương mại" not in page


def test_logging_out_is_a_post_that_ends_the_session(client, world):
    client.force_login(world.users["monitor"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("plan_list")).status_code == 302


def test_an_address_only_a_button_sends_to_answers_a_page_that_says_so(client, world):
    client.force_login(world.users["head"])
    response = client.get(reverse("report_submit", args=[world.report().pk]))
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert "Hãy mở từ nút bấm trên trang" in response.content.decode()
