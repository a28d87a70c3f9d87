import argparse
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from pcitrack.monitoring.labels import reason_text, status_text
from pcitrack.monitoring.scorecard import scorecard
from pcitrack.plans.models import Plan


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(gettext("“%(text)s” is not a date (YYYY-MM-DD).") % {"text": text}) from None


class Command(BaseCommand):
    help = "Print a plan's scorecard: each indicator's status as of a date, with the value it rests on."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="plan id")
        parser.add_argument("--as-of", type=_date, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")

    def handle(self, plan=None, as_of=None, **options):
        chosen = Plan.objects.filter(pk=plan).first()
        if chosen is None:
            raise CommandError(gettext("No plan #%(id)s.") % {"id": plan})
        as_of = as_of or timezone.localdate()
        rows = [_row(r) for r in scorecard(chosen, as_of)]
        if options["json"]:
            listed = [{key: value for key, value in r.items() if key != "label"} for r in rows]
            self.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2))
            return
        self.stdout.write(gettext("Statuses as of %(date)s.") % {"date": as_of.strftime("%d/%m/%Y")})
        for r in rows:
            self.stdout.write(f"{r['no']:>3}. {r['label']} — {r['reason']}")


def _row(row) -> dict:
    judgement, target = row.judgement, row.target
    return {
        "no": target.no,
        "status": row.status,
        "estimated": judgement.estimated,
        "basis": judgement.basis.to_dict() if judgement.basis else None,
        "target": judgement.target,  # the target in force (docs/progress.md, rule 9)
        "target_year": judgement.target_year,
        "targets": [_target(state) for state in judgement.targets],
        "baseline": None
        if target.baseline_value is None
        else {"year": target.baseline_year, "value": float(target.baseline_value)},
        "reason": reason_text(judgement, row.indicator.unit_of_measure).replace("\u00a0", " "),
        "label": status_text(row.status, judgement.estimated),
    }


def _target(state) -> dict:
    """One target by year: whether it is in force and, once its year has ended, its own verdict."""
    return {
        "year": state.target.year,
        "value": state.target.value,
        "text": state.target.text,
        "in_force": state.in_force,
        "status": state.status,
        "estimated": state.estimated if state.status is not None else None,
    }
