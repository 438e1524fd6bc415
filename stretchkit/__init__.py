"""stretchkit: learn to stretch the lower back and upper glutes, safely.

The tables load into pandas; everything else in the kit reads them.

Examples
--------
>>> import stretchkit as sk
>>> sk.stretches_for("piriformis")["name"].tolist()
['Figure-Four', 'Seated Glute']
"""

from .catalog import (
    Guideline,
    copy_tables,
    data_path,
    guideline,
    load_guidelines,
    load_muscles,
    load_steps,
    load_stretch_muscles,
    load_stretches,
    safety_rules,
)
from .errors import CatalogError, UnknownNameError
from .explore import muscles_for, resolve_muscle, resolve_stretch, stretches_for, target_matrix

__version__ = "0.1.0"

__all__ = [
    "CatalogError",
    "Guideline",
    "UnknownNameError",
    "__version__",
    "copy_tables",
    "data_path",
    "guideline",
    "load_guidelines",
    "load_muscles",
    "load_steps",
    "load_stretch_muscles",
    "load_stretches",
    "muscles_for",
    "resolve_muscle",
    "resolve_stretch",
    "safety_rules",
    "stretches_for",
    "target_matrix",
]
