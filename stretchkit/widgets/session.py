"""A guided session from start to log: pick a routine, run the timer, rate how it felt, save.

Sharp pain is saved at once, the stop-and-consult advice is shown, and the timer will not
start again until the advice has been read.
"""

from __future__ import annotations

import datetime as dt
import html
import os

import ipywidgets as widgets
import pandas as pd

from ..log import SessionLog
from ..plan import WEEKDAYS
from ..routine import routine
from ..session import result_entries, save_result
from .attention import attention
from .timer import timer

__all__ = ["guided_session"]

_WIDE = {"description_width": "initial"}
_NOT_RATED = "not rated"
BLOCKED = (
    "Sharp pain is in your log and its advice is unread: read it above and press "
    "“I have read this advice” before stretching again."
)


def _classed(widget, css_class: str):
    widget.add_class(css_class)
    return widget


def _choices(source, plan: pd.DataFrame | None) -> list[tuple[str, str]]:
    choices = []
    if source is not None:
        choices.append(("Your routine", "source"))
    choices.append(("The default routine: every stretch, moving ones first", "default"))
    if plan is not None:
        for day in WEEKDAYS:
            if (plan["day"] == day).any():
                choices.append((f"Your plan for {day}", day))
    return choices


def guided_session(
    source=None,
    *,
    log: SessionLog | str | os.PathLike | bool | None = None,
    plan: pd.DataFrame | None = None,
    hold_s: float | None = None,
    transition_s: float = 5,
    breaths: int | None = None,
    speak: bool = False,
    today: dt.date | None = None,
    data_dir=None,
) -> widgets.VBox:
    """Build the guided session (returned, not displayed): routine picker, timer, ratings.

    Parameters
    ----------
    source
        A routine, stretches, or ``None``; see :func:`~stretchkit.widgets.timer`.
    log
        Where the session is saved: a :class:`~stretchkit.SessionLog` or its path; ``None``
        for your own log at its default place; ``False`` to save nothing.
    plan
        A :func:`~stretchkit.plan_week` result: its days join the picker and today's day is
        chosen when the plan has it.
    hold_s, transition_s, breaths
        As in :func:`~stretchkit.routine`.
    speak
        Speak the cues.
    today
        The date that picks today's plan day (default: today).
    data_dir
        A folder of custom tables.

    Attributes of the returned box: ``timer``, ``chooser``, ``session_log`` (``None`` when
    not saving), ``ratings`` (stretch id to its dropdown), ``notes``, ``save``, ``status``
    and ``attention``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from stretchkit import SessionLog, plan_week
    >>> log = SessionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
    >>> box = guided_session(log=log, plan=plan_week(days=3), today=dt.date(2026, 11, 25))
    >>> box.chooser.value, box.timer.steps[1]["kind"]
    ('Wed', 'warm_up')
    """
    if log is None:
        log = SessionLog(data_dir=data_dir)
    elif log is False:
        log = None
    elif not isinstance(log, SessionLog):
        log = SessionLog(log, data_dir=data_dir)
    options = {"hold_s": hold_s, "transition_s": transition_s, "breaths": breaths}

    def timeline(choice: str) -> pd.DataFrame:
        if choice == "source":
            if isinstance(source, pd.DataFrame) and "kind" in source.columns:
                return source
            return routine(source, **options, data_dir=data_dir)
        if choice == "default":
            return routine(None, **options, data_dir=data_dir)
        return routine(plan[plan["day"] == choice], transition_s=transition_s, data_dir=data_dir)

    choices = _choices(source, plan)
    weekday = WEEKDAYS[(today or dt.date.today()).weekday()]
    values = [v for _, v in choices]
    first = values[0] if source is not None else weekday if weekday in values else "default"
    chooser = widgets.Dropdown(
        options=choices,
        value=first,
        description="Routine:",
        style=_WIDE,
        layout=widgets.Layout(width="34em"),
    )
    chooser.add_class("sk-routine-choice")
    clock = timer(timeline(first), speak=speak, data_dir=data_dir)

    status = _classed(widgets.HTML(), "sk-session-status")
    heading = widgets.HTML("<h4>How did it feel?</h4>")
    explain = widgets.HTML(
        "<p>Rate the discomfort of each stretch from 0 (none) to 10 (the worst). Mild "
        "pulling is the stretch working; sharp or radiating pain means stop.</p>"
    )
    ratings: dict[str, widgets.Dropdown] = {}
    rating_box = _classed(widgets.VBox(), "sk-ratings")
    notes = _classed(
        widgets.Textarea(
            description="Notes:",
            placeholder="Anything to remember about this session",
            style=_WIDE,
            layout=widgets.Layout(width="34em"),
        ),
        "sk-session-notes",
    )
    save = _classed(
        widgets.Button(
            description="Save to my log",
            icon="save",
            button_style="primary",
            tooltip="Save the holds done and your ratings to the session log",
            layout=widgets.Layout(width="auto"),
            disabled=log is None,
        ),
        "sk-session-save",
    )
    after = _classed(widgets.VBox([heading, explain, rating_box, notes, save]), "sk-after")
    after.layout.display = "none"

    def refresh_blocked() -> None:
        pending = log is not None and not log.needs_attention().empty
        clock.blocked = BLOCKED if pending else ""

    if log is not None:
        advice = attention(log, data_dir=data_dir, on_change=refresh_blocked)
    else:
        advice = widgets.VBox()
        advice.refresh = lambda: None

    def saved_text(entries: pd.DataFrame, session_id: str) -> str:
        held = entries["seconds"].sum()
        where = html.escape(str(log.path))
        return (
            f"<p>Saved session <code>{session_id}</code>: {len(entries)} holds, "
            f"{held / 60:.1f} minutes of stretching, in <code>{where}</code>.</p>"
        )

    def do_save(_=None) -> None:
        result = clock.result
        if result is None or log is None:
            return
        ratings_now = {
            sid: (None if d.value == _NOT_RATED else int(d.value)) for sid, d in ratings.items()
        }
        try:
            session_id = save_result(
                result, log, discomfort=ratings_now, notes=notes.value.strip() or None
            )
        except (OSError, ValueError) as e:
            status.value = f'<p class="sk-error" role="alert">Not saved: {html.escape(str(e))}</p>'
            return
        status.value = saved_text(result_entries(result), session_id)

    def on_done(result: pd.DataFrame) -> None:
        status.value = ""
        rated = result[result["held_s"] > 0].drop_duplicates("stretch_id")
        ratings.clear()
        for row in rated.itertuples(index=False):
            d = widgets.Dropdown(
                options=[_NOT_RATED, *[str(i) for i in range(11)]],
                value=_NOT_RATED,
                description=f"Discomfort, {row.name} (0-10):",
                style=_WIDE,
            )
            d.add_class(f"sk-rate-{row.stretch_id.replace('_', '-')}")
            ratings[row.stretch_id] = d
        rating_box.children = list(ratings.values())
        if log is None:
            after.layout.display = "none"
            status.value = "<p>This session is not being saved to a log.</p>"
            return
        if result.attrs["status"] == "sharp_pain":
            # Pain is recorded at once: the person may not come back to the screen.
            after.layout.display = "none"
            do_save()
            advice.refresh()
            refresh_blocked()
            return
        if result["held_s"].sum() <= 0:
            after.layout.display = "none"
            status.value = "<p>Nothing was held, so there is nothing to save.</p>"
            return
        after.layout.display = None

    def on_choice(change) -> None:
        try:
            clock.load(timeline(change["new"]))
        except (ValueError, TypeError) as e:
            status.value = f'<p class="sk-error" role="alert">{html.escape(str(e))}</p>'

    clock.on_complete(on_done)
    save.on_click(do_save)
    chooser.observe(on_choice, names="value")
    refresh_blocked()

    box = widgets.VBox([advice, chooser, clock, after, status])
    box.add_class("sk-session")
    box.timer = clock
    box.chooser = chooser
    box.session_log = log
    box.ratings = ratings
    box.notes = notes
    box.save = save
    box.status = status
    box.attention = advice
    return box
