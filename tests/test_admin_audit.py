"""Changes made in /admin/ are audited like every other change, or the model is read-only there."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from pcitrack.audit.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from pcitrack.audit.models import AuditEvent
from pcitrack.org.models import Membership, UnitAlias
from pcitrack.reporting.models import Holiday


def test_every_admin_is_audited_or_read_only():
    loose = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, (AuditedAdmin, ReadOnlyAdmin))
        or (
            isinstance(model_admin, ReadOnlyAdmin)
            and not all(issubclass(i, ReadOnlyInline) for i in model_admin.inlines)
        )
    ]
    assert loose == []


def form_data(response) -> dict:
    """What the admin's change form would send back unchanged: the main form and every inline."""
    data = {}

    def put(form, name):
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            return
        data[key] = "on" if value is True else [str(v) for v in value] if isinstance(value, list | tuple) else value

    form = response.context["adminform"].form
    for name in form.fields:
        put(form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            put(formset.management_form, name)
        for each in formset.forms:
            for name in each.fields:
                put(each, name)
    return data


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users["admin"])
    return client


def test_a_unit_changed_in_the_admin_is_audited_with_before_and_after(world, admin_client):
    unit = world.unit_a
    url = reverse("admin:org_unit_change", args=[unit.pk])
    data = form_data(admin_client.get(url))
    data.update({"name": "Phòng Nội chính - Pháp chế", "short_name": "PNC-PC"})
    data.update({"aliases-TOTAL_FORMS": "1", "aliases-0-name": "P. Nội chính", "aliases-0-unit": str(unit.pk)})
    response = admin_client.post(url, data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Phòng Nội chính - Pháp chế"
    event = AuditEvent.objects.get(action="admin.change", object_type="org.unit", object_id=str(unit.pk))
    assert event.actor == world.users["admin"]
    assert (event.before["name"], event.after["name"]) == ("Phòng Nội chính", "Phòng Nội chính - Pháp chế")
    assert (event.before["short_name"], event.after["short_name"]) == ("", "PNC-PC")
    assert "name" in event.summary and "short_name" in event.summary
    alias = UnitAlias.objects.get(unit=unit)
    added = AuditEvent.objects.get(action="admin.add", object_type="org.unitalias")
    assert added.object_id == str(alias.pk) and added.before is None and added.after["name"] == "P. Nội chính"


def test_an_unchanged_save_in_the_admin_records_nothing(world, admin_client):
    url = reverse("admin:org_unit_change", args=[world.unit_b.pk])
    assert admin_client.post(url, form_data(admin_client.get(url))).status_code == 302
    assert not AuditEvent.objects.filter(action__startswith="admin.").exists()


def test_role_grants_in_the_admin_go_through_the_service_and_are_audited(world, admin_client):
    membership = Membership.objects.get(user=world.users["staff"], role="staff")
    url = reverse("admin:org_membership_change", args=[membership.pk])
    data = {**form_data(admin_client.get(url)), "role": "head"}
    assert admin_client.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "head"
    event = AuditEvent.objects.get(action="role.change")
    assert (event.before["role"], event.after["role"], event.actor) == ("staff", "head", world.users["admin"])
    assert event.object_id == str(membership.pk) and event.after["username"] == "staff_a"

    add = reverse("admin:org_membership_add")
    data = {"user": world.users["outsider"].pk, "unit": world.unit_b.pk, "role": "staff"}
    assert admin_client.post(add, data).status_code == 302
    granted = Membership.objects.get(user=world.users["outsider"])
    assert AuditEvent.objects.get(action="role.grant").after == {
        "user": world.users["outsider"].pk, "username": "outsider", "unit": world.unit_b.pk,
        "unit_name": world.unit_b.name, "role": "staff",
    }  # fmt: skip

    delete = reverse("admin:org_membership_delete", args=[granted.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=granted.pk).exists()
    revoked = AuditEvent.objects.get(action="role.revoke")
    assert (revoked.object_id, revoked.before["role"], revoked.after) == (str(granted.pk), "staff", None)


def test_holidays_added_and_deleted_in_the_admin_are_audited(world, admin_client):
    data = {"date": "2030-09-02", "name": "Quốc khánh"}
    assert admin_client.post(reverse("admin:reporting_holiday_add"), data).status_code == 302
    holiday = Holiday.objects.get(date="2030-09-02")
    assert AuditEvent.objects.get(action="admin.add").after["name"] == "Quốc khánh"
    changelist = reverse("admin:reporting_holiday_changelist")
    data = {"action": "delete_selected", "_selected_action": [holiday.pk], "post": "yes"}
    assert admin_client.post(changelist, data).status_code == 302
    assert not Holiday.objects.filter(date="2030-09-02").exists()
    deleted = AuditEvent.objects.get(action="admin.delete")
    assert (deleted.object_id, deleted.before["date"], deleted.after) == (str(holiday.pk), "2030-09-02", None)


def test_a_password_set_in_the_admin_is_audited_without_the_password(world, admin_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff = world.users["staff"]
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    data = {"password1": "a-new-pass-9876", "password2": "a-new-pass-9876"}
    assert admin_client.post(url, data).status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("a-new-pass-9876")
    event = AuditEvent.objects.get(action="admin.password")
    assert event.object_id == str(staff.pk) and event.actor == world.users["admin"]
    assert "a-new-pass" not in str(event.before) + str(event.after) + event.summary


def test_observations_cannot_be_changed_in_the_admin(world, admin_client):
    obs = world.observation(2, 2016, 40)
    url = reverse("admin:monitoring_observation_change", args=[obs.pk])
    assert admin_client.get(url).status_code == 200  # shown
    data = {"year": 2016, "period_type": "Y", "period_no": 1, "source": "pci", "value": "99"}
    assert admin_client.post(url, data).status_code == 403
    assert (
        admin_client.post(reverse("admin:monitoring_observation_delete", args=[obs.pk]), {"post": "yes"}).status_code
        == 403
    )
    obs.refresh_from_db()
    assert obs.value == Decimal("40")
    assert not AuditEvent.objects.filter(object_type="monitoring.observation").exists()


def test_unit_reports_are_read_only_in_the_admin(world, admin_client):
    report = world.report()
    url = reverse("admin:reporting_unitreport_change", args=[report.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"status": "approved"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "draft"
