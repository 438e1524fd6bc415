"""Class charts for the trainer's dashboard: each student's weeks against the goal, the
class's minutes per muscle, and discomfort per stretch across the class with sharp pain marked.

Each chart takes a :class:`~stretchkit.classroom.ClassSummary` (made by
:func:`~stretchkit.classroom.class_summary`), draws on ``ax`` or the current axes, and returns
the ``Axes``. A class with nothing logged gives a chart that says so instead of an error.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ..classroom import ClassSummary
from ..weeks import days_a_week
from ..words import listing, number
from .screen import describe, paint, say
from .style import (
    BELOW_COLOUR,
    BELOW_HATCH,
    EDGE,
    LABEL_SIZE,
    MAX_LABELLED_WEEKS,
    MET_COLOUR,
    MET_HATCH,
    _cell_text,
    day_month,
    minutes_grid,
    nothing_yet,
    sharp_pain_marks,
    start_axes,
)
from .text import label

__all__ = ["plot_class_adherence", "plot_class_discomfort", "plot_class_muscles"]

EASED_COLOUR = "#0072B2"  # Okabe-Ito blue
HARDER_COLOUR = "#D55E00"  # Okabe-Ito vermillion; also dashed, so colour is never the only cue
FIRST_COLOUR = "#555555"
UNDER_WAY_COLOUR, UNDER_WAY_HATCH = "#DDDDDD", ".."  # neutral: not met, not missed either
UNDER_WAY_LABEL = "week under way (not counted)"
_HALO = [patheffects.withStroke(linewidth=3, foreground="white")]  # on a cell's fixed colour


def _page_halo() -> list:
    """A halo of the page's colour, for text on the page (the theme's, on screen)."""
    return [patheffects.withStroke(linewidth=3, foreground=paint("white", "page"))]


def _summary(summary) -> ClassSummary:
    if not isinstance(summary, ClassSummary):
        raise TypeError(
            "give the class as read by class_summary(folder), e.g. "
            f"class_summary(sample_class_path()), not {type(summary).__name__}"
        )
    return summary


def _nothing_logged(ax, summary: ClassSummary, what: str):
    if not len(summary.students):
        message = "No student's file could be read: see the problems, fix the files, run again"
    else:
        message = f"No sessions in the students' files yet: nothing to show {what}"
    return describe(nothing_yet(ax, message), title=ax.get_title(), text=message + ".")


def plot_class_adherence(summary, *, ax=None):
    """A grid of students by weeks: the days each student stretched each week, against the goal.

    A week that met the goal is a blue cell; a week below it is orange and hatched, so the two
    differ without colour too. A week still under way (see ``today`` in
    :func:`~stretchkit.classroom.class_summary`) is a grey, dotted cell, labelled in the
    legend and left out of the counts. Each cell shows the days stretched; a black "×" in a
    cell's corner marks a week with sharp pain. The top row counts the students on goal each
    complete week ("–" for a week under way), and the last column each student's weeks on
    goal.

    Parameters
    ----------
    summary
        The class, from :func:`~stretchkit.classroom.class_summary`.
    ax
        The axes to draw on; the current axes if ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from stretchkit.classroom import class_summary, sample_class_path
    >>> summary = class_summary(sample_class_path(), today="2026-11-30")
    >>> ax = plot_class_adherence(summary, ax=plt.figure().gca())
    >>> [t.get_text() for t in ax.get_yticklabels()][:3]
    ['students on goal', 'amira', 'ben']
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "week-share"][:3]
    ['6/8', '5/8', '4/8']
    """
    summary = _summary(summary)
    low, high = summary.goal
    title = f"Days stretched each week, against the goal of {days_a_week(low, high)}"
    ax = start_axes(ax, title)
    weekly = summary.weekly
    if weekly.empty:
        return _nothing_logged(ax, summary, "week by week")
    students = [str(s) for s in summary.students["student"]]
    weeks = pd.Series(sorted(weekly["week"].unique()))
    grid = {
        column: weekly.pivot(index="student", columns="week", values=column)
        .reindex(index=students, columns=weeks)
        .to_numpy()
        for column in ("days", "met", "complete", "sharp_pain")
    }
    complete = grid["complete"].astype(bool).all(axis=0)
    n, m = len(students), len(weeks)
    labelled = m <= MAX_LABELLED_WEEKS
    pain_x, pain_y = [], []
    looks = {
        "met": (MET_COLOUR, MET_HATCH),
        "below": (BELOW_COLOUR, BELOW_HATCH),
        "under-way": (UNDER_WAY_COLOUR, UNDER_WAY_HATCH),
    }
    for (i, j), days in np.ndenumerate(grid["days"]):
        met = bool(grid["met"][i, j]) and complete[j]
        look = "met" if met else "below" if complete[j] else "under-way"
        ax.add_patch(
            Rectangle(
                (j - 0.5, i - 0.5),
                1,
                1,
                facecolor=looks[look][0],
                hatch=looks[look][1],
                edgecolor=EDGE,
                linewidth=0.6,
                gid=look,
            )
        )
        if labelled:
            ax.text(
                j,
                i,
                f"{int(days)}",
                ha="center",
                va="center",
                fontsize=LABEL_SIZE - 1,
                fontweight="bold",
                color="white" if met else "black",
                path_effects=None if met else _HALO,
            )
        if grid["sharp_pain"][i, j]:
            pain_x.append(j + 0.3)
            pain_y.append(i - 0.28)
    handles = [
        Patch(facecolor=MET_COLOUR, edgecolor=EDGE, hatch=MET_HATCH, label="met the goal"),
        Patch(facecolor=BELOW_COLOUR, edgecolor=EDGE, hatch=BELOW_HATCH, label="below the goal"),
    ]
    if not complete.all():
        handles.append(
            Patch(
                facecolor=UNDER_WAY_COLOUR,
                edgecolor=EDGE,
                hatch=UNDER_WAY_HATCH,
                label=UNDER_WAY_LABEL,
            )
        )
    if pain_x:
        handles.append(sharp_pain_marks(ax, pain_x, pain_y, size=11))
    on_goal = grid["met"].astype(bool).sum(axis=0)
    for j, count in enumerate(on_goal):
        ax.text(
            j,
            -1,
            f"{count}/{n}" if complete[j] else "–",
            ha="center",
            va="center",
            fontsize=LABEL_SIZE - (1 if labelled else 3),
            gid="week-share",
        )
    for i, row in enumerate(summary.students.itertuples()):
        ax.text(
            m - 0.2,
            i,
            f"{row.weeks_met}/{row.weeks}",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE - 1,
            gid="student-share",
        )
    step = max(1, -(-m // MAX_LABELLED_WEEKS))
    ticks = list(range(0, m, step))
    ax.set_xticks(
        [*ticks, m + 0.2],
        [*(day_month(weeks.iloc[j]) for j in ticks), "weeks\non goal"],
        fontsize=LABEL_SIZE - 1,
    )
    if len(ticks) > 8:
        plt.setp(ax.get_xticklabels()[:-1], rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(
        range(-1, n), ["students on goal", *map(label, students)], fontsize=LABEL_SIZE - 1
    )
    ax.set_xlim(-0.5, m + 0.8)
    ax.set_ylim(n - 0.5, -1.5)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel("week starting Monday", fontsize=LABEL_SIZE)
    ax.set_ylabel("student", fontsize=LABEL_SIZE)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=LABEL_SIZE - 2,
        frameon=False,
    )
    text = _adherence_words(summary, students, weeks, grid, complete)
    return describe(ax, title=title, text=text)


def _adherence_words(summary, students, weeks, grid, complete) -> str:
    """Each complete week's count of students on goal, then each student's weeks on goal and
    days stretched week by week, a week with sharp pain and a week under way said so."""
    n = len(students)
    counts = grid["met"].astype(bool).sum(axis=0)
    done = [
        f"{day_month(w)}: {c} of {n}"
        for w, c, ok in zip(weeks, counts, complete, strict=True)
        if ok
    ]
    under_way = [day_month(w) for w, ok in zip(weeks, complete, strict=True) if not ok]
    sentences = [f"Weeks start on Monday. Students on goal each week: {listing(done)}."]
    if under_way:
        sentences.append(f"Under way, not counted yet: the week of {listing(under_way)}.")
    for i, row in enumerate(summary.students.itertuples()):
        days = []
        for j, week in enumerate(weeks):
            cell = f"{day_month(week)} {number(grid['days'][i, j], 0)}"
            if grid["sharp_pain"][i, j]:
                cell += " (sharp pain)"
            days.append(cell)
        sentences.append(
            f"{say(students[i])}: {row.weeks_met} of {row.weeks} weeks on goal; days stretched: "
            f"{', '.join(days)}."
        )
    return " ".join(sentences)


def plot_class_muscles(summary, *, by: str = "week", ax=None):
    """A heat map of the minutes each muscle got across the class (darker is more).

    A hold counts toward every muscle its stretch targets, as in
    :func:`~stretchkit.minutes_by_muscle`. With ``by="week"`` the columns are the class's
    weeks and each cell adds up every student; with ``by="student"`` they are the students,
    each over all the weeks read, to see who leaves a muscle out.

    Parameters
    ----------
    summary
        The class, from :func:`~stretchkit.classroom.class_summary`.
    by
        ``"week"`` or ``"student"``: what the columns are.
    ax
        The axes to draw on; the current axes if ``None``. A colour bar is added beside it.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from stretchkit.classroom import class_summary, sample_class_path
    >>> summary = class_summary(sample_class_path())
    >>> ax = plot_class_muscles(summary, ax=plt.figure().gca())
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Erector spinae', 'Quadratus lumborum']
    >>> ax.images[0].get_array().shape
    (6, 8)
    >>> plot_class_muscles(summary, by="student", ax=plt.figure().gca()).get_xlabel()
    'student'
    """
    summary = _summary(summary)
    if by not in ("week", "student"):
        raise ValueError(f"by must be 'week' or 'student', not {by!r}")
    title = (
        "Minutes per muscle, whole class, week by week"
        if by == "week"
        else "Minutes per muscle, student by student"
    )
    ax = start_axes(ax, title)
    muscles = summary.muscles
    if muscles.empty:
        return _nothing_logged(ax, summary, "per muscle")
    grid = muscles.pivot_table(
        index="muscle_id", columns=by, values="minutes", aggfunc="sum", observed=True
    )
    names = muscles.drop_duplicates("muscle_id").set_index("muscle_id")["muscle"]
    values = grid.to_numpy(dtype=float)
    image = minutes_grid(ax, values)
    columns = list(grid.columns)
    step = max(1, -(-len(columns) // MAX_LABELLED_WEEKS))
    ticks = list(range(0, len(columns), step))
    labels = [day_month(columns[j]) if by == "week" else label(columns[j]) for j in ticks]
    ax.set_xticks(ticks, labels, fontsize=LABEL_SIZE - 1)
    if len(ticks) > 8:
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(grid)), [label(names[m]) for m in grid.index], fontsize=LABEL_SIZE)
    ax.set_xticks(np.arange(values.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(values.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color=paint("white", "page"), linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("week starting Monday" if by == "week" else "student", fontsize=LABEL_SIZE)
    ax.set_ylabel("muscle", fontsize=LABEL_SIZE)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label(
        "minutes, all students" if by == "week" else "minutes, all weeks", fontsize=LABEL_SIZE
    )
    bar.ax.tick_params(labelsize=LABEL_SIZE - 2)
    parts = []
    for j, column in enumerate(columns):
        cells = ", ".join(
            f"{say(names[m])} {_cell_text(np.nan_to_num(values[i, j]))}"  # as the cell reads
            for i, m in enumerate(grid.index)
        )
        who = f"Week of {day_month(column)}" if by == "week" else say(column)
        parts.append(f"{who}: {cells}.")
    lead = "Minutes, all students added up" if by == "week" else "Minutes over all the weeks read"
    return describe(ax, title=title, text=f"{lead}. " + " ".join(parts))


def plot_class_discomfort(summary, *, ax=None):
    """Each student's first and latest discomfort rating per stretch, with sharp pain marked.

    One band per stretch, one line per student in it (in the students' order, top to
    bottom): a hollow circle at the first rating and a filled diamond at the latest. A stretch
    that eased is a solid blue line; one that got harder is a dashed orange-red line with the
    student's name at its end, worth a word with the student. A large black "X" marks sharp
    pain, at the rating of that hold (10 if it was not rated), with the student's name beside
    it: they stop that stretch and see a healthcare professional. Sharp pain found in a file
    that could not be read is not drawn (the summary's text leads with it).

    Parameters
    ----------
    summary
        The class, from :func:`~stretchkit.classroom.class_summary`.
    ax
        The axes to draw on; the current axes if ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from stretchkit.classroom import class_summary, sample_class_path
    >>> ax = plot_class_discomfort(class_summary(sample_class_path()), ax=plt.figure().gca())
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Knee-to-Chest', 'Figure-Four']
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "sharp-pain-who"]
    ['farid']
    >>> sorted({t.get_text() for t in ax.texts if t.get_gid() == "harder-who"})
    ['hugo']
    >>> ax.get_xlabel()
    'discomfort (0 = none, 10 = worst)'
    """
    summary = _summary(summary)
    title = "Discomfort per stretch across the class: first and latest rating"
    ax = start_axes(ax, title)
    trend, pain = summary.discomfort, summary.sharp_pain
    pain = pain[~pain["from_unread_file"]]  # no line of theirs to mark; the text names them
    if trend.empty and pain.empty:
        return _nothing_logged(ax, summary, "per stretch")
    dtype = trend["stretch_id"].dtype
    shown = set(trend["stretch_id"].astype(str)) | set(pain["stretch_id"].astype(str))
    stretches = [s for s in dtype.categories if s in shown]
    row = {s: i for i, s in enumerate(stretches)}
    names = dict(zip(trend["stretch_id"].astype(str), trend["stretch"], strict=False))
    names |= dict(zip(pain["stretch_id"].astype(str), pain["stretch"], strict=False))
    students = [str(s) for s in summary.students["student"]]
    n = max(len(students), 1)
    band = 0.76
    halo = _page_halo()
    first_face, first_edge = paint("white", "page"), paint(FIRST_COLOUR, "ink")

    def y(stretch, student) -> float:
        return row[stretch] + (students.index(student) - (n - 1) / 2) * band / n

    def name(x: float, at: float, who: str, gid: str, right: bool, gap: float = 0.35):
        ax.text(
            x + gap if right else x - gap,
            at,
            label(who),
            ha="left" if right else "right",
            va="center",
            fontsize=LABEL_SIZE - 1,
            fontweight="bold",
            path_effects=halo,
            gid=gid,
            zorder=6,
        )

    pained = {  # the stretches already named by a sharp-pain mark
        (str(s), str(w)) for s, w in zip(pain["stretch_id"], pain["student"], strict=True)
    }
    for r in trend.itertuples():
        if np.isnan(r.first) or np.isnan(r.latest):
            continue
        at = y(r.stretch_id, r.student)
        harder = r.change > 0
        colour = HARDER_COLOUR if harder else EASED_COLOUR
        ax.plot(
            [r.first, r.latest],
            [at, at],
            color=colour,
            linestyle="--" if harder else "-",
            linewidth=1.6,
            gid="harder" if harder else "eased",
            zorder=2,
        )
        ax.plot(
            r.first,
            at,
            marker="o",
            markersize=6,
            markerfacecolor=first_face,
            markeredgecolor=first_edge,
            markeredgewidth=1.3,
            linestyle="none",
            zorder=3,
        )
        ax.plot(r.latest, at, marker="D", markersize=6, color=colour, linestyle="none", zorder=3)
        if harder and (str(r.stretch_id), str(r.student)) not in pained:
            # At the end it ran to, or before its start if that end is against the edge.
            end = r.latest <= 8.5
            name(r.latest if end else r.first, at, str(r.student), "harder-who", end, gap=0.22)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            markerfacecolor=first_face,
            markeredgecolor=first_edge,
            linestyle="none",
            label="first rating",
        ),
        Line2D([], [], marker="D", color=EASED_COLOUR, label="latest: eased or the same"),
        Line2D([], [], marker="D", color=HARDER_COLOUR, linestyle="--", label="latest: got harder"),
    ]
    if len(pain):
        xs = pain["discomfort"].astype("Float64").fillna(10).astype(float).to_numpy()
        ys = [y(str(s), str(w)) for s, w in zip(pain["stretch_id"], pain["student"], strict=True)]
        handles.append(sharp_pain_marks(ax, xs, ys, size=16))
        named = set()  # one name per mark, where the same hold is logged twice
        for x, at, who in zip(xs, ys, pain["student"].astype(str), strict=True):
            if (x, at) in named:
                continue
            named.add((x, at))
            # beside the mark, on the side away from the student's line
            name(x, at, who, "sharp-pain-who", right=x <= 8.5)
    for i in range(1, len(stretches)):
        ax.axhline(i - 0.5, color=paint("#DDDDDD", "grid"), linewidth=0.8, zorder=0)
    ax.set_yticks(range(len(stretches)), [label(names[s]) for s in stretches], fontsize=LABEL_SIZE)
    ax.set_ylim(len(stretches) - 0.5, -0.5)
    ax.set_xlim(-0.3, 10.3)
    ax.set_xticks(range(0, 11, 2))
    ax.tick_params(axis="x", labelsize=LABEL_SIZE - 1)
    ax.grid(axis="x", color=paint("#EEEEEE", "grid"), linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel("discomfort (0 = none, 10 = worst)", fontsize=LABEL_SIZE)
    ax.set_ylabel("stretch", fontsize=LABEL_SIZE)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=LABEL_SIZE - 2,
        frameon=False,
    )
    return describe(ax, title=title, text=_discomfort_words(trend, pain, stretches, names))


def _discomfort_words(trend, pain, stretches, names) -> str:
    """Per stretch, each student's first and latest rating and whether it eased or got
    harder, then the sharp pain marked on it, as the lines and crosses show."""
    sentences = ["Ratings from 0 (none) to 10 (worst)."]
    for stretch in stretches:
        lines = []
        for r in trend[trend["stretch_id"].astype(str) == stretch].itertuples():
            if np.isnan(r.first) or np.isnan(r.latest):
                continue
            way = "got harder" if r.change > 0 else "eased" if r.change < 0 else "the same"
            lines.append(f"{say(r.student)} {number(r.first)} to {number(r.latest)} ({way})")
        hurt = pain[pain["stretch_id"].astype(str) == stretch]
        text = f"{say(names[stretch])}: {', '.join(lines) if lines else 'no ratings'}"
        if len(hurt):
            marks = [
                f"{say(who)} (rated {number(d) if pd.notna(d) else 'not rated'})"
                for who, d in zip(hurt["student"], hurt["discomfort"], strict=True)
            ]
            text += f"; sharp pain: {listing(marks)}"
        sentences.append(text + ".")
    return " ".join(sentences)
