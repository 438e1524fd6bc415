"""What tests/test_screens.py finds wrong today (issue 17), one entry per failing test.

Key: (page, screen, theme, check), as in the test ids; value: the defect seen: the element
and the measurement. Each becomes ``xfail(strict=True)``: when a fix lands, the test passes,
the strict xfail fails, and its line here is to be removed. Written by scripts/screens_known.py
from the measurements of a run (build/screenshots/measurements.json has them all).
"""

# fmt: off
KNOWN: dict[tuple[str, str, str, str], str] = {
}
# fmt: on
