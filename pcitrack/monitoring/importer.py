"""Importing a table of values into a plan's indicators: preview first, then one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from pcitrack.core.errors import PcitrackError, render
from pcitrack.core.observation_file import Record
from pcitrack.core.plan_parser import gettext_noop
from pcitrack.core.text import stored_decimal
from pcitrack.plans.services import require_active

from .models import Observation
from .services import check_values, save_observation

NEW, CHANGED, SAME, ERROR = "new", "changed", "same", "error"


@dataclass
class PreviewRow:
    record: Record
    target: object = None
    existing: Observation | None = None
    action: str = NEW

    def messages(self, translate) -> list[str]:
        return [render(template, params, translate) for template, params in self.record.errors]


def preview(plan, records: list[Record]) -> list[PreviewRow]:
    """What importing these records would do to the plan's observations. Writes nothing."""
    targets = list(plan.targets.current().select_related("indicator"))
    by_no = {str(t.no): t for t in targets}
    by_code = {t.indicator.catalog_code.lower(): t for t in targets if t.indicator.catalog_code}
    existing = {
        (o.indicator_id, o.year, o.period_type, o.period_no, o.source): o
        for o in Observation.objects.filter(
            office_id=plan.office_id, indicator_id__in=[t.indicator_id for t in targets]
        )
    }
    rows, seen = [], set()
    for record in records:
        row = PreviewRow(record)
        row.target = by_no.get(record.indicator) or by_code.get(record.indicator.lower())
        if row.target is None and record.indicator:
            record.error(gettext_noop("the plan has no indicator “{text}”"), text=record.indicator)
        if not record.errors:
            try:
                check_values(
                    stored_decimal(record.value),
                    stored_decimal(record.ci_low),
                    stored_decimal(record.ci_high),
                    record.sample_size,
                    row.target.indicator,
                )
            except PcitrackError as exc:
                record.errors.append((exc.template, exc.params))
        if not record.errors:
            key = (row.target.indicator_id, record.year, record.period_type, record.period_no, record.source)
            if key in seen:
                record.error(gettext_noop("the same indicator, period and source appear twice in the file"))
            seen.add(key)
            row.existing = existing.get(key)
        if record.errors:
            row.action = ERROR
        elif row.existing is None:
            row.action = NEW
        else:
            same = row.existing.value == stored_decimal(record.value) and row.existing.sample_size == record.sample_size
            row.action = SAME if same and row.existing.note == record.note else CHANGED
        rows.append(row)
    return rows


@transaction.atomic
def apply(plan, rows: list[PreviewRow], *, user, filename: str) -> int:
    """Save every new or changed value; refuses the whole file while any row has an error."""
    require_active(plan)
    if any(r.action == ERROR for r in rows):
        raise PcitrackError(gettext_noop("Some rows have errors; correct the file and upload it again."))
    count = 0
    for row in rows:
        if row.action not in (NEW, CHANGED):
            continue
        r = row.record
        save_observation(
            user=user,
            office=plan.office,
            indicator=row.target.indicator,
            year=r.year,
            period_type=r.period_type,
            period_no=r.period_no,
            source=r.source,
            value=stored_decimal(r.value),
            sample_size=r.sample_size,
            ci_low=stored_decimal(r.ci_low),
            ci_high=stored_decimal(r.ci_high),
            note=r.note,
            reason=f"{filename}, dòng {r.line}",
        )
        count += 1
    return count
