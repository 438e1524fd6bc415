"""A browser for the kit's tables: pick a table, read it."""

from __future__ import annotations

import os

import ipywidgets as widgets

from .. import catalog
from ..markup import Html, html, join

__all__ = ["TABLE_CHOICES", "table_viewer"]

#: (label shown to the reader, loader) for every table, in teaching order.
TABLE_CHOICES = {
    "Stretches": catalog.load_stretches,
    "Muscles": catalog.load_muscles,
    "Which stretch targets which muscle": catalog.load_stretch_muscles,
    "Steps of each stretch": catalog.load_steps,
    "Guidelines and safety rules": catalog.load_guidelines,
}

_TABLE_CSS = (
    "<style>.sk-table-view table{font-size:1.05em;border-collapse:collapse}"
    ".sk-table-view th,.sk-table-view td{padding:0.25em 0.6em;text-align:left;"
    "vertical-align:top;border-bottom:1px solid #bbb}</style>"
)


def _table_html(df) -> Html:
    """A plain table of every cell, as text."""
    head = join(html('<th scope="col">{}</th>', c) for c in df.columns)
    rows = join(
        html("<tr>{}</tr>", join(html("<td>{}</td>", v) for v in row))
        for row in df.itertuples(index=False)
    )
    return html(
        '<table class="sk-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, rows
    )


def table_viewer(*, table: str = "Stretches", data_dir: str | os.PathLike | None = None):
    """A labelled drop-down of the tables and the chosen table, rows and columns as loaded.

    Parameters
    ----------
    table
        The label of the table shown first (a key of ``TABLE_CHOICES``).
    data_dir
        A folder of custom tables; defaults to ``STRETCHKIT_DATA`` or the built-in tables.

    Examples
    --------
    >>> viewer = table_viewer()
    >>> choice, caption, view = viewer.children
    >>> choice.value = "Muscles"
    >>> "Quadratus lumborum" in view.value, caption.value
    (True, 'Muscles: 6 rows')
    """
    if table not in TABLE_CHOICES:
        raise ValueError(f"unknown table {table!r}; choose one of: {', '.join(TABLE_CHOICES)}")
    choice = widgets.Dropdown(
        options=list(TABLE_CHOICES),
        value=table,
        description="Table",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="max-content"),
    )
    choice.add_class("sk-table-choice")
    caption = widgets.Label()
    caption.add_class("sk-table-caption")
    view = widgets.HTML()
    view.add_class("sk-table-view")

    def show(_=None):
        df = TABLE_CHOICES[choice.value](data_dir=data_dir)
        caption.value = f"{choice.value}: {len(df)} rows"
        shown = df.astype(object).where(df.notna(), "")  # empty cells read as empty
        view.value = _TABLE_CSS + _table_html(shown)

    choice.observe(show, names="value")
    show()
    box = widgets.VBox([choice, caption, view])
    box.add_class("sk-table-viewer")
    return box
