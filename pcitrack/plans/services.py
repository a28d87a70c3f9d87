"""Write operations on plans. Each runs in one transaction and leaves an audit record."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from pcitrack.audit.services import record
from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_parser import ParsedPlan, gettext_noop, parse_plan_text
from pcitrack.core.text import ascii_key, stored_decimal
from pcitrack.core.text import key as text_key
from pcitrack.org.models import Unit, UnitAlias

from .changes import PlanChanges, header_values, plan_changes
from .models import Document, Indicator, Plan, PlanTarget, TargetUnit, Task, TaskUnit

NEW_UNIT = "new"


def _kind_for(name: str) -> str:
    k = ascii_key(name)
    if k.startswith("phong "):
        return Unit.Kind.DEPARTMENT
    if k.startswith("trung tam "):
        return Unit.Kind.CENTRE
    return Unit.Kind.OTHER


def find_unit(office: Unit, name: str) -> Unit | None:
    """The office's unit with this name or one of its recorded spellings."""
    k = text_key(name)
    return office.children.filter(key=k).first() or Unit.objects.filter(parent=office, aliases__key=k).first()


def office_for(parsed: ParsedPlan) -> Unit | None:
    """The office a plan belongs to when nobody says: the one its issuer names, else the only one."""
    if parsed.document.issuer:
        named = Unit.objects.filter(parent=None, key=text_key(parsed.document.issuer)).first()
        if named:
            return named
    roots = list(Unit.objects.filter(parent=None)[:2])
    return roots[0] if len(roots) == 1 else None


def known_units(office: Unit | None) -> list[tuple[str, list[str]]]:
    """(name, aliases) of an office's units, for the parser to resolve against."""
    if office is None:
        return []
    return [(u.name, [a.name for a in u.aliases.all()]) for u in office.children.prefetch_related("aliases")]


def parse_for_import(text: str, office: Unit | None = None) -> ParsedPlan:
    """Parse a plan, resolving its unit names against its office's existing units. An indicator whose
    direction a person chose at an earlier import keeps that direction."""
    parsed = parse_plan_text(text)
    office = office or office_for(parsed)
    known = known_units(office)
    if known:
        parsed = parse_plan_text(text, known)
    if office is not None and parsed.indicators:
        chosen = dict(
            Indicator.objects.filter(office=office, direction_source="person").values_list("key", "direction")
        )
        for ind in parsed.indicators:
            if _indicator_key(ind.name) in chosen:
                ind.direction, ind.direction_source = chosen[_indicator_key(ind.name)], "person"
    return parsed


def existing_plan(parsed: ParsedPlan, office: Unit | None = None) -> Plan | None:
    """The stored plan this parsed one is a version of: same office, and same number or same title."""
    office = office or office_for(parsed)
    if office is None:
        return None
    doc = parsed.document
    plans = Plan.objects.filter(office=office)
    by_number = plans.filter(number=doc.number).first() if doc.number else None
    return by_number or (plans.filter(title=doc.title).first() if doc.title else None)


@dataclass
class UnitProposal:
    """What importing will do with one unit the document names."""

    name: str
    aliases: list[str]
    unit: Unit | None  # the existing unit it is matched to; None: a new unit is proposed
    approximate: list[str] = field(default_factory=list)


def propose_units(parsed: ParsedPlan, office: Unit | None) -> list[UnitProposal]:
    proposals = []
    for resolved in parsed.units:
        unit = find_unit(office, resolved.name) if office else None
        proposals.append(UnitProposal(resolved.name, resolved.to_dict()["aliases"], unit, resolved.approximate))
    return proposals


def with_indicator_changes(parsed: ParsedPlan, changes: dict[int, dict]) -> ParsedPlan:
    """A copy of parsed with the person's corrections: {no: {"direction": "down", "unit": "%"}}."""
    result = copy.deepcopy(parsed)
    for indicator in result.indicators:
        change = changes.get(indicator.no, {})
        if change.get("direction") in {"up", "down"} and change["direction"] != indicator.direction:
            indicator.direction, indicator.direction_source = change["direction"], "person"
        if "unit" in change and change["unit"] is not None:
            indicator.unit = change["unit"].strip() or None
    return result


def _office(parsed: ParsedPlan, office: Unit | None) -> Unit:
    office = office or office_for(parsed)
    if office is not None:
        return office
    if not parsed.document.issuer:
        raise PcitrackError(gettext_noop("The plan does not say which office issued it; it cannot be imported."))
    return Unit.objects.create(name=parsed.document.issuer, kind=Unit.Kind.OFFICE)


def _store_units(
    office: Unit, parsed: ParsedPlan, unit_map: dict | None, user=None
) -> tuple[dict[str, Unit], list[Unit], list[UnitAlias]]:
    """The Unit for each unit name of the plan: the one unit_map names, else the office's unit of that
    name, else a new one. Spellings seen for the first time are recorded as the unit's aliases."""
    units: dict[str, Unit] = {}
    created: list[Unit] = []
    aliases: list[UnitAlias] = []
    for resolved in parsed.units:
        choice = (unit_map or {}).get(resolved.name)
        unit = choice if isinstance(choice, Unit) else find_unit(office, resolved.name)
        if unit is not None and unit.parent_id != office.pk:
            raise PcitrackError(gettext_noop("“{name}” is not a unit of this office."), name=unit.name)
        if unit is None:
            unit = Unit.objects.create(name=resolved.name, parent=office, kind=_kind_for(resolved.name))
            created.append(unit)
        for name in resolved.aliases:
            if text_key(name) == unit.key:
                continue
            alias, made = UnitAlias.objects.get_or_create(unit=unit, name=name)
            if made:
                aliases.append(alias)
                record(
                    "unit.alias",
                    alias,
                    actor=user,
                    summary=f"{unit.name}: “{name}”"[:500],
                    after={"unit": unit.pk, "unit_name": unit.name, "alias": name},
                )
        units[resolved.name] = unit
    return units, created, aliases


def _wanted_assignments(parsed_units, units: dict[str, Unit]) -> list[tuple[str, int | None, str]]:
    rows = []
    for role, names, groups in (
        ("lead", parsed_units.lead, parsed_units.lead_groups),
        ("support", parsed_units.support, parsed_units.support_groups),
    ):
        rows += [(role, units[n].pk, "") for n in names]
        rows += [(role, None, g) for g in groups]
    return rows


def _assign(model, owner_field: str, owner, parsed_units, units: dict[str, Unit], *, replace: bool = False) -> None:
    """Give owner the units the plan names; when replacing, only if they differ from those it has."""
    wanted = _wanted_assignments(parsed_units, units)
    if replace:
        have = [(a.role, a.unit_id, a.group_label) for a in owner.assignments.all()]
        if sorted(have, key=str) == sorted(wanted, key=str):
            return
        owner.assignments.all().delete()
    model.objects.bulk_create(
        model(**{owner_field: owner}, role=role, unit_id=unit_id, group_label=group) for role, unit_id, group in wanted
    )


def _indicator_key(name: str) -> str:
    return text_key(name)[:500]


def _sync_indicator(indicator: Indicator, ind, user) -> None:
    """Give the office's indicator the unit of measure and direction of the version being imported
    (with the person's corrections), recording what changes."""
    wanted = {"unit_of_measure": ind.unit or "", "direction": ind.direction, "direction_source": ind.direction_source}
    before = {f: getattr(indicator, f) for f, value in wanted.items() if getattr(indicator, f) != value}
    if not before:
        return
    for f in before:
        setattr(indicator, f, wanted[f])
    indicator.save(update_fields=list(before))
    record(
        "indicator.change",
        indicator,
        actor=user,
        summary=indicator.name[:200],
        before=before,
        after={f: wanted[f] for f in before},
    )


def _indicator_for(office: Unit, ind, user=None) -> Indicator:
    """The office's indicator of this name, created or brought up to date; never another office's."""
    indicator, created = Indicator.objects.get_or_create(
        office=office,
        key=_indicator_key(ind.name),
        defaults={
            "name": ind.name,
            "unit_of_measure": ind.unit or "",
            "direction": ind.direction,
            "direction_source": ind.direction_source,
            "catalog_code": ind.catalog_code or "",
            "sub_index": ind.sub_index,
        },
    )
    if not created:
        _sync_indicator(indicator, ind, user)
    return indicator


def _target_fields(ind) -> dict:
    return {
        "no": ind.no,
        "target_value": stored_decimal(ind.target),
        "target_text": ind.target_text,
        "target_year": ind.target_year,
        "yearly_targets": [t.to_dict() for t in ind.targets],
        "baseline_value": stored_decimal(ind.baseline.value) if ind.baseline else None,
        "baseline_year": ind.baseline.year if ind.baseline else None,
    }


def _task_fields(t, order: int) -> dict:
    return {
        "ref": t.ref,
        "kind": t.kind,
        "section": t.section,
        "section_title": t.section_title[:500],
        "text": t.text,
        "order": order,
        "deadline": t.deadline,
        "deadline_text": t.deadline_text[:255],
        "recurrence": t.recurring or "",
        "output": t.output,
    }


def _add_target(plan: Plan, ind, units: dict[str, Unit], user=None) -> None:
    target = PlanTarget.objects.create(
        plan=plan, indicator=_indicator_for(plan.office, ind, user), **_target_fields(ind)
    )
    _assign(TargetUnit, "target", target, ind.units, units)


def _warnings(parsed: ParsedPlan) -> list[dict]:
    return [{"code": w.code, "template": w.template, "params": w.params} for w in parsed.warnings]


def _set_citations(plan: Plan, parsed: ParsedPlan) -> None:
    documents = []
    for c in parsed.citations:
        document, _ = Document.objects.get_or_create(
            number=c.number, defaults={"doc_type": c.type, "issuer": c.issuer or "", "date": c.date}
        )
        documents.append(document)
    plan.citations.set(documents)


def _check_importable(parsed: ParsedPlan, allow_no_indicators: bool) -> None:
    if not parsed.tasks and not parsed.indicators:
        raise PcitrackError(gettext_noop("The document has neither tasks nor indicators; there is nothing to import."))
    if not parsed.indicators and not allow_no_indicators:
        raise PcitrackError(
            gettext_noop(
                "The document has no indicator appendix: only its tasks and citations would be imported. "
                "Confirm that this is what you want."
            )
        )


@transaction.atomic
def import_plan(
    parsed: ParsedPlan,
    *,
    office: Unit | None = None,
    user=None,
    source_name: str = "",
    unit_map: dict | None = None,
    allow_no_indicators: bool = False,
) -> Plan:
    """Store a new plan: its units, cited documents, tasks, indicators and targets."""
    _check_importable(parsed, allow_no_indicators)
    existing = existing_plan(parsed, office)
    if existing:
        raise PcitrackError(
            gettext_noop("This plan has already been imported (plan #{id}, “{title}”)."),
            id=existing.pk,
            title=existing.title,
        )
    office = _office(parsed, office)
    units, created, _aliases = _store_units(office, parsed, unit_map, user)
    plan = Plan(office=office, imported_by=user if user is not None and user.is_authenticated else None)
    for name, value in header_values(plan, parsed).items():
        setattr(plan, name, value)
    plan.source_name, plan.warnings = source_name, _warnings(parsed)
    plan.monitoring_unit = units.get(parsed.monitoring_unit)
    plan.save()
    _set_citations(plan, parsed)
    for order, t in enumerate(parsed.tasks):
        task = Task.objects.create(plan=plan, **_task_fields(t, order))
        _assign(TaskUnit, "task", task, t.units, units)
    for ind in parsed.indicators:
        _add_target(plan, ind, units, user)
    record(
        "plan.import",
        plan,
        actor=user,
        summary=f"{plan.doc_type} {plan.number or '—'}: {plan.title[:200]}",
        after={
            "tasks": len(parsed.tasks),
            "indicators": len(parsed.indicators),
            "citations": len(parsed.citations),
            "units": [u.name for u in parsed.units],
            "units_created": [u.name for u in created],
            "source": source_name,
        },
    )
    return plan


def _check_retiring(changes: PlanChanges, allow_retire: bool) -> None:
    if not changes.retires_anything or allow_retire:
        return
    raise PcitrackError(
        gettext_noop(
            "This version no longer has some tasks ({tasks}) or indicators ({indicators}). They would be kept with "
            "their reports and shown as no longer in the new plan. Confirm that this is what you want."
        ),
        tasks=", ".join(ref for ref, _text in changes.tasks_retired) or "—",
        indicators=", ".join(str(no) for no, _name in changes.indicators_retired) or "—",
    )


def _update_header(plan: Plan, parsed: ParsedPlan, units: dict[str, Unit], source_name: str) -> None:
    fields = header_values(plan, parsed)
    fields["monitoring_unit"] = units.get(parsed.monitoring_unit) or plan.monitoring_unit
    fields["source_name"], fields["warnings"] = source_name, _warnings(parsed)
    changed = [name for name, value in fields.items() if getattr(plan, name) != value]
    for name in changed:
        setattr(plan, name, fields[name])
    if changed:
        plan.save(update_fields=changed)


def _apply_tasks(plan: Plan, parsed: ParsedPlan, match, units: dict[str, Unit], now) -> None:
    Task.objects.filter(pk__in=[t.pk for t in match.retired]).update(retired_at=now)
    position = {id(t): i for i, t in enumerate(parsed.tasks)}
    kept = [(task, t, False) for task, t in match.pairs] + [(task, t, True) for task, t in match.restored]
    # References move in two steps: III.3 may become III.4 while III.4 becomes III.5.
    for task, t, restored in kept:
        if task.ref != t.ref or restored:
            Task.objects.filter(pk=task.pk).update(ref=f"~{task.pk}")
    for task, t, restored in kept:
        fields = _task_fields(t, position[id(t)])
        changed = {k: v for k, v in fields.items() if getattr(task, k) != v}
        if restored:
            changed["retired_at"] = None
        if changed or task.ref != t.ref:
            Task.objects.filter(pk=task.pk).update(**{**changed, "ref": t.ref})
        _assign(TaskUnit, "task", task, t.units, units, replace=True)
    for t in match.added:
        task = Task.objects.create(plan=plan, **_task_fields(t, position[id(t)]))
        _assign(TaskUnit, "task", task, t.units, units)


def _apply_targets(plan: Plan, match, units: dict[str, Unit], now, user) -> None:
    PlanTarget.objects.filter(pk__in=[t.pk for t in match.retired]).update(retired_at=now)
    kept = [(target, ind, False) for target, ind in match.pairs] + [(t, i, True) for t, i in match.restored]
    for target, ind, restored in kept:
        indicator = target.indicator
        if _indicator_key(ind.name) != indicator.key:
            # Renamed: the target moves to the office's indicator of that name; the old one keeps its values.
            indicator = _indicator_for(plan.office, ind, user)
        else:
            _sync_indicator(indicator, ind, user)
        fields = {"indicator_id": indicator.pk, **_target_fields(ind)}
        changed = {k: v for k, v in fields.items() if getattr(target, k) != v}
        if restored:
            changed["retired_at"] = None
        if changed:
            PlanTarget.objects.filter(pk=target.pk).update(**changed)
        _assign(TargetUnit, "target", target, ind.units, units, replace=True)
    for ind in match.added:
        _add_target(plan, ind, units, user)


@transaction.atomic
def update_plan(
    plan: Plan,
    parsed: ParsedPlan,
    *,
    user=None,
    source_name: str = "",
    unit_map: dict | None = None,
    allow_no_indicators: bool = False,
    allow_retire: bool = False,
) -> PlanChanges:
    """Apply a new version of a plan. Tasks and targets are paired with the new version's by their text,
    whatever their numbers; what stays keeps its id, and so its reports, observations and history. What the
    new version drops is retired (kept, with its reports), only with allow_retire. A version that changes
    nothing writes nothing."""
    require_active(plan)
    _check_importable(parsed, allow_no_indicators)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    changes = plan_changes(plan, parsed)
    _check_retiring(changes, allow_retire)
    units, created, _aliases = _store_units(plan.office, parsed, unit_map, user)
    if changes.is_empty and not created:
        return changes
    _update_header(plan, parsed, units, source_name)
    _set_citations(plan, parsed)
    now = timezone.now()
    _apply_tasks(plan, parsed, changes.task_match, units, now)
    _apply_targets(plan, changes.target_match, units, now, user)
    record(
        "plan.update",
        plan,
        actor=user,
        summary=f"{plan.doc_type} {plan.number or '—'}: {plan.title[:200]}",
        before=None,
        after={**changes.to_dict(), "units_created": [u.name for u in created], "source": source_name},
    )
    return changes


def require_active(plan: Plan | None) -> None:
    """Refuse a change to an archived plan: it stays as it was when archived, to be read only. Called first by
    every write on a plan's data (None: a write made through no plan, such as an office's value from VCCI)."""
    if plan is None:
        return
    archived_at = Plan.objects.filter(pk=plan.pk).values_list("archived_at", flat=True).first()
    if archived_at is not None:
        raise PcitrackError(
            gettext_noop("The plan was archived on {date}: it can be read but no longer changed."),
            date=f"{timezone.localtime(archived_at):%d/%m/%Y}",
        )


def _archive_summary(plan: Plan) -> str:
    return f"{plan.doc_type} {plan.number or '—'}: {plan.title}"


@transaction.atomic
def archive_plan(plan: Plan, *, user, reason: str) -> Plan:
    """Archive a plan that has run its course: it leaves the lists of current work, reminders and follow-up, and
    refuses every change; its pages stay readable. Archiving it twice (a double click) changes nothing more."""
    reason = (reason or "").strip()
    if not reason:
        raise PcitrackError(gettext_noop("Say why the plan is archived; it will be kept in its history."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_archived:
        return plan
    plan.archived_at, plan.archived_by = timezone.now(), user if user is not None and user.is_authenticated else None
    plan.save(update_fields=["archived_at", "archived_by"])
    record("plan.archive", plan, actor=user, summary=_archive_summary(plan), before={"archived_at": None},
           after={"archived_at": plan.archived_at.isoformat()}, reason=reason)  # fmt: skip
    return plan


@transaction.atomic
def restore_plan(plan: Plan, *, user) -> Plan:
    """Bring an archived plan back to current work; restoring one that is not archived changes nothing."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_archived:
        return plan
    before = {"archived_at": plan.archived_at.isoformat()}
    plan.archived_at, plan.archived_by = None, None
    plan.save(update_fields=["archived_at", "archived_by"])
    record("plan.restore", plan, actor=user, summary=_archive_summary(plan), before=before,
           after={"archived_at": None})  # fmt: skip
    return plan
