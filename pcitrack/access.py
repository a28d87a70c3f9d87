"""Who may see and change what. Every view asks here; nothing else decides.

Roles come from memberships: unit staff and unit heads see their own unit's pages;
monitors follow every unit and import plans; leaders read everything; administrators
(superusers) may do anything. A signed-in user without a membership ("outsider")
sees nothing. Objects are always fetched through the user's scope, so another unit's
object is a 404, and a page the role may not use is a 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pcitrack.org.models import Membership, Unit
from pcitrack.plans.models import Plan

Role = Membership.Role


def roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_pcitrack_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._pcitrack_roles = cached
    return cached


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_superuser


def is_member(user) -> bool:
    return is_admin(user) or bool(roles(user))


def is_monitor(user) -> bool:
    return is_admin(user) or Role.MONITOR in roles(user)


def reads_everything(user) -> bool:
    return is_admin(user) or bool(roles(user) & {Role.MONITOR, Role.LEADER})


def own_unit_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(user.memberships.filter(role__in=[Role.STAFF, Role.HEAD]).values_list("unit_id", flat=True))


def member_required(view):
    """Signed in (else the login page) and a member of some unit (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def plans_for(user) -> QuerySet[Plan]:
    return Plan.objects.all() if is_member(user) else Plan.objects.none()


def get_plan(user, pk: int) -> Plan:
    return get_object_or_404(plans_for(user).select_related("office", "monitoring_unit"), pk=pk)


def units_for(user) -> QuerySet[Unit]:
    if reads_everything(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=own_unit_ids(user))


def get_unit(user, pk: int) -> Unit:
    return get_object_or_404(units_for(user), pk=pk)


def can_import_plans(user) -> bool:
    return is_monitor(user)


def office_of(user) -> Unit | None:
    """The office (root unit) the user works in, if any."""
    membership = user.memberships.select_related("unit").first() if user.is_authenticated else None
    unit = membership.unit if membership else None
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
    return unit


def can_edit_observations(user, target) -> bool:
    """Monitors and administrators for every indicator; unit staff and heads for their unit's."""
    if is_monitor(user):
        return True
    mine = own_unit_ids(user)
    return bool(mine) and target.assignments.filter(unit_id__in=mine).exists()


def get_observation(user, target, pk: int):
    """An observation of this target's indicator and office, if the user may change it."""
    from pcitrack.monitoring.models import Observation

    if not can_edit_observations(user, target):
        raise PermissionDenied
    return get_object_or_404(Observation, pk=pk, indicator_id=target.indicator_id, office_id=target.plan.office_id)


def reports_for(user):
    """The unit reports a user may see: their own units', or all for monitors, leaders and admins."""
    from pcitrack.reporting.models import UnitReport

    if reads_everything(user):
        return UnitReport.objects.all()
    return UnitReport.objects.filter(unit_id__in=own_unit_ids(user))


def get_report(user, pk: int):
    return get_object_or_404(reports_for(user).select_related("period__plan__office", "unit"), pk=pk)


def can_edit_report(user, report) -> bool:
    """Only the unit's own staff and head write its report, and only while it is a draft or returned."""
    return report.is_editable and report.unit_id in own_unit_ids(user)


def can_submit_report(user, report) -> bool:
    return (
        report.is_editable
        and user.is_authenticated
        and user.memberships.filter(unit_id=report.unit_id, role=Role.HEAD).exists()
    )


def can_review_reports(user) -> bool:
    return is_monitor(user)


def can_start_report(user, unit) -> bool:
    return unit.pk in own_unit_ids(user)
