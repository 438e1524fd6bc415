"""The trainer's class dashboard: every student's exported log, read side by side.

Each student keeps their own log and sends the trainer its exchange CSV
(:meth:`SessionLog.export_csv <stretchkit.SessionLog.export_csv>`, lesson 04). The trainer puts
the files in one folder, one file per student named after them (``amira.csv``), and
:func:`class_summary` reads them all: days a week against the guidelines' goal, minutes per
muscle, discomfort per stretch and, first of all, any sharp pain.

Each file is read with :func:`~stretchkit.exchange.read_exchange`, the reader that
:meth:`SessionLog.import_csv <stretchkit.SessionLog.import_csv>` uses, so a file is accepted or
refused by exactly the log's rules, without a log: its holds become the table a log of just that
file would show (:func:`~stretchkit.log.holds_table`), and the numbers come from the functions of a
student's own progress page (:mod:`stretchkit.progress`). Students are kept apart by file: the same
session id in two files is two students' sessions. A file the importer refuses is listed in
``problems`` with the line and column of each problem, and the other files are read all the same;
its rows that say sharp pain are still shown, first of all. So is a ``.csv`` that cannot be read at
all (a named pipe, a broken link, a disk error, a file still being downloaded): one file never
stops the class, and none is left out without a word. Files that are not ``.csv`` are named in
``skipped``, and a week still under way is shown but not counted.

Examples
--------
>>> summary = class_summary(sample_class_path(), today="2026-11-30")
>>> summary.students["student"].tolist()
['amira', 'ben', 'chloe', 'dev', 'elena', 'farid', 'grace', 'hugo']
>>> summary.sharp_pain[["student", "stretch", "side"]].values.tolist()
[['farid', 'Seated Glute', 'right']]
>>> print(summary.problems["message"].iloc[0])
ivy.csv, line 20, column 'seconds': '20s' is not a number; give the seconds held, 0 to 600
"""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import Catalog, builtin_data, use_catalog
from .errors import CatalogError, LogFileError, Problem
from .exchange import read_exchange
from .files import read_bytes
from .log import holds_table
from .progress import discomfort_trend, minutes_by_muscle, weekly_sessions
from .values import StretchChecker
from .weeks import check_weeks, count_text, days_a_week, goal_days, minutes_text, week_of

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
    "complete": "bool",
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
    "file": "string",
    "line": "Int64",
    "from_unread_file": "bool",
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
    return builtin_data() / "sample_class"


@dataclass(frozen=True, eq=False, repr=False)
class ClassSummary:
    """A class read from a folder of exported logs; made by :func:`class_summary`.

    Attributes
    ----------
    students
        One row per file that could be read, in file-name order: ``student`` (the file name
        without ``.csv``, an ordered categorical), ``file``, then over the weeks read
        ``sessions``, ``days`` (distinct days stretched), ``holds``, ``minutes``, ``weeks_met``
        of ``weeks`` and their share ``adherence`` (these three count only complete weeks: a
        week still under way is not yet missed); and over the whole file ``last_session``
        (the day; NaT if none) and ``sharp_pain`` (holds with sharp pain).
    weekly
        One row per student and week: ``week`` (the Monday), ``sessions``, ``days``,
        ``minutes``, ``goal_min``, ``goal_max``, ``met`` (``days >= goal_min``), ``complete``
        (the week ended before ``today``; False for a week still under way, which is not
        counted) and ``sharp_pain`` (any that week). Every student has every week of the
        class.
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
        ``stretch_id``, ``stretch``, ``side``, ``discomfort``, ``notes``, ``file``, ``line``
        and ``from_unread_file``. It covers the whole of every file, whatever ``weeks`` says:
        a window never hides a sharp pain. A file the importer refuses is read again as plain
        CSV, leniently, for rows whose ``sharp_pain`` reads true: those rows come first, with
        ``from_unread_file`` True and the ``line`` to look at (NA for the files read), and any
        value that does not read is left missing.
    problems
        One row per problem of each file that could not be read: ``file``, ``line``,
        ``column`` and ``message`` (the importer's own words, with the file, line and column;
        or why the file could not be read at all, e.g. that it is a named pipe, a link to a
        file that does not exist, or changed while it was read).
    skipped
        The names of the files left out because they are not ``.csv`` (e.g. a spreadsheet's
        ``.xlsx``); hidden files and subfolders are not listed.
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
    skipped: tuple[str, ...]
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
        [['Erector spinae', 53.9, 7], ['Quadratus lumborum', 35.4, 7]]
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
        unread = _unread_pain(self.sharp_pain)
        lead = f"{unread}; " if unread else ""
        skipped = f", {count_text(len(self.skipped), 'file')} left out" if self.skipped else ""
        return (
            f"<ClassSummary of {self.folder.name}: {lead}"
            f"{count_text(len(self.students), 'student')}, "
            f"{count_text(weeks, 'week')}, {count_text(len(self.sharp_pain), 'sharp pain')}, "
            f"{count_text(self.problems['file'].nunique(), 'file')} not read{skipped}>"
        )


def class_summary(
    folder: str | os.PathLike,
    *,
    goal="target",
    weeks: int | None = None,
    today: datetime.date | str | None = None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> ClassSummary:
    """Read every student's exported log in ``folder`` and sum up the class.

    The folder holds one exchange CSV per student (``*.csv``, any case; hidden files and
    subfolders are left out), named after the student: ``amira.csv`` is ``amira``. The class's
    weeks run from the first week any student logged to the last (Monday to Sunday), and every
    student gets every week: a week without a session is a week below the goal, so a student
    who stopped logging shows it. A week that has not ended by ``today`` (the last one, while
    the class runs) is shown but left out of the counts: it is not missed yet.

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
    today
        The day the class is read, as a date or ``"YYYY-MM-DD"``; today's date if ``None``. A
        week is complete once its Sunday is before ``today``. Give a fixed day for results
        that do not change with the calendar.
    data_dir
        A folder of custom tables: the stretches each file is checked against, the muscles
        and the goal.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

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
        ``goal``, ``weeks`` or ``today`` is not valid.
    stretchkit.CatalogError
        The tables of ``data_dir`` are broken (every file would be refused, so none is read).

    A file the importer refuses never raises: it goes to ``problems``, its sharp pain (read
    leniently) to ``sharp_pain``, and the others are read. So does a ``.csv`` that cannot be
    read at all (a named pipe, socket or device, a broken or looping link, a read error, a file
    that changed while it was read), with the reason. A file that is not ``.csv`` goes to
    ``skipped``.

    Examples
    --------
    >>> summary = class_summary(sample_class_path(), goal="minimum", today="2026-11-30")
    >>> summary.students.set_index("student")["weeks_met"].to_dict()
    {'amira': 8, 'ben': 8, 'chloe': 4, 'dev': 7, 'elena': 8, 'farid': 6, 'grace': 8, 'hugo': 3}
    >>> print(summary)  # doctest: +NORMALIZE_WHITESPACE
    SHARP PAIN - talk to farid before their next session: Seated Glute (right) on Thu 22 Oct
    2026. Whoever felt it stops that stretch and sees a healthcare professional first. Class of
    8 students, 8 weeks from Mon 28 Sep to Sun 22 Nov 2026, goal 2 to 3 days a week (a workable
    routine). 52 of 64 student-weeks met it (81%); every week: amira, ben, elena, grace; 741
    minutes in all. Not read (fix the file and run again): ivy.csv, line 20, column 'seconds':
    '20s' is not a number; give the seconds held, 0 to 600.
    """
    files, skipped = _class_files(folder)
    cat = use_catalog(catalog, data_dir=data_dir)  # broken tables fail here, once, not file by file
    low, high, title = goal_days(goal, catalog=cat)
    weeks = check_weeks(weeks)
    today = _check_today(today)
    read, problems, unread = _read_all(files, cat)
    names = _student_names([f for f, _ in read])
    unread_names = _student_names([f for f, _ in unread], taken=set(names.values()))
    student_dtype = pd.CategoricalDtype([*names.values(), *unread_names.values()], ordered=True)
    muscle_dtype = pd.CategoricalDtype(cat.muscles["muscle_id"].tolist(), ordered=True)
    stretch_names = dict(zip(cat.stretches["stretch_id"], cat.stretches["name"], strict=True))
    pain = [_named(rows, stretch_names).assign(student=unread_names[file]) for file, rows in unread]
    unknown = {s for rows in pain for s in rows["stretch_id"].dropna() if s not in stretch_names}
    stretch_dtype = pd.CategoricalDtype([*stretch_names, *sorted(unknown)], ordered=True)
    dtypes = {"student": student_dtype, "muscle": muscle_dtype, "stretch": stretch_dtype}

    span = _span([holds for _, holds in read], weeks)
    complete = span + pd.Timedelta(days=7) <= today
    counted = int(complete.sum())
    students, weekly, muscles, discomfort = [], [], [], []
    for file, holds in read:
        student = names[file]
        recent = holds[holds["day"] >= span[0]] if len(span) else holds
        grid = _weeks_of(recent, span, low, high)
        grid["complete"] = complete
        weekly.append(grid.assign(student=student))
        muscles.append(_muscles_of(recent, span, cat).assign(student=student))
        discomfort.append(_discomfort_of(recent, cat).assign(student=student))
        pain.append(_pain_of(holds, stretch_names).assign(student=student, file=file.name))
        met = int((grid["met"] & grid["complete"]).sum())
        students.append(
            {
                "student": student,
                "file": file.name,
                "sessions": int(grid["sessions"].sum()),
                "days": int(grid["days"].sum()),
                "holds": len(recent),
                "minutes": float(grid["minutes"].sum()),
                "weeks_met": met,
                "weeks": counted,
                "adherence": met / counted if counted else 0.0,
                "last_session": holds["day"].max() if len(holds) else pd.NaT,
                "sharp_pain": int(holds["sharp_pain"].sum()),
            }
        )
    pain_table = _table(pain, SHARP_PAIN_DTYPES, dtypes)
    pain_table = pain_table.sort_values(  # a file that could not be read first: easily missed
        ["from_unread_file", "day", "student", "line"],
        ascending=[False, False, True, True],
        kind="stable",
        na_position="last",
    )
    summary = dict(
        students=_table([pd.DataFrame(students)], STUDENT_DTYPES, dtypes),
        weekly=_table(weekly, WEEKLY_DTYPES, dtypes),
        muscles=_table(muscles, MUSCLE_DTYPES, dtypes),
        discomfort=_table(discomfort, DISCOMFORT_DTYPES, dtypes),
        sharp_pain=pain_table.reset_index(drop=True),
        problems=_problems_table(problems),
    )
    text = _text(summary, span, complete, skipped, (low, high), title)
    return ClassSummary(
        **summary,
        skipped=skipped,
        text=text,
        goal=(low, high),
        folder=Path(folder).expanduser(),
    )


# --- reading the folder -------------------------------------------------------------------


def _check_today(today) -> pd.Timestamp:
    """``today`` as a day (midnight); today's date if ``None``."""
    if today is None:
        return pd.Timestamp(datetime.date.today())
    if isinstance(today, datetime.datetime):
        today = today.date()
    if isinstance(today, str):
        try:
            today = datetime.date.fromisoformat(today.strip())
        except ValueError:
            raise ValueError(
                f"today must be a date such as '2026-11-30' (year-month-day); got {today!r}"
            ) from None
    if not isinstance(today, datetime.date):
        raise TypeError(
            "today must be a date, e.g. datetime.date(2026, 11, 30) or '2026-11-30', not "
            f"{type(today).__name__}"
        )
    return pd.Timestamp(today)


def _class_files(folder) -> tuple[list[Path], tuple[str, ...]]:
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
    # Everything but folders: a pipe, a broken link or a device named .csv is not a student's
    # file, and the trainer hears so in ``problems`` instead of missing a student in silence.
    shown = sorted(
        (p for p in path.iterdir() if not p.name.startswith(".") and not p.is_dir()),
        key=lambda p: (p.name.casefold(), p.name),
    )
    files = [p for p in shown if p.suffix.lower() == ".csv"]
    skipped = tuple(p.name for p in shown if p.suffix.lower() != ".csv")
    if not files:
        there = sorted(p.name for p in path.iterdir() if not p.name.startswith("."))
        has = f"it has: {', '.join(there[:8])}{', ...' if len(there) > 8 else ''}"
        raise FileNotFoundError(
            f"the folder '{path}' has no CSV file ({has if there else 'it is empty'}); put "
            "in it each student's log as exported by SessionLog.export_csv (lesson 04), one "
            "file per student, named after them, e.g. amira.csv"
        )
    return files, skipped


def _read_all(files: list[Path], cat: Catalog) -> tuple[list, list[Problem], list]:
    """Each readable file with its holds (as ``SessionLog.entries()``), the problems of the
    others, and each refused file with its rows that say sharp pain (read leniently). Every file
    is read on its own, so no two students ever share a session."""
    read, problems, unread = [], [], []
    stretches = None
    for file in files:
        try:
            if stretches is None:  # in here: a failure is the file's, as for the log
                stretches = StretchChecker(None, catalog=cat)  # the summary's one snapshot
            holds = holds_table(read_exchange(file, stretches).values())
        except LogFileError as e:
            problems.extend(e.problems)
            unread.append((file, _lenient_pain(file)))
            continue
        except OSError as e:  # not a file, unreadable, changed or gone since listed
            problems.append(Problem(file.name, f"cannot be read: {e}"))
            continue
        except CatalogError:
            raise  # the tables, not the file: every file would fail alike
        except Exception as e:  # a defect of the kit: it must not stop the class
            problems.append(
                Problem(
                    file.name,
                    f"could not be read: stretchkit failed on it ({type(e).__name__}: "
                    f"{str(e)[:200]}); please report this with the file",
                )
            )
            continue
        read.append((file, holds))
    return read, problems, unread


_TRUE = {"true", "yes", "1"}
_LENIENT = ["session_id", "started_at", "stretch_id", "side", "discomfort", "notes", "line"]


def _lenient_pain(file: Path) -> pd.DataFrame:
    """The rows of a refused file whose ``sharp_pain`` reads true (true, yes or 1, any case),
    read as plain CSV and tolerating anything: a value that does not read is left missing, and
    whatever reads before the file stops reading is kept."""
    rows = []
    try:
        text = read_bytes(file).decode("utf-8-sig", errors="replace")
        f = io.StringIO(text, newline="")
        first = f.readline()
        f.seek(0)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(f, delimiter=delimiter)  # not DictReader: it hides blank lines
        header = [h.strip().lower() for h in next(reader, [])]
        start = reader.line_num + 1  # the line a row starts on, as a text editor counts
        for row in reader:
            values = dict(zip(header, (v.strip() for v in row), strict=False))
            if values.get("sharp_pain", "").lower() in _TRUE:
                rows.append({**values, "line": start})
            start = reader.line_num + 1
    except (OSError, csv.Error, ValueError):
        pass  # the file's problems are listed already
    table = pd.DataFrame(rows, columns=_LENIENT, dtype=object).fillna("")
    discomfort = pd.to_numeric(table["discomfort"], errors="coerce")
    side = table["side"].str.lower()
    day = pd.to_datetime(table["started_at"].str[:10], format="%Y-%m-%d", errors="coerce")
    # A day the log would refuse (before 1970), or one past what the tables hold, is missing.
    day = day.where((day.dt.year >= 1970) & (day <= pd.Timestamp.max)).astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "day": day,
            "session_id": table["session_id"].replace("", None),
            "stretch_id": table["stretch_id"].str.lower().replace("", None),
            "side": side.where(side.isin(["left", "right", "both"]), None),
            "discomfort": discomfort.where(discomfort.isin(range(11))).astype("Int64"),
            "notes": table["notes"].replace("", None),
            "file": file.name,
            "line": table["line"].astype("Int64"),
            "from_unread_file": True,
        }
    )


def _named(rows: pd.DataFrame, stretch_names: dict) -> pd.DataFrame:
    """``rows`` with the stretch's name; an unknown id stands for itself."""
    return rows.assign(stretch=rows["stretch_id"].map(lambda s: stretch_names.get(s, s)))


def _student_names(files: list[Path], taken: AbstractSet[str] = frozenset()) -> dict[Path, str]:
    """The file name without ``.csv``; the whole name where two files would share it, or where
    the name is ``taken`` already."""
    stems = [f.stem for f in files]
    return {
        f: f.stem if stems.count(f.stem) == 1 and f.stem not in taken else f.name for f in files
    }


def _span(tables: list[pd.DataFrame], weeks: int | None) -> pd.DatetimeIndex:
    """The class's weeks (Mondays): from the first any student logged to the last."""
    days = [t["day"] for t in tables if len(t)]
    if not days:
        return pd.DatetimeIndex([], dtype="datetime64[ns]", name="week")
    mondays = week_of(pd.concat(days, ignore_index=True))
    span = pd.date_range(mondays.min(), mondays.max(), freq="7D", name="week")
    return span[-weeks:] if weeks is not None else span


# --- one student ----------------------------------------------------------------------------


def _weeks_of(holds: pd.DataFrame, span: pd.DatetimeIndex, low: int, high: int) -> pd.DataFrame:
    weekly = weekly_sessions(holds, goal=(low, high)).set_index("week")
    grid = weekly[["sessions", "days", "minutes"]].reindex(span, fill_value=0)
    grid["goal_min"], grid["goal_max"] = low, high
    grid["met"] = grid["days"] >= low
    pain = holds.loc[holds["sharp_pain"], "day"]
    grid["sharp_pain"] = grid.index.isin(week_of(pain))
    return grid.rename_axis("week").reset_index()


def _muscles_of(holds, span: pd.DatetimeIndex, cat: Catalog) -> pd.DataFrame:
    ids = cat.muscles["muscle_id"].tolist()
    names = dict(zip(ids, cat.muscles["name"], strict=True))
    table = minutes_by_muscle(holds, catalog=cat)
    per = table.astype({"muscle_id": str}).set_index(["week", "muscle_id"])["minutes"]
    grid = pd.MultiIndex.from_product([span, ids], names=["week", "muscle_id"])
    out = per.reindex(grid, fill_value=0.0).reset_index()
    out["muscle"] = out["muscle_id"].map(names)
    return out


def _discomfort_of(holds: pd.DataFrame, cat: Catalog) -> pd.DataFrame:
    trend = discomfort_trend(holds, catalog=cat)
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
            "line": pd.NA,
            "from_unread_file": False,
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


def _unread_pain(pain: pd.DataFrame) -> str:
    """The line that flags sharp pain in an unreadable file, or "" if there is none.

    For example: SHARP PAIN in a file that could not be read: ivy.csv, line 30 (Seated Glute,
    right).
    """
    unread = pain[pain["from_unread_file"]]
    if not len(unread):
        return ""
    said = []
    for file, rows in unread.groupby("file", sort=False):
        holds = []
        for r in rows.itertuples():
            # Both columns hold text or a missing value, so a str is a value given.
            what = ", ".join(v for v in (r.stretch, r.side) if isinstance(v, str))
            holds.append(f"line {r.line}" + (f" ({what})" if what else ""))
        said.append(f"{file}, {', '.join(holds)}")
    files = "a file" if unread["file"].nunique() == 1 else "files"
    return f"SHARP PAIN in {files} that could not be read: {'; '.join(said)}"


def _text(
    tables: dict,
    span: pd.DatetimeIndex,
    complete: np.ndarray,
    skipped: tuple[str, ...],
    goal: tuple[int, int],
    title,
) -> str:
    students, everything, problems = tables["students"], tables["sharp_pain"], tables["problems"]
    parts = []
    unread = _unread_pain(everything)
    if unread:
        parts.append(
            f"{unread}. Open the file to see who and when, and talk to them before their next "
            "session: whoever felt it stops that stretch and sees a healthcare professional "
            "first."
        )
    pain = everything[~everything["from_unread_file"]]
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
    band = days_a_week(*goal) + (f" ({title.lower()})" if title else "")
    if not len(students):
        parts.append(f"No file could be read, so there is no class to sum up; goal {band}.")
    elif not len(span):
        parts.append(
            f"Class of {count_text(len(students), 'student')}, no sessions logged yet; goal {band}."
        )
    else:
        last = span[-1] + pd.Timedelta(days=6)
        first = f"{span[0]:%a} {span[0].day} {span[0]:%b}"
        parts.append(
            f"Class of {count_text(len(students), 'student')}, "
            f"{count_text(len(span), 'week')} from {first} to "
            f"{_day(last)}, goal {band}."
        )
        under_way = span[~complete]
        if len(under_way):
            which = ", ".join(f"{w:%a} {w.day} {w:%b}" for w in under_way)
            one = len(under_way) == 1
            parts.append(
                f"The week{'' if one else 's'} of {which} {'is' if one else 'are'} still under "
                "way and not counted."
            )
        met, total = int(students["weeks_met"].sum()), int(students["weeks"].sum())
        line = (
            f"{met} of {total} student-weeks met it ({met / total:.0%})"
            if total
            else "No week has ended yet"
        )
        if total:
            always = students.loc[students["weeks_met"] == students["weeks"], "student"]
            never = students.loc[students["weeks_met"] == 0, "student"]
            if len(always):
                line += f"; every week: {', '.join(always.astype(str))}"
            if len(never):
                line += f"; no week: {', '.join(never.astype(str))}"
        parts.append(f"{line}; {minutes_text(float(students['minutes'].sum()))} in all.")
    if len(problems):
        said = []
        for _, rows in problems.groupby("file", sort=False):
            more = f" (and {count_text(len(rows) - 1, 'more problem')})" if len(rows) > 1 else ""
            said.append(rows["message"].iloc[0] + more)
        parts.append(f"Not read (fix the file and run again): {'; '.join(said)}.")
    if skipped:
        parts.append(f"Left out, not .csv: {', '.join(skipped)}; ask for the log's exported CSV.")
    return " ".join(parts)
