"""The safety rules, read from the guidelines table and shown before any stretching."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from . import theme
from .catalog import Catalog, lookup_key, use_catalog
from .errors import SafetyError, UnknownNameError
from .markup import Html, html, join

__all__ = ["SECTIONS", "SafetyNote", "safety_gate", "safety_note", "safety_rules"]

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

_BOX_CSS = theme.WARN_BOX + ";"  # the theme's warn edge and tint, its own text


def safety_rules(*, data_dir: DataDir = None, catalog: Catalog | None = None) -> pd.DataFrame:
    """The rules to read before stretching, most urgent first.

    Columns ``section`` (stop, consult_professional, before, during), ``guideline_id``,
    ``title`` and ``text``.

    Parameters
    ----------
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> rules = safety_rules()
    >>> rules.iloc[0][["section", "guideline_id"]].tolist()
    ['stop', 'sharp_pain']
    >>> sorted(rules.query("section == 'consult_professional'").guideline_id)
    ['acute_injury', 'herniated_disc', 'sciatica', 'severe_pain', 'spinal_condition']
    """
    g = use_catalog(catalog, data_dir=data_dir).guidelines
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
            'style="{}border-radius:6px;padding:0.6em 1em;font-size:1.1em;line-height:1.45">'
            '<h3 style="margin-top:0.2em">&#9888; Safety first</h3>{}</section>',
            Html(_BOX_CSS),
            sections,
        )


def safety_note(*, data_dir: DataDir = None, catalog: Catalog | None = None) -> SafetyNote:
    """The safety note every lesson opens with, built from the guidelines table.

    Parameters
    ----------
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> print(safety_note())  # doctest: +ELLIPSIS
    SAFETY FIRST
    Stop at once:
      - Sharp or radiating pain: ...
    See a healthcare professional first:
    ...
    """
    return SafetyNote(safety_rules(catalog=use_catalog(catalog, data_dir=data_dir)))


def safety_gate(
    conditions: str | Iterable[str] | None = (),
    *,
    cleared: bool = False,
    catalog: Catalog | None = None,
    data_dir: DataDir = None,
) -> list[str]:
    """The gate every plan passes first: the guideline ids of the ``conditions`` a person
    named, or a :class:`~stretchkit.SafetyError` that says what to do instead.

    A stop rule (sharp or radiating pain) always stops. A contraindication (an acute injury,
    severe pain, a herniated disc, sciatica, another spinal condition) stops until a
    healthcare professional has ``cleared`` the person to stretch. Conditions are found by
    id or title, in any case.

    Parameters
    ----------
    conditions
        Guideline ids or titles of what the person has (``"sciatica"``), or none.
    cleared
        Whether a healthcare professional has cleared the person to stretch.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.

    Examples
    --------
    >>> safety_gate(["Sciatica"], cleared=True)
    ['sciatica']
    >>> safety_gate("sciatica")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stretchkit.errors.SafetyError: Not planned: Sciatica. ...
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    g = cat.guidelines.set_index("guideline_id")
    consult = {i: (r.title, r.text) for i, r in g[g["category"] == "contraindication"].iterrows()}
    stop = {i: (r.title, r.text) for i, r in g[g["action"] == "stop"].iterrows()}
    found = _named(conditions, consult, stop)
    stops = [c for c in found if c in stop]
    if stops:
        title, text = stop[stops[0]]
        raise SafetyError(
            f"Not planned: {title}. {text} Do not stretch through it: see a doctor, "
            f"physiotherapist or other healthcare professional before you stretch again.",
            guidelines=tuple(stops),
        )
    blocking = [c for c in found if c in consult]
    if blocking and not cleared:
        titles = ", ".join(consult[c][0] for c in blocking)
        why = " ".join(consult[c][1] for c in blocking)
        raise SafetyError(
            f"Not planned: {titles}. {why} Stretching in the wrong way can make such a "
            f"condition worse, so consult a healthcare professional first. Once they have "
            f"cleared you to stretch, plan again with cleared=True and every day of the plan "
            f"will carry that note.",
            guidelines=tuple(blocking),
        )
    return found


def _named(conditions, consult: dict, stop: dict) -> list[str]:
    """The guideline ids of the conditions, in the order named, each once."""
    if conditions is None:
        return []
    if isinstance(conditions, str):
        conditions = [conditions]
    if not isinstance(conditions, Iterable):
        raise TypeError(
            f"conditions must be a condition or a list of them, such as ['sciatica'], "
            f"not {conditions!r}"
        )
    names = {}
    for gid, (title, _) in {**consult, **stop}.items():
        names[lookup_key(gid)] = gid
        names[lookup_key(title)] = gid
    found: list[str] = []
    for c in conditions:
        key = lookup_key(c) if isinstance(c, str) else ""
        if key not in names:
            known = ", ".join(f"{i} ({t})" for i, (t, _) in consult.items())
            raise UnknownNameError(
                f"unknown condition {c!r}; the guidelines list these contraindications: {known}"
            )
        if names[key] not in found:
            found.append(names[key])
    return found
