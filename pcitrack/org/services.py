"""Role grants: who holds which role in which unit. Each change is one transaction with its audit event."""

from __future__ import annotations

from django.db import transaction

from pcitrack.audit.services import record
from pcitrack.core.document import gettext_noop
from pcitrack.core.errors import PcitrackError

from .models import Membership


def snapshot(membership: Membership) -> dict:
    return {
        "user": membership.user_id,
        "username": membership.user.get_username(),
        "unit": membership.unit_id,
        "unit_name": membership.unit.name,
        "role": membership.role,
    }


def _check(user, unit, role, *, exclude=None) -> None:
    if role not in Membership.Role.values:
        raise PcitrackError(gettext_noop("“{role}” is not a role."), role=role)
    same = Membership.objects.filter(user=user, unit=unit, role=role).exclude(pk=exclude)
    if exclude is not None and same.exists():
        raise PcitrackError(gettext_noop("This person already has this role in this unit."))


@transaction.atomic
def grant_role(user, unit, role, *, by=None, reason: str = "") -> Membership:
    """Give a user a role in a unit; granting a role the user already holds changes nothing."""
    _check(user, unit, role)
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        record("role.grant", membership, actor=by, summary=str(membership), after=snapshot(membership), reason=reason)
    return membership


@transaction.atomic
def change_role(membership: Membership, *, user, unit, role, by=None, reason: str = "") -> Membership:
    """Move a grant to another user, unit or role (the admin's change form)."""
    stored = Membership.objects.select_for_update().select_related("user", "unit").get(pk=membership.pk)
    _check(user, unit, role, exclude=stored.pk)
    before = snapshot(stored)
    stored.user, stored.unit, stored.role = user, unit, role
    after = snapshot(stored)
    if after != before:
        stored.save()
        record("role.change", stored, actor=by, summary=str(stored), before=before, after=after, reason=reason)
    return stored


@transaction.atomic
def revoke_role(membership: Membership, *, by=None, reason: str = "") -> None:
    record("role.revoke", membership, actor=by, summary=str(membership), before=snapshot(membership), reason=reason)
    membership.delete()
