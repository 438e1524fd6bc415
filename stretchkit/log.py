"""The session log: every stretching session a person does, kept in one SQLite file.

A session is a start time and the holds done in it, in order: which stretch, which side, how
many seconds, how uncomfortable (0-10) and whether there was sharp pain. The log never loses a
session it has confirmed: each change is one SQLite transaction, written through to disk before
:meth:`SessionLog.add_session` returns, so a killed process or two notebooks writing at once
leave every confirmed session in place. And the file is complete on its own: once a change is
confirmed it is in ``log.sqlite`` itself (SQLite's rollback journal, not a write-ahead log whose
``-wal`` file would hold the recent sessions), so a copy of that one file, downloaded or backed
up while a notebook still has the log open, holds every confirmed session.

For Binder, where a session vanishes, and for handing a log to a trainer, the log travels as an
exchange CSV with one row per hold (see ``data/README.md``): :meth:`SessionLog.export_csv` and
:meth:`SessionLog.import_csv`.

This module is the storage: the file, its schema and migrations, transactions and the tables
read back. What a valid value or session is lives in :mod:`stretchkit.values`, and the
exchange CSV's columns, reader and writer in :mod:`stretchkit.exchange`; the names of both
that the log's users have always imported from here (``EXCHANGE_COLUMNS``,
``OPTIONAL_COLUMNS``, ``local_zone``, ``SIDES``, ...) still are.

Examples
--------
>>> import tempfile, pathlib
>>> log = SessionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
>>> sid = log.add_session(
...     [{"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 3},
...      {"stretch_id": "figure_four", "side": "right", "seconds": 30, "discomfort": 2}],
...     started_at="2026-03-02T07:30:00+01:00")
>>> log.sessions()[["holds", "minutes", "max_discomfort"]].to_dict("records")
[{'holds': 2, 'minutes': 1.0, 'max_discomfort': 3}]
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import pandas as pd
import platformdirs

from .catalog import builtin_data
from .errors import LogFileError, Problem
from .exchange import EXCHANGE_COLUMNS, OPTIONAL_COLUMNS, format_exchange, read_exchange
from .files import atomic_write, check_regular, output_path, read_bytes
from .values import (
    FIRST_YEAR,
    MAX_NOTE,
    MAX_SECONDS,
    OFFSETS,
    SESSION_ID,
    SIDES,
    LoggedSession,
    StretchChecker,
    check_session,
    local_zone,
    same_session,
    shown,
)

__all__ = [
    "EXCHANGE_COLUMNS",
    "FIRST_YEAR",
    "HOME_VAR",
    "MAX_NOTE",
    "MAX_SECONDS",
    "MIGRATIONS",
    "OFFSETS",
    "OPTIONAL_COLUMNS",
    "SIDES",
    "ImportResult",
    "SessionLog",
    "default_log_path",
    "holds_table",
    "local_zone",
    "sample_log",
    "sample_log_path",
]

DataDir = str | os.PathLike | None

HOME_VAR = "STRETCHKIT_HOME"
LOG_NAME = "log.sqlite"
SIDE_DTYPE = pd.CategoricalDtype(list(SIDES))
_APPLICATION_ID = 0x534B4C47  # "SKLG" in the SQLite header marks a stretchkit log

# Each entry moves the file up one schema version, in one transaction. New columns go in a
# new entry; a released entry is never edited.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        session_id     TEXT PRIMARY KEY,
        started_at     TEXT NOT NULL,     -- ISO 8601 with the UTC offset it was logged with
        started_utc    INTEGER NOT NULL,  -- seconds since 1970, for ordering
        day            TEXT NOT NULL,     -- the local calendar date of the session
        warmed_up      INTEGER CHECK (warmed_up IN (0, 1)),
        notes          TEXT,
        holds          INTEGER NOT NULL CHECK (holds > 0),
        seconds        REAL NOT NULL,
        sharp_pain     INTEGER NOT NULL CHECK (sharp_pain IN (0, 1)),
        max_discomfort INTEGER,
        added_at       TEXT NOT NULL
    );
    CREATE INDEX sessions_by_time ON sessions (started_utc);
    CREATE TABLE entries (
        session_id      TEXT NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        stretch_id      TEXT NOT NULL,
        side            TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
        seconds         REAL NOT NULL CHECK (seconds >= 0 AND seconds <= 600),
        discomfort      INTEGER CHECK (discomfort BETWEEN 0 AND 10),
        sharp_pain      INTEGER NOT NULL CHECK (sharp_pain IN (0, 1)),
        notes           TEXT,
        acknowledged_at TEXT,
        PRIMARY KEY (session_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX entries_needing_attention ON entries (session_id)
        WHERE sharp_pain = 1 AND acknowledged_at IS NULL;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


# --- where the log lives ----------------------------------------------------------------


def default_log_path() -> Path:
    """Where :class:`SessionLog` keeps the log when no ``path`` is given.

    ``$STRETCHKIT_HOME/log.sqlite`` if that variable is set, else the per-user data folder:
    ``~/.local/share/stretchkit`` on Linux (or ``$XDG_DATA_HOME/stretchkit``),
    ``~/Library/Application Support/stretchkit`` on macOS, ``%APPDATA%\\stretchkit`` on Windows.

    Examples
    --------
    >>> import os
    >>> os.environ["STRETCHKIT_HOME"] = "/tmp/sk-home"
    >>> str(default_log_path())
    '/tmp/sk-home/log.sqlite'
    >>> del os.environ["STRETCHKIT_HOME"]
    """
    if os.environ.get(HOME_VAR):
        return Path(os.environ[HOME_VAR]).expanduser() / LOG_NAME
    # roaming: %APPDATA% on Windows, where the log has always been kept
    return platformdirs.user_data_path("stretchkit", appauthor=False, roaming=True) / LOG_NAME


def sample_log_path() -> Path:
    """The sample log shipped with the kit: twelve weeks of one person's sessions, as an
    exchange CSV.

    Examples
    --------
    >>> sample_log_path().name
    'sample_log.csv'
    """
    return builtin_data() / "sample_log.csv"


def sample_log(path: str | os.PathLike | None = None, *, data_dir: DataDir = None) -> SessionLog:
    """A log filled with the sample sessions, so the charts have something to show.

    It lives at ``path``, or in a new temporary folder, never in your own log.

    Examples
    --------
    >>> log = sample_log()
    >>> len(log) > 30, log.path.name
    (True, 'log.sqlite')
    """
    scratch = None
    if path is None:
        scratch = tempfile.mkdtemp(prefix="stretchkit-sample-")
        path = Path(scratch) / LOG_NAME
    log = SessionLog(path, data_dir=data_dir)
    if scratch is not None:
        # The scratch folder goes when the log object does (or when Python exits).
        weakref.finalize(log, shutil.rmtree, scratch, ignore_errors=True)
    log.import_csv(sample_log_path())
    return log


# --- the log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What :meth:`SessionLog.import_csv` did: sessions and holds added, sessions already there."""

    file: str
    sessions_added: int
    holds_added: int
    sessions_already: int

    def __str__(self) -> str:
        text = f"Added {_n(self.sessions_added, 'session')} ({_n(self.holds_added, 'hold')})"
        if self.sessions_already:
            text += f"; {_n(self.sessions_already, 'session')} already in the log"
        return text + f" from {self.file}."


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class SessionLog:
    """A person's stretching sessions, in a SQLite file that survives crashes and concurrent
    notebooks.

    Parameters
    ----------
    path
        The log file. Without it, :func:`default_log_path` (``$STRETCHKIT_HOME/log.sqlite`` or
        the per-user data folder). A new (or empty) file is created on first use; an existing
        file that is not a stretchkit log is refused and left untouched, and so is a file that
        holds no log at all (e.g. a copy of a log of an older stretchkit made without its
        ``-wal`` file): it is never shown as an empty log. A log of an older stretchkit,
        written in write-ahead mode, is made complete in this one file when opened.
    data_dir
        The tables stretches are checked against, for a trainer's own catalog.
    wait_s
        How long a write waits while another notebook or process is writing, before it gives
        up with a ``TimeoutError`` (and changes nothing).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with SessionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite") as log:
    ...     sid = log.add_session([{"stretch_id": "Cat-Cow", "seconds": 45}],
    ...                           started_at="2026-03-02T07:30:00Z", warmed_up=True)
    ...     log.entries()[["stretch_id", "side", "seconds", "sharp_pain"]].to_dict("records")
    [{'stretch_id': 'cat_cow', 'side': 'both', 'seconds': 45.0, 'sharp_pain': False}]
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        data_dir: DataDir = None,
        wait_s: float = 30.0,
    ):
        if path is None:
            path = default_log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not isinstance(path, str | os.PathLike):
            raise TypeError(f"path must be a file path, not {type(path).__name__}")
        self.path = Path(path).expanduser()
        if self.path.is_dir():
            raise IsADirectoryError(
                f"path '{self.path}' is a folder; give a file name inside it, e.g. "
                f"'{self.path / LOG_NAME}'"
            )
        if self.path.exists():
            check_regular(self.path, self.path.stat())  # SQLite would wait forever on a pipe
        if not self.path.parent.is_dir():
            raise FileNotFoundError(
                f"path '{self.path}': the folder '{self.path.parent}' does not exist; create it "
                "first"
            )
        if isinstance(wait_s, bool) or not isinstance(wait_s, int | float) or not wait_s >= 0:
            raise ValueError(f"wait_s must be a number of seconds, 0 or more, not {wait_s!r}")
        self.data_dir = data_dir
        self.wait_s = float(wait_s)
        self._checker: StretchChecker | None = None
        # One connection per thread: JupyterLab sends widget messages over kernel subshells,
        # which ipykernel runs in threads of their own, and a connection is not shared.
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()
        self._local.db = self._open()  # opened now, so a bad file fails here
        self._opened.append(self._local.db)

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._open()
            with self._opened_lock:
                self._opened.append(db)
        return db

    # -- opening and closing --

    def _open(self) -> sqlite3.Connection:
        """A connection to the log, checked, in rollback-journal mode and up to date.

        Another connection that holds the file in write-ahead mode (an older stretchkit in
        another notebook, or a second notebook opening an old log at the same moment) stops the
        switch to the rollback journal: this connection is closed and opened again, at a random
        moment, until the other is gone or ``wait_s`` has passed.
        """
        deadline = time.monotonic() + self.wait_s
        delay = 0.005
        while True:
            db, version = self._connect()
            try:
                _rollback_journal(db)
                break
            except sqlite3.OperationalError as e:
                db.close()
                if "locked" not in str(e):
                    raise _storage_error(e, self.path, self.wait_s) from None
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"the log '{self.path}' is held open in write-ahead mode by another "
                        f"program for {self.wait_s:g} s (a notebook running an older "
                        "stretchkit?), so it cannot be made complete in one file; nothing was "
                        "changed. Close that notebook (or restart its kernel) and try again"
                    ) from None
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 0.2)
        try:
            # EXTRA: a confirmed session is on disk, and so is the deletion of the journal that
            # confirms it, so that even a power cut cannot roll it back.
            db.execute("PRAGMA synchronous = EXTRA")
            if version < SCHEMA_VERSION:
                _migrate(db, MIGRATIONS)
        except sqlite3.OperationalError as e:
            db.close()
            raise _storage_error(e, self.path, self.wait_s) from None
        return db

    def _connect(self) -> tuple[sqlite3.Connection, int]:
        """A connection to a file that is a stretchkit log, an empty file or no file yet, and
        the log's schema version; any other file is refused, and left as it is."""
        try:
            # Used only by the thread that opened it; close() may run in another one.
            db = sqlite3.connect(
                self.path, timeout=self.wait_s, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as e:
            raise OSError(f"cannot open the log '{self.path}': {e}") from None
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.wait_s * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
            # One read transaction: a file that is not SQLite fails here, before any write,
            # and no other process can commit (create the log) while the size is looked at.
            db.execute("BEGIN")
            tables, pages, version, app = db.execute(
                "SELECT (SELECT count(*) FROM sqlite_master), page_count, user_version, "
                "application_id FROM pragma_page_count, pragma_user_version, "
                "pragma_application_id"
            ).fetchone()
            # After the read: a new log whose creation was cut short is empty again by now.
            size = self.path.stat().st_size
            db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            db.close()
            raise _storage_error(e, self.path, self.wait_s) from None
        except sqlite3.DatabaseError:
            db.close()
            raise ValueError(
                f"'{self.path}' is not a stretchkit log (it is not an SQLite file); it was left "
                "as it is. Give another path for the log"
            ) from None
        except OSError as e:
            db.close()
            raise OSError(f"cannot open the log '{self.path}': {e}") from None
        problem = None
        if tables == 0 and (pages > 0 or size > 0):
            problem = (
                f"'{self.path}' holds no log: it is {'an SQLite file' if pages else 'a file'} "
                "with no tables in it. A copy of a log made without its '-wal' file "
                f"('{self.path.name}-wal', which held the sessions of an older stretchkit) "
                "looks like this: copy the log again together with that file, or open the "
                "original. The file was left as it is"
            )
        elif tables > 0 and app != _APPLICATION_ID:
            problem = (
                f"'{self.path}' is an SQLite file of another program, not a stretchkit log; it "
                "was left as it is. Give another path for the log"
            )
        elif version > SCHEMA_VERSION:
            problem = (
                f"the log '{self.path}' was written by a newer stretchkit (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}); upgrade stretchkit to open it. The "
                "file was left as it is"
            )
        if problem:
            db.close()
            raise ValueError(problem)
        return db, version

    def close(self) -> None:
        """Close the file. The log keeps nothing in memory, so nothing is lost by closing."""
        with self._opened_lock:
            for db in self._opened:
                db.close()
            self._opened.clear()

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM sessions").fetchone()[0]

    def __repr__(self) -> str:
        return f"SessionLog('{self.path}', {_n(len(self), 'session')})"

    @property
    def _check(self) -> StretchChecker:
        if self._checker is None:
            self._checker = StretchChecker(self.data_dir)
        return self._checker

    # -- writing --

    def add_session(
        self,
        entries,
        *,
        started_at,
        notes: str | None = None,
        warmed_up: bool | None = None,
        session_id: str | None = None,
    ) -> str:
        """Record one session and return its id.

        Parameters
        ----------
        entries
            The holds in the order done: a list of dicts (or a DataFrame) with ``stretch_id``
            (an id, name or alias), ``seconds``, and optionally ``side`` (left / right, or both
            for a stretch that works both sides at once; it defaults to both),
            ``discomfort`` (0-10), ``sharp_pain`` (default False) and ``notes``.
        started_at
            When the session started: an aware datetime or ISO 8601 text. Without a UTC
            offset, this computer's time zone is assumed.
        notes, warmed_up
            About the whole session.
        session_id
            Give one to make saving idempotent: saving the same session again returns its id
            and adds nothing; a different session under an id in use is refused.

        Either the whole session is written or, on any error, nothing is.

        Raises
        ------
        ValueError
            A value is not valid, whatever its type: the message names each argument at fault
            (``started_at``, ``entries[2]['seconds']``, ...) and what would be valid.
        TypeError
            ``entries`` is not a list of dicts or a DataFrame.
        OSError
            The log could not be written (``PermissionError``, ``TimeoutError`` while another
            program holds it); nothing was changed.
        """
        session = check_session(
            entries,
            started_at=started_at,
            stretches=self._check,
            notes=notes,
            warmed_up=warmed_up,
            session_id=session_id,
        )
        with self._write():
            existing = self._stored([session.session_id]).get(session.session_id)
            if existing is not None:
                if same_session(existing, session):
                    return session.session_id
                raise ValueError(
                    f"session_id {session.session_id!r} is already in the log with other holds "
                    "or another start time; leave session_id out to get a new id"
                )
            self._insert([session])
        return session.session_id

    def delete_session(self, session_id: str) -> int:
        """Remove a session and its holds; return how many holds went.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> log = SessionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
        >>> sid = log.add_session([{"stretch_id": "childs_pose", "seconds": 30}],
        ...                       started_at="2026-03-02T07:30:00Z")
        >>> log.delete_session(sid), len(log)
        (1, 0)
        """
        if not isinstance(session_id, str):
            raise TypeError(f"session_id must be text, not {type(session_id).__name__}")
        with self._write():
            holds = None
            if SESSION_ID.fullmatch(session_id):  # no other text can be in the log
                holds = self._db.execute(
                    "SELECT holds FROM sessions WHERE session_id = ?", (session_id,)
                ).fetchone()
            if holds is None:
                recent = [
                    r[0]
                    for r in self._db.execute(
                        "SELECT session_id FROM sessions ORDER BY started_utc DESC LIMIT 5"
                    )
                ]
                hint = f"recent ids: {', '.join(recent)}" if recent else "the log is empty"
                raise KeyError(f"no session {shown(session_id)} in the log; {hint}")
            self._db.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))
        return holds[0]

    def acknowledge(self, session_id: str | None = None) -> int:
        """Mark sharp-pain entries as read (all, or one session's); return how many.

        Until then :meth:`needs_attention` lists them, and the planner and the progress page
        show the stop-and-consult advice.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        query = (
            "UPDATE entries SET acknowledged_at = ? "
            "WHERE sharp_pain = 1 AND acknowledged_at IS NULL"
        )
        args: tuple = (now,)
        if session_id is not None:
            if not isinstance(session_id, str):
                raise TypeError(f"session_id must be text, not {type(session_id).__name__}")
            if not SESSION_ID.fullmatch(session_id):  # no other text can be in the log
                return 0
            query += " AND session_id = ?"
            args += (session_id,)
        with self._write():
            return self._db.execute(query, args).rowcount

    # -- reading --

    def sessions(self, *, tz: str | tzinfo | None = None) -> pd.DataFrame:
        """One row per session, oldest first.

        ``started_at`` is shown in ``tz`` (default: this computer's zone); ``day`` is the
        calendar date where the session happened, in the offset it was logged with.
        """
        rows = self._db.execute(
            "SELECT session_id, started_utc, day, holds, seconds, warmed_up, sharp_pain, "
            "max_discomfort, notes, EXISTS (SELECT 1 FROM entries e WHERE e.session_id = "
            "s.session_id AND e.sharp_pain = 1 AND e.acknowledged_at IS NULL) "
            "FROM sessions s ORDER BY started_utc, session_id"
        ).fetchall()
        df = _frame(rows, SESSION_DTYPES, tz)
        df.insert(5, "minutes", df["seconds"] / 60)
        return df

    def entries(self, *, tz: str | tzinfo | None = None) -> pd.DataFrame:
        """One row per hold, in the order done, with its session's time and day."""
        rows = self._db.execute(
            "SELECT e.session_id, s.started_utc, s.day, e.position, e.stretch_id, e.side, "
            "e.seconds, e.discomfort, e.sharp_pain, e.notes, "
            "e.sharp_pain = 1 AND e.acknowledged_at IS NULL "
            "FROM entries e JOIN sessions s USING (session_id) "
            "ORDER BY s.started_utc, e.session_id, e.position"
        ).fetchall()
        return _frame(rows, ENTRY_DTYPES, tz)

    def needs_attention(self, *, tz: str | tzinfo | None = None) -> pd.DataFrame:
        """The holds with sharp pain not yet acknowledged, newest first, with the stretch name.

        While this is not empty, the planner and the progress page show the stop-and-consult
        advice.
        """
        out = self.entries(tz=tz)
        out = out[out["needs_attention"]].drop(columns="needs_attention")
        names = self._check.name
        out.insert(5, "name", out["stretch_id"].map(lambda s: names.get(s, s)).astype("string"))
        return out.iloc[::-1].reset_index(drop=True)

    # -- the exchange CSV --

    def export_csv(self, path: str | os.PathLike) -> Path:
        """Write every session to an exchange CSV (one row per hold), whole or not at all.

        Text that a spreadsheet would run as a formula is quoted; :meth:`import_csv` undoes it.
        """
        path = output_path(path, suffixes=[".csv"])
        return atomic_write(path, self._exchange_text())

    def hand_in(self, path: str | os.PathLike | None = None) -> Path:
        """Hand a copy of every session to the trainer: the exchange CSV of :meth:`export_csv`,
        written over the class's hand-in file.

        On the class hub each student has one hand-in file, which only they can write and only
        the trainers can read; their server knows it (``STRETCHKIT_HANDIN``), and the trainer's
        dashboard (:func:`~stretchkit.class_summary`) reads the folder of them. The hand-in
        folder lets a student write their own file and nothing else, so the file is written in
        place (never through a link): a copy cut short by a crash is refused by the dashboard
        with what is wrong, and the log itself is untouched. Handing in again replaces it.

        Raises
        ------
        ValueError
            No ``path`` and no hand-in file here (not on the class hub): save a copy with
            :meth:`export_csv` and send it instead.
        OSError
            The file cannot be written, with its name.
        """
        if path is None:
            path = os.environ.get("STRETCHKIT_HANDIN", "")
            if not path:
                raise ValueError(
                    "no hand-in file here: the class hub gives each student one "
                    "(STRETCHKIT_HANDIN). Elsewhere, save a copy with log.export_csv('me.csv') "
                    "and send it to your trainer."
                )
        path = output_path(path, suffixes=[".csv"])
        data = self._exchange_text().encode("utf-8")
        flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags, 0o640)
        except OSError as error:
            raise OSError(error.errno, f"cannot hand in to {path}: {error.strerror}") from None
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.truncate(len(data))
            out.flush()
            os.fsync(out.fileno())
        return path

    def _exchange_text(self) -> str:
        rows = self._db.execute(
            "SELECT s.session_id, s.started_at, e.stretch_id, e.side, e.seconds, e.discomfort, "
            "e.sharp_pain, e.notes, s.warmed_up, s.notes FROM entries e JOIN sessions s "
            "USING (session_id) ORDER BY s.started_utc, s.session_id, e.position"
        )
        return format_exchange(rows)

    def import_csv(self, path: str | os.PathLike) -> ImportResult:
        """Add the sessions of an exchange CSV: all of them, or on any problem none.

        Sessions already in the log (same id, same holds) are skipped, so importing the same
        file twice adds nothing. A problem is reported with the file, line and column.

        Raises
        ------
        stretchkit.LogFileError
            The file breaks a rule: every problem, each with the file, line and column.
        OSError
            The file cannot be read, with what it is and why: no file, a folder, a named pipe,
            a broken link, a read error (see :func:`stretchkit.files.read_bytes`); or
            :class:`~stretchkit.files.FileChangedError` when it changed while it was read (a
            download or sync still under way: wait until it is complete and try again); or the
            log could not be written. The log is unchanged.
        """
        if not isinstance(path, str | os.PathLike):
            raise TypeError(f"path must be a file path, not {type(path).__name__}")
        path = Path(path).expanduser()
        name = path.name
        sessions = read_exchange(read_bytes(path), self._check, name=name)
        with self._write():
            stored = self._stored(list(sessions))
            problems = []
            new = []
            for sid, session in sessions.items():
                if sid not in stored:
                    new.append(session)
                elif not same_session(stored[sid], session, extras=session.has_extras):
                    problems.append(
                        Problem(
                            name,
                            f"session {sid!r} is already in the log with other holds, another "
                            "start time or other session notes; delete it first "
                            f"(log.delete_session({sid!r})) to replace it, or give these rows a "
                            "new session_id",
                            session.line,
                            "session_id",
                        )
                    )
            if problems:
                raise LogFileError(problems, file=name)
            self._insert(new)
        return ImportResult(
            name,
            len(new),
            sum(len(s.holds) for s in new),
            len(sessions) - len(new),
        )

    # -- storage --

    def _write(self):
        return _Transaction(self._db, self.path, self.wait_s)

    def _stored(self, ids: list[str]) -> dict[str, LoggedSession]:
        """The sessions of ``ids`` that are in the log, to compare with new ones."""
        found: dict[str, LoggedSession] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for sid, started, warmed, notes in self._db.execute(
                f"SELECT session_id, started_at, warmed_up, notes FROM sessions "
                f"WHERE session_id IN ({marks})",
                chunk,
            ):
                w = None if warmed is None else bool(warmed)
                found[sid] = LoggedSession(sid, datetime.fromisoformat(started), w, notes, [])
            if not found:
                continue
            for sid, *hold in self._db.execute(
                f"SELECT session_id, stretch_id, side, seconds, discomfort, sharp_pain, notes "
                f"FROM entries WHERE session_id IN ({marks}) ORDER BY session_id, position",
                chunk,
            ):
                hold[4] = bool(hold[4])
                found[sid].holds.append(tuple(hold))
        return found

    def _insert(self, sessions: list[LoggedSession]) -> None:
        added = datetime.now(UTC).isoformat(timespec="seconds")
        self._db.executemany(
            "INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (_session_row(s, added) for s in sessions),
        )
        self._db.executemany(
            "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,NULL)",
            (
                (s.session_id, i, st, side, secs, disc, int(sharp), notes)
                for s in sessions
                for i, (st, side, secs, disc, sharp, notes) in enumerate(s.holds, start=1)
            ),
        )


# --- rows in and tables out ------------------------------------------------------------


def _session_row(session: LoggedSession, added_at: str) -> tuple:
    """The row of the ``sessions`` table that stores ``session``."""
    holds = session.holds
    discomfort = [h[3] for h in holds if h[3] is not None]
    return (
        session.session_id,
        session.started.isoformat(),
        int(session.started.timestamp()),
        session.started.date().isoformat(),
        None if session.warmed_up is None else int(session.warmed_up),
        session.notes,
        len(holds),
        round(sum(h[2] for h in holds), 1),
        int(any(h[4] for h in holds)),
        max(discomfort) if discomfort else None,
        added_at,
    )


def holds_table(sessions, *, tz: str | tzinfo | None = None) -> pd.DataFrame:
    """The holds of ``sessions`` as :meth:`SessionLog.entries` shows a log's, without a log.

    The same columns, types and order as a new log holding just these sessions would give
    (every sharp pain not yet acknowledged), for sessions read from a file that need not be
    stored, as :func:`stretchkit.class_summary` reads each student's file.

    Parameters
    ----------
    sessions
        :class:`~stretchkit.values.LoggedSession` objects, e.g. the values of
        :func:`stretchkit.exchange.read_exchange`; no two with the same id.
    tz
        The zone ``started_at`` is shown in (default: this computer's zone).

    Examples
    --------
    >>> from stretchkit.exchange import read_exchange
    >>> from stretchkit.values import StretchChecker
    >>> read = read_exchange(sample_log_path(), StretchChecker(None))
    >>> holds_table(read.values(), tz="UTC").equals(sample_log().entries(tz="UTC"))
    True
    """
    rows = [
        (
            s.session_id,
            int(s.started.timestamp()),
            s.started.date().isoformat(),
            position,
            stretch,
            side,
            seconds,
            discomfort,
            int(sharp),
            notes,
            int(sharp),
        )
        for s in sessions
        for position, (stretch, side, seconds, discomfort, sharp, notes) in enumerate(
            s.holds, start=1
        )
    ]
    rows.sort(key=lambda r: (r[1], r[0], r[3]))  # as entries() orders them
    return _frame(rows, ENTRY_DTYPES, tz)


# The columns of sessions() and entries(), in order, with their types; started_at and day are
# stored as numbers and text and converted by _frame.
SESSION_DTYPES = {
    "session_id": "string",
    "started_at": "time",
    "day": "day",
    "holds": "int64",
    "seconds": "float64",
    "warmed_up": "boolean",
    "sharp_pain": "bool",
    "max_discomfort": "Int64",
    "notes": "string",
    "needs_attention": "bool",
}
ENTRY_DTYPES = {
    "session_id": "string",
    "started_at": "time",
    "day": "day",
    "position": "int64",
    "stretch_id": "string",
    "side": SIDE_DTYPE,
    "seconds": "float64",
    "discomfort": "Int64",
    "sharp_pain": "bool",
    "notes": "string",
    "needs_attention": "bool",
}


def _frame(rows: list[tuple], dtypes: dict, tz) -> pd.DataFrame:
    df = pd.DataFrame.from_records(rows, columns=list(dtypes))
    for column, dtype in dtypes.items():
        if dtype == "time":
            df[column] = _times(df[column], tz)
        elif dtype == "day":
            df[column] = _days(df[column])
        else:
            df[column] = df[column].astype(dtype)
    return df


def _times(utc: pd.Series, tz) -> pd.Series:
    zone = local_zone() if tz is None else tz
    moments = pd.to_datetime(utc.astype("int64"), unit="s", utc=True).dt.as_unit("ns")
    return moments.dt.tz_convert(zone)


def _days(days: pd.Series) -> pd.Series:
    # Few distinct days among many rows: convert each distinct text once.
    codes, uniques = pd.factorize(days)
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object), format="%Y-%m-%d").to_numpy()
    values = parsed[codes] if len(days) else parsed[:0]
    return pd.Series(values, index=days.index, dtype="datetime64[ns]")


def _rollback_journal(db: sqlite3.Connection) -> None:
    """Keep the log in SQLite's rollback-journal mode, so that ``log.sqlite`` alone holds every
    committed session: a transaction is committed only once its pages are in the main file.

    A log written in write-ahead mode (by a stretchkit before this one) has its recent sessions
    in ``log.sqlite-wal``; the switch copies them into the main file and removes the ``-wal``.
    Write-ahead mode with a checkpoint after each commit would be the other way to the same
    end, but a checkpoint can stay blocked by a reader or fail on a full disk after the
    session was already confirmed, leaving the file incomplete with no error to raise; here a
    write that cannot complete rolls back and says so.
    """
    mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if mode != "delete":  # pragma: no cover - SQLite raises when it cannot switch
        raise sqlite3.OperationalError(f"database is locked (journal mode stayed {mode})")


def _migrate(db: sqlite3.Connection, migrations: tuple[str, ...]) -> None:
    """Bring the file up to ``len(migrations)``, one version per transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for target, script in enumerate(migrations[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if db.execute("PRAGMA user_version").fetchone()[0] >= target:
                db.execute("ROLLBACK")
                continue
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {target}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    parts, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            parts.append(current.strip())
            current = ""
    return [p for p in parts if p]


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any error."""

    def __init__(self, db: sqlite3.Connection, path: Path, wait_s: float):
        self.db, self.path, self.wait_s = db, path, wait_s

    def __enter__(self):
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise _storage_error(e, self.path, self.wait_s) from None
        return self.db

    def __exit__(self, kind, error, tb):
        if kind is None:
            try:
                self.db.execute("COMMIT")
                return False
            except sqlite3.OperationalError as e:
                self._rollback()
                raise _storage_error(e, self.path, self.wait_s) from None
        self._rollback()
        if isinstance(error, sqlite3.OperationalError):
            raise _storage_error(error, self.path, self.wait_s) from None
        return False

    def _rollback(self) -> None:
        # After an I/O error SQLite may have rolled back already; a second ROLLBACK would fail
        # and hide the error that says what happened.
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")


def _storage_error(error: sqlite3.Error, path: Path, wait_s: float) -> OSError:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return PermissionError(
            f"cannot write to the log '{path}': the file or its folder is read-only; nothing "
            "was changed. Give a path you can write to"
        )
    if "locked" in text or "busy" in text:
        return TimeoutError(
            f"the log '{path}' stayed locked by another program for {wait_s:g} s; nothing "
            "was changed. Try again"
        )
    return OSError(f"the log '{path}' could not be written ({text}); nothing was changed")
