"""Adversarial checks of the session log and the class dashboard, found by review:

A. ``log.sqlite`` alone holds every confirmed session, after every kind of write, while a
   notebook still has the log open; a file that holds no log is refused, never shown empty.
B. No value of any type escapes the value checks as anything but the log's clear errors, and
   one student's file never stops the class dashboard.
C. A file that changes while it is read (a download or a sync under way) is refused.
D. Whatever a path is (a pipe, a socket, a device, a broken or looping link, a read error), the
   message says so, nothing blocks, and the class dashboard names it.

Real files, real SQLite, real processes and threads; no mocks.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import socket
import sqlite3
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stretchkit as sk
from stretchkit.classroom import class_summary, sample_class_path
from stretchkit.files import FileChangedError, read_bytes
from stretchkit.log import EXCHANGE_COLUMNS, MIGRATIONS, OPTIONAL_COLUMNS, SessionLog

from . import test_log_durability as durability
from .test_log_durability import (
    PREAMBLE,
    big_exchange_csv,
    check_log,
    planned_holds,
    read_line,
    release,
    started_at,
)

spawn = durability.spawn  # the fixture that starts child processes and cleans up after them

HEADER = ",".join(EXCHANGE_COLUMNS)
SIDE_FILES = ("-wal", "-shm", "-journal")
FIELDS = ("stretch_id", "side", "seconds", "discomfort", "sharp_pain", "notes")


def side_files(path: Path) -> list[str]:
    return [s for s in SIDE_FILES if Path(f"{path}{s}").exists()]


def copy_alone(path: Path, folder: Path) -> Path:
    """What a download from JupyterLab's file browser or a backup makes: log.sqlite only."""
    folder.mkdir(parents=True)
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


def frames(log: SessionLog) -> tuple[pd.DataFrame, pd.DataFrame]:
    return log.sessions(tz="UTC"), log.entries(tz="UTC")


# --- A. log.sqlite is complete on its own --------------------------------------------------

# Keeps the log open all along and does one write per line of stdin, printing the result only
# once the write returned.
COPY_WRITER = (
    PREAMBLE
    + """
path = sys.argv[1]
log = sk.SessionLog(path)
print("ready", flush=True)
for line in sys.stdin:
    op, *args = line.split()
    if op == "add":
        i = int(args[0])
        holds = planned_holds(i)
        holds[-1]["sharp_pain"] = i % 4 == 0  # some for acknowledge() to mark
        print(log.add_session(holds, started_at=started_at(i), notes=f"copy:{i}"), flush=True)
    elif op == "import":
        print(log.import_csv(args[0]).sessions_added, flush=True)
    elif op == "delete":
        print(log.delete_session(args[0]), flush=True)
    elif op == "ack":
        print(log.acknowledge(*args), flush=True)
"""
)


def test_a_copy_of_log_sqlite_alone_holds_every_confirmed_session(tmp_path, spawn):
    path = tmp_path / "live" / "log.sqlite"
    path.parent.mkdir()
    exchange = big_exchange_csv(tmp_path, 25)
    writer = spawn(COPY_WRITER, path)
    assert read_line(writer) == "ready"  # the schema is created: a write too
    reader = SessionLog(path)  # a second notebook that keeps the log open and reads
    ops = [f"add {i}" for i in range(34)]
    ops[10:10] = [f"import {exchange}"]
    ops[20:20] = ["delete ?"]
    ops[25:25] = ["ack ?", "ack"]
    confirmed: dict[str, None] = {}
    for n, op in enumerate([None, *ops]):
        if op is not None:
            if op == "delete ?":
                op = f"delete {next(iter(confirmed))}"
            if op == "ack ?":
                op = f"ack {list(confirmed)[-1]}"
            writer.stdin.write(op + "\n")
            writer.stdin.flush()
            result = read_line(writer)
            if op.startswith("add"):
                confirmed[result] = None
            elif op.startswith("import"):
                assert int(result) == 25
                confirmed.update(dict.fromkeys(f"big-{i}" for i in range(25)))
            elif op.startswith("delete"):
                del confirmed[op.split()[1]]
        live = frames(reader)
        copy = copy_alone(path, tmp_path / "copies" / str(n))
        sessions = check_log(copy)  # integrity, and every hold as written
        assert set(sessions["session_id"]) == set(confirmed), f"after {op}"
        with SessionLog(copy) as log:
            for got, want in zip(frames(log), live, strict=True):
                pd.testing.assert_frame_equal(got, want)
            # needs_attention shows what acknowledge() did, in the copy too
            assert log.needs_attention()["session_id"].tolist() == (
                reader.needs_attention()["session_id"].tolist()
            )
    assert sum(reader.sessions()["needs_attention"]) > 0
    assert len(reader) == len(confirmed) == 34 + 25 - 1
    reader.close()


# What a stretchkit before this one did: a write-ahead log, checkpointed at about 4 MB of it.
OLD_WRITER = (
    PREAMBLE
    + """
path, count = sys.argv[1], int(sys.argv[2])
log = sk.SessionLog(path)
log._db.execute("PRAGMA journal_mode = WAL")
log._db.execute("PRAGMA synchronous = FULL")
for i in range(count):
    print(log.add_session(planned_holds(i), started_at=started_at(i), notes=f"old:{i}"), flush=True)
print("done", flush=True)
sys.stdin.readline()
"""
)

# The schema itself only in the -wal: a log created by the old stretchkit, not yet checkpointed.
OLD_CREATOR = """
import sqlite3, sys
from stretchkit.log import MIGRATIONS, _migrate
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
_migrate(db, MIGRATIONS)
print("done", flush=True)
sys.stdin.readline()
"""


def old_log(spawn, path: Path, count: int) -> list[str]:
    """A log left by the old stretchkit killed with ``count`` sessions still in its -wal."""
    child = spawn(OLD_WRITER, path, count)
    ids = [read_line(child) for _ in range(count)]
    assert read_line(child) == "done"
    child.send_signal(signal.SIGKILL)  # no clean close: nothing is checkpointed
    child.communicate()
    assert Path(f"{path}-wal").stat().st_size > 0
    return ids


def raw_count(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        db.close()


def test_an_old_log_with_sessions_in_its_wal_has_them_in_the_main_file_once_opened(tmp_path, spawn):
    path = tmp_path / "log.sqlite"
    ids = old_log(spawn, path, 20)
    # The defect as it was: the main file alone has none of the 20.
    assert raw_count(copy_alone(path, tmp_path / "before")) == 0
    with SessionLog(path) as log:
        assert set(log.sessions()["session_id"]) == set(ids)
        log.add_session(planned_holds(20), started_at=started_at(20), notes="new:20")
        assert side_files(path) == []
        sessions = check_log(copy_alone(path, tmp_path / "after"))
    assert set(sessions["session_id"]) >= set(ids) and len(sessions) == 21


def test_three_notebooks_opening_an_old_log_at_once_all_write(tmp_path, spawn):
    path = tmp_path / "log.sqlite"
    ids = old_log(spawn, path, 5)
    opener = PREAMBLE + (
        "path, tag = sys.argv[1], sys.argv[2]\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "log = sk.SessionLog(path)\n"
        "print(log.add_session(planned_holds(9), started_at=started_at(9), notes=f'{tag}:9'))\n"
    )
    children = [spawn(opener, path, f"n{k}") for k in range(3)]
    release(*children)
    added = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        added.append(out.strip())
    sessions = check_log(copy_alone(path, tmp_path / "copy"))
    assert set(sessions["session_id"]) == {*ids, *added}


def test_an_old_notebook_holding_the_log_in_wal_mode_is_named_not_waited_on_forever(
    tmp_path, spawn
):
    path = tmp_path / "log.sqlite"
    ids = old_log(spawn, path, 3)
    old = sqlite3.connect(path)  # an older stretchkit's kernel, still running
    assert old.execute("SELECT count(*) FROM sessions").fetchone()[0] == 3
    try:
        t = time.monotonic()
        with pytest.raises(TimeoutError, match="write-ahead mode by another program") as info:
            SessionLog(path, wait_s=0.3)
        assert time.monotonic() - t < 10
        assert "nothing was changed" in str(info.value)
    finally:
        old.close()
    with SessionLog(path) as log:
        assert set(log.sessions()["session_id"]) == set(ids)


def test_a_copy_without_its_wal_is_refused_as_holding_no_log_and_left_as_it_is(tmp_path, spawn):
    path = tmp_path / "log.sqlite"
    creator = spawn(OLD_CREATOR, path)
    assert read_line(creator) == "done"  # still running: the -wal is live
    copy = copy_alone(path, tmp_path / "usb")
    before = copy.read_bytes()
    assert len(before) > 0
    with pytest.raises(ValueError, match="holds no log") as info:
        SessionLog(copy)
    message = str(info.value)
    assert str(copy) in message and "'log.sqlite-wal'" in message
    assert "without its '-wal' file" in message and "left as it is" in message
    assert copy.read_bytes() == before and side_files(copy) == []
    creator.kill()
    creator.communicate()
    # The original, with its -wal, is a log: empty, and complete in one file once opened.
    with SessionLog(path) as log:
        assert len(log) == 0
    assert SessionLog(copy_alone(path, tmp_path / "again")).sessions().empty


def sqlite_without_tables(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.execute("DROP TABLE t")
    db.close()


def sqlite_of_another_program(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE things (x)")
    db.commit()
    db.close()


NOT_LOGS = [
    (lambda p: p.write_bytes(b"x"), "is not an SQLite file|holds no log"),
    (lambda p: p.write_bytes(b"\x00" * 100), "is not an SQLite file|holds no log"),
    (lambda p: p.write_bytes(b"\x00" * 4096), "is not an SQLite file|holds no log"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00"), "is not an SQLite file|holds no log"),
    (lambda p: p.write_text("session_id,started_at\n"), "is not an SQLite file"),
    (lambda p: p.write_bytes(os.urandom(8192)), "is not an SQLite file"),
    (sqlite_without_tables, "holds no log"),
    (sqlite_of_another_program, "another program"),
]


@pytest.mark.parametrize(("make", "words"), NOT_LOGS)
def test_a_file_that_holds_no_log_is_refused_and_left_as_it_is(tmp_path, make, words):
    path = tmp_path / "log.sqlite"
    make(path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match=words) as info:
        SessionLog(path)
    assert "left as it is" in str(info.value)
    assert path.read_bytes() == before and side_files(path) == []


def test_an_empty_file_becomes_a_new_log(tmp_path):
    path = tmp_path / "log.sqlite"
    path.touch()
    with SessionLog(path) as log:
        log.add_session(planned_holds(0), started_at=started_at(0), notes="first:0")
    assert len(check_log(copy_alone(path, tmp_path / "copy"))) == 1


def test_a_migration_is_in_the_main_file_once_it_returns(tmp_path):
    path = tmp_path / "log.sqlite"
    with SessionLog(path) as log:
        log.add_session(planned_holds(0), started_at=started_at(0), notes="first:0")
    db = sqlite3.connect(path, isolation_level=None)
    try:
        from stretchkit.log import _migrate

        _migrate(db, (*MIGRATIONS, "ALTER TABLE sessions ADD COLUMN place TEXT;"))
        copy = copy_alone(path, tmp_path / "copy")
    finally:
        db.close()
    with sqlite3.connect(copy) as c:
        assert "place" in [r[1] for r in c.execute("PRAGMA table_info(sessions)")]


def test_a_write_that_is_refused_leaves_the_file_byte_for_byte(tmp_path):
    path = tmp_path / "log.sqlite"
    log = SessionLog(path)
    sid = log.add_session(planned_holds(0), started_at=started_at(0), session_id="s-1")
    before = path.read_bytes()
    refusals = [
        lambda: log.add_session(planned_holds(1), started_at=started_at(0), session_id=sid),
        lambda: log.add_session(planned_holds(0), started_at="0001-01-01T00:00:00+14:00"),
        lambda: log.delete_session("no-such"),
        lambda: log.delete_session("\ud800"),
    ]
    for refuse in refusals:
        with pytest.raises((ValueError, KeyError)):
            refuse()
        assert path.read_bytes() == before and side_files(path) == []
    assert log.acknowledge("\ud800") == 0 and log.acknowledge("no-such") == 0
    with pytest.raises(TypeError, match="session_id must be text"):
        log.acknowledge(10**400)
    assert path.read_bytes() == before
    log.close()


# --- B. every value gets a clear error -----------------------------------------------------

EDGE_TIMES = [
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00-23:59",
    "9999-12-31T23:59:59+23:59",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "1969-12-31T23:59:59+00:00",
    "2026-03-01T07:30:00+23:59",
    "2026-03-01T07:30:00-15:00",
    "1970-01-01T00:00:00+14:00",
    "2026-03-01T07:30:00.999999+05:45",
]
ODD_VALUES = [
    10**400,
    -(10**400),
    2**63,
    -(2**63) - 1,
    float("inf"),
    float("-inf"),
    float("nan"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("1e999999"),
    Decimal("30"),
    Fraction(61, 2),
    complex(1, 0),
    np.int64(5),
    np.uint8(3),
    np.float32("nan"),
    np.float64("inf"),
    np.bool_(True),
    np.str_("cat_cow"),
    np.array([1, 2]),
    np.array(["both"]),
    np.datetime64("NaT"),
    np.datetime64("2026-01-01T07:30"),
    np.datetime64("20000-01-01"),
    np.timedelta64(5, "s"),
    pd.NaT,
    pd.NA,
    pd.Timestamp("2026-01-01T07:30:00.000000001", tz="UTC"),
    pd.Timestamp("1677-09-22"),
    b"cat_cow",
    bytearray(b"30"),
    ["cat_cow"],
    {"stretch_id": "cat_cow"},
    object(),
    "x" * 100_000,
    "cat_cow\x00",
    "\ud800",
    "",
    " ",
    date(2026, 3, 1),
    datetime.min,
    datetime.max,
    datetime.min.replace(tzinfo=timezone(timedelta(hours=14))),
    datetime.max.replace(tzinfo=timezone(timedelta(hours=-12))),
    datetime.max.replace(tzinfo=timezone(timedelta(hours=23, minutes=59))),
    timedelta(days=1),
]
wild = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.fractions(),
    st.complex_numbers(),
    st.binary(max_size=20),
    st.text(max_size=30),
    st.text(max_size=10).map(lambda t: t + "\x00"),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(EDGE_TIMES),
    st.sampled_from(ODD_VALUES),
    st.datetimes(
        min_value=datetime(1, 1, 1),
        max_value=datetime(9999, 12, 31, 23, 59, 59),
        timezones=st.none()
        | st.timezones()
        | st.timedeltas(-timedelta(hours=23, minutes=59), timedelta(hours=23, minutes=59)).map(
            timezone
        ),
    ),
    st.dates(),
)
GOOD_HOLD = {"stretch_id": "cat_cow", "seconds": 30, "discomfort": 2, "sharp_pain": False}
TARGETS = ["entries", "started_at", "notes", "warmed_up", "session_id", *FIELDS]


@pytest.mark.parametrize("moment", EDGE_TIMES[:7])
def test_a_time_at_the_edge_of_the_calendar_is_refused_by_name(tmp_path, moment):
    log = SessionLog(tmp_path / "log.sqlite")
    with pytest.raises(ValueError, match="the session was not saved: started_at: "):
        log.add_session([GOOD_HOLD], started_at=moment)
    path = tmp_path / "edge.csv"
    path.write_text(f"{HEADER}\ns1,{moment},cat_cow,both,30,,false,\n")
    with pytest.raises(sk.LogFileError) as info:
        log.import_csv(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.column) == ("edge.csv", 2, "started_at")
    assert len(log) == 0


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(target=st.sampled_from(TARGETS), value=wild)
def test_any_value_of_any_argument_is_saved_or_refused_by_name(tmp_path_factory, target, value):
    path = tmp_path_factory.getbasetemp() / "any-argument.sqlite"
    log = SessionLog(path)
    try:
        entries = [dict(GOOD_HOLD)]
        kwargs = {"started_at": "2026-03-01T07:30:00+01:00"}
        if target == "entries":
            entries = value
        elif target in FIELDS:
            entries[0][target] = value
        else:
            kwargs[target] = value
        before = path.read_bytes()
        try:
            sid = log.add_session(entries, **kwargs)
        except (ValueError, TypeError) as e:
            named = f"entries[0]['{target}']" if target in FIELDS else target
            assert named in str(e), str(e)
            assert len(str(e)) < 1000
            assert path.read_bytes() == before and side_files(path) == []
        else:
            assert sid in set(log.sessions()["session_id"])
    finally:
        log.close()


GOOD_ROWS = [
    ["{sid}", "2026-03-02T07:30:00+01:00", "figure_four", "left", "30", "3", "false", "", "", ""],
    ["{sid}", "2026-03-02T07:30:00+01:00", "figure_four", "right", "30", "", "true", "a", "", ""],
]
CELLS = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.sampled_from(EDGE_TIMES),
    st.sampled_from(
        [
            "1" + "0" * 400,
            "-1" + "0" * 400,
            "1e400",
            "-1e400",
            "inf",
            "-inf",
            "nan",
            "NaN",
            "-0",
            "0x1e",
            "3_0",
            "٣٠",
            "x" * 100_000,
            "'=1+1",
            "TRUE",
            " yes ",
            "both ",
            "Figure-Four",
            "\ufeff30",
            "30\x00",
        ]
    ),
)


def exchange_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    # With "\r\n" the writer quotes a cell holding a lone "\r" too; with "\n" it would not,
    # and the row would break in two (as a spreadsheet's file might: that is refused by line).
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow([*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS])
    out.writerows(rows)
    return buf.getvalue().encode("utf-8")


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    column=st.sampled_from([*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS]),
    row=st.integers(0, 1),
    cell=CELLS,
)
def test_any_cell_of_an_exchange_csv_is_imported_or_refused_by_line_and_column(
    tmp_path_factory, column, row, cell
):
    folder = tmp_path_factory.getbasetemp()
    path = folder / "any-cell.sqlite"
    log = SessionLog(path)
    try:
        sid = "s" + uuid.uuid4().hex[:12]
        rows = [[v.format(sid=sid) for v in r] for r in GOOD_ROWS]
        at = [*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS].index(column)
        rows[row][at] = cell
        csv_path = folder / "cells.csv"
        csv_path.write_bytes(exchange_bytes(rows))
        before = path.read_bytes()
        try:
            result = log.import_csv(csv_path)
        except sk.LogFileError as e:
            assert "nothing was imported from cells.csv" in str(e)
            assert len(str(e)) < 5000
            # Every problem has its line: a note with a line break moves the later ones down.
            assert all(p.file == "cells.csv" and p.line >= 2 for p in e.problems)
            if "\x00" not in cell:
                assert column in {p.column for p in e.problems}, str(e)
            assert path.read_bytes() == before and side_files(path) == []
        else:
            assert result.file == "cells.csv"
    finally:
        log.close()


SAMPLE = sample_class_path()
GOOD_STUDENTS = ("ben", "hugo")


def class_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    for name in GOOD_STUDENTS:
        shutil.copy(SAMPLE / f"{name}.csv", folder)
    return folder


def assert_class_reads_despite(folder: Path, bad: str) -> sk.ClassSummary:
    summary = class_summary(folder, today="2026-11-30")
    students = summary.students["student"].astype(str).tolist()
    assert set(GOOD_STUDENTS) <= set(students)
    named = set(summary.problems["file"]) | set(summary.students["file"])
    assert bad in named, f"{bad} is neither read nor named: {summary.problems}"
    for message in summary.problems["message"]:
        assert "stretchkit failed on it" not in message, message
    assert bad in summary.text or bad.removesuffix(".csv") in students
    return summary


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.lists(st.lists(CELLS, min_size=0, max_size=12), min_size=1, max_size=4).map(
            exchange_bytes
        ),
        st.lists(
            st.tuples(st.sampled_from(EDGE_TIMES), st.sampled_from(["30", "1e400", "1" * 400]))
        ).map(
            lambda cells: exchange_bytes(
                [["e", t, "cat_cow", "both", s, "", "true", "", "", ""] for t, s in cells]
            )
        ),
    )
)
def test_one_file_of_anything_never_stops_the_class(tmp_path_factory, content):
    folder = class_folder(tmp_path_factory)
    (folder / "zz.csv").write_bytes(content)
    assert_class_reads_despite(folder, "zz.csv")


@pytest.mark.parametrize("moment", EDGE_TIMES[:2])
def test_a_student_at_the_edge_of_the_calendar_is_named_and_the_class_is_read(
    tmp_path_factory, moment
):
    folder = class_folder(tmp_path_factory)
    (folder / "zz.csv").write_bytes(
        exchange_bytes([["e", moment, "cat_cow", "both", "30", "", "true", "", "", ""]])
    )
    summary = assert_class_reads_despite(folder, "zz.csv")
    (problem,) = summary.problems.itertuples()
    assert (problem.file, problem.line, problem.column) == ("zz.csv", 2, "started_at")
    # Its sharp pain is still shown first, from the lenient reading.
    assert summary.sharp_pain["file"].iloc[0] == "zz.csv"


# --- C. a file that changes while it is read -----------------------------------------------


def test_read_bytes_refuses_a_file_that_grows_while_it_is_read(tmp_path):
    path = tmp_path / "download.csv"
    path.write_bytes(b"x" * (24 << 20))  # 24 MB: a read takes milliseconds
    stop = threading.Event()
    written = [0]

    def download():
        with open(path, "ab", buffering=0) as f:
            while not stop.is_set():
                f.write(b"y" * 100)
                written[0] += 1
                time.sleep(0.0002)

    thread = threading.Thread(target=download, daemon=True)
    thread.start()
    refused, read = [], 0
    deadline = time.monotonic() + 60
    try:
        while len(refused) < 3 and time.monotonic() < deadline:
            count = written[0]
            try:
                data = read_bytes(path)
            except FileChangedError as e:
                if written[0] > count:  # the download demonstrably ran meanwhile
                    refused.append(e)
                continue
            read += 1
            # What is returned is the file as it was at one moment: a prefix of what is there.
            with open(path, "rb") as f:
                assert f.read(len(data)) == data
    finally:
        stop.set()
        thread.join()
    assert len(refused) == 3, f"no read was refused in 60 s ({read} read whole)"
    message = str(refused[0])
    assert str(path) in message and "changed while it was being read" in message
    assert "Wait until the download or sync is complete and try again" in message
    assert isinstance(refused[0], OSError)
    assert read_bytes(path) == path.read_bytes()  # once it is complete, it is read


DOWNLOADER = (
    PREAMBLE
    + """
import os
path, stop, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
fd = os.open(path, os.O_WRONLY | os.O_APPEND)
print("ready", flush=True)
sys.stdin.readline()
i = first
while not os.path.exists(stop):
    for h in planned_holds(i):  # a row at a time, as a download or a sync brings it
        row = f"dl-{i},{started_at(i)},{h['stretch_id']},{h['side']},{h['seconds']},"
        os.write(fd, (row + f"{h['discomfort']},false,\\n").encode())
        time.sleep(0.0001)
    i += 1
print(i - first, flush=True)
"""
).replace("import sys\n", "import sys, time\n", 1)


def planned_csv(path: Path, sessions: int) -> None:
    with path.open("w") as f:
        f.write(HEADER + "\n")
        for i in range(sessions):
            for h in planned_holds(i):
                f.write(
                    f"dl-{i},{started_at(i)},{h['stretch_id']},{h['side']},{h['seconds']},"
                    f"{h['discomfort']},false,\n"
                )


def test_import_refuses_a_file_still_being_downloaded_and_reads_it_once_complete(tmp_path, spawn):
    path = tmp_path / "download.csv"
    planned_csv(path, 1500)  # about 14,000 rows, 1 MB
    stop = tmp_path / "stop"
    child = spawn(DOWNLOADER, path, stop, 1500)
    release(child)
    refused, attempts = [], 0
    deadline = time.monotonic() + 90
    try:
        while not refused and time.monotonic() < deadline:
            attempts += 1
            # A log of its own each time: a read that caught no change may end mid-session.
            target = tmp_path / f"attempt-{attempts}.sqlite"
            with SessionLog(target) as log:
                before = target.read_bytes()
                try:
                    log.import_csv(path)
                except FileChangedError as e:
                    refused.append(e)
                    assert target.read_bytes() == before and side_files(target) == []
                    assert len(log) == 0
                    continue
                # What it stored is the file's rows as written, in order, none mixed.
                stored = log.entries(tz="UTC")
                for sid, holds in stored.groupby("session_id", sort=False):
                    planned = planned_holds(int(sid.split("-")[1]))
                    assert holds["seconds"].tolist() == [
                        float(h["seconds"]) for h in planned[: len(holds)]
                    ]
    finally:
        stop.touch()
        out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert refused, f"no import was refused in 90 s ({attempts} attempts)"
    message = str(refused[0])
    assert "download.csv" in message and "wait until the download or sync" in message.lower()
    # Complete now: every session whole.
    with SessionLog(tmp_path / "final.sqlite") as log:
        added = log.import_csv(path).sessions_added
        assert added == 1500 + int(out)
        counts = log.sessions().set_index("session_id")["holds"]
        for sid, holds in counts.items():
            assert holds == len(planned_holds(int(sid.split("-")[1])))


# --- D. what a path is, said plainly, never blocking ----------------------------------------


def make_fifo(p: Path) -> None:
    os.mkfifo(p)


def make_socket(p: Path) -> socket.socket:
    # A socket's path must be short: bind it by a name relative to its folder.
    here = os.getcwd()
    os.chdir(p.parent)
    try:
        s = socket.socket(socket.AF_UNIX)
        s.bind(p.name)
    finally:
        os.chdir(here)
    return s


def make_loop(p: Path) -> None:
    os.symlink(p.name, p)


NOT_FILES = [
    (make_fifo, OSError, r"is a named pipe \(FIFO\), not a file"),
    (make_socket, OSError, "is a socket, not a file"),
    (lambda p: os.symlink("/dev/null", p), OSError, "is a device, not a file"),
    (lambda p: p.mkdir(), IsADirectoryError, "is a folder"),
    (
        lambda p: os.symlink("gone.csv", p),
        FileNotFoundError,
        "is a link to 'gone.csv', which does not exist",
    ),
    (make_loop, OSError, "is a link that loops back on itself"),
    (lambda p: None, FileNotFoundError, "no file"),
    (lambda p: os.symlink("/proc/self/mem", p), OSError, r"could not be read \(Input/output"),
]


def within(seconds: float, fn):
    """Run ``fn`` in a thread and return what it raised; fail if it is still running after
    ``seconds`` (it blocked)."""
    result = {}

    def run():
        try:
            fn()
        except BaseException as e:  # handed to the test, whatever it is
            result["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    return result.get("error")


@pytest.mark.parametrize(("make", "error", "words"), NOT_FILES)
def test_read_bytes_says_what_a_path_is_and_never_blocks(tmp_path, make, error, words):
    path = tmp_path / "student.csv"
    keep = make(path)
    try:
        raised = within(10, lambda: read_bytes(path))
        assert isinstance(raised, error), repr(raised)
        assert str(path) in str(raised)
        assert re.search(words, str(raised)), str(raised)
        # The log's importer says the same, and changes nothing.
        log = SessionLog(tmp_path / "log.sqlite")
        before = log.path.read_bytes()
        raised = within(10, lambda: log.import_csv(path))
        assert isinstance(raised, error) and str(path) in str(raised)
        assert re.search(words, str(raised)), str(raised)
        assert log.path.read_bytes() == before
        log.close()
    finally:
        if keep is not None:
            keep.close()


def test_a_read_error_keeps_its_code_and_names_the_file(tmp_path):
    path = tmp_path / "mem.csv"
    os.symlink("/proc/self/mem", path)
    with pytest.raises(OSError) as info:
        read_bytes(path)
    assert info.value.errno == 5 and f"'{path}' could not be read" in str(info.value)


def test_a_log_path_that_is_a_pipe_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "log.sqlite")
    raised = within(10, lambda: SessionLog(tmp_path / "log.sqlite"))
    assert isinstance(raised, OSError) and "named pipe (FIFO)" in str(raised)


def test_the_class_names_every_file_it_cannot_read_and_reads_the_others(tmp_path_factory):
    folder = class_folder(tmp_path_factory)
    expected = {}
    keep = []
    for n, (make, error, words) in enumerate(NOT_FILES):
        if error is IsADirectoryError or words == "no file":
            continue  # a subfolder is left out; a missing file is not in the folder
        name = f"bad{n}.csv"
        made = make(folder / name)
        if made is not None:
            keep.append(made)
        expected[name] = words
    (folder / "notes.txt").write_text("not a log")
    os.mkfifo(folder / "pipe.txt")
    (folder / "sub").mkdir()
    try:
        result = {}
        raised = within(60, lambda: result.update(s=class_summary(folder, today="2026-11-30")))
        assert raised is None, repr(raised)
        summary = result["s"]
    finally:
        for s in keep:
            s.close()
    assert summary.students["student"].astype(str).tolist() == list(GOOD_STUDENTS)
    messages = dict(zip(summary.problems["file"], summary.problems["message"], strict=True))
    assert set(messages) == set(expected)
    for name, words in expected.items():
        assert re.search(words, messages[name]), messages[name]
        assert messages[name].startswith(f"{name}: cannot be read: ")
        assert name in summary.text
    assert summary.skipped == ("notes.txt", "pipe.txt")


def test_a_file_that_changes_while_the_class_is_read_is_named(tmp_path_factory):
    folder = class_folder(tmp_path_factory)
    path = folder / "zz.csv"
    planned_csv(path, 3000)
    stop = threading.Event()

    def sync():
        with open(path, "a") as f:
            i = 3000
            while not stop.is_set():
                f.write(f"dl-{i},{started_at(i)},cat_cow,both,30,,false,\n")
                f.flush()
                i += 1
                time.sleep(0.0002)

    thread = threading.Thread(target=sync, daemon=True)
    thread.start()
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            summary = assert_class_reads_despite(folder, "zz.csv")
            if "changed while it was being read" in " ".join(summary.problems["message"]):
                break
        else:
            pytest.fail("the file being synced was never caught changing in 90 s")
    finally:
        stop.set()
        thread.join()
    assert "zz.csv: cannot be read: " in summary.text
    assert set(summary.students["student"].astype(str)) == set(GOOD_STUDENTS)


def test_the_shared_reader_takes_only_paths():
    for bad in (None, 3, b"x.csv", ["x.csv"]):
        with pytest.raises(TypeError, match="table must be a file path"):
            read_bytes(bad, argument="table")


def test_a_future_session_is_still_refused(tmp_path):
    # The calendar checks still keep what they kept: the future and before 1970.
    log = SessionLog(tmp_path / "log.sqlite")
    soon = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    with pytest.raises(ValueError, match="lies in the future"):
        log.add_session([GOOD_HOLD], started_at=soon)
    with pytest.raises(ValueError, match="before 1970"):
        log.add_session([GOOD_HOLD], started_at="1969-12-31T23:59:59Z")
    log.add_session([GOOD_HOLD], started_at="1970-01-01T00:00:00+14:00")
    assert log.sessions(tz="UTC")["started_at"].iloc[0] == pd.Timestamp("1969-12-31 10:00Z")
