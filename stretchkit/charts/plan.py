"""A week's plan as a chart (minutes per muscle or per day) and as a one-page printable handout."""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..catalog import Catalog, use_catalog
from ..figures import draw_figure, pose_frames
from ..files import atomic_write, output_path
from ..plan import WEEKDAYS, Plan, check_plan, describe_day, plan_summary
from ..safety import safety_rules
from .layout import (
    A4,
    FIT,
    LEADING,
    MARGIN,
    PNG_DPI,
    SOFT,
    Page,
    advances,
    draw_page,
    para,
)
from .screen import describe, paint
from .style import (
    CHANGE_COLOUR,
    EDGE,
    FOCUS_COLOUR,
    LABEL_SIZE,
    STRETCH_COLOUR,
    TITLE_SIZE,
    WARM_UP_COLOUR,
)
from .svg import PLAN_DAYS_TITLE, PLAN_MUSCLES_TITLE, plan_days_words, plan_muscles_words
from .text import ELLIPSIS, label

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["plan_handout", "plot_plan"]

DataDir = str | os.PathLike | None

_BY = ("muscle", "day")


def plot_plan(
    plan: Plan,
    *,
    by: str = "muscle",
    ax=None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
):
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
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        ``by`` is neither ``"muscle"`` nor ``"day"``.
    TypeError
        ``plan`` is not a :class:`~stretchkit.Plan` (a bare table is refused: it has lost
        the plan's notes).

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
    plan = check_plan(plan)
    ax = plt.gca() if ax is None else ax
    if by == "muscle":
        cat = use_catalog(catalog, data_dir=data_dir)
        _plot_muscles(plan, ax, cat)
        words = f"In minutes a week: {plan_muscles_words(plan, catalog=cat)}"
        return describe(ax, title=PLAN_MUSCLES_TITLE, text=words)
    _plot_days(plan, ax)
    return describe(ax, title=PLAN_DAYS_TITLE, text=plan_days_words(plan))


def _plot_muscles(plan, ax, cat: Catalog):
    summary = plan_summary(plan, by="muscle", catalog=cat)
    focus = set(plan.settings.focus) if plan.settings is not None else set()
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
    ax.set_title(PLAN_MUSCLES_TITLE, fontsize=TITLE_SIZE)


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
            color=paint("#555555" if minutes == 0 else "black", "ink"),
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
    ax.set_title(PLAN_DAYS_TITLE, fontsize=TITLE_SIZE)


def _num(minutes: float) -> str:
    return f"{round(float(minutes), 1):g}"


# --- the handout ----------------------------------------------------------------------

_COLUMN_GAP = 18.0
_MIN_COLUMN_EMS = 17  # any narrower and most steps of a day break over two lines
_SIZES = [s / 4 for s in range(44, 27, -1)]  # 11 pt down to 7 pt, the smallest we print
_SECTIONS = {
    "stop": "Stop at once",
    "consult_professional": "See a healthcare professional first",
    "before": "Before you start",
    "during": "While you stretch",
}


_PICTURES_PER_ROW = 6
_PICTURES_MIN_SIZE = 9.0  # the pictures' row gives way before the days shrink below this
_PICTURE_GAP = 10.0


@dataclass(frozen=True)
class _Content:
    title: str
    settings: str
    notes: list  # (text, bold)
    days: list  # (header, lines, notes)
    rules: pd.DataFrame
    pictures: list = field(default_factory=list)  # (stretch id, name) of the drawn stretches


@dataclass
class _HandoutPage(Page):
    """The page, and where each stretch's picture goes: (stretch id, (x, top, w, h))."""

    pictures: list = field(default_factory=list)


def _picture_size(n: int, width: float) -> tuple[float, float]:
    """The width and height of each picture in a row of up to six across the page."""
    cols = max(1, min(n, _PICTURES_PER_ROW))
    w = (width - (cols - 1) * _PICTURE_GAP) / cols
    return w, min(56.0, 0.42 * w)


def _content(plan, title, cat: Catalog) -> _Content:
    settings = plan.settings
    summary = plan_summary(plan, by="day").set_index("day")
    planned = [d for d in WEEKDAYS if summary.loc[d, "holds"] or summary.loc[d, "session_min"]]
    # The rows, not the settings, say which days to print: a plan filtered to some of its
    # days keeps the settings of the whole week.
    n = len(planned)
    parts = [f"{n} session{'s' if n != 1 else ''} a week ({', '.join(planned)})"]
    minutes = None if settings is None else settings.minutes
    if minutes is None:
        minutes = math.ceil(summary["session_min"].max())
    parts.append(f"{minutes:g} min each")
    focus = [] if settings is None else list(settings.focus)
    if focus:
        muscles = cat.muscles
        names = dict(zip(muscles["muscle_id"], muscles["name"], strict=True))
        parts.append("focus: " + ", ".join(names.get(m, m) for m in focus))
    if settings is not None and settings.warmed_up:
        parts.append("no warm-up (stretch after other activity)")

    table = plan.table
    day_notes = {
        d: list(dict.fromkeys(table.loc[(table["day"] == d) & table["note"].notna(), "note"]))
        for d in planned
    }
    shown = [str(n) for n in plan.notes]
    every_day = {str(n) for ns in day_notes.values() for n in ns}
    # A note every session carries (the professional's clearance) is already among the plan's
    # notes; printed once in bold there, it is not repeated under each of seven days.
    notes = [(n, n in every_day) for n in shown]
    blocks = []
    for d in planned:
        session_min = summary.loc[d, "session_min"]
        assert isinstance(session_min, float)  # plan_summary's minutes are a float64 column
        header = f"{d} \u00b7 {math.ceil(round(session_min, 6))} min"
        extra = [str(n) for n in day_notes[d] if str(n) not in shown]
        blocks.append((header, describe_day(plan, d), extra))
    # The pictures of the plan's stretches, in the order the week first meets them.
    stretched = table[table["stretch_id"].notna()]
    names = dict(zip(stretched["stretch_id"], stretched["name"], strict=True))
    drawn = [(str(sid), str(name)) for sid, name in names.items() if pose_frames(sid, catalog=cat)]
    return _Content(title, " \u00b7 ".join(parts), notes, blocks, safety_rules(catalog=cat), drawn)


def _day_block(block, width, size) -> tuple[Page, float]:
    header, lines, extra = block
    page = Page()
    y = para(page, 0, 0, width, header, size + 1.5, weight="bold")
    page.rules.append((0, width, y + 0.25 * size))
    y += 0.55 * size
    for line in lines:
        y = para(page, 0, y, width, line, size, bullet=True) + 0.1 * size
    for note in extra:
        y = para(page, 0, y + 0.2 * size, width, note, size, style="italic", colour=SOFT)
    return page, y


def _safety_box(rules, width, size) -> tuple[Page, float]:
    page = Page()
    pad = 0.8 * size
    inner = width - 2 * pad
    y = para(page, pad, pad, inner, "\u26a0 Safety first", size + 2, weight="bold")
    for section, heading in _SECTIONS.items():
        rows = rules[rules["section"] == section]
        if rows.empty:
            continue
        y = para(page, pad, y + 0.45 * size, inner, heading, size + 0.5, weight="bold")
        for r in rows.itertuples():
            # Sharp or radiating pain is the one rule that must never be missed: bold, larger.
            urgent = section == "stop"
            y = para(
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
    paper: tuple[float, float] = A4,
) -> tuple[Page, float]:
    """Place everything at body size ``size`` on ``paper`` (width, height in points); returns
    the page and the height it needs.

    The plan comes first, as a reader looks for "what do I do on Monday"; the safety box sits
    at the foot of the page, apart from the plan, with the most urgent rule on top.
    """
    page = _HandoutPage()
    width = paper[0] - 2 * MARGIN
    x = MARGIN
    title_size = min(22.0, max(16.0, 2 * size))
    y = para(page, x, MARGIN, width, content.title, title_size, weight="bold")
    y = para(page, x, y + 0.4 * size, width, content.settings, size + 1, colour=SOFT)

    if content.notes:
        y = para(
            page, x, y + 1.0 * size, width, "How this plan was made", size + 1.5, weight="bold"
        )
        for note, bold in content.notes:
            weight = "bold" if bold else "normal"
            y = para(page, x, y + 0.2 * size, width, note, size, weight=weight, bullet=True)

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

    if content.pictures:  # a row of the week's stretches, each drawn, named below
        y = para(
            page, x, bottom + 1.2 * size, width, "The stretches, as they look", size + 1.5,
            weight="bold",
        )  # fmt: skip
        w, h = _picture_size(len(content.pictures), width)
        for row in range(0, len(content.pictures), _PICTURES_PER_ROW):
            low = y
            for i, (sid, name) in enumerate(content.pictures[row : row + _PICTURES_PER_ROW]):
                px = x + i * (w + _PICTURE_GAP)
                page.pictures.append((sid, (px, y + 0.3 * size, w, h)))
                low = max(low, para(page, px, y + 0.3 * size + h + 2, w, name, size))
            y = low + 0.4 * size
        bottom = y

    box, h = _safety_box(content.rules, width, max(size, safety_size))
    needed = bottom + 1.5 * size + h + MARGIN
    page.add(box.shifted(x, max(bottom + 1.5 * size, paper[1] - MARGIN - h)))
    return page, needed


_SAFETY_SIZE = 9.0


def _split(heights, cols, gap) -> list[list[int]]:
    """Days in reading order down the columns, cut where the tallest column is shortest."""
    n = len(heights)

    def tall(group):
        return sum(heights[i] for i in group) + gap * max(len(group) - 1, 0)

    best: tuple[tuple[float, float, list[int]], list[list[int]]] | None = None
    for cuts in _cuts(n, cols):
        groups = [list(range(a, b)) for a, b in zip((0, *cuts), (*cuts, n), strict=True)]
        # Among equally tall layouts, the most even one, then the one that fills the left
        # columns first, as a reader expects.
        sizes = [tall(g) for g in groups]
        key = (round(max(sizes), 3), -round(min(sizes), 3), [-len(g) for g in groups])
        if best is None or key < best[0]:
            best = (key, groups)
    # _cuts gives at least one way to cut: _layout asks for no more columns than days.
    assert best is not None
    return best[1]


def _cuts(n, cols):
    if cols == 1:
        yield ()
        return
    for first in range(1, n - cols + 2):
        for rest in _cuts(n - first, cols - 1):
            yield (first, *(first + r for r in rest))


def _fit(content: _Content, paper: tuple[float, float] = A4) -> Page:
    """The layout with the largest body size that fits; at equal size, the fewest columns.

    The row of pictures comes along while the page holds it with the days at 9 pt or more and
    the safety rules at their size; a longer week gives it up before its text shrinks.
    """
    if content.pictures:
        page = _fit_sizes(content, paper, [s for s in _SIZES if s >= _PICTURES_MIN_SIZE], (9.0,))
        if page is not None:
            return page
        content = replace(content, pictures=[])
    page = _fit_sizes(content, paper, _SIZES, (_SAFETY_SIZE, 0.0))
    if page is not None:
        return page
    _too_long(content)


def _fit_sizes(content: _Content, paper, sizes, safety_sizes) -> Page | None:
    width = paper[0] - 2 * MARGIN
    n = len(content.days)
    least = _least_height(content, paper)
    # The safety rules keep a size that reads on paper and the days give way; only a week
    # too long for that lets the rules shrink with it.
    for safety_size in safety_sizes:
        for size in sizes:
            if least(size, safety_size) > paper[1]:
                continue  # the text alone would fill more than the page: no need to lay it out
            for columns in range(1 if n == 1 else 2, min(n, 3) + 1):
                col_w = (width - (columns - 1) * _COLUMN_GAP) / columns
                if columns > 1 and col_w < _MIN_COLUMN_EMS * size:
                    continue  # too narrow: most steps would break over two lines
                page, height = _layout(content, size, columns, safety_size, paper)
                if height <= paper[1]:
                    return page
    return None


def _too_long(content: _Content) -> NoReturn:
    """Raise the error that says why the plan does not fit, and what to shorten."""
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
            f"{ELLIPSIS}): shorten that name in the tables, or the title"
        )
    raise ValueError(message)


def _least_height(content: _Content, paper: tuple[float, float]):
    """A function of the body size and the safety rules' size giving a height the page needs
    at the least: every text, as wide as its characters' advances say less a fifth (kerning
    narrows text a little), set in full-width lines, one below the other, between the
    margins. Columns share the page's width, so they cannot hold more than that."""
    line = (paper[0] - 2 * MARGIN) * FIT

    def ems(text, weight="normal"):
        return 0.8 * float(advances(str(text), weight, "normal").sum())

    title = ems(content.title, "bold")
    settings = ems(content.settings)
    body = sum(ems(t, "bold" if bold else "normal") for t, bold in content.notes)
    headers = 0.0
    for header, lines, extra in content.days:
        headers += ems(header, "bold")
        body += sum(ems(t) for t in (*lines, *extra))
    rules = sum(ems(f"{r.title}: {r.text}") for r in content.rules.itertuples())
    n = len(content.pictures)
    pictures = math.ceil(n / _PICTURES_PER_ROW) * _picture_size(n, paper[0] - 2 * MARGIN)[1]

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
        return 2 * MARGIN + pictures + sum(w * z / line * LEADING * z for w, z in parts)

    return height


def handout_figure(
    plan,
    title="Your stretching week",
    data_dir: DataDir = None,
    *,
    paper: tuple[float, float] = A4,
    sections=None,
    catalog: Catalog | None = None,
) -> Figure:
    """The handout as a figure of ``paper`` size (A4 unless told; not registered with pyplot),
    laid out at the largest body size from 11 pt down to 7 pt at which everything fits.

    ``sections`` keeps only those sections of the safety rules (all of them if ``None``), for
    a page printed beside the full rules, as in the lesson pack.

    Parameters
    ----------
    plan
        A plan made by :func:`~stretchkit.plan_week`.
    title
        The heading of the handout.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    paper
        The page's width and height in points.
    sections
        The sections of the safety rules to print, or ``None`` for all.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.
    """
    plan = check_plan(plan)
    if not isinstance(title, str):
        raise TypeError(f"title must be text, not {type(title).__name__}")
    cat = use_catalog(catalog, data_dir=data_dir)
    content = _content(plan, title, cat)
    if sections is not None:
        rules = content.rules
        content = replace(content, rules=rules[rules["section"].isin(list(sections))])
    page = _fit(content, paper)
    # A Figure made outside pyplot never shows up under a notebook cell nor lingers in
    # pyplot's list of open figures.
    fig = Figure(figsize=(paper[0] / 72, paper[1] / 72), dpi=PNG_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    draw_page(fig, page, paper)
    pw, ph = paper
    for sid, (px, top, w, h) in getattr(page, "pictures", []):
        ax = fig.add_axes((px / pw, 1 - (top + h) / ph, w / pw, h / ph))
        draw_figure(sid, ax=ax, captions=False, catalog=cat)
        ax.set_anchor("W")  # over its name, which starts at the left
    return fig


def plan_handout(
    plan: Plan,
    path,
    *,
    title: str = "Your stretching week",
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> Path:
    """Write a plan as one printable A4 page: the sessions day by day and the safety rules.

    The page holds the title, a line with the settings, the planner's notes (a note every
    session carries, such as a professional's clearance, in bold), a block per planned day
    (its length, then each step as :func:`~stretchkit.describe_day` says it) in two or three
    columns, a row with the picture of each stretch of the week over its name (while the page
    holds it with the days at 9 pt or more; see :func:`~stretchkit.draw_figure`), and at the
    foot the safety rules in a box, most urgent first, the stop rule in
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
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    pathlib.Path
        The file written. It is written whole or not at all: a failure leaves any earlier file
        as it was.

    Raises
    ------
    ValueError
        The suffix is not one of the three, ``path`` is a folder, or a hand-made plan, a long
        title or a very long name in the tables is too long for one page even at 7 pt (the
        message names the longest word when it is a long one).
    FileNotFoundError
        The folder of ``path`` does not exist.
    TypeError
        ``title`` is not text, or ``plan`` is not a :class:`~stretchkit.Plan`.

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
    fig = handout_figure(plan, title, catalog=use_catalog(catalog, data_dir=data_dir))
    buffer = io.BytesIO()
    # Text stays text: searchable and selectable in the SVG, a real font in the PDF. Without
    # dates the same plan gives the same SVG and PDF bytes.
    rc: dict[RcKeyType, Any] = {
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
        "svg.hashsalt": "stretchkit",
    }
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
                dpi=PNG_DPI if fmt == "png" else 72,
                facecolor="white",
                metadata=metadata,
            )
    finally:
        plt.close(fig)  # a no-op while pyplot never sees the figure; frees it if it ever does
    return atomic_write(path, buffer.getvalue())
