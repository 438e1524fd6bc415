"""Name resolution: the id of a stretch or a muscle given by id, name or alias, in any case.

These take a loaded :class:`~stretchkit.catalog.Catalog`, so a caller that already holds one
reads no table twice; :func:`stretchkit.resolve_stretch` and :func:`stretchkit.resolve_muscle`
load the catalog themselves.
"""

from __future__ import annotations

import difflib

import pandas as pd

from .catalog import Catalog, lookup_key, split_aliases
from .errors import UnknownNameError

__all__ = ["muscle_id_for", "stretch_id_for"]


def _resolve(name: str, table: pd.DataFrame, id_col: str, what: str, whats: str) -> str:
    names: dict[str, str] = {}
    for row in table.itertuples(index=False):
        ident = getattr(row, id_col)
        for n in [ident, row.name, *split_aliases(row.aliases)]:
            if pd.notna(n) and lookup_key(n):
                names.setdefault(lookup_key(n), ident)
    key = lookup_key(name) if isinstance(name, str) else ""
    if key and key in names:
        return names[key]
    known = ", ".join(f"{i} ({n})" for i, n in zip(table[id_col], table["name"], strict=True))
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
    hint = f"did you mean '{names[close[0]]}'? " if close else ""
    raise UnknownNameError(f"unknown {what} {name!r}; {hint}known {whats}: {known}")


def muscle_id_for(name: str, catalog: Catalog) -> str:
    """Return the id of the muscle in ``catalog`` called ``name`` (id, name or alias).

    Raises
    ------
    UnknownNameError
        No muscle has that name; the message lists the known muscles.

    Examples
    --------
    >>> from stretchkit.catalog import load_catalog
    >>> muscle_id_for("Glute Med", load_catalog())
    'gluteus_medius'
    """
    return _resolve(name, catalog.muscles, "muscle_id", "muscle", "muscles")


def stretch_id_for(name: str, catalog: Catalog) -> str:
    """Return the id of the stretch in ``catalog`` called ``name`` (id, name or alias).

    Raises
    ------
    UnknownNameError
        No stretch has that name; the message lists the known stretches.

    Examples
    --------
    >>> from stretchkit.catalog import load_catalog
    >>> stretch_id_for("child's pose", load_catalog())
    'childs_pose'
    """
    return _resolve(name, catalog.stretches, "stretch_id", "stretch", "stretches")
