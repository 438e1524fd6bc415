"""Plans, routines and session results keep their notes beside their table: checked once when
made, read as words, shown as HTML, and refused as bare tables where the whole result belongs."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import stretchkit as sk
from stretchkit.charts import lesson_pack, plan_handout, plot_plan
from stretchkit.widgets import timer

PLAN = sk.plan_week(days=3, minutes=15, focus="piriformis")
ROUTINE = sk.routine(PLAN.day("Mon"))
REPORT_TABLE = pd.DataFrame(
    {
        "step": [2, 4],
        "kind": ["hold", "hold"],
        "stretch_id": ["figure_four", "figure_four"],
        "name": ["Figure-Four", "Figure-Four"],
        "side": ["left", "right"],
        "round": [1, 1],
        "planned_s": [30.0, 30.0],
        "held_s": [30.0, 12.5],
        "skipped": [False, True],
        "sharp_pain": [False, False],
    }
)
RESULT = sk.SessionResult(
    REPORT_TABLE,
    status="stopped",
    session_id="s0123456789abcde",
    started_at="2026-11-24T18:00:00+01:00",
    warmed_up=True,
    skipped_steps=[4],
)


# --- the notes stay with the table ----------------------------------------------------------


def test_the_notes_are_fields_that_no_table_operation_can_drop():
    assert PLAN.notes and PLAN.safety and PLAN.settings.focus == ("piriformis",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        PLAN.notes = ()
    mon = PLAN.day("monday")
    assert (mon.notes, mon.safety, mon.settings) == (PLAN.notes, PLAN.safety, PLAN.settings)
    assert mon.days == ("Mon",) and len(mon.table) < len(PLAN.table)
    assert ROUTINE.notes[0] == "Order, sides, rounds and holds: as planned for Mon."
    assert ROUTINE.safety == PLAN.safety
    assert ROUTINE.total_s == ROUTINE.table["seconds"].sum()


def test_a_rest_day_or_a_bad_day_is_explained():
    with pytest.raises(ValueError, match="Tue is a rest day in this plan; it plans Mon, Wed, Fri"):
        PLAN.day("Tuesday")
    with pytest.raises(ValueError, match="day must be one of Mon, Tue"):
        PLAN.day("Funday")


def test_results_compare_by_value_and_are_not_hashable():
    assert sk.plan_week(days=3, minutes=15, focus="piriformis") == PLAN
    assert sk.plan_week(days=3, minutes=15, focus="piriformis", seed=1) != PLAN
    assert PLAN.__eq__(PLAN.table) is NotImplemented
    with pytest.raises(TypeError):
        hash(ROUTINE)


def test_a_result_is_not_a_table_and_says_where_the_rows_are():
    with pytest.raises(TypeError, match=r"a Plan is not a table; its rows are in \.table"):
        PLAN["day"]


# --- checked once, when made ------------------------------------------------------------


def test_a_hand_made_table_gets_the_declared_dtypes():
    plain = PLAN.table.astype({"day": str, "name": object, "seconds": float})
    again = sk.Plan(plain)
    assert again.table.dtypes.equals(PLAN.table.dtypes)
    assert (again.notes, again.safety, again.settings) == ((), "", None)


@pytest.mark.parametrize(
    "make, kind, message",
    [
        (lambda: sk.Plan(PLAN.table, notes="Warm up"), TypeError, "Plan.notes must be a list"),
        (lambda: sk.Plan(PLAN.table, notes=[1]), TypeError, "1 is not one"),
        (lambda: sk.Plan(PLAN.table, safety=None), TypeError, "Plan.safety must be a text"),
        (lambda: sk.Plan(PLAN.table, settings={}), TypeError, "Plan.settings must be"),
        (
            lambda: sk.Plan(PLAN.table.assign(day="Funday")),
            ValueError,
            "Plan.table column 'day' holds 'Funday', which is not one of its values",
        ),
        (lambda: sk.Plan(PLAN.table.assign(seconds="long")), ValueError, "seconds: int64"),
        (lambda: sk.Plan("plan"), TypeError, "Plan.table must be a DataFrame, not str"),
        (lambda: sk.Routine(ROUTINE.table.iloc[:0]), ValueError, "Routine.table has no steps"),
        (
            lambda: sk.Routine(ROUTINE.table.drop(columns="cue")),
            ValueError,
            "Routine.table is missing the column(s) cue; make it with routine()",
        ),
        (
            lambda: dataclasses.replace(RESULT, status="finished"),
            ValueError,
            "SessionResult.status must be one of done, stopped, sharp_pain, not 'finished'",
        ),
        (
            lambda: dataclasses.replace(RESULT, started_at="2026-11-24T18:00:00"),
            TypeError,
            "SessionResult.started_at must be a time with its time zone",
        ),
        (
            lambda: dataclasses.replace(RESULT, skipped_steps=["4"]),
            TypeError,
            "SessionResult.skipped_steps must be step numbers",
        ),
        (
            lambda: dataclasses.replace(RESULT, warmed_up="yes"),
            TypeError,
            "SessionResult.warmed_up must be True, False or None",
        ),
    ],
)
def test_what_cannot_be_a_result_is_refused_with_why(make, kind, message):
    with pytest.raises(kind) as err:
        make()
    assert message in str(err.value)


# --- a bare table is refused where the result belongs ----------------------------------


BARE = {
    "plan_summary": lambda t: sk.plan_summary(PLAN.table),
    "describe_day": lambda t: sk.describe_day(PLAN.table, "Mon"),
    "plan_to_csv": lambda t: sk.plan_to_csv(PLAN.table, t / "week.csv"),
    "plan_to_ics": lambda t: sk.plan_to_ics(PLAN.table, t / "week.ics", start="2026-01-05"),
    "plot_plan": lambda t: plot_plan(PLAN.table, ax=plt.figure().gca()),
    "plan_handout": lambda t: plan_handout(PLAN.table, t / "week.pdf"),
    "lesson_pack": lambda t: lesson_pack(t / "class.pdf", plan=PLAN.table),
    "set_warm_up": lambda t: sk.set_warm_up(ROUTINE.table, False),
    "timer": lambda t: timer(ROUTINE.table),
    "result_entries": lambda t: sk.result_entries(RESULT.table),
    "save_result": lambda t: sk.save_result(RESULT.table, sk.SessionLog(t / "log.sqlite")),
}


@pytest.mark.parametrize("call", BARE.values(), ids=list(BARE))
def test_a_bare_table_is_refused_with_what_to_pass(call, tmp_path):
    with pytest.raises(TypeError, match=r"that \w+\(\) returned, not its \.table") as err:
        call(tmp_path)
    assert "has lost the notes and the safety rules" in str(err.value)
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".csv", ".ics", ".pdf")]
    plt.close("all")


def test_routine_refuses_a_plan_table_and_says_how_to_pick_a_day():
    with pytest.raises(TypeError, match=r'a Plan of one day, e\.g\. plan\.day\("Mon"\)'):
        sk.routine(PLAN.day("Mon").table)


# --- read as words, shown as HTML --------------------------------------------------------


@pytest.mark.parametrize("result", [PLAN, ROUTINE, RESULT], ids=["plan", "routine", "result"])
def test_print_and_repr_read_as_words(result):
    text = str(result)
    assert repr(result) == text
    assert "DataFrame" not in text and "Plan(" not in text and "dtype" not in text
    for note in getattr(result, "notes", ()):
        assert note in text


def test_the_words_say_what_each_result_holds():
    plan_text = str(PLAN)
    assert plan_text.startswith("A week's plan: 3 sessions (Mon, Wed, Fri)")
    assert "Mon: " + "; ".join(sk.describe_day(PLAN, "Mon")) in plan_text
    assert f"Safety: {PLAN.safety}" in plan_text
    assert str(ROUTINE).startswith("A routine of 15 min: Cat-Cow, ")
    assert str(RESULT).splitlines() == [
        "A guided session, stopped before the end: 42.5 s held of 60 s planned, in 2 holds; "
        "warmed up.",
        "- Skipped steps: 4.",
        "- Figure-Four, left side: 30 of 30 s",
        "- Figure-Four, right side: 12.5 of 30 s; skipped",
    ]


@pytest.mark.parametrize("result", [PLAN, ROUTINE, RESULT], ids=["plan", "routine", "result"])
def test_the_html_shows_the_words_the_notes_the_safety_and_the_table(result):
    page = result._repr_html_()
    assert page.startswith('<section class="sk-result')
    assert "<details><summary>The table: " in page and "</table></details>" in page
    assert page.count("<tr>") == len(result.table) + 1
    for note in getattr(result, "notes", ()):
        assert sk.markup.escape(note) in page
    if getattr(result, "safety", ""):
        assert sk.markup.escape(result.safety) in page


def test_the_new_names_are_exported():
    for name in ("Plan", "PlanSettings", "Routine", "SessionResult", "unknown_stretches"):
        assert name in sk.__all__ and getattr(sk, name) is not None
