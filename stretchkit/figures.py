"""A stick figure of every stretch, drawn from ``poses.csv``.

One geometry, two renderers. A frame of a pose is a handful of key points (head, neck,
shoulder, mid-back, hip, and near and far elbows, wrists, knees, ankles and toes) in a unit box
with the floor at y = 0; the figure is a head, a torso drawn as a curve through neck,
mid-back and hip (so a back can round or dip), limbs as segments between points, and the
floor. :func:`figure_svg` draws it as a small SVG for the screen, in the theme's colours;
:func:`draw_figure` draws the same geometry with matplotlib, for print and ``ax=``. The part
the stretch works is lit in the body map's colours: the lower back (and the waist, for a
trunk muscle) along the spine between mid-back and hip, the glutes at the hip, as the
stretch's rows of ``stretch_muscles.csv`` say.

A stretch without rows in ``poses.csv`` (a trainer's own) gets a placeholder that says how to
add them, never a broken picture.
"""

from __future__ import annotations

import itertools
import math
import os
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from . import theme
from .anatomy import LIT_COLOURS
from .catalog import Catalog, use_catalog
from .errors import UnknownNameError
from .markup import Html, html, join
from .names import stretch_id_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "LIMBS",
    "PoseFrame",
    "draw_figure",
    "figure_description",
    "figure_svg",
    "mirror_frame",
    "pose_frames",
]

DataDir = str | os.PathLike | None
Point = tuple[float, float]

#: The limbs, drawn as segments between points; far limbs first, so near ones lie on top.
LIMBS = (
    ("far", (("shoulder", "far_elbow"), ("far_elbow", "far_wrist"))),
    ("far", (("hip", "far_knee"), ("far_knee", "far_ankle"), ("far_ankle", "far_toe"))),
    ("near", (("hip", "near_knee"), ("near_knee", "near_ankle"), ("near_ankle", "near_toe"))),
    ("near", (("shoulder", "near_elbow"), ("near_elbow", "near_wrist"))),
)
HEAD_R = 0.05  # the head's radius, in units of the box
TORSO_W, LIMB_W, NECK_W = 0.075, 0.042, 0.04  # stroke widths, in units of the box


def _torso_w(frame: PoseFrame) -> float:
    """A torso seen from above is as wide as the shoulders, not as deep as the chest."""
    return TORSO_W * (1.6 if frame.view == "above" else 1.0)


LIT_W = 0.05  # the lit stretch of spine
GLUTE_R = 0.036  # the lit glutes, around the hip
PAD = 0.04  # room around a frame
SCALE = 260.0  # SVG user units (about pixels) per unit of the box
#: The lit part: the body map's second step, which reads on the dark body of the light theme
#: and the light body of the dark theme; a halo of the page's colour sets it off the body.
LIT = LIT_COLOURS[1]
#: The body on screen: the theme's strongest ink, opaque in the light and the dark theme (its
#: body-text colour is translucent in the dark one, which would show where parts overlap).
BODY = theme.INK
#: Print colours (matplotlib): the body map's own ink, a grey for the far limbs and the floor.
PRINT_BODY, PRINT_FAR, PRINT_FLOOR = "#222222", "#8c8c8c", "#9a9a9a"
#: Regions of muscles.csv and where the figure lights them.
BACK_REGIONS, GLUTE_REGIONS = ("lower back", "trunk"), ("glutes and hip",)

_POSITION_WORDS = {
    "supine": "lying on the back",
    "prone": "lying face down",
    "side-lying": "lying on one side",
    "seated": "sitting on the floor",
    "quadruped": "on hands and knees",
    "kneeling": "kneeling",
    "standing": "standing",
}
_VIEW_WORDS = {
    "left": "seen from the person's left side",
    "right": "seen from the person's right side",
    "above": "seen from above",
}


@dataclass(frozen=True)
class PoseFrame:
    """One frame of a pose: where each key point is, and where it is seen from.

    ``points`` maps each name of :data:`stretchkit.schema.POSE_POINTS` to ``(x, y)`` in the
    unit box; y = 0 is the floor in a view from the side. ``mirrored`` is true for a side the
    table leaves out, drawn as the mirror of the other.
    """

    stretch_id: str
    frame: str
    side: str
    view: str
    points: Mapping[str, Point]
    mirrored: bool = False

    @property
    def label(self) -> str:
        """The frame's name as a caption, e.g. ``'Cat'``; empty for a stretch's one hold."""
        return "" if self.frame == "hold" else self.frame.replace("_", " ").capitalize()


def mirror_frame(frame: PoseFrame) -> PoseFrame:
    """The frame of the other side: a side view flipped left to right and seen from the
    other side, a view from above flipped across the body's long axis (y = 0.5).

    Examples
    --------
    >>> left = pose_frames("knee_to_chest", side="left")[0]
    >>> right = mirror_frame(left)
    >>> right.side, right.view, left.points["hip"][0] + right.points["hip"][0]
    ('right', 'right', 1.0)
    """
    other = {"left": "right", "right": "left"}
    if frame.view == "above":
        points = {k: (x, 1.0 - y) for k, (x, y) in frame.points.items()}
        view = frame.view
    else:
        points = {k: (1.0 - x, y) for k, (x, y) in frame.points.items()}
        view = other.get(frame.view, frame.view)
    return PoseFrame(
        frame.stretch_id,
        frame.frame,
        other.get(frame.side, frame.side),
        view,
        points,
        mirrored=not frame.mirrored,
    )


# --- reading the table, once per catalog ------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    frames: dict[str, list[PoseFrame]]  # stretch id -> frames, in the table's order
    lit: dict[str, tuple[set[str], list[str]]]  # stretch id -> (regions lit, muscle names)
    names: dict[str, str]
    positions: dict[str, str]


_CACHE: dict[int, _Parsed] = {}


def _parsed(cat: Catalog) -> _Parsed:
    """The geometry of a catalog, parsed once: a card with its figure renders in a few ms."""
    key = id(cat)
    got = _CACHE.get(key)
    if got is None:
        got = _parse(cat)
        _CACHE[key] = got
        weakref.finalize(cat, _CACHE.pop, key, None)
    return got


def _parse(cat: Catalog) -> _Parsed:
    frames: dict[str, list[PoseFrame]] = {}
    poses = cat.poses
    groups: dict[tuple[str, str, str], tuple[str, dict[str, Point]]] = {}
    for sid, frame, side, view, point, x, y in zip(
        poses["stretch_id"],
        poses["frame"],
        poses["side"].astype(str),
        poses["view"].astype(str),
        poses["point"].astype(str),
        poses["x"],
        poses["y"],
        strict=True,
    ):
        groups.setdefault((str(sid), str(frame), side), (view, {}))[1][point] = (
            float(x),
            float(y),
        )
    for (sid, frame, side), (view, points) in groups.items():
        frames.setdefault(sid, []).append(PoseFrame(sid, frame, side, view, points))
    regions = dict(zip(cat.muscles["muscle_id"], cat.muscles["region"].astype(str), strict=True))
    muscle_names = dict(zip(cat.muscles["muscle_id"], cat.muscles["name"], strict=True))
    lit: dict[str, tuple[set[str], list[str]]] = {}
    links = cat.stretch_muscles
    for sid, mid in zip(links["stretch_id"], links["muscle_id"], strict=True):
        found = lit.setdefault(str(sid), (set(), []))
        found[0].add(regions[mid])
        found[1].append(str(muscle_names[mid]))
    names = dict(zip(cat.stretches["stretch_id"], cat.stretches["name"].astype(str), strict=True))
    positions = dict(
        zip(cat.stretches["stretch_id"], cat.stretches["position"].astype(str), strict=True)
    )
    return _Parsed(frames, lit, names, positions)


def pose_frames(
    stretch: str,
    *,
    frame: str | None = None,
    side: str | None = None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> list[PoseFrame]:
    """The frames of a stretch's figure, as :func:`figure_svg` draws them.

    Parameters
    ----------
    stretch
        A stretch id, name or alias.
    frame
        One frame (``'hold'``, ``'cat'``, ``'cow'``); every frame of the stretch by default.
    side
        ``'left'`` or ``'right'`` for a stretch done one side at a time; by default the first
        side of the table. A side the table leaves out is the mirror of the other. A stretch
        that works both sides at once has one picture whatever ``side`` says.
    data_dir, catalog
        The tables to read, as everywhere in the kit.

    Returns
    -------
    list of PoseFrame
        Empty when ``poses.csv`` has no rows for the stretch.

    Examples
    --------
    >>> [f.frame for f in pose_frames("Cat-Cow")]
    ['cow', 'cat']
    >>> [(f.side, f.view) for f in pose_frames("figure_four", side="right")]
    [('right', 'right')]
    >>> pose_frames("cat_cow", frame="dog")
    Traceback (most recent call last):
    ...
    stretchkit.errors.UnknownNameError: unknown frame 'dog' of Cat-Cow; its frames: cow, cat
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    sid = stretch_id_for(stretch, cat)
    return _select(_parsed(cat), sid, frame, side)


def _select(parsed: _Parsed, sid: str, frame: str | None, side: str | None) -> list[PoseFrame]:
    if side is not None and side not in ("left", "right", "both"):
        raise ValueError(f"side must be 'left', 'right', 'both' or None, not {side!r}")
    frames = parsed.frames.get(sid, [])
    names = list(dict.fromkeys(f.frame for f in frames))
    if frame is not None and frames and frame not in names:
        raise UnknownNameError(
            f"unknown frame {frame!r} of {parsed.names[sid]}; its frames: {', '.join(names)}"
        )
    out = []
    for name in names if frame is None else [frame]:
        mine = [f for f in frames if f.frame == name]
        sides = {f.side: f for f in mine}
        if "both" in sides:
            out.append(sides["both"])
            continue
        want = side if side in ("left", "right") else mine[0].side
        if want in sides:
            out.append(sides[want])
        else:
            out.append(mirror_frame(mine[0]))
    return out


# --- the geometry, shared by both renderers ----------------------------------------------


def _spine(p: Mapping[str, Point]) -> tuple[Point, Point, Point]:
    """A quadratic curve from neck to hip that passes through mid-back: (start, control, end)."""
    (nx, ny), (mx, my), (hx, hy) = p["neck"], p["mid_back"], p["hip"]
    return (nx, ny), (2 * mx - (nx + hx) / 2, 2 * my - (ny + hy) / 2), (hx, hy)


def _lower_spine(p: Mapping[str, Point]) -> tuple[Point, Point, Point]:
    """The half of the spine's curve from mid-back to hip (the lower back)."""
    _, (cx, cy), (hx, hy) = _spine(p)
    return p["mid_back"], ((cx + hx) / 2, (cy + hy) / 2), (hx, hy)


def _bounds(frame: PoseFrame) -> tuple[float, float, float, float]:
    xs = [x for x, _ in frame.points.values()]
    ys = [y for _, y in frame.points.values()]
    hx, hy = frame.points["head"]
    x0, x1 = min(*xs, hx - HEAD_R), max(*xs, hx + HEAD_R)
    y0, y1 = min(*ys, hy - HEAD_R), max(*ys, hy + HEAD_R)
    if frame.view != "above":
        y0 = min(y0, 0.0)  # the floor
    return x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD


def _curve(points, n: int = 16) -> list[Point]:
    (ax, ay), (bx, by), (cx, cy) = points
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        out.append(
            (u * u * ax + 2 * u * t * bx + t * t * cx, u * u * ay + 2 * u * t * by + t * t * cy)
        )
    return out


# --- words ---------------------------------------------------------------------------------


def figure_description(
    stretch: str,
    *,
    frame: str | None = None,
    side: str | None = None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> str:
    """What the figure of a stretch shows, in words: its ``<desc>`` and a card's text.

    Examples
    --------
    >>> print(figure_description("childs_pose"))
    Child's Pose: a stick figure kneeling, seen from the person's left side. Lit, where it stretches: the lower back (Erector spinae, Quadratus lumborum).
    >>> print(figure_description("cat_cow"))
    Cat-Cow: a stick figure on hands and knees, seen from the person's left side, in two frames: Cow, then Cat. Lit, where it stretches: the lower back (Erector spinae, Quadratus lumborum).
    """  # noqa: E501
    cat = use_catalog(catalog, data_dir=data_dir)
    sid = stretch_id_for(stretch, cat)
    parsed = _parsed(cat)
    return _describe(parsed, sid, _select(parsed, sid, frame, side))


def _describe(
    parsed: _Parsed, sid: str, frames: list[PoseFrame], *, anonymous: bool = False
) -> str:
    name = parsed.names[sid]
    if not frames:
        return f"No picture yet: add rows for {name} to poses.csv."
    where = _POSITION_WORDS.get(parsed.positions[sid], parsed.positions[sid])
    first = frames[0]
    view = _VIEW_WORDS.get(first.view, first.view)
    text = (
        f"A stick figure {where}, {view}"
        if anonymous
        else f"{name}: a stick figure {where}, {view}"
    )
    if first.side in ("left", "right") and not anonymous:
        text += f", the {first.side} side"
    if len(frames) > 1:
        text += f", in {_count(len(frames))} frames"
        if not anonymous:
            text += ": " + ", then ".join(f.label or f.frame for f in frames)
    elif first.label and not anonymous:
        text += f" ({first.label})"
    regions, muscles = parsed.lit.get(sid, (set(), []))
    parts = []
    if regions & set(BACK_REGIONS):
        parts.append("the lower back")
    if regions & set(GLUTE_REGIONS):
        parts.append("the glutes")
    if parts:
        text += f". Lit, where it stretches: {' and '.join(parts)}"
        text += "" if anonymous else f" ({', '.join(muscles)})"
    return text + "."


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(n, str(n))


# --- SVG ---------------------------------------------------------------------------------


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _line(a: Point, b: Point, colour: str, width: float, to) -> Html:
    (x1, y1), (x2, y2) = to(a), to(b)
    return html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>',
        _f(x1),
        _f(y1),
        _f(x2),
        _f(y2),
        colour,
        _f(width * SCALE),
    )


def _svg_frame(frame: PoseFrame, regions: set[str], dx: float, top: float) -> list[Html]:
    """One frame's shapes; ``dx`` and ``top`` place it in the picture (SVG y points down)."""

    def to(p: Point) -> Point:
        return ((p[0] + dx) * SCALE, (top - p[1]) * SCALE)

    p = frame.points
    out: list[Html] = []
    x0, y0, x1, _ = _bounds(frame)
    if frame.view == "above":  # a mat on the floor, seen from above
        (mx0, my0), (mx1, my1) = (
            to((x0 + 0.01, _bounds(frame)[3] - 0.01)),
            to((x1 - 0.01, y0 + 0.01)),
        )
        out.append(
            html(
                '<rect class="sk-figure-floor" x="{}" y="{}" width="{}" height="{}" rx="10" '
                'fill="{}" stroke="{}" stroke-width="2"/>',
                _f(mx0),
                _f(my0),
                _f(mx1 - mx0),
                _f(my1 - my0),
                theme.PANEL,
                theme.BORDER,
            )
        )
    else:
        out.append(
            html(
                '<g class="sk-figure-floor">{}</g>',
                _line((x0, 0), (x1, 0), theme.BORDER, 0.016, to),
            )
        )
    for depth in ("far", "near"):
        far = depth == "far" and frame.view != "above"  # from above, all limbs show
        colour, width = (theme.SOFT, LIMB_W * 0.9) if far else (BODY, LIMB_W)
        # One path for all the limbs of a depth: a stroke is painted once where its parts
        # overlap, so a theme's translucent grey shows no darker joints.
        d = " ".join(
            "M{} {} L{} {}".format(*map(_f, (*to(p[a]), *to(p[b]))))
            for group, segments in LIMBS
            if group == depth
            for a, b in segments
        )
        out.append(
            html(
                '<path class="sk-figure-{}" d="{}" fill="none" stroke="{}" stroke-width="{}" '
                'stroke-linecap="round" stroke-linejoin="round"/>',
                depth,
                d,
                colour,
                _f(width * SCALE),
            )
        )
        if depth == "far":  # the torso between far and near limbs
            out.append(_svg_torso(frame, to))
    out.append(_svg_lit(frame, regions, to))
    return out


def _svg_torso(frame: PoseFrame, to) -> Html:
    p = frame.points
    (sx, sy), (cx, cy), (ex, ey) = (to(q) for q in _spine(p))
    hx, hy = to(p["head"])
    return html(
        '<g class="sk-figure-body" stroke-linecap="round">'
        '<path d="M{} {} Q{} {} {} {}" fill="none" stroke="{body}" stroke-width="{}"/>'
        "{}{}"
        '<circle cx="{}" cy="{}" r="{}" fill="{body}"/></g>',
        _f(sx),
        _f(sy),
        _f(cx),
        _f(cy),
        _f(ex),
        _f(ey),
        _f(_torso_w(frame) * SCALE),
        _line(p["head"], p["neck"], BODY, NECK_W, to),
        _line(p["neck"], p["shoulder"], BODY, TORSO_W * 0.8, to),
        _f(hx),
        _f(hy),
        _f(HEAD_R * SCALE),
        body=BODY,
    )


def _svg_lit(frame: PoseFrame, regions: set[str], to) -> Html:
    parts = []
    halo = 0.012
    if regions & set(BACK_REGIONS):
        (sx, sy), (cx, cy), (ex, ey) = (to(q) for q in _lower_spine(frame.points))
        for colour, width in ((theme.PAPER, LIT_W + 2 * halo), (LIT, LIT_W)):
            parts.append(
                html(
                    '<path d="M{} {} Q{} {} {} {}" fill="none" stroke="{}" stroke-width="{}" '
                    'stroke-linecap="round"/>',
                    _f(sx),
                    _f(sy),
                    _f(cx),
                    _f(cy),
                    _f(ex),
                    _f(ey),
                    colour,
                    _f(width * SCALE),
                )
            )
    if regions & set(GLUTE_REGIONS):
        hx, hy = to(frame.points["hip"])
        parts.append(
            html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="{}"/>',
                _f(hx),
                _f(hy),
                _f(GLUTE_R * SCALE),
                LIT,
                theme.PAPER,
                _f(halo * SCALE),
            )
        )
    return html('<g class="sk-figure-lit">{}</g>', join(parts))


def figure_svg(
    stretch: str,
    *,
    frame: str | None = None,
    side: str | None = None,
    height: str | None = None,
    anonymous: bool = False,
    catalog: Catalog | None = None,
    data_dir: DataDir = None,
) -> Html:
    """The figure of a stretch as a small SVG: a stick figure in the theme's colours, the part
    it stretches lit in the body map's colours, with a ``<title>`` and a ``<desc>`` in words.

    Every frame of the stretch side by side, each with its caption (Cow, then Cat), unless
    ``frame`` picks one; the first side of the table unless ``side`` picks one (see
    :func:`pose_frames`). A stretch with no rows in ``poses.csv`` gets a placeholder saying so.

    Parameters
    ----------
    stretch
        A stretch id, name or alias.
    frame, side
        Which frame and side to draw (see :func:`pose_frames`).
    height
        A CSS height, e.g. ``"9em"`` (the width follows); by default the picture takes its
        own size, shrinking to the width it is given.
    anonymous
        Leave out the stretch's name, the frames' captions and the muscles' names, from the
        picture and from its title and description: a quiz's picture must not say its answer.
    catalog, data_dir
        The tables to read, as everywhere in the kit.

    Returns
    -------
    Html
        ``<svg class="sk-figure" role="img" ...>``.

    Examples
    --------
    >>> svg = figure_svg("Knee-to-Chest", side="right")
    >>> svg.startswith('<svg class="sk-figure" role="img"')
    True
    >>> print(svg.split("<title>")[1].split("</title>")[0])
    Knee-to-Chest, right side
    >>> "var(--jp-ui-font-color0" in svg  # the body follows the theme
    True
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    sid = stretch_id_for(stretch, cat)
    parsed = _parsed(cat)
    frames = _select(parsed, sid, frame, side)
    name = parsed.names[sid]
    desc = _describe(parsed, sid, frames, anonymous=anonymous)
    if not frames:
        return _placeholder(sid, name, desc)
    if anonymous:
        frames = [replace(f, frame="hold") for f in frames]  # no captions
    regions = parsed.lit.get(sid, (set(), []))[0]
    boxes = [_bounds(f) for f in frames]
    top = max(b[3] for b in boxes)
    bottom = min(b[1] for b in boxes)
    caption = 0.09 if any(f.label for f in frames) else 0.0
    shapes: list[Html] = []
    x = 0.0
    for f, (x0, _, x1, _) in zip(frames, boxes, strict=True):
        dx = x - x0
        shapes += _svg_frame(f, regions, dx, top)
        if f.label:
            shapes.append(
                html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="26" font-weight="bold" '
                    'fill="{}">{}</text>',
                    _f((x + (x1 - x0) / 2) * SCALE),
                    _f((top - bottom + caption - 0.02) * SCALE),
                    theme.INK,
                    f.label,
                )
            )
        x += x1 - x0
    width = x * SCALE
    side_words = f", {frames[0].side} side" if frames[0].side in ("left", "right") else ""
    if len(frames) == 1 and frames[0].label:  # one frame of several: Cat-Cow, cow
        side_words += f", {frames[0].label.lower()}"
    size = "height:auto" if height is None else f"height:{height};width:auto"
    return html(
        '<svg class="sk-figure" role="img" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}"{sid} '
        'style="{size};max-width:100%;font-family:sans-serif">'
        "<title>{title}</title><desc>{desc}</desc>{shapes}</svg>",
        w=_f(width),
        h=_f((top - bottom + caption) * SCALE),
        sid=Html("") if anonymous else html(' data-stretch="{}"', sid),
        size=size,
        title="The picture" if anonymous else name + side_words,
        desc=desc,
        shapes=join(shapes),
    )


def _short(name: str, chars: int = 34) -> str:
    return name if len(name) <= chars else name[: chars - 1].rstrip() + "\u2026"


def _placeholder(sid: str, name: str, desc: str) -> Html:
    return html(
        '<svg class="sk-figure sk-figure-none" role="img" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 360 150" width="360" height="150" data-stretch="{sid}" '
        'style="max-width:100%;height:auto;font-family:sans-serif">'
        "<title>{name}: no picture yet</title><desc>{desc}</desc>"
        '<rect x="3" y="3" width="354" height="144" rx="10" fill="{panel}" stroke="{border}" '
        'stroke-width="2" stroke-dasharray="8 6"/>'
        '<text x="180" y="55" text-anchor="middle" font-size="20" font-weight="bold" '
        'fill="{ink}">No picture yet:</text>'
        '<text x="180" y="85" text-anchor="middle" font-size="17" fill="{ink}">'
        "add rows for {short}</text>"
        '<text x="180" y="112" text-anchor="middle" font-size="17" fill="{ink}">'
        "to poses.csv</text></svg>",
        sid=sid,
        name=name,
        desc=desc,
        short=_short(name),
        panel=theme.PANEL,
        border=theme.BORDER,
        ink=theme.INK,
    )


# --- matplotlib ----------------------------------------------------------------------------


def draw_figure(
    stretch: str,
    *,
    ax: Axes | None = None,
    frame: str | None = None,
    side: str | None = None,
    captions: bool = True,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> Axes:
    """Draw the figure of a stretch with matplotlib, for print: the geometry of
    :func:`figure_svg`, in black and grey on paper, the stretched part in the body map's
    colour.

    Parameters
    ----------
    stretch
        A stretch id, name or alias.
    ax
        The Axes to draw on; the current one by default. Its aspect is set equal and its
        axes turned off.
    frame, side
        Which frame and side to draw (see :func:`pose_frames`).
    captions
        Whether frames of a moving stretch carry their names (Cow, Cat) below them.
    data_dir, catalog
        The tables to read, as everywhere in the kit.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on (never shown: that is the caller's call).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = draw_figure("figure_four", ax=Figure().add_subplot())
    >>> ax.get_aspect(), ax.axison
    (1.0, False)
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    sid = stretch_id_for(stretch, cat)
    parsed = _parsed(cat)
    frames = _select(parsed, sid, frame, side)
    if ax is None:
        import matplotlib.pyplot as plt  # only a caller without an Axes needs pyplot

        ax = plt.gca()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_gid("sk-figure")
    if not frames:
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 0.4)
        ax.text(
            0.5,
            0.2,
            f"No picture yet:\nadd rows for {_short(parsed.names[sid])}\nto poses.csv",
            ha="center",
            va="center",
            fontsize=11,
            color=PRINT_BODY,
            parse_math=False,
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": PRINT_FLOOR, "ls": "--"},
        )
        return ax
    regions = parsed.lit.get(sid, (set(), []))[0]
    boxes = [_bounds(f) for f in frames]
    bottom = min(b[1] for b in boxes)
    top = max(b[3] for b in boxes)
    labelled = captions and any(f.label for f in frames)
    x = 0.0
    for f, (x0, _, x1, _) in zip(frames, boxes, strict=True):
        _mpl_frame(ax, f, regions, x - x0)
        if labelled and f.label:
            ax.text(
                x + (x1 - x0) / 2,
                bottom - 0.02,
                f.label,
                ha="center",
                va="top",
                fontsize=11,
                fontweight="bold",
                color=PRINT_BODY,
                parse_math=False,
            )
        x += x1 - x0
    ax.set_xlim(0, x)
    ax.set_ylim(bottom - (0.09 if labelled else 0.0), top)
    return ax


def _capsule(a: Point, b: Point, width: float, n: int = 8) -> tuple[list[float], list[float]]:
    """The outline of a thick segment with round ends, in data units: it keeps its thickness
    however the Axes is later moved or resized (a line width in points would not)."""
    (ax_, ay), (bx, by) = a, b
    angle = math.atan2(by - ay, bx - ax_)
    r = width / 2
    xs, ys = [], []
    for (cx, cy), start in (((bx, by), angle - math.pi / 2), ((ax_, ay), angle + math.pi / 2)):
        for i in range(n + 1):
            t = start + math.pi * i / n
            xs.append(cx + r * math.cos(t))
            ys.append(cy + r * math.sin(t))
    return xs, ys


def _mpl_frame(ax: Any, frame: PoseFrame, regions: set[str], dx: float) -> None:
    p = {k: (x + dx, y) for k, (x, y) in frame.points.items()}
    moved = PoseFrame(frame.stretch_id, frame.frame, frame.side, frame.view, p)
    x0, y0, x1, y1 = _bounds(moved)
    above = frame.view == "above"
    if above:
        ax.fill(
            [x0 + 0.01, x1 - 0.01, x1 - 0.01, x0 + 0.01],
            [y0 + 0.01, y0 + 0.01, y1 - 0.01, y1 - 0.01],
            facecolor="#f0f0f0",
            edgecolor=PRINT_FLOOR,
            linewidth=1.0,
            zorder=0,
        )
    else:
        ax.fill(*_capsule((x0, 0), (x1, 0), 0.016), color=PRINT_FLOOR, lw=0, zorder=0)

    def seg(a: Point, b: Point, colour: str, width: float, z: float) -> None:
        ax.fill(*_capsule(a, b, width), color=colour, lw=0, zorder=z)

    for depth, segments in LIMBS:
        far = depth == "far" and not above
        for a, b in segments:
            colour = PRINT_FAR if far else PRINT_BODY
            seg(p[a], p[b], colour, LIMB_W * (0.9 if far else 1), 2 if far else 4)
    for start, end in itertools.pairwise(_curve(_spine(p))):
        seg(start, end, PRINT_BODY, _torso_w(frame), 3)
    seg(p["head"], p["neck"], PRINT_BODY, NECK_W, 3)
    seg(p["neck"], p["shoulder"], PRINT_BODY, TORSO_W * 0.8, 3)
    theta = [2 * math.pi * i / 40 for i in range(41)]
    hx, hy = p["head"]
    ax.fill(
        [hx + HEAD_R * math.cos(t) for t in theta],
        [hy + HEAD_R * math.sin(t) for t in theta],
        color=PRINT_BODY,
        lw=0,
        zorder=3,
    )
    if regions & set(BACK_REGIONS):
        lower = _curve(_lower_spine(p))
        for colour, width, z in (("white", LIT_W + 0.024, 5), (LIT, LIT_W, 5.5)):
            for start, end in itertools.pairwise(lower):
                seg(start, end, colour, width, z)
    if regions & set(GLUTE_REGIONS):
        gx, gy = p["hip"]
        for colour, r, z in (("white", GLUTE_R + 0.012, 6), (LIT, GLUTE_R, 6.5)):
            ax.fill(
                [gx + r * math.cos(t) for t in theta],
                [gy + r * math.sin(t) for t in theta],
                color=colour,
                lw=0,
                zorder=z,
            )
