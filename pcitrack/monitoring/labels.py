"""Words for an indicator's status, an observation's source and period, shared by the pages and the official report."""

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcitrack.core import status as rules
from pcitrack.core.periods import PeriodKind, period_name

STATUS_LABELS = {
    "target_achieved": gettext_lazy("target achieved"),
    "not_achieved": gettext_lazy("not achieved"),
    "on_track": gettext_lazy("on track"),
    "needs_acceleration": gettext_lazy("needs acceleration"),
    "limited_progress": gettext_lazy("limited progress"),
    "deterioration": gettext_lazy("deterioration"),
    "not_available": gettext_lazy("no data to judge"),
}
# A verdict that rests on an estimate, once the target year has ended (until the official value arrives).
ESTIMATED_LABELS = {
    "target_achieved": gettext_lazy("estimated achieved"),
    "not_achieved": gettext_lazy("estimated not achieved"),
}
SOURCE_SHORT = {
    "pci": "PCI",
    "survey": gettext_lazy("survey"),
    "admin": gettext_lazy("records"),
    "unit_report": gettext_lazy("unit report"),
}


def period_label(point) -> str:
    """The period of an observation, a point or its audit snapshot (a dict), by the one name every page gives a
    period ("6 tháng đầu năm 2024", "Quý III/2024"), a year by its number; "—" when the year is not known."""
    if point is None:
        return ""
    get = point.get if isinstance(point, dict) else lambda name, default=None: getattr(point, name, default)
    year, period_type, no = get("year"), get("period_type", "Y"), get("period_no")
    if year is None:
        return "—"
    kind = PeriodKind.from_code(period_type or "Y")
    if kind == PeriodKind.YEAR:
        return str(year)  # a value's year needs no word beside it: "52,6 điểm (2024)"
    template, values = period_name(kind, no or 1, year)
    return _(template) % values


def status_text(status: str, estimated: bool = False) -> str:
    label = ESTIMATED_LABELS.get(status) if estimated else None
    return str(label or STATUS_LABELS.get(status, status))


def verdict_text(key: str) -> str:
    """The words of a verdict key (core.status.VERDICTS): "đã đạt mục tiêu", "ước đạt", ..."""
    return status_text(*rules.verdict_parts(key))


TREND_WORDS = {
    ("up", True): gettext_lazy("rising (better)"),
    ("up", False): gettext_lazy("rising (worse)"),
    ("down", True): gettext_lazy("falling (better)"),
    ("down", False): gettext_lazy("falling (worse)"),
}


def trend_text(trend: str | None, direction: str) -> str:
    """The latest movement in words, saying whether it is good for this indicator; "" when there is none."""
    if trend is None:
        return ""
    if trend == "flat":
        return _("unchanged")
    good = (trend == "up") == (direction == "up")
    return str(TREND_WORDS[(trend, good)])


def quantity(value, unit: str = "") -> str:
    """52.61 + "điểm" -> "52,61 điểm"; 38.5 -> "38,5"; 100 + "%" -> "100 %" (localised, no trailing zeros)."""
    if value is None or value == "":
        return "—"
    number = floatformat(value, "2g")
    decimal = get_format("DECIMAL_SEPARATOR")
    if decimal in number:
        number = number.rstrip("0").rstrip(decimal)
    return f"{number}\u00a0{unit}" if unit else number


SOURCE_PHRASES = {
    "pci": gettext_lazy("the official PCI result"),
    "survey": gettext_lazy("the office's own survey"),
    "admin": gettext_lazy("administrative records"),
    "unit_report": gettext_lazy("a unit's approved report"),
}


def period_words(point) -> str:
    """ "năm 2025", "quý 3/2025", "6 tháng đầu năm 2025": a period in a sentence."""
    if point.period_type == "Q":
        return _("quarter %(no)s/%(year)s") % {"no": point.period_no, "year": point.year}
    if point.period_type == "H":
        half = _("first half of %(year)s") if point.period_no == 1 else _("second half of %(year)s")
        return half % {"year": point.year}
    return _("year %(year)s") % {"year": point.year}


def basis_text(judgement, unit: str = "") -> str:
    """ "survey · 2025 · estimate": the short form shown next to a status."""
    if judgement.basis is None:
        return ""
    point = judgement.basis.point
    parts = [str(SOURCE_SHORT.get(point.source, point.source)), period_label(point)]
    if judgement.basis.estimated:
        parts.append(_("estimate"))
    return " · ".join(parts)


def target_words(target, direction: str, unit: str = "") -> str:
    """ "70 %", or "at most 5 days" where lower is better (the target is a ceiling)."""
    if direction == "down" and target is not None:
        return _("at most %(target)s") % {"target": quantity(target, unit)}
    return quantity(target, unit)


def milestone_text(milestone, unit: str = "", direction: str = "up") -> str:
    """One target: "80 %", "at most 5 days" where lower is better, or the target in words as written ("Duy trì")."""
    if milestone.value is None:
        return milestone.text or "—"
    return target_words(milestone.value, direction, unit)


def targets_text(states, unit: str = "", direction: str = "up", *, mark: bool = True) -> str:
    """Every target by year, "2025: 80 % · 2026: 85 % (in force)", the one in force marked when there are several.
    `states` are core.status.TargetState (their `target` a Milestone), or Milestones."""
    states = list(states)
    parts = []
    for state in states:
        milestone = getattr(state, "target", state)
        text = milestone_text(milestone, unit, direction)
        if milestone.year is not None:
            text = f"{milestone.year}: {text}"
        if mark and len(states) > 1 and getattr(state, "in_force", False):
            text += " (" + _("in force") + ")"
        parts.append(text)
    return " · ".join(parts)


def baseline_text(year, value, unit: str = "") -> str:
    """The value the plan starts from, with its year: "Năm 2024: 75 %"; "" when the plan states none."""
    if value is None:
        return ""
    if year is None:
        return quantity(value, unit)
    return _("Year %(year)s: %(value)s") % {"year": year, "value": quantity(value, unit)}


def ended_target_text(state, unit: str = "") -> str:
    """An ended target's verdict and the value it rests on: "ước không đạt (khảo sát Q2/2025: 78,5 %)"."""
    if state.status is None:
        return ""
    if state.basis is None:
        return _("no value for %(year)s yet") % {"year": state.target.year}
    words = status_text(state.status, state.estimated)
    point = state.basis.point
    return (
        f"{words} ({SOURCE_SHORT.get(point.source, point.source)} {period_label(point)}: {quantity(point.value, unit)})"
    )


def reason_text(judgement, unit: str = "") -> str:
    """Why the status is what it is, in a sentence a person reads next to it."""
    as_of = date_format(judgement.as_of, "SHORT_DATE_FORMAT")
    basis = judgement.basis
    if judgement.reason == rules.NO_TARGET_YEAR_VALUE:
        return _("No value for %(year)s yet, the year of the target.") % {"year": judgement.target_year}
    if basis is None:
        return _("No value yet.")
    point = basis.point
    values = {
        "source": SOURCE_PHRASES.get(point.source, point.source),
        "period": period_words(point),
        "value": quantity(point.value, unit),
        "target": target_words(judgement.target, judgement.direction, unit),
        "target_year": judgement.target_year,
        "as_of": as_of,
    }
    if judgement.reason == rules.STALE:
        return (
            _(
                "The latest value, %(value)s (%(period)s, from %(source)s), is more than three years older than "
                "%(as_of)s: too old to judge."
            )
            % values
        )
    estimated = _(" (an estimate until the official result is published)") if basis.estimated else ""
    if point.sample:
        estimated += _(" (sample data invented for the demo)")
    if judgement.reason == rules.TARGET_YEAR_VALUE:
        return _("According to %(source)s for %(period)s%(estimated)s: %(value)s against a target of %(target)s.") % (
            values | {"estimated": estimated}
        )
    if judgement.target is None:
        return _("According to %(source)s for %(period)s%(estimated)s: %(value)s.") % (
            values | {"estimated": estimated}
        )
    return _(
        "According to %(source)s for %(period)s%(estimated)s: %(value)s, against a target of %(target)s "
        "by %(target_year)s."
    ) % (values | {"estimated": estimated})


def set_aside_text(judgement, points, unit: str = "") -> str:
    """The target year's other values, which the verdict does not rest on, and why (rule 2's order of sources)."""
    basis = judgement.basis
    if judgement.reason != rules.TARGET_YEAR_VALUE or basis is None:
        return ""
    others = [p for p in points if p.year == judgement.target_year and p != basis.point]
    if not others:
        return ""
    values = "; ".join(
        f"{SOURCE_SHORT.get(p.source, p.source)} {period_label(p)}: {quantity(p.value, unit)}" for p in others
    )
    return _(
        "Other values for %(year)s, set aside because the one above comes first (VCCI's official result, then the "
        "office's own survey, administrative records and units' approved reports; a year's value before a "
        "quarter's): %(values)s."
    ) % {"year": judgement.target_year, "values": values}


def source_with_notes(source: str, *, estimated: bool, sample: bool) -> str:
    """ "khảo sát của văn phòng (ước tính; dữ liệu mẫu)": a value's source with what a reader must know of it."""
    notes = [note for note, applies in ((_("estimate"), estimated), (_("sample data"), sample)) if applies]
    return f"{source} ({'; '.join(notes)})" if notes else source
