"""The figure of every stretch: its geometry checked against the stretch, computed from
``poses.csv``; the table's checks; the SVG and matplotlib renderers; hostile names."""

from __future__ import annotations

import math
import re
import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import stretchkit as sk
from stretchkit import CatalogError
from stretchkit.anatomy import LIT_COLOURS
from stretchkit.figures import (
    HEAD_R,
    LIT,
    draw_figure,
    figure_description,
    figure_svg,
    mirror_frame,
    pose_frames,
)
from stretchkit.schema import POSE_POINTS
from tests.conftest import ROOT
from tests.hostile import FLAG, hostile_catalog, live_markup

SVG = "{http://www.w3.org/2000/svg}"
CAT = sk.load_catalog()
STRETCHES = list(CAT.stretches["stretch_id"])
PER_SIDE = list(CAT.stretches.loc[CAT.stretches["per_side"], "stretch_id"])
SIDE_VIEWS = [
    f
    for sid in STRETCHES
    for side in ("left", "right")
    for f in pose_frames(sid, side=side, catalog=CAT)
    if f.view != "above"
]


def dist(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def to_segment(p, a, b) -> float:
    """The distance from ``p`` to the segment ``a``-``b``."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return dist(p, (ax + t * dx, ay + t * dy))


def angle_at(vertex, a, b) -> float:
    """The angle a-vertex-b in degrees."""
    v1 = (a[0] - vertex[0], a[1] - vertex[1])
    v2 = (b[0] - vertex[0], b[1] - vertex[1])
    cos = (v1[0] * v2[0] + v1[1] * v2[1]) / (math.hypot(*v1) * math.hypot(*v2))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def frames_of(sid, **kw):
    return pose_frames(sid, catalog=CAT, **kw)


# --- the poses say what the stretches say --------------------------------------------


def test_every_built_in_stretch_has_a_figure_of_every_point():
    for sid in STRETCHES:
        frames = frames_of(sid)
        assert frames, sid
        for f in frames:
            assert set(f.points) == set(POSE_POINTS), sid
            assert not f.mirrored, f"{sid}: both sides are in the table, not mirrored"
        assert "No picture yet" not in figure_svg(sid, catalog=CAT)


def test_every_point_of_a_side_view_is_on_or_above_the_floor():
    for f in SIDE_VIEWS:
        low = {k: y for k, (_, y) in f.points.items() if y < 0}
        assert not low, (f.stretch_id, low)
        assert f.points["head"][1] >= HEAD_R - 0.01, f"{f.stretch_id}: the head is in the floor"


@pytest.mark.parametrize(
    "sid",
    [s for s in STRETCHES if CAT.stretches.set_index("stretch_id").at[s, "position"] == "supine"],
)
def test_in_the_supine_poses_the_back_lies_on_the_floor(sid):
    for side in ("left", "right"):
        for f in frames_of(sid, side=side):
            p = f.points
            if f.view == "above":
                # From above: the arms spread in line with the shoulders, the back flat between.
                for wrist in ("near_wrist", "far_wrist"):
                    assert abs(p[wrist][0] - p["shoulder"][0]) < 0.05, (sid, wrist)
                    assert abs(p[wrist][1] - p["shoulder"][1]) > 0.2, (sid, wrist)
                line = [p[k][1] for k in ("neck", "shoulder", "mid_back", "hip")]
                assert max(line) - min(line) < 0.02, sid
                continue
            for point in ("shoulder", "mid_back", "hip"):
                assert p[point][1] <= 0.06, f"{sid} {side}: the {point} is off the floor"
            assert p["head"][1] <= HEAD_R + 0.03, f"{sid} {side}: the head is lifted"


def test_supine_twist_drops_both_knees_to_the_side_of_the_frame():
    for side in ("left", "right"):
        (f,) = frames_of("supine_twist", side=side)
        p = f.points
        spine = p["hip"][1]
        sides = {math.copysign(1, p[k][1] - spine) for k in ("near_knee", "far_knee")}
        assert len(sides) == 1, "both knees sink to one side"
        assert min(abs(p[k][1] - spine) for k in ("near_knee", "far_knee")) > 0.1
        # The person's left is up in the picture (head to the left, face up).
        assert sides == {1.0 if side == "left" else -1.0}, side


def test_in_knee_to_chest_the_hugged_knee_is_near_the_chest():
    for side in ("left", "right"):
        (f,) = frames_of("knee_to_chest", side=side)
        p = f.points
        chest = (
            (p["shoulder"][0] + p["mid_back"][0]) / 2,
            (p["shoulder"][1] + p["mid_back"][1]) / 2,
        )
        thigh = dist(p["hip"], p["near_knee"])
        assert dist(p["near_knee"], chest) < thigh
        # The hip is bent far: the thigh points back towards the shoulders.
        assert angle_at(p["hip"], p["shoulder"], p["near_knee"]) < 70
        # Both hands hold the knee, and the other foot stays on the floor.
        for wrist in ("near_wrist", "far_wrist"):
            assert dist(p[wrist], p["near_knee"]) < 0.06, wrist
        assert p["far_ankle"][1] < 0.06 and p["far_toe"][1] < 0.03


def test_in_childs_pose_the_hips_sit_over_the_heels():
    (f,) = frames_of("childs_pose")
    p = f.points
    for ankle in ("near_ankle", "far_ankle"):
        assert abs(p["hip"][0] - p[ankle][0]) < 0.04, ankle
    assert p["hip"][1] < 0.2  # sitting back, not up on the knees
    assert p["head"][1] <= HEAD_R + 0.01, "the forehead rests on the floor"
    for point in ("near_knee", "near_ankle", "far_knee", "far_ankle", "near_wrist", "far_wrist"):
        assert p[point][1] <= 0.04, point


def test_in_figure_four_the_crossed_ankle_rests_on_the_other_thigh():
    for side in ("left", "right"):
        (f,) = frames_of("figure_four", side=side)
        p = f.points
        assert to_segment(p["near_ankle"], p["hip"], p["far_knee"]) < 0.03
        # Near the knee, as the step says: in the outer half of the thigh.
        along = dist(p["hip"], p["near_ankle"]) / dist(p["hip"], p["far_knee"])
        assert along > 0.5
        # The other thigh is drawn in towards the chest.
        assert angle_at(p["hip"], p["shoulder"], p["far_knee"]) < 110


def test_in_seated_glute_the_bent_foot_is_planted_beside_the_long_leg():
    for side in ("left", "right"):
        (f,) = frames_of("seated_glute", side=side)
        p = f.points
        assert p["hip"][1] < 0.1 and p["far_knee"][1] < 0.06 and p["far_ankle"][1] < 0.06
        assert abs(p["near_ankle"][0] - p["far_knee"][0]) < 0.05
        assert p["near_knee"][1] > 0.15  # the knee is up
        assert dist(p["far_wrist"], p["near_knee"]) < 0.06  # the other arm hugs it
        assert p["near_wrist"][1] < 0.06  # the palm planted behind


def _above_line(p) -> float:
    """How far mid-back is above the straight line from shoulder to hip."""
    (sx, sy), (hx, hy), (mx, my) = p["shoulder"], p["hip"], p["mid_back"]
    return my - (sy + (hy - sy) * (mx - sx) / (hx - sx))


def test_cats_back_rounds_up_and_cows_dips():
    cat = frames_of("cat_cow", frame="cat")[0].points
    cow = frames_of("cat_cow", frame="cow")[0].points
    assert _above_line(cat) > 0.03
    assert _above_line(cow) < -0.03
    assert cat["head"][1] < cat["shoulder"][1] < cow["head"][1]  # chin in, then head up
    for p in (cat, cow):  # wrists below the shoulders, knees below the hips
        assert abs(p["near_wrist"][0] - p["shoulder"][0]) < 0.03
        assert abs(p["near_knee"][0] - p["hip"][0]) < 0.03


@pytest.mark.parametrize("sid", PER_SIDE)
def test_the_left_and_right_frames_mirror_each_other(sid):
    poses = CAT.poses[CAT.poses["stretch_id"] == sid]
    assert set(poses["side"].astype(str)) == {"left", "right"}, "both sides are in the table"
    for left in frames_of(sid, side="left"):
        (right,) = frames_of(sid, side="right", frame=left.frame)
        mirrored = mirror_frame(left)
        assert (mirrored.side, mirrored.view) == (right.side, right.view)
        for point in POSE_POINTS:
            assert mirrored.points[point] == pytest.approx(right.points[point], abs=1e-9), point


def test_a_side_left_out_of_the_table_is_drawn_as_the_mirror(tables):
    path = tables / "poses.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith("figure_four,hold,right,")))
    (right,) = pose_frames("figure_four", side="right", data_dir=tables)
    (left,) = pose_frames("figure_four", side="left", data_dir=tables)
    assert right.mirrored and right.points["hip"] == pytest.approx(
        (1 - left.points["hip"][0], left.points["hip"][1])
    )


# --- the table is checked like every table -------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, start: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if ln.startswith(start))


BROKEN = [
    (
        "unknown stretch",
        lambda p: edit(p, "cat_cow,cat,both,left,head,", "cat_cows,cat,both,left,head,"),
        "cat_cows,cat,both,left,head,",
        "stretch_id",
        ["unknown stretch_id 'cat_cows'", "known in stretches.csv: knee_to_chest"],
    ),
    (
        "a coordinate that is not a number",
        lambda p: edit(
            p, "childs_pose,hold,both,left,hip,0.63,", "childs_pose,hold,both,left,hip,0.6 3,"
        ),
        "childs_pose,hold,both,left,hip,",
        "x",
        ["'0.6 3' is not a number", "from 0 to 1"],
    ),
    (
        "a coordinate outside the box",
        lambda p: edit(
            p,
            "childs_pose,hold,both,left,neck,0.31,0.085",
            "childs_pose,hold,both,left,neck,0.31,-0.2",
        ),
        "childs_pose,hold,both,left,neck,",
        "y",
        ["-0.2 is out of range"],
    ),
    (
        "duplicate key",
        lambda p: edit(p, "childs_pose,hold,both,left,neck,", "childs_pose,hold,both,left,head,"),
        "childs_pose,hold,both,left,head,0.31",
        "point",
        ["'childs_pose, hold, both, head' appears twice", "must be unique"],
    ),
    (
        "unknown point",
        lambda p: edit(p, "childs_pose,hold,both,left,neck,", "childs_pose,hold,both,left,nek,"),
        "childs_pose,hold,both,left,nek,",
        "point",
        ["'nek' is not valid", "valid values: head, neck, shoulder"],
    ),
    (
        "a frame seen from two places",
        lambda p: edit(p, "childs_pose,hold,both,left,neck,", "childs_pose,hold,both,right,neck,"),
        "childs_pose,hold,both,right,neck,",
        "view",
        ["'right' differs from the view 'left' of line", "seen from one place"],
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_pose_is_explained_by_file_line_and_column(tables, case):
    _, breaks, start, column, fragments = case
    path = tables / "poses.csv"
    breaks(path)
    line = line_of(path, start)
    with pytest.raises(CatalogError) as info:
        sk.load_catalog(data_dir=tables)
    message = str(info.value)
    assert f"poses.csv, line {line}, column '{column}'" in message, message
    for fragment in fragments:
        assert fragment in message, message


def test_a_missing_point_names_the_frame_its_first_line_and_what_is_missing(tables):
    path = tables / "poses.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text(
        "".join(ln for ln in lines if not ln.startswith("cat_cow,cat,both,left,mid_back,"))
    )
    first = line_of(path, "cat_cow,cat,both,left,")
    with pytest.raises(CatalogError) as info:
        sk.load_poses(data_dir=tables)
    message = str(info.value)
    assert f"poses.csv, line {first}, column 'point'" in message
    assert "the frame 'cat' (both) of 'cat_cow'" in message and "point(s) mid_back" in message


# --- an older folder, a trainer's own stretch ------------------------------------------


def _add_own_stretch(folder: Path, name: str) -> None:
    with (folder / "stretches.csv").open("a") as f:
        f.write(f'hip_circles,"{name}",,dynamic,standing,warm_up,false,20,30,,,\n')
    with (folder / "stretch_muscles.csv").open("a") as f:
        f.write("hip_circles,gluteus_medius,\n")
    with (folder / "stretch_steps.csv").open("a") as f:
        f.write("hip_circles,1,,Circle the hips slowly.\n")


def test_an_older_folder_without_poses_loads_with_the_built_in_poses(tables):
    (tables / "poses.csv").unlink()
    _add_own_stretch(tables, "Hip Circles")
    cat = sk.load_catalog(data_dir=tables)
    assert set(cat.poses["stretch_id"]) == set(STRETCHES)
    assert list(cat.poses.columns) == list(CAT.poses.columns)
    assert (cat.poses.dtypes == CAT.poses.dtypes).all()
    assert "No picture yet" not in figure_svg("cat_cow", catalog=cat)
    svg = figure_svg("hip_circles", catalog=cat)
    assert "No picture yet" in svg and "add rows for Hip Circles" in svg
    # A copy of the older folder is an older folder too.
    copy = sk.copy_tables(tables.parent / "copy", data_dir=tables)
    assert not (copy / "poses.csv").exists()
    assert len(sk.load_poses(data_dir=copy)) == len(CAT.poses)


def test_copy_tables_copies_the_poses(tmp_path):
    copy = sk.copy_tables(tmp_path / "mine")
    assert (copy / "poses.csv").read_text() == (sk.data_path() / "poses.csv").read_text()


def test_a_trainers_own_stretch_without_rows_gets_a_placeholder(tables):
    _add_own_stretch(tables, "Hip Circles")
    svg = figure_svg("Hip Circles", data_dir=tables)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Hip Circles: no picture yet"
    assert root.find(f"{SVG}desc").text == "No picture yet: add rows for Hip Circles to poses.csv."
    assert pose_frames("hip_circles", data_dir=tables) == []
    ax = draw_figure("hip_circles", ax=Figure().add_subplot(), data_dir=tables)
    assert "No picture yet" in ax.texts[0].get_text()


def test_hostile_names_are_escaped(tmp_path):
    folder = hostile_catalog(tmp_path / "hostile")
    _add_own_stretch(folder, f"<img src=x onerror=window.{FLAG}=1> Circles")
    cat = sk.load_catalog(data_dir=folder)
    for sid in cat.stretches["stretch_id"]:
        svg = figure_svg(sid, catalog=cat)
        ET.fromstring(svg)  # well-formed: nothing broke out of its element
        problems, text = live_markup(svg)
        assert not problems, problems
        assert "onerror" in text  # shown as text, to read
    # In print, a name with dollars is drawn as written, not as mathematics.
    ax = draw_figure("hip_circles", ax=Figure().add_subplot(), catalog=cat)
    assert "$" not in ax.texts[0].get_text() or not ax.texts[0].get_parse_math()


# --- the SVG ---------------------------------------------------------------------------


@pytest.mark.parametrize("sid", STRETCHES)
def test_the_svg_is_well_formed_named_described_and_themed(sid):
    name = CAT.stretches.set_index("stretch_id").at[sid, "name"]
    svg = figure_svg(sid, catalog=CAT)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith(name)
    desc = root.find(f"{SVG}desc").text
    assert desc == figure_description(sid, catalog=CAT) and desc.startswith(
        f"{name}: a stick figure"
    )
    # Every colour that is not data follows JupyterLab's theme; the lit part is the body map's.
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg)) - {"none"}
    assert colours - {LIT} and all(c.startswith("var(--jp-") for c in colours - {LIT}), colours
    assert LIT in LIT_COLOURS
    assert "var(--jp-ui-font-color0" in svg and "var(--jp-border-color1" in svg
    lit = root.find(f".//{SVG}g[@class='sk-figure-lit']")
    assert len(lit), f"{sid}: nothing is lit"


def test_the_lit_part_follows_the_muscles_the_stretch_targets():
    back = ET.fromstring(figure_svg("childs_pose", catalog=CAT))  # lower back only
    lit = back.find(f".//{SVG}g[@class='sk-figure-lit']")
    assert [e.tag for e in lit] == [f"{SVG}path", f"{SVG}path"]  # halo and colour, no glutes
    glutes = ET.fromstring(figure_svg("figure_four", catalog=CAT))  # glutes only
    lit = glutes.find(f".//{SVG}g[@class='sk-figure-lit']")
    assert [e.tag for e in lit] == [f"{SVG}circle"]
    assert "the glutes (Piriformis, Gluteus medius, Gluteus maximus)" in figure_description(
        "figure_four", catalog=CAT
    )


def test_cat_cow_shows_both_frames_captioned_and_one_when_asked():
    both = ET.fromstring(figure_svg("cat_cow", catalog=CAT))
    assert [t.text for t in both.iter(f"{SVG}text")] == ["Cow", "Cat"]
    one = ET.fromstring(figure_svg("cat_cow", frame="cat", catalog=CAT))
    assert [t.text for t in one.iter(f"{SVG}text")] == ["Cat"]
    assert float(one.get("width")) < float(both.get("width"))


def test_side_and_frame_are_checked():
    with pytest.raises(ValueError, match="side must be 'left', 'right', 'both' or None"):
        figure_svg("figure_four", side="up", catalog=CAT)
    with pytest.raises(sk.UnknownNameError, match="its frames: hold"):
        figure_svg("figure_four", frame="cat", catalog=CAT)
    # A stretch of both sides at once has one picture whatever side is asked for.
    assert figure_svg("childs_pose", side="right", catalog=CAT) == figure_svg(
        "childs_pose", catalog=CAT
    )


def test_a_card_with_its_figure_renders_in_50_ms():
    sk.stretch_card("cat_cow", catalog=CAT)._repr_html_()  # warm
    times = []
    for sid in STRETCHES * 3:
        start = time.perf_counter()
        sk.stretch_card(sid, catalog=CAT)._repr_html_()
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.05, times


# --- print, and the pictures for review ----------------------------------------------


def test_draw_figure_follows_the_ax_contract():
    import matplotlib.pyplot as plt

    fig = Figure()
    ax = fig.add_subplot()
    assert draw_figure("cat_cow", ax=ax, catalog=CAT) is ax
    assert [t.get_text() for t in ax.texts] == ["Cow", "Cat"]
    assert not ax.axison and ax.get_aspect() == 1.0
    plt.figure()
    assert draw_figure("childs_pose", catalog=CAT) is plt.gca()


def test_every_figure_is_saved_for_review():
    """``build/figures/``: a PNG (print) and an SVG (screen) of every stretch and side, for
    a person to look at; a person must recognise each stretch."""
    out = ROOT / "build" / "figures"
    out.mkdir(parents=True, exist_ok=True)
    sheet = Figure(figsize=(10, 2.2 * len(STRETCHES)), dpi=90)
    for i, sid in enumerate(STRETCHES):
        for j, side in enumerate(("left", "right")):
            fig = Figure(figsize=(4, 2), dpi=100)
            draw_figure(sid, ax=fig.add_subplot(), side=side, catalog=CAT)
            fig.savefig(out / f"{sid}_{side}.png")
            (out / f"{sid}_{side}.svg").write_text(figure_svg(sid, side=side, catalog=CAT))
            ax = sheet.add_subplot(len(STRETCHES), 2, 2 * i + j + 1)
            draw_figure(sid, ax=ax, side=side, catalog=CAT)
            ax.set_title(
                figure_description(sid, side=side, catalog=CAT).split(":")[0] + f", {side}"
            )
    sheet.savefig(out / "all.png")
    assert len(list(out.glob("*.png"))) >= 2 * len(STRETCHES) + 1


# --- the figure wherever a stretch is shown ---------------------------------------------


def test_every_card_carries_its_figure_on_screen_and_in_words():
    for sid in STRETCHES:
        card = sk.stretch_card(sid, catalog=CAT)
        page = card._repr_html_()
        assert (
            'class="sk-card-figure"' in page
            and figure_svg(sid, height="8.5em", catalog=CAT) in page
        )
        assert f"Picture: {figure_description(sid, catalog=CAT)}" in str(card)


def test_a_cards_figure_follows_its_tables(tables):
    _add_own_stretch(tables, "Hip Circles")
    card = sk.stretch_card("Hip Circles", data_dir=tables)
    assert "No picture yet" in card._repr_html_()
    assert "Picture: No picture yet: add rows for Hip Circles to poses.csv." in str(card)


def test_the_lesson_pack_prints_each_picture_beside_its_stretch():
    from stretchkit.charts.pack import _pack_figures

    figs = _pack_figures()
    pages = figs[2 : 2 + len(STRETCHES)]
    for fig, sid in zip(pages, STRETCHES, strict=True):
        pictures = [ax for ax in fig.axes if ax.get_gid() == "sk-figure"]
        assert len(pictures) == 1, sid
        name = next(
            t
            for t in fig.texts
            if t.get_text() == CAT.stretches.set_index("stretch_id").at[sid, "name"]
        )
        # At the top right, beside the name, not over it.
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        box = pictures[0].get_tightbbox(renderer)
        assert box.x0 > name.get_window_extent(renderer).x1
        assert box.y1 > fig.bbox.height * 0.8


def test_the_handout_shows_the_weeks_stretches_and_gives_them_up_for_a_long_week():
    from stretchkit.charts.plan import handout_figure

    plan = sk.plan_week(days=3, minutes=15)
    fig = handout_figure(plan)
    drawn = [ax for ax in fig.axes if ax.get_gid() == "sk-figure"]
    planned = list(dict.fromkeys(plan.table["stretch_id"].dropna()))
    assert len(drawn) == len(planned) == len(STRETCHES)
    names = [t.get_text() for t in fig.texts]
    assert "The stretches, as they look" in names
    long_week = handout_figure(sk.plan_week(days=7, minutes=60))
    sizes = [t.get_fontsize() for t in long_week.texts]
    if any(ax.get_gid() == "sk-figure" for ax in long_week.axes):
        assert min(sizes) >= 9


def test_the_quiz_shows_a_picture_that_does_not_say_its_answer():
    from stretchkit.widgets import quiz

    box = quiz(n=len(STRETCHES), topics=["picture"])
    for row in box.questions.itertuples():
        shown = box.question.value
        svg = shown[shown.index("<svg") : shown.index("</svg>") + 6]
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("data-stretch") is None
        words = " ".join(root.itertext())
        for name in CAT.stretches["name"]:
            assert name not in words and name not in row.text
        assert svg == figure_svg(row.subject, anonymous=True, height="11em", catalog=CAT)
        box.choices.value = row.answer_text
        box.check.click()
        assert "Right." in box.feedback.value
        box.next.click()
    assert int(box.result["correct"].sum()) == len(STRETCHES)
