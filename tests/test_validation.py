"""A broken table gets an error that names the file, the line, the column and what is valid."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import stretchkit as sk
from stretchkit import CatalogError, UnknownNameError


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def drop_lines(path: Path, startswith: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(startswith)))


# (case, file, how to break it, line, column, fragments of the message)
CASES = [
    (
        "missing column",
        "stretches.csv",
        lambda p: edit(p, "stretch_id,name,aliases,kind,", "stretch_id,name,aliases,sort,"),
        1,
        None,
        ["missing column(s) kind", "it needs stretch_id, name, kind, position"],
    ),
    (
        "duplicate id",
        "muscles.csv",
        lambda p: p.write_text(p.read_text() + p.read_text().splitlines()[5] + "\n"),
        8,
        "muscle_id",
        ["'piriformis' appears twice (first on line 6)", "must be unique"],
    ),
    (
        "unknown muscle in the link table",
        "stretch_muscles.csv",
        lambda p: edit(p, "figure_four,piriformis,", "figure_four,hamstring,"),
        4,
        "muscle_id",
        ["unknown muscle_id 'hamstring'", "known in muscles.csv: erector_spinae, quadratus"],
    ),
    (
        "unknown stretch in the steps",
        "stretch_steps.csv",
        lambda p: edit(p, "cat_cow,1,", "cat_cows,1,"),
        17,
        "stretch_id",
        ["unknown stretch_id 'cat_cows'", "known in stretches.csv: knee_to_chest"],
    ),
    (
        "hold out of bounds",
        "stretches.csv",
        lambda p: edit(p, "warm_up,false,20,30", "warm_up,false,20,300"),
        5,
        "hold_max_s",
        ["300 is out of range", "from 5 to 180"],
    ),
    (
        "hold not a number",
        "stretches.csv",
        lambda p: edit(p, "restorative,false,20,30", "restorative,false,twenty,30"),
        7,
        "hold_min_s",
        ["'twenty' is not a whole number", "from 5 to 180"],
    ),
    (
        "shortest hold longer than longest",
        "stretches.csv",
        lambda p: edit(p, "main,true,20,30", "main,true,40,30"),
        2,
        "hold_min_s",
        ["hold_min_s (40) is longer than hold_max_s (30)"],
    ),
    (
        "enumeration",
        "stretches.csv",
        lambda p: edit(p, "static,seated,", "static,sitting,"),
        4,
        "position",
        ["'sitting' is not valid", "valid values: supine, prone, side-lying, seated, quadruped"],
    ),
    (
        "yes/no",
        "stretches.csv",
        lambda p: edit(p, "dynamic,quadruped,warm_up,false", "dynamic,quadruped,warm_up,maybe"),
        5,
        "per_side",
        ["'maybe' is not a yes/no value", "true or false"],
    ),
    (
        "required value empty",
        "muscles.csv",
        lambda p: edit(p, "obliques,Obliques,", "obliques,,"),
        7,
        "name",
        ["required but the cell is empty"],
    ),
    (
        "id not a slug",
        "muscles.csv",
        lambda p: edit(p, "\nobliques,", "\nObliques muscle,"),
        7,
        "muscle_id",
        ["'Obliques muscle' is not a valid id", "lower-case letters"],
    ),
    (
        "two rows answer to the same name",
        "muscles.csv",
        lambda p: edit(p, "glute med,", "glute med;piriformis,"),
        6,
        None,
        ["'piriformis' names both 'gluteus_medius' (line 5) and 'piriformis'"],
    ),
    (
        "gap in the steps",
        "stretch_steps.csv",
        lambda p: edit(p, "childs_pose,3,", "childs_pose,7,"),
        None,
        "step",
        [
            "the steps of 'childs_pose' (stretches.csv line 7) are numbered [1, 2, 4, 5, 7]",
            "number them 1 to 5",
        ],
    ),
    (
        "stretch without muscles",
        "stretch_muscles.csv",
        lambda p: drop_lines(p, "cat_cow,"),
        None,
        None,
        [
            "stretch 'cat_cow' (stretches.csv line 5) targets no muscle",
            "add at least one row 'cat_cow,<muscle_id>'",
        ],
    ),
    (
        "guideline the kit reads is missing",
        "guidelines.csv",
        lambda p: drop_lines(p, "hold,"),
        None,
        None,
        ["no row 'hold'", "the default hold", "stretchkit.copy_tables"],
    ),
    (
        "number without unit",
        "guidelines.csv",
        lambda p: edit(p, ",5,10,min,", ",5,10,,"),
        2,
        "unit",
        ["a number needs its unit", "s, min, sessions/week"],
    ),
    (
        "guideline range upside down",
        "guidelines.csv",
        lambda p: edit(p, ",3,5,sessions/week", ",5,3,sessions/week"),
        8,
        "value_min",
        ["value_min (5) exceeds value_max (3)"],
    ),
    (
        "unknown category",
        "guidelines.csv",
        lambda p: edit(p, "benefit_posture,benefit,", "benefit_posture,bonus,"),
        23,
        "category",
        ["'bonus' is not valid", "principle, frequency, timing, contraindication, pain, benefit"],
    ),
    (
        "the stop rule loses its action",
        "guidelines.csv",
        lambda p: edit(
            p, "Sharp or radiating pain,,,,all,stop,", "Sharp or radiating pain,,,,all,,"
        ),
        19,
        "action",
        ["'sharp_pain' is the stop rule for sharp or radiating pain: its action must be stop"],
    ),
    (
        "a contraindication that does not send to a professional",
        "guidelines.csv",
        lambda p: edit(p, "Sciatica,,,,all,consult_professional,", "Sciatica,,,,all,ease_off,"),
        17,
        "action",
        ["a contraindication must send the reader to a professional", "consult_professional"],
    ),
    (
        "the hold without numbers",
        "guidelines.csv",
        lambda p: edit(p, "Hold each stretch,20,30,s,", "Hold each stretch,,,,"),
        4,
        "value_min",
        ["'hold' is the default hold: it needs value_min and value_max in s"],
    ),
    (
        "the hold in the wrong unit",
        "guidelines.csv",
        lambda p: edit(p, "Hold each stretch,20,30,s,", "Hold each stretch,20,30,min,"),
        4,
        "unit",
        ["'hold' is the default hold: it needs value_min and value_max in s"],
    ),
    (
        "an absurd warm-up",
        "guidelines.csv",
        lambda p: edit(p, "Warm up first,5,10,min,", "Warm up first,5,300,min,"),
        2,
        "value_max",
        ["5-300 min is out of range; valid values run from 1 to 30 min"],
    ),
    (
        "a safety row removed",
        "guidelines.csv",
        lambda p: drop_lines(p, "mild_tension,"),
        None,
        None,
        ["no row 'mild_tension'; the kit reads it for the mild-tension rule"],
    ),
    (
        "infinite hold",
        "stretches.csv",
        lambda p: edit(p, "main,true,20,30", "main,true,inf,30"),
        2,
        "hold_min_s",
        ["'inf' is not a whole number", "from 5 to 180"],
    ),
    (
        "overflowing hold",
        "stretches.csv",
        lambda p: edit(p, "main,true,20,30", "main,true,1e400,30"),
        2,
        "hold_min_s",
        ["'1e400' is not a whole number"],
    ),
    (
        "a column named twice",
        "stretch_muscles.csv",
        lambda p: edit(p, "stretch_id,muscle_id,note", "stretch_id,muscle_id,note,note"),
        1,
        "note",
        ["this name appears twice in the header; keep one column"],
    ),
    (
        "a column with values but no name",
        "stretch_muscles.csv",
        lambda p: (
            edit(p, "stretch_id,muscle_id,note", "stretch_id,muscle_id,note,"),
            edit(p, "knee_to_chest,erector_spinae,", "knee_to_chest,erector_spinae,,x"),
        ),
        1,
        None,
        ["column 4 has values but no name in the header"],
    ),
    (
        "a header without rows",
        "muscles.csv",
        lambda p: p.write_text(p.read_text().splitlines()[0] + "\n"),
        None,
        None,
        ["the table has a header but no rows"],
    ),
]


@pytest.mark.parametrize(
    ("file", "breaks", "line", "column", "fragments"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_broken_table_is_explained(tables, file, breaks, line, column, fragments):
    breaks(tables / file)
    with pytest.raises(CatalogError) as info:
        sk.load_stretches(data_dir=tables)
    message = str(info.value)
    assert str(tables / file) in message
    for fragment in fragments:
        assert fragment in message
    problem = info.value.problems[0]
    assert Path(problem.file).name == file
    assert (problem.line, problem.column) == (line, column)
    if line is not None:
        assert f"line {line}" in message
    if column is not None:
        assert f"column '{column}'" in message


ENTRY_POINTS = {
    "load_catalog": lambda d: sk.load_catalog(data_dir=d),
    "use_catalog": lambda d: sk.use_catalog(data_dir=d),
    "load_muscles": lambda d: sk.load_muscles(data_dir=d),
    "load_stretches": lambda d: sk.load_stretches(data_dir=d),
    "load_stretch_muscles": lambda d: sk.load_stretch_muscles(data_dir=d),
    "load_steps": lambda d: sk.load_steps(data_dir=d),
    "load_guidelines": lambda d: sk.load_guidelines(data_dir=d),
    "load_poses": lambda d: sk.load_poses(data_dir=d),
    "figure_svg": lambda d: sk.figure_svg("cat_cow", data_dir=d),
    "draw_figure": lambda d: sk.draw_figure("cat_cow", data_dir=d),
    "guideline": lambda d: sk.guideline("hold", data_dir=d),
    "stretches_for": lambda d: sk.stretches_for("piriformis", data_dir=d),
    "muscles_for": lambda d: sk.muscles_for("cat_cow", data_dir=d),
    "resolve_muscle": lambda d: sk.resolve_muscle("QL", data_dir=d),
    "resolve_stretch": lambda d: sk.resolve_stretch("cat cow", data_dir=d),
    "target_matrix": lambda d: sk.target_matrix(data_dir=d),
    "safety_rules": lambda d: sk.safety_rules(data_dir=d),
    "safety_note": lambda d: sk.safety_note(data_dir=d),
    "safety_gate": lambda d: sk.safety_gate(["sciatica"], cleared=True, data_dir=d),
    "table_viewer": lambda d: sk.widgets.table_viewer(data_dir=d),
    "find_stretches": lambda d: sk.find_stretches(muscles=["QL"], data_dir=d),
    "coverage": lambda d: sk.coverage(["cat_cow"], data_dir=d),
    "stretch_card": lambda d: sk.stretch_card("cat_cow", data_dir=d),
    "explorer": lambda d: sk.widgets.explorer(data_dir=d),
    "body_map": lambda d: sk.charts.body_map(data_dir=d),
    "target_heatmap": lambda d: sk.charts.target_heatmap(data_dir=d),
    "plan_week": lambda d: sk.plan_week(data_dir=d),
    "plan_rules": lambda d: sk.plan_rules(data_dir=d),
    "plan_summary": lambda d: sk.plan_summary(sk.plan_week(), by="muscle", data_dir=d),
    "routine": lambda d: sk.routine(data_dir=d),
    "make_quiz": lambda d: sk.make_quiz(data_dir=d),
    "lesson_pack": lambda d: sk.lesson_pack(d.parent / "pack.pdf", data_dir=d),
    "class_summary": lambda d: sk.class_summary(sk.sample_class_path(), data_dir=d),
    "quiz_topics": lambda d: sk.quiz_topics(data_dir=d),
    "quiz": lambda d: sk.widgets.quiz(data_dir=d),
    "set_warm_up": lambda d: sk.set_warm_up(sk.routine(warmup=False), True, data_dir=d),
    "sample_log": lambda d: sk.sample_log(d.parent / "l.sqlite", data_dir=d),
    # The sample log is read with the built-in tables; only the summary reads the broken ones.
    "weekly_sessions": lambda d: sk.weekly_sessions(
        sk.sample_log(d.parent / "l.sqlite"), data_dir=d
    ),
    "minutes_by_muscle": lambda d: sk.minutes_by_muscle(
        sk.sample_log(d.parent / "l.sqlite"), data_dir=d
    ),
    "unknown_stretches": lambda d: sk.unknown_stretches(
        sk.sample_log(d.parent / "l.sqlite"), data_dir=d
    ),
    "discomfort_trend": lambda d: sk.discomfort_trend(
        sk.sample_log(d.parent / "l.sqlite"), data_dir=d
    ),
    "streaks": lambda d: sk.streaks(sk.sample_log(d.parent / "l.sqlite"), data_dir=d),
    "plot_weekly_sessions": lambda d: sk.charts.plot_weekly_sessions(
        sk.sample_log(d.parent / "l.sqlite"), data_dir=d
    ),
    "plot_minutes_by_muscle": lambda d: sk.charts.plot_minutes_by_muscle(
        sk.sample_log(d.parent / "l.sqlite"), data_dir=d
    ),
    "plot_discomfort": lambda d: sk.charts.plot_discomfort(
        sk.sample_log(d.parent / "l.sqlite"), data_dir=d
    ),
}


def test_entry_points_are_all_listed():
    import inspect

    takes_data_dir = {
        name
        for name in sk.__all__
        if callable(getattr(sk, name))
        and not inspect.isclass(getattr(sk, name))
        and "data_dir" in inspect.signature(getattr(sk, name)).parameters
    }
    assert takes_data_dir - {"data_path", "copy_tables"} <= set(ENTRY_POINTS)


@pytest.mark.parametrize("call", ENTRY_POINTS.values(), ids=list(ENTRY_POINTS))
def test_every_entry_point_validates(tables, call):
    edit(tables / "stretch_muscles.csv", "figure_four,piriformis,", "figure_four,hamstring,")
    with pytest.raises(CatalogError, match="unknown muscle_id 'hamstring'"):
        call(tables)


def test_all_problems_are_listed_at_once(tables):
    edit(tables / "stretches.csv", "static,seated,", "static,sitting,")
    edit(tables / "stretches.csv", "restorative,false,20,30", "restorative,nope,20,30")
    edit(tables / "muscles.csv", "obliques,Obliques,", "obliques,,")
    with pytest.raises(CatalogError) as info:
        sk.load_muscles(data_dir=tables)
    assert len(info.value.problems) == 3
    assert str(info.value).startswith("3 problems in the stretch tables:")


def _unlink(path: Path) -> None:
    path.unlink()


# (case, file, how to break it, message as a regular expression)
FILE_CASES = [
    (
        "missing file",
        "guidelines.csv",
        _unlink,
        r"guidelines.csv: file not found.*this folder has: muscles.csv, poses.csv, "
        r"stretch_muscles.csv",
    ),
    (
        "empty file",
        "muscles.csv",
        lambda p: p.write_text(""),
        r"muscles.csv: the file is empty; it needs a header line with: muscle_id, name, region, "
        r"action, why_tight",
    ),
    (
        "more fields than the header",
        "stretch_muscles.csv",
        lambda p: edit(p, "knee_to_chest,erector_spinae,", "knee_to_chest,erector_spinae,,extra,"),
        r"stretch_muscles.csv, line 2: 5 fields where the header has 3; put quotes around text "
        r"that contains a comma",
    ),
    (
        "not UTF-8",
        "muscles.csv",
        lambda p: p.write_bytes(
            p.read_bytes().replace(b"Obliques,", "Obliqu\u00e9s,".encode("latin-1"))
        ),
        r"muscles.csv, line 7: at character 16, byte 0xe9 is not UTF-8 text \(it looks like "
        r"Windows-1252 or Latin-1\); save the file as UTF-8",
    ),
]


@pytest.mark.parametrize(
    ("file", "breaks", "message"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_unreadable_file_is_explained(tables, file, breaks, message):
    breaks(tables / file)
    with pytest.raises(CatalogError, match=message):
        sk.load_muscles(data_dir=tables)


def test_line_number_of_a_record_that_spans_lines_is_where_it_starts(tables):
    path = tables / "stretches.csv"
    edit(path, '"In the lower back', '"In the lower back\nand')
    edit(
        path,
        'static,supine,main,true,20,30,"In the lower',
        'static,lying,main,true,20,30,"In the lower',
    )
    with pytest.raises(CatalogError) as info:
        sk.load_stretches(data_dir=tables)
    assert (info.value.problems[0].line, info.value.problems[0].column) == (2, "position")


def test_line_numbers_count_quoted_line_breaks_and_blank_lines(tables):
    path = tables / "stretches.csv"
    edit(path, '"In the lower back', '"In the lower back\nand')
    edit(path, "\nfigure_four,", "\n\nfigure_four,")
    edit(path, "static,seated,", "static,sitting,")
    with pytest.raises(CatalogError) as info:
        sk.load_stretches(data_dir=tables)
    assert info.value.problems[0].line == 6  # an editor's line 6, not the 4th data row


def test_data_dir_that_is_a_file(tables):
    with pytest.raises(
        CatalogError,
        match=r"muscles.csv: this folder, given by data_dir, is a "
        r"file, not a folder",
    ):
        sk.load_muscles(data_dir=tables / "muscles.csv")


def test_trailing_commas_from_a_spreadsheet_are_ignored(tables):
    path = tables / "stretch_muscles.csv"
    path.write_text("\n".join(line + ",," for line in path.read_text().splitlines()) + "\n")
    links = sk.load_stretch_muscles(data_dir=tables)
    assert list(links.columns) == ["stretch_id", "muscle_id", "note"]
    assert len(links) == 16


def test_missing_folder_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STRETCHKIT_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(
        CatalogError,
        match=r"nowhere: this folder, given by the STRETCHKIT_DATA "
        r"environment variable, does not exist; give a folder that holds "
        r"muscles.csv, stretches.csv",
    ):
        sk.load_stretches()


def test_unknown_muscle_lists_the_known_ones():
    with pytest.raises(UnknownNameError) as info:
        sk.stretches_for("hamstring")
    message = str(info.value)
    assert message.startswith("unknown muscle 'hamstring'; known muscles: ")
    for muscle_id in sk.load_muscles()["muscle_id"]:
        assert muscle_id in message


def test_unknown_stretch_suggests_the_close_one():
    with pytest.raises(
        UnknownNameError,
        match=r"unknown stretch 'figure fours'; did you mean "
        r"'figure_four'\? known stretches: knee_to_chest \(Knee-to-Chest\)",
    ):
        sk.muscles_for("figure fours")


@pytest.mark.parametrize("name", ["", "  ", "???", "腹斜筋"])
def test_names_that_fold_to_nothing_or_to_another_script_are_unknown(name):
    with pytest.raises(UnknownNameError, match="known muscles: erector_spinae"):
        sk.resolve_muscle(name)


def test_aliases_in_other_scripts_stay_distinct(tables):
    edit(tables / "muscles.csv", "deep hip rotator;", "梨状筋;deep hip rotator;")
    edit(tables / "muscles.csv", "external obliques;", "腹斜筋;Obliques externes;")
    assert sk.resolve_muscle("腹斜筋", data_dir=tables) == "obliques"
    assert sk.resolve_muscle("梨状筋", data_dir=tables) == "piriformis"
    assert sk.resolve_muscle("obliques EXTERNES", data_dir=tables) == "obliques"
    assert sk.stretches_for("腹斜筋", data_dir=tables)["stretch_id"].tolist() == ["supine_twist"]


def test_unknown_guideline():
    with pytest.raises(UnknownNameError, match=r"unknown guideline 'nap'; known: warm_up"):
        sk.guideline("nap")


def test_unknown_error_is_a_value_and_lookup_error():
    with pytest.raises(ValueError):
        sk.resolve_muscle("calf")
    with pytest.raises(LookupError):
        sk.resolve_muscle("calf")


def test_bad_labels_argument():
    with pytest.raises(ValueError, match="labels must be 'id' or 'name', not 'title'"):
        sk.target_matrix(labels="title")


# --- catalog= beside data_dir= --------------------------------------------------------------
#
# Every function that reads the tables takes the tables already read (catalog=) as well as a
# folder to read (data_dir=), so one plan, lesson pack or class summary reads them once.

#: Takes data_dir= for a folder it reads one table of, copies, or keeps for a session log.
NO_CATALOG = {
    "data_path",
    "copy_tables",
    "load_catalog",
    "load_muscles",
    "load_stretches",
    "load_stretch_muscles",
    "load_steps",
    "load_guidelines",
    "load_poses",
    "sample_log",
}


def _functions_with_data_dir():
    """Every public function of the package outside the widgets that takes ``data_dir``."""
    import importlib
    import inspect
    import pkgutil

    found = {}
    for info in pkgutil.walk_packages(sk.__path__, "stretchkit."):
        if info.name.startswith("stretchkit.widgets"):
            continue
        module = importlib.import_module(info.name)
        for name, f in vars(module).items():
            if (
                inspect.isfunction(f)
                and f.__module__ == info.name
                and not name.startswith("_")
                and "data_dir" in inspect.signature(f).parameters
            ):
                found[f"{info.name}.{name}"] = f
    return found


def test_every_function_with_data_dir_also_takes_catalog():
    import inspect

    functions = _functions_with_data_dir()
    assert len(functions) > 40  # the scan found the package's functions
    for where, f in functions.items():
        if f.__name__ in NO_CATALOG or f is sk.use_catalog:
            continue
        param = inspect.signature(f).parameters.get("catalog")
        assert param is not None, f"{where} takes data_dir but not catalog"
        assert param.kind is inspect.Parameter.KEYWORD_ONLY and param.default is None, where


def test_loading_goes_through_the_catalog_module():
    """The counts below wrap ``stretchkit.catalog.load_catalog``; a module that imported the
    name itself would read the tables unseen."""
    import importlib
    import pkgutil

    from stretchkit import catalog

    readers = [getattr(catalog, n) for n in ("load_catalog", "load_guidelines", "_table")]
    for info in pkgutil.walk_packages(sk.__path__, "stretchkit."):
        if info.name != "stretchkit.catalog":
            held = vars(importlib.import_module(info.name)).values()
            assert not [f for f in readers if any(f is v for v in held)], info.name


def _log(d: Path):
    """The sample log, made once (checked against the built-in tables), then opened."""
    path = d.parent / "l.sqlite"
    return sk.SessionLog(path) if path.exists() else sk.sample_log(path)


#: The calls of ENTRY_POINTS that read several tables, with their tables given as ``kw``.
CATALOG_CALLS = {
    "guideline": lambda d, kw: sk.guideline("sharp_pain", **kw),
    "stretches_for": lambda d, kw: sk.stretches_for("piriformis", **kw),
    "muscles_for": lambda d, kw: sk.muscles_for("cat_cow", **kw),
    "resolve_muscle": lambda d, kw: sk.resolve_muscle("QL", **kw),
    "resolve_stretch": lambda d, kw: sk.resolve_stretch("cat and cow", **kw),
    "target_matrix": lambda d, kw: sk.target_matrix(labels="name", **kw),
    "safety_rules": lambda d, kw: sk.safety_rules(**kw),
    "safety_note": lambda d, kw: sk.safety_note(**kw),
    "safety_gate": lambda d, kw: sk.safety_gate(["sciatica"], cleared=True, **kw),
    "find_stretches": lambda d, kw: sk.find_stretches(muscles=["QL"], **kw),
    "coverage": lambda d, kw: sk.coverage(["cat_cow"], **kw),
    "stretch_card": lambda d, kw: sk.stretch_card("cat_cow", **kw),
    "body_map": lambda d, kw: sk.charts.body_map(highlight=["QL"], **kw),
    "target_heatmap": lambda d, kw: sk.charts.target_heatmap(**kw),
    "plan_week": lambda d, kw: sk.plan_week(**kw),
    "plan_rules": lambda d, kw: sk.plan_rules(**kw),
    "plan_summary": lambda d, kw: sk.plan_summary(sk.plan_week(**kw), by="muscle", **kw),
    "plot_plan": lambda d, kw: sk.charts.plot_plan(sk.plan_week(focus=["QL"], **kw), **kw),
    "plan_handout": lambda d, kw: sk.charts.plan_handout(
        sk.plan_week(focus=["QL"], **kw), d.parent / "week.svg", **kw
    ),
    "routine": lambda d, kw: sk.routine(**kw),
    "set_warm_up": lambda d, kw: sk.set_warm_up(sk.routine(warmup=False, **kw), True, **kw),
    "make_quiz": lambda d, kw: sk.make_quiz(**kw),
    "quiz_topics": lambda d, kw: sk.quiz_topics(**kw),
    "lesson_pack": lambda d, kw: sk.lesson_pack(d.parent / "pack.pdf", **kw),
    "class_summary": lambda d, kw: sk.class_summary(
        sk.sample_class_path(), today="2026-11-23", **kw
    ),
    "weekly_sessions": lambda d, kw: sk.weekly_sessions(_log(d), **kw),
    "minutes_by_muscle": lambda d, kw: sk.minutes_by_muscle(_log(d), **kw),
    "unknown_stretches": lambda d, kw: sk.unknown_stretches(_log(d), **kw),
    "discomfort_trend": lambda d, kw: sk.discomfort_trend(_log(d), **kw),
    "streaks": lambda d, kw: sk.streaks(_log(d), today="2026-11-23", **kw),
    "plot_weekly_sessions": lambda d, kw: sk.charts.plot_weekly_sessions(_log(d), **kw),
    "plot_minutes_by_muscle": lambda d, kw: sk.charts.plot_minutes_by_muscle(_log(d), **kw),
    "plot_discomfort": lambda d, kw: sk.charts.plot_discomfort(_log(d), **kw),
}


def _seen(value):
    """What a result shows, in a form two results can be compared by."""
    import dataclasses

    from matplotlib.axes import Axes

    if isinstance(value, pd.DataFrame):
        return value.to_csv(), value.dtypes.astype(str).to_dict()
    if isinstance(value, Axes):
        ticks = [t.get_text() for t in [*value.get_xticklabels(), *value.get_yticklabels()]]
        return value.get_title(), ticks, [t.get_text() for t in value.texts]
    if isinstance(value, Path):
        return value.read_bytes() if value.is_file() else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value), [_seen(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if hasattr(value, "_repr_html_"):
        return str(value), value._repr_html_()
    if isinstance(value, dict):
        return {k: _seen(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_seen(v) for v in value]
    return value


def _shown(call, d: Path, kw: dict):
    """What ``call`` shows with the tables ``kw``, on a figure of its own."""
    import matplotlib.pyplot as plt

    _log(d)  # made (checked against the built-in tables) before anything is counted
    plt.close("all")
    return _seen(call(d, kw))


@pytest.fixture
def custom(tables):
    """A trainer's tables that differ from the built-in ones in names, a rule's text and the
    goal of days a week."""
    edit(tables / "stretches.csv", "cat_cow,Cat-Cow,", "cat_cow,Cat and Cow,")
    edit(tables / "guidelines.csv", "means stop the stretch immediately.", "means stop at once.")
    edit(tables / "guidelines.csv", "Target for the best results,3,5,", "Target,2,4,")
    edit(tables / "muscles.csv", "quadratus_lumborum,Quadratus lumborum,", "quadratus_lumborum,QL,")
    edit(tables / "muscles.csv", ",QL;quadratus,", ",quadratus lumborum;quadratus,")
    return tables


def _count_reads(monkeypatch) -> dict[str, int]:
    """Count every reading of the tables: whole catalogs and single tables."""
    from stretchkit import catalog

    counts = {"load_catalog": 0, "_table": 0}
    for name in counts:
        real = getattr(catalog, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            counts[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(catalog, name, counted)
    return counts


@pytest.mark.parametrize("call", CATALOG_CALLS.values(), ids=list(CATALOG_CALLS))
def test_catalog_gives_what_data_dir_gives(custom, monkeypatch, call):
    cat = sk.load_catalog(data_dir=custom)
    expected = _shown(call, custom, {"data_dir": custom})
    counts = _count_reads(monkeypatch)
    got = _shown(call, custom, {"catalog": cat})
    assert got == expected
    assert counts == {"load_catalog": 0, "_table": 0}  # the tables given, none read
    # The tables given are read, never changed.
    fresh = sk.load_catalog(data_dir=custom)
    for table in ("muscles", "stretches", "stretch_muscles", "steps", "guidelines"):
        pd.testing.assert_frame_equal(getattr(cat, table), getattr(fresh, table))


def test_catalog_calls_are_not_all_the_same_as_the_built_in_tables(custom):
    """The custom tables show in the results, so the comparison above tells them apart."""

    def shown(call, kw):
        try:
            return _shown(call, custom, kw)
        except UnknownNameError as e:  # "Cat and Cow" is a name of the custom tables only
            return str(e)

    differ = [
        name
        for name, call in CATALOG_CALLS.items()
        if name not in ("lesson_pack", "plan_handout", "class_summary")
        and shown(call, {"data_dir": custom}) != shown(call, {})
    ]
    assert len(differ) >= 20, differ


def test_catalog_and_data_dir_together_are_refused(tables):
    cat = sk.load_catalog()
    for name, call in CATALOG_CALLS.items():
        with pytest.raises(TypeError, match="give catalog= or data_dir=, not both"):
            call(tables, {"catalog": cat, "data_dir": tables})
            pytest.fail(f"{name} took both")


def test_use_catalog():
    cat = sk.load_catalog()
    assert sk.use_catalog(cat) is cat
    assert sk.use_catalog().folder == cat.folder
    with pytest.raises(TypeError, match=r"catalog= takes the tables from .*load_catalog"):
        sk.use_catalog(sk.data_path())  # a folder given where the tables go
    with pytest.raises(TypeError, match="not both"):
        sk.use_catalog(cat, data_dir=sk.data_path())


def test_a_changed_table_shows_in_the_next_catalog_not_in_the_one_given(custom):
    cat = sk.load_catalog(data_dir=custom)
    edit(custom / "stretches.csv", "cat_cow,Cat and Cow,", "cat_cow,Kitty Cow,")
    assert sk.muscles_for("Cat and Cow", catalog=cat)["muscle_id"].tolist()
    assert sk.resolve_stretch("Kitty Cow", data_dir=custom) == "cat_cow"
    with pytest.raises(UnknownNameError):
        sk.resolve_stretch("Kitty Cow", catalog=cat)


@pytest.mark.parametrize(
    "name, call",
    [
        ("plan_week", lambda tmp: sk.plan_week()),
        ("lesson_pack", lambda tmp: sk.lesson_pack(tmp / "p.pdf")),
        ("class_summary", lambda tmp: sk.class_summary(sk.sample_class_path())),
        ("planner", lambda tmp: sk.widgets.planner(log=False)),
        ("explorer", lambda tmp: sk.widgets.explorer()),
        ("quiz", lambda tmp: sk.widgets.quiz()),
        ("timer", lambda tmp: sk.widgets.timer(["Figure-Four"])),
        ("guided_session", lambda tmp: sk.widgets.guided_session(log=False)),
        ("routine", lambda tmp: sk.routine()),
        ("plan_handout", lambda tmp: sk.charts.plan_handout(sk.plan_week(), tmp / "w.png")),
    ],
)
def test_one_operation_loads_the_catalog_once(tmp_path, monkeypatch, name, call):
    import stretchkit.charts
    import stretchkit.widgets  # noqa: F401 - both loaded before counting

    counts = _count_reads(monkeypatch)
    call(tmp_path)
    extra = 1 if name == "plan_handout" else 0  # the plan_week() made for it
    assert counts == {"load_catalog": 1 + extra, "_table": 0}
