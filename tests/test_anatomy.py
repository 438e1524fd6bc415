"""The body map (SVG and matplotlib), the heat map, the cards and the explorer's logic."""

from __future__ import annotations

import math
import re
from itertools import pairwise

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


def inside(point, polygon) -> bool:
    """Whether ``point`` lies inside ``polygon`` (ray casting; on the edge counts as inside)."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in pairwise([*polygon, polygon[0]]):
        if min(y1, y2) <= y <= max(y1, y2) and y1 != y2:
            cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if abs(cross - x) < 1e-9:
                return True
            if cross > x and y != max(y1, y2):
                hit = not hit
    return hit


def spread(points, axis: int) -> tuple[float, float]:
    values = [p[axis] for p in points]
    return min(values), max(values)


def near(points, line, within: float) -> bool:
    """Whether some point lies within ``within`` of the polyline ``line``."""

    def to_segment(p, a, b) -> float:
        (px, py), (ax, ay), (bx, by) = p, a, b
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5

    return any(to_segment(p, a, b) <= within for p in points for a, b in pairwise(line))


SHAPES = anatomy.MUSCLE_SHAPES
SHAPES_NAMES = dict(sk.load_muscles()[["muscle_id", "name"]].itertuples(index=False))


def test_the_piriformis_lies_under_the_gluteus_maximus_in_the_deep_layer():
    piriformis, gmax = SHAPES["piriformis"], SHAPES["gluteus_maximus"]
    assert all(inside(p, list(gmax.outline)) for p in piriformis.outline)
    assert piriformis.layer == "deep" and gmax.layer == "superficial"
    assert piriformis.under == "gluteus_maximus"
    # From the sacrum (its medial end over the sacrum) to the greater trochanter.
    assert any(inside(p, list(anatomy.SACRUM)) for p in piriformis.outline)
    tx, ty, r = anatomy.TROCHANTER
    assert any(math.dist(p, (tx, ty)) <= r for p in piriformis.outline)


def test_the_quadratus_lumborum_lies_beside_and_deep_to_the_erector_spinae():
    ql, es = SHAPES["quadratus_lumborum"], SHAPES["erector_spinae"]
    es_right = spread(es.outline, 0)[1]
    ql_left, ql_right = spread(ql.outline, 0)
    assert ql_right > es_right  # it reaches lateral to the erector spinae ...
    assert ql_left < es_right  # ... and overlaps its lateral edge: it lies under it there
    assert any(inside(p, list(es.outline)) for p in ql.outline)
    assert ql.layer == "deep" and es.layer == "superficial"
    # From the iliac crest up to the 12th rib.
    assert near(ql.outline, anatomy.RIB, within=8)
    assert near(ql.outline, anatomy.ILIAC_CREST, within=8)


def test_the_gluteus_medius_reaches_the_greater_trochanter_partly_under_the_maximus():
    gmed, gmax = SHAPES["gluteus_medius"], SHAPES["gluteus_maximus"]
    tx, ty, r = anatomy.TROCHANTER
    assert any(math.dist(p, (tx, ty)) <= r for p in gmed.outline)
    assert near(gmed.outline, anatomy.ILIAC_CREST, within=8)  # from the outer ilium
    covered = [inside(p, list(gmax.outline)) for p in gmed.outline]
    assert any(covered) and not all(covered)  # partly under the maximus, partly seen
    assert gmed.layer == "deep"


def test_the_erector_spinae_runs_along_the_spine_from_the_sacrum_up():
    es = SHAPES["erector_spinae"]
    medial, _ = spread(es.outline, 0)
    assert 0 < medial - anatomy.CENTRE <= 10  # beside the spinous processes
    top, bottom = spread(es.outline, 1)
    vertebrae = [y for _, y, _ in anatomy.VERTEBRAE]
    assert top <= min(vertebrae) and bottom >= max(vertebrae)  # the whole lumbar spine
    assert any(inside(p, list(anatomy.SACRUM)) for p in es.outline)  # down onto the sacrum


def test_the_gluteus_maximus_and_the_obliques_span_their_attachments():
    gmax, obliques = SHAPES["gluteus_maximus"], SHAPES["obliques"]
    assert any(inside(p, list(anatomy.SACRUM)) for p in gmax.outline)
    assert (
        spread(gmax.outline, 0)[1] > anatomy.TROCHANTER[0]
    )  # over the trochanter, to the iliotibial band
    assert [name for name, _ in gmax.parts] == ["upper fibers"]
    upper = gmax.parts[0][1]
    assert spread(upper, 1)[0] == spread(gmax.outline, 1)[0]  # the top of the muscle
    assert near(obliques.outline, anatomy.ILIAC_CREST, within=4)
    assert any(near(obliques.outline, rib, within=4) for rib in anatomy.RIBS)
    # Over the flank: lateral to the quadratus lumborum, out to the body's outline.
    assert spread(obliques.outline, 0)[1] >= spread(anatomy.SILHOUETTE, 0)[1] - 20


def test_from_the_side_the_obliques_run_from_the_ribs_to_the_iliac_crest():
    side = SHAPES["obliques"].side
    assert side and all(not s.side for m, s in SHAPES.items() if m != "obliques")
    assert near(side, anatomy.SIDE_RIBS[-1], within=10)
    assert near(side, anatomy.SIDE_CREST, within=4)
    x, y, w, h = anatomy.SIDE_BOX
    assert all(x < px < x + w and y < py < y + h for px, py in side)
    assert all(inside(p, list(anatomy.SIDE_BODY)) for p in side)
    # Their fibers run down and forward (the front is to the right).
    (start, end) = SHAPES["obliques"].side_fibers
    assert end[0][1] > start[0][1] and end[0][0] > start[0][0]
    svg = anatomy.body_map_svg(["obliques"], selected=["obliques"])
    assert 'data-muscle="obliques" data-side="side"' in svg
    assert re.search(r'data-side="side" d="[^"]+" fill="#993404"[^>]*stroke-width="4"', svg)


@pytest.mark.parametrize("layer", anatomy.LAYERS)
def test_each_layer_draws_its_muscles_in_order(layer):
    svg = anatomy.body_map_svg(layer=layer)
    for side, view in anatomy.side_layers(layer):
        order = re.findall(rf'class="sk-shape" data-muscle="(\w+)" data-side="{side}"', svg)
        assert order
        deep = [m for m in order if SHAPES[m].deep]
        superficial = [m for m in order if not SHAPES[m].deep]
        if view == "superficial":  # the superficial muscles over the deep ones
            assert order == deep + superficial
        else:  # the superficial ones first, faded, the deep ones over them
            assert order == superficial + deep
            faded = re.findall(
                rf'data-muscle="(\w+)" data-side="{side}" d="[^"]+" fill="[^"]+" '
                rf'fill-opacity="{anatomy.LIFTED}"',
                svg,
            )
            assert faded == superficial
    assert f'data-layer="{layer}"' in svg


def test_an_unknown_layer_is_explained():
    with pytest.raises(ValueError, match="unknown layer 'middle'; choose one of: superficial"):
        anatomy.body_map_svg(layer="middle")
    with pytest.raises(ValueError, match="unknown layer 'middle'"):
        sk.charts.body_map(layer="middle")


def test_no_cue_of_the_legend_means_two_things():
    legend = anatomy.LEGEND
    assert len(set(legend.values())) == len(legend)  # one meaning per cue ...
    # ... and one cue per meaning: picked and deep are told apart by different cues.
    picked = [cue for cue, text in legend.items() if "picked" in text]
    deep = [cue for cue, text in legend.items() if "deep" in text]
    assert len(picked) == 1 and picked[0] not in deep
    svg = anatomy.body_map_svg({"piriformis": 1}, selected=["piriformis"], layer="deep")
    assert "stroke-dasharray" not in svg  # no dashes at all: they once meant deep and picked
    # The picked muscle: a thick outline in the theme's ink, a mark and a bold name.
    pir = re.findall(r'data-muscle="piriformis" data-side="\w+" d="[^"]+" [^>]*>', svg)
    assert pir and all(f'stroke="{anatomy.SVG_INK}" stroke-width="4"' in p for p in pir)
    assert re.search(r'class="sk-mark" aria-hidden="true"[^>]*>\u25b6</text>', svg)
    assert re.search(r'font-weight="bold"[^>]*> Piriformis</text>', svg)
    other = re.findall(r'data-muscle="gluteus_medius" data-side="\w+" d="[^"]+" [^>]*>', svg)
    assert all('stroke-width="4"' not in p for p in other)
    # Hatching marks the upper fibers only.
    assert re.findall(r'class="sk-part" data-muscle="(\w+)"', svg) == []  # faded: none
    plain = anatomy.body_map_svg()
    assert set(re.findall(r'class="sk-part" data-muscle="(\w+)"', plain)) == {"gluteus_maximus"}


def test_the_svg_is_well_formed_and_says_what_it_shows():
    from xml.etree import ElementTree

    svg = anatomy.body_map_svg({"piriformis": 2, "QL": 1}, selected=["QL"], layer="deep")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root[0].tag == f"{ns}title" and root[1].tag == f"{ns}desc"
    desc = root[1].text
    assert "deep layer" in desc
    assert "Lit by how many of the stretches shown reach it: Quadratus lumborum x1; " in desc
    assert "Piriformis x2." in desc and "Picked: Quadratus lumborum." in desc
    superficial = anatomy.body_map_svg(["piriformis"])
    assert "Hidden in this layer: Piriformis under the Gluteus maximus." in superficial
    clickable = ElementTree.fromstring(anatomy.body_map_svg(interactive=True))
    assert clickable.get("role") == "group" and clickable.get("aria-label")
    buttons = clickable.findall(f".//{ns}g[@role='button']")
    assert {b.get("data-muscle") for b in buttons} == set(SHAPES)
    assert all(b.get("tabindex") == "0" and b.get("aria-label") for b in buttons)


def test_labels_are_readable_on_a_projector():
    svg = anatomy.body_map_svg({"piriformis": 1}, selected=["obliques"], layer="split")
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    # Drawn 600 px wide or more where a 1024 x 768 projector shows it: 12 px at least.
    assert min(sizes) * 600 / width >= 12
    where = anatomy.column_layout(dict.fromkeys(SHAPES, "A name"))
    for column in ("left", "right"):
        ys = sorted(y for c, y in where.values() if c == column)
        assert ys == sorted(set(ys)) and ys[-1] <= anatomy.HEIGHT


def marks_on_the_drawing(svg: str) -> dict[str, tuple[float, float]]:
    """number -> where it is drawn, for the narrow map's numbered marks on the body."""
    marks = re.search(r'<g class="sk-marks" aria-hidden="true">(.*?)</g>', svg).group(1)
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" [^>]*font-weight="bold"[^>]*>(\d)<', marks)
    return {n: (float(x), float(y)) for x, y, n in found}


@pytest.mark.parametrize("layer", anatomy.LAYERS)
def test_the_narrow_map_numbers_each_muscle_on_the_drawing_and_in_its_list(layer):
    from xml.etree import ElementTree

    svg = anatomy.body_map_svg({"piriformis": 2}, selected=["piriformis"], layer=layer,
                               layout="narrow", interactive=True)  # fmt: skip
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("data-layout") == "narrow" and root.get("viewBox").startswith("0 0 300 ")
    buttons = root.findall(f".//{ns}g[@role='button']")
    assert [b.get("data-muscle") for b in buttons] == list(SHAPES)  # every muscle, in order
    for number, button in enumerate(buttons, 1):
        words = [t.text.strip() for t in button.iter(f"{ns}text") if t.text]
        assert words[0] == str(number)  # its number, then its name and notes
        assert button.get("aria-label").startswith(SHAPES_NAMES[button.get("data-muscle")])
    # On the drawing: the number of each muscle seen in this layer, on its own half
    # (superficial left, deep right), where the wide map's leader points.
    marks = marks_on_the_drawing(svg)
    views = dict(anatomy.side_layers(layer))
    for number, muscle in enumerate(SHAPES, 1):
        column = "left" if not SHAPES[muscle].deep else "right"
        if anatomy.hidden(muscle, views[column]):
            assert str(number) not in marks, muscle
            continue
        x, y = marks[str(number)]
        ax, ay = anatomy.side_points((SHAPES[muscle].anchor,), column)[0]
        assert (x, y) == (pytest.approx(ax), pytest.approx(ay + 4.2)), muscle
        assert (x < anatomy.CENTRE) == (column == "left")
    if layer == "superficial":  # the piriformis lies under the gluteus maximus: no number
        assert "6" not in marks and "hidden under the gluteus maximus" in svg
    else:
        assert "6" in marks


def test_every_word_of_the_narrow_map_fits_a_phone():
    svg = anatomy.body_map_svg({"piriformis": 2}, selected=["gluteus_medius"], layer="deep",
                               layout="narrow", interactive=True)  # fmt: skip
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    # A 320 px phone shows the map about 300 px wide: its words at 12 px or more ...
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert min(sizes) * 300 / width >= 12
    wide = anatomy.body_map_svg(layout="wide")
    assert min(float(s) for s in re.findall(r'font-size="([\d.]+)"', wide)) * 300 / 600 < 7
    # ... and every line of it within the width (at 0.6 em a letter, wider than this font's
    # average), no leader line crossing the drawing. (The marks and the side view's caption
    # are inside the drawing's moved boxes, drawn within them.)
    from xml.etree import ElementTree

    def lines(node, moved=False):
        moved = moved or node.get("transform") is not None
        if node.tag.endswith("}text") and not moved:
            yield node
        for child in node:
            yield from lines(child, moved)

    checked = 0
    for text in lines(ElementTree.fromstring(svg)):
        words = "".join(text.itertext()).strip()
        span = len(words) * float(text.get("font-size")) * 0.6
        x = float(text.get("x"))
        start = x - span / 2 if text.get("text-anchor") == "middle" else x
        assert start >= 0 and start + span <= width + 1, words
        checked += 1
    assert checked > 30
    assert "sk-leader" not in svg and "sk-landmarks" not in svg
    # The legend says what the numbers and letters on the drawing are, wrapped, word for word.
    notes = " ".join(re.findall(r'class="sk-note"[^>]*>([^<]*)<', svg))
    assert notes == " ".join(anatomy.NARROW_NOTES)
    assert "Bones: a: 12th rib; b: lumbar spine; c: iliac crest; d: sacrum; e: greater" in notes


def test_a_layout_that_is_not_one_is_explained():
    with pytest.raises(ValueError, match="layout='tall' is not a layout of the body map; use "
                                         "one of: wide, narrow"):  # fmt: skip
        anatomy.body_map_svg(layout="tall")


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
    assert 'role="img"' in svg and "reach it: Obliques x1." in svg
    assert (
        "<title>Piriformis (deep layer; from the front of the sacrum to the greater "
        "trochanter): not targeted</title>"
    ) in svg
    assert "<title>Obliques (superficial layer; from the lower ribs to the iliac crest): " in svg


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
    assert "> Side abdominals</text>" in svg


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


def test_body_map_title_layers_and_picked():
    ax = sk.charts.body_map(highlight=["piriformis", "obliques"], selected=["piriformis"])
    assert ax.get_title() == "Lit: Piriformis, Obliques"
    patches = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    assert {p.get_linestyle() for p in patches.values()} == {"solid"}  # no dashes
    # Split: the left half superficial, the right half deep with the superficial faded.
    assert patches["obliques:left"].get_facecolor()[3] == 1
    assert patches["obliques:right"].get_facecolor()[3] == pytest.approx(anatomy.LIFTED)
    assert patches["piriformis:right"].get_linewidth() > patches["obliques:right"].get_linewidth()
    names = [t.get_text() for t in ax.texts]
    assert "\u25b6 Piriformis" in names
    shown = {p.get_gid() for p in sk.charts.body_map(layer="superficial", ax=plt.figure().gca())
             .patches if p.get_gid()}  # fmt: skip
    assert shown == set(patches)


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
    regions = svg_regions(ex.map.svg)
    assert regions["piriformis"][0] == "true" and regions["obliques"][0] == "false"
    assert ex.map.picked == ["piriformis"]  # the list's choice is marked on the map

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
