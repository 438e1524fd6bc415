"""Handing a log in to the trainer on the class hub: ``SessionLog.hand_in``, and the file the
hub makes for it (the hub's side, with real accounts: tests/test_hub.py and classtest)."""

from __future__ import annotations

import pytest

import stretchkit as sk
from stretchkit.exchange import format_exchange
from stretchkit.log import SessionLog
from tests.conftest import ROOT

FOUR = [
    {"stretch_id": "cat_cow", "seconds": 60, "discomfort": 1},
    {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 4},
]


@pytest.fixture
def log(tmp_path):
    with SessionLog(tmp_path / "log.sqlite") as log:
        yield log


def test_hand_in_writes_the_exchange_csv_over_the_file_in_place(log, tmp_path, monkeypatch):
    handin = tmp_path / "handin" / "amira.csv"
    handin.parent.mkdir()
    handin.write_text("x" * 5000)  # longer than what replaces it: cut to the new length
    inode = handin.stat().st_ino
    monkeypatch.setenv("STRETCHKIT_HANDIN", str(handin))
    log.add_session(FOUR, started_at="2026-03-02T07:30:00+01:00", notes="week 1")
    assert log.hand_in() == handin
    assert handin.stat().st_ino == inode  # the same file: the folder need not be writable
    export = log.export_csv(tmp_path / "export.csv")
    assert handin.read_bytes() == export.read_bytes()
    # The trainer's dashboard reads it as the student's log.
    summary = sk.class_summary(handin.parent, today="2026-03-30")
    assert summary.students[["student", "sessions"]].values.tolist() == [["amira", 1]]


def test_hand_in_refuses_a_link_and_says_where_it_could_not_write(log, tmp_path):
    target = tmp_path / "elsewhere.csv"
    target.write_text("keep me")
    link = tmp_path / "amira.csv"
    link.symlink_to(target)
    with pytest.raises(OSError, match=r"cannot hand in to .*amira\.csv"):
        log.hand_in(link)
    assert target.read_text() == "keep me"


def test_without_a_hand_in_file_it_says_what_to_do_instead(log, monkeypatch):
    monkeypatch.delenv("STRETCHKIT_HANDIN", raising=False)
    with pytest.raises(ValueError, match=r"no hand-in file here.*log\.export_csv\('me\.csv'\)"):
        log.hand_in()
    with pytest.raises(ValueError, match=r"must end in \.csv"):
        log.hand_in("me.txt")


def test_the_hubs_empty_hand_in_file_is_a_log_with_no_session(tmp_path):
    text = (ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py").read_text()
    start = text.index("HANDIN_HEADER = (")
    end = text.index(")\n", start) + 2
    scope: dict = {}
    exec(text[start:end], scope)  # the constant alone, not the configuration
    assert scope["HANDIN_HEADER"] == format_exchange([])
    (tmp_path / "ben.csv").write_text(scope["HANDIN_HEADER"])
    summary = sk.class_summary(tmp_path, today="2026-03-30")
    assert summary.students[["student", "sessions"]].values.tolist() == [["ben", 0]]
    assert summary.problems.empty
