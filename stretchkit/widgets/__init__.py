"""Widget builders for notebooks and Voila apps. Each returns a widget and never displays it.

Each widget is a small class (:class:`Explorer`, :class:`Timer`, ...) with its state declared
as traitlets and its callbacks as methods, on the shared :class:`KitWidget` base; the
builders (:func:`explorer`, :func:`planner`, ...) are the way to make one. The modules are
named ``widget_<name>.py``, as ipywidgets names its own, so no module is hidden behind the
builder of the same name.
"""

try:
    import ipywidgets  # noqa: F401
except ImportError as exc:  # pragma: no cover - ipywidgets is a declared dependency
    raise ImportError(
        "stretchkit.widgets needs ipywidgets; install it with: pip install ipywidgets"
    ) from exc

from .base import KitWidget
from .widget_app import App, app
from .widget_bodymap import BodyMap, body_map
from .widget_explorer import Explorer, explorer
from .widget_planner import Planner, planner
from .widget_progress import Progress, progress
from .widget_quiz import Quiz, quiz
from .widget_session import GuidedSession, guided_session
from .widget_tables import TableViewer, table_viewer
from .widget_timer import Timer, timer

__all__ = [
    "App",
    "BodyMap",
    "Explorer",
    "GuidedSession",
    "KitWidget",
    "Planner",
    "Progress",
    "Quiz",
    "TableViewer",
    "Timer",
    "app",
    "body_map",
    "explorer",
    "guided_session",
    "planner",
    "progress",
    "quiz",
    "table_viewer",
    "timer",
]
