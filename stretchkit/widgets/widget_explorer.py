"""The anatomy explorer: pick muscles (in the list, or by clicking them on the body map) to see
the stretches that reach them, or a stretch to see the muscles it reaches lit on the map."""

from __future__ import annotations

import os

import ipywidgets as widgets
import traitlets

from ..cards import card_safety, stretch_card
from ..explore import coverage, find_stretches, muscles_for
from ..markup import html, join
from ..theme import WARN
from .base import WIDE, KitWidget, classed
from .widget_bodymap import BodyMap, body_map

__all__ = ["Explorer", "explorer"]

ANY = "any"
# Larger text for a projector, scoped to the explorer through ipywidgets' own CSS variables.
# The cards' safety reminders are shown once, over the cards (sk-explorer-safety), not on each
# card: a warning repeated on every card is one people learn to skip.
PROJECTOR_CSS = (
    "<style>.sk-explorer{--jp-widgets-font-size:15px;--jp-widgets-inline-height:32px;"
    "--jp-widgets-inline-label-width:130px;font-size:15px}"
    ".sk-explorer .sk-status p{font-size:1.15em}"
    ".sk-explorer-safety p{margin:0.3em 0;padding:0.2em 0.7em;border-left:6px solid "
    f"{WARN};"
    "line-height:1.4}</style>"
)
#: How to pick several muscles, with a keyboard and a mouse or on a touch screen (the kit's
#: CSS shows the one that fits the screen).
PICK_HINT = (
    "<strong>Pick muscles</strong> "
    '<small class="sk-hint-keys">(Ctrl or Shift for several)</small>'
    '<small class="sk-hint-touch">(tap to pick several)</small>'
)


class Explorer(KitWidget):
    """The explorer: controls on the left, the body map and what it shows on the right (one
    column on a narrow screen), the cards of the stretches found below, under their safety
    reminders shown once. Build it with :func:`explorer`."""

    #: The stretch ids whose cards are shown, in the tables' order.
    shown = traitlets.List(traitlets.Unicode())
    #: The muscle ids lit on the body map.
    lit = traitlets.List(traitlets.Unicode())

    def __init__(self, *, data_dir: str | os.PathLike | None = None):
        super().__init__(css_class="sk-explorer", status_class="sk-status", data_dir=data_dir)
        cat = self.catalog
        self._muscles = list(zip(cat.muscles["name"], cat.muscles["muscle_id"], strict=True))
        self._stretches = list(zip(cat.stretches["name"], cat.stretches["stretch_id"], strict=True))
        positions = [
            p
            for p in cat.stretches["position"].cat.categories
            if p in set(cat.stretches["position"])
        ]
        per_side = cat.stretches["per_side"].map({True: 2, False: 1})
        longest = int((cat.stretches["hold_min_s"] * per_side).max())
        self._time_max = max(60, -(-longest // 10) * 10)
        #: The controls by name: ``muscles``, ``stretch``, ``position``, ``kind``, ``sides``,
        #: ``time``.
        self.controls = {
            "muscles": widgets.SelectMultiple(
                options=self._muscles,
                description="Muscles",
                rows=len(self._muscles),
                style=WIDE,
            ),
            "stretch": widgets.Dropdown(
                options=[("(none)", ""), *self._stretches],
                value="",
                description="Stretch",
                style=WIDE,
            ),
            "position": widgets.Dropdown(
                options=[ANY, *positions], description="Position", style=WIDE
            ),
            "kind": widgets.Dropdown(
                options=[ANY, "static", "dynamic"], description="Kind", style=WIDE
            ),
            "sides": widgets.Dropdown(
                options=[(ANY, ANY), ("one side at a time", "one"), ("both at once", "both")],
                description="Sides",
                style=WIDE,
            ),
            # A list, not a slider: ipywidgets' slider handle has no accessible name.
            "time": widgets.Dropdown(
                options=[
                    ("any length", self._time_max),
                    *[(f"up to {t} s", t) for t in range(10, self._time_max, 10)],
                ],
                value=self._time_max,
                description="Time available",
                style=WIDE,
            ),
        }
        for key, control in self.controls.items():
            classed(control, f"sk-{key}")
        #: The body map: a click on a muscle picks it in the Muscles list.
        self.map: BodyMap = classed(body_map(catalog=cat), "sk-map")
        self.map.layout.width = "100%"
        self._cards = classed(widgets.HTML(), "sk-cards")
        #: The cards' safety reminders, once for all the cards shown.
        self.safety = classed(
            widgets.HTML(
                html(
                    '<div role="note" aria-label="Safety, for every stretch"><p>'
                    "<strong>&#9888; For every stretch:</strong> {}</p></div>",
                    " ".join(card_safety(catalog=cat)),
                )
            ),
            "sk-explorer-safety",
        )
        self._card_html = {
            sid: stretch_card(sid, safety=False, catalog=cat)._repr_html_()
            for _, sid in self._stretches
        }
        self._names = {muscle_id: name for name, muscle_id in self._muscles}
        self._busy = False

        self.controls["stretch"].observe(self._on_stretch, names="value")
        self.map.observe(self._on_map_pick, names="picked")
        for key in ("muscles", "position", "kind", "sides", "time"):
            self.controls[key].observe(self._on_filter, names="value")

        c = self.controls
        controls = [
            widgets.HTML(PROJECTOR_CSS, layout=widgets.Layout(display="none")),
            widgets.HTML(PICK_HINT),
            c["muscles"],
            widgets.HTML("<strong>or pick a stretch</strong>"),
            c["stretch"],
            widgets.HTML("<strong>Filters</strong>"),
            c["position"],
            c["kind"],
            c["sides"],
            c["time"],
        ]
        self.children = [
            self.side_by_side(
                controls, [self.status, self.map, self.safety], controls_width="300px"
            ),
            self._cards,
        ]
        self.show_muscles()

    # -- what the explorer shows --

    def show_stretch(self, stretch_id: str) -> None:
        """Light the muscles ``stretch_id`` reaches and show its card."""
        targets = muscles_for(stretch_id, catalog=self.catalog)
        self.lit = targets["muscle_id"].tolist()
        self.shown = [stretch_id]
        self.map.show(self.lit)
        self._cards.value = self._card_html[stretch_id]
        label = {v: k for k, v in self._stretches}[stretch_id]
        self.say(html("<strong>{}</strong> targets {}.", label, ", ".join(targets["name"])))

    def show_muscles(self) -> None:
        """Show the stretches that pass the chosen muscles and filters, lit by coverage."""
        c = self.controls
        chosen = list(c["muscles"].value)
        found = find_stretches(
            muscles=chosen,
            position=None if c["position"].value == ANY else c["position"].value,
            kind=None if c["kind"].value == ANY else c["kind"].value,
            per_side={"one": True, "both": False}.get(c["sides"].value),
            max_seconds=None if c["time"].value >= self._time_max else c["time"].value,
            catalog=self.catalog,
        )
        self.shown = found["stretch_id"].tolist()
        hits = coverage(self.shown, catalog=self.catalog)
        self.lit = list(hits)
        self.map.show(hits, picked=chosen)
        self._cards.value = join(self._card_html[s] for s in self.shown) or (
            "<p>No stretch passes these filters: widen the time or choose <em>any</em>.</p>"
        )
        n = len(self.shown)
        what = ", ".join(self._names[m] for m in chosen) if chosen else "the chosen filters"
        self.say(
            f"{n} stretch{'es' if n != 1 else ''} for {what}. The map is lit by how many of "
            "them reach each muscle."
        )

    # -- callbacks: one change at a time, so a control set by the other does not loop --

    def _on_stretch(self, change) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            if change["new"]:
                self.controls["muscles"].value = ()
                self.show_stretch(change["new"])
            else:
                self.show_muscles()
        finally:
            self._busy = False

    def _on_map_pick(self, change) -> None:
        # A click on the map picks in the Muscles list, as if chosen there; the list's own
        # callback then shows the stretches (and marks the map).
        if self._busy:
            return
        self.controls["muscles"].value = tuple(change["new"])

    def _on_filter(self, _=None) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self.controls["stretch"].value = ""
            self.show_muscles()
        finally:
            self._busy = False


def explorer(*, data_dir: str | os.PathLike | None = None) -> Explorer:
    """Build the explorer widget (it is returned, not displayed).

    Controls, each labelled and reachable with the keyboard: ``Muscles`` (several may be
    picked), ``Stretch``, and the filters ``Position``, ``Kind``, ``Sides`` and ``Time
    available (s)``. The body map (:attr:`Explorer.map`, a
    :class:`~stretchkit.widgets.widget_bodymap.BodyMap`) is SVG, so a change re-colours
    regions instead of redrawing a figure; clicking a muscle on it, or pressing Enter on its
    name, picks it in ``Muscles``, and its switch shows the superficial or the deep layer.
    Every control carries a CSS class (``sk-muscles``, ``sk-stretch``, ``sk-position``,
    ``sk-kind``, ``sk-sides``, ``sk-time``; outputs ``sk-status``, ``sk-map``, ``sk-cards``).

    Parameters
    ----------
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        ones.

    Returns
    -------
    Explorer
        With ``controls`` (dict of the controls), ``shown`` (the stretch ids shown) and
        ``lit`` (the muscle ids lit).

    Examples
    --------
    >>> ex = explorer()
    >>> ex.controls["muscles"].value = ("piriformis",)
    >>> ex.shown
    ['figure_four', 'seated_glute']
    >>> ex.map.picked = ["quadratus_lumborum"]  # a click on the map
    >>> ex.controls["muscles"].value, ex.shown
    (('quadratus_lumborum',), ['cat_cow', 'supine_twist', 'childs_pose'])
    >>> ex.controls["stretch"].value = "cat_cow"
    >>> ex.lit
    ['erector_spinae', 'quadratus_lumborum']
    """
    return Explorer(data_dir=data_dir)
