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

import csv
import io
import math
import numbers
import os
import random
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import unicodedata
import uuid
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import platformdirs
import tzlocal

from .catalog import builtin_data, load_catalog, lookup_key, split_aliases
from .csvread import CsvError, decode, validate
from .errors import LogFileError, Problem
from .files import (
    atomic_write,
    check_regular,
    output_path,
    read_bytes,
    spreadsheet_restore,
    spreadsheet_safe,
)
from .names import stretch_id_for

__all__ = [
    "EXCHANGE_COLUMNS",
    "HOME_VAR",
    "ImportResult",
    "SessionLog",
    "default_log_path",
    "local_zone",
    "sample_log",
    "sample_log_path",
]

DataDir = str | os.PathLike | None

HOME_VAR = "STRETCHKIT_HOME"
LOG_NAME = "log.sqlite"
SIDES = ("left", "right", "both")
SIDE_DTYPE = pd.CategoricalDtype(list(SIDES))
MAX_SECONDS = 600  # one hold of ten minutes: anything longer is a typing slip
MAX_NOTE = 2000
EXCHANGE_COLUMNS = (
    "session_id",
    "started_at",
    "stretch_id",
    "side",
    "seconds",
    "discomfort",
    "sharp_pain",
    "notes",
)
# Written by export_csv so that a round trip keeps everything; an import may leave them out.
OPTIONAL_COLUMNS = ("warmed_up", "session_notes")
_SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_APPLICATION_ID = 0x534B4C47  # "SKLG" in the SQLite header marks a stretchkit log
FIRST_YEAR = 1970  # sessions are ordered by seconds since 1970
# The UTC offsets places use: from Baker Island (-12:00) to Kiribati's Line Islands (+14:00).
OFFSETS = (timedelta(hours=-12), timedelta(hours=14))

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


def local_zone() -> tzinfo:
    """This computer's time zone, with its daylight-saving rules when they can be found.

    Examples
    --------
    >>> local_zone().utcoffset(datetime(2026, 1, 1)) is not None
    True
    """
    # TZ first, read on every call (tzlocal reads it once per process), then the system's
    # setting on any platform.
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        return tzlocal.get_localzone()
    except (ZoneInfoNotFoundError, ValueError, OSError, LookupError):
        return datetime.now().astimezone().tzinfo


# --- checking values --------------------------------------------------------------------


class _Bad(ValueError):
    """One value is wrong; the message says what would be valid."""


def _shown(value, limit: int = 60) -> str:
    """``value`` as a message shows it: its repr, cut short, so that whatever a caller or a
    file gives (100,000 characters, a number of 400 digits) the message stays readable."""
    if isinstance(value, np.generic):
        value = value.item()  # 2.5, not np.float64(2.5)
    if isinstance(value, int) and value.bit_length() > 200:
        return f"a whole number of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    try:
        text = repr(value)
    except Exception:  # a caller's own type whose repr fails still gets a message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else f"{text[: limit - 1]}... ({len(text):,} characters)"


def _missing(value) -> bool:
    """None, NaN, NA or NaT of any kind: a value left out (a DataFrame fills gaps with these)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return False


def _number(value, valid: str) -> float:
    """A number given as a number or as text, as a float (infinite when too large for one);
    anything that is not a number is refused with ``valid`` in the message."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise _Bad(f"is empty; {valid}")
        try:
            number = float(text)
        except ValueError:
            raise _Bad(f"{_shown(text)} is not a number; {valid}") from None
    elif isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real | Decimal):
        raise _Bad(f"{_shown(value)} is not a number; {valid}")
    else:
        try:
            number = float(value)
        except OverflowError:  # 10**400: a number, but no float holds it
            number = -math.inf if value < 0 else math.inf
        except (TypeError, ValueError, ArithmeticError):
            raise _Bad(f"{_shown(value)} is not a number; {valid}") from None
    if math.isnan(number):
        raise _Bad(f"{_shown(value)} is not a number; {valid}")
    return number


def _figure(number: float, value) -> str:
    """A number as a message shows it: 30, 2.5, -1; what was given when it is out of range."""
    return f"{number:g}" if math.isfinite(number) else _shown(value)


def _moment(value, *, naive_is_local: bool) -> datetime:
    """An aware datetime at whole seconds, with the UTC offset it was given in, from 1970 to
    tomorrow: nothing else gets through, whatever the type, so no later step can overflow."""
    example = "e.g. 2026-03-02T07:30:00+01:00"
    if _missing(value):
        raise _Bad(f"is empty; give the date and time the session started, {example}")
    if isinstance(value, np.datetime64):
        try:
            moment = value.astype("datetime64[us]").item()
        except (OverflowError, ValueError):
            moment = None
        if not isinstance(moment, datetime):  # numpy's calendar runs past Python's year 9999
            raise _Bad(f"{value} is not a date and time Python can hold; check the year")
        value = moment
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime(warn=False)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise _Bad(f"is empty; give the date and time the session started, {example}")
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise _Bad(
                f"{_shown(text)} is not a date and time; write it in ISO 8601 with the UTC "
                f"offset, {example}"
            ) from None
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise _Bad(f"{value} is a date without a time; give a datetime, {example}")
        raise _Bad(f"{_shown(value)} is not a date and time; give a datetime or text, {example}")
    # The year first, on the clock as given: converting year 1 or 9999 to UTC would overflow.
    if value.year < FIRST_YEAR:
        raise _Bad(f"{_iso(value)} is before {FIRST_YEAR}; check the year")
    try:
        offset = value.utcoffset()
    except Exception as e:  # a caller's own tzinfo may fail in any way
        raise _Bad(
            f"{_shown(value)}: its time zone gives no UTC offset ({type(e).__name__}); give "
            f"the offset instead, {example}"
        ) from None
    if offset is None:
        if not naive_is_local:
            raise _Bad(
                f"{value.isoformat()} has no UTC offset, so the moment is unknown; add one, "
                f"{example} (or Z for UTC)"
            )
        value = value.replace(tzinfo=local_zone())
        offset = value.utcoffset()
    if not OFFSETS[0] <= offset <= OFFSETS[1]:
        raise _Bad(
            f"{_iso(value)} has the UTC offset {_offset(offset)}, which no place uses; they run "
            f"from {_offset(OFFSETS[0])} to {_offset(OFFSETS[1])}"
        )
    if value > datetime.now(UTC) + timedelta(days=1):
        raise _Bad(f"{_iso(value)} lies in the future; give the time the session started")
    return value.replace(microsecond=0, tzinfo=timezone(offset))


def _iso(value: datetime) -> str:
    try:
        return value.isoformat()
    except Exception:  # a caller's own tzinfo again
        return value.replace(tzinfo=None).isoformat()


def _offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _seconds(value) -> float:
    valid = f"give the seconds held, 0 to {MAX_SECONDS}"
    number = _number(value, valid)
    if number < 0:
        raise _Bad(f"{_figure(number, value)} is negative; {valid}")
    if number > MAX_SECONDS:
        unit = " s" if math.isfinite(number) else ""
        raise _Bad(
            f"{_figure(number, value)}{unit} is longer than one hold can be ({MAX_SECONDS} s); "
            "give the seconds of one hold, one row per hold"
        )
    return round(number, 1)


def _discomfort(value) -> int | None:
    valid = "give a whole number from 0 (none) to 10 (worst), or leave it empty"
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    number = _number(value, valid)
    if not number.is_integer() or not 0 <= number <= 10:
        raise _Bad(f"{_figure(number, value)} is not on the scale; {valid}")
    return int(number)


def _flag(value, *, what: str, empty=False) -> bool | None:
    valid = f"write true or false{' or leave it empty' if empty is None else ''}"
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if not text:
            if empty is None:
                return None
            raise _Bad(f"is empty; {valid} ({what})")
        raise _Bad(f"{_shown(value)} is not true or false; {valid} ({what})")
    if _missing(value) and empty is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    raise _Bad(f"{_shown(value)} is not true or false; {valid} ({what})")


def _note(value, *, restore: bool = False) -> str | None:
    if _missing(value):
        return None
    if not isinstance(value, str):
        raise _Bad(f"{_shown(value)} is not text; give the note as text")
    if len(value) > 2 * MAX_NOTE + 2:  # before any work on it: it is refused anyway
        raise _Bad(f"has {len(value):,} characters; keep a note under {MAX_NOTE}")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if restore:
        text = spreadsheet_restore(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad("holds a broken character (a lone surrogate); retype the note") from None
    odd = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"), None)
    if odd is not None:
        raise _Bad(f"holds the control character U+{ord(odd):04X}; remove it")
    if len(text) > MAX_NOTE:
        raise _Bad(f"has {len(text):,} characters; keep a note under {MAX_NOTE}")
    return text or None


def _session_id(value) -> str:
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _SESSION_ID.fullmatch(text):
        raise _Bad(
            f"{_shown(value)} is not a session id; use 1 to 64 letters, digits, '_', '.', ':' or "
            "'-', starting with a letter or digit"
        )
    return text


class _Stretches:
    """Resolve stretch ids, names and aliases once per catalog, and check sides."""

    def __init__(self, data_dir: DataDir):
        self.cat = load_catalog(data_dir=data_dir)
        self.names: dict[str, str] = {}
        for row in self.cat.stretches.itertuples(index=False):
            for n in [row.stretch_id, row.name, *split_aliases(row.aliases)]:
                if pd.notna(n) and lookup_key(n):
                    self.names.setdefault(lookup_key(n), row.stretch_id)
        table = self.cat.stretches.set_index("stretch_id")
        self.per_side = table["per_side"].to_dict()
        self.name = table["name"].to_dict()

    def stretch(self, value) -> str:
        if not isinstance(value, str):
            raise _Bad(f"{_shown(value)} is not a stretch; give its id or name as text")
        if len(value) > 200:  # no name is that long; and the message must stay short
            raise _Bad(f"unknown stretch {_shown(value)}; give a stretch id or name")
        found = self.names.get(lookup_key(value))
        if found:
            return found
        try:
            stretch_id_for(value, self.cat)
        except ValueError as e:
            raise _Bad(str(e)) from None
        raise _Bad(f"unknown stretch {value!r}")  # pragma: no cover - stretch_id_for raised

    def side(self, value, stretch_id: str | None) -> str:
        text = value.strip().lower() if isinstance(value, str) else None
        if text not in SIDES:
            raise _Bad(f"{_shown(value)} is not a side; write left, right or both")
        if stretch_id is None:
            return text
        name = self.name[stretch_id]
        if self.per_side[stretch_id] and text == "both":
            raise _Bad(
                f"{name} is done on one side at a time; write left or right, one row per side"
            )
        if not self.per_side[stretch_id] and text != "both":
            raise _Bad(f"{name} works both sides at once; write both")
        return text


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


@dataclass
class _Session:
    session_id: str
    started: datetime
    warmed_up: bool | None
    notes: str | None
    holds: list[tuple]  # (stretch_id, side, seconds, discomfort, sharp_pain, notes)
    line: int = 0
    # False when read from a file without warmed_up and session_notes: compare holds only.
    has_extras: bool = True

    def row(self, added_at: str) -> tuple:
        seconds = round(sum(h[2] for h in self.holds), 1)
        discomfort = [h[3] for h in self.holds if h[3] is not None]
        return (
            self.session_id,
            self.started.isoformat(),
            int(self.started.timestamp()),
            self.started.date().isoformat(),
            None if self.warmed_up is None else int(self.warmed_up),
            self.notes,
            len(self.holds),
            seconds,
            int(any(h[4] for h in self.holds)),
            max(discomfort) if discomfort else None,
            added_at,
        )


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
        self._checker: _Stretches | None = None
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
    def _check(self) -> _Stretches:
        if self._checker is None:
            self._checker = _Stretches(self.data_dir)
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
        session = self._session_from(entries, started_at, notes, warmed_up, session_id)
        with self._write():
            existing = self._stored([session.session_id]).get(session.session_id)
            if existing is not None:
                if _same(existing, session):
                    return session.session_id
                raise ValueError(
                    f"session_id {session.session_id!r} is already in the log with other holds "
                    "or another start time; leave session_id out to get a new id"
                )
            self._insert([session])
        return session.session_id

    def _session_from(self, entries, started_at, notes, warmed_up, session_id) -> _Session:
        problems: list[str] = []

        def check(where: str, fn, *args, **kw):
            try:
                return fn(*args, **kw)
            except _Bad as e:
                problems.append(f"{where}: {e}")
                return None

        started = check("started_at", _moment, started_at, naive_is_local=True)
        notes = check("notes", _note, notes)
        warmed = check("warmed_up", _flag, warmed_up, what="warmed up first", empty=None)
        if session_id is None:
            # A letter first: a spreadsheet would turn an all-digit id into a number.
            session_id = "s" + uuid.uuid4().hex[:15]
        else:
            session_id = check("session_id", _session_id, session_id)
        holds = []
        for i, entry in enumerate(_records(entries)):
            before = len(problems)
            fields = set(entry)
            unknown = sorted(fields - {*_ENTRY_FIELDS, "stretch"}, key=_shown)
            if unknown:
                problems.append(
                    f"entries[{i}]: unknown field {_shown(unknown[0])}; the fields are "
                    + ", ".join(_ENTRY_FIELDS)
                )
                continue
            for need in ("stretch_id", "seconds"):
                if need not in fields and not (need == "stretch_id" and "stretch" in fields):
                    problems.append(f"entries[{i}]: '{need}' is missing")
            if len(problems) > before:
                continue
            stretch = check(
                f"entries[{i}]['stretch_id']",
                self._check.stretch,
                entry.get("stretch_id", entry.get("stretch")),
            )
            side = entry.get("side", "both")
            side = check(f"entries[{i}]['side']", self._check.side, side, stretch)
            holds.append(
                (
                    stretch,
                    side,
                    check(f"entries[{i}]['seconds']", _seconds, entry["seconds"]),
                    check(f"entries[{i}]['discomfort']", _discomfort, entry.get("discomfort")),
                    check(
                        f"entries[{i}]['sharp_pain']",
                        _flag,
                        entry.get("sharp_pain", False),
                        what="sharp pain",
                    ),
                    check(f"entries[{i}]['notes']", _note, entry.get("notes")),
                )
            )
        if not problems and not holds:
            problems.append("entries: is empty; a session needs at least one hold")
        if problems:
            raise ValueError(
                "the session was not saved: " + "; ".join(problems[:8])
                if len(problems) <= 8
                else f"the session was not saved: {len(problems)} problems, first: "
                + "; ".join(problems[:8])
            )
        return _Session(session_id, started, warmed, notes, holds)

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
            if _SESSION_ID.fullmatch(session_id):  # no other text can be in the log
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
                raise KeyError(f"no session {_shown(session_id)} in the log; {hint}")
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
            if not _SESSION_ID.fullmatch(session_id):  # no other text can be in the log
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
        rows = self._db.execute(
            "SELECT s.session_id, s.started_at, e.stretch_id, e.side, e.seconds, e.discomfort, "
            "e.sharp_pain, e.notes, s.warmed_up, s.notes FROM entries e JOIN sessions s "
            "USING (session_id) ORDER BY s.started_utc, s.session_id, e.position"
        )
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow([*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS])
        for sid, started, stretch, side, secs, disc, sharp, notes, warmed, snotes in rows:
            out.writerow(
                [
                    spreadsheet_safe(sid),
                    started,
                    spreadsheet_safe(stretch),
                    side,
                    f"{secs:g}",
                    "" if disc is None else disc,
                    "true" if sharp else "false",
                    spreadsheet_safe(notes or ""),
                    "" if warmed is None else ("true" if warmed else "false"),
                    spreadsheet_safe(snotes or ""),
                ]
            )
        return atomic_write(path, buf.getvalue())

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
        sessions = _read_exchange(name, read_bytes(path), self._check)
        with self._write():
            stored = self._stored(list(sessions))
            problems = []
            new = []
            for sid, session in sessions.items():
                if sid not in stored:
                    new.append(session)
                elif not _same(stored[sid], session, extras=session.has_extras):
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

    def _stored(self, ids: list[str]) -> dict[str, _Session]:
        """The sessions of ``ids`` that are in the log, to compare with new ones."""
        found: dict[str, _Session] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for sid, started, warmed, notes in self._db.execute(
                f"SELECT session_id, started_at, warmed_up, notes FROM sessions "
                f"WHERE session_id IN ({marks})",
                chunk,
            ):
                w = None if warmed is None else bool(warmed)
                found[sid] = _Session(sid, datetime.fromisoformat(started), w, notes, [])
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

    def _insert(self, sessions: list[_Session]) -> None:
        added = datetime.now(UTC).isoformat(timespec="seconds")
        self._db.executemany(
            "INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?)", (s.row(added) for s in sessions)
        )
        self._db.executemany(
            "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,NULL)",
            (
                (s.session_id, i, st, side, secs, disc, int(sharp), notes)
                for s in sessions
                for i, (st, side, secs, disc, sharp, notes) in enumerate(s.holds, start=1)
            ),
        )


_ENTRY_FIELDS = ("stretch_id", "side", "seconds", "discomfort", "sharp_pain", "notes")
_MUST_ANSWER = ("stretch_id", "seconds", "sharp_pain")


def _records(entries) -> list[Mapping]:
    if isinstance(entries, pd.DataFrame):
        entries = entries.to_dict("records")
    if isinstance(entries, Mapping | str | bytes):
        raise TypeError(
            "entries must be a list of holds (dicts with stretch_id and seconds) or a DataFrame"
        )
    if not isinstance(entries, Iterable):
        raise TypeError(
            f"entries must be a list of holds or a DataFrame, not {type(entries).__name__}"
        )
    records = list(entries)
    for i, e in enumerate(records):
        if not isinstance(e, Mapping):
            raise TypeError(
                f"entries[{i}] must be a dict with stretch_id and seconds, not {type(e).__name__}"
            )
    # A gap in an optional field means "not given"; sharp pain is never assumed absent.
    return [{k: v for k, v in e.items() if k in _MUST_ANSWER or not _missing(v)} for e in records]


def _same(a: _Session, b: _Session, *, extras: bool = True) -> bool:
    """The same session: same moment and offset, same holds (and same session fields)."""
    if a.started != b.started or a.started.utcoffset() != b.started.utcoffset():
        return False
    if a.holds != b.holds:
        return False
    return not extras or (a.warmed_up == b.warmed_up and a.notes == b.notes)


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


# --- reading an exchange CSV ------------------------------------------------------------


def _read_exchange(name: str, raw: bytes, check: _Stretches) -> dict[str, _Session]:
    """Every session in the file ``name`` that holds ``raw``, in file order, or a
    :class:`LogFileError` listing every problem found."""
    header_text = ", ".join(EXCHANGE_COLUMNS)

    def fail(message: str, line: int | None = None, column: str | None = None):
        raise LogFileError([Problem(name, message, line, column)], file=name)

    if not raw.strip():
        fail(f"the file is empty; an exchange CSV starts with the header {header_text}")
    try:
        text = decode(raw, file=name)
        validate(text, file=name)  # an unclosed or stray quote would swallow or split rows
    except CsvError as e:
        where = f"at character {e.char}, " if e.char is not None else ""
        column = None
        if e.field is not None and e.line > 1:
            first = next(csv.reader(io.StringIO(text.partition("\n")[0])), [])
            column = first[e.field].strip().lower() if e.field < len(first) else None
        fail(where + e.message, e.line, column)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as e:
        fail(f"the header cannot be read as CSV ({e})", 1)
    known = (*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS)
    if len(header) == 1 and header[0].count(";") >= 3:
        fail("the columns are separated by semicolons; save the file with commas (CSV)", 1)
    problems: list[Problem] = []
    for h in header:
        if h not in known:
            problems.append(
                Problem(name, f"unknown column {h!r}; the columns are {', '.join(known)}", 1, h)
            )
    for h in {h for h in header if header.count(h) > 1}:
        problems.append(Problem(name, f"column {h!r} appears twice", 1, h))
    missing = [c for c in EXCHANGE_COLUMNS if c not in header]
    if missing:
        problems.append(
            Problem(
                name,
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; the "
                f"header must name {header_text}",
                1,
            )
        )
    if problems:
        raise LogFileError(problems, file=name)
    at = {h: i for i, h in enumerate(header)}
    has_extras = all(c in at for c in OPTIONAL_COLUMNS)
    sessions: dict[str, _Session] = {}
    line = 1
    while len(problems) <= 200:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(Problem(name, f"cannot be read as CSV ({e})", start))
            break
        line = start
        if not row or all(not v.strip() for v in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    name,
                    f"has {len(row)} fields but the header has {len(header)}; a note with a "
                    "comma must be in double quotes",
                    line,
                )
            )
            continue
        before = len(problems)

        def get(column, fn, *args, row=row, line=line, **kw):
            try:
                return fn(row[at[column]], *args, **kw) if column in at else None
            except _Bad as e:
                problems.append(Problem(name, str(e), line, column))
                return None

        sid = get("session_id", lambda v: _session_id(spreadsheet_restore(v)))
        started = get("started_at", _moment, naive_is_local=False)
        stretch = get("stretch_id", lambda v: check.stretch(spreadsheet_restore(v)))
        side = get("side", check.side, stretch)
        hold = (
            stretch,
            side,
            get("seconds", _seconds),
            get("discomfort", _discomfort),
            get("sharp_pain", _flag, what="sharp pain"),
            get("notes", _note, restore=True),
        )
        warmed = get("warmed_up", _flag, what="warmed up first", empty=None)
        snotes = get("session_notes", _note, restore=True)
        if len(problems) > before:
            continue
        session = sessions.get(sid)
        if session is None:
            sessions[sid] = _Session(sid, started, warmed, snotes, [hold], line, has_extras)
            continue
        for column, mine, first in (
            ("started_at", started, session.started),
            ("warmed_up", warmed, session.warmed_up),
            ("session_notes", snotes, session.notes),
        ):
            if column in at and (
                mine != first or (column == "started_at" and mine.utcoffset() != first.utcoffset())
            ):
                problems.append(
                    Problem(
                        name,
                        f"session {sid!r} has another {column} on line {session.line}; "
                        f"every row of a session gives the same {column}",
                        line,
                        column,
                    )
                )
                break
        else:
            session.holds.append(hold)
        if len(problems) > 200:
            break
    if problems:
        raise LogFileError(problems, file=name)
    return sessions
