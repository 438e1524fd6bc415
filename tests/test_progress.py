"""Progress summaries: weeks against the goal, minutes per muscle, days, discomfort, streaks.

Every number is checked against logs made by hand, where the right answer is known."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stretchkit as sk
from stretchkit import (
    SessionLog,
    daily_minutes,
    discomfort_trend,
    minutes_by_muscle,
    streaks,
    unknown_stretches,
    weekly_sessions,
)

from .test_explore import add_hamstring_stretch
from .test_validation import edit

CAT = sk.load_catalog()
MUSCLES = CAT.muscles["muscle_id"].tolist()
REACHES = CAT.stretch_muscles.groupby("stretch_id")["muscle_id"].agg(list).to_dict()
MON = dt.date(2026, 3, 2)  # a Monday in the past, whatever day the tests run


def day(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


def at(offset: int, clock: str = "07:30", zone: str = "+01:00") -> str:
    return f"{day(offset).isoformat()}T{clock}:00{zone}"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


@pytest.fixture
def log(tmp_path):
    with SessionLog(tmp_path / "log.sqlite") as log:
        yield log


def add(log, when: str, holds=None) -> str:
    return log.add_session(holds or [{"stretch_id": "cat_cow", "seconds": 60}], started_at=when)


def holds_table(days: list[dt.date]) -> pd.DataFrame:
    """An entries table with one 30 s hold a session, in place of a SessionLog."""
    return pd.DataFrame(
        {
            "session_id": [f"s{i}" for i in range(len(days))],
            "started_at": [f"{d.isoformat()}T08:00:00+00:00" for d in days],
            "day": [d.isoformat() for d in days],
            "stretch_id": "cat_cow",
            "seconds": 30.0,
            "discomfort": 2,
            "sharp_pain": False,
        }
    )


# --- weekly_sessions --------------------------------------------------------------------


def test_weeks_count_days_not_sessions_and_keep_empty_weeks(log):
    add(log, at(0, "07:00"))  # Mon 2 Mar, twice
    add(log, at(0, "19:00"), [{"stretch_id": "cat_cow", "seconds": 30}])
    add(log, at(2))  # Wed 4 Mar
    add(log, at(19))  # Sat 21 Mar; nothing in the week of 9 Mar
    weekly = weekly_sessions(log)
    assert weekly["week"].tolist() == [ts("2026-03-02"), ts("2026-03-09"), ts("2026-03-16")]
    assert weekly["sessions"].tolist() == [3, 0, 1]
    assert weekly["days"].tolist() == [2, 0, 1]
    assert weekly["minutes"].tolist() == [2.5, 0.0, 1.0]
    assert weekly["met"].tolist() == [False, False, False]  # target: 3 days
    assert weekly_sessions(log, goal=(2, 3))["met"].tolist() == [True, False, False]


def test_a_week_runs_monday_to_sunday_in_the_sessions_own_date(log, monkeypatch):
    # Where the computer is now must not move a session to another day or week.
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    add(log, "2026-03-08T23:30:00+02:00")  # Sunday there, 21:30 UTC
    add(log, "2026-03-09T00:30:00+02:00")  # Monday there, still Sunday in UTC
    add(log, "2026-03-15T23:30:00-05:00")  # Sunday there, Monday 04:30 UTC
    daily = daily_minutes(log)
    assert daily["day"].dt.strftime("%a %d").tolist() == ["Sun 08", "Mon 09", "Sun 15"]
    weekly = weekly_sessions(log)
    assert weekly["week"].tolist() == [ts("2026-03-02"), ts("2026-03-09")]
    assert weekly["days"].tolist() == [1, 2]


def test_weeks_keeps_the_last_weeks(log):
    for offset in (0, 7, 21, 28):
        add(log, at(offset))
    last = weekly_sessions(log, weeks=2)
    assert last["week"].tolist() == [ts("2026-03-23"), ts("2026-03-30")]
    assert weekly_sessions(log, weeks=99)["week"].tolist() == weekly_sessions(log)["week"].tolist()
    assert len(weekly_sessions(log)) == 5  # the empty week of 16 Mar included
    with pytest.raises(ValueError, match="weeks must be 1 or more"):
        weekly_sessions(log, weeks=0)
    with pytest.raises(TypeError, match="weeks must be a whole number"):
        weekly_sessions(log, weeks="2")


@pytest.mark.parametrize("goal", ["target", "minimum", "persistent"])
def test_goals_are_the_guidelines_numbers(log, goal):
    add(log, at(0))
    rule = sk.guideline(f"frequency_{goal}")
    weekly = weekly_sessions(log, goal=goal)
    assert (weekly["goal_min"].iloc[0], weekly["goal_max"].iloc[0]) == (rule.min, rule.max)
    assert streaks(log, goal=goal, today=day(0)).goal == (rule.min, rule.max)


def test_goal_comes_from_a_custom_catalog(log, tables):
    edit(
        tables / "guidelines.csv",
        "Target for the best results,3,5,",
        "Target for the best results,2,4,",
    )
    for offset in (0, 1, 7, 8, 9):
        add(log, at(offset))
    weekly = weekly_sessions(log, data_dir=tables)
    assert weekly[["goal_min", "goal_max"]].drop_duplicates().values.tolist() == [[2, 4]]
    assert weekly["met"].tolist() == [True, True]
    assert weekly_sessions(log)["met"].tolist() == [False, True]  # built-in target: 3
    assert streaks(log, today=day(10), data_dir=tables).weeks_met == 2


@pytest.mark.parametrize(
    "goal", ["daily", "Target", 3, None, (0, 3), (3, 8), (5, 3), (2.5, 4), (True, 3), (1, 2, 3)]
)
def test_a_bad_goal_says_what_is_valid(log, goal):
    add(log, at(0))
    valid = (
        "goal must be 'target', 'minimum' or 'persistent' (the frequency rows of "
        "guidelines.csv), or a (low, high) pair of whole days a week from 1 to 7, e.g. (3, 5); "
        f"got {goal!r}"
    )
    with pytest.raises(ValueError, match=re.escape(valid)):
        weekly_sessions(log, goal=goal)
    with pytest.raises(ValueError, match=re.escape(valid)):
        streaks(log, goal=goal)


# --- what counts as a log ---------------------------------------------------------------

FUNCTIONS = {
    "weekly_sessions": weekly_sessions,
    "minutes_by_muscle": minutes_by_muscle,
    "daily_minutes": daily_minutes,
    "discomfort_trend": discomfort_trend,
    "streaks": streaks,
}


@pytest.mark.parametrize("fn", FUNCTIONS.values(), ids=list(FUNCTIONS))
@pytest.mark.parametrize("wrong", [None, "log.sqlite", [{"stretch_id": "cat_cow"}], 3])
def test_anything_but_a_log_is_refused(fn, wrong):
    with pytest.raises(TypeError, match="log must be a SessionLog or a table of holds"):
        fn(wrong)


@pytest.mark.parametrize("fn", FUNCTIONS.values(), ids=list(FUNCTIONS))
def test_a_table_without_the_columns_names_them(fn):
    holds = holds_table([MON]).drop(columns=["day", "seconds"])
    with pytest.raises(ValueError, match="no column day, seconds; give a SessionLog or"):
        fn(holds)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sk.sample_log(tmp_path_factory.mktemp("sample") / "log.sqlite")


@pytest.mark.parametrize("fn", FUNCTIONS.values(), ids=list(FUNCTIONS))
def test_the_entries_table_gives_what_the_log_gives(sample, fn):
    kw = {"today": "2026-11-23"} if fn is streaks else {}
    from_log, from_table = fn(sample, **kw), fn(sample.entries(), **kw)
    if fn is streaks:
        assert from_log == from_table
    else:
        pd.testing.assert_frame_equal(from_log, from_table)


def test_a_table_with_text_dates_reads_like_the_log(sample):
    holds = sample.entries()
    holds["day"] = holds["day"].dt.strftime("%Y-%m-%d")
    holds["started_at"] = holds["started_at"].astype(str)
    pd.testing.assert_frame_equal(weekly_sessions(holds), weekly_sessions(sample))
    pd.testing.assert_frame_equal(daily_minutes(holds), daily_minutes(sample))


EMPTY = {
    "weekly_sessions": ["week", "sessions", "days", "minutes", "goal_min", "goal_max", "met"],
    "minutes_by_muscle": ["week", "muscle_id", "muscle", "minutes"],
    "daily_minutes": ["day", "sessions", "minutes", "sharp_pain"],
    "discomfort_trend": [
        "day",
        "started_at",
        "session_id",
        "stretch_id",
        "name",
        "discomfort",
        "sharp_pain",
    ],
}


@pytest.mark.parametrize("name", list(EMPTY))
def test_an_empty_log_gives_an_empty_table_of_the_same_shape(log, sample, name):
    fn = FUNCTIONS[name]
    empty, full = fn(log), fn(sample)
    assert empty.empty
    assert list(empty.columns) == EMPTY[name] == list(full.columns)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert fn(log.entries()).dtypes.to_dict() == full.dtypes.to_dict()


def test_an_empty_log_has_no_streaks(log):
    s = streaks(log, today="2026-03-04")
    assert (s.current_days, s.longest_days, s.current_weeks, s.longest_weeks) == (0, 0, 0, 0)
    assert (s.weeks_met, s.weeks_logged, s.adherence, s.sessions, s.minutes) == (0, 0, 0.0, 0, 0)
    assert s.last_day is None and s.goal == (3, 5)
    assert str(s) == (
        "No sessions logged yet. Your goal is 3 to 5 days a week; your first session starts a run."
    )


# --- minutes_by_muscle ------------------------------------------------------------------


def test_a_hold_counts_for_every_muscle_its_stretch_reaches(log):
    add(
        log,
        at(0),
        [
            {"stretch_id": "figure_four", "side": "left", "seconds": 30},
            {"stretch_id": "figure_four", "side": "right", "seconds": 30},
            {"stretch_id": "cat_cow", "seconds": 90},
        ],
    )
    add(log, at(15), [{"stretch_id": "childs_pose", "seconds": 45}])  # week of 16 Mar
    df = minutes_by_muscle(log)
    assert df["muscle_id"].cat.ordered and df["muscle_id"].cat.categories.tolist() == MUSCLES
    assert df["week"].unique().tolist() == [ts("2026-03-02"), ts("2026-03-09"), ts("2026-03-16")]
    grid = df.pivot(index="week", columns="muscle_id", values="minutes")
    # figure_four: piriformis, gluteus medius, gluteus maximus; cat_cow: erector, QL
    assert grid.loc[ts("2026-03-02")].to_dict() == {
        "erector_spinae": 1.5,
        "quadratus_lumborum": 1.5,
        "gluteus_maximus": 1.0,
        "gluteus_medius": 1.0,
        "piriformis": 1.0,
        "obliques": 0.0,
    }
    assert grid.loc[ts("2026-03-09")].sum() == 0
    assert grid.loc[ts("2026-03-16")].to_dict()["erector_spinae"] == 0.75
    names = dict(zip(CAT.muscles["muscle_id"], CAT.muscles["name"], strict=True))
    assert (df["muscle"] == df["muscle_id"].map(names).astype("string")).all()
    assert unknown_stretches(log) == []


def test_minutes_per_muscle_add_up_to_holds_times_muscles(sample):
    holds = sample.entries()
    expected = sum(
        seconds / 60 * len(REACHES[stretch])
        for stretch, seconds in zip(holds["stretch_id"], holds["seconds"], strict=True)
    )
    df = minutes_by_muscle(sample)
    assert df["minutes"].sum() == pytest.approx(expected)
    assert len(df) == 12 * len(MUSCLES)
    assert minutes_by_muscle(sample, weeks=3)["week"].nunique() == 3


def test_stretches_the_tables_do_not_know_are_listed(tmp_path, tables):
    add_hamstring_stretch(tables)
    with SessionLog(tmp_path / "trainer.sqlite", data_dir=tables) as log:
        add(log, at(0), [{"stretch_id": "standing_hamstring", "side": "left", "seconds": 60}])
        add(log, at(1), [{"stretch_id": "cat_cow", "seconds": 60}])
        built_in = minutes_by_muscle(log)
        assert unknown_stretches(log) == ["standing_hamstring"]
        assert built_in["minutes"].sum() == 2.0  # cat_cow's minute, for two muscles
        custom = minutes_by_muscle(log, data_dir=tables)
        assert unknown_stretches(log, data_dir=tables) == []
        assert custom.set_index("muscle_id").loc["hamstrings", "minutes"] == 1.0
        assert custom["muscle_id"].cat.categories[-1] == "hamstrings"


# --- daily_minutes and discomfort_trend -------------------------------------------------


def test_days_add_up_their_sessions_and_keep_sharp_pain(log):
    add(log, at(0, "07:00"), [{"stretch_id": "cat_cow", "seconds": 60}])
    add(
        log,
        at(0, "18:00"),
        [
            {"stretch_id": "figure_four", "side": "left", "seconds": 30, "sharp_pain": True},
            {"stretch_id": "figure_four", "side": "right", "seconds": 30},
        ],
    )
    add(log, at(3), [{"stretch_id": "cat_cow", "seconds": 30}])
    daily = daily_minutes(log)
    assert daily.to_dict("list") == {
        "day": [ts("2026-03-02"), ts("2026-03-05")],
        "sessions": [2, 1],
        "minutes": [2.0, 0.5],
        "sharp_pain": [True, False],
    }


def test_discomfort_is_the_mean_of_the_rated_holds(log):
    first = add(
        log,
        at(0),
        [
            {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 3},
            {"stretch_id": "figure_four", "side": "right", "seconds": 30, "discomfort": 6},
            {"stretch_id": "cat_cow", "seconds": 60},
        ],
    )
    second = add(
        log,
        at(1),
        [
            {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 4},
            {"stretch_id": "figure_four", "side": "right", "seconds": 30, "sharp_pain": True},
        ],
    )
    trend = discomfort_trend(log)
    assert trend["session_id"].tolist() == [first, first, second]
    assert trend["stretch_id"].tolist() == ["figure_four", "cat_cow", "figure_four"]
    assert trend["name"].tolist() == ["Figure-Four", "Cat-Cow", "Figure-Four"]
    np.testing.assert_array_equal(trend["discomfort"], [4.5, np.nan, 4.0])
    assert trend["sharp_pain"].tolist() == [False, False, True]
    assert trend["day"].tolist() == [ts("2026-03-02"), ts("2026-03-02"), ts("2026-03-03")]


def test_discomfort_filters_by_id_name_or_alias(log):
    add(
        log,
        at(0),
        [
            {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 3},
            {"stretch_id": "cat_cow", "seconds": 60, "discomfort": 1},
            {"stretch_id": "childs_pose", "seconds": 60, "discomfort": 0},
        ],
    )
    assert discomfort_trend(log, stretches="figure 4")["stretch_id"].tolist() == ["figure_four"]
    both = discomfort_trend(log, stretches=["Cat-Cow", "balasana"])
    assert both["stretch_id"].tolist() == ["cat_cow", "childs_pose"]
    with pytest.raises(sk.UnknownNameError, match="unknown stretch 'hamstring'"):
        discomfort_trend(log, stretches="hamstring")


# --- streaks ----------------------------------------------------------------------------

TODAY = day(16)  # Wed 18 Mar


@pytest.mark.parametrize(
    ("days", "current", "longest"),
    [
        ([14, 15, 16], 3, 3),  # ends today
        ([13, 14, 15], 3, 3),  # ends yesterday: still going
        ([12, 13, 14], 0, 3),  # ended the day before yesterday
        ([0, 1, 2, 3, 8, 15], 1, 4),
        ([0, 2, 4, 6, 16], 1, 1),
        ([15, 17, 18], 1, 2),  # days after today count in the longest run only
    ],
)
def test_days_in_a_row(log, days, current, longest):
    for offset in days:
        add(log, at(offset))
    s = streaks(log, today=TODAY)
    assert (s.current_days, s.longest_days) == (current, longest)
    assert s.last_day == day(max(days)) and s.sessions == len(days)


def test_today_is_a_date_iso_text_or_this_computers_date(log):
    add(log, dt.datetime.now().astimezone().isoformat())
    assert streaks(log).current_days == 1
    add(log, at(0))
    assert streaks(log, today="2026-03-03").current_days == 1
    assert streaks(log, today=dt.date(2026, 3, 2)) == streaks(log, today="2026-03-02")
    assert streaks(log, today=dt.datetime(2026, 3, 2, 23, 0)).current_days == 1
    with pytest.raises(ValueError, match="today 'yesterday' is not a date; write it as YYYY"):
        streaks(log, today="yesterday")
    with pytest.raises(TypeError, match="today must be a date or ISO text"):
        streaks(log, today=20260302)


def test_weeks_in_a_row_and_the_week_under_way(log):
    # goal (2, 3): weeks of 2 and 9 Mar meet it; on Wed 18 Mar the week has one day so far.
    for offset in (0, 1, 7, 9, 15):
        add(log, at(offset))
    s = streaks(log, goal=(2, 3), today=TODAY)
    assert (s.current_weeks, s.longest_weeks) == (2, 2)
    # The week under way neither counts nor breaks the run until it is over.
    assert (s.weeks_met, s.weeks_logged, s.adherence) == (2, 2, 1.0)
    add(log, at(16))
    s = streaks(log, goal=(2, 3), today=TODAY)
    assert (s.current_weeks, s.longest_weeks, s.weeks_met, s.weeks_logged) == (3, 3, 3, 3)
    # While the next week is under way, its empty start does not break the run ...
    s = streaks(log, goal=(2, 3), today=day(23))
    assert (s.current_weeks, s.longest_weeks, s.weeks_logged) == (3, 3, 3)
    # ... but once it is over without meeting the goal, the run is broken.
    s = streaks(log, goal=(2, 3), today=day(28))
    assert (s.current_weeks, s.longest_weeks, s.weeks_logged) == (0, 3, 3)
    assert s.current_days == 0


def test_a_missed_week_breaks_the_run_and_counts_against_adherence(log):
    for offset in (0, 1, 2, 14, 15, 16, 21, 22, 23):  # 9 Mar empty
        add(log, at(offset))
    s = streaks(log, today=day(27))  # Sun 29 Mar: the week of 23 Mar met, under way
    assert (s.current_weeks, s.longest_weeks) == (2, 2)
    assert (s.weeks_met, s.weeks_logged) == (3, 4)
    assert s.adherence == 0.75
    assert s.minutes == 9.0 and s.sessions == 9


def test_streaks_read_as_sentences_and_as_a_table(log):
    for offset in (0, 1, 2, 14, 15):
        add(log, at(offset))
    s = streaks(log, today=day(16))
    text = str(s)
    assert text == (
        "You have stretched 2 days in a row (longest: 3 days in a row, 1 week on goal). "
        "1 of 2 weeks met the goal of 3 to 5 days a week (50%): 5 sessions and 5 minutes in "
        "all, the last on Tue 17 Mar 2026."
    )
    table = s.to_frame()
    assert list(table.columns) == ["measure", "value"]
    assert table["value"].tolist() == [2, 3, 0, 1, 1, 2, 0.5, 5, 5.0, day(15), "3-5"]
    assert table["measure"].is_unique and len(table) == 11


# --- properties -------------------------------------------------------------------------


def longest_run_by_brute_force(days: set[dt.date]) -> int:
    best = 0
    for d in days:
        n = 0
        while d + dt.timedelta(days=n) in days:
            n += 1
        best = max(best, n)
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    offsets=st.lists(st.integers(0, 120), min_size=1, max_size=60),
    today=st.integers(0, 130),
)
def test_days_and_runs_match_a_brute_force_count(offsets, today):
    days = [MON + dt.timedelta(days=o) for o in offsets]  # repeats: two sessions that day
    holds = holds_table(days)
    distinct = set(days)
    s = streaks(holds, today=MON + dt.timedelta(days=today))
    assert s.longest_days == longest_run_by_brute_force(distinct)
    assert s.sessions == len(days)
    weekly = weekly_sessions(holds)
    assert weekly["days"].sum() == len(distinct)
    assert weekly["sessions"].sum() == len(days)
    assert (weekly["week"].dt.day_of_week == 0).all()
    assert weekly["week"].diff().dropna().eq(pd.Timedelta(weeks=1)).all()
    until = {d for d in distinct if d <= MON + dt.timedelta(days=today)}
    end = MON + dt.timedelta(days=today)
    end = end if end in until else end - dt.timedelta(days=1)
    run = 0
    while end - dt.timedelta(days=run) in until:
        run += 1
    assert s.current_days == run


# --- the sample log ---------------------------------------------------------------------


def test_the_sample_log_tells_a_sensible_story(sample):
    weekly = weekly_sessions(sample)
    assert len(weekly) == 12
    assert weekly["week"].iloc[0] == ts("2026-08-31") and weekly["week"].iloc[-1] == ts(
        "2026-11-16"
    )
    assert weekly["sessions"].sum() == len(sample) == 37
    assert weekly["days"].between(0, 7).all()
    assert weekly["minutes"].sum() == pytest.approx(sample.sessions()["minutes"].sum())
    # The one hold with sharp pain: Figure-Four on Thu 15 Oct, in the week of 12 Oct.
    daily = daily_minutes(sample)
    pain_day = daily.loc[daily["sharp_pain"], "day"].tolist()
    assert pain_day == [ts("2026-10-15")]
    assert weekly.loc[weekly["week"] == ts("2026-10-12"), "days"].item() == 3
    trend = discomfort_trend(sample)
    pain = trend[trend["sharp_pain"]]
    assert pain[["day", "stretch_id"]].values.tolist() == [[ts("2026-10-15"), "figure_four"]]
    assert pain["discomfort"].item() == trend["discomfort"].max()
    s = streaks(sample, today="2026-11-23")
    assert (s.weeks_logged, s.weeks_met) == (12, int(weekly["met"].sum()))
    assert s.last_day == dt.date(2026, 11, 22)
