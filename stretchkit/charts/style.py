"""The look every chart shares: type sizes, the colour-blind-safe palette, and the small
drawing helpers the progress and class charts both use (a titled axes, an empty chart that
says so, week labels, sharp-pain marks and the grid of minutes).

Examples
--------
>>> import matplotlib.pyplot as plt
>>> ax = start_axes(plt.figure().gca(), "Minutes stretched each day")
>>> ax.get_title(), ax.title.get_fontsize() == TITLE_SIZE
('Minutes stretched each day', True)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

__all__ = [
    "BELOW_COLOUR",
    "BELOW_HATCH",
    "CHANGE_COLOUR",
    "EDGE",
    "FOCUS_COLOUR",
    "LABEL_SIZE",
    "MAX_LABELLED_WEEKS",
    "MET_COLOUR",
    "MET_HATCH",
    "SCREEN_GRID",
    "SCREEN_INK",
    "SCREEN_LINE",
    "SCREEN_PAGE",
    "SHARP_PAIN_LABEL",
    "STRETCH_COLOUR",
    "TITLE_SIZE",
    "WARM_UP_COLOUR",
    "day_month",
    "for_screen",
    "minutes_grid",
    "nothing_yet",
    "sharp_pain_marks",
    "start_axes",
]

TITLE_SIZE = 15
LABEL_SIZE = 12

# Okabe-Ito colours, safe for the common colour-vision deficiencies; every series also has its
# own hatch (or none) so the chart still reads when printed in greyscale.
WARM_UP_COLOUR = "#999999"
STRETCH_COLOUR = "#0072B2"
CHANGE_COLOUR = "#F0E442"
FOCUS_COLOUR = "#E69F00"
EDGE = "#333333"
# A week that met the goal, and one below it.
MET_COLOUR, MET_HATCH = STRETCH_COLOUR, None
BELOW_COLOUR, BELOW_HATCH = FOCUS_COLOUR, "//"
SHARP_PAIN_LABEL = "sharp pain - stop and consult"
MAX_LABELLED_WEEKS = 16  # beyond this, cell numbers and a label per week no longer fit


# Stand-ins a chart drawn for the screen (``charts.svg.screen_style``) uses for the theme's text,
# lines, grid and page; its SVG replaces them by JupyterLab's variables. On paper (no screen
# style) each helper below gives the print colour instead.
SCREEN_INK, SCREEN_LINE, SCREEN_GRID, SCREEN_PAGE = "#010203", "#020304", "#030405", "#040506"
_ROLES = {"ink": SCREEN_INK, "line": SCREEN_LINE, "grid": SCREEN_GRID, "page": SCREEN_PAGE}


def for_screen(paper: str, role: str) -> str:
    """``paper`` (the print colour), or the stand-in for ``role`` (``ink``, ``line``,
    ``grid`` or ``page``) when the chart is drawn for the screen.

    Examples
    --------
    >>> for_screen("#333333", "ink")
    '#333333'
    """
    import matplotlib as mpl

    return _ROLES[role] if mpl.rcParams["text.color"] == SCREEN_INK else paper


def start_axes(ax, title: str):
    """Return ``ax`` (the current axes if ``None``) with ``title`` set at the title size."""
    ax = plt.gca() if ax is None else ax
    ax.set_title(title, fontsize=TITLE_SIZE)
    return ax


def nothing_yet(ax, message: str):
    """Turn ``ax`` into a chart that only says ``message``, for a log with nothing to draw;
    returns ``ax``."""
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=LABEL_SIZE + 1,
        color=for_screen("#333333", "ink"),
        wrap=True,
        gid="nothing-yet",
    )
    return ax


def day_month(when) -> str:
    """A date as a short label, day then month.

    Examples
    --------
    >>> day_month("2026-11-02")
    '2 Nov'
    """
    when = pd.Timestamp(when)
    return f"{when.day} {when:%b}"


def sharp_pain_marks(ax, xs, ys, *, size: float):
    """Sharp pain as a large black X edged in white, the same in every chart; returns the
    line for the legend."""
    (marks,) = ax.plot(
        xs,
        ys,
        linestyle="none",
        marker="X",
        markersize=size,
        color="black",
        markeredgecolor="white",
        markeredgewidth=1.5,
        label=SHARP_PAIN_LABEL,
        gid="sharp-pain",
        zorder=5,
        clip_on=False,
    )
    return marks


def minutes_grid(ax, values: np.ndarray):
    """Minutes as a grid of blues (muscles x columns), each cell with its number while they
    fit; returns the image for a colour bar."""
    top = max(values.max(), 1.0)
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=top, aspect="auto", interpolation="none")
    if values.shape[1] <= MAX_LABELLED_WEEKS:
        size = LABEL_SIZE - 2 if values.shape[1] <= 8 else LABEL_SIZE - 3
        for (i, j), minutes in np.ndenumerate(values):
            ax.text(
                j,
                i,
                _cell_text(minutes),
                ha="center",
                va="center",
                fontsize=size,
                color="white" if minutes > 0.55 * top else "black",
            )
    return image


def _cell_text(minutes: float) -> str:
    if minutes == 0:
        return "0"
    return f"{minutes:.0f}" if minutes >= 9.95 else f"{minutes:.1f}"
