"""Importing a VCCI release through the web: upload, preview against what is stored, confirm.

VCCI's results are national, published data, one set for every office: any office's monitors (and
administrators) may import them; a staged file is its uploader's only (pcitrack.plans.staging).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcitrack import access
from pcitrack.core.errors import PcitrackError
from pcitrack.core.errors import render as render_message
from pcitrack.core.vcci_release import MAX_BYTES
from pcitrack.pci.services import import_releases, read_release_file, release_changes
from pcitrack.plans import staging

KIND = "pci"


def _require_importer(user):
    if not access.can_import_pci(user):
        raise PermissionDenied


class ReleaseUploadForm(forms.Form):
    file = forms.FileField(label=_("VCCI release (.xlsx, or .csv)"), error_messages={"empty": _("The file is empty.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is too large (%(size)s MB); a PCI release is at most %(limit)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024}
            )
        data = upload.read(MAX_BYTES + 1)
        try:
            read_release_file(data, upload.name)
        except PcitrackError as exc:
            raise forms.ValidationError(exc.message(gettext)) from None
        self.data_bytes = data
        return upload


@access.member_required
def pci_import(request):
    _require_importer(request.user)
    form = ReleaseUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = staging.stage(request.user, form.cleaned_data["file"].name, form.data_bytes, kind=KIND)
        return redirect("pci_import_preview", token=token)
    return render(request, "web/pci_import.html", {"form": form})


@access.member_required
def pci_import_preview(request, token):
    _require_importer(request.user)
    if request.method == "POST":
        return _confirm(request, token)
    staged = staging.load(request.user, token, kind=KIND)
    if staged is None:
        raise Http404
    try:
        releases = read_release_file(staged.data, staged.filename)
    except PcitrackError as exc:  # checked at upload; a safety net
        messages.error(request, exc.message(gettext))
        staging.discard(token)
        return redirect("pci_import")
    previews = []
    for release in releases:
        changes = release_changes(release)
        changes["warnings"] = [render_message(t, p, gettext) for t, p in changes["warnings"]]
        previews.append(changes)
    return render(request, "web/pci_import_preview.html", {
        "previews": previews, "filename": staged.filename, "digest": hashlib.sha256(staged.data).hexdigest(),
        "blocked": any(p["counts"]["unknown"] for p in previews),
    })  # fmt: skip


def _confirm(request, token):
    """Store a confirmed file once: a second confirmation of the same upload finds it taken."""
    staged = staging.claim(request.user, token, kind=KIND)
    if staged is None:
        messages.error(request, gettext("This file has already been imported, or its upload has expired."))
        return redirect("pci_overview")
    if request.POST.get("digest") != hashlib.sha256(staged.data).hexdigest():
        staging.release(token)
        messages.error(request, gettext("The file has changed since it was shown; check it again."))
        return redirect("pci_import_preview", token=token)
    try:
        summaries = import_releases(read_release_file(staged.data, staged.filename), user=request.user,
                                    source=staged.filename)  # fmt: skip
    except PcitrackError as exc:
        staging.release(token)
        messages.error(request, exc.message(gettext))
        return redirect("pci_import_preview", token=token)
    staging.discard(token)
    for summary in summaries:
        messages.success(
            request, gettext("PCI %(year)s: %(provinces)s provinces, %(indicator_values)s indicator values.") % summary
        )
    return redirect(f"{reverse('pci_overview')}?year={summaries[-1]['year']}")
