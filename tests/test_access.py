"""Every URL as every persona. A new URL without a row here fails test_every_url_is_covered."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = ["anonymous", "outsider", "staff", "head", "staff_b", "monitor", "leader", "admin"]
MEMBERS = ["staff", "head", "staff_b", "monitor", "leader", "admin"]

LOGIN = "login"  # a redirect to the login page


def everyone(status):
    return {p: status for p in PERSONAS}


def members_only(status=200):
    return {"anonymous": LOGIN, "outsider": 403, **{p: status for p in MEMBERS}}


# url name -> (reverse args from the world, {persona: expected status})
TABLE = {
    "home": (lambda w: [], members_only(302)),
    "healthz": (lambda w: [], everyone(200)),
    "login": (lambda w: [], {"anonymous": 200, **{p: 302 for p in PERSONAS if p != "anonymous"}}),
    "logout": (lambda w: [], everyone(405)),  # GET; logging out is a POST
    "set_language": (lambda w: [], everyone(302)),
    "plan_list": (lambda w: [], members_only()),
    "plan_detail": (lambda w: [w.plan.pk], members_only()),
    "plan_indicators": (lambda w: [w.plan.pk], members_only()),
    "plan_tasks": (lambda w: [w.plan.pk], members_only()),
    "unit_list": (lambda w: [], members_only()),
    "plan_scorecard": (lambda w: [w.plan.pk], members_only()),
    "plan_periods": (lambda w: [w.plan.pk], members_only()),
    "period_edit": (lambda w: [w.plan.pk, w.period().pk], {**members_only(403), "monitor": 200, "admin": 200}),
    "plan_follow_up": (lambda w: [w.plan.pk], {**members_only(403), "monitor": 200, "leader": 200, "admin": 200}),
    "task_detail": (lambda w: [w.plan.pk, w.plan.tasks.get(ref="III.3").pk], members_only()),
    "my_reports": (lambda w: [], members_only()),
    "plan_priorities": (lambda w: [w.plan.pk], members_only()),
    "pci_overview": (lambda w: [], members_only()),
    "pci_province": (lambda w: [w.province().pk], members_only()),
    "pci_what_if": (lambda w: [w.province().pk], members_only()),
    "official_report_start": (lambda w: [w.plan.pk], everyone(405)),  # GET; building is a POST
    "official_report": (lambda w: [w.job().pk], {**members_only(403), "monitor": 200, "leader": 200, "admin": 200}),
    "official_report_download": (
        lambda w: [w.job().pk],
        {**members_only(403), "monitor": 200, "leader": 200, "admin": 200},
    ),
    "report_start": (lambda w: [w.period().pk, w.unit_a.pk], everyone(405)),  # GET; starting is a POST
    "report_detail": (lambda w: [w.report().pk], {**members_only(), "staff_b": 404}),
    "report_submit": (lambda w: [w.report().pk], everyone(405)),
    "report_review": (lambda w: [w.report().pk], everyone(405)),
    "evidence_upload": (lambda w: [w.report().pk, w.report().task_entries.first().pk], everyone(405)),
    "evidence_download": (lambda w: [w.report().pk, w.evidence().pk], {**members_only(), "staff_b": 404}),
    "observations_import": (lambda w: [w.plan.pk], {**members_only(403), "monitor": 200, "admin": 200}),
    "observations_import_preview": (
        lambda w: [w.plan.pk, w.staged_values()],
        {**members_only(403), "monitor": 200, "admin": 404},
    ),
    "indicator_detail": (lambda w: [w.plan.pk, 2], members_only()),
    # Indicator 2 is led by Phòng Nội chính (staff, head): they and the monitor may change its values.
    "observation_edit": (
        lambda w: [w.plan.pk, 2, w.observation(2).pk],
        {**members_only(403), "staff": 200, "head": 200, "monitor": 200, "admin": 200},
    ),
    "observation_delete": (lambda w: [w.plan.pk, 2, w.observation(2).pk], everyone(405)),  # GET; see the POST test
    "plan_import": (lambda w: [], {**members_only(403), "monitor": 200, "admin": 200}),
    # The preview of an upload is its uploader's (the monitor's): another importer gets 404.
    "plan_import_preview": (lambda w: [w.staged_upload()], {**members_only(403), "monitor": 200, "admin": 404}),
    "unit_detail": (
        lambda w: [w.unit_a.pk],
        {
            "anonymous": LOGIN,
            "outsider": 403,
            "staff": 200,
            "head": 200,
            "staff_b": 404,
            "monitor": 200,
            "leader": 200,
            "admin": 200,
        },
    ),
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


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_as_persona(client, world, name, persona):
    args_of, expected = TABLE[name]
    login_as(client, world, persona)
    response = client.get(reverse(name, args=args_of(world)))
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == want


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


WRITERS = {
    "anonymous": LOGIN,
    "outsider": 403,
    "staff": 302,
    "head": 302,
    "staff_b": 403,
    "monitor": 302,
    "leader": 403,
    "admin": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_changing_values_as_persona(client, world, persona):
    """Posting a new value, a change and a deletion for indicator 2 (led by the staff's unit)."""
    login_as(client, world, persona)
    obs = world.observation(2, year=2016, value=40)
    cases = [
        ("indicator_detail", [world.plan.pk, 2], {"year": 2020, "period": "Y1", "source": "survey", "value": "55,5"}),
        (
            "observation_edit",
            [world.plan.pk, 2, obs.pk],
            {"year": 2016, "period": "Y1", "source": "pci", "value": "41"},
        ),
        ("observation_delete", [world.plan.pk, 2, obs.pk], {"reason": "nhập nhầm"}),
    ]
    for name, args, data in cases:
        response = client.post(reverse(name, args=args), data)
        want = WRITERS[persona]
        if want == LOGIN:
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
        else:
            assert response.status_code == want, name
    from pcitrack.monitoring.models import Observation

    left = set(Observation.objects.values_list("year", "value"))
    if WRITERS[persona] == 302:
        assert {y for y, _ in left} == {2020}  # added 2020, changed then deleted 2016
    else:
        assert left == {(2016, 40)}
