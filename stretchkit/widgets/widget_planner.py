"""The weekly planner: choose days, minutes, focus and what applies to you; see the week, the
minutes it gives each muscle and the rules it applied; save it as CSV, calendar and handout."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import ipywidgets as widgets
import traitlets

from ..catalog import Catalog
from ..errors import SafetyError
from ..markup import html, join
from ..plan import Plan, describe_day, plan_summary, plan_to_csv, plan_to_ics, plan_week
from ..words import download_link, in_words
from .base import WIDE, KitWidget, LogArg, classed, open_log
from .widget_attention import attention

__all__ = ["Planner", "planner"]

PROJECTOR_CSS = (
    "<style>.sk-planner{--jp-widgets-font-size:15px;--jp-widgets-inline-height:32px;"
    "--jp-widgets-inline-label-width:170px;font-size:15px}"
    ".sk-planner table.sk-week{border-collapse:collapse;width:100%}"
    ".sk-planner table.sk-week th,.sk-planner table.sk-week td{"
    "border:1px solid var(--jp-border-color1, #bdbdbd);"
    "padding:0.35em 0.5em;vertical-align:top;text-align:left}"
    ".sk-planner table.sk-week th{background:var(--jp-layout-color2, #eeeeee);"
    "color:var(--jp-ui-font-color0, #000000)}"
    ".sk-planner .sk-blocked{border:3px solid var(--jp-warn-color0, #e65100);border-radius:6px;"
    "padding:0.5em 1em;background:var(--jp-layout-color1, #ffffff);"
    "color:var(--jp-ui-font-color0, #000000)}"
    ".sk-planner .sk-chart-row{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}"
    ".sk-planner .sk-chart-row>svg{flex:1 1 360px}</style>"
)
# The planner's messages name its arguments; here they name the controls instead.
_IN_WORDS = {
    "or warmed_up=True if": "or tick 'Already warm' if",
    "plan again with cleared=True": "tick 'A healthcare professional has cleared me to stretch'",
}


def _next_monday(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def _in_words(text: str) -> str:
    for api, words in _IN_WORDS.items():
        text = text.replace(api, words)
    return in_words(text)


def _week_table(plan) -> str:
    days = list(plan.days)
    length = plan_summary(plan).set_index("day")["session_min"]
    head = join(
        html('<th scope="col">{}<br><small>{:.1f} min</small></th>', d, length[d]) for d in days
    )
    cells = []
    for d in days:
        items = join(html("<li>{}</li>", line) for line in describe_day(plan, d))
        note = plan.table.loc[plan.table["day"] == d, "note"].dropna().unique()
        extra = html("<p><strong>Note:</strong> {}</p>", note[0]) if len(note) else ""
        cells.append(
            html('<td><ul style="margin:0;padding-left:1.1em">{}</ul>{}</td>', items, extra)
        )
    return html('<table class="sk-week"><tr>{}</tr><tr>{}</tr></table>', head, join(cells))


def _chart_svg(plan, cat: Catalog) -> str:
    """The minutes per day and per muscle as the kit's own SVG bar charts: theme colours,
    ``role="img"`` and the same numbers in words (no matplotlib: a change redraws at once)."""
    from ..charts.svg import plan_days_svg, plan_muscles_svg

    return html(
        '<div class="sk-chart-row">{}{}</div>',
        plan_days_svg(plan),
        plan_muscles_svg(plan, catalog=cat),
    )


def _download(path: Path) -> str:
    return download_link(path, note=f"saved as {path}")


class Planner(KitWidget):
    """The weekly planner: controls on the left; the safety advice, the rules applied and the
    week on the right; the chart, the minutes per muscle and the save buttons below. Build it
    with :func:`planner`."""

    #: The current plan, or ``None`` when the settings do not give one (see ``error``).
    plan = traitlets.Instance(Plan, allow_none=True)
    #: The files saved from the current plan, by kind (``csv``, ``ics``, ``pdf``).
    saved = traitlets.Dict()
    #: Which of the equally good plans is shown (``Another plan`` counts it up).
    seed = traitlets.Int(0)

    def __init__(
        self,
        *,
        log: LogArg = None,
        export_dir: str | os.PathLike = "exports",
        data_dir: str | os.PathLike | None = None,
    ):
        super().__init__(css_class="sk-planner", status_class="sk-seed", data_dir=data_dir)
        g = self.catalog.guidelines
        contraindications = g[g["category"] == "contraindication"]
        muscles = list(
            zip(self.catalog.muscles["name"], self.catalog.muscles["muscle_id"], strict=True)
        )
        self.export_dir = Path(export_dir)
        #: The controls by name.
        self.controls = c = {
            # A list and a number box, not sliders: ipywidgets' slider handle has no
            # accessible name, so a screen reader could not say what it sets.
            "days": widgets.Dropdown(
                options=[(str(n), n) for n in range(1, 8)],
                value=3,
                description="Days a week",
                style=WIDE,
            ),
            "minutes": widgets.BoundedIntText(
                value=15,
                min=1,
                max=60,
                description="Minutes a session",
                style=WIDE,
            ),
            "focus": widgets.SelectMultiple(
                options=muscles, rows=len(muscles), description="Focus muscles", style=WIDE
            ),
            "persistent": widgets.Checkbox(
                description="Tightness keeps coming back (stretch daily)", style=WIDE
            ),
            "warmed_up": widgets.Checkbox(description="Already warm: skip the warm-up", style=WIDE),
            "conditions": widgets.SelectMultiple(
                options=list(
                    zip(contraindications["title"], contraindications["guideline_id"], strict=True)
                ),
                rows=len(contraindications),
                description="Conditions",
                style=WIDE,
            ),
            "cleared": widgets.Checkbox(
                description="A healthcare professional has cleared me to stretch", style=WIDE
            ),
            "start": widgets.DatePicker(
                value=_next_monday(), description="Calendar from", style=WIDE
            ),
            "time": widgets.Text(value="07:30", description="Start time (HH:MM)", style=WIDE),
            "another": widgets.Button(description="Another plan", icon="random"),
            "csv": widgets.Button(description="Save CSV", icon="table"),
            "ics": widgets.Button(description="Save calendar (.ics)", icon="calendar"),
            "pdf": widgets.Button(description="Save handout (PDF)", icon="print"),
        }
        for key, widget in c.items():
            classed(widget, f"sk-{key}")
        c["another"].tooltip = "Pick among equally good plans (another seed)"

        self._notes = classed(widgets.HTML(), "sk-notes")
        self._blocked = classed(widgets.HTML(), "sk-blocked-box")
        self._week = classed(widgets.HTML(layout=widgets.Layout(width="100%")), "sk-week-box")
        self._chart = classed(widgets.HTML(layout=widgets.Layout(width="100%")), "sk-chart")
        self._per_muscle = classed(widgets.HTML(), "sk-per-muscle")
        self._links = classed(widgets.HTML(), "sk-links")
        # Sharp pain in the log comes first: the advice to stop and consult, until it is read.
        # The planner only reads the log, so it never creates one.
        self.session_log = open_log(log, data_dir=data_dir, create=False)
        self._advice = (
            [attention(self.session_log, catalog=self.catalog)] if self.session_log else []
        )

        for key in ("days", "minutes", "focus", "persistent", "warmed_up", "cleared"):
            c[key].observe(self.refresh, names="value")
        c["conditions"].observe(self._on_conditions, names="value")
        c["another"].on_click(self.another)
        for kind in ("csv", "ics", "pdf"):
            c[kind].on_click(lambda _b, kind=kind: self.save(kind))

        controls = [
            widgets.HTML(PROJECTOR_CSS),
            widgets.HTML("<strong>Your week</strong>"),
            c["days"],
            c["minutes"],
            c["persistent"],
            c["warmed_up"],
            c["focus"],
            widgets.HTML("<strong>Does any of these apply to you?</strong>"),
            c["conditions"],
            c["cleared"],
            c["another"],
            self.status,
        ]
        export = widgets.VBox(
            [
                widgets.HTML("<strong>Save the plan</strong>"),
                widgets.HBox([c["start"], c["time"]]),
                widgets.HBox([c["csv"], c["ics"], c["pdf"]]),
                self._links,
            ]
        )
        content = [*self._advice, self.stop_rule(), self._blocked, self._notes, self._week]
        self.children = [
            self.side_by_side(controls, content, controls_width="340px"),
            self._chart,
            self._per_muscle,
            export,
        ]
        self.refresh()

    # -- the plan --

    def refresh(self, _=None) -> None:
        """Plan the week again from the controls and show it, or say why there is no plan."""
        c = self.controls
        for box in self._advice:  # sharp pain logged elsewhere since the last change shows up
            box.refresh()
        c["cleared"].disabled = not c["conditions"].value
        c["days"].disabled = c["persistent"].value  # persistent tightness plans every day
        self._links.value, self.saved = "", {}  # saved files belong to the plan they came from
        try:
            plan = plan_week(
                days=c["days"].value,
                minutes=c["minutes"].value,
                focus=list(c["focus"].value) or None,
                persistent_tightness=c["persistent"].value,
                warmed_up=c["warmed_up"].value,
                conditions=list(c["conditions"].value),
                cleared=c["cleared"].value and bool(c["conditions"].value),
                seed=self.seed,
                catalog=self.catalog,
            )
        except (SafetyError, ValueError) as err:
            self._no_plan(err)
            return
        self.plan, self.error = plan, None
        self._blocked.value = ""
        self._say_notes(list(plan.notes))
        self._week.value = _week_table(plan)
        self._chart.value = _chart_svg(plan, self.catalog)
        self._chart.layout.display = None
        minutes = plan_summary(plan, by="muscle", catalog=self.catalog)
        self._per_muscle.value = html(
            "<p><strong>Minutes a week per muscle:</strong> {}</p>",
            join((html("{} {:.1f}", r.name, r.minutes) for r in minutes.itertuples()), ", "),
        )
        for key in ("csv", "ics", "pdf"):
            c[key].disabled = False

    def _no_plan(self, err: Exception) -> None:
        self.plan, self.error = None, str(err)
        heading = "Safety first" if isinstance(err, SafetyError) else "Too little time"
        self._blocked.value = html(
            '<div class="sk-blocked" role="alert"><h3 style="margin:0.2em 0">&#9888; '
            "{}</h3><p>{}</p></div>",
            heading,
            _in_words(str(err)),
        )
        self._week.value, self._per_muscle.value, self._notes.value = "", "", ""
        self._chart.layout.display = "none"
        for key in ("csv", "ics", "pdf"):
            self.controls[key].disabled = True

    def _say_notes(self, items: list[str]) -> None:
        if not items:
            self._notes.value = ""
            return
        self._notes.value = html(
            '<div role="status" aria-live="polite"><strong>Rules applied</strong><ul>{}</ul></div>',
            join(html("<li>{}</li>", _in_words(n)) for n in items),
        )

    def another(self, _=None) -> None:
        """Show the next of the equally good plans, or say there is no other."""
        before = None if self.plan is None else self.plan.table.to_csv()
        self.seed += 1
        self.refresh()
        if self.plan is not None and self.plan.table.to_csv() == before:
            self.status.value = "<small>No other equally good plan for these settings.</small>"
        else:
            self.status.value = html("<small>Plan {}</small>", self.seed + 1)

    def _on_conditions(self, _=None) -> None:
        # A clearance is for the conditions it was given for: a change asks for it again.
        if self.controls["cleared"].value:
            self.controls["cleared"].value = False  # refreshes
        else:
            self.refresh()

    # -- saving --

    def save(self, kind: str) -> None:
        """Save the plan as ``csv``, ``ics`` (calendar) or ``pdf`` (handout) and link it."""
        if self.plan is None:
            return
        c = self.controls
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            path = self.export_dir / f"stretching-week.{kind}"
            if kind == "csv":
                plan_to_csv(self.plan, path)
            elif kind == "ics":
                plan_to_ics(
                    self.plan,
                    path,
                    start=c["start"].value or _next_monday(),
                    time=c["time"].value.strip(),
                )
            else:
                from ..charts.plan import plan_handout

                plan_handout(self.plan, path, catalog=self.catalog)
        except (ValueError, OSError) as err:
            self._links.value = html('<p role="alert"><strong>Not saved:</strong> {}</p>', str(err))
            return
        self.saved = {**self.saved, kind: path}
        self._links.value = join((_download(p) for p in self.saved.values()), "<br>")


def planner(
    *,
    log: LogArg = None,
    export_dir: str | os.PathLike = "exports",
    data_dir: str | os.PathLike | None = None,
) -> Planner:
    """Build the weekly planner widget (it is returned, not displayed).

    Controls, each labelled and reachable with the keyboard: ``Days a week``, ``Minutes a
    session``, ``Focus muscles``, ``Tightness keeps coming back``, ``Already warm``,
    ``Conditions`` and ``A healthcare professional has cleared me to stretch`` (unticked
    whenever the conditions change); ``Another plan`` picks among equally good plans.
    The week shows as a table, the minutes per day and per muscle as a chart, and the rules
    the planner applied as notes. The save buttons write ``stretching-week.csv``, ``.ics``
    and ``.pdf`` into ``export_dir`` and link each for download. When the session log has
    sharp pain not yet acknowledged, the planner shows the advice to stop and see a
    professional above the week until the person says they have read it.

    Parameters
    ----------
    log
        The session log whose sharp pain the planner shows: a :class:`~stretchkit.SessionLog`
        or its path; ``None`` for your own, if you have one (the planner never creates it);
        ``False`` for none.
    export_dir
        Where the save buttons write.
    data_dir
        A folder of a trainer's own tables.

    Returns
    -------
    Planner
        With ``controls`` (dict of the controls), ``plan`` (the current plan or ``None``),
        ``error`` (why there is no plan, or ``None``) and ``saved`` (paths by kind).

    Examples
    --------
    >>> p = planner(log=False)
    >>> p.controls["days"].value = 2
    >>> p.plan.table["day"].unique().tolist()
    ['Mon', 'Thu']
    >>> p.controls["conditions"].value = ("sciatica",)
    >>> p.plan is None, p.error.startswith("Not planned: Sciatica")
    (True, True)
    >>> p.controls["cleared"].value = True
    >>> p.plan.table["note"].str.startswith("Cleared").all()
    np.True_
    """
    return Planner(log=log, export_dir=export_dir, data_dir=data_dir)
