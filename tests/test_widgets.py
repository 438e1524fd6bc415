"""Widget builders, exercised without a browser: set values, read what they show."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

import stretchkit as sk
from stretchkit.widgets.widget_tables import TABLE_CHOICES
from tests.test_validation import edit


def parts(viewer):
    choice, caption, view = viewer.children
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
