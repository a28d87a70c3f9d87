import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_files import read_plan_file
from pcitrack.core.plan_parser import parse_plan_text


class Command(BaseCommand):
    help = "Print a plan document's structure as JSON, without touching the database."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="plan file (.txt)")
        parser.add_argument("--compact", action="store_true", help="one line of JSON")

    def handle(self, path, compact=False, **options):
        try:
            parsed = parse_plan_text(read_plan_file(path))
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        payload = parsed.to_dict(translate=gettext)
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=None if compact else 2))
