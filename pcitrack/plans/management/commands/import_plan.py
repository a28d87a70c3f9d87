from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_files import read_plan_file
from pcitrack.core.text import key as text_key
from pcitrack.org.models import Unit
from pcitrack.plans.changes import describe, plan_changes
from pcitrack.plans.services import existing_plan, import_plan, office_for, parse_for_import, propose_units, update_plan


class Command(BaseCommand):
    help = "Import a plan document (.docx or .txt) in one transaction, or apply a new version of one (--update)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="plan file (.docx or .txt)")
        parser.add_argument("--user", help="user name recorded as the importer")
        parser.add_argument("--office", help="name of the office the plan belongs to (default: the one it names)")
        parser.add_argument("--update", action="store_true", help="apply the changes when the plan is already there")
        parser.add_argument(
            "--allow-no-indicators", action="store_true", help="import a document that has no indicator appendix"
        )
        parser.add_argument(
            "--allow-retire",
            "--yes",
            action="store_true",
            dest="allow_retire",
            help="with --update: agree that tasks and indicators the new version drops are kept as no longer in it",
        )

    def handle(
        self, path, user=None, office=None, update=False, allow_no_indicators=False, allow_retire=False, **options
    ):
        actor = self._user(user)
        office_unit = self._office(office)
        try:
            parsed = parse_for_import(read_plan_file(path), office_unit)
            plan = existing_plan(parsed, office_unit)
            if plan is not None:
                self._update(plan, parsed, actor, Path(path).name, update, allow_no_indicators, allow_retire)
                return
            proposals = propose_units(parsed, office_unit or office_for(parsed))
            plan = import_plan(
                parsed,
                office=office_unit,
                user=actor,
                source_name=Path(path).name,
                allow_no_indicators=allow_no_indicators,
            )
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        self.stdout.write(
            gettext(
                "Imported plan #%(id)s: %(tasks)s tasks, %(indicators)s indicators, %(citations)s cited documents, "
                "%(units)s units, %(warnings)s warnings."
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
        for proposal in proposals:
            if proposal.unit is None:
                self.stdout.write("  + " + gettext("new unit: %(name)s") % {"name": proposal.name})
        for w in parsed.warnings:
            self.stdout.write(f"  ! {w.message(gettext)}")

    def _update(self, plan, parsed, actor, source_name, update, allow_no_indicators, allow_retire):
        changes = plan_changes(plan, parsed)
        if changes.is_empty:
            self.stdout.write(
                gettext("Plan #%(id)s is already imported and this version changes nothing.") % {"id": plan.pk}
            )
            return
        for line in describe(changes):
            self.stdout.write(f"  * {line}")
        if not update:
            raise CommandError(
                gettext("Plan #%(id)s is already imported; the changes above are applied with --update.")
                % {"id": plan.pk}
            )
        if changes.retires_anything and not allow_retire:
            raise CommandError(
                gettext(
                    "Plan #%(id)s: this version no longer has the tasks or indicators listed above. They would be "
                    "kept with their reports and shown as no longer in the new plan; agree with --allow-retire."
                )
                % {"id": plan.pk}
            )
        update_plan(
            plan,
            parsed,
            user=actor,
            source_name=source_name,
            allow_no_indicators=allow_no_indicators,
            allow_retire=allow_retire,
        )
        self.stdout.write(gettext("Updated plan #%(id)s.") % {"id": plan.pk})

    def _user(self, username):
        if not username:
            return None
        actor = get_user_model().objects.filter(username=username).first()
        if actor is None:
            raise CommandError(gettext("No user named “%(user)s”.") % {"user": username})
        return actor

    def _office(self, name):
        if not name:
            return None
        office = Unit.objects.filter(parent=None, key=text_key(name)).first()
        if office is None:
            raise CommandError(gettext("No office named “%(name)s”.") % {"name": name})
        return office
