"""The exchange CSV: a session log as a file, one row per hold (see ``data/README.md``).

A log travels in this format: to Binder and back, to a trainer, between computers.
:data:`EXCHANGE_COLUMNS` are the columns every file has, :data:`OPTIONAL_COLUMNS` those an
export adds so that a round trip keeps everything. :func:`read_exchange` turns a file into
checked sessions (with the rules of :mod:`stretchkit.values`), or refuses it whole with every
problem named by file, line and column; :func:`format_exchange` writes the rows of a log as
the file's text. Neither touches the log itself: :mod:`stretchkit.log` stores what is read
(:meth:`SessionLog.import_csv <stretchkit.SessionLog.import_csv>`) and exports what it holds
(:meth:`SessionLog.export_csv <stretchkit.SessionLog.export_csv>`), and
:func:`stretchkit.class_summary` reads the students' files without a log at all.

Examples
--------
>>> text = format_exchange(
...     [("s1", "2026-03-02T07:30:00+01:00", "cat_cow", "both", 45.0, 2, 0, None, 1, None)])
>>> sessions = read_exchange(text.encode(), StretchChecker(None), name="mine.csv")
>>> sessions["s1"].holds
[('cat_cow', 'both', 45.0, 2, False, None)]
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path

from .csvread import CsvError, decode, validate
from .errors import LogFileError, Problem
from .files import read_bytes, spreadsheet_restore, spreadsheet_safe
from .values import (
    BadValue,
    LoggedSession,
    StretchChecker,
    check_discomfort,
    check_flag,
    check_moment,
    check_note,
    check_seconds,
    check_session_id,
)

__all__ = ["EXCHANGE_COLUMNS", "OPTIONAL_COLUMNS", "format_exchange", "read_exchange"]

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
# Written by format_exchange so that a round trip keeps everything; a file may leave them out.
OPTIONAL_COLUMNS = ("warmed_up", "session_notes")


def format_exchange(rows: Iterable[tuple]) -> str:
    """The text of an exchange CSV holding ``rows``, with every column, optional ones too.

    Text that a spreadsheet would run as a formula is quoted; :func:`read_exchange` undoes it.

    Parameters
    ----------
    rows
        One tuple per hold, in file order: ``(session_id, started_at, stretch_id, side,
        seconds, discomfort, sharp_pain, notes, warmed_up, session_notes)``, with
        ``started_at`` as ISO 8601 text, ``sharp_pain`` true or false (or 1 or 0),
        ``discomfort``, ``warmed_up``, ``notes`` and ``session_notes`` None when not given.
    """
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
    return buf.getvalue()


def read_exchange(
    source: bytes | str | os.PathLike,
    stretches: StretchChecker,
    *,
    name: str | None = None,
) -> dict[str, LoggedSession]:
    r"""Every session of an exchange CSV, checked, in file order, by session id.

    The rows of one session (same ``session_id``) become one :class:`LoggedSession`, its
    holds in file order; they must agree on ``started_at``, ``warmed_up`` and
    ``session_notes``. The file is read whole or not at all.

    Parameters
    ----------
    source
        The file's path, or its bytes.
    stretches
        What stretch names and sides are checked against.
    name
        The file's name in messages; the path's file name if not given (needed with bytes).

    Returns
    -------
    dict
        Each session id with its :class:`LoggedSession`.

    Raises
    ------
    stretchkit.LogFileError
        The file breaks a rule: every problem found (up to about 200), each with the file,
        line and column, and the character where the text itself cannot be read.
    OSError
        The file cannot be read (see :func:`stretchkit.files.read_bytes`).

    Examples
    --------
    >>> raw = b"session_id,started_at,stretch_id,side,seconds,discomfort,sharp_pain,notes\n"
    >>> bad = raw + b"s1,2026-03-02T07:30:00Z,cat_cow,left,30,,false,\n"
    >>> try:
    ...     read_exchange(bad, StretchChecker(None), name="mine.csv")
    ... except LogFileError as e:
    ...     print(e.problems[0])
    mine.csv, line 2, column 'side': Cat-Cow works both sides at once; write both
    """
    if isinstance(source, bytes | bytearray):
        if name is None:
            raise TypeError("name must be given with the bytes of a file, for its messages")
        raw = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source).expanduser()
        name = path.name if name is None else name
        raw = read_bytes(path)
    else:
        raise TypeError(f"source must be a file path or bytes, not {type(source).__name__}")
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
    sessions: dict[str, LoggedSession] = {}
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
            except BadValue as e:
                problems.append(Problem(name, str(e), line, column))
                return None

        sid = get("session_id", lambda v: check_session_id(spreadsheet_restore(v)))
        started = get("started_at", check_moment, naive_is_local=False)
        stretch = get("stretch_id", lambda v: stretches.stretch(spreadsheet_restore(v)))
        side = get("side", stretches.side, stretch)
        hold = (
            stretch,
            side,
            get("seconds", check_seconds),
            get("discomfort", check_discomfort),
            get("sharp_pain", check_flag, what="sharp pain"),
            get("notes", check_note, restore=True),
        )
        warmed = get("warmed_up", check_flag, what="warmed up first", empty=None)
        snotes = get("session_notes", check_note, restore=True)
        if len(problems) > before:
            continue
        session = sessions.get(sid)
        if session is None:
            sessions[sid] = LoggedSession(sid, started, warmed, snotes, [hold], line, has_extras)
            continue
        for column, mine, theirs in (
            ("started_at", started, session.started),
            ("warmed_up", warmed, session.warmed_up),
            ("session_notes", snotes, session.notes),
        ):
            if column in at and (
                mine != theirs
                # Equal instants at other offsets compare equal; the offset must match too.
                or (column == "started_at" and mine.utcoffset() != session.started.utcoffset())
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
