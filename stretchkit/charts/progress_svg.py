"""The progress charts for the screen: small SVGs drawn from the log, and the same charts in
words.

The progress tab and lesson 04 show four charts: the days stretched each week against the
goal, the minutes each muscle got week by week, a calendar of the days stretched, and the
discomfort of each stretch over time. Each is drawn here as SVG from the data of
:mod:`stretchkit.progress` (no matplotlib: a change to the log redraws all four in a few
milliseconds), as :mod:`stretchkit.charts.svg` draws the planner's charts:

- text, axes and grid take JupyterLab's theme variables (:mod:`stretchkit.theme`), so a chart
  reads in the dark theme as in the light one; data take the colour-blind-safe colours of
  :mod:`stretchkit.charts.style`, and no fact rests on colour alone (a week below the goal is
  hatched, sharp pain is a cross, minutes are sizes and heights);
- the SVG has ``role="img"``, a ``<title>`` and a ``<desc>``: the chart in words, the same words
  the page shows under it, so what a screen reader says is what the chart shows;
- every name reaches the markup through :mod:`stretchkit.markup` (escaped), cut with
  :func:`~stretchkit.charts.text.shorten` on the chart and whole in the words.

Each chart has a function for its SVG (``weekly_sessions_svg``, ``minutes_by_muscle_svg``,
``calendar_svg``, ``discomfort_svg``) and one for its words (``..._words``);
:func:`progress_chart` gives both from one reading of the log, as a :class:`ProgressChart` that
a notebook shows as the chart with its words under it.

Examples
--------
>>> from stretchkit import sample_log
>>> chart = progress_chart("calendar", sample_log())
>>> chart.svg.startswith('<svg role="img"'), "<desc>37 days stretched" in chart.svg
(True, True)
>>> print(chart)  # doctest: +NORMALIZE_WHITESPACE
37 days stretched between Tue 01 Sep 2026 and Sun 22 Nov 2026 (12 weeks), 162 minutes in all;
the most in one day: 5.2 minutes on Thu 29 Oct 2026. Sharp pain on Thu 15 Oct 2026.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import theme
from ..catalog import Catalog, use_catalog
from ..markup import Html, html, join
from ..plan import WEEKDAYS
from ..progress import daily_minutes, discomfort_trend, minutes_by_muscle, weekly_sessions
from ..weeks import check_weeks, count_text, days_a_week, goal_days, minutes_text, week_of
from ..words import number
from .style import BELOW_COLOUR, MET_COLOUR, SHARP_PAIN_LABEL, STRETCH_COLOUR
from .text import shorten

__all__ = [
    "KINDS",
    "TITLES",
    "WEEKS",
    "ProgressChart",
    "calendar_svg",
    "calendar_words",
    "discomfort_svg",
    "discomfort_words",
    "minutes_by_muscle_svg",
    "minutes_by_muscle_words",
    "progress_chart",
    "weekly_sessions_svg",
    "weekly_sessions_words",
]

DataDir = str | os.PathLike | None

#: The weeks a chart shows by default: the last 16, readable on a projector however long the log.
WEEKS = 16
#: The charts, in the order the progress tab shows them.
KINDS = ("weekly", "muscles", "calendar", "discomfort")
#: Each chart's title: its accessible name, and the heading drawn on it.
TITLES = {
    "weekly": "Days stretched per week against the goal",
    "muscles": "Minutes stretched per muscle, week by week",
    "calendar": "Calendar of the days stretched",
    "discomfort": "Discomfort per stretch over time",
}
#: Characters a name keeps on a chart; the words carry it whole.
NAME_CHARS = 24

_FONT = "var(--jp-ui-font-family, sans-serif)"
_WIDTH = 640
_NONE = Html("")
_CHAR = 7.0  # the width of a character at 12 px, about, to make room for a label


# --- drawing helpers ----------------------------------------------------------------------


def _frame(width: float, height: float, title: str, desc: str, body: Html) -> Html:
    """The chart's ``<svg>``: an image named by its title and described by its words, as wide
    as the page allows and at most 1.5 times its drawn size (readable on a projector)."""
    return html(
        '<svg role="img" class="sk-svg-chart sk-progress-svg" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {w:.0f} {h:.0f}" width="100%" style="max-width:{big:.0f}px;height:auto" '
        'font-family="{font}"><title>{title}</title><desc>{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        big=width * 1.5,
        font=_FONT,
        title=title,
        desc=desc,
        body=body,
    )


def _text(
    x: float,
    y: float,
    text,
    *,
    size: int = 12,
    anchor: str = "start",
    ink: str = theme.TEXT,
    bold: bool = False,
    rotate: float = 0,
) -> Html:
    turn = (
        html(' transform="rotate({r:.0f} {x:.1f} {y:.1f})"', r=rotate, x=x, y=y)
        if rotate
        else _NONE
    )
    return html(
        '<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{ink}"'
        "{weight}{turn}>{text}</text>",
        x=x,
        y=y,
        size=size,
        anchor=anchor,
        ink=ink,
        weight=Html(' font-weight="bold"') if bold else Html(""),
        turn=turn,
        text=text,
    )


def _heading(title: str, width: float) -> Html:
    return _text(width / 2, 18, title, size=14, anchor="middle", ink=theme.INK, bold=True)


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, *, dash: str = "") -> Html:
    return html(
        '<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{c}"{dash}/>',
        x1=x1,
        y1=y1,
        x2=x2,
        y2=y2,
        c=colour,
        dash=html(' stroke-dasharray="{}" stroke-width="1.5"', dash) if dash else Html(""),
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, *, extra: Html = _NONE) -> Html:
    return html(
        '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}"{extra}/>',
        x=x,
        y=y,
        w=max(w, 0.0),
        h=max(h, 0.0),
        fill=fill,
        extra=extra,
    )


def _hatch(x: float, y: float, w: float, h: float) -> Html:
    """Diagonal lines ("//") across a rectangle: a week below the goal, without colour."""
    moves = []
    base = y + h
    offset = -h
    while offset < w:
        start, end = max(0.0, -offset), min(h, w - offset)
        if end > start:
            moves.append(
                f"M{x + offset + start:.1f} {base - start:.1f}L{x + offset + end:.1f} "
                f"{base - end:.1f}"
            )
        offset += 6
    if not moves:
        return Html("")
    return html(
        '<path d="{d}" stroke="{c}" stroke-width="1.2" fill="none"/>', d="".join(moves), c=theme.INK
    )


def _cross(x: float, y: float, r: float = 6) -> Html:
    """Sharp pain: a cross in the text colour on a halo of the page's, the same on every chart."""
    a, b, c, e = x - r, x + r, y - r, y + r
    d = f"M{a:.1f} {c:.1f}L{b:.1f} {e:.1f}M{a:.1f} {e:.1f}L{b:.1f} {c:.1f}"
    return html(
        '<g class="sk-sharp-pain"><path d="{d}" stroke="{halo}" stroke-width="6" '
        'stroke-linecap="round" fill="none"/><path d="{d}" stroke="{ink}" stroke-width="2.5" '
        'stroke-linecap="round" fill="none"/></g>',
        d=d,
        halo=theme.PAPER,
        ink=theme.INK,
    )


def _legend(
    items: Iterable[tuple[Callable[[float, float], Html], str]], x: float, y: float
) -> tuple[Html, float]:
    """Swatches (each drawn by a function of its top-left corner, 12 px square) and their
    labels in rows from (x, y), a new row where the next would not fit; returns the markup and
    the y below the last row."""
    parts = []
    start = x
    for swatch, text in items:
        room = 30 + _CHAR * len(text)
        if x > start and x + room > _WIDTH:
            x, y = start, y + 18
        parts.append(swatch(x, y))
        parts.append(_text(x + 16, y + 10.5, text, size=12))
        x += room
    return join(parts), y + 18


def _nothing_yet(kind: str, message: str, words: str) -> Html:
    body = join([_heading(TITLES[kind], _WIDTH), _text(_WIDTH / 2, 66, message, anchor="middle")])
    return _frame(_WIDTH, 96, TITLES[kind], words, body)


def _day(when) -> str:
    return f"{pd.Timestamp(when):%d %b}"


def _date(when) -> str:
    return f"{pd.Timestamp(when):%d %b %Y}"


def _weekday_date(when) -> str:
    return f"{pd.Timestamp(when):%a %d %b %Y}"


def _window(days: pd.Series, weeks: int | None) -> pd.Timestamp | None:
    """The Monday of the first week shown: ``weeks`` weeks up to the last logged one."""
    if weeks is None or days.empty:
        return None
    return week_of(days).max() - pd.Timedelta(weeks=weeks - 1)


# --- days a week against the goal ---------------------------------------------------------


@dataclass(frozen=True)
class _Weekly:
    table: pd.DataFrame
    low: int
    high: int
    goal_title: str | None


def _weekly_data(log, goal, weeks: int | None, catalog: Catalog | None) -> _Weekly:
    # A (low, high) goal reads no table, so only a named goal loads them.
    cat = use_catalog(catalog) if isinstance(goal, str) else None
    low, high, title = goal_days(goal, catalog=cat)
    table = weekly_sessions(log, goal=goal, weeks=weeks, catalog=cat)
    return _Weekly(table, low, high, title)


def _goal_text(data: _Weekly) -> str:
    band = days_a_week(data.low, data.high)
    return f"{band} ({data.goal_title.lower()})" if data.goal_title else band


def _weekly_words(data: _Weekly) -> str:
    t = data.table
    if t.empty:
        return "No sessions logged yet."
    shown = [
        f"{_day(w)}: {d}" + ("" if met else " (below)")
        for w, d, met in zip(t["week"], t["days"], t["met"], strict=True)
    ]
    return (
        f"Days stretched per week, {count_text(len(t), 'week')} from {_date(t['week'].iloc[0])}, "
        f"against the goal of {_goal_text(data)}: {', '.join(shown)}; "
        f"{int(t['met'].sum())} of {count_text(len(t), 'week')} met the goal."
    )


def _weekly_draw(data: _Weekly, words: str) -> Html:
    t = data.table
    if t.empty:
        return _nothing_yet("weekly", "No sessions logged yet: add one to see your weeks", words)
    n = len(t)
    rotate = n > 8
    left, right = 44, _WIDTH - 12
    parts = [_heading(TITLES["weekly"], _WIDTH)]

    def band_swatch(x: float, top_y: float) -> Html:
        return _rect(
            x,
            top_y,
            12,
            12,
            theme.SUCCESS,
            extra=html(' fill-opacity="0.2" stroke="{c}" stroke-dasharray="3 2"', c=theme.SUCCESS),
        )

    def met_swatch(x: float, top_y: float) -> Html:
        return _rect(x, top_y, 12, 12, MET_COLOUR)

    def below_swatch(x: float, top_y: float) -> Html:
        return join([_rect(x, top_y, 12, 12, BELOW_COLOUR), _hatch(x, top_y, 12, 12)])

    goal_label = "goal: " + shorten(_goal_text(data), chars=60)
    goal_row, below = _legend([(band_swatch, goal_label)], left, 28)
    bars_row, below = _legend(
        [(met_swatch, "met the goal"), (below_swatch, "below the goal (hatched)")], left, below
    )
    parts += [goal_row, bars_row]
    top, plot_h = below + 14, 170
    base = top + plot_h
    height = base + (58 if rotate else 40)
    scale = plot_h / 7.6

    def y(days: float) -> float:
        return base - days * scale

    # The grid and the days up the side.
    for d in range(8):
        parts.append(_line(left, y(d), right, y(d), theme.BORDER_SOFT))
        parts.append(_text(left - 6, y(d) + 4, d, size=11, anchor="end"))
    parts.append(_text(12, top + plot_h / 2, "days", size=11, anchor="middle", rotate=-90))
    # The goal band, its lower edge (what a week must reach) dashed.
    parts.append(
        _rect(
            left,
            y(data.high),
            right - left,
            y(data.low) - y(data.high),
            theme.SUCCESS,
            extra=Html(' fill-opacity="0.15"'),
        )
    )
    parts.append(_line(left, y(data.low), right, y(data.low), theme.SUCCESS, dash="6 4"))
    step = (right - left) / n
    every = max(1, math.ceil(n / WEEKS))
    for i, (week, days, met) in enumerate(zip(t["week"], t["days"], t["met"], strict=True)):
        bar_w = step * 0.7
        x = left + i * step + step * 0.15
        h = int(days) * scale
        bar = _rect(x, base - h, bar_w, h, MET_COLOUR if met else BELOW_COLOUR)
        parts.append(
            html(
                '<g class="sk-week" data-days="{d}" data-met="{m}">{bar}{hatch}</g>',
                d=int(days),
                m="yes" if met else "no",
                bar=bar,
                hatch=Html("") if met else _hatch(x, base - h, bar_w, h),
            )
        )
        cx = x + bar_w / 2
        parts.append(_text(cx, base - h - 4, int(days), size=11, anchor="middle"))
        if i % every == 0:
            if rotate:
                parts.append(
                    _text(cx + 4, base + 14, _day(week), size=11, anchor="end", rotate=-45)
                )
            else:
                parts.append(_text(cx, base + 16, _day(week), size=11, anchor="middle"))
    parts.append(_line(left, base, right, base, theme.BORDER))
    parts.append(
        _text((left + right) / 2, height - 6, "week starting Monday", size=11, anchor="middle")
    )
    return _frame(_WIDTH, height, TITLES["weekly"], words, join(parts))


# --- minutes per muscle ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Muscles:
    names: list[str]
    weeks: list[pd.Timestamp]
    grid: list[list[float]]  # a row per muscle, a value per week


def _muscles_data(log, weeks: int | None, catalog: Catalog | None) -> _Muscles:
    data = minutes_by_muscle(log, weeks=weeks, catalog=catalog)
    if data.empty:
        return _Muscles([], [], [])
    grid = data.pivot(index="muscle_id", columns="week", values="minutes")
    names = data.drop_duplicates("muscle_id").set_index("muscle_id")["muscle"]
    return _Muscles(
        [str(names[m]) for m in grid.index],
        [pd.Timestamp(w) for w in grid.columns],
        [[float(v) for v in row] for row in grid.to_numpy(dtype=float)],
    )


def _muscles_words(data: _Muscles) -> str:
    if not data.names:
        return "No minutes logged yet."
    last = data.weeks[-1]
    per = ", ".join(
        f"{name}: {number(sum(row))} ({number(row[-1])} in the latest week)"
        for name, row in zip(data.names, data.grid, strict=True)
    )
    return (
        f"Minutes per muscle in {count_text(len(data.weeks), 'week')}, from the week of "
        f"{_date(data.weeks[0])} to the week of {_date(last)}: {per}."
    )


def _muscles_draw(data: _Muscles, words: str) -> Html:
    if not data.names:
        return _nothing_yet(
            "muscles", "No sessions logged yet: add one to see your minutes per muscle", words
        )
    labels = [shorten(n, chars=NAME_CHARS) for n in data.names]
    left = min(12 + _CHAR * max(len(n) for n in labels), 200)
    right = _WIDTH - 70
    top, row_h = 58, 32
    n = len(data.weeks)
    most = max((v for row in data.grid for v in row), default=0.0)
    scale = (row_h - 8) / max(most, 1e-9)
    step = (right - left - 8) / n
    parts = [
        _heading(TITLES["muscles"], _WIDTH),
        _text(
            _WIDTH / 2,
            38,
            f"A bar per week (tallest: {minutes_text(most)}); the number is all "
            f"{count_text(n, 'week')} together",
            size=12,
            anchor="middle",
        ),
        _text(right + 8, top - 6, "minutes", size=11),
    ]
    for r, (label, row) in enumerate(zip(labels, data.grid, strict=True)):
        base = top + (r + 1) * row_h - 4
        parts.append(_text(left - 6, base - 6, label, anchor="end"))
        parts.append(_line(left + 4, base, right, base, theme.BORDER))
        bars = []
        for i, minutes in enumerate(row):
            h = minutes * scale
            if h > 0:
                bars.append(
                    _rect(
                        left + 8 + i * step + step * 0.15, base - h, step * 0.7, h, STRETCH_COLOUR
                    )
                )
        parts.append(
            html(
                '<g class="sk-muscle" data-minutes="{m:.1f}">{bars}</g>',
                m=sum(row),
                bars=join(bars),
            )
        )
        parts.append(_text(right + 8, base - 6, number(sum(row))))
    bottom = top + len(labels) * row_h
    first_x = left + 8 + step / 2
    last_x = left + 8 + (n - 0.5) * step
    parts.append(_text(first_x, bottom + 14, _day(data.weeks[0]), size=11, anchor="middle"))
    if n > 1:
        parts.append(_text(last_x, bottom + 14, _day(data.weeks[-1]), size=11, anchor="middle"))
    parts.append(
        _text((left + right) / 2, bottom + 30, "week starting Monday", size=11, anchor="middle")
    )
    return _frame(_WIDTH, bottom + 38, TITLES["muscles"], words, join(parts))


# --- the calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Calendar:
    days: pd.DataFrame  # day, sessions, minutes, sharp_pain: the days shown
    first: pd.Timestamp | None  # the Monday of the first column
    columns: int
    earlier: int  # days stretched before the first column


def _calendar_data(log, weeks: int | None) -> _Calendar:
    days = daily_minutes(log)
    if days.empty:
        return _Calendar(days, None, 0, 0)
    monday = week_of(days["day"])
    first, last = monday.min(), monday.max()
    start = _window(days["day"], weeks)
    earlier = 0
    if start is not None and start > first:
        keep = monday >= start
        earlier = int((~keep).sum())
        days, first = days[keep].reset_index(drop=True), start
    return _Calendar(days, pd.Timestamp(first), (last - first).days // 7 + 1, earlier)


def _calendar_words(data: _Calendar) -> str:
    d = data.days
    if d.empty:
        return "No days stretched yet."
    top = d.iloc[int(d["minutes"].to_numpy().argmax())]
    text = (
        f"{len(d)} days stretched between {_weekday_date(d['day'].min())} and "
        f"{_weekday_date(d['day'].max())} ({count_text(data.columns, 'week')}), "
        f"{minutes_text(float(d['minutes'].sum()))} in all; the most in one day: "
        f"{minutes_text(float(top['minutes']))} on {_weekday_date(top['day'])}."
    )
    if data.earlier:
        text += f" {count_text(data.earlier, 'earlier day')} not shown."
    pain = d.loc[d["sharp_pain"], "day"]
    if len(pain):
        text += " Sharp pain on " + ", ".join(_weekday_date(p) for p in pain) + "."
    return text


def _month_ticks(mondays: list[pd.Timestamp]) -> list[tuple[int, str]]:
    """A label where a month starts; a week belongs to the month of its Thursday (ISO weeks),
    so a week of mostly September is not labelled August."""
    ticks, previous = [], None
    for i, monday in enumerate(mondays):
        thursday = monday + pd.Timedelta(days=3)
        month = (thursday.year, thursday.month)
        if month != previous:
            new_year = previous is None or month[0] != previous[0]
            ticks.append((i, f"{thursday:%b %Y}" if new_year else f"{thursday:%b}"))
            previous = month
    return ticks


def _calendar_draw(data: _Calendar, words: str) -> Html:
    d = data.days
    if d.empty or data.first is None:
        return _nothing_yet(
            "calendar", "No sessions logged yet: add one to see your calendar", words
        )
    cell, gap = 22, 4
    left, top = 44, 62
    pitch = cell + gap
    most = max(float(d["minutes"].max()), 1e-9)
    width = max(_WIDTH, left + data.columns * pitch + 12)
    parts = [_heading(TITLES["calendar"], width)]
    mondays = [data.first + pd.Timedelta(weeks=i) for i in range(data.columns)]
    for i, label in _month_ticks(mondays):
        parts.append(_text(left + i * pitch, top - 8, label, size=11))
    for r, name in enumerate(WEEKDAYS):
        parts.append(_text(left - 6, top + r * pitch + cell / 2 + 4, name, size=11, anchor="end"))
    outline = html(' stroke="{c}" stroke-width="1"', c=theme.BORDER)
    # Every day's box, as one path (a few hundred elements would slow the page).
    boxes = "".join(
        f"M{left + c * pitch} {top + r * pitch}h{cell}v{cell}h-{cell}z"
        for c in range(data.columns)
        for r in range(7)
    )
    parts.append(html('<path class="sk-days" d="{d}" fill="none"{o}/>', d=boxes, o=outline))
    col = ((d["day"] - data.first).dt.days // 7).to_numpy()
    row = d["day"].dt.day_of_week.to_numpy()
    marks = []
    for c, r, minutes, pain in zip(
        col.tolist(), row.tolist(), d["minutes"], d["sharp_pain"], strict=True
    ):
        # The square's area is the day's minutes; a short day still shows.
        side = cell * max(math.sqrt(float(minutes) / most), 0.3)
        x = left + c * pitch + (cell - side) / 2
        y = top + r * pitch + (cell - side) / 2
        parts.append(
            html(
                '<g class="sk-day" data-minutes="{m:.1f}">{sq}</g>',
                m=float(minutes),
                sq=_rect(x, y, side, side, STRETCH_COLOUR),
            )
        )
        if pain:
            marks.append(_cross(left + c * pitch + cell / 2, top + r * pitch + cell / 2))
    parts += marks
    bottom = top + 7 * pitch + 8

    def empty_swatch(x: float, y: float) -> Html:
        return _rect(x, y, 12, 12, "none", extra=outline)

    def small_swatch(x: float, y: float) -> Html:
        return join([empty_swatch(x, y), _rect(x + 4, y + 4, 4, 4, STRETCH_COLOUR)])

    def big_swatch(x: float, y: float) -> Html:
        return _rect(x, y, 12, 12, STRETCH_COLOUR)

    def pain_swatch(x: float, y: float) -> Html:
        return _cross(x + 6, y + 6, 5)

    items = [
        (empty_swatch, "no session"),
        (small_swatch, "a few minutes"),
        (big_swatch, f"{minutes_text(most)} (the most)"),
    ]
    if d["sharp_pain"].any():
        items.append((pain_swatch, SHARP_PAIN_LABEL))
    legend, below = _legend(items, left, bottom)
    parts.append(legend)
    return _frame(width, below + 4, TITLES["calendar"], words, join(parts))


# --- discomfort over time -------------------------------------------------------------------


@dataclass(frozen=True)
class _Stretch:
    name: str
    rated: list[tuple[pd.Timestamp, float]]  # (day, discomfort) of the sessions rated
    pain: list[tuple[pd.Timestamp, float | None]]  # (day, discomfort) of those with sharp pain


@dataclass(frozen=True)
class _Discomfort:
    stretches: list[_Stretch]  # in the tables' order
    first: pd.Timestamp | None  # the first and last day shown
    last: pd.Timestamp | None
    earlier: bool  # ratings before the weeks shown


def _discomfort_data(log, weeks: int | None, catalog: Catalog | None) -> _Discomfort:
    cat = use_catalog(catalog)
    trend = discomfort_trend(log, catalog=cat)
    start = _window(trend["day"], weeks)
    earlier = False
    if start is not None:
        keep = trend["day"] >= start
        earlier = bool((~keep).any())
        trend = trend[keep]
    if trend.empty:
        return _Discomfort([], None, None, earlier)
    order = {s: i for i, s in enumerate(cat.stretches["stretch_id"])}
    found: dict[str, _Stretch] = {}
    # One pass over plain values: the rows are oldest first, so each list is too.
    for sid, name, day, value, pain in zip(
        trend["stretch_id"].astype(str),
        trend["name"].astype(str),
        trend["day"],
        trend["discomfort"],
        trend["sharp_pain"],
        strict=True,
    ):
        one = found.setdefault(sid, _Stretch(name, [], []))
        rated = not pd.isna(value)
        if rated:
            one.rated.append((day, float(value)))
        if pain:
            one.pain.append((day, float(value) if rated else None))
    ids = sorted(found, key=lambda s: (order.get(s, len(order)), s))
    return _Discomfort([found[s] for s in ids], trend["day"].min(), trend["day"].max(), earlier)


def _discomfort_words(data: _Discomfort) -> str:
    if not any(s.rated for s in data.stretches):
        text = "No discomfort ratings yet."
    else:
        parts = []
        for s in data.stretches:
            if not s.rated:
                parts.append(f"{s.name}: not rated")
                continue
            parts.append(
                f"{s.name}: {number(s.rated[0][1])} → {number(s.rated[-1][1])} "
                f"({count_text(len(s.rated), 'session')} rated)"
            )
        text = (
            f"Discomfort per stretch between {_date(data.first)} and {_date(data.last)}, "
            f"first rating → latest (0 = none, 10 = worst): {', '.join(parts)}."
        )
        if data.earlier:
            text += " Earlier ratings are not shown."
    pain = [f"{s.name} on {_weekday_date(day)}" for s in data.stretches for day, _ in s.pain]
    if pain:
        text += " Sharp pain: " + ", ".join(pain) + "."
    return text


def _discomfort_draw(data: _Discomfort, words: str) -> Html:
    if not data.stretches or data.first is None or data.last is None:
        return _nothing_yet(
            "discomfort", "No sessions logged yet: add one to see how each stretch feels", words
        )
    rows = data.stretches
    labels = [shorten(s.name, chars=NAME_CHARS) for s in rows]
    left = min(12 + _CHAR * max(len(n) for n in labels), 200)
    plot_l, plot_r = left + 22, _WIDTH - 70
    row_h = 48
    first, last = data.first, data.last
    span = max((last - first).days, 0)

    def x(day) -> float:
        if span == 0:
            return (plot_l + plot_r) / 2
        return plot_l + (day - first).days / span * (plot_r - plot_l)

    def line_swatch(sx: float, sy: float) -> Html:
        return join(
            [
                _line(sx - 2, sy + 6, sx + 14, sy + 6, STRETCH_COLOUR),
                html(
                    '<circle cx="{x}" cy="{y}" r="3" fill="{c}"/>',
                    x=sx + 6,
                    y=sy + 6,
                    c=STRETCH_COLOUR,
                ),
            ]
        )

    def pain_swatch(sx: float, sy: float) -> Html:
        return _cross(sx + 6, sy + 6, 5)

    items = [(line_swatch, "discomfort after each session, 0 (none) to 10 (worst)")]
    if any(s.pain for s in rows):
        items.append((pain_swatch, SHARP_PAIN_LABEL))
    legend, below = _legend(items, 12, 28)
    parts = [_heading(TITLES["discomfort"], _WIDTH), legend]
    top = below + 6
    for r, (stretch, label) in enumerate(zip(rows, labels, strict=True)):
        row_top = top + r * row_h
        y10, y0 = row_top + 6, row_top + row_h - 10

        def y(value: float, y0=y0, y10=y10) -> float:
            return y0 - float(value) / 10 * (y0 - y10)

        parts.append(_text(left - 6, (y0 + y10) / 2 + 4, label, anchor="end"))
        parts.append(_line(plot_l, y0, plot_r, y0, theme.BORDER))
        parts.append(_line(plot_l, y10, plot_r, y10, theme.BORDER_SOFT))
        parts.append(_text(plot_l - 4, y0 + 4, 0, size=10, anchor="end"))
        parts.append(_text(plot_l - 4, y10 + 4, 10, size=10, anchor="end"))
        points = [(x(d), y(v)) for d, v in stretch.rated]
        drawn = []
        if len(points) > 1:
            path = "M" + "L".join(f"{px:.1f} {py:.1f}" for px, py in points)
            drawn.append(
                html(
                    '<path d="{d}" stroke="{c}" stroke-width="1.8" fill="none"/>',
                    d=path,
                    c=STRETCH_COLOUR,
                )
            )
        if points:  # a dot per rating, all in one path
            dots = "".join(
                f"M{px - 2.5:.1f} {py:.1f}a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0"
                for px, py in points
            )
            drawn.append(
                html('<path class="sk-ratings" d="{d}" fill="{c}"/>', d=dots, c=STRETCH_COLOUR)
            )
        for day, value in stretch.pain:
            drawn.append(_cross(x(day), y(10 if value is None else value)))
        parts.append(
            html('<g class="sk-stretch" data-ratings="{n}">{d}</g>', n=len(points), d=join(drawn))
        )
        rated = stretch.rated
        end = f"{number(rated[0][1])} → {number(rated[-1][1])}" if rated else "not rated"
        parts.append(_text(plot_r + 8, (y0 + y10) / 2 + 4, end))
    bottom = top + len(rows) * row_h
    parts.append(_text(plot_l, bottom + 8, _day(first), size=11, anchor="middle"))
    if span:
        parts.append(_text(plot_r, bottom + 8, _day(last), size=11, anchor="middle"))
    parts.append(_text((plot_l + plot_r) / 2, bottom + 24, "day", size=11, anchor="middle"))
    return _frame(_WIDTH, bottom + 32, TITLES["discomfort"], words, join(parts))


# --- the public functions -------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class ProgressChart:
    """A progress chart as SVG and the same chart in words; made by :func:`progress_chart`.

    A notebook shows it as the chart with its words under it; as text, it is its words.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    svg
        The chart: ``role="img"``, its title as ``<title>`` and :attr:`words` as ``<desc>``.
    words
        What the chart shows, in words (plain text).
    """

    kind: str
    svg: Html
    words: str

    def __str__(self) -> str:
        return self.words

    def __repr__(self) -> str:
        return self.words

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.words)

    def _repr_html_(self) -> str:
        return html(
            '<div class="sk-progress-chart">{}<p style="max-width:60em">{}</p></div>',
            self.svg,
            self.words,
        )


_Data = Callable[..., Any]
# Each kind: how it reads the log, says it and draws it.
_BUILD: dict[str, tuple[_Data, Callable[[Any], str], Callable[[Any, str], Html]]] = {
    "weekly": (
        lambda log, goal, weeks, cat: _weekly_data(log, goal, weeks, cat),
        _weekly_words,
        _weekly_draw,
    ),
    "muscles": (
        lambda log, goal, weeks, cat: _muscles_data(log, weeks, cat),
        _muscles_words,
        _muscles_draw,
    ),
    "calendar": (
        lambda log, goal, weeks, cat: _calendar_data(log, weeks),
        _calendar_words,
        _calendar_draw,
    ),
    "discomfort": (
        lambda log, goal, weeks, cat: _discomfort_data(log, weeks, cat),
        _discomfort_words,
        _discomfort_draw,
    ),
}


def _read(kind: str, log, goal, weeks, data_dir: DataDir, catalog: Catalog | None):
    if kind not in _BUILD:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    weeks = check_weeks(weeks)
    needs_tables = kind in ("muscles", "discomfort") or (kind == "weekly" and isinstance(goal, str))
    cat = use_catalog(catalog, data_dir=data_dir) if needs_tables else None
    return _BUILD[kind][0](log, goal, weeks, cat)


def progress_chart(
    kind: str,
    log,
    *,
    goal="target",
    weeks: int | None = WEEKS,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> ProgressChart:
    """One progress chart and its words, from one reading of the log.

    Parameters
    ----------
    kind
        ``"weekly"``, ``"muscles"``, ``"calendar"`` or ``"discomfort"`` (:data:`KINDS`).
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    goal
        For ``"weekly"``: ``"target"``, ``"minimum"``, ``"persistent"`` or a ``(low, high)``
        pair of days a week (see :func:`~stretchkit.weekly_sessions`).
    weeks
        Show the last ``weeks`` weeks of the log (up to its last logged week); all of it if
        ``None``.
    data_dir
        A folder of custom tables (the goal, the muscles, the stretch names).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    ProgressChart
        With ``svg`` and ``words``; a notebook shows the chart with its words under it.

    Raises
    ------
    ValueError
        ``kind`` or ``goal`` is not one of the above, or ``weeks`` is below 1.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> chart = progress_chart("weekly", sample_log(), weeks=2)
    >>> chart.words in chart.svg, chart._repr_html_().count("<svg")
    (True, 1)
    """
    data = _read(kind, log, goal, weeks, data_dir, catalog)
    _, say, draw = _BUILD[kind]
    words = say(data)
    return ProgressChart(kind, draw(data, words), words)


def _words(kind: str, log, goal, weeks, data_dir, catalog) -> str:
    return _BUILD[kind][1](_read(kind, log, goal, weeks, data_dir, catalog))


def weekly_sessions_svg(
    log,
    *,
    goal="target",
    weeks: int | None = WEEKS,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> Html:
    """Bars of the days stretched in each week, against the goal band of the guidelines.

    Weeks that met the goal are blue; weeks below it are orange and hatched. The band (the
    goal's fewest to most days a week) is shaded, its lower edge dashed, and named in the
    legend. Each bar carries its number of days. Days, not sessions, are counted: see
    :func:`~stretchkit.weekly_sessions`. The ``<desc>`` is :func:`weekly_sessions_words`.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    goal
        ``"target"``, ``"minimum"``, ``"persistent"`` or a ``(low, high)`` pair of days.
    weeks
        Show only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables, whose guidelines give the goal.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> svg = weekly_sessions_svg(sample_log(), weeks=4)
    >>> import re
    >>> re.findall(r'data-days="(\\d)"', svg)
    ['4', '3', '5', '4']
    """
    return progress_chart(
        "weekly", log, goal=goal, weeks=weeks, data_dir=data_dir, catalog=catalog
    ).svg


def weekly_sessions_words(
    log,
    *,
    goal="target",
    weeks: int | None = WEEKS,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> str:
    """The days stretched each week against the goal, in words: what
    :func:`weekly_sessions_svg` shows.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    goal
        ``"target"``, ``"minimum"``, ``"persistent"`` or a ``(low, high)`` pair of days.
    weeks
        Only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables, whose guidelines give the goal.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> print(weekly_sessions_words(sample_log(), weeks=3, goal=(4, 5)))
    ... # doctest: +NORMALIZE_WHITESPACE
    Days stretched per week, 3 weeks from 02 Nov 2026, against the goal of 4 to 5 days a week:
    02 Nov: 3 (below), 09 Nov: 5, 16 Nov: 4; 2 of 3 weeks met the goal.
    """
    return _words("weekly", log, goal, weeks, data_dir, catalog)


def minutes_by_muscle_svg(
    log, *, weeks: int | None = WEEKS, data_dir: DataDir = None, catalog: Catalog | None = None
) -> Html:
    """A row per muscle: a bar for each week, as tall as the minutes of stretching that reached
    the muscle that week, and the minutes of all the weeks together at the end of the row.

    A hold counts toward every muscle its stretch targets, as in
    :func:`~stretchkit.minutes_by_muscle`. The ``<desc>`` is :func:`minutes_by_muscle_words`.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Show only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables (the muscles and which stretch reaches which).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> svg = minutes_by_muscle_svg(sample_log(), weeks=1)
    >>> import re
    >>> re.findall(r'data-minutes="([\\d.]+)"', svg)[:2]
    ['11.7', '8.9']
    """
    return progress_chart("muscles", log, weeks=weeks, data_dir=data_dir, catalog=catalog).svg


def minutes_by_muscle_words(
    log, *, weeks: int | None = WEEKS, data_dir: DataDir = None, catalog: Catalog | None = None
) -> str:
    """The minutes each muscle got, in words: what :func:`minutes_by_muscle_svg` shows.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables (the muscles and which stretch reaches which).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> print(minutes_by_muscle_words(sample_log(), weeks=2))
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    Minutes per muscle in 2 weeks, from the week of 09 Nov 2026 to the week of 16 Nov 2026:
    Erector spinae: 25.6 (11.7 in the latest week), Quadratus lumborum: 19.5 (8.9 in the latest
    week), ... Obliques: 6.4 (3.2 in the latest week).
    """
    return _words("muscles", log, "target", weeks, data_dir, catalog)


def calendar_svg(log, *, weeks: int | None = WEEKS) -> Html:
    """A calendar of the days stretched: a column per week, Monday to Sunday down it.

    A day with a session holds a square whose area is its minutes (the biggest fills the
    day); a day without one is an empty box, and a day with sharp pain carries a cross. The
    ``<desc>`` is :func:`calendar_words`.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Show only the last ``weeks`` weeks; all of them if ``None``.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> svg = calendar_svg(sample_log())
    >>> svg.count('class="sk-day"'), svg.count('class="sk-sharp-pain"')
    (37, 2)
    """
    return progress_chart("calendar", log, weeks=weeks).svg


def calendar_words(log, *, weeks: int | None = WEEKS) -> str:
    """The days stretched, in words: what :func:`calendar_svg` shows.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Only the last ``weeks`` weeks; all of them if ``None``.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> print(calendar_words(sample_log(), weeks=1))  # doctest: +NORMALIZE_WHITESPACE
    4 days stretched between Tue 17 Nov 2026 and Sun 22 Nov 2026 (1 week), 17 minutes in all;
    the most in one day: 4.8 minutes on Thu 19 Nov 2026. 33 earlier days not shown.
    """
    return _words("calendar", log, "target", weeks, None, None)


def discomfort_svg(
    log, *, weeks: int | None = WEEKS, data_dir: DataDir = None, catalog: Catalog | None = None
) -> Html:
    """A row per stretch, in the tables' order: how uncomfortable it felt (0-10), session by
    session, on one time line; the first and latest ratings at the end of the row.

    A session with sharp pain in a stretch gets a cross on its row (at 10 if that hold was not
    rated): sharp pain means stop, and see a healthcare professional if it comes back. The
    ``<desc>`` is :func:`discomfort_words`.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Show only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables (the stretch names and their order).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> svg = discomfort_svg(sample_log())
    >>> svg.count('class="sk-stretch"'), svg.count('class="sk-sharp-pain"')
    (6, 2)
    """
    return progress_chart("discomfort", log, weeks=weeks, data_dir=data_dir, catalog=catalog).svg


def discomfort_words(
    log, *, weeks: int | None = WEEKS, data_dir: DataDir = None, catalog: Catalog | None = None
) -> str:
    """How each stretch felt, first rating and latest, in words: what
    :func:`discomfort_svg` shows.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables (the stretch names and their order).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> print(discomfort_words(sample_log()))  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    Discomfort per stretch between 01 Sep 2026 and 22 Nov 2026, first rating → latest (0 = none,
    10 = worst): Knee-to-Chest: 3.5 → 0 (30 sessions rated), Figure-Four: 5 → 2 (33 sessions
    rated), ... Child's Pose: 1 → 0 (36 sessions rated). Sharp pain: Figure-Four on Thu 15 Oct
    2026.
    """
    return _words("discomfort", log, "target", weeks, data_dir, catalog)
