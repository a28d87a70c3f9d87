"""Pages speak in words: no status, source or period code (`unit_report`, `not_started`, `2025Y1`, `draft`)
reaches what a person reads, on any page, as any role, history tables included."""

import html
import re

import pytest

from pcitrack.core.periods import PeriodKind
from pcitrack.core.task_deadlines import TaskStatus
from pcitrack.monitoring.models import Observation
from pcitrack.reporting import services
from pcitrack.reporting.models import UnitReport
from tests.test_access import TABLE, pages_as

PERSONAS = ["staff", "head", "monitor", "leader"]
STATUS_KEYS = ["target_achieved", "not_achieved", "on_track", "needs_acceleration", "limited_progress",
               "deterioration", "not_available", "not_started", "done_on_time", "done_late"]  # fmt: skip
CODES = sorted(
    {
        *STATUS_KEYS,
        *(s.value for s in TaskStatus),
        *Observation.Source.values,
        *UnitReport.Status.values,
        *(k.value for k in PeriodKind),
    }  # fmt: skip
)
CODE = re.compile(r"\b(?:" + "|".join(map(re.escape, CODES)) + r")\b|\b(?:19|20)\d\d[YHQ]\d\b")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|svg|code)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_check_catches_codes():
    assert CODE.findall(visible_text("<td>2025Y1 · unit_report</td><td class='status-not_started'>nháp</td>")) == [
        "2025Y1", "unit_report",
    ]  # fmt: skip


@pytest.fixture
def history(world):
    """A report saved, submitted, returned and reopened, a value typed and accepted: every kind of history row."""
    report = world.report()
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks)
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    report = services.return_report(report, user=world.users["monitor"], reason="Thiếu số liệu")
    world.own_value(2)
    world.pending_value(2)
    return world


@pytest.mark.parametrize("name", sorted(TABLE))
def test_no_page_shows_a_code(history, name):
    url, pages = pages_as(history, name, PERSONAS)  # in Vietnamese, the default language
    found = [f"{persona}: {code}" for persona, html in pages for code in CODE.findall(visible_text(html))]
    assert not found, f"{url}: " + ", ".join(sorted(set(found)))
