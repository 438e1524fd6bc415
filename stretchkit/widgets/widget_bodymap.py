"""The body map you can click: each muscle a button that picks it, and a switch between the
superficial and the deep layer.

The drawing is :func:`stretchkit.anatomy.body_map_svg`, made in Python; the browser
(``bodymap.js``) shows it, turns a click or Enter on a muscle into :attr:`BodyMap.picked`,
and the layer switch into :attr:`BodyMap.layer`. The explorer follows ``picked`` as if the
muscle had been chosen in its Muscles list.
"""

from __future__ import annotations

import os
from pathlib import Path

import anywidget
import traitlets

from ..anatomy import body_map_svg, resolve_highlight
from ..catalog import Catalog
from .base import widget_catalog

__all__ = ["BodyMap", "body_map"]

_HERE = Path(__file__).parent

#: The layers the switch offers, as (value, label).
LAYER_CHOICES = (("superficial", "Superficial"), ("deep", "Deep"))

#: The wide map's names are 13.5 px at 600 px wide: under 540 px they would be under 12 px.
NARROW_BELOW = 540


class BodyMap(anywidget.AnyWidget):
    """The clickable body map. Build it with :func:`body_map`.

    Python sets :attr:`lit` (or calls :meth:`show`); the browser sets :attr:`picked` (a click
    or Enter on a muscle) and :attr:`layer` (the switch). Either change redraws :attr:`svg`.
    """

    _esm = _HERE / "bodymap.js"
    _css = _HERE / "bodymap.css"

    #: The drawing, with each muscle's name a button (``role="button"``), named beside it.
    svg = traitlets.Unicode("").tag(sync=True)
    #: The same drawing for a narrow screen: the names listed under it, numbered as on it.
    #: The browser shows this one where the map is narrower than :data:`NARROW_BELOW` px.
    svg_narrow = traitlets.Unicode("").tag(sync=True)
    #: The width (px) under which the browser shows :attr:`svg_narrow`: where the wide map's
    #: names would be drawn smaller than 12 px.
    narrow_below = traitlets.Int(NARROW_BELOW).tag(sync=True)
    #: The muscle ids picked, in the order they were picked.
    picked = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: The layer drawn: ``superficial`` or ``deep``.
    layer = traitlets.Enum([v for v, _ in LAYER_CHOICES], "superficial").tag(sync=True)
    #: The layers the switch offers, as [value, label] pairs.
    layers = traitlets.List(traitlets.List(traitlets.Unicode())).tag(sync=True)
    #: How many of the stretches shown reach each muscle (not sent to the browser: the
    #: drawing says it).
    lit = traitlets.Dict(value_trait=traitlets.Float())
    #: The map's accessible name.
    title = traitlets.Unicode("Lower back and hips, seen from behind")

    def __init__(
        self,
        *,
        data_dir: str | os.PathLike | None = None,
        catalog: Catalog | None = None,
        **kwargs,
    ):
        self._quiet = True  # no drawing until everything is set
        super().__init__(**kwargs)
        self.catalog: Catalog = widget_catalog(catalog, data_dir)
        self.layers = [list(choice) for choice in LAYER_CHOICES]
        self._quiet = False
        self.observe(self._redraw, names=["picked", "layer", "lit", "title"])
        self._redraw()

    @traitlets.validate("picked")
    def _known_muscles(self, proposal) -> list[str]:
        known = set(self.catalog.muscles["muscle_id"]) if hasattr(self, "catalog") else None
        picked = list(dict.fromkeys(proposal["value"]))  # each once, in order
        unknown = [m for m in picked if known is not None and m not in known]
        if unknown:
            raise traitlets.TraitError(
                f"unknown muscle {unknown[0]!r} picked on the body map; known: "
                f"{', '.join(sorted(known or ()))}"
            )
        return picked

    def show(self, highlight=None, *, picked=()) -> None:
        """Light ``highlight`` (as :func:`~stretchkit.anatomy.resolve_highlight` takes it)
        and mark ``picked``, drawing once."""
        self._quiet = True
        try:
            self.lit = resolve_highlight(highlight, catalog=self.catalog)
            self.picked = list(picked)
        finally:
            self._quiet = False
        self._redraw()

    def _redraw(self, _=None) -> None:
        if self._quiet:
            return
        drawn = {
            layout: body_map_svg(
                self.lit,
                selected=self.picked,
                layer=self.layer,
                interactive=True,
                layout=layout,
                title=self.title,
                catalog=self.catalog,
            )
            for layout in ("wide", "narrow")
        }
        with self.hold_sync():  # one message: the browser never shows the two out of step
            self.svg_narrow = drawn["narrow"]
            self.svg = drawn["wide"]


def body_map(
    highlight=None,
    *,
    picked=(),
    layer: str = "superficial",
    data_dir: str | os.PathLike | None = None,
    catalog: Catalog | None = None,
) -> BodyMap:
    """A body map whose muscles can be clicked (returned, not displayed).

    Click a muscle, or Tab to its name and press Enter or Space, to pick it alone; with Ctrl,
    Shift or Cmd held it is added to (or taken from) those picked; picking the one muscle
    picked again un-picks it. The switch above the drawing (Tab to it, then the arrow keys)
    shows the superficial or the deep layer.

    Parameters
    ----------
    highlight
        Muscle ids or names, or a mapping of muscle to how many stretches reach it.
    picked
        Muscle ids picked to begin with.
    layer
        ``"superficial"`` or ``"deep"``.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        ones.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`.

    Examples
    --------
    >>> m = body_map({"piriformis": 2}, layer="deep")
    >>> m.picked = ["piriformis"]  # what a click in the browser does
    >>> 'data-muscle="piriformis" data-lit="true"' in m.svg, 'aria-pressed="true"' in m.svg
    (True, True)
    >>> m.layer, 'data-layer="deep"' in m.svg
    ('deep', True)
    """
    m = BodyMap(data_dir=data_dir, catalog=catalog, layer=layer)
    m.show(highlight, picked=picked)
    m.add_class("sk-bodymap-widget")
    return m
