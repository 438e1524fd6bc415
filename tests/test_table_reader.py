"""The strict CSV reader: a typo in a trainer's table is an error naming the file, line and
column, never rows silently lost."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stretchkit as sk
from stretchkit.csvread import CsvError, decode, read_rows
from stretchkit.schema import TABLES
from tests.test_validation import edit


def load_error(tables) -> str:
    with pytest.raises(sk.CatalogError) as info:
        sk.load_catalog(data_dir=tables)
    return str(info.value)


# --- the examples of the review, and their kin -----------------------------------------


def test_an_unclosed_quote_is_found_where_it_opens_not_loaded_as_fewer_rows(tables):
    # The review's case: Figure-Four dropped from three muscles to one.
    path = tables / "stretch_muscles.csv"
    lines = path.read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("figure_four,"))
    lines[i] = lines[i].rstrip(",") + ',"deep glute'  # a note whose quote is never closed
    path.write_text("\n".join(lines) + "\n")
    message = load_error(tables)
    assert f"stretch_muscles.csv, line {i + 1}, column 'note': at character" in message
    assert "closing quote is probably missing" in message or "never closed" in message


def test_an_unclosed_quote_at_the_end_of_the_file(tables):
    path = tables / "stretches.csv"
    path.write_text(path.read_text().rstrip("\n")[:-1] + "\n")  # drop the last closing quote
    message = load_error(tables)
    last = len(path.read_text().splitlines())
    assert re.search(rf"stretches.csv, line {last}, column 'variations': at character \d+, "
                     r"this quote opens a cell that is never closed", message)  # fmt: skip


def test_a_stray_quote_inside_a_cell(tables):
    edit(tables / "muscles.csv", "piriformis,Piriformis,", 'piriformis,Piri"formis,')
    message = load_error(tables)
    line = next(
        n for n, t in enumerate((tables / "muscles.csv").read_text().splitlines(), 1)
        if t.startswith("piriformis,")
    )  # fmt: skip
    assert f"muscles.csv, line {line}, column 'name': at character 16, a quote inside a cell " \
        "that does not start with one" in message  # fmt: skip


def test_text_after_a_closing_quote(tables):
    path = tables / "stretches.csv"
    text = path.read_text()
    start = text.index('"In the buttock on the side')
    end = text.index('"', start + 1)
    path.write_text(text[: end + 1] + " extra" + text[end + 1 :])
    message = load_error(tables)
    assert "column 'feel_it'" in message and "' ' follows the quote that closes this cell" in (
        message
    )


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ((",true,20,30,", ",true,20,30,,"), "more fields"),
        ((",true,20,30,", ",true,20,"), "fewer fields"),
    ],
)
def test_a_wrong_number_of_fields_is_an_error(tables, change, fragment):
    old, new = change
    text = (tables / "stretches.csv").read_text()
    line = text[: text.index(old)].count("\n") + 1
    (tables / "stretches.csv").write_text(text.replace(old, new, 1))
    message = load_error(tables)
    assert f"stretches.csv, line {line}: " in message
    assert re.search(r"\d+ fields where the header has 12", message)


def test_not_utf8_is_placed_by_line_and_character_not_byte(tables):
    path = tables / "muscles.csv"
    text = path.read_text()
    # Multi-byte characters before the bad byte: the character count, not the byte count.
    text = text.replace("Piriformis,", "Piriförmis–ß,", 1)
    raw = text.encode("utf-8").replace("ß".encode(), b"\xdf", 1)  # Latin-1 ß alone
    path.write_bytes(raw)
    line = text[: text.index("Piriförmis")].count("\n") + 1
    message = load_error(tables)
    col = len("piriformis,Piriförmis–") + 1
    assert f"muscles.csv, line {line}: at character {col}, byte 0xdf is not UTF-8" in message


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("a,b\n".encode("utf-16"), "line 1: is UTF-16 text"),
        (b"a,b\n1,\x002\n", "line 2, character 3: holds a zero byte"),
        (b"\xef\xbb\xbfa,\xff\n", "line 1, character 3: byte 0xff is not UTF-8"),
    ],
)
def test_other_bytes_that_are_not_text(raw, fragment):
    with pytest.raises(CsvError, match=re.escape(fragment)):
        decode(raw, file="x.csv")


def test_a_held_stretch_outside_the_hold_band_is_refused_when_the_tables_load(tables):
    edit(tables / "stretches.csv", "seated_glute,Seated Glute", "seated_glute,Seated Glute")
    text = (tables / "stretches.csv").read_text()
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("seated_glute,"))
    row = text.splitlines()[line - 1]
    (tables / "stretches.csv").write_text(text.replace(row, row.replace(",20,30,", ",45,60,")))
    message = load_error(tables)
    assert (
        f"stretches.csv, line {line}, column 'hold_min_s': 'seated_glute' is held for 45-60 s, "
        "outside the guidelines' hold of 20-30 s" in message
    )


def test_a_dynamic_stretch_may_move_for_longer_than_the_hold_band(tables):
    text = (tables / "stretches.csv").read_text()
    row = next(t for t in text.splitlines() if t.startswith("cat_cow,"))
    (tables / "stretches.csv").write_text(text.replace(row, row.replace(",20,30,", ",45,60,")))
    assert sk.load_stretches(data_dir=tables).set_index("stretch_id").at["cat_cow", "hold_min_s"]


# --- every quote of every shipped table ------------------------------------------------


@pytest.mark.parametrize("table", list(TABLES.values()), ids=lambda t: t.file)
def test_deleting_any_one_quote_of_a_table_is_always_an_error(tables, table):
    """Exhaustive: no single lost quote in any shipped table loads as other rows."""
    path = tables / table.file
    original = path.read_text(encoding="utf-8")
    quotes = [i for i, ch in enumerate(original) if ch == '"']
    assert quotes or table.file in ("stretch_muscles.csv", "poses.csv")  # ids and numbers
    rows = read_rows(original, file=table.file, space_before_quote=True)
    for i in quotes:
        broken = original[:i] + original[i + 1 :]
        try:
            got = read_rows(broken, file=table.file, space_before_quote=True)
        except CsvError as e:
            assert 1 <= e.line <= original.count("\n") + 1 and e.char >= 1
            continue
        # Not a syntax error: then the rows must still be told apart by their field count.
        widths = {len(f) for _, f in got}
        assert len(got) != len(rows) or widths != {len(rows[0][1])}, (
            f"deleting the quote at {i} of {table.file} reads as other rows without an error"
        )


# --- the grammar and the walker agree ---------------------------------------------------

cells = st.text(alphabet=st.sampled_from('ab ,"\n\r;é'), max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5))
def test_what_a_spreadsheet_writes_reads_back_exactly(table):
    width = max(len(r) for r in table)
    table = [r + [""] * (width - len(r)) for r in table]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(table)
    got = [fields for _, fields in read_rows(out.getvalue(), file="t.csv")]
    assert got == table  # a lone empty cell is written "" so its row is kept


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from('a ,"\n\r'), max_size=24), st.booleans())
def test_any_text_is_read_or_refused_at_a_real_place(text, spaces):
    try:
        rows = read_rows(text, file="t.csv", space_before_quote=spaces)
    except CsvError as e:
        lines = re.split(r"\r\n|\n|\r", text)
        assert 1 <= e.line <= len(lines)
        assert 1 <= e.char <= len(lines[e.line - 1]) + 1
        return
    # Read: then csv itself, strict, agrees cell for cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=spaces)
    assert [f for _, f in rows] == [f for f in reader if f]
    assert all(line >= 1 for line, _ in rows)
