"""The trainer's class dashboard: every student's exported log, read side by side.

Each student keeps their own log and sends the trainer its exchange CSV
(:meth:`SessionLog.export_csv <stretchkit.SessionLog.export_csv>`, lesson 04). The trainer puts
the files in one folder, one file per student named after them (``amira.csv``), and
:func:`class_summary` reads them all: days a week against the guidelines' goal, minutes per
muscle, discomfort per stretch and, first of all, any sharp pain.

Each file is imported into a scratch log of its own with
:meth:`SessionLog.import_csv <stretchkit.SessionLog.import_csv>`, so a file is accepted or
refused by exactly the log's rules, and the numbers come from the functions of a student's own
progress page (:mod:`stretchkit.progress`). Students are kept apart by file: the same session
id in two files is two students' sessions. A file the importer refuses is listed in
``problems`` with the line and column of each problem, and the other files are read all the
same.

Examples
--------
>>> summary = class_summary(sample_class_path())
>>> summary.students["student"].tolist()
['amira', 'ben', 'chloe', 'dev', 'elena', 'farid', 'grace', 'hugo']
>>> summary.sharp_pain[["student", "stretch", "side"]].values.tolist()
[['farid', 'Seated Glute', 'right']]
>>> print(summary.problems["message"].iloc[0])
ivy.csv, line 20, column 'seconds': '20s' is not a number; give the seconds held, 0 to 600
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .catalog import _builtin_data, load_catalog
from .errors import LogFileError, Problem
from .log import SessionLog
from .progress import (
    _band,
    _check_weeks,
    _goal,
    _minutes,
    _n,
    _week_of,
    discomfort_trend,
    minutes_by_muscle,
    weekly_sessions,
)

__all__ = ["ClassSummary", "class_summary", "sample_class_path"]

DataDir = str | os.PathLike | None

# The columns of each table, in order, with their types. "student", "muscle" and "stretch"
# stand for ordered categoricals made per call: the students in file order, the muscles and
# the stretches in the order of the tables.
STUDENT_DTYPES = {
    "student": "student",
    "file": "string",
    "sessions": "int64",
    "days": "int64",
    "holds": "int64",
    "minutes": "float64",
    "weeks_met": "int64",
    "weeks": "int64",
    "adherence": "float64",
    "last_session": "datetime64[ns]",
    "sharp_pain": "int64",
}
WEEKLY_DTYPES = {
    "student": "student",
    "week": "datetime64[ns]",
    "sessions": "int64",
    "days": "int64",
    "minutes": "float64",
    "goal_min": "int64",
    "goal_max": "int64",
    "met": "bool",
    "sharp_pain": "bool",
}
MUSCLE_DTYPES = {
    "student": "student",
    "week": "datetime64[ns]",
    "muscle_id": "muscle",
    "muscle": "string",
    "minutes": "float64",
}
DISCOMFORT_DTYPES = {
    "student": "student",
    "stretch_id": "stretch",
    "stretch": "string",
    "sessions": "int64",
    "rated": "int64",
    "first_day": "datetime64[ns]",
    "first": "float64",
    "latest_day": "datetime64[ns]",
    "latest": "float64",
    "change": "float64",
    "sharp_pain": "int64",
}
SHARP_PAIN_DTYPES = {
    "student": "student",
    "day": "datetime64[ns]",
    "session_id": "string",
    "stretch_id": "stretch",
    "stretch": "string",
    "side": pd.CategoricalDtype(["left", "right", "both"]),
    "discomfort": "Int64",
    "notes": "string",
}
PROBLEM_DTYPES = {
    "file": "string",
    "line": "Int64",
    "column": "string",
    "message": "string",
}


def sample_class_path() -> Path:
    """The sample class shipped with the kit: a folder of nine students' exported logs over
    eight weeks, one of them malformed on purpose.

    ``scripts/make_sample_class.py`` writes it from a fixed seed and says what each student
    does.

    Examples
    --------
    >>> sorted(p.name for p in sample_class_path().glob("*.csv"))[:3]
    ['amira.csv', 'ben.csv', 'chloe.csv']
    """
    return _builtin_data() / "sample_class"


@dataclass(frozen=True, eq=False, repr=False)
class ClassSummary:
    """A class read from a folder of exported logs; made by :func:`class_summary`.

    Attributes
    ----------
    students
        One row per file that could be read, in file-name order: ``student`` (the file name
        without ``.csv``, an ordered categorical), ``file``, then over the weeks read
        ``sessions``, ``days`` (distinct days stretched), ``holds``, ``minutes``, ``weeks_met``
        of ``weeks`` and their share ``adherence``; and over the whole file ``last_session``
        (the day; NaT if none) and ``sharp_pain`` (holds with sharp pain).
    weekly
        One row per student and week: ``week`` (the Monday), ``sessions``, ``days``,
        ``minutes``, ``goal_min``, ``goal_max``, ``met`` (``days >= goal_min``) and
        ``sharp_pain`` (any that week). Every student has every week of the class.
    muscles
        One row per student, week and muscle: ``muscle_id`` (ordered as the muscles table),
        ``muscle`` (its name) and ``minutes`` (a hold counts for every muscle its stretch
        targets). :attr:`class_muscles` adds up the class.
    discomfort
        One row per student and stretch done (``stretch_id`` ordered as the stretches table,
        ``stretch`` its name): ``sessions`` with it, ``rated`` of them, the
        ``first`` and ``latest`` rating (0-10, the mean of a session's holds) with their days,
        ``change`` (latest minus first; above 0 means it got harder) and ``sharp_pain``
        (sessions with sharp pain in it).
    sharp_pain
        Every hold with sharp pain, newest first: ``student``, ``day``, ``session_id``,
        ``stretch_id``, ``stretch``, ``side``, ``discomfort``, ``notes``. It covers the whole
        of every file, whatever ``weeks`` says: a window never hides a sharp pain.
    problems
        One row per problem of each file that could not be read: ``file``, ``line``,
        ``column`` and ``message`` (the importer's own words, with the file, line and column).
    text
        A short summary to read out or project, sharp pain first.
    goal
        The goal as (fewest, most) days a week.
    folder
        The folder that was read.
    """

    students: pd.DataFrame
    weekly: pd.DataFrame
    muscles: pd.DataFrame
    discomfort: pd.DataFrame
    sharp_pain: pd.DataFrame
    problems: pd.DataFrame
    text: str
    goal: tuple[int, int]
    folder: Path

    @property
    def class_muscles(self) -> pd.DataFrame:
        """The minutes per muscle and week for the whole class, and how many students reached
        each muscle that week.

        Examples
        --------
        >>> totals = class_summary(sample_class_path(), weeks=1).class_muscles
        >>> totals[["muscle", "minutes", "students"]].round(1).values.tolist()[:2]
        [['Erector spinae', 67.9, 7], ['Quadratus lumborum', 49.4, 7]]
        """
        by = self.muscles.groupby(["week", "muscle_id"], observed=True, sort=True)
        out = by.agg(
            muscle=("muscle", "first"),
            minutes=("minutes", "sum"),
            students=("minutes", lambda m: int((m > 0).sum())),
        ).reset_index()
        return out.astype(
            {
                "week": "datetime64[ns]",
                "muscle_id": self.muscles["muscle_id"].dtype,
                "muscle": "string",
                "minutes": "float64",
                "students": "int64",
            }
        )

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        weeks = self.weekly["week"].nunique()
        return (
            f"<ClassSummary of {self.folder.name}: {_n(len(self.students), 'student')}, "
            f"{_n(weeks, 'week')}, {_n(len(self.sharp_pain), 'sharp pain')}, "
            f"{_n(self.problems['file'].nunique(), 'file')} not read>"
        )


def class_summary(
    folder: str | os.PathLike,
    *,
    goal="target",
    weeks: int | None = None,
    data_dir: DataDir = None,
) -> ClassSummary:
    """Read every student's exported log in ``folder`` and sum up the class.

    The folder holds one exchange CSV per student (``*.csv``, any case; hidden files and
    subfolders are left out), named after the student: ``amira.csv`` is ``amira``. The class's
    weeks run from the first week any student logged to the last (Monday to Sunday), and every
    student gets every week: a week without a session is a week below the goal, so a student
    who stopped logging shows it. The last week may still be under way.

    Parameters
    ----------
    folder
        The folder of the students' files, e.g. :func:`sample_class_path`.
    goal
        ``"target"``, ``"minimum"`` or ``"persistent"`` (the guidelines' frequency rows), or
        a ``(low, high)`` pair of whole days a week, as for
        :func:`~stretchkit.weekly_sessions`.
    weeks
        Keep only the class's last ``weeks`` weeks (all of them if ``None``). The sharp pain
        table and count always cover the whole of every file.
    data_dir
        A folder of custom tables: the stretches each file is checked against, the muscles
        and the goal.

    Returns
    -------
    ClassSummary
        Tidy tables with declared dtypes (``students``, ``weekly``, ``muscles``,
        ``discomfort``, ``sharp_pain``, ``problems``) and a short ``text``.

    Raises
    ------
    FileNotFoundError
        ``folder`` does not exist or holds no CSV file.
    NotADirectoryError
        ``folder`` is a file (give the folder that holds it).
    ValueError
        ``goal`` or ``weeks`` is not valid.
    stretchkit.CatalogError
        The tables of ``data_dir`` are broken (every file would be refused, so none is read).

    A file the importer refuses never raises: it goes to ``problems`` and the others are read.

    Examples
    --------
    >>> summary = class_summary(sample_class_path(), goal="minimum")
    >>> summary.students.set_index("student")["weeks_met"].to_dict()
    {'amira': 8, 'ben': 8, 'chloe': 4, 'dev': 7, 'elena': 8, 'farid': 6, 'grace': 8, 'hugo': 3}
    >>> print(summary)  # doctest: +NORMALIZE_WHITESPACE
    SHARP PAIN - talk to farid before their next session: Seated Glute (right) on Thu 22 Oct
    2026. Whoever felt it stops that stretch and sees a healthcare professional first. Class of
    8 students, 8 weeks from Mon 28 Sep to Sun 22 Nov 2026, goal 2 to 3 days a week (a workable
    routine). 52 of 64 student-weeks met it (81%); every week: amira, ben, elena, grace; 852
    minutes in all. Not read (fix the file and run again): ivy.csv, line 20, column 'seconds':
    '20s' is not a number; give the seconds held, 0 to 600.
    """
    files = _class_files(folder)
    low, high, title = _goal(goal, data_dir)
    weeks = _check_weeks(weeks)
    cat = load_catalog(data_dir=data_dir)  # broken tables fail here, once, not file by file
    read, problems = _read_all(files, data_dir)
    names = _student_names([f for f, _ in read])
    student_dtype = pd.CategoricalDtype(list(names.values()), ordered=True)
    muscle_dtype = pd.CategoricalDtype(cat.muscles["muscle_id"].tolist(), ordered=True)
    stretch_dtype = pd.CategoricalDtype(cat.stretches["stretch_id"].tolist(), ordered=True)
    dtypes = {"student": student_dtype, "muscle": muscle_dtype, "stretch": stretch_dtype}
    stretch_names = dict(zip(cat.stretches["stretch_id"], cat.stretches["name"], strict=True))

    span = _span([holds for _, holds in read], weeks)
    students, weekly, muscles, discomfort, pain = [], [], [], [], []
    for file, holds in read:
        student = names[file]
        recent = holds[holds["day"] >= span[0]] if len(span) else holds
        grid = _weeks_of(recent, span, low, high)
        weekly.append(grid.assign(student=student))
        muscles.append(_muscles_of(recent, span, cat, data_dir).assign(student=student))
        discomfort.append(_discomfort_of(recent, cat, data_dir).assign(student=student))
        pain.append(_pain_of(holds, stretch_names).assign(student=student))
        met = int(grid["met"].sum())
        students.append(
            {
                "student": student,
                "file": file.name,
                "sessions": int(grid["sessions"].sum()),
                "days": int(grid["days"].sum()),
                "holds": len(recent),
                "minutes": float(grid["minutes"].sum()),
                "weeks_met": met,
                "weeks": len(span),
                "adherence": met / len(span) if len(span) else 0.0,
                "last_session": holds["day"].max() if len(holds) else pd.NaT,
                "sharp_pain": int(holds["sharp_pain"].sum()),
            }
        )
    pain_table = _table(pain, SHARP_PAIN_DTYPES, dtypes)
    pain_table = pain_table.sort_values(["day", "student"], ascending=[False, True], kind="stable")
    summary = dict(
        students=_table([pd.DataFrame(students)], STUDENT_DTYPES, dtypes),
        weekly=_table(weekly, WEEKLY_DTYPES, dtypes),
        muscles=_table(muscles, MUSCLE_DTYPES, dtypes),
        discomfort=_table(discomfort, DISCOMFORT_DTYPES, dtypes),
        sharp_pain=pain_table.reset_index(drop=True),
        problems=_problems_table(problems),
    )
    text = _text(summary, span, (low, high), title)
    return ClassSummary(**summary, text=text, goal=(low, high), folder=Path(folder).expanduser())


# --- reading the folder -------------------------------------------------------------------


def _class_files(folder) -> list[Path]:
    if not isinstance(folder, str | os.PathLike):
        raise TypeError(
            "folder must be the path of a folder of students' exported logs, e.g. "
            f"sample_class_path(), not {type(folder).__name__}"
        )
    path = Path(folder).expanduser()
    what = (
        "the folder that holds the students' exported logs, one exchange CSV per student "
        "named after them (e.g. amira.csv)"
    )
    if not path.exists():
        raise FileNotFoundError(
            f"no folder '{path}'; give {what}, or sample_class_path() for the sample class"
        )
    if not path.is_dir():
        raise NotADirectoryError(
            f"'{path}' is a file; give {what}: here, '{path.parent}' if the others are beside it"
        )
    files = sorted(
        (
            p
            for p in path.iterdir()
            if p.suffix.lower() == ".csv" and not p.name.startswith(".") and p.is_file()
        ),
        key=lambda p: (p.name.casefold(), p.name),
    )
    if not files:
        there = sorted(p.name for p in path.iterdir() if not p.name.startswith("."))
        has = f"it has: {', '.join(there[:8])}{', ...' if len(there) > 8 else ''}"
        raise FileNotFoundError(
            f"the folder '{path}' has no CSV file ({has if there else 'it is empty'}); put "
            "in it each student's log as exported by SessionLog.export_csv (lesson 04), one "
            "file per student, named after them, e.g. amira.csv"
        )
    return files


def _read_all(files: list[Path], data_dir: DataDir) -> tuple[list, list[Problem]]:
    """Each readable file with its holds (as ``SessionLog.entries()``), and the problems of the
    others. Every file goes into a log of its own, so no two students ever share a session."""
    read, problems = [], []
    with tempfile.TemporaryDirectory(prefix="stretchkit-class-", ignore_cleanup_errors=True) as tmp:
        for i, file in enumerate(files):
            with SessionLog(Path(tmp) / f"student-{i}.sqlite", data_dir=data_dir) as log:
                try:
                    log.import_csv(file)
                except LogFileError as e:
                    problems.extend(e.problems)
                    continue
                except OSError as e:  # unreadable (permissions) or gone since it was listed
                    problems.append(Problem(file.name, f"cannot be read ({e.strerror or e})"))
                    continue
                read.append((file, log.entries()))
    return read, problems


def _student_names(files: list[Path]) -> dict[Path, str]:
    """The file name without ``.csv``; the whole name where two files would share it."""
    stems = [f.stem for f in files]
    return {f: f.stem if stems.count(f.stem) == 1 else f.name for f in files}


def _span(tables: list[pd.DataFrame], weeks: int | None) -> pd.DatetimeIndex:
    """The class's weeks (Mondays): from the first any student logged to the last."""
    days = [t["day"] for t in tables if len(t)]
    if not days:
        return pd.DatetimeIndex([], dtype="datetime64[ns]", name="week")
    mondays = _week_of(pd.concat(days, ignore_index=True))
    span = pd.date_range(mondays.min(), mondays.max(), freq="7D", name="week")
    return span[-weeks:] if weeks is not None else span


# --- one student ----------------------------------------------------------------------------


def _weeks_of(holds: pd.DataFrame, span: pd.DatetimeIndex, low: int, high: int) -> pd.DataFrame:
    weekly = weekly_sessions(holds, goal=(low, high)).set_index("week")
    grid = weekly[["sessions", "days", "minutes"]].reindex(span, fill_value=0)
    grid["goal_min"], grid["goal_max"] = low, high
    grid["met"] = grid["days"] >= low
    pain = holds.loc[holds["sharp_pain"], "day"]
    grid["sharp_pain"] = grid.index.isin(_week_of(pain))
    return grid.rename_axis("week").reset_index()


def _muscles_of(holds, span: pd.DatetimeIndex, cat, data_dir: DataDir) -> pd.DataFrame:
    ids = cat.muscles["muscle_id"].tolist()
    names = dict(zip(ids, cat.muscles["name"], strict=True))
    per = minutes_by_muscle(holds, data_dir=data_dir)
    per = per.astype({"muscle_id": str}).set_index(["week", "muscle_id"])["minutes"]
    grid = pd.MultiIndex.from_product([span, ids], names=["week", "muscle_id"])
    out = per.reindex(grid, fill_value=0.0).reset_index()
    out["muscle"] = out["muscle_id"].map(names)
    return out


def _discomfort_of(holds: pd.DataFrame, cat, data_dir: DataDir) -> pd.DataFrame:
    trend = discomfort_trend(holds, data_dir=data_dir)
    rows = []
    for stretch_id, one in trend.groupby("stretch_id", sort=False):
        rated = one[one["discomfort"].notna()]
        first = rated.iloc[0] if len(rated) else None
        latest = rated.iloc[-1] if len(rated) else None
        rows.append(
            {
                "stretch_id": stretch_id,
                "stretch": one["name"].iloc[0],
                "sessions": len(one),
                "rated": len(rated),
                "first_day": pd.NaT if first is None else first["day"],
                "first": float("nan") if first is None else first["discomfort"],
                "latest_day": pd.NaT if latest is None else latest["day"],
                "latest": float("nan") if latest is None else latest["discomfort"],
                "sharp_pain": int(one["sharp_pain"].sum()),
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in DISCOMFORT_DTYPES if c not in ("student",)])
    out["change"] = out["latest"].astype("float64") - out["first"].astype("float64")
    order = {s: i for i, s in enumerate(cat.stretches["stretch_id"])}
    return out.sort_values("stretch_id", key=lambda ids: ids.map(order), kind="stable")


def _pain_of(holds: pd.DataFrame, stretch_names: dict) -> pd.DataFrame:
    pain = holds[holds["sharp_pain"]]
    return pd.DataFrame(
        {
            "day": pain["day"],
            "session_id": pain["session_id"],
            "stretch_id": pain["stretch_id"],
            "stretch": pain["stretch_id"].map(lambda s: stretch_names.get(s, s)),
            "side": pain["side"],
            "discomfort": pain["discomfort"],
            "notes": pain["notes"],
        }
    )


# --- the tables and the text ----------------------------------------------------------------


def _table(parts: list[pd.DataFrame], dtypes: dict, named: dict) -> pd.DataFrame:
    """The parts one under the other, with the columns of ``dtypes`` in order and typed;
    "student" and "muscle" stand for the categoricals in ``named``."""
    types = {c: named.get(t, t) if isinstance(t, str) else t for c, t in dtypes.items()}
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in types.items()})
    out = pd.concat([p[list(types)] for p in parts], ignore_index=True)
    for column, dtype in types.items():
        if isinstance(dtype, pd.CategoricalDtype):
            out[column] = pd.Categorical(out[column].astype(str), dtype=dtype)
        else:
            out[column] = out[column].astype(dtype)
    return out


def _problems_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "file": pd.Series([p.file for p in problems], dtype="string"),
            "line": pd.Series([p.line for p in problems], dtype="Int64"),
            "column": pd.Series([p.column for p in problems], dtype="string"),
            "message": pd.Series([str(p) for p in problems], dtype="string"),
        }
    )


def _day(day) -> str:
    day = pd.Timestamp(day)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _text(tables: dict, span: pd.DatetimeIndex, goal: tuple[int, int], title) -> str:
    students, pain, problems = tables["students"], tables["sharp_pain"], tables["problems"]
    parts = []
    if len(pain):
        said = []
        for student, rows in pain.groupby("student", observed=True, sort=True):
            holds = "; ".join(f"{r.stretch} ({r.side}) on {_day(r.day)}" for r in rows.itertuples())
            said.append(f"{student}: {holds}" if pain["student"].nunique() > 1 else holds)
        who = ", ".join(pain["student"].astype(str).unique())
        lead = f"SHARP PAIN - talk to {who} before their next session"
        parts.append(
            f"{lead}: {'. '.join(said)}. Whoever felt it stops that stretch and sees a "
            "healthcare professional first."
        )
    band = _band(*goal) + (f" ({title.lower()})" if title else "")
    if not len(students):
        parts.append(f"No file could be read, so there is no class to sum up; goal {band}.")
    elif not len(span):
        parts.append(
            f"Class of {_n(len(students), 'student')}, no sessions logged yet; goal {band}."
        )
    else:
        last = span[-1] + pd.Timedelta(days=6)
        first = f"{span[0]:%a} {span[0].day} {span[0]:%b}"
        parts.append(
            f"Class of {_n(len(students), 'student')}, {_n(len(span), 'week')} from {first} to "
            f"{_day(last)}, goal {band}."
        )
        met, total = int(students["weeks_met"].sum()), int(students["weeks"].sum())
        line = f"{met} of {total} student-weeks met it ({met / total:.0%})"
        always = students.loc[students["weeks_met"] == students["weeks"], "student"]
        never = students.loc[students["weeks_met"] == 0, "student"]
        if len(always):
            line += f"; every week: {', '.join(always.astype(str))}"
        if len(never):
            line += f"; no week: {', '.join(never.astype(str))}"
        parts.append(f"{line}; {_minutes(float(students['minutes'].sum()))} in all.")
    if len(problems):
        said = []
        for _, rows in problems.groupby("file", sort=False):
            more = f" (and {_n(len(rows) - 1, 'more problem')})" if len(rows) > 1 else ""
            said.append(rows["message"].iloc[0] + more)
        parts.append(f"Not read (fix the file and run again): {'; '.join(said)}.")
    return " ".join(parts)
