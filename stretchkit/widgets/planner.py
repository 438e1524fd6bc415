"""The weekly planner: choose days, minutes, focus and what applies to you; see the week, the
minutes it gives each muscle and the rules it applied; save it as CSV, calendar and handout."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import re
from pathlib import Path

import ipywidgets as widgets

from ..catalog import load_catalog
from ..errors import SafetyError
from ..log import SessionLog, default_log_path
from ..markup import html, join
from ..plan import WEEKDAYS, describe_day, plan_summary, plan_to_csv, plan_to_ics, plan_week
from .attention import attention

__all__ = ["planner"]

PROJECTOR_CSS = (
    "<style>.sk-planner{--jp-widgets-font-size:15px;--jp-widgets-inline-height:32px;"
    "--jp-widgets-inline-label-width:170px;font-size:15px}"
    ".sk-planner table.sk-week{border-collapse:collapse;width:100%}"
    ".sk-planner table.sk-week th,.sk-planner table.sk-week td{border:1px solid #999;"
    "padding:0.35em 0.5em;vertical-align:top;text-align:left}"
    ".sk-planner table.sk-week th{background:#e8eef5;color:#111}"
    ".sk-planner .sk-blocked{border:3px solid #333;border-radius:6px;padding:0.5em 1em;"
    "background:#fff8e1;color:#111}</style>"
)
_WIDE = {"description_width": "initial"}
# The planner's messages name its arguments; here they name the controls instead.
_IN_WORDS = {
    "or warmed_up=True if": "or tick 'Already warm' if",
    "plan again with cleared=True": "tick 'A healthcare professional has cleared me to stretch'",
}
_MIME = {".csv": "text/csv", ".ics": "text/calendar", ".pdf": "application/pdf"}


def _next_monday(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def _in_words(text: str) -> str:
    for api, words in _IN_WORDS.items():
        text = text.replace(api, words)
    return re.sub(r"minutes=(\d+(?:\.\d+)?)", r"\1 minutes", text)


def _classed(widget, css_class: str):
    widget.add_class(css_class)
    return widget


def _week_table(plan) -> str:
    days = [d for d in WEEKDAYS if (plan.table["day"] == d).any()]
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


def _chart_png(plan, data_dir) -> bytes:
    from matplotlib.figure import Figure

    from ..charts.plan import plot_plan

    fig = Figure(figsize=(12, 4.2), layout="constrained")
    by_day, by_muscle = fig.subplots(1, 2)
    plot_plan(plan, by="day", ax=by_day)
    plot_plan(plan, by="muscle", ax=by_muscle, data_dir=data_dir)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def _download(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    mime = _MIME.get(path.suffix, "application/octet-stream")
    return html(
        '<a class="sk-download" download="{name}" href="data:{mime};base64,{data}">'
        "Download {name}</a> <small>(saved as {path})</small>",
        name=path.name,
        mime=mime,
        data=data,
        path=str(path),
    )


def planner(
    *,
    log: SessionLog | bool | None = None,
    export_dir: str | os.PathLike = "exports",
    data_dir: str | os.PathLike | None = None,
) -> widgets.Box:
    """Build the weekly planner widget (it is returned, not displayed).

    Controls, each labelled and reachable with the keyboard: ``Days a week``, ``Minutes a
    session``, ``Focus muscles``, ``Tightness keeps coming back``, ``Already warm``,
    ``Conditions`` and ``A healthcare professional has cleared me to stretch`` (unticked
    whenever the conditions change); ``Another plan`` picks among equally good plans.
    The week shows as a table, the minutes per day and per muscle as a chart, and the rules
    the planner applied as notes. The save buttons write ``stretching-week.csv``, ``.ics``
    and ``.pdf`` into ``export_dir`` and link each for download. When the session ``log``
    (by default your own, if you have one; ``log=False`` for none) has sharp pain not yet
    acknowledged, the planner shows the advice to stop and see a professional above the week
    until the person says they have read it.

    Attributes of the returned box: ``controls`` (dict of the controls), ``plan`` (the current
    plan or ``None``), ``error`` (why there is no plan, or ``None``) and ``saved`` (paths).

    Examples
    --------
    >>> p = planner()
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
    cat = load_catalog(data_dir=data_dir)
    g = cat.guidelines
    contraindications = g[g["category"] == "contraindication"]
    stop = g[g["action"] == "stop"]
    muscles = list(zip(cat.muscles["name"], cat.muscles["muscle_id"], strict=True))
    export_dir = Path(export_dir)

    c = {
        "days": widgets.IntSlider(
            value=3,
            min=1,
            max=7,
            description="Days a week",
            style=_WIDE,
            continuous_update=False,
        ),
        "minutes": widgets.IntSlider(
            value=15,
            min=1,
            max=60,
            description="Minutes a session",
            style=_WIDE,
            continuous_update=False,
        ),
        "focus": widgets.SelectMultiple(
            options=muscles, rows=len(muscles), description="Focus muscles", style=_WIDE
        ),
        "persistent": widgets.Checkbox(
            description="Tightness keeps coming back (stretch daily)", style=_WIDE
        ),
        "warmed_up": widgets.Checkbox(description="Already warm: skip the warm-up", style=_WIDE),
        "conditions": widgets.SelectMultiple(
            options=list(
                zip(contraindications["title"], contraindications["guideline_id"], strict=True)
            ),
            rows=len(contraindications),
            description="Conditions",
            style=_WIDE,
        ),
        "cleared": widgets.Checkbox(
            description="A healthcare professional has cleared me to stretch", style=_WIDE
        ),
        "start": widgets.DatePicker(value=_next_monday(), description="Calendar from", style=_WIDE),
        "time": widgets.Text(value="07:30", description="Start time (HH:MM)", style=_WIDE),
        "another": widgets.Button(description="Another plan", icon="random"),
        "csv": widgets.Button(description="Save CSV", icon="table"),
        "ics": widgets.Button(description="Save calendar (.ics)", icon="calendar"),
        "pdf": widgets.Button(description="Save handout (PDF)", icon="print"),
    }
    for key, widget in c.items():
        _classed(widget, f"sk-{key}")
    c["another"].tooltip = "Pick among equally good plans (another seed)"

    stop_rule = _classed(
        widgets.HTML(
            html(
                '<p class="sk-stop" style="font-size:1.1em"><strong>&#9888; {}</strong></p>',
                join((html("{}: {}", r.title, r.text) for r in stop.itertuples()), " "),
            )
        ),
        "sk-stop-rule",
    )
    seed_status = _classed(widgets.HTML(), "sk-seed")
    notes = _classed(widgets.HTML(), "sk-notes")
    blocked = _classed(widgets.HTML(), "sk-blocked-box")
    week = _classed(widgets.HTML(layout=widgets.Layout(width="100%")), "sk-week-box")
    chart = _classed(widgets.Image(format="png", layout=widgets.Layout(width="100%")), "sk-chart")
    per_muscle = _classed(widgets.HTML(), "sk-per-muscle")
    links = _classed(widgets.HTML(), "sk-links")
    state = {"seed": 0}

    def say_notes(items: list[str]) -> None:
        if not items:
            notes.value = ""
            return
        notes.value = html(
            '<div role="status" aria-live="polite"><strong>Rules applied</strong><ul>{}</ul></div>',
            join(html("<li>{}</li>", _in_words(n)) for n in items),
        )

    def refresh(_=None) -> None:
        for box_ in advice:  # sharp pain logged elsewhere since the last change shows up
            box_.refresh()
        c["cleared"].disabled = not c["conditions"].value
        c["days"].disabled = c["persistent"].value  # persistent tightness plans every day
        links.value, box.saved = "", {}  # saved files belong to the plan they were saved from
        try:
            plan = plan_week(
                days=c["days"].value,
                minutes=c["minutes"].value,
                focus=list(c["focus"].value) or None,
                persistent_tightness=c["persistent"].value,
                warmed_up=c["warmed_up"].value,
                conditions=list(c["conditions"].value),
                cleared=c["cleared"].value and bool(c["conditions"].value),
                seed=state["seed"],
                data_dir=data_dir,
            )
        except (SafetyError, ValueError) as err:
            box.plan, box.error = None, str(err)
            heading = "Safety first" if isinstance(err, SafetyError) else "Too little time"
            blocked.value = html(
                '<div class="sk-blocked" role="alert"><h3 style="margin:0.2em 0">&#9888; '
                "{}</h3><p>{}</p></div>",
                heading,
                _in_words(str(err)),
            )
            week.value, per_muscle.value, notes.value = "", "", ""
            chart.layout.display = "none"
            for key in ("csv", "ics", "pdf"):
                c[key].disabled = True
            return
        box.plan, box.error = plan, None
        blocked.value = ""
        say_notes(plan.notes)
        week.value = _week_table(plan)
        chart.value = _chart_png(plan, data_dir)
        chart.layout.display = None
        minutes = plan_summary(plan, by="muscle", data_dir=data_dir)
        per_muscle.value = html(
            "<p><strong>Minutes a week per muscle:</strong> {}</p>",
            join((html("{} {:.1f}", r.name, r.minutes) for r in minutes.itertuples()), ", "),
        )
        for key in ("csv", "ics", "pdf"):
            c[key].disabled = False

    def another(_=None) -> None:
        before = None if box.plan is None else box.plan.table.to_csv()
        state["seed"] += 1
        refresh()
        if box.plan is not None and box.plan.table.to_csv() == before:
            seed_status.value = "<small>No other equally good plan for these settings.</small>"
        else:
            seed_status.value = html("<small>Plan {}</small>", state["seed"] + 1)

    def on_conditions(_=None) -> None:
        # A clearance is for the conditions it was given for: a change asks for it again.
        if c["cleared"].value:
            c["cleared"].value = False  # refreshes
        else:
            refresh()

    def save(kind: str) -> None:
        if box.plan is None:
            return
        try:
            export_dir.mkdir(parents=True, exist_ok=True)
            path = export_dir / f"stretching-week.{kind}"
            if kind == "csv":
                plan_to_csv(box.plan, path)
            elif kind == "ics":
                plan_to_ics(
                    box.plan,
                    path,
                    start=c["start"].value or _next_monday(),
                    time=c["time"].value.strip(),
                )
            else:
                from ..charts.plan import plan_handout

                plan_handout(box.plan, path, data_dir=data_dir)
        except (ValueError, OSError) as err:
            links.value = html('<p role="alert"><strong>Not saved:</strong> {}</p>', str(err))
            return
        box.saved[kind] = path
        links.value = join((_download(p) for p in box.saved.values()), "<br>")

    for key in ("days", "minutes", "focus", "persistent", "warmed_up", "cleared"):
        c[key].observe(refresh, names="value")
    c["conditions"].observe(on_conditions, names="value")
    c["another"].on_click(another)
    for kind in ("csv", "ics", "pdf"):
        c[kind].on_click(lambda _b, kind=kind: save(kind))

    controls = widgets.VBox(
        [
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
            seed_status,
        ],
        layout=widgets.Layout(min_width="340px", margin="0 1.5em 0 0"),
    )
    export = widgets.VBox(
        [
            widgets.HTML("<strong>Save the plan</strong>"),
            widgets.HBox([c["start"], c["time"]]),
            widgets.HBox([c["csv"], c["ics"], c["pdf"]]),
            links,
        ]
    )
    # Sharp pain in the log comes first: the advice to stop and consult, until it is read.
    if log is None and default_log_path().is_file():
        log = SessionLog(data_dir=data_dir)
    advice = [attention(log, data_dir=data_dir)] if log else []
    right = widgets.VBox(
        [*advice, stop_rule, blocked, notes, week], layout=widgets.Layout(flex="1")
    )
    box = widgets.VBox([widgets.HBox([controls, right]), chart, per_muscle, export])
    box.add_class("sk-planner")
    box.controls = c
    box.plan, box.error, box.saved = None, None, {}
    refresh()
    return box
