from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from pcitrack.maintenance.files import GRACE_SECONDS, cleanup_files


class Command(BaseCommand):
    help = (
        "Remove uploaded files that no row refers to (evidence, official reports) and uploads staged for "
        "confirmation more than a day ago; files younger than an hour are left alone. Schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be removed; change nothing")

    def handle(self, dry_run=False, **options):
        orphans = cleanup_files(dry_run=dry_run)
        line = gettext("would remove: %(path)s") if dry_run else gettext("removed: %(path)s")
        for orphan in orphans:
            self.stdout.write(line % {"path": orphan.path})
        size = filesizeformat(sum(o.size for o in orphans))
        if dry_run:
            message = gettext("%(count)s files would be removed (%(size)s); nothing was changed.")
        else:
            message = gettext("%(count)s files removed (%(size)s).")
        self.stdout.write(message % {"count": len(orphans), "size": size})
        if not orphans:
            self.stdout.write(
                gettext("Files younger than %(minutes)s minutes are never removed.") % {"minutes": GRACE_SECONDS // 60}
            )
