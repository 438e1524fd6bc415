"""Execute the notebooks and keep outputs only in cells tagged ``nbval-check-output``.

Those outputs are the reference that ``pytest --nbval-lax`` compares against; every other cell
is committed without outputs. Run after editing a notebook:

    .venv/bin/python scripts/refresh_notebooks.py [notebooks/NAME.ipynb ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECKED = "nbval-check-output"  # the cell tag nbval reads (no comment in what students see)
ROOT = Path(__file__).resolve().parent.parent


def refresh(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    kept = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECKED in cell.metadata.get("tags", []):
            kept += 1
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return kept


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for p in paths:
        print(f"{p.name}: kept outputs of {refresh(p)} checked cell(s)")
