"""Progress: add a session by hand, see the weeks, muscles, calendar and discomfort, and carry
the log in and out as a CSV (for Binder, where the session vanishes, or for a trainer)."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import traitlets

from ..errors import LogFileError
from ..log import SessionLog
from ..markup import Html, html, join
from ..progress import streaks
from ..words import download_link
from .base import WIDE, KitWidget, LogArg, classed, open_log
from .widget_attention import attention

__all__ = ["Progress", "progress"]

PROJECTOR_CSS = (
    "<style>.sk-progress{--jp-widgets-font-size:15px;--jp-widgets-inline-height:32px;"
    "--jp-widgets-inline-label-width:150px;font-size:15px}"
    ".sk-progress table{border-collapse:collapse}"
    ".sk-progress th,.sk-progress td{border:1px solid var(--jp-border-color1, #bdbdbd);"
    "padding:0.3em 0.5em;text-align:left;vertical-align:top}"
    ".sk-progress th{background:var(--jp-layout-color2, #eeeeee);"
    "color:var(--jp-ui-font-color0, #000000)}"
    ".sk-progress .sk-error{border:3px solid var(--jp-error-color0, #b71c1c);border-radius:6px;"
    "padding:0.4em 1em;background:var(--jp-layout-color1, #ffffff);"
    "color:var(--jp-ui-font-color0, #000000)}"
    ".sk-progress svg[role=img]{max-width:100%;height:auto}</style>"
)
_NOT_RATED = "not rated"
_CHARTS = (
    ("Weeks", "weekly"),
    ("Muscles", "muscles"),
    ("Calendar", "calendar"),
    ("Discomfort", "discomfort"),
)
WEEKS = 16  # the charts show the last 16 weeks, readable on a projector however long the log
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class _ReadOnce(SessionLog):
    """The log as it is now, for one redraw: its sessions and holds are read once, and the
    summary, the four charts, the latest sessions and the sessions to delete all work from
    them (one moment of the log, and two reads of the file instead of ten). Close it after."""

    def __init__(self, log: SessionLog):
        super().__init__(log.path, data_dir=log.data_dir, wait_s=log.wait_s)
        self._now_sessions = super().sessions()
        self._now_entries = super().entries()

    def sessions(self, *, tz=None):
        """The sessions as read when this was made (a copy); in another zone, read again."""
        return self._now_sessions.copy() if tz is None else super().sessions(tz=tz)

    def entries(self, *, tz=None):
        """The holds as read when this was made (a copy); in another zone, read again."""
        return self._now_entries.copy() if tz is None else super().entries(tz=tz)


def _recent_table(log: SessionLog, names: dict[str, str], n: int = 8) -> str:
    s = log.sessions().tail(n).iloc[::-1]
    if s.empty:
        return "<p>No sessions in the log yet.</p>"
    e = log.entries()
    e = e[e["session_id"].isin(set(s["session_id"]))]
    # Each session's stretches and hold notes in the order done, in one pass over its holds.
    done: dict[str, list[str]] = {}
    said: dict[str, list[str]] = {}
    for sid, stretch, note in zip(e["session_id"], e["stretch_id"], e["notes"], strict=True):
        done.setdefault(sid, []).append(names.get(stretch, stretch))
        if isinstance(note, str):
            said.setdefault(sid, []).append(note)
    rows = []
    for row in s.itertuples():
        sid = str(row.session_id)
        what = ", ".join(dict.fromkeys(done.get(sid, [])))
        notes = join((t for t in [row.notes, *said.get(sid, [])] if isinstance(t, str)), " ")
        pain = Html("<strong>&#9888; sharp pain</strong>") if row.sharp_pain else ""
        # An Int64 column: a NumPy integer, or <NA> for a session with no rating.
        most = row.max_discomfort
        rating = int(most) if isinstance(most, int | np.integer) else ""
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
    return download_link(path, note=f"also saved as {path}")


class Progress(KitWidget):
    """Progress for a log: its sharp-pain advice, a summary, four charts, a form to add a
    session, the latest sessions, the log's download and import, and deleting a session.
    Build it with :func:`progress`."""

    #: The log shown and added to.
    session_log = traitlets.Instance(SessionLog)
    #: The holds added to the form and not saved yet, each a dict as
    #: :meth:`SessionLog.add_session` takes it.
    pending = traitlets.List(traitlets.Dict())
    #: The last message on the status line, as plain text; ``""`` before the first.
    message = traitlets.Unicode("")
    #: The controls by name: ``date``, ``time``, ``warmed_up``, ``stretch``, ``side``,
    #: ``seconds``, ``discomfort``, ``sharp_pain``, ``hold_notes``, ``add``, ``clear``,
    #: ``notes``, ``save``, ``export``, ``upload``, ``delete_choice``, ``delete_confirm``,
    #: ``delete``.
    controls = traitlets.Dict()
    #: The charts by kind, ``weekly``, ``muscles``, ``calendar``, ``discomfort``: HTML widgets
    #: of SVG (see :mod:`stretchkit.charts.progress_svg`).
    charts = traitlets.Dict()

    def __init__(
        self,
        log: LogArg = None,
        *,
        goal="target",
        export_dir: str | os.PathLike = "exports",
        sample: bool = False,
        data_dir: str | os.PathLike | None = None,
    ):
        if log is False:
            raise TypeError(
                "progress needs a log to show: pass a SessionLog, the path of one, or None for "
                "your own log (log=False, no log, is for widgets that can do without one)"
            )
        session_log = open_log(log, data_dir=data_dir)
        # open_log gives None only for log=False, refused above, or when it may not create
        # the log; here it may.
        assert session_log is not None
        super().__init__(css_class="sk-progress", status_class="sk-status", data_dir=data_dir)
        self.session_log = session_log
        self._goal = goal
        self._export_dir = Path(export_dir)
        self._stretches = self.catalog.stretches.set_index("stretch_id")
        # Both columns are text: the stretch's id to its name.
        self._names: dict[str, str] = {
            str(sid): str(name) for sid, name in self._stretches["name"].items()
        }
        self.controls = self._make_controls()
        self._source = classed(widgets.HTML(), "sk-source")
        self._summary = classed(widgets.HTML(), "sk-summary")
        self._holds = classed(widgets.HTML(), "sk-pending")
        self._recent = classed(widgets.HTML(), "sk-recent")
        self._links = classed(widgets.HTML(), "sk-links")
        self.charts = {
            key: classed(widgets.HTML(layout=widgets.Layout(width="100%")), f"sk-chart-{key}")
            for _, key in _CHARTS
        }
        self._chart_texts = {
            key: classed(widgets.HTML(), f"sk-chart-text-{key}") for _, key in _CHARTS
        }
        # Once the advice is read, the box has redrawn itself: the rest follows.
        self._advice = attention(
            session_log, on_change=lambda: self._redraw(advice=False), catalog=self.catalog
        )
        where = "the sample log (a copy in a temporary folder: nothing you add here is kept)"
        self._source.value = html(
            "<p>Showing {}.</p>", where if sample else f"your log at {session_log.path}"
        )

        c = self.controls
        c["stretch"].observe(self._on_stretch, names="value")
        # The buttons' actions take no arguments, so code can call them as a click does.
        for key, action in (
            ("add", self.add_hold),
            ("clear", self.clear),
            ("save", self.save),
            ("export", self.export),
            ("delete", self.delete),
        ):
            c[key].on_click(lambda _button, action=action: action())
        c["upload"].observe(self._on_upload, names="value")
        self._on_stretch()
        self._show_pending()
        self.children = self._layout()
        self.refresh()

    # -- building --

    def _make_controls(self) -> dict[str, widgets.Widget]:
        stretches = self._stretches
        c = {
            "date": widgets.DatePicker(value=dt.date.today(), description="Day", style=WIDE),
            "time": widgets.Text(value="07:30", description="Start time (HH:MM)", style=WIDE),
            "warmed_up": widgets.Checkbox(value=True, description="I warmed up first", style=WIDE),
            "stretch": widgets.Dropdown(
                options=list(zip(stretches["name"], stretches.index, strict=True)),
                description="Stretch",
                style=WIDE,
            ),
            "side": widgets.Dropdown(description="Side", style=WIDE),
            "seconds": widgets.BoundedIntText(
                value=30, min=0, max=600, description="Seconds held", style=WIDE
            ),
            "discomfort": widgets.Dropdown(
                options=[_NOT_RATED, *range(11)],
                value=_NOT_RATED,
                description="Discomfort (0-10)",
                style=WIDE,
            ),
            "sharp_pain": widgets.Checkbox(description="Sharp or radiating pain", style=WIDE),
            "hold_notes": widgets.Text(description="Note on this hold", style=WIDE),
            "add": widgets.Button(description="Add hold", icon="plus"),
            "clear": widgets.Button(description="Clear holds", icon="times"),
            "notes": widgets.Textarea(
                description="Notes on the session", style=WIDE, layout=widgets.Layout(width="32em")
            ),
            "save": widgets.Button(description="Save session", icon="save", button_style="primary"),
            "export": widgets.Button(description="Download my log (CSV)", icon="download"),
            "upload": widgets.FileUpload(
                accept=".csv", multiple=False, description="Import a log (CSV)", icon="upload"
            ),
            "delete_choice": widgets.Dropdown(description="Session", style=WIDE),
            "delete_confirm": widgets.Checkbox(description="Yes, delete this session", style=WIDE),
            "delete": widgets.Button(description="Delete session", icon="trash"),
        }
        for key, widget in c.items():
            classed(widget, f"sk-{key.replace('_', '-')}")
        c["upload"].layout.width = "auto"
        c["export"].layout.width = "auto"
        return c

    def _layout(self) -> list[widgets.Widget]:
        c = self.controls
        tabs = classed(
            widgets.Tab(
                children=[widgets.VBox([self.charts[k], self._chart_texts[k]]) for _, k in _CHARTS],
                titles=[title for title, _ in _CHARTS],
            ),
            "sk-tabs",
        )
        form = widgets.VBox(
            [
                widgets.HTML("<h3>Add a session</h3>"),
                widgets.HBox([c["date"], c["time"], c["warmed_up"]]),
                widgets.HBox([c["stretch"], c["side"], c["seconds"]]),
                widgets.HBox([c["discomfort"], c["sharp_pain"], c["hold_notes"]]),
                widgets.HBox([c["add"], c["clear"]]),
                self._holds,
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
                self._links,
            ]
        )
        remove = widgets.VBox(
            [
                widgets.HTML("<h3>Delete a session</h3>"),
                widgets.HBox([c["delete_choice"], c["delete_confirm"], c["delete"]]),
            ]
        )
        return [
            widgets.HTML(PROJECTOR_CSS),
            self._source,
            self._advice,
            self._summary,
            tabs,
            self.status,
            form,
            self._recent,
            carry,
            remove,
        ]

    # -- what the widget does --

    def say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` on the status line (escaped) and keep it in :attr:`message`.

        ``error=True`` makes it an alert, its lines kept, and keeps it in :attr:`error` too;
        any other message sets :attr:`error` back to ``None``.
        """
        self.message = text
        if error:
            self.error = text
            lines = join(text.splitlines(), "<br>")
            self.status.value = html('<div class="sk-error" role="alert">{}</div>', lines)
        else:
            self.error = None
            self.status.value = html('<p role="status">{}</p>', text)

    def add_hold(self) -> None:
        """Add the hold in the form to :attr:`pending`: both sides when it says left and right."""
        c = self.controls
        side = c["side"].value
        rating = c["discomfort"].value
        self.pending = [
            *self.pending,
            *(
                {
                    "stretch_id": c["stretch"].value,
                    "side": one,
                    "seconds": c["seconds"].value,
                    "discomfort": None if rating == _NOT_RATED else rating,
                    "sharp_pain": c["sharp_pain"].value,
                    "notes": c["hold_notes"].value.strip() or None,
                }
                for one in (("left", "right") if side == "left and right" else (side,))
            ),
        ]
        if c["sharp_pain"].value:
            self.show_error(
                "Sharp pain: stop this stretch now. Save the session so it is in your log; the "
                "advice to see a professional stays on screen until you have read it."
            )
        c["sharp_pain"].value = False
        c["hold_notes"].value = ""
        self._show_pending()

    def clear(self) -> None:
        """Drop the holds not saved yet; never a hold with sharp pain, which must be logged."""
        if any(h["sharp_pain"] for h in self.pending):
            self.show_error(
                "A hold with sharp pain is in the list. Save the session so the pain stays in "
                "your log and the advice stays on screen until you have read it."
            )
            return
        self.pending = []
        self._show_pending()

    def save(self) -> None:
        """Save the holds in :attr:`pending` as one session on the day and time of the form."""
        c = self.controls
        if not self.pending:
            self.show_error("Add at least one hold before saving the session.")
            return
        match = _TIME.match(c["time"].value.strip())
        if c["date"].value is None or match is None:
            self.show_error(
                f"Give the day and a start time as HH:MM, e.g. 07:30 (not {c['time'].value!r})."
            )
            return
        day = c["date"].value
        started = dt.datetime(day.year, day.month, day.day, int(match[1]), int(match[2]))
        try:
            self.session_log.add_session(
                self.pending,
                started_at=started,
                notes=c["notes"].value.strip() or None,
                warmed_up=c["warmed_up"].value,
            )
        except (ValueError, OSError) as e:
            self.show_error(f"Not saved: {e}")
            return
        saved = len(self.pending)
        pain = any(h["sharp_pain"] for h in self.pending)
        self.pending = []
        c["notes"].value = ""
        self._show_pending()
        self._redraw(advice=pain)  # the advice changes only with sharp pain
        self.say(
            f"Saved a session of {saved} hold{'' if saved == 1 else 's'} on {day:%a %d %b %Y}."
        )

    def export(self) -> None:
        """Save the log as a CSV in the export folder and link it for download."""
        log = self.session_log
        try:
            self._export_dir.mkdir(parents=True, exist_ok=True)
            path = log.export_csv(
                self._export_dir / f"stretchkit-log-{dt.date.today():%Y-%m-%d}.csv"
            )
        except (OSError, ValueError) as e:
            self.show_error(f"Not exported: {e}")
            return
        self._links.value = _download(path)
        self.say(f"Exported {len(log)} sessions to {path.name}: keep it, and import it next time.")

    def upload(self, name: str, content: bytes) -> None:
        """Import a log CSV, given as its file name and bytes, as the Import button does.

        Parameters
        ----------
        name
            The file's name, shown in any message about it.
        content
            The file's bytes.
        """
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / (Path(name).name or "upload.csv")
            path.write_bytes(bytes(content))
            try:
                result = self.session_log.import_csv(path)
            except (LogFileError, ValueError, OSError) as e:
                self.show_error(str(e))
            else:
                self.refresh()
                self.say(str(result))

    def delete(self) -> None:
        """Delete the session chosen, once confirmed; never one with unread sharp-pain advice."""
        c = self.controls
        sid = c["delete_choice"].value
        if sid is None:
            self.show_error("There is no session to delete.")
            return
        if not c["delete_confirm"].value:
            self.show_error(
                "Tick 'Yes, delete this session' first: a deleted session cannot be brought back."
            )
            return
        if sid in set(self.session_log.needs_attention()["session_id"]):
            self.show_error(
                "This session has sharp pain you have not read the advice for yet: read it and "
                "press 'I have read this advice' first."
            )
            return
        try:
            holds = self.session_log.delete_session(sid)
        except (KeyError, OSError) as e:
            self.show_error(f"Not deleted: {e.args[0] if e.args else e}")
            self.refresh()
            return
        c["delete_confirm"].value = False
        # The advice is not touched: a session with sharp pain not yet read is not deleted.
        self._redraw(advice=False)
        self.say(f"Deleted the session and its {holds} holds.")

    def refresh(self) -> None:
        """Redraw the advice, summary, charts, latest sessions and session choices from the log."""
        self._redraw(advice=True)

    def _redraw(self, *, advice: bool) -> None:
        """Redraw from the log; the sharp-pain advice too if ``advice`` (leaving it out, when
        the change cannot have touched it, saves reading the log twice)."""
        # Imported here, as the planner does: the charts package loads matplotlib (for the
        # printed charts), which importing the widgets need not wait for.
        from ..charts.progress_svg import progress_chart

        goal, cat = self._goal, self.catalog
        if advice:
            self._advice.refresh()
        with _ReadOnce(self.session_log) as log:
            result = streaks(log, goal=goal, catalog=cat)
            self._summary.value = html('<p style="font-size:1.15em">{}</p>', str(result))
            for _, key in _CHARTS:
                # SVG drawn from the log (no matplotlib); its words are its <desc> and the
                # text under it.
                chart = progress_chart(key, log, goal=goal, weeks=WEEKS, catalog=cat)
                self.charts[key].value = chart.svg
                self._chart_texts[key].value = html("<p>{}</p>", chart.words)
            self._recent.value = _recent_table(log, self._names)
            s = log.sessions().tail(20).iloc[::-1]
        choice = self.controls["delete_choice"]
        choice.options = [
            (f"{r.day:%a %d %b %Y} {r.started_at:%H:%M} ({r.holds} holds)", r.session_id)
            for r in s.itertuples()
        ]
        choice.value = choice.options[0][1] if len(s) else None

    # -- drawing and callbacks --

    def _show_pending(self) -> None:
        self.controls["save"].disabled = not self.pending
        if not self.pending:
            self._holds.value = "<p>No holds added yet: pick a stretch and press Add hold.</p>"
            return
        rows = join(
            html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                "<td>{}</td></tr>",
                i,
                self._names.get(h["stretch_id"], h["stretch_id"]),
                h["side"],
                h["seconds"],
                "" if h.get("discomfort") is None else h["discomfort"],
                Html("&#9888; yes") if h["sharp_pain"] else "no",
                h.get("notes") or "",
            )
            for i, h in enumerate(self.pending, start=1)
        )
        heads = ("#", "Stretch", "Side", "Seconds", "Discomfort", "Sharp pain", "Note")
        self._holds.value = html(
            "<table><caption style='text-align:left'>Holds in this session</caption><tr>"
            "{}</tr>{}</table>",
            join(html("<th scope='col'>{}</th>", h) for h in heads),
            rows,
        )

    def _on_stretch(self, _=None) -> None:
        # A new stretch: the sides it has, and its longest hold as the seconds to start from.
        c = self.controls
        stretch = self._stretches.loc[c["stretch"].value]
        c["side"].options = ["left and right", "left", "right"] if stretch["per_side"] else ["both"]
        c["side"].value = c["side"].options[0]
        c["seconds"].value = int(stretch["hold_max_s"])

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return  # the control emptied below, after an import
        self.upload(files[0]["name"], files[0]["content"])
        # Emptied, so the same file can be chosen again and its import reported again.
        self.controls["upload"].value = ()


def progress(
    log: LogArg = None,
    *,
    goal="target",
    export_dir: str | os.PathLike = "exports",
    sample: bool = False,
    data_dir: str | os.PathLike | None = None,
) -> Progress:
    """Build the progress widget for a log (it is returned, not displayed).

    Parameters
    ----------
    log
        The log to show and add to: a :class:`SessionLog`, or the path of one; without it,
        your own log (:class:`SessionLog` at its default place, made if there is none yet).
        ``False`` (no log) is refused: there would be nothing to show.
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

    Returns
    -------
    Progress
        With ``session_log``, ``controls`` (dict), ``pending`` (the holds added to the form and
        not yet saved), ``message`` (the last message, as text), ``status`` (the line that
        shows it), ``error`` (the last message if it was an alert, else ``None``) and
        ``charts`` (dict of the chart images).

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
    return Progress(log, goal=goal, export_dir=export_dir, sample=sample, data_dir=data_dir)
