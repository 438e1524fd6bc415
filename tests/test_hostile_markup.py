"""Markup in a trainer's tables, a person's notes or a student's file name is shown as text,
everywhere: every widget, card, dashboard and lesson output is checked for live elements,
event handlers, script URLs and CSS ``url()``, and a real browser runs none of it."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest

import stretchkit as sk
from stretchkit.anatomy import body_map_svg
from stretchkit.markup import Html, escape, html, join
from tests.conftest import run_notebook
from tests.hostile import FILE_NAMES, FLAG, PAYLOADS, hostile_catalog, live_markup

PACKAGE = Path(sk.__file__).resolve().parent
_DATE = date(2026, 3, 2)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_catalog(tmp_path_factory.mktemp("hostile") / "tables")


@pytest.fixture
def hostile_log(tmp_path, hostile):
    log = sk.SessionLog(tmp_path / "log.sqlite", data_dir=hostile)
    for i, payload in enumerate(PAYLOADS):
        log.add_session(
            [
                {"stretch_id": "figure_four", "side": "left", "seconds": 30, "notes": payload},
                {"stretch_id": "cat_cow", "seconds": 40, "discomfort": 2, "notes": payload},
            ],
            started_at=f"2026-03-{i + 2:02d}T07:30:00+01:00",
            notes=payload,
            warmed_up=True,
        )
    log.add_session(
        [{"stretch_id": "childs_pose", "seconds": 30, "sharp_pain": True, "notes": PAYLOADS[0]}],
        started_at="2026-03-20T07:30:00+01:00",
        notes=PAYLOADS[1],
    )
    yield log
    log.close()


def markup_of(widget, seen=None) -> list[str]:
    """Every piece of HTML a widget tree would hand to the browser."""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return []
    seen.add(id(widget))
    found = []
    if isinstance(widget, widgets.HTML | widgets.HTMLMath):
        found.append(widget.value)
    if getattr(widget, "description_allow_html", False):
        found.append(widget.description)
    if isinstance(getattr(widget, "svg", None), str):  # the explorer's body map (an anywidget)
        found.append(widget.svg)
    for child in getattr(widget, "children", ()):
        found += markup_of(child, seen)
    return found


def assert_inert(pieces: list[str], *, shown: tuple[str, ...] = ("onerror=",)) -> None:
    """No live markup in any piece, and the payloads are there to read, as text."""
    text = []
    for piece in pieces:
        problems, words = live_markup(piece)
        assert not problems, f"{problems} in: {piece[:400]}"
        text.append(words)
    seen = "\n".join(text)
    for words in shown:
        assert words in seen, f"{words!r} is not shown as text anywhere"


# --- the checker and the one escaping path --------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS[:-1])
def test_the_checker_finds_each_payload_when_it_is_not_escaped(payload):
    problems, _ = live_markup(f"<p>{payload}</p>")
    assert problems
    problems, text = live_markup(html("<p>{}</p>", payload))
    assert problems == [] and text == payload


def test_html_escapes_values_quotes_included_and_keeps_markup_made_here():
    assert html('<a title="{}">{}</a>', '"><script>', "<b>") == (
        '<a title="&quot;&gt;&lt;script&gt;">&lt;b&gt;</a>'
    )
    part = html("<b>{}</b>", "&")
    assert isinstance(part, Html) and html("<p>{}</p>", part) == "<p><b>&amp;</b></p>"
    assert escape(part) is part and escape("'") == "&#x27;"
    assert join(["<i>", part], "<br>") == "&lt;i&gt;<br><b>&amp;</b>"
    assert html("{} {:.1f} {:%Y}", 3, 2.5, _DATE) == "3 2.5 2026"
    # A value is never read as a template: braces and percents stay as they are.
    assert html("<p>{}</p>", "{0} {name} %s") == "<p>{0} {name} %s</p>"


def _own_markup(node) -> bool:
    """A literal, a module constant in capitals, or a "".join(...) of the module's parts."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id.lstrip("_").isupper()
    return isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "join"


def test_only_the_markup_module_escapes_or_builds_html_from_pandas():
    """One path: no other module imports :mod:`html`, calls ``to_html`` or marks HTML safe
    by hand outside a template of its own; no front end sets ``innerHTML``."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "markup.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "html" for a in node.names):
                offenders.append(f"{path.name}: import html")
            if isinstance(node, ast.ImportFrom) and node.module == "html":
                offenders.append(f"{path.name}: from html import")
            if isinstance(node, ast.Attribute) and node.attr in ("to_html", "escape"):
                offenders.append(f"{path.name}:{node.lineno}: .{node.attr}")
            # Html(...) only on a literal, a constant or a join of the module's own parts
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Html"
                and not all(_own_markup(a) for a in node.args)
            ):
                offenders.append(f"{path.name}:{node.lineno}: Html() of a value")
    for path in PACKAGE.rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        for bad in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
            if bad in text:
                offenders.append(f"{path.name}: {bad}")
    assert offenders == []


# --- every widget, card and dashboard -------------------------------------------------


def test_the_hostile_catalog_loads_with_markup_in_every_text_column(hostile):
    cat = sk.load_catalog(data_dir=hostile)
    for table in (cat.muscles, cat.stretches, cat.stretch_muscles, cat.steps, cat.guidelines):
        text = table.select_dtypes("string")
        assert text.apply(lambda col: col.str.contains("<|\"|'", regex=True)).any().any()
    assert sk.stretch_card("Cat-Cow", data_dir=hostile).stretch_id == "cat_cow"


def test_cards_safety_note_and_body_map(hostile):
    cat = sk.load_catalog(data_dir=hostile)
    pieces = [sk.safety_note(data_dir=hostile)._repr_html_()]
    pieces += [
        sk.stretch_card(sid, data_dir=hostile)._repr_html_() for sid in cat.stretches.stretch_id
    ]
    everything = {m: 1 for m in cat.muscles.muscle_id}
    pieces.append(
        body_map_svg(everything, selected=["piriformis"], title=PAYLOADS[0], data_dir=hostile)
    )
    assert_inert(pieces, shown=("onerror=", "<script>", "javascript:", "ontoggle"))


def test_plan_routine_and_session_result(hostile):
    plan = sk.plan_week(days=3, minutes=15, data_dir=hostile)
    by_hand = sk.Plan(plan.table, notes=PAYLOADS, safety=PAYLOADS[1])
    table = pd.DataFrame(
        {
            "step": [2, 4],
            "kind": ["hold", "hold"],
            "stretch_id": ["figure_four", "childs_pose"],
            "name": PAYLOADS[:2],
            "side": ["left", "both"],
            "round": [1, 1],
            "planned_s": [30.0, 30.0],
            "held_s": [30.0, 12.0],
            "skipped": [False, False],
            "sharp_pain": [False, True],
        }
    )
    result = sk.SessionResult(table, status="sharp_pain", sharp_pain_during=PAYLOADS[2])
    pieces = [
        plan._repr_html_(),
        by_hand._repr_html_(),
        sk.routine(data_dir=hostile)._repr_html_(),
        sk.routine(plan.day("Mon"), data_dir=hostile)._repr_html_(),
        result._repr_html_(),
    ]
    assert_inert(pieces, shown=("onerror=", "<script>", "onload="))


def test_explorer(hostile):
    ex = sk.widgets.explorer(data_dir=hostile)
    c = ex.controls
    pieces = markup_of(ex)
    for _, stretch_id in c["stretch"].options[1:]:  # after "(none)"
        c["stretch"].value = stretch_id
        pieces += markup_of(ex)
    for muscle in [value for _, value in c["muscles"].options]:
        c["muscles"].value = (muscle,)
        pieces += markup_of(ex)
    # the status line names stretches and muscles, escaped
    assert any('role="status"' in p and "&lt;" in p for p in pieces)
    assert_inert(pieces)


def test_planner(hostile, hostile_log, tmp_path):
    p = sk.widgets.planner(log=hostile_log, export_dir=tmp_path / "exports", data_dir=hostile)
    c = p.controls
    pieces = markup_of(p)
    c["focus"].value = tuple(value for _, value in c["focus"].options)[:2]
    pieces += markup_of(p)
    c["conditions"].value = ("sciatica",)  # the safety gate quotes the guidelines
    pieces += markup_of(p)
    c["cleared"].value = True
    c["csv"].click()
    pieces += markup_of(p)
    assert_inert(pieces, shown=("onerror=", "Sharp"))


def test_progress_with_hostile_notes(hostile, hostile_log, tmp_path):
    w = sk.widgets.progress(hostile_log, export_dir=tmp_path / "exports", data_dir=hostile)
    c = w.controls
    c["notes"].value = PAYLOADS[3]
    c["add"].click()
    pieces = markup_of(w)
    c["save"].click()
    c["export"].click()
    pieces += markup_of(w)
    assert_inert(pieces, shown=("onerror=", "<script>", "javascript:"))


def test_guided_session_and_timer(hostile, hostile_log):
    g = sk.widgets.guided_session(log=hostile_log, data_dir=hostile)
    assert_inert(markup_of(g))


def test_quiz_to_the_end(hostile):
    q = sk.widgets.quiz(n=12, seed=1, data_dir=hostile)
    pieces = []
    for row in q.questions.itertuples():
        q.choices.value = next(c for c in row.choices if c != row.answer_text)
        q.check.click()
        pieces += markup_of(q)
        q.next.click()
    pieces += markup_of(q)
    assert "Final score" in q.score.value
    assert_inert(pieces)


def test_table_viewer_every_table(hostile):
    viewer = sk.widgets.table_viewer(data_dir=hostile)
    choice = viewer.children[0]
    pieces = []
    for label in choice.options:
        choice.value = label
        pieces += markup_of(viewer)
    assert_inert(pieces, shown=("onerror=", "<script>", "ontoggle", "<!--"))


def test_the_app_every_tab(hostile, hostile_log, tmp_path):
    a = sk.widgets.app(log=hostile_log, export_dir=tmp_path / "exports", data_dir=hostile)
    for i in range(len(a.tabs.children)):
        a.tabs.selected_index = i
    assert_inert(markup_of(a))


def test_class_dashboard_with_hostile_file_names_and_notes(hostile, hostile_log, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for name in FILE_NAMES:
        hostile_log.export_csv(folder / name)
    (folder / f"<svg onload=window.{FLAG}=1>broken.csv").write_text("not,a,log\n1,2\n")
    summary = sk.class_summary(folder, data_dir=hostile)
    frames = [
        getattr(summary, name)
        for name in vars(summary)
        if hasattr(getattr(summary, name), "_repr_html_")
    ]
    assert frames
    pieces = [frame._repr_html_() for frame in frames]
    assert_inert(pieces, shown=("onerror=",))
    assert "onload=" in str(summary) or "onload=" in "".join(pieces)


@pytest.mark.parametrize("text", PAYLOADS)
def test_escaped_text_reads_back_as_the_original(text):
    import html as stdlib_html

    assert stdlib_html.unescape(html("<p>{}</p>", text)) == f"<p>{text}</p>"
    assert not re.search(r"<(?!/?p>)", html("<p>{}</p>", text))


# --- every lesson and the app, run on the hostile tables ------------------------------

ROOT = PACKAGE.parent
LESSON_PATHS = [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "app" / "stretchkit.ipynb"]


def notebook_markup(nb) -> list[str]:
    """The HTML and SVG of every output, and of every HTML widget in the saved widget state."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in ("text/html", "image/svg+xml", "text/markdown"):
                if mime in data:
                    found.append("".join(data[mime]))
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in state.get("state", {}).values():
        values = model.get("state", {})
        if values.get("_model_name") in ("HTMLModel", "HTMLMathModel"):
            found.append(values.get("value", ""))
        if values.get("description_allow_html"):
            found.append(values.get("description", ""))
    return found


@pytest.mark.parametrize("path", LESSON_PATHS, ids=[p.stem for p in LESSON_PATHS])
def test_every_lesson_shows_hostile_tables_as_text(path, hostile, tmp_path, monkeypatch):
    import nbformat

    monkeypatch.setenv("STRETCHKIT_DATA", str(hostile))
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path / "home"))
    nb = nbformat.read(path, as_version=4)
    tagged = any("parameters" in c.metadata.get("tags", []) for c in nb.cells)
    params = {"data_dir": str(hostile)} if tagged else {}
    if tagged and "export_dir" in "".join(c.source for c in nb.cells):
        params["export_dir"] = str(tmp_path / "exports")
    pieces = notebook_markup(run_notebook(path, tmp_path / path.name, params))
    assert pieces, "the lesson showed no HTML at all"
    assert_inert(pieces, shown=())
    assert any("&lt;" in p for p in pieces), "no hostile name reached this lesson's HTML"


# --- in a real browser -----------------------------------------------------------------

HOSTILE_PAGE = [
    "import os\nimport stretchkit as sk\nfrom IPython.display import HTML, display",
    # The control: markup that is meant to be live does run on this page.
    "display(HTML('<img src=control onerror=\"window.__sk_control=1\">'))",
    "log = sk.SessionLog(os.environ['HOSTILE_LOG'])\n"
    "ex = sk.widgets.explorer()\nex.controls['stretch'].value = 'figure_four'\nex",
    "display(sk.stretch_card('cat_cow'), sk.safety_note())",
    "p = sk.widgets.planner(log=log, export_dir='exports')\n"
    "p.controls['conditions'].value = ('sciatica',)\np",
    "sk.widgets.progress(log, export_dir='exports')",
    "sk.widgets.quiz(n=5)",
    "sk.widgets.table_viewer(table='Muscles')",
]


def write_hostile_page(folder: Path, hostile: Path, log, monkeypatch) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in HOSTILE_PAGE]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, folder / "hostile.ipynb")
    monkeypatch.setenv("STRETCHKIT_DATA", str(hostile))
    monkeypatch.setenv("HOSTILE_LOG", str(log.path))


def no_payload_runs(page, hostile: Path) -> None:
    """Every widget drawn, the explorer redrawn by the kernel, and the flag still unset."""
    from playwright.sync_api import expect

    expect(page.locator(".sk-table-view table")).to_be_visible(timeout=90_000)
    expect(page.locator(".sk-explorer .sk-status")).to_contain_text("Figure-Four")
    page.wait_for_function("window.__sk_control === 1", timeout=10_000)

    # The kernel redraws the explorer for another pick: new HTML from the tables.
    names = sk.load_stretches(data_dir=hostile).set_index("stretch_id")["name"]
    picker = page.locator(".sk-explorer").get_by_label("Stretch", exact=True)
    picker.select_option(label=names["cat_cow"])
    expect(page.locator(".sk-explorer .sk-status")).to_contain_text("Cat-Cow")
    expect(page.locator(".sk-explorer .sk-card")).to_contain_text("Cat-Cow")
    # A second control, inserted after everything else, has fired: so has anything before it.
    page.evaluate(
        "() => { const i = document.createElement('img'); "
        "i.onerror = () => { window.__sk_control = 2 }; i.src = 'control2'; "
        "document.body.appendChild(i); }"
    )
    page.wait_for_function("window.__sk_control === 2", timeout=10_000)
    assert page.evaluate(f"window.{FLAG}") is None
    # The payloads are on the page, as text a trainer can read and fix.
    body = page.locator("body").inner_text()
    assert f"onerror=window.{FLAG}=1" in body or f'onerror="window.{FLAG}=1"' in body
    assert page.locator("script:has-text('__sk_pwned')").count() == 0
    live = "iframe, object, details[ontoggle], [onerror]:not([onerror*=__sk_control]), [onload]"
    found = page.locator(live).evaluate_all("els => els.map(e => e.outerHTML.slice(0, 200))")
    assert found == []


@pytest.mark.browser
def test_no_payload_runs_in_voila(voila, notebook_copy, hostile, hostile_log, page, monkeypatch):
    write_hostile_page(notebook_copy, hostile, hostile_log, monkeypatch)
    page.goto(voila("hostile.ipynb"))
    no_payload_runs(page, hostile)


@pytest.mark.browser
def test_no_payload_runs_in_jupyterlab(
    request, notebook_copy, hostile, hostile_log, page, monkeypatch
):
    from tests.conftest import run_all_cells

    write_hostile_page(notebook_copy, hostile, hostile_log, monkeypatch)
    lab = request.getfixturevalue("jupyterlab")  # started after the environment is set
    page.goto(f"{lab}/lab/tree/hostile.ipynb")
    from playwright.sync_api import expect

    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_be_attached(
        timeout=90_000
    )
    run_all_cells(page)
    no_payload_runs(page, hostile)
