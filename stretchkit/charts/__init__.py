"""Charts for lessons and handouts. Each takes ``ax=`` (or draws on the current axes) and
returns the ``Axes``; none calls ``plt.show()``."""

from .anatomy import body_map, target_heatmap

__all__ = ["body_map", "target_heatmap"]
