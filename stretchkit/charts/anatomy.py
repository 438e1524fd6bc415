"""The body map and the stretch x muscle heat map, drawn with matplotlib."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
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
    title=None,
    ax=None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
):
    """Draw the schematic posterior view of the lower back, pelvis and hips.

    Every muscle of the catalog is a labelled region where it lies; deep muscles are dashed,
    the upper fibers of the gluteus maximus are hatched. Muscles of a custom catalog that the
    drawing does not know are listed beside it.

    Parameters
    ----------
    highlight
        Muscle ids or names, or a mapping of muscle to intensity (e.g. how many chosen
        stretches reach it); lit regions are filled on a colour-blind-safe scale.
    selected
        Muscles drawn with a heavy outline.
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
    ax = plt.gca() if ax is None else ax
    cat = use_catalog(catalog, data_dir=data_dir)
    lit = geo.resolve_highlight(highlight, catalog=cat)
    chosen = {muscle_id_for(m, cat) for m in selected}
    top = max(lit.values(), default=0)
    names = dict(zip(cat.muscles["muscle_id"], cat.muscles["name"], strict=True))

    # On screen, the body and bones take the theme's colours, as the explorer's own map does;
    # the muscles keep their fixed light fills, so their dark outlines and dashes stay.
    body, bone_fill = paint("#fafafa", "panel"), paint("white", "page")
    bone, leader = paint(geo.BONE, "line"), paint(geo.OUTLINE, "ink")
    ax.add_patch(Polygon(geo.SILHOUETTE, closed=True, facecolor=body, edgecolor=bone))
    for x, y, w, h in geo.VERTEBRAE:
        ax.add_patch(Rectangle((x, y), w, h, facecolor=bone_fill, edgecolor=bone))
    ax.add_patch(Polygon(geo.SACRUM, closed=True, facecolor=bone_fill, edgecolor=bone))
    fx, fy, fr = geo.FEMUR_HEAD
    for cx in (fx, 2 * geo.CENTRE - fx):
        ax.add_patch(Circle((cx, fy), fr, facecolor=bone_fill, edgecolor=bone))

    for muscle_id, shape in geo.MUSCLE_SHAPES.items():
        if muscle_id not in names:
            continue
        fill = geo.colour_for(lit.get(muscle_id, 0), top)
        for side, pts in (("right", shape.outline), ("left", geo.mirror(shape.outline))):
            ax.add_patch(
                Polygon(
                    pts,
                    closed=True,
                    facecolor=fill,
                    edgecolor=geo.OUTLINE,
                    linewidth=3 if muscle_id in chosen else 1.2,
                    linestyle=(0, (4, 2)) if shape.deep else "solid",
                    alpha=0.9 if shape.deep else 1,
                    gid=f"{muscle_id}:{side}",
                )
            )
            for _, part in shape.parts:
                part_pts = part if side == "right" else geo.mirror(part)
                ax.add_patch(
                    Polygon(
                        part_pts,
                        closed=True,
                        fill=False,
                        hatch="///",
                        linewidth=0,
                        edgecolor="#333",
                    )
                )
        text = label(names[muscle_id], chars=24, lines=2) + (" (deep)" if shape.deep else "")
        text += "".join(f"\n{p}: hatched" for p, _ in shape.parts)
        ax.annotate(
            text,
            xy=shape.anchor,
            xytext=(geo.LABEL_X, shape.label_y),
            fontsize=LABEL_SIZE,
            va="center",
            arrowprops={"arrowstyle": "-", "color": leader, "linewidth": 0.8},
        )
    for line in (geo.RIB, geo.ILIAC_CREST):
        for pts in (line, geo.mirror(line)):
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, color=paint("#555", "line"), linewidth=2, solid_capstyle="round")

    handles = [Patch(facecolor=c, edgecolor=geo.OUTLINE, label=t) for c, t in geo.legend_steps(top)]
    handles.append(
        Patch(
            facecolor=geo.UNLIT,  # as an unlit deep muscle is drawn
            edgecolor=geo.OUTLINE,
            linestyle="--",
            label="deep muscle (dashed)",
        )
    )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, 0),
        ncol=3,
        fontsize=LABEL_SIZE - 1,
        frameon=False,
    )
    undrawn = [m for m in names if m not in geo.MUSCLE_SHAPES]
    if undrawn:
        listed = "\n".join(
            label(names[m]) + (f" (targeted x{lit[m]:g})" if lit.get(m) else "") for m in undrawn
        )
        ax.text(
            geo.LABEL_X,
            geo.HEIGHT - 5,
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
    describe(ax, title=said, text=_body_map_words(names, lit, chosen))
    ax.set_xlim(0, geo.WIDTH + 40)
    ax.set_ylim(geo.HEIGHT + 5, -5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _body_map_words(names: dict, lit: dict, chosen: set) -> str:
    """What the body map shows, in words: what is lit and how strongly, what is picked, what
    is deep or hatched, and what is not drawn."""

    def strength(m) -> str:
        return say(names[m]) + (f" (targeted x{number(lit[m], 2)})" if graded else "")

    lit_ids = [m for m in names if lit.get(m, 0) > 0]
    graded = len({lit[m] for m in lit_ids}) > 1
    sentences = ["The lower back, pelvis and hips from behind, each muscle a labelled region."]
    if lit_ids:
        sentences.append(f"Lit: {listing(strength(m) for m in lit_ids)}.")
        unlit = [say(names[m]) for m in names if m not in lit_ids]
        if unlit:
            sentences.append(f"Not lit: {listing(unlit)}.")
    else:
        sentences.append("No muscle is lit.")
    picked = [say(names[m]) for m in names if m in chosen]
    if picked:
        sentences.append(f"Picked, with a heavy outline: {listing(picked)}.")
    drawn = [m for m in names if m in geo.MUSCLE_SHAPES]
    deep = [say(names[m]) for m in drawn if geo.MUSCLE_SHAPES[m].deep]
    if deep:
        sentences.append(f"Deep, so dashed: {listing(deep)}.")
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
