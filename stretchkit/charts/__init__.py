"""Charts for lessons and handouts. Each takes ``ax=`` (or draws on the current axes) and
returns the ``Axes``; none calls ``plt.show()``. :func:`plan_handout` writes a printable page,
:func:`lesson_pack` the whole printable lesson pack. Names from the tables, the log and a
class's files are drawn as written, never as mathtext, and a very long one is cut on a chart
(see :mod:`stretchkit.charts.text`).

On screen, draw a chart inside :func:`on_screen`: it is shown as SVG in the theme's colours,
with a title and a description in words made from the chart's own data (every chart records
them with :func:`describe`; :func:`chart_words` reads them)::

    with sk.charts.on_screen(figsize=(11, 7)) as ax:
        sk.charts.body_map(ax=ax)
"""

from .anatomy import body_map, target_heatmap
from .classroom import plot_class_adherence, plot_class_discomfort, plot_class_muscles
from .pack import lesson_pack
from .plan import plan_handout, plot_plan
from .progress import (
    plot_calendar,
    plot_discomfort,
    plot_minutes_by_muscle,
    plot_weekly_sessions,
)
from .screen import chart_words, describe, on_screen

__all__ = [
    "body_map",
    "chart_words",
    "describe",
    "lesson_pack",
    "on_screen",
    "plan_handout",
    "plot_calendar",
    "plot_class_adherence",
    "plot_class_discomfort",
    "plot_class_muscles",
    "plot_discomfort",
    "plot_minutes_by_muscle",
    "plot_plan",
    "plot_weekly_sessions",
    "target_heatmap",
]
