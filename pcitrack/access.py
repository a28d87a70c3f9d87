"""Who may see and change what. Every view asks here; nothing else decides.

Roles come from memberships and hold in one office (the root unit the membership's unit belongs
to): unit staff and unit heads see their own unit's pages; monitors follow every unit of their
office and import its plans; leaders read everything in their office; administrators
(superusers) may do anything. A signed-in user without a membership ("outsider") sees nothing.
Objects are always fetched through the user's scope — office first, then unit — so another
office's or unit's object is a 404, and a page the role may not use is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from pcitrack.org.models import Membership, Unit
from pcitrack.plans.models import Plan

Role = Membership.Role
READERS = frozenset({Role.MONITOR, Role.LEADER})


@dataclass(frozen=True)
class Scope:
    """What a user's memberships open: the roles held in each office, and the units worked in."""

    admin: bool
    roles: dict[int, frozenset[str]]  # office id -> roles held there
    units: frozenset[int]  # the units whose staff or head the user is
    unit_roles: frozenset[tuple[int, str]] = frozenset()  # (unit, role) of every staff or head membership

    def offices_with(self, wanted: frozenset[str]) -> set[int]:
        return {office for office, held in self.roles.items() if held & wanted}


def _office_id(unit: Unit) -> int:
    while unit.parent_id is not None:
        unit = unit.parent
    return unit.pk


def scope(user) -> Scope:
    if not user.is_authenticated:
        return Scope(False, {}, frozenset())
    cached = getattr(user, "_pcitrack_scope", None)
    if cached is None:
        memberships = list(user.memberships.select_related("unit__parent"))
        roles: dict[int, set[str]] = {}
        for m in memberships:
            roles.setdefault(_office_id(m.unit), set()).add(m.role)
        units = frozenset(m.unit_id for m in memberships if m.role in (Role.STAFF, Role.HEAD))
        unit_roles = frozenset((m.unit_id, m.role) for m in memberships if m.role in (Role.STAFF, Role.HEAD))
        cached = Scope(user.is_superuser, {o: frozenset(r) for o, r in roles.items()}, units, unit_roles)
        user._pcitrack_scope = cached
    return cached


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_superuser


def is_member(user) -> bool:
    return is_admin(user) or bool(scope(user).roles)


def office_ids(user) -> set[int] | None:
    """The offices whose pages the user may open; None for an administrator (every office)."""
    return None if is_admin(user) else set(scope(user).roles)


def _in_offices(user, field: str) -> Q:
    offices = office_ids(user)
    return Q() if offices is None else Q(**{f"{field}__in": offices})


def is_monitor(user, office_id: int | None = None) -> bool:
    """A monitor of this office (of some office when none is given), or an administrator."""
    if is_admin(user):
        return True
    offices = scope(user).offices_with(frozenset({Role.MONITOR}))
    return office_id in offices if office_id is not None else bool(offices)


def reads_everything(user, office_id: int | None = None) -> bool:
    """A monitor or leader of this office (of some office when none is given), or an administrator."""
    if is_admin(user):
        return True
    offices = scope(user).offices_with(READERS)
    return office_id in offices if office_id is not None else bool(offices)


def own_unit_ids(user) -> set[int]:
    return set(scope(user).units)


def unit_ids_as(user, role: str) -> set[int]:
    """The units where the user holds this role: STAFF (writes the unit's reports) or HEAD (submits them)."""
    return {unit for unit, held in scope(user).unit_roles if held == role}


def monitored_office_ids(user) -> set[int] | None:
    """The offices whose reports the user reviews and whose values they accept; None for an administrator (all)."""
    return None if is_admin(user) else scope(user).offices_with(frozenset({Role.MONITOR}))


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
    if not is_member(user):
        return Plan.objects.none()
    return Plan.objects.filter(_in_offices(user, "office_id"))


def get_plan(user, pk: int) -> Plan:
    return get_object_or_404(plans_for(user).select_related("office", "monitoring_unit"), pk=pk)


def can_open_dashboard(user) -> bool:
    """The leadership's overview of a plan: leaders, and monitors and administrators who follow the same plans."""
    return reads_everything(user)


def dashboard_plans(user) -> QuerySet[Plan]:
    """The plans whose overview the user may open: those of the offices they read (every plan for an administrator),
    the most recent first; archived plans are opened by their number only."""
    plans = active_plans_for(user)
    return plans if is_admin(user) else plans.filter(office_id__in=scope(user).offices_with(READERS))


def get_dashboard_plan(user, pk: int) -> Plan:
    """A plan's overview: another office's plan is a 404, a plan of an office the user only works in a 403."""
    plan = get_plan(user, pk)
    if not reads_everything(user, plan.office_id):
        raise PermissionDenied
    return plan


def active_plans_for(user) -> QuerySet[Plan]:
    """The user's plans in current work: not archived."""
    return plans_for(user).filter(archived_at__isnull=True)


def can_archive_plan(user, plan) -> bool:
    """Archiving a plan, and bringing it back: the monitors of its office (and administrators)."""
    return is_monitor(user, plan.office_id)


def get_plan_to_archive(user, pk: int) -> Plan:
    """A plan the user archives or restores: another office's is a 404, another role's a 403."""
    plan = get_plan(user, pk)
    if not can_archive_plan(user, plan):
        raise PermissionDenied
    return plan


def units_for(user) -> QuerySet[Unit]:
    """Every unit of the offices the user reads, and the user's own units."""
    if is_admin(user):
        return Unit.objects.all()
    read = scope(user).offices_with(READERS)
    return Unit.objects.filter(Q(pk__in=read) | Q(parent_id__in=read) | Q(pk__in=own_unit_ids(user)))


def get_unit(user, pk: int) -> Unit:
    return get_object_or_404(units_for(user), pk=pk)


def can_import_plans(user) -> bool:
    return is_monitor(user)


def office_of(user) -> Unit | None:
    """The office the user imports plans for: where they monitor, else where they work."""
    if not user.is_authenticated:
        return None
    s = scope(user)
    monitored = sorted(s.offices_with(frozenset({Role.MONITOR})))
    chosen = monitored[0] if monitored else min(s.roles, default=None)
    return Unit.objects.filter(pk=chosen).first() if chosen is not None else None


def can_edit_observations(user, target) -> bool:
    """Monitors of the plan's office for every indicator; unit staff and heads for their unit's."""
    if is_monitor(user, target.plan.office_id):
        return True
    mine = own_unit_ids(user)
    return bool(mine) and target.assignments.filter(unit_id__in=mine).exists()


def is_protected_value(obs) -> bool:
    """An official VCCI value, or one that an approved report brought in: only a monitor changes it."""
    from pcitrack.monitoring.models import Observation

    return obs.source == Observation.Source.PCI or obs.report_id is not None


def can_change_observation(user, target, obs, *, can_edit: bool | None = None) -> bool:
    """can_edit: can_edit_observations(user, target) when the caller already knows it (a page of many values)."""
    if is_monitor(user, target.plan.office_id):
        return True
    if can_edit is None:
        can_edit = can_edit_observations(user, target)
    return can_edit and not is_protected_value(obs)


def can_accept_observations(user, target) -> bool:
    """Only the office's monitors accept a value a unit typed, and declare an indicator's valid range."""
    return is_monitor(user, target.plan.office_id)


def get_observation_to_accept(user, target, pk: int):
    """A value of this target's indicator, if the user may accept it (accepting twice changes nothing)."""
    from pcitrack.monitoring.models import Observation

    if not can_accept_observations(user, target):
        raise PermissionDenied
    return get_object_or_404(Observation, pk=pk, indicator_id=target.indicator_id, office_id=target.plan.office_id)


def get_observation(user, target, pk: int):
    """An observation of this target's indicator and office, if the user may change it."""
    from pcitrack.monitoring.models import Observation

    if not can_edit_observations(user, target):
        raise PermissionDenied
    obs = get_object_or_404(Observation, pk=pk, indicator_id=target.indicator_id, office_id=target.plan.office_id)
    if not can_change_observation(user, target, obs):
        raise PermissionDenied
    return obs


def get_office_to_configure(user, pk: int) -> Unit:
    """An office whose official reports the user sets up: its monitors (and administrators) only."""
    office = get_object_or_404(Unit, pk=pk, parent=None)
    if not is_monitor(user, office.pk):
        if office.pk not in scope(user).roles and not is_admin(user):
            raise Http404
        raise PermissionDenied
    return office


def can_edit_holidays(user) -> bool:
    """Public holidays are the country's, one list for the deployment: every office's monitors keep it."""
    return is_monitor(user)


def get_holiday_to_edit(user, pk: int):
    from pcitrack.reporting.models import Holiday

    if not can_edit_holidays(user):
        raise PermissionDenied
    return get_object_or_404(Holiday, pk=pk)


def can_import_pci(user) -> bool:
    """VCCI's results are national, published data shared by every office: any office's monitors import them."""
    return is_monitor(user)


def reports_for(user):
    """The unit reports a user may see: their own units', and every report of the offices they read."""
    from pcitrack.reporting.models import UnitReport

    if is_admin(user):
        return UnitReport.objects.all()
    read = scope(user).offices_with(READERS)
    return UnitReport.objects.filter(Q(period__plan__office_id__in=read) | Q(unit_id__in=own_unit_ids(user)))


def get_report(user, pk: int):
    return get_object_or_404(reports_for(user).select_related("period__plan__office", "unit"), pk=pk)


def can_edit_report(user, report) -> bool:
    """Only the unit's own staff and head write its report, and only while it is a draft or returned."""
    return report.is_editable and report.unit_id in own_unit_ids(user)


def closed_to(user, report) -> bool:
    """The unit's own report that was submitted or approved since: its people are told so, not refused."""
    return not report.is_editable and report.unit_id in own_unit_ids(user)


def heads_unit(user, unit_id: int) -> bool:
    """The unit's head: the one who submits its reports."""
    return user.is_authenticated and user.memberships.filter(unit_id=unit_id, role=Role.HEAD).exists()


def can_submit_report(user, report) -> bool:
    return report.is_editable and heads_unit(user, report.unit_id)


def can_review_reports(user, office_id: int | None = None) -> bool:
    return is_monitor(user, office_id)


def can_start_report(user, unit) -> bool:
    return unit.pk in own_unit_ids(user)


def can_read_narrative(user, report) -> bool:
    """A unit's narrative is its own until approved; the office's monitors and leaders follow it from the start."""
    from pcitrack.reporting.models import UnitReport

    if report.unit_id in own_unit_ids(user) or reads_everything(user, report.period.plan.office_id):
        return True
    return report.status == UnitReport.Status.APPROVED


def can_read_evidence(user, report) -> bool:
    """Evidence files are opened through the report, so only those who may open the report see them."""
    return report.unit_id in own_unit_ids(user) or reads_everything(user, report.period.plan.office_id)


def can_remove_evidence(user, report) -> bool:
    """Evidence is removed by the unit's own staff and head, while the report can still be changed (as it is added)."""
    return can_edit_report(user, report)


def jobs_for(user):
    """The official reports built for the plans of the offices the user reads."""
    from pcitrack.reporting.models import GeneratedReport

    if is_admin(user):
        return GeneratedReport.objects.all()
    return GeneratedReport.objects.filter(plan__office_id__in=scope(user).offices_with(READERS))


def office_monitors(office_id: int):
    """The people who review an office's reports: its monitors, whichever of its units they sit in."""
    from django.contrib.auth import get_user_model

    in_office = Q(unit_id=office_id) | Q(unit__parent_id=office_id) | Q(unit__parent__parent_id=office_id)
    monitors = Membership.objects.filter(in_office, role=Role.MONITOR).values("user")
    return get_user_model().objects.filter(pk__in=monitors, is_active=True)


def unit_members(unit_id: int):
    """The people who write and submit a unit's reports: its staff and head."""
    from django.contrib.auth import get_user_model

    members = Membership.objects.filter(unit_id=unit_id, role__in=[Role.STAFF, Role.HEAD]).values("user")
    return get_user_model().objects.filter(pk__in=members, is_active=True)


def notifications_for(user):
    """A person's own notifications: no one reads another's."""
    from pcitrack.notifications.models import Notification

    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def get_notification(user, pk: int):
    return get_object_or_404(notifications_for(user), pk=pk)
