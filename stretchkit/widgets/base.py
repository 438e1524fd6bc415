"""What every widget of the kit shares: its catalog, its log, its layout, its error line.

Each widget is a small class with its state declared as traitlets and its callbacks as
methods; the builder functions (:func:`~stretchkit.widgets.explorer` and the others) are the
public way to make one. The base class keeps what they all do in one place:

- the tables, read once (:attr:`KitWidget.catalog`), from ``data_dir`` as everywhere else;
- one meaning of ``log=``, through :func:`open_log`;
- a CSS class for the widget and for each of its parts (:func:`classed`), which the browser
  tests and the projector styles find them by;
- the page layout, controls beside what they show (:meth:`KitWidget.side_by_side`);
- a status line that says what happened, in words, and shows an error as an alert
  (:meth:`KitWidget.say`, :meth:`KitWidget.show_error`);
- the stop rule, the safety statement every planning or timing widget shows once
  (:meth:`KitWidget.stop_rule`).
"""

from __future__ import annotations

import os
from typing import TypeVar

import ipywidgets as widgets
import traitlets

from ..catalog import Catalog, use_catalog
from ..log import SessionLog, default_log_path
from ..markup import html, join

__all__ = ["KitWidget", "LogArg", "classed", "open_log", "widget_catalog"]

#: What ``log=`` accepts in every builder: a log, its path, ``None`` (your own) or ``False``.
LogArg = SessionLog | str | os.PathLike | bool | None

#: The style that lets a control's description take the room it needs.
WIDE = {"description_width": "initial"}

W = TypeVar("W", bound=widgets.DOMWidget)


def classed(widget: W, css_class: str) -> W:
    """Give ``widget`` a CSS class and return it, so a part can be built and named at once.

    Examples
    --------
    >>> classed(widgets.HTML(), "sk-status")._dom_classes
    ('sk-status',)
    """
    widget.add_class(css_class)
    return widget


def widget_catalog(catalog: Catalog | None, data_dir: str | os.PathLike | None) -> Catalog:
    """The tables a widget reads: ``catalog`` when the widget that holds it passes its own (the
    tables of ``data_dir``, already read), else ``data_dir`` read once.

    A widget keeps ``data_dir`` as well, for its session log, which re-checks that folder over
    time rather than keeping one snapshot of it.

    Parameters
    ----------
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`, or ``None``.
    data_dir
        The folder those tables were read from, or are to be read from.

    Examples
    --------
    >>> from stretchkit import load_catalog
    >>> cat = load_catalog()
    >>> widget_catalog(cat, None) is cat
    True
    """
    return use_catalog(catalog) if catalog is not None else use_catalog(data_dir=data_dir)


def open_log(
    log: LogArg, *, data_dir: str | os.PathLike | None = None, create: bool = True
) -> SessionLog | None:
    """The session log a widget uses, with the same meaning of ``log=`` in every builder.

    Parameters
    ----------
    log
        A :class:`~stretchkit.SessionLog`, used as it is; a path, opened as a log; ``None``,
        your own log at :func:`~stretchkit.default_log_path`; ``False``, no log at all.
    data_dir
        The tables the log checks stretches against.
    create
        Whether ``None`` may create your own log when it does not exist yet. A widget that
        only reads the log (the planner, for its sharp-pain advice) passes ``False``, so
        opening it never leaves an empty log behind.

    Returns
    -------
    SessionLog or None
        ``None`` when there is no log to use.

    Examples
    --------
    >>> open_log(False) is None
    True
    """
    if log is False:
        return None
    if log is True:
        raise TypeError(
            "log=True is not a log; pass a SessionLog, a path, None (your own log) or False"
        )
    if isinstance(log, SessionLog):
        return log
    if log is None:
        if not create and not default_log_path().is_file():
            return None
        return SessionLog(data_dir=data_dir)
    return SessionLog(log, data_dir=data_dir)


class KitWidget(widgets.VBox):
    """The base of the kit's widgets: a column with a CSS class, the catalog and a status line.

    Parameters
    ----------
    css_class
        The widget's CSS class (``sk-explorer``, ``sk-planner``, ...).
    status_class
        The CSS class of its status line; ``css_class`` + ``-status`` by default.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        ones. Read once, into :attr:`catalog`; the widget passes that catalog to every
        function of the kit it calls, and ``data_dir`` only to its session log (which
        re-checks the folder over time).
    catalog
        The tables of ``data_dir`` already read (by the caller that made the widget), used as
        :attr:`catalog` instead of reading them again.
    """

    #: Why the widget has nothing to show, in words, or ``None``.
    error = traitlets.Unicode(None, allow_none=True)

    def __init__(
        self,
        *,
        css_class: str,
        status_class: str | None = None,
        data_dir: str | os.PathLike | None = None,
        catalog: Catalog | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.add_class(css_class)
        self.data_dir = data_dir
        self.catalog: Catalog = widget_catalog(catalog, data_dir)
        #: The status line (CSS class ``status_class``): what just happened, in words.
        self.status = classed(widgets.HTML(), status_class or f"{css_class}-status")

    def say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` on the status line (escaped); ``error=True`` makes it an alert."""
        if error:
            self.error = str(text)
            self.status.value = html('<p class="sk-error" role="alert">{}</p>', text)
        else:
            self.status.value = html('<p role="status" aria-live="polite">{}</p>', text)

    def show_error(self, text: str) -> None:
        """Show why something could not be done; the reason stays in :attr:`error`."""
        self.say(text, error=True)

    @staticmethod
    def side_by_side(
        controls: list[widgets.Widget], content: list[widgets.Widget], *, controls_width: str
    ) -> widgets.HBox:
        """The kit's page layout: the controls in a column on the left, what they show on the
        right taking the rest of the width. One place, so every widget lays out alike.

        Parameters
        ----------
        controls
            The labelled controls, top to bottom.
        content
            What the controls show, top to bottom.
        controls_width
            The least width of the controls' column (a CSS length).

        Examples
        --------
        >>> controls, content = [widgets.IntSlider()], [widgets.HTML()]
        >>> row = KitWidget.side_by_side(controls, content, controls_width="300px")
        >>> [box.layout.flex for box in row.children]
        [None, '1']
        """
        left = classed(
            widgets.VBox(
                controls, layout=widgets.Layout(min_width=controls_width, margin="0 1.5em 0 0")
            ),
            "sk-controls",
        )
        right = classed(widgets.VBox(content, layout=widgets.Layout(flex="1")), "sk-content")
        return widgets.HBox([left, right])

    def stop_rule(self) -> widgets.HTML:
        """The stop rules of the tables (sharp or radiating pain: stop), as one line."""
        g = self.catalog.guidelines
        stop = g[g["action"] == "stop"]
        return classed(
            widgets.HTML(
                html(
                    '<p class="sk-stop" style="font-size:1.1em"><strong>&#9888; {}</strong></p>',
                    join((html("{}: {}", r.title, r.text) for r in stop.itertuples()), " "),
                )
            ),
            "sk-stop-rule",
        )
