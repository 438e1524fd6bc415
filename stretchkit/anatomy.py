"""A schematic posterior view of the lower back, pelvis and hips, defined once.

The same shapes are drawn by :func:`stretchkit.charts.body_map` (matplotlib, for print and
``ax=``) and by :func:`body_map_svg` (SVG, for widgets: re-colouring a region is a string
change, not a re-render). Coordinates are in a 330 x 250 box, y pointing down; the body is
centred on x = 100 and the labels sit in a column on the right.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import theme
from .catalog import Catalog, use_catalog
from .markup import Html, html
from .names import muscle_id_for

__all__ = [
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

WIDTH, HEIGHT = 330, 250
LABEL_X = 200
CENTRE = 100

# ColorBrewer YlOrBr, a sequential scheme that stays ordered for every kind of colour vision.
LIT_COLOURS = ("#fed98e", "#fe9929", "#d95f0e", "#993404")
UNLIT = "#e6e6e6"
OUTLINE = "#222222"
BONE = "#9a9a9a"
# On screen (the SVG) what is not data follows JupyterLab's theme: the body, the bones, the
# outlines, the labels and the legend's words; the data colours above read on both backgrounds.
HATCH = OUTLINE  # drawn over the data colours, so a data colour itself
SVG_BODY, SVG_BONE, SVG_BONE_FILL = theme.PANEL, theme.BORDER, theme.PAPER
SVG_OUTLINE, SVG_INK, SVG_SOFT = theme.TEXT, theme.INK, theme.TEXT


@dataclass(frozen=True)
class MuscleShape:
    """Where a muscle is drawn: its outline on the right side (mirrored to the left), where its
    label goes, and how it is drawn (``deep`` muscles dashed, ``hatched`` parts hatched)."""

    muscle_id: str
    outline: Points
    label_y: float
    anchor: tuple[float, float]
    deep: bool = False
    parts: tuple[tuple[str, Points], ...] = ()  # named sub-regions, e.g. upper fibers


MUSCLE_SHAPES: dict[str, MuscleShape] = {
    s.muscle_id: s
    for s in (
        MuscleShape(
            "erector_spinae",
            ((107, 4), (122, 4), (124, 70), (121, 118), (111, 146), (107, 146)),
            label_y=22,
            anchor=(114, 40),
        ),
        MuscleShape(
            "obliques",
            ((142, 6), (160, 4), (157, 52), (162, 96), (151, 92), (146, 52)),
            label_y=52,
            anchor=(154, 40),
        ),
        MuscleShape(
            "quadratus_lumborum",
            ((124, 40), (142, 44), (148, 98), (126, 108)),
            label_y=82,
            anchor=(136, 76),
        ),
        MuscleShape(
            "gluteus_medius",
            ((134, 116), (161, 102), (174, 128), (170, 160), (148, 140)),
            label_y=112,
            anchor=(162, 126),
        ),
        MuscleShape(
            "gluteus_maximus",
            ((110, 150), (142, 134), (171, 160), (174, 198), (152, 220), (118, 216), (106, 186)),
            label_y=206,
            anchor=(140, 200),
            parts=(("upper fibers", ((110, 150), (142, 134), (171, 160), (172, 170), (108, 166))),),
        ),
        MuscleShape(
            "piriformis",
            ((109, 160), (134, 166), (158, 178), (157, 186), (133, 176), (109, 169)),
            label_y=172,
            anchor=(146, 177),
            deep=True,
        ),
    )
}

# Bones and the body's outline, for orientation only.
SILHOUETTE: Points = (
    (36, 0), (164, 0), (166, 50), (158, 84), (172, 124), (182, 168), (178, 210), (168, 250),
    (106, 250), (100, 226), (94, 250), (32, 250), (22, 210), (18, 168), (28, 124), (42, 84),
    (34, 50),
)  # fmt: skip
VERTEBRAE = tuple((CENTRE - 6, 6 + i * 21, 12, 17) for i in range(5))  # x, y, w, h: L1-L5
SACRUM: Points = ((88, 112), (112, 112), (100, 162))
RIB: Points = ((107, 10), (128, 20), (150, 38))  # the lowest (12th) rib
ILIAC_CREST: Points = ((110, 118), (132, 104), (156, 96), (170, 112))
FEMUR_HEAD = (160, 182, 7)  # greater trochanter: x, y, radius
KEY_TEXT = (
    "dashed: deep muscle; heavy outline: your choice",
    "grey lines: the lowest rib (top) and the iliac crest (pelvis)",
)


def mirror(points: Points) -> Points:
    """The same outline on the body's other side."""
    return tuple((2 * CENTRE - x, y) for x, y in points)


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


def _path(points: Points) -> str:
    return "M" + " L".join(f"{x:g},{y:g}" for x, y in points) + " Z"


def body_map_svg(
    highlight=None,
    *,
    selected: Iterable[str] = (),
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
        Muscle ids drawn with a heavy outline (what the reader picked).
    title
        The heading above the drawing.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Each region is a ``<g class="sk-muscle" data-muscle=ID data-lit=true|false>`` with a
    ``<title>`` that screen readers and tooltips read. Muscles of a custom catalog that the
    drawing does not know are listed beside it, lit or not.

    Examples
    --------
    >>> svg = body_map_svg(["piriformis"])
    >>> 'data-muscle="piriformis" data-lit="true"' in svg
    True
    >>> 'data-muscle="obliques" data-lit="false"' in svg
    True
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    lit = resolve_highlight(highlight, catalog=cat)
    top = max(lit.values(), default=0)
    chosen = {muscle_id_for(m, cat) for m in selected}
    names = dict(zip(cat.muscles["muscle_id"], cat.muscles["name"], strict=True))
    lit_names = [names[m] for m in names if lit.get(m, 0) > 0]
    summary = f"{title}. Lit: {', '.join(lit_names) or 'none'}."
    out = [
        html(
            '<svg class="sk-body-map" viewBox="0 0 {w} {h}" role="img" aria-label="{summary}" '
            'xmlns="http://www.w3.org/2000/svg" style="max-width:640px;width:100%;'
            'font-family:sans-serif">',
            w=WIDTH + 40,
            h=HEIGHT + 92,
            summary=summary,
        ),
        "<defs>"
        '<pattern id="sk-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" stroke="{HATCH}" '
        'stroke-width="1.2"/></pattern></defs>',
        f'<path d="{_path(SILHOUETTE)}" fill="{SVG_BODY}" stroke="{SVG_BONE}" stroke-width="1.5"/>',
    ]
    for vx, vy, w, h in VERTEBRAE:
        out.append(
            f'<rect x="{vx}" y="{vy}" width="{w}" height="{h}" rx="3" fill="{SVG_BONE_FILL}" '
            f'stroke="{SVG_BONE}" stroke-width="1.5"/>'
        )
    out.append(
        f'<path d="{_path(SACRUM)}" fill="{SVG_BONE_FILL}" stroke="{SVG_BONE}" stroke-width="1.5"/>'
    )
    fx, fy, fr = FEMUR_HEAD
    for cx in (fx, 2 * CENTRE - fx):
        out.append(
            f'<circle cx="{cx}" cy="{fy}" r="{fr}" fill="{SVG_BONE_FILL}" stroke="{SVG_BONE}"/>'
        )

    for muscle_id, shape in MUSCLE_SHAPES.items():
        if muscle_id not in names:
            continue
        value = lit.get(muscle_id, 0)
        fill = colour_for(value, top)
        width = 3.5 if muscle_id in chosen else 1.4
        dash = ' stroke-dasharray="5,3"' if shape.deep else ""
        opacity = ' fill-opacity="0.85"' if shape.deep else ""
        label = names[muscle_id] + (" (deep)" if shape.deep else "")
        tip = f"{label}: " + (f"targeted x{value:g}" if value else "not targeted")
        out.append(
            html(
                '<g class="sk-muscle" data-muscle="{}" data-lit="{}" data-fill="{}">'
                "<title>{}</title>",
                muscle_id,
                str(value > 0).lower(),
                fill,
                tip,
            )
        )
        for pts in (shape.outline, mirror(shape.outline)):
            out.append(
                f'<path d="{_path(pts)}" fill="{fill}"{opacity} stroke="{SVG_OUTLINE}" '
                f'stroke-width="{width}"{dash}/>'
            )
            for _, part in shape.parts:
                part_pts = part if pts is shape.outline else mirror(part)
                out.append(
                    f'<path d="{_path(part_pts)}" fill="url(#sk-hatch)" fill-opacity="0.45" '
                    f'stroke="none"/>'
                )
        ax, ay = shape.anchor
        out.append(
            f'<line x1="{ax}" y1="{ay}" x2="{LABEL_X - 3}" y2="{shape.label_y}" '
            f'stroke="{SVG_OUTLINE}" stroke-width="0.8"/>'
            + html(
                '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                LABEL_X,
                shape.label_y + 4,
                SVG_INK,
                label,
            )
        )
        for part_name, _ in shape.parts:
            out.append(
                html(
                    '<text x="{}" y="{}" font-size="9.5" fill="{}">{}: hatched</text>',
                    LABEL_X,
                    shape.label_y + 16,
                    SVG_SOFT,
                    part_name,
                )
            )
        out.append("</g>")

    for line in (RIB, ILIAC_CREST):  # over the muscles: QL lies between these two
        for pts in (line, mirror(line)):
            d = "M" + " L".join(f"{x:g},{y:g}" for x, y in pts)
            out.append(
                f'<path d="{d}" fill="none" stroke="{SVG_BONE}" stroke-width="2" '
                'stroke-linecap="round" stroke-opacity="0.8"/>'
            )
    y, x = HEIGHT + 14, 4.0
    for colour, text in legend_steps(top):
        width = 22 + 5.8 * len(text)
        if x + width > WIDTH:
            y, x = y + 17, 4.0
        out.append(
            f'<rect x="{x:g}" y="{y - 9}" width="12" height="12" fill="{colour}" '
            f'stroke="{SVG_OUTLINE}" stroke-width="0.8"/>'
            + html(
                '<text x="{:g}" y="{}" font-size="10.5" fill="{}">{}</text>',
                x + 16,
                y + 1,
                SVG_INK,
                text,
            )
        )
        x += width
    y += 19
    for note in KEY_TEXT:
        out.append(
            html('<text x="4" y="{}" font-size="10.5" fill="{}">{}</text>', y, SVG_INK, note)
        )
        y += 15
    undrawn = [m for m in names if m not in MUSCLE_SHAPES]
    if undrawn:
        listed = "; ".join(
            names[m] + (f" (targeted x{lit[m]:g})" if lit.get(m, 0) else "") for m in undrawn
        )
        out.append(
            html(
                '<text class="sk-undrawn" x="4" y="{}" font-size="10.5" fill="{}">'
                "Not drawn: {}</text>",
                y + 3,
                SVG_INK,
                listed,
            )
        )
    out.append("</svg>")
    return Html("".join(out))  # the kit's own markup, and values only through html()


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
