"""The anatomy explorer: pick muscles to see the stretches that reach them, or a stretch to see
the muscles it reaches lit on the body map."""

from __future__ import annotations

import os

import ipywidgets as widgets

from ..anatomy import body_map_svg
from ..cards import stretch_card
from ..catalog import load_catalog
from ..explore import coverage, find_stretches, muscles_for
from ..markup import html, join

__all__ = ["explorer"]

ANY = "any"
# Larger text for a projector, scoped to the explorer through ipywidgets' own CSS variables.
PROJECTOR_CSS = (
    "<style>.sk-explorer{--jp-widgets-font-size:15px;--jp-widgets-inline-height:32px;"
    "--jp-widgets-inline-label-width:130px;font-size:15px}</style>"
)
_WIDE = {"description_width": "initial"}


def _labelled(widget, css_class: str):
    widget.add_class(css_class)
    return widget


def explorer(*, data_dir: str | os.PathLike | None = None) -> widgets.Box:
    """Build the explorer widget (it is returned, not displayed).

    Controls, each labelled and reachable with the keyboard: ``Muscles`` (several may be
    picked), ``Stretch``, and the filters ``Position``, ``Kind``, ``Sides`` and ``Time
    available (s)``. The body map is SVG, so a change re-colours regions instead of redrawing a
    figure. Every control carries a CSS class (``sk-muscles``, ``sk-stretch``, ``sk-position``,
    ``sk-kind``, ``sk-sides``, ``sk-time``; outputs ``sk-status``, ``sk-map``, ``sk-cards``).

    Examples
    --------
    >>> ex = explorer()
    >>> ex.controls["muscles"].value = ("piriformis",)
    >>> ex.shown
    ['figure_four', 'seated_glute']
    >>> ex.controls["stretch"].value = "cat_cow"
    >>> ex.lit
    ['erector_spinae', 'quadratus_lumborum']
    """
    cat = load_catalog(data_dir=data_dir)
    muscles = list(zip(cat.muscles["name"], cat.muscles["muscle_id"], strict=True))
    stretches = list(zip(cat.stretches["name"], cat.stretches["stretch_id"], strict=True))
    positions = [
        p for p in cat.stretches["position"].cat.categories if p in set(cat.stretches["position"])
    ]
    longest = int(
        (cat.stretches["hold_min_s"] * cat.stretches["per_side"].map({True: 2, False: 1})).max()
    )
    time_max = max(60, -(-longest // 10) * 10)

    c = {
        "muscles": _labelled(
            widgets.SelectMultiple(
                options=muscles, description="Muscles", rows=len(muscles), style=_WIDE
            ),
            "sk-muscles",
        ),
        "stretch": _labelled(
            widgets.Dropdown(
                options=[("(none)", ""), *stretches], value="", description="Stretch", style=_WIDE
            ),
            "sk-stretch",
        ),
        "position": _labelled(
            widgets.Dropdown(options=[ANY, *positions], description="Position", style=_WIDE),
            "sk-position",
        ),
        "kind": _labelled(
            widgets.Dropdown(options=[ANY, "static", "dynamic"], description="Kind", style=_WIDE),
            "sk-kind",
        ),
        "sides": _labelled(
            widgets.Dropdown(
                options=[(ANY, ANY), ("one side at a time", "one"), ("both at once", "both")],
                description="Sides",
                style=_WIDE,
            ),
            "sk-sides",
        ),
        "time": _labelled(
            widgets.IntSlider(
                value=time_max,
                min=10,
                max=time_max,
                step=10,
                description="Time available (s)",
                style=_WIDE,
                continuous_update=False,
            ),
            "sk-time",
        ),
    }
    status = _labelled(widgets.HTML(), "sk-status")
    body = _labelled(widgets.HTML(layout=widgets.Layout(width="100%")), "sk-map")
    cards = _labelled(widgets.HTML(), "sk-cards")
    card_html = {sid: stretch_card(sid, data_dir=data_dir)._repr_html_() for _, sid in stretches}
    names = {muscle_id: name for name, muscle_id in muscles}
    busy = {"now": False}

    def say(text) -> None:
        status.value = html(
            '<p role="status" aria-live="polite" style="font-size:1.15em">{}</p>', text
        )

    def show_stretch(stretch_id: str) -> None:
        targets = muscles_for(stretch_id, data_dir=data_dir)
        box.lit = targets["muscle_id"].tolist()
        box.shown = [stretch_id]
        body.value = body_map_svg(box.lit, data_dir=data_dir)
        cards.value = card_html[stretch_id]
        label = dict((v, k) for k, v in stretches)[stretch_id]
        say(html("<strong>{}</strong> targets {}.", label, ", ".join(targets["name"])))

    def show_muscles() -> None:
        chosen = list(c["muscles"].value)
        found = find_stretches(
            muscles=chosen,
            position=None if c["position"].value == ANY else c["position"].value,
            kind=None if c["kind"].value == ANY else c["kind"].value,
            per_side={"one": True, "both": False}.get(c["sides"].value),
            max_seconds=None if c["time"].value >= time_max else c["time"].value,
            data_dir=data_dir,
        )
        box.shown = found["stretch_id"].tolist()
        hits = coverage(box.shown, data_dir=data_dir)
        box.lit = list(hits)
        body.value = body_map_svg(hits, selected=chosen, data_dir=data_dir)
        cards.value = join(card_html[s] for s in box.shown) or (
            "<p>No stretch passes these filters: widen the time or choose <em>any</em>.</p>"
        )
        n = len(box.shown)
        what = ", ".join(names[m] for m in chosen) if chosen else "the chosen filters"
        say(
            f"{n} stretch{'es' if n != 1 else ''} for {what}. The map is lit by how many of "
            "them reach each muscle."
        )

    def on_stretch(change) -> None:
        if busy["now"]:
            return
        busy["now"] = True
        try:
            if change["new"]:
                c["muscles"].value = ()
                show_stretch(change["new"])
            else:
                show_muscles()
        finally:
            busy["now"] = False

    def on_filter(_=None) -> None:
        if busy["now"]:
            return
        busy["now"] = True
        try:
            c["stretch"].value = ""
            show_muscles()
        finally:
            busy["now"] = False

    c["stretch"].observe(on_stretch, names="value")
    for key in ("muscles", "position", "kind", "sides", "time"):
        c[key].observe(on_filter, names="value")

    controls = widgets.VBox(
        [
            widgets.HTML(PROJECTOR_CSS),
            widgets.HTML("<strong>Pick muscles</strong> (Ctrl or Shift for several)"),
            c["muscles"],
            widgets.HTML("<strong>or pick a stretch</strong>"),
            c["stretch"],
            widgets.HTML("<strong>Filters</strong>"),
            c["position"],
            c["kind"],
            c["sides"],
            c["time"],
        ],
        layout=widgets.Layout(min_width="300px", margin="0 1.5em 0 0"),
    )
    top = widgets.HBox([controls, widgets.VBox([status, body], layout=widgets.Layout(flex="1"))])
    box = widgets.VBox([top, cards])
    box.add_class("sk-explorer")
    box.controls = c
    box.shown, box.lit = [], []
    show_muscles()
    return box
