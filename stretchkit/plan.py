"""Plan a week of stretching from the guidelines table: how often, how long, in what order, and
when not to plan at all.

Every number the planner uses is read from the tables: the warm-up, the frequencies and the
contraindications from ``guidelines.csv``, the holds, sides, kinds and roles from
``stretches.csv``, and which muscles a stretch reaches from ``stretch_muscles.csv``.
"""

from __future__ import annotations

import io
import itertools
import math
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .catalog import Catalog, lookup_key, use_catalog
from .files import atomic_write, output_path, spreadsheet_safe
from .names import muscle_id_for
from .results import Result, check_noted, check_texts, not_a_result, result_html
from .safety import safety_gate
from .schema import KINDS, POSITIONS

__all__ = [
    "PLAN_COLUMNS",
    "WEEKDAYS",
    "Plan",
    "PlanSettings",
    "Rules",
    "Stretch",
    "check_plan",
    "describe_day",
    "plan_rules",
    "plan_summary",
    "plan_to_csv",
    "plan_to_ics",
    "plan_week",
    "read_rules",
    "stretch_pool",
]

DataDir = str | os.PathLike | None

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAMES = {
    **{lookup_key(d): d for d in WEEKDAYS},
    **{
        lookup_key(full): short
        for full, short in zip(
            ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            WEEKDAYS,
            strict=True,
        )
    },
}
SIDES = ("left", "right", "both")
ACTIVITIES = ("warm_up", "stretch")
PLAN_COLUMNS = (
    "day",
    "order",
    "activity",
    "stretch_id",
    "name",
    "kind",
    "side",
    "round",
    "seconds",
    "start_s",
    "note",
)
DAY_DTYPE = pd.CategoricalDtype(list(WEEKDAYS), ordered=True)
_DTYPES: dict[str, str | pd.CategoricalDtype] = {
    "day": DAY_DTYPE,
    "order": "int64",
    "activity": pd.CategoricalDtype(list(ACTIVITIES)),
    "stretch_id": "string",
    "name": "string",
    "kind": pd.CategoricalDtype(list(KINDS)),
    "side": pd.CategoricalDtype(list(SIDES)),
    "round": "int64",
    "seconds": "int64",
    "start_s": "int64",
    "note": "string",
}
WARM_UP_NAME = "Warm-up: easy cardio"
# A session longer than this is not a stretching session; the limit catches a typo (150 for 15).
MAX_MINUTES = 90
# Holds grow in steps a person can count and a handout can print: 20, 25, 30 s.
_HOLD_STEP = 5


@dataclass(frozen=True)
class Stretch:
    """A stretch as the planner and the routine use it: its holds in whole seconds, the
    muscles it reaches, and where it goes in a session."""

    id: str
    name: str
    kind: str
    sides: int
    hold_min: int
    hold_max: int
    muscles: frozenset
    group: int  # 0 moving or warm-up stretches, 1 held stretches, 2 the restorative close
    place: tuple  # where it goes within its group: position, then catalog order
    rank: int  # the seed's tie-break


@dataclass(frozen=True)
class Rules:
    """The guidelines a plan follows: warm-up length, sessions a week, the conditions that
    need a professional first, and the rules that stop a stretch."""

    warm_min_s: int
    warm_max_s: int
    minimum: tuple[int, int]  # sessions a week
    target: tuple[int, int]
    persistent: int
    persistent_text: str
    consult: dict  # contraindication id -> (title, text)
    stop: dict  # stop rule id -> (title, text)


def read_rules(cat: Catalog) -> Rules:
    """The :class:`Rules` of a catalog's guidelines.

    Examples
    --------
    >>> read_rules(use_catalog()).target
    (3, 5)
    """
    g = cat.guidelines.set_index("guideline_id")

    def band(gid):
        row = g.loc[gid]
        return int(row.value_min), int(row.value_max)

    def number(gid: str, column: str) -> float:
        value = g.loc[gid, column]
        # The stubs type a cell as any scalar. The catalog refuses a required guideline
        # without its numbers, so this Float64 cell holds a float.
        assert isinstance(value, float)
        return value

    persistent_text = g.loc["frequency_persistent", "text"]
    # A required text column, so the cell holds a str.
    assert isinstance(persistent_text, str)
    consult = g[g["category"] == "contraindication"]
    stop = g[g["action"] == "stop"]
    return Rules(
        warm_min_s=round(number("warm_up", "value_min") * 60),
        warm_max_s=round(number("warm_up", "value_max") * 60),
        minimum=band("frequency_minimum"),
        target=band("frequency_target"),
        persistent=int(number("frequency_persistent", "value_min")),
        persistent_text=persistent_text,
        consult={i: (r.title, r.text) for i, r in consult.iterrows()},
        stop={i: (r.title, r.text) for i, r in stop.iterrows()},
    )


def stretch_pool(cat: Catalog, seed: int) -> list[Stretch]:
    """The stretches as the planner uses them; a held stretch's hold is kept within both its
    own range and the guidelines' hold. ``seed`` sets the tie-break between equals.

    Examples
    --------
    >>> pool = stretch_pool(use_catalog(), 0)
    >>> len(pool), pool[0].id
    (6, 'knee_to_chest')
    """
    s = cat.stretches
    links = cat.stretch_muscles.groupby("stretch_id")["muscle_id"].agg(frozenset)
    ranks = np.random.default_rng(seed).permutation(len(s))
    band = cat.guidelines.set_index("guideline_id").loc["hold"]
    # The stubs type a cell as any scalar. "hold" is a required guideline, so the catalog
    # has checked that both of its Float64 numbers are there.
    band_min, band_max = band["value_min"], band["value_max"]
    assert isinstance(band_min, float) and isinstance(band_max, float)
    out = []
    for i, row in enumerate(s.itertuples(index=False)):
        dynamic = row.kind == "dynamic" or row.role == "warm_up"
        group = 0 if dynamic else 2 if row.role == "restorative" else 1
        # Required columns: the holds int64, so ints; the id, name and kind text.
        hold_min, hold_max = row.hold_min_s, row.hold_max_s
        assert isinstance(hold_min, int) and isinstance(hold_max, int)
        lo, hi = math.ceil(hold_min), math.floor(hold_max)
        if row.kind == "static":  # the catalog refuses a range outside the band
            lo, hi = max(lo, math.ceil(band_min)), min(hi, math.floor(band_max))
        out.append(
            Stretch(
                id=str(row.stretch_id),
                name=str(row.name),
                kind=str(row.kind),
                sides=2 if row.per_side else 1,
                hold_min=lo,
                hold_max=hi,
                muscles=links.get(row.stretch_id, frozenset()),
                group=group,
                place=(POSITIONS.index(row.position), i),
                rank=int(ranks[i]),
            )
        )
    return out


# --- the result -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSettings:
    """What a plan was asked for, as :func:`plan_week` understood it.

    Attributes
    ----------
    days
        The weekdays planned, Mon to Sun.
    minutes
        Length of each session.
    focus
        Muscle ids reached in every session (empty without a focus).
    persistent_tightness, warmed_up, cleared
        The flags given to :func:`plan_week`.
    conditions
        Contraindications that apply, by guideline id.
    seed, transition_s
        The seed and the seconds to change side or stretch.
    """

    days: tuple[str, ...]
    minutes: float
    focus: tuple[str, ...] = ()
    persistent_tightness: bool = False
    warmed_up: bool = False
    conditions: tuple[str, ...] = ()
    cleared: bool = False
    seed: int = 0
    transition_s: int = 5

    def __post_init__(self):
        for name in ("days", "focus", "conditions"):
            object.__setattr__(self, name, check_texts(getattr(self, name), f"settings.{name}"))
        odd = [d for d in self.days if d not in WEEKDAYS]
        if odd:
            raise ValueError(f"settings.days must be among {', '.join(WEEKDAYS)}, not {odd[0]!r}")


@dataclass(frozen=True, eq=False, repr=False)
class Plan(Result):
    """A week of stretching as :func:`plan_week` makes it: the table, and the notes that
    belong to it.

    Attributes
    ----------
    table
        One row per hold (and per warm-up): ``day`` (ordered Mon..Sun), ``order`` (from 1
        within a day), ``activity`` (``warm_up`` or ``stretch``), ``stretch_id`` and
        ``name``, ``kind``, ``side`` (left, right, both), ``round``, ``seconds``, ``start_s``
        (from the start of the session) and ``note``, of the dtypes of :data:`PLAN_COLUMNS`.
    notes
        Each rule the planner applied, in words.
    safety
        The guidelines' stop rules, in words.
    settings
        What the plan was asked for (:class:`PlanSettings`); ``None`` for a plan made by hand.

    Examples
    --------
    >>> plan = plan_week(days=2, minutes=10)
    >>> plan.days, plan.settings.minutes
    (('Mon', 'Thu'), 10)
    >>> plan.notes[0]
    '2 sessions a week make a workable routine; 3-5 sessions a week give the best results.'
    >>> print(plan)  # doctest: +ELLIPSIS
    A week's plan: 2 sessions (Mon, Thu), 10 min each.
    Mon: Warm-up: easy cardio, 5 min; Cat-Cow: 25 s; ...
    >>> Plan(plan.table.head(3)).days  # a plan made by hand: no notes, no settings
    ('Mon',)
    """

    table: pd.DataFrame
    notes: tuple[str, ...] = ()
    safety: str = ""
    settings: PlanSettings | None = None

    def __post_init__(self):
        check_noted(self, _DTYPES, maker="plan_week()")
        if self.settings is not None and not isinstance(self.settings, PlanSettings):
            raise TypeError(
                f"Plan.settings must be PlanSettings or None, not {type(self.settings).__name__}"
            )

    @property
    def days(self) -> tuple[str, ...]:
        """The days with a session, Mon to Sun."""
        planned = set(self.table["day"].dropna())
        return tuple(d for d in WEEKDAYS if d in planned)

    def day(self, day: str) -> Plan:
        """The plan of one day, with the same notes: what :func:`~stretchkit.routine` plays.

        Parameters
        ----------
        day
            A weekday, short or full (``"Mon"``, ``"monday"``).

        Examples
        --------
        >>> plan_week(days=3).day("Monday").days
        ('Mon',)
        """
        key = lookup_key(day) if isinstance(day, str) else ""
        if key not in _DAY_NAMES:
            raise ValueError(
                f"day must be one of {', '.join(WEEKDAYS)} or a full name, not {day!r}"
            )
        short = _DAY_NAMES[key]
        if short not in self.days:
            raise ValueError(f"{short} is a rest day in this plan; it plans {', '.join(self.days)}")
        return replace(self, table=self.table[self.table["day"] == short])

    def _minutes(self, day: str) -> float:
        rows = self.table[self.table["day"] == day]
        return round(float((rows["start_s"] + rows["seconds"]).max()) / 60, 1)

    def _lines(self) -> list[str]:
        days = self.days
        lengths = sorted({self._minutes(d) for d in days})
        each = (
            f"{lengths[0]:g} min each"
            if len(lengths) == 1
            else f"{lengths[0]:g}-{lengths[-1]:g} min"
        )
        sessions = f"{len(days)} session{'s' if len(days) != 1 else ''}"
        head = f"A week's plan: {sessions} ({', '.join(days)}), {each}."
        return [head, *(f"{d}: {'; '.join(describe_day(self, d))}" for d in days)]

    def __str__(self) -> str:
        text = self._lines()
        if self.notes:
            text += ["Notes:", *(f"- {n}" for n in self.notes)]
        if self.safety:
            text.append(f"Safety: {self.safety}")
        return "\n".join(text)

    def _repr_html_(self) -> str:
        head, *days = self._lines()
        return result_html("plan", head, days, self.notes, self.safety, self.table)


# --- checking the arguments -----------------------------------------------------------


def _whole(value, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a whole number from {lo} to {hi}, not {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}, not {value}")
    return int(value)


def _plan_days(days) -> tuple[list[str] | None, int]:
    """``days`` as chosen weekdays (or ``None`` to spread them) and how many there are."""
    if isinstance(days, int | np.integer) and not isinstance(days, bool):
        return None, _whole(days, "days", 1, 7)
    if isinstance(days, str) or not isinstance(days, Iterable):
        raise TypeError(
            f"days must be a number of days from 1 to 7 or a list of weekdays such as "
            f"['Mon', 'Wed', 'Fri'], not {days!r}"
        )
    chosen = set()
    for d in days:
        key = lookup_key(d) if isinstance(d, str) else ""
        if key not in _DAY_NAMES:
            raise ValueError(
                f"unknown day {d!r} in days; use {', '.join(WEEKDAYS)} or the full names"
            )
        chosen.add(_DAY_NAMES[key])
    if not chosen:
        raise ValueError("days is empty; give a number from 1 to 7 or at least one weekday")
    picked = [d for d in WEEKDAYS if d in chosen]
    return picked, len(picked)


def _spread(n: int) -> list[str]:
    """``n`` weekdays spread over the week: Mon, Thu for 2; Mon, Wed, Fri for 3."""
    return [WEEKDAYS[(i * 7) // n] for i in range(n)]


# --- building the week ----------------------------------------------------------------


def _cost(items: list[tuple[Stretch, int]], warm_s: int, transition_s: int) -> int:
    """Seconds a session takes: warm-up, every hold on every side, a transition between."""
    rows = sum(s.sides for s, _ in items) + (1 if warm_s else 0)
    return warm_s + sum(s.sides * h for s, h in items) + transition_s * max(rows - 1, 0)


def _focus_covers(focus: list[str], pool: list[Stretch], transition_s: int) -> list[list]:
    """Every cheapest set of stretches that reaches all focus muscles, in seed order."""
    wanted = set(focus)
    cands = [s for s in pool if s.muscles & wanted]
    n_subsets = sum(math.comb(len(cands), k) for k in range(1, len(wanted) + 1))
    if n_subsets > 50_000:  # a very large custom catalog: one greedy cover instead
        cover, left = [], set(wanted)
        while left:
            best = max(cands, key=lambda s: (len(s.muscles & left), -s.hold_min * s.sides))
            cover.append(best)
            left -= best.muscles
        return [cover]
    best_cost, covers = None, []
    for k in range(1, len(wanted) + 1):
        for combo in itertools.combinations(cands, k):
            if wanted <= frozenset().union(*(s.muscles for s in combo)):
                cost = _cost([(s, s.hold_min) for s in combo], 0, transition_s)
                if best_cost is None or cost < best_cost:
                    best_cost, covers = cost, [list(combo)]
                elif cost == best_cost:
                    covers.append(list(combo))
    return sorted(covers, key=lambda c: sorted(s.rank for s in c))


def _round_holds(picks: list[Stretch], room: int) -> dict[str, int]:
    """Holds from their minimum towards their maximum, as far as ``room`` seconds allow."""
    extra = sum(s.sides * (s.hold_max - s.hold_min) for s in picks)
    if extra <= room:
        return {s.id: s.hold_max for s in picks}
    share = max(room, 0) / extra

    def hold(s: Stretch) -> int:
        target = s.hold_min + share * (s.hold_max - s.hold_min)
        steps = range(-(-s.hold_min // _HOLD_STEP) * _HOLD_STEP, s.hold_max + 1, _HOLD_STEP)
        return max([s.hold_min, *(h for h in steps if h <= target)])

    return {s.id: hold(s) for s in picks}


def _day(required, pool, muscles, counts, used, budget, warm_s, warm_max, transition_s, focus):
    """One session as a list of (stretch, hold, round), or ``None`` if ``required`` does not
    fit."""
    picks = list(required)
    if _cost([(s, s.hold_min) for s in picks], warm_s, transition_s) > budget:
        return None
    hit = frozenset().union(*(s.muscles for s in picks)) if picks else frozenset()
    while True:  # add stretches, those reaching the least-reached muscles first
        open_ = muscles - hit
        level = min((counts[m] for m in open_), default=0)
        best, best_key = None, None
        for s in pool:
            if s in picks:
                continue
            if _cost([(p, p.hold_min) for p in [*picks, s]], warm_s, transition_s) > budget:
                continue
            new = s.muscles & open_
            key = (sum(counts[m] == level for m in new), len(new), -used[s.id], -s.rank)
            if best_key is None or key > best_key:
                best, best_key = s, key
        if best is None:
            break
        picks.append(best)
        hit |= best.muscles
    base = _cost([(s, s.hold_min) for s in picks], warm_s, transition_s)
    holds = _round_holds(picks, budget - base)
    items = [(s, holds[s.id], 1) for s in picks]
    if all(holds[s.id] == s.hold_max for s in picks):  # time left: more rounds of held stretches
        again = sorted(
            (s for s in picks if s.group == 1),
            key=lambda s: (not (s.muscles & focus), s.place),
        )
        rnd = 2
        while again:
            added = False
            for s in again:
                if (
                    _cost([(p, h) for p, h, _ in items] + [(s, s.hold_max)], warm_s, transition_s)
                    <= budget
                ):
                    items.append((s, s.hold_max, rnd))
                    added = True
            if not added:
                break
            rnd += 1
    if warm_s:  # a minute or more to spare goes to the warm-up, up to its maximum
        spare = budget - _cost([(s, h) for s, h, _ in items], warm_s, transition_s)
        warm_s += min(spare // 60 * 60, warm_max - warm_s) if spare >= 60 else 0
    items.sort(key=lambda x: (x[0].group, x[2] if x[0].group == 1 else 0, x[0].place))
    return warm_s, items


def _week(days, pool, muscles, covers, budget, warm_s, warm_max, transition_s, focus):
    counts = Counter({m: 0 for m in muscles})
    used = Counter()
    week = []
    for i, day in enumerate(days):
        required = covers[i % len(covers)] if covers else []
        built = _day(
            required, pool, muscles, counts, used, budget, warm_s, warm_max, transition_s, focus
        )
        if built is None:
            return None
        w, items = built
        for m in frozenset().union(*(s.muscles for s, _, _ in items)) if items else ():
            counts[m] += 1
        used.update(s.id for s, _, r in items if r == 1)
        week.append((day, w, items))
    if not focus and any(counts[m] == 0 for m in muscles):
        return None
    return week


def _span(values) -> str:
    lo, hi = min(values), max(values)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def _too_short(minutes, try_week, warm_s, covers, transition_s, warmed_up) -> ValueError:
    for m in range(math.floor(minutes) + 1, MAX_MINUTES + 1):
        if try_week(m * 60) is not None:
            break
    else:
        return ValueError(
            f"these sessions cannot fit in {MAX_MINUTES} minutes; choose fewer focus muscles"
        )
    parts = []
    if warm_s:
        parts.append(f"a {warm_s / 60:g}-minute warm-up")
    if covers:
        cover = covers[0]
        holds = " and ".join(s.name for s in cover)
        parts.append(f"{holds} for the focus muscles")
    else:
        parts.append("enough stretches to reach every muscle within the week")
    hint = "" if warmed_up else ", or warmed_up=True if you have just been active"
    return ValueError(
        f"minutes={minutes:g} is too short: each session needs at least {m} minutes "
        f"({', '.join(parts)}, holds at their shortest, {transition_s} s between holds). "
        f"Give minutes={m} or more{hint}."
    )


def plan_week(
    *,
    days: int | Iterable[str] = 3,
    minutes: float = 15,
    focus: str | Iterable[str] | None = None,
    persistent_tightness: bool = False,
    warmed_up: bool = False,
    conditions: str | Iterable[str] = (),
    cleared: bool = False,
    seed: int = 0,
    transition_s: int = 5,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> Plan:
    """Plan a week of sessions that follows the guidelines, one row per hold.

    Parameters
    ----------
    days
        Sessions a week, 1 to 7, spread over the week (no two days in a row below 4); or the
        weekdays to stretch on, e.g. ``["Tue", "Thu", "Sat"]``.
    minutes
        Length of each session, warm-up and transitions included.
    focus
        Muscles (ids, names or aliases) to reach in every session. Without a focus, every
        muscle is reached at least once a week, the least-reached first.
    persistent_tightness
        Tightness that keeps coming back: sessions every day, as the guidelines advise.
    warmed_up
        ``True`` leaves out the warm-up (you stretch after activity or a warm shower).
    conditions
        Contraindications that apply (``"sciatica"``, ``"Herniated disc"``...). Any of them
        stops the plan with :class:`~stretchkit.SafetyError` unless ``cleared``.
    cleared
        A healthcare professional has cleared you to stretch despite ``conditions``; every row
        then carries a note saying so.
    seed
        Picks among equally good choices; the same seed always gives the same plan.
    transition_s
        Seconds to change side or stretch, counted in ``minutes``.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    Plan
        ``plan.table`` has the columns ``day`` (ordered Mon..Sun), ``order`` (from 1 within a
        day), ``activity`` (``warm_up`` or ``stretch``), ``stretch_id`` and ``name``, ``kind``,
        ``side`` (left, right, both), ``round``, ``seconds``, ``start_s`` (from the start of
        the session) and ``note``. ``plan.notes`` lists each rule the planner applied, in
        words, ``plan.safety`` the stop rules and ``plan.settings`` what was asked for.

    Raises
    ------
    SafetyError
        A contraindication applies and ``cleared`` is not set, or a stop rule applies.
    ValueError
        An argument is out of range, or ``minutes`` cannot hold the shortest session (the
        message says the minimum).

    Examples
    --------
    >>> plan = plan_week(days=3, minutes=10)
    >>> plan.days
    ('Mon', 'Wed', 'Fri')
    >>> plan.table.loc[0, "activity"], int(plan.table.loc[0, "seconds"])
    ('warm_up', 300)
    >>> int(plan.table.groupby("day", observed=True).apply(
    ...     lambda d: (d.start_s + d.seconds).max()).max()) <= 10 * 60
    True
    >>> plan_week(conditions=["sciatica"])
    Traceback (most recent call last):
    ...
    stretchkit.errors.SafetyError: Not planned: Sciatica. ...
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    rules = read_rules(cat)
    chosen, n_days = _plan_days(days)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float | np.number):
        raise TypeError(f"minutes must be a number from 1 to {MAX_MINUTES}, not {minutes!r}")
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValueError(f"minutes must be from 1 to {MAX_MINUTES}, not {minutes:g}")
    seed = _whole(seed, "seed", 0, 2**32 - 1)
    transition_s = _whole(transition_s, "transition_s", 0, 60)
    for flag, name in (
        (persistent_tightness, "persistent_tightness"),
        (warmed_up, "warmed_up"),
        (cleared, "cleared"),
    ):
        if not isinstance(flag, bool | np.bool_):
            raise TypeError(f"{name} must be True or False, not {flag!r}")

    # The safety gate comes before anything is planned.
    found = safety_gate(conditions, cleared=cleared, catalog=cat)
    blocking = [c for c in found if c in rules.consult]

    notes = []
    lo, hi = rules.minimum
    tlo, thi = rules.target
    if persistent_tightness and n_days != rules.persistent:
        notes.append(
            f"Persistent tightness: {rules.persistent_text} So the plan has "
            f"{rules.persistent} sessions a week instead of {n_days}."
        )
        chosen, n_days = None, rules.persistent
    plan_days = chosen or _spread(n_days)
    if n_days < lo:
        notes.append(
            f"{n_days} session a week is below the minimum of a workable routine "
            f"({lo}-{hi} sessions a week); {tlo}-{thi} sessions a week give the best results."
            if n_days == 1
            else f"{n_days} sessions a week are below the minimum of a workable routine "
            f"({lo}-{hi} sessions a week); {tlo}-{thi} give the best results."
        )
    elif n_days < tlo:
        notes.append(
            f"{n_days} sessions a week make a workable routine; {tlo}-{thi} sessions a week "
            f"give the best results."
        )
    if chosen and n_days < 4:
        pairs = [
            f"{a} and {b}"
            for a, b in [*itertools.pairwise(chosen), (chosen[-1], chosen[0])]
            if a != b and (WEEKDAYS.index(b) - WEEKDAYS.index(a)) % 7 == 1
        ]
        if pairs:
            notes.append(
                f"{'; '.join(pairs)} are back to back; with fewer than 4 sessions a week, "
                f"days apart (e.g. {', '.join(_spread(n_days))}) spread the stretching over "
                f"the week."
            )

    pool = stretch_pool(cat, seed)
    focus_ids: list[str] = []
    if focus is not None:
        if not isinstance(focus, str | Iterable):
            raise TypeError(
                f"focus must be a muscle or a list of muscles (ids, names or aliases), "
                f"not {focus!r}"
            )
        wanted = {muscle_id_for(m, cat) for m in ([focus] if isinstance(focus, str) else focus)}
        focus_ids = [m for m in cat.muscles["muscle_id"] if m in wanted]
    reached = frozenset().union(*(s.muscles for s in pool))
    for mid in focus_ids:
        if mid not in reached:
            raise ValueError(
                f"no stretch in the tables reaches the focus muscle '{mid}'; add one to "
                f"stretch_muscles.csv or leave it out of focus"
            )
    muscles = frozenset(m for m in cat.muscles["muscle_id"] if m in reached)
    unreached = [m for m in cat.muscles["muscle_id"] if m not in reached]
    if unreached:
        notes.append(
            f"No stretch in the tables reaches {', '.join(unreached)}, so the plan cannot."
        )
    covers = _focus_covers(focus_ids, pool, transition_s) if focus_ids else []
    warm_s = 0 if warmed_up else rules.warm_min_s
    focus_set = frozenset(focus_ids)

    def try_week(budget_s):
        return _week(
            plan_days,
            pool,
            muscles,
            covers,
            budget_s,
            warm_s,
            rules.warm_max_s,
            transition_s,
            focus_set,
        )

    budget = math.floor(minutes * 60)
    week = try_week(budget)
    if week is None:
        raise _too_short(minutes, try_week, warm_s, covers, transition_s, warmed_up)

    if warm_s:
        notes.append(
            f"Warm up first: each session opens with {warm_s / 60:g} minutes of easy cardio "
            f"(the guidelines say {rules.warm_min_s / 60:g}-{rules.warm_max_s / 60:g}); skip it "
            f"only right after other activity."
        )
    per_day = [len({s.id for s, _, _ in items}) for _, _, items in week]
    if min(per_day) < len(pool):
        notes.append(
            f"Time: {minutes:g} minutes hold {_span(per_day)} of the "
            f"{len(pool)} stretches a session, so the week rotates them"
            + (" and reaches every muscle." if not focus_ids else ".")
        )
    if focus_ids:
        names = cat.muscles.set_index("muscle_id").loc[focus_ids, "name"]
        notes.append(f"Focus: {', '.join(names)} reached in every session.")
    note: str | None = None  # the table's "string" dtype turns None into <NA>
    if blocking:
        titles = ", ".join(rules.consult[c][0] for c in blocking)
        note = (
            f"Cleared by a healthcare professional to stretch with: {titles}. Follow their "
            f"advice, ease off at any pain and stop at once at sharp or radiating pain."
        )
        notes.append(note)

    rows = []
    for day, w, items in week:
        start, order = 0, 1
        if w:
            rows.append((day, order, "warm_up", pd.NA, WARM_UP_NAME, pd.NA, "both", 1, w, 0))
            start, order = w + transition_s, 2
        for s, hold, rnd in items:
            for side in ("left", "right") if s.sides == 2 else ("both",):
                rows.append((day, order, "stretch", s.id, s.name, s.kind, side, rnd, hold, start))
                start += hold + transition_s
                order += 1
    table = pd.DataFrame(rows, columns=PLAN_COLUMNS[:-1]).assign(note=note)
    return Plan(
        table.astype(_DTYPES),
        notes=tuple(notes),
        safety=" ".join(f"{t}: {x}" for t, x in rules.stop.values()),
        settings=PlanSettings(
            days=tuple(plan_days),
            minutes=minutes,
            focus=tuple(focus_ids),
            persistent_tightness=bool(persistent_tightness),
            warmed_up=bool(warmed_up),
            conditions=tuple(found),
            cleared=bool(cleared),
            seed=seed,
            transition_s=transition_s,
        ),
    )


# --- reading a plan -------------------------------------------------------------------


def check_plan(plan) -> Plan:
    """Return ``plan`` if it is a :class:`Plan` (its table was checked when it was made);
    raise a TypeError saying what to pass if not.

    Examples
    --------
    >>> check_plan(plan_week()).days
    ('Mon', 'Wed', 'Fri')
    >>> check_plan(plan_week().table)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: plan must be the Plan that plan_week() returned, not its .table or another ...
    """
    if not isinstance(plan, Plan):
        raise not_a_result(plan, "plan", "Plan", "plan_week")
    return plan


def _fmt_s(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds % 60 == 0 and seconds >= 60 else f"{seconds} s"


def describe_day(plan: Plan, day: str) -> list[str]:
    """One day of a plan in words, a line per step, for handouts and calendars.

    Repeated rounds of the held stretches are folded into one line.

    Examples
    --------
    >>> plan = plan_week(days=3, minutes=12)
    >>> print("\\n".join(describe_day(plan, "Mon")))  # doctest: +NORMALIZE_WHITESPACE
    Warm-up: easy cardio, 5 min
    Cat-Cow: 30 s
    Knee-to-Chest: 30 s each side
    Figure-Four: 30 s each side
    Supine Spinal Twist: 30 s each side
    Seated Glute: 30 s each side
    Round 2: Knee-to-Chest again
    Child's Pose: 30 s
    """
    table = check_plan(plan).table
    key = lookup_key(day) if isinstance(day, str) else ""
    if key not in _DAY_NAMES:
        raise ValueError(f"day must be one of {', '.join(WEEKDAYS)} or a full name, not {day!r}")
    rows = table[table["day"] == _DAY_NAMES[key]].sort_values("order")
    lines: list[str] = []
    block: list[tuple[int, list[str]]] = []  # rounds 2 and up, folded while identical

    def flush():
        i = 0
        while i < len(block):
            j = i
            while j + 1 < len(block) and block[j + 1][1] == block[i][1]:
                j += 1
            label = f"Round {block[i][0]}" if i == j else f"Rounds {block[i][0]}-{block[j][0]}"
            lines.append(f"{label}: {', '.join(block[i][1])} again")
            i = j + 1
        block.clear()

    for row in rows.itertuples(index=False):
        if row.side == "right":
            continue  # said once, as "each side", with the left
        # The stubs type a cell as any scalar: check_plan has checked that seconds and round
        # are int64, so ints; name is a string column.
        seconds, rnd = row.seconds, row.round
        assert isinstance(seconds, int) and isinstance(rnd, int)
        if row.activity == "warm_up":
            lines.append(f"{row.name}, {_fmt_s(seconds)}")
        elif rnd == 1:
            flush()
            sides = " each side" if row.side == "left" else ""
            lines.append(f"{row.name}: {_fmt_s(seconds)}{sides}")
        elif block and block[-1][0] == rnd:
            block[-1][1].append(str(row.name))
        else:
            block.append((rnd, [str(row.name)]))
    flush()
    return lines


def plan_summary(
    plan: Plan, *, by: str = "day", data_dir: DataDir = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """Minutes in a plan per weekday, or per muscle over the week.

    Parameters
    ----------
    plan
        A plan from :func:`plan_week`.
    by
        ``"day"``: one row per weekday (rest days too) with ``holds``, ``stretches``,
        ``warm_up_min``, ``stretch_min`` and ``session_min`` (warm-up, holds and transitions).
        ``"muscle"``: one row per muscle of the tables with ``minutes`` (of holds that reach
        it, over the week) and ``days`` (sessions that reach it).
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> plan = plan_week(days=3, minutes=10)
    >>> plan_summary(plan).set_index("day").loc[["Mon", "Tue"], "session_min"].tolist()
    [10.0, 0.0]
    >>> plan_summary(plan, by="muscle").set_index("muscle_id").loc["piriformis", "days"]
    np.int64(3)
    """
    table = check_plan(plan).table
    if by == "day":
        holds = table[table["activity"] == "stretch"]
        out = pd.DataFrame(
            {
                "holds": holds.groupby("day", observed=False).size(),
                "stretches": holds.groupby("day", observed=False)["stretch_id"].nunique(),
                "warm_up_min": table[table["activity"] == "warm_up"]
                .groupby("day", observed=False)["seconds"]
                .sum()
                / 60,
                "stretch_min": holds.groupby("day", observed=False)["seconds"].sum() / 60,
                "session_min": (table["start_s"] + table["seconds"])
                .groupby(table["day"], observed=False)
                .max()
                .fillna(0)
                / 60,
            }
        )
        out.index = pd.CategoricalIndex(WEEKDAYS, dtype=DAY_DTYPE, name="day")
        return out.fillna(0).reset_index()
    if by == "muscle":
        cat = use_catalog(catalog, data_dir=data_dir)
        holds = table.loc[table["activity"] == "stretch", ["day", "stretch_id", "seconds"]]
        hits = holds.merge(cat.stretch_muscles[["stretch_id", "muscle_id"]], on="stretch_id")
        per = hits.groupby("muscle_id").agg(minutes=("seconds", "sum"), days=("day", "nunique"))
        out = cat.muscles[["muscle_id", "name"]].merge(
            per, left_on="muscle_id", right_index=True, how="left"
        )
        out["minutes"] = out["minutes"].fillna(0).astype("float64") / 60
        out["days"] = out["days"].fillna(0).astype("int64")
        return out.reset_index(drop=True)
    raise ValueError(f"by must be 'day' or 'muscle', not {by!r}")


def plan_rules(*, data_dir: DataDir = None, catalog: Catalog | None = None) -> pd.DataFrame:
    """The rules the planner reads from the tables, with what it does with each.

    Parameters
    ----------
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> rules = plan_rules().set_index("guideline_id")
    >>> rules.loc["frequency_target", "value"]
    '3-5 sessions/week'
    >>> print(rules.loc["warm_up", "planner"])  # doctest: +NORMALIZE_WHITESPACE
    Each session opens with 5 min of easy cardio, up to 10 min when time is left over,
    unless you are already warm (you have just been active).
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    rules = read_rules(cat)
    g = cat.guidelines.set_index("guideline_id")
    consult = ", ".join(t for t, _ in rules.consult.values())
    stop = ", ".join(t for t, _ in rules.stop.values())
    does = {
        "warm_up": f"Each session opens with {rules.warm_min_s / 60:g} min of easy cardio, up "
        f"to {rules.warm_max_s / 60:g} min when time is left over, unless you are already warm "
        "(you have just been active).",
        "hold": "A held stretch stays within both its own range in stretches.csv and this "
        "band, starting at the shortest and growing in 5 s steps as time allows; one-sided "
        "stretches get the same hold on each side.",
        "frequency_minimum": f"Fewer than {rules.minimum[0]} sessions a week get a note.",
        "frequency_target": f"Fewer than {rules.target[0]} sessions a week get a note; days "
        f"are spread out, never two in a row below 4 a week.",
        "frequency_persistent": f"For tightness that keeps coming back, {rules.persistent} "
        f"sessions a week.",
        "timing_dynamic": "Moving (dynamic) stretches come first in each session, right "
        "after the warm-up.",
        "timing_static": "Held (static) stretches follow; a restorative stretch closes.",
    }
    rows = [(gid, g.loc[gid, "title"], _band(g.loc[gid]), text) for gid, text in does.items()]
    rows.append(
        (
            "contraindications",
            consult,
            "",
            "Not planned until a healthcare professional has cleared you; then "
            "every day carries that note.",
        )
    )
    rows.append(("stop", stop, "", "Never planned over: stop and see a professional."))
    return pd.DataFrame(rows, columns=["guideline_id", "title", "value", "planner"]).astype(
        "string"
    )


def _band(row) -> str:
    if pd.isna(row.value_min) and pd.isna(row.value_max):
        return ""
    lo, hi = f"{row.value_min:g}", f"{row.value_max:g}"
    return f"{lo if lo == hi else f'{lo}-{hi}'} {row.unit}"


# --- exports --------------------------------------------------------------------------


def plan_to_csv(plan: Plan, path: str | os.PathLike) -> os.PathLike:
    """Write a plan as CSV, one row per hold, for a spreadsheet or another program.

    Text a spreadsheet would run as a formula is quoted; the file is written whole or not
    at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = plan_to_csv(plan_week(days=2), pathlib.Path(tempfile.mkdtemp()) / "week.csv")
    >>> out.read_text().splitlines()[0]
    'day,order,activity,stretch_id,name,kind,side,round,seconds,start_s,note'
    """
    plan = check_plan(plan)
    path = output_path(path, suffixes=[".csv"])
    table = plan.table[list(PLAN_COLUMNS)].copy()
    for col in ("name", "note", "stretch_id"):
        table[col] = table[col].map(spreadsheet_safe, na_action="ignore")
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n")
    return atomic_write(path, buf.getvalue())


def _start_date(start):
    import datetime as dt

    if isinstance(start, dt.datetime):
        return start.date()
    if isinstance(start, dt.date):
        return start
    if isinstance(start, str):
        try:
            return dt.date.fromisoformat(start)
        except ValueError:
            pass
    raise ValueError(f"start must be a date such as '2026-01-05' (YYYY-MM-DD), not {start!r}")


def _clock(time) -> tuple[int, int]:
    import re

    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", time) if isinstance(time, str) else None
    if not m:
        raise ValueError(f"time must be a 24-hour clock time such as '07:30', not {time!r}")
    return int(m.group(1)), int(m.group(2))


def plan_to_ics(
    plan: Plan,
    path: str | os.PathLike,
    *,
    start,
    time: str = "07:30",
    weeks: int | None = None,
) -> os.PathLike:
    """Write a plan as an iCalendar file: one weekly event per planned day, listing its steps.

    Parameters
    ----------
    plan
        A plan from :func:`plan_week`.
    path
        The ``.ics`` file to write; its folder must exist.
    start
        The first week: a date (or ``"YYYY-MM-DD"``). Each day's first event is on or after it.
    time
        Local start time, 24-hour ``"HH:MM"``. Events use floating local time, so they stay at
        that hour in whatever time zone the calendar is in.
    weeks
        How many weeks the events repeat; ``None`` repeats them until deleted.

    Examples
    --------
    >>> import tempfile, pathlib, icalendar
    >>> out = plan_to_ics(plan_week(days=3), pathlib.Path(tempfile.mkdtemp()) / "week.ics",
    ...                   start="2026-01-05")
    >>> cal = icalendar.Calendar.from_ical(out.read_bytes())
    >>> [str(e["SUMMARY"]) for e in cal.walk("VEVENT")][0]
    'Stretching: lower back and glutes (15 min)'
    >>> [e.decoded("DTSTART").strftime("%a %d %H:%M") for e in cal.walk("VEVENT")]
    ['Mon 05 07:30', 'Wed 07 07:30', 'Fri 09 07:30']
    """
    import datetime as dt

    import icalendar

    plan = check_plan(plan)
    path = output_path(path, suffixes=[".ics"])
    first = _start_date(start)
    hour, minute = _clock(time)
    if weeks is not None:
        weeks = _whole(weeks, "weeks", 1, 520)
    safety = plan.safety
    cal = icalendar.Calendar()
    cal.add("prodid", "-//stretchkit//weekly plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Stretching plan")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for day in plan.days:
        rows = plan.table[plan.table["day"] == day]
        length = int((rows["start_s"] + rows["seconds"]).max())
        minutes = math.ceil(length / 60)
        date = first + dt.timedelta(days=(WEEKDAYS.index(day) - first.weekday()) % 7)
        begin = dt.datetime.combine(date, dt.time(hour, minute))
        lines = [f"- {line}" for line in describe_day(plan, day)]
        notes = rows["note"].dropna().unique().tolist()
        event = icalendar.Event()
        # One UID per weekday and a growing SEQUENCE: importing a new plan updates the
        # events of the old one instead of adding a second set beside them.
        event.add("uid", f"stretchkit-weekly-plan-{day.lower()}@stretchkit")
        event.add("sequence", int(stamp.timestamp()) // 60 - 29_000_000)
        event.add("dtstamp", stamp)
        event.add("summary", f"Stretching: lower back and glutes ({minutes} min)")
        event.add("dtstart", begin)
        event.add("dtend", begin + dt.timedelta(seconds=length))
        rule: dict[str, str | int] = {"freq": "weekly"}
        if weeks is not None:
            rule["count"] = weeks
        event.add("rrule", rule)
        event.add("description", "\n".join([*lines, "", *notes, safety]).strip())
        cal.add_component(event)
    return atomic_write(path, cal.to_ical())
