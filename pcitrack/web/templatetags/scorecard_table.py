"""The rows of the scorecard's tables, built in Python.

A national plan has a couple of hundred indicators; through the template engine (a variable lookup, a filter and
an include per cell) their rows cost more than every query of the page together. The cells are those of
web/_status.html, web/_units.html and web/_targets.html; a row with several targets by year still renders
web/_targets.html.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pcitrack.monitoring.labels import basis_text, milestone_text, period_label, quantity, reason_text, status_text

from .pcitrack import baseline, source_short, trend_arrow

register = template.Library()


def _latest(row, unit: str) -> SafeString:
    point = row.latest
    if point is None:
        return format_html('<span class="muted">{}</span>', _("no value yet"))
    sample = format_html('<br><span class="badge warn">{}</span>', _("sample data")) if point.sample else ""
    return format_html(
        '{}<br><small class="muted">{} · {}</small>{}',
        quantity(point.value, unit),
        period_label(point),
        source_short(point.source),
        sample,
    )


def _targets(states, unit: str) -> SafeString:
    if len(states) > 1:
        return mark_safe(render_to_string("web/_targets.html", {"states": states, "unit": unit}))
    if not states:
        return mark_safe("—")
    target = states[0].target
    year = format_html('<br><small class="muted">{}</small>', f"{target.year:d}") if target.year else ""
    return format_html("{}{}", milestone_text(target, unit), year)


def _status(row, unit: str) -> SafeString:
    judgement = row.judgement
    estimated = bool(judgement.estimated)
    return format_html(
        '<span class="status status-{}{}">{}</span><br><small class="muted basis" title="{}">{}</small>',
        row.status,
        " estimated" if estimated else "",
        status_text(row.status, estimated),
        reason_text(judgement, unit),
        basis_text(judgement, ""),
    )


def _leads(row, group_title: str) -> SafeString:
    return format_html_join(
        "",
        '<span class="unit{}"{}>{}</span>',
        (
            ("", "", a.label) if a.unit_id else (" group", format_html(' title="{}"', group_title), a.label)
            for a in row.assignments
            if a.role == "lead"
        ),
    )


@register.simple_tag
def scorecard_rows(rows, indicator_url: str, as_of_param: str = "", group_title: str = "") -> SafeString:
    """The <tr> of each row: number, indicator (a link to its page as of the same date), latest value, baseline,
    targets, status with its basis, trend and lead units."""
    query = f"?as_of={as_of_param}" if as_of_param else ""
    html = []
    for row in rows:
        indicator = row.indicator
        unit = indicator.unit_of_measure
        no = f"{row.target.no:d}"
        html.append(
            format_html(
                '<tr id="row-{}"><td class="num">{}</td><td><a href="{}{}/{}">{}</a></td>'
                '<td class="num nowrap">{}</td><td class="num nowrap baseline">{}</td><td class="num">{}</td>'
                '<td>{}</td><td class="nowrap">{}</td><td>{}</td></tr>\n',
                no,
                no,
                indicator_url,
                no,
                query,
                indicator.name,
                _latest(row, unit),
                baseline(row.target) or "—",
                _targets(row.judgement.targets, unit),
                _status(row, unit),
                trend_arrow(row.trend, indicator.direction),
                _leads(row, group_title),
            )
        )
    return mark_safe("".join(html))
