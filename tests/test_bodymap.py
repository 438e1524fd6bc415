"""The clickable body map: its traits without a browser, the explorer following a click, and
in Chromium a click and the keyboard picking muscles and switching layers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import traitlets

import stretchkit as sk
from stretchkit import anatomy
from stretchkit.widgets.widget_bodymap import BodyMap, body_map
from tests.hostile import hostile_catalog, live_markup

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "bodymap"


def pressed(svg: str) -> dict[str, str]:
    """muscle id -> aria-pressed of its button."""
    return dict(re.findall(r'data-muscle="(\w+)"[^>]*role="button"[^>]*aria-pressed="(\w+)"', svg))


# --- the widget, without a browser ------------------------------------------------------


def test_the_map_is_an_anywidget_with_declared_state_and_its_front_end():
    m = body_map({"piriformis": 2})
    assert isinstance(m, BodyMap)
    for name in ("svg", "svg_narrow", "narrow_below", "picked", "layer"):
        assert m.trait_metadata(name, "sync"), name
    assert not m.trait_metadata("lit", "sync")  # the drawing says it
    here = Path(sk.__file__).parent / "widgets"
    assert str(m._esm).strip() == (here / "bodymap.js").read_text(encoding="utf-8").strip()
    assert ".sk-bodymap" in str(m._css)
    assert m.layers == [["superficial", "Superficial"], ["deep", "Deep"]]
    assert set(pressed(m.svg)) == set(anatomy.MUSCLE_SHAPES)
    assert 'role="group"' in m.svg and 'role="img"' not in m.svg  # buttons inside: a group
    # The same map for a phone, the names listed under the drawing: the same buttons.
    assert 'data-layout="narrow"' in m.svg_narrow and 'data-layout="wide"' in m.svg
    assert pressed(m.svg_narrow) == pressed(m.svg)


def test_a_click_picks_and_the_drawing_follows():
    m = body_map({"piriformis": 2, "gluteus_maximus": 1})
    assert pressed(m.svg)["piriformis"] == "false"
    m.picked = ["piriformis"]  # what bodymap.js sets on a click or Enter
    assert pressed(m.svg) == {mid: str(mid == "piriformis").lower() for mid in pressed(m.svg)}
    # Its name says what its label shows, in order; whether it is picked is aria-pressed.
    assert 'aria-label="Piriformis, targeted x2, deep, hidden under the gluteus maximus"' in m.svg
    m.layer = "deep"  # the switch
    assert 'data-layer="deep"' in m.svg and pressed(m.svg)["piriformis"] == "true"
    with pytest.raises(traitlets.TraitError, match="unknown muscle 'hamstrings' picked"):
        m.picked = ["hamstrings"]
    with pytest.raises(traitlets.TraitError):
        m.layer = "split"  # the switch offers two layers; print draws both at once


def test_show_draws_once():
    m = body_map()
    drawn = []
    m.observe(lambda change: drawn.append(change["new"]), names=["svg", "svg_narrow"])
    m.show({"QL": 1}, picked=["quadratus_lumborum"])
    assert len(drawn) == 2  # each drawing once, sent together (hold_sync)
    assert all(pressed(svg)["quadratus_lumborum"] == "true" for svg in drawn)


# --- the explorer follows the map ---------------------------------------------------------


def test_a_click_on_the_map_picks_in_the_explorer_as_the_list_would():
    ex = sk.widgets.explorer()
    ex.map.picked = ["piriformis"]
    assert ex.controls["muscles"].value == ("piriformis",)
    assert ex.shown == ["figure_four", "seated_glute"]
    assert "2 stretches for Piriformis" in ex.status.value
    # Ctrl+click adds one: the list and the cards follow.
    ex.map.picked = ["piriformis", "quadratus_lumborum"]
    assert ex.controls["muscles"].value == ("piriformis", "quadratus_lumborum")
    assert pressed(ex.map.svg)["quadratus_lumborum"] == "true"
    # A stretch picked in its list: the muscles' choice is cleared, on the map too.
    ex.controls["stretch"].value = "cat_cow"
    assert ex.map.picked == [] and ex.controls["muscles"].value == ()
    assert ex.lit == ["erector_spinae", "quadratus_lumborum"]
    # The layer is the reader's: a new choice keeps it.
    ex.map.layer = "deep"
    ex.map.picked = ["gluteus_medius"]
    assert ex.controls["stretch"].value == "" and 'data-layer="deep"' in ex.map.svg
    assert ex.controls["muscles"].value == ("gluteus_medius",)
    # Choosing in the list marks the map.
    ex.controls["muscles"].value = ("obliques",)
    assert ex.map.picked == ["obliques"]


def test_the_map_of_hostile_tables_is_inert(tmp_path):
    folder = hostile_catalog(tmp_path / "tables")
    ex = sk.widgets.explorer(data_dir=folder)
    pieces = [ex.map.svg, ex.map.svg_narrow]
    for mid in sorted(anatomy.MUSCLE_SHAPES):
        ex.map.picked = [mid]
        pieces += [ex.map.svg, ex.map.svg_narrow]
        ex.map.layer = "deep" if ex.map.layer == "superficial" else "superficial"
        pieces += [ex.map.svg, ex.map.svg_narrow]
    for piece in pieces:
        problems, _ = live_markup(piece)
        assert problems == [], problems
    assert any("onerror=" in live_markup(p)[1] for p in pieces)  # shown, as text


# --- in Chromium -------------------------------------------------------------------------

FIRST_KERNEL = 90_000


def smallest_text_px(svg) -> float:
    """The smallest word of an SVG on screen, in CSS pixels (its font size times its scale)."""
    return svg.evaluate(
        """svg => Math.min(...[...svg.querySelectorAll('text')].map(
             t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))"""
    )


@pytest.mark.browser
def test_clicking_a_muscle_shows_its_stretches_and_the_keyboard_switches_layers(voila, page):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(voila("01_anatomy_explorer.ipynb"))
    bodymap = page.locator(".sk-explorer .sk-map")
    expect(bodymap.locator("svg")).to_be_attached(timeout=FIRST_KERNEL)
    cards = page.locator(".sk-cards .sk-card")
    expect(cards).to_have_count(6)
    muscles = page.get_by_label("Muscles", exact=True)
    # Read from the back of a room: at 1024 x 768 no word of the map is under 12 px.
    smallest = smallest_text_px(bodymap.locator("svg"))
    assert smallest >= 12, smallest
    page.locator(".sk-explorer .sk-side").evaluate("e => e.scrollIntoView()")
    page.screenshot(path=str(SHOTS / "explorer-1024x768.png"))

    # A click on the gluteus medius where it lies on the body: its stretches, as if chosen.
    # (Where the gluteus maximus does not cover it: under the iliac crest, on the outer side.)
    medius = bodymap.locator(".sk-shape[data-muscle='gluteus_medius'][data-side='right']")
    box = medius.bounding_box()
    medius.click(position={"x": 0.6 * box["width"], "y": 0.15 * box["height"]})
    expect(muscles).to_have_values(["Gluteus medius"])
    expect(cards).to_have_count(3)
    expect(page.locator(".sk-status")).to_contain_text("3 stretches for Gluteus medius")
    picked = bodymap.locator(".sk-muscle[data-muscle='gluteus_medius']")
    expect(picked).to_have_attribute("aria-pressed", "true")
    bodymap.screenshot(path=str(SHOTS / "explorer-superficial-clicked.png"))

    # The keyboard: to the layer switch, an arrow to "Deep".
    superficial = bodymap.get_by_role("radio", name="Superficial")
    expect(superficial).to_be_checked()
    superficial.focus()
    page.keyboard.press("ArrowRight")
    expect(bodymap.get_by_role("radio", name="Deep")).to_be_checked()
    expect(bodymap.locator("svg")).to_have_attribute("data-layer", "deep")
    expect(muscles).to_have_values(["Gluteus medius"])  # the choice stays

    # Tab to a muscle's name and press Enter: it is picked alone.
    page.keyboard.press("Tab")  # from the switch into the drawing
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused and focused.startswith("Erector spinae"), focused
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"
    button = bodymap.get_by_role("button", name=re.compile(r"^Piriformis, "))
    button.focus()
    expect(bodymap.locator(".sk-shape.sk-focus[data-muscle='piriformis']")).to_have_count(2)
    page.keyboard.press("Enter")
    expect(muscles).to_have_values(["Piriformis"])
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Figure-Four")
    expect(cards.nth(1)).to_contain_text("Seated Glute")
    # The focus stays on the muscle through the redraw, so Enter again un-picks it.
    again = bodymap.locator(".sk-muscle[data-muscle='piriformis']")
    expect(again).to_be_focused()
    expect(again).to_have_attribute("aria-pressed", "true")
    bodymap.screenshot(path=str(SHOTS / "explorer-deep-keyboard.png"))
    page.keyboard.press("Space")
    expect(muscles).to_have_values([])
    expect(cards).to_have_count(6)


@pytest.mark.browser
def test_on_a_phone_the_names_are_listed_under_the_drawing_and_stay_readable(voila, page):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(voila("01_anatomy_explorer.ipynb"))
    bodymap = page.locator(".sk-explorer .sk-map")
    svg = bodymap.locator("svg.sk-body-map")
    expect(svg).to_have_attribute("data-layout", "narrow", timeout=FIRST_KERNEL)
    # Every word of the map 12 px or more (the wide map's would be about 7 px here), and the
    # map within the screen.
    smallest = smallest_text_px(svg)
    assert smallest >= 12, smallest
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # A tap on a muscle's line in the list picks it, as a click on its name does.
    cards = page.locator(".sk-cards .sk-card")
    expect(cards).to_have_count(6)
    row = bodymap.locator(".sk-muscle[data-muscle='piriformis']")
    row.scroll_into_view_if_needed()
    row_box = row.bounding_box()
    assert row_box["width"] >= 280 and row_box["height"] >= 40, row_box  # a target for a thumb
    row.click(position={"x": row_box["width"] - 20, "y": 10})  # far from the name's words
    muscles = page.get_by_label("Muscles", exact=True)
    expect(muscles).to_have_values(["Piriformis"])
    expect(cards).to_have_count(2)
    expect(row).to_have_attribute("aria-pressed", "true")
    # The number beside it is on the drawing too, where the muscle is (the deep layer).
    bodymap.get_by_role("radio", name="Deep").check()
    expect(svg).to_have_attribute("data-layer", "deep")
    page.mouse.move(0, 0)
    page.set_viewport_size({"width": 390, "height": 1900})  # the whole map in one picture
    bodymap.screenshot(path=str(SHOTS / "explorer-phone-narrow.png"))
    # Turned sideways, or opened on a laptop: the same map, named beside the drawing, with
    # the same muscle picked and layer shown.
    page.set_viewport_size({"width": 1366, "height": 768})
    expect(svg).to_have_attribute("data-layout", "wide")
    expect(svg).to_have_attribute("data-layer", "deep")
    expect(row).to_have_attribute("aria-pressed", "true")
    smallest = smallest_text_px(svg)
    assert smallest >= 12, smallest
