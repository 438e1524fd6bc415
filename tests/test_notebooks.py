"""Every notebook is a thin lesson that opens with its goals and the safety note, carries an
nbval reference, and runs top to bottom under papermill with small parameters."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest

import stretchkit as sk
from stretchkit import words
from tests.conftest import NOTEBOOKS, run_notebook

CHECKED = "nbval-check-output"  # nbval's cell tag: compare this cell's outputs
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))

# Small parameters for each notebook, and text its executed outputs must then contain.
# A tables folder is filled in by the test (a custom copy of the catalog).
PAPERMILL = {
    "00_start_here": (
        {"muscle": "obliques", "data_dir": "{tables}"},
        [
            "reach the obliques: Supine Spinal Twist.",
            "SAFETY FIRST",
            "Persistent tightness: 7 sessions/week",
        ],
    ),
    "01_anatomy_explorer": (
        {"muscle": "obliques", "stretch": "childs_pose", "data_dir": "{tables}"},
        [
            "Stretches that reach the obliques: Supine Spinal Twist.",
            "Child's Pose targets Erector spinae and Quadratus lumborum.",
            "FIGURE-FOUR",
        ],
    ),
    "02_weekly_planner": (
        {
            "days": 2,
            "minutes": 10,
            "focus": ["obliques"],
            "data_dir": "{tables}",
            "export_dir": "{exports}",
        },
        [
            "2 sessions a week make a workable routine",
            "Focus: Obliques reached in every session.",
            "Not planned: Sciatica.",
            "Cleared by a healthcare professional to stretch with: Sciatica.",
            "4 minutes is too short",
        ],
        ["week.csv", "week.ics", "week.pdf"],
    ),
    "03_guided_session": (
        {"plan_days": 2, "hold_s": 25, "data_dir": "{tables}"},
        [
            "9 × hold, 4 × switch sides",
            "10.8 min in all",
            "Switch to the right side",
            "Cat-Cow: 5 breaths. Inhale: cow, exhale: cat",
            "305 s more",
        ],
    ),
    "05_quiz": (
        {"n": 6, "seed": 3, "topics": ["hold", "consult", "targets"], "data_dir": "{tables}"},
        [
            "1. Before you start stretching, this applies to you: Sciatica. What should you do?",
            "3 of 6 right",
            "500 questions is more than the 46 distinct questions",
            "Standing Side Bend is done on each side in turn",
            "sk-quiz",
        ],
    ),
    "06_trainer_dashboard": (
        {"goal": "minimum", "data_dir": "{tables}"},
        [
            "Weeks on goal: amira 8, ben 8, chloe 4, dev 7, elena 8, farid 6, grace 8 and hugo 3.",
            "SHARP PAIN - talk to farid before their next session",
            "goal 2 to 3 days a week",
            "ivy.csv, line 20, column 'seconds': '20s' is not a number",
            "Sharp pain: farid.",
            "Not read: ivy.csv.",
        ],
    ),
    "04_progress": (
        {"goal": "minimum", "data_dir": "{tables}", "export_dir": "{exports}"},
        [
            "week by week: 2, 2, 3, 3, 4, 3, 3, 1, 4, 3, 5 and 4.",
            "Sharp pain shooting",
            "-30 is negative; give the seconds held",
            "Added 37 sessions",
            "Added 0 sessions (0 holds); 37 sessions already in the log",
            "nothing was imported from broken.csv; the log is unchanged.",
        ],
        ["my-log.csv"],
    ),
}


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def is_checked(cell) -> bool:
    return CHECKED in cell.metadata.get("tags", [])


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


LESSONS = (
    "00_start_here",
    "01_anatomy_explorer",
    "02_weekly_planner",
    "03_guided_session",
    "04_progress",
    "05_quiz",
    "06_trainer_dashboard",
)


def test_the_lessons_are_in_order():
    stems = [p.stem for p in PATHS]
    assert set(stems) <= set(LESSONS), f"not a lesson of the course: {set(stems) - set(LESSONS)}"
    assert stems == [name for name in LESSONS if name in stems]
    assert stems[0] == "00_start_here"


def test_opens_with_goals_and_the_safety_note(notebook):
    _, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "you will learn" in first.source
    opening = nb.cells[:5]
    assert any(c.cell_type == "markdown" and "Safety" in c.source for c in opening)
    assert any(c.cell_type == "code" and "safety_note(" in c.source for c in opening)


def test_has_a_parameters_cell(notebook):
    _, nb = notebook
    tagged = [c for c in code_cells(nb) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1


def test_cells_are_thin(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(lines) <= 6, cell.source


def test_outputs_only_where_nbval_checks_them(notebook):
    _, nb = notebook
    checked = [c for c in code_cells(nb) if is_checked(c)]
    assert checked, "nbval --nbval-lax needs at least one checked cell to compare"
    for cell in code_cells(nb):
        if is_checked(cell):
            assert cell.outputs, f"checked cell has no reference output:\n{cell.source}"
        else:
            assert not cell.outputs, f"unchecked cell is committed with outputs:\n{cell.source}"


def test_every_notebook_has_papermill_parameters():
    assert set(PAPERMILL) == {p.stem for p in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_runs_under_papermill(path, tmp_path, tables):
    params, expected, *files = PAPERMILL[path.stem]
    exports = tmp_path / "exports"
    params = {
        k: v.format(tables=tables, exports=exports) if isinstance(v, str) else v
        for k, v in params.items()
    }
    executed = run_notebook(path, tmp_path / path.name, params)
    text = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in code_cells(executed)
        for o in c.outputs
    )
    for fragment in expected:
        assert fragment in text
    assert "Error" not in text
    if "export_dir" in params:  # the lesson saved its files where it was told to
        assert sorted(p.name for p in exports.iterdir()) == files[0]


def test_papermill_parameters_change_the_result(tmp_path):
    """The injected muscle really drives the checked cell (it is not a constant)."""
    path = NOTEBOOKS / "00_start_here.ipynb"
    executed = run_notebook(path, tmp_path / "out.ipynb", {"muscle": "QL"})
    shown = [
        o.data["text/plain"]
        for c in code_cells(executed)
        if is_checked(c)
        for o in c.outputs
        if "text/plain" in o.get("data", {})
    ]
    expected = sk.stretches_for("QL")["name"]
    assert f"Stretches that reach the QL: {words.listing(expected)}." in shown


# --- what a reader sees: each lesson's outputs as Voila shows them (code hidden) ------------

# Code talk a reader should never meet in an output, with what it is.
CODE_TALK = {
    r"\b(Posix|Windows)Path\(": "a Path's repr",
    r"\bNaN\b|\bnan\b": "NaN",
    r"<NA>|&lt;NA&gt;|\bNaT\b": "<NA>",
    r"\b\d+\.\d{3,}\b": "a number with more than 2 decimals",
    r"(?:^|\s)(?:\[['\"]|\{['\"]\w+['\"]: )": "a printed Python list or dict",
    r"^[A-Z]\w*\((?!\))": "an object's repr",
    r"\b[a-z_]+=(?:True|False|None|-?\d)": "an argument written as code",
}
# Cells of a table that end cut: pandas' "..." (or an ellipsis) at the end of a cell.
TRUNCATED_CELL = re.compile(r"<t[dh][^>]*>([^<]*(?:\.\.\.|…))</t[dh]>")
SHOWN_KINDS = ("text/plain", "text/html", "text/markdown")


# A chart's SVG: its drawing is coordinates no one reads; its title and description are words.
SVG_DRAWING = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_WORDS = re.compile(r"<(title|desc)>(.*?)</\1>", re.S)


def shown_texts(cell):
    """What a reader sees of each output: its text/plain and text/html (a widget's own view
    replaces its text/plain repr, so that repr is never shown); of a chart's SVG, its title and
    description."""
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            yield "stream", output.text
        data = output.get("data", {})
        for kind in SHOWN_KINDS:
            if kind in data and not (
                kind == "text/plain" and "application/vnd.jupyter.widget-view+json" in data
            ):
                text = data[kind]
                if kind == "text/html":
                    text = SVG_DRAWING.sub(
                        lambda m: " ".join(w for _, w in SVG_WORDS.findall(m.group(0))), text
                    )
                yield kind, text


def reader_problems(nb) -> list[str]:
    """Everything in an executed lesson that speaks code to a reader."""
    found = []
    for number, cell in enumerate(nb.cells):
        source_words = re.findall(r"nbval|papermill", cell.source, flags=re.IGNORECASE)
        found += [f"cell {number}: the source says {w!r}" for w in source_words]
        if cell.cell_type == "markdown":  # Voila shows the text: no code to type in it
            found += [
                f"cell {number}: the text gives code: {code!r}"
                for code in re.findall(r"`([^`\n]+)`", cell.source)
                if re.search(r"=|\(|\bsk\.", code)
            ]
        for kind, text in shown_texts(cell):
            for pattern, what in CODE_TALK.items():
                if kind == "text/html" and what == "an object's repr":
                    continue
                hit = re.search(pattern, text, flags=re.MULTILINE)
                if hit:
                    found.append(f"cell {number} ({kind}): {what}: {hit.group(0)!r}")
            if kind == "text/html":
                found += [
                    f"cell {number}: a table cell cut short: {cut!r}"
                    for cut in TRUNCATED_CELL.findall(text)
                ]
    return found


def test_reader_problems_finds_code_talk():
    """The checker itself: each kind of code talk is caught, plain words are not."""
    nb = nbformat.v4.new_notebook()
    bad = [
        ("text/plain", "PosixPath('exports/week.pdf')"),
        ("text/plain", "minutes    NaN"),
        ("text/html", "<td>&lt;NA&gt;</td>"),
        ("text/plain", "session_min 14.333333"),
        ("text/html", "<table><tr><td>Sharp pain in the right buttock, down the...</td></tr>"),
        ("text/plain", "SessionLog('/tmp/x/log.sqlite', 37 sessions)"),
        ("text/html", "<p>Give minutes=6 or more, or warmed_up=True if you have been active</p>"),
        ("text/html", '<svg role="img"><title>Days</title><desc>Mon: NaN</desc></svg>'),
    ]
    for kind, text in bad:
        cell = nbformat.v4.new_code_cell("x")
        cell.outputs = [nbformat.v4.new_output("execute_result", data={kind: text})]
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nx"))
    nb.cells.append(nbformat.v4.new_markdown_cell("Set `use_sample = False` at the top."))
    fine = nbformat.v4.new_code_cell("x")
    fine.outputs = [
        nbformat.v4.new_output(
            "execute_result",
            data={
                "text/plain": "Session: 14.3 min, none (Figure-Four).",
                "text/html": '<p>…</p><svg role="img"><title>Days</title><desc>Mon: 14.3</desc>'
                '<path d="M 662.328352 0"/></svg>',
            },
        )
    ]
    nb.cells.append(fine)
    found = reader_problems(nb)
    flagged = sorted({int(re.match(r"cell (\d+)", f).group(1)) for f in found})
    assert flagged == list(range(len(bad) + 2)), found


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_lessons_speak_to_readers_not_in_code(path, tmp_path):
    """Run as Voila runs a lesson (its own parameters, top to bottom), every output reads as
    words: no reprs, no NaN, no long decimals, no table cell cut short, no test machinery."""
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    executed = run_notebook(folder / path.name, tmp_path / path.name, {})
    assert reader_problems(executed) == []
