from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.maintenance.backup import backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with the whole database and every uploaded file; "
        "restore it with `pcitrack restore FILE`. Schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the archive to write, e.g. pcitrack-2025-01-06.tar.gz")

    def handle(self, out=None, **options):
        try:
            result = backup(out)
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        except OSError as exc:
            raise CommandError(gettext("Could not write %(file)s: %(error)s") % {"file": out, "error": exc}) from None
        self.stdout.write(
            gettext("Wrote %(file)s: %(rows)s rows, %(files)s files, %(size)s.")
            % {
                "file": result.path,
                "rows": sum(result.counts.values()),
                "files": result.files,
                "size": filesizeformat(result.size),
            }
        )
        if result.missing_files:
            self.stderr.write(
                gettext("These files are referred to by the database but missing from the data directory: %(files)s")
                % {"files": ", ".join(result.missing_files)}
            )
