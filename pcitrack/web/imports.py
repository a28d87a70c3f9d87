"""Importing a plan through the web: upload, preview with corrections, confirm."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcitrack import access
from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_files import MAX_DOCX_BYTES, plan_text_from_bytes
from pcitrack.core.plan_parser import parse_plan_text
from pcitrack.plans import staging
from pcitrack.plans.changes import describe, plan_changes
from pcitrack.plans.services import (
    NEW_UNIT,
    existing_plan,
    import_plan,
    office_for,
    parse_for_import,
    propose_units,
    update_plan,
    with_indicator_changes,
)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Plan file (.docx or .txt)"), error_messages={"empty": _("The file is empty.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCX_BYTES:
            raise forms.ValidationError(
                gettext("The file is too large (%(size)s MB); a plan is at most %(limit)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_DOCX_BYTES // 1024 // 1024}
            )
        data = upload.read(MAX_DOCX_BYTES + 1)
        try:
            parse_plan_text(plan_text_from_bytes(data))
        except PcitrackError as exc:
            raise forms.ValidationError(exc.message(gettext)) from None
        self.data_bytes = data
        return upload


class PreviewForm(forms.Form):
    """The person's corrections: which unit each name is, each indicator's direction and unit."""

    def __init__(self, *args, proposals, indicators, office_units, needs_consent, retires=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NEW_UNIT, gettext("— a new unit —"))] + [(str(u.pk), u.name) for u in office_units]
        self.unit_rows = []
        for i, proposal in enumerate(proposals):
            name = f"unit_{i}"
            self.fields[name] = forms.ChoiceField(
                choices=choices, initial=str(proposal.unit.pk) if proposal.unit else NEW_UNIT, label=proposal.name,
                widget=forms.Select(attrs={"aria-label": gettext("Unit in pcitrack for “%(name)s”")
                                           % {"name": proposal.name}}),
            )  # fmt: skip
            self.unit_rows.append((proposal, name))
        self.indicator_rows = []
        for ind in indicators:
            direction, measure = f"direction_{ind.no}", f"measure_{ind.no}"
            self.fields[direction] = forms.ChoiceField(
                choices=[("up", gettext("higher is better")), ("down", gettext("lower is better"))],
                initial=ind.direction,
                widget=forms.Select(attrs={"aria-label": gettext("Direction of indicator %(no)s") % {"no": ind.no}}),
            )
            self.fields[measure] = forms.CharField(
                max_length=32, required=False, initial=ind.unit or "",
                widget=forms.TextInput(attrs={"aria-label": gettext("Unit of measure of indicator %(no)s")
                                              % {"no": ind.no}}),
            )  # fmt: skip
            self.indicator_rows.append((ind, direction, measure))
        if needs_consent:
            self.fields["no_indicators"] = forms.BooleanField(
                required=True, label=_("Import it anyway: the document has no indicator appendix, only tasks.")
            )
        if retires:
            self.fields["allow_retire"] = forms.BooleanField(
                required=True,
                label=_(
                    "Keep the tasks and indicators this version no longer has, with their reports, "
                    "marked “no longer in the new plan”."
                ),
            )
        self.proposals, self.office_units = proposals, {str(u.pk): u for u in office_units}

    def unit_map(self) -> dict:
        result = {}
        for proposal, name in self.unit_rows:
            value = self.cleaned_data[name]
            result[proposal.name] = NEW_UNIT if value == NEW_UNIT else self.office_units[value]
        return result

    def indicator_changes(self) -> dict[int, dict]:
        return {
            ind.no: {"direction": self.cleaned_data[direction], "unit": self.cleaned_data[measure]}
            for ind, direction, measure in self.indicator_rows
        }


def _require_importer(user):
    if not access.can_import_plans(user):
        raise PermissionDenied


@access.member_required
def plan_import(request):
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = staging.stage(request.user, form.cleaned_data["file"].name, form.data_bytes)
        return redirect("plan_import_preview", token=token)
    return render(request, "web/plan_import.html", {"form": form})


@access.member_required
def plan_import_preview(request, token):
    _require_importer(request.user)
    staged = staging.load(request.user, token)
    if staged is None:
        if request.method == "POST":  # sent twice: the first request took the file
            messages.error(request, gettext("This file has already been imported, or its upload has expired."))
            return redirect("plan_list")
        raise Http404
    try:
        text = plan_text_from_bytes(staged.data)
        parsed = parse_for_import(text, access.office_of(request.user))
        office = access.office_of(request.user) or office_for(parsed)
    except PcitrackError as exc:  # the file was checked at upload; this is only a safety net
        messages.error(request, exc.message(gettext))
        staging.discard(token)
        return redirect("plan_import")
    existing = existing_plan(parsed, office)
    changes = plan_changes(existing, parsed) if existing else None
    proposals = propose_units(parsed, office)
    form = PreviewForm(
        request.POST or None,
        proposals=proposals,
        indicators=parsed.indicators,
        office_units=list(office.children.order_by("name")) if office else [],
        needs_consent=not parsed.indicators,
        retires=bool(changes and changes.retires_anything),
    )
    if request.method == "POST" and form.is_valid():
        done = _confirm(request, token, form, parsed, existing, office)
        if done is not None:
            return done
    return _preview_page(request, form, parsed, existing, changes, staged, office)


def _confirm(request, token, form, parsed, existing, office):
    """Store the confirmed plan once: a second confirmation of the same upload finds the file taken."""
    staged = staging.claim(request.user, token)
    if staged is None:
        messages.error(request, gettext("This file has already been imported, or its upload has expired."))
        return redirect("plan_list")
    corrected = with_indicator_changes(parsed, form.indicator_changes())
    options = {
        "user": request.user,
        "source_name": staged.filename,
        "unit_map": form.unit_map(),
        "allow_no_indicators": bool(form.cleaned_data.get("no_indicators")),
    }
    try:
        if existing:
            applied = update_plan(
                existing, corrected, allow_retire=bool(form.cleaned_data.get("allow_retire")), **options
            )
            plan = existing
            messages.success(
                request,
                gettext("This version changes nothing; the plan is as it was.")
                if applied.is_empty
                else gettext("The plan has been updated."),
            )
        else:
            plan = import_plan(corrected, office=office, **options)
            messages.success(request, gettext("The plan has been imported."))
    except PcitrackError as exc:
        staging.release(token)
        form.add_error(None, exc.message(gettext))
        return None
    staging.discard(token)
    return redirect("plan_detail", pk=plan.pk)


def _preview_page(request, form, parsed, existing, changes, staged, office):
    return render(
        request,
        "web/plan_import_preview.html",
        {
            "form": form,
            "parsed": parsed,
            "document": parsed.document,
            "warnings": [w.message(gettext) for w in parsed.warnings],
            "existing": existing,
            "changes": describe(changes) if changes else None,
            "retires": bool(changes and changes.retires_anything),
            "filename": staged.filename,
            "office": office,
        },
    )
