"""The page after login — what is each person's to do next — and the leadership's overview of a plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext

from pcitrack import access
from pcitrack.core.charts import STATUS_COLOURS, ChartLabels, indicator_chart, inline_svg
from pcitrack.core.text import whole_number
from pcitrack.reporting.todo import dashboard as plan_overview
from pcitrack.reporting.todo import home_sections

# The overview prints on one A4 page: each of its lists shows this many rows and says how many more there are.
LIST_ROWS = 8


@access.member_required
def home(request):
    user, today = request.user, timezone.localdate()
    overview = None
    if access.can_open_dashboard(user) and not access.is_monitor(user):
        # A leader has no list of their own: the plan's headline figures, and the way to the whole overview.
        plan = access.dashboard_plans(user).first()
        overview = {"plan": plan, **plan_overview(plan, today)} if plan else None
    return render(
        request,
        "web/home.html",
        {
            "today": today,
            "sections": home_sections(user, today),
            "overview": overview,
            "plans": access.plans_for(user)[:5],
            "opens_dashboard": access.can_open_dashboard(user),
        },
    )


def _bars(by_sub_index) -> list:
    """Each sub-index's statuses as the segments of one bar: (verdict, how many, x, width) in percent."""
    bars = []
    for group in by_sub_index:
        x, segments = 0.0, []
        for key, count in group.counts.items():
            width = 100 * count / group.total
            segments.append({"key": key, "count": count, "x": round(x, 2), "width": round(width, 2),
                             "colour": STATUS_COLOURS.get(key, "#bdbdbd")})  # fmt: skip
            x += width
        bars.append((group, segments))
    return bars


def _pci_chart(province, trend) -> str:
    if not trend:
        return ""
    labels = ChartLabels(
        year=gettext("Year"),
        decimal=get_format("DECIMAL_SEPARATOR"),
        thousands=get_format("THOUSAND_SEPARATOR"),
        sources={"pci": gettext("PCI total score")},
    )
    svg = indicator_chart({"pci": trend}, labels=labels, size=(6.0, 2.2))
    return inline_svg(svg, gettext("PCI total score of %(province)s by year") % {"province": province.name})


@access.member_required
def dashboard(request):
    user, today = request.user, timezone.localdate()
    if not access.can_open_dashboard(user):
        raise PermissionDenied
    plans = list(access.dashboard_plans(user))
    raw = request.GET.get("plan", "").strip()
    plan = None
    if raw:
        pk = whole_number(raw)
        if pk is None:
            messages.error(request, gettext("“%(text)s” is not a plan number; the most recent plan is shown.")
                           % {"text": raw[:40]})  # fmt: skip
        else:
            plan = access.get_dashboard_plan(user, pk)
    plan = plan or (plans[0] if plans else None)
    found = plan_overview(plan, today) if plan else {}
    more = {
        f"{name}_more": max(0, len(found.get(name, [])) - LIST_ROWS) for name in ("off_track", "overdue_tasks", "who_is_late")
    }  # fmt: skip
    return render(
        request,
        "web/dashboard.html",
        {
            "today": today,
            "plan": plan,
            "plans": plans,
            "rows": LIST_ROWS,
            "d": found,
            "legend": [
                (key, n, STATUS_COLOURS.get(key, "#bdbdbd")) for key, n in found.get("verdict_counts", {}).items() if n
            ],
            "bars": _bars(found.get("by_sub_index", [])),
            "chart": _pci_chart(found.get("province"), found.get("pci_trend")),
            **more,
            **found,
        },
    )
