"""A deleted evidence or official-report row takes its file with it, once the deletion is committed.

Rows go by themselves or with their report, period or plan (cascades send post_delete for each);
a deletion rolled back keeps the file, since the callback only runs on commit.
"""

from django.db import transaction
from django.db.models.signals import post_delete

from .models import Evidence, GeneratedReport


def remove_file_after_commit(sender, instance, using, **kwargs):
    if not instance.file:
        return
    from pcitrack.maintenance.files import remove_stored_file

    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: remove_stored_file(storage, name), using=using)


post_delete.connect(remove_file_after_commit, sender=Evidence, dispatch_uid="evidence_file")
post_delete.connect(remove_file_after_commit, sender=GeneratedReport, dispatch_uid="generated_report_file")
