"""The timer's report turned into what was done and saved to a real log: holds per stretch and
side, sharp pain on the right hold, warm-up honoured, bad reports refused with the key named."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

import stretchkit as sk
from stretchkit.session import RESULT_COLUMNS

RUN_ID = "0123456789abcde"


def fake_report(
    steps: list[dict],
    *,
    said_warmed_up: bool = True,
    status: str = "done",
    pain: int | None = None,
    done=None,
    skipped=(),
    run_id: str = RUN_ID,
) -> dict:
    """A report as timer.js sends it, for the steps played; ``done(i, step)`` gives seconds
    spent in step i (default: all of it)."""
    rows = []
    for i, s in enumerate(steps):
        rows.append(
            {
                "step": i + 1,
                "kind": s["kind"],
                "stretch_id": s["stretch_id"],
                "name": s["name"],
                "side": s["side"],
                "round": s["round"],
                "seconds": s["seconds"],
                "done_s": s["seconds"] if done is None else done(i, s),
                "skipped": i + 1 in skipped,
                "reached": True,
            }
        )
    return {
        "run_id": run_id,
        "status": status,
        "said_warmed_up": said_warmed_up,
        "started_at": "2026-11-24T18:00:00+01:00",
        "ended_at": "2026-11-24T18:10:00+01:00",
        "elapsed_s": 600.0,
        "planned_s": sum(s["seconds"] for s in steps),
        "steps": rows,
        "sharp_pain_step": pain,
        "late_ms": [],
    }


def steps_of(*source, warmup=True) -> list[dict]:
    """The steps the timer plays for these stretches, with or without the warm-up."""
    t = sk.widgets.timer(list(source) or None)
    return t.steps if warmup else t.steps_warmed


@pytest.fixture
def log(tmp_path):
    return sk.SessionLog(tmp_path / "log.sqlite")


def test_a_whole_routine_is_every_hold_in_full():
    r = sk.session_result(fake_report(steps_of(warmup=False), said_warmed_up=True))
    assert list(r.table.columns) == list(RESULT_COLUMNS)
    routine = sk.routine(warmup=True).table
    held = routine[routine["kind"].isin(["hold", "breath_reps"])]
    assert r.table["stretch_id"].tolist() == held["stretch_id"].tolist()
    assert r.table["side"].tolist() == held["side"].astype(str).tolist()
    assert (r.table["held_s"] == r.table["planned_s"]).all() and not r.table["skipped"].any()
    assert r.status == "done" and r.warmed_up is True
    assert r.session_id == "s" + RUN_ID
    assert r.started_at == pd.Timestamp("2026-11-24T17:00:00Z")
    assert r.held_s == r.table["held_s"].sum()
    assert r.table.dtypes["held_s"] == "float64" and r.table.dtypes["skipped"] == "bool"


def test_each_side_of_a_one_sided_stretch_is_its_own_row():
    r = sk.session_result(fake_report(steps_of("Figure-Four", warmup=False)))
    assert r.table[["side", "planned_s", "held_s"]].to_dict("list") == {
        "side": ["left", "right"],
        "planned_s": [30.0, 30.0],
        "held_s": [30.0, 30.0],
    }


@pytest.mark.parametrize(
    ("said", "warm_done", "expected"),
    [(True, 0, True), (False, 300, True), (False, 299.9, False), (False, 0, False)],
)
def test_warmed_up_means_said_so_or_did_the_whole_warm_up(said, warm_done, expected):
    steps = steps_of("cat_cow")
    report = fake_report(
        steps,
        said_warmed_up=said,
        done=lambda i, s: warm_done if s["kind"] == "warm_up" else s["seconds"],
    )
    assert sk.session_result(report).warmed_up is expected


def test_skips_and_cut_short_holds_are_kept_as_done():
    steps = steps_of("Figure-Four", "cat_cow", warmup=False)
    # get ready, hold L, switch, hold R, transition, breath reps, rest
    report = fake_report(
        steps,
        done=lambda i, s: {3: 12.5, 4: 0.0}.get(i, s["seconds"]),
        skipped=(4, 5),
    )
    r = sk.session_result(report)
    assert r.table["held_s"].tolist() == [30.0, 12.5, 30.0]
    assert r.table["skipped"].tolist() == [False, True, False]
    assert r.skipped_steps == (4, 5)
    entries = sk.result_entries(r)
    assert entries["seconds"].tolist() == [30.0, 12.5, 30.0]
    assert entries["notes"].tolist()[1] == "cut short: 12.5 of 30 s held"


@pytest.mark.parametrize(
    ("pain_step", "done_upto", "stretch", "side"),
    [
        (2, 2, "figure_four", "left"),  # during the first hold
        (4, 4, "figure_four", "right"),  # during the second
        (3, 3, "figure_four", "left"),  # while switching sides: the hold just done
        (5, 5, "figure_four", "right"),  # in the transition after it
        (1, 1, "figure_four", "left"),  # getting ready: the stretch about to start
    ],
)
def test_sharp_pain_goes_on_the_hold_that_caused_it(pain_step, done_upto, stretch, side):
    steps = steps_of("Figure-Four", "cat_cow", warmup=False)
    report = fake_report(
        steps,
        status="sharp_pain",
        pain=pain_step,
        done=lambda i, s: (
            s["seconds"] / 2 if i + 1 == done_upto else (s["seconds"] if i + 1 < done_upto else 0)
        ),
    )
    r = sk.session_result(report)
    pained = r.table[r.table["sharp_pain"]]
    assert len(pained) == 1
    assert pained[["stretch_id", "side"]].iloc[0].tolist() == [stretch, side]
    entries = sk.result_entries(r)
    assert entries["sharp_pain"].sum() == 1
    assert entries.loc[entries["sharp_pain"], "stretch_id"].tolist() == [stretch]


@pytest.mark.parametrize(
    ("pain_step", "during"),
    [
        (2, "Figure-Four, left side"),
        (3, "the change of position after Figure-Four, left side"),
        (1, "getting ready, before any stretch"),
    ],
)
def test_where_the_pain_came_is_said_in_words(pain_step, during, log):
    steps = steps_of("Figure-Four", warmup=False)
    report = fake_report(
        steps,
        status="sharp_pain",
        pain=pain_step,
        done=lambda i, s: s["seconds"] if i + 1 < pain_step else (1.0 if i + 1 == pain_step else 0),
    )
    r = sk.session_result(report)
    assert r.sharp_pain_during == during
    sk.save_result(r, log)
    assert log.sessions()["notes"].tolist() == [f"Stopped for sharp pain during {during}."]


def test_sharp_pain_told_after_the_session_marks_every_side_held(log):
    r = sk.session_result(fake_report(steps_of("Figure-Four", "cat_cow", warmup=False)))
    entries = sk.result_entries(r, sharp_pain=["figure-four"])
    assert entries["sharp_pain"].tolist() == [True, True, False]
    sk.save_result(r, log, sharp_pain="Figure-Four")
    assert sorted(log.needs_attention()["side"]) == ["left", "right"]
    with pytest.raises(ValueError, match=r"sharp_pain names .Child's Pose., which is not in"):
        sk.result_entries(r, sharp_pain=["Child's Pose"])


def test_sharp_pain_before_any_hold_is_still_logged():
    steps = steps_of("Seated Glute")
    report = fake_report(
        steps, status="sharp_pain", pain=2, done=lambda i, s: 40.0 if i == 1 else 0.0
    )
    entries = sk.result_entries(sk.session_result(report))
    assert entries[["stretch_id", "side", "seconds", "sharp_pain"]].values.tolist() == [
        ["seated_glute", "left", 0.0, True]
    ]
    assert entries["notes"].iloc[0] == (
        "sharp pain: stopped after 0 of 30 s (reported during the warm-up, before any stretch)"
    )


GOOD = fake_report(steps_of("Figure-Four", warmup=False))


def broken(path: tuple, value):
    report = copy.deepcopy(GOOD)
    target = report
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return report


@pytest.mark.parametrize(
    ("report", "message"),
    [
        (broken(("run_id",), "XYZ"), "'run_id': 15 lowercase hex digits, not 'XYZ'"),
        (broken(("run_id",), KeyError), "'run_id'"),
        (broken(("status",), "finished"), "'status': one of done, stopped, sharp_pain"),
        (broken(("said_warmed_up",), "yes"), "'said_warmed_up': True or False"),
        (broken(("started_at",), "2026-11-24T18:00:00"), "started_at: an ISO 8601 time with"),
        (broken(("ended_at",), "soon"), "ended_at: an ISO 8601 time"),
        (broken(("steps",), []), "'steps': a list with one entry per step"),
        (broken(("steps", 1), "hold"), "steps[1]: a mapping"),
        (broken(("steps", 1, "done_s"), KeyError), "steps[1] is missing 'done_s'"),
        (broken(("steps", 1, "kind"), "plank"), "steps[1]['kind']: one of get_ready"),
        (broken(("steps", 1, "done_s"), -1), "steps[1]['done_s']: a number of seconds, 0 or"),
        (broken(("steps", 1, "seconds"), True), "steps[1]['seconds']: a number of seconds"),
        (broken(("steps", 2, "step"), 7), "steps[2]['step']: 3 (steps are numbered in order)"),
        (broken(("sharp_pain_step",), 2), "'sharp_pain_step': None when the status is 'done'"),
        (broken(("steps", 1, "skipped"), "no"), "steps[1]['skipped']: True or False, not 'no'"),
        (broken(("steps", 1, "done_s"), 31), "steps[1]['done_s']: at most the step's 30 s"),
        (broken(("steps", 0, "step"), True), "steps[0]['step']: 1 (steps are numbered"),
        (broken(("steps", 1, "stretch_id"), None), "steps[1]['stretch_id']: the id of the"),
        (broken(("steps", 1, "side"), "up"), "steps[1]['side']: left, right or both"),
        (
            broken(("ended_at",), "2026-11-24T17:59:00+01:00"),
            "'ended_at': no earlier than started_at (2026-11-24T18:00:00+01:00)",
        ),
        (
            {**broken(("status",), "sharp_pain"), "sharp_pain_step": 99},
            "'sharp_pain_step': the step (1-5) it was reported in, not 99",
        ),
    ],
)
def test_a_report_the_timer_never_sends_is_refused_naming_the_key(report, message):
    with pytest.raises(ValueError, match="timer report ") as e:
        sk.session_result(report)
    assert message in str(e.value)


def test_a_report_must_be_a_mapping():
    with pytest.raises(TypeError, match="the timer's report"):
        sk.session_result([GOOD])


def test_discomfort_by_id_or_name_for_every_side():
    r = sk.session_result(fake_report(steps_of("Figure-Four", "cat_cow", warmup=False)))
    entries = sk.result_entries(r, discomfort={"FIGURE-FOUR": 4, "cat_cow": None})
    assert entries["discomfort"].tolist()[:2] == [4, 4]
    assert entries["discomfort"].isna().tolist() == [False, False, True]
    with pytest.raises(
        ValueError, match=r"Child's Pose\", which is not in this session; name one of"
    ):
        sk.result_entries(r, discomfort={"Child's Pose": 2})
    for bad in (11, -1, 2.5, True, "3"):
        with pytest.raises(ValueError, match=r"whole number from 0 \(none\) to 10"):
            sk.result_entries(r, discomfort={"cat_cow": bad})
    with pytest.raises(TypeError, match="session_result"):
        sk.result_entries(pd.DataFrame({"x": [1]}))
    with pytest.raises(TypeError, match=r"not its \.table"):
        sk.result_entries(r.table)


def test_saving_writes_the_holds_once(log):
    steps = steps_of("Figure-Four", "cat_cow", warmup=False)
    r = sk.session_result(fake_report(steps, said_warmed_up=True))
    first = sk.save_result(r, log, discomfort={"figure_four": 3}, notes="  felt good ")
    again = sk.save_result(r, log, discomfort={"figure_four": 3}, notes="  felt good ")
    assert first == again == "s" + RUN_ID
    sessions, entries = log.sessions(), log.entries()
    assert len(sessions) == 1
    assert sessions["warmed_up"].tolist() == [True]
    assert sessions["notes"].tolist() == ["felt good"]
    assert sessions["started_at"].iloc[0] == pd.Timestamp("2026-11-24T17:00:00Z")
    assert entries[["stretch_id", "side", "seconds"]].values.tolist() == [
        ["figure_four", "left", 30.0],
        ["figure_four", "right", 30.0],
        ["cat_cow", "both", 30.0],
    ]
    assert entries["discomfort"].tolist()[:2] == [3, 3]
    assert log.needs_attention().empty


def test_a_session_stopped_for_sharp_pain_says_so_and_asks_for_attention(log):
    steps = steps_of("Figure-Four", warmup=False)
    r = sk.session_result(
        fake_report(
            steps, status="sharp_pain", pain=4, done=lambda i, s: 10.0 if i == 3 else s["seconds"]
        )
    )
    sk.save_result(r, log)
    assert log.sessions()["notes"].tolist() == [
        "Stopped for sharp pain during Figure-Four, right side."
    ]
    pending = log.needs_attention()
    assert pending[["stretch_id", "side", "seconds"]].values.tolist() == [
        ["figure_four", "right", 10.0]
    ]


def test_a_stopped_session_says_so(log):
    steps = steps_of("cat_cow", warmup=False)
    r = sk.session_result(fake_report(steps, status="stopped", done=lambda i, s: 10.0))
    sk.save_result(r, log)
    assert log.sessions()["notes"].tolist() == ["Stopped before the end."]


def test_nothing_held_is_refused_and_the_log_is_unchanged(log):
    r = sk.session_result(fake_report(steps_of("cat_cow"), status="stopped", done=lambda i, s: 0))
    with pytest.raises(ValueError, match="nothing was held in this session"):
        sk.save_result(r, log)
    assert len(log) == 0
    with pytest.raises(TypeError, match="log must be a SessionLog"):
        sk.save_result(r, "log.sqlite")


def test_the_same_run_with_other_holds_is_refused(log):
    steps = steps_of("cat_cow", warmup=False)
    sk.save_result(sk.session_result(fake_report(steps)), log)
    other = sk.session_result(fake_report(steps, done=lambda i, s: 3.0))
    with pytest.raises(ValueError, match="already in the log with other holds"):
        sk.save_result(other, log)
    assert log.entries()["seconds"].tolist() == [30.0]
