"""The kit as one app, for a projector or for students who should not see code: explore the
muscles, plan a week, stretch with the timer, see progress and take the quiz, each on its own
tab."""

from __future__ import annotations

import importlib
import os

import ipywidgets as widgets
import traitlets

from ..markup import html
from ..safety import safety_note
from ..theme import WARN
from .base import KitWidget, LogArg, classed, open_log

__all__ = ["App", "app"]

#: The app's tabs, in order: title and the builder that fills it (module, function).
TABS = (
    ("Explore the muscles", "explorer"),
    ("Plan your week", "planner"),
    ("Stretch now", "guided_session"),
    ("Your progress", "progress"),
    ("Quiz", "quiz"),
)
_MODULES = {
    "explorer": "widget_explorer",
    "planner": "widget_planner",
    "guided_session": "widget_session",
    "progress": "widget_progress",
    "quiz": "widget_quiz",
}
WELCOME = (
    '<div class="sk-app-welcome" style="font-size:16px;line-height:1.4">'
    '<h1 style="margin:0.1em 0;font-size:1.6em">stretchkit</h1>'
    '<p style="margin:0.2em 0">Stretches for the lower back and the upper glutes: explore the '
    "muscles, plan a week, stretch with a timer and see how it goes.</p></div>"
)
#: The app's own rules (its tabs' labels are whole by the kit's shared rules, in base.py):
#: the tab bar in a size a room can read, and the short safety statement over it.
APP_CSS = (
    "<style>"
    ".sk-app .sk-app-tabs.jupyter-widget-tab>.lm-TabBar{font-size:16px}"
    ".sk-app-safety-short{font-size:16px;line-height:1.4;margin:0.3em 0;padding:0.3em 0.7em;"
    f"border-left:6px solid {WARN}}}"
    ".sk-app-safety-short p{margin:0.1em 0}"
    ".sk-app-safety-short summary{cursor:pointer;font-weight:700;margin:0.2em 0}"
    "</style>"
)


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def _either(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else "".join(items)


def short_safety(catalog) -> str:
    """The safety statement over the tabs, in one or two lines, from the guidelines table:
    when to stop at once and when to see a professional first. The full note is one click
    away, under it.

    Examples
    --------
    >>> from stretchkit import load_catalog
    >>> print(short_safety(load_catalog()))  # doctest: +NORMALIZE_WHITESPACE
    Stop at once if you feel sharp or radiating pain. See a healthcare professional first
    if you have acute injury, severe pain, herniated disc, sciatica or other diagnosed
    spinal condition.
    """
    g = catalog.guidelines
    stop = [_lower(t) for t in g.loc[g["action"] == "stop", "title"]]
    see = [_lower(t) for t in g.loc[g["category"] == "contraindication", "title"]]
    parts = []
    if stop:
        parts.append(f"Stop at once if you feel {_either(stop)}.")
    if see:
        parts.append(f"See a healthcare professional first if you have {_either(see)}.")
    return " ".join(parts)


class App(KitWidget):
    """The whole kit on tabs under a one-line welcome and a two-line safety statement (the
    full note one click away), so the tabs are on the first screen. Build it with
    :func:`app`."""

    #: Tab title to its widget, once built (tabs are built the first time they are opened).
    pages = traitlets.Dict()

    def __init__(
        self,
        *,
        log: LogArg = None,
        export_dir: str | os.PathLike = "exports",
        data_dir: str | os.PathLike | None = None,
    ):
        super().__init__(css_class="sk-app", status_class="sk-app-status", data_dir=data_dir)
        if log is None and os.environ.get("STRETCHKIT_ROOM") == "1":
            log = False  # served to a room: no login, so nobody's sessions are kept or shown
        #: The log the planner, the timer and the progress tab share, or ``None``.
        self.session_log = open_log(log, data_dir=data_dir)
        self.export_dir = export_dir
        self._tabs_wanted = [
            (t, b) for t, b in TABS if self.session_log is not None or b != "progress"
        ]
        self._holders = []
        for title, _ in self._tabs_wanted:
            holder = widgets.Box([widgets.HTML(html("<p>Opening {}…</p>", title.lower()))])
            holder.add_class("sk-app-page")
            self._holders.append(holder)
        #: The tab bar.
        self.tabs = classed(widgets.Tab(children=self._holders), "sk-app-tabs")
        for i, (title, _) in enumerate(self._tabs_wanted):
            self.tabs.set_title(i, title)
        self._used_plan = None  # the plan "Stretch now" was built with
        self.tabs.observe(self._on_tab, names="selected_index")
        self._fill(0)
        # The safety statement in two lines over the tabs, the full note one click away: the
        # tabs stay on the first screen, and the timer shows the note again before each run.
        note = classed(
            widgets.HTML(
                html(
                    '<div class="sk-app-safety-short" role="note" aria-label="Safety">'
                    "<p><strong>&#9888; {}</strong></p><details><summary>The full safety "
                    "note</summary>{}</details></div>",
                    short_safety(self.catalog),
                    safety_note(catalog=self.catalog)._repr_html_(),
                )
            ),
            "sk-app-safety",
        )
        self.children = [widgets.HTML(APP_CSS + WELCOME), note, self.tabs]

    def open_tab(self, title: str) -> widgets.Widget:
        """Select the tab ``title`` and return its widget, built if it was not yet."""
        titles = [t for t, _ in self._tabs_wanted]
        if title not in titles:
            raise ValueError(f"no tab {title!r}; the tabs are {', '.join(titles)}")
        self.tabs.selected_index = titles.index(title)
        return self._fill(titles.index(title))

    def _build(self, title: str) -> widgets.Widget:
        name = dict(self._tabs_wanted)[title]
        module = importlib.import_module(f".{_MODULES[name]}", __package__)
        make = getattr(module, name)
        log = self.session_log if self.session_log is not None else False
        if name in ("explorer", "quiz"):
            return make(data_dir=self.data_dir)
        if name == "planner":
            return make(log=log, export_dir=self.export_dir, data_dir=self.data_dir)
        if name == "guided_session":
            return make(log=log, plan=self._plan(), data_dir=self.data_dir)
        return make(log, export_dir=self.export_dir, data_dir=self.data_dir)

    def _plan(self):
        return getattr(self.pages.get("Plan your week"), "plan", None)

    def _fill(self, index: int) -> widgets.Widget:
        title = self._tabs_wanted[index][0]
        plan = self._plan()
        stale = (
            title == "Stretch now"
            and title in self.pages
            and self._used_plan is not plan
            and self.pages[title].timer.status == "ready"  # never under a run or a result
        )
        if title not in self.pages or stale:
            self.pages = {**self.pages, title: self._build(title)}
            self._holders[index].children = [self.pages[title]]
            if title == "Stretch now":
                self._used_plan = plan
        return self.pages[title]

    def _on_tab(self, change) -> None:
        if change["new"] is not None:
            self._fill(change["new"])


def app(
    *,
    log: LogArg = None,
    export_dir: str | os.PathLike = "exports",
    data_dir: str | os.PathLike | None = None,
) -> App:
    """Build the whole kit as one app (returned, not displayed); ``make app`` serves it.

    The page opens with a one-line welcome and the safety statement in two lines, the full
    note one click away, then the tabs, on the first screen at every size; the tabs are
    built the first time they are opened, so the page appears quickly. "Stretch now" offers
    the week planned on "Plan your week".

    Parameters
    ----------
    log
        The session log the planner, the timer and the progress tab share: a
        :class:`~stretchkit.SessionLog` or its path, ``None`` for your own, ``False`` for
        none (nothing is saved and the progress tab is left out). ``None`` means none too
        when ``STRETCHKIT_ROOM=1``, which ``make app HOST=0.0.0.0`` sets: Voila has no
        login, so a log served to a room would be everyone's.
    export_dir
        Where the planner and the progress tab save the files they offer for download.
    data_dir
        A folder of custom tables.

    Returns
    -------
    App
        With ``tabs`` (the Tab), ``pages`` (tab title to its widget, once built),
        ``session_log`` and ``open_tab(title)``, which selects a tab and returns its widget.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> a = app(log=pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
    >>> [a.tabs.get_title(i) for i in range(len(a.tabs.children))]
    ['Explore the muscles', 'Plan your week', 'Stretch now', 'Your progress', 'Quiz']
    >>> list(a.pages)
    ['Explore the muscles']
    >>> a.open_tab("Stretch now").timer.status
    'ready'
    """
    return App(log=log, export_dir=export_dir, data_dir=data_dir)
