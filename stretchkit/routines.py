"""Turn stretches, or one day of a weekly plan, into a timeline a timer can play: one row per
step, each with its length, its start and a short cue to show or speak.

Every number the timeline uses for a stretch is read from the tables: the warm-up from the
``warm_up`` guideline, held stretches from each stretch's own range within the ``hold``
guideline, sides and kinds from ``stretches.csv``, and what moves with each breath from the
``breath`` column of ``stretch_steps.csv``. The few numbers the tables do not hold (a breath
cycle, the pause to get ready, the closing rest) are constants of this module, stated below.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .catalog import Catalog, use_catalog
from .errors import UnknownNameError
from .names import stretch_id_for
from .plan import SIDES, WARM_UP_NAME, Plan, Stretch, read_rules, stretch_pool
from .results import Result, check_noted, not_a_result, result_html

__all__ = [
    "BREATHS_RANGE",
    "BREATH_CYCLE_S",
    "GET_READY_S",
    "REST_S",
    "ROUTINE_COLUMNS",
    "STEP_KINDS",
    "TRANSITION_RANGE_S",
    "Routine",
    "check_routine",
    "routine",
    "set_warm_up",
]

DataDir = str | os.PathLike | None

#: What a step asks of the person, in the order a session usually meets them.
STEP_KINDS = (
    "get_ready",  # a countdown before the first step
    "warm_up",  # easy cardio, before any stretch
    "hold",  # a held (static) stretch, on one side or both
    "switch_sides",  # between the left and the right hold of a one-sided stretch
    "breath_reps",  # a moving (dynamic) stretch, one movement per breath
    "transition",  # into the position of the next stretch
    "rest",  # the close: come out of the last stretch slowly
)
ROUTINE_COLUMNS = (
    "step",
    "kind",
    "stretch_id",
    "name",
    "side",
    "round",
    "seconds",
    "start_s",
    "breath_cycles",
    "breath_s",
    "inhale",
    "exhale",
    "cue",
)
_DTYPES: dict[str, str | pd.CategoricalDtype] = {
    "step": "int64",
    "kind": pd.CategoricalDtype(list(STEP_KINDS), ordered=True),
    "stretch_id": "string",
    "name": "string",
    "side": pd.CategoricalDtype(list(SIDES)),
    "round": "Int64",
    "seconds": "float64",
    "start_s": "float64",
    "breath_cycles": "Int64",
    "breath_s": "Float64",
    "inhale": "string",
    "exhale": "string",
    "cue": "string",
}
#: One slow breath: 3 s in, 3 s out. Slow, deep breaths are what the guidelines ask for.
BREATH_CYCLE_S = 6
#: Breath cycles a moving stretch may take: fewer is not a stretch, more than 30 cycles
#: (3 minutes) outlasts any hold the tables allow.
BREATHS_RANGE = (3, 30)
#: Seconds to get into place before the first step.
GET_READY_S = 10
#: Seconds of rest at the end, to come out of the last stretch slowly rather than jump up.
REST_S = 30
#: Seconds a transition or a switch of sides may take; longer lets the muscles cool.
TRANSITION_RANGE_S = (0, 60)
# "Cow: let the belly sink..." names its movement before the colon.
_MOVEMENT = re.compile(r"^\s*([^:.]{1,30}):")


@dataclass(frozen=True)
class _Hold:
    """One stretch on one side: held for ``seconds``, or moved through ``cycles`` breaths."""

    stretch: Stretch
    side: str
    round: int
    seconds: float
    cycles: int | None = None

    @property
    def block(self) -> tuple[str, int]:
        return self.stretch.id, self.round


# --- the result -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Routine(Result):
    """A session as :func:`routine` makes it: the timeline a timer plays, and its notes.

    Attributes
    ----------
    table
        One row per step, the columns of :data:`ROUTINE_COLUMNS` (see :func:`routine`).
    notes
        The rules the routine applied, in words.
    safety
        The guidelines' stop rules, in words.

    Examples
    --------
    >>> r = routine(["Figure-Four"], warmup=False)
    >>> r.total_s, len(r.table)
    (105.0, 5)
    >>> print(r)  # doctest: +ELLIPSIS
    A routine of 1 min 45 s: Figure-Four, in 5 steps.
       0:00  Get ready: Figure-Four, left side first (10 s)
       0:10  Figure-Four, left side: hold (30 s)
    ...
    Notes:
    - Order: as given.
    ...
    """

    table: pd.DataFrame
    notes: tuple[str, ...] = ()
    safety: str = ""

    def __post_init__(self):
        check_noted(self, _DTYPES, maker="routine()", rows="steps")

    @property
    def total_s(self) -> float:
        """The session's length in seconds, every step included."""
        return float(self.table["seconds"].sum())

    def _lines(self) -> tuple[str, list[str]]:
        names = list(dict.fromkeys(self.table["name"].dropna()))
        names = [n for n in names if n not in (WARM_UP_NAME, "Rest")]
        steps = len(self.table)
        head = (
            f"A routine of {_clock_text(self.total_s, long=True)}: "
            f"{', '.join(names) or 'no stretch'}, in {steps} step{'s' if steps != 1 else ''}."
        )
        rows = []
        for r in self.table.itertuples(index=False):
            start = r.start_s
            # The stubs type a cell as any scalar; check_table has made start_s float64.
            assert isinstance(start, float)
            rows.append(f"{_clock_text(start):>5}  {r.cue} ({r.seconds:g} s)")
        return head, rows

    def __str__(self) -> str:
        head, rows = self._lines()
        text = [head, *(f"  {r}" for r in rows)]
        if self.notes:
            text += ["Notes:", *(f"- {n}" for n in self.notes)]
        if self.safety:
            text.append(f"Safety: {self.safety}")
        return "\n".join(text)

    def _repr_html_(self) -> str:
        head, rows = self._lines()
        return result_html("routine", head, rows, self.notes, self.safety, self.table)


def _clock_text(seconds: float, *, long: bool = False) -> str:
    """``m:ss`` for a moment in the session, or ``"7 min 25 s"`` for a length."""
    m, s = divmod(round(float(seconds)), 60)
    if not long:
        return f"{m}:{s:02d}"
    return " ".join(p for p in (f"{m} min" if m else "", f"{s} s" if s else "") if p) or "0 s"


def check_routine(timeline) -> Routine:
    """Return ``timeline`` if it is a :class:`Routine`; raise a TypeError that says what to
    pass if not.

    Examples
    --------
    >>> check_routine(routine("cat_cow")).total_s
    375.0
    """
    if not isinstance(timeline, Routine):
        raise not_a_result(timeline, "timeline", "Routine", "routine")
    return timeline


# --- checking the arguments -----------------------------------------------------------


def _number(value) -> bool:
    return not isinstance(value, bool | np.bool_) and isinstance(value, int | float | np.number)


def _seconds(value, name: str, lo: float, hi: float, what: str) -> float:
    if not _number(value):
        raise TypeError(f"{name} must be a number of seconds from {lo:g} to {hi:g}, not {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo:g} to {hi:g} seconds ({what}), not {value:g}")
    return float(value)


def _breaths(breaths) -> int | None:
    if breaths is None:
        return None
    lo, hi = BREATHS_RANGE
    if isinstance(breaths, bool | np.bool_) or not isinstance(breaths, int | np.integer):
        raise TypeError(
            f"breaths must be a whole number of breath cycles from {lo} to {hi}, or None for "
            f"each moving stretch's own range, not {breaths!r}"
        )
    if not lo <= breaths <= hi:
        raise ValueError(
            f"breaths must be from {lo} to {hi} breath cycles ({BREATH_CYCLE_S} s each), "
            f"not {breaths}"
        )
    return int(breaths)


def _warm_up_s(warmup, lo_s: int, hi_s: int) -> int | float | None:
    """Seconds of warm-up, ``None`` for none, or ``True`` for the source's own choice."""
    band = f"{lo_s / 60:g}-{hi_s / 60:g} min"
    if isinstance(warmup, bool | np.bool_):
        return True if warmup else None
    if not _number(warmup):
        raise TypeError(
            f"warmup must be True (a {lo_s / 60:g}-minute warm-up), False (you have just been "
            f"active) or minutes within the guidelines' warm-up of {band}, not {warmup!r}"
        )
    if not lo_s <= warmup * 60 <= hi_s:
        raise ValueError(
            f"warmup must be True, False or minutes within the guidelines' warm-up of {band}, "
            f"not {warmup:g}"
        )
    return float(warmup) * 60


def _hold_band(cat: Catalog) -> tuple[float, float]:
    band = cat.guidelines.set_index("guideline_id").loc["hold"]
    # The stubs type a cell as any scalar. "hold" is a required guideline, so the catalog
    # has checked that both of its Float64 numbers are there.
    lo, hi = band["value_min"], band["value_max"]
    assert isinstance(lo, float) and isinstance(hi, float)
    return float(lo), float(hi)


def _check_hold(hold_s, holds: list[_Hold], band: tuple[float, float]) -> float | None:
    if hold_s is None:
        return None
    lo, hi = band
    if not _number(hold_s):
        raise TypeError(
            f"hold_s must be a number of seconds within the guidelines' hold of {lo:g}-{hi:g} s "
            f"(guidelines.csv), or None for each stretch's own hold, not {hold_s!r}"
        )
    if not lo <= hold_s <= hi:
        raise ValueError(
            f"hold_s must be within the guidelines' hold of {lo:g}-{hi:g} s (guidelines.csv) "
            f"for held stretches, not {hold_s:g}"
        )
    for h in holds:
        s = h.stretch
        if s.kind == "static" and not s.hold_min <= hold_s <= s.hold_max:
            raise ValueError(
                f"hold_s={hold_s:g} is outside {s.name}'s hold of {s.hold_min}-{s.hold_max} s "
                f"(its range in stretches.csv within the guidelines' {lo:g}-{hi:g} s); give "
                f"hold_s from {s.hold_min} to {s.hold_max}, or leave that stretch out"
            )
    return float(hold_s)


# --- reading the source ---------------------------------------------------------------


def _default_cycles(s: Stretch) -> int:
    """The most whole breath cycles within the stretch's longest hold, but never fewer than
    reach its shortest."""
    lo, hi = BREATHS_RANGE
    cycles = max(math.ceil(s.hold_min / BREATH_CYCLE_S), s.hold_max // BREATH_CYCLE_S)
    return min(max(cycles, lo), hi)


def _sides(s: Stretch) -> tuple[str, ...]:
    return ("left", "right") if s.sides == 2 else ("both",)


def _from_stretches(chosen: list[Stretch]) -> list[_Hold]:
    seen: Counter = Counter()
    holds = []
    for s in chosen:
        seen[s.id] += 1
        for side in _sides(s):
            if s.kind == "dynamic":
                cycles = _default_cycles(s)
                holds.append(_Hold(s, side, seen[s.id], cycles * BREATH_CYCLE_S, cycles))
            else:
                holds.append(_Hold(s, side, seen[s.id], s.hold_max))
    return holds


def _plan_day(plan: Plan, by_id: dict[str, Stretch]):
    """The holds of one planned day, and its warm-up in seconds (0 when it has none)."""
    source = plan.table
    days = [str(d) for d in pd.unique(source["day"].dropna())]
    if len(days) > 1:
        raise ValueError(
            f"source holds {len(days)} days of a plan ({', '.join(days)}); a routine is one "
            f'session, so pick one day, e.g. plan.day("{days[0]}")'
        )
    rows = source.sort_values("order")
    warm = rows.loc[rows["activity"] == "warm_up", "seconds"].sum()
    holds = []
    for row in rows[rows["activity"] == "stretch"].itertuples(index=False):
        sid = row.stretch_id
        if not isinstance(sid, str) or sid not in by_id:
            raise UnknownNameError(
                f"source plans the stretch {row.stretch_id!r}, which these tables do not know; "
                f"make the routine with the data_dir the plan was made with "
                f"(known stretches: {', '.join(by_id)})"
            )
        s = by_id[sid]
        # The stubs type a cell as any scalar; a Plan's seconds and round are int64.
        planned_s, rnd = row.seconds, row.round
        assert isinstance(planned_s, int) and isinstance(rnd, int)
        seconds = float(planned_s)
        cycles = None
        if s.kind == "dynamic":
            cycles = max(1, round(seconds / BREATH_CYCLE_S))
        holds.append(_Hold(s, str(row.side), rnd, seconds, cycles))
    return holds, float(warm), days[0] if days else "the plan"


def _movements(cat: Catalog, stretch_id: str) -> dict[str, str | None]:
    """What moves on the in-breath and the out-breath, from the steps' breath column."""
    steps = cat.steps[cat.steps["stretch_id"] == stretch_id].sort_values("step")
    found: dict[str, str | None] = {}
    for row in steps[steps["breath"].notna()].itertuples(index=False):
        # The stubs type a cell as any scalar: breath is a category of texts, its missing
        # values filtered out above, and text a required text column.
        breath, text = row.breath, row.text
        assert isinstance(breath, str) and isinstance(text, str)
        if breath not in found:
            m = _MOVEMENT.match(text)
            label = m.group(1).strip() if m and len(m.group(1).split()) <= 3 else None
            found[breath] = label[0].lower() + label[1:] if label else None
    return found


# --- the timeline ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Lead:
    """The first stretch of a session, which the opening steps lead into."""

    stretch_id: str
    name: str
    round: int
    side: str

    @property
    def text(self) -> str:
        if self.round > 1:
            return f"{self.name} again"
        return self.name + (f", {self.side} side first" if self.side == "left" else "")


def _lead(stretch_id, name, round_, side) -> _Lead:
    return _Lead(str(stretch_id), str(name), int(round_), str(side))


def _opening(warm_s: float | None, transition_s: float, lead: _Lead | None) -> list[dict]:
    """The steps before the first stretch: get ready, and the warm-up when there is one."""
    ids: dict[str, str | int | None] = (
        {} if lead is None else {"stretch_id": lead.stretch_id, "name": lead.name}
    )
    ids["round"] = None if lead is None else lead.round

    def row(kind, seconds, cue, **more):
        return {"kind": kind, "seconds": float(seconds), "cue": cue, **more}

    if warm_s:
        steps = [
            row("get_ready", GET_READY_S, "Get ready to warm up", name=WARM_UP_NAME),
            row(
                "warm_up",
                warm_s,
                f"Warm up: {warm_s / 60:g} minutes of easy cardio",
                name=WARM_UP_NAME,
            ),
        ]
        if lead is not None:
            steps.append(row("transition", transition_s, f"Next: {lead.text}", **ids))
        return steps
    if lead is not None:
        return [row("get_ready", GET_READY_S, f"Get ready: {lead.text}", **ids)]
    return [row("get_ready", GET_READY_S, "Get ready")]


def _warm_note(warm_s: float | None, rules) -> str:
    if warm_s:
        return (
            f"Warm up first: {warm_s / 60:g} minutes of easy cardio (the guidelines say "
            f"{rules.warm_min_s / 60:g}-{rules.warm_max_s / 60:g}); cold muscles are never "
            f"stretched."
        )
    return (
        "No warm-up: for right after a workout, a walk or a warm shower; cold muscles are "
        "never stretched."
    )


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[c for c in ROUTINE_COLUMNS if c not in ("step", "start_s")])
    df.insert(0, "step", np.arange(1, len(df) + 1))
    seconds = df["seconds"].astype("float64")
    at = df.columns.get_loc("seconds")
    assert isinstance(at, int)  # the column names are unique, so one position
    df.insert(at + 1, "start_s", seconds.cumsum() - seconds)
    return df.astype(_DTYPES)


def _side_text(side: str) -> str:
    return f", {side} side" if side in ("left", "right") else ""


def _next_text(h: _Hold) -> str:
    return _lead(h.stretch.id, h.stretch.name, h.round, h.side).text


def routine(
    source: str | Iterable[str] | Plan | None = None,
    *,
    hold_s: float | None = None,
    transition_s: float = 5,
    breaths: int | None = None,
    warmup: bool | float = True,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> Routine:
    """A session as a timeline a timer can play: one row per step, in order.

    The steps, in ``kind`` (an ordered categorical):

    - ``get_ready``: 10 s (:data:`GET_READY_S`) before anything else.
    - ``warm_up``: easy cardio, the guidelines' shortest warm-up (5 min) unless told otherwise.
    - ``breath_reps``: a moving (dynamic) stretch, ``breath_cycles`` slow breaths of
      ``breath_s`` seconds, each an inhale then an exhale of half a cycle; ``inhale`` and
      ``exhale`` name what moves with each (from the steps' breath column, e.g. cow and cat).
    - ``hold``: a held (static) stretch on one side (``left``, ``right``) or ``both``.
    - ``switch_sides``: ``transition_s`` between the left and the right of a one-sided
      stretch; each side gets the full hold, left first.
    - ``transition``: ``transition_s`` into the next stretch, after the warm-up and between
      stretches, never after the last.
    - ``rest``: 30 s (:data:`REST_S`) to come out of the last stretch slowly. It is always
      there, even after a restorative stretch, so a timer can always end the same way.

    A step of 0 s (``transition_s=0``) is a cue with no pause.

    Parameters
    ----------
    source
        ``None``: every stretch in the tables, moving (dynamic or warm-up) stretches first,
        then the held ones in table order, the restorative ones last. A stretch (id, name or
        alias) or a list of them: those, in the order given; a stretch listed twice is done
        twice. A :class:`~stretchkit.Plan` of one day, e.g. ``plan.day("Mon")``, which keeps
        its order, sides, rounds, seconds and warm-up.
    hold_s
        Seconds for every held stretch, within the guidelines' ``hold`` (20-30 s) and each
        stretch's own range. ``None``: each stretch's longest hold within both (a plan day
        keeps its planned holds).
    transition_s
        Seconds to change stretch or side, 0 to 60.
    breaths
        Breath cycles for every moving stretch, 3 to 30 (:data:`BREATHS_RANGE`), each of
        6 s (:data:`BREATH_CYCLE_S`: 3 s in, 3 s out). ``None``: the most cycles that fit the
        stretch's longest hold, 5 for Cat-Cow's 30 s. A plan day keeps its planned seconds and
        paces as many breaths, to the nearest whole one, into them.
    warmup
        ``True``: a warm-up of the guidelines' shortest length (a plan day keeps its own, or
        its lack of one). ``False``: none, for when you have just been active. A number:
        minutes of warm-up, within the guidelines' 5-10.
    data_dir
        A folder of custom tables; defaults to ``STRETCHKIT_DATA`` or the built-in tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    Routine
        ``.table`` has the columns ``step`` (from 1), ``kind``, ``stretch_id`` and ``name``
        (the stretch a step belongs to or leads into; ``name`` is also set for the warm-up
        and the rest), ``side`` (empty but on holds and breath reps), ``round``, ``seconds``,
        ``start_s`` (from the start of the session), ``breath_cycles``, ``breath_s``,
        ``inhale``, ``exhale`` and ``cue``, the short text to show or speak. Instructions
        stay in :func:`~stretchkit.load_steps`, keyed by ``stretch_id``. ``.total_s`` is the
        session's length, ``.notes`` the rules applied in words and ``.safety`` the
        guidelines' stop rules.

    Raises
    ------
    UnknownNameError
        A stretch the tables do not know.
    TypeError, ValueError
        An argument of the wrong type or out of range; the message says what is valid.

    Examples
    --------
    >>> r = routine(["Figure-Four", "cat cow"], warmup=False)
    >>> for step in r.table.itertuples():
    ...     print(f"{step.start_s:>4g} {step.seconds:>3g}  {step.kind:<12} {step.cue}")
       0  10  get_ready    Get ready: Figure-Four, left side first
      10  30  hold         Figure-Four, left side: hold
      40   5  switch_sides Switch to the right side
      45  30  hold         Figure-Four, right side: hold
      75   5  transition   Next: Cat-Cow
      80  30  breath_reps  Cat-Cow: 5 breaths. Inhale: cow, exhale: cat
     110  30  rest         Rest: come out of the stretch slowly and breathe easily
    >>> r.total_s
    140.0
    >>> full = routine()
    >>> full.table["stretch_id"].dropna().unique().tolist()
    ['cat_cow', 'knee_to_chest', 'figure_four', 'seated_glute', 'supine_twist', 'childs_pose']
    >>> full.table.loc[1, ["kind", "cue"]].tolist()
    ['warm_up', 'Warm up: 5 minutes of easy cardio']
    >>> routine("child's pose", hold_s=45)
    Traceback (most recent call last):
    ...
    ValueError: hold_s must be within the guidelines' hold of 20-30 s (guidelines.csv) ...
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    rules = read_rules(cat)
    pool = stretch_pool(cat, 0)
    by_id = {s.id: s for s in pool}
    transition_s = _seconds(
        transition_s, "transition_s", *TRANSITION_RANGE_S, "the pause to change stretch or side"
    )
    breaths = _breaths(breaths)
    warm = _warm_up_s(warmup, rules.warm_min_s, rules.warm_max_s)
    band = _hold_band(cat)
    notes = []

    if source is None:
        ordered = sorted(pool, key=lambda s: (s.group, s.place[1]))
        holds = _from_stretches(ordered)
        warm_s = rules.warm_min_s if warm is True else warm
        notes.append(
            "Order: moving stretches first, held ones in table order, the restorative stretch last."
        )
    elif isinstance(source, pd.DataFrame):
        if set(ROUTINE_COLUMNS) <= set(source.columns):
            raise not_a_result(source, "source", "Routine", "routine")
        raise TypeError(
            'source must be a Plan of one day, e.g. plan.day("Mon"), not a DataFrame: pass '
            "the Plan that plan_week() returned, not its .table; a bare table has lost the "
            "notes and the safety rules"
        )
    elif isinstance(source, Plan):
        holds, planned_warm, day = _plan_day(source, by_id)
        warm_s = (planned_warm or None) if warm is True else warm
        notes.append(f"Order, sides, rounds and holds: as planned for {day}.")
    elif isinstance(source, str) or (
        isinstance(source, Iterable) and not isinstance(source, bytes | dict)
    ):
        names = [source] if isinstance(source, str) else list(source)
        if not names:
            raise ValueError(
                "source is empty; give at least one stretch (id, name or alias), or None for "
                "every stretch in the tables"
            )
        chosen = [by_id[stretch_id_for(n, cat)] for n in names]
        holds = _from_stretches(chosen)
        warm_s = rules.warm_min_s if warm is True else warm
        notes.append("Order: as given.")
        late = [
            s.name
            for i, s in enumerate(chosen)
            if s.group == 0 and any(p.group > 0 for p in chosen[:i])
        ]
        if late:
            notes.append(
                f"Moving stretches warm the body up, so the guidelines put them before held "
                f"ones; consider listing {', '.join(dict.fromkeys(late))} first."
            )
    else:
        raise TypeError(
            "source must be None (every stretch), a stretch or a list of stretches (ids, "
            "names or aliases) such as ['cat_cow', 'Figure-Four'], or one day of a "
            f'plan_week() Plan such as plan.day("Mon"), not {source!r}'
        )

    hold_s = _check_hold(hold_s, holds, band)
    if hold_s is not None:
        holds = [h if h.cycles else replace(h, seconds=hold_s) for h in holds]
    if breaths is not None:
        seconds = breaths * BREATH_CYCLE_S
        holds = [replace(h, seconds=seconds, cycles=breaths) if h.cycles else h for h in holds]

    rows: list[dict] = []

    def add(kind: str, seconds: float, cue: str, hold: _Hold | None = None, **more) -> None:
        row = {"kind": kind, "seconds": float(seconds), "cue": cue, **more}
        if hold is not None:
            row.update(stretch_id=hold.stretch.id, name=hold.stretch.name, round=hold.round)
        rows.append(row)

    first = holds[0] if holds else None
    lead = (
        None
        if first is None
        else _lead(first.stretch.id, first.stretch.name, first.round, first.side)
    )
    rows.extend(_opening(warm_s, transition_s, lead))
    movements = {h.stretch.id: _movements(cat, h.stretch.id) for h in holds if h.cycles}
    for i, h in enumerate(holds):
        if i:
            before = holds[i - 1]
            if before.block == h.block and (before.side, h.side) == ("left", "right"):
                add("switch_sides", transition_s, f"Switch to the {h.side} side", h)
            else:
                add("transition", transition_s, f"Next: {_next_text(h)}", h)
        again = f" (round {h.round})" if h.round > 1 else ""
        if h.cycles is None:
            add(
                "hold",
                h.seconds,
                f"{h.stretch.name}{_side_text(h.side)}: hold{again}",
                h,
                side=h.side,
            )
            continue
        moves = movements[h.stretch.id]
        inhale, exhale = moves.get("inhale"), moves.get("exhale")
        pace = ", ".join(
            f"{phase}: {label}" if label else phase
            for phase, label in (("inhale", inhale), ("exhale", exhale))
        )
        add(
            "breath_reps",
            h.seconds,
            f"{h.stretch.name}{_side_text(h.side)}: {h.cycles} breaths{again}. "
            f"{pace[0].upper()}{pace[1:]}",
            h,
            side=h.side,
            breath_cycles=h.cycles,
            breath_s=h.seconds / h.cycles,
            inhale=inhale,
            exhale=exhale,
        )
    add("rest", REST_S, "Rest: come out of the stretch slowly and breathe easily", name="Rest")

    df = _frame(rows)

    lo, hi = band
    notes.append(_warm_note(warm_s, rules))
    if any(h.cycles is None for h in holds):
        if hold_s is not None:
            held = f"{hold_s:g} s"
        elif isinstance(source, Plan):
            held = "as planned"
        else:
            held = "each stretch's longest hold"
        notes.append(
            f"Held stretches: {held}, within the stretch's own range and the guidelines' "
            f"{lo:g}-{hi:g} s."
        )
    if any(h.side == "left" for h in holds):
        notes.append(
            f"One-sided stretches: the full hold on each side, left then right, with "
            f"{transition_s:g} s to switch."
        )
    if any(h.cycles for h in holds):
        paced = any(h.cycles and h.seconds != h.cycles * BREATH_CYCLE_S for h in holds)
        notes.append(
            f"Moving stretches: one movement per slow breath, {BREATH_CYCLE_S / 2:g} s in and "
            f"{BREATH_CYCLE_S / 2:g} s out"
            + (", paced to fill the planned seconds." if paced else ".")
        )
    breathing = cat.guidelines.loc[cat.guidelines["guideline_id"] == "breathing", "text"]
    if len(breathing):
        notes.append(f"Breathing: {breathing.iloc[0]}")
    notes.append(
        f"{transition_s:g} s to change stretch or side, {GET_READY_S} s to get ready and "
        f"{REST_S} s of rest at the end."
    )
    return Routine(
        df, notes=tuple(notes), safety=" ".join(f"{t}: {x}" for t, x in rules.stop.values())
    )


def set_warm_up(
    timeline: Routine,
    warmup: bool | float = True,
    *,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> Routine:
    """The same session with its warm-up added, changed or taken out.

    A timer asks "have you warmed up?" just before the first stretch; this gives it the
    session for either answer without rebuilding it from its source.

    Parameters
    ----------
    timeline
        A :func:`routine` result.
    warmup
        As in :func:`routine`: ``True`` for the guidelines' shortest warm-up, ``False`` for
        none, or minutes within the guidelines' 5-10.
    data_dir
        The tables the timeline was made with, for the warm-up guideline.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    Routine
        The timeline with new opening steps, renumbered, ``start_s`` and ``total_s``
        recomputed and the warm-up note rewritten. Everything from the first stretch on is
        unchanged.

    Examples
    --------
    >>> r = routine(["Figure-Four"])
    >>> r.table["kind"].tolist()[:4]
    ['get_ready', 'warm_up', 'transition', 'hold']
    >>> cold = set_warm_up(r, False)
    >>> cold.table["kind"].tolist()[:2], cold.table.loc[0, "cue"]
    (['get_ready', 'hold'], 'Get ready: Figure-Four, left side first')
    >>> set_warm_up(cold, True) == r
    True
    """
    given = check_routine(timeline)
    table = given.table
    rules = read_rules(use_catalog(catalog, data_dir=data_dir))
    warm = _warm_up_s(warmup, rules.warm_min_s, rules.warm_max_s)
    warm_s = rules.warm_min_s if warm is True else warm
    kinds = table["kind"].astype("string")
    stretching = kinds.isin(["hold", "breath_reps"]).to_numpy()
    first = int(np.argmax(stretching)) if stretching.any() else None
    if first is None:
        body = table.iloc[[i for i, k in enumerate(kinds) if k == "rest"]]
        lead = None
    else:
        body = table.iloc[first:]
        row = table.iloc[first]
        lead = _lead(row["stretch_id"], row["name"], row["round"], row["side"])
    moves = table.loc[kinds.isin(["transition", "switch_sides"]).to_numpy(), "seconds"]
    transition_s = float(moves.iloc[0]) if len(moves) else 5.0
    keep = [c for c in ROUTINE_COLUMNS if c not in ("step", "start_s")]
    rows = _opening(warm_s, transition_s, lead) + [
        {k: (None if pd.isna(v) else v) for k, v in r.items()}
        for r in body[keep].astype(object).to_dict("records")
    ]
    df = _frame(rows)
    notes = list(given.notes)
    old = [i for i, n in enumerate(notes) if n.startswith(("Warm up first:", "No warm-up:"))]
    if old:
        notes[old[0]] = _warm_note(warm_s, rules)
    else:
        notes.append(_warm_note(warm_s, rules))
    return replace(given, table=df, notes=tuple(notes))
