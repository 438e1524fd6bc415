"""The body map and the stretch x muscle heat map, drawn with matplotlib."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.patches import Circle, Patch, Polygon, Rectangle

from .. import anatomy as geo
from ..catalog import Catalog, use_catalog
from ..explore import target_matrix
from ..names import muscle_id_for
from ..words import listing, number
from .screen import describe, paint, say
from .style import LABEL_SIZE, TITLE_SIZE
from .text import label, literal, shorten

__all__ = ["body_map", "target_heatmap"]

DataDir = str | os.PathLike | None


def body_map(
    *,
    highlight=None,
    selected=(),
    layer: str = "split",
    title=None,
    ax=None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
):
    """Draw the lower back, pelvis and hips seen from behind, as an atlas plate does.

    The bones for orientation (lumbar spine, lowest ribs, iliac crest, sacrum, greater
    trochanter) and every muscle of the catalog shaped from its origin to its insertion, in
    the layers of :mod:`stretchkit.anatomy`: by default the left half superficial and the
    right half deep, one picture for paper. Superficial muscles are named on the left, deep
    ones on the right; the upper fibers of the gluteus maximus are hatched; the muscles you
    picked have a thick outline, a mark and a bold name. Muscles of a custom catalog that the
    drawing does not know are listed beside it.

    Parameters
    ----------
    highlight
        Muscle ids or names, or a mapping of muscle to intensity (e.g. how many chosen
        stretches reach it); lit regions are filled on a colour-blind-safe scale.
    selected
        Muscles picked.
    layer
        ``"split"`` (left half superficial, right half deep), ``"superficial"`` or ``"deep"``.
    title
        The title; by default it names what is lit.
    ax
        The axes to draw on; the current axes if ``None``.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = body_map(highlight={"piriformis": 2, "gluteus_medius": 1})
    >>> sorted(p.get_gid() for p in ax.patches if p.get_gid())[:2]
    ['erector_spinae:left', 'erector_spinae:right']
    >>> ax.get_title()
    'Lit: Gluteus medius, Piriformis'
    """
    geo.check_layer(layer)
    ax = plt.gca() if ax is None else ax
    cat = use_catalog(catalog, data_dir=data_dir)
    lit = geo.resolve_highlight(highlight, catalog=cat)
    chosen = {muscle_id_for(m, cat) for m in selected}
    top = max(lit.values(), default=0)
    names = dict(zip(cat.muscles["muscle_id"], cat.muscles["name"], strict=True))

    # On screen, the body and bones take the theme's colours, as the explorer's own map does;
    # the muscles keep their fixed fills, so their outlines and hatching stay.
    body, bone_fill = paint("#fafafa", "panel"), paint("white", "page")
    bone, ink = paint(geo.BONE, "line"), paint(geo.OUTLINE, "ink")
    _draw_bones(ax, body=body, bone=bone, bone_fill=bone_fill)

    sides = geo.side_layers(layer)
    for side, view in sides:
        for muscle_id in geo.draw_order(view):
            if muscle_id in names:
                _draw_muscle(ax, muscle_id, side, view, lit, top, chosen)
    for _, y, _ in geo.VERTEBRAE:  # felt under the skin: over the muscles
        ax.add_patch(Rectangle((geo.CENTRE - 4, y - 8), 8, 17, facecolor=bone_fill, edgecolor=bone))
    for pts in (geo.ILIAC_CREST, geo.mirror(geo.ILIAC_CREST)):
        xs, ys = zip(*pts, strict=True)
        ax.plot(xs, ys, color=bone, linewidth=2.6, solid_capstyle="round")

    _draw_side_view(ax, names, lit, top, chosen, body=body, bone=bone, bone_fill=bone_fill)
    where = geo.column_layout(names)
    views = dict(sides)
    for muscle_id in [m for m in geo.MUSCLE_SHAPES if m in names]:
        _label_muscle(
            ax, muscle_id, names[muscle_id], where[muscle_id], views, lit, top, chosen, ink=ink
        )
    for name, point, _ in geo.LANDMARKS:
        column, row = where[name]
        left = column == "left"
        ax.annotate(
            name,
            xy=point,
            xytext=(geo.LABEL_LEFT if left else geo.LABEL_RIGHT, row + 8),
            fontsize=LABEL_SIZE - 1,
            fontstyle="italic",
            ha="right" if left else "left",
            va="center",
            arrowprops={"arrowstyle": "-", "color": bone, "linewidth": 0.8},
        )

    handles = [Patch(facecolor=c, edgecolor=geo.OUTLINE, label=t) for c, t in geo.legend_steps(top)]
    handles += [
        Patch(facecolor=geo.UNLIT, edgecolor=ink, linewidth=2.5, label=f"{geo.PICK_MARK} picked"),
        Patch(facecolor="none", edgecolor=geo.OUTLINE, hatch="///", label="upper fibers"),
        Patch(
            facecolor=to_rgba(geo.LIT_COLOURS[1], geo.LIFTED),
            edgecolor=geo.OUTLINE,
            label="faded: lifted away",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, 0),
        ncol=3,
        fontsize=LABEL_SIZE - 1,
        frameon=False,
        title="Named left: superficial muscles; right: deep muscles",
        title_fontsize=LABEL_SIZE - 1,
    )
    undrawn = [m for m in names if m not in geo.MUSCLE_SHAPES]
    if undrawn:
        listed = "\n".join(
            label(names[m]) + (f" (targeted x{lit[m]:g})" if lit.get(m) else "") for m in undrawn
        )
        ax.text(
            geo.WIDTH + 4,
            geo.TOP,
            f"Not drawn:\n{listed}",
            fontsize=LABEL_SIZE - 1,
            va="top",
            gid="undrawn",
        )
    if title is None:
        lit_names = [shorten(names[m]) for m in names if lit.get(m, 0) > 0]
        # In lines, however many muscles are lit: one line of them all would run off the chart.
        title = "Lit: " + ", ".join(lit_names) if lit_names else "Lower back and hips, from behind"
        said = shorten(title, chars=60, lines=3).replace("\n", " ")
        title = label(title, chars=60, lines=3)
    else:
        said = str(title)
        title = literal(title)  # drawn as given, a "$" included
    ax.set_title(title, fontsize=TITLE_SIZE)
    describe(ax, title=said, text=_body_map_words(names, lit, chosen, layer))
    ax.set_xlim(0, geo.WIDTH)
    ax.set_ylim(geo.HEIGHT, 10)
    ax.set_aspect("equal")
    ax.set_xticks([])  # no tick labels left behind, not even hidden ones, to run off a page
    ax.set_yticks([])
    ax.set_axis_off()
    return ax


def _draw_bones(ax, *, body, bone, bone_fill) -> None:
    ax.add_patch(Polygon(geo.SILHOUETTE, closed=True, facecolor=body, edgecolor=bone))
    for pts in (geo.HIP_BONE, geo.mirror(geo.HIP_BONE), geo.FEMUR, geo.mirror(geo.FEMUR)):
        ax.add_patch(Polygon(pts, closed=True, facecolor=bone_fill, edgecolor=bone))
    ax.add_patch(Polygon(geo.SACRUM, closed=True, facecolor=bone_fill, edgecolor=bone))
    fx, fy, fr = geo.TROCHANTER
    for cx in (fx, 2 * geo.CENTRE - fx):
        ax.add_patch(Circle((cx, fy), fr, facecolor=bone_fill, edgecolor=bone))
    for rib in geo.RIBS:
        for pts in (rib, geo.mirror(rib)):
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, color=bone, linewidth=4.5, solid_capstyle="round")
            ax.plot(xs, ys, color=bone_fill, linewidth=2.5, solid_capstyle="round")
    for _, y, reach in geo.VERTEBRAE:
        ax.add_patch(
            Rectangle(
                (geo.CENTRE - reach, y - 3), 2 * reach, 6, facecolor=bone_fill, edgecolor=bone
            )
        )
        ax.add_patch(
            Rectangle((geo.CENTRE - 13, y - 10), 26, 20, facecolor=bone_fill, edgecolor=bone)
        )


def _draw_side_view(ax, names, lit, top, chosen, *, body, bone, bone_fill) -> None:
    """The small side view of the flank, where the obliques are seen from ribs to crest."""
    x, y, w, h = geo.SIDE_BOX
    ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=bone, linewidth=0.8))
    caption = "\n".join(geo.SIDE_CAPTION)
    ax.text(x + w / 2, y + 6, caption, fontsize=LABEL_SIZE - 2, ha="center", va="top")
    ax.add_patch(Polygon(geo.SIDE_BODY, closed=True, facecolor=body, edgecolor=bone))
    ax.add_patch(Polygon(geo.SIDE_ILIUM, closed=True, facecolor=bone_fill, edgecolor=bone))
    for line in geo.SIDE_RIBS:
        xs, ys = zip(*line, strict=True)
        ax.plot(xs, ys, color=bone, linewidth=2, solid_capstyle="round")
    for m, shape in geo.MUSCLE_SHAPES.items():
        if not shape.side or m not in names:
            continue
        ax.add_patch(
            Polygon(
                shape.side,
                closed=True,
                facecolor=geo.colour_for(lit.get(m, 0), top),
                edgecolor=geo.OUTLINE,
                linewidth=3 if m in chosen else 1,
                gid=f"{m}:side",
            )
        )
        start, end = shape.side_fibers
        ts = [(i + 0.5) / 7 for i in range(7)]
        ax.add_collection(
            LineCollection(
                [(geo._along(start, t), geo._along(end, t)) for t in ts],
                colors=geo.OUTLINE,
                linewidths=0.5,
                alpha=0.35,
            )
        )
    xs, ys = zip(*geo.SIDE_CREST, strict=True)
    ax.plot(xs, ys, color=bone, linewidth=2, solid_capstyle="round")


def _draw_muscle(ax, muscle_id, side, view, lit, top, chosen) -> None:
    shape = geo.MUSCLE_SHAPES[muscle_id]
    fill = geo.colour_for(lit.get(muscle_id, 0), top)
    faded = geo.lifted(muscle_id, view)
    picked = muscle_id in chosen
    ax.add_patch(
        Polygon(
            geo.side_points(shape.outline, side),
            closed=True,
            facecolor=to_rgba(fill, geo.LIFTED if faded else 1),
            edgecolor=to_rgba(geo.OUTLINE, 1 if picked or not faded else 0.6),
            linewidth=3 if picked else (0.6 if faded else 1),
            joinstyle="round",
            gid=f"{muscle_id}:{side}",
        )
    )
    fibers = [geo.side_points(line, side) for line in geo.fiber_lines(shape)]
    if fibers:
        ax.add_collection(
            LineCollection(
                fibers, colors=geo.OUTLINE, linewidths=0.5, alpha=0.15 if faded else 0.35
            )
        )
    if not faded:
        for _, part in shape.parts:
            ax.add_patch(
                Polygon(
                    geo.side_points(part, side),
                    closed=True,
                    fill=False,
                    hatch="///",
                    linewidth=0,
                    edgecolor="#333",
                )
            )


def _label_muscle(ax, muscle_id, name, row, views, lit, top, chosen, *, ink) -> None:
    shape = geo.MUSCLE_SHAPES[muscle_id]
    column, y = row
    left = column == "left"
    value = lit.get(muscle_id, 0)
    picked = muscle_id in chosen
    view = views[column]
    edge = geo.LABEL_LEFT if left else geo.LABEL_RIGHT
    ax.add_patch(
        Rectangle(
            (edge - 15 if left else edge, y),
            15,
            15,
            facecolor=geo.colour_for(value, top),
            edgecolor=ink,
            linewidth=2.5 if picked else 0.8,
        )
    )
    count = f"targeted x{value:g}" if value else "not targeted"
    notes = geo._label_notes(muscle_id, count, view)
    text = label(name, chars=24, lines=2)
    if picked:
        text = f"{geo.PICK_MARK} {text}"
    point = geo.side_points((shape.anchor,), column)[0]
    x_text = edge - 20 if left else edge + 20
    ax.annotate(
        text,
        xy=point,
        xytext=(x_text, y + 8),
        fontsize=LABEL_SIZE,
        fontweight="bold" if picked else "normal",
        ha="right" if left else "left",
        va="center",
        arrowprops=None
        if geo.hidden(muscle_id, view)
        else {"arrowstyle": "-", "color": ink, "linewidth": 0.8},
    )
    lines = text.count("\n") + 1
    ax.text(
        x_text,
        y + 8 + 9 * lines,
        "\n".join(notes),
        fontsize=LABEL_SIZE - 2,
        ha="right" if left else "left",
        va="top",
    )


def _body_map_words(names: dict, lit: dict, chosen: set, layer: str) -> str:
    """What the body map shows, in words: what is lit and how strongly, what is picked, which
    layer is drawn where, what is hatched, and what is not drawn."""

    def strength(m) -> str:
        return say(names[m]) + (f" (targeted x{number(lit[m], 2)})" if graded else "")

    lit_ids = [m for m in names if lit.get(m, 0) > 0]
    graded = len({lit[m] for m in lit_ids}) > 1
    where = {
        "split": "the left half superficial, the right half deep (the superficial muscles "
        "lifted away, faded)",
        "superficial": "the superficial layer",
        "deep": "the deep layer (the superficial muscles lifted away, faded)",
    }[layer]
    sentences = [
        f"The lower back, pelvis and hips from behind, {where}, each muscle a labelled region "
        "between the lumbar spine, the lowest ribs, the iliac crest, the sacrum and the "
        "greater trochanter."
    ]
    if lit_ids:
        sentences.append(f"Lit: {listing(strength(m) for m in lit_ids)}.")
        unlit = [say(names[m]) for m in names if m not in lit_ids]
        if unlit:
            sentences.append(f"Not lit: {listing(unlit)}.")
    else:
        sentences.append("No muscle is lit.")
    picked = [say(names[m]) for m in names if m in chosen]
    if picked:
        sentences.append(f"Picked, with a thick outline and a bold name: {listing(picked)}.")
    drawn = [m for m in names if m in geo.MUSCLE_SHAPES]
    deep = [say(names[m]) for m in drawn if geo.MUSCLE_SHAPES[m].layer == "deep"]
    if deep:
        sentences.append(f"Deep layer, named on the right: {listing(deep)}.")
    for m in drawn:
        for part, _ in geo.MUSCLE_SHAPES[m].parts:
            sentences.append(f"Hatched: the {part} of the {say(names[m])}.")
    undrawn = [say(names[m]) for m in names if m not in geo.MUSCLE_SHAPES]
    if undrawn:
        sentences.append(f"Not drawn on the map, listed beside it: {listing(undrawn)}.")
    return " ".join(sentences)


def target_heatmap(*, ax=None, data_dir: DataDir = None, catalog: Catalog | None = None):
    """The stretch x muscle table as a chart: a filled cell where a stretch targets a muscle,
    with the table's note (e.g. "upper fibers") written in it.

    Parameters
    ----------
    ax
        The axes to draw on; the current axes if ``None``.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = target_heatmap()
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Knee-to-Chest', 'Figure-Four']
    >>> ax.get_title()
    'Which stretch targets which muscle'
    """
    ax = plt.gca() if ax is None else ax
    cat = use_catalog(catalog, data_dir=data_dir)
    matrix = target_matrix(catalog=cat)
    cmap = ListedColormap([geo.UNLIT, geo.LIT_COLOURS[2]])
    ax.imshow(matrix.to_numpy(dtype=int), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    notes = cat.stretch_muscles.dropna(subset=["note"])
    rows = {s: i for i, s in enumerate(matrix.index)}
    cols = {m: j for j, m in enumerate(matrix.columns)}
    for i, j in zip(*matrix.to_numpy().nonzero(), strict=True):
        ax.text(j, i, "\u25cf", ha="center", va="center", color="white", fontsize=14)
    for row in notes.itertuples():
        ax.text(
            cols[str(row.muscle_id)],
            rows[row.stretch_id] + 0.28,
            label(row.note, chars=14, lines=3),
            ha="center",
            va="center",
            color="white",
            fontsize=8.5,
            linespacing=0.95,
        )
    ax.set_xticks(
        range(len(matrix.columns)),
        [label(n) for n in cat.muscles["name"]],
        rotation=30,
        ha="right",
        fontsize=LABEL_SIZE,
    )
    ax.set_yticks(
        range(len(matrix.index)), [label(n) for n in cat.stretches["name"]], fontsize=LABEL_SIZE
    )
    ax.set_xticks([x - 0.5 for x in range(1, len(matrix.columns))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(matrix.index))], minor=True)
    ax.grid(which="minor", color=paint("white", "page"), linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("muscle", fontsize=LABEL_SIZE)
    ax.set_ylabel("stretch", fontsize=LABEL_SIZE)
    ax.set_title(_HEATMAP_TITLE, fontsize=TITLE_SIZE)
    return describe(ax, title=_HEATMAP_TITLE, text=_heatmap_words(cat, matrix))


_HEATMAP_TITLE = "Which stretch targets which muscle"


def _heatmap_words(cat: Catalog, matrix) -> str:
    """For each stretch, the muscles it targets with the table's note, as the cells show."""
    stretches = dict(zip(cat.stretches["stretch_id"], cat.stretches["name"], strict=True))
    muscles = dict(zip(cat.muscles["muscle_id"], cat.muscles["name"], strict=True))
    notes = {
        (r.stretch_id, str(r.muscle_id)): r.note
        for r in cat.stretch_muscles.dropna(subset=["note"]).itertuples()
    }
    rows = []
    for stretch_id, row in matrix.iterrows():
        reached = [
            say(muscles[m])
            + (f" ({say(notes[stretch_id, m])})" if (stretch_id, m) in notes else "")
            for m, hit in row.items()
            if hit
        ]
        rows.append(f"{say(stretches[stretch_id])} targets {listing(reached)}.")
    missed = [say(muscles[m]) for m in matrix.columns if not matrix[m].any()]
    if missed:
        rows.append(f"No stretch targets {listing(missed, last='or')}.")
    return " ".join(rows)
