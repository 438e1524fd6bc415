"""The kit's colours: JupyterLab's theme variables, each with a light fallback.

Every colour of the kit's HTML and SVG that is not data is one of these, written as
``var(--jp-..., fallback)``: JupyterLab and Voila's lab template set the variables in both
their light and dark themes, so a card, a safety box or a chart's text follows the theme, and a
page without JupyterLab's CSS (a saved HTML file, nbviewer) still reads with the fallback, the
light theme's own value.

Text sits only on the backgrounds :data:`PAIRS` names; a test computes each pair's contrast
from the values of JupyterLab 4's light and dark themes (at least 4.5:1).

Examples
--------
>>> INK
'var(--jp-ui-font-color0, #000000)'
>>> jp("warn-color0")
'var(--jp-warn-color0, #e65100)'
"""

from __future__ import annotations

__all__ = [
    "BORDER",
    "BORDER_SOFT",
    "BRAND",
    "ERROR",
    "INK",
    "PAIRS",
    "PANEL",
    "PAPER",
    "SOFT",
    "SUCCESS",
    "TEXT",
    "WARN",
    "WARN_BOX",
    "WARN_FILL",
    "jp",
]

#: JupyterLab 4's light theme value of each variable the kit uses: the fallback.
LIGHT_FALLBACK = {
    "ui-font-color0": "#000000",
    "ui-font-color1": "#212121",  # rgba(0,0,0,.87) on white
    "ui-font-color2": "#757575",  # rgba(0,0,0,.54) on white
    "layout-color0": "#ffffff",
    "layout-color1": "#ffffff",
    "layout-color2": "#eeeeee",
    "border-color1": "#bdbdbd",
    "border-color2": "#e0e0e0",
    "brand-color1": "#1976d2",
    "warn-color0": "#e65100",
    "error-color0": "#b71c1c",
    "success-color0": "#1b5e20",
}


def jp(name: str) -> str:
    """The CSS value of JupyterLab's ``--jp-<name>`` with its light fallback."""
    return f"var(--jp-{name}, {LIGHT_FALLBACK[name]})"


INK = jp("ui-font-color0")  #: headings and the text that matters most
TEXT = jp("ui-font-color1")  #: body text
SOFT = jp("ui-font-color2")  #: secondary text (on PAPER only)
PAPER = jp("layout-color0")  #: the page
PANEL = jp("layout-color2")  #: table headers, the timer's track
BORDER = jp("border-color1")  #: outlines, table rules, chart axes
BORDER_SOFT = jp("border-color2")  #: grid lines
BRAND = jp("brand-color1")  #: a plain data bar, a link-like accent (not text)
WARN = jp("warn-color0")  #: the edge of a safety or warning box (not text)
ERROR = jp("error-color0")  #: the edge of an error or sharp-pain note (not text)
SUCCESS = jp("success-color0")  #: a goal met (not text)

#: A warning's background: the page tinted with the warn colour (12 %), dark in the dark theme.
WARN_FILL = f"color-mix(in srgb, {WARN} 12%, {jp('layout-color1')})"
#: CSS of a safety or warning box: a warn-coloured edge on the tinted page, the theme's text
#: (the plain page first, for a browser without ``color-mix``).
WARN_BOX = (
    f"border:3px solid {WARN};background:{jp('layout-color1')};background:{WARN_FILL};color:{INK}"
)
#: The share of the warn colour in :data:`WARN_FILL`.
WARN_TINT = 0.12

#: Every (text, background) pair the kit puts on screen, as variable names.
PAIRS = (
    ("ui-font-color0", "layout-color0"),
    ("ui-font-color1", "layout-color0"),
    ("ui-font-color2", "layout-color0"),
    ("ui-font-color0", "layout-color1"),
    ("ui-font-color1", "layout-color1"),
    ("ui-font-color2", "layout-color1"),
    ("ui-font-color0", "layout-color2"),
    ("ui-font-color1", "layout-color2"),
    ("ui-font-color0", "warn-fill"),
    ("ui-font-color1", "warn-fill"),
)
