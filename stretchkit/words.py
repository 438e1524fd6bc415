"""Results as a person reads them: sentences, whole tables, rounded numbers, no reprs.

A lesson rendered without its code (Voila) shows whatever a cell returns. A DataFrame cuts
long text with "...", shows ``NaN`` and ``<NA>`` and six decimals; a ``print()`` wraps mid-word
on a phone; a ``Path`` shows as ``PosixPath('...')``. The helpers here give the same facts in
words: :func:`table` (every cell whole, numbers rounded, missing values as a dash),
:func:`paragraphs` (text that wraps between words), :func:`saved` (file names, not paths),
and :func:`listing` and :func:`amount` for building sentences. Every value reaches the page
through :mod:`stretchkit.markup`, so text from a table is always escaped.
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from stretchkit.markup import Html, html, join

__all__ = [
    "Words",
    "amount",
    "bullets",
    "download_link",
    "in_words",
    "listing",
    "number",
    "paragraphs",
    "problem",
    "saved",
    "table",
]

MISSING = "—"

_WRAP = "white-space:pre-wrap;overflow-wrap:anywhere;margin:0.35em 0;line-height:1.45"
_CELL = "white-space:normal;overflow-wrap:break-word;text-align:left;vertical-align:top"
_TABLE = "border-collapse:collapse;min-width:100%;font-size:0.95em"
# On a phone a wide table becomes one block per row, each value under its heading's name.
_NARROW = Html(
    "<style>@media (max-width: 640px) {"
    ".sk-words-table table,.sk-words-table tbody,.sk-words-table tr,.sk-words-table td"
    "{display:block;width:auto;min-width:0}"
    ".sk-words-table thead{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0)}"
    ".sk-words-table tr{border-top:1px solid #bbb;padding:0.4em 0}"
    ".sk-words-table td{padding:0.1em 0;border:none}"
    ".sk-words-table td::before{content:attr(data-label) ': ';font-weight:bold}"
    "}</style>"
)


class Words:
    """Text and markup for one output: HTML for a page, the same words as plain text.

    Parameters
    ----------
    text
        The plain text (what a console or a test reads).
    markup
        The HTML, made by :mod:`stretchkit.markup`.

    Examples
    --------
    >>> w = paragraphs("Hold <30 s>.")
    >>> print(w)
    Hold <30 s>.
    >>> "Hold &lt;30 s&gt;." in w._repr_html_()
    True
    """

    __slots__ = ("markup", "text")

    def __init__(self, text: str, markup: Html):
        self.text = text
        self.markup = markup

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text)


def number(value, digits: int = 1) -> str:
    """A number as a person writes it: rounded to ``digits``, no ``.0`` on a whole number.

    Parameters
    ----------
    value
        A number; a missing one (None, NaN, ``pd.NA``) gives a dash.
    digits
        The decimals kept, at most.

    Examples
    --------
    >>> number(14.333333), number(30.0), number(0.5, 0), number(float("nan"))
    ('14.3', '30', '0', '—')
    """
    if _missing(value):
        return MISSING
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0")


def amount(value, unit: str, digits: int = 1) -> str:
    """A number with its unit: ``14.3 min``.

    Parameters
    ----------
    value
        The number.
    unit
        Its unit, in words or a short symbol (``min``, ``s``, ``sessions``).
    digits
        The decimals kept, at most.

    Examples
    --------
    >>> amount(860 / 60, "min"), amount(305.0, "s")
    ('14.3 min', '305 s')
    """
    return f"{number(value, digits)} {unit}"


def listing(items: Iterable, last: str = "and") -> str:
    """Items in a sentence: ``a, b and c``; none gives ``none``.

    Parameters
    ----------
    items
        The items; numbers are written with :func:`number`.
    last
        The word before the last item.

    Examples
    --------
    >>> listing(["Figure-Four", "Seated Glute"]), listing([2, 3.0, 4]), listing([])
    ('Figure-Four and Seated Glute', '2, 3 and 4', 'none')
    """
    words = [_cell(i) for i in items]
    if not words:
        return "none"
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def paragraphs(*texts: str) -> Words:
    """Text as paragraphs that wrap between words; a line break in a text is kept.

    Parameters
    ----------
    *texts
        One paragraph each. Their text is escaped, so it may come from any table.

    Examples
    --------
    >>> print(paragraphs("First.", "Second,\\n  indented."))
    First.
    <BLANKLINE>
    Second,
      indented.
    """
    shown = [str(t) for t in texts]
    body = join(html('<p style="{}">{}</p>', _WRAP, t) for t in shown)
    return Words("\n\n".join(shown), html('<div class="sk-words">{}</div>', body))


# The kit's messages name the argument to change (``minutes=6``), as errors for a programmer
# should; a reader of a lesson, who sees no code, is told the same thing in words.
_ARGUMENTS: tuple[tuple[str, str], ...] = (
    (r"plan again with cleared=True\b", "plan again saying so"),
    (r"\bwarmed_up=True if\b", "say you are already warm if"),
    (r"\bwarmed_up=True\b", "already warm"),
    (r"\bpersistent_tightness=True\b", "tightness that keeps coming back"),
    (r"\bminutes=(\d+(?:\.\d+)?)", r"\1 minutes"),
    (r"\bn=(\d+)", r"\1 questions"),
)


def in_words(text: str) -> str:
    """A message of the kit with the arguments it names (``minutes=6``) said in words.

    Examples
    --------
    >>> in_words("minutes=4 is too short. Give minutes=6 or more, or warmed_up=True if ...")
    '4 minutes is too short. Give 6 minutes or more, or say you are already warm if ...'
    >>> in_words("ask for n=40 or fewer")
    'ask for 40 questions or fewer'
    """
    for pattern, words in _ARGUMENTS:
        text = re.sub(pattern, words, text)
    return text


def problem(error: BaseException | str) -> Words:
    """What went wrong, as a reader of a lesson reads it: the message of ``error``, its
    arguments said in words (:func:`in_words`).

    Examples
    --------
    >>> from stretchkit import plan_week
    >>> try:
    ...     plan_week(minutes=4)
    ... except ValueError as err:
    ...     print(problem(err).text[:60])
    4 minutes is too short: each session needs at least 6 minute
    """
    text = str(error)
    if isinstance(error, KeyError) and error.args:  # str() of a KeyError adds quotes
        text = str(error.args[0])
    return paragraphs(in_words(text))


def bullets(lines: Iterable[str], title: str = "") -> Words:
    """A list, with an optional line above it.

    Parameters
    ----------
    lines
        One item each; escaped.
    title
        A line above the list; left out when empty.

    Examples
    --------
    >>> print(bullets(["Cat-Cow: 30 s", "Rest"], title="Mon"))
    Mon
    - Cat-Cow: 30 s
    - Rest
    """
    items_text = [str(line) for line in lines]
    head = html('<p style="{}"><strong>{}</strong></p>', _WRAP, title) if title else Html("")
    items = join(html('<li style="{}">{}</li>', _WRAP, line) for line in items_text)
    text = "\n".join(([title] if title else []) + [f"- {line}" for line in items_text])
    return Words(text, html('<div class="sk-words">{}<ul>{}</ul></div>', head, items))


# What a browser is told each file holds, so that it opens or saves it as that.
_MIME = {
    ".csv": "text/csv",
    ".ics": "text/calendar",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".txt": "text/plain",
}
#: Files up to this size are linked for download inside the page (a data: link: nothing is
#: fetched from a server, so it works in Voila, on Binder and offline); a larger one is named.
LINK_BYTES = 20 * 1024 * 1024


def download_link(path: str | os.PathLike, *, note: str = "") -> Html:
    """A link that saves ``path`` from the page itself (its bytes in a ``data:`` link), for
    a reader who cannot open the server's folders (Voila, a phone, Binder).

    Parameters
    ----------
    path
        The file, already written.
    note
        Small text after the link, such as where the file was also saved.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a<b>.csv").write_text("x\\n1\\n")
    4
    >>> print(download_link(folder / "a<b>.csv").replace(" href", "\\n href"))
    <a class="sk-download" download="a&lt;b&gt;.csv"
     href="data:text/csv;base64,eAoxCg==">Download a&lt;b&gt;.csv</a>
    """
    path = Path(path)
    size = path.stat().st_size
    if size > LINK_BYTES:
        return html(
            "<span>{name} is {mb:.0f} MB, too big to link here: find it in {folder}</span>",
            name=path.name,
            mb=size / 1e6,
            folder=str(path.parent),
        )
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    small = html(" <small>({})</small>", note) if note else Html("")
    return html(
        '<a class="sk-download" download="{name}" href="data:{mime};base64,{data}">'
        "Download {name}</a>{small}",
        name=path.name,
        mime=_MIME.get(path.suffix.lower(), "application/octet-stream"),
        data=data,
        small=small,
    )


def saved(paths: Iterable[str | os.PathLike], what: str = "Saved") -> Words:
    """Files just written, by name and folder: ``Saved week.csv and week.pdf in exports.``;
    on a page, each with a link that downloads it (:func:`download_link`).

    Parameters
    ----------
    paths
        The files.
    what
        The first word of the sentence.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "exports"
    >>> folder.mkdir()
    >>> for name in ("week.csv", "week.pdf"):
    ...     _ = (folder / name).write_text("x")
    >>> words = saved([folder / "week.csv", folder / "week.pdf"])
    >>> print(words)
    Saved week.csv and week.pdf in the folder exports.
    >>> words._repr_html_().count('class="sk-download"')
    2
    """
    files = [Path(p) for p in paths]
    folders = {f.parent.name or "." for f in files}
    where = f" in the folder {folders.pop()}" if len(folders) == 1 else ""
    sentence = paragraphs(f"{what} {listing(f.name for f in files)}{where}.")
    links = join((download_link(f) for f in files if f.is_file()), " · ")
    markup = html(
        '<div class="sk-words">{}<p style="{}">{}</p></div>', sentence.markup, _WRAP, links
    )
    return Words(sentence.text, markup)


def table(
    frame: pd.DataFrame,
    *,
    title: str = "",
    digits: int = 1,
    percent: Sequence[str] = (),
) -> Words:
    """A table shown whole: every cell in full, numbers rounded, missing values as a dash.

    Headings lose their underscores; yes/no stands for True/False; a whole-day time shows as
    its date; a list is written out. A named index (a pivot's rows) becomes the first column.
    On a narrow screen the table scrolls sideways inside its box and long text wraps.

    Parameters
    ----------
    frame
        The table.
    title
        A line above it; left out when empty.
    digits
        The decimals kept, at most.
    percent
        Columns of fractions (0 to 1) shown as whole percents.

    Examples
    --------
    >>> t = table(pd.DataFrame({"hold_s": [14.333333, None], "ok": pd.array([True, False]),
    ...                         "note": ["<b>long text</b>", pd.NA]}), title="Two rows")
    >>> print(t)
    Two rows
    hold s | ok | note
    14.3 | yes | <b>long text</b>
    — | no | —
    >>> "&lt;b&gt;long text&lt;/b&gt;" in t._repr_html_()
    True
    """
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    headings = [_cell(c, digits).replace("_", " ") for c in frame.columns]
    rows = [
        [
            _percent(v) if c in percent else _cell(v, digits)
            for c, v in zip(frame.columns, row, strict=True)
        ]
        for row in frame.itertuples(index=False)
    ]
    head = join(html('<th scope="col" style="{}">{}</th>', _CELL, h) for h in headings)
    body = join(
        html(
            "<tr>{}</tr>",
            join(
                html('<td data-label="{}" style="{}">{}</td>', h, _CELL, v)
                for h, v in zip(headings, row, strict=True)
            ),
        )
        for row in rows
    )
    caption = html('<p style="{}"><strong>{}</strong></p>', _WRAP, title) if title else Html("")
    markup = html(
        # The box a wide table scrolls in can take the keyboard's focus, and is named, so it
        # can be scrolled without a mouse.
        '<div class="sk-words sk-words-table">{}{}<div role="region" tabindex="0" '
        'aria-label="{}" style="overflow-x:auto;max-width:100%">'
        '<table style="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></div>',
        _NARROW,
        caption,
        # Named by its title, or by its first columns: "Table" alone would say nothing.
        title or "Table of " + ", ".join(headings[:3]),
        _TABLE,
        head,
        body,
    )
    lines = ([title] if title else []) + [" | ".join(r) for r in [headings, *rows]]
    return Words("\n".join(lines), markup)


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _percent(value) -> str:
    return MISSING if _missing(value) else f"{float(value) * 100:.0f}%"


def _cell(value, digits: int = 1) -> str:
    """One value as text for a table or a sentence."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v, digits) for v in value) or MISSING
    if _missing(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None and value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        return number(value, digits)
    return str(value)
