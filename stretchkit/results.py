"""What the kit's results share: a table and its notes kept together, and shown in words.

:func:`~stretchkit.plan_week`, :func:`~stretchkit.routine` and
:func:`~stretchkit.session_result` each give a small frozen object (:class:`~stretchkit.Plan`,
:class:`~stretchkit.Routine`, :class:`~stretchkit.SessionResult`) that holds the table in
``.table`` and the notes, the safety rules and the settings as typed fields. A DataFrame's
``attrs`` would lose them in the first ordinary pandas operation; a field cannot.

This module holds what the three have in common: checking a table against its declared columns
and dtypes, checking notes, the TypeError that teaches when a bare table is passed, and the
HTML a notebook shows, built only through :mod:`stretchkit.markup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import Field, fields
from typing import Any, ClassVar

import pandas as pd

from . import theme
from .markup import Html, html, join

__all__ = [
    "Result",
    "check_noted",
    "check_table",
    "check_texts",
    "not_a_result",
    "result_html",
    "table_html",
]

_BOX_CSS = (
    f"border:2px solid {theme.BORDER};border-radius:6px;padding:0.6em 1em;margin:0.4em 0;"
    f"background:{theme.PAPER};color:{theme.TEXT};font-size:1.05em;line-height:1.45"
)
_TABLE_CSS = Html(
    "<style>.sk-result table{border-collapse:collapse}.sk-result th,.sk-result td{"
    "padding:0.15em 0.6em;text-align:left;vertical-align:top;"
    "border-bottom:1px solid var(--jp-border-color1, #bdbdbd)}"
    "</style>"
)


class Result:
    """What the result classes share: equal when every field is (tables by their values),
    unhashable (a table can change), and shown as words by ``repr`` as by ``print``.

    A subclass is a ``@dataclass(frozen=True, eq=False, repr=False)`` with a ``__str__``.
    """

    __slots__ = ()
    # Declared for the type checker: every subclass is a dataclass, so it has the fields.
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def __eq__(self, other) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(_same(getattr(self, f.name), getattr(other, f.name)) for f in fields(self))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return str(self)

    def __getitem__(self, key):
        name = type(self).__name__
        raise TypeError(
            f"a {name} is not a table; its rows are in .table, e.g. .table[{key!r}], and its "
            f"notes in its fields"
        )


def _same(a, b) -> bool:
    if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
        return isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame) and a.equals(b)
    return bool(a == b)


def check_table(table, dtypes: Mapping, what: str, maker: str) -> pd.DataFrame:
    """``table`` with the declared ``dtypes``; TypeError or ValueError saying what is wrong.

    A column of another dtype is converted when its values allow it (a hand-made table of
    plain strings becomes categorical); a value outside a categorical's categories is refused,
    never turned into a missing value.

    Parameters
    ----------
    table
        The table a result is made with.
    dtypes
        The columns it must have, each with its dtype.
    what, maker
        The result's name and the function that makes it, for the messages.

    Examples
    --------
    >>> check_table(pd.DataFrame({"n": ["1"]}), {"n": "int64"}, "Demo", "demo()")["n"].dtype
    dtype('int64')
    >>> check_table(pd.DataFrame({"x": [1]}), {"n": "int64"}, "Demo", "demo()")
    Traceback (most recent call last):
    ...
    ValueError: Demo.table is missing the column(s) n; make it with demo()
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what}.table must be a DataFrame, not {type(table).__name__}")
    missing = [c for c in dtypes if c not in table.columns]
    if missing:
        raise ValueError(
            f"{what}.table is missing the column(s) {', '.join(missing)}; make it with {maker}"
        )
    wrong = {c: d for c, d in dtypes.items() if table[c].dtype != d}
    if not wrong:
        return table
    for c, d in wrong.items():
        if isinstance(d, pd.CategoricalDtype):
            values = table[c].dropna().astype(object)
            odd = values[~values.isin(list(d.categories))]
            if len(odd):
                raise ValueError(
                    f"{what}.table column {c!r} holds {odd.iloc[0]!r}, which is not one of its "
                    f"values ({', '.join(map(str, d.categories))})"
                )
    try:
        return table.astype(wrong)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"{what}.table has column(s) {', '.join(wrong)} that are not of their types "
            f"({', '.join(f'{c}: {d}' for c, d in wrong.items())}): {err}"
        ) from None


def check_texts(value, name: str) -> tuple[str, ...]:
    """``value``, a list of texts, as a tuple; TypeError if it is not one.

    Parameters
    ----------
    value
        The notes.
    name
        Their name, for the message.

    Examples
    --------
    >>> check_texts(["Warm up first."], "notes")
    ('Warm up first.',)
    >>> check_texts("Warm up first.", "notes")
    Traceback (most recent call last):
    ...
    TypeError: notes must be a list of texts, not 'Warm up first.'
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of texts, not {value!r}")
    texts = tuple(value)
    for t in texts:
        if not isinstance(t, str):
            raise TypeError(f"{name} must be a list of texts; {t!r} is not one")
    return texts


def check_noted(result, dtypes: Mapping, *, maker: str, rows: str = "rows") -> None:
    """Check a result that holds a table, notes and a safety text, once, where it is made.

    The table gets its declared ``dtypes`` (see :func:`check_table`) and must have rows, the
    notes become a tuple of texts and the safety text must be a text; what is wrong is said.

    Parameters
    ----------
    result
        A frozen dataclass with the fields ``table``, ``notes`` and ``safety``.
    dtypes
        The columns its table must have, each with its dtype.
    maker
        The function that makes it, for the messages.
    rows
        What its rows are, for the message about an empty table.
    """
    what = type(result).__name__
    table = check_table(result.table, dtypes, what, maker)
    if table.empty:
        raise ValueError(f"{what}.table has no {rows}; make it with {maker}")
    object.__setattr__(result, "table", table)
    object.__setattr__(result, "notes", check_texts(result.notes, f"{what}.notes"))
    if not isinstance(result.safety, str):
        raise TypeError(f"{what}.safety must be a text, not {result.safety!r}")


def not_a_result(value, name: str, kind: str, maker: str) -> TypeError:
    """The TypeError for ``value`` passed where a result of ``kind`` belongs.

    A bare DataFrame has lost the notes and the safety rules, so the message says to pass the
    result itself.

    Parameters
    ----------
    value
        What was passed.
    name
        The parameter it was passed as.
    kind, maker
        The result's class name and the function that makes it.

    Examples
    --------
    >>> print(not_a_result(pd.DataFrame(), "plan", "Plan", "plan_week"))
    ... # doctest: +NORMALIZE_WHITESPACE
    plan must be the Plan that plan_week() returned, not its .table or another DataFrame:
    a bare table has lost the notes and the safety rules
    """
    if isinstance(value, pd.DataFrame):
        return TypeError(
            f"{name} must be the {kind} that {maker}() returned, not its .table or another "
            f"DataFrame: a bare table has lost the notes and the safety rules"
        )
    return TypeError(f"{name} must be a {kind} made by {maker}(), not {type(value).__name__}")


def table_html(table: pd.DataFrame) -> Html:
    """A table of every cell as text, missing values empty, built through the markup module.

    Parameters
    ----------
    table
        The table to show.

    Examples
    --------
    >>> page = table_html(pd.DataFrame({"name": ["<b>"], "s": [pd.NA]}))
    >>> page[page.index("<tbody>"):]
    '<tbody><tr><td>&lt;b&gt;</td><td></td></tr></tbody></table>'
    """
    shown = table.astype(object).where(table.notna(), "")
    head = join(html('<th scope="col">{}</th>', c) for c in table.columns)
    rows = join(
        html("<tr>{}</tr>", join(html("<td>{}</td>", v) for v in row))
        for row in shown.itertuples(index=False)
    )
    return html(
        '<table class="sk-result-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        head,
        rows,
    )


def result_html(
    kind: str,
    title: str,
    lines: Iterable[str],
    notes: Iterable[str],
    safety: str,
    table: pd.DataFrame,
) -> Html:
    """A result as a notebook shows it: its title, what it says in words, its notes, the
    safety rules and its table (folded, for whoever wants the rows).

    Parameters
    ----------
    kind
        A short class name, ``plan``, ``routine`` or ``session``.
    title
        The heading.
    lines
        What the result says, a paragraph each.
    notes
        The rules applied, a list item each.
    safety
        The safety rules, in words; left out when empty.
    table
        The table, shown under a summary the reader opens.

    Examples
    --------
    >>> page = result_html("plan", "A week", ["Mon: rest"], ["A note"], "Stop at pain.",
    ...                    pd.DataFrame({"day": ["Mon"]}))
    >>> page.startswith('<section class="sk-result sk-result-plan"'), "Stop at pain." in page
    (True, True)
    """
    notes = list(notes)
    parts = [html('<h3 style="margin:0.2em 0">{}</h3>', title)]
    parts += [html('<p style="margin:0.2em 0">{}</p>', line) for line in lines]
    if notes:
        parts.append(
            html(
                '<h4 style="margin:0.5em 0 0.2em">Notes</h4><ul>{}</ul>',
                join(html("<li>{}</li>", n) for n in notes),
            )
        )
    if safety:
        parts.append(
            html(
                '<p role="note" style="border-left:4px solid var(--jp-error-color0, #b71c1c);'
                'padding-left:0.6em">'
                "<strong>&#9888; Safety:</strong> {}</p>",
                safety,
            )
        )
    parts.append(
        html(
            "<details><summary>The table: {rows} rows</summary>{table}</details>",
            rows=len(table),
            table=table_html(table),
        )
    )
    return html(
        '<section class="sk-result sk-result-{}" style="{}">{}{}</section>',
        kind,
        _BOX_CSS,
        _TABLE_CSS,
        join(parts),
    )
