"""Stretch cards: everything a person needs to do one stretch, for the screen or a handout."""

from __future__ import annotations

import os

from . import theme
from .catalog import Catalog, guideline, use_catalog
from .figures import figure_description, figure_svg
from .markup import Html, html, join
from .names import stretch_id_for

__all__ = ["StretchCard", "stretch_card"]

DataDir = str | os.PathLike | None

_CARD_CSS = (
    f"border:2px solid {theme.BORDER};border-radius:8px;padding:0.7em 1em;margin:0.5em 0;"
    f"background:{theme.PAPER};color:{theme.TEXT};font-size:1.05em;line-height:1.45;"
    "break-inside:avoid;page-break-inside:avoid;max-width:46em"
)
_SAFETY_CSS = (
    f"border-left:5px solid {theme.WARN};padding-left:0.6em;"
    f"background:{theme.PAPER};background:{theme.WARN_FILL};color:{theme.INK}"
)


class StretchCard:
    """One stretch as a card: name, its picture, position, kind, sides, hold, muscles, numbered
    steps with breath cues, where to feel it, tips, variations and the safety reminder.

    Shown as HTML in notebooks and Voila (the picture drawn by
    :func:`~stretchkit.figure_svg`), as plain text by ``print`` (a handout; the picture said
    in words).
    """

    def __init__(self, stretch_id: str, cat: Catalog, *, safety: list[str]):
        self.stretch_id = stretch_id
        s = cat.stretches.set_index("stretch_id").loc[stretch_id]
        # The ids are unique, so s is one row, and its name, a required text column, a str.
        self.name = str(s["name"])
        self.facts = [
            ("Position", s["position"]),
            ("Kind", "dynamic (flowing)" if s["kind"] == "dynamic" else "static (held)"),
            ("Sides", "each side in turn" if s["per_side"] else "both at once"),
            (
                "Hold",
                f"{s['hold_min_s']}-{s['hold_max_s']} s"
                + (" on each side" if s["per_side"] else ""),
            ),
        ]
        links = cat.stretch_muscles.query("stretch_id == @stretch_id")
        muscle_names = dict(zip(cat.muscles["muscle_id"], cat.muscles["name"], strict=True))
        self.muscles = [
            muscle_names[r.muscle_id] + (f" ({r.note})" if isinstance(r.note, str) else "")
            for r in links.itertuples()
        ]
        steps = cat.steps.query("stretch_id == @stretch_id").sort_values("step")
        self.steps = [
            (f"[{r.breath}] " if isinstance(r.breath, str) else "") + str(r.text)
            for r in steps.itertuples()
        ]
        self.extras = [
            (label, s[col])
            for label, col in (
                ("Feel it", "feel_it"),
                ("Tips", "tips"),
                ("Variations", "variations"),
            )
            if isinstance(s[col], str)
        ]
        self.safety = safety
        #: The stretch's picture (SVG) and what it shows, in words.
        self.figure = figure_svg(stretch_id, height="8.5em", catalog=cat)
        self.figure_text = figure_description(stretch_id, catalog=cat)

    def __repr__(self) -> str:
        lines = [self.name.upper()]
        lines += [f"{k}: {v}" for k, v in self.facts]
        lines.append("Targets: " + ", ".join(self.muscles))
        lines.append("Steps:")
        lines += [f"  {i}. {text}" for i, text in enumerate(self.steps, 1)]
        lines += [f"{k}: {v}" for k, v in self.extras]
        lines.append(f"Picture: {self.figure_text}")
        lines += [f"Safety: {text}" for text in self.safety]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        facts = join(html("<dt>{}</dt><dd>{}</dd>", k, v) for k, v in self.facts)
        steps = join(html("<li>{}</li>", t) for t in self.steps)
        extras = join(html("<p><strong>{}:</strong> {}</p>", k, v) for k, v in self.extras)
        safety = join(html("<li>{}</li>", t) for t in self.safety)
        if self.safety:
            safety = html(
                '<div class="sk-card-safety" role="note" style="{}">'
                '<strong>&#9888; Safety</strong><ul style="margin:0.2em 0">{}</ul></div>',
                Html(_SAFETY_CSS),
                safety,
            )
        return html(
            '<article class="sk-card" data-stretch="{id}" aria-label="{name}" style="{css}">'
            '<h3 style="margin:0.1em 0 0.4em">{name}</h3>'
            '<div class="sk-card-figure" style="margin:0 0 0.5em">{figure}</div>'
            '<dl style="display:grid;grid-template-columns:max-content 1fr;gap:0.1em 0.8em;'
            'margin:0">{facts}</dl>'
            "<p><strong>Targets:</strong> {muscles}</p>"
            '<ol style="margin:0.3em 0 0.5em 1.2em;padding:0">{steps}</ol>{extras}{safety}'
            "</article>",
            id=self.stretch_id,
            name=self.name,
            css=Html(_CARD_CSS),
            figure=self.figure,
            facts=facts,
            muscles=", ".join(self.muscles),
            steps=steps,
            extras=extras,
            safety=safety,
        )


def card_safety(*, data_dir: DataDir = None, catalog: Catalog | None = None) -> list[str]:
    """The reminders every card carries, from the guidelines table.

    Parameters
    ----------
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    return [guideline(gid, catalog=cat).text for gid in ("sharp_pain", "mild_tension", "warm_up")]


def stretch_card(
    stretch: str,
    *,
    safety: bool = True,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> StretchCard:
    """The card for one stretch, by id or name.

    Parameters
    ----------
    stretch
        A stretch id, name or alias, in any case.
    safety
        Whether the card carries the safety reminders. A page that shows them once above
        several cards (the explorer) leaves them off each card: a warning repeated on every
        card is one people learn to skip.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> card = stretch_card("Cat-Cow")
    >>> print(card)  # doctest: +ELLIPSIS
    CAT-COW
    Position: quadruped
    Kind: dynamic (flowing)
    Sides: both at once
    Hold: 20-30 s
    Targets: Erector spinae (mobility and flexibility), Quadratus lumborum (mobility ...)
    Steps:
      1. Come onto hands and knees, wrists below shoulders and knees below hips.
      2. [inhale] Cow: let the belly sink towards the floor while the chest and tailbone rise.
    ...
    Safety: Sharp pain, or pain that shoots or spreads (radiates), means stop ...
    >>> "Safety" in str(stretch_card("Cat-Cow", safety=False))
    False
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    reminders = card_safety(catalog=cat) if safety else []
    return StretchCard(stretch_id_for(stretch, cat), cat, safety=reminders)
