"""The session timeline: steps in order, times that add up, holds and breaths read from the
tables, and errors that teach."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stretchkit as sk
from stretchkit.routines import (
    BREATH_CYCLE_S,
    GET_READY_S,
    REST_S,
    ROUTINE_COLUMNS,
    STEP_KINDS,
)

from .test_explore import add_hamstring_stretch
from .test_validation import edit

CAT = sk.load_catalog()
STRETCHES = CAT.stretches.set_index("stretch_id")
IDS = CAT.stretches["stretch_id"].tolist()
NAMES = [
    n
    for row in CAT.stretches.itertuples()
    for n in [row.stretch_id, row.name, *sk.catalog.split_aliases(row.aliases)]
]
HOLD = sk.guideline("hold")
WARM = sk.guideline("warm_up")
STRETCH_STEPS = ("hold", "breath_reps")


def stretch_steps(routine: sk.Routine) -> pd.DataFrame:
    r = routine.table
    return r[r["kind"].isin(STRETCH_STEPS)]


def check_timeline(routine: sk.Routine, *, transition_s: float = 5) -> None:
    """The rules every routine keeps, whatever it was made from."""
    r = routine.table
    assert list(r.columns) == list(ROUTINE_COLUMNS)
    assert r["kind"].cat.ordered and r["kind"].cat.categories.tolist() == list(STEP_KINDS)
    assert r["step"].tolist() == list(range(1, len(r) + 1))
    # the clock: every step starts where the one before ended, and the total is the sum
    ends = (r["start_s"] + r["seconds"]).to_numpy()
    assert r["start_s"].iloc[0] == 0
    assert np.allclose(r["start_s"].iloc[1:].to_numpy(), ends[:-1])
    assert np.isclose(routine.total_s, r["seconds"].sum())
    assert np.isclose(routine.total_s, ends[-1])
    # the frame of every session
    kinds = r["kind"].tolist()
    assert kinds[0] == "get_ready" and r["seconds"].iloc[0] == GET_READY_S
    assert kinds[-1] == "rest" and r["seconds"].iloc[-1] == REST_S
    assert kinds.count("get_ready") == 1 and kinds.count("rest") == 1
    assert kinds.count("warm_up") <= 1
    if "warm_up" in kinds:
        assert kinds[1] == "warm_up"
    # sides only on stretches; every step has a cue
    held = r["kind"].isin(STRETCH_STEPS)
    assert r.loc[held, "side"].notna().all() and r.loc[~held, "side"].isna().all()
    assert r["cue"].str.len().gt(0).all()
    # a pause between everything that is done, never before the rest
    for a, b in itertools.pairwise(kinds[1:-1]):
        pauses = ("transition", "switch_sides")
        assert (a in pauses) != (b in pauses), (a, b)
    assert kinds[-2] not in ("transition", "switch_sides")
    gaps = r[r["kind"].isin(["transition", "switch_sides"])]["seconds"]
    assert (gaps == transition_s).all()
    # one-sided stretches: left, a switch, right, for the same seconds
    for i in np.flatnonzero(r["kind"] == "switch_sides"):
        left, switch, right = r.iloc[i - 1], r.iloc[i], r.iloc[i + 1]
        assert (left["side"], right["side"]) == ("left", "right")
        assert left["stretch_id"] == switch["stretch_id"] == right["stretch_id"]
        assert left["seconds"] == right["seconds"]
        assert switch["cue"] == "Switch to the right side"
    sides = stretch_steps(routine)["side"].tolist()
    assert sides.count("left") == sides.count("right") == (r["kind"] == "switch_sides").sum()
    # breaths: a whole number of cycles filling the seconds; held stretches have none
    reps = r[r["kind"] == "breath_reps"]
    assert np.allclose(reps["breath_cycles"] * reps["breath_s"], reps["seconds"])
    others = r[r["kind"] != "breath_reps"]
    assert others[["breath_cycles", "breath_s", "inhale", "exhale"]].isna().all().all()
    assert (STRETCHES.loc[reps["stretch_id"], "kind"] == "dynamic").all()
    holds = r[r["kind"] == "hold"]
    assert (STRETCHES.loc[holds["stretch_id"], "kind"] == "static").all()


# --- what a routine is made from ------------------------------------------------------


def test_default_routine_has_every_stretch_in_a_sensible_order():
    r = sk.routine()
    check_timeline(r)
    order = stretch_steps(r)["stretch_id"].unique().tolist()
    assert sorted(order) == sorted(IDS) and len(order) == 6
    # moving first, restorative last, the rest in table order
    assert STRETCHES.loc[order[0], "kind"] == "dynamic"
    assert STRETCHES.loc[order[-1], "role"] == "restorative"
    main = [s for s in IDS if STRETCHES.loc[s, "role"] == "main"]
    assert order[1:-1] == main
    assert r.table["kind"].tolist()[:4] == ["get_ready", "warm_up", "transition", "breath_reps"]


def test_a_list_of_ids_names_and_aliases_keeps_its_order():
    r = sk.routine(["Child's Pose", "figure 4", "supine_twist"])
    check_timeline(r)
    assert stretch_steps(r)["stretch_id"].tolist() == [
        "childs_pose",
        "figure_four",
        "figure_four",
        "supine_twist",
        "supine_twist",
    ]
    assert r.notes[0] == "Order: as given."
    one = sk.routine("cat cow", warmup=False)
    assert one.table["kind"].tolist() == ["get_ready", "breath_reps", "rest"]
    assert one.table.loc[0, "cue"] == "Get ready: Cat-Cow"


def test_a_stretch_listed_twice_is_done_twice_as_a_second_round():
    r = sk.routine(["childs_pose", "childs_pose"], warmup=False)
    check_timeline(r)
    holds = r.table[r.table["kind"] == "hold"]
    assert holds["round"].tolist() == [1, 2]
    assert holds["cue"].tolist() == ["Child's Pose: hold", "Child's Pose: hold (round 2)"]
    assert r.table.loc[r.table["kind"] == "transition", "cue"].item() == "Next: Child's Pose again"


def test_a_moving_stretch_after_held_ones_gets_a_note():
    r = sk.routine(["figure_four", "cat_cow"])
    assert any("consider listing Cat-Cow first" in n for n in r.notes)
    assert not any("consider listing" in n for n in sk.routine(["cat_cow"]).notes)


def test_a_plan_day_keeps_its_holds_sides_order_and_warm_up():
    plan = sk.plan_week(days=3, minutes=15)
    mon = plan.day("Mon")
    r = sk.routine(mon)
    check_timeline(r)
    planned = mon.table[mon.table["activity"] == "stretch"].sort_values("order")
    done = stretch_steps(r)
    assert done["stretch_id"].tolist() == planned["stretch_id"].tolist()
    assert done["side"].astype(str).tolist() == planned["side"].astype(str).tolist()
    assert done["round"].tolist() == planned["round"].tolist()
    assert done["seconds"].tolist() == planned["seconds"].astype(float).tolist()
    warm = r.table[r.table["kind"] == "warm_up"]["seconds"].item()
    assert warm == mon.table.loc[mon.table["activity"] == "warm_up", "seconds"].item()
    # the same clock as the plan, after the countdown
    assert (done["start_s"].to_numpy() == planned["start_s"].to_numpy() + GET_READY_S).all()
    assert r.notes[0] == "Order, sides, rounds and holds: as planned for Mon."


def test_a_plan_day_without_warm_up_stays_without_unless_asked():
    plan = sk.plan_week(days=2, minutes=8, warmed_up=True)
    tue = plan.day(plan.days[0])
    assert "warm_up" not in sk.routine(tue).table["kind"].tolist()
    with_warm = sk.routine(tue, warmup=6)
    assert with_warm.table[with_warm.table["kind"] == "warm_up"]["seconds"].item() == 360


def test_a_plan_day_paces_its_breaths_into_the_planned_seconds():
    plan = sk.plan_week(days=1, minutes=6, warmed_up=True)
    table = plan.table.copy()
    table.loc[table["stretch_id"] == "cat_cow", "seconds"] = 25
    plan = dataclasses.replace(plan, table=table)
    r = sk.routine(plan)
    reps = r.table[r.table["kind"] == "breath_reps"].iloc[0]
    assert (reps["seconds"], reps["breath_cycles"], reps["breath_s"]) == (25, 4, 6.25)
    assert any("paced to fill the planned seconds" in n for n in r.notes)
    exact = sk.routine(plan, breaths=8)
    assert exact.table[exact.table["kind"] == "breath_reps"]["seconds"].item() == 8 * BREATH_CYCLE_S


def test_a_whole_plan_is_refused_with_how_to_pick_a_day():
    plan = sk.plan_week(days=3, minutes=15)
    with pytest.raises(ValueError) as err:
        sk.routine(plan)
    message = str(err.value)
    assert "source holds 3 days of a plan (Mon, Wed, Fri)" in message
    assert 'plan.day("Mon")' in message


def test_a_plan_from_other_tables_says_which_tables_to_use(tables):
    add_hamstring_stretch(tables)
    plan = sk.plan_week(days=1, minutes=20, data_dir=tables)
    with pytest.raises(sk.UnknownNameError, match="the data_dir the plan was made with"):
        sk.routine(plan)
    assert "standing_hamstring" in set(sk.routine(plan, data_dir=tables).table["stretch_id"])


# --- sides, warm-up, breaths, holds ---------------------------------------------------


def test_one_sided_stretches_get_the_full_hold_on_each_side():
    r = sk.routine(["knee_to_chest"], hold_s=25, transition_s=8, warmup=False)
    check_timeline(r, transition_s=8)
    assert r.table["kind"].tolist() == ["get_ready", "hold", "switch_sides", "hold", "rest"]
    assert r.table["seconds"].tolist() == [GET_READY_S, 25, 8, 25, REST_S]
    assert r.table["cue"].tolist()[1:4] == [
        "Knee-to-Chest, left side: hold",
        "Switch to the right side",
        "Knee-to-Chest, right side: hold",
    ]
    both = sk.routine(["childs_pose"], warmup=False)
    assert both.table.loc[both.table["kind"] == "hold", "side"].tolist() == ["both"]


def test_warm_up_can_be_skipped_or_lengthened():
    default = sk.routine()
    warm = default.table[default.table["kind"] == "warm_up"]
    assert warm["seconds"].item() == WARM.min * 60 == 300
    assert "easy cardio" in warm["cue"].item()
    skipped = sk.routine(warmup=False)
    check_timeline(skipped)
    assert "warm_up" not in skipped.table["kind"].tolist()
    assert skipped.total_s == default.total_s - 300 - 5  # and its transition
    assert skipped.notes[1].startswith("No warm-up")
    longer = sk.routine(warmup=7.5)
    assert longer.table[longer.table["kind"] == "warm_up"]["seconds"].item() == 450
    assert "7.5 minutes of easy cardio" in longer.table.loc[1, "cue"]
    assert "the guidelines say 5-10" in longer.notes[1]


def test_breath_reps_count_and_seconds():
    r = sk.routine(["cat_cow"])
    reps = r.table[r.table["kind"] == "breath_reps"].iloc[0]
    # the most 6 s cycles within Cat-Cow's longest hold
    assert reps["breath_cycles"] == STRETCHES.loc["cat_cow", "hold_max_s"] // BREATH_CYCLE_S == 5
    assert reps["seconds"] == 5 * BREATH_CYCLE_S and reps["breath_s"] == BREATH_CYCLE_S
    assert (reps["inhale"], reps["exhale"]) == ("cow", "cat")
    assert reps["cue"] == "Cat-Cow: 5 breaths. Inhale: cow, exhale: cat"
    twelve = sk.routine(["cat_cow"], breaths=12)
    reps = twelve.table[twelve.table["kind"] == "breath_reps"].iloc[0]
    assert (reps["breath_cycles"], reps["seconds"]) == (12, 72)


def test_breath_cues_come_from_the_steps_table(tables):
    edit(tables / "stretch_steps.csv", '"Cow: let the belly', '"Arch: let the belly')
    edit(tables / "stretch_steps.csv", '"Cat: push the spine', '"Push the spine')
    r = sk.routine(["cat_cow"], data_dir=tables)
    reps = r.table[r.table["kind"] == "breath_reps"].iloc[0]
    assert reps["inhale"] == "arch" and pd.isna(reps["exhale"])
    assert reps["cue"] == "Cat-Cow: 5 breaths. Inhale: arch, exhale"


def test_hold_override_and_its_refusal_outside_the_band():
    r = sk.routine(hold_s=22.5)
    check_timeline(r)
    assert (r.table.loc[r.table["kind"] == "hold", "seconds"] == 22.5).all()
    assert (
        r.table.loc[r.table["kind"] == "breath_reps", "seconds"] == 30
    ).all()  # breaths, not holds
    assert any("22.5 s" in n for n in r.notes)
    for outside in (HOLD.min - 1, HOLD.max + 0.5):
        with pytest.raises(ValueError, match=r"guidelines' hold of 20-30 s \(guidelines.csv\)"):
            sk.routine(hold_s=outside)


def test_hold_band_and_default_hold_are_read_from_the_tables(tables):
    edit(tables / "guidelines.csv", "Hold each stretch,20,30,s", "Hold each stretch,25,40,s")
    edit(tables / "stretches.csv", "supine,main,true,20,30", "supine,main,true,17,33")
    r = sk.routine(["knee_to_chest", "figure_four"], data_dir=tables)
    holds = r.table[r.table["kind"] == "hold"].set_index(["stretch_id", "side"])["seconds"]
    assert holds[("knee_to_chest", "left")] == 33  # its own longest, within 25-40
    assert holds[("figure_four", "left")] == 30
    with pytest.raises(ValueError, match="guidelines' hold of 25-40 s"):
        sk.routine(hold_s=20, data_dir=tables)
    with pytest.raises(ValueError, match="hold_s=35 is outside Knee-to-Chest's hold of 25-33 s"):
        sk.routine(["knee_to_chest"], hold_s=35, data_dir=tables)


def test_a_trainers_stretch_joins_the_default_routine_in_table_order(tables):
    add_hamstring_stretch(tables)
    r = sk.routine(data_dir=tables)
    order = stretch_steps(r)["stretch_id"].unique().tolist()
    assert order == [
        "cat_cow",
        "knee_to_chest",
        "figure_four",
        "seated_glute",
        "supine_twist",
        "standing_hamstring",
        "childs_pose",
    ]
    ham = r.table[r.table["stretch_id"] == "standing_hamstring"]
    assert ham["kind"].tolist() == ["transition", "hold", "switch_sides", "hold"]
    alone = sk.routine(["Standing Hamstring"], warmup=False, data_dir=tables)
    assert alone.table.loc[0, "cue"] == "Get ready: Standing Hamstring, left side first"
    with pytest.raises(sk.UnknownNameError, match="unknown stretch 'standing hamstring'"):
        sk.routine(["standing hamstring"])  # not in the built-in tables


def test_zero_transition_keeps_the_cue_without_a_pause():
    r = sk.routine(transition_s=0)
    check_timeline(r, transition_s=0)
    assert (r.table.loc[r.table["kind"] == "switch_sides", "seconds"] == 0).all()


def test_dtypes_are_declared():
    r = sk.routine()
    assert r.table.dtypes.astype(str).to_dict() == {
        "step": "int64",
        "kind": "category",
        "stretch_id": "string",
        "name": "string",
        "side": "category",
        "round": "Int64",
        "seconds": "float64",
        "start_s": "float64",
        "breath_cycles": "Int64",
        "breath_s": "Float64",
        "inhale": "string",
        "exhale": "string",
        "cue": "string",
    }
    assert r.table["side"].cat.categories.tolist() == ["left", "right", "both"]
    assert "Sharp or radiating pain" in r.safety


# --- any valid arguments --------------------------------------------------------------

routine_args = st.fixed_dictionaries(
    {
        "source": st.one_of(st.none(), st.lists(st.sampled_from(NAMES), min_size=1, max_size=8)),
        "hold_s": st.one_of(
            st.none(), st.integers(20, 30), st.floats(20, 30).map(lambda x: round(x, 1))
        ),
        "transition_s": st.one_of(st.integers(0, 60), st.floats(0, 60)),
        "breaths": st.one_of(st.none(), st.integers(3, 30)),
        "warmup": st.one_of(st.booleans(), st.integers(5, 10), st.floats(5, 10)),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine_args)
def test_every_rule_holds_for_any_valid_arguments(args):
    r = sk.routine(**args)
    check_timeline(r, transition_s=args["transition_s"])
    wanted = IDS if args["source"] is None else [sk.resolve_stretch(n) for n in args["source"]]
    # every stretch asked for, as often as asked for, one block after another
    blocks = stretch_steps(r).drop_duplicates(["stretch_id", "round"], keep="first")
    assert sorted(blocks["stretch_id"]) == sorted(wanted)
    if args["source"] is not None:
        assert blocks["stretch_id"].tolist() == wanted
    assert (r.table["kind"] == "transition").sum() == len(wanted) - 1 + bool(args["warmup"])
    # the warm-up: absent, the guidelines' shortest, or the minutes asked for
    warm = r.table.loc[r.table["kind"] == "warm_up", "seconds"]
    if args["warmup"] is False:
        assert warm.empty
    else:
        minutes = WARM.min if args["warmup"] is True else args["warmup"]
        assert np.isclose(warm.item(), minutes * 60)
    # holds: the override, or within the stretch's own range and the guidelines' band
    holds = r.table[r.table["kind"] == "hold"]
    info = STRETCHES.loc[holds["stretch_id"]]
    if args["hold_s"] is not None:
        assert (holds["seconds"] == args["hold_s"]).all()
    else:
        assert holds["seconds"].between(HOLD.min, HOLD.max).all()
        assert (holds["seconds"].to_numpy() <= info["hold_max_s"].to_numpy()).all()
    reps = r.table[r.table["kind"] == "breath_reps"]
    if args["breaths"] is not None:
        assert (reps["breath_cycles"] == args["breaths"]).all()
    assert (reps["breath_s"] == BREATH_CYCLE_S).all()


# --- bad input: the message is the contract -------------------------------------------

PLAN = sk.plan_week(days=3, minutes=15)
BAD = [
    ({"source": 5}, TypeError, "source must be None (every stretch), a stretch or a list"),
    ({"source": {"a": 1}}, TypeError, "such as ['cat_cow', 'Figure-Four']"),
    ({"source": []}, ValueError, "source is empty; give at least one stretch"),
    ({"source": ["cat cow", "hamstring"]}, sk.UnknownNameError, "unknown stretch 'hamstring'"),
    ({"source": ["figure fours"]}, sk.UnknownNameError, "did you mean 'figure_four'?"),
    ({"source": [3]}, sk.UnknownNameError, "unknown stretch 3; known stretches: knee_to_chest"),
    ({"source": PLAN}, ValueError, "source holds 3 days of a plan (Mon, Wed, Fri)"),
    (
        {"source": PLAN.day("Mon").table},
        TypeError,
        'source must be a Plan of one day, e.g. plan.day("Mon"), not a DataFrame',
    ),
    ({"source": PLAN.table}, TypeError, "pass the Plan that plan_week() returned, not its .table"),
    ({"hold_s": 45}, ValueError, "hold_s must be within the guidelines' hold of 20-30 s"),
    ({"hold_s": 10}, ValueError, "(guidelines.csv) for held stretches, not 10"),
    ({"hold_s": float("nan")}, ValueError, "for held stretches, not nan"),
    ({"hold_s": "25"}, TypeError, "hold_s must be a number of seconds within the guidelines'"),
    ({"hold_s": True}, TypeError, "hold_s must be a number of seconds"),
    ({"transition_s": 90}, ValueError, "transition_s must be from 0 to 60 seconds"),
    ({"transition_s": -1}, ValueError, "transition_s must be from 0 to 60 seconds"),
    ({"transition_s": None}, TypeError, "transition_s must be a number of seconds from 0 to 60"),
    ({"breaths": 2}, ValueError, "breaths must be from 3 to 30 breath cycles (6 s each), not 2"),
    ({"breaths": 31}, ValueError, "breaths must be from 3 to 30 breath cycles"),
    ({"breaths": 4.5}, TypeError, "breaths must be a whole number of breath cycles from 3 to 30"),
    ({"breaths": False}, TypeError, "breaths must be a whole number of breath cycles"),
    ({"warmup": 3}, ValueError, "warmup must be True, False or minutes within the guidelines'"),
    ({"warmup": 12}, ValueError, "guidelines' warm-up of 5-10 min, not 12"),
    ({"warmup": "yes"}, TypeError, "warmup must be True (a 5-minute warm-up), False (you have"),
    ({"warmup": None}, TypeError, "or minutes within the guidelines' warm-up of 5-10 min"),
]


@pytest.mark.parametrize("kwargs, kind, message", BAD, ids=[str(b[0])[:60] for b in BAD])
def test_bad_arguments_are_explained(kwargs, kind, message):
    with pytest.raises(kind) as err:
        sk.routine(**kwargs)
    assert message in str(err.value)


# --- set_warm_up: the same session for either answer to "have you warmed up?" ----------


@pytest.mark.parametrize(
    "source",
    [None, ["Figure-Four"], ["cat_cow", "childs_pose"], ["Knee-to-Chest", "knee to chest"]],
    ids=["default", "one-sided", "moving-first", "twice"],
)
@pytest.mark.parametrize("transition_s", [5, 0, 12])
def test_set_warm_up_matches_building_the_routine_again(source, transition_s):
    for have, want in itertools.product([True, False, 8], repeat=2):
        before = sk.routine(source, warmup=have, transition_s=transition_s)
        after = sk.set_warm_up(before, want)
        again = sk.routine(source, warmup=want, transition_s=transition_s)
        pd.testing.assert_frame_equal(after.table, again.table)
        assert after.total_s == again.total_s
        assert after.notes == again.notes


def test_set_warm_up_on_a_plan_day_keeps_the_planned_holds():
    plan = sk.plan_week(days=3)
    day = plan.day(plan.days[0])
    planned = sk.routine(day)
    cold = sk.set_warm_up(planned, False)
    assert "warm_up" not in cold.table["kind"].tolist()
    assert cold.table.loc[0, "cue"].startswith("Get ready: ")
    held = stretch_steps(planned)[["stretch_id", "side", "seconds"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        stretch_steps(cold)[["stretch_id", "side", "seconds"]].reset_index(drop=True), held
    )
    warm_s = planned.table.loc[planned.table["kind"] == "warm_up", "seconds"].sum()
    assert warm_s > 0
    assert cold.total_s == planned.total_s - warm_s - 5  # and its transition


def test_set_warm_up_reads_the_warm_up_band_from_the_tables(tables):
    edit(tables / "guidelines.csv", "Warm up first,5,10,min", "Warm up first,3,10,min")
    r = sk.routine(["cat_cow"], warmup=False, data_dir=tables)
    warm = sk.set_warm_up(r, True, data_dir=tables)
    assert warm.table.loc[warm.table["kind"] == "warm_up", "seconds"].tolist() == [180.0]
    with pytest.raises(ValueError, match="3-10 min"):
        sk.set_warm_up(r, 2, data_dir=tables)


@pytest.mark.parametrize(
    ("timeline", "warmup", "kind", "message"),
    [
        (None, True, TypeError, "timeline must be a Routine made by routine"),
        (
            pd.DataFrame({"step": [1]}),
            True,
            TypeError,
            r"timeline must be the Routine that routine\(\) returned, not its \.table",
        ),
        ("routine", False, TypeError, "warmup must be True"),
        ("routine", 30, ValueError, "minutes within the guidelines' warm-up of 5-10 min"),
    ],
)
def test_set_warm_up_explains_bad_arguments(timeline, warmup, kind, message):
    if isinstance(timeline, str):
        timeline = sk.routine(["cat_cow"])
    if warmup is False:
        warmup = "yes"
    with pytest.raises(kind, match=message):
        sk.set_warm_up(timeline, warmup)
