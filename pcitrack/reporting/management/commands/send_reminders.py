import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from pcitrack.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail units whose report is due soon or overdue (at most once a day each), and the lead units of tasks due "
        "in a week or a day or overdue (weekly); schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to act as (YYYY-MM-DD); default today")
        parser.add_argument("--enqueue", action="store_true", help="run through the tasks framework instead")

    def handle(self, date=None, enqueue=False, **options):
        if enqueue:
            from pcitrack.reporting.tasks import send_reminders_task

            result = send_reminders_task.enqueue()
            self.stdout.write(gettext("Queued as task %(id)s.") % {"id": result.id})
            return
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(gettext("“%(date)s” is not a date of the form YYYY-MM-DD.") % {"date": date}) from None
        sent = send_reminders(today)
        for kind, report, recipients in sent:
            self.stdout.write(f"{kind}: {report} → {', '.join(recipients)}")
        self.stdout.write(gettext("%(count)s reminders sent.") % {"count": len(sent)})
