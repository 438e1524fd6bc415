"""The session log: what it stores, what it refuses, and the exchange CSV's round trip."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stretchkit as sk
from stretchkit.log import (
    EXCHANGE_COLUMNS,
    MIGRATIONS,
    OPTIONAL_COLUMNS,
    SCHEMA_VERSION,
    SessionLog,
    _migrate,
)

ROOT = Path(__file__).resolve().parent.parent
HEADER = ",".join(EXCHANGE_COLUMNS)
FOUR = [
    {"stretch_id": "cat_cow", "seconds": 60, "discomfort": 1},
    {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 4},
    {"stretch_id": "Figure-Four", "side": "right", "seconds": 28.04, "discomfort": 5},
    {"stretch_id": "childs_pose", "seconds": 25, "notes": "easy"},
]


@pytest.fixture
def log(tmp_path) -> SessionLog:
    with SessionLog(tmp_path / "log.sqlite") as log:
        yield log


def snapshot(log: SessionLog) -> tuple[pd.DataFrame, pd.DataFrame]:
    return log.sessions(tz="UTC"), log.entries(tz="UTC")


def assert_unchanged(log: SessionLog, before) -> None:
    after = snapshot(log)
    pd.testing.assert_frame_equal(after[0], before[0])
    pd.testing.assert_frame_equal(after[1], before[1])


# --- where it lives ---------------------------------------------------------------------


def test_the_default_log_lives_under_stretchkit_home(tmp_path, monkeypatch):
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    log = SessionLog()
    assert log.path == tmp_path / "home" / "log.sqlite"
    log.add_session(FOUR, started_at="2026-03-02T07:30:00+01:00")
    assert len(SessionLog()) == 1


def test_without_stretchkit_home_the_log_goes_to_the_users_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("STRETCHKIT_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert sk.default_log_path() == tmp_path / "xdg" / "stretchkit" / "log.sqlite"
        log = SessionLog()
        assert log.path.is_file() and len(log) == 0


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda p: p, IsADirectoryError, "is a folder"),
        (lambda p: p / "missing" / "log.sqlite", FileNotFoundError, "does not exist"),
        (lambda p: 42, TypeError, "must be a file path"),
    ],
)
def test_a_bad_path_is_refused(tmp_path, make, error, words):
    with pytest.raises(error, match=words):
        SessionLog(make(tmp_path))


def test_a_bad_wait_is_refused(tmp_path):
    for wait in (-1, "30", True, float("nan")):
        with pytest.raises(ValueError, match="wait_s must be a number of seconds"):
            SessionLog(tmp_path / "log.sqlite", wait_s=wait)


def test_a_file_that_is_not_a_log_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a stretchkit log"):
        SessionLog(notes)
    assert notes.read_text() == "a,b\n1,2\n"

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE things (x)")
        db.execute("INSERT INTO things VALUES (1)")
    before = other.read_bytes()
    with pytest.raises(ValueError, match="another program"):
        SessionLog(other)
    assert other.read_bytes() == before


def test_a_log_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "log.sqlite"
    SessionLog(path).add_session(FOUR, started_at="2026-03-02T07:30:00Z")
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ValueError, match="newer stretchkit"):
        SessionLog(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_the_file_is_versioned_and_complete_on_its_own(log):
    db = sqlite3.connect(log.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    # A rollback journal, not a write-ahead log: log.sqlite alone holds every session.
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_migration_adds_to_an_old_file_and_keeps_its_sessions(log):
    sid = log.add_session(FOUR, started_at="2026-03-02T07:30:00Z")
    db = sqlite3.connect(log.path, isolation_level=None)
    later = (*MIGRATIONS, "ALTER TABLE sessions ADD COLUMN place TEXT;")
    _migrate(db, later)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert db.execute("SELECT session_id, place FROM sessions").fetchall() == [(sid, None)]


def test_a_failing_migration_leaves_the_file_at_its_version(log):
    log.add_session(FOUR, started_at="2026-03-02T07:30:00Z")
    db = sqlite3.connect(log.path, isolation_level=None)
    broken = (*MIGRATIONS, "ALTER TABLE sessions ADD COLUMN place TEXT;\nTHIS IS NOT SQL;")
    with pytest.raises(sqlite3.OperationalError):
        _migrate(db, broken)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = [r[1] for r in db.execute("PRAGMA table_info(sessions)")]
    assert "place" not in columns
    assert len(log) == 1


# --- adding and reading -----------------------------------------------------------------


def test_a_session_is_stored_with_its_holds_in_order(log):
    sid = log.add_session(
        FOUR, started_at="2026-03-02T07:30:00+01:00", notes="morning", warmed_up=True
    )
    s = log.sessions(tz="Europe/Berlin")
    assert s["session_id"].tolist() == [sid]
    row = s.iloc[0]
    assert row["started_at"] == pd.Timestamp("2026-03-02 07:30", tz="Europe/Berlin")
    assert row["day"] == pd.Timestamp("2026-03-02")
    assert (row["holds"], row["seconds"], row["max_discomfort"]) == (4, 143.0, 5)
    assert row["minutes"] == pytest.approx(143 / 60)
    assert bool(row["warmed_up"]) and row["notes"] == "morning" and not row["sharp_pain"]
    e = log.entries(tz="UTC")
    assert e["stretch_id"].tolist() == ["cat_cow", "figure_four", "figure_four", "childs_pose"]
    assert e["side"].tolist() == ["both", "left", "right", "both"]
    assert e["seconds"].tolist() == [60.0, 30.0, 28.0, 25.0]
    assert e["position"].tolist() == [1, 2, 3, 4]
    assert e["notes"].isna().tolist() == [True, True, True, False]


def test_the_tables_have_declared_types(log):
    log.add_session(FOUR, started_at="2026-03-02T07:30:00Z")
    for df in (log.sessions(), log.entries(), SessionLog(log.path.parent / "new.sqlite").entries()):
        assert df["session_id"].dtype == "string"
        assert isinstance(df["started_at"].dtype, pd.DatetimeTZDtype)
        assert df["day"].dtype == "datetime64[ns]"
    e = log.entries()
    assert list(e["side"].cat.categories) == ["left", "right", "both"]
    assert e["discomfort"].dtype == "Int64" and e["sharp_pain"].dtype == bool
    s = log.sessions()
    assert s["warmed_up"].dtype == "boolean" and s["holds"].dtype == "int64"


def test_the_day_is_the_local_date_of_the_session_not_the_utc_one(log):
    # 00:30 in Berlin on a Monday is still Sunday in UTC.
    log.add_session(FOUR, started_at="2026-03-02T00:30:00+01:00")
    assert log.sessions(tz="UTC")["day"].iloc[0] == pd.Timestamp("2026-03-02")
    assert log.sessions(tz="UTC")["started_at"].iloc[0].day == 1


def test_a_time_without_offset_is_taken_in_this_computers_zone(log, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    log.add_session(FOUR, started_at=datetime(2026, 3, 2, 7, 30))
    log.export_csv(log.path.parent / "out.csv")
    text = (log.path.parent / "out.csv").read_text()
    assert "2026-03-02T07:30:00+09:00" in text


def test_times_are_shown_in_the_zone_asked_for(log):
    log.add_session(FOUR, started_at=datetime(2026, 7, 1, 6, 0, tzinfo=UTC))
    assert log.sessions(tz="America/New_York")["started_at"].iloc[0].hour == 2


def test_saving_with_a_session_id_is_idempotent(log):
    sid = log.add_session(FOUR, started_at="2026-03-02T07:30:00Z", session_id="mon-1")
    again = log.add_session(FOUR, started_at="2026-03-02T07:30:00Z", session_id="mon-1")
    assert sid == again == "mon-1" and len(log) == 1
    with pytest.raises(ValueError, match="already in the log"):
        log.add_session(FOUR[:2], started_at="2026-03-02T07:30:00Z", session_id="mon-1")
    assert len(log) == 1 and len(log.entries()) == 4


def test_a_dataframe_of_holds_is_accepted(log):
    log.add_session(pd.DataFrame(FOUR), started_at="2026-03-02T07:30:00Z")
    assert log.entries()["discomfort"].tolist()[:3] == [1, 4, 5]


IN_A_WEEK = (datetime.now(UTC) + timedelta(days=7)).isoformat()

BAD_SESSIONS = [
    ({"entries": []}, ValueError, "needs at least one hold"),
    ({"entries": {"stretch_id": "cat_cow"}}, TypeError, "list of holds"),
    ({"entries": ["cat_cow"]}, TypeError, r"entries\[0\] must be a dict"),
    ({"entries": [{"stretch_id": "cat_cow"}]}, ValueError, "'seconds' is missing"),
    ({"entries": [{"stretch_id": "cat_cow", "secs": 3}]}, ValueError, "unknown field 'secs'"),
    (
        {"entries": [{"stretch_id": "hamstring_fold", "seconds": 30}]},
        ValueError,
        r"entries\[0\]\['stretch_id'\]: unknown stretch 'hamstring_fold'",
    ),
    (
        {"entries": [{"stretch_id": "figure_fuor", "seconds": 30}]},
        ValueError,
        "did you mean 'figure_four'",
    ),
    ({"entries": [{"stretch_id": "cat_cow", "seconds": -5}]}, ValueError, "-5 is negative"),
    ({"entries": [{"stretch_id": "cat_cow", "seconds": 3600}]}, ValueError, "longer than one"),
    ({"entries": [{"stretch_id": "cat_cow", "seconds": "lots"}]}, ValueError, "not a number"),
    (
        {"entries": [{"stretch_id": "cat_cow", "seconds": 30, "discomfort": 11}]},
        ValueError,
        "11 is not on the scale",
    ),
    (
        {"entries": [{"stretch_id": "cat_cow", "seconds": 30, "discomfort": 2.5}]},
        ValueError,
        "2.5 is not on the scale",
    ),
    (
        {"entries": [{"stretch_id": "figure_four", "seconds": 30}]},
        ValueError,
        "Figure-Four is done on one side at a time",
    ),
    (
        {"entries": [{"stretch_id": "cat_cow", "seconds": 30, "side": "left"}]},
        ValueError,
        "Cat-Cow works both sides at once",
    ),
    (
        {"entries": [{"stretch_id": "cat_cow", "seconds": 30, "sharp_pain": "maybe"}]},
        ValueError,
        "'maybe' is not true or false",
    ),
    (
        {"entries": [{"stretch_id": "cat_cow", "seconds": 30, "notes": "x" * 3000}]},
        ValueError,
        "keep a note under 2000",
    ),
    (
        {"entries": [{"stretch_id": "cat_cow", "seconds": 30, "notes": "a\x00b"}]},
        ValueError,
        "control character U[+]0000",
    ),
    ({"started_at": "next tuesday"}, ValueError, "started_at: 'next tuesday' is not a date"),
    ({"started_at": date(2026, 3, 2)}, ValueError, "a date without a time"),
    ({"started_at": IN_A_WEEK}, ValueError, "lies in the future"),
    ({"started_at": "1969-12-31T10:00:00Z"}, ValueError, "before 1970"),
    ({"warmed_up": "sort of"}, ValueError, "warmed_up: 'sort of'"),
    ({"session_id": "has space"}, ValueError, "not a session id"),
    ({"session_id": "=cmd"}, ValueError, "not a session id"),
]


@pytest.mark.parametrize(("change", "error", "words"), BAD_SESSIONS)
def test_a_bad_session_is_refused_and_nothing_is_written(log, change, error, words):
    log.add_session(FOUR, started_at="2026-03-01T07:30:00Z")
    before = snapshot(log)
    args = {"entries": FOUR, "started_at": "2026-03-02T07:30:00Z"} | change
    with pytest.raises(error, match=words):
        log.add_session(args.pop("entries"), **args)
    assert_unchanged(log, before)


def test_every_problem_of_a_session_is_named_at_once(log):
    bad = [
        {"stretch_id": "cat_cow", "seconds": -1},
        {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 12},
    ]
    with pytest.raises(ValueError) as info:
        log.add_session(bad, started_at="yesterday")
    text = str(info.value)
    assert "entries[0]['seconds']" in text and "entries[1]['discomfort']" in text
    assert "started_at" in text


def test_delete_session_removes_its_holds_and_names_unknown_ids(log):
    keep = log.add_session(FOUR, started_at="2026-03-01T07:30:00Z")
    drop = log.add_session(FOUR[:2], started_at="2026-03-02T07:30:00Z")
    assert log.delete_session(drop) == 2
    assert log.sessions()["session_id"].tolist() == [keep]
    assert set(log.entries()["session_id"]) == {keep}
    with pytest.raises(KeyError, match=f"recent ids: {keep}"):
        log.delete_session(drop)
    with pytest.raises(TypeError, match="must be text"):
        log.delete_session(3)


# --- sharp pain -------------------------------------------------------------------------


def test_sharp_pain_is_kept_and_needs_attention_until_acknowledged(log):
    ok = log.add_session(FOUR, started_at="2026-03-01T07:30:00Z")
    hurt = log.add_session(
        [
            {"stretch_id": "cat_cow", "seconds": 60},
            {
                "stretch_id": "figure_four",
                "side": "left",
                "seconds": 6,
                "sharp_pain": True,
                "notes": "shooting pain",
            },
        ],
        started_at="2026-03-02T07:30:00Z",
    )
    attention = log.needs_attention()
    assert attention[["session_id", "name", "side", "notes"]].values.tolist() == [
        [hurt, "Figure-Four", "left", "shooting pain"]
    ]
    s = log.sessions().set_index("session_id")
    assert s.loc[hurt, "sharp_pain"] and s.loc[hurt, "needs_attention"]
    assert not s.loc[ok, "sharp_pain"]
    assert log.acknowledge() == 1
    assert log.needs_attention().empty
    # The entry itself is kept: acknowledging is not forgetting.
    assert log.entries()["sharp_pain"].sum() == 1
    assert log.acknowledge() == 0


def test_acknowledging_one_session_leaves_the_others(log):
    pain = [{"stretch_id": "cat_cow", "seconds": 5, "sharp_pain": True}]
    a = log.add_session(pain, started_at="2026-03-01T07:30:00Z")
    b = log.add_session(pain, started_at="2026-03-02T07:30:00Z")
    assert log.acknowledge(a) == 1
    assert log.needs_attention()["session_id"].tolist() == [b]


# --- export and import ------------------------------------------------------------------

TRICKY_NOTES = [
    '=HYPERLINK("http://evil")',
    "+1 rep",
    "-2 on the glutes",
    "@SUM(A1)",
    "'quoted already",
    "''",
    'a "quote", a comma',
    "two\nlines",
    "Gesäß, 梨状筋 ✓",
]


def test_export_neutralises_formulas_and_import_restores_them(log, tmp_path):
    for i, note in enumerate(TRICKY_NOTES):
        log.add_session(
            [{"stretch_id": "cat_cow", "seconds": 30, "notes": note}],
            started_at=f"2026-03-{i + 1:02d}T07:30:00Z",
            notes=note,
        )
    out = log.export_csv(tmp_path / "out.csv")
    exported = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(exported.columns) == [*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS]
    for column in ("notes", "session_notes"):
        for text in exported[column]:
            assert not text.startswith(("=", "+", "-", "@")), text
    assert log.import_csv(out).sessions_added == 0
    other = SessionLog(tmp_path / "other.sqlite")
    other.import_csv(out)
    assert other.entries()["notes"].tolist() == TRICKY_NOTES
    assert other.sessions()["notes"].tolist() == TRICKY_NOTES


def test_a_round_trip_keeps_everything_and_reimporting_adds_nothing(tmp_path):
    original = sk.sample_log(tmp_path / "a.sqlite")
    out = original.export_csv(tmp_path / "a.csv")
    copy = SessionLog(tmp_path / "b.sqlite")
    result = copy.import_csv(out)
    assert (result.sessions_added, result.sessions_already) == (len(original), 0)
    assert result.holds_added == len(original.entries())
    pd.testing.assert_frame_equal(copy.sessions(tz="UTC"), original.sessions(tz="UTC"))
    pd.testing.assert_frame_equal(copy.entries(tz="UTC"), original.entries(tz="UTC"))
    again = copy.import_csv(out)
    assert (again.sessions_added, again.sessions_already) == (0, len(original))
    assert "0 sessions" in str(again) and "already in the log" in str(again)
    assert copy.export_csv(tmp_path / "b.csv").read_bytes() == out.read_bytes()


def test_export_writes_whole_files_and_checks_the_path(log, tmp_path):
    log.add_session(FOUR, started_at="2026-03-01T07:30:00Z")
    with pytest.raises(ValueError, match=r"must end in \.csv"):
        log.export_csv(tmp_path / "log.xlsx")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        log.export_csv(tmp_path / "nope" / "log.csv")
    old = tmp_path / "old.csv"
    old.write_text("keep me")
    log.export_csv(old)
    assert old.read_text().startswith(HEADER)
    assert list(tmp_path.glob(".*.tmp")) == []


def test_an_exported_empty_log_is_a_header_that_imports_nothing(log, tmp_path):
    out = log.export_csv(tmp_path / "empty.csv")
    assert out.read_text().strip() == ",".join((*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS))
    assert log.import_csv(out).sessions_added == 0


def test_import_accepts_columns_in_any_order_a_bom_crlf_and_no_session_columns(log, tmp_path):
    path = tmp_path / "hand.csv"
    rows = [
        "notes,seconds,side,stretch_id,started_at,session_id,sharp_pain,discomfort",
        "first,30,left,Figure-Four,2026-03-01T07:30:00Z,s1,FALSE,3",
        ",30,right,figure_four,2026-03-01T07:30:00Z,s1,no,",
        '"a, b",45,both,cat_cow,2026-03-02T18:00:00-05:00,s2,yes,0',
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    result = log.import_csv(path)
    assert (result.sessions_added, result.holds_added) == (2, 3)
    e = log.entries(tz="UTC")
    assert e["stretch_id"].tolist() == ["figure_four", "figure_four", "cat_cow"]
    assert e["discomfort"].tolist()[1] is pd.NA
    assert e["sharp_pain"].tolist() == [False, False, True]
    assert log.sessions(tz="UTC")["day"].tolist() == [
        pd.Timestamp("2026-03-01"),
        pd.Timestamp("2026-03-02"),
    ]
    # The same file again: nothing new, even though it has no warmed_up or session_notes.
    assert log.import_csv(path).sessions_added == 0


GOOD_ROW = "s1,2026-03-01T07:30:00+01:00,figure_four,left,30,3,false,"

BAD_FILES = [
    (b"", None, None, "the file is empty"),
    (b"  \n\n", None, None, "the file is empty"),
    (HEADER.replace("seconds", "secnds") + "\n", 1, "secnds", "unknown column 'secnds'"),
    (HEADER.replace(",notes", "") + "\n", 1, None, "missing column notes"),
    (HEADER + ",notes\n", 1, "notes", "appears twice"),
    (
        f"{HEADER}\n{GOOD_ROW}\ns2,2026-03-01 07:30,cat_cow,both,30,,false,\n",
        3,
        "started_at",
        "no UTC offset",
    ),
    (
        f"{HEADER}\n{GOOD_ROW}\ns2,01/03/2026,cat_cow,both,30,,false,\n",
        3,
        "started_at",
        "not a date",
    ),
    (
        f"{HEADER}\ns2,2026-03-01T07:30:00Z,hamstring,both,30,,false,\n",
        2,
        "stretch_id",
        "unknown stretch 'hamstring'",
    ),
    (
        f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,both,-30,,false,\n",
        2,
        "seconds",
        "-30 is negative",
    ),
    (
        f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,both,9000,,false,\n",
        2,
        "seconds",
        "longer than one hold",
    ),
    (f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,both,,,false,\n", 2, "seconds", "is empty"),
    (
        f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,both,30,11,false,\n",
        2,
        "discomfort",
        "11 is not on the scale",
    ),
    (
        f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,both,30,-1,false,\n",
        2,
        "discomfort",
        "not on the scale",
    ),
    (
        f"{HEADER}\ns2,2026-03-01T07:30:00Z,figure_four,both,30,,false,\n",
        2,
        "side",
        "one side at a time",
    ),
    (f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,left,30,,false,\n", 2, "side", "works both sides"),
    (f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,middle,30,,false,\n", 2, "side", "not a side"),
    (f"{HEADER}\ns2,2026-03-01T07:30:00Z,cat_cow,both,30,,,\n", 2, "sharp_pain", "is empty"),
    (
        f"{HEADER}\ns 2,2026-03-01T07:30:00Z,cat_cow,both,30,,false,\n",
        2,
        "session_id",
        "not a session id",
    ),
    (
        f"{HEADER}\n{GOOD_ROW}\ns1,2026-03-01T08:30:00+01:00,figure_four,right,30,3,false,\n",
        3,
        "started_at",
        "another started_at on line 2",
    ),
    (
        f"{HEADER}\n{GOOD_ROW}\ns3,2026-03-01T07:30:00Z,cat_cow,both,30\n",
        3,
        None,
        "has 5 fields but the header has 8",
    ),
    (
        f"{HEADER}\n{GOOD_ROW}\n".encode()
        + b"s4,2026-03-01T07:30:00Z,cat_cow,both,30,,false,caf\xe9\n",
        3,
        None,
        "not UTF-8",
    ),
    (f"{HEADER}\n{GOOD_ROW}\n".encode() + b"\x00\x01", 3, None, "zero byte"),
]


@pytest.mark.parametrize(("content", "line", "column", "words"), BAD_FILES)
def test_a_bad_file_is_rejected_with_file_line_and_column_and_the_log_is_unchanged(
    log, tmp_path, content, line, column, words
):
    log.add_session(FOUR, started_at="2026-02-01T07:30:00Z")
    before = snapshot(log)
    path = tmp_path / "students.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(sk.LogFileError) as info:
        log.import_csv(path)
    message = str(info.value)
    assert "students.csv" in message and "nothing was imported" in message
    assert words in message
    problem = next(p for p in info.value.problems if words in p.message)
    assert (problem.line, problem.column) == (line, column)
    if line is not None:
        assert f"line {line}" in message
    assert_unchanged(log, before)


def test_all_problems_of_a_file_are_listed(log, tmp_path):
    path = tmp_path / "many.csv"
    rows = [f"s{i},2026-03-01T07:30:00Z,cat_cow,both,-{i + 1},,false," for i in range(30)]
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(sk.LogFileError) as info:
        log.import_csv(path)
    assert len(info.value.problems) == 30
    assert "30 problems" in str(info.value) and "and 18 more" in str(info.value)


def test_a_late_problem_in_a_big_file_imports_nothing(log, tmp_path):
    path = tmp_path / "big.csv"
    rows = [f"s{i},2026-03-01T07:30:00Z,cat_cow,both,30,,false," for i in range(500)]
    rows.append("s500,2026-03-01T07:30:00Z,cat_cow,both,30,,maybe,")
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(sk.LogFileError, match="line 502, column 'sharp_pain'"):
        log.import_csv(path)
    assert len(log) == 0


def test_a_conflicting_session_rejects_the_whole_file(log, tmp_path):
    log.add_session(
        [{"stretch_id": "figure_four", "side": "left", "seconds": 30}],
        started_at="2026-03-01T07:30:00+01:00",
        session_id="s1",
    )
    before = snapshot(log)
    path = tmp_path / "edited.csv"
    path.write_text(
        f"{HEADER}\nnew,2026-03-05T07:30:00Z,cat_cow,both,30,,false,\n"
        "s1,2026-03-01T07:30:00+01:00,figure_four,left,45,,false,\n"
    )
    with pytest.raises(sk.LogFileError, match=r"line 3, column 'session_id'.*delete it first"):
        log.import_csv(path)
    assert_unchanged(log, before)


def test_import_names_a_missing_file_or_folder(log, tmp_path):
    with pytest.raises(FileNotFoundError, match="no file"):
        log.import_csv(tmp_path / "missing.csv")
    with pytest.raises(IsADirectoryError):
        log.import_csv(tmp_path)
    with pytest.raises(TypeError):
        log.import_csv(None)


def test_a_trainers_catalog_checks_its_own_stretches(tmp_path, tables):
    from tests.test_explore import add_hamstring_stretch

    add_hamstring_stretch(tables)
    log = SessionLog(tmp_path / "log.sqlite", data_dir=tables)
    hold = [{"stretch_id": "standing_hamstring", "side": "left", "seconds": 30}]
    log.add_session(hold, started_at="2026-03-01T07:30:00Z")
    with pytest.raises(ValueError, match="unknown stretch 'standing_hamstring'"):
        SessionLog(tmp_path / "log.sqlite").add_session(hold, started_at="2026-03-02T07:30:00Z")


# --- property: any log survives the exchange file ---------------------------------------

STRETCH_SIDES = [
    ("cat_cow", ["both"]),
    ("childs_pose", ["both"]),
    ("figure_four", ["left", "right"]),
    ("supine_twist", ["left", "right"]),
]
# Any text but control characters (the log refuses those), with newlines and tabs kept in.
note = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=["Cc", "Cs"]) | st.sampled_from("\n\t"), max_size=30),
)


@st.composite
def session(draw):
    holds = []
    for _ in range(draw(st.integers(1, 5))):
        stretch, sides = draw(st.sampled_from(STRETCH_SIDES))
        holds.append(
            {
                "stretch_id": stretch,
                "side": draw(st.sampled_from(sides)),
                "seconds": draw(st.floats(0, 600).map(lambda x: round(x, 1))),
                "discomfort": draw(st.one_of(st.none(), st.integers(0, 10))),
                "sharp_pain": draw(st.booleans()),
                "notes": draw(note),
            }
        )
    offset = timezone(timedelta(minutes=draw(st.integers(-12 * 4, 14 * 4)) * 15))
    moment = draw(st.datetimes(datetime(2000, 1, 1), datetime(2026, 1, 1)))
    return {
        "entries": holds,
        "started_at": moment.replace(tzinfo=offset),
        "notes": draw(note),
        "warmed_up": draw(st.one_of(st.none(), st.booleans())),
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sessions=st.lists(session(), max_size=6))
def test_any_log_survives_export_and_import(tmp_path_factory, sessions):
    folder = tmp_path_factory.mktemp("rt")
    a = SessionLog(folder / "a.sqlite")
    for s in sessions:
        a.add_session(s.pop("entries"), **s)
    out = a.export_csv(folder / "a.csv")
    b = SessionLog(folder / "b.sqlite")
    assert b.import_csv(out).sessions_added == len(a)
    pd.testing.assert_frame_equal(
        b.entries(tz="UTC").drop(columns="needs_attention"),
        a.entries(tz="UTC").drop(columns="needs_attention"),
    )
    pd.testing.assert_frame_equal(
        b.sessions(tz="UTC").drop(columns="needs_attention"),
        a.sessions(tz="UTC").drop(columns="needs_attention"),
    )
    assert b.import_csv(out).sessions_added == 0
    assert a.import_csv(out).sessions_added == 0


# --- the sample ---------------------------------------------------------------------------


def test_the_sample_log_is_what_its_seeded_script_makes():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_log.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_sample_log_tells_twelve_weeks_with_one_sharp_pain(tmp_path):
    log = sk.sample_log(tmp_path / "sample.sqlite")
    s = log.sessions()
    weeks = s["day"].dt.to_period("W-SUN").nunique()
    assert weeks == 12
    assert s["day"].min() == pd.Timestamp("2026-09-01")
    assert s["day"].max() <= pd.Timestamp("2026-11-22")
    pain = log.needs_attention()
    assert pain[["name", "side"]].values.tolist() == [["Figure-Four", "left"]]
    assert s["sharp_pain"].sum() == 1
    # Berlin's clocks change on 25 October: both offsets are in the file.
    text = sk.sample_log_path().read_text()
    assert "+02:00" in text and "+01:00" in text


def test_a_sample_log_never_touches_the_users_own_log(tmp_path, monkeypatch):
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path))
    log = sk.sample_log()
    assert log.path.parent != tmp_path
    assert not (tmp_path / "log.sqlite").exists()


def test_new_session_ids_start_with_a_letter(log):
    ids = [log.add_session(FOUR, started_at=f"2026-03-{d:02d}T07:30:00Z") for d in range(1, 29)]
    assert all(i[0].isalpha() and len(i) == 16 for i in ids)


@pytest.mark.parametrize("gap", [None, float("nan"), pd.NA])
def test_a_gap_where_sharp_pain_should_be_is_refused(log, gap):
    holds = pd.DataFrame([{"stretch_id": "cat_cow", "seconds": 30, "sharp_pain": gap}])
    with pytest.raises(ValueError, match="is not true or false"):
        log.add_session(holds, started_at="2026-03-01T07:30:00Z")
    assert len(log) == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ((HEADER.replace(",", ";") + "\n").encode(), "separated by semicolons"),
        ((HEADER + "\n").encode("utf-16"), "is UTF-16 text; save it as UTF-8"),
    ],
)
def test_common_spreadsheet_slips_are_named(log, tmp_path, content, words):
    path = tmp_path / "from-excel.csv"
    path.write_bytes(content)
    with pytest.raises(sk.LogFileError, match=words):
        log.import_csv(path)


def test_a_broken_character_in_a_note_is_refused(log):
    with pytest.raises(ValueError, match="broken character"):
        log.add_session(FOUR, started_at="2026-03-01T07:30:00Z", notes="ok \ud800")


def test_a_log_opened_in_one_thread_writes_from_another(tmp_path):
    """JupyterLab delivers widget messages on kernel subshells, which run in threads of their
    own: a log made in a cell is then written by a button's callback in another thread."""
    from concurrent.futures import ThreadPoolExecutor

    log = sk.SessionLog(tmp_path / "log.sqlite")
    hold = [{"stretch_id": "cat_cow", "seconds": 30}]
    with ThreadPoolExecutor(2) as pool:
        ids = list(
            pool.map(
                lambda day: log.add_session(hold, started_at=f"2026-11-{day:02d}T08:00:00+01:00"),
                range(1, 9),
            )
        )
    assert len(set(ids)) == 8 and len(log) == 8
    log.close()
