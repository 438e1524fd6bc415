"""The body map (SVG and matplotlib), the heat map, the cards and the explorer's logic."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

import stretchkit as sk
from stretchkit import anatomy
from tests.test_explore import add_hamstring_stretch
from tests.test_validation import edit


def svg_regions(svg: str) -> dict[str, tuple[str, str]]:
    """muscle id -> (data-lit, fill) for every region of an SVG body map."""
    found = re.findall(r'data-muscle="([^"]+)" data-lit="(\w+)" data-fill="([^"]+)"', svg)
    return {m: (lit, fill) for m, lit, fill in found}


def patch_fills(ax) -> dict[str, tuple]:
    return {p.get_gid(): p.get_facecolor() for p in ax.patches if p.get_gid()}


# --- geometry and SVG -------------------------------------------------------------------


def test_every_muscle_of_the_table_has_a_region():
    muscle_ids = set(sk.load_muscles()["muscle_id"])
    assert set(anatomy.MUSCLE_SHAPES) == muscle_ids
    assert set(svg_regions(anatomy.body_map_svg())) == muscle_ids


def test_regions_sit_where_the_muscles_lie():
    shapes = anatomy.MUSCLE_SHAPES

    def centre(mid):
        xs, ys = zip(*shapes[mid].outline, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)

    es, ql, ob = centre("erector_spinae"), centre("quadratus_lumborum"), centre("obliques")
    gmax, gmed = centre("gluteus_maximus"), centre("gluteus_medius")
    assert es[0] < ql[0] < ob[0]  # spine, then QL, then the flank
    rib_y, crest_y = anatomy.RIB[0][1], max(y for _, y in anatomy.ILIAC_CREST)
    assert all(rib_y <= y <= crest_y + 10 for _, y in shapes["quadratus_lumborum"].outline)
    assert gmed[1] < gmax[1] and gmed[0] > gmax[0]  # above and to the side
    assert shapes["piriformis"].deep and not shapes["gluteus_maximus"].deep
    assert [name for name, _ in shapes["gluteus_maximus"].parts] == ["upper fibers"]
    fx, _, _ = anatomy.FEMUR_HEAD
    xs = [x for x, _ in shapes["piriformis"].outline]
    assert min(xs) < anatomy.SACRUM[1][0] and max(xs) >= fx - 3  # sacrum to thigh bone


def test_highlighted_regions_change_colour_in_svg():
    plain = svg_regions(anatomy.body_map_svg())
    lit = svg_regions(anatomy.body_map_svg({"piriformis": 2, "QL": 1}))
    assert plain["piriformis"] == ("false", anatomy.UNLIT)
    assert lit["piriformis"] == ("true", anatomy.LIT_COLOURS[-1])
    assert lit["quadratus_lumborum"][0] == "true"
    assert lit["quadratus_lumborum"][1] not in (anatomy.UNLIT, lit["piriformis"][1])
    assert lit["obliques"] == plain["obliques"]


def test_svg_is_labelled_for_screen_readers():
    svg = anatomy.body_map_svg(["obliques"])
    assert 'role="img"' in svg and "Lit: Obliques." in svg
    assert "<title>Piriformis (deep): not targeted</title>" in svg
    assert "<title>Obliques: targeted x1</title>" in svg


@pytest.mark.parametrize(
    ("highlight", "error", "message"),
    [
        (["hamstring"], ValueError, "unknown muscle 'hamstring'; known muscles: erector_spinae"),
        ({"piriformis": -1}, ValueError, "intensity for 'piriformis' must be a number >= 0"),
        ({"piriformis": "lots"}, ValueError, "must be a number >= 0, not 'lots'"),
        (3, TypeError, "highlight must be muscle ids, or a mapping"),
    ],
)
def test_bad_highlight_is_explained(highlight, error, message):
    with pytest.raises(error, match=re.escape(message)):
        anatomy.body_map_svg(highlight)
    with pytest.raises(error, match=re.escape(message)):
        sk.charts.body_map(highlight=highlight)


def test_custom_muscles_are_listed_not_dropped(tables):
    add_hamstring_stretch(tables)
    svg = anatomy.body_map_svg({"hamstrings": 2}, data_dir=tables)
    assert "Not drawn: Hamstrings (targeted x2)" in svg
    ax = sk.charts.body_map(highlight=["hamstrings"], data_dir=tables)
    texts = [t.get_text() for t in ax.texts if t.get_gid() == "undrawn"]
    assert texts == ["Not drawn:\nHamstrings (targeted x1)"]
    assert anatomy.undrawn_muscles(data_dir=tables)["muscle_id"].tolist() == ["hamstrings"]


def test_renamed_muscle_keeps_its_region_and_its_new_name(tables):
    edit(tables / "muscles.csv", "obliques,Obliques,", "obliques,Side abdominals,")
    svg = anatomy.body_map_svg(data_dir=tables)
    assert ">Side abdominals</text>" in svg


# --- matplotlib -------------------------------------------------------------------------


def test_body_map_follows_the_ax_contract():
    _, ax = plt.subplots()
    assert sk.charts.body_map(ax=ax) is ax
    plt.figure()
    current = plt.gca()
    assert sk.charts.body_map() is current


def test_body_map_highlight_changes_fills():
    plain = patch_fills(sk.charts.body_map(ax=plt.figure().gca()))
    lit = patch_fills(sk.charts.body_map(highlight=["gluteus_medius"], ax=plt.figure().gca()))
    assert lit["gluteus_medius:left"] != plain["gluteus_medius:left"]
    assert lit["gluteus_medius:right"] == lit["gluteus_medius:left"]
    assert lit["obliques:left"] == plain["obliques:left"]
    assert {gid.split(":")[0] for gid in lit} == set(anatomy.MUSCLE_SHAPES)


def test_body_map_title_and_deep_dashes():
    ax = sk.charts.body_map(highlight=["piriformis", "obliques"])
    assert ax.get_title() == "Lit: Piriformis, Obliques"
    deep = next(p for p in ax.patches if p.get_gid() == "piriformis:left")
    assert deep.get_linestyle() != "-"


def test_heatmap_marks_every_pair_and_its_notes():
    ax = sk.charts.target_heatmap(ax=plt.figure().gca())
    marks = [t for t in ax.texts if t.get_text() == "\u25cf"]
    assert len(marks) == len(sk.load_stretch_muscles())
    notes = {t.get_text().replace("\n", " ") for t in ax.texts if t.get_text() != "\u25cf"}
    assert notes == {"upper fibers", "mobility and flexibility", "gentle decompression"}
    assert [t.get_text() for t in ax.get_xticklabels()] == sk.load_muscles()["name"].tolist()


# --- cards ------------------------------------------------------------------------------


@pytest.mark.parametrize("stretch_id", ["knee_to_chest", "cat_cow", "childs_pose"])
def test_card_holds_everything_a_person_needs(stretch_id):
    card = sk.stretch_card(stretch_id)
    html = card._repr_html_()
    row = sk.load_stretches().set_index("stretch_id").loc[stretch_id]
    steps = sk.load_steps().query("stretch_id == @stretch_id")
    assert html.count("<li>") == len(steps) + 3  # steps + three safety reminders
    for text in (row["name"], row["position"], f"{row.hold_min_s}-{row.hold_max_s} s"):
        assert text.replace("'", "&#x27;") in html
    text = repr(card)
    assert text.startswith(row["name"].upper())
    assert all(f"  {i}. " in text for i in range(1, len(steps) + 1))
    assert "Safety: Sharp pain" in text
    assert "page-break-inside:avoid" in html  # prints as one piece


def test_card_escapes_table_text(tables):
    edit(tables / "stretches.csv", "Put a pillow", "<img src=x onerror=alert(1)> Put a pillow")
    html = sk.stretch_card("supine_twist", data_dir=tables)._repr_html_()
    assert "<img" not in html and "&lt;img src=x" in html


# --- finding stretches ------------------------------------------------------------------


def test_find_stretches_filters():
    def ids(**kw):
        return sk.find_stretches(**kw)["stretch_id"].tolist()

    assert ids(muscles=["piriformis"], position="seated") == ["seated_glute"]
    assert ids(kind="dynamic") == ["cat_cow"]
    assert ids(per_side=False) == ["cat_cow", "childs_pose"]
    assert ids(muscles=["gluteus_maximus"], max_seconds=39) == []
    assert ids(muscles=["gluteus_maximus"], max_seconds=40) == [
        "knee_to_chest", "figure_four", "seated_glute",
    ]  # fmt: skip
    assert len(ids()) == 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"position": "standing up"}, "unknown position 'standing up'; choose one of: supine"),
        ({"kind": "ballistic"}, "unknown kind 'ballistic'; choose one of: dynamic, static"),
        ({"max_seconds": 0}, "max_seconds must be a number of seconds above 0, not 0"),
        ({"muscles": ["calf"]}, "unknown muscle 'calf'"),
    ],
)
def test_find_stretches_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        sk.find_stretches(**kwargs)


def test_coverage_counts_stretches_per_muscle():
    assert sk.coverage(sk.load_stretches()["stretch_id"]) == (
        sk.target_matrix().sum().astype(int).to_dict()
    )
    assert sk.coverage([]) == {}


# --- the explorer, without a browser ---------------------------------------------------


def test_explorer_muscles_then_stretch_then_filters():
    ex = sk.widgets.explorer()
    c = ex.controls
    c["muscles"].value = ("piriformis",)
    assert ex.shown == ["figure_four", "seated_glute"]
    cards = ex.children[1]
    assert cards.value.count('class="sk-card"') == 2
    regions = svg_regions(ex.children[0].children[1].children[1].value)
    assert regions["piriformis"][0] == "true" and regions["obliques"][0] == "false"

    c["stretch"].value = "cat_cow"
    assert c["muscles"].value == ()  # one question at a time
    assert ex.lit == ["erector_spinae", "quadratus_lumborum"]
    assert cards.value.count('class="sk-card"') == 1

    c["kind"].value = "static"
    assert c["stretch"].value == ""
    assert "cat_cow" not in ex.shown and len(ex.shown) == 5
    c["time"].value = 30
    assert ex.shown == ["childs_pose"]
    c["time"].value = 10
    assert ex.shown == [] and "No stretch passes these filters" in cards.value


def test_explorer_controls_are_labelled_and_findable():
    ex = sk.widgets.explorer()
    for key, control in ex.controls.items():
        assert control.description, key
        assert any(cls.startswith("sk-") for cls in control._dom_classes), key
    assert "sk-explorer" in ex._dom_classes
