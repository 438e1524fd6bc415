"""Checking one value, and one session, before it reaches the log.

Every value a person or a file gives the log passes through here: a start time, the seconds
of a hold, a discomfort rating, a true/false flag, a note, a session id, a stretch and its
side. Each check returns the value normalised (a datetime at whole seconds with its UTC
offset, seconds rounded to a tenth, ...) or raises :class:`BadValue` with a message that says
what would be valid, whatever the type given, so that no later step can fail on it.
:func:`check_session` checks a whole session given in Python (what
:meth:`SessionLog.add_session <stretchkit.SessionLog.add_session>` takes) into a
:class:`LoggedSession`; :mod:`stretchkit.exchange` checks the rows of an exchange CSV with the
same functions.

This module knows nothing of files or storage: :mod:`stretchkit.exchange` (the exchange CSV)
and :mod:`stretchkit.log` (the SQLite log) are built on it.

Examples
--------
>>> check_seconds("30")
30.0
>>> check_moment("2026-03-02T07:30:00+01:00", naive_is_local=False).isoformat()
'2026-03-02T07:30:00+01:00'
>>> try:
...     check_discomfort(11)
... except BadValue as e:
...     print(e)  # doctest: +NORMALIZE_WHITESPACE
11 is not on the scale; give a whole number from 0 (none) to 10 (worst), or leave it
empty
"""

from __future__ import annotations

import math
import numbers
import os
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import tzlocal

from .catalog import Catalog, lookup_key, split_aliases, use_catalog
from .files import spreadsheet_restore
from .names import stretch_id_for

__all__ = [
    "FIRST_YEAR",
    "MAX_NOTE",
    "MAX_SECONDS",
    "OFFSETS",
    "SESSION_ID",
    "SIDES",
    "BadValue",
    "LoggedSession",
    "StretchChecker",
    "check_discomfort",
    "check_flag",
    "check_moment",
    "check_note",
    "check_seconds",
    "check_session",
    "check_session_id",
    "local_zone",
    "same_session",
    "shown",
]

DataDir = str | os.PathLike | None

SIDES = ("left", "right", "both")
MAX_SECONDS = 600  # one hold of ten minutes: anything longer is a typing slip
MAX_NOTE = 2000
# A session id: 1 to 64 letters, digits, '_', '.', ':' or '-', a letter or digit first.
SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
FIRST_YEAR = 1970  # sessions are ordered by seconds since 1970
# The UTC offsets places use: from Baker Island (-12:00) to Kiribati's Line Islands (+14:00).
OFFSETS = (timedelta(hours=-12), timedelta(hours=14))


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
        zone = datetime.now().astimezone().tzinfo
        # astimezone() with no argument always gives an aware time, so there is a zone.
        assert zone is not None
        return zone


# --- one value ---------------------------------------------------------------------------


class BadValue(ValueError):
    """One value is wrong; the message says what would be valid."""


def shown(value, limit: int = 60) -> str:
    """``value`` as a message shows it: its repr, cut short, so that whatever a caller or a
    file gives (100,000 characters, a number of 400 digits) the message stays readable.

    Parameters
    ----------
    value
        Anything; a repr that fails still gives ``<TypeName>``.
    limit
        The most characters shown.

    Examples
    --------
    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (102 characters)"
    >>> shown(10**500)
    'a whole number of about 501 digits'
    """
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
            raise BadValue(f"is empty; {valid}")
        try:
            number = float(text)
        except ValueError:
            raise BadValue(f"{shown(text)} is not a number; {valid}") from None
    elif isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real | Decimal):
        raise BadValue(f"{shown(value)} is not a number; {valid}")
    else:
        try:
            number = float(value)
        except OverflowError:  # 10**400: a number, but no float holds it
            number = -math.inf if value < 0 else math.inf
        except (TypeError, ValueError, ArithmeticError):
            raise BadValue(f"{shown(value)} is not a number; {valid}") from None
    if math.isnan(number):
        raise BadValue(f"{shown(value)} is not a number; {valid}")
    return number


def _figure(number: float, value) -> str:
    """A number as a message shows it: 30, 2.5, -1; what was given when it is out of range."""
    return f"{number:g}" if math.isfinite(number) else shown(value)


def check_moment(value, *, naive_is_local: bool) -> datetime:
    """An aware datetime at whole seconds, with the UTC offset it was given in, from 1970 to
    tomorrow: nothing else gets through, whatever the type, so no later step can overflow.

    Parameters
    ----------
    value
        A datetime (Python's, pandas' or numpy's) or ISO 8601 text.
    naive_is_local
        Whether a time without a UTC offset is taken in this computer's zone
        (:func:`local_zone`); if not, it is refused.

    Raises
    ------
    BadValue
        Anything else, with what would be valid.
    """
    example = "e.g. 2026-03-02T07:30:00+01:00"
    if _missing(value):
        raise BadValue(f"is empty; give the date and time the session started, {example}")
    if isinstance(value, np.datetime64):
        try:
            moment = value.astype("datetime64[us]").item()
        except (OverflowError, ValueError):
            moment = None
        if not isinstance(moment, datetime):  # numpy's calendar runs past Python's year 9999
            raise BadValue(f"{value} is not a date and time Python can hold; check the year")
        value = moment
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime(warn=False)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise BadValue(f"is empty; give the date and time the session started, {example}")
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise BadValue(
                f"{shown(text)} is not a date and time; write it in ISO 8601 with the UTC "
                f"offset, {example}"
            ) from None
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise BadValue(f"{value} is a date without a time; give a datetime, {example}")
        raise BadValue(f"{shown(value)} is not a date and time; give a datetime or text, {example}")
    # The year first, on the clock as given: converting year 1 or 9999 to UTC would overflow.
    if value.year < FIRST_YEAR:
        raise BadValue(f"{_iso(value)} is before {FIRST_YEAR}; check the year")
    try:
        offset = value.utcoffset()
    except Exception as e:  # a caller's own tzinfo may fail in any way
        raise BadValue(
            f"{shown(value)}: its time zone gives no UTC offset ({type(e).__name__}); give "
            f"the offset instead, {example}"
        ) from None
    if offset is None:
        if not naive_is_local:
            raise BadValue(
                f"{value.isoformat()} has no UTC offset, so the moment is unknown; add one, "
                f"{example} (or Z for UTC)"
            )
        value = value.replace(tzinfo=local_zone())
        offset = value.utcoffset()
    if not OFFSETS[0] <= offset <= OFFSETS[1]:
        raise BadValue(
            f"{_iso(value)} has the UTC offset {_offset(offset)}, which no place uses; they run "
            f"from {_offset(OFFSETS[0])} to {_offset(OFFSETS[1])}"
        )
    if value > datetime.now(UTC) + timedelta(days=1):
        raise BadValue(f"{_iso(value)} lies in the future; give the time the session started")
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


def check_seconds(value) -> float:
    """The seconds of one hold, 0 to :data:`MAX_SECONDS`, rounded to a tenth.

    Parameters
    ----------
    value
        A number, or a number as text.

    Raises
    ------
    BadValue
        Not a number, negative, or longer than one hold can be.
    """
    valid = f"give the seconds held, 0 to {MAX_SECONDS}"
    number = _number(value, valid)
    if number < 0:
        raise BadValue(f"{_figure(number, value)} is negative; {valid}")
    if number > MAX_SECONDS:
        unit = " s" if math.isfinite(number) else ""
        raise BadValue(
            f"{_figure(number, value)}{unit} is longer than one hold can be ({MAX_SECONDS} s); "
            "give the seconds of one hold, one row per hold"
        )
    return round(number, 1)


def check_discomfort(value) -> int | None:
    """A discomfort rating, a whole number from 0 to 10; None when left out or empty.

    Parameters
    ----------
    value
        A number, a number as text, or a missing value.

    Raises
    ------
    BadValue
        Not a whole number on the scale.
    """
    valid = "give a whole number from 0 (none) to 10 (worst), or leave it empty"
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    number = _number(value, valid)
    if not number.is_integer() or not 0 <= number <= 10:
        raise BadValue(f"{_figure(number, value)} is not on the scale; {valid}")
    return int(number)


def check_flag(value, *, what: str, empty=False) -> bool | None:
    """True or false, from a bool, 0 or 1, or text (true/yes/1, false/no/0, any case).

    Parameters
    ----------
    value
        The value given.
    what
        What the flag says, for the message (e.g. ``"sharp pain"``).
    empty
        ``None`` to let an empty or missing value through as None; otherwise an empty text
        is refused.

    Raises
    ------
    BadValue
        Anything that is not true or false.
    """
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
            raise BadValue(f"is empty; {valid} ({what})")
        raise BadValue(f"{shown(value)} is not true or false; {valid} ({what})")
    if _missing(value) and empty is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    raise BadValue(f"{shown(value)} is not true or false; {valid} ({what})")


def check_note(value, *, restore: bool = False) -> str | None:
    """A note as text with Unix line ends, under :data:`MAX_NOTE` characters; None when left
    out or empty.

    Parameters
    ----------
    value
        Text or a missing value.
    restore
        Undo the quoting that keeps a spreadsheet from running the text as a formula (see
        :func:`stretchkit.files.spreadsheet_restore`), for a note read from a file.

    Raises
    ------
    BadValue
        Not text, too long, or with a broken or control character.
    """
    if _missing(value):
        return None
    if not isinstance(value, str):
        raise BadValue(f"{shown(value)} is not text; give the note as text")
    if len(value) > 2 * MAX_NOTE + 2:  # before any work on it: it is refused anyway
        raise BadValue(f"has {len(value):,} characters; keep a note under {MAX_NOTE}")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if restore:
        text = spreadsheet_restore(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValue("holds a broken character (a lone surrogate); retype the note") from None
    odd = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"), None)
    if odd is not None:
        raise BadValue(f"holds the control character U+{ord(odd):04X}; remove it")
    if len(text) > MAX_NOTE:
        raise BadValue(f"has {len(text):,} characters; keep a note under {MAX_NOTE}")
    return text or None


def check_session_id(value) -> str:
    """A session id, stripped: it must match :data:`SESSION_ID`.

    Parameters
    ----------
    value
        The id given, as text.

    Raises
    ------
    BadValue
        Anything else.
    """
    text = value.strip() if isinstance(value, str) else None
    if text is None or not SESSION_ID.fullmatch(text):
        raise BadValue(
            f"{shown(value)} is not a session id; use 1 to 64 letters, digits, '_', '.', ':' or "
            "'-', starting with a letter or digit"
        )
    return text


class StretchChecker:
    """Resolve stretch ids, names and aliases once per catalog, and check sides.

    Parameters
    ----------
    data_dir
        The tables stretches are checked against (the kit's own if None).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again, so a one-off reading (a class summary) checks its files against
        the same tables it sums them with. A :class:`~stretchkit.SessionLog` gives its folder
        instead: it re-checks that folder over time, it does not keep one snapshot.

    Attributes
    ----------
    cat
        The catalog read.
    per_side
        Each stretch id: whether it is done one side at a time.
    name
        Each stretch id: the stretch's name.

    Examples
    --------
    >>> check = StretchChecker(None)
    >>> check.stretch("Figure-Four"), check.side("LEFT", "figure_four")
    ('figure_four', 'left')
    """

    def __init__(self, data_dir: DataDir, *, catalog: Catalog | None = None):
        self.cat = use_catalog(catalog, data_dir=data_dir)
        self.names: dict[str, str] = {}
        for row in self.cat.stretches.itertuples(index=False):
            sid = str(row.stretch_id)  # a required text column, so never missing
            for n in [row.stretch_id, row.name, *split_aliases(row.aliases)]:
                # The columns hold text, so a name that is not a str is a missing one.
                if isinstance(n, str) and lookup_key(n):
                    self.names.setdefault(lookup_key(n), sid)
        table = self.cat.stretches.set_index("stretch_id")
        self.per_side = table["per_side"].to_dict()
        self.name = table["name"].to_dict()

    def stretch(self, value) -> str:
        """The id of the stretch ``value`` names (its id, name or an alias, in any case).

        Parameters
        ----------
        value
            The stretch as text.

        Raises
        ------
        BadValue
            Not text, or no stretch of the catalog, with the nearest names.
        """
        if not isinstance(value, str):
            raise BadValue(f"{shown(value)} is not a stretch; give its id or name as text")
        if len(value) > 200:  # no name is that long; and the message must stay short
            raise BadValue(f"unknown stretch {shown(value)}; give a stretch id or name")
        found = self.names.get(lookup_key(value))
        if found:
            return found
        try:
            stretch_id_for(value, self.cat)
        except ValueError as e:
            raise BadValue(str(e)) from None
        raise BadValue(f"unknown stretch {value!r}")  # pragma: no cover - stretch_id_for raised

    def side(self, value, stretch_id: str | None) -> str:
        """The side, lower case: left or right for a stretch done one side at a time, both
        for one that works both sides at once.

        Parameters
        ----------
        value
            The side as text.
        stretch_id
            The stretch it is for; None when the stretch was not valid (only the word is
            checked then).

        Raises
        ------
        BadValue
            Not a side, or a side the stretch is not done on.
        """
        text = value.strip().lower() if isinstance(value, str) else None
        if text not in SIDES:
            raise BadValue(f"{shown(value)} is not a side; write left, right or both")
        if stretch_id is None:
            return text
        name = self.name[stretch_id]
        if self.per_side[stretch_id] and text == "both":
            raise BadValue(
                f"{name} is done on one side at a time; write left or right, one row per side"
            )
        if not self.per_side[stretch_id] and text != "both":
            raise BadValue(f"{name} works both sides at once; write both")
        return text


# --- one session -------------------------------------------------------------------------


@dataclass
class LoggedSession:
    """One session, checked: what the log stores and the exchange CSV carries.

    Attributes
    ----------
    session_id
        Its id (see :data:`SESSION_ID`).
    started
        When it started, aware, at whole seconds, in the offset it was logged with.
    warmed_up, notes
        About the whole session; None when not given.
    holds
        The holds in the order done, each ``(stretch_id, side, seconds, discomfort,
        sharp_pain, notes)``.
    line
        The line of a file its first row is on (0 when not read from a file).
    has_extras
        False when read from a file without ``warmed_up`` and ``session_notes``: only the
        holds are compared then (see :func:`same_session`).
    """

    session_id: str
    started: datetime
    warmed_up: bool | None
    notes: str | None
    holds: list[tuple]  # (stretch_id, side, seconds, discomfort, sharp_pain, notes)
    line: int = 0
    # False when read from a file without warmed_up and session_notes: compare holds only.
    has_extras: bool = True


def check_session(
    entries,
    *,
    started_at,
    stretches: StretchChecker,
    notes=None,
    warmed_up=None,
    session_id=None,
) -> LoggedSession:
    """One session given in Python, checked, as :meth:`SessionLog.add_session
    <stretchkit.SessionLog.add_session>` takes it.

    Parameters
    ----------
    entries
        The holds in the order done: a list of dicts (or a DataFrame) with ``stretch_id``
        (or ``stretch``), ``seconds`` and optionally ``side``, ``discomfort``, ``sharp_pain``
        and ``notes``.
    started_at
        When the session started; without a UTC offset, this computer's zone.
    stretches
        What stretch names and sides are checked against.
    notes, warmed_up
        About the whole session.
    session_id
        Its id; a new one (``s`` and 15 hex digits) if None.

    Raises
    ------
    ValueError
        Every value at fault (up to 8), each named (``started_at``, ``entries[2]['seconds']``,
        ...) with what would be valid.
    TypeError
        ``entries`` is not a list of dicts or a DataFrame.

    Examples
    --------
    >>> s = check_session([{"stretch": "cat-cow", "seconds": "45"}],
    ...                   started_at="2026-03-02T07:30:00Z", stretches=StretchChecker(None),
    ...                   session_id="s1")
    >>> s.session_id, s.holds
    ('s1', [('cat_cow', 'both', 45.0, None, False, None)])
    """
    problems: list[str] = []

    def check(where: str, fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except BadValue as e:
            problems.append(f"{where}: {e}")
            return None

    started = check("started_at", check_moment, started_at, naive_is_local=True)
    notes = check("notes", check_note, notes)
    warmed = check("warmed_up", check_flag, warmed_up, what="warmed up first", empty=None)
    if session_id is None:
        # A letter first: a spreadsheet would turn an all-digit id into a number.
        session_id = "s" + uuid.uuid4().hex[:15]
    else:
        session_id = check("session_id", check_session_id, session_id)
    holds = []
    for i, entry in enumerate(_records(entries)):
        before = len(problems)
        fields = set(entry)
        unknown = sorted(fields - {*_ENTRY_FIELDS, "stretch"}, key=shown)
        if unknown:
            problems.append(
                f"entries[{i}]: unknown field {shown(unknown[0])}; the fields are "
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
            stretches.stretch,
            entry.get("stretch_id", entry.get("stretch")),
        )
        side = entry.get("side", "both")
        side = check(f"entries[{i}]['side']", stretches.side, side, stretch)
        holds.append(
            (
                stretch,
                side,
                check(f"entries[{i}]['seconds']", check_seconds, entry["seconds"]),
                check(f"entries[{i}]['discomfort']", check_discomfort, entry.get("discomfort")),
                check(
                    f"entries[{i}]['sharp_pain']",
                    check_flag,
                    entry.get("sharp_pain", False),
                    what="sharp pain",
                ),
                check(f"entries[{i}]['notes']", check_note, entry.get("notes")),
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
    return LoggedSession(session_id, started, warmed, notes, holds)


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


def same_session(a: LoggedSession, b: LoggedSession, *, extras: bool = True) -> bool:
    """The same session: same moment and offset, same holds (and same session fields).

    Parameters
    ----------
    a, b
        The two sessions; their ids are not compared.
    extras
        Compare ``warmed_up`` and ``notes`` too.
    """
    if a.started != b.started or a.started.utcoffset() != b.started.utcoffset():
        return False
    if a.holds != b.holds:
        return False
    return not extras or (a.warmed_up == b.warmed_up and a.notes == b.notes)
