"""A week's plan as a chart (minutes per muscle or per day) and as a one-page printable handout."""

from __future__ import annotations

import functools
import io
import math
import os
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import text_to_path

try:  # matplotlib 3.10 and later
    from matplotlib.ft2font import LoadFlags

    _NO_HINTING = LoadFlags.NO_HINTING
except ImportError:  # pragma: no cover - matplotlib 3.8 and 3.9
    from matplotlib.ft2font import LOAD_NO_HINTING as _NO_HINTING

from ..catalog import load_catalog
from ..files import atomic_write, output_path
from ..plan import WEEKDAYS, _check_plan, describe_day, plan_summary
from ..safety import safety_rules
from .anatomy import LABEL_SIZE, TITLE_SIZE
from .text import label, literal

__all__ = ["plan_handout", "plot_plan"]

DataDir = str | os.PathLike | None

# Okabe-Ito colours, safe for the common colour-vision deficiencies; every series also has its
# own hatch (or none) so the chart still reads when printed in greyscale.
WARM_UP_COLOUR = "#999999"
STRETCH_COLOUR = "#0072B2"
CHANGE_COLOUR = "#F0E442"
FOCUS_COLOUR = "#E69F00"
EDGE = "#333333"
_BY = ("muscle", "day")


def plot_plan(plan: pd.DataFrame, *, by: str = "muscle", ax=None, data_dir: DataDir = None):
    """Draw how a planned week spends its minutes: per muscle, or per weekday.

    Parameters
    ----------
    plan
        A plan made by :func:`~stretchkit.plan_week`.
    by
        ``"muscle"``: a horizontal bar per muscle of the tables (in table order, top to bottom)
        with the minutes of holds that reach it over the week; the plan's focus muscles are
        orange, hatched and labelled "(focus)". ``"day"``: a stacked bar for each of the seven
        weekdays with the warm-up, the stretching and the time to change side or stretch, the
        session's length on top and "rest" on days without a session.
    ax
        The axes to draw on; the current axes if ``None``.
    data_dir
        A folder of custom tables (``by="muscle"`` reads the muscles from it).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        ``by`` is neither ``"muscle"`` nor ``"day"``, or ``plan`` is not a plan.

    Examples
    --------
    >>> from stretchkit import plan_week
    >>> plan = plan_week(days=3, minutes=15, focus=["piriformis"])
    >>> ax = plot_plan(plan)
    >>> [t.get_text() for t in ax.get_yticklabels()][4]
    'Piriformis (focus)'
    >>> ax.get_xlabel()
    'minutes per week'
    >>> ax = plot_plan(plan, by="day", ax=plt.figure().gca())
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
    """
    if by not in _BY:
        raise ValueError(f"by must be 'muscle' or 'day', not {by!r}")
    plan = _check_plan(plan)
    ax = plt.gca() if ax is None else ax
    if by == "muscle":
        _plot_muscles(plan, ax, data_dir)
    else:
        _plot_days(plan, ax)
    return ax


def _plot_muscles(plan, ax, data_dir):
    summary = plan_summary(plan, by="muscle", data_dir=data_dir)
    focus = set(plan.attrs.get("settings", {}).get("focus", []) or [])
    is_focus = summary["muscle_id"].isin(focus).tolist()
    y = range(len(summary))
    bars = ax.barh(
        y,
        summary["minutes"],
        color=[FOCUS_COLOUR if f else STRETCH_COLOUR for f in is_focus],
        edgecolor=EDGE,
        linewidth=0.8,
    )
    for bar, f in zip(bars, is_focus, strict=True):
        bar.set_hatch("//" if f else None)
    ax.bar_label(bars, labels=[_num(m) for m in summary["minutes"]], padding=4, fontsize=LABEL_SIZE)
    labels = [
        label(name) + (" (focus)" if f else "")
        for name, f in zip(summary["name"], is_focus, strict=True)
    ]
    ax.set_yticks(list(y), labels, fontsize=LABEL_SIZE)
    for tick, f in zip(ax.get_yticklabels(), is_focus, strict=True):
        tick.set_fontweight("bold" if f else "normal")
    ax.invert_yaxis()  # table order reads top to bottom
    ax.margins(x=0.15)  # room for the value labels
    ax.set_xlim(left=0)
    ax.set_xlabel("minutes per week", fontsize=LABEL_SIZE)
    ax.tick_params(axis="x", labelsize=LABEL_SIZE - 1)
    if any(is_focus):
        ax.legend(
            handles=[
                Patch(facecolor=FOCUS_COLOUR, edgecolor=EDGE, hatch="//", label="focus muscle"),
                Patch(facecolor=STRETCH_COLOUR, edgecolor=EDGE, label="other muscle"),
            ],
            loc="lower right",
            fontsize=LABEL_SIZE - 1,
        )
    ax.set_title("Minutes of stretching per muscle in a week", fontsize=TITLE_SIZE)


def _plot_days(plan, ax):
    summary = plan_summary(plan, by="day").set_index("day").reindex(list(WEEKDAYS), fill_value=0)
    warm = summary["warm_up_min"].to_numpy(dtype=float)
    held = summary["stretch_min"].to_numpy(dtype=float)
    total = summary["session_min"].to_numpy(dtype=float)
    # The planner counts the seconds spent changing side or stretch in the session's length;
    # showing them keeps each bar as long as the session the person has to set aside.
    change = (total - warm - held).clip(min=0)
    x = range(len(WEEKDAYS))
    common = {"edgecolor": EDGE, "linewidth": 0.8, "width": 0.7}
    ax.bar(x, warm, color=WARM_UP_COLOUR, hatch="//", label="warm-up", **common)
    ax.bar(x, held, bottom=warm, color=STRETCH_COLOUR, label="stretching", **common)
    ax.bar(
        x,
        change,
        bottom=warm + held,
        color=CHANGE_COLOUR,
        hatch="..",
        label="changing side or stretch",
        **common,
    )
    for i, minutes in enumerate(total):
        ax.annotate(
            "rest" if minutes == 0 else _num(minutes),
            xy=(i, minutes),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=LABEL_SIZE,
            fontstyle="italic" if minutes == 0 else "normal",
            color="#555555" if minutes == 0 else "black",
        )
    ax.set_xticks(list(x), list(WEEKDAYS), fontsize=LABEL_SIZE)
    # Headroom above the tallest bar for its label and the legend, which sits inside the axes
    # so a figure saved without bbox_inches="tight" keeps it.
    ax.set_ylim(0, max(total.max(), 1) * 1.4)
    ax.set_ylabel("minutes", fontsize=LABEL_SIZE)
    ax.tick_params(axis="y", labelsize=LABEL_SIZE - 1)
    ax.legend(
        loc="upper center",
        ncol=3,
        fontsize=LABEL_SIZE - 2,
        handlelength=1.6,
        columnspacing=1.0,
        frameon=False,
    )
    ax.set_title("Minutes of each session, Monday to Sunday", fontsize=TITLE_SIZE)


def _num(minutes: float) -> str:
    return f"{round(float(minutes), 1):g}"


# --- the handout ----------------------------------------------------------------------

_A4 = (595.28, 841.89)  # points, portrait
_LETTER = (612.0, 792.0)
_MARGIN = 34.0  # clear of the unprintable edge of office printers (about 5 mm)
_COLUMN_GAP = 18.0
_MIN_COLUMN_EMS = 17  # any narrower and most steps of a day break over two lines
# Where a line's baseline sits below its top, and how far apart lines are, in ems of DejaVu Sans.
_ASCENT, _DESCENT, _LEADING = 0.95, 0.25, 1.22
_FIT = 0.97  # share of a line's room that text may fill: hinted PNG glyphs run ~1.5% wider
_PNG_DPI = 200
_SPACE = 0.32  # a DejaVu Sans space, in ems
_SIZES = [s / 4 for s in range(44, 27, -1)]  # 11 pt down to 7 pt, the smallest we print
_INK, _SOFT = "#111111", "#444444"
_SAFETY_FILL, _SAFETY_EDGE = "#FFF4D6", "#333333"
_SECTIONS = {
    "stop": "Stop at once",
    "consult_professional": "See a healthcare professional first",
    "before": "Before you start",
    "during": "While you stretch",
}


@dataclass
class _Page:
    """Lines and shapes placed in points from the page's top left, drawn in one go at the end."""

    texts: list = field(default_factory=list)  # (x, baseline, text, size, weight, style, colour)
    boxes: list = field(default_factory=list)  # (x, top, width, height)
    rules: list = field(default_factory=list)  # (x0, x1, y)

    def shifted(self, dx: float, dy: float) -> _Page:
        return _Page(
            [(x + dx, y + dy, *rest) for x, y, *rest in self.texts],
            [(x + dx, y + dy, w, h) for x, y, w, h in self.boxes],
            [(a + dx, b + dx, y + dy) for a, b, y in self.rules],
        )

    def add(self, other: _Page) -> None:
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

_SHORT = 64  # characters; a word this short is measured whole, once per process
_ZWJ = "\u200d"  # zero width joiner: the characters on either side make one glyph
_ELLIPSIS = "\u2026"


def _measure(text: str, weight: str, style: str) -> float:
    """Width of ``text`` in ems, as printed."""
    prop = FontProperties(family="DejaVu Sans", size=100, weight=weight, style=style)
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0] / 100


_em = functools.lru_cache(maxsize=4096)(_measure)
_em.__doc__ = """Width of a word in ems, measured once: the layout measures the same words at
every size it tries."""

_ADVANCES: dict[tuple[str, str], dict[str, float]] = {}


def _advances(text: str, weight: str, style: str) -> np.ndarray:
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
                advance = table.get("", None)
                if advance is None:
                    advance = table[""] = _em(ch * 2, weight, style) - _em(ch, weight, style)
            table[ch] = advance
    return np.fromiter((table[ch] for ch in text), float, len(text))


@functools.lru_cache(maxsize=16)
def _starts(text: str, weight: str, style: str) -> np.ndarray:
    """Where each character of ``text`` starts, in ems, by its advances: element ``i`` is an
    estimate of the width of ``text[:i]``, the last one of the whole."""
    out = np.zeros(len(text) + 1)
    np.cumsum(_advances(text, weight, style), out=out[1:])
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


def _piece(text: str, start: int, room: float, weight: str, style: str) -> tuple[int, float]:
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
    width = _measure(text[start:end], weight, style)
    while width > room and end > start + 1:
        over = width - room
        shorter = int(np.searchsorted(starts, starts[end] - over, side="right")) - 1
        shorter = _cut_before(text, start, max(min(shorter, end - 1), start + 1))
        if shorter >= end:
            break  # one letter with its marks, wider than the room: it goes alone
        end = shorter
        width = _measure(text[start:end], weight, style)
    for _ in range(3):
        # The advances leave out kerning, which mostly tightens, and the ink of the last
        # glyph may end short of its advance: by what the measure found, more may fit.
        slack = starts[end] - starts[start] - width
        longer = int(np.searchsorted(starts, starts[start] + room + slack, side="right")) - 1
        longer = _cut_before(text, start, min(longer, len(text)))
        if width > room or longer <= end:
            break
        wider = _measure(text[start:longer], weight, style)
        if wider > room:
            break
        end, width = longer, wider
    return end, width


def _fits(text: str, room: float, weight: str, style: str) -> tuple[bool, float]:
    """Whether ``text`` fits in ``room`` ems, and its width if it does; a long text is
    measured only as far as the room reaches."""
    if room <= 0:
        return False, math.inf
    if len(text) <= _SHORT:
        width = _em(text, weight, style)
        return width <= room, width
    end, width = _piece(text, 0, room, weight, style)
    return end == len(text) and width <= room, width


def _width(text: str, size: float, weight: str, style: str) -> float:
    words = text.split(" ")
    space = _em("a a", weight, style) - _em("aa", weight, style)
    return size * (sum(_em(w, weight, style) for w in words) + space * (len(words) - 1))


@functools.lru_cache(maxsize=1024)
def _lead_width(lead: str, size: float, style: str) -> float:
    """Room for a bold lead and the space after it. The text after the lead is a separate
    piece of text, so the lead must not be measured short: a PNG's hinted glyphs can run wider
    than the outlines a PDF prints, and the wider of the two is taken."""
    prop = FontProperties(family="DejaVu Sans", size=size, weight="bold", style=style)
    renderer = _png_renderer()
    hinted = renderer.get_text_width_height_descent(lead, prop, ismath=False)[0] * 72 / _PNG_DPI
    return max(hinted, _width(lead, size, "bold", style)) + _SPACE * size


@functools.lru_cache(maxsize=1)
def _png_renderer():
    return FigureCanvasAgg(Figure(dpi=_PNG_DPI)).get_renderer()


def _wrap(text, width, size, weight="normal", style="normal", *, first=None) -> list[str]:
    """Lines of ``text`` no wider than ``width`` points (the first no wider than ``first``),
    measured in the font that prints them: a character count would let wide capitals run off
    the page. A word wider than a line (a long custom name) is cut where it must be.

    Examples
    --------
    >>> _wrap("Hold the stretch for thirty seconds", 100, 10)
    ['Hold the stretch for', 'thirty seconds']
    >>> lines = _wrap("W" * 1000, 100, 10)  # a W is 0.99 em: ten to a line of 10 ems
    >>> len(lines), set(lines) == {"W" * 10}
    (100, True)
    """
    first = None if first is None else float(first)
    return list(_wrapped(str(text), float(width), float(size), weight, style, first))


@functools.lru_cache(maxsize=2048)
def _wrapped(text, width, size, weight, style, first) -> tuple[str, ...]:
    # The layout tries many sizes and lays the same text out at each, and the pack lays a
    # card out at up to four: a text is wrapped once for each room it is given.
    space = _em("a a", weight, style) - _em("aa", weight, style)
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


def _clip(text: str, width: float, size: float, weight="normal", style="normal", frame="{}"):
    """``frame`` filled with ``text`` on one line no wider than ``width`` points: with the
    whole text if it fits, else with as much of its start as fits and an ellipsis.

    Examples
    --------
    >>> _clip("Knee-to-Chest", 200, 10, frame="{} (continued)")
    'Knee-to-Chest (continued)'
    >>> _clip("Knee-to-Chest " * 50, 200, 10, frame="{} (continued)")
    'Knee-to-Chest Knee-to-C… (continued)'
    """
    room = width / size
    whole = frame.format(text)
    if _fits(whole, room, weight, style)[0]:
        return whole
    room_left = room - _em(frame.format(_ELLIPSIS), weight, style)
    end = _piece(text, 0, max(room_left, 0.0), weight, style)[0] if room_left > 0 else 0
    while True:
        clipped = frame.format(text[:end].rstrip() + _ELLIPSIS)
        if end == 0 or _fits(clipped, room, weight, style)[0]:
            return clipped
        end = _cut_before(text, 0, end - 1) if end > 1 else 0


def _para(
    page,
    x,
    y,
    width,
    text,
    size,
    *,
    weight="normal",
    style="normal",
    colour=_INK,
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
    room = (width - indent) * _FIT
    leads = _wrap(lead, room, size, "bold", style) if lead else []
    lead_w = _lead_width(leads[-1], size, style) if leads else 0.0
    lines = _wrap(text, room, size, weight, style, first=room - lead_w)
    baseline = y + _ASCENT * size
    if bullet:
        page.texts.append((x, baseline, "\u2022", size, "bold", "normal", colour))
    for i, line in enumerate(leads):
        y_i = baseline + i * _LEADING * size
        page.texts.append((x + indent, y_i, line, size, "bold", style, colour))
    below = max(len(leads) - 1, 0)  # lines of the lead above the one the text starts on
    for i, line in enumerate(lines):
        if line:
            shift = lead_w if i == 0 else 0.0
            y_i = baseline + (below + i) * _LEADING * size
            page.texts.append((x + indent + shift, y_i, line, size, weight, style, colour))
    return baseline + (below + len(lines) - 1) * _LEADING * size + _DESCENT * size


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
            f"more than a page holds): {text[:24]!r}{_ELLIPSIS}; shorten it where it is "
            "written (a name or text in the tables, a note or the title)"
        )


@dataclass(frozen=True)
class _Content:
    title: str
    settings: str
    notes: list  # (text, bold)
    days: list  # (header, lines, notes)
    rules: pd.DataFrame


def _content(plan, title, data_dir) -> _Content:
    settings = plan.attrs.get("settings", {}) or {}
    summary = plan_summary(plan, by="day").set_index("day")
    planned = [d for d in WEEKDAYS if summary.loc[d, "holds"] or summary.loc[d, "session_min"]]
    # The rows, not the settings, say which days to print: a plan filtered to some of its
    # days keeps the settings of the whole week.
    n = len(planned)
    parts = [f"{n} session{'s' if n != 1 else ''} a week ({', '.join(planned)})"]
    minutes = settings.get("minutes")
    if minutes is None:
        minutes = math.ceil(summary["session_min"].max())
    parts.append(f"{minutes:g} min each")
    focus = list(settings.get("focus") or [])
    if focus:
        muscles = load_catalog(data_dir=data_dir).muscles
        names = dict(zip(muscles["muscle_id"], muscles["name"], strict=True))
        parts.append("focus: " + ", ".join(names.get(m, m) for m in focus))
    if settings.get("warmed_up"):
        parts.append("no warm-up (stretch after other activity)")

    day_notes = {
        d: list(dict.fromkeys(plan.loc[(plan["day"] == d) & plan["note"].notna(), "note"]))
        for d in planned
    }
    shown = [str(n) for n in plan.attrs.get("notes", []) or []]
    every_day = {str(n) for ns in day_notes.values() for n in ns}
    # A note every session carries (the professional's clearance) is already among the plan's
    # notes; printed once in bold there, it is not repeated under each of seven days.
    notes = [(n, n in every_day) for n in shown]
    blocks = []
    for d in planned:
        header = f"{d} \u00b7 {math.ceil(round(summary.loc[d, 'session_min'], 6))} min"
        extra = [str(n) for n in day_notes[d] if str(n) not in shown]
        blocks.append((header, describe_day(plan, d), extra))
    return _Content(title, " \u00b7 ".join(parts), notes, blocks, safety_rules(data_dir=data_dir))


def _day_block(block, width, size) -> tuple[_Page, float]:
    header, lines, extra = block
    page = _Page()
    y = _para(page, 0, 0, width, header, size + 1.5, weight="bold")
    page.rules.append((0, width, y + 0.25 * size))
    y += 0.55 * size
    for line in lines:
        y = _para(page, 0, y, width, line, size, bullet=True) + 0.1 * size
    for note in extra:
        y = _para(page, 0, y + 0.2 * size, width, note, size, style="italic", colour=_SOFT)
    return page, y


def _safety_box(rules, width, size) -> tuple[_Page, float]:
    page = _Page()
    pad = 0.8 * size
    inner = width - 2 * pad
    y = _para(page, pad, pad, inner, "\u26a0 Safety first", size + 2, weight="bold")
    for section, heading in _SECTIONS.items():
        rows = rules[rules["section"] == section]
        if rows.empty:
            continue
        y = _para(page, pad, y + 0.45 * size, inner, heading, size + 0.5, weight="bold")
        for r in rows.itertuples():
            # Sharp or radiating pain is the one rule that must never be missed: bold, larger.
            urgent = section == "stop"
            y = _para(
                page,
                pad,
                y + 0.1 * size,
                inner,
                r.text,
                size + 1 if urgent else size,
                weight="bold" if urgent else "normal",
                bullet=True,
                lead=f"{r.title}:",
            )
    height = y + pad
    page.boxes.append((0, 0, width, height))
    return page, height


def _layout(
    content: _Content,
    size: float,
    columns: int,
    safety_size: float = 0.0,
    paper: tuple[float, float] = _A4,
) -> tuple[_Page, float]:
    """Place everything at body size ``size`` on ``paper`` (width, height in points); returns
    the page and the height it needs.

    The plan comes first, as a reader looks for "what do I do on Monday"; the safety box sits
    at the foot of the page, apart from the plan, with the most urgent rule on top.
    """
    page = _Page()
    width = paper[0] - 2 * _MARGIN
    x = _MARGIN
    title_size = min(22.0, max(16.0, 2 * size))
    y = _para(page, x, _MARGIN, width, content.title, title_size, weight="bold")
    y = _para(page, x, y + 0.4 * size, width, content.settings, size + 1, colour=_SOFT)

    if content.notes:
        y = _para(
            page, x, y + 1.0 * size, width, "How this plan was made", size + 1.5, weight="bold"
        )
        for note, bold in content.notes:
            weight = "bold" if bold else "normal"
            y = _para(page, x, y + 0.2 * size, width, note, size, weight=weight, bullet=True)

    y += 1.3 * size
    cols = max(1, min(columns, len(content.days)))
    col_w = (width - (cols - 1) * _COLUMN_GAP) / cols
    gap = 1.1 * size
    blocks = [_day_block(b, col_w, size) for b in content.days]
    bottom = y
    for c, group in enumerate(_split([h for _, h in blocks], cols, gap)):
        cy = y
        for i in group:
            block, h = blocks[i]
            page.add(block.shifted(x + c * (col_w + _COLUMN_GAP), cy))
            cy += h + gap
        bottom = max(bottom, cy - gap)

    box, h = _safety_box(content.rules, width, max(size, safety_size))
    needed = bottom + 1.5 * size + h + _MARGIN
    page.add(box.shifted(x, max(bottom + 1.5 * size, paper[1] - _MARGIN - h)))
    return page, needed


_SAFETY_SIZE = 9.0


def _split(heights, cols, gap) -> list[list[int]]:
    """Days in reading order down the columns, cut where the tallest column is shortest."""
    n = len(heights)

    def tall(group):
        return sum(heights[i] for i in group) + gap * max(len(group) - 1, 0)

    best = None
    for cuts in _cuts(n, cols):
        groups = [list(range(a, b)) for a, b in zip((0, *cuts), (*cuts, n), strict=True)]
        # Among equally tall layouts, the most even one, then the one that fills the left
        # columns first, as a reader expects.
        sizes = [tall(g) for g in groups]
        key = (round(max(sizes), 3), -round(min(sizes), 3), [-len(g) for g in groups])
        if best is None or key < best[0]:
            best = (key, groups)
    return best[1]


def _cuts(n, cols):
    if cols == 1:
        yield ()
        return
    for first in range(1, n - cols + 2):
        for rest in _cuts(n - first, cols - 1):
            yield (first, *(first + r for r in rest))


def _fit(content: _Content, paper: tuple[float, float] = _A4) -> _Page:
    """The layout with the largest body size that fits; at equal size, the fewest columns."""
    width = paper[0] - 2 * _MARGIN
    n = len(content.days)
    least = _least_height(content, paper)
    # The safety rules keep a size that reads on paper and the days give way; only a week
    # too long for that lets the rules shrink with it.
    for safety_size in (_SAFETY_SIZE, 0.0):
        for size in _SIZES:
            if least(size, safety_size) > paper[1]:
                continue  # the text alone would fill more than the page: no need to lay it out
            for columns in range(1 if n == 1 else 2, min(n, 3) + 1):
                col_w = (width - (columns - 1) * _COLUMN_GAP) / columns
                if columns > 1 and col_w < _MIN_COLUMN_EMS * size:
                    continue  # too narrow: most steps would break over two lines
                page, height = _layout(content, size, columns, safety_size, paper)
                if height <= paper[1]:
                    return page
    message = (
        "the plan does not fit on one page even at 7 pt; shorten its title or notes, or plan "
        "fewer steps a day"
    )
    texts = [content.title, content.settings, *(t for t, _ in content.notes)]
    texts += [t for _, lines, extra in content.days for t in (*lines, *extra)]
    longest = max((w for t in texts for w in str(t).split()), key=len, default="")
    if len(longest) > 60:
        message += (
            f"; its longest word has {len(longest):,} characters ({longest[:24]!r}"
            f"{_ELLIPSIS}): shorten that name in the tables, or the title"
        )
    raise ValueError(message)


def _least_height(content: _Content, paper: tuple[float, float]):
    """A function of the body size and the safety rules' size giving a height the page needs
    at the least: every text, as wide as its characters' advances say less a fifth (kerning
    narrows text a little), set in full-width lines, one below the other, between the
    margins. Columns share the page's width, so they cannot hold more than that."""
    line = (paper[0] - 2 * _MARGIN) * _FIT

    def ems(text, weight="normal"):
        return 0.8 * float(_advances(str(text), weight, "normal").sum())

    title = ems(content.title, "bold")
    settings = ems(content.settings)
    body = sum(ems(t, "bold" if bold else "normal") for t, bold in content.notes)
    headers = 0.0
    for header, lines, extra in content.days:
        headers += ems(header, "bold")
        body += sum(ems(t) for t in (*lines, *extra))
    rules = sum(ems(f"{r.title}: {r.text}") for r in content.rules.itertuples())

    def height(size: float, safety_size: float) -> float:
        title_size = min(22.0, max(16.0, 2 * size))
        safety = max(size, safety_size)
        parts = [
            (title, title_size),
            (settings, size + 1),
            (body, size),
            (headers, size + 1.5),
            (rules, safety),
        ]
        return 2 * _MARGIN + sum(w * z / line * _LEADING * z for w, z in parts)

    return height


def _handout_figure(
    plan,
    title="Your stretching week",
    data_dir: DataDir = None,
    *,
    paper: tuple[float, float] = _A4,
    sections=None,
) -> Figure:
    """The handout as a figure of ``paper`` size (A4 unless told; not registered with pyplot),
    laid out at the largest body size from 11 pt down to 7 pt at which everything fits.

    ``sections`` keeps only those sections of the safety rules (all of them if ``None``), for
    a page printed beside the full rules, as in the lesson pack."""
    plan = _check_plan(plan)
    if not isinstance(title, str):
        raise TypeError(f"title must be text, not {type(title).__name__}")
    content = _content(plan, title, data_dir)
    if sections is not None:
        rules = content.rules
        content = replace(content, rules=rules[rules["section"].isin(list(sections))])
    page = _fit(content, paper)
    # A Figure made outside pyplot never shows up under a notebook cell nor lingers in
    # pyplot's list of open figures.
    fig = Figure(figsize=(paper[0] / 72, paper[1] / 72), dpi=_PNG_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    _draw_page(fig, page, paper)
    return fig


def _draw_page(fig: Figure, page: _Page, paper: tuple[float, float]) -> None:
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


def plan_handout(
    plan: pd.DataFrame,
    path,
    *,
    title: str = "Your stretching week",
    data_dir: DataDir = None,
) -> Path:
    """Write a plan as one printable A4 page: the sessions day by day and the safety rules.

    The page holds the title, a line with the settings, the planner's notes (a note every
    session carries, such as a professional's clearance, in bold), a block per planned day
    (its length, then each step as :func:`~stretchkit.describe_day` says it) in two or three
    columns, and at the foot the safety rules in a box, most urgent first, the stop rule in
    bold. It is laid out for any plan of 1 to 7 days, at the largest text size (11 pt down to
    7 pt) at which everything fits.

    Parameters
    ----------
    plan
        A plan made by :func:`~stretchkit.plan_week`.
    path
        The file to write; its suffix picks the format: ``.pdf``, ``.png`` (200 dpi) or
        ``.svg`` (text kept as text, so it can be searched and copied). The folder must exist.
    title
        The heading of the page.
    data_dir
        A folder of custom tables (for the muscle names and the safety rules).

    Returns
    -------
    pathlib.Path
        The file written. It is written whole or not at all: a failure leaves any earlier file
        as it was.

    Raises
    ------
    ValueError
        The suffix is not one of the three, ``path`` is a folder, ``plan`` is not a plan, or
        a hand-made plan, a long title or a very long name in the tables is too long for one
        page even at 7 pt (the message names the longest word when it is a long one).
    FileNotFoundError
        The folder of ``path`` does not exist.
    TypeError
        ``title`` is not text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from stretchkit import plan_week
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pdf = plan_handout(plan_week(days=3, minutes=15), folder / "week.pdf")
    >>> pdf.read_bytes()[:5]
    b'%PDF-'
    >>> svg = plan_handout(plan_week(days=2, minutes=10), folder / "week.svg", title="Anna")
    >>> "Safety first" in svg.read_text()
    True
    >>> plan_handout(plan_week(), folder / "week.docx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: path '...week.docx' must end in .pdf or .png or .svg
    """
    path = output_path(path, argument="path", suffixes=[".pdf", ".png", ".svg"])
    fmt = path.suffix.lower().lstrip(".")
    fig = _handout_figure(plan, title, data_dir)
    buffer = io.BytesIO()
    # Text stays text: searchable and selectable in the SVG, a real font in the PDF. Without
    # dates the same plan gives the same SVG and PDF bytes.
    rc = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "stretchkit"}
    metadata = {
        "pdf": {"Title": title, "CreationDate": None},
        "svg": {"Title": title, "Date": None},
        "png": {"Title": title},
    }[fmt]
    try:
        with plt.rc_context(rc):
            fig.savefig(
                buffer,
                format=fmt,
                dpi=_PNG_DPI if fmt == "png" else 72,
                facecolor="white",
                metadata=metadata,
            )
    finally:
        plt.close(fig)  # a no-op while pyplot never sees the figure; frees it if it ever does
    return atomic_write(path, buffer.getvalue())
