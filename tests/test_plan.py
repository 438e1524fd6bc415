"""The weekly planner: its rules hold for every valid argument, its errors teach, its exports
read back."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import re
from pathlib import Path

import icalendar
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stretchkit as sk
from stretchkit.plan import MAX_MINUTES, PLAN_COLUMNS, WEEKDAYS, _cost, stretch_pool

from .test_explore import add_hamstring_stretch
from .test_validation import edit

GOLDEN = Path(__file__).parent / "golden" / "plan"
CAT = sk.load_catalog()
STRETCHES = CAT.stretches.set_index("stretch_id")
MUSCLES = CAT.muscles["muscle_id"].tolist()
HOLD = sk.guideline("hold")
REACHES = CAT.stretch_muscles.groupby("stretch_id")["muscle_id"].agg(set).to_dict()


def session_seconds(day: pd.DataFrame) -> int:
    return int((day["start_s"] + day["seconds"]).max())


def best_least_reached(days: int, budget: int, warm_s: int) -> int:
    """By brute force: the most days the least-reached muscle can get in any week."""
    pool = stretch_pool(CAT, 0)
    reach = set()
    for k in range(1, len(pool) + 1):
        for combo in itertools.combinations(pool, k):
            if _cost([(s, s.hold_min) for s in combo], warm_s, 5) <= budget:
                reach.add(frozenset().union(*(s.muscles for s in combo)))
    widest = [r for r in reach if not any(r < other for other in reach)]
    best = 0
    for week in itertools.combinations_with_replacement(widest, days):
        counts = collections.Counter(m for r in week for m in r)
        best = max(best, min(counts[m] for m in MUSCLES))
    return best


def check_plan_rules(plan: pd.DataFrame, *, minutes, warmed_up, focus, n_days, spread) -> None:
    """Every rule of the planner, checked on one plan."""
    assert list(plan.columns) == list(PLAN_COLUMNS)
    assert plan["day"].cat.categories.tolist() == list(WEEKDAYS) and plan["day"].cat.ordered
    days = plan["day"].unique().tolist()
    assert len(days) == n_days
    if spread and n_days < 4:
        idx = [WEEKDAYS.index(d) for d in days]
        assert all(b - a > 1 for a, b in itertools.pairwise(idx)), days
    warm = sk.guideline("warm_up")
    for day, d in plan.groupby("day", observed=True):
        d = d.sort_values("order")
        assert d["order"].tolist() == list(range(1, len(d) + 1))
        # the budget, with the transitions between holds
        assert session_seconds(d) <= minutes * 60, day
        gaps = d["start_s"].iloc[1:].to_numpy() - (d["start_s"] + d["seconds"]).iloc[:-1]
        assert (gaps == 5).all()
        # the warm-up first, within the guidelines' band
        warmups = d[d["activity"] == "warm_up"]
        if warmed_up:
            assert warmups.empty
        else:
            assert d.iloc[0]["activity"] == "warm_up" and len(warmups) == 1
            assert warm.min * 60 <= warmups["seconds"].item() <= warm.max * 60
        holds = d[d["activity"] == "stretch"]
        assert len(holds) > 0
        info = STRETCHES.loc[holds["stretch_id"]]
        # holds within each stretch's range, and held stretches within the guidelines' hold
        assert (holds["seconds"].to_numpy() >= info["hold_min_s"].to_numpy()).all()
        assert (holds["seconds"].to_numpy() <= info["hold_max_s"].to_numpy()).all()
        static = holds[holds["kind"] == "static"]["seconds"]
        assert static.between(HOLD.min, HOLD.max).all()
        # moving stretches before held ones; the restorative close, if any, is last
        kinds = holds["kind"].tolist()
        assert kinds == sorted(kinds, key=["dynamic", "static"].index), kinds
        roles = info["role"].tolist()
        if "restorative" in roles:
            assert roles.index("restorative") == len(roles) - 1
        # one-sided stretches: left then right, the same hold
        for sid, h in holds.groupby("stretch_id"):
            if STRETCHES.loc[sid, "per_side"]:
                assert h["side"].tolist()[::2] == ["left"] * (len(h) // 2)
                assert h["side"].tolist()[1::2] == ["right"] * (len(h) // 2)
                left, right = h["seconds"].iloc[::2].to_numpy(), h["seconds"].iloc[1::2]
                assert (left == right.to_numpy()).all()
                orders = h["order"].to_numpy()
                assert (orders[1::2] - orders[::2] == 1).all()
            else:
                assert set(h["side"]) == {"both"}
        # the focus, every day
        reached = set().union(*(REACHES[s] for s in holds["stretch_id"]))
        assert set(focus) <= reached, (day, focus, reached)
    if not focus:
        week = set().union(*(REACHES[s] for s in plan["stretch_id"].dropna()))
        assert week == set(MUSCLES)


plan_args = st.fixed_dictionaries(
    {
        "days": st.one_of(
            st.integers(1, 7),
            st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True),
        ),
        "minutes": st.one_of(st.integers(1, 40), st.floats(1, 40).map(lambda x: round(x, 1))),
        "focus": st.one_of(
            st.none(), st.lists(st.sampled_from(MUSCLES), min_size=1, max_size=3, unique=True)
        ),
        "persistent_tightness": st.booleans(),
        "warmed_up": st.booleans(),
        "seed": st.integers(0, 2**32 - 1),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_args)
def test_every_rule_holds_for_any_valid_arguments(args):
    try:
        plan = sk.plan_week(**args)
    except ValueError as err:
        # too short: the message gives the minimum, and the minimum works
        m = re.search(r"at least (\d+) minutes", str(err))
        assert m, err
        minimum = int(m.group(1))
        assert minimum > args["minutes"]
        plan = sk.plan_week(**{**args, "minutes": minimum})
        args = {**args, "minutes": minimum}
    n_days = (
        7
        if args["persistent_tightness"]
        else (args["days"] if isinstance(args["days"], int) else len(args["days"]))
    )
    check_plan_rules(
        plan.table,
        minutes=args["minutes"],
        warmed_up=args["warmed_up"],
        focus=args["focus"] or [],
        n_days=n_days,
        spread=isinstance(args["days"], int) and not args["persistent_tightness"],
    )
    assert plan.table.equals(sk.plan_week(**args).table), "the same arguments give the same plan"


@settings(max_examples=40, deadline=None)
@given(
    days=st.integers(1, 7),
    minutes=st.sampled_from([1, 1.5, 2, 2.5, 3, 3.5, 4, 5]),
    seed=st.integers(0, 1000),
)
def test_coverage_is_balanced_as_well_as_any_week_could_be(days, minutes, seed):
    """Without focus, the least-reached muscle gets as many days as the best possible week."""
    try:
        plan = sk.plan_week(days=days, minutes=minutes, warmed_up=True, seed=seed)
    except ValueError:
        assert best_least_reached(days, int(minutes * 60), 0) == 0
        return
    reached = sk.plan_summary(plan, by="muscle")["days"].min()
    assert reached == best_least_reached(days, int(minutes * 60), 0)


def test_a_roomy_plan_has_every_stretch_every_day():
    plan = sk.plan_week(days=3, minutes=15)
    per_day = plan.table.groupby("day", observed=True)["stretch_id"].nunique()
    assert (per_day == len(STRETCHES)).all()
    assert set(plan.table["round"]) == {1, 2}  # time left over goes to a second round of holds
    assert plan.notes[0].startswith("Warm up first")


# --- the rules come from the tables ---------------------------------------------------


def test_frequency_notes_come_from_the_guidelines():
    one = sk.plan_week(days=1, minutes=10)
    assert any("below the minimum of a workable routine (2-3" in n for n in one.notes)
    two = sk.plan_week(days=2, minutes=10)
    assert any("workable routine; 3-5 sessions a week" in n for n in two.notes)
    assert not any("sessions a week" in n for n in sk.plan_week(days=3).notes)


def test_persistent_tightness_plans_daily_and_says_so():
    plan = sk.plan_week(days=3, minutes=8, persistent_tightness=True)
    assert plan.table["day"].unique().tolist() == list(WEEKDAYS)
    assert "7 sessions a week instead of 3" in plan.notes[0]


def test_days_are_spread_and_can_be_chosen():
    spread = {n: sk.plan_week(days=n, minutes=10).table["day"].unique().tolist() for n in (1, 2, 3)}
    assert spread == {1: ["Mon"], 2: ["Mon", "Thu"], 3: ["Mon", "Wed", "Fri"]}
    chosen = sk.plan_week(days=["saturday", "Tue", "thu"], minutes=10)
    assert chosen.table["day"].unique().tolist() == ["Tue", "Thu", "Sat"]
    together = sk.plan_week(days=["Tue", "Wed"], minutes=10)
    assert any("Tue and Wed are back to back" in n for n in together.notes)
    around = sk.plan_week(days=["Mon", "Sun"], minutes=10)  # Sunday, then Monday next week
    assert any("Sun and Mon are back to back" in n for n in around.notes)
    apart = sk.plan_week(days=["Mon", "Thu"], minutes=10)
    assert not any("back to back" in n for n in apart.notes)


def test_rules_read_from_a_custom_catalog(tables):
    edit(tables / "guidelines.csv", "Warm up first,5,10,min", "Warm up first,8,12,min")
    edit(tables / "guidelines.csv", "Hold each stretch,20,30,s", "Hold each stretch,40,60,s")
    edit(tables / "guidelines.csv", "Persistent tightness,7,7,", "Persistent tightness,5,5,")
    edit(tables / "stretches.csv", ",20,30,", ",40,60,", count=6)
    plan = sk.plan_week(days=2, minutes=20, persistent_tightness=True, data_dir=tables)
    assert plan.table["day"].nunique() == 5
    warm = plan.table[plan.table["activity"] == "warm_up"]["seconds"]
    assert warm.between(8 * 60, 12 * 60).all()
    assert plan.table.loc[plan.table["activity"] == "stretch", "seconds"].between(40, 60).all()
    assert any("8 minutes of easy cardio (the guidelines say 8-12)" in n for n in plan.notes)


def test_held_stretches_keep_within_the_guidelines_hold(tables):
    edit(tables / "guidelines.csv", "Hold each stretch,20,30,s", "Hold each stretch,25,40,s")
    edit(tables / "stretches.csv", "supine,main,true,20,30", "supine,main,true,17,33", count=3)
    plan = sk.plan_week(days=3, minutes=12, data_dir=tables)
    held = plan.table[
        plan.table["stretch_id"].isin(["knee_to_chest", "figure_four", "supine_twist"])
    ]
    assert held["seconds"].between(25, 33).all()
    assert set(held["seconds"]) <= {25, 30, 33}  # 5 s steps, or the stretch's own maximum
    edit(tables / "guidelines.csv", "Hold each stretch,25,40,s", "Hold each stretch,35,40,s")
    # Refused when the tables load, with the line, not first by the planner.
    with pytest.raises(sk.CatalogError) as info:
        sk.load_stretches(data_dir=tables)
    assert (
        "stretches.csv, line 2, column 'hold_max_s': 'knee_to_chest' is held for 17-33 s, "
        "outside the guidelines' hold of 35-40 s" in str(info.value)
    )
    with pytest.raises(sk.CatalogError, match="'knee_to_chest' is held for 17-33 s"):
        sk.plan_week(data_dir=tables)


def test_custom_catalog_muscles_are_covered(tables):
    add_hamstring_stretch(tables)
    plan = sk.plan_week(days=2, minutes=6, warmed_up=True, data_dir=tables)
    assert "standing_hamstring" in set(plan.table["stretch_id"])
    focused = sk.plan_week(days=3, minutes=3, warmed_up=True, focus="hammies", data_dir=tables)
    per_day = focused.table.groupby("day", observed=True)["stretch_id"].agg(set)
    assert all("standing_hamstring" in s for s in per_day)


def test_catalog_without_moving_or_restorative_stretches(tables):
    edit(tables / "stretches.csv", "dynamic,quadruped,warm_up", "static,quadruped,main")
    edit(tables / "stretches.csv", "kneeling,restorative", "kneeling,main")
    plan = sk.plan_week(days=3, minutes=10, data_dir=tables)
    assert set(plan.table["kind"].dropna()) == {"static"}
    assert plan.table["stretch_id"].nunique() == 6


def test_focus_order_follows_the_tables_whatever_the_input():
    a = sk.plan_week(focus={"piriformis", "obliques", "QL"}, minutes=10)
    b = sk.plan_week(focus=["obliques", "piriformis", "quadratus lumborum"], minutes=10)
    assert list(a.settings.focus) == ["quadratus_lumborum", "piriformis", "obliques"]
    assert a.notes == b.notes and a.table.equals(b.table)


def test_focus_rotates_between_equally_good_stretches():
    plan = sk.plan_week(days=4, minutes=1.5, warmed_up=True, focus="piriformis")
    per_day = plan.table.groupby("day", observed=True)["stretch_id"].agg(set)
    piriformis = [s & {"figure_four", "seated_glute"} for s in per_day]
    assert all(len(s) == 1 for s in piriformis)
    assert set().union(*piriformis) == {"figure_four", "seated_glute"}


def test_seeds_choose_among_equals_and_repeat_exactly():
    plans = [sk.plan_week(days=7, minutes=6, seed=s) for s in range(6)]
    assert len({p.table.to_csv() for p in plans}) > 1
    assert plans[3].table.equals(sk.plan_week(days=7, minutes=6, seed=3).table)


# --- the safety gate ------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition", ["acute_injury", "Severe pain", "herniated disc", "SCIATICA", "spinal_condition"]
)
def test_contraindications_stop_the_plan_and_say_why(condition):
    with pytest.raises(sk.SafetyError) as err:
        sk.plan_week(conditions=[condition])
    message = str(err.value)
    assert message.startswith("Not planned: ")
    assert "healthcare professional" in message and "cleared=True" in message
    key = sk.plan.lookup_key(condition)
    assert [sk.plan.lookup_key(g) for g in err.value.guidelines] == [key] or key in message.lower()


def test_a_single_condition_may_be_given_as_text():
    with pytest.raises(sk.SafetyError, match="Not planned: Sciatica"):
        sk.plan_week(conditions="sciatica")


def test_clearance_puts_the_note_on_every_day():
    plan = sk.plan_week(days=3, conditions=["sciatica", "herniated_disc"], cleared=True)
    notes = plan.table.groupby("day", observed=True)["note"].unique()
    assert len(notes) == 3
    for per_day in notes:
        assert len(per_day) == 1
        assert per_day[0].startswith("Cleared by a healthcare professional")
        assert "Sciatica, Herniated disc" in per_day[0] and "sharp or radiating pain" in per_day[0]
    assert sk.plan_week(days=3).table["note"].isna().all()


def test_sharp_pain_is_never_planned_over_even_when_cleared():
    with pytest.raises(sk.SafetyError, match="Not planned: Sharp or radiating pain") as err:
        sk.plan_week(conditions=["sharp pain", "sciatica"], cleared=True)
    assert err.value.guidelines == ("sharp_pain",)


# --- bad input: the message is the contract -------------------------------------------

BAD = [
    ({"days": 0}, ValueError, "days must be from 1 to 7, not 0"),
    ({"days": 8}, ValueError, "days must be from 1 to 7, not 8"),
    ({"days": 2.5}, TypeError, "days must be a number of days from 1 to 7 or a list of weekdays"),
    ({"days": True}, TypeError, "days must be a number of days from 1 to 7 or a list"),
    ({"days": "Mon"}, TypeError, "or a list of weekdays such as ['Mon', 'Wed', 'Fri']"),
    ({"days": ["Mon", "Funday"]}, ValueError, "unknown day 'Funday' in days; use Mon, Tue"),
    ({"days": []}, ValueError, "days is empty; give a number from 1 to 7 or at least one"),
    ({"minutes": 0}, ValueError, f"minutes must be from 1 to {MAX_MINUTES}, not 0"),
    ({"minutes": 150}, ValueError, f"minutes must be from 1 to {MAX_MINUTES}, not 150"),
    ({"minutes": "15"}, TypeError, "minutes must be a number from 1 to 90, not '15'"),
    ({"minutes": float("nan")}, ValueError, "minutes must be from 1 to 90, not nan"),
    (
        {"minutes": 5},
        ValueError,
        "minutes=5 is too short: each session needs at least 6 minutes (a 5-minute warm-up",
    ),
    (
        {"minutes": 1.5, "warmed_up": True, "focus": ["piriformis", "obliques"], "days": 1},
        ValueError,
        "minutes=1.5 is too short: each session needs at least 2 minutes (Figure-Four and "
        "Supine Spinal Twist for the focus muscles",
    ),
    ({"focus": "hamstring"}, sk.UnknownNameError, "unknown muscle 'hamstring'; known muscles:"),
    ({"focus": 5}, TypeError, "focus must be a muscle or a list of muscles (ids, names or"),
    ({"conditions": 5}, TypeError, "conditions must be a condition or a list of them, such as"),
    ({"conditions": True}, TypeError, "conditions must be a condition or a list of them"),
    ({"focus": ["QL", 3]}, sk.UnknownNameError, "unknown muscle 3"),
    (
        {"conditions": ["bad knee"]},
        sk.UnknownNameError,
        "unknown condition 'bad knee'; the guidelines list these contraindications: "
        "acute_injury (Acute injury)",
    ),
    ({"seed": -1}, ValueError, "seed must be from 0 to 4294967295, not -1"),
    ({"seed": 1.5}, TypeError, "seed must be a whole number from 0 to 4294967295, not 1.5"),
    ({"transition_s": 90}, ValueError, "transition_s must be from 0 to 60, not 90"),
    ({"persistent_tightness": "yes"}, TypeError, "persistent_tightness must be True or False"),
    ({"warmed_up": None}, TypeError, "warmed_up must be True or False, not None"),
    ({"cleared": 1}, TypeError, "cleared must be True or False, not 1"),
]


@pytest.mark.parametrize("kwargs, kind, message", BAD, ids=[str(b[0]) for b in BAD])
def test_bad_arguments_are_explained(kwargs, kind, message):
    with pytest.raises(kind) as err:
        sk.plan_week(**kwargs)
    assert message in str(err.value)


def test_focus_no_stretch_reaches(tables):
    with (tables / "muscles.csv").open("a") as f:
        f.write("hamstrings,Hamstrings,,glutes and hip,Back of the thigh.,Bend.,Sitting.,\n")
    with pytest.raises(ValueError, match="no stretch in the tables reaches the focus muscle"):
        sk.plan_week(focus="hamstrings", data_dir=tables)
    plan = sk.plan_week(data_dir=tables)
    assert any("No stretch in the tables reaches hamstrings" in n for n in plan.notes)


# --- golden plans ---------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_plan(case, tmp_path):
    """A seeded plan is exactly the reviewed one (refresh: scripts/refresh_golden.py)."""
    args = json.loads(case.read_text())
    out = sk.plan_to_csv(sk.plan_week(**args), tmp_path / "plan.csv")
    assert out.read_text() == case.with_suffix(".csv").read_text()


def test_there_are_golden_plans():
    assert len(list(GOLDEN.glob("*.json"))) >= 3


# --- summaries and words --------------------------------------------------------------


def test_summary_by_day_and_by_muscle():
    plan = sk.plan_week(days=3, minutes=10, focus="piriformis")
    days = sk.plan_summary(plan).set_index("day")
    assert days.index.tolist() == list(WEEKDAYS)
    assert days.loc["Tue"].tolist() == [0, 0, 0, 0, 0]
    mon = plan.table[plan.table["day"] == "Mon"]
    assert days.loc["Mon", "session_min"] == session_seconds(mon) / 60
    assert days.loc["Mon", "warm_up_min"] == 5
    muscles = sk.plan_summary(plan, by="muscle").set_index("muscle_id")
    pir = (
        plan.table[plan.table["stretch_id"].isin(["figure_four", "seated_glute"])]["seconds"].sum()
        / 60
    )
    assert muscles.loc["piriformis", "minutes"] == pir
    assert muscles.loc["piriformis", "days"] == 3
    with pytest.raises(ValueError, match="by must be 'day' or 'muscle', not 'week'"):
        sk.plan_summary(plan, by="week")


def test_describe_day_folds_repeated_rounds():
    lines = sk.describe_day(sk.plan_week(days=1, minutes=30), "Mon")
    assert lines[0] == "Warm-up: easy cardio, 5 min"
    assert any(re.match(r"Rounds 2-\d: Knee-to-Chest, .* again", ln) for ln in lines)
    assert lines[-1] == "Child's Pose: 30 s"
    assert sk.describe_day(sk.plan_week(), "monday") == sk.describe_day(sk.plan_week(), "Mon")
    with pytest.raises(ValueError, match="day must be one of Mon, Tue"):
        sk.describe_day(sk.plan_week(), "Funday")


def test_plan_rules_cover_every_rule_the_planner_reads():
    rules = sk.plan_rules()
    assert {"warm_up", "hold", "frequency_minimum", "frequency_target"} <= set(
        rules["guideline_id"]
    )
    assert "Sciatica" in rules.set_index("guideline_id").loc["contraindications", "title"]


# --- exports --------------------------------------------------------------------------


def test_csv_round_trip(tmp_path):
    plan = sk.plan_week(days=3, conditions=["sciatica"], cleared=True)
    back = pd.read_csv(sk.plan_to_csv(plan, tmp_path / "week.csv"))
    assert back["stretch_id"].fillna("").tolist() == plan.table["stretch_id"].fillna("").tolist()
    assert back["seconds"].tolist() == plan.table["seconds"].tolist()
    assert back["note"].str.startswith("Cleared").all()


def test_csv_neutralises_formulas_from_a_custom_catalog(tables, tmp_path):
    edit(tables / "stretches.csv", "Child's Pose,", "=HYPERLINK(1),")
    plan = sk.plan_week(days=1, minutes=10, data_dir=tables)
    text = sk.plan_to_csv(plan, tmp_path / "week.csv").read_text()
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_ics_reads_back_into_the_planned_events(tmp_path):
    plan = sk.plan_week(days=3, minutes=15, conditions=["sciatica"], cleared=True)
    out = sk.plan_to_ics(plan, tmp_path / "week.ics", start=dt.date(2026, 11, 25), time="18:05")
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    starts = [e.decoded("DTSTART") for e in events]
    assert [s.strftime("%a %Y-%m-%d %H:%M") for s in starts] == [
        "Mon 2026-11-30 18:05",
        "Wed 2026-11-25 18:05",
        "Fri 2026-11-27 18:05",
    ]
    assert all(s.tzinfo is None for s in starts)  # floating local time
    for e, day in zip(events, ["Mon", "Wed", "Fri"], strict=True):
        rows = plan.table[plan.table["day"] == day]
        length = e.decoded("DTEND") - e.decoded("DTSTART")
        assert length.total_seconds() == session_seconds(rows)
        assert e["RRULE"]["FREQ"] == ["WEEKLY"] and "COUNT" not in e["RRULE"]
        description = str(e["DESCRIPTION"])
        for line in sk.describe_day(plan, day):
            assert f"- {line}" in description
        assert "Cleared by a healthcare professional" in description
        assert "Sharp or radiating pain" in description
    assert len({str(e["UID"]) for e in events}) == 3
    # a later plan for the same weekday replaces the event: same UID, higher SEQUENCE
    other = sk.plan_to_ics(
        sk.plan_week(days=3, minutes=8), tmp_path / "new.ics", start="2026-12-01"
    )
    newer = icalendar.Calendar.from_ical(other.read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in newer] == [str(e["UID"]) for e in events]
    assert all(int(n["SEQUENCE"]) >= int(o["SEQUENCE"]) for n, o in zip(newer, events, strict=True))


def test_ics_uids_are_stable_and_weeks_bound_the_repeat(tmp_path):
    plan = sk.plan_week(days=2)
    a = sk.plan_to_ics(plan, tmp_path / "a.ics", start="2026-01-05", weeks=6)
    b = sk.plan_to_ics(plan, tmp_path / "b.ics", start="2026-01-05", weeks=6)
    uids = [
        [str(e["UID"]) for e in icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")]
        for p in (a, b)
    ]
    assert uids[0] == uids[1]
    event = icalendar.Calendar.from_ical(a.read_bytes()).walk("VEVENT")[0]
    assert event["RRULE"]["COUNT"] == [6]


EXPORT_BAD = [
    (lambda p, t: sk.plan_to_csv("plan", t / "a.csv"), TypeError, "plan must be a Plan"),
    (
        lambda p, t: sk.plan_to_csv(p.table, t / "a.csv"),
        TypeError,
        "plan must be the Plan that plan_week() returned, not its .table",
    ),
    (
        lambda p, t: sk.plan_to_csv(sk.Plan(p.table.drop(columns="side")), t / "a.csv"),
        ValueError,
        "Plan.table is missing the column(s) side; make it with plan_week()",
    ),
    (
        lambda p, t: sk.plan_to_csv(sk.Plan(p.table.iloc[:0]), t / "a.csv"),
        ValueError,
        "Plan.table has no rows",
    ),
    (lambda p, t: sk.plan_to_csv(p, t / "a.xlsx"), ValueError, "a.xlsx' must end in .csv"),
    (
        lambda p, t: sk.plan_to_csv(p, t / "nowhere" / "a.csv"),
        FileNotFoundError,
        "nowhere' does not exist; create it first",
    ),
    (lambda p, t: sk.plan_to_csv(p, t), ValueError, "is a folder; give a file name inside it"),
    (
        lambda p, t: sk.plan_to_ics(p, t / "a.ics", start="05/01/2026"),
        ValueError,
        "start must be a date such as '2026-01-05' (YYYY-MM-DD), not '05/01/2026'",
    ),
    (
        lambda p, t: sk.plan_to_ics(p, t / "a.ics", start="2026-01-05", time="7.30pm"),
        ValueError,
        "time must be a 24-hour clock time such as '07:30', not '7.30pm'",
    ),
    (
        lambda p, t: sk.plan_to_ics(p, t / "a.ics", start="2026-01-05", time="24:00"),
        ValueError,
        "time must be a 24-hour clock time",
    ),
    (
        lambda p, t: sk.plan_to_ics(p, t / "a.ics", start="2026-01-05", weeks=0),
        ValueError,
        "weeks must be from 1 to 520, not 0",
    ),
    (lambda p, t: sk.plan_to_ics(p, t / "a.txt", start="2026-01-05"), ValueError, "end in .ics"),
]


@pytest.mark.parametrize("call, kind, message", EXPORT_BAD)
def test_bad_export_arguments_are_explained_and_write_nothing(tmp_path, call, kind, message):
    plan = sk.plan_week(days=2)
    with pytest.raises(kind) as err:
        call(plan, tmp_path)
    assert message in str(err.value)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_failed_export_leaves_the_old_file(tmp_path):
    path = sk.plan_to_csv(sk.plan_week(days=2), tmp_path / "week.csv")
    before = path.read_bytes()
    with pytest.raises(TypeError):
        sk.files.atomic_write(path, 12345)  # neither text nor bytes: fails while writing
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["week.csv"]
