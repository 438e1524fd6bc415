"""stretchkit: learn to stretch the lower back and upper glutes, safely.

The tables load into pandas; everything else in the kit reads them.

Examples
--------
>>> import stretchkit as sk
>>> sk.stretches_for("piriformis")["name"].tolist()
['Figure-Four', 'Seated Glute']
"""

from typing import TYPE_CHECKING

from .cards import stretch_card
from .catalog import (
    Catalog,
    Guideline,
    copy_tables,
    data_path,
    guideline,
    load_catalog,
    load_guidelines,
    load_muscles,
    load_poses,
    load_steps,
    load_stretch_muscles,
    load_stretches,
    use_catalog,
)
from .classroom import ClassSummary, class_summary, sample_class_path
from .errors import CatalogError, LogFileError, SafetyError, UnknownNameError
from .explore import (
    coverage,
    find_stretches,
    muscles_for,
    resolve_muscle,
    resolve_stretch,
    stretches_for,
    target_matrix,
)
from .figures import draw_figure, figure_svg
from .log import ImportResult, SessionLog, default_log_path, sample_log, sample_log_path
from .plan import (
    Plan,
    PlanSettings,
    describe_day,
    plan_rules,
    plan_summary,
    plan_to_csv,
    plan_to_ics,
    plan_week,
)
from .progress import (
    Streaks,
    daily_minutes,
    discomfort_trend,
    minutes_by_muscle,
    streaks,
    unknown_stretches,
    weekly_sessions,
)
from .quiz import make_quiz, quiz_text, quiz_topics, score_quiz
from .routines import Routine, routine, set_warm_up
from .safety import safety_gate, safety_note, safety_rules
from .session import SessionResult, result_entries, save_result, session_result

__version__ = "0.1.0"

if TYPE_CHECKING:  # what loads on first use, seen by type checkers and editors all the same
    from . import charts, widgets  # noqa: F401 - reached as sk.charts, sk.widgets
    from .charts import lesson_pack

# Only the layers that pull in heavy libraries (matplotlib for charts, ipywidgets for widgets)
# load on first use, so `import stretchkit` stays cheap; everything else is imported here, where
# editors and type checkers see it.
_LAZY = ("charts", "widgets")
_LAZY_NAMES = {"lesson_pack": "charts"}


def __getattr__(name):
    if name in _LAZY or name in _LAZY_NAMES:
        import importlib

        module = importlib.import_module(f".{_LAZY_NAMES.get(name, name)}", __name__)
        value = getattr(module, name) if name in _LAZY_NAMES else module
        globals()[name] = value  # found once, then an ordinary attribute
        return value
    raise AttributeError(f"module 'stretchkit' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *__all__})


__all__ = [
    "Catalog",
    "CatalogError",
    "ClassSummary",
    "Guideline",
    "ImportResult",
    "LogFileError",
    "Plan",
    "PlanSettings",
    "Routine",
    "SafetyError",
    "SessionLog",
    "SessionResult",
    "Streaks",
    "UnknownNameError",
    "__version__",
    "class_summary",
    "copy_tables",
    "coverage",
    "daily_minutes",
    "data_path",
    "default_log_path",
    "describe_day",
    "discomfort_trend",
    "draw_figure",
    "figure_svg",
    "find_stretches",
    "guideline",
    "lesson_pack",
    "load_catalog",
    "load_guidelines",
    "load_muscles",
    "load_poses",
    "load_steps",
    "load_stretch_muscles",
    "load_stretches",
    "make_quiz",
    "minutes_by_muscle",
    "muscles_for",
    "plan_rules",
    "plan_summary",
    "plan_to_csv",
    "plan_to_ics",
    "plan_week",
    "quiz_text",
    "quiz_topics",
    "resolve_muscle",
    "resolve_stretch",
    "result_entries",
    "routine",
    "safety_gate",
    "safety_note",
    "safety_rules",
    "sample_class_path",
    "sample_log",
    "sample_log_path",
    "save_result",
    "score_quiz",
    "session_result",
    "set_warm_up",
    "streaks",
    "stretch_card",
    "stretches_for",
    "target_matrix",
    "unknown_stretches",
    "use_catalog",
    "weekly_sessions",
]
