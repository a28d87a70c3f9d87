from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcitrack.core import report_check
from pcitrack.core.bounds import describe, value_range
from pcitrack.core.errors import render
from pcitrack.core.todo import Urgency
from pcitrack.monitoring.labels import (
    SOURCE_SHORT,
    baseline_text,
    basis_text,
    ended_target_text,
    milestone_text,
    period_label,
    quantity,
    reason_text,
    set_aside_text,
    status_text,
    verdict_text,
)
from pcitrack.monitoring.scorecard import target_states
from pcitrack.plans.models import Task
from pcitrack.reporting.deadlines import task_status_words

register = template.Library()


register.filter("quantity", quantity)


@register.filter
def count(value) -> str:
    """A whole number for reading: 1200 -> "1.200" in Vietnamese; nothing -> "—"."""
    if value is None or value == "":
        return "—"
    return number_format(value, force_grouping=True)


@register.filter
def direction_label(direction: str) -> str:
    return _("lower is better") if direction == "down" else _("higher is better")


@register.filter
def range_text(bounds) -> str:
    """An indicator's valid range in words: "từ 0 đến 100", "từ 0 trở lên"."""
    return render(*describe(bounds), _)


@register.filter
def declared_range(snapshot: dict | None, indicator) -> str:
    """The range an audit snapshot of an indicator's limits gives it, in words."""
    if not snapshot:
        return "—"
    low, high = (None if snapshot.get(k) is None else float(snapshot[k]) for k in ("min_value", "max_value"))
    return range_text(value_range(indicator.unit_of_measure, indicator.name, low, high))


@register.filter
def direction_arrow(direction: str) -> str:
    return "↓" if direction == "down" else "↑"


@register.filter
def field(form, name: str):
    """The bound field of a form by name, for forms whose fields are made at run time."""
    return form[name]


@register.filter
def status_label(status: str, estimated: bool = False) -> str:
    return status_text(status, bool(estimated))


@register.filter
def set_aside(row, unit: str = "") -> str:
    return set_aside_text(row.judgement, row.points, unit)


@register.filter
def names_unit(name: str, unit: str) -> bool:
    """Whether an indicator's name already says its unit ("… (%)", "(% DN Đồng ý)"): then it is not repeated."""
    return f"({unit}" in name or f"{unit})" in name


@register.filter
def verdict_label(key: str) -> str:
    return verdict_text(key)


@register.filter
def basis(judgement, unit: str = "") -> str:
    return basis_text(judgement, unit)


@register.filter
def reason(judgement, unit: str = "") -> str:
    return reason_text(judgement, unit)


register.filter("period_label", period_label)
register.filter("task_status", task_status_words)


@register.filter
def days_late(report) -> int:
    """How many days after its due date the report was first submitted or received (0: on time, or not yet)."""
    if report is None or report.first_submitted_at is None:
        return 0
    return report_check.days_late(
        timezone.localdate(report.first_submitted_at), report.period.due
    )  # a task's status against its deadline, in words


@register.filter
def milestone(target, unit: str = "") -> str:
    """One of a plan's targets: its number in the office's format, or its words as written ("Duy trì")."""
    return milestone_text(target, unit)


@register.filter
def ended_target(state, unit: str = "") -> str:
    """An ended target's verdict with the value it rests on."""
    return ended_target_text(state, unit)


@register.filter
def baseline(item) -> str:
    """The value a plan target, or an indicator read from a plan file, starts from, with its year: "Năm 2024: 75 %";
    "" when the plan states none."""
    if hasattr(item, "baseline_value"):
        return baseline_text(item.baseline_year, item.baseline_value, item.indicator.unit_of_measure)
    stated = getattr(item, "baseline", None)
    return baseline_text(stated.year, stated.value, item.unit or "") if stated is not None else ""


@register.filter
def recurrence_label(value: str | None) -> str:
    """ "thường xuyên", "hằng quý": how often a task comes due, in words; "" for a one-off task."""
    return str(dict(Task.Recurrence.choices).get(value or "", ""))


@register.filter
def schedule(target):
    """A plan target's targets by year, the one in force today marked (core.status rule 9)."""
    return target_states(target)


@register.filter
def source_short(source: str) -> str:
    return str(SOURCE_SHORT.get(source, source))


@register.filter
def trend_arrow(trend: str | None, direction: str) -> str:
    """↑, ↓ or → with a word saying whether the movement is good for this indicator."""
    if trend is None:
        return ""
    if trend == "flat":
        return "→"
    good = (trend == "up") == (direction == "up")
    return ("↑" if trend == "up" else "↓") + " " + (_("better") if good else _("worse"))


@register.filter
def percent(value) -> str:
    """0.0598 -> "5,98 %" in Vietnamese."""
    if value is None:
        return "—"
    return quantity(float(value) * 100, "%")


REPORT_ACTIONS = {
    "report.start": gettext_lazy("started"),
    "report.save": gettext_lazy("saved"),
    "report.submit": gettext_lazy("submitted"),
    "report.return": gettext_lazy("returned"),
    "report.approve": gettext_lazy("approved"),
    "report.reopen": gettext_lazy("reopened"),
    "evidence.add": gettext_lazy("evidence attached"),
    "evidence.remove": gettext_lazy("evidence removed"),
    "observation.create": gettext_lazy("value entered"),
    "observation.update": gettext_lazy("value changed"),
    "observation.delete": gettext_lazy("value deleted"),
    "observation.accept": gettext_lazy("value accepted"),
    "indicator.range": gettext_lazy("valid range changed"),
}


@register.filter
def report_action(action: str) -> str:
    return str(REPORT_ACTIONS.get(action, action))


@register.filter
def changed_fields(summary: str) -> str:
    """ "problems, task:III.3, indicator:2" in words of the active language."""
    words = {"problems": _("problems"), "proposals": _("proposals"), "next_plans": _("plans for the next period"),
             "status": _("status")}  # fmt: skip
    out = []
    for item in filter(None, (part.strip() for part in (summary or "").split(","))):
        kind, _sep, ref = item.partition(":")
        if kind == "task":
            out.append(_("task %(ref)s") % {"ref": ref})
        elif kind == "indicator":
            out.append(_("indicator %(no)s") % {"no": ref})
        else:
            out.append(str(words.get(item, item)))
    return ", ".join(out)


@register.filter
def urgency_label(urgency: str) -> str:
    """What an item on the home page asks, in words: "bị trả lại", "trễ hạn", "sắp đến hạn", "đang mở"."""
    return _(Urgency(urgency).label) if urgency in Urgency else str(urgency)
