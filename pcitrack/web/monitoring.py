"""The scorecard, the indicator pages and observation entry."""

import datetime as dt
import hashlib
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pcitrack import access
from pcitrack.audit.models import AuditEvent
from pcitrack.audit.services import subject_filter
from pcitrack.core.charts import ChartLabels, indicator_chart, inline_svg
from pcitrack.core.errors import PcitrackError
from pcitrack.core.observation_file import MAX_BYTES, read_observations
from pcitrack.core.pci import SUB_INDEX_NAMES
from pcitrack.core.status import VERDICTS, verdict_parts
from pcitrack.monitoring import importer
from pcitrack.monitoring.forms import ObservationForm, RangeForm
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import assess_target, pending_values, points_of, scorecard, shown_rows
from pcitrack.monitoring.services import (
    accept_observation,
    counts_at_once,
    delete_observation,
    save_observation,
    set_value_range,
)
from pcitrack.plans import staging
from pcitrack.plans.models import Indicator
from pcitrack.reporting import exports
from pcitrack.web.files import xlsx_response
from pcitrack.web.pagination import paginate


def _status_counts(rows):
    """(verdict key, status, estimated, how many): estimated verdicts counted apart from final ones."""
    return [(key, *verdict_parts(key), sum(1 for r in rows if r.judgement.verdict == key)) for key in VERDICTS]


def _as_of(request) -> dt.date:
    """The date statuses are computed as of: ?as_of=YYYY-MM-DD, else today; a bad date is said and today used."""
    raw = request.GET.get("as_of", "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            messages.error(request, gettext("“%(text)s” is not a date (YYYY-MM-DD); statuses are as of today.")
                           % {"text": raw[:40]})  # fmt: skip
    return timezone.localdate()


def _scorecard_filters(request, plan) -> dict:
    """The as-of date, unit and status a scorecard is asked for (page and workbook alike), and its rows."""
    as_of = _as_of(request)
    rows = scorecard(plan, as_of)
    units = list(plan.office.children.order_by("name"))
    unit_id = request.GET.get("unit", "")
    status = request.GET.get("status", "")
    status = status if status in VERDICTS else ""
    unit = next((u for u in units if str(u.pk) == unit_id), None)
    as_of_param = as_of.isoformat() if request.GET.get("as_of") else ""
    return {
        "as_of": as_of,
        "as_of_param": as_of_param,
        "rows": rows,
        "shown": shown_rows(rows, unit, status),
        "units": units,
        "unit": unit,
        "status": status,
        # The workbook link carries the filters the page shows (ids as plain digits, never "1.000.001").
        "export_query": urlencode(
            {k: v for k, v in {"as_of": as_of_param, "unit": unit.pk if unit else "", "status": status}.items() if v}
        ),
    }


@access.member_required
def plan_scorecard(request, pk):
    plan = access.get_plan(request.user, pk)
    found = _scorecard_filters(request, plan)
    shown = found["shown"]
    groups: dict = {}
    for row in shown:
        groups.setdefault(row.indicator.sub_index, []).append(row)
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))
    return render(
        request,
        "web/plan_scorecard.html",
        {
            **found,
            "plan": plan,
            "groups": [(number, SUB_INDEX_NAMES.get(number), group) for number, group in ordered],
            "counts": _status_counts(found["rows"]),
            "shown": len(shown),
            "pending": pending_values(plan) if access.is_monitor(request.user, plan.office_id) else [],
            # Each row links to its indicator by number: the address is reversed once, not once a row.
            "indicator_url": reverse("indicator_detail", args=[plan.pk, 0]).removesuffix("0/"),
        },
    )


@access.member_required
def plan_scorecard_xlsx(request, pk):
    """The scorecard as the page shows it (as-of date, unit, status), as an Excel workbook."""
    plan = access.get_plan(request.user, pk)
    found = _scorecard_filters(request, plan)
    content = exports.scorecard_xlsx(
        plan, found["shown"], as_of=found["as_of"], unit=found["unit"], verdict=found["status"]
    )
    return xlsx_response(content, exports.scorecard_filename(found["as_of"]))


CHART_SECONDS = 24 * 3600


def _chart(row, target):
    labels = ChartLabels(
        target=gettext("Target"),
        path=gettext("Path to the target"),
        targets=gettext("Targets by year"),
        baseline=gettext("Baseline (stated by the plan)"),
        year=gettext("Year"),
        decimal=get_format("DECIMAL_SEPARATOR"),
        thousands=get_format("THOUSAND_SEPARATOR"),
        sources={key: str(label) for key, label in Observation.Source.choices},
    )
    series: dict = {}
    for point in row.points:
        series.setdefault(point.source, []).append((point.x, point.value))
    a, judgement = row.assessment, row.judgement
    stated = judgement.baseline
    drawn = {
        "target": judgement.target,  # the target in force
        "target_year": judgement.target_year,
        "base": (a.base_year, a.base_value) if a is not None and a.base_year is not None else None,
        "targets": [
            (s.target.year, s.target.value) for s in judgement.targets if s.target.year and s.target.value is not None
        ],
        "baseline": (stated.year, stated.value) if stated is not None else None,
        "unit": target.indicator.unit_of_measure,
        "labels": labels,
    }
    title = target.indicator.name
    # Drawing takes matplotlib most of the page's time, and the values change a few times a year: a chart is kept
    # under the digest of everything drawn on it, so a changed value, target or language draws a new one.
    key = "indicator-chart:" + hashlib.sha256(repr((series, sorted(drawn.items()), title)).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = inline_svg(indicator_chart(series, **drawn), title)
        cache.set(key, svg, CHART_SECONDS)
    return svg


def _target(request, pk, no):
    plan = access.get_plan(request.user, pk)
    target = get_object_or_404(plan.targets.current().select_related("indicator", "plan"), no=no)
    return plan, target


def _save(request, plan, target, form, success: str) -> bool:
    """Save the form's value through the service; a refusal becomes the form's error."""
    try:
        save_observation(
            user=request.user, office=plan.office, indicator=target.indicator, **form.key(), **form.values(),
            reason=form.cleaned_data["reason"], plan=plan,
        )  # fmt: skip
    except PcitrackError as exc:
        form.add_error(None, exc.message(gettext))
        return False
    if not counts_at_once(request.user, plan.office_id):
        success += " " + gettext("It counts for the status once the monitoring unit accepts it.")
    messages.success(request, success)
    return True


@access.member_required
def indicator_detail(request, pk, no):
    plan, target = _target(request, pk, no)
    return _indicator_page(request, plan, target)


def _url_of_each(name: str, *args):
    """pk -> reverse(name, args=[*args, pk]), reversed once for a page of many rows."""
    marker = "2718281828459045"
    head, tail = reverse(name, args=[*args, int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


def _indicator_page(request, plan, target, range_form=None):
    can_edit = access.can_edit_observations(request.user, target)
    writable = not plan.is_archived  # an archived plan's pages are only read: no form, no button
    form = ObservationForm(
        request.POST if request.method == "POST" and range_form is None else None,
        indicator=target.indicator,
        official=counts_at_once(request.user, plan.office_id),
        initial={"source": "" if access.is_monitor(request.user, plan.office_id) else Observation.Source.UNIT_REPORT},
    )
    if request.method == "POST" and range_form is None:
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            exists = Observation.objects.filter(office=plan.office, indicator=target.indicator, **form.key()).exists()
            if exists:
                form.add_error(
                    None, gettext("There is already a value for this period and source; change that one instead.")
                )
            elif _save(request, plan, target, form, gettext("The value has been saved.")):
                return redirect("indicator_detail", pk=plan.pk, no=target.no)
    observations = list(
        Observation.objects.filter(office=plan.office, indicator=target.indicator)
        .select_related("created_by", "updated_by")
        .order_by("-year", "-period_type", "-period_no", "source")
    )
    edit_url, accept_url = (
        _url_of_each(name, plan.pk, target.no) for name in ("observation_edit", "observation_accept")
    )
    for obs in observations:
        obs.can_change = access.can_change_observation(request.user, target, obs, can_edit=can_edit)
        obs.edit_url, obs.accept_url = edit_url(obs.pk), accept_url(obs.pk)
    can_accept = access.can_accept_observations(request.user, target) and writable
    row = assess_target(target, points_of(observations), _as_of(request))
    # The indicator's values (an indicator is its office's alone) and its valid range, through the subject index.
    history = (
        AuditEvent.objects.filter(subject_filter(Indicator, target.indicator_id))
        .filter(Q(object_type="monitoring.observation") | Q(action="indicator.range"))
        .select_related("actor")
    )
    return render(
        request,
        "web/indicator_detail.html",
        {
            "plan": plan,
            "target": target,
            "indicator": target.indicator,
            "row": row,
            "a": row.assessment,
            "observations": observations,
            "values_page": paginate(request, observations, "values_page", anchor="observations"),
            "chart": _chart(row, target) if observations else "",
            "history": paginate(request, history, "history_page", anchor="history"),
            "can_edit": can_edit and writable,
            "can_accept": can_accept,
            "pending": sum(1 for o in observations if o.is_pending),
            "range_form": range_form or (RangeForm.for_indicator(target.indicator) if can_accept else None),
            "form": form,
            "assignments": target.assignments.select_related("unit"),
        },
    )


@require_POST
@access.member_required
def observation_accept(request, pk, no, obs_id):
    plan, target = _target(request, pk, no)
    obs = access.get_observation_to_accept(request.user, target, obs_id)
    try:
        accept_observation(obs, user=request.user, plan=plan)
    except PcitrackError as exc:
        messages.error(request, exc.message(gettext))
    else:
        messages.success(request, gettext("The value has been accepted; it now counts for the status."))
    return redirect(reverse("indicator_detail", kwargs={"pk": plan.pk, "no": target.no}) + "#observations")


@require_POST
@access.member_required
def indicator_range(request, pk, no):
    plan, target = _target(request, pk, no)
    if not access.can_accept_observations(request.user, target):
        raise PermissionDenied
    form = RangeForm.for_indicator(target.indicator, request.POST)
    if form.is_valid():
        try:
            set_value_range(target.indicator, user=request.user, low=form.cleaned_data["min_value"],
                            high=form.cleaned_data["max_value"], reason=form.cleaned_data["reason"], plan=plan)  # fmt: skip
        except PcitrackError as exc:
            form.add_error(None, exc.message(gettext))
        else:
            messages.success(request, gettext("The indicator's valid range has been saved."))
            return redirect(reverse("indicator_detail", kwargs={"pk": plan.pk, "no": target.no}) + "#metadata")
    return _indicator_page(request, plan, target, range_form=form)


@access.member_required
def observation_edit(request, pk, no, obs_id):
    plan, target = _target(request, pk, no)
    obs = access.get_observation(request.user, target, obs_id)
    official = counts_at_once(request.user, plan.office_id)
    if request.method == "POST":
        form = ObservationForm(request.POST, indicator=target.indicator, official=official)
    else:
        form = ObservationForm.for_observation(obs, official=official)
    form.require_reason()
    if request.method == "POST" and form.is_valid():
        unchanged = {"year": obs.year, "period_type": obs.period_type, "period_no": obs.period_no, "source": obs.source}
        if form.key() != unchanged:
            form.add_error(
                None, gettext("The period and source of a value cannot change; delete it and enter a new one.")
            )
        elif _save(request, plan, target, form, gettext("The value has been changed.")):
            return redirect("indicator_detail", pk=plan.pk, no=target.no)
    return _edit_page(request, plan, target, obs, form)


def _edit_page(request, plan, target, obs, form, delete=None):
    return render(
        request,
        "web/observation_edit.html",
        {"plan": plan, "target": target, "obs": obs, "form": form, "delete": delete or {}},
    )


@require_POST
@access.member_required
def observation_delete(request, pk, no, obs_id):
    plan, target = _target(request, pk, no)
    obs = access.get_observation(request.user, target, obs_id)
    reason = request.POST.get("reason", "")
    try:
        delete_observation(obs, user=request.user, reason=reason.strip(), plan=plan)
    except PcitrackError as exc:
        form = ObservationForm.for_observation(obs)
        form.require_reason()
        return _edit_page(request, plan, target, obs, form, delete={"reason": reason, "error": exc.message(gettext)})
    messages.success(request, gettext("The value has been deleted."))
    return redirect("indicator_detail", pk=plan.pk, no=target.no)


def _save_values(request, plan, token):
    """Save a confirmed table once: a second confirmation of the same upload finds it taken."""
    staged = staging.claim(request.user, token, kind="observations")
    if staged is None:
        messages.error(request, gettext("This table has already been saved, or its upload has expired."))
        return redirect("plan_scorecard", pk=plan.pk)
    # What is saved must be what the person saw: the confirmation names the file's digest.
    if request.POST.get("digest") != hashlib.sha256(staged.data).hexdigest():
        staging.release(token)
        messages.error(request, gettext("The file has changed since it was shown; check the values again."))
        return redirect("observations_import_preview", pk=plan.pk, token=token)
    try:
        count = importer.apply(plan, importer.preview(plan, read_observations(staged.data)), user=request.user,
                               filename=staged.filename)  # fmt: skip
    except PcitrackError as exc:
        staging.release(token)
        messages.error(request, exc.message(gettext))
        return redirect("observations_import_preview", pk=plan.pk, token=token)
    staging.discard(token)
    messages.success(request, gettext("%(count)s values have been saved.") % {"count": count})
    return redirect("plan_scorecard", pk=plan.pk)


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Table of values (.csv or .xlsx)"), error_messages={"empty": _("The file is empty.")}
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        try:
            read_observations(data)
        except PcitrackError as exc:
            raise forms.ValidationError(exc.message(gettext)) from None
        self.data_bytes = data
        return upload


@access.member_required
def observations_import(request, pk):
    plan = access.get_plan(request.user, pk)
    if not access.is_monitor(request.user, plan.office_id):
        raise PermissionDenied
    form = ValuesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = staging.stage(request.user, form.cleaned_data["file"].name, form.data_bytes, kind="observations")
        return redirect("observations_import_preview", pk=plan.pk, token=token)
    return render(request, "web/observations_import.html", {"plan": plan, "form": form})


@access.member_required
def observations_import_preview(request, pk, token):
    plan = access.get_plan(request.user, pk)
    if not access.is_monitor(request.user, plan.office_id):
        raise PermissionDenied
    if request.method == "POST":
        return _save_values(request, plan, token)
    staged = staging.load(request.user, token, kind="observations")
    if staged is None:
        raise Http404
    try:
        rows = importer.preview(plan, read_observations(staged.data))
    except PcitrackError as exc:  # the file was checked at upload; it can only have changed since
        messages.error(request, exc.message(gettext))
        staging.discard(token)
        return redirect("observations_import", pk=plan.pk)
    counts = {action: sum(1 for r in rows if r.action == action) for action in ("new", "changed", "same", "error")}
    return render(
        request,
        "web/observations_import_preview.html",
        {
            "plan": plan,
            "rows": [(r, r.messages(gettext)) for r in rows],
            "counts": counts,
            "filename": staged.filename,
            "digest": hashlib.sha256(staged.data).hexdigest(),
        },
    )
