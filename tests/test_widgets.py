"""Widget builders, exercised without a browser: set values, read what they show."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

import stretchkit as sk
from stretchkit.widgets.widget_tables import TABLE_CHOICES
from tests.test_validation import edit


def parts(viewer):
    choice, caption, view, style = viewer.children
    assert "sk-style" in style._dom_classes  # the kit's layout rules, added by the base
    return choice, caption, view


def test_builder_returns_a_widget_with_findable_controls():
    viewer = sk.widgets.table_viewer()
    assert isinstance(viewer, widgets.VBox)
    choice, caption, view = parts(viewer)
    assert "sk-table-viewer" in viewer._dom_classes
    assert "sk-table-choice" in choice._dom_classes
    assert "sk-table-caption" in caption._dom_classes
    assert "sk-table-view" in view._dom_classes
    assert choice.description == "Table"  # the visible, linked label


@pytest.mark.parametrize("label", list(TABLE_CHOICES))
def test_every_table_shows_all_its_rows_and_no_missing_markers(label):
    viewer = sk.widgets.table_viewer()
    choice, caption, view = parts(viewer)
    choice.value = label
    df = TABLE_CHOICES[label]()
    assert caption.value == f"{label}: {len(df)} rows"
    assert view.value.count("</tr>") == len(df) + 1  # header + rows
    assert "NA&gt;" not in view.value and "<NA>" not in view.value and ">nan<" not in view.value


def test_text_is_html_escaped(tables):
    edit(tables / "stretches.csv", "Knee-to-Chest,", "<b>Knee</b> & Chest,")
    viewer = sk.widgets.table_viewer(data_dir=tables)
    _, _, view = parts(viewer)
    assert "&lt;b&gt;Knee&lt;/b&gt; &amp; Chest" in view.value
    assert "<b>Knee</b>" not in view.value


def test_unknown_table_is_explained():
    with pytest.raises(ValueError, match="unknown table 'Calves'; choose one of: Stretches, "):
        sk.widgets.table_viewer(table="Calves")


def test_safety_note_escapes_and_renders_every_rule(tables):
    edit(tables / "guidelines.csv", "Sciatica,,", "Sciatica <script>,,")
    note = sk.safety_note(data_dir=tables)
    html = note._repr_html_()
    assert "Sciatica &lt;script&gt;" in html and "<script>" not in html
    for rule in sk.safety_rules(data_dir=tables).itertuples():
        assert rule.title.replace("<", "&lt;").replace(">", "&gt;") in html
        assert rule.title in repr(note)


# --- the layout every widget shares (issue 17) -----------------------------------------


def test_side_by_side_wraps_into_one_column_and_never_squeezes_the_content():
    from stretchkit.widgets.base import CONTENT_MIN, KIT_CSS, KitWidget

    row = KitWidget.side_by_side([widgets.IntSlider()], [widgets.HTML()], controls_width="300px")
    assert "sk-side" in row._dom_classes
    assert row.layout.flex_flow == "row wrap"  # one column when both do not fit
    left, right = row.children
    assert left.layout.flex == "0 1 300px"  # asks for its width, shrinks to the screen
    assert right.layout.flex is None  # sized by the scoped rules
    # The content has a least width (never 0 px) but never more than the screen.
    assert f"min-width:min(100%,{CONTENT_MIN})" in KIT_CSS
    assert ".sk-kit,.sk-kit .jupyter-widgets" in KIT_CSS and "max-width:100%" in KIT_CSS


def test_the_kit_css_is_scoped_and_undoes_the_ellipsis():
    from stretchkit.widgets.base import KIT_CSS

    rules = KIT_CSS.removeprefix("<style>").removesuffix("</style>")
    selectors = re.findall(r"(?:^|})([^{}@]+)\{", rules)
    assert selectors and all(
        part.strip().startswith(".sk-") for s in selectors for part in s.split(",")
    )
    assert "text-overflow:clip" in KIT_CSS and "white-space:normal" in KIT_CSS
    assert "@media (hover:none),(pointer:coarse)" in KIT_CSS


@pytest.mark.parametrize(
    "build",
    [
        lambda: sk.widgets.explorer(),
        lambda: sk.widgets.planner(log=False),
        lambda: sk.widgets.guided_session(log=False),
        lambda: sk.widgets.quiz(),
        lambda: sk.widgets.table_viewer(),
    ],
)
def test_every_widget_carries_the_kit_css_once(build):
    w = build()
    assert "sk-kit" in w._dom_classes
    styles = [c for c in w.children if "sk-style" in c._dom_classes]
    assert len(styles) == 1 and styles[0] is w.children[-1]
    assert styles[0].layout.display == "none"
    w.children = [*w.children[:-1], widgets.HTML("more")]  # set again: still once
    assert sum("sk-style" in c._dom_classes for c in w.children) == 1


def test_the_explorer_shows_the_safety_reminders_once():
    from stretchkit.widgets.widget_explorer import PICK_HINT, PROJECTOR_CSS

    ex = sk.widgets.explorer()
    assert len(ex.shown) > 1
    cards = ex.children[1].value
    # Shown once above the cards, and on none of them (a handout's card keeps them).
    assert "sk-card-safety" not in cards and "sk-card-safety" not in PROJECTOR_CSS
    for text in sk.cards.card_safety():
        assert ex.safety.value.count(text) == 1
        assert text not in cards
        assert text in sk.stretch_card(ex.shown[0])._repr_html_()
    content = ex.children[0].children[1]
    assert ex.safety in content.children
    assert '<small class="sk-hint-keys">(Ctrl or Shift' in PICK_HINT
    assert '<small class="sk-hint-touch">(tap to pick several)' in PICK_HINT
