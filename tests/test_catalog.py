"""The contract every loader keeps: declared dtypes, unique keys, required values present."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import stretchkit as sk
from stretchkit.schema import TABLES

LOADERS = {
    "muscles": sk.load_muscles,
    "stretches": sk.load_stretches,
    "stretch_muscles": sk.load_stretch_muscles,
    "stretch_steps": sk.load_steps,
    "guidelines": sk.load_guidelines,
    "poses": sk.load_poses,
}


def test_every_table_has_a_loader():
    assert set(LOADERS) == set(TABLES)


@pytest.fixture(params=sorted(LOADERS))
def loaded(request):
    return TABLES[request.param], LOADERS[request.param]()


def test_columns_and_order_match_the_schema(loaded):
    table, df = loaded
    assert list(df.columns) == [c.name for c in table.columns]
    assert len(df) > 0


def test_dtypes_are_declared(loaded):
    table, df = loaded
    for col in table.columns:
        dtype = df[col.name].dtype
        if col.kind in ("id", "ref", "text"):
            assert isinstance(dtype, pd.StringDtype), col.name
        elif col.kind == "category":
            assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered, col.name
            assert list(dtype.categories) == list(col.categories), col.name
        elif col.kind == "int":
            assert dtype == "int64", col.name
        elif col.kind == "float":
            assert dtype == "Float64", col.name
        elif col.kind == "bool":
            assert dtype == np.dtype(bool), col.name
        else:  # pragma: no cover - a new kind needs a branch here
            pytest.fail(f"no dtype rule for kind {col.kind}")


def test_keys_unique_and_required_values_present(loaded):
    table, df = loaded
    assert not df.duplicated(list(table.key)).any()
    for col in table.columns:
        if col.required:
            assert df[col.name].notna().all(), col.name


def test_loaders_hand_out_copies():
    first = sk.load_stretches()
    first.loc[0, "name"] = "changed"
    assert sk.load_stretches().loc[0, "name"] != "changed"


def test_editing_a_custom_table_is_seen_without_restarting(tables):
    before = sk.load_stretches(data_dir=tables)
    path = tables / "stretches.csv"
    path.write_text(path.read_text().replace("Knee-to-Chest,", "Knee Hug,", 1))
    after = sk.load_stretches(data_dir=tables)
    assert before.loc[0, "name"] == "Knee-to-Chest"
    assert after.loc[0, "name"] == "Knee Hug"


def test_same_size_edit_with_restored_mtime_is_seen(tables):
    """Copy tools (cp -p, rsync -t, unzip) restore mtimes; the cache must not be fooled."""
    import os

    path = tables / "stretches.csv"
    before = path.stat()
    assert sk.load_stretches(data_dir=tables).loc[0, "hold_max_s"] == 30
    path.write_text(path.read_text().replace("main,true,20,30", "main,true,20,40", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert sk.load_stretches(data_dir=tables).loc[0, "hold_max_s"] == 40


def test_empty_cells_of_columns_with_a_default_take_the_default(tables):
    path = tables / "stretches.csv"
    path.write_text(path.read_text().replace(",static,supine,main,", ",static,supine,,"))
    g = tables / "guidelines.csv"
    g.write_text(g.read_text().replace(",min,all,,", ",min,,,"))
    assert sk.load_stretches(data_dir=tables)["role"].eq("main").sum() == 4
    assert sk.load_guidelines(data_dir=tables)["applies_to"].notna().all()


def test_one_snapshot_answers_a_question():
    cat = sk.load_catalog()
    assert cat.stretches.equals(sk.load_stretches())
    assert cat.steps.equals(sk.load_steps())
    cat.stretches.loc[0, "name"] = "changed"
    assert sk.load_catalog().stretches.loc[0, "name"] == "Knee-to-Chest"


def test_trainer_columns_travel_along(tables):
    path = tables / "muscles.csv"
    lines = path.read_text().splitlines()
    lines = [lines[0] + ",class_note"] + [line + ",see slide 3" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n")
    muscles = sk.load_muscles(data_dir=tables)
    assert muscles["class_note"].eq("see slide 3").all()


def test_optional_columns_may_be_left_out(tables):
    path = tables / "stretches.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.drop(columns=["aliases", "role", "feel_it", "tips", "variations"]).to_csv(path, index=False)
    stretches = sk.load_stretches(data_dir=tables)
    assert stretches["role"].eq("main").all()
    assert stretches["tips"].isna().all()


def test_excel_style_bom_and_padding_are_accepted(tables):
    path = tables / "stretch_muscles.csv"
    text = path.read_text().replace(",", ", ")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    links = sk.load_stretch_muscles(data_dir=tables)
    assert links.loc[0, "stretch_id"] == "knee_to_chest"
    assert list(links.columns) == ["stretch_id", "muscle_id", "note"]
