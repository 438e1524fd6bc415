"""How a person's stretching is going: weeks against the frequency goal, minutes per muscle,
days in a row, and discomfort over time, read from the session log.

Every function takes the log itself (a :class:`~stretchkit.SessionLog`) or its holds as a
table shaped like :meth:`SessionLog.entries() <stretchkit.SessionLog.entries>`, and returns a
tidy DataFrame (or, for :func:`streaks`, a small frozen dataclass). Weeks start on Monday and
a session belongs to the calendar date where it happened (the log's ``day``), so a session at
23:30 on a Sunday counts for that Sunday's week wherever the computer is now.

Examples
--------
>>> from stretchkit import sample_log
>>> log = sample_log()
>>> weekly = weekly_sessions(log)
>>> len(weekly), int(weekly["met"].sum())
(12, 9)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

import pandas as pd

from .catalog import Catalog, use_catalog
from .explore import resolve_stretch
from .weeks import (
    GOALS,
    check_weeks,
    count_text,
    days_a_week,
    goal_days,
    log_table,
    minutes_text,
    week_of,
)

__all__ = [
    "GOALS",
    "Streaks",
    "daily_minutes",
    "discomfort_trend",
    "minutes_by_muscle",
    "streaks",
    "unknown_stretches",
    "weekly_sessions",
]

DataDir = str | os.PathLike | None

WEEKLY_DTYPES = {
    "week": "datetime64[ns]",
    "sessions": "int64",
    "days": "int64",
    "minutes": "float64",
    "goal_min": "int64",
    "goal_max": "int64",
    "met": "bool",
}
DAILY_DTYPES = {
    "day": "datetime64[ns]",
    "sessions": "int64",
    "minutes": "float64",
    "sharp_pain": "bool",
}


def _empty(dtypes: dict) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


# --- the summaries ----------------------------------------------------------------------


def weekly_sessions(
    log,
    *,
    goal="target",
    weeks: int | None = None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """One row per calendar week (Monday to Sunday): sessions, days stretched, minutes, and
    whether the week met the frequency goal.

    The weeks run from the first week with a session to the last, and a week without a
    session is a row of zeros. The goal counts days stretched, not sessions, because the
    guidelines speak of days a week: two sessions on one day make one day.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    goal
        ``"target"``, ``"minimum"`` or ``"persistent"``, read from the guideline rows
        ``frequency_target``, ``frequency_minimum`` and ``frequency_persistent``; or a
        ``(low, high)`` pair of whole days a week from 1 to 7.
    weeks
        Keep only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables, whose guidelines give the goal.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    pandas.DataFrame
        ``week`` (the Monday), ``sessions``, ``days`` (distinct days stretched), ``minutes``,
        ``goal_min``, ``goal_max``, ``met`` (``days >= goal_min``), oldest week first.

    Raises
    ------
    ValueError
        ``goal`` is not one of the above, or ``weeks`` is below 1.
    TypeError
        ``log`` is neither a SessionLog nor a table of holds.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> weekly = weekly_sessions(sample_log(), weeks=3)
    >>> weekly[["sessions", "days", "goal_min", "met"]].to_dict("list")
    {'sessions': [3, 5, 4], 'days': [3, 5, 4], 'goal_min': [3, 3, 3], 'met': [True, True, True]}
    >>> str(weekly["week"].iloc[0].date())
    '2026-11-02'
    """
    low, high, _ = goal_days(goal, data_dir, catalog=catalog)
    weeks = check_weeks(weeks)
    sessions = log_table(log, per="session")
    if sessions.empty:
        return _empty(WEEKLY_DTYPES)
    sessions = sessions.assign(week=week_of(sessions["day"]))
    by = sessions.groupby("week")
    out = pd.DataFrame(
        {
            "sessions": by.size(),
            "days": by["day"].nunique(),
            "minutes": by["minutes"].sum(),
        }
    )
    span = pd.date_range(out.index.min(), out.index.max(), freq="7D", name="week")
    out = out.reindex(span, fill_value=0).reset_index()
    if weeks is not None:
        out = out.tail(weeks).reset_index(drop=True)
    out["goal_min"] = low
    out["goal_max"] = high
    out["met"] = out["days"] >= low
    return out.astype(WEEKLY_DTYPES)


def minutes_by_muscle(
    log, *, weeks: int | None = None, data_dir: DataDir = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """Minutes of stretching each muscle got, week by week.

    A hold's minutes count toward every muscle its stretch targets (the ``stretch_muscles``
    table), so a muscle's minutes are the time spent in stretches that reach it, and the
    muscles' minutes add up to more than the time stretched. Every week from the first to the
    last logged week has a row for every muscle, zero where nothing reached it. Stretches of
    the log that the tables do not know reach no muscle here; :func:`unknown_stretches` lists
    them.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    weeks
        Keep only the last ``weeks`` weeks; all of them if ``None``.
    data_dir
        A folder of custom tables (the muscles and which stretch reaches which).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    pandas.DataFrame
        ``week`` (the Monday), ``muscle_id`` (ordered categorical in the muscles table's
        order), ``muscle`` (its name), ``minutes``.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> df = minutes_by_muscle(sample_log(), weeks=1)
    >>> df[["muscle", "minutes"]].round(1).values.tolist()[:2]
    [['Erector spinae', 11.7], ['Quadratus lumborum', 8.9]]
    """
    weeks = check_weeks(weeks)
    holds = log_table(log, per="hold")
    cat = use_catalog(catalog, data_dir=data_dir)
    ids = cat.muscles["muscle_id"].tolist()
    kind = pd.CategoricalDtype(ids, ordered=True)
    if holds.empty:
        return pd.DataFrame(
            {
                "week": pd.Series(dtype="datetime64[ns]"),
                "muscle_id": pd.Series(dtype=kind),
                "muscle": pd.Series(dtype="string"),
                "minutes": pd.Series(dtype="float64"),
            }
        )
    holds = holds.assign(week=week_of(holds["day"]), minutes=holds["seconds"] / 60)
    span = pd.date_range(holds["week"].min(), holds["week"].max(), freq="7D")
    if weeks is not None:
        span = span[-weeks:]
    links = cat.stretch_muscles[["stretch_id", "muscle_id"]].astype(str)
    reached = holds[["week", "stretch_id", "minutes"]].astype({"stretch_id": str})
    reached = reached.merge(links, on="stretch_id")
    per = reached.groupby(["week", "muscle_id"])["minutes"].sum()
    grid = pd.MultiIndex.from_product([span, ids], names=["week", "muscle_id"])
    out = per.reindex(grid, fill_value=0.0).reset_index()
    names = dict(zip(ids, cat.muscles["name"], strict=True))
    out["week"] = out["week"].astype("datetime64[ns]")
    out["muscle_id"] = out["muscle_id"].astype(kind)
    out.insert(2, "muscle", out["muscle_id"].map(names).astype("string"))
    out["minutes"] = out["minutes"].astype("float64")
    return out


def unknown_stretches(
    log, *, data_dir: DataDir = None, catalog: Catalog | None = None
) -> list[str]:
    """The stretches of a log that the tables do not know, sorted: they reach no muscle in
    :func:`minutes_by_muscle`.

    A log kept with a trainer's own tables may hold stretches the built-in tables lack; read
    it with the same ``data_dir`` and the list is empty.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    data_dir
        A folder of custom tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> unknown_stretches(sample_log())
    []
    """
    holds = log_table(log, per="hold")
    known = set(use_catalog(catalog, data_dir=data_dir).stretches["stretch_id"])
    return sorted(set(holds["stretch_id"].dropna()) - known)


def daily_minutes(log) -> pd.DataFrame:
    """One row per day with at least one session: sessions, minutes, and any sharp pain.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.

    Returns
    -------
    pandas.DataFrame
        ``day``, ``sessions``, ``minutes``, ``sharp_pain`` (a hold that day had sharp pain),
        oldest day first.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> days = daily_minutes(sample_log())
    >>> days.loc[days["sharp_pain"], "day"].dt.strftime("%a %d %b").tolist()
    ['Thu 15 Oct']
    """
    sessions = log_table(log, per="session")
    if sessions.empty:
        return _empty(DAILY_DTYPES)
    by = sessions.groupby("day")
    out = pd.DataFrame(
        {
            "sessions": by.size(),
            "minutes": by["minutes"].sum(),
            "sharp_pain": by["sharp_pain"].any(),
        }
    )
    return out.reset_index().astype(DAILY_DTYPES)


def discomfort_trend(
    log, *, stretches=None, data_dir: DataDir = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """How uncomfortable each stretch felt, session by session.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    stretches
        Keep only these stretches: one or a list of ids, names or aliases.
    data_dir
        A folder of custom tables (the stretch names and aliases).
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    pandas.DataFrame
        One row per session and stretch, oldest first: ``day``, ``started_at``,
        ``session_id``, ``stretch_id``, ``name``, ``discomfort`` (the mean of the holds rated
        0-10, e.g. both sides; NaN when none was rated) and ``sharp_pain`` (any hold).

    Raises
    ------
    stretchkit.UnknownNameError
        A stretch in ``stretches`` is not in the tables.

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> trend = discomfort_trend(sample_log(), stretches="figure 4")
    >>> trend["discomfort"].head(5).tolist()
    [5.0, 5.0, 5.0, 6.0, 4.5]
    >>> trend.loc[trend["sharp_pain"], ["day", "name"]].astype(str).values.tolist()
    [['2026-10-15', 'Figure-Four']]
    """
    holds = log_table(log, per="hold")
    cat = use_catalog(catalog, data_dir=data_dir)
    table = cat.stretches
    names = dict(zip(table["stretch_id"], table["name"], strict=True))
    if stretches is not None:
        wanted = [stretches] if isinstance(stretches, str) else list(stretches)
        chosen = {resolve_stretch(s, catalog=cat) for s in wanted}
        holds = holds[holds["stretch_id"].isin(chosen)]
    by = holds.groupby(["session_id", "stretch_id"], sort=False)
    out = pd.DataFrame(
        {
            "day": by["day"].first(),
            "started_at": by["started_at"].first(),
            "discomfort": by["discomfort"].mean(),
            "sharp_pain": by["sharp_pain"].any(),
        }
    ).reset_index()
    out.insert(4, "name", out["stretch_id"].map(lambda s: names.get(s, s)))
    out = out[["day", "started_at", "session_id", "stretch_id", "name", "discomfort", "sharp_pain"]]
    out = out.astype(
        {
            "day": "datetime64[ns]",
            "started_at": holds["started_at"].dtype,
            "session_id": "string",
            "stretch_id": "string",
            "name": "string",
            "discomfort": "float64",
            "sharp_pain": "bool",
        }
    )
    # A stable sort keeps the order the stretches were done in within a session.
    return out.sort_values("started_at", kind="stable").reset_index(drop=True)


# --- streaks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Streaks:
    """Runs of days and weeks, and how often the goal was met; made by :func:`streaks`.

    Attributes
    ----------
    current_days, longest_days
        Days in a row with a session: the run going now (up to today or yesterday), and the
        longest ever.
    current_weeks, longest_weeks
        Weeks in a row that met the goal: now, and the longest ever.
    weeks_met, weeks_logged, adherence
        Weeks that met the goal, weeks from the first logged to the last, and the share of
        them that met it (0 to 1).
    sessions, minutes, last_day
        Sessions and minutes in all, and the day of the last session (``None`` if none).
    goal
        The goal as (fewest, most) days a week.
    """

    current_days: int
    longest_days: int
    current_weeks: int
    longest_weeks: int
    weeks_met: int
    weeks_logged: int
    adherence: float
    sessions: int
    minutes: float
    last_day: date | None
    goal: tuple[int, int]

    def __str__(self) -> str:
        band = days_a_week(*self.goal)
        if not self.sessions:
            return f"No sessions logged yet. Your goal is {band}; your first session starts a run."
        runs = []
        if self.current_days:
            runs.append(f"stretched {count_text(self.current_days, 'day')} in a row")
        if self.current_weeks:
            runs.append(f"met your goal {count_text(self.current_weeks, 'week')} in a row")
        now = "You have " + " and ".join(runs) if runs else "No run is going now"
        first = (
            f"{now} (longest: {count_text(self.longest_days, 'day')} in a row, "
            f"{count_text(self.longest_weeks, 'week')} on goal)."
        )
        if self.weeks_logged:
            so_far = (
                f"{self.weeks_met} of {count_text(self.weeks_logged, 'week')} met the goal of "
                f"{band} ({self.adherence:.0%})"
            )
        else:
            so_far = f"Your first week is under way; the goal is {band}"
        day = self.last_day
        assert day is not None  # there are sessions, so there is the day of the last one
        return (
            f"{first} {so_far}: {count_text(self.sessions, 'session')} and "
            f"{minutes_text(self.minutes)} in all, the last on {day:%a} {day.day} {day:%b %Y}."
        )

    def to_frame(self) -> pd.DataFrame:
        """The measures as a two-column table, ``measure`` and ``value``, for a notebook.

        Examples
        --------
        >>> from stretchkit import sample_log
        >>> streaks(sample_log(), today="2026-11-24").to_frame().iloc[:2].values.tolist()
        [['days in a row now', 0], ['most days in a row', 3]]
        """
        values = [getattr(self, f.name) for f in fields(self)]
        values[-1] = "{}-{}".format(*self.goal)
        return pd.DataFrame(
            {
                "measure": [_LABELS[f.name] for f in fields(self)],
                "value": pd.Series(values, dtype=object),
            }
        )


_LABELS = {
    "current_days": "days in a row now",
    "longest_days": "most days in a row",
    "current_weeks": "weeks in a row on goal now",
    "longest_weeks": "most weeks in a row on goal",
    "weeks_met": "weeks that met the goal",
    "weeks_logged": "weeks logged",
    "adherence": "share of weeks on goal",
    "sessions": "sessions",
    "minutes": "minutes",
    "last_day": "last session",
    "goal": "goal (days a week)",
}


def _today(today) -> date:
    if today is None:
        return date.today()
    if isinstance(today, datetime):
        return today.date()
    if isinstance(today, date):
        return today
    if isinstance(today, str):
        try:
            return date.fromisoformat(today.strip())
        except ValueError:
            try:
                return datetime.fromisoformat(today.strip()).date()
            except ValueError:
                pass
        raise ValueError(f"today {today!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24")
    raise TypeError(f"today must be a date or ISO text (YYYY-MM-DD), not {type(today).__name__}")


def _longest_run(values: list, step) -> int:
    """The longest run of ``values`` (sorted, distinct) each one ``step`` after the last."""
    best = run = 0
    previous = None
    for v in values:
        run = run + 1 if previous is not None and v - previous == step else 1
        best = max(best, run)
        previous = v
    return best


def _run_back(found: set, start, step) -> int:
    n = 0
    while start in found:
        n += 1
        start -= step
    return n


def streaks(
    log, *, goal="target", today=None, data_dir: DataDir = None, catalog: Catalog | None = None
) -> Streaks:
    """Days in a row, weeks in a row on the goal, and how many weeks met it.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, or a table shaped like ``SessionLog.entries()``.
    goal
        As for :func:`weekly_sessions`: ``"target"``, ``"minimum"``, ``"persistent"`` or a
        ``(low, high)`` pair of days a week.
    today
        The date to count from, as a date or ISO text; this computer's date if ``None``.
    data_dir
        A folder of custom tables, whose guidelines give the goal.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    Streaks
        ``current_days`` counts the days in a row with a session up to today, or up to
        yesterday while today has none yet. ``current_weeks`` counts the weeks in a row that
        met the goal; the week of ``today`` joins the run once it meets the goal, and while
        it is under way it does not break the run. ``weeks_logged`` counts the weeks from the
        first logged week to the last, empty ones included, leaving out a week under way that
        has not met the goal yet; ``adherence`` is ``weeks_met / weeks_logged`` (0.0 for an
        empty log).

    Examples
    --------
    >>> from stretchkit import sample_log
    >>> s = streaks(sample_log(), today="2026-11-23")
    >>> s.current_days, s.longest_days, s.current_weeks, s.longest_weeks
    (1, 3, 4, 5)
    >>> print(s)  # doctest: +NORMALIZE_WHITESPACE
    You have stretched 1 day in a row and met your goal 4 weeks in a row (longest: 3 days in a
    row, 5 weeks on goal). 9 of 12 weeks met the goal of 3 to 5 days a week (75%): 37 sessions
    and 162 minutes in all, the last on Sun 22 Nov 2026.
    """
    low, high, _ = goal_days(goal, data_dir, catalog=catalog)
    today = _today(today)
    sessions = log_table(log, per="session")
    if sessions.empty:
        return Streaks(0, 0, 0, 0, 0, 0, 0.0, 0, 0.0, None, (low, high))
    days = sorted({d.date() for d in sessions["day"]})
    day = timedelta(days=1)
    week = timedelta(days=7)
    found = set(days)
    current_days = _run_back(found, today if today in found else today - day, day)

    per_week: dict[date, int] = {}
    for d in days:
        monday = d - timedelta(days=d.weekday())
        per_week[monday] = per_week.get(monday, 0) + 1
    met = sorted(w for w, n in per_week.items() if n >= low)
    this_week = today - timedelta(days=today.weekday())
    met_set = set(met)
    current_weeks = _run_back(
        met_set, this_week if this_week in met_set else this_week - week, week
    )
    first, last = min(per_week), max(per_week)
    span = [first + i * week for i in range((last - first) // week + 1)]
    logged = [w for w in span if w < this_week or w in met_set]
    weeks_met = len(met)
    return Streaks(
        current_days=current_days,
        longest_days=_longest_run(days, day),
        current_weeks=current_weeks,
        longest_weeks=_longest_run(met, week),
        weeks_met=weeks_met,
        weeks_logged=len(logged),
        adherence=weeks_met / len(logged) if logged else 0.0,
        sessions=len(sessions),
        minutes=float(sessions["minutes"].sum()),
        last_day=days[-1],
        goal=(low, high),
    )
