"""The kit as one app, for a projector or for students who should not see code: explore the
muscles, plan a week, stretch with the timer, see progress and take the quiz, each on its own
tab."""

from __future__ import annotations

import importlib
import os

import ipywidgets as widgets

from ..log import SessionLog
from ..markup import html
from ..safety import safety_note

__all__ = ["app"]

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
    '<div class="sk-app-welcome" style="font-size:17px;line-height:1.45">'
    '<h1 style="margin:0.2em 0">stretchkit</h1>'
    "<p>Stretches for the lower back and the upper glutes: which muscles each one reaches, "
    "a week of short sessions, a timer that holds each side in full and paces your breath, "
    "and a log of how it goes. Pick a tab; everything works with the mouse or the keyboard.</p>"
    "</div>"
)


def app(
    *,
    log: SessionLog | str | os.PathLike | bool | None = None,
    export_dir: str | os.PathLike = "exports",
    data_dir: str | os.PathLike | None = None,
) -> widgets.VBox:
    """Build the whole kit as one app (returned, not displayed); ``make app`` serves it.

    The page opens with a welcome and the safety note; the tabs are built the first time
    they are opened, so the page appears quickly. "Stretch now" offers the week planned on
    "Plan your week".

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

    Attributes of the returned box: ``tabs`` (the Tab), ``pages`` (tab title to its widget,
    once built), ``session_log`` and ``open(title)``, which selects a tab and returns its
    widget.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> a = app(log=pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
    >>> [a.tabs.get_title(i) for i in range(len(a.tabs.children))]
    ['Explore the muscles', 'Plan your week', 'Stretch now', 'Your progress', 'Quiz']
    >>> list(a.pages)
    ['Explore the muscles']
    >>> a.open("Stretch now").timer.status
    'ready'
    """
    if log is None and os.environ.get("STRETCHKIT_ROOM") == "1":
        log = False  # served to a room: no login, so nobody's sessions are kept or shown
    if log is None:
        log = SessionLog(data_dir=data_dir)
    elif log is not False and not isinstance(log, SessionLog):
        log = SessionLog(log, data_dir=data_dir)
    tabs_wanted = [(t, b) for t, b in TABS if log is not False or b != "progress"]
    pages: dict[str, widgets.Widget] = {}

    def build(title: str) -> widgets.Widget:
        name = dict(tabs_wanted)[title]
        module = importlib.import_module(f".{_MODULES[name]}", __package__)
        make = getattr(module, name)
        if name in ("explorer", "quiz"):
            return make(data_dir=data_dir)
        if name == "planner":
            return make(log=log, export_dir=export_dir, data_dir=data_dir)
        if name == "guided_session":
            planner = pages.get("Plan your week")
            plan = getattr(planner, "plan", None)
            return make(log=log, plan=plan, data_dir=data_dir)
        return make(log, export_dir=export_dir, data_dir=data_dir)

    holders = []
    for title, _ in tabs_wanted:
        holder = widgets.Box([widgets.HTML(html("<p>Opening {}…</p>", title.lower()))])
        holder.add_class("sk-app-page")
        holders.append(holder)
    tabs = widgets.Tab(children=holders)
    for i, (title, _) in enumerate(tabs_wanted):
        tabs.set_title(i, title)
    tabs.add_class("sk-app-tabs")

    used_plan: dict[str, object] = {}

    def fill(index: int) -> widgets.Widget:
        title = tabs_wanted[index][0]
        plan = getattr(pages.get("Plan your week"), "plan", None)
        stale = (
            title == "Stretch now"
            and title in pages
            and used_plan.get("plan") is not plan
            and pages[title].timer.status == "ready"  # never under a run or an unsaved result
        )
        if title not in pages or stale:
            pages[title] = build(title)
            holders[index].children = [pages[title]]
            if title == "Stretch now":
                used_plan["plan"] = plan
        return pages[title]

    def on_tab(change) -> None:
        if change["new"] is not None:
            fill(change["new"])

    def open_tab(title: str) -> widgets.Widget:
        titles = [t for t, _ in tabs_wanted]
        if title not in titles:
            raise ValueError(f"no tab {title!r}; the tabs are {', '.join(titles)}")
        tabs.selected_index = titles.index(title)
        return fill(titles.index(title))

    tabs.observe(on_tab, names="selected_index")
    fill(0)
    note = widgets.HTML(safety_note(data_dir=data_dir)._repr_html_())
    note.add_class("sk-app-safety")
    box = widgets.VBox([widgets.HTML(WELCOME), note, tabs])
    box.add_class("sk-app")
    box.tabs = tabs
    box.pages = pages
    box.session_log = log if log is not False else None
    box.open = open_tab
    return box
