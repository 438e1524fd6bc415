"""The one way text reaches HTML and SVG: templates of the kit's own markup, values escaped.

Names, notes, steps and file names come from tables a trainer writes, logs a person keeps and
files students hand in; any of them may hold ``<img onerror=...>``. So the kit never pastes a
value into markup itself: :func:`html` fills a template of its own markup and escapes every
value, quotes included (so a value is safe in an attribute too), and :class:`Html` marks what is
already markup, so a piece built here is not escaped twice when it goes into a larger one.
Numbers, dates and times go in as they are, so a template may format them (``{n:.1f}``).

Nothing else in the package imports :mod:`html` or escapes by hand; a test checks that.
"""

from __future__ import annotations

import html as _stdlib_html
import numbers
import re
from collections.abc import Iterable
from datetime import date, time

__all__ = ["Html", "escape", "html", "join", "svg_markup"]


class Html(str):
    """Markup made by this module: safe to put into a page as it is.

    Examples
    --------
    >>> part = html("<b>{}</b>", "Cat & Cow")
    >>> part, isinstance(part, Html)
    ('<b>Cat &amp; Cow</b>', True)
    >>> html("<p>{}</p>", part)  # already markup: not escaped again
    '<p><b>Cat &amp; Cow</b></p>'
    """

    __slots__ = ()

    def __html__(self) -> str:  # the convention Jinja and MarkupSafe read
        return self


def escape(value) -> Html:
    """``value`` as text that no browser reads as markup; :class:`Html` passes unchanged.

    Examples
    --------
    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> escape(None), escape(2.5)
    ('None', '2.5')
    """
    if isinstance(value, Html):
        return value
    return Html(_stdlib_html.escape(str(value), quote=True))


def _value(value):
    """What a template may format: numbers and moments as they are, all else escaped."""
    plain = isinstance(value, numbers.Number | date | time) and not isinstance(value, bool)
    return value if plain else escape(value)


def html(template: str, /, *args, **kwargs) -> Html:
    """Fill ``template``, the kit's own markup, with escaped values (``str.format`` rules).

    Examples
    --------
    >>> html('<a title="{name}">{n:.0f} s</a>', name='"><script>', n=30.0)
    '<a title="&quot;&gt;&lt;script&gt;">30 s</a>'
    """
    return Html(
        template.format(*(_value(a) for a in args), **{k: _value(v) for k, v in kwargs.items()})
    )


def join(parts: Iterable, separator: str = "") -> Html:
    """Join values (escaped) or markup with ``separator``, which is the kit's own markup.

    Examples
    --------
    >>> join(["Figure-Four", html("<em>{}</em>", "QL")], ", ")
    'Figure-Four, <em>QL</em>'
    """
    return Html(separator.join(escape(p) for p in parts))


_SVG_START = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?<svg\b", re.I)
_UNSAFE_SVG = re.compile(r"<script|<foreignObject|<style|\son\w+\s*=|javascript:", re.I)
# A matplotlib SVG refers only to its own parts (markers, clip paths) and to PNGs inside it.
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.I)
_OWN_HREF = re.compile(r"^(#[\w-]+|data:image/png;base64,[A-Za-z0-9+/=\s]*)$")


def svg_markup(svg: str, *, title: str, desc: str) -> Html:
    """A matplotlib SVG (which escapes the text it writes) as markup for a page, with
    ``role="img"``, a ``<title>`` (its accessible name) and a ``<desc>`` (escaped) that say in
    words what it shows.

    Refuses anything that is not an SVG, or that holds a script, an event handler or a
    ``foreignObject``: only matplotlib's own drawing passes.

    Examples
    --------
    >>> svg_markup('<svg width="2pt"><path d="M0 0"/></svg>', title="A", desc="<b>")
    '<svg role="img" width="2pt"><title>A</title><desc>&lt;b&gt;</desc><path d="M0 0"/></svg>'
    """
    match = _SVG_START.match(svg)
    if match is None or _UNSAFE_SVG.search(svg):
        raise ValueError("not a plain SVG drawing")
    if not all(_OWN_HREF.match(href) for href in _HREF.findall(svg)):
        raise ValueError("an SVG that refers outside itself")
    head, sep, body = svg[match.end() :].partition(">")
    if not sep:
        raise ValueError("not a plain SVG drawing")
    labels = html("><title>{}</title><desc>{}</desc>", title, desc)
    return Html('<svg role="img"' + head + labels + body)
