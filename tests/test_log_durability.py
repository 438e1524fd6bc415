"""The session log keeps every session it confirmed: through kill -9 at any moment, three
notebooks writing at once, and writes that fail. Real processes on real files, no mocks."""

from __future__ import annotations

import csv
import inspect
import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

import stretchkit as sk
from stretchkit.log import EXCHANGE_COLUMNS, OPTIONAL_COLUMNS


def planned_holds(index: int) -> list[dict]:
    """The holds of session ``index``: 6 to 12 of them, the same in every process."""
    moves = (("figure_four", "left"), ("figure_four", "right"), ("cat_cow", "both"))
    return [
        {
            "stretch_id": moves[p % 3][0],
            "side": moves[p % 3][1],
            "seconds": 20 + (index + p) % 40,
            "discomfort": (index + 3 * p) % 11,
        }
        for p in range(6 + index % 7)
    ]


def started_at(index: int) -> str:
    start = datetime(2020, 1, 6, 7, 30, tzinfo=timezone(timedelta(hours=1)))
    return (start + timedelta(hours=index)).isoformat()


# Children know the planned holds from the same source as the checks here.
PREAMBLE = (
    "import sys\n"
    "from datetime import datetime, timedelta, timezone\n"
    "import stretchkit as sk\n\n" + inspect.getsource(planned_holds) + inspect.getsource(started_at)
)

# Adds sessions noted "tag:index" and prints each id only after add_session returned.
WRITER = (
    PREAMBLE
    + """
path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
log = sk.SessionLog(path)
for i in range(count):
    sid = log.add_session(planned_holds(i), started_at=started_at(i), notes=f"{tag}:{i}")
    print(sid, flush=True)
"""
)

# Reads the log while others write: the count never drops, no session is ever seen in part.
READER = (
    PREAMBLE
    + """
import time
path, expected = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
log = sk.SessionLog(path)
deadline = time.monotonic() + 120
seen = []
while not seen or seen[-1] < expected:
    sessions = log.sessions()
    assert not seen or len(sessions) >= seen[-1], f"{len(sessions)} sessions after {seen[-1]}"
    seen.append(len(sessions))
    for row in sessions.itertuples():
        planned = len(planned_holds(int(row.notes.rsplit(":", 1)[1])))
        assert row.holds == planned, f"{row.session_id}: holds {row.holds}, written {planned}"
    counts = log.entries().groupby("session_id").size()
    holds = sessions.set_index("session_id")["holds"]
    assert set(holds.index) <= set(counts.index), "a session read without its holds"
    assert (counts[holds.index] == holds).all(), "a session read with part of its holds"
    if time.monotonic() > deadline:
        sys.exit(f"saw only {seen[-1]} of {expected} sessions in 120 s")
print(" ".join(map(str, seen)), flush=True)
"""
)

# Adds one session of its own first, which also loads the catalog, then imports on "go".
IMPORTER = (
    PREAMBLE
    + """
path, exchange = sys.argv[1], sys.argv[2]
log = sk.SessionLog(path)
log.add_session(planned_holds(0), started_at=started_at(0), notes="before:0")
print("ready", flush=True)
sys.stdin.readline()
print(log.import_csv(exchange).sessions_added, flush=True)
"""
)

# As root, file modes do not stop a write; a file-size limit of 0 does: every write to the
# log's files fails with EFBIG, as on a full disk. Each failure is printed as JSON; after
# "go" the limit is lifted and the same log must take a session again.
FAILING_WRITER = (
    PREAMBLE
    + """
import json, resource, signal
path, exchange, victim = sys.argv[1], sys.argv[2], sys.argv[3]
log = sk.SessionLog(path)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
writes = {
    "add_session": lambda: log.add_session(
        planned_holds(7), started_at=started_at(7), notes="failed:7"
    ),
    "import_csv": lambda: log.import_csv(exchange),
    "delete_session": lambda: log.delete_session(victim),
}
for name, write in writes.items():
    try:
        write()
        failure = None
    except Exception as e:
        failure = {"type": type(e).__name__, "oserror": isinstance(e, OSError), "text": str(e)}
    print(json.dumps({"write": name, "failure": failure}), flush=True)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
sys.stdin.readline()
print(log.add_session(planned_holds(8), started_at=started_at(8), notes="after:8"), flush=True)
"""
)


@pytest.fixture
def spawn():
    """Start ``python -c CODE args`` with pipes; whatever is still running at the end is
    killed, so a failed test leaves no writer behind."""
    started: list[subprocess.Popen] = []

    def start(code: str, *args) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def read_line(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline()
    if not line:
        proc.wait()
        raise AssertionError(f"child exited with {proc.returncode}:\n{proc.stderr.read()}")
    return line.strip()


def release(*procs: subprocess.Popen) -> None:
    """Wait until every child is ready, then let them all go at once."""
    for proc in procs:
        assert read_line(proc) == "ready"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()


def check_log(path: Path) -> pd.DataFrame:
    """The file passes SQLite's integrity check and every session in it holds exactly the
    holds its writer planned; return the sessions."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()
    with sk.SessionLog(path) as log:
        sessions, entries = log.sessions(), log.entries()
    columns = ["session_id", "position", "stretch_id", "side", "seconds", "discomfort"]
    stored: dict[str, list[tuple]] = {}
    for sid, *hold in entries[columns].itertuples(index=False, name=None):
        stored.setdefault(sid, []).append(tuple(hold))
    for row in sessions.itertuples():
        planned = [
            (p, h["stretch_id"], h["side"], float(h["seconds"]), h["discomfort"])
            for p, h in enumerate(planned_holds(int(row.notes.rsplit(":", 1)[1])), start=1)
        ]
        assert row.holds == len(planned), f"{row.notes}: holds column {row.holds}"
        assert stored.get(row.session_id) == planned, f"{row.notes}: holds differ from written"
    assert set(stored) == set(sessions["session_id"]), "holds without a session"
    return sessions


def tagged(sessions: pd.DataFrame, tag: str) -> pd.DataFrame:
    return sessions[sessions["notes"].str.startswith(f"{tag}:")]


# --- kill -9 ----------------------------------------------------------------------------

# Kill after this many confirmed sessions, or ("random") a few ms after the first one, when
# the child is somewhere inside the next add_session. 0 kills while the log is being opened
# (on the first round: while the new file is being created).
KILLS = (0, "random", 1, "random", 5, "random", 20, "random")


def test_kill_9_at_any_moment_keeps_every_confirmed_session(tmp_path, spawn):
    path = tmp_path / "log.sqlite"
    rng = random.Random(20260302)
    for round_, kill in enumerate(KILLS):
        tag = f"kill{round_}"
        child = spawn(WRITER, path, tag, 100_000)
        release(child)
        if kill == "random":
            printed = [read_line(child)]
            time.sleep(rng.uniform(0, 0.02))
        else:
            printed = [read_line(child) for _ in range(kill)]
        child.kill()
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, err
        printed += out.split()

        sessions = check_log(path)
        mine = tagged(sessions, tag)
        assert set(printed) <= set(mine["session_id"]), "a confirmed session is missing"
        # Killed between COMMIT and print: one session more than confirmed, never two.
        assert len(printed) <= len(mine) <= len(printed) + 1
        indices = sorted(int(n.rsplit(":", 1)[1]) for n in mine["notes"])
        assert indices == list(range(len(mine)))
        with sk.SessionLog(path) as log:
            sid = log.add_session(
                planned_holds(round_),
                started_at=started_at(round_),
                notes=f"parent{round_}:{round_}",
            )
            assert sid in set(log.sessions()["session_id"])
    sessions = check_log(path)
    kills = sum(len(tagged(sessions, f"kill{r}")) for r in range(len(KILLS)))
    assert len(sessions) == kills + len(KILLS)


def big_exchange_csv(folder: Path, n_sessions: int) -> Path:
    """An exchange CSV exported from a log built from ``n_sessions`` planned sessions."""
    raw = folder / "raw.csv"
    with raw.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow([*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS])
        for i in range(n_sessions):
            for h in planned_holds(i):
                session = [f"big-{i}", started_at(i)]
                hold = [h["stretch_id"], h["side"], h["seconds"], h["discomfort"], "false", ""]
                out.writerow([*session, *hold, "", f"big:{i}"])
    with sk.SessionLog(folder / "source.sqlite") as source:
        source.import_csv(raw)
        return source.export_csv(folder / "exchange.csv")


BIG_SESSIONS = 2223  # 20,001 holds


def test_kill_9_during_import_adds_all_sessions_or_none(tmp_path, spawn):
    exchange = big_exchange_csv(tmp_path, BIG_SESSIONS)
    assert sum(len(planned_holds(i)) for i in range(BIG_SESSIONS)) == 20_001
    # How long the import takes here, timed as the child will run it, so that the kills
    # spread over its last quarter or so: the one transaction, after the file has been read
    # and checked, and its commit.
    with sk.SessionLog(tmp_path / "timing.sqlite") as log:
        log.add_session(planned_holds(0), started_at=started_at(0), notes="before:0")
        t = time.perf_counter()
        log.import_csv(exchange)
        took = time.perf_counter() - t
    rng = random.Random(7)
    for attempt in range(6):
        fraction = rng.uniform(0.75, 1.0)
        path = tmp_path / f"target{attempt}.sqlite"
        child = spawn(IMPORTER, path, exchange)
        release(child)
        time.sleep(took * fraction)
        child.kill()
        out, _ = child.communicate()

        sessions = check_log(path)
        imported = len(tagged(sessions, "big"))
        assert imported in (0, BIG_SESSIONS), f"kill at {fraction:.0%} left {imported} sessions"
        assert len(tagged(sessions, "before")) == 1
        if out.strip():
            assert imported == BIG_SESSIONS
    with sk.SessionLog(path) as log:
        log.import_csv(exchange)
    assert len(tagged(check_log(path), "big")) == BIG_SESSIONS


# --- concurrent writers -----------------------------------------------------------------

PER_WRITER = 60


def test_three_writers_and_a_reader_at_once(tmp_path, spawn):
    # The file does not exist yet: the four also race to create it.
    path = tmp_path / "log.sqlite"
    writers = [spawn(WRITER, path, f"w{n}", PER_WRITER) for n in range(3)]
    reader = spawn(READER, path, 3 * PER_WRITER)
    release(*writers, reader)
    results = [proc.communicate(timeout=120) for proc in [*writers, reader]]
    for proc, (_, err) in zip([*writers, reader], results, strict=True):
        assert proc.returncode == 0, err

    sessions = check_log(path)
    assert len(sessions) == 3 * PER_WRITER
    for n, (out, _) in enumerate(results[:3]):
        mine = tagged(sessions, f"w{n}")
        assert sorted(out.split()) == sorted(mine["session_id"])
        assert len(mine) == PER_WRITER
    seen = [int(n) for n in results[3][0].split()]
    assert seen[-1] == 3 * PER_WRITER


# --- failed writes ----------------------------------------------------------------------


def small_log(folder: Path) -> sk.SessionLog:
    log = sk.SessionLog(folder / "log.sqlite")
    for i in range(3):
        log.add_session(planned_holds(i), started_at=started_at(i), notes=f"kept:{i}")
    return log


@pytest.fixture
def failed_writes(tmp_path, spawn):
    """Writes that fail on disk in a child: what each raised, and the log before and after."""
    with small_log(tmp_path) as log:
        victim = log.sessions()["session_id"].iloc[0]
        before = log.export_csv(tmp_path / "before.csv").read_text()
    exchange = big_exchange_csv(tmp_path, 200)
    child = spawn(FAILING_WRITER, tmp_path / "log.sqlite", exchange, victim)
    failures = {}
    for _ in range(3):
        line = json.loads(read_line(child))
        failures[line["write"]] = line["failure"]
    check_log(tmp_path / "log.sqlite")
    with sk.SessionLog(tmp_path / "log.sqlite") as log:
        after = log.export_csv(tmp_path / "after.csv").read_text()
    child.stdin.write("go\n")
    child.stdin.flush()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    return {"failures": failures, "before": before, "after": after, "new_id": out.strip()}


def test_a_write_that_fails_on_disk_leaves_the_log_as_it_was(failed_writes, tmp_path):
    for write, failure in failed_writes["failures"].items():
        assert failure is not None, f"{write} succeeded with every file write refused"
    assert failed_writes["after"] == failed_writes["before"]
    # The same SessionLog object writes again once the disk takes writes.
    sessions = check_log(tmp_path / "log.sqlite")
    assert failed_writes["new_id"] in set(sessions["session_id"])
    assert len(sessions) == 4


def test_a_write_that_fails_on_disk_says_so(failed_writes):
    for write, failure in failed_writes["failures"].items():
        assert failure["oserror"], f"{write} raised {failure['type']}: {failure['text']}"
        assert "nothing was changed" in failure["text"]


def test_a_write_blocked_by_a_lock_changes_nothing(tmp_path):
    log = small_log(tmp_path)
    exchange = big_exchange_csv(tmp_path, 50)
    before = log.export_csv(tmp_path / "before.csv").read_text()
    victim = log.sessions()["session_id"].iloc[0]
    log.close()
    log = sk.SessionLog(log.path, wait_s=0.05)  # give up after 50 ms instead of 30 s
    blocker = sqlite3.connect(log.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(TimeoutError, match=r"locked by another program for 0\.05 s"):
            log.add_session(planned_holds(7), started_at=started_at(7), notes="failed:7")
        with pytest.raises(TimeoutError, match="nothing was changed"):
            log.import_csv(exchange)
        with pytest.raises(TimeoutError, match="nothing was changed"):
            log.delete_session(victim)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert log.export_csv(tmp_path / "after.csv").read_text() == before
    sid = log.add_session(planned_holds(8), started_at=started_at(8), notes="after:8")
    log.close()
    sessions = check_log(log.path)
    assert len(sessions) == 4 and sid in set(sessions["session_id"])


def test_opening_a_new_log_waits_while_another_process_creates_it(tmp_path):
    path = tmp_path / "log.sqlite"
    # What a notebook meets when another one is creating the log at that moment: the file is
    # not set up yet and the other holds its write lock, here for one second.
    creator = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    creator.execute("BEGIN IMMEDIATE")
    done = threading.Timer(1.0, creator.execute, ("ROLLBACK",))
    done.start()
    try:
        with sk.SessionLog(path) as log:
            log.add_session(planned_holds(0), started_at=started_at(0), notes="first:0")
    finally:
        done.join()
        creator.close()
    assert len(check_log(path)) == 1
