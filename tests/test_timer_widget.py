"""The timer and the guided session built without a browser: what Python hands the browser,
what it does with the report, and the safety gate around it."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pandas as pd
import pytest

import stretchkit as sk
from stretchkit.widgets import guided_session
from stretchkit.widgets.widget_session import BLOCKED, NOT_SAVED
from stretchkit.widgets.widget_timer import Timer, timer

from .test_explore import add_hamstring_stretch
from .test_session import fake_report

JS = (
    Path(importlib.import_module("stretchkit.widgets.widget_timer").__file__).parent / "timer.js"
).read_text()


def plain(routine: sk.Routine) -> list[dict]:
    """A routine's steps as the browser receives them."""
    cols = ["kind", "stretch_id", "name", "side", "round", "seconds", "cue"]
    table = routine.table
    rows = table[cols].astype(object).where(table[cols].notna(), None)
    return rows.to_dict("records")


def test_the_browser_gets_both_answers_to_have_you_warmed_up():
    t = timer(["Figure-Four", "cat_cow"], hold_s=25)
    cols = ["kind", "stretch_id", "name", "side", "round", "seconds", "cue"]
    assert [{k: s[k] for k in cols} for s in t.steps] == plain(
        sk.routine(["Figure-Four", "cat_cow"], hold_s=25)
    )
    assert [{k: s[k] for k in cols} for s in t.steps_warmed] == plain(
        sk.routine(["Figure-Four", "cat_cow"], hold_s=25, warmup=False)
    )
    cat_cow = next(s for s in t.steps if s["kind"] == "breath_reps")
    assert (cat_cow["breath_cycles"], cat_cow["breath_s"]) == (5, 6.0)
    assert (cat_cow["inhale"], cat_cow["exhale"]) == ("cow", "cat")
    assert t.status == "ready" and t.report == {} and t.result is None and t.blocked == ""


def test_a_routine_without_warm_up_still_offers_one():
    cold = sk.routine(["cat_cow"], warmup=False)
    t = timer(cold)
    assert [s["kind"] for s in t.steps] == [
        "get_ready",
        "warm_up",
        "transition",
        "breath_reps",
        "rest",
    ]
    assert [s["kind"] for s in t.steps_warmed] == ["get_ready", "breath_reps", "rest"]
    assert t.routine.table["kind"].tolist() == [s["kind"] for s in t.steps]


def test_each_stretch_comes_with_its_steps_and_tips_from_the_tables():
    t = timer()
    steps = sk.load_steps()
    stretches = sk.load_stretches().set_index("stretch_id")
    assert set(t.stretches) == set(stretches.index)
    for sid, info in t.stretches.items():
        assert info["steps"] == steps.loc[steps["stretch_id"] == sid, "text"].tolist()
        assert info["tips"] == stretches.loc[sid, "tips"]
        assert info["name"] == stretches.loc[sid, "name"]


def test_the_advice_is_read_from_the_safety_rules():
    t = timer()
    rules = sk.safety_rules()
    consult = rules[rules["section"] == "consult_professional"]
    assert [c["title"] for c in t.advice["contraindications"]] == consult["title"].tolist()
    assert t.advice["warm_up"]["text"] == sk.guideline("warm_up").text
    assert t.advice["stop"]["text"] == sk.guideline("sharp_pain").text
    assert t.advice["consult"] == sk.guideline("severe_pain").text


def test_a_trainers_stretch_is_timed_with_its_own_steps(tables):
    add_hamstring_stretch(tables)
    t = timer(["Standing Hamstring"], data_dir=tables)
    assert [s["side"] for s in t.steps_warmed if s["kind"] == "hold"] == ["left", "right"]
    assert list(t.stretches) == ["standing_hamstring"]
    assert t.stretches["standing_hamstring"]["steps"]


def test_the_report_reaches_callbacks_as_a_result_frame():
    t = timer(["Figure-Four"])
    got = []
    t.on_complete(got.append)
    t.report = fake_report(t.steps_warmed)
    assert len(got) == 1 and got[0] is t.result
    assert got[0].table[["side", "held_s"]].values.tolist() == [["left", 30.0], ["right", 30.0]]
    t.report = {}  # cleared: nothing more is called
    assert len(got) == 1
    with pytest.raises(TypeError, match="callback must be callable"):
        t.on_complete("print")


def test_a_malformed_report_is_refused_and_said_not_saved(tmp_path):
    t = timer(["Figure-Four"])
    got = []
    t.on_complete(got.append)
    t.report = fake_report(t.steps_warmed)
    t.report = {**fake_report(t.steps_warmed, run_id="fedcba987654321"), "status": "finished"}
    assert len(got) == 1 and t.result is None
    assert t.error.startswith("timer report 'status': one of done, stopped, sharp_pain")
    box = guided_session(["cat_cow"], log=tmp_path / "log.sqlite")
    box.timer.report = {**fake_report(box.timer.steps_warmed), "run_id": "nope"}
    assert 'role="alert"' in box.status.value and "nothing was saved" in box.status.value
    assert len(box.session_log) == 0


def test_load_swaps_the_routine_and_refuses_other_frames():
    t = timer(["cat_cow"])
    t.load(sk.routine(["childs_pose"]))
    assert {s["stretch_id"] for s in t.steps if s["kind"] == "hold"} == {"childs_pose"}
    assert list(t.stretches) == ["childs_pose"]
    with pytest.raises(TypeError, match="must be a Routine"):
        t.load(sk.plan_week())
    with pytest.raises(TypeError, match=r"not its \.table"):
        t.load(sk.routine(["cat_cow"]).table)


def test_the_title_says_how_long_with_and_without_warm_up():
    assert timer(["Figure-Four"]).title == (
        "Guided session: 1 stretch, 6 min 50 s (1 min 45 s without the warm-up)"
    )
    assert timer(title="Class, week 3").title == "Class, week 3"


def test_options_reach_the_browser():
    t = timer(speak=True, muted=True)
    assert (t.speak, t.muted) == (True, True)
    assert isinstance(t, Timer) and "sk-timer-widget" in t._dom_classes


def test_the_front_end_loads_nothing_from_the_network_and_counts_from_deadlines():
    # Offline classrooms and Binder: no import from a CDN, no fetch.
    assert not re.search(r"^\s*import\s", JS, flags=re.M)
    assert "http" not in JS and "fetch(" not in JS
    # Remaining time is read from performance.now(), never by counting ticks.
    assert "performance.now()" in JS and "Date.now()" not in JS
    assert "export default { render }" in JS


# --- the guided session ---------------------------------------------------------------


@pytest.fixture
def log(tmp_path):
    return sk.SessionLog(tmp_path / "log.sqlite")


def finish(box, **kw) -> None:
    """What the browser does at the end of a routine played without the warm-up."""
    box.timer.report = fake_report(box.timer.steps_warmed, **kw)


def test_rate_and_save_a_finished_session(log):
    box = guided_session(["Figure-Four", "cat_cow"], log=log)
    after = box.children[3]
    assert after.layout.display == "none" and box.session_log is log
    finish(box)
    assert after.layout.display is None
    assert list(box.ratings) == ["figure_four", "cat_cow"]
    assert box.ratings["figure_four"].description == "Discomfort, Figure-Four (0-10):"
    box.ratings["figure_four"].value = "3"
    box.notes.value = "hips tight"
    box.save.click()
    assert "Saved session" in box.status.value and "3 holds" in box.status.value
    box.save.click()  # twice: still one session
    assert len(log) == 1
    e = log.entries()
    assert e["discomfort"].tolist()[:2] == [3, 3] and pd.isna(e["discomfort"].iloc[2])
    assert log.sessions()["notes"].tolist() == ["hips tight"]


def test_sharp_pain_is_saved_at_once_and_blocks_the_timer_until_read(log):
    box = guided_session(["Figure-Four"], log=log)
    assert box.timer.blocked == "" and box.attention.children[0].value == ""
    finish(box, status="sharp_pain", pain=2, done=lambda i, s: 5.0 if i == 1 else s["seconds"])
    assert box.children[3].layout.display == "none"  # no ratings: the pain is the rating
    assert len(log) == 1 and log.needs_attention()["side"].tolist() == ["left"]
    assert box.timer.blocked == BLOCKED
    assert 'role="alert"' in box.attention.children[0].value
    assert "Saved session" in box.status.value
    box.attention.children[1].click()  # "I have read this advice"
    assert box.timer.blocked == "" and log.needs_attention().empty


def test_unread_sharp_pain_in_the_log_blocks_a_new_session(log):
    log.add_session(
        [{"stretch_id": "cat_cow", "seconds": 10, "sharp_pain": True}],
        started_at="2026-11-20T08:00:00+01:00",
    )
    box = guided_session(log=log)
    assert box.timer.blocked == BLOCKED
    assert "Sharp pain was logged" in box.attention.children[0].value


def test_without_a_log_nothing_is_saved(tmp_path):
    box = guided_session(["cat_cow"], log=False)
    assert box.session_log is None and box.save.disabled
    finish(box)
    assert "not being saved" in box.status.value
    assert not list(tmp_path.iterdir())


def test_nothing_held_asks_for_no_rating(log):
    box = guided_session(["cat_cow"], log=log)
    finish(box, status="stopped", done=lambda i, s: 0.0)
    assert box.children[3].layout.display == "none"
    assert "Nothing was held" in box.status.value and len(log) == 0


def test_the_plan_day_for_today_is_picked_and_others_can_be(log):
    plan = sk.plan_week(days=3)
    days = plan.table["day"].unique().tolist()
    today = dt.date(2026, 11, 23) + dt.timedelta(days=sk.plan.WEEKDAYS.index(days[1]))
    box = guided_session(log=log, plan=plan, today=today)
    assert box.chooser.value == days[1]
    labels = [label for label, _ in box.chooser.options]
    assert labels[0].startswith("The default routine")
    assert labels[1:] == [f"Your plan for {d}" for d in days]
    planned = sk.routine(plan.day(days[1]))
    held = [s for s in box.timer.steps if s["kind"] in ("hold", "breath_reps")]
    assert [s["seconds"] for s in held] == stretch_seconds(planned)
    box.chooser.value = "default"
    assert [s["kind"] for s in box.timer.steps] == sk.routine().table["kind"].tolist()


def stretch_seconds(routine: sk.Routine) -> list[float]:
    r = routine.table
    return r.loc[r["kind"].isin(["hold", "breath_reps"]), "seconds"].tolist()


def test_a_rest_day_says_so_and_offers_the_next_planned_day(log):
    plan = sk.plan_week(days=3)
    assert plan.days == ("Mon", "Wed", "Fri")
    tuesday = dt.date(2026, 11, 24)
    box = guided_session(log=log, plan=plan, today=tuesday)
    assert box.chooser.value == box.choice == box.rest_day_next == "Wed"
    assert "Today, Tue, is a rest day in your plan; your next session is Wed." in (
        box.today_note.value
    )
    planned = sk.routine(plan.day("Wed"))
    held = [s for s in box.timer.steps if s["kind"] in ("hold", "breath_reps")]
    assert [s["seconds"] for s in held] == stretch_seconds(planned)
    # The other choices are still there, the default routine among them.
    assert "default" in [value for _, value in box.chooser.options]


def test_the_next_planned_day_goes_round_the_week(log):
    plan = sk.plan_week(days=3)
    saturday = dt.date(2026, 11, 28)
    box = guided_session(log=log, plan=plan, today=saturday)
    assert box.chooser.value == "Mon"
    assert "Today, Sat, is a rest day in your plan; your next session is Mon." in (
        box.today_note.value
    )


def test_a_planned_day_or_no_plan_says_nothing_about_rest(log):
    plan = sk.plan_week(days=3)
    assert guided_session(log=log, plan=plan, today=dt.date(2026, 11, 25)).today_note.value == ""
    alone = guided_session(log=log, today=dt.date(2026, 11, 24))
    assert alone.chooser.value == "default" and alone.rest_day_next is None
    assert alone.today_note.value == ""


def test_the_timer_asks_with_the_whole_safety_note_before_each_run():
    t = timer(sk.routine(["cat_cow"]))
    during = sk.safety_rules().query("section == 'during'")
    assert [c["title"] for c in t.advice["during"]] == during["title"].tolist()
    js = (Path(sk.widgets.__file__).parent / "timer.js").read_text()
    assert "askStop" in js and "askDuring" in js


def test_key_hints_hide_on_a_touch_screen():
    folder = Path(sk.widgets.__file__).parent
    css, js = (folder / "timer.css").read_text(), (folder / "timer.js").read_text()
    assert "@media (hover: none), (pointer: coarse)" in css
    assert "sk-timer-keys sk-hint-keys" in js and '"sk-hint-keys", text: " (M)"' in js
    # The controls are in the count's column, not after the how-to panel.
    assert 'el("div", { class: "sk-timer-left" }, now, controls' in js


def test_the_default_log_is_your_own(tmp_path, monkeypatch):
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path / "home"))
    box = guided_session(["cat_cow"])
    assert box.session_log.path == tmp_path / "home" / "log.sqlite"


def test_a_plan_day_is_a_source_and_a_built_routine_takes_no_more_options():
    plan = sk.plan_week(days=2)
    day = plan.day(plan.days[0])
    t = timer(day)
    assert [s["seconds"] for s in t.steps if s["kind"] == "hold"] == stretch_seconds(
        sk.routine(day)
    )[1:]
    with pytest.raises(TypeError, match="hold_s, warmup shape a routine timer"):
        timer(sk.routine(), hold_s=25, warmup=False)


def test_the_form_locks_once_saved_and_unlocks_for_the_next_session(log):
    box = guided_session(["cat_cow"], log=log)
    finish(box)
    box.save.click()
    assert box.save.disabled and box.save.description == "Saved ✓"
    assert box.ratings["cat_cow"].disabled and box.notes.disabled
    box.timer.status = "asking"  # Start pressed again
    assert box.children[3].layout.display == "none"
    finish(box, run_id="fedcba987654321")
    assert not box.save.disabled and not box.ratings["cat_cow"].disabled


def test_an_unsaved_session_is_saved_when_the_next_one_starts(log):
    box = guided_session(["cat_cow"], log=log)
    finish(box)
    box.ratings["cat_cow"].value = "2"
    box.timer.status = "asking"
    assert len(log) == 1 and log.entries()["discomfort"].tolist() == [2]
    assert "left unsaved, so it was saved as it stood" in box.status.value


def test_the_routine_cannot_change_under_a_running_timer(log):
    box = guided_session(log=log)
    for state, locked in [("asking", True), ("running", True), ("paused", True), ("done", False)]:
        box.timer.status = state
        assert box.chooser.disabled is locked


def test_sharp_pain_ticked_afterwards_is_logged_and_shown(log):
    box = guided_session(["Figure-Four", "cat_cow"], log=log)
    finish(box)
    box.pains["figure_four"].value = True
    box.save.click()
    assert sorted(log.needs_attention()["side"]) == ["left", "right"]
    assert box.timer.blocked == BLOCKED
    assert "Sharp pain was logged" in box.attention.children[0].value


def test_sharp_pain_that_could_not_be_saved_can_be_saved_again(log):
    box = guided_session(["cat_cow"], log=log)
    taken = fake_report(box.timer.steps_warmed, done=lambda i, s: 1.0)
    # Another session already holds this id, so the first save is refused.
    log.add_session(
        [{"stretch_id": "childs_pose", "seconds": 30}],
        started_at="2026-11-24T08:00:00+01:00",
        session_id="s" + taken["run_id"],
    )
    finish(box, status="sharp_pain", pain=2, done=lambda i, s: 4.0 if i == 1 else s["seconds"])
    assert box.timer.blocked == NOT_SAVED
    assert box.retry.layout.display is None and "Not saved" in box.status.value
    log.delete_session("s" + taken["run_id"])
    box.retry.click()
    assert box.retry.layout.display == "none"
    assert log.needs_attention()["stretch_id"].tolist() == ["cat_cow"]
    assert box.timer.blocked == BLOCKED
