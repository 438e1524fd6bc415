"""What a guided session actually did, from the timer's report, and saving it to the log.

The timer runs in the browser and, when the routine ends or is stopped, reports every step it
played: how long was spent in it and whether it was skipped. This module checks that report,
turns it into one row per stretch and side, and into the holds the log stores.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from .log import SessionLog
from .results import Result, check_table, not_a_result, result_html
from .routines import STEP_KINDS

__all__ = [
    "RESULT_COLUMNS",
    "STATUSES",
    "SessionResult",
    "check_result",
    "result_entries",
    "save_result",
    "session_result",
]

#: How a session ended: every step played, stopped by the person, or stopped for sharp pain.
STATUSES = ("done", "stopped", "sharp_pain")
RESULT_COLUMNS = (
    "step",
    "kind",
    "stretch_id",
    "name",
    "side",
    "round",
    "planned_s",
    "held_s",
    "skipped",
    "sharp_pain",
)
_STRETCHING = ("hold", "breath_reps")
_RUN_ID = re.compile(r"^[0-9a-f]{15}$")
_STEP_KEYS = ("step", "kind", "stretch_id", "name", "side", "round", "seconds", "done_s")
_MAKER = "session_result()"
_SLACK_S = 0.5  # the browser rounds to the millisecond; more than this over a step is not real


def _bad(where: str, what: str, got) -> ValueError:
    return ValueError(f"timer report {where}: {what}, not {got!r}")


def _when(report: Mapping, key: str) -> pd.Timestamp:
    text = report.get(key)
    try:
        moment = pd.Timestamp(text) if isinstance(text, str) else None
    except (TypeError, ValueError):
        moment = None
    if not isinstance(text, str) or moment is None or moment.tzinfo is None:
        raise _bad(
            key, "an ISO 8601 time with its UTC offset, e.g. 2026-11-24T18:05:00+01:00", text
        )
    return moment


def _steps(report: Mapping) -> list[dict]:
    steps = report.get("steps")
    if not isinstance(steps, list) or not steps:
        raise _bad("'steps'", "a list with one entry per step played", steps)
    out = []
    for i, step in enumerate(steps):
        where = f"steps[{i}]"
        if not isinstance(step, Mapping):
            raise _bad(where, "a mapping", step)
        missing = [k for k in _STEP_KEYS if k not in step]
        if missing:
            raise ValueError(
                f"timer report {where} is missing {', '.join(map(repr, missing))}; each step "
                f"has {', '.join(_STEP_KEYS)}"
            )
        if step["kind"] not in STEP_KINDS:
            raise _bad(f"{where}['kind']", f"one of {', '.join(STEP_KINDS)}", step["kind"])
        for key in ("seconds", "done_s"):
            value = step[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise _bad(f"{where}[{key!r}]", "a number of seconds, 0 or more", value)
        if step["done_s"] > step["seconds"] + _SLACK_S:
            raise _bad(
                f"{where}['done_s']",
                f"at most the step's {step['seconds']:g} s (its longest visit)",
                step["done_s"],
            )
        if isinstance(step["step"], bool) or step["step"] != i + 1:
            raise _bad(f"{where}['step']", f"{i + 1} (steps are numbered in order)", step["step"])
        if not isinstance(step.get("skipped", False), bool):
            raise _bad(f"{where}['skipped']", "True or False", step["skipped"])
        if step["kind"] in _STRETCHING:
            if not isinstance(step["stretch_id"], str) or not step["stretch_id"]:
                raise _bad(
                    f"{where}['stretch_id']", "the id of the stretch held", step["stretch_id"]
                )
            if step["side"] not in ("left", "right", "both"):
                raise _bad(f"{where}['side']", "left, right or both", step["side"])
        out.append(dict(step))
    return out


def _where(row: Mapping | pd.Series) -> str:
    return row["name"] + ("" if row["side"] in ("both", None) else f", {row['side']} side")


def _during(step: Mapping, row: Mapping, *, before_any: bool) -> str:
    """Where in the session sharp pain was reported, in words."""
    if step["kind"] in _STRETCHING:
        return _where(step)
    if before_any:
        return (
            "the warm-up, before any stretch"
            if step["kind"] == "warm_up"
            else ("getting ready, before any stretch")
        )
    return f"the change of position after {_where(row)}"


_RESULT_DTYPES: dict[str, str | pd.CategoricalDtype] = {
    "step": "int64",
    "kind": pd.CategoricalDtype(list(STEP_KINDS), ordered=True),
    "stretch_id": "string",
    "name": "string",
    "side": "string",
    "round": "Int64",
    "planned_s": "float64",
    "held_s": "float64",
    "skipped": "bool",
    "sharp_pain": "bool",
}


@dataclass(frozen=True, eq=False, repr=False)
class SessionResult(Result):
    """What a guided session did, as :func:`session_result` reads it from the timer's report.

    Attributes
    ----------
    table
        One row per stretch and side the session reached, the columns of
        :data:`RESULT_COLUMNS` (see :func:`session_result`).
    status
        How it ended, one of :data:`STATUSES`.
    session_id
        The same for the same run, so saving twice saves once; ``None`` lets the log make one.
    started_at, ended_at
        When it started and ended (time-zone aware), or ``None`` when not known.
    warmed_up
        Said so, or did the timer's warm-up to the end; ``None`` when not known.
    skipped_steps
        Step numbers of any kind skipped.
    sharp_pain_during
        Where sharp pain was reported, in words, or ``None``.

    Examples
    --------
    >>> table = pd.DataFrame({"step": [2], "kind": ["hold"], "stretch_id": ["figure_four"],
    ...     "name": ["Figure-Four"], "side": ["left"], "round": [1], "planned_s": [30.0],
    ...     "held_s": [20.0], "skipped": [False], "sharp_pain": [False]})
    >>> result = SessionResult(table, status="stopped", warmed_up=True)
    >>> result.held_s
    20.0
    >>> print(result)
    A guided session, stopped before the end: 20 s held of 30 s planned, in 1 hold; warmed up.
    - Figure-Four, left side: 20 of 30 s
    """

    table: pd.DataFrame
    status: str
    session_id: str | None = None
    started_at: pd.Timestamp | None = None
    ended_at: pd.Timestamp | None = None
    warmed_up: bool | None = None
    skipped_steps: tuple[int, ...] = ()
    sharp_pain_during: str | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "table", check_table(self.table, _RESULT_DTYPES, "SessionResult", _MAKER))
        if self.status not in STATUSES:
            raise ValueError(
                f"SessionResult.status must be one of {', '.join(STATUSES)}, not {self.status!r}"
            )
        if self.session_id is not None and not isinstance(self.session_id, str):
            raise TypeError(f"SessionResult.session_id must be a text, not {self.session_id!r}")
        for name in ("started_at", "ended_at"):
            value = getattr(self, name)
            if value is None:
                continue
            moment = pd.Timestamp(value) if isinstance(value, dt.datetime | str) else None
            if moment is None or moment.tzinfo is None:
                raise TypeError(
                    f"SessionResult.{name} must be a time with its time zone, not {value!r}"
                )
            set_(self, name, moment)
        if self.warmed_up is not None and not isinstance(self.warmed_up, bool):
            raise TypeError(
                f"SessionResult.warmed_up must be True, False or None, not {self.warmed_up!r}"
            )
        steps = tuple(self.skipped_steps)
        if any(isinstance(n, bool) or not isinstance(n, int) for n in steps):
            raise TypeError(
                f"SessionResult.skipped_steps must be step numbers, not {self.skipped_steps!r}"
            )
        set_(self, "skipped_steps", steps)
        if self.sharp_pain_during is not None and not isinstance(self.sharp_pain_during, str):
            raise TypeError(
                f"SessionResult.sharp_pain_during must be a text or None, not "
                f"{self.sharp_pain_during!r}"
            )

    @property
    def held_s(self) -> float:
        """Seconds held in all."""
        return float(self.table["held_s"].sum())

    def _lines(self) -> tuple[str, list[str]]:
        ended = {
            "done": "done",
            "stopped": "stopped before the end",
            "sharp_pain": "stopped for sharp pain",
        }[self.status]
        n = len(self.table)
        head = (
            f"A guided session, {ended}: {self.held_s:g} s held of "
            f"{self.table['planned_s'].sum():g} s planned, in {n} hold{'s' if n != 1 else ''}"
        )
        if self.warmed_up is not None:
            head += "; warmed up" if self.warmed_up else "; not warmed up"
        lines = []
        if self.sharp_pain_during:
            lines.append(f"Sharp pain was reported during {self.sharp_pain_during}.")
        if self.skipped_steps:
            lines.append(f"Skipped steps: {', '.join(map(str, self.skipped_steps))}.")
        for r in self.table.itertuples(index=False):
            mark = "; skipped" if r.skipped else ""
            mark += "; sharp pain" if r.sharp_pain else ""
            lines.append(
                f"{_where({'name': r.name, 'side': r.side})}: {r.held_s:g} of {r.planned_s:g} s"
                + mark
            )
        return head + ".", lines

    def __str__(self) -> str:
        head, lines = self._lines()
        return "\n".join([head, *(f"- {line}" for line in lines)])

    def _repr_html_(self) -> str:
        head, lines = self._lines()
        return result_html("session", head, lines, (), "", self.table)


def check_result(result) -> SessionResult:
    """Return ``result`` if it is a :class:`SessionResult`; raise a TypeError that says what
    to pass if not.

    Examples
    --------
    >>> check_result(pd.DataFrame())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: result must be the SessionResult that session_result() returned, not its ...
    """
    if not isinstance(result, SessionResult):
        raise not_a_result(result, "result", "SessionResult", "session_result")
    return result


def session_result(report: Mapping) -> SessionResult:
    """One row per stretch and side the session reached, from the timer's report.

    Parameters
    ----------
    report
        The mapping the timer sends when the routine ends or is stopped (``Timer.report``):
        ``run_id``, ``status`` (one of :data:`STATUSES`), ``said_warmed_up``, ``started_at``
        and ``ended_at`` (ISO 8601 with offset, the browser's clock), ``steps`` (every step
        of the timeline played, with ``seconds`` planned, ``done_s`` spent and ``skipped``)
        and ``sharp_pain_step`` (the step during which sharp pain was reported, or None).

    Returns
    -------
    SessionResult
        ``.table`` has the columns :data:`RESULT_COLUMNS`: the hold and breath-rep steps,
        ``planned_s`` and ``held_s`` (time actually spent; of a step gone back to, its
        longest visit), ``skipped`` and ``sharp_pain`` (on the stretch being done when it was
        reported, or the last one done if it came between stretches). The fields say
        ``status``, ``session_id`` (the same for the same run, so saving twice saves once),
        ``started_at``, ``ended_at``, ``warmed_up`` (said so, or did the timer's warm-up to
        the end), ``skipped_steps`` (step numbers of any kind skipped),
        ``sharp_pain_during`` (where sharp pain was reported, in words, or None) and
        ``held_s`` (the total).

    Raises
    ------
    ValueError
        A report that is not one the timer makes; the message names the key.

    Examples
    --------
    >>> steps = [
    ...     dict(step=1, kind="get_ready", stretch_id=None, name="Figure-Four", side=None,
    ...          round=None, seconds=10, done_s=10, skipped=False),
    ...     dict(step=2, kind="hold", stretch_id="figure_four", name="Figure-Four",
    ...          side="left", round=1, seconds=30, done_s=30, skipped=False),
    ...     dict(step=3, kind="switch_sides", stretch_id="figure_four", name="Figure-Four",
    ...          side=None, round=1, seconds=5, done_s=5, skipped=False),
    ...     dict(step=4, kind="hold", stretch_id="figure_four", name="Figure-Four",
    ...          side="right", round=1, seconds=30, done_s=12.5, skipped=False),
    ... ]
    >>> r = session_result(dict(run_id="0123456789abcde", status="sharp_pain",
    ...     said_warmed_up=True, started_at="2026-11-24T18:00:00+01:00",
    ...     ended_at="2026-11-24T18:01:00+01:00", steps=steps, sharp_pain_step=4))
    >>> r.table[["side", "planned_s", "held_s", "sharp_pain"]]
        side  planned_s  held_s  sharp_pain
    0   left       30.0    30.0       False
    1  right       30.0    12.5        True
    >>> r.status, r.session_id, r.warmed_up
    ('sharp_pain', 's0123456789abcde', True)
    >>> print(r)
    A guided session, stopped for sharp pain: 42.5 s held of 60 s planned, in 2 holds; warmed up.
    - Sharp pain was reported during Figure-Four, right side.
    - Figure-Four, left side: 30 of 30 s
    - Figure-Four, right side: 12.5 of 30 s; sharp pain
    """
    if not isinstance(report, Mapping):
        raise TypeError(f"report must be the timer's report (a mapping), not {report!r}")
    run_id = report.get("run_id")
    if not isinstance(run_id, str) or not _RUN_ID.match(run_id):
        raise _bad("'run_id'", "15 lowercase hex digits", run_id)
    status = report.get("status")
    if status not in STATUSES:
        raise _bad("'status'", f"one of {', '.join(STATUSES)}", status)
    said = report.get("said_warmed_up")
    if not isinstance(said, bool):
        raise _bad("'said_warmed_up'", "True or False", said)
    started, ended = _when(report, "started_at"), _when(report, "ended_at")
    if ended < started:
        raise _bad(
            "'ended_at'", f"no earlier than started_at ({report['started_at']})", report["ended_at"]
        )
    steps = _steps(report)
    pain = report.get("sharp_pain_step")
    if status == "sharp_pain":
        if isinstance(pain, bool) or not isinstance(pain, int) or not 1 <= pain <= len(steps):
            raise _bad("'sharp_pain_step'", f"the step (1-{len(steps)}) it was reported in", pain)
    elif pain is not None:
        raise _bad("'sharp_pain_step'", f"None when the status is {status!r}", pain)

    rows = [
        {
            "step": s["step"],
            "kind": s["kind"],
            "stretch_id": s["stretch_id"],
            "name": s["name"],
            "side": s["side"],
            "round": s["round"],
            "planned_s": float(s["seconds"]),
            "held_s": float(s["done_s"]),
            "skipped": bool(s.get("skipped", False)),
            "sharp_pain": False,
        }
        for s in steps
        if s["kind"] in _STRETCHING
    ]
    during = None
    if pain is not None and rows:
        # The stretch being done; between stretches, the last one done; before any, the first,
        # as the carrier of a pain that no stretch caused.
        at = [
            i
            for i, r in enumerate(rows)
            if r["step"] <= pain and (r["held_s"] or r["step"] == pain)
        ]
        row = rows[at[-1] if at else 0]
        row["sharp_pain"] = True
        during = _during(steps[pain - 1], row, before_any=not at)

    df = pd.DataFrame(rows, columns=list(RESULT_COLUMNS)).astype(_RESULT_DTYPES)
    warm = [s for s in steps if s["kind"] == "warm_up"]
    did_warm_up = bool(warm) and all(s["done_s"] >= s["seconds"] for s in warm)
    return SessionResult(
        df,
        status=status,
        session_id="s" + run_id,
        started_at=started,
        ended_at=ended,
        warmed_up=said or did_warm_up,
        skipped_steps=tuple(s["step"] for s in steps if s.get("skipped")),
        sharp_pain_during=during,
    )


def _rating(stretch: str, value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(
            f"discomfort[{stretch!r}] must be a whole number from 0 (none) to 10 (the worst), "
            f"or None for not rated, not {value!r}"
        )
    return value


def result_entries(
    result: SessionResult,
    *,
    discomfort: Mapping[str, int | None] | None = None,
    sharp_pain: Iterable[str] = (),
) -> pd.DataFrame:
    """The holds to log from a :func:`session_result`: every stretch and side held for any
    time, and the one with sharp pain even if it was not held at all.

    Parameters
    ----------
    result
        A :func:`session_result`.
    discomfort
        Ratings from 0 to 10 keyed by stretch id or name, applied to every side of that
        stretch; a stretch left out is not rated.
    sharp_pain
        Stretches (id or name) that gave sharp or radiating pain, told afterwards: every
        side held of them is logged with sharp pain, and the log asks for the advice to be
        read.

    Returns
    -------
    DataFrame
        The ``entries`` of :meth:`SessionLog.add_session`: ``stretch_id``, ``side``,
        ``seconds`` (to a tenth), ``discomfort``, ``sharp_pain`` and ``notes`` (a hold cut
        short says so).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"step": [2, 4], "kind": ["breath_reps", "hold"],
    ...     "stretch_id": ["cat_cow", "childs_pose"], "name": ["Cat-Cow", "Child's Pose"],
    ...     "side": ["both", "both"], "round": [1, 1], "planned_s": [30.0, 30.0],
    ...     "held_s": [30.0, 12.04], "skipped": [False, True], "sharp_pain": [False, False]})
    >>> result = SessionResult(table, status="stopped")
    >>> entries = result_entries(result, discomfort={"Cat-Cow": 2})
    >>> entries[["stretch_id", "seconds", "discomfort", "notes"]]
        stretch_id  seconds  discomfort                       notes
    0      cat_cow     30.0           2                        <NA>
    1  childs_pose     12.0        <NA>  cut short: 12 of 30 s held
    """
    given = check_result(result)
    table = given.table
    names = dict(zip(table["stretch_id"], table["name"], strict=True))
    by_key = {**{str(n).casefold(): i for i, n in names.items()}, **{i: i for i in names}}

    def stretch(key, what: str) -> str:
        sid = by_key.get(str(key).casefold()) if isinstance(key, str) else None
        if sid is None:
            raise ValueError(
                f"{what} names {key!r}, which is not in this session; name one of "
                + ", ".join(f"{n} ({i})" for i, n in names.items())
            )
        return sid

    ratings = {
        stretch(key, "discomfort"): _rating(key, value) for key, value in (discomfort or {}).items()
    }
    if isinstance(sharp_pain, str):
        sharp_pain = [sharp_pain]
    hurt = {stretch(key, "sharp_pain") for key in sharp_pain}
    during = given.sharp_pain_during
    # Held for any time that shows at the log's tenth of a second: a stretch skipped at once
    # is not a 0 s hold.
    kept = table[(table["held_s"].round(1) > 0) | table["sharp_pain"]]
    rows = []
    for r in kept.itertuples(index=False):
        # The stubs type a cell as any scalar; check_result has made both times float64.
        held_s, planned_s = r.held_s, r.planned_s
        assert isinstance(held_s, float) and isinstance(planned_s, float)
        held = round(held_s, 1)
        sid = r.stretch_id
        note = None
        if r.sharp_pain:
            where = (
                f" (reported during {during})"
                if during and during != _where({"name": r.name, "side": r.side})
                else ""
            )
            note = f"sharp pain: stopped after {held:g} of {planned_s:g} s{where}"
        elif held < planned_s:
            note = f"cut short: {held:g} of {planned_s:g} s held"
        rows.append(
            {
                "stretch_id": r.stretch_id,
                "side": r.side,
                "seconds": held,
                # Ratings are keyed by this session's ids, which are texts.
                "discomfort": ratings.get(sid) if isinstance(sid, str) else None,
                "sharp_pain": bool(r.sharp_pain) or (r.stretch_id in hurt and held > 0),
                "notes": note,
            }
        )
    return pd.DataFrame(
        rows, columns=["stretch_id", "side", "seconds", "discomfort", "sharp_pain", "notes"]
    ).astype(
        {
            "stretch_id": "string",
            "side": "string",
            "seconds": "float64",
            "discomfort": "Int64",
            "sharp_pain": "bool",
            "notes": "string",
        }
    )


def save_result(
    result: SessionResult,
    log: SessionLog,
    *,
    discomfort: Mapping[str, int | None] | None = None,
    sharp_pain: Iterable[str] = (),
    notes: str | None = None,
) -> str:
    """Save a guided session to the log and return its id; saving it again adds nothing.

    ``discomfort`` and ``sharp_pain`` are as in :func:`result_entries`. The session's notes
    say how it ended when it did not run to the end; ``notes`` are added after that. A session
    in which nothing was held is refused, since the log keeps holds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> log = SessionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
    >>> table = pd.DataFrame({"step": [2], "kind": ["breath_reps"], "stretch_id": ["cat_cow"],
    ...     "name": ["Cat-Cow"], "side": ["both"], "round": [1], "planned_s": [30.0],
    ...     "held_s": [30.0], "skipped": [False], "sharp_pain": [False]})
    >>> result = SessionResult(table, status="done", session_id="s0123456789abcde",
    ...     started_at=pd.Timestamp("2026-11-24T18:00+01:00"), warmed_up=True)
    >>> save_result(result, log, discomfort={"cat_cow": 1})
    's0123456789abcde'
    >>> save_result(result, log, discomfort={"cat_cow": 1}), len(log)
    ('s0123456789abcde', 1)
    """
    if not isinstance(log, SessionLog):
        raise TypeError(f"log must be a SessionLog, not {type(log).__name__}")
    entries = result_entries(result, discomfort=discomfort, sharp_pain=sharp_pain)
    if entries.empty:
        raise ValueError(
            "nothing was held in this session, so there is nothing to log; a hold counts "
            "once the timer has run during it"
        )
    status = result.status
    parts = []
    if status == "sharp_pain":
        table = result.table
        where = result.sharp_pain_during or _where(table[table["sharp_pain"]].iloc[0])
        parts.append(f"Stopped for sharp pain during {where}.")
    elif status == "stopped":
        parts.append("Stopped before the end.")
    if notes:
        parts.append(str(notes).strip())
    started = result.started_at  # a Timestamp or None, as SessionResult has checked
    # The log takes a plain datetime; a session with no start time is logged as now.
    when = dt.datetime.now().astimezone() if started is None else started.to_pydatetime()
    return log.add_session(
        entries.astype(object).where(entries.notna(), None).to_dict("records"),
        started_at=when,
        notes=" ".join(parts) or None,
        warmed_up=result.warmed_up,
        session_id=result.session_id,
    )
