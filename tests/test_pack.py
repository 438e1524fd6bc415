"""The printable lesson pack: its pages, what each says, that it stays on the paper, and that
the same inputs give the same bytes. The PDF's text is read back with pypdf."""

from __future__ import annotations

import re
from itertools import pairwise

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text
from pypdf import PdfReader

import stretchkit as sk
from stretchkit.anatomy import UNLIT
from stretchkit.charts.pack import CREATION_DATE, PAPERS, _pack_figures, lesson_pack
from tests.test_explore import add_hamstring_stretch
from tests.test_validation import edit

EDGE = 14.0  # points: about 5 mm, the strip an office printer cannot print on


@pytest.fixture(scope="module")
def plan():
    return sk.plan_week(days=3, minutes=15)


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return lesson_pack(tmp_path_factory.mktemp("pack") / "class.pdf")


@pytest.fixture(scope="module")
def pack_with_plan(tmp_path_factory, plan):
    return lesson_pack(tmp_path_factory.mktemp("pack") / "class.pdf", plan=plan)


@pytest.fixture(scope="module")
def pages(pack_with_plan) -> list[str]:
    return page_texts(pack_with_plan)


@pytest.fixture(scope="module")
def figures(plan):
    figs = _pack_figures(plan=plan)
    yield figs
    for fig in figs:
        plt.close(fig)


def squash(text: str) -> str:
    return " ".join(text.split())


def page_texts(path) -> list[str]:
    """The text of each page, as one line: a paragraph wrapped on paper reads as one."""
    return [squash(p.extract_text()) for p in PdfReader(path).pages]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def stretch_pages(pages: list[str]) -> dict[str, str]:
    """Each stretch's page, found by the name its page footer gives."""
    found = {}
    for text in pages:
        footer = re.search(r"Lesson pack · (.+?) · page \d+ of \d+", text)
        found.setdefault(footer.group(1), text)
    return found


# --- the pages -------------------------------------------------------------------------


def test_one_page_each_for_cover_safety_every_stretch_and_the_chart(pack, pack_with_plan):
    n = len(sk.load_stretches())
    assert len(PdfReader(pack).pages) == 1 + 1 + n + 1
    assert len(PdfReader(pack_with_plan).pages) == 1 + 1 + n + 1 + 1


def test_pages_come_in_print_order_with_their_numbers(pages):
    names = sk.load_stretches()["name"].tolist()
    expected = [
        "Contents",
        "Safety first",
        *names,
        "Chart: which stretch works which muscle",
        "The week's plan",
    ]
    footers = [re.search(r"Lesson pack · (.+?) · page (\d+) of (\d+)", t).groups() for t in pages]
    assert [f[0] for f in footers] == expected
    assert [int(f[1]) for f in footers] == list(range(1, len(pages) + 1))
    assert {int(f[2]) for f in footers} == {len(pages)}


def test_the_contents_point_at_the_right_pages(pages):
    contents = pages[0]
    for number, text in enumerate(pages[1:], 2):
        title = re.search(r"Lesson pack · (.+?) · page", text).group(1)
        assert f"{number} {title}" in contents


def test_every_stretch_page_carries_its_whole_card(pages):
    stop = sk.guideline("sharp_pain").text
    by_name = stretch_pages(pages)
    stretches = sk.load_stretches()
    steps = sk.load_steps()
    muscles = sk.load_muscles()
    actions = dict(zip(muscles["muscle_id"], muscles["action"], strict=True))
    for s in stretches.itertuples():
        text = by_name[s.name]
        assert text.startswith(f"{s.name} Position: {s.position}"), text[:80]
        assert f"Hold: {s.hold_min_s}-{s.hold_max_s} s" in text
        assert ("each side in turn" in text) == s.per_side
        assert ("static (held)" if s.kind == "static" else "dynamic (flowing)") in text
        for step in steps[steps["stretch_id"] == s.stretch_id].itertuples():
            assert f"{step.step}. " in text
            missing = words(step.text) - words(text)
            assert not missing, f"{s.name} step {step.step} lacks {missing}"
            if isinstance(step.breath, str):
                assert f"{step.step}. [{step.breath}]" in text
        for column in ("feel_it", "tips", "variations"):
            value = getattr(s, column)
            if isinstance(value, str) and value:
                assert squash(value) in text, (s.name, column)
        for m in sk.muscles_for(s.stretch_id).itertuples():
            label = m.name + (f" ({m.note})" if isinstance(m.note, str) else "")
            assert f"{label}: {squash(actions[m.muscle_id])}" in text
        assert stop in text


def test_the_safety_page_puts_the_stop_rule_first(pages):
    text = pages[1]
    rules = sk.safety_rules()
    assert text.startswith("⚠ Safety first")
    positions = [text.index(squash(r.text)) for r in rules.itertuples()]
    assert positions == sorted(positions), "rules out of the order safety_rules() gives"
    assert rules.iloc[0]["guideline_id"] == "sharp_pain"
    consult = rules[rules["section"] == "consult_professional"]
    assert len(consult) == 5
    for r in consult.itertuples():
        assert f"{r.title}: {squash(r.text)}" in text
    for gid in ("warm_up", "hold", "breathing"):
        g = sk.guideline(gid)
        assert f"{g.title}: {g.text}" in text
    assert text.index("Stop at once") < text.index("See a healthcare professional first")


def test_the_cover_carries_the_stop_rule(pages):
    g = sk.guideline("sharp_pain")
    assert f"{g.title}: {g.text}" in pages[0]


def test_the_chart_page_names_every_stretch_muscle_and_note(pages):
    text = pages[-2]
    cat = sk.load_catalog()
    for name in [*cat.stretches["name"], *cat.muscles["name"]]:
        assert name in text
    notes = list(dict.fromkeys(cat.stretch_muscles["note"].dropna()))
    for i, note in enumerate(notes, 1):
        assert f"{i} {note}" in text


def test_the_week_page_prints_every_planned_day(pages, plan):
    text = pages[-1]
    for day in plan.table["day"].unique():
        assert f"{day} · " in text
        for line in sk.describe_day(plan, day):
            assert not words(line) - words(text)
    assert sk.guideline("sharp_pain").text in text


def test_body_maps_light_exactly_the_muscles_of_their_stretch(figures):
    for fig, s in zip(figures[2:], sk.load_stretches().itertuples(), strict=False):
        (ax,) = [a for a in fig.axes if a.get_gid() != "sk-figure"]  # not the picture
        lit = {
            p.get_gid().split(":")[0]
            for p in ax.patches
            if p.get_gid() and p.get_facecolor()[:3] != to_rgb(UNLIT)
        }
        assert lit == set(sk.muscles_for(s.stretch_id)["muscle_id"]), s.name


def _check_on_page(fig, *, min_size: float | None) -> None:
    fig.canvas.draw()  # a legend places its texts only when drawn
    renderer = fig.canvas.get_renderer()
    w, h = fig.bbox.width, fig.bbox.height  # the figures are at 72 dpi: points
    page_text = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        box = t.get_window_extent(renderer)
        where = f"{t.get_text()[:40]!r} at {box}"
        assert box.x0 >= EDGE and box.x1 <= w - EDGE, where
        assert box.y0 >= EDGE and box.y1 <= h - EDGE, where
        if min_size is not None:
            assert t.get_fontsize() >= min_size, where
        if t in fig.texts:
            page_text.append(box)
    for ax in fig.axes:  # a chart never covers the page's own text
        chart = ax.get_tightbbox(renderer)
        assert not any(chart.overlaps(b) for b in page_text), ax.get_title()
        rows = [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]
        for above, below in pairwise(rows):  # nor a label the next one
            assert not above.overlaps(below), (above, below)


def test_all_text_lies_on_the_page_at_print_size(figures):
    for fig in figures:
        _check_on_page(fig, min_size=10)


def test_letter_paper_and_no_figure_left_open(tmp_path):
    before = plt.get_fignums()
    path = lesson_pack(tmp_path / "class.pdf", paper="Letter")
    assert plt.get_fignums() == before
    reader = PdfReader(path)
    assert len(reader.pages) == 1 + 1 + len(sk.load_stretches()) + 1
    assert {tuple(float(v) for v in p.mediabox[2:]) for p in reader.pages} == {PAPERS["letter"]}


# --- the file --------------------------------------------------------------------------


def test_metadata_names_the_pack(pack_with_plan):
    info = PdfReader(pack_with_plan).metadata
    assert info["/Creator"] == "stretchkit"
    assert info.title == "Stretching the lower back and upper glutes: lesson pack"
    assert info.subject.startswith(f"{len(sk.load_stretches())} stretch cards")
    assert info.subject.endswith("and a week's plan")
    assert info.creation_date.replace(tzinfo=CREATION_DATE.tzinfo) == CREATION_DATE


def test_the_same_inputs_give_the_same_bytes(pack_with_plan, plan, tmp_path, monkeypatch):
    # matplotlib takes the date from SOURCE_DATE_EPOCH or the clock unless it is told one,
    # and a notebook's style (white text on a dark background) must not reach the paper.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    with plt.style.context("dark_background"):
        again = lesson_pack(tmp_path / "again.pdf", plan=plan)
    assert again.read_bytes() == pack_with_plan.read_bytes()


def test_a_plan_adds_its_page_and_changes_no_other(pack, pack_with_plan):
    def body(path):
        return [re.sub(r" of \d+$", "", t) for t in page_texts(path)[1:]]

    assert body(pack_with_plan)[:-1] == body(pack)


# --- a trainer's own tables --------------------------------------------------------------


def test_a_custom_stretch_gets_its_page(tables, tmp_path):
    add_hamstring_stretch(tables)
    texts = page_texts(lesson_pack(tmp_path / "class.pdf", data_dir=tables))
    assert len(texts) == 1 + 1 + 7 + 1
    page = stretch_pages(texts)["Standing Hamstring"]
    assert "1. Heel on a low step, hinge forward." in page
    assert "Hamstrings: Bend the knee." in page
    assert "Not on the body map: Hamstrings." in page
    assert "the tables in the folder 'tables'" in texts[0]
    assert "Standing Hamstring" in texts[-1] and "Hamstrings" in texts[-1]


def test_long_custom_text_wraps_goes_on_over_a_page_and_stays_on_the_paper(tables):
    long_tip = " ".join(["Keep the breath slow and the movement small and easy."] * 60)
    edit(
        tables / "stretches.csv",
        '"Hug both knees in together for a deeper stretch."',
        f'"{long_tip}"',
    )
    long_name = "Child's Pose, " + "with the knees wide and the arms long " * 4
    edit(tables / "stretches.csv", "Child's Pose,", f'"{long_name.strip()}",')
    figs = _pack_figures(data_dir=tables)
    try:
        assert len(figs) == 1 + 1 + 6 + 1 + 1
        footers = [next(t.get_text() for t in f.texts if "page" in t.get_text()) for f in figs]
        assert footers[2:4] == [
            "Lesson pack · Knee-to-Chest · page 3 of 10",
            "Lesson pack · Knee-to-Chest · page 4 of 10",
        ]
        assert any(t.get_text() == "Knee-to-Chest (continued)" for t in figs[3].texts)
        assert footers[8].startswith("Lesson pack · Child's Pose, with the knees")
        assert footers[8].endswith("… · page 9 of 10")  # the page's title has it whole
        for fig in figs:
            _check_on_page(fig, min_size=10)
    finally:
        for fig in figs:
            plt.close(fig)


# --- errors ----------------------------------------------------------------------------


# (case, arguments, error, message as a regular expression)
ERRORS = [
    ("suffix", {"path": "class.docx"}, ValueError, r"path '.*class\.docx' must end in \.pdf"),
    ("folder", {"path": "."}, ValueError, r"path '.*' is a folder; give a file name inside"),
    (
        "missing folder",
        {"path": "nowhere/class.pdf"},
        FileNotFoundError,
        r"path '.*class\.pdf': the folder '.*nowhere' does not exist; create it first",
    ),
    (
        "paper",
        {"paper": "A5"},
        ValueError,
        r"paper must be one of 'a4', 'letter', not 'A5'",
    ),
    ("paper type", {"paper": None}, ValueError, r"paper must be one of 'a4', 'letter'"),
    (
        "plan type",
        {"plan": ["Mon"]},
        TypeError,
        r"plan must be a Plan made by plan_week\(\), not list",
    ),
    (
        "plan table",
        {"plan": "summary"},
        TypeError,
        r"plan must be the Plan that plan_week\(\) returned, not its \.table",
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "error", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_arguments_are_named_with_what_is_valid(
    name, kwargs, error, message, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    if kwargs.get("plan") == "summary":
        kwargs = {"plan": sk.plan_summary(sk.plan_week())}
    kwargs = {"path": "class.pdf", **kwargs}
    with pytest.raises(error, match=message):
        lesson_pack(kwargs.pop("path"), **kwargs)
    assert not (tmp_path / "class.pdf").exists()


def test_a_failed_call_leaves_the_previous_pack(pack, tmp_path):
    path = tmp_path / "class.pdf"
    path.write_bytes(pack.read_bytes())
    with pytest.raises(TypeError):
        lesson_pack(path, plan="Mon, Wed")
    assert path.read_bytes() == pack.read_bytes()


def test_broken_tables_are_named(tables, tmp_path):
    edit(tables / "stretch_muscles.csv", "figure_four,piriformis,", "figure_four,hamstring,")
    with pytest.raises(sk.CatalogError, match="unknown muscle_id 'hamstring'"):
        lesson_pack(tmp_path / "class.pdf", data_dir=tables)
    assert not (tmp_path / "class.pdf").exists()
