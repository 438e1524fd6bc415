"""A broken table gets an error that names the file, the line, the column and what is valid."""

from __future__ import annotations

from pathlib import Path

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
    "load_muscles": lambda d: sk.load_muscles(data_dir=d),
    "load_stretches": lambda d: sk.load_stretches(data_dir=d),
    "load_stretch_muscles": lambda d: sk.load_stretch_muscles(data_dir=d),
    "load_steps": lambda d: sk.load_steps(data_dir=d),
    "load_guidelines": lambda d: sk.load_guidelines(data_dir=d),
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
        r"guidelines.csv: file not found.*this folder has: muscles.csv, stretch_muscles.csv",
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
