"""The lower back, pelvis and hips seen from behind, as an atlas draws them, defined once.

The drawing is the kit's own, modelled on the public-domain plates of Gray's *Anatomy of the
Human Body* (1918): the lumbar spine with its transverse processes, the lowest ribs, the hip
bone with its iliac crest, the sacrum and the greater trochanter of the femur, and six muscles
shaped from their origins to their insertions. It has two layers:

- ``superficial``: the erector spinae over the quadratus lumborum, the gluteus maximus over
  the gluteus medius and the piriformis, the obliques over the flank;
- ``deep``: the superficial muscles lifted away (drawn faded), so the quadratus lumborum,
  the gluteus medius and the piriformis are seen whole.

``split`` draws the body's left half (the viewer's left) superficial and its right half deep,
as atlas plates often do: one picture for paper, where there is no switch.

The same shapes are drawn by :func:`stretchkit.charts.body_map` (matplotlib, for print and
``ax=``) and by :func:`body_map_svg` (SVG for the screen, in the theme's colours).
Coordinates are in a :data:`WIDTH` x :data:`HEIGHT` box, y pointing down; each shape is given
for the viewer's right half and mirrored about :data:`CENTRE` for the left.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pandas as pd

from . import theme
from .catalog import Catalog, use_catalog
from .markup import Html, html, join
from .names import muscle_id_for

__all__ = [
    "LAYERS",
    "LAYOUTS",
    "LEGEND",
    "LIT_COLOURS",
    "MUSCLE_SHAPES",
    "MuscleShape",
    "body_map_svg",
    "colour_for",
    "resolve_highlight",
    "undrawn_muscles",
]

DataDir = str | os.PathLike | None
Points = tuple[tuple[float, float], ...]

#: The views the map can draw: one layer on both sides, or the two side by side.
LAYERS: tuple[str, ...] = ("superficial", "deep", "split")

WIDTH, HEIGHT = 600, 484  # the drawing; the legend goes below HEIGHT
CENTRE = 300
TOP = 30  # room for the heading
LABEL_LEFT = 166  # the superficial muscles are named left of here (their swatch ends here)
LABEL_RIGHT = 434  # the deep muscles are named right of here (their swatch starts here)
NAME_SIZE = 13.5  # a muscle's name; 13.5 px at 600 px wide, and it grows with the width
SMALL_SIZE = 12.5  # every other word of the map

# ColorBrewer YlOrBr, a sequential scheme that stays ordered for every kind of colour vision.
LIT_COLOURS = ("#fed98e", "#fe9929", "#d95f0e", "#993404")
UNLIT = "#e6e6e6"
OUTLINE = "#222222"
BONE = "#9a9a9a"
# On screen (the SVG) what is not data follows JupyterLab's theme: the body, the bones, the
# outlines, the labels and the legend's words; the data colours above read on both backgrounds.
HATCH = OUTLINE  # drawn over the data colours, so a data colour itself
# Bones a shade from the body towards the ink: grey on the light theme, lighter than the body
# on the dark one.
SVG_BODY, SVG_BONE = theme.PANEL, theme.BORDER
SVG_BONE_FILL = f"color-mix(in srgb, {theme.INK} 16%, {theme.PANEL})"
SVG_OUTLINE, SVG_INK, SVG_SOFT = theme.TEXT, theme.INK, theme.TEXT
#: How faded a superficial muscle is drawn in the deep layer (its fill's opacity).
LIFTED = 0.28
#: The one mark of the muscle you picked, besides its thick outline and bold name.
PICK_MARK = "\u25b6"

#: The map for a narrow screen (a phone): the drawing over a list of the muscles' names, each
#: numbered as on the drawing, in a box this wide; on a 320-390 px phone its words are drawn
#: at 12 px or more, where the wide map's would be 7.
NARROW_WIDTH = 300
NARROW_SHIFT = 150 - CENTRE  # the back view moved left, its midline at the box's middle
NARROW_SIDE_TOP = 392.0  # the side view goes under the back view, centred
LAYOUTS: tuple[str, ...] = ("wide", "narrow")
#: The letters of the bony landmarks on the narrow map, in the order of :data:`LANDMARKS`.
LANDMARK_LETTERS = "abcde"


def _at(*points: tuple[float, float]) -> Points:
    """Points given as (across from the midline, down from the top of the drawing)."""
    return tuple((CENTRE + dx, TOP + y) for dx, y in points)


@dataclass(frozen=True)
class MuscleShape:
    """Where a muscle is drawn: its outline on the viewer's right (mirrored to the left), the
    layer it belongs to, where its leader line points and the parts marked on it.

    ``layer`` is ``"superficial"`` (drawn over the others, faded in the deep layer) or
    ``"deep"`` (under the superficial muscles, seen whole in the deep layer). ``under`` names
    the muscle that hides it in the superficial layer, if one hides it whole. ``fibers`` is
    the edge the fibers start from and the edge they end on (origin to insertion): the drawing
    runs a few faint lines between them, as an atlas shows which way a muscle pulls.
    """

    muscle_id: str
    outline: Points
    layer: str
    anchor: tuple[float, float]
    parts: tuple[tuple[str, Points], ...] = ()  # named sub-regions, e.g. upper fibers
    under: str | None = None
    origin: str = ""
    insertion: str = ""
    fibers: tuple[Points, Points] = ((), ())
    #: Its outline in the side view (:data:`SIDE_BOX`), for a muscle best seen from the side.
    side: Points = ()
    side_fibers: tuple[Points, Points] = ((), ())

    @property
    def deep(self) -> bool:
        """Whether the muscle is in the deep layer."""
        return self.layer == "deep"


# fmt: off
MUSCLE_SHAPES: dict[str, MuscleShape] = {
    s.muscle_id: s
    for s in (
        # Beside the spinous processes, from the sacrum and the back of the iliac crest up
        # over the transverse processes and on past the ribs.
        MuscleShape(
            "erector_spinae",
            _at(
                (7, 0),
                (38, 0),
                (44, 40),
                (48, 90),
                (46, 128),
                (38, 160),
                (26, 192),
                (12, 214),
                (7, 208),
            ),
            layer="superficial",
            anchor=_at((27, 76))[0],
            fibers=(_at((10, 3), (36, 3)), _at((9, 200), (16, 204))),
            origin="sacrum and the back of the iliac crest",
            insertion="ribs and vertebrae above",
        ),
        # Over the flank, from the lower ribs (its upper edge follows their ends) down to the
        # outer lip of the iliac crest; its back edge is free, behind it the lumbar region.
        MuscleShape(
            "obliques",
            _at(
                (60, 0),
                (122, 0),
                (116, 50),
                (110, 100),
                (116, 140),
                (118, 152),
                (108, 138),
                (90, 130),
                (78, 132),
                (72, 110),
                (66, 84),
                (64, 58),
                (70, 46),
                (66, 30),
                (72, 16),
                (64, 8),
            ),
            layer="superficial",
            anchor=_at((94, 84))[0],
            fibers=(_at((68, 6), (118, 4)), _at((82, 130), (112, 146))),
            # From the side: from the outer faces of the lower ribs down and forward to the
            # iliac crest and, in front, into its flat tendon (the aponeurosis).
            side=((504, 392), (528, 384), (556, 378), (572, 382), (576, 410), (570, 436),
                  (554, 436), (530, 426), (514, 426), (506, 410)),
            side_fibers=(((506, 396), (530, 387), (562, 381)),
                         ((518, 424), (552, 434), (572, 414))),
            origin="lower ribs",
            insertion="iliac crest",
        ),
        # From the back of the ilium, the sacrum and the coccyx down and out over the greater
        # trochanter, to the iliotibial band and the femur.
        MuscleShape(
            "gluteus_maximus",
            _at(
                (40, 162),
                (54, 150),
                (88, 176),
                (116, 200),
                (128, 222),
                (132, 250),
                (128, 280),
                (114, 302),
                (96, 314),
                (62, 306),
                (30, 290),
                (10, 270),
                (6, 258),
                (10, 232),
                (18, 204),
                (26, 182),
            ),
            layer="superficial",
            anchor=_at((76, 268))[0],
            fibers=(_at((46, 158), (28, 182), (20, 204), (12, 232), (10, 258)),
                    _at((116, 206), (127, 228), (129, 256), (123, 282), (108, 304))),
            parts=(
                (
                    "upper fibers",
                    _at(
                        (40, 162),
                        (54, 150),
                        (88, 176),
                        (116, 200),
                        (128, 222),
                        (129, 238),
                        (90, 212),
                        (56, 196),
                        (20, 202),
                        (26, 182),
                    ),
                ),
            ),
            origin="sacrum and the back of the iliac crest",
            insertion="femur and iliotibial band",
        ),
        # Deep to the erector spinae, from the iliac crest to the 12th rib and the lumbar
        # transverse processes; its lateral edge reaches past the erector spinae's.
        MuscleShape(
            "quadratus_lumborum",
            _at(
                (16, 28),
                (36, 36),
                (54, 48),
                (62, 90),
                (72, 132),
                (58, 140),
                (44, 150),
                (34, 124),
                (36, 96),
                (32, 70),
                (24, 46),
            ),
            layer="deep",
            anchor=_at((55, 104))[0],
            fibers=(_at((46, 147), (68, 134)), _at((20, 32), (50, 50))),
            origin="iliac crest",
            insertion="12th rib and lumbar transverse processes",
        ),
        # A fan on the outer ilium, below the crest, to the greater trochanter; its back part
        # lies under the gluteus maximus.
        MuscleShape(
            "gluteus_medius",
            _at(
                (50, 154),
                (66, 140),
                (90, 134),
                (108, 142),
                (116, 156),
                (114, 176),
                (118, 204),
                (120, 218),
                (110, 226),
                (96, 216),
                (70, 196),
                (52, 176),
            ),
            layer="deep",
            anchor=_at((100, 160))[0],
            fibers=(_at((56, 152), (70, 142), (90, 137), (107, 145), (113, 158)),
                    _at((106, 220), (116, 214))),
            origin="outer ilium",
            insertion="greater trochanter",
        ),
        # From the front of the sacrum out through the greater sciatic notch to the top of
        # the greater trochanter, under the gluteus maximus.
        MuscleShape(
            "piriformis",
            _at(
                (22, 200),
                (40, 195),
                (64, 200),
                (92, 207),
                (112, 212),
                (114, 220),
                (96, 221),
                (64, 218),
                (40, 224),
                (20, 216),
            ),
            layer="deep",
            anchor=_at((70, 210))[0],
            fibers=(_at((25, 202), (23, 214)), _at((110, 214), (110, 218))),
            under="gluteus_maximus",
            origin="front of the sacrum",
            insertion="greater trochanter",
        ),
    )
}
# fmt: on

# -- the bones and the body's outline, for orientation (on the viewer's right, mirrored) --

SILHOUETTE: Points = _at(
    (-122, 0), (122, 0), (116, 50), (110, 100), (116, 140), (124, 180), (132, 220),
    (136, 250), (130, 290), (120, 350), (8, 350), (0, 300), (-8, 350), (-120, 350),
    (-130, 290), (-136, 250), (-132, 220), (-124, 180), (-116, 140), (-110, 100), (-116, 50),
)  # fmt: skip
#: Lumbar vertebrae (T12 to L5) from behind: (name, centre y, reach of the transverse process).
VERTEBRAE = tuple(
    (name, TOP + y, reach)
    for name, y, reach in (
        ("T12", 16, 20), ("L1", 42, 28), ("L2", 68, 32), ("L3", 94, 36), ("L4", 120, 32),
        ("L5", 146, 28),
    )
)  # fmt: skip
SACRUM: Points = _at((-34, 160), (34, 160), (30, 190), (20, 222), (9, 246), (0, 262),
                     (-9, 246), (-20, 222), (-30, 190))  # fmt: skip
#: The lowest ribs, from the spine out and down: the 10th, the 11th and the 12th.
RIBS: tuple[Points, ...] = (
    _at((46, -8), (80, 4), (104, 22), (116, 36)),
    _at((16, 6), (48, 14), (78, 30), (96, 50)),
    _at((16, 20), (36, 30), (52, 42), (64, 58)),
)
RIB = RIBS[-1]  # the 12th, which the quadratus lumborum reaches
#: The hip bone from behind: the ilium with its crest on top, the ischium below.
HIP_BONE: Points = _at(
    (34, 170), (44, 150), (66, 136), (90, 130), (108, 138), (118, 152), (114, 172),
    (106, 194), (102, 212), (96, 232), (84, 250), (70, 270), (56, 272), (48, 258), (46, 238),
    (54, 222), (52, 204), (40, 190),
)  # fmt: skip
ILIAC_CREST: Points = HIP_BONE[:6]
#: The femur: its head in the hip socket, the neck, and the shaft down the thigh.
FEMUR: Points = _at(
    (74, 208), (84, 202), (100, 206), (116, 210), (124, 222), (120, 238), (112, 252),
    (110, 290), (94, 290), (94, 256), (96, 240), (84, 228), (74, 222),
)  # fmt: skip
TROCHANTER = (CENTRE + 116, TOP + 224, 9.0)  # greater trochanter: x, y, radius
FEMUR_HEAD = TROCHANTER  # the name this module gave it before it drew the femur

#: The side view, from the right (the back on the left, the belly on the right): its box,
#: the outline of the trunk and hip, the edge of the lower ribs and the iliac crest.
SIDE_BOX = (446.0, 336.0, 150.0, 146.0)  # x, y, width, height
SIDE_CAPTION = ("From the right side,", "front to the right")
SIDE_BODY: Points = (
    (484, 372), (578, 372), (584, 392), (588, 414), (586, 436), (578, 456), (570, 480),
    (476, 480), (468, 466), (468, 452), (478, 436), (488, 420), (491, 404), (486, 388),
)  # fmt: skip
#: Two lower ribs and the edge of the rib cage, sloping down from the back to the front.
SIDE_RIBS: tuple[Points, ...] = (
    ((490, 376), (520, 382), (552, 388), (576, 380)),
    ((492, 386), (516, 398), (544, 406), (566, 398), (580, 386)),
)
SIDE_CREST: Points = ((488, 436), (508, 426), (530, 424), (554, 436))
#: The hip bone from the side: the wing of the ilium under the crest, down to the hip joint.
SIDE_ILIUM: Points = (
    (488, 436), (508, 426), (530, 424), (554, 436), (548, 450), (534, 464), (516, 462),
    (498, 452),
)  # fmt: skip

#: Bony landmarks named beside the drawing: (name, where the leader points, which column).
LANDMARKS: tuple[tuple[str, tuple[float, float], str], ...] = (
    ("12th rib", RIB[2], "right"),
    ("lumbar spine", (CENTRE - 4, TOP + 94), "left"),
    ("iliac crest", HIP_BONE[3], "right"),
    ("sacrum", (CENTRE - 6, TOP + 200), "left"),
    ("greater trochanter", (TROCHANTER[0] + 6, TROCHANTER[1]), "right"),
)

#: Each cue of the drawing and the one thing it means: no cue is used for two things.
LEGEND: dict[str, str] = {
    "fill": "colour, yellow to brown: how many of the stretches shown reach the muscle "
    "(grey: none)",
    "outline": f"thick dark outline, {PICK_MARK} and a bold name: the muscle you picked",
    "hatch": "hatched: the upper fibers of the gluteus maximus",
    "opacity": "faded: a superficial muscle lifted away to show the deep layer",
    "column": "named on the left: superficial muscles; on the right: deep muscles",
}


def _along(line: Points, t: float) -> tuple[float, float]:
    """The point a fraction ``t`` of the way along the polyline ``line``."""
    lengths = [math.dist(a, b) for a, b in pairwise(line)]
    if not lengths:
        return line[0]
    goal, total = t * sum(lengths), 0.0
    for (a, b), length in zip(pairwise(line), lengths, strict=True):
        if total + length >= goal and length > 0:
            f = (goal - total) / length
            return (a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]))
        total += length
    return line[-1]


def fiber_lines(shape: MuscleShape, n: int = 9) -> list[Points]:
    """The faint lines that show which way a muscle's fibers run, origin to insertion, on
    the viewer's right (:func:`mirror` them for the left)."""
    start, end = shape.fibers
    if not start or not end:
        return []
    ts = [(i + 0.5) / n for i in range(n)]
    return [(_along(start, t), _along(end, t)) for t in ts]


def mirror(points: Points) -> Points:
    """The same outline on the body's other side."""
    return tuple((2 * CENTRE - x, y) for x, y in points)


def check_layer(layer: str) -> str:
    """``layer`` if the map can draw it, else the error that lists the layers.

    Examples
    --------
    >>> check_layer("deep")
    'deep'
    """
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; choose one of: {', '.join(LAYERS)}")
    return layer


def side_layers(layer: str) -> tuple[tuple[str, str], ...]:
    """(side, layer) for each half of the body: ``left`` is the viewer's left."""
    check_layer(layer)
    if layer == "split":
        return (("left", "superficial"), ("right", "deep"))
    return (("left", layer), ("right", layer))


def side_points(points: Points, side: str) -> Points:
    return points if side == "right" else mirror(points)


def draw_order(view: str) -> list[str]:
    """The muscles from the bottom of the drawing up, in a view of one layer: in the deep
    layer the superficial muscles are drawn first (and faded), in the superficial layer last."""
    deep = [m for m, s in MUSCLE_SHAPES.items() if s.layer == "deep"]
    superficial = [m for m, s in MUSCLE_SHAPES.items() if s.layer == "superficial"]
    return superficial + deep if view == "deep" else deep + superficial


def lifted(muscle_id: str, view: str) -> bool:
    """Whether the muscle is drawn faded: a superficial muscle in the deep layer."""
    return view == "deep" and MUSCLE_SHAPES[muscle_id].layer == "superficial"


def hidden(muscle_id: str, layer: str) -> bool:
    """Whether the muscle cannot be seen at all in ``layer`` (hidden whole under another)."""
    return layer == "superficial" and MUSCLE_SHAPES[muscle_id].under is not None


def resolve_highlight(
    highlight, *, data_dir: DataDir = None, catalog: Catalog | None = None
) -> dict[str, float]:
    """Turn ``highlight`` into ``{muscle_id: intensity}``.

    ``highlight`` is ``None``, muscle ids or names (intensity 1 each), or a mapping of muscle
    to a number >= 0 (e.g. how many chosen stretches reach it). Unknown muscles raise the
    teaching error that lists the known ones.

    Parameters
    ----------
    highlight
        What to light, as above.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> resolve_highlight(["QL", "piriformis"])
    {'quadratus_lumborum': 1.0, 'piriformis': 1.0}
    >>> resolve_highlight({"Glute Med": 2})
    {'gluteus_medius': 2.0}
    """
    if highlight is None:
        return {}
    cat = use_catalog(catalog, data_dir=data_dir)
    if isinstance(highlight, str):
        highlight = [highlight]
    # The intensities are whatever the caller gave; float() below checks them.
    items: Iterable[tuple[Any, Any]]
    if isinstance(highlight, Mapping):
        items = highlight.items()
    elif isinstance(highlight, Iterable):
        items = ((m, 1.0) for m in highlight)
    else:
        raise TypeError(
            f"highlight must be muscle ids, or a mapping of muscle id to intensity, "
            f"not {type(highlight).__name__}"
        )
    out: dict[str, float] = {}
    for muscle, value in items:
        muscle_id = muscle_id_for(muscle, cat)
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < 0:
            raise ValueError(
                f"highlight intensity for '{muscle_id}' must be a number >= 0, not {value!r}"
            )
        out[muscle_id] = out.get(muscle_id, 0.0) + number
    return out


def colour_for(intensity: float, top: float) -> str:
    """The fill for a muscle: grey when unlit, else a step of the sequential scale.

    Examples
    --------
    >>> colour_for(0, 3), colour_for(3, 3), colour_for(1, 1)
    ('#e6e6e6', '#993404', '#993404')
    """
    if intensity <= 0 or top <= 0:
        return UNLIT
    step = math.ceil(len(LIT_COLOURS) * min(intensity / top, 1.0)) - 1
    return LIT_COLOURS[max(step, 0)]


def legend_steps(top: float) -> list[tuple[str, str]]:
    """(colour, text) for the legend of a map whose strongest intensity is ``top``."""
    steps = [(UNLIT, "not targeted")]
    if top <= 0:
        return steps
    if float(top).is_integer() and top <= len(LIT_COLOURS):
        return steps + [(colour_for(n, top), f"targeted x{n}") for n in range(1, int(top) + 1)]
    return [*steps, (LIT_COLOURS[0], "targeted, weak"), (LIT_COLOURS[-1], "targeted, strong")]


def _label_lines(muscle_id: str, name: str, picked: bool, chars: int = 17) -> list[str]:
    # A picked name's first line leaves room for the mark before it.
    return _wrap(("\u2003 " if picked else "") + name, chars)


def _label_notes(muscle_id: str, count: str, view: str) -> list[str]:
    """The smaller lines under a muscle's name: how often it is targeted, its layer, where it
    is hidden, its hatched part."""
    shape = MUSCLE_SHAPES[muscle_id]
    notes = [count + (", deep" if shape.layer == "deep" else "")]
    if hidden(muscle_id, view) and shape.under:
        notes.append(f"hidden under the {shape.under.replace('_', ' ')}")
    notes += [f"{part}: hatched" for part, _ in shape.parts]
    return notes


def _wrapped(notes: list[str], chars: int = 21) -> list[str]:
    return [line for note in notes for line in _wrap(note, chars)]


def _label_height(muscle_id: str, name: str) -> float:
    """The room a muscle's label takes, at its longest (picked, hidden)."""
    lines = _label_lines(muscle_id, name, True)
    notes = _wrapped(_label_notes(muscle_id, "not targeted", "superficial"))
    return 16 * len(lines) + 15 * len(notes) + 8


def column_layout(names: Mapping[str, str]) -> dict[str, tuple[str, float]]:
    """Where each label goes beside the drawing: ``{key: (column, y)}``, the key a muscle id
    or a landmark's name. Superficial muscles are named on the left, deep ones on the right,
    each bony landmark on its own side; in each column the labels keep the order of what they
    point at, from the top down, and never overlap."""
    items: dict[str, list[tuple[float, str, float]]] = {"left": [], "right": []}
    for m, shape in MUSCLE_SHAPES.items():
        if m in names:
            column = "left" if shape.layer == "superficial" else "right"
            items[column].append((shape.anchor[1], m, _label_height(m, names[m])))
    for name, (_, y), column in LANDMARKS:
        items[column].append((y, name, 19.0))
    out: dict[str, tuple[str, float]] = {}
    for column, found in items.items():
        found.sort()
        ys: list[float] = []
        end = TOP + 12.0
        for target, _, height in found:
            y = max(target - 6, end)
            ys.append(y)
            end = y + height
        bottom = SIDE_BOX[1] - 4 if column == "right" else HEIGHT - 6  # the side view
        if end > bottom:  # too low: move the labels up, from the bottom, as far as needed
            floor: float = bottom
            for i in range(len(found) - 1, -1, -1):
                ys[i] = min(ys[i], floor - found[i][2])
                floor = ys[i]
        for (_, key, _), y in zip(found, ys, strict=True):
            out[key] = (column, y)
    return out


def _path(points: Points) -> str:
    return "M" + " L".join(f"{x:g},{y:g}" for x, y in points) + " Z"


def _line(points: Points) -> str:
    return "M" + " L".join(f"{x:g},{y:g}" for x, y in points)


def _wrap(text: str, chars: int = 17) -> list[str]:
    """A label in lines of about ``chars`` characters, at most three."""
    lines: list[str] = []
    words = [w[i : i + chars] for w in text.split() for i in range(0, len(w), chars)]
    for word in words[: 3 * chars]:  # a name of any length costs no more than a long one
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], " ".join(lines[2:])[: chars - 1] + "\u2026"]
    return lines or [""]


def _view_words(layer: str) -> str:
    """The layer, in words."""
    return {
        "superficial": "superficial layer",
        "deep": "deep layer (the superficial muscles lifted away, faded)",
        "split": "the left half superficial, the right half deep",
    }[layer]


def map_words(
    names: Mapping[str, str], lit: Mapping[str, float], chosen: Iterable[str], layer: str
) -> str:
    """What the map shows, in words: lit and how many times, picked, the layer, what is deep
    and where, and what is not drawn."""
    lit_ids = [m for m in names if lit.get(m, 0) > 0]
    out = [f"The lower back, pelvis and hips seen from behind, {_view_words(layer)}."]
    if lit_ids:
        out.append(
            "Lit by how many of the stretches shown reach it: "
            + "; ".join(f"{names[m]} x{lit[m]:g}" for m in lit_ids)
            + "."
        )
    else:
        out.append("No muscle is lit.")
    picked = [names[m] for m in names if m in set(chosen)]
    out.append(f"Picked: {', '.join(picked)}." if picked else "Nothing picked.")
    drawn = [m for m in names if m in MUSCLE_SHAPES]
    deep = [names[m] for m in drawn if MUSCLE_SHAPES[m].layer == "deep"]
    if deep:
        out.append(f"Deep layer: {', '.join(deep)}.")
    if layer == "superficial":
        under = [f"{names[m]} under the {names.get(s.under, s.under)}" for m in drawn
                 if (s := MUSCLE_SHAPES[m]).under and s.under in names]  # fmt: skip
        if under:
            out.append(f"Hidden in this layer: {', '.join(under)}.")
    for m in drawn:
        for part, _ in MUSCLE_SHAPES[m].parts:
            out.append(f"Hatched: the {part} of the {names[m]}.")
    undrawn = [names[m] for m in names if m not in MUSCLE_SHAPES]
    if undrawn:
        out.append(f"Not drawn, listed below the map: {', '.join(undrawn)}.")
    return " ".join(out)


def body_map_svg(
    highlight=None,
    *,
    selected: Iterable[str] = (),
    layer: str = "superficial",
    interactive: bool = False,
    layout: str = "wide",
    title: str = "Lower back and hips, seen from behind",
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> str:
    """The body map as an SVG string: every muscle of the catalog a labelled region.

    Parameters
    ----------
    highlight
        Muscle ids or names, or a mapping of muscle to intensity (see
        :func:`resolve_highlight`). Lit regions are filled on a colour-blind-safe scale.
    selected
        Muscle ids picked: drawn with a thick dark outline, a bold name and a mark.
    layer
        ``"superficial"``, ``"deep"`` or ``"split"`` (left half superficial, right half deep).
    interactive
        Make each muscle's name a button (``role="button"``, ``tabindex``, ``aria-pressed``),
        for the clickable map of :mod:`stretchkit.widgets.widget_bodymap`; the drawing is then
        a labelled group, not an image.
    layout
        ``"wide"``: the muscles named beside the drawing, their leaders pointing at them (for
        a laptop, a projector or paper). ``"narrow"``: for a phone, the drawing over a list of
        the names, each numbered as on the drawing and the bony landmarks lettered, in a box
        half as wide, so its words stay readable on a 320 px screen.
    title
        The map's accessible name.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Each muscle's name beside the drawing is a ``<g class="sk-muscle" data-muscle=ID
    data-lit=true|false data-layer=superficial|deep>`` with a ``<title>`` that tooltips show;
    the muscle's outlines (``class="sk-shape"``) carry the same ``data-muscle``. The SVG's
    ``<desc>`` says in words what is lit, how many times, what is picked and which layer is
    shown. Muscles of a custom catalog that the drawing does not know are listed below it,
    lit or not.

    Examples
    --------
    >>> svg = body_map_svg(["piriformis"])
    >>> 'data-muscle="piriformis" data-lit="true"' in svg
    True
    >>> 'data-muscle="obliques" data-lit="false"' in svg
    True
    >>> 'role="button"' in body_map_svg(interactive=True), 'role="img"' in svg
    (True, True)
    """
    check_layer(layer)
    if layout not in LAYOUTS:
        raise ValueError(f"layout={layout!r} is not a layout of the body map; use one of: "
                         f"{', '.join(LAYOUTS)}")  # fmt: skip
    cat = use_catalog(catalog, data_dir=data_dir)
    lit = resolve_highlight(highlight, catalog=cat)
    top = max(lit.values(), default=0)
    chosen = {muscle_id_for(m, cat) for m in selected}
    names = dict(zip(cat.muscles["muscle_id"], cat.muscles["name"], strict=True))
    undrawn = [m for m in names if m not in MUSCLE_SHAPES]
    drawn = [m for m in MUSCLE_SHAPES if m in names]
    sides = side_layers(layer)
    narrow = layout == "narrow"
    width = NARROW_WIDTH if narrow else WIDTH
    labels: list[str] = []
    if narrow:
        y = NARROW_SIDE_TOP + SIDE_BOX[3] + 16
        for number, muscle_id in enumerate(drawn, 1):
            row, y = _muscle_row_svg(
                muscle_id,
                names[muscle_id],
                number,
                y,
                dict(sides),
                lit,
                top,
                chosen,
                interactive=interactive,
            )
            labels.append(row)
        legend_svg, height = _legend_svg(
            legend_steps(top), undrawn, names, lit, y=y + 14, width=width, notes=NARROW_NOTES
        )
    else:
        where = column_layout(names)
        for muscle_id in drawn:
            labels.append(
                _muscle_label_svg(
                    muscle_id,
                    names[muscle_id],
                    where[muscle_id],
                    dict(sides),
                    lit,
                    top,
                    chosen,
                    interactive=interactive,
                )
            )
        labels.append(_landmark_labels_svg(where))
        legend_svg, height = _legend_svg(
            legend_steps(top), undrawn, names, lit, y=HEIGHT + 20, width=width, notes=WIDE_NOTES
        )
    role = (
        html('role="group" aria-label="{}"', f"{title}: {_view_words(layer)}")
        if interactive
        else html('role="img"')
    )
    out = [
        html(
            '<svg class="sk-body-map" viewBox="0 0 {w} {h:g}" {role} data-layer="{layer}" '
            'data-layout="{layout}" xmlns="http://www.w3.org/2000/svg" '
            'style="max-width:{most}px;width:100%;font-family:sans-serif">'
            "<title>{title}</title><desc>{desc}</desc>",
            w=width,
            h=height,
            role=role,
            layer=layer,
            layout=layout,
            most=440 if narrow else 900,
            title=title,
            desc=map_words(names, lit, chosen, layer),
        ),
        "<defs>"
        # Dark and light stripes, so the hatching shows on every fill of the scale.
        '<pattern id="sk-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="1" y1="0" x2="1" y2="7" stroke="{HATCH}" '
        f'stroke-width="1.8"/><line x1="3" y1="0" x2="3" y2="7" stroke="{UNLIT}" '
        'stroke-width="1.4"/></pattern></defs>',
        html(
            '<text x="{}" y="19" font-size="15" font-weight="bold" text-anchor="middle" '
            'fill="{}">{}</text>',
            width // 2,
            SVG_INK,
            HEADINGS[layer],
        ),
        f'<g transform="translate({NARROW_SHIFT},0)">' if narrow else "<g>",
        _bones_svg(),
    ]
    for side, view in sides:  # in "split" each half has its own order
        for muscle_id in draw_order(view):
            if muscle_id in names:
                out.append(_muscle_shape_svg(muscle_id, side, view, lit, top, chosen))
    out.append(_landmarks_over_svg())
    if narrow:
        out.append(_narrow_marks_svg(drawn, dict(sides)))
    out.append("</g>")
    if narrow:
        x, y, w, _ = SIDE_BOX
        out.append(f'<g transform="translate({(width - w) / 2 - x:g},{NARROW_SIDE_TOP - y:g})">')
    out.append(_side_view_svg(names, lit, top, chosen))
    if narrow:
        out.append("</g>")
    out += labels
    out.append(legend_svg)
    out.append("</svg>")
    return Html("".join(out))


#: The heading drawn over the map, for each layer.
HEADINGS = {
    "superficial": "From behind: the superficial layer",
    "deep": "From behind: the deep layer",
    "split": "From behind: superficial (left), deep (right)",
}


def _bones_svg() -> str:
    line = f'fill="{SVG_BONE_FILL}" stroke="{SVG_BONE}" stroke-width="1.5"'
    out = [
        f'<path class="sk-body" d="{_path(SILHOUETTE)}" fill="{SVG_BODY}" stroke="{SVG_BONE}" '
        'stroke-width="1.2"/>'
    ]
    for pts in (HIP_BONE, mirror(HIP_BONE), FEMUR, mirror(FEMUR), SACRUM):
        out.append(f'<path class="sk-bone" d="{_path(pts)}" {line}/>')
    for cx in (TROCHANTER[0], 2 * CENTRE - TROCHANTER[0]):
        out.append(
            f'<circle class="sk-bone" cx="{cx:g}" cy="{TROCHANTER[1]:g}" r="{TROCHANTER[2]:g}" '
            f"{line}/>"
        )
    for rib in RIBS:
        for pts in (rib, mirror(rib)):
            d = _line(pts)
            out.append(
                f'<path class="sk-bone" d="{d}" fill="none" stroke="{SVG_BONE}" '
                'stroke-width="7" stroke-linecap="round"/>'
                f'<path d="{d}" fill="none" stroke="{SVG_BONE_FILL}" stroke-width="4" '
                'stroke-linecap="round"/>'
            )
    for _, y, reach in VERTEBRAE:
        out.append(
            f'<path class="sk-bone" d="M{CENTRE - reach},{y - 3} H{CENTRE + reach} '
            f'V{y + 3} H{CENTRE - reach} Z" {line}/>'
            f'<rect class="sk-bone" x="{CENTRE - 13}" y="{y - 10}" width="26" height="20" '
            f'rx="5" {line}/>'
        )
    return "".join(out)


def _side_view_svg(names, lit, top, chosen) -> str:
    """The side view: the muscles that have a side outline (the obliques), over the flank
    between the lower ribs and the iliac crest."""
    x, y, w, h = SIDE_BOX
    out = [
        '<g class="sk-side-view">',
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="4" fill="none" '
        f'stroke="{SVG_BONE}" stroke-width="1"/>',
    ]
    for i, words in enumerate(SIDE_CAPTION):
        out.append(
            html(
                '<text x="{:g}" y="{:g}" font-size="{}" text-anchor="middle" fill="{}">{}</text>',
                x + w / 2,
                y + 14 + 14 * i,
                SMALL_SIZE,
                SVG_SOFT,
                words,
            )
        )
    out.append(
        f'<path class="sk-body" d="{_path(SIDE_BODY)}" fill="{SVG_BODY}" stroke="{SVG_BONE}" '
        f'stroke-width="1.2"/><path class="sk-bone" d="{_path(SIDE_ILIUM)}" '
        f'fill="{SVG_BONE_FILL}" stroke="{SVG_BONE}" stroke-width="1.2"/>'
    )
    for line in SIDE_RIBS:
        out.append(
            f'<path class="sk-bone" d="{_line(line)}" fill="none" stroke="{SVG_BONE}" '
            'stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    for m, shape in MUSCLE_SHAPES.items():
        if not shape.side or m not in names:
            continue
        picked = m in chosen
        out.append(
            html(
                '<path class="sk-shape" data-muscle="{}" data-side="side" d="{}" fill="{}" '
                'fill-opacity="1" stroke="{}" stroke-width="{}" stroke-opacity="1" '
                'stroke-linejoin="round"/>',
                m,
                _path(shape.side),
                colour_for(lit.get(m, 0), top),
                SVG_INK if picked else SVG_OUTLINE,
                4 if picked else 1.2,
            )
        )
        start, end = shape.side_fibers
        lines = [(_along(start, t), _along(end, t)) for t in ((i + 0.5) / 7 for i in range(7))]
        out.append(
            html(
                '<path class="sk-fibers" data-muscle="{}" d="{}" fill="none" stroke="{}" '
                'stroke-width="0.7" stroke-opacity="0.4"/>',
                m,
                " ".join(_line(line) for line in lines),
                SVG_OUTLINE,
            )
        )
    out.append(
        f'<path class="sk-bone" d="{_line(SIDE_CREST)}" fill="none" stroke="{SVG_BONE}" '
        'stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>'
    )
    out.append("</g>")
    return "".join(out)


def _landmarks_over_svg() -> str:
    """What lies under the skin and is felt by hand, drawn over the muscles: the spinous
    processes and the iliac crest."""
    out = []
    for _, y, _ in VERTEBRAE:
        out.append(
            f'<rect class="sk-bone" x="{CENTRE - 4}" y="{y - 8}" width="8" height="17" rx="3" '
            f'fill="{SVG_BONE_FILL}" stroke="{SVG_BONE}" stroke-width="1.5"/>'
        )
    for pts in (ILIAC_CREST, mirror(ILIAC_CREST)):
        out.append(
            f'<path d="{_line(pts)}" fill="none" stroke="{SVG_BONE}" stroke-width="3.5" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
    return "".join(out)


def _muscle_shape_svg(muscle_id, side, view, lit, top, chosen) -> str:
    shape = MUSCLE_SHAPES[muscle_id]
    fill = colour_for(lit.get(muscle_id, 0), top)
    faded = lifted(muscle_id, view)
    picked = muscle_id in chosen
    out = [
        html(
            '<path class="sk-shape" data-muscle="{}" data-side="{}" d="{}" fill="{}" '
            'fill-opacity="{}" stroke="{}" stroke-width="{}" stroke-opacity="{}" '
            'stroke-linejoin="round"/>',
            muscle_id,
            side,
            _path(side_points(shape.outline, side)),
            fill,
            LIFTED if faded else 1,
            SVG_INK if picked else SVG_OUTLINE,
            4 if picked else (0.8 if faded else 1.2),
            0.6 if faded and not picked else 1,
        )
    ]
    fibers = [side_points(line, side) for line in fiber_lines(shape)]
    if fibers:
        out.append(
            html(
                '<path class="sk-fibers" data-muscle="{}" d="{}" fill="none" stroke="{}" '
                'stroke-width="0.7" stroke-opacity="{}" stroke-linecap="round"/>',
                muscle_id,
                " ".join(_line(line) for line in fibers),
                SVG_OUTLINE,
                0.18 if faded else 0.4,
            )
        )
    if not faded:
        for _, part in shape.parts:
            out.append(
                html(
                    '<path class="sk-part" data-muscle="{}" d="{}" fill="url(#sk-hatch)" '
                    'fill-opacity="0.8" stroke="none"/>',
                    muscle_id,
                    _path(side_points(part, side)),
                )
            )
    return "".join(out)


@dataclass(frozen=True)
class _Label:
    """What a muscle's label says and how its button is marked, in either layout."""

    attrs: str
    tip: str
    fill: str
    picked: bool
    lines: list[str]
    notes: list[str]


def _label(muscle_id, name, view, lit, top, chosen, *, interactive, chars=(17, 21)) -> _Label:
    shape = MUSCLE_SHAPES[muscle_id]
    value = lit.get(muscle_id, 0)
    fill = colour_for(value, top)
    picked = muscle_id in chosen
    lines = _label_lines(muscle_id, name, picked, chars[0])
    lines[0] = lines[0].removeprefix("\u2003 ")  # the mark is drawn there, on its own
    count = f"targeted x{value:g}" if value else "not targeted"
    notes = _label_notes(muscle_id, count, view)
    tip = f"{name} ({shape.layer} layer; from the {shape.origin} to the {shape.insertion}): {count}"
    attrs = html(
        'class="sk-muscle" data-muscle="{}" data-lit="{}" data-fill="{}" data-layer="{}" '
        'data-picked="{}"',
        muscle_id,
        str(value > 0).lower(),
        fill,
        shape.layer,
        str(picked).lower(),
    )
    if interactive:
        # The name says what the label shows, in its order (WCAG 2.5.3: a voice command can
        # use what is seen); pressed or not is aria-pressed.
        attrs = join(
            [
                attrs,
                html(
                    ' role="button" tabindex="0" aria-pressed="{}" aria-label="{}"',
                    str(picked).lower(),
                    ", ".join([name, *notes]),
                ),
            ]
        )
    notes = _wrapped(notes, chars[1])
    return _Label(attrs, tip, fill, picked, lines, notes)


def _muscle_label_svg(muscle_id, name, row, views, lit, top, chosen, *, interactive) -> str:
    shape = MUSCLE_SHAPES[muscle_id]
    column, y = row
    view = views[column]
    ax, ay = side_points((shape.anchor,), column)[0]
    label = _label(muscle_id, name, view, lit, top, chosen, interactive=interactive)
    attrs, tip, fill, picked = label.attrs, label.tip, label.fill, label.picked
    lines, notes = label.lines, label.notes
    left = column == "left"
    edge = LABEL_LEFT if left else LABEL_RIGHT  # the swatch's edge next to the body
    swatch_x = edge - 15 if left else edge
    text_x = edge - 20 if left else edge + 20
    first = y + 12  # the baseline of the name's first line
    out: list[str] = [html("<g {}><title>{}</title>", attrs, tip)]
    # A box the size of the label, so a click anywhere on it picks the muscle.
    width = 20 + 7.4 * max(len(line) for line in [*lines, *notes])
    out.append(
        f'<rect class="sk-hit" x="{(edge - width) if left else edge:g}" y="{y - 2:g}" '
        f'width="{width:g}" height="{16 * len(lines) + 15 * len(notes) + 4:g}" '
        'fill="none" stroke="none" pointer-events="all"/>'
    )
    if not hidden(muscle_id, view):
        out.append(
            f'<path class="sk-leader" d="M{edge + (4 if left else -4)},{first - 4:g} '
            f'L{ax:g},{ay:g}" stroke="{SVG_OUTLINE}" stroke-width="1" fill="none"/>'
            f'<circle cx="{ax:g}" cy="{ay:g}" r="2.6" fill="{SVG_INK}"/>'
        )
    out.append(
        html(
            '<rect class="sk-swatch" x="{}" y="{:g}" width="15" height="15" fill="{}" '
            'stroke="{}" stroke-width="{}"/>',
            swatch_x,
            first - 12,
            fill,
            SVG_INK if picked else SVG_OUTLINE,
            3 if picked else 1,
        )
    )
    if picked:  # the mark, between the swatch and the name; the name says it as pressed
        out.append(
            html(
                '<text class="sk-mark" aria-hidden="true" x="{}" y="{:g}" font-size="{}" '
                'text-anchor="{}" fill="{}">{}</text>',
                text_x,
                first,
                NAME_SIZE,
                "end" if left else "start",
                SVG_INK,
                PICK_MARK,
            )
        )
    name_x = text_x + (-17 if left else 17) if picked else text_x
    for i, line in enumerate(lines):
        out.append(
            html(
                '<text class="sk-name" x="{}" y="{:g}" font-size="{}" font-weight="{}" '
                'text-anchor="{}" fill="{}"> {}</text>',
                name_x if not i else text_x,
                first + 16 * i,
                NAME_SIZE,
                "bold" if picked else "normal",
                "end" if left else "start",
                SVG_INK,
                line,
            )
        )
    for j, line in enumerate(notes):
        out.append(
            html(
                # The space between lines, for what reads the text: each line is a <text>.
                '<text class="sk-sub" x="{}" y="{:g}" font-size="{}" text-anchor="{}" '
                'fill="{}"> {}</text>',
                text_x,
                first + 16 * len(lines) + 15 * j - 1,
                SMALL_SIZE,
                "end" if left else "start",
                SVG_SOFT,
                line,
            )
        )
    out.append("</g>")
    return "".join(out)


def _narrow_column(muscle_id: str) -> str:
    """The half of the narrow map where a muscle's number goes: superficial muscles on the
    left, deep ones on the right (as the wide map names them)."""
    return "left" if MUSCLE_SHAPES[muscle_id].layer == "superficial" else "right"


def _muscle_row_svg(
    muscle_id, name, number, y, views, lit, top, chosen, *, interactive
) -> tuple[str, float]:
    """A muscle's line in the narrow map's list, from ``y`` down: its number on the drawing,
    its swatch, its name and notes, all one button. Returns the svg and where it ends."""
    view = views[_narrow_column(muscle_id)]
    label = _label(muscle_id, name, view, lit, top, chosen, interactive=interactive, chars=(26, 34))
    first = y + 13  # the baseline of the name's first line
    height = 17 * len(label.lines) + 15 * len(label.notes) + 6
    out = [
        html("<g {}><title>{}</title>", label.attrs, label.tip),
        # The whole line picks the muscle: a target as wide as the phone.
        f'<rect class="sk-hit" x="3" y="{y - 3:g}" width="{NARROW_WIDTH - 6}" '
        f'height="{height:g}" rx="4" fill="none" stroke="none" pointer-events="all"/>',
        _number_svg(number, 13, first - 5),
        html(
            '<rect class="sk-swatch" x="28" y="{:g}" width="15" height="15" fill="{}" '
            'stroke="{}" stroke-width="{}"/>',
            first - 12,
            label.fill,
            SVG_INK if label.picked else SVG_OUTLINE,
            3 if label.picked else 1,
        ),
    ]
    if label.picked:
        out.append(
            html(
                '<text class="sk-mark" aria-hidden="true" x="50" y="{:g}" font-size="{}" '
                'fill="{}">{}</text>',
                first,
                NAME_SIZE,
                SVG_INK,
                PICK_MARK,
            )
        )
    for i, line in enumerate(label.lines):
        out.append(
            html(
                '<text class="sk-name" x="{}" y="{:g}" font-size="{}" font-weight="{}" '
                'fill="{}"> {}</text>',
                67 if label.picked and not i else 50,
                first + 17 * i,
                NAME_SIZE,
                "bold" if label.picked else "normal",
                SVG_INK,
                line,
            )
        )
    for j, line in enumerate(label.notes):
        out.append(
            html(
                '<text class="sk-sub" x="50" y="{:g}" font-size="{}" fill="{}"> {}</text>',
                first + 17 * len(label.lines) + 15 * j - 1,
                SMALL_SIZE,
                SVG_SOFT,
                line,
            )
        )
    out.append("</g>")
    return "".join(out), y + height + 8


def _number_svg(number, x: float, y: float) -> str:
    """A muscle's number in a ring, as on the drawing and beside its name."""
    return html(
        '<circle cx="{:g}" cy="{:g}" r="9" fill="{}" stroke="{}" stroke-width="1.5"/>'
        '<text x="{:g}" y="{:g}" font-size="12" font-weight="bold" text-anchor="middle" '
        'fill="{}">{}</text>',
        x,
        y,
        SVG_BODY,
        SVG_INK,
        x,
        y + 4.2,
        SVG_INK,
        number,
    )


def _narrow_marks_svg(drawn: list[str], views: Mapping[str, str]) -> str:
    """The narrow map's marks on the drawing: each muscle's number where the wide map's
    leader points (none for a muscle hidden in this layer) and each bony landmark's letter.
    What they mark is said by the list and the legend, so the marks are hidden from readers."""
    out = ['<g class="sk-marks" aria-hidden="true">']
    for number, muscle_id in enumerate(drawn, 1):
        column = _narrow_column(muscle_id)
        if not hidden(muscle_id, views[column]):
            ax, ay = side_points((MUSCLE_SHAPES[muscle_id].anchor,), column)[0]
            out.append(_number_svg(number, ax, ay))
    for letter, (_, (px, py), _) in zip(LANDMARK_LETTERS, LANDMARKS, strict=True):
        out.append(
            html(
                '<circle cx="{:g}" cy="{:g}" r="7.5" fill="{}" stroke="{}" stroke-width="1.2"/>'
                '<text x="{:g}" y="{:g}" font-size="12" font-style="italic" '
                'text-anchor="middle" fill="{}">{}</text>',
                px,
                py,
                SVG_BODY,
                SVG_BONE,
                px,
                py + 3.8,
                SVG_INK,
                letter,
            )
        )
    out.append("</g>")
    return "".join(out)


def _landmark_labels_svg(where: Mapping[str, tuple[str, float]]) -> str:
    out = ['<g class="sk-landmarks">']
    for name, (px, py), _ in LANDMARKS:
        column, y = where[name]
        left = column == "left"
        x = LABEL_LEFT if left else LABEL_RIGHT
        out.append(
            f'<path d="M{x + (4 if left else -4)},{y + 8:g} L{px:g},{py:g}" '
            f'stroke="{SVG_BONE}" stroke-width="1.2" fill="none"/>'
            + html(
                '<text x="{}" y="{:g}" font-size="{}" font-style="italic" text-anchor="{}" '
                'fill="{}">{}</text>',
                x,
                y + 12,
                SMALL_SIZE,
                "end" if left else "start",
                SVG_SOFT,
                name,
            )
        )
    out.append("</g>")
    return "".join(out)


#: The legend's last lines, for each layout.
WIDE_NOTES = ("Named on the left: superficial muscles. On the right: deep muscles.",)
NARROW_NOTES = (
    "On the drawing, superficial muscles are numbered on the left half, deep ones on the "
    "right half.",
    "Bones: "
    + "; ".join(
        f"{letter}: {name}"
        for letter, (name, _, _) in zip(LANDMARK_LETTERS, LANDMARKS, strict=True)
    )
    + ".",
)


def _legend_svg(legend, undrawn, names, lit, *, y: float, width: float, notes) -> tuple[str, float]:
    """The legend from ``y`` down, in rows that fit ``width``: the svg and where it ends."""
    x = 10.0
    out = ['<g class="sk-legend">']
    for colour, text in legend:
        step = 30 + 7.2 * len(text)
        if x > 10 and x + step > width:
            y, x = y + 20, 10.0
        out.append(
            f'<rect x="{x:g}" y="{y - 11:g}" width="14" height="14" fill="{colour}" '
            f'stroke="{SVG_OUTLINE}" stroke-width="0.8"/>'
            + html(
                '<text x="{:g}" y="{:g}" font-size="{}" fill="{}">{}</text>',
                x + 19,
                y + 1,
                SMALL_SIZE,
                SVG_INK,
                text,
            )
        )
        x += step
    y += 22
    # The cues that are not colour, each drawn as on the map.
    cues = (
        (f'fill="{UNLIT}" stroke="{SVG_INK}" stroke-width="3"', f"{PICK_MARK} picked", "bold"),
        (f'fill="url(#sk-hatch)" stroke="{SVG_OUTLINE}" stroke-width="0.8"', "upper fibers", ""),
        (
            f'fill="{LIT_COLOURS[1]}" fill-opacity="{LIFTED}" stroke="{SVG_OUTLINE}" '
            'stroke-width="0.8" stroke-opacity="0.6"',
            "faded: lifted away (deep layer)",
            "",
        ),
    )
    x = 10.0
    for paint, text, weight in cues:
        step = 34 + 7.2 * len(text)
        if x > 10 and x + step > width:
            y, x = y + 22, 10.0
        out.append(
            f'<rect x="{x:g}" y="{y - 11:g}" width="14" height="14" {paint}/>'
            + html(
                '<text x="{:g}" y="{:g}" font-size="{}" font-weight="{}" fill="{}">{}</text>',
                x + 20,
                y + 1,
                SMALL_SIZE,
                weight or "normal",
                SVG_INK,
                text,
            )
        )
        x += step
    chars = int((width - 20) / 7.5)  # the letters of a line that fit the width
    lines = [("sk-note", line) for note in notes for line in textwrap.wrap(note, chars)]
    if undrawn:
        listed = "; ".join(
            names[m] + (f" (targeted x{lit[m]:g})" if lit.get(m, 0) else "") for m in undrawn
        )
        lines += [("sk-undrawn", line) for line in textwrap.wrap(f"Not drawn: {listed}", chars)]
    for cls, line in lines:
        y += 20
        out.append(
            html(
                '<text class="{}" x="10" y="{:g}" font-size="{}" fill="{}">{}</text>',
                cls,
                y + 1,
                SMALL_SIZE,
                SVG_INK,
                line,
            )
        )
    out.append("</g>")
    return "".join(out), y + 17


def undrawn_muscles(*, data_dir: DataDir = None, catalog: Catalog | None = None) -> pd.DataFrame:
    """Muscles of the catalog that the drawing has no region for (a custom catalog's own).

    Parameters
    ----------
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> undrawn_muscles().empty
    True
    """
    muscles = use_catalog(catalog, data_dir=data_dir).muscles
    return muscles[~muscles["muscle_id"].isin(list(MUSCLE_SHAPES))].reset_index(drop=True)
