"""The documentation and the pins say what the code does, and cannot drift from it."""

from __future__ import annotations

import re
from importlib import metadata

import pytest

import stretchkit as sk
from stretchkit.schema import TABLES
from tests.conftest import NOTEBOOKS, ROOT

README = (ROOT / "README.md").read_text()
DATA_README = (ROOT / "data" / "README.md").read_text()


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_every_column_is_documented(table):
    body = section(DATA_README, f"## {table.file}")
    columns_table = body[body.index("| column |") :].split("\n\n")[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", columns_table, flags=re.M)
    assert documented == [c.name for c in table.columns]
    for col in table.columns:
        for value in col.categories:
            assert f"`{value}`" in body, f"{table.file}: {col.name} value {value} undocumented"


def test_required_guidelines_are_documented():
    from stretchkit.schema import REQUIRED_GUIDELINES

    for gid in REQUIRED_GUIDELINES:
        assert f"`{gid}`" in DATA_README


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert [line.split()[:2] for line in blocks[0].splitlines()] == [
        ["make", "lab"],
        ["make", "test"],
    ]
    assert README.index("make lab") < README.index("## ")


def test_readme_lists_every_notebook():
    lessons = section(README, "## The lessons")
    for path in NOTEBOOKS.glob("*.ipynb"):
        assert f"`{path.stem}`" in lessons


def test_readme_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"`make ([a-z]+)`", README)):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target


def test_ci_runs_the_readme_test_command_only():
    lines = [
        ln
        for ln in (ROOT / ".ci" / "run").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert lines[-1] == "make test"


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            found[name.lower().replace("_", "-")] = version
    return found


def test_constraints_are_exact_pins_of_what_the_tests_run():
    pinned = pins()
    for name in (
        "pandas",
        "matplotlib",
        "ipywidgets",
        "jupyterlab",
        "voila",
        "nbval",
        "papermill",
        "playwright",
    ):
        assert pinned[name] == metadata.version(name), name


def test_binder_installs_the_kit_with_the_same_pins():
    binder = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert "-c ../constraints.txt" in binder
    assert "-e .[lab]" in binder
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_version_is_defined_once():
    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text()
    hits = [p for p in (ROOT / "stretchkit").rglob("*.py") if "__version__ =" in p.read_text()]
    assert [p.name for p in hits] == ["__init__.py"]
    assert metadata.version("stretchkit") == sk.__version__


def test_nothing_reaches_outside_the_project():
    outside = "../" + "shared"
    for path in ROOT.rglob("*"):
        if ".venv" in path.parts or ".git" in path.parts or not path.is_file():
            continue
        if path.suffix in {".py", ".ipynb", ".md", ".toml", ".txt", ".csv", ".sh"} or path.name in {
            "Makefile",
            "run",
        }:
            assert outside not in path.read_text(errors="ignore"), path


def test_the_exchange_csv_is_documented_column_by_column():
    from stretchkit.log import EXCHANGE_COLUMNS, OPTIONAL_COLUMNS

    body = section(DATA_README, "## sample_log.csv")
    columns_table = body[body.index("| column |") :].split("\n\n")[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", columns_table, flags=re.M)
    assert documented == [*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS]
    header = (ROOT / "data" / "sample_log.csv").read_text().splitlines()[0]
    assert header.split(",") == documented
