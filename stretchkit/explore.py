"""Questions across the tables: which stretches reach a muscle, which muscles a stretch reaches."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from .catalog import Catalog, use_catalog
from .names import muscle_id_for, stretch_id_for
from .schema import KINDS, POSITIONS

__all__ = [
    "coverage",
    "find_stretches",
    "muscles_for",
    "resolve_muscle",
    "resolve_stretch",
    "stretches_for",
    "target_matrix",
]

DataDir = str | os.PathLike | None


def resolve_muscle(muscle: str, *, data_dir: DataDir = None, catalog: Catalog | None = None) -> str:
    """Return the id of a muscle given by id, name or alias, in any case.

    Parameters
    ----------
    muscle
        A muscle id, name or alias.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> resolve_muscle("QL")
    'quadratus_lumborum'
    >>> resolve_muscle("Gluteus Medius")
    'gluteus_medius'
    """
    return muscle_id_for(muscle, use_catalog(catalog, data_dir=data_dir))


def resolve_stretch(
    stretch: str, *, data_dir: DataDir = None, catalog: Catalog | None = None
) -> str:
    """Return the id of a stretch given by id, name or alias, in any case.

    Parameters
    ----------
    stretch
        A stretch id, name or alias.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> resolve_stretch("child's pose")
    'childs_pose'
    >>> resolve_stretch("Supine Piriformis Stretch")
    'figure_four'
    """
    return stretch_id_for(stretch, use_catalog(catalog, data_dir=data_dir))


def stretches_for(
    muscle: str, *, data_dir: DataDir = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """The stretches that target a muscle, in catalog order, with how they target it.

    Parameters
    ----------
    muscle
        A muscle id, name or alias, in any case (``"piriformis"``, ``"Glute Med"``).
    data_dir
        A folder of custom tables; defaults to ``STRETCHKIT_DATA`` or the built-in tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> stretches_for("Piriformis")["stretch_id"].tolist()
    ['figure_four', 'seated_glute']
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    muscle_id = muscle_id_for(muscle, cat)
    links = cat.stretch_muscles
    links = links.loc[links["muscle_id"] == muscle_id, ["stretch_id", "note"]]
    cols = ["stretch_id", "name", "kind", "position", "per_side", "hold_min_s", "hold_max_s"]
    return cat.stretches[cols].merge(links, on="stretch_id", how="inner").reset_index(drop=True)


def muscles_for(
    stretch: str, *, data_dir: DataDir = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """The muscles a stretch targets, in catalog order, with how it targets them.

    Parameters
    ----------
    stretch
        A stretch id, name or alias, in any case.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> muscles_for("Cat-Cow")["muscle_id"].tolist()
    ['erector_spinae', 'quadratus_lumborum']
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    stretch_id = stretch_id_for(stretch, cat)
    links = cat.stretch_muscles
    links = links.loc[links["stretch_id"] == stretch_id, ["muscle_id", "note"]]
    muscles = cat.muscles[["muscle_id", "name", "region"]]
    return muscles.merge(links, on="muscle_id", how="inner").reset_index(drop=True)


def target_matrix(
    *, labels: str = "id", data_dir: DataDir = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """The stretch x muscle table: ``True`` where a stretch targets a muscle.

    Parameters
    ----------
    labels
        ``"id"`` to label rows and columns with ids, ``"name"`` with display names.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> m = target_matrix()
    >>> m.shape
    (6, 6)
    >>> int(m.loc["supine_twist"].sum())
    4
    >>> bool(target_matrix(labels="name").loc["Child's Pose", "Quadratus lumborum"])
    True
    """
    if labels not in ("id", "name"):
        raise ValueError(f"labels must be 'id' or 'name', not {labels!r}")
    cat = use_catalog(catalog, data_dir=data_dir)
    stretches, muscles, links = cat.stretches, cat.muscles, cat.stretch_muscles
    matrix = pd.DataFrame(
        False,
        index=pd.Index(stretches["stretch_id"], name="stretch_id"),
        columns=pd.Index(muscles["muscle_id"], name="muscle_id"),
    )
    for row in links.itertuples(index=False):
        matrix.loc[row.stretch_id, row.muscle_id] = True
    if labels == "name":
        matrix.index = pd.Index(stretches["name"], name="stretch")
        matrix.columns = pd.Index(muscles["name"], name="muscle")
    return matrix


def find_stretches(
    *,
    muscles: Iterable[str] = (),
    position: str | None = None,
    kind: str | None = None,
    per_side: bool | None = None,
    max_seconds: float | None = None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The stretches that reach any of ``muscles`` and pass the filters, best match first.

    Parameters
    ----------
    muscles
        Muscle ids or names; empty means every stretch.
    position, kind
        Keep only this position (``"supine"``...) or kind (``"static"``, ``"dynamic"``).
    per_side
        ``True`` for one-side-at-a-time stretches, ``False`` for both-at-once.
    max_seconds
        Time available for the stretch: its shortest hold, on both sides when per side,
        must fit.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    DataFrame
        The stretches with ``min_seconds`` (shortest time on all sides) and ``hits`` (how
        many of the chosen muscles each reaches), sorted by ``hits`` then catalog order.

    Examples
    --------
    >>> find_stretches(muscles=["piriformis"])["stretch_id"].tolist()
    ['figure_four', 'seated_glute']
    >>> find_stretches(muscles=["QL", "obliques"])[["stretch_id", "hits"]].values.tolist()[0]
    ['supine_twist', 2]
    >>> find_stretches(max_seconds=30)["stretch_id"].tolist()
    ['cat_cow', 'childs_pose']
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    wanted = [muscle_id_for(m, cat) for m in muscles]
    for value, allowed, name in ((position, POSITIONS, "position"), (kind, KINDS, "kind")):
        if value is not None and value not in allowed:
            raise ValueError(f"unknown {name} {value!r}; choose one of: {', '.join(allowed)}")
    if max_seconds is not None and not max_seconds > 0:
        raise ValueError(f"max_seconds must be a number of seconds above 0, not {max_seconds!r}")
    s = cat.stretches[
        ["stretch_id", "name", "kind", "position", "per_side", "hold_min_s", "hold_max_s"]
    ].copy()
    s["min_seconds"] = s["hold_min_s"] * s["per_side"].map({True: 2, False: 1}).astype(int)
    links = cat.stretch_muscles
    hits = links[links["muscle_id"].isin(wanted)].groupby("stretch_id").size()
    s["hits"] = s["stretch_id"].map(hits).fillna(0).astype(int)
    keep = pd.Series(True, index=s.index)
    if wanted:
        keep &= s["hits"] > 0
    if position is not None:
        keep &= s["position"] == position
    if kind is not None:
        keep &= s["kind"] == kind
    if per_side is not None:
        keep &= s["per_side"] == bool(per_side)
    if max_seconds is not None:
        keep &= s["min_seconds"] <= max_seconds
    s = s[keep].sort_values("hits", ascending=False, kind="stable")
    return s.reset_index(drop=True)


def coverage(
    stretches: Iterable[str], *, data_dir: DataDir = None, catalog: Catalog | None = None
) -> dict[str, int]:
    """How many of the given stretches reach each muscle (muscles reached by none left out).

    Parameters
    ----------
    stretches
        Stretch ids, names or aliases.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> coverage(["cat_cow", "childs_pose", "figure_four"])["erector_spinae"]
    2
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    ids = [stretch_id_for(s, cat) for s in stretches]
    links = cat.stretch_muscles
    counts = links[links["stretch_id"].isin(ids)].groupby("muscle_id").size()
    order = [m for m in cat.muscles["muscle_id"] if m in counts.index]
    return {m: int(counts[m]) for m in order}
