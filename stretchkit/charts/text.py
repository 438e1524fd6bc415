r"""Text from the tables, drawn as written.

Matplotlib reads a string with two unescaped dollar signs as mathematics: a trainer's stretch
called ``$x^2$`` would be drawn as x squared, ``a $5 or $10 band`` would lose its dollars and
italicise what lies between them, and ``$\frac`` or ``$$`` stop the chart with a parser
error. Names, notes, titles and file names reach matplotlib from the tables, the log and the
class's folder, so every such string goes through :func:`literal` (or :func:`label`, which
also bounds its length) before matplotlib sees it, whether it becomes a title, a tick or axis
label, a legend entry, an annotation, a cell of a chart or a line of a printed page.

Escaping the string, rather than turning mathtext off on the Text artists the kit makes, is
what holds everywhere: matplotlib makes tick labels lazily at draw time and rebuilds a legend
from its artists' labels, and neither copies a Text's ``parse_math`` setting, while an escaped
string draws literally on any Text. With no unescaped ``$`` left, matplotlib never parses the
string as mathtext and only turns each ``\$`` back into ``$``, so backslashes, ``_``, ``^``
and ``%`` are drawn as they are. ``get_text()`` returns the escaped string.

A name can be any length, and a tick label or annotation of thousands of characters makes a
chart (and a notebook's "tight" image) thousands of points wide, and slow to measure.
:func:`label` cuts such a name with an ellipsis; the tables, the cards and the printed pages
carry it whole.
"""

from __future__ import annotations

import textwrap

__all__ = ["LABEL_CHARS", "label", "literal", "shorten"]

#: Characters a name keeps on one line of a chart label before it is cut with an ellipsis;
#: every built-in name is less than half as long.
LABEL_CHARS = 40
ELLIPSIS = "\u2026"


def literal(text) -> str:
    r"""``text`` escaped so that matplotlib draws it exactly as written, never as mathtext.

    Examples
    --------
    >>> literal("$x^2$")
    '\\$x^2\\$'
    >>> literal("Figure-Four")
    'Figure-Four'
    >>> from matplotlib.figure import Figure
    >>> t = Figure().text(0, 0, literal(r"$\frac{a}{b}$ costs \$5"))
    >>> t._preprocess_math(t.get_text())  # what the renderer draws, and not as mathtext
    ('$\\frac{a}{b}$ costs \\$5', False)
    """
    # A backslash before every "$"; matplotlib's one step back, turning each "\$" into "$",
    # then gives the original, a backslash the name had before a "$" included.
    return str(text).replace("$", "\\$")


def shorten(text, *, chars: int = LABEL_CHARS, lines: int = 1) -> str:
    """``text`` in at most ``lines`` lines of at most ``chars`` characters, cut with an
    ellipsis when longer; not escaped (see :func:`label`).

    Runs of white space (a line break inside a name) become one space; a word longer than a
    line is broken. Only the start of a long text is looked at, so a name of any length costs
    no more than a short one.

    Examples
    --------
    >>> print(shorten("Child's Pose, with the knees wide and the arms long", chars=24, lines=2))
    Child's Pose, with the
    knees wide and the arms…
    >>> len(shorten("W" * 100_000))
    40
    """
    if chars < 2 or lines < 1:
        raise ValueError(f"chars must be 2 or more and lines 1 or more, not {chars} and {lines}")
    text = str(text).strip()
    look = 2 * chars * lines + 2  # enough to know whether it must be cut
    cut = len(text) > look
    text = " ".join(text[:look].split())
    wrapped = (textwrap.wrap(text, chars) if lines > 1 else [text]) if text else [""]
    if cut or len(wrapped) > lines or len(wrapped[-1]) > chars:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: chars - 1].rstrip() + ELLIPSIS
    return "\n".join(wrapped)


def label(text, *, chars: int = LABEL_CHARS, lines: int = 1) -> str:
    r"""A name as a chart label: :func:`shorten`, then escaped as :func:`literal` does.

    Examples
    --------
    >>> label("Supine Spinal Twist")
    'Supine Spinal Twist'
    >>> label("$5 stretch")
    '\\$5 stretch'
    >>> len(label("W" * 100_000))
    40
    """
    return literal(shorten(text, chars=chars, lines=lines))
