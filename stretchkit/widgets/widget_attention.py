"""The stop-and-consult advice for sharp pain in the log, shown until the person reads it."""

from __future__ import annotations

import ipywidgets as widgets

from ..catalog import guideline
from ..log import SessionLog
from ..markup import html, join

__all__ = ["attention"]


def advice_html(log: SessionLog, *, data_dir=None) -> str:
    """The advice box for the log's unacknowledged sharp pain, or "" when there is none."""
    pending = log.needs_attention()
    if pending.empty:
        return ""
    stop = guideline("sharp_pain", data_dir=data_dir)
    consult = guideline("severe_pain", data_dir=data_dir)
    items = []
    for row in pending.itertuples():
        side = "" if row.side == "both" else f" ({row.side})"
        note = html(" &ndash; &ldquo;{}&rdquo;", row.notes) if isinstance(row.notes, str) else ""
        items.append(html("<li>{:%a %d %b %Y}: {}{}{}</li>", row.day, row.name, side, note))
    return html(
        '<div class="sk-attention" role="alert" style="border:3px solid #333;border-radius:6px;'
        'padding:0.5em 1em;background:#fff8e1;color:#111;font-size:1.05em">'
        '<h3 style="margin:0.2em 0">&#9888; Sharp pain was logged</h3>'
        "<ul>{}</ul><p><strong>{}:</strong> {}</p>"
        "<p><strong>Before stretching again:</strong> {}</p></div>",
        join(items),
        stop.title,
        stop.text,
        consult.text,
    )


def attention(log: SessionLog, *, data_dir=None, on_change=None) -> widgets.VBox:
    """A box with the stop-and-consult advice and an "I have read this" button.

    Empty while the log has no unacknowledged sharp pain. ``refresh()`` on the returned box
    redraws it after the log changed; ``on_change`` is called after an acknowledgement.
    """
    text = widgets.HTML()
    read = widgets.Button(
        description="I have read this advice",
        tooltip="Hide this advice until sharp pain is logged again",
        icon="check",
        layout=widgets.Layout(width="auto"),
    )
    read.add_class("sk-acknowledge")
    box = widgets.VBox([text, read])
    box.add_class("sk-attention-box")

    shown: list[str] = []  # the sessions whose sharp pain is on screen now

    def refresh() -> None:
        shown[:] = list(dict.fromkeys(log.needs_attention()["session_id"]))
        text.value = advice_html(log, data_dir=data_dir)
        read.layout.display = None if text.value else "none"

    def acknowledge(_=None) -> None:
        # Only what the person has seen: sharp pain logged meanwhile elsewhere stays shown.
        try:
            for session_id in list(shown):
                log.acknowledge(session_id)
        except (OSError, ValueError) as e:
            alert = html('<p role="alert">Not saved: {}</p>', str(e))
            text.value = join([advice_html(log, data_dir=data_dir), alert])
            return
        refresh()
        if on_change is not None:
            on_change()

    read.on_click(acknowledge)
    box.refresh = refresh
    refresh()
    return box
