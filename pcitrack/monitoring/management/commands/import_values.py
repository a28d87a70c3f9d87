from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.core.observation_file import MAX_BYTES, read_observations
from pcitrack.monitoring import importer
from pcitrack.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Import a table of indicator values (.csv or .xlsx, the web import's columns) into a plan. "
        "Nothing is saved when any row is wrong: each wrong row is listed and the command exits with 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="plan id")
        parser.add_argument("file", help="the .csv or .xlsx table")
        parser.add_argument("--user", help="user name recorded as the importer")

    def handle(self, plan=None, file=None, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(gettext("No user named “%(user)s”.") % {"user": user})
        chosen = Plan.objects.select_related("office").filter(pk=plan).first()
        if chosen is None:
            raise CommandError(gettext("No plan #%(id)s.") % {"id": plan})
        path = Path(file)
        if not path.is_file():
            raise CommandError(gettext("File not found: %(path)s") % {"path": file})
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        try:
            rows = importer.preview(chosen, read_observations(data))
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        wrong = [row for row in rows if row.action == importer.ERROR]
        if wrong:
            for row in wrong:
                self.stderr.write(
                    gettext("Row %(line)s: %(messages)s")
                    % {"line": row.record.line, "messages": "; ".join(row.messages(gettext))}
                )
            raise CommandError(
                gettext("%(count)s of %(total)s rows are wrong; nothing was saved.")
                % {"count": len(wrong), "total": len(rows)}
            )
        try:
            saved = importer.apply(chosen, rows, user=actor, filename=path.name)
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        unchanged = sum(1 for row in rows if row.action == importer.SAME)
        self.stdout.write(
            gettext("%(saved)s values saved, %(same)s already as in the file.") % {"saved": saved, "same": unchanged}
        )
