import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.maintenance.backup import restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `pcitrack backup` into an empty, migrated database (or, with --force, "
        "replace everything in this one), and put its files back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by pcitrack backup")
        parser.add_argument("--force", action="store_true", help="replace the data of a database that is not empty")

    def handle(self, file=None, force=False, **options):
        try:
            result = restore(file, force=force)
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        self.stdout.write(
            gettext("Restored %(file)s (backup of %(date)s, pcitrack %(version)s): %(rows)s rows, %(files)s files.")
            % {
                "file": file,
                "date": _when(result.manifest.get("created_at")),
                "version": result.manifest.get("pcitrack_version", "?"),
                "rows": result.rows,
                "files": result.files,
            }
        )


def _when(iso: str | None) -> str:
    try:
        return f"{timezone.localtime(dt.datetime.fromisoformat(iso)):%d/%m/%Y %H:%M}"
    except (TypeError, ValueError):
        return "?"
