"""The rows of the scorecard's tables, built in Python.

A national plan has a couple of hundred indicators; through the template engine (a variable lookup, a filter and
an include per cell) their rows cost more than every query of the page together. The cells are those of
web/_status.html, web/_units.html and web/_targets.html; a row with several targets by year still renders
web/_targets.html.
"""

from __future__ import annotations

import html

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _

from pcitrack.monitoring.labels import basis_text, milestone_text, period_label, quantity, reason_text, status_text

from .pcitrack import baseline, source_short, trend_arrow

register = template.Library()


def _e(value) -> str:
    """conditional_escape without its per-call overhead (same output: Django escapes with html.escape)."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def _latest(row, unit: str) -> str:
    point = row.latest
    if point is None:
        return f'<span class="muted">{_e(_("no value yet"))}</span>'
    sample = f'<br><span class="badge warn">{_e(_("sample data"))}</span>' if point.sample else ""
    return (
        f"{_e(quantity(point.value, unit))}<br>"
        f'<small class="muted">{_e(period_label(point))} · {_e(source_short(point.source))}</small>{sample}'
    )


def _targets(states, unit: str) -> str:
    if len(states) > 1:
        return render_to_string("web/_targets.html", {"states": states, "unit": unit})
    if not states:
        return "—"
    target = states[0].target
    year = f'<br><small class="muted">{target.year:d}</small>' if target.year else ""
    return f"{_e(milestone_text(target, unit))}{year}"


def _status(row, unit: str) -> str:
    judgement = row.judgement
    estimated = bool(judgement.estimated)
    return (
        f'<span class="status status-{_e(row.status)}{" estimated" if estimated else ""}">'
        f"{_e(status_text(row.status, estimated))}</span><br>"
        f'<small class="muted basis" title="{_e(reason_text(judgement, unit))}">{_e(basis_text(judgement, ""))}</small>'
    )


def _leads(row, group_title: str) -> str:
    return "".join(
        f'<span class="unit">{_e(a.label)}</span>'
        if a.unit_id
        else f'<span class="unit group" title="{_e(group_title)}">{_e(a.label)}</span>'
        for a in row.assignments
        if a.role == "lead"
    )


@register.simple_tag
def scorecard_rows(rows, indicator_url: str, as_of_param: str = "", group_title: str = "") -> SafeString:
    """The <tr> of each row: number, indicator (a link to its page as of the same date), latest value, baseline,
    targets, status with its basis, trend and lead units."""
    query = _e(f"?as_of={as_of_param}" if as_of_param else "")
    base = _e(indicator_url)
    html_rows = []
    for row in rows:
        indicator = row.indicator
        unit = indicator.unit_of_measure
        no = f"{row.target.no:d}"
        html_rows.append(
            f'<tr id="row-{no}"><td class="num">{no}</td><td><a href="{base}{no}/{query}">{_e(indicator.name)}</a></td>'
            f'<td class="num nowrap">{_latest(row, unit)}</td>'
            f'<td class="num nowrap baseline">{_e(baseline(row.target) or "—")}</td>'
            f'<td class="num">{_targets(row.judgement.targets, unit)}</td><td>{_status(row, unit)}</td>'
            f'<td class="nowrap">{_e(trend_arrow(row.trend, indicator.direction))}</td><td>{_leads(row, group_title)}</td>'
            "</tr>\n"
        )
    return mark_safe("".join(html_rows))
