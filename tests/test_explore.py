"""Lookups across the tables, by id, name or alias, on the built-in and on custom catalogs."""

from __future__ import annotations

import pytest

import stretchkit as sk
from tests.test_validation import edit


@pytest.mark.parametrize(
    ("name", "muscle_id"),
    [
        ("piriformis", "piriformis"),
        ("PIRIFORMIS", "piriformis"),
        ("Gluteus Medius", "gluteus_medius"),
        ("gluteus-medius", "gluteus_medius"),
        ("glute med", "gluteus_medius"),
        ("ql", "quadratus_lumborum"),
        ("  Erector Spinae ", "erector_spinae"),
    ],
)
def test_muscle_by_id_name_or_alias_in_any_case(name, muscle_id):
    assert sk.resolve_muscle(name) == muscle_id


@pytest.mark.parametrize(
    ("name", "stretch_id"),
    [
        ("Child's Pose", "childs_pose"),
        ("childs pose", "childs_pose"),
        ("CAT-COW", "cat_cow"),
        ("figure 4", "figure_four"),
        ("Knee to chest", "knee_to_chest"),
    ],
)
def test_stretch_by_id_name_or_alias_in_any_case(name, stretch_id):
    assert sk.resolve_stretch(name) == stretch_id


def test_stretches_for_carries_the_note_and_the_hold():
    got = sk.stretches_for("gluteus maximus").set_index("stretch_id")
    assert list(got.index) == ["knee_to_chest", "figure_four", "seated_glute"]
    assert got.at["figure_four", "note"] == "upper fibers"
    assert got["hold_min_s"].tolist() == [20, 20, 20]


def test_muscles_for_keeps_catalog_order():
    got = sk.muscles_for("Supine Spinal Twist")
    assert got["muscle_id"].tolist() == [
        "erector_spinae",
        "quadratus_lumborum",
        "gluteus_medius",
        "obliques",
    ]


def test_lookups_agree_with_the_matrix():
    matrix = sk.target_matrix()
    for muscle_id in matrix.columns:
        expected = matrix.index[matrix[muscle_id]].tolist()
        assert sk.stretches_for(muscle_id)["stretch_id"].tolist() == expected
    for stretch_id in matrix.index:
        expected = matrix.columns[matrix.loc[stretch_id]].tolist()
        assert sk.muscles_for(stretch_id)["muscle_id"].tolist() == expected
    assert int(matrix.to_numpy().sum()) == len(sk.load_stretch_muscles())


def add_hamstring_stretch(tables):
    """A trainer's catalog with one more muscle and one more stretch."""
    with (tables / "muscles.csv").open("a") as f:
        f.write(
            "hamstrings,Hamstrings,hammies,glutes and hip,Back of the thigh.,"
            "Bend the knee.,Sitting.,\n"
        )
    with (tables / "stretches.csv").open("a") as f:
        f.write("standing_hamstring,Standing Hamstring,,static,standing,main,true,20,30,,,\n")
    with (tables / "stretch_muscles.csv").open("a") as f:
        f.write("standing_hamstring,hamstrings,\n")
    with (tables / "stretch_steps.csv").open("a") as f:
        f.write('standing_hamstring,1,,"Heel on a low step, hinge forward."\n')


def test_custom_catalog_by_argument(tables):
    add_hamstring_stretch(tables)
    assert sk.stretches_for("Hammies", data_dir=tables)["name"].tolist() == ["Standing Hamstring"]
    assert sk.target_matrix(data_dir=tables).shape == (7, 7)
    with pytest.raises(sk.UnknownNameError, match="known muscles: erector_spinae"):
        sk.stretches_for("hamstrings")  # the built-in catalog does not know it


def test_custom_catalog_by_environment(tables, monkeypatch):
    add_hamstring_stretch(tables)
    edit(tables / "stretches.csv", "Child's Pose,", "Resting Child,")
    monkeypatch.setenv("STRETCHKIT_DATA", str(tables))
    assert sk.data_path() == tables.resolve()
    assert sk.muscles_for("standing hamstring")["muscle_id"].tolist() == ["hamstrings"]
    assert sk.resolve_stretch("resting child") == "childs_pose"
    assert sk.load_stretches()["name"].iloc[-2] == "Resting Child"


def test_argument_beats_environment(tables, monkeypatch, tmp_path):
    monkeypatch.setenv("STRETCHKIT_DATA", str(tmp_path / "nowhere"))
    assert len(sk.load_stretches(data_dir=tables)) == 6
