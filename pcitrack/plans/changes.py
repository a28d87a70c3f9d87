"""What a new version of a plan changes compared with the stored one."""

from __future__ import annotations

from dataclasses import dataclass, field

from pcitrack.core.plan_parser import ParsedPlan
from pcitrack.core.text import format_number
from pcitrack.core.text import key as text_key

from .models import Plan, PlanTarget


@dataclass
class PlanChanges:
    header: dict[str, tuple] = field(default_factory=dict)
    tasks_added: list[str] = field(default_factory=list)
    tasks_removed: list[str] = field(default_factory=list)
    tasks_changed: list[str] = field(default_factory=list)
    indicators_added: list[tuple[int, str]] = field(default_factory=list)
    indicators_removed: list[tuple[int, str]] = field(default_factory=list)
    indicators_changed: list[tuple[int, str, dict]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            [self.header, self.tasks_added, self.tasks_removed, self.tasks_changed]
            + [self.indicators_added, self.indicators_removed, self.indicators_changed]
        )

    def to_dict(self) -> dict:
        return {
            "header": {k: [str(a), str(b)] for k, (a, b) in self.header.items()},
            "tasks_added": self.tasks_added,
            "tasks_removed": self.tasks_removed,
            "tasks_changed": self.tasks_changed,
            "indicators_added": [list(x) for x in self.indicators_added],
            "indicators_removed": [list(x) for x in self.indicators_removed],
            "indicators_changed": [
                [no, name, {k: [str(a), str(b)] for k, (a, b) in diff.items()}]
                for no, name, diff in self.indicators_changed
            ],
        }


def _labels(assignments, role: str) -> list[str]:
    return sorted(a.label for a in assignments if a.role == role)


def _parsed_labels(units, role: str) -> list[str]:
    names = units.lead + units.lead_groups if role == "lead" else units.support + units.support_groups
    return sorted(names)


def match_targets(plan: Plan, parsed: ParsedPlan):
    """Pairs (stored target, parsed indicator) by name, then by number; the rest added or removed."""
    targets = list(plan.targets.select_related("indicator").prefetch_related("assignments__unit"))
    by_key = {t.indicator.key: t for t in targets}
    pairs, unmatched = [], []
    for ind in parsed.indicators:
        target = by_key.pop(text_key(ind.name)[:500], None)
        (pairs.append((target, ind)) if target else unmatched.append(ind))
    left = {t.no: t for t in by_key.values()}
    added = []
    for ind in unmatched:
        target = left.pop(ind.no, None)
        (pairs.append((target, ind)) if target else added.append(ind))
    return pairs, added, list(left.values())


def _target_diff(target: PlanTarget, ind) -> dict:
    before = {
        "name": target.indicator.name,
        "no": target.no,
        "target": None if target.target_value is None else float(target.target_value),
        "target_text": target.target_text,
        "target_year": target.target_year,
        "unit": target.indicator.unit_of_measure or None,
        "direction": target.indicator.direction,
        "lead": _labels(target.assignments.all(), "lead"),
        "support": _labels(target.assignments.all(), "support"),
    }
    after = {
        "name": ind.name,
        "no": ind.no,
        "target": ind.target,
        "target_text": ind.target_text,
        "target_year": ind.target_year,
        "unit": ind.unit,
        "direction": ind.direction,
        "lead": _parsed_labels(ind.units, "lead"),
        "support": _parsed_labels(ind.units, "support"),
    }
    diff = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if before["target"] is not None and after["target"] is not None:
        diff.pop("target_text", None)  # "70%" -> "75%" says nothing "target" does not
    return diff


def plan_changes(plan: Plan, parsed: ParsedPlan) -> PlanChanges:
    changes = PlanChanges()
    doc = parsed.document
    for name, old, new in [
        ("number", plan.number, doc.number or ""),
        ("date", plan.date, doc.date),
        ("title", plan.title, doc.title or ""),
        ("place", plan.place, doc.place or ""),
    ]:
        if old != new:
            changes.header[name] = (old, new)

    old_tasks = {t.ref: t for t in plan.tasks.prefetch_related("assignments__unit")}
    for t in parsed.tasks:
        stored = old_tasks.pop(t.ref, None)
        if stored is None:
            changes.tasks_added.append(t.ref)
        elif (stored.text, _labels(stored.assignments.all(), "lead"), _labels(stored.assignments.all(), "support")) != (
            t.text,
            _parsed_labels(t.units, "lead"),
            _parsed_labels(t.units, "support"),
        ):
            changes.tasks_changed.append(t.ref)
    changes.tasks_removed = list(old_tasks)

    pairs, added, removed = match_targets(plan, parsed)
    for target, ind in sorted(pairs, key=lambda p: p[1].no):
        diff = _target_diff(target, ind)
        if diff:
            changes.indicators_changed.append((ind.no, ind.name, diff))
    changes.indicators_added = [(i.no, i.name) for i in added]
    changes.indicators_removed = sorted((t.no, t.indicator.name) for t in removed)
    return changes


def _show(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def describe(changes: PlanChanges) -> list[str]:
    """One line per change, in the active language."""
    from django.utils.translation import gettext as _

    labels = {
        "number": _("number"), "date": _("date"), "title": _("title"), "place": _("place"), "name": _("name"),
        "no": _("no."), "target": _("target"), "target_text": _("target as written"), "target_year": _("target year"),
        "unit": _("unit of measure"), "direction": _("direction"), "lead": _("lead"), "support": _("support"),
    }  # fmt: skip
    lines = [
        _("Changed %(field)s: “%(old)s” → “%(new)s”") % {"field": labels[k], "old": _show(a), "new": _show(b)}
        for k, (a, b) in changes.header.items()
    ]
    if changes.tasks_added:
        lines.append(_("Tasks added: %(refs)s") % {"refs": ", ".join(changes.tasks_added)})
    if changes.tasks_removed:
        lines.append(_("Tasks removed: %(refs)s") % {"refs": ", ".join(changes.tasks_removed)})
    if changes.tasks_changed:
        lines.append(_("Tasks changed: %(refs)s") % {"refs": ", ".join(changes.tasks_changed)})
    for no, name in changes.indicators_added:
        lines.append(_("Indicator added: %(no)s. %(name)s") % {"no": no, "name": name})
    for no, name in changes.indicators_removed:
        lines.append(_("Indicator removed: %(no)s. %(name)s") % {"no": no, "name": name})
    for no, _name, diff in changes.indicators_changed:
        parts = "; ".join(f"{labels[k]}: {_show(a)} → {_show(b)}" for k, (a, b) in diff.items())
        lines.append(_("Indicator %(no)s changed (%(changes)s)") % {"no": no, "changes": parts})
    return lines
