"""Widget builders for notebooks and Voila apps. Each returns a widget and never displays it."""

try:
    import ipywidgets  # noqa: F401
except ImportError as exc:  # pragma: no cover - ipywidgets is a declared dependency
    raise ImportError(
        "stretchkit.widgets needs ipywidgets; install it with: pip install ipywidgets"
    ) from exc

from .app import app
from .explorer import explorer
from .planner import planner
from .progress import progress
from .quiz import quiz
from .session import guided_session
from .tables import table_viewer
from .timer import Timer, timer

__all__ = [
    "Timer",
    "app",
    "explorer",
    "guided_session",
    "planner",
    "progress",
    "quiz",
    "table_viewer",
    "timer",
]
