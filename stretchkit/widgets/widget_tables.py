"""A browser for the kit's tables: pick a table, read it."""

from __future__ import annotations

import os

import ipywidgets as widgets
import traitlets

from .. import catalog
from ..markup import Html, html, join
from .base import WIDE, KitWidget, classed

__all__ = ["TABLE_CHOICES", "TableViewer", "table_viewer"]

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
    "vertical-align:top;border-bottom:1px solid var(--jp-border-color1, #bdbdbd)}</style>"
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


class TableViewer(KitWidget):
    """A labelled drop-down of the tables and the chosen table. Build it with
    :func:`table_viewer`."""

    #: The label of the table shown (a key of ``TABLE_CHOICES``).
    table = traitlets.Enum(list(TABLE_CHOICES), default_value="Stretches")

    def __init__(self, *, table: str = "Stretches", data_dir: str | os.PathLike | None = None):
        if table not in TABLE_CHOICES:
            raise ValueError(f"unknown table {table!r}; choose one of: {', '.join(TABLE_CHOICES)}")
        super().__init__(
            css_class="sk-table-viewer", status_class="sk-table-status", data_dir=data_dir
        )
        self.choice = classed(
            widgets.Dropdown(
                options=list(TABLE_CHOICES),
                value=table,
                description="Table",
                style=WIDE,
                layout=widgets.Layout(width="max-content"),
            ),
            "sk-table-choice",
        )
        self.caption = classed(widgets.Label(), "sk-table-caption")
        self.view = classed(widgets.HTML(), "sk-table-view")
        self.children = [self.choice, self.caption, self.view]
        traitlets.link((self.choice, "value"), (self, "table"))
        self.observe(self._show, names="table")
        self.table = table
        self._show()

    def _show(self, _=None) -> None:
        df = TABLE_CHOICES[self.table](data_dir=self.data_dir)
        self.caption.value = f"{self.table}: {len(df)} rows"
        shown = df.astype(object).where(df.notna(), "")  # empty cells read as empty
        self.view.value = _TABLE_CSS + _table_html(shown)


def table_viewer(
    *, table: str = "Stretches", data_dir: str | os.PathLike | None = None
) -> TableViewer:
    """A labelled drop-down of the tables and the chosen table, rows and columns as loaded.

    Parameters
    ----------
    table
        The label of the table shown first (a key of ``TABLE_CHOICES``).
    data_dir
        A folder of custom tables; defaults to ``STRETCHKIT_DATA`` or the built-in tables.

    Returns
    -------
    TableViewer
        Its ``table`` trait is the label shown; ``choice``, ``caption`` and ``view`` are its
        parts.

    Examples
    --------
    >>> viewer = table_viewer()
    >>> choice, caption, view = viewer.children[:3]  # then the kit's layout rules
    >>> choice.value = "Muscles"
    >>> "Quadratus lumborum" in view.value, caption.value
    (True, 'Muscles: 6 rows')
    """
    return TableViewer(table=table, data_dir=data_dir)
