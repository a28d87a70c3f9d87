"""What a new version of a plan changes compared with the stored one.

Tasks and targets are paired with the new version's by what they say (core.matching), not by
their number: a task renumbered from III.3 to III.4 stays the same task, with its reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pcitrack.core.matching import Item, match_items
from pcitrack.core.plan_parser import ParsedPlan
from pcitrack.core.text import format_number

from .models import Plan, PlanTarget, Task

# An indicator's name must be nearly the same to be the same indicator: the seed's
# "Thông tin trên website của tỉnh về ..." indicators score up to 85 against each other.
INDICATOR_SIMILARITY = 90.0


@dataclass
class Match:
    """Stored rows paired with the new version's items."""

    pairs: list[tuple] = field(default_factory=list)  # (stored current row, parsed item)
    restored: list[tuple] = field(default_factory=list)  # (stored retired row, parsed item): back in the plan
    added: list = field(default_factory=list)  # parsed items with no stored row
    retired: list = field(default_factory=list)  # stored current rows the new version drops


def _match(stored: list, parsed: list, item_of_stored, item_of_parsed, **thresholds) -> Match:
    current = [s for s in stored if s.retired_at is None]
    retired = [s for s in stored if s.retired_at is not None]
    first = match_items([item_of_stored(s) for s in current], [item_of_parsed(p) for p in parsed], **thresholds)
    left = [parsed[j] for j in first.new_only]
    again = match_items([item_of_stored(s) for s in retired], [item_of_parsed(p) for p in left], **thresholds)
    return Match(
        pairs=[(current[i], parsed[j]) for i, j in first.pairs],
        restored=[(retired[i], left[j]) for i, j in again.pairs],
        added=[left[j] for j in again.new_only],
        retired=[current[i] for i in first.old_only],
    )


def match_tasks(plan: Plan, parsed: ParsedPlan) -> Match:
    """Tasks are the same when their text is (nearly) the same, preferably under the same heading."""
    stored = list(plan.tasks.prefetch_related("assignments__unit"))
    return _match(
        stored,
        parsed.tasks,
        lambda t: Item(t.text, t.section_title, t.kind),
        lambda t: Item(t.text, t.section_title, t.kind),
    )


def match_targets(plan: Plan, parsed: ParsedPlan) -> Match:
    """Targets are the same when their indicator's name is nearly the same, whatever their number."""
    stored = list(plan.targets.select_related("indicator").prefetch_related("assignments__unit"))
    return _match(
        stored,
        parsed.indicators,
        lambda t: Item(t.indicator.name),
        lambda i: Item(i.name),
        same_group=INDICATOR_SIMILARITY,
        other_group=INDICATOR_SIMILARITY,
    )


@dataclass
class PlanChanges:
    header: dict[str, tuple] = field(default_factory=dict)
    tasks_added: list[str] = field(default_factory=list)
    tasks_retired: list[tuple[str, str]] = field(default_factory=list)  # (ref, text)
    tasks_restored: list[str] = field(default_factory=list)
    tasks_renumbered: list[tuple[str, str, str]] = field(default_factory=list)  # (old ref, new ref, text)
    tasks_changed: list[str] = field(default_factory=list)
    indicators_added: list[tuple[int, str]] = field(default_factory=list)
    indicators_retired: list[tuple[int, str]] = field(default_factory=list)
    indicators_restored: list[tuple[int, str]] = field(default_factory=list)
    indicators_renumbered: list[tuple[int, int, str]] = field(default_factory=list)  # (old no., new no., name)
    indicators_changed: list[tuple[int, str, dict]] = field(default_factory=list)
    task_match: Match = field(default_factory=Match, repr=False, compare=False)
    target_match: Match = field(default_factory=Match, repr=False, compare=False)

    @property
    def is_empty(self) -> bool:
        return not any(
            [self.header, self.tasks_added, self.tasks_retired, self.tasks_restored, self.tasks_renumbered]
            + [self.tasks_changed, self.indicators_added, self.indicators_retired, self.indicators_restored]
            + [self.indicators_renumbered, self.indicators_changed]
        )

    @property
    def retires_anything(self) -> bool:
        """Whether applying it takes tasks or indicators out of the plan: a person must agree."""
        return bool(self.tasks_retired or self.indicators_retired)

    def to_dict(self) -> dict:
        return {
            "header": {k: [str(a), str(b)] for k, (a, b) in self.header.items()},
            "tasks_added": self.tasks_added,
            "tasks_retired": [list(x) for x in self.tasks_retired],
            "tasks_restored": self.tasks_restored,
            "tasks_renumbered": [list(x) for x in self.tasks_renumbered],
            "tasks_changed": self.tasks_changed,
            "indicators_added": [list(x) for x in self.indicators_added],
            "indicators_retired": [list(x) for x in self.indicators_retired],
            "indicators_restored": [list(x) for x in self.indicators_restored],
            "indicators_renumbered": [list(x) for x in self.indicators_renumbered],
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


def _task_differs(stored: Task, t) -> bool:
    assignments = stored.assignments.all()
    return (
        stored.text,
        stored.kind,
        stored.section_title,
        _labels(assignments, "lead"),
        _labels(assignments, "support"),
        stored.deadline,
        stored.deadline_text,
        stored.recurrence,
        stored.output,
    ) != (
        t.text,
        t.kind,
        t.section_title[:500],
        _parsed_labels(t.units, "lead"),
        _parsed_labels(t.units, "support"),
        t.deadline,
        t.deadline_text[:255],
        t.recurring or "",
        t.output,
    )


def _years(targets: list[dict]) -> str:
    """Targets by year in words, to compare and to show: "2025: 80% · 2026: 85%"."""
    return " · ".join(f"{t['year']}: {t['text']}" if t.get("year") else t["text"] for t in targets)


def _baseline(year, value) -> str:
    if value is None:
        return ""
    number = format_number(float(value))
    return f"{number} ({year})" if year else number


def _target_diff(target: PlanTarget, ind) -> dict:
    before = {
        "name": target.indicator.name,
        "target": None if target.target_value is None else float(target.target_value),
        "target_text": target.target_text,
        "target_year": target.target_year,
        "targets": _years(target.yearly_targets),
        "baseline": _baseline(target.baseline_year, target.baseline_value),
        "unit": target.indicator.unit_of_measure or None,
        "direction": target.indicator.direction,
        "lead": _labels(target.assignments.all(), "lead"),
        "support": _labels(target.assignments.all(), "support"),
    }
    after = {
        "name": ind.name,
        "target": ind.target,
        "target_text": ind.target_text,
        "target_year": ind.target_year,
        "targets": _years([t.to_dict() for t in ind.targets]),
        "baseline": _baseline(ind.baseline.year, ind.baseline.value) if ind.baseline else "",
        "unit": ind.unit,
        "direction": ind.direction,
        "lead": _parsed_labels(ind.units, "lead"),
        "support": _parsed_labels(ind.units, "support"),
    }
    diff = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if before["target"] is not None and after["target"] is not None:
        diff.pop("target_text", None)  # "70%" -> "75%" says nothing "target" does not
    if len(target.yearly_targets) <= 1 and len(ind.targets) <= 1:
        diff.pop("targets", None)  # one target: "target" and "target_year" say it
    return diff


def header_values(plan: Plan, parsed: ParsedPlan) -> dict:
    """The plan's header as the new version gives it. What the document does not state (its
    issuer, its place: the seed's text has no letterhead) keeps the value stored."""
    doc = parsed.document
    return {
        "doc_type": doc.type or "KH",
        "number": doc.number or "",
        "date": doc.date,
        "date_text": doc.date_text or "",
        "issuer": doc.issuer or plan.issuer,
        "place": doc.place or plan.place,
        "title": doc.title or "",
    }


def plan_changes(plan: Plan, parsed: ParsedPlan) -> PlanChanges:
    changes = PlanChanges()
    new = header_values(plan, parsed)
    for name in ("doc_type", "number", "date", "title", "place"):
        if getattr(plan, name) != new[name]:
            changes.header[name] = (getattr(plan, name), new[name])

    tasks = changes.task_match = match_tasks(plan, parsed)
    position = {id(t): i for i, t in enumerate(parsed.tasks)}
    for stored, t in sorted(tasks.pairs + tasks.restored, key=lambda p: position[id(p[1])]):
        if stored.ref != t.ref:
            changes.tasks_renumbered.append((stored.ref, t.ref, t.text[:100]))
        if _task_differs(stored, t):
            changes.tasks_changed.append(t.ref)
    changes.tasks_restored = [t.ref for _stored, t in tasks.restored]
    changes.tasks_added = [t.ref for t in tasks.added]
    changes.tasks_retired = [(s.ref, s.text[:100]) for s in sorted(tasks.retired, key=lambda s: s.order)]

    targets = changes.target_match = match_targets(plan, parsed)
    for target, ind in sorted(targets.pairs + targets.restored, key=lambda p: p[1].no):
        if target.no != ind.no:
            changes.indicators_renumbered.append((target.no, ind.no, ind.name))
        diff = _target_diff(target, ind)
        if diff:
            changes.indicators_changed.append((ind.no, ind.name, diff))
    changes.indicators_restored = [(i.no, i.name) for _target, i in targets.restored]
    changes.indicators_added = [(i.no, i.name) for i in targets.added]
    changes.indicators_retired = sorted((t.no, t.indicator.name) for t in targets.retired)
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
        "doc_type": _("type"), "number": _("number"), "date": _("date"), "title": _("title"), "place": _("place"),
        "name": _("name"), "target": _("target"), "target_text": _("target as written"),
        "target_year": _("target year"), "targets": _("targets by year"), "baseline": _("baseline"),
        "unit": _("unit of measure"), "direction": _("direction"), "lead": _("lead"),
        "support": _("support"),
    }  # fmt: skip
    lines = [
        _("Changed %(field)s: “%(old)s” → “%(new)s”") % {"field": labels[k], "old": _show(a), "new": _show(b)}
        for k, (a, b) in changes.header.items()
    ]
    if changes.tasks_added:
        lines.append(_("Tasks added: %(refs)s") % {"refs": ", ".join(changes.tasks_added)})
    for ref, text in changes.tasks_retired:
        lines.append(
            _("Task %(ref)s is no longer in the new plan; it is kept with its reports: “%(text)s”")
            % {"ref": ref, "text": text}
        )
    if changes.tasks_restored:
        lines.append(_("Tasks back in the plan: %(refs)s") % {"refs": ", ".join(changes.tasks_restored)})
    if changes.tasks_renumbered:
        moves = ", ".join(f"{old} → {new}" for old, new, _text in changes.tasks_renumbered)
        lines.append(_("Tasks renumbered (their reports stay with them): %(moves)s") % {"moves": moves})
    if changes.tasks_changed:
        lines.append(_("Tasks changed: %(refs)s") % {"refs": ", ".join(changes.tasks_changed)})
    for no, name in changes.indicators_added:
        lines.append(_("Indicator added: %(no)s. %(name)s") % {"no": no, "name": name})
    for no, name in changes.indicators_retired:
        lines.append(
            _("Indicator %(no)s is no longer in the new plan; it is kept with its values: %(name)s")
            % {"no": no, "name": name}
        )
    for no, name in changes.indicators_restored:
        lines.append(_("Indicator back in the plan: %(no)s. %(name)s") % {"no": no, "name": name})
    for old, new, name in changes.indicators_renumbered:
        lines.append(_("Indicator %(old)s is now number %(new)s: %(name)s") % {"old": old, "new": new, "name": name})
    for no, _name, diff in changes.indicators_changed:
        parts = "; ".join(f"{labels[k]}: {_show(a)} → {_show(b)}" for k, (a, b) in diff.items())
        lines.append(_("Indicator %(no)s changed (%(changes)s)") % {"no": no, "changes": parts})
    return lines
