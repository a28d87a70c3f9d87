"""Words for an indicator's status, an observation's source and period, shared by the pages and the official report."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STATUS_LABELS = {
    "target_achieved": gettext_lazy("target achieved"),
    "on_track": gettext_lazy("on track"),
    "needs_acceleration": gettext_lazy("needs acceleration"),
    "limited_progress": gettext_lazy("limited progress"),
    "deterioration": gettext_lazy("deterioration"),
    "not_available": gettext_lazy("no data to judge"),
}
SOURCE_SHORT = {
    "pci": "PCI",
    "survey": gettext_lazy("survey"),
    "admin": gettext_lazy("records"),
    "unit_report": gettext_lazy("unit report"),
}


def period_label(point) -> str:
    """2024, "6T1/2024", "Q3/2024" (or the English equivalents), of an observation, a point or its
    audit snapshot (a dict); "—" when the year is not known."""
    if point is None:
        return ""
    get = point.get if isinstance(point, dict) else lambda name, default=None: getattr(point, name, default)
    year, period_type, no = get("year"), get("period_type", "Y"), get("period_no")
    if year is None:
        return "—"
    if period_type == "Q":
        return _("Q%(no)s/%(year)s") % {"no": no, "year": year}
    if period_type == "H":
        return _("H%(no)s/%(year)s") % {"no": no, "year": year}
    return str(year)
