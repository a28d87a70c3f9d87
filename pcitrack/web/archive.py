"""Archiving a plan that has run its course, and bringing it back."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from pcitrack import access
from pcitrack.core.errors import PcitrackError
from pcitrack.plans.services import archive_plan, restore_plan


@access.member_required
def plan_archive(request, pk):
    """The confirmation step (what archiving does, and why it is done), then the archive itself."""
    plan = access.get_plan_to_archive(request.user, pk)
    reason, error = request.POST.get("reason", ""), ""
    if request.method == "POST":
        try:
            archive_plan(plan, user=request.user, reason=reason)
        except PcitrackError as exc:
            error = exc.message(gettext)
        else:
            messages.success(request, gettext("The plan has been archived; it can still be read."))
            return redirect("plan_detail", pk=plan.pk)
    return render(request, "web/plan_archive.html", {"plan": plan, "reason": reason, "error": error})


@require_POST
@access.member_required
def plan_restore(request, pk):
    plan = access.get_plan_to_archive(request.user, pk)
    restore_plan(plan, user=request.user)
    messages.success(request, gettext("The plan is back in current work."))
    return redirect("plan_detail", pk=plan.pk)
