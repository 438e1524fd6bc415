"""Charts for lessons and handouts. Each takes ``ax=`` (or draws on the current axes) and
returns the ``Axes``; none calls ``plt.show()``. :func:`plan_handout` writes a printable page."""

from .anatomy import body_map, target_heatmap
from .plan import plan_handout, plot_plan
from .progress import (
    plot_calendar,
    plot_discomfort,
    plot_minutes_by_muscle,
    plot_weekly_sessions,
)

__all__ = [
    "body_map",
    "plan_handout",
    "plot_calendar",
    "plot_discomfort",
    "plot_minutes_by_muscle",
    "plot_plan",
    "plot_weekly_sessions",
    "target_heatmap",
]
