"""What tests/test_screens.py finds wrong today (issue 17), one entry per failing test.

Key: (page, screen, theme, check), as in the test ids; value: the defect seen: the element
and the measurement. Each becomes ``xfail(strict=True)``: when a fix lands, the test passes,
the strict xfail fails, and its line here is to be removed. Written by scripts/screens_known.py
from the measurements of a run (build/screenshots/measurements.json has them all).
"""

# ruff: noqa: E501

# fmt: off
KNOWN: dict[tuple[str, str, str, str], str] = {
    ('dashboard', 'phone', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('dashboard', 'laptop', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('dashboard', 'projector', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('dashboard', 'phone', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('dashboard', 'laptop', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('dashboard', 'projector', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('explorer', 'phone', 'dark', 'axe'): "image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'laptop', 'dark', 'axe'): "image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'projector', 'dark', 'axe'): "image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'phone', 'light', 'axe'): "image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'laptop', 'light', 'axe'): "image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('explorer', 'projector', 'light', 'axe'): "image-alt (critical, 3 nodes: .jp-RenderedImage > img)",
    ('planner', 'phone', 'dark', 'axe'): "image-alt (critical, 1 nodes: img)",
    ('planner', 'laptop', 'dark', 'axe'): "image-alt (critical, 1 nodes: img)",
    ('planner', 'projector', 'dark', 'axe'): "image-alt (critical, 1 nodes: img)",
    ('planner', 'phone', 'light', 'axe'): "image-alt (critical, 1 nodes: img)",
    ('planner', 'laptop', 'light', 'axe'): "image-alt (critical, 1 nodes: img)",
    ('planner', 'projector', 'light', 'axe'): "image-alt (critical, 1 nodes: img)",
    ('progress', 'phone', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'laptop', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'projector', 'dark', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'phone', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'laptop', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
    ('progress', 'projector', 'light', 'axe'): "image-alt (critical, 4 nodes: .jp-RenderedImage > img)",
}
# fmt: on
