"""Weeks of a session log: the log as a table, the Monday of a day's week, the frequency goal
in days a week, and how a summary says its counts.

:mod:`stretchkit.progress`, :mod:`stretchkit.classroom` and the progress and class charts
read the log and the goal through these, so a week and a goal mean the same everywhere.

Examples
--------
>>> import pandas as pd
>>> week_of(pd.Series(pd.to_datetime(["2026-11-22", "2026-11-24"]))).dt.date.tolist()
[datetime.date(2026, 11, 16), datetime.date(2026, 11, 23)]
>>> low, high, title = goal_days((3, 5))
>>> days_a_week(low, high)
'3 to 5 days a week'
"""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd

from .catalog import Catalog, use_catalog
from .log import SessionLog

__all__ = [
    "GOALS",
    "check_weeks",
    "count_text",
    "days_a_week",
    "goal_days",
    "log_table",
    "minutes_text",
    "week_of",
]

DataDir = str | os.PathLike | None

# The goal names and the guideline rows they read.
GOALS = {
    "target": "frequency_target",
    "minimum": "frequency_minimum",
    "persistent": "frequency_persistent",
}
# What a table given in place of a log needs; SessionLog.entries() has these and more.
_NEEDED = ("session_id", "started_at", "day", "stretch_id", "seconds", "discomfort", "sharp_pain")


def log_table(log, *, per: str = "hold") -> pd.DataFrame:
    """The holds (``per="hold"``) or the sessions (``per="session"``) of a log, from a
    :class:`~stretchkit.SessionLog` or from a table shaped like ``SessionLog.entries()``.

    Sessions come with ``session_id, started_at, day, minutes, sharp_pain``; from a
    SessionLog they are read from its session rows, which is much faster than its holds.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> log_table(sample_log(), per="session").columns.tolist()
    ['session_id', 'started_at', 'day', 'minutes', 'sharp_pain']
    """
    if isinstance(log, SessionLog):
        if per == "session":
            return log.sessions()[["session_id", "started_at", "day", "minutes", "sharp_pain"]]
        return log.entries()
    if not isinstance(log, pd.DataFrame):
        raise TypeError(
            "log must be a SessionLog or a table of holds shaped like SessionLog.entries(), "
            f"not {type(log).__name__}"
        )
    missing = [c for c in _NEEDED if c not in log.columns]
    if missing:
        raise ValueError(
            f"the table of holds has no column {', '.join(missing)}; give a SessionLog or a "
            f"table shaped like SessionLog.entries(), with {', '.join(_NEEDED)}"
        )
    holds = log.copy()
    day = pd.to_datetime(holds["day"])
    if isinstance(day.dtype, pd.DatetimeTZDtype):
        day = day.dt.tz_localize(None)
    holds["day"] = day.dt.normalize().astype("datetime64[ns]")
    if not pd.api.types.is_datetime64_any_dtype(holds["started_at"]):
        holds["started_at"] = pd.to_datetime(holds["started_at"], utc=True)
    holds["session_id"] = holds["session_id"].astype("string")
    holds["stretch_id"] = holds["stretch_id"].astype("string")
    holds["seconds"] = pd.to_numeric(holds["seconds"]).astype("float64")
    holds["discomfort"] = pd.to_numeric(holds["discomfort"]).astype("Float64")
    holds["sharp_pain"] = holds["sharp_pain"].fillna(False).astype(bool)
    if per == "hold":
        return holds
    sessions = holds.groupby("session_id", sort=False).agg(
        started_at=("started_at", "first"),
        day=("day", "first"),
        seconds=("seconds", "sum"),
        sharp_pain=("sharp_pain", "any"),
    )
    sessions.insert(3, "minutes", sessions.pop("seconds") / 60)
    return sessions.reset_index().astype({"session_id": "string", "sharp_pain": bool})


def week_of(days: pd.Series) -> pd.Series:
    """The Monday of each day's week (weeks start on Monday)."""
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def check_weeks(weeks) -> int | None:
    """Return ``weeks`` (the last N weeks) as an int, or None for all; refuse anything else.

    Examples
    --------
    >>> check_weeks(4), check_weeks(None)
    (4, None)
    """
    if weeks is None:
        return None
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer):
        raise TypeError(f"weeks must be a whole number of weeks or None, not {weeks!r}")
    if weeks < 1:
        raise ValueError(
            f"weeks must be 1 or more (the last N weeks), or None for all, not {weeks}"
        )
    return int(weeks)


def goal_days(
    goal, data_dir: DataDir = None, *, catalog: Catalog | None = None
) -> tuple[int, int, str | None]:
    """The goal as (fewest, most) days a week, and the guideline's title for a named goal.

    Parameters
    ----------
    goal
        A name in :data:`GOALS` (a frequency row of ``guidelines.csv``) or a ``(low, high)``
        pair of whole days a week from 1 to 7.
    data_dir
        A folder of custom tables; defaults to ``STRETCHKIT_DATA`` or the built-in tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> goal_days((3, 5))
    (3, 5, None)
    """
    valid = (
        "'target', 'minimum' or 'persistent' (the frequency rows of guidelines.csv), or a "
        "(low, high) pair of whole days a week from 1 to 7, e.g. (3, 5)"
    )
    if isinstance(goal, str):
        if goal not in GOALS:
            raise ValueError(f"goal must be {valid}; got {goal!r}")
        guides = use_catalog(catalog, data_dir=data_dir).guidelines
        row = guides.set_index("guideline_id").loc[GOALS[goal]]
        # The catalog checks guideline ids are unique, so one id selects one row.
        assert isinstance(row, pd.Series)
        # The catalog allows fractions; a day is stretched or not, so round inwards.
        low = math.ceil(float(row["value_min"]))
        return low, max(low, math.floor(float(row["value_max"]))), str(row["title"])
    if isinstance(goal, tuple | list) and len(goal) == 2:
        low, high = goal
        whole = all(
            isinstance(v, int | np.integer) and not isinstance(v, bool) for v in (low, high)
        )
        if whole and 1 <= low <= high <= 7:
            return int(low), int(high), None
    raise ValueError(f"goal must be {valid}; got {goal!r}")


def days_a_week(low: int, high: int) -> str:
    """A goal of ``low`` to ``high`` days a week, in words.

    Examples
    --------
    >>> days_a_week(3, 3), days_a_week(2, 4), days_a_week(7, 7)
    ('3 days a week', '2 to 4 days a week', 'every day')
    """
    if low == high == 7:
        return "every day"
    return f"{low} days a week" if low == high else f"{low} to {high} days a week"


def count_text(count: int, noun: str) -> str:
    """``count`` and ``noun``, the noun plural unless the count is 1.

    Examples
    --------
    >>> count_text(1, "week"), count_text(3, "session")
    ('1 week', '3 sessions')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


def minutes_text(minutes: float) -> str:
    """Minutes in words: whole minutes from 10 up, to one decimal place below 10.

    Examples
    --------
    >>> minutes_text(1), minutes_text(2.25), minutes_text(12.6)
    ('1 minute', '2.2 minutes', '13 minutes')
    """
    text = f"{round(minutes)}" if minutes >= 10 else f"{round(minutes, 1):g}"
    return f"{text} minute{'' if text == '1' else 's'}"
