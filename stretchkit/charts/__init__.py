"""Charts for lessons and handouts. Each takes ``ax=`` (or draws on the current axes) and
returns the ``Axes``; none calls ``plt.show()``. :func:`plan_handout` writes a printable page,
:func:`lesson_pack` the whole printable lesson pack. Names from the tables, the log and a
class's files are drawn as written, never as mathtext, and a very long one is cut on a chart
(see :mod:`stretchkit.charts.text`)."""

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

__all__ = [
    "body_map",
    "lesson_pack",
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
