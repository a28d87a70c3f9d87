"""Charts drawn with matplotlib, as SVG for pages and as PNG for Word reports: one code for both."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

COLOURS = ["#1f5f8b", "#c0392b", "#2e8b57", "#8e44ad"]

# Texts on a chart come from people (indicator names, units of measure such as "$" or "\\"): matplotlib must show
# them as written, never read "$...$" as math markup nor hand them to TeX.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


@dataclass
class ChartLabels:
    """Texts on the chart, already translated by the caller."""

    target: str = "Target"
    path: str = "Path to the target"
    targets: str = "Targets by year"
    baseline: str = "Baseline (plan)"
    year: str = "Year"
    decimal: str = ","
    thousands: str = "."
    sources: dict = field(default_factory=dict)


def _number(value: float, labels: ChartLabels) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", labels.decimal).replace("\x00", labels.thousands)


def indicator_chart(
    series: dict[str, list[tuple[float, float]]],
    *,
    target: float | None = None,
    target_year: int | None = None,
    base: tuple[float, float] | None = None,
    targets: list[tuple[int, float]] = (),
    baseline: tuple[float, float] | None = None,
    unit: str = "",
    labels: ChartLabels | None = None,
    fmt: str = "svg",
    size: tuple[float, float] = (7.5, 3.6),
) -> bytes:
    """Observations by source, the target as a line and the straight path from base to target.

    series maps a source key to (x, value) points; x is a year, fractional for quarters. `targets` are a plan's
    targets by year, drawn as marks when there are several; `baseline` the value the plan states for its baseline
    year, drawn apart from the measured values.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    labels = labels or ChartLabels()
    with matplotlib.rc_context(PLAIN_TEXT):
        fig, ax = plt.subplots(figsize=size, dpi=100)
        try:
            for i, (source, points) in enumerate(series.items()):
                if not points:
                    continue
                xs, ys = zip(*sorted(points), strict=True)
                ax.plot(xs, ys, marker="o", color=COLOURS[i % len(COLOURS)], label=labels.sources.get(source, source))
            if target is not None:
                ax.axhline(target, color="#555555", linestyle="--", linewidth=1, label=labels.target)
                if base is not None and target_year is not None:
                    ax.plot(
                        [base[0], target_year], [base[1], target], color="#999999", linestyle=":", label=labels.path
                    )
            if len(targets) > 1:
                xs, ys = zip(*targets, strict=True)
                ax.plot(xs, ys, linestyle="none", marker="D", color="#555555", label=labels.targets)
            if baseline is not None:
                ax.plot([baseline[0]], [baseline[1]], linestyle="none", marker="s", mfc="none", color="#555555",
                        label=labels.baseline)  # fmt: skip
            xs_all = [x for points in series.values() for x, _ in points]
            if xs_all:
                edges = [*xs_all, *(x for x, _ in targets), *([baseline[0]] if baseline else [])]
                ax.set_xlim(min(edges) - 0.5, max([*edges, target_year or 0]) + 0.5)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _number(v, labels) + (f" {unit}" if unit else "")))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
            ax.set_xlabel(labels.year)
            ax.grid(axis="y", color="#e5e5e5")
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(loc="best", fontsize=8, frameon=False)
            return _saved(fig, fmt)
        finally:
            plt.close(fig)


def _saved(fig, fmt: str) -> bytes:
    """The figure as SVG or PNG bytes; an SVG without its date, so the same chart gives the same bytes."""
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()


_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>\s*")
_DECLARATION = re.compile(r"^\s*([a-z-]+)\s*:\s*([^;\"<>]+?)\s*$")


def _presentation_attributes(declarations: str) -> str:
    """ "fill: #fff; stroke-width: 0.8" -> ' fill="#fff" stroke-width="0.8"' (SVG presentation attributes)."""
    pairs = [_DECLARATION.match(part) for part in declarations.split(";") if part.strip()]
    return "".join(f' {m.group(1)}="{m.group(2)}"' for m in pairs if m)


def inline_svg(svg: bytes, title: str) -> str:
    """SVG markup to put inside a page: no XML prologue, scalable, with an accessible title.

    matplotlib styles its shapes with style="..." attributes and a <style> element, which a Content-Security-Policy
    without 'unsafe-inline' for styles blocks. Every property it uses (fill, stroke, stroke-width, ...) is also an
    SVG presentation attribute, which no policy blocks: the chart is rewritten to use those instead.
    """
    text = svg.decode("utf-8")
    text = text[text.index("<svg") :]
    sheet = _STYLE_ELEMENT.search(text)
    root = _presentation_attributes(sheet.group(1)) if sheet else ""  # "*{...}" only sets inherited properties
    text = _STYLE_ELEMENT.sub("", text)
    text = _STYLE_ATTRIBUTE.sub(lambda m: _presentation_attributes(m.group(1)), text)
    text = re.sub(
        r'<svg([^>]*?) width="[^"]+" height="[^"]+"', lambda m: f'<svg{m.group(1)} class="chart" role="img"{root}',
        text, count=1,
    )  # fmt: skip
    safe = title.replace("&", "&amp;").replace("<", "&lt;")
    return text.replace(">", f"><title>{safe}</title>", 1)


STATUS_COLOURS = {
    "target_achieved": "#2e7d32",
    "target_achieved_estimated": "#81c784",
    "not_achieved": "#8e0000",
    "not_achieved_estimated": "#e57373",
    "on_track": "#7cb342",
    "needs_acceleration": "#f9a825",
    "limited_progress": "#ef6c00",
    "deterioration": "#c62828",
    "not_available": "#bdbdbd",
}


def status_chart(groups: list[tuple[str, dict[str, int]]], status_labels: dict[str, str], *, fmt: str = "png") -> bytes:
    """Horizontal stacked bars: for each group (a PCI sub-index), how many indicators are in each status."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    height = max(1.6, 0.45 * len(groups) + 1.0)
    with matplotlib.rc_context(PLAIN_TEXT):
        fig, ax = plt.subplots(figsize=(7.5, height), dpi=150)
        try:
            names = [name for name, _ in groups]
            left = [0] * len(groups)
            for status, colour in STATUS_COLOURS.items():
                counts = [counts.get(status, 0) for _, counts in groups]
                if any(counts):
                    ax.barh(names, counts, left=left, color=colour, label=status_labels.get(status, status))
                    left = [a + b for a, b in zip(left, counts, strict=True)]
            ax.invert_yaxis()
            ax.xaxis.get_major_locator().set_params(integer=True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8, frameon=False)
            return _saved(fig, fmt)
        finally:
            plt.close(fig)
