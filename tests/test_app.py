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
    welcome, note, tabs = a.children
    assert tabs is a.tabs
    assert "<h1" in welcome.value and "stretchkit" in welcome.value
    assert note.value == sk.safety_note()._repr_html_()
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
