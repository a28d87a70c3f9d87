"""The public holidays page: the days due dates skip, by year; monitors add, change and remove them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pcitrack import access
from pcitrack.core.errors import PcitrackError
from pcitrack.core.text import whole_number
from pcitrack.reporting.holidays import MAX_NAME, add_holiday, change_holiday, remove_holiday
from pcitrack.reporting.models import Holiday
from pcitrack.web.reporting import day_field


class HolidayForm(forms.Form):
    date = day_field(_("Date"))
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME,
                           error_messages={"required": _("Give the holiday a name, e.g. Tết Nguyên đán.")})  # fmt: skip


def _year_url(day) -> str:
    return f"{reverse('holidays')}?year={day.year}"


@access.member_required
def holidays(request):
    today = timezone.localdate()
    can_edit = access.can_edit_holidays(request.user)
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                holiday = add_holiday(user=request.user, **form.cleaned_data)
            except PcitrackError as exc:
                form.add_error(None, exc.message(gettext))
            else:
                messages.success(request, gettext("%(date)s has been added as a holiday.")
                                 % {"date": holiday.date.strftime("%d/%m/%Y")})  # fmt: skip
                return redirect(_year_url(holiday.date))
    years = sorted({d.year for d in Holiday.objects.values_list("date", flat=True)} | {today.year})
    year = whole_number(request.GET.get("year"), today.year)
    if form.is_bound and form.cleaned_data.get("date"):  # a refused day: show its year
        year = form.cleaned_data["date"].year
    return render(request, "web/holidays.html", {
        "days": Holiday.objects.filter(date__year=year), "years": years, "year": year, "form": form,
        "can_edit": can_edit, "today": today,
    })  # fmt: skip


@access.member_required
def holiday_edit(request, pk):
    holiday = access.get_holiday_to_edit(request.user, pk)
    form = HolidayForm(request.POST or None, initial={"date": holiday.date, "name": holiday.name})
    if request.method == "POST" and form.is_valid():
        try:
            holiday = change_holiday(holiday, user=request.user, **form.cleaned_data)
        except PcitrackError as exc:
            form.add_error(None, exc.message(gettext))
        else:
            messages.success(request, gettext("The holiday has been changed."))
            return redirect(_year_url(holiday.date))
    return render(request, "web/holiday_edit.html", {"holiday": holiday, "form": form})


@require_POST
@access.member_required
def holiday_delete(request, pk):
    holiday = access.get_holiday_to_edit(request.user, pk)
    remove_holiday(holiday, user=request.user)
    messages.success(request, gettext("%(date)s is no longer a holiday.") % {"date": holiday.date.strftime("%d/%m/%Y")})
    return redirect(_year_url(holiday.date))
