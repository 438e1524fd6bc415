"""The kit as one app: tabs built on first opening, the week planned offered to the timer,
and the safety note on the landing page."""

from __future__ import annotations

import pytest

import stretchkit as sk
from stretchkit.widgets import app


@pytest.fixture
def log(tmp_path):
    return sk.SessionLog(tmp_path / "log.sqlite")


def titles(a) -> list[str]:
    return [a.tabs.get_title(i) for i in range(len(a.tabs.children))]


def test_the_landing_page_has_the_welcome_the_safety_note_and_the_tabs(log):
    a = app(log=log)
    welcome, note, tabs, style = a.children
    assert tabs is a.tabs
    assert "sk-style" in style._dom_classes  # the kit's layout rules, taking no room
    assert welcome.value.count("<h1") == 1 and "stretchkit" in welcome.value
    # Two lines over the tabs, the full note one click away (in a <details>).
    assert "Stop at once if you feel sharp or radiating pain." in note.value
    assert "herniated disc, sciatica" in note.value
    assert "<details><summary>" in note.value
    assert sk.safety_note()._repr_html_() in note.value
    assert titles(a) == [
        "Explore the muscles",
        "Plan your week",
        "Stretch now",
        "Your progress",
        "Quiz",
    ]
    assert a.session_log is log


def test_tabs_are_built_when_first_opened(log):
    a = app(log=log)
    assert list(a.pages) == ["Explore the muscles"]
    a.tabs.selected_index = 3
    assert list(a.pages) == ["Explore the muscles", "Your progress"]
    assert a.pages["Your progress"].session_log is log
    assert a.tabs.children[3].children == (a.pages["Your progress"],)


def test_stretch_now_offers_the_week_planned(log):
    a = app(log=log)
    session = a.open_tab("Stretch now")
    assert [label for label, _ in session.chooser.options] == [
        "The default routine: every stretch, moving ones first"
    ]
    planner = a.open_tab("Plan your week")
    planner.controls["days"].value = 2
    days = planner.plan.table["day"].unique().tolist()
    session = a.open_tab("Stretch now")
    labels = [label for label, _ in session.chooser.options]
    assert labels[1:] == [f"Your plan for {d}" for d in days]
    assert session.session_log is log


def test_a_running_session_is_never_rebuilt(log):
    a = app(log=log)
    first = a.open_tab("Stretch now")
    first.timer.status = "running"
    a.open_tab("Plan your week").controls["days"].value = 4
    assert a.open_tab("Stretch now") is first


def test_the_quiz_tab_quizzes(log):
    quiz = app(log=log).open_tab("Quiz")
    assert quiz.questions["question"].tolist() == list(range(1, 11))


def test_without_a_log_there_is_no_progress_tab():
    a = app(log=False)
    assert "Your progress" not in titles(a)
    assert a.session_log is None
    assert a.open_tab("Stretch now").save.disabled
    with pytest.raises(ValueError, match="no tab 'Your progress'; the tabs are Explore"):
        a.open_tab("Your progress")


def test_served_to_a_room_it_keeps_no_log(monkeypatch, tmp_path):
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STRETCHKIT_ROOM", "1")
    a = app()
    assert a.session_log is None and "Your progress" not in titles(a)
    assert not (tmp_path / "home").exists()


def test_the_short_statement_comes_from_the_tables(tables):
    from stretchkit.widgets.widget_app import short_safety

    text = short_safety(sk.load_catalog(data_dir=tables))
    assert text.startswith("Stop at once if you feel sharp or radiating pain. ")
    for title in ("acute injury", "severe pain", "herniated disc", "sciatica"):
        assert title in text
    assert len(text) < 240  # one or two lines, not a note


def test_the_tab_labels_are_shown_whole_and_wrap(log):
    # The rules are the kit's shared ones (every tab bar of the kit, the app's and the
    # progress tab's); tests/test_screens.py measures the labels in Chromium.
    from stretchkit.widgets.base import KIT_CSS

    a = app(log=log)
    assert "sk-app-tabs" in a.tabs._dom_classes and "sk-kit" in a._dom_classes
    assert ".jupyter-widget-tab>.lm-TabBar>.lm-TabBar-content{flex-wrap:wrap" in KIT_CSS
    assert "white-space:normal" in KIT_CSS and "flex:0 1 auto" in KIT_CSS


def test_stretch_now_on_a_rest_day_offers_the_next_planned_day(log, monkeypatch):
    import datetime as dt

    from stretchkit.widgets import widget_session

    class Tuesday(dt.date):
        @classmethod
        def today(cls):
            return cls(2026, 11, 24)  # a Tuesday

    monkeypatch.setattr(widget_session.dt, "date", Tuesday)
    a = app(log=log)
    planner = a.open_tab("Plan your week")
    planner.controls["days"].value = 3
    assert "Tue" not in planner.plan.days
    session = a.open_tab("Stretch now")
    nxt = session.rest_day_next
    assert nxt is not None and session.chooser.value == nxt == session.choice
    assert f"Today, Tue, is a rest day in your plan; your next session is {nxt}" in (
        session.today_note.value
    )
