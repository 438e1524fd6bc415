"""Progress: add a session by hand, see the weeks, muscles, calendar and discomfort, and carry
the log in and out as a CSV (for Binder, where the session vanishes, or for a trainer)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ..catalog import load_catalog
from ..errors import LogFileError
from ..log import SessionLog
from ..markup import Html, html, join
from ..progress import discomfort_trend, minutes_by_muscle, streaks, weekly_sessions
from .widget_attention import attention

__all__ = ["progress"]

PROJECTOR_CSS = (
    "<style>.sk-progress{--jp-widgets-font-size:15px;--jp-widgets-inline-height:32px;"
    "--jp-widgets-inline-label-width:150px;font-size:15px}"
    ".sk-progress table{border-collapse:collapse}"
    ".sk-progress th,.sk-progress td{border:1px solid #999;padding:0.3em 0.5em;"
    "text-align:left;vertical-align:top}"
    ".sk-progress th{background:#e8eef5;color:#111}"
    ".sk-progress .sk-error{border:3px solid #333;border-radius:6px;padding:0.4em 1em;"
    "background:#fff8e1;color:#111}</style>"
)
_WIDE = {"description_width": "initial"}
_NOT_RATED = "not rated"
_CHARTS = (
    ("Weeks", "weekly"),
    ("Muscles", "muscles"),
    ("Calendar", "calendar"),
    ("Discomfort", "discomfort"),
)
WEEKS = 16  # the charts show the last 16 weeks, readable on a projector however long the log
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _classed(widget, css_class: str):
    widget.add_class(css_class)
    return widget


def _chart_png(kind: str, log: SessionLog, *, goal, data_dir) -> bytes:
    from matplotlib.figure import Figure

    from ..charts import progress as charts

    fig = Figure(figsize=(11, 4.2), layout="constrained")
    ax = fig.subplots()
    if kind == "weekly":
        charts.plot_weekly_sessions(log, goal=goal, weeks=WEEKS, ax=ax, data_dir=data_dir)
    elif kind == "muscles":
        charts.plot_minutes_by_muscle(log, weeks=WEEKS, ax=ax, data_dir=data_dir)
    elif kind == "calendar":
        charts.plot_calendar(log, weeks=WEEKS, ax=ax)
    else:
        charts.plot_discomfort(log, ax=ax, data_dir=data_dir)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


def _chart_text(kind: str, log: SessionLog, *, goal, data_dir) -> str:
    """The chart's numbers in words, for screen readers and for the back of the room."""
    if kind == "weekly":
        weeks = weekly_sessions(log, goal=goal, weeks=WEEKS, data_dir=data_dir)
        if weeks.empty:
            return "No sessions logged yet."
        band = f"{weeks['goal_min'].iloc[0]}-{weeks['goal_max'].iloc[0]}"
        days = ", ".join(
            f"{w:%d %b}: {d}" for w, d in zip(weeks["week"], weeks["days"], strict=True)
        )
        return f"Days stretched per week (goal {band}): {days}."
    if kind == "muscles":
        mins = minutes_by_muscle(log, weeks=WEEKS, data_dir=data_dir)
        if mins.empty:
            return "No minutes logged yet."
        total = mins.groupby("muscle", sort=False, observed=True)["minutes"].sum()
        return (
            f"Minutes per muscle, last {WEEKS} weeks: "
            + ", ".join(f"{m}: {v:.0f}" for m, v in total.items())
            + "."
        )
    if kind == "calendar":
        s = log.sessions()
        if s.empty:
            return "No days stretched yet."
        pain = s.loc[s["sharp_pain"], "day"]
        text = f"{s['day'].nunique()} days stretched between {s['day'].min():%d %b %Y} and "
        text += f"{s['day'].max():%d %b %Y}."
        if len(pain):
            text += " Sharp pain on " + ", ".join(f"{d:%d %b %Y}" for d in pain) + "."
        return text
    trend = discomfort_trend(log, data_dir=data_dir).dropna(subset=["discomfort"])
    if trend.empty:
        return "No discomfort ratings yet."
    parts = []
    for name, rows in trend.groupby("name", sort=False):
        parts.append(
            f"{name}: {rows['discomfort'].iloc[0]:.0f} → {rows['discomfort'].iloc[-1]:.0f}"
        )
    return "Discomfort, first rating → latest (0-10): " + ", ".join(parts) + "."


def _recent_table(log: SessionLog, names: dict[str, str], n: int = 8) -> str:
    s = log.sessions().tail(n).iloc[::-1]
    if s.empty:
        return "<p>No sessions in the log yet.</p>"
    e = log.entries()
    e = e[e["session_id"].isin(set(s["session_id"]))]
    rows = []
    for row in s.itertuples():
        holds = e[e["session_id"] == row.session_id]
        what = ", ".join(dict.fromkeys(names.get(x, x) for x in holds["stretch_id"]))
        notes = join((t for t in [row.notes, *holds["notes"].dropna()] if isinstance(t, str)), " ")
        pain = Html("<strong>&#9888; sharp pain</strong>") if row.sharp_pain else ""
        rating = "" if pd.isna(row.max_discomfort) else int(row.max_discomfort)
        rows.append(
            html(
                "<tr><td>{:%a %d %b %Y}</td><td>{:.1f}</td><td>{}</td><td>{}</td>"
                "<td>{} {}</td></tr>",
                row.day,
                row.minutes,
                what,
                rating,
                pain,
                notes,
            )
        )
    return html(
        '<table class="sk-recent-table"><caption style="text-align:left">Latest sessions'
        "</caption><tr><th scope='col'>Day</th><th scope='col'>Minutes</th>"
        "<th scope='col'>Stretches</th><th scope='col'>Most discomfort (0-10)</th>"
        "<th scope='col'>Notes</th></tr>{}</table>",
        join(rows),
    )


def _download(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return html(
        '<a class="sk-download" download="{name}" href="data:text/csv;base64,{data}">'
        "Download {name}</a> <small>(also saved as {path})</small>",
        name=path.name,
        data=data,
        path=str(path),
    )


def progress(
    log: SessionLog | None = None,
    *,
    goal="target",
    export_dir: str | os.PathLike = "exports",
    sample: bool = False,
    data_dir: str | os.PathLike | None = None,
) -> widgets.Box:
    """Build the progress widget for a log (it is returned, not displayed).

    Parameters
    ----------
    log
        The log to show and add to; without it, your own log (:class:`SessionLog` at its
        default place).
    goal
        Which frequency guideline the weeks are measured against (see
        :func:`stretchkit.weekly_sessions`).
    export_dir
        Where "Download my log" saves the CSV it links.
    sample
        Say on screen that this is the sample log, so nobody takes it for their own.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.

    Attributes of the returned box: ``session_log``, ``controls`` (dict), ``pending`` (the holds
    added to the form and not yet saved), ``status`` (the last message) and ``charts`` (dict
    of the chart images).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from stretchkit.log import SessionLog
    >>> p = progress(SessionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite"))
    >>> p.controls["stretch"].value = "figure_four"
    >>> p.controls["side"].value
    'left and right'
    >>> p.controls["add"].click()
    >>> [(h["side"], h["seconds"]) for h in p.pending]
    [('left', 30), ('right', 30)]
    >>> p.controls["save"].click()
    >>> len(p.session_log), p.pending
    (1, [])
    """
    log = log if log is not None else SessionLog(data_dir=data_dir)
    cat = load_catalog(data_dir=data_dir)
    stretches = cat.stretches.set_index("stretch_id")
    names = stretches["name"].to_dict()
    export_dir = Path(export_dir)
    pending: list[dict] = []

    c = {
        "date": widgets.DatePicker(value=dt.date.today(), description="Day", style=_WIDE),
        "time": widgets.Text(value="07:30", description="Start time (HH:MM)", style=_WIDE),
        "warmed_up": widgets.Checkbox(value=True, description="I warmed up first", style=_WIDE),
        "stretch": widgets.Dropdown(
            options=list(zip(stretches["name"], stretches.index, strict=True)),
            description="Stretch",
            style=_WIDE,
        ),
        "side": widgets.Dropdown(description="Side", style=_WIDE),
        "seconds": widgets.BoundedIntText(
            value=30, min=0, max=600, description="Seconds held", style=_WIDE
        ),
        "discomfort": widgets.Dropdown(
            options=[_NOT_RATED, *range(11)],
            value=_NOT_RATED,
            description="Discomfort (0-10)",
            style=_WIDE,
        ),
        "sharp_pain": widgets.Checkbox(description="Sharp or radiating pain", style=_WIDE),
        "hold_notes": widgets.Text(description="Note on this hold", style=_WIDE),
        "add": widgets.Button(description="Add hold", icon="plus"),
        "clear": widgets.Button(description="Clear holds", icon="times"),
        "notes": widgets.Textarea(
            description="Notes on the session", style=_WIDE, layout=widgets.Layout(width="32em")
        ),
        "save": widgets.Button(description="Save session", icon="save", button_style="primary"),
        "export": widgets.Button(description="Download my log (CSV)", icon="download"),
        "upload": widgets.FileUpload(
            accept=".csv", multiple=False, description="Import a log (CSV)", icon="upload"
        ),
        "delete_choice": widgets.Dropdown(description="Session", style=_WIDE),
        "delete_confirm": widgets.Checkbox(description="Yes, delete this session", style=_WIDE),
        "delete": widgets.Button(description="Delete session", icon="trash"),
    }
    for key, widget in c.items():
        _classed(widget, f"sk-{key.replace('_', '-')}")
    c["upload"].layout.width = "auto"
    c["export"].layout.width = "auto"

    source = _classed(widgets.HTML(), "sk-source")
    summary = _classed(widgets.HTML(), "sk-summary")
    pending_box = _classed(widgets.HTML(), "sk-pending")
    status = _classed(widgets.HTML(), "sk-status")
    recent = _classed(widgets.HTML(), "sk-recent")
    links = _classed(widgets.HTML(), "sk-links")
    images = {
        key: _classed(
            widgets.Image(format="png", layout=widgets.Layout(width="100%")), f"sk-chart-{key}"
        )
        for _, key in _CHARTS
    }
    texts = {key: _classed(widgets.HTML(), f"sk-chart-text-{key}") for _, key in _CHARTS}
    tabs = widgets.Tab(
        children=[widgets.VBox([images[k], texts[k]]) for _, k in _CHARTS],
        titles=[title for title, _ in _CHARTS],
    )
    tabs.add_class("sk-tabs")

    def say(message: str, *, error: bool = False) -> None:
        box.status = message
        if error:
            lines = join(message.splitlines(), "<br>")
            status.value = html('<div class="sk-error" role="alert">{}</div>', lines)
        else:
            status.value = html('<p role="status">{}</p>', message)

    def sides(_=None) -> None:
        per_side = bool(stretches.loc[c["stretch"].value, "per_side"])
        c["side"].options = ["left and right", "left", "right"] if per_side else ["both"]
        c["side"].value = c["side"].options[0]
        hold = stretches.loc[c["stretch"].value, "hold_max_s"]
        c["seconds"].value = int(hold)

    def show_pending() -> None:
        c["save"].disabled = not pending
        if not pending:
            pending_box.value = "<p>No holds added yet: pick a stretch and press Add hold.</p>"
            return
        rows = join(
            html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                "<td>{}</td></tr>",
                i,
                names.get(h["stretch_id"], h["stretch_id"]),
                h["side"],
                h["seconds"],
                "" if h.get("discomfort") is None else h["discomfort"],
                Html("&#9888; yes") if h["sharp_pain"] else "no",
                h.get("notes") or "",
            )
            for i, h in enumerate(pending, start=1)
        )
        heads = ("#", "Stretch", "Side", "Seconds", "Discomfort", "Sharp pain", "Note")
        pending_box.value = html(
            "<table><caption style='text-align:left'>Holds in this session</caption><tr>"
            "{}</tr>{}</table>",
            join(html("<th scope='col'>{}</th>", h) for h in heads),
            rows,
        )

    def add_hold(_=None) -> None:
        side = c["side"].value
        rating = c["discomfort"].value
        for one in ("left", "right") if side == "left and right" else (side,):
            pending.append(
                {
                    "stretch_id": c["stretch"].value,
                    "side": one,
                    "seconds": c["seconds"].value,
                    "discomfort": None if rating == _NOT_RATED else rating,
                    "sharp_pain": c["sharp_pain"].value,
                    "notes": c["hold_notes"].value.strip() or None,
                }
            )
        if c["sharp_pain"].value:
            say(
                "Sharp pain: stop this stretch now. Save the session so it is in your log; the "
                "advice to see a professional stays on screen until you have read it.",
                error=True,
            )
        c["sharp_pain"].value = False
        c["hold_notes"].value = ""
        show_pending()

    def clear(_=None) -> None:
        if any(h["sharp_pain"] for h in pending):
            say(
                "A hold with sharp pain is in the list. Save the session so the pain stays in "
                "your log and the advice stays on screen until you have read it.",
                error=True,
            )
            return
        pending.clear()
        show_pending()

    def save(_=None) -> None:
        if not pending:
            say("Add at least one hold before saving the session.", error=True)
            return
        match = _TIME.match(c["time"].value.strip())
        if c["date"].value is None or match is None:
            say(
                f"Give the day and a start time as HH:MM, e.g. 07:30 (not {c['time'].value!r}).",
                error=True,
            )
            return
        day = c["date"].value
        started = dt.datetime(day.year, day.month, day.day, int(match[1]), int(match[2]))
        try:
            log.add_session(
                pending,
                started_at=started,
                notes=c["notes"].value.strip() or None,
                warmed_up=c["warmed_up"].value,
            )
        except (ValueError, OSError) as e:
            say(f"Not saved: {e}", error=True)
            return
        saved = len(pending)
        pending.clear()
        c["notes"].value = ""
        show_pending()
        refresh()
        say(f"Saved a session of {saved} hold{'' if saved == 1 else 's'} on {day:%a %d %b %Y}.")

    def export(_=None) -> None:
        try:
            export_dir.mkdir(parents=True, exist_ok=True)
            path = log.export_csv(export_dir / f"stretchkit-log-{dt.date.today():%Y-%m-%d}.csv")
        except (OSError, ValueError) as e:
            say(f"Not exported: {e}", error=True)
            return
        links.value = _download(path)
        say(f"Exported {len(log)} sessions to {path.name}: keep it, and import it next time.")

    def upload(change) -> None:
        files = change["new"]
        if not files:
            return
        file = files[0]
        name = Path(file["name"]).name or "upload.csv"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(bytes(file["content"]))
            try:
                result = log.import_csv(path)
            except (LogFileError, ValueError, OSError) as e:
                say(str(e), error=True)
            else:
                refresh()
                say(str(result))
        c["upload"].value = ()

    def delete(_=None) -> None:
        sid = c["delete_choice"].value
        if sid is None:
            say("There is no session to delete.", error=True)
            return
        if not c["delete_confirm"].value:
            say(
                "Tick 'Yes, delete this session' first: a deleted session cannot be brought back.",
                error=True,
            )
            return
        if sid in set(log.needs_attention()["session_id"]):
            say(
                "This session has sharp pain you have not read the advice for yet: read it and "
                "press 'I have read this advice' first.",
                error=True,
            )
            return
        try:
            holds = log.delete_session(sid)
        except (KeyError, OSError) as e:
            say(f"Not deleted: {e.args[0] if e.args else e}", error=True)
            refresh()
            return
        c["delete_confirm"].value = False
        refresh()
        say(f"Deleted the session and its {holds} holds.")

    def refresh() -> None:
        advice.refresh()
        result = streaks(log, goal=goal, data_dir=data_dir)
        summary.value = html('<p style="font-size:1.15em">{}</p>', str(result))
        for _, key in _CHARTS:
            images[key].value = _chart_png(key, log, goal=goal, data_dir=data_dir)
            words = _chart_text(key, log, goal=goal, data_dir=data_dir)
            texts[key].value = html("<p>{}</p>", words)
        recent.value = _recent_table(log, names)
        s = log.sessions().tail(20).iloc[::-1]
        c["delete_choice"].options = [
            (f"{r.day:%a %d %b %Y} {r.started_at:%H:%M} ({r.holds} holds)", r.session_id)
            for r in s.itertuples()
        ]
        c["delete_choice"].value = c["delete_choice"].options[0][1] if len(s) else None

    advice = attention(log, data_dir=data_dir, on_change=refresh)
    where = "the sample log (a copy in a temporary folder: nothing you add here is kept)"
    source.value = html("<p>Showing {}.</p>", where if sample else f"your log at {log.path}")
    c["stretch"].observe(sides, names="value")
    c["add"].on_click(add_hold)
    c["clear"].on_click(clear)
    c["save"].on_click(save)
    c["export"].on_click(export)
    c["upload"].observe(upload, names="value")
    c["delete"].on_click(delete)
    sides()
    show_pending()

    form = widgets.VBox(
        [
            widgets.HTML("<h3>Add a session</h3>"),
            widgets.HBox([c["date"], c["time"], c["warmed_up"]]),
            widgets.HBox([c["stretch"], c["side"], c["seconds"]]),
            widgets.HBox([c["discomfort"], c["sharp_pain"], c["hold_notes"]]),
            widgets.HBox([c["add"], c["clear"]]),
            pending_box,
            c["notes"],
            c["save"],
        ]
    )
    carry = widgets.VBox(
        [
            widgets.HTML(
                "<h3>Keep your log</h3><p>On Binder your files vanish when the session ends: "
                "download your log before you leave and import it next time. Importing a file "
                "twice adds nothing.</p>"
            ),
            widgets.HBox([c["export"], c["upload"]]),
            links,
        ]
    )
    remove = widgets.VBox(
        [
            widgets.HTML("<h3>Delete a session</h3>"),
            widgets.HBox([c["delete_choice"], c["delete_confirm"], c["delete"]]),
        ]
    )
    box = widgets.VBox(
        [
            widgets.HTML(PROJECTOR_CSS),
            source,
            advice,
            summary,
            tabs,
            status,
            form,
            recent,
            carry,
            remove,
        ]
    )
    box.add_class("sk-progress")
    box.session_log = log
    box.controls = c
    box.pending = pending
    box.status = ""
    box.charts = images
    refresh()
    return box
