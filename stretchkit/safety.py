"""The safety rules, read from the guidelines table and shown before any stretching."""

from __future__ import annotations

import os

import pandas as pd

from .catalog import load_guidelines
from .markup import html, join

__all__ = ["SECTIONS", "SafetyNote", "safety_note", "safety_rules"]

DataDir = str | os.PathLike | None

#: The sections of the safety rules, in reading order, with their headings.
SECTIONS = (
    ("stop", "Stop at once"),
    ("consult_professional", "See a healthcare professional first"),
    ("before", "Before you start"),
    ("during", "While you stretch"),
)
_BEFORE = ("warm_up",)
_DURING = ("mild_tension", "controlled_movement", "mild_discomfort")


def safety_rules(*, data_dir: DataDir = None) -> pd.DataFrame:
    """The rules to read before stretching, most urgent first.

    Columns ``section`` (stop, consult_professional, before, during), ``guideline_id``,
    ``title`` and ``text``.

    Examples
    --------
    >>> rules = safety_rules()
    >>> rules.iloc[0][["section", "guideline_id"]].tolist()
    ['stop', 'sharp_pain']
    >>> sorted(rules.query("section == 'consult_professional'").guideline_id)
    ['acute_injury', 'herniated_disc', 'sciatica', 'severe_pain', 'spinal_condition']
    """
    g = load_guidelines(data_dir=data_dir)
    section = pd.Series(pd.NA, index=g.index, dtype="string")
    section[g["action"] == "stop"] = "stop"
    section[g["category"] == "contraindication"] = "consult_professional"
    section[g["guideline_id"].isin(_BEFORE)] = "before"
    section[g["guideline_id"].isin(_DURING)] = "during"
    order = pd.CategoricalDtype([s for s, _ in SECTIONS], ordered=True)
    rules = g.assign(section=section.astype(order)).dropna(subset=["section"])
    rules = rules.sort_values("section", kind="stable")
    return rules[["section", "guideline_id", "title", "text"]].reset_index(drop=True)


class SafetyNote:
    """The safety rules as a note that reads well in a notebook, in Voila and as plain text."""

    def __init__(self, rules: pd.DataFrame):
        self.rules = rules

    def _sections(self):
        for key, heading in SECTIONS:
            rows = self.rules[self.rules["section"] == key]
            if len(rows):
                yield key, heading, rows

    def __repr__(self) -> str:
        lines = ["SAFETY FIRST"]
        for _, heading, rows in self._sections():
            lines.append(f"{heading}:")
            lines += [f"  - {r.title}: {r.text}" for r in rows.itertuples()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        sections = join(
            html(
                '<h4 class="sk-safety-{key}" style="margin:0.6em 0 0.2em">{heading}</h4>'
                "<ul>{items}</ul>",
                key=key,
                heading=heading,
                items=join(
                    html("<li><strong>{}</strong>: {}</li>", r.title, r.text)
                    for r in rows.itertuples()
                ),
            )
            for key, heading, rows in self._sections()
        )
        return html(
            '<section class="sk-safety" role="note" aria-label="Safety first" '
            'style="border:3px solid #333;border-radius:6px;padding:0.6em 1em;'
            'font-size:1.1em;line-height:1.45;background:#fff8e1;color:#111">'
            '<h3 style="margin-top:0.2em">&#9888; Safety first</h3>{}</section>',
            sections,
        )


def safety_note(*, data_dir: DataDir = None) -> SafetyNote:
    """The safety note every lesson opens with, built from the guidelines table.

    Examples
    --------
    >>> print(safety_note())  # doctest: +ELLIPSIS
    SAFETY FIRST
    Stop at once:
      - Sharp or radiating pain: ...
    See a healthcare professional first:
    ...
    """
    return SafetyNote(safety_rules(data_dir=data_dir))
