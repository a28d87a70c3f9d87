import datetime as dt
from collections import Counter
from decimal import Decimal
from importlib import resources

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_files import plan_text_from_bytes
from pcitrack.core.text import ascii_key
from pcitrack.core.vcci_release import read_release
from pcitrack.monitoring.services import save_observation
from pcitrack.monitoring.vcci import load_official_values
from pcitrack.notifications.models import Notification
from pcitrack.notifications.services import mark_read, without_email
from pcitrack.org.models import Membership, Unit
from pcitrack.org.services import grant_role
from pcitrack.pci.models import PciResult
from pcitrack.pci.services import import_release
from pcitrack.plans.models import Plan, PlanTarget, TargetUnit
from pcitrack.plans.services import existing_plan, import_plan, parse_for_import
from pcitrack.reporting.models import ReportingPeriod, ReportSettings, UnitReport
from pcitrack.reporting.services import (
    approve_report,
    generate_periods,
    report_for,
    reporting_units,
    return_report,
    save_report,
    save_report_settings,
    submit_report,
)

from ._demo_cycle import APPROVED, CYCLE, MARK, RETURNED, SUBMITTED, YEAR, SampleReport

Kind = Notification.Kind
SEED = "plan_seed_2024.txt"
# The demo accounts' names, given in the order the accounts are made (admin, monitor, leader, then each unit's head
# and staff). Vietnamese names are written family name first: the whole name is kept in first_name, so that
# get_full_name() reads it in that order.
DEMO_NAMES = [
    "Trần Quốc Bảo", "Nguyễn Thị Hồng Nhung", "Lê Văn Thành", "Hoàng Minh Đức", "Phan Thị Thu Hà", "Võ Đình Khoa",
    "Đặng Thị Mai Anh", "Bùi Văn Hải", "Ngô Thị Lan Hương", "Trương Công Tuấn", "Đỗ Thị Ngọc Ánh", "Huỳnh Văn Long",
    "Phạm Thị Quỳnh Như", "Lý Quang Vinh", "Mai Thị Bích Ngọc",
]  # fmt: skip
DEMO_MAIL_DOMAIN = "example.gov.vn"
# The seed plan is Quảng Trị's; its official PCI values are that province's.
DEMO_PROVINCE = "Quảng Trị"


def short_name(unit: Unit) -> str:
    """Initials of a unit's name without the trailing "tỉnh": "Phòng Nội chính" -> "pnc"."""
    words = ascii_key(unit.name).split()
    if len(words) > 2 and words[-1] == "tinh":
        words = words[:-1]
    return "".join(w[0] for w in words if w[0].isalnum())


def near_target(target: PlanTarget, share: Decimal) -> Decimal | None:
    """A sample value at `share` of the way to the target (past it when above 1), in the indicator's direction
    and range; None for a target without a value."""
    if target.target_value is None:
        return None
    indicator = target.indicator
    value = (target.target_value * (share if indicator.direction == "up" else 2 - share)).quantize(Decimal("0.1"))
    bounds = indicator.value_range
    if bounds.low is not None:
        value = max(value, Decimal(str(bounds.low)))
    if bounds.high is not None:
        value = min(value, Decimal(str(bounds.high)))
    return value


def marked(text: str) -> str:
    """A text the demo invents, marked as sample data."""
    return MARK + text if text else ""


def sample_periods(plan: Plan, today) -> list[tuple[str, ReportingPeriod]]:
    """The periods of the sample cycle: the first half and the whole of the year its texts speak of, once that
    year's report was due; none before, or for a plan without that year."""
    year = plan.periods.filter(kind=ReportingPeriod.Kind.YEAR, year=YEAR, due__lt=today).first()
    if year is None:
        return []
    half = plan.periods.filter(kind=ReportingPeriod.Kind.HALF, year=YEAR, no=1).first()
    return [(kind, period) for kind, period in (("half", half), ("year", year)) if period is not None]


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
        with without_email():  # the sample cycle is history written today: it shows in the bell, no one is mailed
            self._sample_cycle(plan)
        if not ReportSettings.objects.filter(office=plan.office).exists():
            # The office's reports are numbered "Số:      /BC-VP"; the signer's name is the office's to set.
            save_report_settings(plan.office, user=None, number_code="VP")
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
                value = near_target(target, share)
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
    def _sample_cycle(self, plan: Plan) -> None:
        """Reports of the sample cycle, written, submitted and reviewed through the reporting services as the
        demo's accounts, today: the system records them as sent today, and flags those sent after their due
        date as late. A unit's report already there for a period (the demo's, or someone's) is left as it is."""
        periods = sample_periods(plan, timezone.localdate())
        User = get_user_model()
        monitor = User.objects.filter(username="monitor").first()
        if not periods or monitor is None:
            return
        counts: Counter = Counter()
        before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        for kind, period in periods:
            for unit in reporting_units(plan):
                if UnitReport.objects.filter(period=period, unit=unit).exists():
                    continue
                sample = CYCLE.get(ascii_key(unit.name), {}).get(kind)
                code = short_name(unit)
                staff = User.objects.filter(username=f"{code}.staff").first()
                head = User.objects.filter(username=f"{code}.head").first()
                if sample is None or staff is None or head is None:
                    counts["missing"] += 1  # no account, or nothing to say: the unit has not reported
                    continue
                self._sample_report(period, unit, sample, staff=staff, head=head, monitor=monitor)
                counts[sample.outcome] += 1
        self._read_past_notifications(before)
        if counts.total() > counts["missing"]:
            self.stdout.write(
                gettext(
                    "Sample reporting cycle (%(periods)s): %(approved)s reports approved, %(returned)s returned, "
                    "%(submitted)s awaiting review, %(missing)s not started."
                )
                % {"periods": ", ".join(p.label for _, p in periods), "approved": counts[APPROVED],
                   "returned": counts[RETURNED], "submitted": counts[SUBMITTED], "missing": counts["missing"]}
            )  # fmt: skip

    def _read_past_notifications(self, after_id: int) -> None:
        """Of the notifications the sample cycle gave, each account keeps unread only its latest that still holds (a
        report still awaiting review, still returned, approved): the rest tell of steps it has since seen through,
        and are marked read as that account, so the bell shows one, not a dozen."""
        holds = {Kind.REPORT_SUBMITTED: UnitReport.Status.SUBMITTED, Kind.REPORT_RETURNED: UnitReport.Status.RETURNED,
                 Kind.REPORT_REOPENED: UnitReport.Status.RETURNED, Kind.REPORT_APPROVED: UnitReport.Status.APPROVED}  # fmt: skip
        status = {reverse("report_detail", args=[pk]): s for pk, s in UnitReport.objects.values_list("pk", "status")}
        past: dict = {}
        kept: set[int] = set()
        for note in Notification.objects.filter(pk__gt=after_id, read_at=None).select_related("user").order_by("-pk"):
            if note.user_id not in kept and status.get(note.url) == holds.get(note.kind):
                kept.add(note.user_id)
            else:
                past.setdefault(note.user, []).append(note.pk)
        for user, ids in past.items():
            mark_read(user, ids)

    def _sample_report(self, period, unit, sample: SampleReport, *, staff, head, monitor) -> None:
        report = report_for(period, unit, user=staff)
        leads = set(
            TargetUnit.objects.filter(unit=unit, role="lead", target__plan=period.plan).values_list("target", flat=True)
        )
        values = {}
        if sample.share is not None:
            for entry in report.indicator_entries.select_related("target__indicator"):
                value = near_target(entry.target, Decimal(str(sample.share)))
                if entry.target_id in leads and value is not None:
                    values[entry.target_id] = {"value": value, "comment": marked(sample.comment)}
        tasks = list(report.task_entries.values_list("task_id", flat=True))

        def received(first: bool) -> dt.date | None:
            """As the units sent them: on time, the day before the due date, or a week late; a corrected report
            after a return, today."""
            if not first:
                return None
            day = period.due + dt.timedelta(days=7 if sample.late else -1)
            return min(max(day, period.start), timezone.localdate())

        def write(report, first=True, **texts):
            texts = {"narrative": sample.narrative, "problems": sample.problems, "proposals": sample.proposals,
                     "next_plans": sample.next_plans, **texts}  # fmt: skip
            report = save_report(
                report, user=staff, version=report.version, problems=marked(texts["problems"]),
                proposals=marked(texts["proposals"]), next_plans=marked(texts["next_plans"]),
                tasks={task: (sample.task_status, marked(texts["narrative"])) for task in tasks}, indicators=values,
            )  # fmt: skip
            return submit_report(report, user=head, version=report.version, received_on=received(first))

        if sample.first_draft:
            report = write(report, **sample.first_draft)
            report = return_report(report, user=monitor, reason=marked(sample.return_reason))
        report = write(report, first=not sample.first_draft)
        if sample.outcome == RETURNED:
            return_report(report, user=monitor, reason=marked(sample.return_reason))
        elif sample.outcome == APPROVED:
            approve_report(report, user=monitor)
            # The approved values became observations of the unit's report: they are sample data too.
            kind, no = period.observation_period
            for entry in report.indicator_entries.select_related("target__indicator").exclude(value=None):
                save_observation(
                    user=monitor, office=period.plan.office, indicator=entry.target.indicator, year=period.year,
                    period_type=kind, period_no=no, source="unit_report", value=entry.value, is_sample=True,
                    reason=gettext("Sample data for the demo, not a measurement."),
                )  # fmt: skip

    @transaction.atomic
    def _accounts(self, plan: Plan) -> list[tuple[str, str]]:
        User = get_user_model()
        password = settings.PCITRACK_DEMO_PASSWORD
        accounts: list[tuple[str, str]] = []

        def account(username, label, unit=None, role=None, **flags):
            name = DEMO_NAMES[len(accounts) % len(DEMO_NAMES)]
            flags |= {"first_name": name, "email": f"{username}@{DEMO_MAIL_DOMAIN}"}
            user, created = User.objects.get_or_create(username=username, defaults=flags)
            if created:
                user.set_password(password)
                user.save()
            elif not (user.email or user.first_name or user.last_name):  # a demo account made before they had names
                User.objects.filter(pk=user.pk).update(first_name=flags["first_name"], email=flags["email"])
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
