"""Write operations on plans. Each runs in one transaction and leaves an audit record."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from pcitrack.audit.services import record
from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_parser import ParsedPlan, gettext_noop
from pcitrack.core.text import ascii_key
from pcitrack.core.text import key as text_key
from pcitrack.org.models import Unit, UnitAlias

from .models import Document, Indicator, Plan, PlanTarget, TargetUnit, Task, TaskUnit


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


def known_units(office_name: str | None) -> list[tuple[str, list[str]]]:
    """(name, aliases) of the units of the office so named, for the parser to resolve against."""
    if not office_name:
        return []
    office = Unit.objects.filter(parent=None, key=text_key(office_name)).first()
    if office is None:
        return []
    return [(u.name, [a.name for a in u.aliases.all()]) for u in office.children.prefetch_related("aliases")]


def existing_plan(parsed: ParsedPlan) -> Plan | None:
    """The stored plan this parsed one is: same office and number, or same title when unnumbered."""
    doc = parsed.document
    if not doc.issuer:
        return None
    plans = Plan.objects.filter(office__parent=None, office__key=text_key(doc.issuer))
    return (plans.filter(number=doc.number) if doc.number else plans.filter(title=doc.title or "")).first()


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@transaction.atomic
def import_plan(parsed: ParsedPlan, *, user=None, source_name: str = "") -> Plan:
    """Store a parsed plan: its office and units, cited documents, tasks, indicators and targets."""
    doc = parsed.document
    if not doc.issuer:
        raise PcitrackError(gettext_noop("The plan does not say which office issued it; it cannot be imported."))
    existing = existing_plan(parsed)
    if existing:
        raise PcitrackError(
            gettext_noop("This plan has already been imported (plan #{id}, “{title}”)."),
            id=existing.pk,
            title=existing.title[:80],
        )

    office, _ = Unit.objects.get_or_create(
        parent=None, key=text_key(doc.issuer), defaults={"name": doc.issuer, "kind": Unit.Kind.OFFICE}
    )
    units: dict[str, Unit] = {}
    for resolved in parsed.units:
        unit = find_unit(office, resolved.name)
        if unit is None:
            unit = Unit.objects.create(name=resolved.name, parent=office, kind=_kind_for(resolved.name))
        for alias in resolved.aliases:
            if alias != unit.name:
                UnitAlias.objects.get_or_create(unit=unit, name=alias)
        units[resolved.name] = unit

    plan = Plan.objects.create(
        office=office,
        doc_type=doc.type or "KH",
        number=doc.number or "",
        date=doc.date,
        date_text=doc.date_text or "",
        issuer=doc.issuer,
        place=doc.place or "",
        title=doc.title or "",
        monitoring_unit=units.get(parsed.monitoring_unit) if parsed.monitoring_unit else None,
        source_name=source_name,
        warnings=[{"code": w.code, "template": w.template, "params": w.params} for w in parsed.warnings],
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    for c in parsed.citations:
        document, _ = Document.objects.get_or_create(
            number=c.number, defaults={"doc_type": c.type, "issuer": c.issuer or "", "date": c.date}
        )
        plan.citations.add(document)

    def assignments(model, owner_field, owner, parsed_units):
        rows = []
        for role, names, groups in (
            ("lead", parsed_units.lead, parsed_units.lead_groups),
            ("support", parsed_units.support, parsed_units.support_groups),
        ):
            rows += [model(**{owner_field: owner}, unit=units[n], role=role) for n in names]
            rows += [model(**{owner_field: owner}, group_label=g, role=role) for g in groups]
        model.objects.bulk_create(rows)

    for order, t in enumerate(parsed.tasks):
        task = Task.objects.create(
            plan=plan,
            ref=t.ref,
            kind=t.kind,
            section=t.section,
            section_title=t.section_title[:500],
            text=t.text,
            order=order,
        )
        assignments(TaskUnit, "task", task, t.units)

    for ind in parsed.indicators:
        indicator, _ = Indicator.objects.get_or_create(
            key=text_key(ind.name)[:500],
            defaults={
                "name": ind.name,
                "unit_of_measure": ind.unit or "",
                "direction": ind.direction,
                "direction_source": ind.direction_source,
                "catalog_code": ind.catalog_code or "",
                "sub_index": ind.sub_index,
            },
        )
        target = PlanTarget.objects.create(
            plan=plan,
            indicator=indicator,
            no=ind.no,
            target_value=_decimal(ind.target),
            target_text=ind.target_text,
            target_year=ind.target_year,
        )
        assignments(TargetUnit, "target", target, ind.units)

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
            "source": source_name,
        },
    )
    return plan


def parse_for_import(text: str) -> ParsedPlan:
    """Parse a plan, resolving its unit names against the issuing office's existing units."""
    from pcitrack.core.plan_parser import parse_plan_text

    parsed = parse_plan_text(text)
    known = known_units(parsed.document.issuer)
    return parse_plan_text(text, known) if known else parsed
