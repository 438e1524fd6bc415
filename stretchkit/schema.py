"""The declared shape of every table: columns, types, enumerations and bounds.

Everything that checks or converts a table reads it from here, so a column is declared once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ACTIONS",
    "APPLIES_TO",
    "BREATHS",
    "CONTRAINDICATION_ACTION",
    "GUIDELINE_CATEGORIES",
    "HOLD_BOUNDS_S",
    "KINDS",
    "POSE_POINTS",
    "POSE_SIDES",
    "POSE_VIEWS",
    "POSITIONS",
    "REGIONS",
    "REQUIRED_GUIDELINES",
    "ROLES",
    "TABLES",
    "UNITS",
    "Column",
    "RequiredGuideline",
    "Table",
]

REGIONS = ("lower back", "glutes and hip", "trunk")
KINDS = ("dynamic", "static")
POSITIONS = ("supine", "prone", "side-lying", "seated", "quadruped", "kneeling", "standing")
ROLES = ("warm_up", "main", "restorative")
BREATHS = ("inhale", "exhale")
GUIDELINE_CATEGORIES = ("principle", "frequency", "timing", "contraindication", "pain", "benefit")
APPLIES_TO = ("all", "dynamic", "static")
ACTIONS = ("ease_off", "stop", "consult_professional")
UNITS = ("s", "min", "sessions/week")
#: Where a pose is seen from: the person's left or right side, or from above (lying down).
POSE_VIEWS = ("left", "right", "above")
#: Which side a frame of a pose shows: ``both`` for a stretch done both sides at once.
POSE_SIDES = ("both", "left", "right")
#: The key points of a pose's stick figure, every one needed in every frame. ``near`` limbs
#: are on the viewer's side (in a view from above: the side the knees or arms go to).
POSE_POINTS = (
    "head",
    "neck",
    "shoulder",
    "mid_back",
    "hip",
    "near_elbow",
    "near_wrist",
    "far_elbow",
    "far_wrist",
    "near_knee",
    "near_ankle",
    "near_toe",
    "far_knee",
    "far_ankle",
    "far_toe",
)

#: Whole seconds a stretch may be held for; anything outside is a typo, not a plan.
HOLD_BOUNDS_S = (5, 180)


@dataclass(frozen=True)
class RequiredGuideline:
    """A guideline row the kit's own rules read, and what its content must be."""

    meaning: str
    unit: str | None = None  # numbers are required, in this unit
    bounds: tuple[float, float] | None = None
    action: str | None = None


#: Guideline rows that the kit's own rules read; a custom catalog must keep them, with sane
#: numbers, because the safety note, the planner and the timer are built from them.
REQUIRED_GUIDELINES = {
    "warm_up": RequiredGuideline("the warm-up length", unit="min", bounds=(1, 30)),
    "hold": RequiredGuideline("the default hold", unit="s", bounds=HOLD_BOUNDS_S),
    "frequency_target": RequiredGuideline(
        "the weekly target band", unit="sessions/week", bounds=(1, 7)
    ),
    "frequency_minimum": RequiredGuideline(
        "the weekly minimum", unit="sessions/week", bounds=(1, 7)
    ),
    "frequency_persistent": RequiredGuideline(
        "the frequency for persistent tightness", unit="sessions/week", bounds=(1, 7)
    ),
    "sharp_pain": RequiredGuideline("the stop rule for sharp or radiating pain", action="stop"),
    "mild_tension": RequiredGuideline("the mild-tension rule", action="ease_off"),
    "controlled_movement": RequiredGuideline("the rule against bouncing"),
    "mild_discomfort": RequiredGuideline("telling a stretch from pain"),
}

#: Every contraindication row must send the reader to a professional.
CONTRAINDICATION_ACTION = "consult_professional"


@dataclass(frozen=True)
class Column:
    """One column: its type, whether a value is needed, and what values are valid.

    ``kind`` is one of ``id`` (a slug such as ``figure_four``), ``ref`` (an id of another
    table), ``text``, ``int``, ``float``, ``bool`` or ``category``.
    """

    name: str
    kind: str
    required: bool = True  # the column must be in the file and every row needs a value
    categories: tuple[str, ...] = ()
    bounds: tuple[float, float] | None = None
    refers_to: str | None = None
    default: str | None = None  # value for an empty cell, or a column a custom table leaves out


@dataclass(frozen=True)
class Table:
    """One CSV file of the catalog."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    lookup_columns: tuple[str, ...] = field(default=())
    optional: bool = False  # a folder without the file still loads (see the catalog)

    @property
    def file(self) -> str:
        """The table's file name, e.g. ``stretches.csv``."""
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


def _hold(name: str) -> Column:
    return Column(name, "int", bounds=HOLD_BOUNDS_S)


MUSCLES = Table(
    "muscles",
    (
        Column("muscle_id", "id"),
        Column("name", "text"),
        Column("aliases", "text", required=False),
        Column("region", "category", categories=REGIONS),
        Column("location", "text", required=False),
        Column("action", "text"),
        Column("why_tight", "text"),
        Column("effect_when_tight", "text", required=False),
    ),
    key=("muscle_id",),
    lookup_columns=("muscle_id", "name", "aliases"),
)

STRETCHES = Table(
    "stretches",
    (
        Column("stretch_id", "id"),
        Column("name", "text"),
        Column("aliases", "text", required=False),
        Column("kind", "category", categories=KINDS),
        Column("position", "category", categories=POSITIONS),
        Column(
            "role",
            "category",
            required=False,
            categories=ROLES,
            default="main",
        ),
        Column("per_side", "bool"),
        _hold("hold_min_s"),
        _hold("hold_max_s"),
        Column("feel_it", "text", required=False),
        Column("tips", "text", required=False),
        Column("variations", "text", required=False),
    ),
    key=("stretch_id",),
    lookup_columns=("stretch_id", "name", "aliases"),
)

STRETCH_MUSCLES = Table(
    "stretch_muscles",
    (
        Column("stretch_id", "ref", refers_to="stretches"),
        Column("muscle_id", "ref", refers_to="muscles"),
        Column("note", "text", required=False),
    ),
    key=("stretch_id", "muscle_id"),
)

STRETCH_STEPS = Table(
    "stretch_steps",
    (
        Column("stretch_id", "ref", refers_to="stretches"),
        Column("step", "int", bounds=(1, 99)),
        Column("breath", "category", required=False, categories=BREATHS),
        Column("text", "text"),
    ),
    key=("stretch_id", "step"),
)

GUIDELINES = Table(
    "guidelines",
    (
        Column("guideline_id", "id"),
        Column("category", "category", categories=GUIDELINE_CATEGORIES),
        Column("title", "text"),
        Column("value_min", "float", required=False, bounds=(0, 1440)),
        Column("value_max", "float", required=False, bounds=(0, 1440)),
        Column("unit", "category", required=False, categories=UNITS),
        Column(
            "applies_to",
            "category",
            required=False,
            categories=APPLIES_TO,
            default="all",
        ),
        Column("action", "category", required=False, categories=ACTIONS),
        Column("text", "text"),
    ),
    key=("guideline_id",),
)

POSES = Table(
    "poses",
    (
        Column("stretch_id", "ref", refers_to="stretches"),
        Column("frame", "id"),
        Column("side", "category", categories=POSE_SIDES),
        Column("view", "category", categories=POSE_VIEWS),
        Column("point", "category", categories=POSE_POINTS),
        Column("x", "float", bounds=(0, 1)),
        Column("y", "float", bounds=(0, 1)),
    ),
    key=("stretch_id", "frame", "side", "point"),
    optional=True,
)

#: Every table, in the order they load (a table's references load before it).
TABLES: dict[str, Table] = {
    t.name: t for t in (MUSCLES, STRETCHES, STRETCH_MUSCLES, STRETCH_STEPS, GUIDELINES, POSES)
}
