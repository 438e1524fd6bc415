"""The guided session timer: a routine played in the browser, holds, sides, breaths and sound.

The countdown runs in the browser (``timer.js``) from deadlines read with
``performance.now()``, so it keeps time in a background tab and the kernel stays free while
it runs. Python hands it the steps and the safety advice, and gets back what was done.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeGuard

import anywidget
import pandas as pd
import traitlets

from ..catalog import Catalog, guideline, use_catalog
from ..figures import figure_svg, pose_frames
from ..plan import Plan
from ..routines import BREATH_CYCLE_S, Routine, check_routine, routine, set_warm_up
from ..safety import safety_rules
from ..session import SessionResult, session_result
from .base import widget_catalog

__all__ = ["Timer", "is_routine", "timer"]

_HERE = Path(__file__).parent
_STEP_FIELDS = (
    "kind",
    "stretch_id",
    "name",
    "side",
    "round",
    "seconds",
    "cue",
    "breath_cycles",
    "breath_s",
    "inhale",
    "exhale",
)


def _plain(value):
    """A JSON value for the browser: numbers as numbers, missing as null."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _steps(timeline: pd.DataFrame) -> list[dict]:
    return [
        {k: _plain(v) for k, v in zip(_STEP_FIELDS, row, strict=True)}
        for row in timeline[list(_STEP_FIELDS)].astype(object).itertuples(index=False)
    ]


def _figures(stretch_id: str, per_side: bool, cat: Catalog) -> dict[str, dict[str, str]]:
    """The stretch's figure for the timer, by side and frame: ``{"left": {"hold": svg}}``, or
    ``{"both": {"cow": svg, "cat": svg}}``; the browser shows the step's side and, for a
    moving stretch, the frame of the breath (Cat-Cow's cow on the inhale, cat on the exhale).
    A stretch without a picture gets its placeholder under ``"both"``."""
    out: dict[str, dict[str, str]] = {}
    for side in ("left", "right") if per_side else ("both",):
        frames = pose_frames(stretch_id, side=None if side == "both" else side, catalog=cat)
        if not frames:
            return {"both": {"hold": str(figure_svg(stretch_id, catalog=cat))}}
        out[side] = {
            f.frame: str(
                figure_svg(
                    stretch_id,
                    frame=f.frame,
                    side=None if side == "both" else side,
                    catalog=cat,
                )
            )
            for f in frames
        }
    return out


def _stretches(timeline: pd.DataFrame, cat: Catalog) -> dict:
    ids = [i for i in timeline["stretch_id"].dropna().unique()]
    out = {}
    for row in cat.stretches[cat.stretches["stretch_id"].isin(ids)].itertuples(index=False):
        steps = cat.steps[cat.steps["stretch_id"] == row.stretch_id].sort_values("step")
        out[row.stretch_id] = {
            "name": row.name,
            "figures": _figures(str(row.stretch_id), bool(row.per_side), cat),
            "steps": steps["text"].tolist(),
            "tips": row.tips if isinstance(row.tips, str) else None,
            "feel_it": row.feel_it if isinstance(row.feel_it, str) else None,
        }
    return out


def _advice(cat: Catalog) -> dict:
    rules = safety_rules(catalog=cat)
    contra = rules[rules["section"] == "consult_professional"]
    during = rules[rules["section"] == "during"]

    def item(gid):
        g = guideline(gid, catalog=cat)  # a missing guideline is named, with its file
        return {"title": g.title, "text": g.text}

    return {
        "contraindications": [item(gid) for gid in contra["guideline_id"]],
        "warm_up": item("warm_up"),
        "stop": item("sharp_pain"),
        # The rest of the safety note, so the timer shows all of it before each run.
        "during": [item(gid) for gid in during["guideline_id"]],
        "consult": item("severe_pain")["text"],
    }


def is_routine(frame) -> TypeGuard[Routine]:
    """Whether ``frame`` is a :func:`~stretchkit.routine` result (a plan day is not)."""
    return isinstance(frame, Routine)


def _length(seconds: float) -> str:
    m, s = divmod(round(seconds), 60)
    return " ".join(part for part in (f"{m} min" if m else "", f"{s} s" if s else "") if part) or (
        "0 s"
    )


class Timer(anywidget.AnyWidget):
    """A routine played in the browser. Build it with :func:`timer`.

    Python sets the steps, the advice and ``blocked``; the browser sets ``status``,
    ``position`` (the step playing, from 0) and, when the routine ends or is stopped,
    ``report``. ``on_complete`` turns the report into a :func:`~stretchkit.session_result`
    frame for you; ``result`` keeps the latest, and ``error`` says why a report was refused.
    """

    _esm = _HERE / "timer.js"
    _css = _HERE / "timer.css"

    title = traitlets.Unicode("Guided session").tag(sync=True)
    #: The steps with the warm-up, played when the person has not warmed up.
    steps = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: The same steps without the warm-up, played when the person says they have warmed up.
    steps_warmed = traitlets.List(traitlets.Dict()).tag(sync=True)
    stretches = traitlets.Dict().tag(sync=True)
    advice = traitlets.Dict().tag(sync=True)
    #: Seconds of one slow breath, for the pacer during held stretches.
    pace_s = traitlets.Float(float(BREATH_CYCLE_S)).tag(sync=True)
    #: Why the timer may not start (e.g. unread sharp-pain advice); "" when it may.
    blocked = traitlets.Unicode("").tag(sync=True)
    muted = traitlets.Bool(False).tag(sync=True)
    speak = traitlets.Bool(False).tag(sync=True)
    status = traitlets.Unicode("ready").tag(sync=True)
    position = traitlets.Int(0).tag(sync=True)
    report = traitlets.Dict().tag(sync=True)

    def __init__(self, timeline: Routine, *, data_dir=None, catalog=None, **kwargs):
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[SessionResult], object]] = []
        self.result: SessionResult | None = None
        self.error: str | None = None
        self.data_dir = data_dir
        #: The tables the timer reads, read once (or given by the widget that holds it).
        self.catalog: Catalog = widget_catalog(catalog, data_dir)
        self.advice = _advice(self.catalog)
        self.load(timeline)
        self.observe(self._reported, names="report")

    def load(self, timeline: Routine) -> None:
        """Play another routine; a routine under way in the browser finishes first."""
        timeline = check_routine(timeline)
        if (timeline.table["kind"] == "warm_up").any():
            with_warm_up = timeline
        else:
            with_warm_up = set_warm_up(timeline, True, catalog=self.catalog)
        self.routine = with_warm_up
        self.stretches = _stretches(timeline.table, self.catalog)
        self.steps_warmed = _steps(set_warm_up(timeline, False, catalog=self.catalog).table)
        self.steps = _steps(with_warm_up.table)

    def on_complete(self, callback: Callable[[SessionResult], object]) -> None:
        """Call ``callback(result)`` each time a routine ends or is stopped, with the
        :func:`~stretchkit.session_result` of what was done."""
        if not callable(callback):
            raise TypeError(f"callback must be callable, not {callback!r}")
        self._callbacks.append(callback)

    def _reported(self, change) -> None:
        self.result, self.error = None, None
        if not change["new"]:
            return
        try:
            self.result = session_result(change["new"])
        except (TypeError, ValueError) as e:
            # Kept and shown, not raised: an exception here would vanish into the front end.
            self.error = str(e)
            self.log.error("stretchkit timer: %s", e)
            return
        for callback in self._callbacks:
            callback(self.result)


def default_title(t: Timer) -> str:
    """The heading that names a timer's routine: its stretches and its length."""
    n = t.routine.table["stretch_id"].dropna().nunique()
    warm = sum(s["seconds"] for s in t.steps)
    cold = sum(s["seconds"] for s in t.steps_warmed)
    return (
        f"Guided session: {n} stretch{'es' if n != 1 else ''}, {_length(warm)} "
        f"({_length(cold)} without the warm-up)"
    )


def timer(
    source: str | Iterable[str] | Plan | Routine | None = None,
    *,
    hold_s: float | None = None,
    transition_s: float = 5,
    breaths: int | None = None,
    warmup: bool | float = True,
    speak: bool = False,
    muted: bool = False,
    title: str | None = None,
    data_dir: str | os.PathLike | None = None,
    catalog: Catalog | None = None,
) -> Timer:
    """A guided session timer for a routine; returns the widget, never displays it.

    Start asks first whether you have warmed up, with the reasons to see a professional
    before stretching; "yes" plays the routine without its warm-up, "no" with it. Holds count
    down from deadlines in the browser, one-sided stretches get the full hold on each side
    with beeps at the switch, moving stretches are paced breath by breath, and the last
    three seconds of every step beep. Space starts, pauses and resumes; the arrow keys go
    back and skip; M mutes. "Sharp pain - stop" ends the session and shows the advice.

    Parameters
    ----------
    source
        A :func:`~stretchkit.routine` result, or what :func:`~stretchkit.routine` takes:
        ``None`` for the default routine, stretches, or one day of a weekly plan.
    hold_s, transition_s, breaths, warmup
        Passed to :func:`~stretchkit.routine` when ``source`` is not already a routine.
    speak
        Speak each cue with the browser's speech synthesis (it can be switched on in the
        widget too).
    muted
        Start without sound.
    title
        The heading; by default it names the session's length.
    data_dir
        A folder of custom tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog` (the guided session
        passes its own); used instead of reading ``data_dir`` again.

    Examples
    --------
    >>> t = timer(["Figure-Four", "Cat-Cow"])
    >>> [s["kind"] for s in t.steps][:4]
    ['get_ready', 'warm_up', 'transition', 'hold']
    >>> [s["kind"] for s in t.steps_warmed][:2]
    ['get_ready', 'hold']
    >>> t.status, t.title
    ('ready', 'Guided session: 2 stretches, 7 min 25 s (2 min 20 s without the warm-up)')
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    # isinstance, not is_routine: a TypeGuard narrows only the branch where it holds, and
    # routine() below must know that source is not a Routine.
    if isinstance(source, Routine):
        given = {
            "hold_s": hold_s is not None,
            "transition_s": transition_s != 5,
            "breaths": breaths is not None,
            "warmup": warmup is not True,
        }
        if any(given.values()):
            raise TypeError(
                f"{', '.join(k for k, v in given.items() if v)} shape a routine timer() builds; "
                "this routine is already built, so pass them to routine() instead"
            )
        timeline = source
    else:
        timeline = routine(
            source,
            hold_s=hold_s,
            transition_s=transition_s,
            breaths=breaths,
            warmup=warmup,
            catalog=cat,
        )
    t = Timer(timeline, data_dir=data_dir, catalog=cat, speak=bool(speak), muted=bool(muted))
    t.title = default_title(t) if title is None else title
    t.add_class("sk-timer-widget")
    return t
