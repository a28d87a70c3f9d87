from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_files import read_plan_file
from pcitrack.plans.services import import_plan, parse_for_import


class Command(BaseCommand):
    help = "Import a plan document (tasks, units, indicators, targets, cited documents) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", help="plan file (.txt)")
        parser.add_argument("--user", help="user name recorded as the importer")

    def handle(self, path, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(gettext("No user named “%(user)s”.") % {"user": user})
        try:
            parsed = parse_for_import(read_plan_file(path))
            plan = import_plan(parsed, user=actor, source_name=Path(path).name)
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        self.stdout.write(
            gettext(
                "Imported plan #%(id)s: %(tasks)s tasks, %(indicators)s indicators, %(citations)s cited documents, %(units)s units, %(warnings)s warnings."
            )
            % {
                "id": plan.pk,
                "tasks": len(parsed.tasks),
                "indicators": len(parsed.indicators),
                "citations": len(parsed.citations),
                "units": len(parsed.units),
                "warnings": len(parsed.warnings),
            }
        )
        for w in parsed.warnings:
            self.stdout.write(f"  ! {w.message(gettext)}")
