"""A kit chart on screen: themed SVG that says in words what it shows.

A lesson drawn with ``plt.subplots`` shows a PNG: a picture without a text alternative
(axe-core's ``image-alt``), and a white rectangle in JupyterLab's dark theme. Drawn inside
:func:`on_screen` instead, the same chart is shown as one SVG in the theme's colours, with
``role="img"``, a ``<title>`` and a ``<desc>``::

    with sk.charts.on_screen(figsize=(11, 7)) as ax:
        sk.charts.body_map(ax=ax, data_dir=data_dir)

The words come from the chart itself: every kit chart, as it draws, records with
:func:`describe` a title and the numbers and names it draws, in sentences, for its
``Axes``; :func:`chart_words` reads them back. So what a screen reader says is what the chart
shows, and a chart with no words is refused rather than shown as an unlabelled picture. The
words reach the page only through :mod:`stretchkit.markup`, escaped, whatever the names hold.

The figure is a :class:`matplotlib.figure.Figure` that pyplot never sees, so the notebook's
inline backend has no PNG to add under the cell. Printed pages (handouts, the lesson pack) keep
matplotlib's light paper style: the screen's colours apply only inside :func:`on_screen`.

Examples
--------
>>> from stretchkit import plan_week
>>> from stretchkit.charts import plot_plan
>>> shown = []
>>> with on_screen(figsize=(6, 3), show=shown.append) as ax:
...     _ = plot_plan(plan_week(days=2, minutes=10), by="day", ax=ax)
>>> print(shown[0].text.splitlines()[0])
Minutes of each session, Monday to Sunday
>>> 'role="img"' in shown[0].markup and "Tue: rest" in shown[0].markup
True
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..markup import Html, html
from .style import SCREEN_GRID, SCREEN_INK, SCREEN_LINE, SCREEN_PAGE
from .svg import SCREEN_PANEL, screen_style, themed_figure
from .text import shorten

__all__ = ["ChartWords", "ScreenChart", "chart_words", "describe", "on_screen", "paint", "say"]

#: A name as a chart's words carry it: as long as on the chart (where it is cut with an
#: ellipsis), so a screen reader says what the chart shows.
NAME_CHARS = 40


@dataclass(frozen=True)
class ChartWords:
    """What a chart shows, in words: its ``title`` and ``text`` (plain text, not markup)."""

    title: str
    text: str


# Each chart's words, kept as long as its Axes: a closed figure takes its words with it.
_WORDS: weakref.WeakKeyDictionary[Any, ChartWords] = weakref.WeakKeyDictionary()


def describe(ax, *, title: str, text: str):
    """Record what the chart on ``ax`` shows: a ``title`` and a ``text`` built from the data it
    draws. Returns ``ax``. Every kit chart calls it; a chart of one's own can too, so that
    :func:`on_screen` will show it.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = describe(Figure().subplots(), title="Minutes", text="Mon: 10 minutes.")
    >>> chart_words(ax)
    ChartWords(title='Minutes', text='Mon: 10 minutes.')
    """
    title, text = str(title).strip(), str(text).strip()
    if not title or not text:
        raise ValueError("a chart's words need a title and a text")
    _WORDS[ax] = ChartWords(title, text)
    return ax


def chart_words(ax) -> ChartWords | None:
    """The words recorded for the chart on ``ax`` by :func:`describe`, or ``None``."""
    return _WORDS.get(ax)


def say(name) -> str:
    """A name from the tables, a log or a file as a chart's words carry it: on one line, cut
    as on the chart.

    Examples
    --------
    >>> say("Child's\\nPose")
    "Child's Pose"
    """
    return shorten(name, chars=NAME_CHARS)


_ROLES = {
    "ink": SCREEN_INK,
    "line": SCREEN_LINE,
    "grid": SCREEN_GRID,
    "page": SCREEN_PAGE,
    "panel": SCREEN_PANEL,
}


def paint(paper: str, role: str) -> str:
    """``paper`` (the print colour), or, drawn inside :func:`on_screen`, the stand-in that
    becomes the theme's colour for ``role``: ``ink`` (text), ``line`` (axes, outlines),
    ``grid`` (grid lines), ``page`` (the background) or ``panel`` (a shape set off from the
    page).

    Examples
    --------
    >>> paint("#333333", "line")
    '#333333'
    """
    import matplotlib as mpl

    return _ROLES[role] if mpl.rcParams["text.color"] == SCREEN_INK else paper


class ScreenChart:
    """A chart as shown on screen: ``markup`` (the themed SVG) and ``text`` (its words).

    A notebook shows the SVG (``text/html``); a console or a test reads the words.
    """

    __slots__ = ("markup", "text")

    def __init__(self, markup: Html, text: str):
        self.markup = markup
        self.text = text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text)


def _display(chart: ScreenChart) -> None:
    from IPython.display import display

    display(chart)


def _axes_of(yielded) -> list:
    return list(np.ravel(yielded)) if isinstance(yielded, np.ndarray) else [yielded]


def screen_chart(fig, axes, *, title: str | None = None) -> ScreenChart:
    """``fig`` (drawn under :func:`~stretchkit.charts.svg.screen_style`) as a
    :class:`ScreenChart` whose words are those of ``axes``, each of which must have some.

    Raises
    ------
    ValueError
        An axes has no words: nothing would tell a screen reader what it shows.
    """
    said = []
    for i, ax in enumerate(axes):
        words = chart_words(ax)
        if words is None:
            which = f" (axes {i + 1} of {len(axes)})" if len(axes) > 1 else ""
            raise ValueError(
                f"the chart{which} has no words, so it would be a picture a screen reader "
                "cannot read: draw a kit chart on it (sk.charts.body_map(ax=ax), ...), or give "
                "its words with sk.charts.describe(ax, title=..., text=...)"
            )
        said.append(words)
    if title is None:
        title = " and ".join(w.title for w in said)
    # One chart: its title is the picture's name. More: each says its own title first.
    desc = said[0].text if len(said) == 1 else " ".join(f"{w.title}. {w.text}" for w in said)
    markup = themed_figure(fig, title=title, desc=desc, fit=True)
    return ScreenChart(html('<div class="sk-screen-chart">{}</div>', markup), f"{title}\n{desc}")


@contextlib.contextmanager
def on_screen(
    *,
    figsize: tuple[float, float] = (10, 5),
    title: str | None = None,
    show: Callable[[ScreenChart], Any] | None = None,
    **subplots,
) -> Iterator[Any]:
    """Draw kit charts for the screen and show them as one themed SVG with their words.

    Yields the ``Axes`` to draw on (an array of them when ``subplots`` asks for more than one,
    as :meth:`matplotlib.figure.Figure.subplots` does). On leaving the block the figure is
    shown as HTML: an SVG in JupyterLab's theme colours on a transparent background, with
    ``role="img"``, a ``<title>`` (``title``, or the charts' own titles) and a ``<desc>``
    made of the words every chart recorded as it drew (:func:`chart_words`). If the block
    raises, nothing is shown.

    Parameters
    ----------
    figsize
        The figure's width and height in inches, as for matplotlib.
    title
        The accessible name of the picture; by default the titles of its charts.
    show
        What to do with the :class:`ScreenChart`; by default IPython's ``display``.
    subplots
        Passed to :meth:`~matplotlib.figure.Figure.subplots` (``ncols=2``, ...).

    Raises
    ------
    ValueError
        An axes it yielded has no words (nothing was drawn on it by a kit chart, nor given
        words with :func:`describe`): an unlabelled picture is refused.
    """
    from matplotlib.figure import Figure

    with screen_style():
        # Not pyplot's: the inline backend never sees it, so no PNG joins the SVG.
        fig = Figure(figsize=figsize, layout="constrained")
        yielded = fig.subplots(**subplots)
        yield yielded
        chart = screen_chart(fig, _axes_of(yielded), title=title)
    (show or _display)(chart)
