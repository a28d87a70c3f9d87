"""Pages of the reporting cycle: periods, my reports, a report, the follow-up matrix, a task's track."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pcitrack import access
from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.core.text import parse_number, stored_decimal, whole_number
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.services import too_large
from pcitrack.org.models import Unit
from pcitrack.reporting import services
from pcitrack.reporting.followup import follow_up, task_track
from pcitrack.reporting.models import Evidence, GeneratedReport, ReportingPeriod, TaskEntry, UnitReport
from pcitrack.reporting.tasks import build_report_task

SOURCES = {value for value, _label in Observation.Source.choices}


@access.member_required
def plan_periods(request, pk):
    plan = access.get_plan(request.user, pk)
    if request.method == "POST":
        if not access.is_monitor(request.user):
            raise PermissionDenied
        count = services.generate_periods(plan, user=request.user)
        messages.success(request, gettext("%(count)s reporting periods created.") % {"count": count})
        return redirect("plan_periods", pk=plan.pk)
    return render(
        request, "web/plan_periods.html", {"plan": plan, "periods": plan.periods.all(), "today": timezone.localdate()}
    )


class PeriodForm(forms.Form):
    cutoff = forms.DateField(label=_("Data cut-off"))
    due = forms.DateField(label=_("Due"))
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)


@access.member_required
def period_edit(request, pk, period_id):
    plan = access.get_plan(request.user, pk)
    period = get_object_or_404(plan.periods, pk=period_id)
    if not access.is_monitor(request.user):
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
        for period in periods:
            report = reports.get(period.pk)
            late = (report is None or report.first_submitted_at is None) and period.due < today
            rows.append({"unit": unit, "period": period, "report": report, "late": late})
    return render(request, "web/my_reports.html", {"rows": rows, "today": today})


@require_POST
@access.member_required
def report_start(request, period_id, unit_id):
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_start_report(request.user, unit):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, pk=period_id, plan__office_id=unit.parent_id)
    return redirect("report_detail", pk=services.report_for(period, unit).pk)


def _entries(report):
    return (
        list(report.task_entries.select_related("task").prefetch_related("evidence")),
        list(report.indicator_entries.select_related("target__indicator")),
    )


def _read_form(post, tasks, indicators) -> tuple[dict, dict, list[str]]:
    """The person's entries from the form; problems are reported in words, nothing is guessed."""
    errors = []
    task_values = {}
    valid_status = {choice for choice, _ in TaskEntry.Status.choices}
    for e in tasks:
        status = post.get(f"task_{e.pk}_status", e.status)
        if status not in valid_status:
            status = e.status
        task_values[e.task_id] = (status, post.get(f"task_{e.pk}_narrative", e.narrative)[:5000])
    indicator_values = {}
    for e in indicators:
        raw = post.get(f"ind_{e.pk}_value", "").strip()
        value = parse_number(raw) if raw else None
        if raw and value is None:
            errors.append(gettext("Indicator %(no)s: “%(text)s” is not a number.") % {"no": e.target.no, "text": raw})
        elif too_large(value):
            errors.append(
                gettext("Indicator %(no)s: the value must be below 10 billion in size.") % {"no": e.target.no}
            )
        sample_raw = post.get(f"ind_{e.pk}_sample", "").strip()
        sample = int(sample_raw) if sample_raw.isdigit() and int(sample_raw) > 0 else None
        if sample_raw and sample is None:
            errors.append(
                gettext("Indicator %(no)s: the sample size must be a whole number above 0.") % {"no": e.target.no}
            )
        source = post.get(f"ind_{e.pk}_source", e.source)
        if source not in SOURCES:
            source = e.source
        indicator_values[e.target_id] = (
            stored_decimal(value),
            sample,
            post.get(f"ind_{e.pk}_comment", "")[:2000],
            source,
        )
    return task_values, indicator_values, errors


@access.member_required
def report_detail(request, pk):
    report = access.get_report(request.user, pk)
    tasks, indicators = _entries(report)
    can_edit = access.can_edit_report(request.user, report)
    conflict = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        autosave = request.headers.get("X-Autosave") == "1"
        task_values, indicator_values, errors = _read_form(request.POST, tasks, indicators)
        version = whole_number(request.POST.get("version"), 0)
        if errors:
            if autosave:
                return JsonResponse({"ok": False, "errors": errors}, status=400)
            for error in errors:
                messages.error(request, error)
        else:
            try:
                report = services.save_report(
                    report, user=request.user, version=version, problems=request.POST.get("problems", "")[:5000],
                    proposals=request.POST.get("proposals", "")[:5000], tasks=task_values, indicators=indicator_values,
                )  # fmt: skip
            except services.ConflictError as exc:
                if autosave:
                    return JsonResponse({"ok": False, "conflict": exc.message(gettext)}, status=409)
                conflict = {"message": exc.message(gettext), "changes": exc.changes}
            except PcitrackError as exc:
                if autosave:
                    return JsonResponse({"ok": False, "errors": [exc.message(gettext)]}, status=400)
                messages.error(request, exc.message(gettext))
            else:
                if autosave:
                    return JsonResponse(
                        {
                            "ok": True,
                            "version": report.version,
                            "saved": timezone.localtime(report.updated_at).strftime("%H:%M:%S"),
                        }
                    )
                messages.success(request, gettext("The draft has been saved."))
                return redirect("report_detail", pk=report.pk)
        report.refresh_from_db()
        tasks, indicators = _entries(report)
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
            "tasks": tasks,
            "indicators": indicators,
            "can_edit": can_edit,
            "can_submit": access.can_submit_report(request.user, report),
            "can_review": access.can_review_reports(request.user),
            "statuses": TaskEntry.Status.choices,
            "sources": Observation.Source.choices,
            "history": history,
            "conflict": conflict,
            "late": report.first_submitted_at is None and report.period.due < timezone.localdate(),
        },
    )


def _act(request, report, action):
    try:
        action()
    except PcitrackError as exc:
        messages.error(request, exc.message(gettext))
    return redirect("report_detail", pk=report.pk)


@require_POST
@access.member_required
def report_submit(request, pk):
    report = access.get_report(request.user, pk)
    if not access.can_submit_report(request.user, report):
        raise PermissionDenied
    version = whole_number(request.POST.get("version"), 0)

    def submit():
        services.submit_report(report, user=request.user, version=version)
        messages.success(request, gettext("The report has been submitted."))

    return _act(request, report, submit)


@require_POST
@access.member_required
def report_review(request, pk):
    report = access.get_report(request.user, pk)
    if not access.can_review_reports(request.user):
        raise PermissionDenied
    decision, reason = request.POST.get("decision"), request.POST.get("reason", "")

    def review():
        if decision == "approve":
            services.approve_report(report, user=request.user)
            messages.success(request, gettext("The report has been approved."))
        elif decision == "return":
            services.return_report(report, user=request.user, reason=reason)
            messages.success(request, gettext("The report has been returned to the unit."))
        elif decision == "reopen":
            services.reopen_report(report, user=request.user, reason=reason)
            messages.success(request, gettext("The report has been reopened."))
        else:
            raise PcitrackError("Unknown decision.")

    return _act(request, report, review)


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
    if not access.reads_everything(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return render(request, "web/plan_follow_up.html", {"plan": plan, **follow_up(plan, today), "today": today})


@access.member_required
def task_detail(request, pk, task_id):
    plan = access.get_plan(request.user, pk)
    task = get_object_or_404(plan.tasks, pk=task_id)
    return render(request, "web/task_detail.html", {"plan": plan, "task": task, **task_track(task, request.user)})


@require_POST
@access.member_required
def official_report_start(request, pk):
    plan = access.get_plan(request.user, pk)
    if not access.reads_everything(request.user):
        raise PermissionDenied
    period = get_object_or_404(plan.periods, pk=request.POST.get("period") or 0)
    fmt = request.POST.get("format", "docx")
    if fmt not in GeneratedReport.Format.values:
        raise Http404
    job = GeneratedReport.objects.create(plan=plan, period=period, format=fmt, created_by=request.user)
    build_report_task.enqueue(job.pk)
    return redirect("official_report", job_id=job.pk)


def _job(request, job_id):
    if not access.reads_everything(request.user):
        raise PermissionDenied
    return get_object_or_404(
        GeneratedReport.objects.filter(plan__in=access.plans_for(request.user)).select_related("plan", "period"),
        pk=job_id,
    )


@access.member_required
def official_report(request, job_id):
    job = _job(request, job_id)
    return render(request, "web/official_report.html", {"job": job, "plan": job.plan})


@access.member_required
def official_report_download(request, job_id):
    job = _job(request, job_id)
    if job.status != GeneratedReport.Status.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
