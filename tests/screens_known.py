"""What tests/test_screens.py finds wrong today (issue 17), one entry per failing test.

Key: (page, screen, theme, check), as in the test ids; value: the defect seen: the element
and the measurement. Each becomes ``xfail(strict=True)``: when a fix lands, the test passes,
the strict xfail fails, and its line here is to be removed. Written by scripts/screens_known.py
from the measurements of a run (build/screenshots/measurements.json has them all).
"""

# ruff: noqa: E501

# fmt: off
KNOWN: dict[tuple[str, str, str, str], str] = {
    ('app-explore', 'phone', 'dark', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle)",
    ('app-explore', 'laptop', 'dark', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle)",
    ('app-explore', 'projector', 'dark', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle)",
    ('app-explore', 'phone', 'light', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle)",
    ('app-explore', 'laptop', 'light', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle)",
    ('app-explore', 'projector', 'light', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle)",
    ('app-plan', 'phone', 'dark', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuetext=\"15\"])",
    ('app-plan', 'laptop', 'dark', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuetext=\"15\"])",
    ('app-plan', 'projector', 'dark', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuetext=\"15\"])",
    ('app-plan', 'phone', 'light', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuetext=\"15\"])",
    ('app-plan', 'laptop', 'light', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuetext=\"15\"])",
    ('app-plan', 'projector', 'light', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuetext=\"15\"])",
    ('dashboard', 'phone', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img); scrollable-region-focusable (serious, 1 nodes: #rendered_cells)",
    ('dashboard', 'laptop', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img); scrollable-region-focusable (serious, 1 nodes: #rendered_cells)",
    ('dashboard', 'projector', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img); scrollable-region-focusable (serious, 1 nodes: #rendered_cells)",
    ('dashboard', 'phone', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img); scrollable-region-focusable (serious, 1 nodes: #rendered_cells)",
    ('dashboard', 'laptop', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img); scrollable-region-focusable (serious, 1 nodes: #rendered_cells)",
    ('dashboard', 'projector', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img); scrollable-region-focusable (serious, 1 nodes: #rendered_cells)",
    ('explorer', 'phone', 'dark', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle); image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'laptop', 'dark', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle); image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'projector', 'dark', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle); image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'phone', 'light', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle); image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'laptop', 'light', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle); image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'projector', 'light', 'axe'): "aria-input-field-name (serious, 1 nodes: .noUi-handle); image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('planner', 'phone', 'dark', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuemax=\"60.0\"]); image-alt (critical, 1 nodes: img)",
    ('planner', 'laptop', 'dark', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuemax=\"60.0\"]); image-alt (critical, 1 nodes: img)",
    ('planner', 'projector', 'dark', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuemax=\"60.0\"]); image-alt (critical, 1 nodes: img)",
    ('planner', 'phone', 'light', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuemax=\"60.0\"]); image-alt (critical, 1 nodes: img)",
    ('planner', 'laptop', 'light', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuemax=\"60.0\"]); image-alt (critical, 1 nodes: img)",
    ('planner', 'projector', 'light', 'axe'): "aria-input-field-name (serious, 2 nodes: div[aria-valuemax=\"7.0\"], div[aria-valuemax=\"60.0\"]); image-alt (critical, 1 nodes: img)",
    ('progress', 'phone', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'laptop', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'projector', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'phone', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'laptop', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'projector', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('quiz', 'projector', 'dark', 'axe'): "scrollable-region-focusable (serious, 1 nodes: .sk-words-table.sk-words > div)",
    ('quiz', 'projector', 'light', 'axe'): "scrollable-region-focusable (serious, 1 nodes: .sk-words-table.sk-words > div)",
}
# fmt: on
