"""A guided session from start to log: pick a routine, run the timer, rate how it felt, save.

Sharp pain is saved at once, the stop-and-consult advice is shown, and the timer will not
start again until the advice has been read.
"""

from __future__ import annotations

import datetime as dt
import os

import ipywidgets as widgets
import pandas as pd

from ..log import SessionLog
from ..markup import html
from ..plan import WEEKDAYS
from ..routine import routine
from ..session import result_entries, save_result
from .attention import attention
from .timer import default_title, is_routine, timer

__all__ = ["guided_session"]

_WIDE = {"description_width": "initial"}
_NOT_RATED = "not rated"
BLOCKED = (
    "Sharp pain is in your log and its advice is unread: read it above and press "
    "“I have read this advice” before stretching again."
)
NOT_SAVED = (
    "Sharp pain from this session is not saved yet: press “Try saving the sharp pain again” "
    "below. Do not stretch again before you have read the advice."
)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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
            if (plan.table["day"] == day).any():
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
    not saving), ``ratings`` and ``pains`` (stretch id to its discomfort dropdown and sharp
    pain checkbox), ``notes``, ``save``, ``retry``, ``status`` and ``attention``.

    A session is never dropped: sharp pain is saved the moment it is reported, and a
    session left unsaved is saved as it stands when the next one starts.

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
            if is_routine(source):
                return source
            return routine(source, **options, data_dir=data_dir)
        if choice == "default":
            return routine(None, **options, data_dir=data_dir)
        return routine(plan.day(choice), transition_s=transition_s, data_dir=data_dir)

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
        "pulling is the stretch working. Tick <em>sharp or radiating pain</em> if a stretch "
        "gave you that: it is logged, and the advice to see a professional is shown.</p>"
    )
    ratings: dict[str, widgets.Dropdown] = {}
    pains: dict[str, widgets.Checkbox] = {}
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
    retry = _classed(
        widgets.Button(
            description="Try saving the sharp pain again",
            icon="refresh",
            button_style="danger",
            layout=widgets.Layout(width="auto", display="none"),
        ),
        "sk-session-retry",
    )
    after = _classed(widgets.VBox([heading, explain, rating_box, notes, save]), "sk-after")
    after.layout.display = "none"
    unsaved: dict[str, pd.DataFrame] = {}  # the session waiting to be saved, if any

    def refresh_blocked() -> None:
        if "pain" in unsaved:
            clock.blocked = NOT_SAVED
        elif log is not None and not log.needs_attention().empty:
            clock.blocked = BLOCKED
        else:
            clock.blocked = ""

    if log is not None:
        advice = attention(log, data_dir=data_dir, on_change=refresh_blocked)
    else:
        advice = widgets.VBox()
        advice.refresh = lambda: None

    def alert(text: str) -> None:
        status.value = html('<p class="sk-error" role="alert">{}</p>', text)

    def form_enabled(on: bool) -> None:
        for w in [*ratings.values(), *pains.values(), notes]:
            w.disabled = not on
        save.disabled = not on or log is None
        save.description = "Save to my log" if on else "Saved ✓"

    def do_save(_=None, *, earlier: bool = False) -> bool:
        result = unsaved.get("pain", unsaved.get("done"))
        if result is None or log is None:
            return False
        rated = {
            sid: (None if d.value == _NOT_RATED else int(d.value)) for sid, d in ratings.items()
        }
        hurt = [sid for sid, box in pains.items() if box.value]
        try:
            session_id = save_result(
                result, log, discomfort=rated, sharp_pain=hurt, notes=notes.value.strip() or None
            )
        except Exception as e:  # any failure: sharp pain is never dropped without a word
            alert(f"Not saved: {e}")
            return False
        unsaved.clear()
        retry.layout.display = "none"
        form_enabled(False)
        entries = result_entries(result, discomfort=rated, sharp_pain=hurt)
        held = entries["seconds"].sum()
        first = (
            "Your last session was left unsaved, so it was saved as it stood. " if earlier else ""
        )
        status.value = html(
            '<p role="status">{}Saved session <code>{}</code>: {}, {:.1f} minutes of '
            "stretching, in <code>{}</code>.</p>",
            first,
            session_id,
            _n(len(entries), "hold"),
            held / 60,
            str(log.path),
        )
        advice.refresh()
        refresh_blocked()
        return True

    def on_done(result: pd.DataFrame) -> None:
        status.value = ""
        unsaved.clear()
        held = result.table[result.table["held_s"].round(1) > 0].drop_duplicates("stretch_id")
        ratings.clear()
        pains.clear()
        rows = []
        for row in held.itertuples(index=False):
            css = row.stretch_id.replace("_", "-")
            ratings[row.stretch_id] = _classed(
                widgets.Dropdown(
                    options=[_NOT_RATED, *[str(i) for i in range(11)]],
                    value=_NOT_RATED,
                    description=f"Discomfort, {row.name} (0-10):",
                    style=_WIDE,
                ),
                f"sk-rate-{css}",
            )
            pains[row.stretch_id] = _classed(
                widgets.Checkbox(
                    value=False,  # pain reported by the timer is already on its hold
                    description=f"Sharp or radiating pain in {row.name}",
                    indent=False,
                ),
                f"sk-pain-{css}",
            )
            rows.append(widgets.HBox([ratings[row.stretch_id], pains[row.stretch_id]]))
        rating_box.children = rows
        notes.value = ""
        form_enabled(True)
        if log is None:
            status.value = "<p>This session is not being saved to a log.</p>"
            return
        if result.status == "sharp_pain":
            # Pain is recorded at once: the person may not come back to the screen.
            unsaved["pain"] = result
            if not do_save():
                retry.layout.display = None
                refresh_blocked()
            return
        if result.table["held_s"].sum() <= 0:
            status.value = "<p>Nothing was held, so there is nothing to save.</p>"
            return
        unsaved["done"] = result
        after.layout.display = None

    def on_report(_change) -> None:
        if clock.error:
            alert(f"The timer's report could not be read, so nothing was saved: {clock.error}")

    def on_status(change) -> None:
        chooser.disabled = change["new"] in ("asking", "running", "paused")
        if change["new"] != "asking":
            return
        # A new run: an earlier session left unsaved is saved as it stands, never dropped.
        if "done" in unsaved:
            do_save(earlier=True)
        after.layout.display = "none"
        advice.refresh()
        refresh_blocked()

    def on_choice(change) -> None:
        try:
            clock.load(timeline(change["new"]))
            clock.title = default_title(clock)
        except (ValueError, TypeError) as e:
            alert(str(e))

    clock.on_complete(on_done)
    clock.observe(on_report, names="report")
    clock.observe(on_status, names="status")
    save.on_click(do_save)
    retry.on_click(do_save)
    chooser.observe(on_choice, names="value")
    refresh_blocked()

    box = widgets.VBox([advice, chooser, clock, after, status, retry])
    box.add_class("sk-session")
    box.timer = clock
    box.chooser = chooser
    box.session_log = log
    box.ratings = ratings
    box.pains = pains
    box.retry = retry
    box.notes = notes
    box.save = save
    box.status = status
    box.attention = advice
    return box
