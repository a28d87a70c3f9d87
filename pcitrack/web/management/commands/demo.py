from decimal import Decimal
from importlib import resources

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_files import plan_text_from_bytes
from pcitrack.core.text import ascii_key
from pcitrack.core.vcci_release import read_release
from pcitrack.monitoring.services import save_observation
from pcitrack.monitoring.vcci import load_official_values
from pcitrack.org.models import Membership, Unit
from pcitrack.org.services import grant_role
from pcitrack.pci.models import PciResult
from pcitrack.pci.services import import_release
from pcitrack.plans.models import Plan, TargetUnit
from pcitrack.plans.services import existing_plan, import_plan, parse_for_import
from pcitrack.reporting.services import generate_periods

SEED = "plan_seed_2024.txt"
# The seed plan is Quảng Trị's; its official PCI values are that province's.
DEMO_PROVINCE = "Quảng Trị"


def short_name(unit: Unit) -> str:
    """Initials of a unit's name without the trailing "tỉnh": "Phòng Nội chính" -> "pnc"."""
    words = ascii_key(unit.name).split()
    if len(words) > 2 and words[-1] == "tinh":
        words = words[:-1]
    return "".join(w[0] for w in words if w[0].isalnum())


class Command(BaseCommand):
    help = "Set up a demo: database, the seed plan, demo accounts; then serve on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the web server")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--allow-production", action="store_true", help="run even though PCITRACK_DEBUG is false")

    def handle(self, no_serve=False, port=8000, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                gettext(
                    "The demo creates accounts with a known password and is refused with production settings "
                    "(PCITRACK_DEBUG=false). Use --allow-production if you really mean it."
                )
            )
        if not 1 <= port <= 65535:
            raise CommandError(gettext("The port must be between 1 and 65535."))
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        plan = self._seed_plan()
        if not plan.place:
            # The seed's text lacks its header; its place is the province it is from.
            Plan.objects.filter(pk=plan.pk).update(place=DEMO_PROVINCE)
            plan.place = DEMO_PROVINCE
        accounts = self._accounts(plan)
        self._observations(plan)
        generate_periods(plan, user=None)
        self._pci_releases()
        password = settings.PCITRACK_DEMO_PASSWORD
        self.stdout.write(gettext("Demo accounts (password: %(password)s):") % {"password": password})
        for username, label in accounts:
            self.stdout.write(f"  {username:<16} {label}")
        if no_serve:
            return
        self.stdout.write(gettext("Open http://127.0.0.1:%(port)s/ in a browser. Stop with Ctrl+C.") % {"port": port})
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=not settings.DEBUG)

    def _seed_plan(self) -> Plan:
        data = resources.files("pcitrack.data").joinpath(SEED).read_bytes()
        try:
            parsed = parse_for_import(plan_text_from_bytes(data))
            existing = existing_plan(parsed)
            if existing:
                self.stdout.write(gettext("The demo plan is already there (plan #%(id)s).") % {"id": existing.pk})
                return existing
            plan = import_plan(parsed, source_name=SEED)
        except PcitrackError as exc:
            raise CommandError(exc.message(gettext)) from None
        self.stdout.write(
            gettext("Imported the demo plan: %(tasks)s tasks, %(indicators)s indicators.")
            % {"tasks": plan.tasks.count(), "indicators": plan.targets.count()}
        )
        return plan

    def _pci_releases(self) -> None:
        folder = resources.files("pcitrack.data").joinpath("vcci")
        for name in ("PCI_2013.xlsx", "PCI_2016.xlsx"):
            year = int(name[4:8])
            if PciResult.objects.filter(year=year).exists():
                continue
            summary = import_release(read_release(folder.joinpath(name).read_bytes()), source=name)
            self.stdout.write(
                gettext("PCI %(year)s: %(provinces)s provinces, %(indicator_values)s indicator values.") % summary
            )

    def _observations(self, plan: Plan) -> None:
        official = load_official_values(plan, DEMO_PROVINCE)
        sample = 0
        for target in plan.targets.select_related("indicator"):
            indicator = target.indicator
            if target.target_value is None or target.target_year is None:
                continue
            # Invented survey results, marked as such: a trend where VCCI has no data, and for every indicator an
            # estimate of its target year (most close to their target, one in three short of it), so that the
            # demo's statuses read as an office's would once its target year has ended.
            shares = [(2023, Decimal("0.80")), (2024, Decimal("0.88"))] if not indicator.catalog_code else []
            shares.append((target.target_year, Decimal("1.02") if target.no % 3 else Decimal("0.93")))
            for year, share in shares:
                value = (target.target_value * (share if indicator.direction == "up" else 2 - share)).quantize(
                    Decimal("0.1")
                )
                bounds = indicator.value_range
                if bounds.low is not None:
                    value = max(value, Decimal(str(bounds.low)))
                if bounds.high is not None:
                    value = min(value, Decimal(str(bounds.high)))
                save_observation(
                    user=None,
                    office=plan.office,
                    indicator=indicator,
                    year=year,
                    period_type="Y",
                    period_no=1,
                    source="survey",
                    value=value,
                    sample_size=120,
                    is_sample=True,
                    note=gettext("Sample data for the demo, not a measurement."),
                    reason=gettext("Sample data for the demo, not a measurement."),
                )
                sample += 1
        self.stdout.write(
            gettext("Values: %(official)s official PCI values (VCCI 2013, 2016) and %(sample)s sample values.")
            % {"official": official, "sample": sample}
        )

    @transaction.atomic
    def _accounts(self, plan: Plan) -> list[tuple[str, str]]:
        User = get_user_model()
        password = settings.PCITRACK_DEMO_PASSWORD
        accounts: list[tuple[str, str]] = []

        def account(username, label, unit=None, role=None, **flags):
            user, created = User.objects.get_or_create(username=username, defaults=flags)
            if created:
                user.set_password(password)
                user.save()
            if unit is not None:
                grant_role(user, unit, role)
            accounts.append((username, label))

        account("admin", gettext("administrator"), is_staff=True, is_superuser=True)
        monitoring = plan.monitoring_unit or plan.office
        account("monitor", f"{gettext('monitor')} — {monitoring.name}", monitoring, Membership.Role.MONITOR)
        account("leader", f"{gettext('leader')} — {plan.office.name}", plan.office, Membership.Role.LEADER)
        lead_units = Unit.objects.filter(
            pk__in=TargetUnit.objects.filter(target__plan=plan, role="lead", unit__isnull=False).values("unit")
        ).order_by("name")
        for unit in lead_units:
            code = short_name(unit)
            account(f"{code}.head", f"{gettext('unit head')} — {unit.name}", unit, Membership.Role.HEAD)
            account(f"{code}.staff", f"{gettext('unit staff')} — {unit.name}", unit, Membership.Role.STAFF)
        return accounts
