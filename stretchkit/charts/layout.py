"""The page-layout engine of the printed handout and lesson pack: text measured in the font
that prints it, wrapped and clipped to a width in points, placed on a :class:`Page` and drawn
onto a matplotlib figure of paper size.

Widths are in ems of DejaVu Sans, taken from the outlines the PDF and SVG print, so a line
never runs off the page however wide its letters; a word longer than a line is cut where it
must be, never inside an accented letter or an emoji sequence. A text longer than any page
holds (:data:`MAX_TEXT` characters) is refused with :class:`TextTooLong` before it is measured.

Examples
--------
>>> page = Page()
>>> bottom = para(page, MARGIN, MARGIN, 100, "Hold the stretch for thirty seconds", 10)
>>> [line for _, _, line, *_ in page.texts]
['Hold the stretch', 'for thirty seconds']
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import text_to_path

from .text import ELLIPSIS, literal

try:  # matplotlib 3.10 and later
    from matplotlib.ft2font import LoadFlags

    _NO_HINTING = LoadFlags.NO_HINTING
except ImportError:  # pragma: no cover - matplotlib 3.8 and 3.9
    # matplotlib's own stubs, from 3.10 on, leave out this name (deprecated there).
    from matplotlib.ft2font import LOAD_NO_HINTING as _NO_HINTING  # type: ignore[attr-defined, no-redef]


__all__ = [
    "A4",
    "ASCENT",
    "DESCENT",
    "FIT",
    "INK",
    "LEADING",
    "LETTER",
    "MARGIN",
    "MAX_TEXT",
    "PNG_DPI",
    "SOFT",
    "Page",
    "TextTooLong",
    "advances",
    "clip",
    "draw_page",
    "em",
    "measure",
    "para",
    "wrap",
]


A4 = (595.28, 841.89)  # points, portrait
LETTER = (612.0, 792.0)
MARGIN = 34.0  # clear of the unprintable edge of office printers (about 5 mm)
# Where a line's baseline sits below its top, and how far apart lines are, in ems of DejaVu Sans.
ASCENT, DESCENT, LEADING = 0.95, 0.25, 1.22
FIT = 0.97  # share of a line's room that text may fill: hinted PNG glyphs run ~1.5% wider
PNG_DPI = 200
_SPACE = 0.32  # a DejaVu Sans space, in ems
# Text in near-black, notes a shade softer; the safety box in pale yellow with a dark edge.
INK, SOFT = "#111111", "#444444"
_SAFETY_FILL, _SAFETY_EDGE = "#FFF4D6", "#333333"


@dataclass
class Page:
    """Lines and shapes placed in points from the page's top left, drawn in one go at the end."""

    texts: list = field(default_factory=list)  # (x, baseline, text, size, weight, style, colour)
    boxes: list = field(default_factory=list)  # (x, top, width, height)
    rules: list = field(default_factory=list)  # (x0, x1, y)

    def shifted(self, dx: float, dy: float) -> Page:
        """The same page content moved by ``dx`` and ``dy`` points."""
        return Page(
            [(x + dx, y + dy, *rest) for x, y, *rest in self.texts],
            [(x + dx, y + dy, w, h) for x, y, w, h in self.boxes],
            [(a + dx, b + dx, y + dy) for a, b, y in self.rules],
        )

    def add(self, other: Page) -> None:
        """Put everything on ``other`` onto this page."""
        self.texts += other.texts
        self.boxes += other.boxes
        self.rules += other.rules


# --- measuring and wrapping text ---------------------------------------------------------
#
# Widths are in ems of DejaVu Sans, taken from the outlines the PDF and SVG print: they scale
# with the size, so one measure serves every size the layout tries. A real measure lays the
# glyphs out (kerning and all) and costs about 15 microseconds a character, so a long word is
# never measured piece after ever shorter piece: where to cut it is found from the advance of
# each character, added up, and the piece is then measured once to be sure it fits. Laying out
# a text so costs time in proportion to its length, however long its words.

# FontProperties takes only these styles, so the measures pass nothing else.
_FontStyle = Literal["normal", "italic", "oblique"]

_SHORT = 64  # characters; a word this short is measured whole, once per process
_ZWJ = "\u200d"  # zero width joiner: the characters on either side make one glyph


def measure(text: str, weight: str, style: _FontStyle) -> float:
    """Width of ``text`` in ems, as printed."""
    prop = FontProperties(family="DejaVu Sans", size=100, weight=weight, style=style)
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0] / 100


em = functools.lru_cache(maxsize=4096)(measure)
em.__doc__ = """Width of a word in ems, measured once: the layout measures the same words at
every size it tries."""

_ADVANCES: dict[tuple[str, str], dict[str, float]] = {}


def advances(text: str, weight: str, style: _FontStyle) -> np.ndarray:
    """The advance of each character of ``text`` on its own, in ems: an estimate of where the
    next one starts that leaves out kerning, read from the font once per character."""
    table = _ADVANCES.setdefault((weight, style), {})
    missing = set(text).difference(table)
    if missing:
        prop = FontProperties(family="DejaVu Sans", size=100, weight=weight, style=style)
        font = get_font(findfont(prop))
        font.set_size(100, 72)  # 100 pixels an em
        for ch in missing:
            if font.get_char_index(ord(ch)):
                advance = font.load_char(ord(ch), flags=_NO_HINTING).horiAdvance / 6400
            else:
                # A character the font lacks prints as a box, as wide whatever it stands for.
                if "" not in table:
                    table[""] = em(ch * 2, weight, style) - em(ch, weight, style)
                advance = table[""]
            table[ch] = advance
    return np.fromiter((table[ch] for ch in text), float, len(text))


@functools.lru_cache(maxsize=16)
def _starts(text: str, weight: str, style: _FontStyle) -> np.ndarray:
    """Where each character of ``text`` starts, in ems, by its advances: element ``i`` is an
    estimate of the width of ``text[:i]``, the last one of the whole."""
    out = np.zeros(len(text) + 1)
    np.cumsum(advances(text, weight, style), out=out[1:])
    return out


def _joins(text: str, i: int) -> bool:
    """Whether ``text`` must not be cut before ``text[i]``: an accent or other mark goes with
    the letter before it, and an emoji sequence stays whole."""
    ch = text[i]
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == _ZWJ
        or text[i - 1] == _ZWJ
        or "\U0001f3fb" <= ch <= "\U0001f3ff"  # skin tones
        or "\U000e0020" <= ch <= "\U000e007f"  # tags, as in the flags of regions
    )


def _cut_before(text: str, start: int, end: int) -> int:
    """The last place at or before ``end`` (and after ``start``) where ``text`` may be cut;
    ``end`` itself where there is none, as in a run of marks with no letter."""
    i = end
    while i > start + 1 and i < len(text) and _joins(text, i):
        i -= 1
    return end if i == start + 1 and i < len(text) and _joins(text, i) else i


def _piece(text: str, start: int, room: float, weight: str, style: _FontStyle) -> tuple[int, float]:
    """The end of the longest piece ``text[start:end]`` no wider than ``room`` ems, and its
    width; at least one character, even if that is wider. A mark stays with its letter and
    an emoji sequence whole, unless the piece would be nothing else.

    The advances give where to cut; one real measure checks the piece. It is wider than the
    advances say only by a glyph's overhang or a kerning pair, so the piece is cut shorter by
    that much and measured again, rarely more than once.
    """
    starts = _starts(text, weight, style)
    end = int(np.searchsorted(starts, starts[start] + room, side="right")) - 1
    end = _cut_before(text, start, max(end, start + 1))
    width = measure(text[start:end], weight, style)
    while width > room and end > start + 1:
        over = width - room
        shorter = int(np.searchsorted(starts, starts[end] - over, side="right")) - 1
        shorter = _cut_before(text, start, max(min(shorter, end - 1), start + 1))
        if shorter >= end:
            break  # one letter with its marks, wider than the room: it goes alone
        end = shorter
        width = measure(text[start:end], weight, style)
    for _ in range(3):
        # The advances leave out kerning, which mostly tightens, and the ink of the last
        # glyph may end short of its advance: by what the measure found, more may fit.
        slack = starts[end] - starts[start] - width
        longer = int(np.searchsorted(starts, starts[start] + room + slack, side="right")) - 1
        longer = _cut_before(text, start, min(longer, len(text)))
        if width > room or longer <= end:
            break
        wider = measure(text[start:longer], weight, style)
        if wider > room:
            break
        end, width = longer, wider
    return end, width


def _fits(text: str, room: float, weight: str, style: _FontStyle) -> tuple[bool, float]:
    """Whether ``text`` fits in ``room`` ems, and its width if it does; a long text is
    measured only as far as the room reaches."""
    if room <= 0:
        return False, math.inf
    if len(text) <= _SHORT:
        width = em(text, weight, style)
        return width <= room, width
    end, width = _piece(text, 0, room, weight, style)
    return end == len(text) and width <= room, width


def _width(text: str, size: float, weight: str, style: _FontStyle) -> float:
    words = text.split(" ")
    space = em("a a", weight, style) - em("aa", weight, style)
    return size * (sum(em(w, weight, style) for w in words) + space * (len(words) - 1))


@functools.lru_cache(maxsize=1024)
def _lead_width(lead: str, size: float, style: _FontStyle) -> float:
    """Room for a bold lead and the space after it. The text after the lead is a separate
    piece of text, so the lead must not be measured short: a PNG's hinted glyphs can run wider
    than the outlines a PDF prints, and the wider of the two is taken."""
    prop = FontProperties(family="DejaVu Sans", size=size, weight="bold", style=style)
    renderer = _png_renderer()
    hinted = renderer.get_text_width_height_descent(lead, prop, ismath=False)[0] * 72 / PNG_DPI
    return max(hinted, _width(lead, size, "bold", style)) + _SPACE * size


@functools.lru_cache(maxsize=1)
def _png_renderer():
    return FigureCanvasAgg(Figure(dpi=PNG_DPI)).get_renderer()


def wrap(text, width, size, weight="normal", style="normal", *, first=None) -> list[str]:
    """Lines of ``text`` no wider than ``width`` points (the first no wider than ``first``),
    measured in the font that prints them: a character count would let wide capitals run off
    the page. A word wider than a line (a long custom name) is cut where it must be.

    Examples
    --------
    >>> wrap("Hold the stretch for thirty seconds", 100, 10)
    ['Hold the stretch for', 'thirty seconds']
    >>> lines = wrap("W" * 1000, 100, 10)  # a W is 0.99 em: ten to a line of 10 ems
    >>> len(lines), set(lines) == {"W" * 10}
    (100, True)
    """
    first = None if first is None else float(first)
    return list(_wrapped(str(text), float(width), float(size), weight, style, first))


@functools.lru_cache(maxsize=2048)
def _wrapped(text, width, size, weight, style, first) -> tuple[str, ...]:
    # The layout tries many sizes and lays the same text out at each, and the pack lays a
    # card out at up to four: a text is wrapped once for each room it is given.
    space = em("a a", weight, style) - em("aa", weight, style)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0

    def room():  # in ems
        return (width if lines or first is None else first) / size

    for word in text.split():
        if line:
            fits, w = _fits(word, room() - used - space, weight, style)
            if fits:
                line.append(word)
                used += space + w
                continue
            lines.append(" ".join(line))
        elif (
            first is not None
            and not lines
            and first < width
            and not _fits(word, first / size, weight, style)[0]
        ):
            lines.append("")  # the word does not fit beside the lead; start below it
        fits, w = _fits(word, room(), weight, style)
        start = 0
        while not fits:  # a word wider than the line: cut it, piece by piece
            end, w = _piece(word, start, room(), weight, style)
            if end == len(word):
                break
            lines.append(word[start:end])
            start = end
        line, used = [word[start:]], w
    if line or not lines:
        lines.append(" ".join(line))
    return tuple(lines)


def clip(text: str, width: float, size: float, weight="normal", style="normal", frame="{}"):
    """``frame`` filled with ``text`` on one line no wider than ``width`` points: with the
    whole text if it fits, else with as much of its start as fits and an ellipsis.

    Examples
    --------
    >>> clip("Knee-to-Chest", 200, 10, frame="{} (continued)")
    'Knee-to-Chest (continued)'
    >>> clip("Knee-to-Chest " * 50, 200, 10, frame="{} (continued)")
    'Knee-to-Chest Knee-to-C… (continued)'
    """
    room = width / size
    whole = frame.format(text)
    if _fits(whole, room, weight, style)[0]:
        return whole
    room_left = room - em(frame.format(ELLIPSIS), weight, style)
    end = _piece(text, 0, max(room_left, 0.0), weight, style)[0] if room_left > 0 else 0
    while True:
        clipped = frame.format(text[:end].rstrip() + ELLIPSIS)
        if end == 0 or _fits(clipped, room, weight, style)[0]:
            return clipped
        end = _cut_before(text, 0, end - 1) if end > 1 else 0


def para(
    page,
    x,
    y,
    width,
    text,
    size,
    *,
    weight="normal",
    style="normal",
    colour=INK,
    bullet=False,
    lead=None,
) -> float:
    """Place a wrapped paragraph with its top at ``y``, after ``lead`` in bold if given;
    returns the y below it. A lead longer than a line wraps, and the text follows its last
    line."""
    _check_length(text)
    _check_length(lead or "")
    indent = 1.1 * size if bullet else 0.0
    # Printed glyphs run a little wider than the font's outlines (hinting), so keep a margin.
    room = (width - indent) * FIT
    leads = wrap(lead, room, size, "bold", style) if lead else []
    lead_w = _lead_width(leads[-1], size, style) if leads else 0.0
    lines = wrap(text, room, size, weight, style, first=room - lead_w)
    baseline = y + ASCENT * size
    if bullet:
        page.texts.append((x, baseline, "\u2022", size, "bold", "normal", colour))
    for i, line in enumerate(leads):
        y_i = baseline + i * LEADING * size
        page.texts.append((x + indent, y_i, line, size, "bold", style, colour))
    below = max(len(leads) - 1, 0)  # lines of the lead above the one the text starts on
    for i, line in enumerate(lines):
        if line:
            shift = lead_w if i == 0 else 0.0
            y_i = baseline + (below + i) * LEADING * size
            page.texts.append((x + indent + shift, y_i, line, size, weight, style, colour))
    return baseline + (below + len(lines) - 1) * LEADING * size + DESCENT * size


#: The longest text the layout prints in one piece: more than a page holds at the smallest
#: size (an A4 page of DejaVu Sans at 7 pt holds about 12,000 characters of ordinary text).
MAX_TEXT = 20_000


class TextTooLong(ValueError):
    """A text too long to print in one piece (more than :data:`MAX_TEXT` characters)."""


def _check_length(text) -> None:
    """Refuse at once a text longer than any page holds, rather than measure it all."""
    text = str(text)
    if len(text) > MAX_TEXT:
        raise TextTooLong(
            f"a text of {len(text):,} characters is too long to print (at most {MAX_TEXT:,}, "
            f"more than a page holds): {text[:24]!r}{ELLIPSIS}; shorten it where it is "
            "written (a name or text in the tables, a note or the title)"
        )


def draw_page(fig: Figure, page: Page, paper: tuple[float, float]) -> None:
    """Draw a laid-out page (points from the top left) onto a figure of ``paper`` size."""
    w, h = paper
    for bx, by, bw, bh in page.boxes:
        fig.add_artist(
            Rectangle(
                (bx / w, 1 - (by + bh) / h),
                bw / w,
                bh / h,
                transform=fig.transFigure,
                facecolor=_SAFETY_FILL,
                edgecolor=_SAFETY_EDGE,
                linewidth=1.5,
                zorder=0,
            )
        )
    for x0, x1, y in page.rules:
        fig.add_artist(
            Line2D(
                [x0 / w, x1 / w],
                [1 - y / h] * 2,
                transform=fig.transFigure,
                color="#888888",
                linewidth=0.6,
            )
        )
    for x, y, text, size, weight, style, colour in page.texts:
        fig.text(
            x / w,
            1 - y / h,
            literal(text),  # a "$" in a custom name is a dollar, not mathtext
            fontsize=size,
            fontweight=weight,
            fontstyle=style,
            color=colour,
            family="DejaVu Sans",
            usetex=False,  # the layout measured this font's outlines, not what TeX would set
            va="baseline",
            ha="left",
            zorder=2,
        )
