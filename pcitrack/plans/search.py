"""Finding tasks, indicators, units and reports by a few words, accents aside, within what the user may see.

Each kind is read in one query from the user's scope (access.plans_for, units_for, reports_for), at most
CANDIDATES rows, and folded in Python: the same on SQLite and PostgreSQL, and nothing new stored. Within a kind,
an exact reference, number or name comes first, then the rows holding the words as a phrase, then the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from pcitrack import access
from pcitrack.core.text import match_rank, search_terms
from pcitrack.org.models import UnitAlias
from pcitrack.plans.models import PlanTarget, Task

CANDIDATES = 5000  # rows read per kind: an office's plans, units and reports stay far below
SHOWN = 50  # results shown per kind


@dataclass
class Found:
    """The matches of one kind, best first: the first SHOWN, and whether there were more."""

    ranked: list = field(default_factory=list)

    def add(self, item, rank: int | None, exact: bool = False) -> None:
        if rank is not None:
            self.ranked.append((-1 if exact else rank, len(self.ranked), item))

    @property
    def items(self) -> list:
        return [item for *_, item in sorted(self.ranked, key=lambda r: r[:2])[:SHOWN]]

    @property
    def more(self) -> bool:
        return len(self.ranked) > SHOWN


@dataclass
class Results:
    query: str
    tasks: Found
    indicators: Found
    units: Found
    reports: Found

    @property
    def count(self) -> int:
        return sum(len(k.items) for k in (self.tasks, self.indicators, self.units, self.reports))


def search(user, query: str) -> Results:
    terms = search_terms(query)
    plans = access.plans_for(user)
    several_plans = plans.count() > 1

    tasks = Found()
    candidates = Task.objects.current().filter(plan__in=plans).select_related("plan")
    for task in candidates.order_by("plan", "order")[:CANDIDATES]:
        task.show_plan = several_plans
        tasks.add(task, match_rank(terms, task.ref, task.text), exact=search_terms(task.ref) == terms)

    indicators = Found()
    targets = PlanTarget.objects.current().filter(plan__in=plans).select_related("plan", "indicator")
    for target in targets.order_by("plan", "no")[:CANDIDATES]:
        target.show_plan = several_plans
        rank = match_rank(terms, str(target.no), target.indicator.name)
        indicators.add(target, rank, exact=[str(target.no)] == terms)

    units = Found()
    aliases = Prefetch("aliases", queryset=UnitAlias.objects.order_by("name"))
    candidates = access.units_for(user).filter(parent__isnull=False).select_related("parent")
    for unit in candidates.prefetch_related(aliases).order_by("name")[:CANDIDATES]:
        names = [unit.name, unit.short_name, *(a.name for a in unit.aliases.all())]
        own = match_rank(terms, unit.name, unit.short_name)
        unit.matched_alias = "" if own is not None else next(
            (a.name for a in unit.aliases.all() if match_rank(terms, a.name) is not None), ""
        )  # fmt: skip
        exact = search_terms(unit.name) == terms or search_terms(unit.short_name) == terms
        units.add(unit, own if own is not None else match_rank(terms, *names), exact=exact)

    reports = Found()
    candidates = access.reports_for(user).select_related("unit", "period__plan")
    for report in candidates.order_by("-period__cutoff", "unit__name")[:CANDIDATES]:
        # The period's number in figures too: "quy 1/2025" finds "Quý I/2025".
        period = report.period
        reports.add(report, match_rank(terms, report.unit.name, report.unit.short_name, period.label, str(period.no)))

    return Results(query, tasks, indicators, units, reports)
