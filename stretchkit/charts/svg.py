"""Charts for the screen: small SVGs that follow JupyterLab's theme and say what they show.

A widget's chart is SVG, not a PNG: its text, axes and grid take their colours from
JupyterLab's CSS variables (:mod:`stretchkit.theme`), so it reads in the dark theme as in the
light one, and each carries ``role="img"`` with a ``<title>`` and a ``<desc>`` that say in words
the numbers the bars show. The planner's two bar charts are drawn here from the plan's data
(no matplotlib: a control's change redraws them in about a millisecond);
:func:`themed_figure` turns a matplotlib figure drawn under :func:`screen_style` into such an
SVG for the progress charts. Printed handouts keep matplotlib's light style (paper).

Examples
--------
>>> from stretchkit import plan_week
>>> svg = plan_days_svg(plan_week(days=2, minutes=10))
>>> 'role="img"' in svg and "<desc" in svg and "Tue: rest" in svg
True
"""

from __future__ import annotations

import contextlib
import io
import re

from .. import theme
from ..markup import Html, html, join, svg_markup
from ..plan import WEEKDAYS, plan_summary
from .style import (
    CHANGE_COLOUR,
    FOCUS_COLOUR,
    SCREEN_GRID,
    SCREEN_INK,
    SCREEN_LINE,
    SCREEN_PAGE,
    STRETCH_COLOUR,
    WARM_UP_COLOUR,
)
from .text import label, shorten

__all__ = [
    "SCREEN_PANEL",
    "plan_days_svg",
    "plan_days_words",
    "plan_muscles_svg",
    "plan_muscles_words",
    "screen_style",
    "themed_figure",
]

_FONT = "var(--jp-ui-font-family, sans-serif)"


def _num(minutes: float) -> str:
    return f"{round(float(minutes), 1):g}"


def _frame(width: int, height: int, title: str, desc: str, body: Html) -> Html:
    return html(
        '<svg class="sk-svg-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="100%" style="max-width:{big}px;height:auto" '
        'font-family="{font}"><title>{title}</title><desc>{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        big=round(width * 1.5),  # drawn at 12 px, shown up to 18 px: readable on a projector
        font=_FONT,
        title=title,
        desc=desc,
        body=body,
    )


def _legend(items, x: float, y: float) -> Html:
    parts = []
    for colour, text in items:
        parts.append(
            html(
                '<rect x="{x}" y="{y}" width="12" height="12" fill="{c}" stroke="{edge}"/>'
                '<text x="{tx}" y="{ty}" font-size="12" fill="{ink}">{t}</text>',
                x=x,
                y=y,
                c=colour,
                edge=theme.BORDER,
                tx=x + 16,
                ty=y + 10.5,
                ink=theme.TEXT,
                t=text,
            )
        )
        x += 28 + 6.6 * len(text)
    return join(parts)


PLAN_DAYS_TITLE = "Minutes of each session, Monday to Sunday"
PLAN_MUSCLES_TITLE = "Minutes of stretching per muscle in a week"


def plan_days_words(plan) -> str:
    """The plan's days in words, as its day chart shows them: each weekday's minutes split
    into warm-up, stretching and changing side or stretch, or "rest".

    Examples
    --------
    >>> from stretchkit import plan_week
    >>> plan_days_words(plan_week(days=2, minutes=10)).split("; ")[1]
    'Tue: rest'
    """
    return _days_words(_week(plan))


def _week(plan):
    return plan_summary(plan, by="day").set_index("day").reindex(list(WEEKDAYS), fill_value=0)


def _days_words(summary) -> str:
    words = []
    for day, row in summary.iterrows():
        warm, held = float(row["warm_up_min"]), float(row["stretch_min"])
        total = float(row["session_min"])
        change = max(total - warm - held, 0.0)
        if total == 0:
            words.append(f"{day}: rest")
        else:
            words.append(
                f"{day}: {_num(total)} minutes (warm-up {_num(warm)}, stretching {_num(held)}, "
                f"changing side or stretch {_num(change)})"
            )
    return "; ".join(words) + "."


def plan_muscles_words(plan, *, catalog) -> str:
    """The minutes a week that reach each muscle of the tables, in words, the plan's focus
    muscles marked "(focus)", names as the muscle chart draws them.

    Examples
    --------
    >>> from stretchkit import load_catalog, plan_week
    >>> plan = plan_week(days=3, minutes=15, focus=["piriformis"])
    >>> "Piriformis (focus): " in plan_muscles_words(plan, catalog=load_catalog())
    True
    """
    summary = plan_summary(plan, by="muscle", catalog=catalog)
    return _muscles_words(summary, _focus(plan))


def _focus(plan) -> set:
    return set(plan.settings.focus) if plan.settings is not None else set()


def _muscles_words(summary, focus) -> str:
    words = [
        shorten(n) + (" (focus)" if m in focus else "") + f": {_num(minutes)}"
        for n, m, minutes in zip(
            summary["name"], summary["muscle_id"], summary["minutes"].astype(float), strict=True
        )
    ]
    return ", ".join(words) + "."


def plan_days_svg(plan) -> Html:
    """A stacked bar per weekday: warm-up, stretching and changing side or stretch, the
    session's minutes on top and "rest" on days without one."""
    summary = _week(plan)
    width, height, left, top, bottom = 460, 260, 40, 46, 28
    plot_h = height - top - bottom
    totals = summary["session_min"].astype(float)
    scale = plot_h / max(float(totals.max()) * 1.12, 1.0)
    step = (width - left - 10) / len(WEEKDAYS)
    base = top + plot_h
    parts = [
        html(
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{c}"/>',
            l=left,
            b=base,
            r=width - 10,
            c=theme.BORDER,
        )
    ]
    for i, (day, row) in enumerate(summary.iterrows()):
        x = left + i * step + step * 0.15
        bar_w = step * 0.7
        warm, held = float(row["warm_up_min"]), float(row["stretch_min"])
        total = float(row["session_min"])
        change = max(total - warm - held, 0.0)
        y = float(base)
        for minutes, colour in (
            (warm, WARM_UP_COLOUR),
            (held, STRETCH_COLOUR),
            (change, CHANGE_COLOUR),
        ):
            if minutes > 0:
                h = minutes * scale
                y -= h
                parts.append(
                    html(
                        '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                        'fill="{c}" stroke="{edge}" stroke-width="0.8"/>',
                        x=x,
                        y=y,
                        w=bar_w,
                        h=h,
                        c=colour,
                        edge=theme.PAPER,
                    )
                )
        value = "rest" if total == 0 else _num(total)
        parts.append(
            html(
                '<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="12" '
                'fill="{ink}"{italic}>{v}</text>'
                '<text x="{x:.1f}" y="{dy}" text-anchor="middle" font-size="12" '
                'fill="{ink}">{day}</text>',
                x=x + bar_w / 2,
                y=y - 4,
                ink=theme.TEXT,
                italic=Html(' font-style="italic"') if total == 0 else Html(""),
                v=value,
                dy=base + 16,
                day=day,
            )
        )
    title = PLAN_DAYS_TITLE
    parts.append(
        html(
            '<text x="{x}" y="16" text-anchor="middle" font-size="14" font-weight="bold" '
            'fill="{ink}">{t}</text>',
            x=width / 2,
            ink=theme.INK,
            t=title,
        )
    )
    parts.append(
        _legend(
            (
                (WARM_UP_COLOUR, "warm-up"),
                (STRETCH_COLOUR, "stretching"),
                (CHANGE_COLOUR, "changing side or stretch"),
            ),
            left,
            24,
        )
    )
    return _frame(width, height, title, f"{title}: {_days_words(summary)}", join(parts))


def plan_muscles_svg(plan, *, catalog) -> Html:
    """A horizontal bar per muscle of the tables with the minutes a week that reach it; the
    plan's focus muscles orange, bold and labelled "(focus)"."""
    summary = plan_summary(plan, by="muscle", catalog=catalog)
    focus = _focus(plan)
    names = [
        label(n) + (" (focus)" if m in focus else "")
        for n, m in zip(summary["name"], summary["muscle_id"], strict=True)
    ]
    row_h, top, left = 22, 30, min(10 + 7 * max((len(n) for n in names), default=4), 220)
    width = 460
    height = top + row_h * len(summary) + 28
    room = width - left - 50
    scale = room / max(float(summary["minutes"].max() if len(summary) else 0), 1.0)
    parts = []
    for i, (name, minutes, mid) in enumerate(
        zip(names, summary["minutes"].astype(float), summary["muscle_id"], strict=True)
    ):
        y = top + i * row_h
        is_focus = mid in focus
        parts.append(
            html(
                '<text x="{tx}" y="{ty:.1f}" text-anchor="end" font-size="12" fill="{ink}"'
                "{bold}>{name}</text>"
                '<rect x="{x}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{c}"/>'
                '<text x="{vx:.1f}" y="{ty:.1f}" font-size="12" fill="{ink}">{v}</text>',
                tx=left - 6,
                ty=y + row_h / 2 + 4,
                ink=theme.TEXT,
                bold=Html(' font-weight="bold"') if is_focus else Html(""),
                name=name,
                x=left,
                y=y + 3,
                w=minutes * scale,
                h=row_h - 6,
                c=FOCUS_COLOUR if is_focus else STRETCH_COLOUR,
                vx=left + minutes * scale + 4,
                v=_num(minutes),
            )
        )
    base = top + row_h * len(summary)
    parts.append(
        html(
            '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="{c}"/>'
            '<text x="{mid}" y="{ly}" text-anchor="middle" font-size="12" fill="{soft}">'
            "minutes per week</text>",
            l=left,
            t=top,
            b=base,
            c=theme.BORDER,
            mid=left + room / 2,
            ly=base + 18,
            soft=theme.TEXT,
        )
    )
    title = PLAN_MUSCLES_TITLE
    parts.append(
        html(
            '<text x="{x}" y="16" text-anchor="middle" font-size="14" font-weight="bold" '
            'fill="{ink}">{t}</text>',
            x=width / 2,
            ink=theme.INK,
            t=title,
        )
    )
    desc = f"{title}, in minutes: {_muscles_words(summary, focus)}"
    return _frame(width, height, title, desc, join(parts))


# -- matplotlib figures for the screen --

#: The stand-in for a shape set off from the page (the body map's silhouette), beside those of
#: :mod:`~stretchkit.charts.style`; see :func:`~stretchkit.charts.screen.paint`.
SCREEN_PANEL = "#050607"

# The stand-ins a chart drawn for the screen uses (see ``style.for_screen``), and the theme's
# variables that replace them in its SVG.
_SENTINELS = {
    SCREEN_PANEL: theme.PANEL,
    SCREEN_INK: theme.TEXT,  # text, tick labels
    SCREEN_LINE: theme.BORDER,  # axes, ticks, legend frame, hatches
    SCREEN_GRID: theme.BORDER_SOFT,  # grid
    SCREEN_PAGE: theme.PAPER,  # legend background, the gaps between calendar cells
}
_SCREEN_RC = {
    "text.color": SCREEN_INK,
    "axes.labelcolor": SCREEN_INK,
    "axes.titlecolor": SCREEN_INK,
    "xtick.color": SCREEN_LINE,
    "ytick.color": SCREEN_LINE,
    "xtick.labelcolor": SCREEN_INK,
    "ytick.labelcolor": SCREEN_INK,
    "axes.edgecolor": SCREEN_LINE,
    "axes.facecolor": SCREEN_PAGE,
    "grid.color": SCREEN_GRID,
    "legend.edgecolor": SCREEN_LINE,
    "legend.facecolor": SCREEN_PAGE,
    "legend.labelcolor": SCREEN_INK,
    "hatch.color": SCREEN_LINE,
    "svg.fonttype": "path",
}
# Left out of a page: comments, metadata, and matplotlib's stylesheet (``*{stroke-linejoin:
# round; ...}`` would style the whole page).
_COMMENT = re.compile(r"<!--.*?-->|<metadata>.*?</metadata>|<style[^>]*>[^<]*</style>", re.S)


@contextlib.contextmanager
def screen_style():
    """Draw a matplotlib chart for :func:`themed_figure`: its text, axes, grid and legend
    take stand-in colours that become JupyterLab's variables."""
    import matplotlib as mpl

    with mpl.rc_context(_SCREEN_RC):
        yield


# The size matplotlib writes, in points.
_SIZE = re.compile(r'\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"')


def themed_figure(fig, *, title: str, desc: str, fit: bool = False) -> Html:
    """``fig`` (drawn under :func:`screen_style`) as SVG on a transparent background with the
    theme's colours, ``role="img"``, a ``<title>`` and a ``<desc>`` (the chart in words).

    With ``fit``, the figure is cut to what is drawn (a legend beside the axes included) and
    the SVG is as wide as its column, at most its own width, its height following."""
    fig.patch.set_alpha(0)
    for ax in fig.axes:
        ax.patch.set_alpha(0)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", transparent=True, bbox_inches="tight" if fit else None)
    svg = _COMMENT.sub("", buf.getvalue())
    if fit:
        svg = _SIZE.sub(
            lambda m: f' width="100%" style="max-width:{m.group(1)}pt;height:auto"', svg, count=1
        )
    for stand_in, colour in _SENTINELS.items():
        svg = svg.replace(stand_in, colour)
    return svg_markup(svg, title=title, desc=desc)
