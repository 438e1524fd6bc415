"""Add the kit's lessons and app to a student's home, never replacing a file already there.

The hub runs this as the account that runs the students' servers, not as root, so a link a
student leaves in their home cannot make the hub write anywhere else::

    python add_lessons.py HOME KIT

``HOME`` gets ``stretchkit/notebooks/*.ipynb`` and ``stretchkit/app/*.ipynb`` from ``KIT`` (a
clone of the repository), and the folder ``.ipc`` for the kernels' socket files.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PARTS = ("notebooks", "app")


def add_lessons(home: Path, kit: Path) -> list[Path]:
    """Copy every lesson ``home`` lacks from ``kit``; return the files added."""
    added = []
    (home / ".ipc").mkdir(mode=0o700, exist_ok=True)
    for part in PARTS:
        for source in sorted((kit / part).glob("*.ipynb")):
            target = home / "stretchkit" / part / source.name
            target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                continue
            shutil.copyfile(source, target)
            added.append(target)
    return added


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python add_lessons.py HOME KIT")
    add_lessons(Path(sys.argv[1]), Path(sys.argv[2]))
