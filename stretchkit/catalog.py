"""Load the stretch, muscle, step and guideline tables as typed pandas DataFrames.

The built-in tables ship inside the package. A trainer can point the kit at a folder of
their own tables, with the same file names, through ``data_dir=`` or the ``STRETCHKIT_DATA``
environment variable; those tables are checked by the same rules.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .csvread import CsvError, decode, read_rows
from .errors import CatalogError, Problem, UnknownNameError
from .files import read_bytes
from .schema import (
    CONTRAINDICATION_ACTION,
    POSE_POINTS,
    REQUIRED_GUIDELINES,
    TABLES,
    Column,
    Table,
)

__all__ = [
    "Catalog",
    "Guideline",
    "builtin_data",
    "copy_tables",
    "data_path",
    "guideline",
    "load_catalog",
    "load_guidelines",
    "load_muscles",
    "load_poses",
    "load_steps",
    "load_stretch_muscles",
    "load_stretches",
    "use_catalog",
]

ENV_VAR = "STRETCHKIT_DATA"
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def data_path(*, data_dir: str | os.PathLike | None = None) -> Path:
    """Return the folder the tables are read from.

    In order: ``data_dir`` if given, else the ``STRETCHKIT_DATA`` environment variable,
    else the tables shipped with the package.

    Examples
    --------
    >>> (data_path() / "stretches.csv").is_file()
    True
    """
    if data_dir is None and os.environ.get(ENV_VAR):
        data_dir, origin = os.environ[ENV_VAR], f"the {ENV_VAR} environment variable"
    else:
        origin = "data_dir"
    if data_dir is not None:
        folder = Path(data_dir).expanduser()
        if not folder.is_dir():
            what = "is a file, not a folder" if folder.exists() else "does not exist"
            raise CatalogError(
                [
                    Problem(
                        str(folder),
                        f"this folder, given by {origin}, {what}; give a folder that "
                        f"holds {', '.join(t.file for t in TABLES.values() if not t.optional)}",
                    )
                ]
            )
        return folder.resolve()
    return builtin_data()


def builtin_data() -> Path:
    """The folder of tables and sample files shipped with the kit.

    Examples
    --------
    >>> (builtin_data() / "stretches.csv").is_file()
    True
    """
    packaged = resources.files("stretchkit") / "_data"
    if packaged.is_dir():  # installed from a wheel
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data"  # a source checkout


def copy_tables(dest: str | os.PathLike, *, data_dir: str | os.PathLike | None = None) -> Path:
    """Copy the tables into ``dest`` as a starting point for a custom catalog.

    Edit the copies, then load them with ``data_dir=dest`` or ``STRETCHKIT_DATA=dest``. An
    optional table the source folder does not have (``poses.csv`` in an older folder) is not
    copied: the copy reads as the source does.

    Examples
    --------
    >>> import tempfile
    >>> folder = copy_tables(tempfile.mkdtemp())
    >>> load_stretches(data_dir=folder)["stretch_id"].tolist() == (
    ...     load_stretches()["stretch_id"].tolist())
    True
    """
    source = data_path(data_dir=data_dir)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for table in TABLES.values():
        if table.optional and not _present(source / table.file):
            continue
        shutil.copyfile(source / table.file, dest / table.file)
    return dest


def _present(path: Path) -> bool:
    """Whether a table's file is there; a dangling link is there, and its error is reported."""
    return path.exists() or path.is_symlink()


# --- reading and checking -------------------------------------------------------------


def _read_raw(path: Path, table: Table) -> pd.DataFrame:
    """Read a CSV as text, turning every reading failure into a teaching error."""
    expected = ", ".join(c.name for c in table.columns if c.required)
    try:
        data = read_bytes(path)
    except FileNotFoundError as e:
        present = sorted(p.name for p in path.parent.glob("*.csv"))
        gone = "file not found" if not path.is_symlink() else str(e).replace(f"'{path}' ", "")
        raise CatalogError(
            [
                Problem(
                    str(path),
                    f"{gone}; a catalog folder needs {table.file} "
                    f"(this folder has: {', '.join(present) or 'no CSV files'})",
                )
            ]
        ) from None
    except OSError as e:  # a pipe, a folder, a loop, a read error, a file still being written
        raise CatalogError([Problem(str(path), str(e).replace(f"'{path}' ", ""))]) from None
    text = None
    try:
        text = decode(data, file=str(path))
        rows = read_rows(text, file=str(path), space_before_quote=True)
    except CsvError as e:
        raise CatalogError([_csv_problem(e, path, text)]) from None
    header = [h.strip() for h in rows[0][1]] if rows else []
    if not any(header):
        raise CatalogError(
            [Problem(str(path), f"the file is empty; it needs a header line with: {expected}")]
        )
    # A spreadsheet may end the header with nameless columns that the rows leave out.
    named = max(i for i, h in enumerate(header) if h) + 1
    body, problems = [], []
    for line, fields in rows[1:]:
        if not any(v.strip() for v in fields):
            continue  # blank lines are allowed
        if not named <= len(fields) <= len(header):
            problems.append(
                Problem(
                    str(path),
                    f"{len(fields)} fields where the header has {named}; "
                    + (
                        "put quotes around text that contains a comma"
                        if len(fields) > len(header)
                        else "give every column a value or an empty place between commas "
                        f"({', '.join(h for h in header if h)})"
                    ),
                    line=line,
                )
            )
        body.append((line, [v.strip() for v in fields[: len(header)]]))
    raw = pd.DataFrame(
        [f + [""] * (len(header) - len(f)) for _, f in body],
        columns=range(len(header)),
        index=pd.Index([line for line, _ in body]),
        dtype=object,
    )
    raw = _name_columns(raw, header, path)  # problems with the header come first
    if problems:
        raise CatalogError(problems)
    return raw


def _csv_problem(error: CsvError, path: Path, text: str | None = None) -> Problem:
    """A :class:`CsvError` as a problem of the catalog, with the cell's column name where the
    header line itself reads."""
    column = None
    if error.field is not None and text is not None and error.line > 1:
        first = text.splitlines()[0] if text else ""
        try:
            header = read_rows(first, file=str(path), space_before_quote=True)[0][1]
            column = header[error.field].strip() or None
        except (CsvError, IndexError):
            column = None
    where = f"at character {error.char}, " if error.char is not None else ""
    return Problem(str(path), where + error.message, line=error.line, column=column)


def _name_columns(raw: pd.DataFrame, header: list[str], path: Path) -> pd.DataFrame:
    """Give the columns their header names; nameless empty columns (a spreadsheet's trailing
    commas) are dropped, anything else ambiguous is an error."""
    problems, keep = [], []
    for i, name in enumerate(header):
        if not name:
            if (raw[i] != "").any():
                problems.append(
                    Problem(
                        str(path), f"column {i + 1} has values but no name in the header", line=1
                    )
                )
            continue
        if name in header[:i]:
            problems.append(
                Problem(
                    str(path),
                    "this name appears twice in the header; keep one column",
                    line=1,
                    column=name,
                )
            )
            continue
        keep.append(i)
    if problems:
        raise CatalogError(problems)
    raw = raw[keep]
    raw.columns = [header[i] for i in keep]
    return raw


def _convert(raw: pd.DataFrame, table: Table, path: Path, problems: list[Problem]) -> pd.DataFrame:
    """Check every cell against the schema and return the typed table."""
    needed = [c.name for c in table.columns if c.required]
    missing = [name for name in needed if name not in raw.columns]
    if missing:
        raise CatalogError(
            [
                Problem(
                    str(path),
                    f"missing column(s) {', '.join(missing)}; the header line has "
                    f"{', '.join(raw.columns)}; it needs {', '.join(needed)}",
                    line=1,
                )
            ]
        )
    out = {}
    for col in table.columns:
        if col.name in raw.columns:
            values = raw[col.name]
        else:
            values = pd.Series(col.default or "", index=raw.index, dtype=object)
        out[col.name] = _convert_column(values, col, path, problems)
    extra = [c for c in raw.columns if c not in out]
    for name in extra:  # a trainer's own columns travel along as text
        out[name] = raw[name].replace("", pd.NA).astype("string")
    return pd.DataFrame(out, index=raw.index)


def _convert_column(values: pd.Series, col: Column, path: Path, problems: list[Problem]):
    def bad(i: int, message: str) -> None:
        problems.append(Problem(str(path), message, line=i, column=col.name))

    if col.default is not None:
        values = values.where(values != "", col.default)

    empty = values == ""
    if col.required:
        for i in values.index[empty]:
            bad(i, "this value is required but the cell is empty")
    if col.kind in ("id", "ref", "text"):
        if col.kind == "id":
            for i, v in values[~empty].items():
                if not _SLUG.match(v):
                    bad(
                        _line(i),
                        f"'{v}' is not a valid id; use lower-case letters, digits and '_', "
                        "starting with a letter (e.g. 'figure_four')",
                    )
        return values.replace("", pd.NA).astype("string")
    if col.kind == "category":
        for i, v in values[~empty].items():
            if v not in col.categories:
                bad(_line(i), f"'{v}' is not valid; valid values: {', '.join(col.categories)}")
        dtype = pd.CategoricalDtype(list(col.categories), ordered=True)
        return pd.Categorical(values.where(values.isin(col.categories)), dtype=dtype)
    if col.kind == "bool":
        lowered = values.str.lower()
        for i, v in values[~empty].items():
            if v.lower() not in _TRUE | _FALSE:
                bad(_line(i), f"'{v}' is not a yes/no value; write true or false")
        return lowered.isin(_TRUE).astype(bool)
    # numbers
    numbers = pd.to_numeric(values.where(~empty), errors="coerce")
    lo, hi = col.bounds if col.bounds else (float("-inf"), float("inf"))
    for i, v in values[~empty].items():
        line = _line(i)
        n = numbers[line]
        if not math.isfinite(n) or (col.kind == "int" and not float(n).is_integer()):
            what = "a whole number" if col.kind == "int" else "a number"
            bad(line, f"'{v}' is not {what}; write {what} from {_fmt(lo)} to {_fmt(hi)}")
        elif not lo <= n <= hi:
            bad(line, f"{_fmt(n)} is out of range; valid values run from {_fmt(lo)} to {_fmt(hi)}")
    if col.kind == "int":
        finite = numbers.where(numbers.abs() < 2**53, 0)  # the bad cells are reported above
        return finite.fillna(0).round().astype("int64")
    return numbers.astype("Float64")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _line(label: Hashable) -> int:
    """A row's index label while the tables are checked: its line in the CSV file."""
    # _read_raw indexes the rows by their line numbers, and pandas yields them as ints.
    assert isinstance(label, int)
    return label


def lookup_key(text: str) -> str:
    """Fold a name so that case, accents, spaces, hyphens and apostrophes do not matter.

    Letters of every script are kept, so names in any language stay distinct.

    Examples
    --------
    >>> lookup_key("Child's Pose") == lookup_key("childs_pose")
    True
    >>> lookup_key("Fessiers moyens") == lookup_key("fessiers-moyens")
    True
    >>> lookup_key("梨状筋"), lookup_key(" - ")
    ('梨状筋', '')
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", letters)


def _check_table(df: pd.DataFrame, table: Table, path: Path, problems: list[Problem]) -> None:
    """Rules within one table: unique keys, unambiguous names."""
    keys = list(table.key)
    dup = df.duplicated(keys, keep="first") & df[keys].notna().all(axis=1)
    for i in df.index[dup]:
        first = df.index[(df[keys] == df.loc[i, keys]).all(axis=1)][0]
        value = ", ".join(str(df.at[i, k]) for k in keys)
        problems.append(
            Problem(
                str(path),
                f"'{value}' appears twice (first on line {first}); "
                f"each {' + '.join(keys)} must be unique",
                line=i,
                column=keys[-1],
            )
        )
    if table.lookup_columns:
        seen: dict[str, tuple[int, str]] = {}
        for i, row in df.iterrows():
            id_col, name_col, alias_col = table.lookup_columns
            names = [row[id_col], row[name_col], *split_aliases(row[alias_col])]
            for name in names:
                if pd.isna(name) or not lookup_key(name):
                    continue
                key = lookup_key(name)
                if key in seen and seen[key][1] != row[keys[0]]:
                    problems.append(
                        Problem(
                            str(path),
                            f"'{name}' names both '{seen[key][1]}' (line {seen[key][0]}) "
                            f"and '{row[keys[0]]}'; names and aliases must tell rows apart",
                            line=_line(i),
                        )
                    )
                seen.setdefault(key, (_line(i), row[keys[0]]))


def split_aliases(aliases) -> list[str]:
    """Split an ``aliases`` cell on ';' into clean names.

    Examples
    --------
    >>> split_aliases("glute med; ; gluteus medius")
    ['glute med', 'gluteus medius']
    """
    if aliases is None or pd.isna(aliases):
        return []
    return [a.strip() for a in str(aliases).split(";") if a.strip()]


def _check_links(tables: dict[str, pd.DataFrame], folder: Path, problems: list[Problem]) -> None:
    """Rules across tables: references resolve, every stretch is complete."""
    for table in TABLES.values():
        if table.name not in tables:
            continue  # an optional table the folder does not have
        df = tables[table.name]
        for col in table.columns:
            if col.kind != "ref":
                continue
            # Every column of kind "ref" in the schema names the table it refers to.
            assert col.refers_to is not None
            target = TABLES[col.refers_to]
            known = tables[target.name][target.key[0]]
            for i, v in df[col.name].items():
                if pd.notna(v) and v not in set(known):
                    problems.append(
                        Problem(
                            str(folder / table.file),
                            f"unknown {target.key[0]} '{v}'; known in {target.file}: "
                            f"{', '.join(known.dropna())}",
                            line=_line(i),
                            column=col.name,
                        )
                    )
    stretches = tables["stretches"]
    path = str(folder / "stretches.csv")
    for i, row in stretches.iterrows():
        if row.hold_min_s > row.hold_max_s:
            problems.append(
                Problem(
                    path,
                    f"hold_min_s ({row.hold_min_s}) is longer than hold_max_s ({row.hold_max_s}); "
                    "the shortest hold must not exceed the longest",
                    line=_line(i),
                    column="hold_min_s",
                )
            )
        sid = row.stretch_id
        if sid not in set(tables["stretch_muscles"]["stretch_id"]):
            problems.append(
                Problem(
                    str(folder / "stretch_muscles.csv"),
                    f"stretch '{sid}' (stretches.csv line {i}) targets no muscle; "
                    f"add at least one row '{sid},<muscle_id>'",
                )
            )
        steps = tables["stretch_steps"]
        numbers = sorted(steps.loc[steps["stretch_id"] == sid, "step"])
        if numbers != list(range(1, len(numbers) + 1)) or not numbers:
            problems.append(
                Problem(
                    str(folder / "stretch_steps.csv"),
                    f"the steps of '{sid}' (stretches.csv line {i}) are numbered "
                    f"{numbers or 'nothing'}; "
                    f"number them 1 to {max(len(numbers), 1)} with no gaps",
                    column="step",
                )
            )
    if "poses" in tables:
        _check_poses(tables["poses"], str(folder / "poses.csv"), problems)
    before = len(problems)
    _check_guidelines(tables["guidelines"], str(folder / "guidelines.csv"), problems)
    if len(problems) == before:
        _check_holds(stretches, tables["guidelines"], path, problems)


def _check_poses(poses: pd.DataFrame, path: str, problems: list[Problem]) -> None:
    """Every frame of a pose has every point once, and is seen from one place."""
    for (sid, frame, side), rows in poses.groupby(
        ["stretch_id", "frame", "side"], observed=True, sort=False
    ):
        first = _line(int(rows.index[0]))
        have = set(rows["point"].astype(str))
        missing = [p for p in POSE_POINTS if p not in have]
        if missing:
            problems.append(
                Problem(
                    path,
                    f"the frame '{frame}' ({side}) of '{sid}', which starts on this line, has no "
                    f"row for the point(s) {', '.join(missing)}; every frame needs all of "
                    f"{', '.join(POSE_POINTS)}",
                    line=first,
                    column="point",
                )
            )
        views = rows["view"].astype(str)
        other = views[views != views.iloc[0]]
        if not other.empty:
            problems.append(
                Problem(
                    path,
                    f"'{other.iloc[0]}' differs from the view '{views.iloc[0]}' of line {first}; "
                    f"every row of the frame '{frame}' ({side}) of '{sid}' is seen from one place",
                    line=_line(int(other.index[0])),
                    column="view",
                )
            )


def _check_holds(
    stretches: pd.DataFrame, guides: pd.DataFrame, path: str, problems: list[Problem]
) -> None:
    """A held stretch can be held for a whole number of seconds inside both its own range and
    the guidelines' hold band, so every plan and timer can honour the band."""
    band = guides.set_index("guideline_id").loc["hold"]
    # Guideline ids are unique (checked before the links), so one id selects one row.
    assert isinstance(band, pd.Series)
    low, high = math.ceil(band.value_min), math.floor(band.value_max)
    for i, row in stretches.iterrows():
        if row.kind != "static" or row.hold_min_s > row.hold_max_s:
            continue
        lo, hi = max(math.ceil(row.hold_min_s), low), min(math.floor(row.hold_max_s), high)
        if lo > hi:
            problems.append(
                Problem(
                    path,
                    f"'{row.stretch_id}' is held for {_fmt(row.hold_min_s)}-"
                    f"{_fmt(row.hold_max_s)} s, outside the guidelines' hold of {_fmt(low)}-"
                    f"{_fmt(high)} s (guidelines.csv, 'hold'); give it holds that overlap "
                    "that range",
                    line=_line(i),
                    column="hold_min_s" if row.hold_min_s > high else "hold_max_s",
                )
            )


def _check_guidelines(guides: pd.DataFrame, path: str, problems: list[Problem]) -> None:
    """The rows the kit's rules read exist and say something sane."""
    for i, row in guides.iterrows():
        lo, hi, unit = row.value_min, row.value_max, row.unit
        has_number = pd.notna(lo) or pd.notna(hi)
        if has_number and pd.isna(unit):
            problems.append(
                Problem(
                    path,
                    "a number needs its unit; valid units: s, min, sessions/week",
                    line=_line(i),
                    column="unit",
                )
            )
        if pd.notna(lo) and pd.notna(hi) and lo > hi:
            problems.append(
                Problem(
                    path,
                    f"value_min ({_fmt(lo)}) exceeds value_max ({_fmt(hi)})",
                    line=_line(i),
                    column="value_min",
                )
            )
        if row.category == "contraindication" and row.action != CONTRAINDICATION_ACTION:
            problems.append(
                Problem(
                    path,
                    f"a contraindication must send the reader to a professional: "
                    f"its action must be {CONTRAINDICATION_ACTION}",
                    line=_line(i),
                    column="action",
                )
            )
    rows = {gid: (i, row) for i, row in guides.iterrows() for gid in [row.guideline_id]}
    for gid, rule in REQUIRED_GUIDELINES.items():
        if gid not in rows:
            problems.append(
                Problem(
                    path,
                    f"no row '{gid}'; the kit reads it for {rule.meaning}. "
                    "Copy that row from the built-in table (stretchkit.copy_tables)",
                )
            )
            continue
        i, row = rows[gid]
        if rule.action and row.action != rule.action:
            problems.append(
                Problem(
                    path,
                    f"'{gid}' is {rule.meaning}: its action must be {rule.action}",
                    line=_line(i),
                    column="action",
                )
            )
        if rule.unit is None:
            continue
        # Every required guideline with a unit also has bounds for its numbers.
        assert rule.bounds is not None
        lo, hi = rule.bounds
        if pd.isna(row.value_min) or pd.isna(row.value_max) or row.unit != rule.unit:
            problems.append(
                Problem(
                    path,
                    f"'{gid}' is {rule.meaning}: it needs value_min and value_max in {rule.unit}",
                    line=_line(i),
                    column="value_min" if pd.isna(row.value_min) else "unit",
                )
            )
        elif not (lo <= row.value_min and row.value_max <= hi):
            problems.append(
                Problem(
                    path,
                    f"'{gid}' is {rule.meaning}: {_fmt(row.value_min)}-{_fmt(row.value_max)} "
                    f"{rule.unit} is out of range; valid values run from {_fmt(lo)} to "
                    f"{_fmt(hi)} {rule.unit}",
                    line=_line(i),
                    column="value_max" if row.value_max > hi else "value_min",
                )
            )


def _fingerprint(folder: Path) -> tuple:
    stats: list[tuple[int, int, int, int] | None] = []
    for table in TABLES.values():
        try:
            st = (folder / table.file).stat()
            # ctime too: copying tools restore mtime, but nothing can set ctime back.
            stats.append((st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size))
        except OSError:
            stats.append(None)
    return tuple(stats)


@lru_cache(maxsize=8)
def _load_all(folder: Path, fingerprint: tuple) -> dict[str, pd.DataFrame]:
    """Read and check the whole catalog once per folder and file state."""
    problems: list[Problem] = []
    tables = {}
    for table in TABLES.values():
        path = folder / table.file
        if table.optional and not _present(path):
            continue
        df = _convert(_read_raw(path, table), table, path, problems)
        _check_table(df, table, path, problems)
        if df.empty and table.name in ("muscles", "stretches"):
            problems.append(Problem(str(path), "the table has a header but no rows"))
        tables[table.name] = df
    if not problems:
        _check_links(tables, folder, problems)
    if problems:
        raise CatalogError(problems)
    for table in TABLES.values():
        if table.name not in tables:
            tables[table.name] = _borrowed(table, folder, tables["stretches"])
    # While checking, a table's index is its CSV line numbers; users get a plain index.
    return {name: df.reset_index(drop=True) for name, df in tables.items()}


def _borrowed(table: Table, folder: Path, stretches: pd.DataFrame) -> pd.DataFrame:
    """An optional table a trainer's older folder lacks: the built-in rows of the stretches it
    shares with the built-in tables (its own stretches get none), so its cards keep their
    pictures."""
    builtin = builtin_data()
    if folder == builtin.resolve() or not _present(builtin / table.file):
        return _convert(
            pd.DataFrame(columns=[c.name for c in table.columns], dtype=object),
            table,
            builtin / table.file,
            [],
        )
    rows = _load_all(builtin.resolve(), _fingerprint(builtin.resolve()))[table.name]
    return rows[rows["stretch_id"].isin(set(stretches["stretch_id"]))]


def _table(name: str, data_dir) -> pd.DataFrame:
    folder = data_path(data_dir=data_dir)
    return _load_all(folder, _fingerprint(folder))[name].copy()


# --- public loaders -------------------------------------------------------------------


@dataclass(frozen=True)
class Catalog:
    """All the tables from one read of one folder, for code that needs several at once."""

    folder: Path
    muscles: pd.DataFrame
    stretches: pd.DataFrame
    stretch_muscles: pd.DataFrame
    steps: pd.DataFrame
    guidelines: pd.DataFrame
    poses: pd.DataFrame


def load_catalog(*, data_dir: str | os.PathLike | None = None) -> Catalog:
    """Load every table at once, as one consistent snapshot (copies, safe to change).

    Examples
    --------
    >>> cat = load_catalog()
    >>> len(cat.stretches), len(cat.muscles), cat.folder == data_path()
    (6, 6, True)
    """
    folder = data_path(data_dir=data_dir)
    tables = _load_all(folder, _fingerprint(folder))
    return Catalog(
        folder=folder,
        muscles=tables["muscles"].copy(),
        stretches=tables["stretches"].copy(),
        stretch_muscles=tables["stretch_muscles"].copy(),
        steps=tables["stretch_steps"].copy(),
        guidelines=tables["guidelines"].copy(),
        poses=tables["poses"].copy(),
    )


def use_catalog(
    catalog: Catalog | None = None, *, data_dir: str | os.PathLike | None = None
) -> Catalog:
    """The tables one operation reads: ``catalog`` when given, else a fresh load.

    Every function that reads several tables, or calls other functions that do, takes
    ``catalog=`` next to ``data_dir=`` and resolves them here once, at the top; it then passes
    the :class:`Catalog` on. So one plan, lesson pack or class summary reads the tables once,
    and from one moment, even if a trainer edits a CSV file meanwhile.

    Parameters
    ----------
    catalog
        Tables already loaded with :func:`load_catalog`; returned as they are.
    data_dir
        A folder of a trainer's own tables, read when ``catalog`` is not given; by default
        ``STRETCHKIT_DATA`` or the built-in tables.

    Returns
    -------
    Catalog
        The tables to read.

    Raises
    ------
    TypeError
        If ``catalog`` is not a :class:`Catalog`, or both ``catalog`` and ``data_dir`` are
        given.

    Examples
    --------
    >>> cat = load_catalog()
    >>> use_catalog(cat) is cat
    True
    >>> use_catalog(data_dir=data_path()).folder == cat.folder
    True
    >>> use_catalog(cat, data_dir=data_path())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: give catalog= or data_dir=, not both; ...
    """
    if catalog is None:
        return load_catalog(data_dir=data_dir)
    if not isinstance(catalog, Catalog):
        raise TypeError(
            f"catalog= takes the tables from stretchkit.load_catalog(), not "
            f"{type(catalog).__name__}; to read a folder of tables, pass it as data_dir="
        )
    if data_dir is not None:
        raise TypeError(
            "give catalog= or data_dir=, not both; the catalog already holds the tables "
            "of its folder"
        )
    return catalog


def load_muscles(*, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per muscle, with where it lies, what it does and why it tightens.

    Examples
    --------
    >>> muscles = load_muscles()
    >>> muscles.loc[muscles.muscle_id == "piriformis", "region"].item()
    'glutes and hip'
    >>> muscles["region"].cat.categories.tolist()
    ['lower back', 'glutes and hip', 'trunk']
    """
    return _table("muscles", data_dir)


def load_stretches(*, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per stretch, with its kind, position, sides and hold range in seconds.

    Examples
    --------
    >>> stretches = load_stretches()
    >>> stretches.set_index("stretch_id").loc["cat_cow", ["kind", "position"]].tolist()
    ['dynamic', 'quadruped']
    """
    return _table("stretches", data_dir)


def load_stretch_muscles(*, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per (stretch, muscle) pair, with an optional note on how it is targeted.

    Examples
    --------
    >>> links = load_stretch_muscles()
    >>> links.query("stretch_id == 'childs_pose'")["note"].unique().tolist()
    ['gentle decompression']
    """
    return _table("stretch_muscles", data_dir)


def load_steps(*, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per instruction step, numbered from 1 within each stretch, with breath cues.

    Examples
    --------
    >>> steps = load_steps()
    >>> steps.query("stretch_id == 'cat_cow'")["breath"].dropna().tolist()
    ['inhale', 'exhale']
    """
    return _table("stretch_steps", data_dir)


def load_poses(*, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per point of a stick figure, per frame of a stretch, in a unit box (floor at 0).

    A folder without ``poses.csv`` (a trainer's tables from before it existed) reads the
    built-in rows of the built-in stretches it has; its own stretches have none.

    Examples
    --------
    >>> poses = load_poses()
    >>> sorted(poses.query("stretch_id == 'cat_cow'")["frame"].unique())
    ['cat', 'cow']
    >>> poses["view"].cat.categories.tolist()
    ['left', 'right', 'above']
    """
    return _table("poses", data_dir)


def load_guidelines(*, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per principle, timing or frequency rule, contraindication, pain rule or benefit.

    Numbers are numbers with a unit (``value_min``, ``value_max``, ``unit``), so code can
    read the rules instead of repeating them.

    Examples
    --------
    >>> g = load_guidelines().set_index("guideline_id")
    >>> hold = g.loc["hold"]
    >>> f"{hold.value_min:g}-{hold.value_max:g} {hold.unit}"
    '20-30 s'
    >>> g.loc["frequency_target", ["value_min", "value_max"]].astype(int).tolist()
    [3, 5]
    """
    return _table("guidelines", data_dir)


@dataclass(frozen=True)
class Guideline:
    """One guideline row, for code that needs a rule's numbers.

    Examples
    --------
    >>> hold = guideline("hold")
    >>> hold.min, hold.band
    (20.0, '20-30 s')
    """

    guideline_id: str
    category: str
    title: str
    min: float | None
    max: float | None
    unit: str | None
    action: str | None
    text: str

    @property
    def band(self) -> str:
        """The numbers with their unit, e.g. ``'5-10 min'`` or ``'7 sessions/week'``."""
        if self.min is None and self.max is None:
            return ""
        lo, hi = (f"{v:g}" if v is not None else "?" for v in (self.min, self.max))
        return f"{lo if lo == hi else f'{lo}-{hi}'} {self.unit}"


def guideline(
    guideline_id: str,
    *,
    data_dir: str | os.PathLike | None = None,
    catalog: Catalog | None = None,
) -> Guideline:
    """Return one guideline by id, e.g. ``guideline("warm_up").min`` in minutes.

    Parameters
    ----------
    guideline_id
        The id of the guideline, e.g. ``"hold"``.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        ones.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Examples
    --------
    >>> warm = guideline("warm_up")
    >>> (warm.min, warm.max, warm.unit)
    (5.0, 10.0, 'min')
    >>> guideline("frequency_persistent").band
    '7 sessions/week'
    """
    if catalog is None:
        g = load_guidelines(data_dir=data_dir)  # one table is enough
    else:
        g = use_catalog(catalog, data_dir=data_dir).guidelines
    g = g.set_index("guideline_id")
    if guideline_id not in g.index:
        raise UnknownNameError(f"unknown guideline '{guideline_id}'; known: {', '.join(g.index)}")
    row = g.loc[guideline_id]
    # The catalog checks guideline ids are unique, so one id selects one row.
    assert isinstance(row, pd.Series)

    def val(x):
        return None if pd.isna(x) else x

    def num(x):
        return None if pd.isna(x) else float(x)

    return Guideline(
        guideline_id,
        row.category,
        row.title,
        num(row.value_min),
        num(row.value_max),
        val(row.unit),
        val(row.action),
        row.text,
    )
