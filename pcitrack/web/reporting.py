"""Pages of the reporting cycle: periods, my reports, a report, the follow-up matrix, a task's track."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pcitrack import access
from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.core.text import whole_number
from pcitrack.monitoring.forms import UNIT_SOURCES
from pcitrack.org.models import Unit
from pcitrack.reporting import exports, jobs, services
from pcitrack.reporting.deadlines import with_assignments
from pcitrack.reporting.followup import cell, follow_up, task_deadline, task_follow_up, task_track
from pcitrack.reporting.models import Evidence, GeneratedReport, ReportingPeriod, ReportSettings, TaskEntry, UnitReport
from pcitrack.reporting.official_docx import letterhead
from pcitrack.reporting.report_context import with_indicator_context, with_task_context
from pcitrack.web.files import xlsx_response
from pcitrack.web.follow_up_html import StatusHtml, matrix_rows, overdue_rows, url_pattern
from pcitrack.web.pagination import paginate
from pcitrack.web.plan_choice import newest_first
from pcitrack.web.report_form import ReportForm
from pcitrack.web.templatetags.pcitrack import days_late


@access.member_required
def plan_periods(request, pk):
    plan = access.get_plan(request.user, pk)
    units = services.reporting_units(plan)
    adhoc = AdhocForm(request.POST if request.POST.get("action") == "adhoc" else None, units=units)
    if request.method == "POST":
        if not access.is_monitor(request.user, plan.office_id):
            raise PermissionDenied
        if adhoc.is_bound:
            if adhoc.is_valid():
                try:
                    period = services.add_adhoc_period(plan, user=request.user, **adhoc.period_fields())
                except PcitrackError as exc:
                    adhoc.add_error(None, exc.message(gettext))
                else:
                    messages.success(request, gettext("The ad hoc report “%(title)s” has been asked for.")
                                     % {"title": period.title})  # fmt: skip
                    return redirect("plan_periods", pk=plan.pk)
        else:
            try:
                count = services.generate_periods(plan, user=request.user)
            except PcitrackError as exc:
                messages.error(request, exc.message(gettext))
            else:
                messages.success(request, gettext("%(count)s reporting periods created.") % {"count": count})
            return redirect("plan_periods", pk=plan.pk)
    return render(
        request,
        "web/plan_periods.html",
        {"plan": plan, "periods": plan.periods.prefetch_related("units"), "today": timezone.localdate(),
         "adhoc": adhoc, "reporting_units": units},
    )  # fmt: skip


# A date picker sends yyyy-mm-dd; where the browser has none, a person types dd/mm/yyyy.
DAY_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def day_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DAY_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "placeholder": "dd/mm/yyyy"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give this date."), "invalid": _("Write the date as dd/mm/yyyy, e.g. 31/07/2025.")},
    )  # fmt: skip


class AdhocForm(forms.Form):
    title = forms.CharField(label=_("What the report is for"), max_length=200,
                            error_messages={"required": _("Give the ad hoc report a title.")})  # fmt: skip
    units = forms.MultipleChoiceField(
        label=_("Units asked"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one unit to ask for the report.")},
    )  # fmt: skip
    start = day_field(_("Data from"))
    cutoff = day_field(_("Data cut-off"))
    due = day_field(_("Due"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units_by_id = {str(u.pk): u for u in units}
        self.fields["units"].choices = [(str(u.pk), u.name) for u in units]
        self.fields["units"].initial = list(self.units_by_id)

    def period_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["units"] = [self.units_by_id[pk] for pk in data["units"]]
        return data


class PeriodForm(forms.Form):
    cutoff = forms.DateField(label=_("Data cut-off"))
    due = forms.DateField(label=_("Due"))
    reason = forms.CharField(
        label=_("Reason for the change"),
        error_messages={"required": _("Say why the dates are changed; the units see the new dates.")},
    )


@access.member_required
def period_edit(request, pk, period_id):
    plan = access.get_plan(request.user, pk)
    period = get_object_or_404(plan.periods, pk=period_id)
    if not access.is_monitor(request.user, plan.office_id):
        raise PermissionDenied
    form = PeriodForm(request.POST or None, initial={"cutoff": period.cutoff, "due": period.due})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_period(period, user=request.user, **form.cleaned_data)
        except PcitrackError as exc:
            form.add_error(None, exc.message(gettext))
        else:
            messages.success(request, gettext("The period has been changed."))
            return redirect("plan_periods", pk=plan.pk)
    return render(request, "web/period_edit.html", {"plan": plan, "period": period, "form": form})


@access.member_required
def my_reports(request):
    units = list(Unit.objects.filter(pk__in=access.own_unit_ids(request.user)).select_related("parent"))
    rows = []
    today = timezone.localdate()
    for unit in units:
        periods = (
            ReportingPeriod.objects.filter(plan__office_id=unit.parent_id).select_related("plan").order_by("cutoff")
        )
        reports = {r.period_id: r for r in UnitReport.objects.filter(unit=unit)}
        for period in periods.prefetch_related("units"):
            if not services.asks(period, unit.pk) and period.pk not in reports:
                continue
            report = reports.get(period.pk)
            if period.plan.is_archived and (report is None or report.is_editable):
                continue  # an archived plan asks nothing more: only what was sent stays listed
            late = (report is None or report.first_submitted_at is None) and period.due < today
            rows.append({"unit": unit, "period": period, "report": report, "late": late,
                         "days_late": days_late(report)})  # fmt: skip
    page = paginate(request, rows)
    return render(request, "web/my_reports.html", {"page": page, "groups": by_plan(page), "today": today})


def by_plan(rows: list[dict]) -> list[tuple]:
    """The rows under each plan's full title, plans in current work first, the newest first."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row["period"].plan, []).append(row)
    return [(plan, groups[plan]) for plan in newest_first(groups)]


@require_POST
@access.member_required
def report_start(request, period_id, unit_id):
    unit = access.get_unit(request.user, unit_id)
    if not access.can_start_report(request.user, unit):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, pk=period_id, plan__office_id=unit.parent_id)
    if not services.asks(period, unit.pk):
        raise Http404
    try:
        report = services.report_for(period, unit, user=request.user)
    except PcitrackError as exc:
        messages.error(request, exc.message(gettext))
        return redirect("my_reports")
    return redirect("report_detail", pk=report.pk)


def _entries(report):
    return (
        list(report.task_entries.select_related("task").prefetch_related("evidence", "task__assignments")),
        list(report.indicator_entries.select_related("target__indicator")),
    )


def _form(report, data=None) -> ReportForm:
    return ReportForm(report, *_entries(report), data=data)


def _page(request, report, *, form=None, conflict=None, review=None, closed=None):
    """The report's page; form, conflict, review and closed carry what the person typed when a change was refused."""
    writable = not report.period.plan.is_archived  # an archived plan's reports are only read
    can_edit = access.can_edit_report(request.user, report) and writable
    form = form or _form(report)
    with_task_context([row[0] for row in form.task_rows], timezone.localdate())
    with_indicator_context(report, [row[0] for row in form.indicator_rows])
    history = AuditEvent.objects.filter(object_type="reporting.unitreport", object_id=str(report.pk)).select_related(
        "actor"
    )
    return render(
        request,
        "web/report_detail.html",
        {
            "report": report,
            "period": report.period,
            "plan": report.period.plan,
            "form": form,
            "tasks": [row[0] for row in form.task_rows],
            "can_edit": can_edit,
            "can_submit": access.can_submit_report(request.user, report) and writable,
            "can_review": access.can_review_reports(request.user, report.period.plan.office_id) and writable,
            "statuses": TaskEntry.Status.choices,
            "sources": UNIT_SOURCES,
            "history": paginate(request, history, "history_page", anchor="history"),
            "conflict": conflict,
            "closed": closed,
            "review": review or {},
            "late": cell(report.period, report, timezone.localdate()).late,
            "days_late": days_late(report),
            "can_remove_evidence": access.can_remove_evidence(request.user, report),
        },
    )


def closed_message(report) -> str:
    """Who closed the report to changes and when, and that the person's changes were not saved."""
    if report.status == UnitReport.Status.APPROVED:
        who, at = report.decided_by, report.decided_at
        with_who = gettext("The report was approved by %(who)s at %(time)s on %(day)s; your changes were not saved.")
        without = gettext("The report was approved at %(time)s on %(day)s; your changes were not saved.")
    else:
        who, at = report.submitted_by, report.submitted_at
        with_who = gettext("The report was submitted by %(who)s at %(time)s on %(day)s; your changes were not saved.")
        without = gettext("The report was submitted at %(time)s on %(day)s; your changes were not saved.")
    if at is None:
        return gettext("The report can no longer be changed; your changes were not saved.")
    at = timezone.localtime(at)
    params = {"time": date_format(at, "H:i"), "day": date_format(at, "SHORT_DATE_FORMAT")}
    if who is None:
        return without % params
    return with_who % {**params, "who": who.get_full_name() or who.get_username()}


def _closed(request, report, autosave: bool):
    """A save on a report submitted or approved meanwhile: say so, and show back what the person typed."""
    message = closed_message(report)
    if autosave:
        return _autosave_answer(409, closed=message)
    typed = _form(report, request.POST).unsaved(_form(report))
    response = _page(request, report, closed={"message": message, "typed": typed})
    response.status_code = 409
    return response


def _autosave_answer(status: int, **data) -> JsonResponse:
    return JsonResponse({"ok": status == 200, **data}, status=status)


@access.member_required
def report_detail(request, pk):
    report = access.get_report(request.user, pk)
    if request.method != "POST":
        return _page(request, report)
    autosave = request.headers.get("X-Autosave") == "1"
    if access.closed_to(request.user, report):
        return _closed(request, report, autosave)  # submitted or approved since the page was opened
    if not access.can_edit_report(request.user, report):
        raise PermissionDenied
    form = _form(report, request.POST)
    if not form.is_valid():
        if autosave:
            return _autosave_answer(400, errors=form.errors)
        messages.error(request, gettext("Nothing was saved: correct the fields marked below."))
        return _page(request, report, form=form)
    try:
        report = services.save_report(
            report, user=request.user, version=whole_number(request.POST.get("version"), 0),
            tasks=form.task_changes, indicators=form.indicator_changes,
            problems=form.text_changes.get("problems"), proposals=form.text_changes.get("proposals"),
            next_plans=form.text_changes.get("next_plans"),
        )  # fmt: skip
    except services.ConflictError as exc:
        if autosave:
            return _autosave_answer(409, conflict=exc.message(gettext))
        report.refresh_from_db()
        form.show_saved(_form(report), exc.changed)
        return _page(request, report, form=form, conflict={"message": exc.message(gettext), "changes": exc.changes})
    except services.ClosedError:
        return _closed(request, access.get_report(request.user, report.pk), autosave)
    except PcitrackError as exc:
        if autosave:
            return _autosave_answer(400, errors=[exc.message(gettext)])
        messages.error(request, exc.message(gettext))
        report.refresh_from_db()
        return _page(request, report, form=form)
    if autosave:
        return _autosave_answer(
            200, version=report.version, saved=timezone.localtime(report.updated_at).strftime("%H:%M:%S")
        )
    messages.success(request, gettext("The draft has been saved."))
    return redirect("report_detail", pk=report.pk)


@require_POST
@access.member_required
def report_submit(request, pk):
    report = access.get_report(request.user, pk)
    if not access.heads_unit(request.user, report.unit_id):
        raise PermissionDenied
    version = whole_number(request.POST.get("version"), 0)
    if not request.POST.get("confirm") and report.is_editable:
        # The first step: what the report as saved now leaves out, and a second button that submits that version.
        missing = services.gaps(report)
        texts = [services.FIELD_LABELS[name] for name in missing.texts]
        return render(request, "web/report_submit.html", {"report": report, "period": report.period,
                                                          "missing": missing, "texts": texts})  # fmt: skip
    try:
        services.submit_report(report, user=request.user, version=version)
    except PcitrackError as exc:
        messages.error(request, exc.message(gettext))
    else:
        messages.success(request, gettext("The report has been submitted."))
    return redirect("report_detail", pk=report.pk)


REVIEWS = {
    "approve": (lambda report, user, reason: services.approve_report(report, user=user),
                gettext_lazy("The report has been approved.")),
    "return": (lambda report, user, reason: services.return_report(report, user=user, reason=reason),
               gettext_lazy("The report has been returned to the unit.")),
    "reopen": (lambda report, user, reason: services.reopen_report(report, user=user, reason=reason),
               gettext_lazy("The report has been reopened.")),
}  # fmt: skip


@require_POST
@access.member_required
def report_review(request, pk):
    report = access.get_report(request.user, pk)
    if not access.can_review_reports(request.user, report.period.plan.office_id):
        raise PermissionDenied
    decision, reason = request.POST.get("decision", ""), request.POST.get("reason", "")
    if decision not in REVIEWS:
        raise Http404
    act, done = REVIEWS[decision]
    try:
        act(report, request.user, reason)
    except PcitrackError as exc:
        # The reason stays in its field, the error beside it.
        return _page(request, report, review={decision: {"reason": reason, "error": exc.message(gettext)}})
    messages.success(request, str(done))
    return redirect("report_detail", pk=report.pk)


@require_POST
@access.member_required
def evidence_upload(request, pk, entry_id):
    report = access.get_report(request.user, pk)
    if not access.can_edit_report(request.user, report):
        raise PermissionDenied
    entry = get_object_or_404(TaskEntry, pk=entry_id, report=report)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, gettext("Choose a file to attach."))
    else:
        try:
            services.add_evidence(entry, upload, user=request.user)
        except PcitrackError as exc:
            messages.error(request, exc.message(gettext))
        else:
            messages.success(request, gettext("The file has been attached."))
    return redirect("report_detail", pk=report.pk)


@require_POST
@access.member_required
def evidence_delete(request, pk, evidence_id):
    report = access.get_report(request.user, pk)
    if not access.can_remove_evidence(request.user, report):
        raise PermissionDenied
    evidence = get_object_or_404(Evidence.objects.select_related("entry__task"), pk=evidence_id, entry__report=report)
    try:
        services.remove_evidence(evidence, user=request.user)
    except PcitrackError as exc:
        messages.error(request, exc.message(gettext))
    else:
        messages.success(request, gettext("The file “%(name)s” has been removed.") % {"name": evidence.name})
    return redirect("report_detail", pk=report.pk)


@access.member_required
def evidence_download(request, pk, evidence_id):
    report = access.get_report(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_id, entry__report=report)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type)


@access.member_required
def plan_follow_up(request, pk):
    plan = access.get_plan(request.user, pk)
    if not access.reads_everything(request.user, plan.office_id):
        raise PermissionDenied
    today = timezone.localdate()
    follow = follow_up(plan, today)
    status = StatusHtml()
    cells = {
        "matrix_rows": matrix_rows(follow["matrix"], status),
        "overdue_rows": overdue_rows(follow["overdue"], status),
        "task_url": url_pattern("task_detail", plan.pk),
    }
    return render(request, "web/plan_follow_up.html",
                  {"plan": plan, **follow, **cells, **task_follow_up(plan, today), "today": today})  # fmt: skip


@access.member_required
def plan_follow_up_xlsx(request, pk):
    """The follow-up matrix and its summary, as the page shows them, as an Excel workbook."""
    plan = access.get_plan(request.user, pk)
    if not access.reads_everything(request.user, plan.office_id):
        raise PermissionDenied
    today = timezone.localdate()
    content = exports.follow_up_xlsx(plan, follow_up(plan, today), today)
    return xlsx_response(content, exports.follow_up_filename(today))


@access.member_required
def task_detail(request, pk, task_id):
    plan = access.get_plan(request.user, pk)
    task = get_object_or_404(with_assignments(plan.tasks.all()), pk=task_id)
    deadline, lead_parts = task_deadline(task, timezone.localdate())
    track = task_track(task, request.user)
    page = paginate(request, [(unit, row) for unit, rows in track["by_unit"].items() for row in rows], anchor="track")
    by_unit: dict = {}
    for unit, row in page:
        by_unit.setdefault(unit, []).append(row)
    return render(request, "web/task_detail.html", {"plan": plan, "task": task, "deadline": deadline,
                                                    "lead_parts": lead_parts, **track, "by_unit": by_unit,
                                                    "track_page": page})  # fmt: skip


@require_POST
@access.member_required
def official_report_start(request, pk):
    plan = access.get_plan(request.user, pk)
    if not access.reads_everything(request.user, plan.office_id):
        raise PermissionDenied
    period = plan.periods.filter(pk=whole_number(request.POST.get("period"), 0)).first()
    if period is None:
        messages.error(request, gettext("Choose a reporting period of this plan."))
        return redirect("plan_detail", pk=plan.pk)
    try:
        job = services.request_official_report(
            plan, period, request.POST.get("format", "docx"), user=request.user,
            request_key=request.POST.get("request_key", ""),
        )  # fmt: skip
    except PcitrackError as exc:
        messages.error(request, exc.message(gettext))
        return redirect("plan_detail", pk=plan.pk)
    return redirect("official_report", job_id=job.pk)


def _job(request, job_id):
    if not access.reads_everything(request.user):
        raise PermissionDenied
    return get_object_or_404(access.jobs_for(request.user).select_related("plan", "period"), pk=job_id)


@access.member_required
def official_report(request, job_id):
    job = jobs.expire_if_stale(_job(request, job_id))
    return render(request, "web/official_report.html", {"job": job, "plan": job.plan})


@access.member_required
def official_report_download(request, job_id):
    job = _job(request, job_id)
    if job.status != GeneratedReport.Status.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = list(services.SETTINGS_FIELDS)
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4})}


@access.member_required
def office_report_settings(request, pk):
    office = access.get_office_to_configure(request.user, pk)
    current = services.report_settings(office)
    form = ReportSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_report_settings(office, user=request.user, **form.cleaned_data)
        messages.success(request, gettext("The settings of the official reports have been saved."))
        return redirect("office_report_settings", pk=office.pk)
    plan = office.plans.order_by("-imported_at").first()
    return render(request, "web/office_report_settings.html",
                  {"office": office, "form": form, "plan": plan,
                   "preview": letterhead(current, plan, timezone.localdate())})  # fmt: skip
