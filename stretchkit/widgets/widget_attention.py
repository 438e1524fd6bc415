"""The stop-and-consult advice for sharp pain in the log, shown until the person reads it."""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from .. import theme
from ..catalog import Catalog, guideline
from ..log import SessionLog
from ..markup import Html, html, join
from .base import classed, widget_catalog

__all__ = ["Attention", "attention"]


_BOX_CSS = theme.WARN_BOX + ";"  # a warning: the theme's warn edge and tint, its own text


def advice_html(log: SessionLog, cat: Catalog) -> str:
    """The advice box for the log's unacknowledged sharp pain, or "" when there is none."""
    pending = log.needs_attention()
    if pending.empty:
        return ""
    stop = guideline("sharp_pain", catalog=cat)
    consult = guideline("severe_pain", catalog=cat)
    items = []
    for row in pending.itertuples():
        side = "" if row.side == "both" else f" ({row.side})"
        note = html(" &ndash; &ldquo;{}&rdquo;", row.notes) if isinstance(row.notes, str) else ""
        items.append(html("<li>{:%a %d %b %Y}: {}{}{}</li>", row.day, row.name, side, note))
    return html(
        '<div class="sk-attention" role="alert" style="{}border-radius:6px;'
        'padding:0.5em 1em;font-size:1.05em">'
        '<h3 style="margin:0.2em 0">&#9888; Sharp pain was logged</h3>'
        "<ul>{}</ul><p><strong>{}:</strong> {}</p>"
        "<p><strong>Before stretching again:</strong> {}</p></div>",
        Html(_BOX_CSS),
        join(items),
        stop.title,
        stop.text,
        consult.text,
    )


class Attention(widgets.VBox):
    """The stop-and-consult advice for the log's unacknowledged sharp pain, with an "I have
    read this" button. Empty while there is none. Build it with :func:`attention`."""

    #: The sessions whose sharp pain is on screen now: only these are acknowledged.
    shown = traitlets.List(traitlets.Unicode())

    def __init__(self, log: SessionLog, *, data_dir=None, on_change=None, catalog=None):
        self.session_log = log
        self.data_dir = data_dir
        #: The tables the advice is read from, read once.
        self.catalog = widget_catalog(catalog, data_dir)
        self._on_change = on_change
        self.text = widgets.HTML()
        self.read = classed(
            widgets.Button(
                description="I have read this advice",
                tooltip="Hide this advice until sharp pain is logged again",
                icon="check",
                layout=widgets.Layout(width="auto"),
            ),
            "sk-acknowledge",
        )
        super().__init__([self.text, self.read])
        self.add_class("sk-attention-box")
        self.read.on_click(self.acknowledge)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the advice after the log changed."""
        self.shown = list(dict.fromkeys(self.session_log.needs_attention()["session_id"]))
        self.text.value = advice_html(self.session_log, self.catalog)
        self.read.layout.display = None if self.text.value else "none"

    def acknowledge(self, _=None) -> None:
        """Mark the sharp pain on screen as read; an error is shown, never lost."""
        # Only what the person has seen: sharp pain logged meanwhile elsewhere stays shown.
        try:
            for session_id in list(self.shown):
                self.session_log.acknowledge(session_id)
        except (OSError, ValueError) as e:
            alert = html('<p role="alert">Not saved: {}</p>', str(e))
            self.text.value = join([advice_html(self.session_log, self.catalog), alert])
            return
        self.refresh()
        if self._on_change is not None:
            self._on_change()


def attention(
    log: SessionLog, *, data_dir=None, on_change=None, catalog: Catalog | None = None
) -> Attention:
    """A box with the stop-and-consult advice and an "I have read this" button.

    Empty while the log has no unacknowledged sharp pain. ``refresh()`` on the returned box
    redraws it after the log changed; ``on_change`` is called after an acknowledgement.

    Parameters
    ----------
    log
        The session log whose sharp pain is shown.
    data_dir
        A folder of a trainer's own tables (their stop and consult advice).
    on_change
        Called with no arguments after the person has acknowledged the advice.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog` (the widget that shows
        this box passes its own); used instead of reading ``data_dir`` again.

    Returns
    -------
    Attention
        The box; ``refresh()`` redraws it.
    """
    return Attention(log, data_dir=data_dir, on_change=on_change, catalog=catalog)
