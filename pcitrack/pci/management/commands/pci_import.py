from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.core.vcci_release import MAX_BYTES
from pcitrack.pci.services import import_releases, read_release_file


class Command(BaseCommand):
    help = "Import a VCCI PCI release (.xlsx in the layout of VCCI's 2013 and 2016 files) or a CSV (see README)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(gettext("File not found: %(path)s") % {"path": path})
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(
                gettext("The file is too large; a PCI release is at most %(limit)s MB.")
                % {"limit": MAX_BYTES // 1024 // 1024}
            )
        data = file.read_bytes()
        try:
            summaries = import_releases(read_release_file(data, file.name), source=file.name)
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        for summary in summaries:
            self.stdout.write(
                gettext("PCI %(year)s: %(provinces)s provinces, %(indicator_values)s indicator values.") % summary
            )
