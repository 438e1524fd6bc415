"""The printable lesson pack: a PDF a trainer prints for the class.

One page opens it (title and contents), the safety rules follow, then a page per stretch card
with its picture, the body map of the muscles it works, the stretch x muscle chart and, when
asked, the week's plan. Every word that carries a rule or an instruction comes from the tables.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from ..anatomy import MUSCLE_SHAPES
from ..cards import StretchCard, card_safety
from ..catalog import Catalog, builtin_data, guideline, use_catalog
from ..explore import target_matrix
from ..figures import draw_figure, pose_frames
from ..files import atomic_write, output_path
from ..plan import Plan, check_plan
from ..safety import SECTIONS as SAFETY_SECTIONS
from ..safety import safety_rules
from .anatomy import body_map, target_heatmap
from .layout import (
    A4,
    ASCENT,
    DESCENT,
    FIT,
    INK,
    LEADING,
    LETTER,
    MARGIN,
    SOFT,
    Page,
    TextTooLong,
    clip,
    draw_page,
    para,
)
from .plan import handout_figure
from .text import label as chart_label
from .text import literal

__all__ = ["PAPERS", "lesson_pack"]

DataDir = str | os.PathLike | None

#: Paper sizes a pack is laid out for: width and height in points, portrait.
PAPERS = {"a4": A4, "letter": LETTER}

# The same inputs must give the same bytes (a trainer can check a reprint, CI can compare
# files), so the PDF never carries the clock's time; the file's own date says when it was made.
CREATION_DATE = datetime(2000, 1, 1, tzinfo=UTC)

_BODY_SIZES = (11.5, 11.0, 10.5, 10.0)  # tried largest first; 10 pt is the smallest printed
_FOOTER_SIZE = 10.0
_FOOTER_ROOM = 22.0  # kept free above the bottom margin; the footer sits in the margin
_TITLE_SIZE = 22.0
_HEADING_SIZE = 14.0
_MAP_MIN, _MAP_MAX = 290.0, 400.0  # points of page height for the body map with its legend
_PICTURE_W, _PICTURE_H = 175.0, 74.0  # points: the stretch's picture, beside its name
_ROLES = {"warm_up": "warm-up", "main": "main stretch", "restorative": "restorative, to finish"}


# --- flowing text over pages ----------------------------------------------------------


@dataclass
class _Row:
    top: float
    bottom: float
    texts: list


def _rows(part: Page) -> list[_Row]:
    """The lines of a laid-out block, top to bottom; texts sharing a baseline are one line."""
    rows: dict[float, _Row] = {}
    for t in part.texts:
        _, baseline, _, size, *_ = t
        row = rows.setdefault(round(baseline, 3), _Row(baseline, baseline, []))
        row.top = min(row.top, baseline - ASCENT * size)
        row.bottom = max(row.bottom, baseline + DESCENT * size)
        row.texts.append(t)
    return [rows[k] for k in sorted(rows)]


class _Flow:
    """Blocks of text placed down the page, page after page.

    A block that does not fit where it would start moves whole to a new page when it fits
    there, and is cut between its lines when it would not fit even there, so no text ever
    runs past the foot of a page. Pages after the first repeat the heading, "(continued)".
    """

    def __init__(self, paper, title: str, *, reserve: float = 0.0):
        self.paper = paper
        self.width = paper[0] - 2 * MARGIN
        self.title = title
        self.reserve = reserve  # room kept at the foot of the first page (a drawing)
        self.pages: list[Page] = []
        self.ends: list[float] = []  # where the text ends on each page but the last
        self.y: float  # where the next text goes; set by _new_page
        self._new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def _foot(self, first: bool) -> float:
        return self.paper[1] - MARGIN - _FOOTER_ROOM - (self.reserve if first else 0.0)

    @property
    def bottom(self) -> float:
        return self._foot(len(self.pages) == 1)

    def _new_page(self) -> None:
        if self.pages:
            self.ends.append(self.y)
        self.pages.append(Page())
        self.y = MARGIN
        if len(self.pages) > 1:
            # One line, however long the title: a page of a long card is not all heading.
            head = clip(self.title, self.width * FIT, 13, "bold", frame="{} (continued)")
            self.y = para(self.page, MARGIN, MARGIN, self.width, head, 13, weight="bold")
            self.y += 8
        self.top = self.y

    def block(self, part: Page, height: float, *, before: float = 0.0, keep: float = 0.0, pad=None):
        """Place ``part`` (laid out from y = 0, ``height`` tall) below what is there.

        ``keep`` is room needed below it on the same page (a heading keeps its first line);
        ``pad`` draws a box around the block, ``pad`` points clear of its text, on each page
        it lands on.
        """
        y = self.y + (before if self.y > self.top else 0.0)
        fresh = self._foot(False) - MARGIN - 30  # what an empty continued page holds
        if y + height + keep > self.bottom and self.y > self.top and height + keep <= fresh:
            self._new_page()
            y = self.y
        rows = _rows(part)
        shift = y
        first = 0
        for i, row in enumerate(rows):
            if shift + row.bottom + (pad or 0) > self.bottom and i > first:
                self._box(rows[first:i], shift, pad)
                # Where this page's text ends (a drawing goes below it), not where the block began.
                self.y = shift + rows[i - 1].bottom + (pad or 0)
                self._new_page()
                shift = self.y + (pad or 0) - row.top
                first = i
            for x, baseline, *rest in row.texts:
                self.page.texts.append((x + MARGIN, baseline + shift, *rest))
        self._box(rows[first:], shift, pad)
        self.page.rules += [(a + MARGIN, b + MARGIN, c + shift) for a, b, c in part.rules]
        self.y = max(shift + height, shift + (rows[-1].bottom if rows else 0) + (pad or 0))

    def _box(self, rows, shift, pad) -> None:
        if pad is None or not rows:
            return
        top = rows[0].top + shift - pad
        self.page.boxes.append((MARGIN, top, self.width, rows[-1].bottom + shift + pad - top))

    def para(self, text, size, *, gutter=None, before=0.0, keep=0.0, **style) -> None:
        """A wrapped paragraph; ``gutter`` (a step's number) hangs to its left."""
        part = Page()
        indent = 2.0 * size if gutter else 0.0
        height = para(part, indent, 0.0, self.width - indent, text, size, **style)
        if gutter:  # first, so that text copied from the PDF reads "1. Lie face up"
            part.texts.insert(0, (0.0, ASCENT * size, gutter, size, "bold", "normal", INK))
        self.block(part, height, before=before, keep=keep)

    def heading(self, text, size=_HEADING_SIZE, *, before=0.0, body=11.0) -> None:
        """A heading that never ends a page: the first line after it comes along."""
        keep = 0.3 * size + (ASCENT + DESCENT) * body + 2 * LEADING * body
        self.para(text, size, weight="bold", before=before, keep=keep)

    def boxed(self, paragraphs, size, *, before=0.0) -> None:
        """Paragraphs ``(text, lead, bold, bigger)`` in a shaded box, as the safety rules
        are printed."""
        pad = 0.7 * size
        part = Page()
        y = pad
        for i, (text, lead, bold, bigger) in enumerate(paragraphs):
            y = para(
                part,
                pad,
                y + (0.25 * size if i else 0.0),
                self.width - 2 * pad,
                text,
                size + (1.0 if bigger else 0.0),
                weight="bold" if bold else "normal",
                lead=lead,
            )
        self.block(part, y + pad, before=before, pad=pad)


# --- the pages -------------------------------------------------------------------------


@dataclass
class _Sheet:
    """One printed page: its text, the charts drawn on it, and what the contents call it."""

    label: str
    page: Page = field(default_factory=Page)
    charts: list = field(default_factory=list)  # (draw(fig, ax), (x, top, width, height))
    figure: Figure | None = None  # a page drawn elsewhere (the week's plan)
    contents: bool = True  # listed in the contents (a continued page is not)


def _stop_rules(rules: pd.DataFrame) -> list[tuple[str, str, bool, bool]]:
    stop = rules[rules["section"] == "stop"]
    # The stubs type a cell as any scalar; text is a string column that every rule fills.
    return [(str(r.text), f"\u26a0 {r.title}:", True, True) for r in stop.itertuples()]


def _cover(cat: Catalog, rules, entries, paper) -> list[Page]:
    """The cover: what the pack is, the stop rule, and where each page is."""
    from .. import __version__

    flow = _Flow(paper, "Contents")
    n = len(cat.stretches)
    flow.para("Stretching the lower back and upper glutes", 26, weight="bold")
    flow.para(
        f"Lesson pack: {n} stretch card{'s' if n != 1 else ''}, each with the muscles it works, "
        "and the safety rules to read with the class first.",
        13,
        colour=SOFT,
        before=6,
    )
    flow.boxed(_stop_rules(rules), 12, before=16)
    flow.heading("Contents", 16, before=18, body=12)
    for page_no, label in entries:
        # A line each, as a contents is read: the page itself has a long name whole.
        entry = clip(label, (flow.width - 2.0 * 12) * FIT, 12)  # the room beside the number
        flow.para(entry, 12, gutter=str(page_no), before=3)
    flow.heading("How to use the pack", 14, before=18, body=11)
    flow.para(
        "Go through the safety page with everyone before the first stretch. Each stretch card "
        "gives the steps in order with the breath cues, what the class should feel, tips and "
        "variations, and a map of the muscles the stretch works, shaded. The chart of "
        "stretches and muscles helps when someone asks for a stretch for one muscle.",
        11,
        before=4,
    )
    # The folder's name, not its path: a path on a handout is noise, and would make the
    # bytes depend on where a copy of the tables happens to sit.
    builtin = Path(cat.folder).resolve() == builtin_data().resolve()
    source = "the built-in tables" if builtin else f"the tables in the folder '{cat.folder.name}'"
    flow.para(f"Made with stretchkit {__version__} from {source}.", 10, colour=SOFT, before=10)
    return flow.pages


def _safety_pages(rules: pd.DataFrame, paper, cat: Catalog) -> list[Page]:
    """The rules of :func:`~stretchkit.safety_rules`, most urgent first, then how to hold."""
    flow = _Flow(paper, "Safety first")
    flow.para("\u26a0 Safety first", _TITLE_SIZE, weight="bold")
    flow.para(
        "Read these rules with the class before anyone stretches. The most urgent come first.",
        12,
        colour=SOFT,
        before=4,
    )
    for key, heading in SAFETY_SECTIONS:
        rows = rules[rules["section"] == key]
        if rows.empty:
            continue
        flow.heading(heading, before=14)
        if key == "stop":
            # The one rule nobody may miss: shaded, bold and larger, as on every card.
            flow.boxed(_stop_rules(rules), 12, before=4)
            continue
        for r in rows.itertuples():
            flow.para(r.text, 11, lead=f"{r.title}:", bullet=True, before=4)
    holds = [guideline("hold", catalog=cat)]
    if "breathing" in set(cat.guidelines["guideline_id"]):
        holds.append(guideline("breathing", catalog=cat))
    flow.heading("How to hold a stretch", before=14)
    for g in holds:
        flow.para(g.text, 11, lead=f"{g.title}:", bullet=True, before=4)
    return flow.pages


@dataclass(frozen=True)
class _CardText:
    facts: list  # "Position: supine", ...
    extras: list  # (label, text): what you feel, tips, variations
    targets: list  # (muscle name with the link's note, what the muscle does)
    muscle_ids: list


def _card_text(card: StretchCard, cat: Catalog, stretch_id: str) -> _CardText:
    """Facts, extras and muscles of one stretch: the card's, plus its part in a session and
    what each muscle does."""
    s = cat.stretches.set_index("stretch_id").loc[stretch_id]
    facts = [f"{k}: {v}" for k, v in card.facts]
    if isinstance(s["role"], str):
        facts.append(f"In a session: {_ROLES.get(s['role'], s['role'])}")
    links = cat.stretch_muscles[cat.stretch_muscles["stretch_id"] == stretch_id]
    muscles = cat.muscles.set_index("muscle_id")
    targets = [
        (
            # A muscle's name is a required text column, so a str.
            str(muscles.at[r.muscle_id, "name"])
            + (f" ({r.note})" if isinstance(r.note, str) else ""),
            muscles.at[r.muscle_id, "action"],
        )
        for r in links.itertuples()
    ]
    extras = {"Feel it": "What you feel", "Tips": "Tips", "Variations": "Variations"}
    shown = [(extras.get(k, k), v) for k, v in card.extras]
    return _CardText(facts, shown, targets, list(links["muscle_id"]))


def _stretch_flow(
    card, text: _CardText, rules, paper, size, *, picture: bool = False
) -> tuple[_Flow, float]:
    """A stretch laid out at body ``size``; returns the flow and the height of the stop box.

    With ``picture``, the name and the facts take the room beside the stretch's picture, at
    the top right, and the steps start below it.
    """
    stop = _Flow(paper, "")
    stop.boxed(_stop_rules(rules), size)
    stop_h = stop.y - stop.top
    flow = _Flow(paper, card.name, reserve=_MAP_MIN + stop_h + 12)
    full = flow.width
    if picture:
        flow.width = full - _PICTURE_W - 14
    flow.para(card.name, _TITLE_SIZE, weight="bold")
    flow.para(" \u00b7 ".join(text.facts), size + 1, colour=SOFT, before=3)
    if picture:
        flow.width = full
        if len(flow.pages) == 1:
            flow.y = max(flow.y, flow.top + _PICTURE_H)
    flow.heading("Steps", before=0.9 * size, body=size)
    for i, step in enumerate(card.steps, 1):
        flow.para(step, size, gutter=f"{i}.", before=0.25 * size)
    for label, extra in text.extras:
        flow.para(extra, size, lead=f"{label}:", before=0.6 * size)
    flow.heading("Muscles it works, and what each does", before=0.9 * size, body=size)
    # A muscle's name is printed whole on the chart's page; on each card a line of it will do
    # (a trainer's name of thousands of characters would otherwise fill page after page).
    line = (flow.width - 1.1 * size) * FIT  # the room of a bulleted line
    for name, action in text.targets:
        lead = clip(name, line, size, "bold", frame="{}:")
        flow.para(action, size, lead=lead, bullet=True, before=0.2 * size)
    pairs = zip(text.muscle_ids, text.targets, strict=True)
    undrawn = [name for m, (name, _) in pairs if m not in MUSCLE_SHAPES]
    if undrawn:
        names = ", ".join(
            clip(n.split(" (")[0], flow.width * FIT, size, style="italic") for n in undrawn
        )
        flow.para(f"Not on the body map: {names}.", size, style="italic", before=0.3 * size)
    return flow, stop_h


def _stretch_sheets(stretch_id, cat: Catalog, rules, reminders, paper) -> list[_Sheet]:
    """The card of one stretch: its text, its picture beside its name (from poses.csv), the
    body map with its muscles lit, the stop rule.

    The text takes the largest size from 11.5 pt down to 10 pt at which the page holds it
    beside a body map of readable size; a longer custom card goes on over more pages.
    """
    card = StretchCard(stretch_id, cat, safety=reminders)
    text = _card_text(card, cat, stretch_id)
    # The picture of a stretch with rows in poses.csv; one without has none on paper (the
    # placeholder speaks to the trainer, not the class).
    # Beside the name when the page still holds the card at a print size; a card too long
    # for that (a trainer's long name or text) leaves the picture out rather than go on over
    # a page because of it.
    drawn = bool(pose_frames(stretch_id, catalog=cat))
    for picture in (True, False) if drawn else (False,):
        for size in _BODY_SIZES:
            flow, stop_h = _stretch_flow(card, text, rules, paper, size, picture=picture)
            if len(flow.pages) == 1:
                break
        if len(flow.pages) == 1:
            break
    # The body map takes the room the text leaves, up to the size it reads best at.
    foot = paper[1] - MARGIN - _FOOTER_ROOM
    first_end = flow.ends[0] if flow.ends else flow.y
    room = foot - stop_h - 12 - first_end
    map_h = min(_MAP_MAX, max(_MAP_MIN, room - 10))
    map_top = first_end + (room - map_h) / 2
    stop = _Flow(paper, "")
    # A point of room: placed to the exact point, rounding could push its last line over the
    # foot and the box onto a page of its own.
    stop.y = stop.top = foot - stop_h - 1.0
    stop.boxed(_stop_rules(rules), size)
    first = flow.pages[0]
    first.add(stop.page)
    muscles = text.muscle_ids

    def draw(fig, ax):
        body_map(
            highlight=muscles,
            title="Where it works: the shaded muscles",
            ax=ax,
            catalog=cat,
        )
        # The map lists the custom muscles it cannot draw below its label column, where a
        # page puts the legend; the card's text names the ones this stretch works instead.
        for t in list(ax.texts):
            if t.get_gid() == "undrawn":
                t.remove()

    width = paper[0] - 2 * MARGIN
    charts = [(draw, (MARGIN, map_top, width, map_h))]
    if picture:

        def draw_picture(fig, ax):
            draw_figure(stretch_id, ax=ax, catalog=cat)

        box = (paper[0] - MARGIN - _PICTURE_W, MARGIN, _PICTURE_W, _PICTURE_H)
        charts.insert(0, (draw_picture, box))
    sheets = [_Sheet(card.name, first, charts)]
    sheets += [_Sheet(card.name, p, contents=False) for p in flow.pages[1:]]
    return sheets


def _heatmap_sheets(cat: Catalog, paper) -> list[_Sheet]:
    """The stretch x muscle chart over most of the page, and where each muscle lies.

    On a page the chart's notes ("upper fibers") become numbers explained under the chart:
    written in a cell at print size, a note such as "gentle decompression" would not fit.
    """
    title = "Which stretch works which muscle"
    n = len(cat.stretches)
    links = cat.stretch_muscles.dropna(subset=["note"])
    marks = {note: str(i) for i, note in enumerate(dict.fromkeys(links["note"]), 1)}
    how = "A dark cell with a dot means the stretch works that muscle"
    if marks:
        how += "; a number in the cell points to a note below on how it works it"
    how += ". Read across for what a stretch works, down for the stretches that reach a muscle."

    def layout(chart_h):
        flow = _Flow(paper, title)
        flow.para(title, _TITLE_SIZE, weight="bold")
        flow.para(how, 11, colour=SOFT, before=4)
        chart_top = flow.y + 10
        flow.y = chart_top + chart_h + 10
        if marks:
            flow.heading("The numbers in the cells", before=6)
            for note, mark in marks.items():
                flow.para(note, 11, gutter=mark, before=3)
        flow.heading("Where each muscle lies", before=10)
        for r in cat.muscles.itertuples():
            text = r.location if isinstance(r.location, str) else r.action
            try:
                flow.para(text, 11, lead=f"{r.name}:", bullet=True, before=3)
            except TextTooLong as error:
                message = f"muscle '{r.muscle_id}' cannot be printed: {error}"
                raise TextTooLong(message) from None
        return flow, chart_top

    # The chart as tall as the page allows beside the notes, from roomy rows down to rows
    # that hold two lines of their 12 pt labels; past that the notes go on over the next page.
    tallest = min(n * 45.0 + 150.0, paper[1] * 0.55)
    shortest = min(n * 30.0 + 130.0, tallest)
    chart_h = tallest
    while True:
        flow, chart_top = layout(chart_h)
        if len(flow.pages) == 1 or chart_h <= shortest:
            break
        chart_h = max(shortest, chart_h - 20.0)

    def draw(fig, ax):
        target_heatmap(ax=ax, catalog=cat)
        # A trainer's long names must not push the chart off the page nor run over the next
        # row: two lines at most, cut with an ellipsis (the stretch's page has the whole name).
        stretches = [chart_label(n, chars=24, lines=2) for n in cat.stretches["name"]]
        muscles = [chart_label(n, chars=20, lines=2) for n in cat.muscles["name"]]
        ax.set_yticks(ax.get_yticks(), stretches)
        ax.set_xticks(ax.get_xticks(), muscles)
        for t in list(ax.texts):
            if t.get_text() != "\u25cf":
                t.remove()
        matrix = target_matrix(catalog=cat)
        rows = {s: i for i, s in enumerate(matrix.index)}
        cols = {m: j for j, m in enumerate(matrix.columns)}
        for r in links.itertuples():
            ax.text(
                cols[r.muscle_id] + 0.3,  # beside the dot, whatever the rows' height
                rows[r.stretch_id],
                marks[r.note],
                ha="center",
                va="center",
                color="white",
                fontsize=12,
                fontweight="bold",
            )
        ax.set_title("")  # the page's heading says it

    box = (MARGIN, chart_top, paper[0] - 2 * MARGIN, chart_h)
    sheets = [_Sheet("Chart: which stretch works which muscle", flow.pages[0], [(draw, box)])]
    sheets += [_Sheet(title, p, contents=False) for p in flow.pages[1:]]
    return sheets


def _place(fig: Figure, ax, box, paper) -> None:
    """Shrink ``ax`` until all it draws (ticks, labels, legend, title) lies inside ``box``."""
    w, h = paper
    x, top, bw, bh = box
    left, right, upper, lower = x, x + bw, h - top, h - top - bh  # in points from bottom left
    pos = [left, lower, bw, bh]
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # _figure draws every chart on an Agg canvas
    renderer = canvas.get_renderer()
    for _ in range(6):
        ax.set_position([pos[0] / w, pos[1] / h, pos[2] / w, pos[3] / h])
        bb = ax.get_tightbbox(renderer)
        # The figure's dpi is 72, so display units are points.
        over = (left - bb.x0, bb.x1 - right, bb.y0 - lower, upper - bb.y1)
        if all(o <= 0.5 for o in (over[0], over[1], -over[2], -over[3])):
            return
        dl, dr = max(over[0], 0) + 1, max(over[1], 0) + 1
        db, dt = max(-over[2], 0) + 1, max(-over[3], 0) + 1
        pos = [pos[0] + dl, pos[1] + db, pos[2] - dl - dr, pos[3] - db - dt]
        if pos[2] < 50 or pos[3] < 50:
            raise ValueError("the chart does not fit on the page; the tables hold too many rows")


def _footer(label: str, number: int, total: int, width: float) -> str:
    """The page's footer on one line; a label too long for it (a trainer's long stretch
    name, which the page's title prints whole) is cut with an ellipsis, never the number."""
    frame = f"Lesson pack \u00b7 {{}} \u00b7 page {number} of {total}"
    return clip(label, width, _FOOTER_SIZE, frame=frame)


def _figure(sheet: _Sheet, paper, footer: str) -> Figure:
    """Draw one sheet onto a page-sized figure that pyplot never sees."""
    if sheet.figure is not None:
        fig = sheet.figure
    else:
        fig = Figure(figsize=(paper[0] / 72, paper[1] / 72), dpi=72, facecolor="white")
        FigureCanvasAgg(fig)
        draw_page(fig, sheet.page, paper)
        for draw, box in sheet.charts:
            # Drawn after the page's text, so the PDF reads (and copies) in the page's order.
            ax = fig.add_axes((0, 0, 1, 1), zorder=3)
            draw(fig, ax)
            _place(fig, ax, box, paper)
    fig.text(
        0.5,
        (MARGIN - 14) / paper[1],
        literal(footer),
        ha="center",
        va="baseline",
        fontsize=_FOOTER_SIZE,
        color=SOFT,
        family="DejaVu Sans",
        usetex=False,
    )
    return fig


def _sheets(cat: Catalog, plan, paper) -> list[_Sheet]:
    """Every page of the pack in print order, the cover's contents pointing at the others."""
    rules = safety_rules(catalog=cat)
    reminders = card_safety(catalog=cat)
    body = [
        _Sheet("Safety first", p, contents=i == 0)
        for i, p in enumerate(_safety_pages(rules, paper, cat))
    ]
    for stretch_id in cat.stretches["stretch_id"]:
        try:
            body += _stretch_sheets(stretch_id, cat, rules, reminders, paper)
        except TextTooLong as error:
            message = f"the card of stretch '{stretch_id}' cannot be printed: {error}"
            raise TextTooLong(message) from None
    body += _heatmap_sheets(cat, paper)
    if plan is not None:
        # The full rules are on the safety page; here the stop rule alone gives the plan
        # the room to print at 11 pt.
        fig = handout_figure(plan, "The week's plan", paper=paper, sections=["stop"], catalog=cat)
        body.append(_Sheet("The week's plan", figure=fig))
    # The contents name page numbers, which depend on how many pages the contents take.
    cover_pages = 1
    while True:
        entries = [(cover_pages + i + 1, s.label) for i, s in enumerate(body) if s.contents]
        cover = _cover(cat, rules, entries, paper)
        if len(cover) == cover_pages:
            break
        cover_pages = len(cover)
    return [_Sheet("Contents", p, contents=False) for p in cover] + body


def _check_paper(paper) -> tuple[float, float]:
    key = paper.strip().lower() if isinstance(paper, str) else None
    if key not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(map(repr, PAPERS))}, not {paper!r}")
    return PAPERS[key]


def _pack_figures(
    *,
    plan=None,
    data_dir: DataDir = None,
    paper: str = "a4",
    catalog: Catalog | None = None,
) -> list[Figure]:
    """The pages of :func:`lesson_pack` as figures, one per page (for checks and previews)."""
    size = _check_paper(paper)
    if plan is not None:
        plan = check_plan(plan)
    cat = use_catalog(catalog, data_dir=data_dir)
    sheets = _sheets(cat, plan, size)
    total = len(sheets)
    width = size[0] - 2 * MARGIN
    return [_figure(s, size, _footer(s.label, i, total, width)) for i, s in enumerate(sheets, 1)]


def lesson_pack(
    path,
    *,
    plan: Plan | None = None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
    paper: str = "a4",
) -> Path:
    """Write the lesson pack a trainer prints for a class, as one PDF.

    The pages, in order:

    1. the cover: what the pack holds, the stop rule, and the contents with page numbers;
    2. the safety rules of :func:`~stretchkit.safety_rules`, most urgent first (the stop
       rule shaded and bold, the conditions that need a healthcare professional first, the
       warm-up and the rules while stretching), then how to hold a stretch;
    3. a page per stretch, in the order of the tables: its name, kind, sides, hold and part
       in a session beside its picture (:func:`~stretchkit.draw_figure`, for a stretch with
       rows in ``poses.csv``), the numbered steps with their breath cues, what you feel, tips and
       variations, the muscles it works with what each does, a body map with exactly those
       muscles shaded, and the stop rule;
    4. the chart of which stretch works which muscle, and where each muscle lies;
    5. with ``plan``, the week's plan as :func:`plan_handout` prints it.

    Text is wrapped to the page at print sizes (10 pt and up; the plan page shrinks only for
    a very long week, as :func:`plan_handout` does), a word wider than the page cut where it
    must be. A custom card too long for one page goes on over the next, marked
    "(continued)"; a page footer numbers every page. Names are printed as written, a ``$``
    included. A name is printed whole on its own page (a muscle's on the chart's page); the
    contents, footers, continued headings, chart labels and a card's list of muscles give a
    very long one a line, cut with an ellipsis.

    Parameters
    ----------
    path
        The PDF to write (``.pdf``); its folder must exist.
    plan
        A week made by :func:`~stretchkit.plan_week`, printed on the last page.
    data_dir
        A folder of custom tables; each stretch in it gets its page.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.
    paper
        ``"a4"`` or ``"letter"``.

    Returns
    -------
    pathlib.Path
        The file written, whole or not at all. Its metadata names the pack (Title, Subject,
        Creator "stretchkit") with a fixed CreationDate, so the same inputs give the same
        bytes.

    Raises
    ------
    ValueError
        ``path`` does not end in ``.pdf`` or is a folder, ``paper`` is not one of the two,
        or a name or text of the tables is longer than
        a page holds (more than 20,000 characters; the message says which stretch or muscle).
    FileNotFoundError
        The folder of ``path`` does not exist.
    TypeError
        ``plan`` is not the :class:`~stretchkit.Plan` that :func:`~stretchkit.plan_week`
        made (a bare table is refused: it has lost the plan's notes).
    stretchkit.CatalogError
        The tables in ``data_dir`` break a rule.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from stretchkit import plan_week
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pdf = lesson_pack(folder / "class.pdf", plan=plan_week(days=3, minutes=15))
    >>> pdf.read_bytes()[:5]
    b'%PDF-'
    >>> lesson_pack(folder / "class.docx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: path '...class.docx' must end in .pdf
    >>> lesson_pack(folder / "class.pdf", paper="A5")
    Traceback (most recent call last):
    ...
    ValueError: paper must be one of 'a4', 'letter', not 'A5'
    """
    path = output_path(path, argument="path", suffixes=[".pdf"])
    cat = use_catalog(catalog, data_dir=data_dir)  # one reading for every page and the metadata
    # Matplotlib's own defaults, whatever style the notebook set (a dark style would print
    # white text on white paper); fonts are embedded as TrueType (type 42), so the text can
    # be searched and copied, and they are written when the file closes, so the settings
    # hold until then.
    printing = plt.rc_context({"pdf.fonttype": 42})
    with plt.style.context("default"), printing:
        figures = _pack_figures(plan=plan, paper=paper, catalog=cat)
        buffer = io.BytesIO()
        try:
            with PdfPages(buffer, metadata=_metadata(plan, cat)) as pdf:
                for fig in figures:
                    pdf.savefig(fig, facecolor="white")
        finally:
            for fig in figures:
                plt.close(fig)  # a no-op while pyplot never sees them; frees them if it did
    return atomic_write(path, buffer.getvalue())


def _metadata(plan, cat: Catalog) -> dict:
    n = len(cat.stretches)
    return {
        "Title": "Stretching the lower back and upper glutes: lesson pack",
        "Subject": (
            f"{n} stretch card{'s' if n != 1 else ''} with body maps, the safety rules, "
            "the stretch and muscle chart" + (" and a week's plan" if plan is not None else "")
        ),
        "Creator": "stretchkit",
        "CreationDate": CREATION_DATE,
    }
