"""A guided session from start to log: pick a routine, run the timer, rate how it felt, save.

Sharp pain is saved at once, the stop-and-consult advice is shown, and the timer will not
start again until the advice has been read.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import traitlets

from ..markup import html
from ..plan import WEEKDAYS, Plan
from ..routines import Routine, routine
from ..session import SessionResult, result_entries, save_result
from .base import WIDE, KitWidget, LogArg, classed, open_log
from .widget_attention import attention
from .widget_timer import default_title, is_routine, timer

__all__ = ["GuidedSession", "guided_session"]

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


def _choices(source, plan: Plan | None) -> list[tuple[str, str]]:
    choices = []
    if source is not None:
        choices.append(("Your routine", "source"))
    choices.append(("The default routine: every stretch, moving ones first", "default"))
    if plan is not None:
        for day in WEEKDAYS:
            if day in plan.days:
                choices.append((f"Your plan for {day}", day))
    return choices


def _next_planned(weekday: str, plan: Plan) -> str | None:
    """The first plan day after ``weekday``, going round the week; ``None`` without days."""
    i = WEEKDAYS.index(weekday)
    later = [WEEKDAYS[(i + k) % 7] for k in range(1, 8)]
    return next((day for day in later if day in plan.days), None)


def rest_day_text(weekday: str, next_day: str) -> str:
    """What the picker says on a day the plan leaves free.

    Examples
    --------
    >>> print(rest_day_text("Tue", "Thu"))  # doctest: +NORMALIZE_WHITESPACE
    Today, Tue, is a rest day in your plan; your next session is Thu. It is chosen below:
    stretch it today if you like, or pick another routine.
    """
    return (
        f"Today, {weekday}, is a rest day in your plan; your next session is {next_day}. "
        "It is chosen below: stretch it today if you like, or pick another routine."
    )


class GuidedSession(KitWidget):
    """A guided session: the advice for unread sharp pain, the routine picker, the timer, the
    ratings form and the save button. Build it with :func:`guided_session`."""

    #: The routine choice being timed: ``source``, ``default`` or a plan day (``Mon``...).
    choice = traitlets.Unicode()
    #: A finished session that is not saved yet (its timer result), or ``None``.
    unsaved = traitlets.Instance(SessionResult, allow_none=True)
    #: Whether ``unsaved`` holds sharp pain, which is saved at once and never dropped.
    pain_unsaved = traitlets.Bool(False)

    def __init__(
        self,
        source=None,
        *,
        log: LogArg = None,
        plan: Plan | None = None,
        hold_s: float | None = None,
        transition_s: float = 5,
        breaths: int | None = None,
        speak: bool = False,
        today: dt.date | None = None,
        data_dir=None,
    ):
        super().__init__(
            css_class="sk-session", status_class="sk-session-status", data_dir=data_dir
        )
        self.source, self.plan = source, plan
        self._hold_s, self._transition_s, self._breaths = hold_s, transition_s, breaths
        #: Where sessions are saved, or ``None`` when nothing is saved.
        self.session_log = open_log(log, data_dir=data_dir)
        choices = _choices(source, plan)
        weekday = WEEKDAYS[(today or dt.date.today()).weekday()]
        values = [v for _, v in choices]
        #: The plan day chosen because today is a rest day in the plan, or ``None``.
        self.rest_day_next: str | None = None
        if source is not None:
            first = values[0]
        elif weekday in values:
            first = weekday
        elif plan is not None and (upcoming := _next_planned(weekday, plan)) is not None:
            # A rest day: say so and offer the next planned day, never the default silently.
            first = self.rest_day_next = upcoming
        else:
            first = "default"
        self.choice = first
        #: What the picker says about today, e.g. that it is a rest day ("" when nothing).
        self.today_note = classed(
            widgets.HTML(
                html('<p role="status">{}</p>', rest_day_text(weekday, first))
                if self.rest_day_next
                else ""
            ),
            "sk-today-note",
        )
        self.chooser = classed(
            widgets.Dropdown(
                options=choices,
                value=first,
                description="Routine:",
                style=WIDE,
                layout=widgets.Layout(width="34em"),
            ),
            "sk-routine-choice",
        )
        picker = classed(widgets.VBox([self.today_note, self.chooser]), "sk-routine-pick")
        #: The timer of the chosen routine.
        self.timer = timer(self.timeline(first), speak=speak, catalog=self.catalog)
        heading = widgets.HTML("<h4>How did it feel?</h4>")
        explain = widgets.HTML(
            "<p>Rate the discomfort of each stretch from 0 (none) to 10 (the worst). Mild "
            "pulling is the stretch working. Tick <em>sharp or radiating pain</em> if a stretch "
            "gave you that: it is logged, and the advice to see a professional is shown.</p>"
        )
        #: Stretch id to its discomfort dropdown, and to its sharp-pain checkbox.
        self.ratings: dict[str, widgets.Dropdown] = {}
        self.pains: dict[str, widgets.Checkbox] = {}
        self._rating_box = classed(widgets.VBox(), "sk-ratings")
        self.notes = classed(
            widgets.Textarea(
                description="Notes:",
                placeholder="Anything to remember about this session",
                style=WIDE,
                layout=widgets.Layout(width="34em"),
            ),
            "sk-session-notes",
        )
        self.save = classed(
            widgets.Button(
                description="Save to my log",
                icon="save",
                button_style="primary",
                tooltip="Save the holds done and your ratings to the session log",
                layout=widgets.Layout(width="auto"),
                disabled=self.session_log is None,
            ),
            "sk-session-save",
        )
        self.retry = classed(
            widgets.Button(
                description="Try saving the sharp pain again",
                icon="refresh",
                button_style="danger",
                layout=widgets.Layout(width="auto", display="none"),
            ),
            "sk-session-retry",
        )
        self._after = classed(
            widgets.VBox([heading, explain, self._rating_box, self.notes, self.save]), "sk-after"
        )
        self._after.layout.display = "none"
        #: The advice to stop and consult while the log has unread sharp pain.
        self.attention = (
            attention(self.session_log, on_change=self._refresh_blocked, catalog=self.catalog)
            if self.session_log is not None
            else None
        )

        self.timer.on_complete(self._on_done)
        self.timer.observe(self._on_report, names="report")
        self.timer.observe(self._on_status, names="status")
        self.save.on_click(self.save_session)
        self.retry.on_click(self.save_session)
        self.chooser.observe(self._on_choice, names="value")
        self._refresh_blocked()
        self.children = [
            *([self.attention] if self.attention is not None else []),
            picker,
            self.timer,
            self._after,
            self.status,
            self.retry,
        ]

    def timeline(self, choice: str) -> Routine:
        """The routine for a choice of the picker."""
        if choice == "source" and is_routine(self.source):
            return self.source
        if choice in ("source", "default"):
            return routine(
                self.source if choice == "source" else None,
                hold_s=self._hold_s,
                transition_s=self._transition_s,
                breaths=self._breaths,
                catalog=self.catalog,
            )
        if self.plan is None:
            raise ValueError(f"there is no plan to take {choice!r} from")
        return routine(
            self.plan.day(choice),
            transition_s=self._transition_s,
            catalog=self.catalog,
        )

    # -- saving: a session is never dropped --

    def save_session(self, _=None, *, earlier: bool = False) -> bool:
        """Save the finished session with its ratings; ``True`` when it was saved."""
        result, log = self.unsaved, self.session_log
        if result is None or log is None:
            return False
        rated = {
            sid: (None if d.value == _NOT_RATED else int(d.value))
            for sid, d in self.ratings.items()
        }
        hurt = [sid for sid, box in self.pains.items() if box.value]
        try:
            session_id = save_result(
                result,
                log,
                discomfort=rated,
                sharp_pain=hurt,
                notes=self.notes.value.strip() or None,
            )
        except Exception as e:  # any failure: sharp pain is never dropped without a word
            self.show_error(f"Not saved: {e}")
            return False
        self.unsaved, self.pain_unsaved = None, False
        self.retry.layout.display = "none"
        self._form_enabled(False)
        entries = result_entries(result, discomfort=rated, sharp_pain=hurt)
        held = entries["seconds"].sum()
        first = (
            "Your last session was left unsaved, so it was saved as it stood. " if earlier else ""
        )
        self.status.value = html(
            '<p role="status">{}Saved session <code>{}</code>: {}, {:.1f} minutes of '
            "stretching, in <code>{}</code>.</p>",
            first,
            session_id,
            _n(len(entries), "hold"),
            held / 60,
            str(log.path),
        )
        if self.attention is not None:
            self.attention.refresh()
        self._refresh_blocked()
        return True

    def _refresh_blocked(self) -> None:
        if self.pain_unsaved:
            self.timer.blocked = NOT_SAVED
        elif self.session_log is not None and not self.session_log.needs_attention().empty:
            self.timer.blocked = BLOCKED
        else:
            self.timer.blocked = ""

    def _form_enabled(self, on: bool) -> None:
        for w in [*self.ratings.values(), *self.pains.values(), self.notes]:
            w.disabled = not on
        self.save.disabled = not on or self.session_log is None
        self.save.description = "Save to my log" if on else "Saved ✓"

    # -- the timer's events --

    def _on_done(self, result: SessionResult) -> None:
        self.status.value = ""
        self.unsaved, self.pain_unsaved = None, False
        held = result.table[result.table["held_s"].round(1) > 0].drop_duplicates("stretch_id")
        self.ratings.clear()
        self.pains.clear()
        rows = []
        for stretch_id, name in zip(
            held["stretch_id"].astype(str), held["name"].astype(str), strict=True
        ):
            css = stretch_id.replace("_", "-")
            self.ratings[stretch_id] = classed(
                widgets.Dropdown(
                    options=[_NOT_RATED, *[str(i) for i in range(11)]],
                    value=_NOT_RATED,
                    description=f"Discomfort, {name} (0-10):",
                    style=WIDE,
                ),
                f"sk-rate-{css}",
            )
            self.pains[stretch_id] = classed(
                widgets.Checkbox(
                    value=False,  # pain reported by the timer is already on its hold
                    description=f"Sharp or radiating pain in {name}",
                    indent=False,
                ),
                f"sk-pain-{css}",
            )
            rows.append(
                widgets.HBox(
                    [self.ratings[stretch_id], self.pains[stretch_id]],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                )
            )
        self._rating_box.children = rows
        self.notes.value = ""
        self._form_enabled(True)
        if self.session_log is None:
            self.status.value = "<p>This session is not being saved to a log.</p>"
            return
        if result.status == "sharp_pain":
            # Pain is recorded at once: the person may not come back to the screen.
            self.unsaved, self.pain_unsaved = result, True
            if not self.save_session():
                self.retry.layout.display = None
                self._refresh_blocked()
            return
        if result.table["held_s"].sum() <= 0:
            self.status.value = "<p>Nothing was held, so there is nothing to save.</p>"
            return
        self.unsaved = result
        self._after.layout.display = None

    def _on_report(self, _change) -> None:
        if self.timer.error:
            self.show_error(
                f"The timer's report could not be read, so nothing was saved: {self.timer.error}"
            )

    def _on_status(self, change) -> None:
        self.chooser.disabled = change["new"] in ("asking", "running", "paused")
        if change["new"] != "asking":
            return
        # A new run: an earlier session left unsaved is saved as it stands, never dropped.
        if self.unsaved is not None and not self.pain_unsaved:
            self.save_session(earlier=True)
        self._after.layout.display = "none"
        if self.attention is not None:
            self.attention.refresh()
        self._refresh_blocked()

    def _on_choice(self, change) -> None:
        try:
            self.timer.load(self.timeline(change["new"]))
            self.timer.title = default_title(self.timer)
            self.choice = change["new"]
        except (ValueError, TypeError) as e:
            self.show_error(str(e))


def guided_session(
    source=None,
    *,
    log: LogArg = None,
    plan: Plan | None = None,
    hold_s: float | None = None,
    transition_s: float = 5,
    breaths: int | None = None,
    speak: bool = False,
    today: dt.date | None = None,
    data_dir=None,
) -> GuidedSession:
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
        chosen when the plan has it. On a rest day of the plan the picker says so ("Today,
        Tue, is a rest day in your plan; your next session is Thu") and chooses the next
        planned day.
    hold_s, transition_s, breaths
        As in :func:`~stretchkit.routine`.
    speak
        Speak the cues.
    today
        The date that picks today's plan day (default: today).
    data_dir
        A folder of custom tables.

    A session is never dropped: sharp pain is saved the moment it is reported, and a
    session left unsaved is saved as it stands when the next one starts.

    Returns
    -------
    GuidedSession
        Its state: ``choice`` (the routine being timed), ``unsaved`` (a finished session not
        saved yet, or ``None``), ``pain_unsaved`` and ``rest_day_next`` (the plan day chosen
        on a rest day, or ``None``); its parts: ``timer``, ``chooser``, ``today_note``,
        ``session_log`` (``None`` when not saving), ``ratings`` and ``pains`` (stretch id to
        its discomfort dropdown and sharp pain checkbox), ``notes``, ``save``, ``retry``,
        ``status`` and ``attention`` (``None`` without a log).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from stretchkit import SessionLog, plan_week
    >>> log = SessionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
    >>> box = guided_session(log=log, plan=plan_week(days=3), today=dt.date(2026, 11, 25))
    >>> box.chooser.value, box.timer.steps[1]["kind"]
    ('Wed', 'warm_up')
    >>> rest = guided_session(log=log, plan=plan_week(days=3), today=dt.date(2026, 11, 24))
    >>> rest.chooser.value, rest.rest_day_next
    ('Wed', 'Wed')
    """
    return GuidedSession(
        source,
        log=log,
        plan=plan,
        hold_s=hold_s,
        transition_s=transition_s,
        breaths=breaths,
        speak=speak,
        today=today,
        data_dir=data_dir,
    )
