import logging
import secrets

from django.db import DatabaseError, connection
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pcitrack import access
from pcitrack.plans.models import PlanTarget, TargetUnit, Task
from pcitrack.reporting.deadlines import with_assignments, with_deadline_states
from pcitrack.reporting.official import latest_period_with_data
from pcitrack.reporting.services import report_settings

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitors: 200 "ok" when the database answers, else 503.

    The body is for machines and stays the same in every language; the cause goes to the log only.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("healthz: the database does not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@access.member_required
def plan_list(request):
    plans = access.plans_for(request.user).annotate(
        n_tasks=Count("tasks", distinct=True, filter=Q(tasks__retired_at=None)),
        n_targets=Count("targets", distinct=True, filter=Q(targets__retired_at=None)),
    )
    return render(request, "web/plan_list.html", {"plans": plans})


def _targets(plan):
    return (
        plan.targets.current()
        .select_related("indicator")
        .prefetch_related(Prefetch("assignments", queryset=TargetUnit.objects.select_related("unit")))
    )


@access.member_required
def plan_detail(request, pk):
    plan = access.get_plan(request.user, pk)
    warnings = plan.warning_messages(gettext)
    units = plan.office.children.all()
    visible = set(access.units_for(request.user).values_list("pk", flat=True))
    return render(
        request,
        "web/plan_detail.html",
        {
            "plan": plan,
            "citations": plan.citations.all(),
            "warnings": warnings,
            "units": [(u, u.pk in visible) for u in units],
            "n_tasks": plan.tasks.current().count(),
            "n_targets": plan.targets.current().count(),
            "targets": _targets(plan)[:5],
            "periods": plan.periods.order_by("-cutoff"),
            "default_period": latest_period_with_data(plan, timezone.localdate()),
            "request_key": secrets.token_urlsafe(24),
            "sets_up_reports": access.is_monitor(request.user, plan.office_id),
            "signer_missing": not report_settings(plan.office).signer_name.strip(),
        },
    )


@access.member_required
def plan_indicators(request, pk):
    plan = access.get_plan(request.user, pk)
    retired = plan.targets.retired().select_related("indicator")
    return render(request, "web/plan_indicators.html", {"plan": plan, "targets": _targets(plan), "retired": retired})


@access.member_required
def plan_tasks(request, pk):
    plan = access.get_plan(request.user, pk)
    tasks = with_assignments(plan.tasks.all())
    current = with_deadline_states(tasks.current(), timezone.localdate())
    return render(request, "web/plan_tasks.html", {"plan": plan, "tasks": current, "retired": tasks.retired()})


@access.member_required
def unit_list(request):
    units = access.units_for(request.user).filter(parent__isnull=False).select_related("parent")
    return render(request, "web/unit_list.html", {"units": units})


@access.member_required
def unit_detail(request, pk):
    unit = access.get_unit(request.user, pk)
    targets = (
        PlanTarget.objects.filter(assignments__unit=unit)
        .select_related("indicator", "plan")
        .annotate(role=Count("assignments", filter=Q(assignments__unit=unit, assignments__role="lead")))
        .order_by("plan", F("retired_at").asc(nulls_first=True), "no")
    )
    tasks = with_deadline_states(
        with_assignments(Task.objects.filter(assignments__unit=unit))
        .select_related("plan")
        .annotate(role=Count("assignments", filter=Q(assignments__unit=unit, assignments__role="lead")))
        .order_by("plan", F("retired_at").asc(nulls_first=True), "order"),
        timezone.localdate(),
    )
    group_targets = (
        PlanTarget.objects.current()
        .filter(plan__office=unit.parent_id, assignments__unit__isnull=True)
        .exclude(assignments__unit=unit)
        .select_related("indicator")
        .distinct()
        .order_by("plan", "no")
        if unit.parent_id
        else PlanTarget.objects.none()
    )
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "leads": [t for t in targets if t.role],
            "supports": [t for t in targets if not t.role],
            "lead_tasks": [t for t in tasks if t.role],
            "support_tasks": [t for t in tasks if not t.role],
            "group_targets": group_targets,
            "aliases": unit.aliases.all(),
            "plans": access.plans_for(request.user).filter(office_id=unit.parent_id),
        },
    )
