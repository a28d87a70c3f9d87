from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.plans.models import Plan
from pcitrack.reporting.official import build, latest_period_with_data


class Command(BaseCommand):
    help = "Write the official report on a plan for a period: Word (NĐ 30/2020), the Excel appendix, or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="plan id (default: the only plan, when there is one)")
        parser.add_argument(
            "--period", help="period label as shown, e.g. “Quý 1/2024” or “Năm 2024” (default: the latest with data)"
        )
        parser.add_argument("--format", default="docx", choices=["docx", "xlsx", "pdf"])
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, plan=None, period=None, format="docx", out=None, **options):
        plans = Plan.objects.select_related("office").order_by("office__name", "-date", "-pk")
        if plan is None and len(plans[:2]) > 1:
            listed = "; ".join(f"#{p.pk} {p.office.name}: {p.title}" for p in plans)
            raise CommandError(
                gettext("There are several plans; choose one with --plan: %(plans)s") % {"plans": listed}
            )
        chosen = plans.filter(pk=plan).first() if plan else plans.first()
        if chosen is None:
            raise CommandError(
                gettext("No plan #%(id)s.") % {"id": plan} if plan else gettext("No plan has been imported yet.")
            )
        today = timezone.localdate()
        if period:
            found = [p for p in chosen.periods.all() if p.label.lower() == period.strip().lower()]
            if not found:
                labels = ", ".join(p.label for p in chosen.periods.all()) or "—"
                raise CommandError(
                    gettext("No period “%(period)s”; the plan has: %(labels)s") % {"period": period, "labels": labels}
                )
            chosen_period = found[0]
        else:
            chosen_period = latest_period_with_data(chosen, today)
            if chosen_period is None:
                raise CommandError(gettext("The plan has no reporting period yet; create them first."))
        try:
            content = build(chosen, chosen_period, format, today)
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        Path(out).write_bytes(content)
        self.stdout.write(
            gettext("Wrote %(file)s (%(period)s, %(size)s KB).")
            % {"file": out, "period": chosen_period.label, "size": len(content) // 1024}
        )
