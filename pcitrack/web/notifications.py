"""The bell's list: a person's own notifications, newest first; opening one marks it read and goes to its page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from pcitrack import access
from pcitrack.notifications.services import ALL, is_site_path, mark_read

PER_PAGE = 20


@require_GET
@access.member_required
def notification_list(request):
    page = Paginator(access.notifications_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/notifications.html", {"page": page})


@require_POST
@access.member_required
def notification_open(request, pk):
    notification = access.get_notification(request.user, pk)
    mark_read(request.user, [notification.pk])
    return redirect(notification.url if is_site_path(notification.url) else "notification_list")


@require_POST
@access.member_required
def notifications_read_all(request):
    if mark_read(request.user, ALL):
        messages.success(request, gettext("All notifications are marked as read."))
    return redirect("notification_list")
