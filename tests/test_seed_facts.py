"""Every fact of the source article, as the tables hold it."""

from __future__ import annotations

import pytest

import stretchkit as sk

TARGETS = {
    "knee_to_chest": {"erector_spinae", "gluteus_maximus"},
    "figure_four": {"piriformis", "gluteus_medius", "gluteus_maximus"},
    "seated_glute": {"piriformis", "gluteus_medius", "gluteus_maximus"},
    "cat_cow": {"erector_spinae", "quadratus_lumborum"},
    "supine_twist": {"erector_spinae", "quadratus_lumborum", "obliques", "gluteus_medius"},
    "childs_pose": {"erector_spinae", "quadratus_lumborum"},
}

# stretch: (kind, position, per_side, role)
SHAPES = {
    "knee_to_chest": ("static", "supine", True, "main"),
    "figure_four": ("static", "supine", True, "main"),
    "seated_glute": ("static", "seated", True, "main"),
    "cat_cow": ("dynamic", "quadruped", False, "warm_up"),
    "supine_twist": ("static", "supine", True, "main"),
    "childs_pose": ("static", "kneeling", False, "restorative"),
}


@pytest.fixture(scope="module")
def guides():
    return sk.load_guidelines().set_index("guideline_id")


def test_the_six_muscles_and_their_regions():
    m = sk.load_muscles().set_index("muscle_id")
    assert m["region"].astype(str).to_dict() == {
        "erector_spinae": "lower back",
        "quadratus_lumborum": "lower back",
        "gluteus_maximus": "glutes and hip",
        "gluteus_medius": "glutes and hip",
        "piriformis": "glutes and hip",
        "obliques": "trunk",
    }


def test_muscle_facts():
    m = sk.load_muscles().set_index("muscle_id")
    for lower_back in ("erector_spinae", "quadratus_lumborum"):
        why = m.at[lower_back, "why_tight"].lower()
        assert all(cause in why for cause in ("sitting", "posture", "hard physical work"))
    for glute in ("gluteus_maximus", "gluteus_medius", "piriformis"):
        assert "pelvis" in m.at[glute, "effect_when_tight"]
        assert "hip" in m.at[glute, "effect_when_tight"]
    assert "extend" in m.at["erector_spinae", "action"].lower()
    assert "side" in m.at["quadratus_lumborum", "action"]
    assert "deep" in m.at["quadratus_lumborum", "location"]
    assert "abdomen" in m.at["quadratus_lumborum", "location"]
    assert "deep" in m.at["piriformis", "location"]
    assert "upper fibers" in m.at["gluteus_maximus", "location"]
    assert sk.resolve_muscle("deep hip rotator") == "piriformis"
    assert sk.resolve_muscle("spinal extensors") == "erector_spinae"


def test_the_six_stretches_and_their_shapes():
    s = sk.load_stretches().set_index("stretch_id")
    got = {sid: (row.kind, row.position, bool(row.per_side), row.role) for sid, row in s.iterrows()}
    assert got == SHAPES
    assert s["name"].tolist() == [
        "Knee-to-Chest",
        "Figure-Four",
        "Seated Glute",
        "Cat-Cow",
        "Supine Spinal Twist",
        "Child's Pose",
    ]
    assert (s["hold_min_s"] == 20).all() and (s["hold_max_s"] == 30).all()
    assert sk.resolve_stretch("supine piriformis stretch") == "figure_four"
    assert sk.resolve_stretch("spinal twist") == "supine_twist"


def test_stretch_targets_and_notes():
    links = sk.load_stretch_muscles()
    got = links.groupby("stretch_id")["muscle_id"].apply(set).to_dict()
    assert got == TARGETS
    notes = links.dropna(subset=["note"]).set_index(["stretch_id", "muscle_id"])["note"]
    assert notes.to_dict() == {
        ("figure_four", "gluteus_maximus"): "upper fibers",
        ("seated_glute", "gluteus_maximus"): "upper fibers",
        ("cat_cow", "erector_spinae"): "mobility and flexibility",
        ("cat_cow", "quadratus_lumborum"): "mobility and flexibility",
        ("childs_pose", "erector_spinae"): "gentle decompression",
        ("childs_pose", "quadratus_lumborum"): "gentle decompression",
    }


def test_steps_tips_and_variations():
    steps = sk.load_steps()
    counts = steps.groupby("stretch_id").size().to_dict()
    assert counts == {
        "knee_to_chest": 4,
        "figure_four": 5,
        "seated_glute": 6,
        "cat_cow": 4,
        "supine_twist": 5,
        "childs_pose": 5,
    }
    cat_cow = steps.query("stretch_id == 'cat_cow'").set_index("step")
    assert cat_cow.at[2, "breath"] == "inhale" and cat_cow.at[2, "text"].startswith("Cow")
    assert cat_cow.at[3, "breath"] == "exhale" and cat_cow.at[3, "text"].startswith("Cat")
    s = sk.load_stretches().set_index("stretch_id")
    assert "both knees" in s.at["knee_to_chest", "variations"]
    assert "press the knee" in s.at["figure_four", "variations"]
    assert "elbow" in s.at["seated_glute", "variations"]
    assert "pillow" in s.at["supine_twist", "variations"]
    assert "knees together" in s.at["childs_pose", "variations"]
    assert "restorative" in s.at["childs_pose", "tips"]
    assert "warm-up" in s.at["cat_cow", "tips"]
    assert "neck" in s.at["knee_to_chest", "tips"]
    assert "shoulder" in s.at["supine_twist", "tips"]
    assert s["feel_it"].notna().all()


def test_principles_with_numbers(guides):
    def band(gid):
        row = guides.loc[gid]
        return (row.value_min, row.value_max, row.unit)

    assert band("warm_up") == (5, 10, "min")
    assert band("hold") == (20, 30, "s")
    assert band("frequency_target") == (3, 5, "sessions/week")
    assert band("frequency_minimum") == (2, 3, "sessions/week")
    assert band("frequency_persistent") == (7, 7, "sessions/week")
    assert "walking" in guides.at["warm_up", "text"] and "cycling" in guides.at["warm_up", "text"]
    assert "stretch reflex" in guides.at["controlled_movement", "text"]
    assert "breathe in" in guides.at["breathing", "text"].lower()
    assert "breathe out" in guides.at["breathing", "text"]
    assert guides.at["mild_tension", "action"] == "ease_off"
    assert "regular" in guides.at["consistency", "text"].lower()


def test_timing_rules(guides):
    assert guides.at["timing_dynamic", "applies_to"] == "dynamic"
    assert "Cat-Cow" in guides.at["timing_dynamic", "text"]
    assert guides.at["timing_static", "applies_to"] == "static"
    assert "after activity" in guides.at["timing_static", "text"]
    assert "bath or shower" in guides.at["timing_warm", "text"]


def test_contraindications_and_pain(guides):
    contra = guides[guides["category"] == "contraindication"]
    assert set(contra.index) == {
        "acute_injury",
        "severe_pain",
        "herniated_disc",
        "sciatica",
        "spinal_condition",
    }
    assert (contra["action"] == "consult_professional").all()
    assert contra["text"].str.contains("healthcare professional").all()
    assert guides.at["sharp_pain", "action"] == "stop"
    assert "radiat" in guides.at["sharp_pain", "text"]
    assert guides.at["mild_discomfort", "category"] == "pain"


def test_benefits(guides):
    benefits = guides[guides["category"] == "benefit"]
    assert benefits["title"].tolist() == [
        "Pain relief",
        "Mobility and flexibility",
        "Better posture",
        "Injury prevention",
        "Less muscle soreness",
    ]
