"""Write tests/screens_known.py from the measurements of the last screen-test run.

``tests/test_screens.py`` marks each failing (page, screen, theme, check) as a strict xfail, from
the table ``KNOWN`` in ``tests/screens_known.py``. After a fix, run the screen tests (they write
``build/screenshots/measurements.json``), then this script, and read the diff: every line that
goes is a defect fixed, every line that comes is one to look at before committing.

    .venv/bin/python -m pytest tests/test_screens.py; .venv/bin/python scripts/screens_known.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ("blocks", "overflow", "labels", "tabbar", "axe", "contrast")
HEAD = '''"""What tests/test_screens.py finds wrong today (issue 17), one entry per failing test.

Key: (page, screen, theme, check), as in the test ids; value: the defect seen: the element
and the measurement. Each becomes ``xfail(strict=True)``: when a fix lands, the test passes,
the strict xfail fails, and its line here is to be removed. Written by scripts/screens_known.py
from the measurements of a run (build/screenshots/measurements.json has them all).
"""

{noqa}# fmt: off
KNOWN: dict[tuple[str, str, str, str], str] = {
'''


def main() -> None:
    found = json.loads((ROOT / "build" / "screenshots" / "measurements.json").read_text())
    lines = []
    for key, screens in found.items():
        name, theme = key.rsplit("-", 1)
        for screen, checks in screens.items():
            for check in CHECKS:
                problems = checks.get(check) or []
                if problems:
                    text = "; ".join(problems)
                    text = text if len(text) <= 240 else text[:237] + "..."
                    lines.append(f"    {(name, screen, theme, check)!r}: {json.dumps(text)},\n")
    out = ROOT / "tests" / "screens_known.py"
    noqa = "# ruff: noqa: E501\n\n" if lines else ""  # long lines only when there are entries
    out.write_text(HEAD.replace("{noqa}", noqa) + "".join(lines) + "}\n# fmt: on\n")
    print(f"{out.relative_to(ROOT)}: {len(lines)} known failures")


if __name__ == "__main__":
    main()
