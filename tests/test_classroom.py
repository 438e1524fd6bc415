"""The trainer's class dashboard: every number is the student's own progress number, students
stay apart by file, and a bad file is named and skipped without hiding the others."""

from __future__ import annotations

import datetime
import functools
import shutil
import subprocess
import sys
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import stretchkit as sk
from stretchkit import (
    CatalogError,
    SessionLog,
    discomfort_trend,
    minutes_by_muscle,
    weekly_sessions,
)
from stretchkit.charts.anatomy import TITLE_SIZE
from stretchkit.charts.classroom import (
    UNDER_WAY_LABEL,
    plot_class_adherence,
    plot_class_discomfort,
    plot_class_muscles,
)
from stretchkit.charts.progress import SHARP_PAIN_LABEL
from stretchkit.classroom import (
    DISCOMFORT_DTYPES,
    MUSCLE_DTYPES,
    PROBLEM_DTYPES,
    SHARP_PAIN_DTYPES,
    STUDENT_DTYPES,
    WEEKLY_DTYPES,
    ClassSummary,
    class_summary,
    sample_class_path,
)
from tests.conftest import ROOT

from .test_validation import edit

SAMPLE = sample_class_path()
AFTER = "2026-11-30"  # a day after the sample class ends: every week of it is complete
# The class as read on a fixed day, so the counts do not change with the calendar.
read_class = functools.partial(class_summary, today=AFTER)
READABLE = sorted(p.stem for p in SAMPLE.glob("*.csv") if p.stem != "ivy")
HEADER = "session_id,started_at,stretch_id,side,seconds,discomfort,sharp_pain,notes\n"
CHARTS = {
    "adherence": plot_class_adherence,
    "muscles": plot_class_muscles,
    "discomfort": plot_class_discomfort,
}
TABLES = {
    "students": STUDENT_DTYPES,
    "weekly": WEEKLY_DTYPES,
    "muscles": MUSCLE_DTYPES,
    "discomfort": DISCOMFORT_DTYPES,
    "sharp_pain": SHARP_PAIN_DTYPES,
    "problems": PROBLEM_DTYPES,
}


@pytest.fixture(scope="module")
def sample() -> ClassSummary:
    return read_class(SAMPLE)


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "class"
    path.mkdir()
    return path


def rows(*holds: str) -> str:
    return HEADER + "".join(f"{h}\n" for h in holds)


def own_log(path, tmp_path) -> SessionLog:
    """The file alone, in a log of its own: what the student's own progress page reads."""
    log = SessionLog(tmp_path / f"{path.stem}.sqlite")
    log.import_csv(path)
    return log


def broken_class(folder):
    shutil.copy(SAMPLE / "amira.csv", folder)
    shutil.copy(SAMPLE / "ben.csv", folder)
    (folder / "broken.csv").write_text(
        rows(
            "s1,2026-10-05T07:30:00+02:00,cat_cow,both,60,1,false,",
            "s1,2026-10-05T07:30:00+02:00,figure_four,left,-30,4,false,",
        )
    )


# --- every number is the student's own -------------------------------------------------


def test_the_sample_class_reads_eight_students_and_names_the_ninth_file(sample):
    # The docstrings and lesson 06 say nine students' files over eight weeks.
    assert len(list(SAMPLE.glob("*.csv"))) == 9 and sample.weekly["week"].nunique() == 8
    assert sample.students["student"].tolist() == READABLE
    assert sample.students["file"].tolist() == [f"{s}.csv" for s in READABLE]
    assert sample.problems[["file", "line", "column"]].values.tolist() == [
        ["ivy.csv", 20, "seconds"]
    ]


@pytest.mark.parametrize("student", READABLE)
def test_per_student_numbers_are_the_progress_numbers_of_the_file_alone(sample, tmp_path, student):
    log = own_log(SAMPLE / f"{student}.csv", tmp_path)
    sessions, holds = log.sessions(), log.entries()
    row = sample.students.set_index("student").loc[student]
    assert row["sessions"] == len(sessions)
    assert row["holds"] == len(holds)
    assert row["days"] == sessions["day"].nunique()
    assert row["minutes"] == pytest.approx(sessions["minutes"].sum())
    assert row["last_session"] == sessions["day"].max()
    assert row["sharp_pain"] == holds["sharp_pain"].sum()

    own = weekly_sessions(log)
    mine = sample.weekly[sample.weekly["student"] == student].set_index("week")
    assert row["weeks_met"] == own["met"].sum() == mine["met"].sum()
    assert row["weeks"] == len(mine) == 8
    assert row["adherence"] == pytest.approx(row["weeks_met"] / 8)
    same = mine.loc[own["week"]]
    for column in ("sessions", "days", "met", "goal_min", "goal_max"):
        assert same[column].tolist() == own[column].tolist(), column
    assert same["minutes"].to_numpy() == pytest.approx(own["minutes"].to_numpy())
    # Weeks of the class outside the student's own span are empty and below the goal.
    rest = mine.drop(index=own["week"])
    assert (rest["days"] == 0).all() and not rest["met"].any()

    by_muscle = minutes_by_muscle(log)
    class_rows = sample.muscles[sample.muscles["student"] == student]
    merged = by_muscle.merge(
        class_rows.astype({"muscle_id": str}),
        on=["week", "muscle_id"],
        how="left",
        suffixes=("_own", "_class"),
    )
    assert merged["minutes_class"].to_numpy() == pytest.approx(merged["minutes_own"].to_numpy())
    assert class_rows["minutes"].sum() == pytest.approx(by_muscle["minutes"].sum())

    trend = discomfort_trend(log).dropna(subset=["discomfort"])
    mine = sample.discomfort[sample.discomfort["student"] == student]
    assert set(mine["stretch_id"].astype(str)) == set(discomfort_trend(log)["stretch_id"])
    for r in mine.itertuples():
        rated = trend[trend["stretch_id"] == r.stretch_id]
        assert (r.first, r.latest) == (rated["discomfort"].iloc[0], rated["discomfort"].iloc[-1])
        assert (r.first_day, r.latest_day) == (rated["day"].iloc[0], rated["day"].iloc[-1])
        assert r.change == pytest.approx(r.latest - r.first)
    log.close()


def test_the_class_muscles_add_up_the_students(sample):
    totals = sample.class_muscles
    assert len(totals) == 8 * 6
    assert totals["minutes"].sum() == pytest.approx(sample.muscles["minutes"].sum())
    assert totals["students"].max() <= len(READABLE)
    assert totals["muscle_id"].dtype == sample.muscles["muscle_id"].dtype


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_has_its_declared_columns_and_types(sample, name):
    table = getattr(sample, name)
    assert list(table.columns) == list(TABLES[name])
    for column, declared in TABLES[name].items():
        dtype = table[column].dtype
        if declared in ("student", "muscle", "stretch"):
            assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered, column
        else:
            assert dtype == declared, column
    assert table.index.equals(pd.RangeIndex(len(table)))


@pytest.mark.parametrize("name", list(TABLES))
def test_a_class_with_no_readable_file_keeps_the_types(folder, name):
    (folder / "only.csv").write_text("not,an,exchange,file\n")
    summary = read_class(folder)
    table = getattr(summary, name)
    assert list(table.columns) == list(TABLES[name])
    if name != "problems":
        assert table.empty
    assert "No file could be read" in summary.text


def test_every_student_has_every_week_and_weeks_keeps_the_last_ones(sample):
    weeks = sorted(sample.weekly["week"].unique())
    assert len(weeks) == 8 and pd.Timestamp(weeks[0]) == pd.Timestamp("2026-09-28")
    assert sample.weekly.groupby("student", observed=True).size().tolist() == [8] * 8
    last3 = read_class(SAMPLE, weeks=3)
    assert sorted(last3.weekly["week"].unique()) == weeks[-3:]
    assert (last3.students["weeks"] == 3).all()
    assert (last3.discomfort["first_day"] >= weeks[-3]).all()
    # chloe stopped in the sixth week: the last three weeks hold one day of hers.
    chloe = last3.students.set_index("student").loc["chloe"]
    assert (chloe["days"], chloe["weeks_met"]) == (1, 0)


def test_the_goal_comes_from_the_guidelines_or_a_pair(sample):
    assert sample.goal == (3, 5)
    assert (sample.weekly["goal_min"] == 3).all()
    elena = sample.students.set_index("student").loc["elena"]
    assert elena["weeks_met"] == 0  # two days a week is below the 3-5 day target ...
    minimum = read_class(SAMPLE, goal="minimum").students.set_index("student")
    assert minimum.loc["elena", "weeks_met"] == 8  # ... and on the 2-3 day minimum
    every_day = read_class(SAMPLE, goal=(7, 7)).students.set_index("student")["weeks_met"]
    assert every_day[every_day > 0].to_dict() == {"grace": 4}


# --- students stay apart ----------------------------------------------------------------


def test_the_same_file_twice_is_two_students(folder):
    shutil.copy(SAMPLE / "hugo.csv", folder / "hugo.csv")
    shutil.copy(SAMPLE / "hugo.csv", folder / "hugo_again.csv")
    summary = read_class(folder)
    students = summary.students.set_index("student")
    assert list(students.index) == ["hugo", "hugo_again"]
    numbers = ["sessions", "holds", "days", "minutes", "weeks_met"]
    assert students.loc["hugo", numbers].tolist() == students.loc["hugo_again", numbers].tolist()
    assert summary.problems.empty


def test_the_same_session_id_in_two_files_is_two_sessions(folder):
    # In one log these would clash: same id, other holds. Here each is its own student's.
    (folder / "ana.csv").write_text(rows("s1,2026-10-05T07:30:00+02:00,cat_cow,both,60,1,false,"))
    (folder / "bo.csv").write_text(
        rows(
            "s1,2026-10-06T18:00:00+02:00,childs_pose,both,30,0,false,",
            "s1,2026-10-06T18:00:00+02:00,figure_four,left,25,3,false,",
        )
    )
    summary = read_class(folder)
    assert summary.problems.empty
    assert summary.students[["student", "sessions", "holds"]].values.tolist() == [
        ["ana", 1, 1],
        ["bo", 1, 2],
    ]
    days = summary.weekly.groupby("student", observed=True)["days"].sum().tolist()
    assert days == [1, 1]


def test_a_file_name_shared_but_for_its_case_keeps_both_students(folder):
    shutil.copy(SAMPLE / "hugo.csv", folder / "ana.csv")
    shutil.copy(SAMPLE / "elena.csv", folder / "ana.CSV")
    students = read_class(folder).students["student"].tolist()
    assert sorted(students) == ["ana.CSV", "ana.csv"]


def test_hidden_files_and_folders_are_ignored_and_other_files_are_named(folder):
    shutil.copy(SAMPLE / "hugo.csv", folder / "hugo.CSV")
    (folder / "._hugo.csv").write_bytes(b"\x00\x05\x16\x07")  # a macOS copy's shadow file
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / "notes.txt").write_text("week 3: ask about the hip")
    (folder / "ana.xlsx").write_bytes(b"PK\x03\x04")  # saved from a spreadsheet
    (folder / "bo.csv.txt").write_text(HEADER)  # an extension added by a mail program
    (folder / "old.csv").mkdir()
    (folder / "more").mkdir()
    (folder / "more" / "cy.xlsx").write_bytes(b"PK\x03\x04")
    summary = read_class(folder)
    assert summary.students["student"].tolist() == ["hugo"]
    assert summary.problems.empty
    assert summary.skipped == ("ana.xlsx", "bo.csv.txt", "notes.txt")
    assert summary.text.endswith(
        "Left out, not .csv: ana.xlsx, bo.csv.txt, notes.txt; ask for the log's exported CSV."
    )
    assert repr(summary).endswith("0 files not read, 3 files left out>")


def test_a_folder_of_csv_files_only_leaves_nothing_out(sample):
    assert sample.skipped == () and "Left out" not in sample.text


def test_a_file_with_only_the_header_is_a_student_with_nothing_logged(folder):
    shutil.copy(SAMPLE / "hugo.csv", folder)
    (folder / "new.csv").write_text(HEADER)
    summary = read_class(folder)
    new = summary.students.set_index("student").loc["new"]
    assert (new["sessions"], new["weeks_met"], new["weeks"]) == (0, 0, 8)
    assert pd.isna(new["last_session"])
    assert summary.weekly.groupby("student", observed=True).size().tolist() == [8, 8]


# --- a bad file is named and skipped ----------------------------------------------------


def test_a_malformed_file_is_named_with_its_line_and_the_others_are_read(folder):
    broken_class(folder)
    summary = read_class(folder)
    assert summary.students["student"].tolist() == ["amira", "ben"]
    problem = summary.problems.iloc[0]
    assert (problem["file"], problem["line"], problem["column"]) == ("broken.csv", 3, "seconds")
    assert problem["message"] == (
        "broken.csv, line 3, column 'seconds': -30 is negative; give the seconds held, 0 to 600"
    )
    assert "Not read (fix the file and run again): broken.csv, line 3" in summary.text
    # Nothing of the broken file got in, not even its good first row.
    assert summary.weekly["student"].astype(str).isin(["amira", "ben"]).all()


def test_every_problem_of_a_file_is_listed(folder):
    shutil.copy(SAMPLE / "ben.csv", folder)
    (folder / "many.csv").write_text(
        rows(
            "s1,2026-10-05T07:30:00+02:00,cat_cow,left,60,1,false,",
            "s1,2026-10-05T07:30:00+02:00,hamstring_stretch,both,30,1,false,",
            "s2,2026-10-07,cat_cow,both,60,11,false,",
        )
    )
    summary = read_class(folder)
    found = summary.problems[["line", "column"]].values.tolist()
    assert found == [[2, "side"], [3, "stretch_id"], [4, "started_at"], [4, "discomfort"]]
    assert (summary.problems["file"] == "many.csv").all()
    assert "(and 3 more problems)" in summary.text
    assert summary.students["student"].tolist() == ["ben"]


def test_files_that_are_not_exchange_csvs_are_named_too(folder):
    shutil.copy(SAMPLE / "ben.csv", folder)
    (folder / "empty.csv").write_text("")
    (folder / "semicolons.csv").write_text(HEADER.replace(",", ";"))
    (folder / "utf16.csv").write_bytes(HEADER.encode("utf-16"))
    summary = read_class(folder)
    messages = dict(zip(summary.problems["file"], summary.problems["message"], strict=True))
    assert "the file is empty" in messages["empty.csv"]
    assert "separated by semicolons" in messages["semicolons.csv"]
    assert "UTF-16" in messages["utf16.csv"]
    assert summary.students["student"].tolist() == ["ben"]


# --- sharp pain is flagged --------------------------------------------------------------


def test_sharp_pain_is_flagged_first(sample):
    pain = sample.sharp_pain
    assert pain[["student", "stretch_id", "stretch", "side", "discomfort"]].astype(
        object
    ).values.tolist() == [["farid", "seated_glute", "Seated Glute", "right", 8]]
    assert pain["day"].iloc[0] == pd.Timestamp("2026-10-22")
    assert pain["notes"].iloc[0].startswith("Sharp pain in the right buttock")
    assert sample.text.startswith(
        "SHARP PAIN - talk to farid before their next session: Seated Glute (right) on Thu 22 "
        "Oct 2026."
    )
    farid = sample.students.set_index("student").loc["farid"]
    assert farid["sharp_pain"] == 1
    week = sample.weekly.query("student == 'farid' and sharp_pain")["week"].tolist()
    assert week == [pd.Timestamp("2026-10-19")]


def test_a_window_of_weeks_never_hides_a_sharp_pain():
    last2 = read_class(SAMPLE, weeks=2)
    assert last2.sharp_pain["student"].tolist() == ["farid"]
    assert last2.students.set_index("student").loc["farid", "sharp_pain"] == 1
    assert last2.text.startswith("SHARP PAIN")
    assert not last2.weekly["sharp_pain"].any()  # the weeks shown had none


def test_no_sharp_pain_says_nothing_about_it(folder):
    shutil.copy(SAMPLE / "amira.csv", folder)
    summary = read_class(folder)
    assert summary.sharp_pain.empty and "SHARP PAIN" not in summary.text
    assert summary.text.startswith("Class of 1 student, 8 weeks from Mon 28 Sep")


def test_sharp_pain_of_several_students_names_each(folder):
    for name in ("ana", "bo"):
        (folder / f"{name}.csv").write_text(
            rows("s1,2026-10-05T07:30:00+02:00,figure_four,left,10,7,true,stopped")
        )
    summary = read_class(folder)
    assert summary.sharp_pain["student"].tolist() == ["ana", "bo"]
    assert summary.text.startswith("SHARP PAIN - talk to ana, bo before their next session: ana:")


def mark_sharp_pain(path, line: int, value: str = "TRUE") -> list[str]:
    """Set the sharp_pain of ``line`` (1 is the header) to ``value``; the row as written."""
    lines = path.read_text().splitlines(keepends=True)
    fields = lines[line - 1].split(",")
    fields[6] = value
    lines[line - 1] = ",".join(fields)
    path.write_text("".join(lines))
    return fields


def test_sharp_pain_in_a_file_that_cannot_be_read_is_still_shown_first(folder):
    for file in SAMPLE.glob("*.csv"):
        shutil.copy(file, folder)
    fields = mark_sharp_pain(folder / "ivy.csv", 30, "Yes")
    summary = read_class(folder)
    assert summary.problems[["file", "line"]].values.tolist() == [["ivy.csv", 20]]
    assert summary.students["student"].tolist() == READABLE  # ivy is still not read
    pain = summary.sharp_pain
    assert pain["from_unread_file"].tolist() == [True, False]
    ivy = pain.iloc[0]
    stretch = sk.load_stretches().set_index("stretch_id").loc[fields[2], "name"]
    assert (ivy["student"], ivy["file"], ivy["line"]) == ("ivy", "ivy.csv", 30)
    assert (ivy["stretch_id"], ivy["stretch"], ivy["side"]) == (fields[2], stretch, fields[3])
    assert ivy["day"] == pd.Timestamp(fields[1][:10]) and ivy["session_id"] == fields[0]
    assert ivy["discomfort"] == int(fields[5])
    lead = f"SHARP PAIN in a file that could not be read: ivy.csv, line 30 ({stretch}, "
    assert summary.text.startswith(lead + f"{fields[3]}). Open the file")
    assert "SHARP PAIN - talk to farid before their next session" in summary.text
    assert repr(summary).startswith(f"<ClassSummary of class: {lead}")
    assert "2 sharp pains" in repr(summary)
    assert pain["line"].isna().tolist() == [False, True]
    # The read students' tables and charts are as before; the chart marks farid only.
    ax = plot_class_discomfort(summary, ax=plt.figure().gca())
    assert [t.get_text() for t in ax.texts if t.get_gid() == "sharp-pain-who"] == ["farid"]


def test_sharp_pain_in_a_file_refused_for_an_unknown_stretch_is_shown(folder):
    shutil.copy(SAMPLE / "amira.csv", folder)
    (folder / "cy.csv").write_text(
        "\ufeff"
        + rows(
            "s1,2026-10-05T07:30:00+02:00,cat_cow,both,25,1,false,",
            "s1,2026-10-05T07:30:00+02:00,hamstring_stretch,LEFT,12,7,1,pulled",
            "s1,2026-10-05T07:30:00+02:00,figure_four,left,20,,true,",
            "s2,2026-10-07T07:30:00+02:00,figure_four,right,20,3,no,",
        )
    )
    summary = read_class(folder)
    assert "unknown stretch 'hamstring_stretch'" in summary.problems["message"].iloc[0]
    pain = summary.sharp_pain
    assert pain[["student", "line", "stretch_id", "stretch", "side"]].astype(
        object
    ).values.tolist() == [
        ["cy", 3, "hamstring_stretch", "hamstring_stretch", "left"],
        ["cy", 4, "figure_four", "Figure-Four", "left"],
    ]
    assert pain["discomfort"].isna().tolist() == [False, True]
    assert pain["notes"].tolist()[0] == "pulled"
    assert summary.text.startswith(
        "SHARP PAIN in a file that could not be read: cy.csv, line 3 (hamstring_stretch, left), "
        "line 4 (Figure-Four, left). "
    )
    assert list(pain.columns) == list(SHARP_PAIN_DTYPES)


@pytest.mark.parametrize(
    ("content", "flagged"),
    [
        (b"", []),
        (b"\x00\x01\x02\xff\xfe", []),
        (HEADER.encode("utf-16"), []),
        (b"a,b,c\n1,2\n", []),
        (b"sharp_pain\ntrue\n", [2]),  # flagged, though nothing else reads
        (b'session_id,sharp_pain\ns1,"true\n', [2]),  # a quote never closed
        (b"x,Sharp_Pain ,y\n\n1,2\n,yes\n3,no,4,5,6\n", [4]),  # ragged, a blank line
        (b'x,sharp_pain\n"a\nb",no\n\n\n1, True\n', [6]),  # a value over two lines
    ],
    ids=[
        "empty",
        "binary",
        "utf16",
        "other-columns",
        "only-the-flag",
        "open-quote",
        "ragged",
        "multi-line",
    ],
)
def test_the_lenient_reading_of_a_refused_file_tolerates_anything(folder, content, flagged):
    shutil.copy(SAMPLE / "amira.csv", folder)
    (folder / "odd.csv").write_bytes(content)
    summary = read_class(folder)
    assert summary.students["student"].tolist() == ["amira"]
    assert (summary.problems["file"] == "odd.csv").all()
    unread = summary.sharp_pain[summary.sharp_pain["from_unread_file"]]
    assert unread["line"].tolist() == flagged
    assert unread["stretch_id"].isna().all() and unread["day"].isna().all()
    if flagged:
        assert summary.text.startswith(
            f"SHARP PAIN in a file that could not be read: odd.csv, line {flagged[0]}. "
        )
    else:
        assert not summary.text.startswith("SHARP PAIN")


def test_semicolon_files_are_still_searched_for_sharp_pain(folder):
    (folder / "ana.csv").write_text(
        rows("s1,2026-10-05T07:30:00+02:00,figure_four,left,20,6,true,").replace(",", ";")
    )
    summary = read_class(folder)
    assert summary.sharp_pain[["student", "line", "stretch"]].values.tolist() == [
        ["ana", 2, "Figure-Four"]
    ]


# --- a week under way is not a week missed ----------------------------------------------


def test_a_week_under_way_is_shown_but_not_counted():
    during = read_class(SAMPLE, today=datetime.date(2026, 11, 19))  # a Thursday
    last = pd.Timestamp("2026-11-16")
    assert sorted(during.weekly["week"].unique())[-1] == last
    assert during.weekly.groupby("week")["complete"].all().tolist() == [True] * 7 + [False]
    assert (during.students["weeks"] == 7).all()
    full = read_class(SAMPLE).students.set_index("student")
    done = during.weekly[during.weekly["complete"]].groupby("student", observed=True)["met"]
    students = during.students.set_index("student")
    assert students["weeks_met"].tolist() == done.sum().tolist()
    assert students["adherence"].to_numpy() == pytest.approx(students["weeks_met"] / 7)
    assert (students["weeks_met"] <= full["weeks_met"]).all()
    assert students["minutes"].tolist() == full["minutes"].tolist()  # still shown
    assert "The week of Mon 16 Nov is still under way and not counted." in during.text
    met = int(students["weeks_met"].sum())
    assert f" {met} of 56 student-weeks met it" in during.text
    # On the Monday after, the week is over.
    assert read_class(SAMPLE, today="2026-11-23").weekly["complete"].all()
    assert "under way" not in read_class(SAMPLE, today="2026-11-23").text


def test_today_defaults_to_the_calendar_and_can_be_a_datetime():
    now = class_summary(SAMPLE)
    assert (
        now.weekly["complete"].tolist()
        == (
            now.weekly["week"] + pd.Timedelta(days=7) <= pd.Timestamp(datetime.date.today())
        ).tolist()
    )
    noon = read_class(SAMPLE, today=datetime.datetime(2026, 11, 22, 12))
    assert not noon.weekly.query("week == '2026-11-16'")["complete"].any()


def test_a_class_where_no_week_has_ended_says_so(folder):
    (folder / "ana.csv").write_text(rows("s1,2026-10-05T07:30:00+02:00,cat_cow,both,25,1,false,"))
    summary = read_class(folder, today="2026-10-06")
    assert summary.students["weeks"].tolist() == [0]
    assert summary.students["adherence"].tolist() == [0.0]
    assert "No week has ended yet" in summary.text


@pytest.mark.parametrize(
    ("today", "error", "message"),
    [
        ("30/11/2026", ValueError, "today must be a date such as '2026-11-30'"),
        (20261130, TypeError, "today must be a date, e.g. datetime.date"),
    ],
)
def test_a_bad_today_is_explained(today, error, message):
    with pytest.raises(error, match=message):
        class_summary(SAMPLE, today=today)


def test_the_adherence_grid_draws_a_week_under_way_apart():
    during = read_class(SAMPLE, today="2026-11-19")
    ax = plot_class_adherence(during, ax=plt.figure().gca())
    under = [p for p in ax.patches if p.get_gid() == "under-way"]
    assert len(under) == 8
    looks = {(to_hex(p.get_facecolor()), p.get_hatch()) for p in under}
    others = {
        (to_hex(p.get_facecolor()), p.get_hatch())
        for p in ax.patches
        if p.get_gid() in ("met", "below")
    }
    assert len(looks) == 1 and not looks & others
    (colour, hatch) = looks.pop()
    assert hatch and colour not in {c for c, _ in others}  # not colour alone
    assert UNDER_WAY_LABEL in [t.get_text() for t in ax.get_legend().get_texts()]
    shares = [t.get_text() for t in ax.texts if t.get_gid() == "week-share"]
    assert shares[-1] == "–" and all("/8" in t for t in shares[:-1])
    per_student = [t.get_text() for t in ax.texts if t.get_gid() == "student-share"]
    assert per_student == [f"{r.weeks_met}/7" for r in during.students.itertuples()]
    full = plot_class_adherence(read_class(SAMPLE), ax=plt.figure().gca())
    assert UNDER_WAY_LABEL not in [t.get_text() for t in full.get_legend().get_texts()]


# --- errors that teach ------------------------------------------------------------------


def test_a_missing_folder_is_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no folder '.*nowhere'; give the folder that"):
        read_class(tmp_path / "nowhere")


def test_an_empty_folder_is_explained(folder):
    with pytest.raises(FileNotFoundError, match=r"has no CSV file \(it is empty\); put in it"):
        read_class(folder)
    (folder / "notes.txt").write_text("")
    with pytest.raises(FileNotFoundError, match=r"has no CSV file \(it has: notes.txt\)"):
        read_class(folder)


def test_a_file_in_place_of_the_folder_is_explained():
    with pytest.raises(NotADirectoryError, match=r"amira.csv' is a file; give the folder"):
        read_class(SAMPLE / "amira.csv")


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"goal": "often"}, ValueError, "goal must be 'target', 'minimum' or 'persistent'"),
        ({"weeks": 0}, ValueError, "weeks must be 1 or more"),
        ({"weeks": "4"}, TypeError, "weeks must be a whole number"),
    ],
)
def test_bad_options_are_explained(options, error, message):
    with pytest.raises(error, match=message):
        read_class(SAMPLE, **options)


def test_a_folder_must_be_a_path():
    with pytest.raises(TypeError, match="folder must be the path of a folder"):
        read_class(["amira.csv"])


def test_reading_a_class_writes_nothing_to_the_temporary_folder(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    read_class(SAMPLE, weeks=1)
    assert list(scratch.iterdir()) == []


# --- a custom catalog -------------------------------------------------------------------


def test_a_custom_catalog_gives_the_names_and_the_goal(tables):
    edit(
        tables / "muscles.csv", "erector_spinae,Erector spinae,", "erector_spinae,Spinal erectors,"
    )
    edit(tables / "stretches.csv", "seated_glute,Seated Glute,", "seated_glute,Chair Glute,")
    edit(
        tables / "guidelines.csv",
        "Target for the best results,3,5,",
        "Target for the best results,2,4,",
    )
    summary = read_class(SAMPLE, data_dir=tables)
    assert summary.goal == (2, 4)
    assert "Spinal erectors" in set(summary.muscles["muscle"])
    assert summary.sharp_pain["stretch"].tolist() == ["Chair Glute"]
    assert "goal 2 to 4 days a week" in summary.text
    assert summary.students.set_index("student").loc["elena", "weeks_met"] == 8


def test_a_catalog_without_a_stretch_refuses_the_files_that_use_it(tables, folder):
    shutil.copy(SAMPLE / "amira.csv", folder)
    (folder / "cats.csv").write_text(rows("s1,2026-10-05T07:30:00+02:00,cat_cow,both,60,1,false,"))
    edit(
        tables / "stretches.csv",
        "seated_glute,Seated Glute,seated glute stretch;seated piriformis stretch,",
        "chair_glute,Chair Glute,,",
    )
    edit(tables / "stretch_muscles.csv", "seated_glute,", "chair_glute,", count=3)
    edit(tables / "stretch_steps.csv", "seated_glute,", "chair_glute,", count=6)
    edit(tables / "poses.csv", "seated_glute,", "chair_glute,", count=30)
    summary = read_class(folder, data_dir=tables)
    assert summary.students["student"].tolist() == ["cats"]
    assert summary.problems["file"].unique().tolist() == ["amira.csv"]
    assert "unknown stretch 'seated_glute'" in summary.problems["message"].iloc[0]


def test_broken_tables_raise_once_and_are_not_blamed_on_the_files(tables):
    edit(tables / "stretch_muscles.csv", "figure_four,piriformis,", "figure_four,hamstring,")
    with pytest.raises(CatalogError, match="unknown muscle_id 'hamstring'"):
        read_class(SAMPLE, data_dir=tables)


# --- the charts -------------------------------------------------------------------------


def empty_summary(folder) -> ClassSummary:
    (folder / "new.csv").write_text(HEADER)
    return read_class(folder)


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_a_chart_draws_on_the_axes_it_is_given_and_returns_them(sample, plot):
    _, (left, right) = plt.subplots(1, 2)
    assert plot(sample, ax=right) is right
    assert not (left.patches or left.lines or left.images or left.texts)
    assert right.get_title() and right.title.get_fontsize() >= TITLE_SIZE
    assert right.get_xlabel() and right.get_ylabel()
    right.figure.canvas.draw()


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_a_chart_draws_on_the_current_axes_without_ax(sample, plot):
    plt.figure()
    current = plt.gca()
    assert plot(sample) is current
    assert current.patches or current.lines or current.images


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_a_class_with_nothing_logged_gets_a_message(folder, plot):
    ax = plot(empty_summary(folder), ax=plt.figure().gca())
    assert [t.get_text() for t in ax.texts] == [
        t.get_text() for t in ax.texts if t.get_text().startswith("No sessions")
    ]
    assert len(ax.texts) == 1 and not ax.axison and ax.get_title()


@pytest.mark.parametrize("plot", CHARTS.values(), ids=list(CHARTS))
def test_a_chart_wants_a_read_class(plot):
    with pytest.raises(TypeError, match=r"class_summary\(folder\)"):
        plot(SAMPLE, ax=plt.figure().gca())


def test_the_adherence_grid_shows_met_and_below_by_colour_and_hatch(sample):
    ax = plot_class_adherence(sample, ax=plt.figure().gca())
    cells = [p for p in ax.patches if p.get_gid() in ("met", "below")]
    assert len(cells) == 8 * 8
    assert sum(p.get_gid() == "met" for p in cells) == sample.weekly["met"].sum()
    looks = {p.get_gid(): (to_hex(p.get_facecolor()), p.get_hatch()) for p in cells}
    assert looks["met"][0] != looks["below"][0] and looks["met"][1] != looks["below"][1]
    shares = [t.get_text() for t in ax.texts if t.get_gid() == "week-share"]
    expected = sample.weekly.groupby("week")["met"].sum().tolist()
    assert shares == [f"{n}/8" for n in expected]
    per_student = [t.get_text() for t in ax.texts if t.get_gid() == "student-share"]
    assert per_student == [f"{r.weeks_met}/8" for r in sample.students.itertuples()]
    (pain,) = [line for line in ax.lines if line.get_gid() == "sharp-pain"]
    assert len(pain.get_xdata()) == 1
    assert SHARP_PAIN_LABEL in [t.get_text() for t in ax.get_legend().get_texts()]
    assert "3 to 5 days a week" in ax.get_title()


def test_the_muscle_map_is_the_class_minutes(sample):
    ax = plot_class_muscles(sample, ax=plt.figure().gca())
    grid = sample.class_muscles.pivot(index="muscle_id", columns="week", values="minutes")
    assert np.allclose(ax.images[0].get_array(), grid.to_numpy())
    by_student = plot_class_muscles(sample, by="student", ax=plt.figure().gca())
    assert [t.get_text() for t in by_student.get_xticklabels()] == READABLE
    per_student = sample.muscles.groupby("student", observed=True)["minutes"].sum()
    assert np.allclose(by_student.images[0].get_array().sum(axis=0), per_student.to_numpy())
    with pytest.raises(ValueError, match="by must be 'week' or 'student'"):
        plot_class_muscles(sample, by="muscle")


def test_the_discomfort_chart_marks_sharp_pain_with_who(sample):
    ax = plot_class_discomfort(sample, ax=plt.figure().gca())
    (pain,) = [line for line in ax.lines if line.get_gid() == "sharp-pain"]
    assert list(pain.get_xdata()) == [8]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "sharp-pain-who"] == ["farid"]
    harder = sum(line.get_gid() == "harder" for line in ax.lines)
    assert harder == (sample.discomfort["change"] > 0).sum()
    assert all(line.get_linestyle() == "--" for line in ax.lines if line.get_gid() == "harder")
    # Each line that got harder carries its student's name, haloed like the sharp-pain names,
    # unless a sharp-pain mark names them there already.
    got_harder = sample.discomfort[sample.discomfort["change"] > 0]
    pained = set(zip(sample.sharp_pain["stretch_id"], sample.sharp_pain["student"], strict=True))
    expected = [
        str(r.student) for r in got_harder.itertuples() if (r.stretch_id, r.student) not in pained
    ]
    names = [t for t in ax.texts if t.get_gid() == "harder-who"]
    assert sorted(t.get_text() for t in names) == sorted(expected) and expected
    (who,) = [t for t in ax.texts if t.get_gid() == "sharp-pain-who"]
    assert all(t.get_path_effects() == who.get_path_effects() for t in names)
    assert all(t.get_path_effects() for t in names)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Knee-to-Chest",
        "Figure-Four",
        "Seated Glute",
        "Cat-Cow",
        "Supine Spinal Twist",
        "Child's Pose",
    ]


# --- the sample -------------------------------------------------------------------------


def test_the_sample_class_is_what_its_seeded_script_makes():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_class.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_sample_class_tells_its_story(sample):
    days = sample.weekly.pivot(index="student", columns="week", values="days")
    assert days.loc["chloe"].tolist()[-2:] == [0, 0]
    assert days.loc["dev"].tolist() == sorted(days.loc["dev"])
    assert (days.loc["elena"] == 2).all()
    assert days.loc["grace"].min() >= 6
    hugo = sample.discomfort[sample.discomfort["student"] == "hugo"]
    assert (hugo["change"] >= 0).all()  # his stretches did not get easier
    amira = sample.discomfort[sample.discomfort["student"] == "amira"]
    assert (amira["change"] < 0).all()
    text = (SAMPLE / "ben.csv").read_text()
    assert "+01:00" in text and "+00:00" in text  # London, either side of 25 October
