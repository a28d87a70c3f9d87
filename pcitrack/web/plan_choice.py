"""Which plan a person is working on, when an office runs several side by side (the 2024 plan and the 2025 plan).

The last plan whose pages a person opened is remembered in their session; the chooser in every plan's header
switches to the same tab of another plan, and pages outside a plan (the home page) open current_plan(request).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from pcitrack import access
from pcitrack.core.text import whole_number
from pcitrack.plans.models import Plan

SESSION_KEY = "pcitrack_plan"
PLAN_ROUTE = "plans/<int:pk>/"

# The tab of a plan each of its pages belongs to: the chooser opens that tab of the chosen plan.
TABS = {
    "plan_detail": "plan_detail",
    "plan_scorecard": "plan_scorecard",
    "plan_indicators": "plan_indicators",
    "indicator_detail": "plan_indicators",
    "observation_edit": "plan_indicators",
    "observations_import": "plan_scorecard",
    "observations_import_preview": "plan_scorecard",
    "plan_tasks": "plan_tasks",
    "task_detail": "plan_tasks",
    "plan_priorities": "plan_priorities",
    "plan_periods": "plan_periods",
    "period_edit": "plan_periods",
    "plan_follow_up": "plan_follow_up",
    "plan_archive": "plan_detail",
}


def choices(user) -> QuerySet[Plan]:
    """The plans a person may switch to: theirs, not archived, the newest first."""
    return access.active_plans_for(user).order_by(F("date").desc(nulls_last=True), "-imported_at", "-id")


def newest_first(items, plan_of=lambda item: item) -> list:
    """Plans (or things grouped by plan) with the plans in current work before the archived ones, each the newest
    first, as the chooser lists them."""
    return sorted(
        items,
        key=lambda item: (not plan_of(item).is_archived, plan_of(item).date or dt.date.min, plan_of(item).imported_at,
                          plan_of(item).pk),
        reverse=True,
    )  # fmt: skip


def remember(request, plan_id: int) -> None:
    if request.session.get(SESSION_KEY) != plan_id:
        request.session[SESSION_KEY] = plan_id


def current_plan(request) -> Plan | None:
    """The plan last opened, while the person still sees it and it is not archived; else their newest plan."""
    plans = choices(request.user)
    remembered = request.session.get(SESSION_KEY)
    chosen = plans.filter(pk=remembered).first() if isinstance(remembered, int) else None
    return chosen or plans.first()


def tab_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    return TABS.get(match.url_name if match else "", "plan_detail")


class RememberPlanMiddleware:
    """Remembers the plan of every plan page (plans/<pk>/…) a person could open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (
            response.status_code == 200
            and match is not None
            and match.route.startswith(PLAN_ROUTE)
            and user is not None
            and user.is_authenticated
        ):
            remember(request, match.kwargs["pk"])
        return response


@require_GET
@access.member_required
def plan_choose(request):
    """The chooser's form: ?plan=<id>&tab=<the page's tab>; another office's plan is a 404."""
    pk = whole_number(request.GET.get("plan"), 0)
    if not pk:
        return redirect("plan_list")
    plan = access.get_plan(request.user, pk)
    remember(request, plan.pk)
    tab = request.GET.get("tab", "")
    return redirect(tab if tab in TABS.values() else "plan_detail", pk=plan.pk)
