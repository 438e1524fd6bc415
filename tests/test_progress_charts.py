"""Progress charts: each draws what its summary table says, on the axes it was given."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import stretchkit as sk
from stretchkit import SessionLog
from stretchkit.charts import (
    plot_calendar,
    plot_discomfort,
    plot_minutes_by_muscle,
    plot_weekly_sessions,
)
from stretchkit.charts.anatomy import TITLE_SIZE
from stretchkit.charts.progress import SHARP_PAIN_LABEL
from stretchkit.plan import WEEKDAYS

from .test_validation import edit

CHARTS = {
    "weekly_sessions": plot_weekly_sessions,
    "minutes_by_muscle": plot_minutes_by_muscle,
    "calendar": plot_calendar,
    "discomfort": plot_discomfort,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sk.sample_log(tmp_path_factory.mktemp("sample") / "log.sqlite")


@pytest.fixture
def empty(tmp_path):
    with SessionLog(tmp_path / "empty.sqlite") as log:
        yield log


@pytest.fixture
def one(tmp_path):
    with SessionLog(tmp_path / "one.sqlite") as log:
        log.add_session(
            [{"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 2}],
            started_at="2026-03-04T07:30:00+01:00",
        )
        yield log


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def tick_texts(labels) -> list[str]:
    return [t.get_text() for t in labels]


def by_gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


# --- the contract every chart keeps -----------------------------------------------------


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_draws_on_the_axes_it_is_given_and_returns_them(sample, plot):
    _, (left, right) = plt.subplots(1, 2)
    assert plot(sample, ax=right) is right
    assert right.get_children() and not (left.patches or left.lines or left.images)
    assert right.get_title()
    assert right.title.get_fontsize() >= TITLE_SIZE
    assert right.get_xlabel() or right.get_ylabel()


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_draws_on_the_current_axes_without_ax(sample, plot):
    plt.figure()
    current = plt.gca()
    assert plot(sample) is current
    assert current.patches or current.lines or current.images


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_an_empty_log_gets_a_message_not_an_error(empty, plot):
    ax = plot(empty, ax=plt.figure().gca())
    message = [t for t in ax.texts if t.get_text().startswith("No sessions logged yet: add one")]
    assert len(message) == 1 and message[0].get_visible()
    assert not ax.axison
    assert ax.get_title() and ax.title.get_fontsize() >= TITLE_SIZE
    ax.figure.canvas.draw()


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_one_session_draws(one, plot):
    ax = plot(one, ax=plt.figure().gca())
    ax.figure.canvas.draw()
    assert ax.axison and not any(t.startswith("No sessions") for t in texts(ax))


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_an_entries_table_draws_like_the_log(sample, plot):
    from_log = plot(sample, ax=plt.figure().gca())
    from_table = plot(sample.entries(), ax=plt.figure().gca())
    assert texts(from_log) == texts(from_table)
    assert tick_texts(from_log.get_xticklabels()) == tick_texts(from_table.get_xticklabels())


# --- plot_weekly_sessions ---------------------------------------------------------------


def test_bars_are_the_days_of_each_week(sample):
    ax = plot_weekly_sessions(sample, ax=plt.figure().gca())
    weekly = sk.weekly_sessions(sample)
    bars = by_gid(ax.patches, "week")
    assert [b.get_height() for b in bars] == weekly["days"].tolist()
    assert tick_texts(ax.get_xticklabels())[:3] == ["31 Aug", "7 Sep", "14 Sep"]
    # Met and missed weeks differ in colour and in hatch.
    looks = [(to_hex(b.get_facecolor()), b.get_hatch()) for b in bars]
    met = {look for look, m in zip(looks, weekly["met"], strict=True) if m}
    missed = {look for look, m in zip(looks, weekly["met"], strict=True) if not m}
    assert len(met) == len(missed) == 1
    (met_colour, met_hatch), (missed_colour, missed_hatch) = met.pop(), missed.pop()
    assert met_colour != missed_colour and met_hatch != missed_hatch
    assert "days" in ax.get_ylabel()


def test_the_goal_band_is_the_guidelines_band(tmp_path, tables):
    edit(
        tables / "guidelines.csv",
        "Target for the best results,3,5,",
        "Target for the best results,2,4,",
    )
    with SessionLog(tmp_path / "log.sqlite") as log:
        for day in ("02", "03", "09"):
            log.add_session(
                [{"stretch_id": "cat_cow", "seconds": 60}], started_at=f"2026-03-{day}T07:00:00Z"
            )
        ax = plot_weekly_sessions(log, ax=plt.figure().gca(), data_dir=tables)
        (band,) = by_gid(ax.patches, "goal-band")
        assert (band.get_y(), band.get_y() + band.get_height()) == (2, 4)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[0].startswith("goal: 2 to 4 days a week")
        assert labels[1:] == ["met the goal", "below the goal"]
        hatches = [b.get_hatch() for b in by_gid(ax.patches, "week")]
        assert hatches[0] != hatches[1]  # 2 days met the custom goal of 2; 1 day did not


@pytest.mark.parametrize("goal", ["target", "minimum", "persistent"])
def test_every_named_goal_draws_its_band(sample, goal):
    rule = sk.guideline(f"frequency_{goal}")
    ax = plot_weekly_sessions(sample, goal=goal, ax=plt.figure().gca())
    (band,) = by_gid(ax.patches, "goal-band")
    assert (band.get_y(), band.get_y() + band.get_height()) == (rule.min, rule.max)
    assert ax.get_ylim()[1] > 7


def test_a_goal_of_ones_own_is_named_by_its_days(sample):
    ax = plot_weekly_sessions(sample, goal=(2, 6), ax=plt.figure().gca())
    (band,) = by_gid(ax.patches, "goal-band")
    assert (band.get_y(), band.get_y() + band.get_height()) == (2, 6)
    assert ax.get_legend().get_texts()[0].get_text() == "goal: 2 to 6 days a week"


def test_weeks_keeps_the_last_bars(sample):
    ax = plot_weekly_sessions(sample, weeks=4, ax=plt.figure().gca())
    assert len(by_gid(ax.patches, "week")) == 4
    assert tick_texts(ax.get_xticklabels()) == ["26 Oct", "2 Nov", "9 Nov", "16 Nov"]


# --- plot_minutes_by_muscle -------------------------------------------------------------


def test_heat_map_is_the_minutes_by_muscle_table(sample):
    ax = plot_minutes_by_muscle(sample, ax=plt.figure().gca())
    table = sk.minutes_by_muscle(sample)
    pivot = table.pivot(index="muscle_id", columns="week", values="minutes")
    np.testing.assert_allclose(ax.images[0].get_array(), pivot.to_numpy())
    assert tick_texts(ax.get_yticklabels()) == sk.load_muscles()["name"].tolist()
    assert len(ax.texts) == pivot.size  # 12 weeks: every cell written
    assert ax.texts[0].get_text() == f"{pivot.iloc[0, 0]:.1f}"
    colour_bar = ax.images[0].colorbar
    assert colour_bar.ax.get_ylabel() == "minutes"


def test_heat_map_leaves_out_the_numbers_beyond_sixteen_weeks():
    days = pd.date_range("2026-01-05", periods=17, freq="7D")
    holds = pd.DataFrame(
        {
            "session_id": [f"s{i}" for i in range(len(days))],
            "started_at": days.tz_localize("UTC"),
            "day": days,
            "stretch_id": "cat_cow",
            "seconds": 60.0,
            "discomfort": None,
            "sharp_pain": False,
        }
    )
    ax = plot_minutes_by_muscle(holds, ax=plt.figure().gca())
    assert ax.images[0].get_array().shape == (6, 17)
    assert not ax.texts
    assert tick_texts(ax.get_xticklabels())[:2] == ["5 Jan", "19 Jan"]  # every other week
    assert len(plot_minutes_by_muscle(holds, weeks=16, ax=plt.figure().gca()).texts) == 6 * 16


# --- plot_calendar ----------------------------------------------------------------------


def test_calendar_colours_each_day_by_its_minutes(sample):
    ax = plot_calendar(sample, ax=plt.figure().gca())
    grid = ax.images[0].get_array()
    assert grid.shape == (7, 12)
    daily = sk.daily_minutes(sample)
    first = pd.Timestamp("2026-08-31")
    cols = ((daily["day"] - first).dt.days // 7).to_numpy()
    rows = daily["day"].dt.day_of_week.to_numpy()
    np.testing.assert_allclose(grid[rows, cols], daily["minutes"])
    assert grid.mask.sum() == 7 * 12 - len(daily)  # the days without a session
    assert tick_texts(ax.get_yticklabels()) == list(WEEKDAYS)
    assert tick_texts(ax.get_xticklabels()) == ["Sep 2026", "Oct", "Nov"]
    assert ax.images[0].colorbar.ax.get_ylabel() == "minutes that day"


def test_calendar_marks_the_sharp_pain_day(sample):
    ax = plot_calendar(sample, ax=plt.figure().gca())
    (marks,) = by_gid(ax.lines, "sharp-pain")
    # Thu 15 Oct: the seventh week from 31 Aug, the fourth row.
    assert marks.get_xdata().tolist() == [6] and marks.get_ydata().tolist() == [3]
    assert marks.get_marker() == "x" and to_hex(marks.get_color()) == "#000000"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["no session", SHARP_PAIN_LABEL]


def test_calendar_without_sharp_pain_has_no_mark_in_the_legend(one):
    ax = plot_calendar(one, ax=plt.figure().gca())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no session"]
    assert ax.images[0].get_array().shape == (7, 1)


def test_calendar_weeks_keeps_the_last_columns(sample):
    ax = plot_calendar(sample, weeks=6, ax=plt.figure().gca())
    assert ax.images[0].get_array().shape == (7, 6)
    (marks,) = by_gid(ax.lines, "sharp-pain")
    assert marks.get_xdata().tolist() == [0]  # the week of 12 Oct is now the first
    ax = plot_calendar(sample, weeks=5, ax=plt.figure().gca())
    assert by_gid(ax.lines, "sharp-pain")[0].get_xdata().tolist() == []


# --- plot_discomfort --------------------------------------------------------------------


def test_discomfort_lines_are_the_trend(sample):
    ax = plot_discomfort(sample, ax=plt.figure().gca())
    trend = sk.discomfort_trend(sample)
    stretches = sk.load_stretches()
    lines = [line for line in ax.lines if str(line.get_gid()).startswith("discomfort:")]
    assert [line.get_label() for line in lines] == stretches["name"].tolist()
    for line in lines:
        rows = trend[trend["stretch_id"] == line.get_gid().split(":")[1]]
        np.testing.assert_array_equal(line.get_ydata(), rows["discomfort"].to_numpy())
        np.testing.assert_array_equal(line.get_xdata(), rows["day"].to_numpy())
    assert len({line.get_marker() for line in lines}) == len(lines)
    assert ax.get_ylim() == (0.0, 10.0)
    assert "0 = none" in ax.get_ylabel()


def test_sharp_pain_is_a_large_black_x_in_the_legend(sample):
    ax = plot_discomfort(sample, ax=plt.figure().gca())
    (marks,) = by_gid(ax.lines, "sharp-pain")
    assert marks.get_marker() == "X" and to_hex(marks.get_color()) == "#000000"
    assert marks.get_markersize() >= 14
    assert list(marks.get_xdata()) == [np.datetime64("2026-10-15")]
    assert marks.get_ydata().tolist() == [7.0]
    assert SHARP_PAIN_LABEL == "sharp pain - stop and consult"
    assert SHARP_PAIN_LABEL in [t.get_text() for t in ax.get_legend().get_texts()]


def test_an_unrated_hold_with_sharp_pain_is_marked_at_the_top(tmp_path):
    with SessionLog(tmp_path / "log.sqlite") as log:
        log.add_session(
            [{"stretch_id": "cat_cow", "seconds": 60, "sharp_pain": True}],
            started_at="2026-03-04T07:30:00Z",
        )
        ax = plot_discomfort(log, ax=plt.figure().gca())
    (marks,) = by_gid(ax.lines, "sharp-pain")
    assert marks.get_ydata().tolist() == [10.0]
    (line,) = by_gid(ax.lines, "discomfort:cat_cow")
    assert len(line.get_ydata()) == 0


def test_discomfort_for_chosen_stretches(sample):
    ax = plot_discomfort(sample, stretches=["seated glute", "cat-cow"])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Seated Glute", "Cat-Cow"]  # no sharp pain in these two
    ax = plot_discomfort(sample, stretches="figure four", ax=plt.figure().gca())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Figure-Four", SHARP_PAIN_LABEL]


def test_discomfort_for_stretches_not_in_the_log_says_so(one):
    ax = plot_discomfort(one, stretches="childs pose", ax=plt.figure().gca())
    assert texts(ax) == ["None of these stretches is in the log yet"]
    assert not ax.axison
