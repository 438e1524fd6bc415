"""What every widget of the kit shares: its catalog, its log, its layout, its error line.

Each widget is a small class with its state declared as traitlets and its callbacks as
methods; the builder functions (:func:`~stretchkit.widgets.explorer` and the others) are the
public way to make one. The base class keeps what they all do in one place:

- the tables, read once (:attr:`KitWidget.catalog`), from ``data_dir`` as everywhere else;
- one meaning of ``log=``, through :func:`open_log`;
- a CSS class for the widget and for each of its parts (:func:`classed`), which the browser
  tests and the projector styles find them by;
- the page layout, controls beside what they show when there is room and one column when
  there is not (:meth:`KitWidget.side_by_side`, with the scoped rules of :data:`KIT_CSS`);
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

__all__ = ["KIT_CSS", "KitWidget", "LogArg", "classed", "kit_style", "open_log", "widget_catalog"]

#: What ``log=`` accepts in every builder: a log, its path, ``None`` (your own) or ``False``.
LogArg = SessionLog | str | os.PathLike | bool | None

#: The style that lets a control's description take the room it needs.
WIDE = {"description_width": "initial"}

W = TypeVar("W", bound=widgets.DOMWidget)

#: The least width of what the controls show (the map, the week) beside them; below it the
#: page is one column, so on a phone or a zoomed projector the content takes the whole width
#: instead of what the controls leave.
CONTENT_MIN = "560px"

#: The kit's layout rules, scoped to ``.sk-kit`` (every widget of the kit has that class).
#: Each widget carries them once (:func:`kit_style`); the same rules twice on a page are
#: harmless. Why each rule is there:
KIT_CSS = (
    "<style>"
    # Nothing of the kit's is wider than the screen; a fixed width (34em) shrinks to fit.
    ".sk-kit,.sk-kit .jupyter-widgets,.sk-kit .sk-controls,.sk-kit .sk-content"
    "{max-width:100%;box-sizing:border-box}"
    # Controls beside what they show when both fit, one column when not: the content has a
    # least width, so it is never squeezed to 0 px; the controls column shrinks to the screen.
    ".sk-kit .sk-side{display:flex;flex-flow:row wrap;align-items:flex-start;gap:0.6em 1.5em;"
    "width:100%}"
    ".sk-kit .sk-side>.sk-controls{min-width:0}"
    # A control in the controls' column is as wide as the column, margins included.
    ".sk-kit .sk-controls>.widget-inline-hbox{width:auto}"
    # An HTML part that only carries a <style> takes no room.
    ".sk-kit .widget-html:has(>.widget-html-content>style)"
    ":not(:has(>.widget-html-content>:not(style))){display:none}"
    # So does an empty one (a status line with nothing to say yet, no rest-day note).
    ".sk-kit .widget-html:has(>.widget-html-content:empty){display:none}"
    # A row of controls (a date and a time, three buttons) wraps rather than overflow.
    ".sk-kit .widget-hbox{flex-wrap:wrap}"
    ".sk-kit .sk-side>.sk-content{flex:1 1 " + CONTENT_MIN + ";"
    "min-width:min(100%," + CONTENT_MIN + ")}"
    # Long labels wrap instead of being cut with an ellipsis (ipywidgets cuts them): labels,
    # checkbox descriptions and buttons ("Save calendar (.ics)").
    ".sk-kit .widget-label,.sk-kit .widget-label-basic,.sk-kit .widget-label-basic span,"
    ".sk-kit .widget-button,.sk-kit .widget-toggle-button"
    "{white-space:normal;overflow:visible;text-overflow:clip;overflow-wrap:anywhere}"
    ".sk-kit .widget-inline-hbox:not(.widget-hslider) .widget-label{flex-shrink:1;"
    "line-height:1.3;align-self:center}"
    # A list of choices is as wide as its longest choice ("Other diagnosed spinal
    # condition"), under its label when it does not fit beside it.
    ".sk-kit .widget-select-multiple select{flex-basis:auto;max-width:100%}"
    ".sk-kit .widget-inline-hbox:not(.widget-hslider){flex-wrap:wrap;height:auto;"
    "min-height:var(--jp-widgets-inline-height)}"
    ".sk-kit .widget-checkbox{width:auto;align-items:center}"
    ".sk-kit .widget-checkbox .widget-label-basic{display:flex;align-items:center;"
    "line-height:1.3;padding:0.2em 0}"
    ".sk-kit .widget-button,.sk-kit .widget-toggle-button{width:auto;height:auto;"
    "min-height:var(--jp-widgets-inline-height);line-height:1.25;padding:0.25em 0.8em}"
    # Radio buttons whose answers wrap (a quiz on a phone): each answer as tall as it needs.
    ".sk-kit .widget-radio{height:auto;overflow:visible}"
    ".sk-kit .widget-radio-box label{height:auto;min-height:var(--jp-widgets-radio-item-height);"
    "line-height:1.4;padding:0.15em 0;white-space:normal;display:flex;"
    "flex-direction:row-reverse;justify-content:flex-end;align-items:flex-start}"
    ".sk-kit .widget-radio-box input{flex:none;height:1.4em}"
    # Text that wraps reads as text: ipywidgets spaces HTML lines by a control's height.
    ".sk-kit .widget-html-content{line-height:1.4}"
    # The body map grows with the width it has, but never past the screen's height; on a
    # phone its names are listed under the drawing, a column read by scrolling, as the page.
    '.sk-kit .sk-map svg[data-layout="wide"]{max-height:calc(100vh - 3em)}'
    # Wide tables scroll inside their own box rather than widen the page.
    ".sk-kit .sk-week-box,.sk-kit .sk-per-muscle{overflow-x:auto}"
    # Tab labels whole: tabs size to their label and the tab bar wraps onto a second line on
    # a narrow screen (ipywidgets gives each tab a fixed width and cuts its label). The labels
    # of the tabs not shown take the theme's body text colour: Lumino's paler grey on its tab
    # grey is 4.45:1, under the 4.5:1 that text needs.
    ".sk-kit .jupyter-widget-tab>.lm-TabBar>.lm-TabBar-content{flex-wrap:wrap;"
    "align-items:stretch}"
    ".sk-kit .jupyter-widget-tab>.lm-TabBar .lm-TabBar-tab{flex:0 1 auto;min-width:0;"
    "max-width:100%;height:auto;padding:0.3em 0.9em}"
    ".sk-kit .jupyter-widget-tab>.lm-TabBar .lm-TabBar-tabLabel{overflow:visible;"
    "white-space:normal;text-overflow:clip;line-height:1.3}"
    ".sk-kit .jupyter-widget-tab>.lm-TabBar .lm-TabBar-tab:not(.lm-mod-current)"
    " .lm-TabBar-tabLabel{color:var(--jp-ui-font-color1,#212121)}"
    # Where the keyboard is, seen from the back of a room: a ring round the focused control
    # (ipywidgets only recolours a border, and turns a list's outline off with !important; a
    # scrolling box the keyboard reaches gets one too),
    # in the theme's brand colour.
    # (The class twice outweighs ipywidgets' ``.widget-text input[type=number]``.)
    ".sk-kit.sk-kit :focus-visible"
    "{outline:3px solid var(--jp-brand-color1,#1976d2)!important;outline-offset:2px}"
    # Hints for a keyboard and a mouse only where there is one; a touch screen gets its own.
    ".sk-kit .sk-hint-touch{display:none}"
    "@media (hover:none),(pointer:coarse){.sk-kit .sk-hint-keys{display:none}"
    ".sk-kit .sk-hint-touch{display:inline}}"
    "</style>"
)


def classed(widget: W, css_class: str) -> W:
    """Give ``widget`` a CSS class and return it, so a part can be built and named at once.

    Examples
    --------
    >>> classed(widgets.HTML(), "sk-status")._dom_classes
    ('sk-status',)
    """
    widget.add_class(css_class)
    return widget


def kit_style() -> widgets.HTML:
    """The kit's layout rules (:data:`KIT_CSS`) as a widget that takes no room on the page.

    Examples
    --------
    >>> kit_style().layout.display
    'none'
    """
    return classed(widgets.HTML(KIT_CSS, layout=widgets.Layout(display="none")), "sk-style")


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

    Its children end with the kit's layout rules (:func:`kit_style`), added once whatever a
    widget sets as its children.

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
        self.add_class("sk-kit")  # the scope of the kit's layout rules (KIT_CSS)
        self.add_class(css_class)
        self.data_dir = data_dir
        self.catalog: Catalog = widget_catalog(catalog, data_dir)
        #: The status line (CSS class ``status_class``): what just happened, in words.
        self.status = classed(widgets.HTML(), status_class or f"{css_class}-status")

    @traitlets.validate("children")
    def _with_kit_style(self, proposal) -> tuple[widgets.Widget, ...]:
        # The kit's layout rules come with every widget of the kit, once, as its last child
        # (it takes no room), so a widget shown alone in a notebook lays out as in the app.
        children = tuple(proposal["value"])
        if any("sk-style" in getattr(c, "_dom_classes", ()) for c in children):
            return children
        return (*children, kit_style())

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
    ) -> widgets.Box:
        """The kit's page layout: the controls in a column on the left, what they show on the
        right taking the rest of the width, when both fit; on a narrow screen (a phone, a
        projector zoomed to 150 %) one column, controls above, content the full width. One
        place, so every widget lays out alike; the rules are :data:`KIT_CSS`, which every
        widget of the kit carries.

        Parameters
        ----------
        controls
            The labelled controls, top to bottom.
        content
            What the controls show, top to bottom.
        controls_width
            The width the controls' column asks for (a CSS length); it shrinks to the screen.

        Examples
        --------
        >>> controls, content = [widgets.IntSlider()], [widgets.HTML()]
        >>> row = KitWidget.side_by_side(controls, content, controls_width="300px")
        >>> [box._dom_classes for box in row.children]
        [('sk-controls',), ('sk-content',)]
        >>> row.layout.flex_flow
        'row wrap'
        """
        # The controls ask for their width and shrink to the screen; the content grows into
        # the rest and has a least width (KIT_CSS), below which the row wraps.
        left = classed(
            widgets.VBox(controls, layout=widgets.Layout(flex=f"0 1 {controls_width}")),
            "sk-controls",
        )
        right = classed(widgets.VBox(content), "sk-content")
        return classed(
            widgets.Box(
                [left, right],
                layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
            ),
            "sk-side",
        )

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
