"""Text from the tables is drawn as written, and text of any length is laid out in bounded time.

A trainer's catalog can name a stretch ``$x^2$`` or a muscle ``back\\slash $\\alpha$``, and a
student's file can be called ``$a^2$mira.csv``: every chart, the handout and the lesson pack
must draw those names literally (matplotlib would read them as mathematics). A name can also
be one word of thousands of characters: the page layout must cut it into lines that fit, with
nothing lost, in time that grows with its length, not with its square.

The charts are found from ``stretchkit.charts.__all__`` and called by their parameters' names,
so a new chart is drawn here too, or fails with what this test needs to be taught.
"""

from __future__ import annotations

import csv
import inspect
import itertools
import shutil
import time
import unicodedata
import warnings
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Text
from pypdf import PdfReader

import stretchkit as sk
import stretchkit.charts as charts
from stretchkit.charts.layout import MAX_TEXT, TextTooLong, _joins, measure, wrap
from stretchkit.charts.pack import _pack_figures
from stretchkit.charts.plan import handout_figure
from stretchkit.charts.text import label, literal
from stretchkit.classroom import class_summary, sample_class_path
from tests.test_explore import add_hamstring_stretch
from tests.test_pack import _check_on_page

# Names matplotlib would read as mathematics, or choke on: dollars in pairs, alone, doubled
# and escaped, with backslashes, braces, "_" and "^" inside and around them.
STRETCH_NAMES = [
    "$x^2$",
    "$\\frac{a}{b}$",
    "a$b",
    "$$",
    "\\$",
    "$\\$",
    "100% $5",
]
HAMSTRING_NAME = "_a$b^c_"  # a leading "_" hides an artist from a legend that collects itself
MUSCLE_NAMES = [
    "$a_b^c$",
    "\\",
    "$",
    "back\\slash $\\alpha$",
    "{braces} $\\sqrt{2}$ ^_^",
    "$5 or $10",
]
HAMSTRINGS_NAME = "_hidden $y$"
GOAL_TITLE = "Target $X$ for 100% \\$"
STUDENTS = {"amira": "$a^2$mira", "ben": "\\$ben", "chloe": "_chloe $"}
TITLE = "$x^2$ week: \\$5 & 100%"


def rename(path, names: list[str], column: str = "name") -> None:
    """Give the rows of a table these names, in order."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row, name in zip(rows, names, strict=False):
        row[column] = name
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def set_cell(path, key: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if next(iter(row.values())) == key:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def named_tables(folder, stretch_names, muscle_names):
    """The built-in tables with a trainer's muscle and two stretches more, renamed."""
    tables = sk.copy_tables(folder)
    add_hamstring_stretch(tables)
    with (tables / "stretches.csv").open("a") as f:
        f.write("lying_hamstring,Lying Hamstring,,static,supine,main,true,20,30,,,\n")
    with (tables / "stretch_muscles.csv").open("a") as f:
        f.write("lying_hamstring,hamstrings,\n")
    with (tables / "stretch_steps.csv").open("a") as f:
        f.write('lying_hamstring,1,,"Lie face up, one leg raised with a strap."\n')
    rename(tables / "stretches.csv", stretch_names)
    rename(tables / "muscles.csv", muscle_names)
    return tables


@pytest.fixture(scope="module")
def dollars(tmp_path_factory):
    """A trainer's catalog, log, class and plan whose every name holds a trap for mathtext."""
    root = tmp_path_factory.mktemp("dollars")
    # The folder's name is printed on the pack's cover.
    tables = named_tables(
        root / "tables $x$", [*STRETCH_NAMES, HAMSTRING_NAME], [*MUSCLE_NAMES, HAMSTRINGS_NAME]
    )
    set_cell(tables / "guidelines.csv", "frequency_target", "title", GOAL_TITLE)
    cat = sk.load_catalog(data_dir=tables)
    assert cat.stretches["name"].tolist() == [*STRETCH_NAMES, HAMSTRING_NAME]  # set-up check
    log = sk.sample_log(root / "log.sqlite", data_dir=tables)
    log.add_session(
        [
            {"stretch_id": "standing_hamstring", "side": "left", "seconds": 30, "discomfort": 3},
            {"stretch_id": "lying_hamstring", "side": "left", "seconds": 30, "discomfort": 2},
        ],
        started_at="2026-11-20T08:00:00+01:00",
    )
    folder = root / "class"
    shutil.copytree(sample_class_path(), folder)
    for old, new in STUDENTS.items():
        (folder / f"{old}.csv").rename(folder / f"{new}.csv")
    summary = class_summary(folder, data_dir=tables, today="2026-11-30")
    plan = sk.plan_week(
        days=3, minutes=15, focus=["piriformis", "quadratus_lumborum"], data_dir=tables
    )
    return {
        "tables": tables,
        "log": log,
        "summary": summary,
        "plan": plan,
        "stretches": [*STRETCH_NAMES, HAMSTRING_NAME],
        "muscles": [*MUSCLE_NAMES, HAMSTRINGS_NAME],
        "students": [str(s) for s in summary.students["student"]],
    }


# --- what is drawn -----------------------------------------------------------------------


def drawn(text: Text) -> tuple[str, bool]:
    """What the renderer draws for ``text`` and whether as mathtext: ``Text.draw`` passes
    the text through exactly this step."""
    return text._preprocess_math(text.get_text())


def drawn_lines(fig) -> list[str]:
    """Every line of text the figure draws, after a draw (ticks and legends are made then);
    none of it may be mathtext."""
    fig.canvas.draw()
    lines = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text():
            continue
        shown, math = drawn(t)
        assert math is False, f"drawn as mathtext: {t.get_text()!r}"
        lines += shown.split("\n")
    return lines


def shows(lines: list[str], name: str) -> bool:
    """A line is the name itself, or the name and a note in brackets ("(focus)", "(deep)")."""
    return any(line == name or line.startswith(name + " (") for line in lines)


def svg_lines(fig, tmp_path) -> list[str]:
    """The lines of text of the figure saved as SVG with its text kept as text."""
    path = tmp_path / "chart.svg"
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format="svg")
    texts = ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}text")
    return ["".join(t.itertext()) for t in texts]


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_text(path) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


# --- every chart -----------------------------------------------------------------------

# Showing a chart on screen and the words each chart records: not charts (test_lesson_charts).
SCREEN = {"on_screen", "describe", "chart_words"}
CHARTS = sorted(
    n
    for n in charts.__all__
    if n not in SCREEN and "ax" in inspect.signature(getattr(charts, n)).parameters
)
WRITERS = sorted(
    n for n in charts.__all__ if "path" in inspect.signature(getattr(charts, n)).parameters
)
# The values some charts take for ``by``; a chart not listed is drawn with its defaults.
VARIANTS = {
    "plot_plan": [{"by": "muscle"}, {"by": "day"}],
    "plot_class_muscles": [{"by": "week"}, {"by": "student"}],
}


def test_every_public_chart_function_is_a_chart_or_writes_a_file():
    """So that the parametrized tests below reach every one of them."""
    assert set(CHARTS) | set(WRITERS) | SCREEN == set(charts.__all__)
    assert set(WRITERS) == {"plan_handout", "lesson_pack"}  # each has its own test below
    assert len(CHARTS) >= 10


def chart_call(name: str, data: dict, ax, variant: dict):
    """Call a chart with what its parameters ask for, by their names."""
    function = getattr(charts, name)
    inputs = {
        "log": data["log"],
        "summary": data["summary"],
        "plan": data["plan"],
        "data_dir": data["tables"],
        "highlight": list(sk.load_muscles(data_dir=data["tables"])["muscle_id"]),
        "ax": ax,
    }
    args, kwargs = [], dict(variant)
    for p in inspect.signature(function).parameters.values():
        if p.name in kwargs:
            continue
        if p.name in inputs:
            if p.kind is p.KEYWORD_ONLY:
                kwargs[p.name] = inputs[p.name]
            else:
                args.append(inputs[p.name])
        elif p.default is p.empty:
            pytest.fail(f"teach test_chart_text how to give {name}() its {p.name!r}")
    return function(*args, **kwargs)


def expected_names(name: str, variant: dict, data: dict) -> list[str]:
    """The names from the data a chart must show (at least)."""
    summary = data["summary"]
    in_class = {
        "muscles": sorted(set(summary.muscles["muscle"].astype(str))),
        "stretches": sorted(set(summary.discomfort["stretch"].astype(str))),
    }
    by = variant.get("by")
    return {
        "body_map": data["muscles"],
        "target_heatmap": data["stretches"] + data["muscles"],
        "plot_plan": data["muscles"] if by == "muscle" else [],
        "plot_minutes_by_muscle": data["muscles"],
        "plot_discomfort": data["stretches"],
        "plot_weekly_sessions": [f"goal: 3 to 5 days a week ({GOAL_TITLE.lower()})"],
        "plot_class_adherence": data["students"],
        "plot_class_discomfort": in_class["stretches"],
        "plot_class_muscles": in_class["muscles"] + (data["students"] if by == "student" else []),
    }.get(name, [])


CASES = [(n, v) for n in CHARTS for v in VARIANTS.get(n, [{}])]


@pytest.mark.parametrize(
    ("name", "variant"), CASES, ids=[f"{n}-{'-'.join(v.values()) or 'default'}" for n, v in CASES]
)
def test_every_chart_draws_names_from_the_data_literally(name, variant, dollars, tmp_path):
    fig = plt.figure(figsize=(9, 6))
    ax = chart_call(name, dollars, fig.gca(), variant)
    assert ax is not None
    for suffix in ("png", "pdf"):
        fig.savefig(tmp_path / f"chart.{suffix}")
        assert (tmp_path / f"chart.{suffix}").stat().st_size > 1000
    lines = drawn_lines(fig)  # no text is drawn as mathtext
    in_svg = svg_lines(fig, tmp_path)
    for expected in expected_names(name, variant, dollars):
        assert shows(lines, expected), f"{expected!r} not drawn by {name}; drawn: {lines}"
        assert shows(in_svg, expected), f"{expected!r} not in the SVG of {name}"
    # Nothing is drawn escaped twice, or with an escape of its own showing.
    for line in lines:
        if "\\$" in line:
            assert any(n in line for n in dollars["stretches"] + dollars["muscles"]), line


def test_a_stretch_named_with_a_leading_underscore_keeps_its_legend_entry(dollars):
    ax = charts.plot_discomfort(dollars["log"], ax=plt.figure().gca(), data_dir=dollars["tables"])
    legend = [drawn(t)[0] for t in ax.get_legend().get_texts()]
    assert legend[: len(dollars["stretches"])] == dollars["stretches"]


def test_a_chart_the_user_titles_is_titled_as_written(dollars):
    ax = charts.body_map(title=TITLE, ax=plt.figure().gca(), data_dir=dollars["tables"])
    assert drawn(ax.title) == (TITLE, False)


def test_the_handout_prints_the_names_and_title_as_written(dollars, tmp_path):
    plan, tables = dollars["plan"], dollars["tables"]
    planned = set(plan.table["stretch_id"])
    cat = sk.load_catalog(data_dir=tables)
    rows = cat.stretches.itertuples()
    names = [r.name for r in rows if r.stretch_id in planned]
    muscles = cat.muscles.set_index("muscle_id")["name"]
    focus = [f"focus: {muscles['quadratus_lumborum']}, {muscles['piriformis']}"]
    assert len(names) >= 4  # set-up check: the plan prints several of them
    pdf = charts.plan_handout(plan, tmp_path / "week.pdf", title=TITLE, data_dir=tables)
    text = pdf_text(pdf)
    for name in [TITLE, *names, *focus]:
        assert squash(name) in text, name
    png = charts.plan_handout(plan, tmp_path / "week.png", title=TITLE, data_dir=tables)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = charts.plan_handout(plan, tmp_path / "week.svg", title=TITLE, data_dir=tables)
    root = ET.parse(svg).getroot()
    svg_text = [
        squash("".join(t.itertext())) for t in root.iter("{http://www.w3.org/2000/svg}text")
    ]
    assert squash(TITLE) in svg_text
    fig = handout_figure(plan, TITLE, tables)
    lines = drawn_lines(fig)
    assert TITLE in lines
    for name in names:
        assert any(line.startswith(f"{name}: ") for line in lines), name


def test_the_lesson_pack_prints_every_name_as_written(dollars, tmp_path):
    tables, plan = dollars["tables"], dollars["plan"]
    pdf = charts.lesson_pack(tmp_path / "class.pdf", plan=plan, data_dir=tables)
    pages = [squash(p.extract_text()) for p in PdfReader(pdf).pages]
    whole = "".join(pages)
    for name in dollars["stretches"]:
        # its own page opens with its name, and its footer and the contents name it too
        assert sum(page.startswith(squash(name)) for page in pages) >= 1, name
        assert whole.count(squash(f"· {name} · page")) >= 1, name
    for name in dollars["muscles"]:
        assert squash(f"{name}:") in whole, name
    assert squash("the tables in the folder 'tables $x$'") in pages[0]
    figures = _pack_figures(plan=plan, data_dir=tables)
    try:
        for fig in figures:
            drawn_lines(fig)  # nothing as mathtext, legends and ticks included
            fig.savefig(tmp_path / "page.png")
    finally:
        for fig in figures:
            plt.close(fig)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="$\\_^{}%ab \u00e9", max_size=30))
def test_literal_text_renders_as_itself_whatever_its_dollars_and_backslashes(text):
    t = Figure().text(0, 0, literal(text))
    assert drawn(t) == (text, False)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab $\\\n", max_size=300),
    st.integers(min_value=2, max_value=50),
    st.integers(min_value=1, max_value=3),
)
def test_a_label_is_a_bounded_literal_start_of_the_name(text, chars, lines):
    shown, math = drawn(Figure().text(0, 0, label(text, chars=chars, lines=lines)))
    assert math is False
    rows = shown.split("\n")
    assert len(rows) <= lines
    assert all(len(r) <= chars for r in rows)
    words = " ".join(text.split())
    if shown.endswith("\u2026"):  # cut: what is shown starts the name
        assert squash(shown[:-1]) == squash(words)[: len(squash(shown[:-1]))]
    else:
        assert squash(shown) == squash(words)


# --- long words ----------------------------------------------------------------------------

# One glyph (or cluster) of each kind, repeated to a word of the given length: wide, narrow,
# a CJK ideograph the font lacks (a box), a letter with a combining accent, an emoji with a
# skin tone, a joined emoji sequence, and a mix of them all.
GLYPHS = {
    "W": "W",
    "i": "i",
    "cjk": "\u4e2d",
    "accent": "e\u0301",
    "emoji": "\U0001f44d\U0001f3fd",
    "zwj": "\U0001f468\u200d\U0001f469",
    "mixed": "Wi\u4e2de\u0301\U0001f44d\U0001f3fd.$\\",
    "ascii": "Wil.$\\%_^",
}


def word(kind: str, n: int) -> str:
    unit = GLYPHS[kind]
    return (unit * (n // len(unit) + 1))[:n]


def fitting(lines, width, size, weight="normal", style="normal", first=None) -> None:
    for i, line in enumerate(lines):
        room = first if i == 0 and first is not None else width
        assert measure(line, weight, style) * size <= room + 1e-6, (i, len(line))


@pytest.fixture(autouse=True)
def _missing_glyphs_are_expected():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        yield


@pytest.mark.parametrize("kind", list(GLYPHS))
@pytest.mark.parametrize(("width", "size"), [(140.0, 7.0), (511.0, 11.0)])
def test_a_long_word_is_cut_into_lines_that_fit_with_nothing_lost(kind, width, size):
    text = word(kind, 10_000)
    lines = wrap(text, width, size)
    assert "".join(lines) == text  # all of it, in order
    fitting(lines, width, size)
    assert all(lines)
    # A mark stays with its letter and a joined emoji stays whole.
    for line in lines[1:]:
        assert unicodedata.category(line[0]) not in ("Mn", "Me", "Mc"), line[:3]
        assert not line.startswith("\u200d") and not line.startswith("\U0001f3fd")
    # Lines are full: the next letter (with its marks, or the next whole emoji) would not fit.
    for line, after in itertools.pairwise(lines):
        k = next((k for k in range(1, len(after)) if not _joins(after, k)), len(after))
        assert measure(line + after[:k], "normal", "normal") * size > width, (len(line), k)


@pytest.mark.parametrize("kind", ["W", "mixed"])
def test_a_long_word_in_a_sentence_after_a_bold_lead_keeps_its_words_in_order(kind):
    text = f"Hold it {word(kind, 3000)} then let go."
    lines = wrap(text, 300.0, 10.0, first=120.0)
    fitting(lines, 300.0, 10.0, first=120.0)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert lines[0] == "Hold it"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet="Wil \u4e2d\u0301\u00e9\U0001f44d.", min_size=1, max_size=400),
    st.floats(min_value=20.0, max_value=600.0),
    st.sampled_from([7.0, 9.5, 11.0, 22.0]),
    st.sampled_from(["normal", "bold"]),
)
def test_wrapping_keeps_every_word_in_order_and_every_line_in_its_room(text, width, size, weight):
    lines = wrap(text, width, size, weight)
    assert "".join(lines).replace(" ", "") == "".join(text.split())
    for line in lines:
        if len(line) > 1 and not (len(line) == 2 and unicodedata.combining(line[1])):
            # a single character (with its mark) wider than the room goes alone
            assert measure(line, weight, "normal") * size <= width + 1e-6, line


def long_catalog(tmp_path, name: str, which: str = "stretches"):
    tables = sk.copy_tables(tmp_path / "tables")
    rename(tables / f"{which}.csv", ["Knee-to-Chest" if which == "stretches" else "Erector", name])
    return tables


def printed(figures, size: float, weight: str = "bold") -> str:
    """The page text of one size and weight, as drawn, one piece after the other."""
    return "".join(
        drawn(t)[0]
        for fig in figures
        for t in fig.texts
        if t.get_fontsize() == size and t.get_fontweight() == weight and t.get_text() != "\u2022"
    )


@pytest.mark.parametrize("which", ["stretches", "muscles"])
def test_a_ten_thousand_character_name_is_printed_whole_on_pages_it_fits(which, tmp_path):
    name = word("mixed", 10_000)
    tables = long_catalog(tmp_path, name, which)
    start = time.perf_counter()
    figures = _pack_figures(data_dir=tables)
    took = time.perf_counter() - start
    assert took < 20, f"the pack took {took:.1f} s to lay out"  # minutes before the fix
    try:
        # Whole and in order where it is printed whole: the card's title (22 pt), or the
        # muscle's entry on the chart's page (its bold 11 pt lead); footers, the contents and
        # the headings of continued pages carry one line of it.
        if which == "stretches":
            assert name in printed(figures, 22.0)
        else:
            assert f"{name}:" in printed(figures, 11.0)
        for fig in figures:
            _check_on_page(fig, min_size=10)
            footers = [t.get_text() for t in fig.texts if " · page " in t.get_text()]
            assert len(footers) == 1 and "\n" not in footers[0]
    finally:
        for fig in figures:
            plt.close(fig)


def test_a_ten_thousand_character_name_is_in_the_pdf_whole_and_in_order(tmp_path):
    name = word("ascii", 10_000)
    tables = long_catalog(tmp_path, name)
    pdf = charts.lesson_pack(tmp_path / "class.pdf", data_dir=tables)
    # Its lines, page after page; the footers and the headings of continued pages between
    # them carry a line of it cut with an ellipsis, and are left out.
    lines = [line for p in PdfReader(pdf).pages for line in p.extract_text().splitlines()]
    printed = "".join(squash(line) for line in lines if set(squash(line)) <= set(name))
    assert squash(name) in printed


def test_a_handout_lays_out_a_long_name_that_fits_and_refuses_one_that_cannot(tmp_path):
    tables = long_catalog(tmp_path, word("W", 1_200))
    plan = sk.plan_week(days=1, minutes=15, data_dir=tables)
    assert (plan.table["stretch_id"] == "figure_four").any()  # set-up check
    fig = handout_figure(plan, "Long", tables)
    renderer = fig.canvas.get_renderer()
    for t in fig.texts:
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1, t.get_text()[:20]
    printed = "".join(t.get_text() for t in fig.texts)
    assert word("W", 1_200) in printed
    plt.close(fig)

    tables = long_catalog(tmp_path / "longer", word("W", 10_000))
    plan = sk.plan_week(days=3, minutes=15, data_dir=tables)
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"longest word has 10,0\d\d characters \('WWWW"):
        charts.plan_handout(plan, tmp_path / "week.pdf", data_dir=tables)
    assert time.perf_counter() - start < 20


@pytest.mark.parametrize("which", ["stretches", "muscles"])
def test_a_hundred_thousand_character_name_is_refused_at_once(which, tmp_path):
    tables = long_catalog(tmp_path, word("i", 100_000), which)
    start = time.perf_counter()
    with pytest.raises(
        TextTooLong, match=rf"100,00\d characters is too long to print \(at most {MAX_TEXT:,}"
    ):
        charts.lesson_pack(tmp_path / "class.pdf", data_dir=tables)
    assert time.perf_counter() - start < 20
    assert not (tmp_path / "class.pdf").exists()


@pytest.mark.parametrize("name", CHARTS)
def test_charts_cut_a_name_of_any_length_to_a_bounded_label(name, tmp_path):
    huge = word("W", 10_000)
    root = tmp_path / "t"
    tables = named_tables(root, ["Knee-to-Chest", huge], ["Erector", huge[:-1] + "X"])
    folder = tmp_path / "class"
    shutil.copytree(sample_class_path(), folder)
    (folder / "amira.csv").rename(folder / f"{'W' * 200}.csv")
    data = {
        "tables": tables,
        "log": sk.sample_log(tmp_path / "log.sqlite", data_dir=tables),
        "summary": class_summary(folder, data_dir=tables, today="2026-11-30"),
        "plan": sk.plan_week(days=3, minutes=15, focus=["quadratus_lumborum"], data_dir=tables),
    }
    for variant in VARIANTS.get(name, [{}]):
        fig = plt.figure(figsize=(9, 6))
        chart_call(name, data, fig.gca(), variant)
        lines = drawn_lines(fig)
        assert max(map(len, lines)) <= 60 + 12, name  # a label and a note; a title's line
        width = fig.get_tightbbox().width  # inches, as a notebook's "tight" image crops it
        assert width < 25, f"{name} is {width:.0f} inches wide"
        plt.close(fig)
