from dataclasses import dataclass
from importlib import resources

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from pcitrack.core.plan_files import plan_text_from_bytes
from pcitrack.core.plan_parser import parse_plan_text
from pcitrack.org.models import Membership, Unit
from pcitrack.plans.services import import_plan

OTHER_OFFICE = "Văn phòng UBND tỉnh Quảng Bình"
SEED_TEXT = plan_text_from_bytes(resources.files("pcitrack.data").joinpath("plan_seed_2024.txt").read_bytes())
PASSWORD = "s3cret-pass-for-tests"
# A VCCI release in the CSV format: two provinces' sub-indices, PCI and rank for 2023.
PCI_CSV = (
    "province,year,entry,land,transparency,time,informal,bias,proactivity,support,labour,law,pci,rank\n"
    "Quảng Ninh,2023,7.1,6.5,6.9,7.2,6.8,6.1,7.3,6.6,7.0,6.9,71.3,1\n"
    "Quảng Trị,2023,6.9,6.4,6.7,7.0,6.6,5.9,7.0,6.3,6.8,6.7,64.2,22\n"
)


FIRST_ID = 1_000_001


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every table's ids start above a million, on SQLite and PostgreSQL alike.

    Ids and versions that a page renders for a form or a script to read back must never be
    written as "1.000.001": with small ids such a bug stays hidden until a real office passes 999.
    """
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for model in _models_with_ids():
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, FIRST_ID])
            elif connection.vendor == "sqlite":
                cursor.execute("UPDATE sqlite_sequence SET seq = max(seq, %s) WHERE name = %s", [FIRST_ID, table])
                if cursor.rowcount == 0:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_ID])


def _models_with_ids():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if isinstance(pk, models.AutoField | models.BigAutoField) and model._meta.managed and not model._meta.proxy:
            yield model


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads of one test never reach another test or the developer's data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT


@pytest.fixture(scope="session")
def seed_parsed():
    """The seed parsed once; on an empty database import_plan needs nothing more."""
    return parse_plan_text(SEED_TEXT)


@dataclass
class World:
    plan: object
    office: Unit
    unit_a: Unit  # Phòng Nội chính
    unit_b: Unit  # Phòng Tài chính - Thương mại
    users: dict
    # Another province's office running the same plan with its own units and people: nothing of
    # the first office may reach them, nor theirs the first office.
    other_plan: object = None
    other_office: Unit | None = None
    other_unit: Unit | None = None  # its Phòng Nội chính

    def observation(self, no: int, year: int = 2016, value: float = 50):
        """An official PCI value of indicator `no` of the plan."""
        from pcitrack.monitoring.models import Observation

        target = self.plan.targets.get(no=no)
        return Observation.objects.get_or_create(
            office=self.office,
            indicator=target.indicator,
            year=year,
            source="pci",
            defaults={"value": value, "accepted_value": value},
        )[0]

    def own_value(self, no: int, year: int = 2024, value: float = 60):
        """A value of indicator `no` from the office's administrative records (not an official one)."""
        from pcitrack.monitoring.models import Observation

        target = self.plan.targets.get(no=no)
        return Observation.objects.get_or_create(
            office=self.office,
            indicator=target.indicator,
            year=year,
            source="admin",
            defaults={"value": value, "accepted_value": value},
        )[0]

    def pending_value(self, no: int, year: int = 2023, value: float = 55):
        """A value of indicator `no` typed by the unit's staff, waiting for a monitor's acceptance."""
        from pcitrack.monitoring.models import Observation

        target = self.plan.targets.get(no=no)
        return Observation.objects.get_or_create(
            office=self.office, indicator=target.indicator, year=year, source="unit_report",
            defaults={"value": value, "unit": self.unit_a, "created_by": self.users["staff"], "updated_by": self.users["staff"]},
        )[0]  # fmt: skip

    def period(self):
        """The plan's first reporting period (quarter 1, 2024), with every period created."""
        from pcitrack.reporting.services import generate_periods

        if not self.plan.periods.exists():
            generate_periods(self.plan, user=self.users["monitor"])
        return self.plan.periods.order_by("cutoff", "pk").first()

    def report(self):
        """Phòng Nội chính's report for the first period."""
        from pcitrack.reporting.services import report_for

        return report_for(self.period(), self.unit_a)

    def evidence(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from pcitrack.reporting.services import add_evidence

        entry = self.report().task_entries.first()
        return add_evidence(entry, SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes"), user=self.users["staff"])

    def job(self):
        """An official report built for the first period, as the monitor would ask for it."""
        from pcitrack.reporting.models import GeneratedReport
        from pcitrack.reporting.tasks import build_report_task

        job = GeneratedReport.objects.create(
            plan=self.plan, period=self.period(), format="xlsx", created_by=self.users["monitor"]
        )
        build_report_task.enqueue(job.pk)
        return job

    def province(self):
        from pcitrack.pci.models import Province
        from pcitrack.pci.services import ensure_provinces

        ensure_provinces()
        return Province.objects.get(name="Quảng Trị")

    def staged_values(self) -> str:
        """A table of values uploaded by the monitor, waiting for confirmation."""
        from pcitrack.plans import staging

        table = 'chi_tieu,nam,ky,nguon,gia_tri\n2,2024,,survey,"61,5"\n'
        return staging.stage(self.users["monitor"], "values.csv", table.encode(), kind="observations")

    def staged_release(self) -> str:
        """A VCCI release (CSV) uploaded by the monitor, waiting for confirmation."""
        from pcitrack.plans import staging

        return staging.stage(self.users["monitor"], "pci2023.csv", PCI_CSV.encode(), kind="pci")

    def holiday(self):
        """A day off of the deployment's list."""
        import datetime as dt

        from pcitrack.reporting.models import Holiday

        return Holiday.objects.get_or_create(date=dt.date(2030, 11, 20), defaults={"name": "Ngày nghỉ thử"})[0]

    def notification(self, persona: str = "staff"):
        """A notification for the persona: the monitor returned Phòng Nội chính's report."""
        from pcitrack.notifications.models import Notification

        return Notification.objects.get_or_create(
            user=self.users[persona], kind=Notification.Kind.REPORT_RETURNED,
            defaults={"title": "Báo cáo bị trả lại", "body": "Lý do: thiếu minh chứng", "url": f"/reports/{self.report().pk}/"},
        )[0]  # fmt: skip

    def staged_upload(self) -> str:
        """A plan file uploaded by the monitor, waiting for confirmation."""
        from pcitrack.plans import staging

        return staging.stage(self.users["monitor"], "seed.txt", SEED_TEXT.encode("utf-8"))


def _user(username, **flags):
    # No password: hashing one costs a third of a second; tests log in with force_login.
    user = get_user_model().objects.create_user(username=username, password=None, **flags)
    return user


@pytest.fixture
def world(db, seed_parsed) -> World:
    """The seed plan imported, and one user per persona."""
    plan = import_plan(seed_parsed, source_name="seed.txt")
    office = plan.office
    unit_a = office.children.get(name="Phòng Nội chính")
    unit_b = office.children.get(name="Phòng Tài chính - Thương mại")
    users = {
        "outsider": _user("outsider"),
        "staff": _user("staff_a"),
        "head": _user("head_a"),
        "staff_b": _user("staff_b"),
        "monitor": _user("monitor"),
        "leader": _user("leader"),
        "admin": _user("admin", is_staff=True, is_superuser=True),
    }
    Membership.objects.create(user=users["staff"], unit=unit_a, role=Membership.Role.STAFF)
    Membership.objects.create(user=users["head"], unit=unit_a, role=Membership.Role.HEAD)
    Membership.objects.create(user=users["staff_b"], unit=unit_b, role=Membership.Role.STAFF)
    Membership.objects.create(user=users["monitor"], unit=plan.monitoring_unit, role=Membership.Role.MONITOR)
    Membership.objects.create(user=users["leader"], unit=office, role=Membership.Role.LEADER)
    other_office = Unit.objects.create(name=OTHER_OFFICE, kind=Unit.Kind.OFFICE)
    other_plan = import_plan(seed_parsed, office=other_office, source_name="seed-qb.txt")
    other_unit = other_office.children.get(name="Phòng Nội chính")
    users |= {"monitor_b": _user("monitor_b"), "leader_b": _user("leader_b"), "staff_ob": _user("staff_ob")}
    Membership.objects.create(user=users["monitor_b"], unit=other_plan.monitoring_unit, role=Membership.Role.MONITOR)
    Membership.objects.create(user=users["leader_b"], unit=other_office, role=Membership.Role.LEADER)
    Membership.objects.create(user=users["staff_ob"], unit=other_unit, role=Membership.Role.STAFF)
    return World(plan, office, unit_a, unit_b, users, other_plan, other_office, other_unit)
