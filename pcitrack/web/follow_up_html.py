"""The follow-up matrix as HTML, built once per distinct cell.

A national plan's matrix has thousands of cells (units × periods); a template include and a URL
reversal for each would cost far more than reading the reports. A cell's status is rendered by
web/_report_status.html once for each (status, late, days late) it takes, and a report's link is
the reversed pattern with the report's id put in.
"""

from __future__ import annotations

from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ID = 987654321  # stands for the report's id in the reversed URL


def url_pattern(name: str, *args) -> tuple[str, str]:
    """The URL of `name` (after `args`) for an object id, split around the id: (before, after)."""
    url = reverse(name, args=[*args, _ID])
    before, after = url.split(str(_ID))
    return before, after


class StatusHtml:
    """A report's status badge as web/_report_status.html renders it, rendered once per distinct value."""

    def __init__(self):
        self.template = get_template("web/_report_status.html")
        self.rendered: dict[tuple, str] = {}

    def __call__(self, status: str, late: bool, days_late: int = 0) -> str:
        key = (status, bool(late), days_late)
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = self.template.render({"status": status, "late": late, "days_late": days_late})
        return html


def matrix_rows(matrix, status: StatusHtml) -> list[tuple[object, SafeString]]:
    """Each unit with the HTML of its row's cells (<td>…</td>, a report's status linked to the report)."""
    before, after = (format_html("{}", part) for part in url_pattern("report_detail"))
    rows = []
    for unit, cells in matrix:
        parts = []
        for c in cells:
            if c.report is not None:
                badge = status(c.status, c.late, c.days_late)
                parts.append(f'<td><a href="{before}{int(c.report.pk)}{after}">{badge}</a></td>')
            else:
                parts.append(f"<td>{status(c.status, c.late)}</td>")
        rows.append((unit, mark_safe("".join(parts))))  # noqa: S308 — parts are escaped template output and ids
    return rows


def overdue_rows(overdue, status: StatusHtml) -> list[tuple[object, object, str]]:
    """The overdue list with each report's status badge (without the late mark: every one is late)."""
    return [(unit, c, status(c.status, False)) for unit, c in overdue]
