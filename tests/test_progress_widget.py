"""The progress widget, built without a browser: fill the form, save, upload, check the log."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

import stretchkit as sk
from stretchkit.log import SessionLog
from tests.test_planner_widget import shown


@pytest.fixture
def log(tmp_path) -> SessionLog:
    return SessionLog(tmp_path / "log.sqlite")


@pytest.fixture
def widget(log, tmp_path):
    return sk.widgets.progress(log, export_dir=tmp_path / "exports")


def upload(widget, name: str, content: bytes) -> None:
    widget.controls["upload"].value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime.now(dt.UTC),
        },
    )


def test_an_empty_log_shows_messages_not_errors(widget):
    assert "No sessions in the log yet" in shown(widget, "sk-recent").value
    for key in ("weekly", "muscles", "calendar", "discomfort"):
        chart = shown(widget, f"sk-chart-{key}").value  # SVG with its words as its text
        assert chart.startswith('<svg role="img"') and "<desc>No " in chart
        assert "No " in shown(widget, f"sk-chart-text-{key}").value
    assert shown(widget, "sk-acknowledge").layout.display == "none"
    assert widget.controls["save"].disabled


def test_a_one_sided_stretch_adds_both_sides_and_saves_one_session(widget, log):
    c = widget.controls
    c["date"].value = dt.date(2026, 3, 2)
    c["time"].value = "18:45"
    c["stretch"].value = "figure_four"
    assert c["side"].options == ("left and right", "left", "right")
    c["seconds"].value = 25
    c["discomfort"].value = 4
    c["add"].click()
    c["stretch"].value = "childs_pose"
    assert c["side"].options == ("both",)
    c["add"].click()
    assert [h["side"] for h in widget.pending] == ["left", "right", "both"]
    assert "Figure-Four" in shown(widget, "sk-pending").value
    before = shown(widget, "sk-chart-weekly").value
    c["notes"].value = "after the run"
    c["save"].click()
    s = log.sessions()
    assert len(s) == 1 and s["holds"].iloc[0] == 3
    assert s["day"].iloc[0] == dt.datetime(2026, 3, 2)
    assert s["started_at"].iloc[0].strftime("%H:%M") == "18:45"
    assert s["notes"].iloc[0] == "after the run" and bool(s["warmed_up"].iloc[0])
    e = log.entries()
    assert e["seconds"].tolist() == [25.0, 25.0, 30.0]
    assert e["discomfort"].tolist()[:2] == [4, 4]
    assert widget.pending == [] and c["save"].disabled
    assert "Saved a session of 3 holds on Mon 02 Mar 2026" in widget.message
    assert shown(widget, "sk-chart-weekly").value != before
    assert "02 Mar" in shown(widget, "sk-chart-text-weekly").value
    assert "Mon 02 Mar 2026" in shown(widget, "sk-recent").value


def test_notes_are_shown_as_text_never_as_markup(widget, log):
    c = widget.controls
    c["hold_notes"].value = "<img src=x onerror=alert(1)>"
    c["add"].click()
    c["notes"].value = "<script>alert('x')</script>"
    c["save"].click()
    page = shown(widget, "sk-recent").value + shown(widget, "sk-pending").value
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in shown(widget, "sk-recent").value
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown(widget, "sk-recent").value


def test_a_bad_time_is_refused_and_the_holds_are_kept(widget, log):
    c = widget.controls
    c["add"].click()
    c["time"].value = "7.30"
    c["save"].click()
    assert len(log) == 0 and len(widget.pending) == 2  # Knee-to-Chest, both sides
    assert "HH:MM" in widget.message and 'role="alert"' in shown(widget, "sk-status").value


def test_sharp_pain_shows_the_advice_until_read(widget, log, tmp_path):
    c = widget.controls
    c["stretch"].value = "figure_four"
    c["side"].value = "left"
    c["seconds"].value = 7
    c["sharp_pain"].value = True
    c["hold_notes"].value = "shooting down the leg"
    c["add"].click()
    assert "stop this stretch now" in widget.message
    c["save"].click()
    advice = shown(widget, "sk-attention-box").children[0].value
    assert 'role="alert"' in advice and "Figure-Four (left)" in advice
    assert sk.guideline("sharp_pain").text.split(",")[0] in advice
    assert "shooting down the leg" in advice
    # The planner shows the same advice for the same log.
    planner = sk.widgets.planner(log=log, export_dir=tmp_path / "x")
    assert "Sharp pain was logged" in shown(planner, "sk-attention-box").children[0].value
    shown(widget, "sk-acknowledge").click()
    assert log.needs_attention().empty
    assert shown(widget, "sk-attention-box").children[0].value == ""
    assert shown(widget, "sk-acknowledge").layout.display == "none"
    assert log.entries()["sharp_pain"].sum() == 1


def test_export_links_the_log_for_download(widget, log):
    widget.controls["add"].click()
    widget.controls["save"].click()
    widget.controls["export"].click()
    link = shown(widget, "sk-links").value
    data = re.search(r'href="data:text/csv;base64,([^"]+)"', link)[1]
    saved = next((widget.session_log.path.parent / "exports").glob("stretchkit-log-*.csv"))
    assert base64.b64decode(data) == saved.read_bytes()
    assert saved.read_text().startswith("session_id,started_at,stretch_id")


def test_upload_imports_once_and_reports_a_bad_file_without_changing_the_log(widget, log):
    sample = sk.sample_log_path().read_bytes()
    upload(widget, "from-binder.csv", sample)
    assert len(log) == 37 and "Added 37 sessions" in widget.message
    assert widget.controls["upload"].value == ()
    upload(widget, "from-binder.csv", sample)
    assert len(log) == 37 and "37 sessions already in the log" in widget.message
    bad = sample.replace(b",30,", b",-30,", 1)
    upload(widget, "edited.csv", sample.replace(b"2026-09-01T07:30:00+02:00", b"yesterday", 1))
    status = shown(widget, "sk-status").value
    assert (
        'role="alert"' in status and "edited.csv, line 2, column &#x27;started_at&#x27;" in status
    )
    upload(widget, "other.csv", bad.replace(b"2e44158bae97ba94", b"0000000000000001"))
    assert "nothing was imported from other.csv" in widget.message
    assert len(log) == 37


def test_delete_needs_a_confirmation(widget, log):
    widget.controls["add"].click()
    widget.controls["save"].click()
    c = widget.controls
    assert len(c["delete_choice"].options) == 1
    c["delete"].click()
    assert len(log) == 1 and "Tick" in widget.message
    c["delete_confirm"].value = True
    c["delete"].click()
    assert len(log) == 0 and c["delete_choice"].options == ()
    assert not c["delete_confirm"].value


def test_the_sample_is_named_as_the_sample(tmp_path):
    widget = sk.widgets.progress(sk.sample_log(tmp_path / "s.sqlite"), sample=True)
    assert "the sample log" in shown(widget, "sk-source").value
    assert "Sharp pain was logged" in shown(widget, "sk-attention-box").children[0].value
    assert widget.message == ""


def test_every_control_is_labelled(widget):
    for key, control in widget.controls.items():
        assert control.description, key


PAIN = [{"stretch_id": "figure_four", "side": "left", "seconds": 6, "sharp_pain": True}]


def test_reading_the_advice_covers_only_the_pain_that_was_shown(widget, log, tmp_path):
    log.add_session(PAIN, started_at="2026-03-01T07:30:00Z")
    planner = sk.widgets.planner(log=log, export_dir=tmp_path / "x")
    later = log.add_session(PAIN, started_at="2026-03-02T07:30:00Z")  # from another notebook
    shown(planner, "sk-acknowledge").click()
    assert log.needs_attention()["session_id"].tolist() == [later]
    assert "Sharp pain was logged" in shown(planner, "sk-attention-box").children[0].value
    # A change to the plan redraws the advice, so nothing logged meanwhile goes unseen.
    log.add_session(PAIN, started_at="2026-03-03T07:30:00Z")
    planner.controls["days"].value = 2
    assert shown(planner, "sk-attention-box").children[0].value.count("<li>") == 2


def test_the_planner_reads_your_own_log_unless_told_not_to(tmp_path, monkeypatch):
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path))
    with pytest.raises(AssertionError, match="no widget"):  # no log yet: no advice box
        shown(sk.widgets.planner(export_dir=tmp_path / "x"), "sk-attention-box")
    assert not (tmp_path / "log.sqlite").exists()  # and the planner did not make one
    SessionLog().add_session(PAIN, started_at="2026-03-01T07:30:00Z")
    planner = sk.widgets.planner(export_dir=tmp_path / "x")
    assert "Sharp pain was logged" in shown(planner, "sk-attention-box").children[0].value
    with pytest.raises(AssertionError, match="no widget"):
        shown(sk.widgets.planner(log=False, export_dir=tmp_path / "x"), "sk-attention-box")


def test_sharp_pain_is_never_dropped_by_the_form(widget, log):
    c = widget.controls
    c["stretch"].value = "cat_cow"
    c["sharp_pain"].value = True
    c["add"].click()
    c["clear"].click()
    assert len(widget.pending) == 1 and "Save the session" in widget.message
    c["save"].click()
    c["delete_confirm"].value = True
    c["delete"].click()
    assert len(log) == 1 and "I have read this advice" in widget.message
    shown(widget, "sk-acknowledge").click()
    c["delete_confirm"].value = True
    c["delete"].click()
    assert len(log) == 0


def test_a_session_deleted_elsewhere_is_reported(widget, log):
    widget.controls["add"].click()
    widget.controls["save"].click()
    log.delete_session(widget.controls["delete_choice"].value)
    widget.controls["delete_confirm"].value = True
    widget.controls["delete"].click()
    assert "Not deleted: no session" in widget.message
    assert widget.controls["delete_choice"].options == ()


def test_the_log_is_a_log_a_path_or_your_own_never_none(tmp_path, monkeypatch):
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path))
    with pytest.raises(TypeError, match="progress needs a log to show"):
        sk.widgets.progress(False)
    by_path = sk.widgets.progress(tmp_path / "other.sqlite", export_dir=tmp_path / "x")
    assert by_path.session_log.path.name == "other.sqlite"
    own = sk.widgets.progress(export_dir=tmp_path / "x")
    assert own.session_log.path == SessionLog().path


def test_a_refusal_is_kept_in_error_until_the_next_message(widget):
    assert isinstance(widget, sk.widgets.KitWidget) and widget.error is None
    assert shown(widget, "sk-status") is widget.status
    widget.controls["save"].click()  # nothing to save yet
    assert widget.error == widget.message == "Add at least one hold before saving the session."
    widget.controls["add"].click()
    widget.controls["save"].click()
    assert widget.error is None and widget.message.startswith("Saved a session")
