"""The plan as a chart (minutes per muscle, minutes per day) and as a one-page handout."""

from __future__ import annotations

import os
import re
import struct
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest

import stretchkit as sk
from stretchkit.charts import plan_handout, plot_plan
from stretchkit.charts.plan import handout_figure
from stretchkit.files import atomic_write
from stretchkit.plan import WEEKDAYS

SVG = "{http://www.w3.org/2000/svg}"
A4_RATIO = 297 / 210


@pytest.fixture(scope="module")
def plan():
    return sk.plan_week(days=3, minutes=15, focus=["piriformis"])


@pytest.fixture(scope="module")
def cleared_plan():
    return sk.plan_week(conditions=["sciatica"], cleared=True)


@pytest.fixture(scope="module")
def long_plan():
    return sk.plan_week(
        days=7, minutes=60, focus=["piriformis"], conditions=["sciatica"], cleared=True
    )


def tick_texts(labels) -> list[str]:
    return [t.get_text() for t in labels]


def svg_texts(path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter(f"{SVG}text"))


def page_text(path) -> str:
    """All text of an SVG handout in reading order, whitespace collapsed, so a paragraph
    wrapped over several lines reads as one."""
    return " ".join(" ".join(t.itertext()) for t in svg_texts(path)).replace("\u2022 ", "")


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


# --- plot_plan --------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["muscle", "day"])
def test_plot_plan_returns_the_axes_it_was_given(plan, by):
    _, (left, right) = plt.subplots(1, 2)
    assert plot_plan(plan, by=by, ax=right) is right
    assert right.patches and not left.patches


@pytest.mark.parametrize("by", ["muscle", "day"])
def test_plot_plan_draws_on_the_current_axes_without_ax(plan, by):
    plt.figure()
    current = plt.gca()
    assert plot_plan(plan, by=by) is current
    assert current.get_title()
    assert current.title.get_fontsize() >= 14


def test_muscle_bars_are_the_summary_minutes_in_table_order(plan):
    ax = plot_plan(plan)
    summary = sk.plan_summary(plan, by="muscle")
    bars = ax.containers[0]
    widths = [b.get_width() for b in bars]
    assert widths == pytest.approx(summary["minutes"].tolist())
    # Table order top to bottom: the first muscle sits highest on an inverted y axis.
    centres = [b.get_y() + b.get_height() / 2 for b in bars]
    assert ax.yaxis_inverted() and centres == sorted(centres)
    labels = tick_texts(ax.get_yticklabels())
    assert [lbl.removesuffix(" (focus)") for lbl in labels] == summary["name"].tolist()
    assert ax.get_xlabel() == "minutes per week"
    values = [t.get_text() for t in ax.texts]
    assert values == [f"{round(m, 1):g}" for m in summary["minutes"]]


def test_focus_muscles_are_marked_by_label_and_hatch_not_colour_alone():
    plan = sk.plan_week(days=3, minutes=15, focus=["piriformis", "QL"])
    ax = plot_plan(plan)
    labels = tick_texts(ax.get_yticklabels())
    marked = [lbl for lbl in labels if lbl.endswith(" (focus)")]
    assert marked == ["Quadratus lumborum (focus)", "Piriformis (focus)"]
    hatched = [lbl for lbl, bar in zip(labels, ax.containers[0], strict=True) if bar.get_hatch()]
    assert hatched == marked
    assert "focus muscle" in tick_texts(ax.get_legend().get_texts())


def test_without_focus_no_muscle_is_marked():
    ax = plot_plan(sk.plan_week(days=2, minutes=15))
    assert not any("(focus)" in lbl for lbl in tick_texts(ax.get_yticklabels()))
    assert not any(bar.get_hatch() for bar in ax.containers[0])
    assert ax.get_legend() is None


def test_day_chart_shows_all_seven_weekdays_with_rest_days_labelled(plan):
    ax = plot_plan(plan, by="day")
    assert tick_texts(ax.get_xticklabels()) == list(WEEKDAYS)
    summary = sk.plan_summary(plan, by="day").set_index("day")
    labels = {round(t.xy[0]): t.get_text() for t in ax.texts}
    for i, day in enumerate(WEEKDAYS):
        if summary.loc[day, "session_min"] == 0:
            assert labels[i] == "rest"
        else:
            assert labels[i] == f"{round(summary.loc[day, 'session_min'], 1):g}"
    assert ax.get_ylabel() == "minutes"


def test_day_bars_stack_to_the_summary_minutes(plan):
    ax = plot_plan(plan, by="day")
    summary = sk.plan_summary(plan, by="day").set_index("day").loc[list(WEEKDAYS)]
    series = {c.get_label(): [b.get_height() for b in c] for c in ax.containers}
    assert set(series) == {"warm-up", "stretching", "changing side or stretch"}
    assert series["warm-up"] == pytest.approx(summary["warm_up_min"].tolist())
    assert series["stretching"] == pytest.approx(summary["stretch_min"].tolist())
    stacks = zip(*ax.containers, strict=True)
    tops = [max(b.get_y() + b.get_height() for b in bars) for bars in stacks]
    assert tops == pytest.approx(summary["session_min"].tolist())
    # Colour-blind-safe colours, and a hatch on the warm-up so it survives greyscale printing.
    warm, held = ax.containers[0], ax.containers[1]
    assert warm[0].get_hatch() and not held[0].get_hatch()
    assert warm[0].get_facecolor() != held[0].get_facecolor()


def test_bad_by_names_the_valid_values(plan):
    with pytest.raises(ValueError, match=r"by must be 'muscle' or 'day', not 'week'"):
        plot_plan(plan, by="week")


def test_plot_plan_rejects_what_is_not_a_plan():
    with pytest.raises(TypeError, match=r"plan must be a Plan made by plan_week"):
        plot_plan([1, 2, 3])


# --- the handout: formats ---------------------------------------------------------------


def test_pdf_handout_is_one_page(plan, tmp_path):
    path = plan_handout(plan, tmp_path / "week.pdf")
    assert path == tmp_path / "week.pdf"
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == 1


def test_png_handout_is_an_a4_page_at_print_resolution(plan, tmp_path):
    data = plan_handout(plan, tmp_path / "week.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert height / width == pytest.approx(A4_RATIO, rel=0.005)
    assert width / (210 / 25.4) >= 150  # dots per inch across an A4 page


def test_svg_handout_is_a4_and_its_text_is_searchable(plan, tmp_path):
    path = plan_handout(plan, tmp_path / "week.svg")
    root = ET.parse(path).getroot()
    width, height = (float(root.get(k).removesuffix("pt")) for k in ("width", "height"))
    assert height / width == pytest.approx(A4_RATIO, rel=0.005)
    assert "Your stretching week" in page_text(path)


def test_the_suffix_picks_the_format_in_any_case(plan, tmp_path):
    assert plan_handout(plan, tmp_path / "WEEK.PDF").read_bytes().startswith(b"%PDF")


def test_the_same_plan_gives_the_same_svg_and_pdf(plan, tmp_path):
    for suffix in (".svg", ".pdf"):
        first = plan_handout(plan, tmp_path / f"a{suffix}").read_bytes()
        assert plan_handout(plan, tmp_path / f"b{suffix}").read_bytes() == first


def test_title_must_be_text(plan, tmp_path):
    with pytest.raises(TypeError, match="title must be text, not int"):
        plan_handout(plan, tmp_path / "week.pdf", title=3)
    assert not (tmp_path / "week.pdf").exists()


def test_no_figure_is_left_open(plan, tmp_path):
    before = plt.get_fignums()
    plan_handout(plan, tmp_path / "week.png")
    assert plt.get_fignums() == before


# --- the handout: content ---------------------------------------------------------------


def test_svg_handout_holds_the_whole_plan_and_the_safety_rules(cleared_plan, tmp_path):
    path = plan_handout(cleared_plan, tmp_path / "week.svg", title="Plan for Anna")
    text = page_text(path)
    assert "Plan for Anna" in text
    assert "3 sessions a week (Mon, Wed, Fri) · 15 min each" in text
    for note in cleared_plan.notes:
        assert squash(note) in text
    for day in cleared_plan.table["day"].unique():
        assert f"{day} · 15 min" in text
        for line in sk.describe_day(cleared_plan, day):
            assert squash(line) in text
    for name in cleared_plan.table["name"].unique():
        assert name in text
    rules = sk.safety_rules()
    for title in rules["title"]:
        assert f"{title}:" in text
    assert "Cleared by a healthcare professional to stretch with: Sciatica." in text
    # Days without a session get no block.
    assert "Tue ·" not in text


def test_safety_rules_come_most_urgent_first_and_the_stop_rule_is_bold(plan, tmp_path):
    path = plan_handout(plan, tmp_path / "week.svg")
    text = page_text(path)
    headings = ["Stop at once", "See a healthcare professional first", "Before you start"]
    positions = [text.index(h) for h in [*headings, "While you stretch"]]
    assert positions == sorted(positions)
    stop = sk.safety_rules().iloc[0]
    first_words = stop["text"].split()[0]
    bold_texts = [
        " ".join(t.itertext()) for t in svg_texts(path) if "font-weight: 700" in t.get("style")
    ]
    assert f"{stop['title']}:" in bold_texts
    assert any(t.startswith(first_words) for t in bold_texts)


def test_settings_line_names_the_focus_and_a_skipped_warm_up(tmp_path):
    plan = sk.plan_week(days=["Tue", "Sat"], minutes=20, focus=["QL"], warmed_up=True)
    text = page_text(plan_handout(plan, tmp_path / "week.svg"))
    assert (
        "2 sessions a week (Tue, Sat) · 20 min each · focus: Quadratus lumborum · "
        "no warm-up (stretch after other activity)" in text
    )


def test_a_day_note_that_is_not_among_the_plan_notes_is_printed_under_its_day(plan, tmp_path):
    table = plan.table.copy()
    table["note"] = table["note"].astype("string")
    table.loc[table["day"] == "Wed", "note"] = "Bring a mat to the gym."
    custom = sk.Plan(table)  # a plan rebuilt by hand: no notes, no settings
    text = page_text(plan_handout(custom, tmp_path / "week.svg"))
    assert "3 sessions a week (Mon, Wed, Fri) · 15 min each" in text
    assert "How this plan was made" not in text
    wed, fri = text.index("Wed · 15 min"), text.index("Fri · 15 min")
    assert wed < text.index("Bring a mat to the gym.") < fri


# --- the handout: it fits -----------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": 1, "minutes": 10},
        {"days": 3, "minutes": 15},
        {
            "days": 7,
            "minutes": 60,
            "focus": ["piriformis"],
            "conditions": ["sciatica"],
            "cleared": True,
        },
        {
            "days": 1,
            "minutes": 90,
            "focus": ["piriformis", "QL", "obliques", "erector spinae"],
            "persistent_tightness": True,
            "conditions": ["sciatica", "herniated_disc", "acute_injury", "severe_pain"],
            "cleared": True,
        },
    ],
)
def test_every_text_lies_on_the_page_at_a_legible_size(kwargs):
    plan = sk.plan_week(**kwargs)
    fig = handout_figure(plan, "Your stretching week, planned for Anna-Maria Smith-Johnson")
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    boxes = []
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, text.get_text()
        assert page.y0 <= box.y0 and box.y1 <= page.y1, text.get_text()
        assert text.get_fontsize() >= 7
        boxes.append((box, text.get_text()))
    # No two pieces of text overlap (a bullet and its line touch at most).
    for i, (a, ta) in enumerate(boxes):
        for b, tb in boxes[i + 1 :]:
            overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_w <= 1 or overlap_h <= 1, (ta, tb)


def test_a_seven_day_hour_long_plan_fits_one_svg_page(long_plan, tmp_path):
    path = plan_handout(long_plan, tmp_path / "week.svg")
    root = ET.parse(path).getroot()
    width, height = (float(root.get(k).removesuffix("pt")) for k in ("width", "height"))
    texts = svg_texts(path)
    for t in texts:
        x, y = float(t.get("x")), float(t.get("y"))
        assert 0 < x < width and 0 < y < height, "".join(t.itertext())
    text = page_text(path)
    for day in WEEKDAYS:
        assert f"{day} · 60 min" in text
    assert pdf_pages(plan_handout(long_plan, tmp_path / "week.pdf").read_bytes()) == 1


# --- the handout: errors and safe writing -------------------------------------------------


def test_bad_suffix_names_the_path(plan, tmp_path):
    bad = tmp_path / "week.docx"
    with pytest.raises(ValueError, match=re.escape(f"'{bad}' must end in .pdf or .png or .svg")):
        plan_handout(plan, bad)
    assert not bad.exists()


def test_missing_folder_names_the_path(plan, tmp_path):
    target = tmp_path / "no such folder" / "week.pdf"
    with pytest.raises(FileNotFoundError, match=re.escape(f"path '{target}'")) as caught:
        plan_handout(plan, target)
    assert "does not exist" in str(caught.value)


def test_a_folder_is_not_a_file_name(plan, tmp_path):
    folder = tmp_path / "week.pdf"
    folder.mkdir()
    with pytest.raises(ValueError, match=re.escape(f"path '{folder}' is a folder")):
        plan_handout(plan, folder)


def test_a_bad_plan_leaves_the_previous_handout_unchanged(plan, tmp_path):
    path = plan_handout(plan, tmp_path / "week.pdf")
    before = path.read_bytes()
    with pytest.raises(TypeError, match=r"not its \.table"):
        plan_handout(plan.table.drop(columns=["note"]), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["week.pdf"]


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "week.svg"
    path.write_text("old handout")
    with pytest.raises(TypeError):
        atomic_write(path, 12345)  # not bytes: the write into the temporary file fails

    class Unencodable(str):
        def encode(self, *args, **kwargs):
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "cannot encode")

    with pytest.raises(UnicodeEncodeError):
        atomic_write(path, Unencodable("new handout"))
    assert path.read_text() == "old handout"
    assert os.listdir(tmp_path) == ["week.svg"]


def test_the_safety_rules_keep_a_readable_size_when_the_week_is_long():
    from stretchkit.charts.plan import handout_figure

    plan = sk.plan_week(days=7, minutes=60, focus=["piriformis"])
    fig = handout_figure(plan)
    sizes = {t.get_text(): t.get_fontsize() for t in fig.texts}
    safety = [s for text, s in sizes.items() if "Sharp pain, or pain that shoots" in text]
    days = [s for text, s in sizes.items() if text.startswith("Cat-Cow")]
    assert safety and min(safety) >= 9
    assert days and max(days) < 9  # the days gave way, not the rules
