"""Progress charts from the session log: days a week against the goal, minutes per muscle, a
calendar of the days stretched, and discomfort per stretch over time.

Each chart takes a :class:`~stretchkit.SessionLog` (or a table shaped like its ``entries()``),
draws on ``ax`` or the current axes, and returns the ``Axes``. An empty log gives a chart
that says so instead of an error.
"""

from __future__ import annotations

import os

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from ..catalog import Catalog, use_catalog
from ..plan import WEEKDAYS
from ..progress import (
    daily_minutes,
    discomfort_trend,
    minutes_by_muscle,
    weekly_sessions,
)
from ..weeks import check_weeks, days_a_week, goal_days, log_table, week_of
from . import progress_svg
from .screen import describe
from .style import (
    BELOW_COLOUR,
    BELOW_HATCH,
    EDGE,
    LABEL_SIZE,
    MAX_LABELLED_WEEKS,
    MET_COLOUR,
    MET_HATCH,
    SHARP_PAIN_LABEL,
    day_month,
    for_screen,
    minutes_grid,
    nothing_yet,
    sharp_pain_marks,
    start_axes,
)
from .text import label

__all__ = ["plot_calendar", "plot_discomfort", "plot_minutes_by_muscle", "plot_weekly_sessions"]

DataDir = str | os.PathLike | None

# Okabe-Ito, black left out: black marks sharp pain. Yellow comes last, being the faintest
# on white.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "*", "h", "<", ">")
GOAL_COLOUR = "#009E73"
NO_SESSION = "#DDDDDD"
# Blues from a visible light blue up, so a short session never looks like the grey of a day
# without one.
MINUTES_CMAP = ListedColormap(plt.get_cmap("Blues")(np.linspace(0.25, 1.0, 256)), name="minutes")


def _week_ticks(ax, weeks: pd.Series) -> None:
    """Label the weeks "31 Aug" along x: every one while they fit, else every few."""
    step = max(1, -(-len(weeks) // MAX_LABELLED_WEEKS))
    ticks = list(range(0, len(weeks), step))
    ax.set_xticks(ticks, [day_month(weeks.iloc[i]) for i in ticks], fontsize=LABEL_SIZE - 1)
    if len(ticks) > 8:
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")


def _described(ax, words: str):
    """``ax`` with its words (the same the screen's SVG chart carries), for ``on_screen``."""
    return describe(ax, title=ax.get_title() or "Chart", text=words)


def plot_weekly_sessions(
    log,
    *,
    goal="target",
    weeks: int | None = None,
    ax=None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
):
    """Bars of the days stretched in each week, against the goal band of the guidelines.

    Weeks that met the goal are blue; weeks below it are orange and hatched. The goal band
    (the guideline's fewest to most days a week) is shaded and named in the legend. Days, not
    sessions, are counted: see :func:`~stretchkit.weekly_sessions`.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    goal
        ``"target"``, ``"minimum"``, ``"persistent"`` or a ``(low, high)`` pair of days.
    weeks
        Show only the last ``weeks`` weeks.
    ax
        The axes to draw on; the current axes if ``None``.
    data_dir
        A folder of custom tables, whose guidelines give the goal.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> ax = plot_weekly_sessions(sample_log(), weeks=4, ax=plt.figure().gca())
    >>> [int(bar.get_height()) for bar in ax.patches if bar.get_gid() == "week"]
    [4, 3, 5, 4]
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['26 Oct', '2 Nov', '9 Nov', '16 Nov']
    """
    # A (low, high) goal reads no table, so only a named goal loads them.
    cat = use_catalog(catalog, data_dir=data_dir) if isinstance(goal, str) else None
    low, high, title = goal_days(goal, catalog=cat)
    weekly = weekly_sessions(log, goal=goal, weeks=weeks, catalog=cat)
    ax = start_axes(ax, "Days stretched each week")
    if weekly.empty:
        return _described(
            nothing_yet(ax, "No sessions logged yet: add one to see your weeks"),
            progress_svg.weekly_sessions_words(
                log, goal=goal, weeks=weeks, catalog=catalog, data_dir=data_dir
            ),
        )
    band = ax.axhspan(
        low,
        high,
        facecolor=GOAL_COLOUR,
        alpha=0.18,
        edgecolor=GOAL_COLOUR,
        linestyle="--",
        linewidth=1.5,
        zorder=0,
        label=f"goal: {days_a_week(low, high)}" + (f" ({label(title.lower())})" if title else ""),
        gid="goal-band",
    )
    # The band's edges only show where they cross the plot; the line at its lower edge is
    # what a week must reach, so draw it clearly even for a one-number goal such as 7-7.
    ax.axhline(low, color=GOAL_COLOUR, linestyle="--", linewidth=1.5, zorder=1)
    met = weekly["met"].to_numpy()
    x = np.arange(len(weekly))
    bars = ax.bar(
        x,
        weekly["days"],
        width=0.7,
        color=[MET_COLOUR if m else BELOW_COLOUR for m in met],
        edgecolor=EDGE,
        linewidth=0.8,
        zorder=2,
    )
    for bar, m in zip(bars, met, strict=True):
        bar.set_hatch(MET_HATCH if m else BELOW_HATCH)
        bar.set_gid("week")
    ax.bar_label(bars, padding=2, fontsize=LABEL_SIZE - 1)
    _week_ticks(ax, weekly["week"])
    ax.set_xlim(-0.6, len(weekly) - 0.4)
    ax.set_yticks(range(8))
    ax.tick_params(axis="y", labelsize=LABEL_SIZE - 1)
    ax.set_ylim(0, 7.6)
    ax.set_xlabel("week starting Monday", fontsize=LABEL_SIZE)
    ax.set_ylabel("days stretched in the week", fontsize=LABEL_SIZE)
    ax.legend(
        handles=[
            band,
            Patch(facecolor=MET_COLOUR, edgecolor=EDGE, label="met the goal"),
            Patch(
                facecolor=BELOW_COLOUR, edgecolor=EDGE, hatch=BELOW_HATCH, label="below the goal"
            ),
        ],
        # Beside the plot, so a long goal name never runs off the figure or over a bar.
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=LABEL_SIZE - 2,
        frameon=False,
    )
    return _described(
        ax,
        progress_svg.weekly_sessions_words(
            log, goal=goal, weeks=weeks, catalog=catalog, data_dir=data_dir
        ),
    )


def plot_minutes_by_muscle(
    log,
    *,
    weeks: int | None = None,
    ax=None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
):
    """A heat map of the minutes each muscle got, week by week (darker is more).

    A hold counts toward every muscle its stretch targets, as in
    :func:`~stretchkit.minutes_by_muscle`. With 16 weeks or fewer, each cell shows its
    minutes.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Show only the last ``weeks`` weeks.
    ax
        The axes to draw on; the current axes if ``None``. A colour bar is added beside it.
    data_dir
        A folder of custom tables (the muscles and which stretch reaches which).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> ax = plot_minutes_by_muscle(sample_log(), weeks=2, ax=plt.figure().gca())
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Erector spinae', 'Quadratus lumborum']
    >>> ax.images[0].get_array().shape
    (6, 2)
    """
    data = minutes_by_muscle(log, weeks=weeks, catalog=use_catalog(catalog, data_dir=data_dir))
    ax = start_axes(ax, "Minutes of stretching per muscle, week by week")
    if data.empty:
        return _described(
            nothing_yet(ax, "No sessions logged yet: add one to see your minutes per muscle"),
            progress_svg.minutes_by_muscle_words(
                log, weeks=weeks, catalog=catalog, data_dir=data_dir
            ),
        )
    grid = data.pivot(index="muscle_id", columns="week", values="minutes")
    names = data.drop_duplicates("muscle_id").set_index("muscle_id")["muscle"]
    values = grid.to_numpy(dtype=float)
    image = minutes_grid(ax, values)
    weeks_shown = pd.Series(grid.columns)
    _week_ticks(ax, weeks_shown)
    ax.set_yticks(range(len(grid)), [label(names[m]) for m in grid.index], fontsize=LABEL_SIZE)
    ax.set_xticks(np.arange(values.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(values.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color=for_screen("white", "page"), linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("week starting Monday", fontsize=LABEL_SIZE)
    ax.set_ylabel("muscle", fontsize=LABEL_SIZE)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label("minutes", fontsize=LABEL_SIZE)
    bar.ax.tick_params(labelsize=LABEL_SIZE - 2)
    return _described(
        ax,
        progress_svg.minutes_by_muscle_words(log, weeks=weeks, catalog=catalog, data_dir=data_dir),
    )


def plot_calendar(log, *, weeks: int | None = None, ax=None):
    """A calendar of the days stretched: a column per week, Monday to Sunday down it.

    A day's colour is its minutes of stretching (darker is more); days without a session are
    light grey, and a day with sharp pain carries a black "×".

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Show only the last ``weeks`` weeks.
    ax
        The axes to draw on; the current axes if ``None``. A colour bar is added beside it.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> ax = plot_calendar(sample_log(), ax=plt.figure().gca())
    >>> ax.images[0].get_array().shape
    (7, 12)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Sep 2026', 'Oct', 'Nov']
    """
    weeks = check_weeks(weeks)
    days = daily_minutes(log)
    ax = start_axes(ax, "Minutes stretched each day")
    if days.empty:
        return _described(
            nothing_yet(ax, "No sessions logged yet: add one to see your calendar"),
            progress_svg.calendar_words(log, weeks=weeks),
        )
    monday = week_of(days["day"])
    first, last = monday.min(), monday.max()
    n = (last - first).days // 7 + 1
    if weeks is not None and weeks < n:
        first = last - pd.Timedelta(weeks=weeks - 1)
        n = weeks
        keep = monday >= first
        days, monday = days[keep], monday[keep]
    cols = ((monday - first).dt.days // 7).to_numpy()
    rows = days["day"].dt.day_of_week.to_numpy()
    grid = np.full((7, n), np.nan)
    grid[rows, cols] = days["minutes"].to_numpy()
    cmap = MINUTES_CMAP.with_extremes(bad=NO_SESSION)
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=cmap,
        vmin=0,
        vmax=max(float(np.nanmax(grid)), 1.0),
        aspect="equal",
        interpolation="none",
    )
    pain = days["sharp_pain"].to_numpy()
    (marks,) = ax.plot(
        cols[pain],
        rows[pain],
        linestyle="none",
        marker="x",
        markersize=12,
        markeredgewidth=3,
        color="black",
        label=SHARP_PAIN_LABEL,
        gid="sharp-pain",
        path_effects=[patheffects.withStroke(linewidth=6, foreground="white")],
    )
    ax.set_yticks(range(7), list(WEEKDAYS), fontsize=LABEL_SIZE - 1)
    ticks, labels = _month_ticks([first + pd.Timedelta(weeks=i) for i in range(n)])
    ax.set_xticks(ticks, labels, fontsize=LABEL_SIZE - 1)
    ax.set_xticks(np.arange(n + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(8) - 0.5, minor=True)
    ax.grid(which="minor", color=for_screen("white", "page"), linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    ax.set_xlabel("month", fontsize=LABEL_SIZE)
    for side in ax.spines.values():
        side.set_visible(False)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("minutes that day", fontsize=LABEL_SIZE)
    bar.ax.tick_params(labelsize=LABEL_SIZE - 2)
    handles = [Patch(facecolor=NO_SESSION, edgecolor="#999999", label="no session")]
    if pain.any():
        handles.append(marks)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.16),
        ncol=2,
        fontsize=LABEL_SIZE - 2,
        frameon=False,
    )
    return _described(ax, progress_svg.calendar_words(log, weeks=weeks))


def _month_ticks(mondays: list[pd.Timestamp]) -> tuple[list[int], list[str]]:
    """A label where a month starts; a week belongs to the month of its Thursday, as ISO
    weeks do, so a week of mostly September is not labelled August."""
    ticks, labels, previous = [], [], None
    for i, monday in enumerate(mondays):
        thursday = monday + pd.Timedelta(days=3)
        month = (thursday.year, thursday.month)
        if month != previous:
            new_year = previous is None or month[0] != previous[0]
            ticks.append(i)
            labels.append(f"{thursday:%b %Y}" if new_year else f"{thursday:%b}")
            previous = month
    return ticks, labels


def plot_discomfort(
    log, *, stretches=None, ax=None, data_dir: DataDir = None, catalog: Catalog | None = None
):
    """A line per stretch of how uncomfortable it felt (0-10), session by session.

    Each stretch has its own colour and marker. A session with sharp pain in a stretch gets a
    large black "X" (at the top of the scale if that hold was not rated): sharp pain means
    stop, and see a healthcare professional if it comes back.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    stretches
        Show only these stretches: one or a list of ids, names or aliases.
    ax
        The axes to draw on; the current axes if ``None``.
    data_dir
        A folder of custom tables (the stretch names and their order).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> ax = plot_discomfort(
    ...     sample_log(), stretches=["figure_four", "cat cow"], ax=plt.figure().gca()
    ... )
    >>> [line.get_label() for line in ax.get_legend().get_lines()]
    ['Figure-Four', 'Cat-Cow', 'sharp pain - stop and consult']
    >>> ax.get_ylabel()
    'discomfort (0 = none, 10 = worst)'
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    trend = discomfort_trend(log, stretches=stretches, catalog=cat)
    ax = start_axes(ax, "Discomfort per stretch, session by session")
    if trend.empty:
        if stretches is not None and len(log_table(log, per="session")):
            message = "None of these stretches is in the log yet"
        else:
            message = "No sessions logged yet: add one to see how each stretch feels"
        return _described(nothing_yet(ax, message), _discomfort_words(log, trend, cat))
    order = {s: i for i, s in enumerate(cat.stretches["stretch_id"])}
    ids = sorted(trend["stretch_id"].unique(), key=lambda s: (order.get(s, len(order)), s))
    # The lines are handed to the legend by hand: a legend that collects them itself leaves
    # out any whose label starts with "_", and a trainer's stretch may be named so.
    handles = []
    for i, stretch in enumerate(ids):
        rows = trend[(trend["stretch_id"] == stretch) & trend["discomfort"].notna()]
        (line,) = ax.plot(
            rows["day"].to_numpy(),
            rows["discomfort"].to_numpy(),
            color=OKABE_ITO[i % len(OKABE_ITO)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=7,
            linewidth=1.8,
            label=label(trend.loc[trend["stretch_id"] == stretch, "name"].iloc[0]),
            gid=f"discomfort:{stretch}",
            clip_on=False,
        )
        handles.append(line)
    pain = trend[trend["sharp_pain"]]
    if len(pain):
        handles.append(
            sharp_pain_marks(
                ax, pain["day"].to_numpy(), pain["discomfort"].fillna(10).to_numpy(), size=18
            )
        )
    ax.set_ylim(0, 10)
    ax.set_yticks(range(0, 11, 2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: day_month(mdates.num2date(x))))
    ax.tick_params(labelsize=LABEL_SIZE - 1)
    ax.set_xlabel("day", fontsize=LABEL_SIZE)
    ax.set_ylabel("discomfort (0 = none, 10 = worst)", fontsize=LABEL_SIZE)
    ax.grid(axis="y", color=for_screen("#DDDDDD", "grid"), linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=LABEL_SIZE - 2,
        frameon=False,
    )
    return _described(ax, _discomfort_words(log, trend, cat))


def _discomfort_words(log, trend: pd.DataFrame, cat: Catalog) -> str:
    """The discomfort chart's words, for the stretches it shows."""
    holds = log_table(log)
    if len(holds):
        holds = holds[holds["stretch_id"].isin(trend["stretch_id"].unique())]
    return progress_svg.discomfort_words(holds, weeks=None, catalog=cat)
