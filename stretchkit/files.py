"""Writing files a user keeps: whole or not at all, and safe to open in a spreadsheet."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["atomic_write", "output_path", "spreadsheet_restore", "spreadsheet_safe"]

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    """Quote text that a spreadsheet would run as a formula; other values pass unchanged.

    Text that already starts with a quote gets one more, so that :func:`spreadsheet_restore`
    gives back exactly the original.

    Examples
    --------
    >>> spreadsheet_safe("=HYPERLINK('http://x')")
    "'=HYPERLINK('http://x')"
    >>> spreadsheet_safe("Figure-Four"), spreadsheet_safe(30)
    ('Figure-Four', 30)
    """
    if isinstance(text, str) and text.startswith((*_FORMULA_START, "'")):
        return "'" + text
    return text


def spreadsheet_restore(text):
    """Undo :func:`spreadsheet_safe`: drop the quote it put in front of a text.

    A quote followed by anything else is the writer's own and stays.

    Examples
    --------
    >>> spreadsheet_restore("'=1+1"), spreadsheet_restore("'tis")
    ('=1+1', "'tis")
    >>> all(spreadsheet_restore(spreadsheet_safe(t)) == t for t in ["=x", "'=x", "''", "-2 reps"])
    True
    """
    quoted = isinstance(text, str) and len(text) > 1 and text[0] == "'"
    return text[1:] if quoted and text[1] in (*_FORMULA_START, "'") else text


def output_path(path, *, argument: str = "path", suffixes: Iterable[str] = ()) -> Path:
    """Check a path to write to: its folder exists and its suffix is one of ``suffixes``.

    Examples
    --------
    >>> output_path("week.ics", suffixes=[".ics"]).name
    'week.ics'
    >>> output_path("week.doc", suffixes=[".pdf", ".png"])
    Traceback (most recent call last):
    ...
    ValueError: path 'week.doc' must end in .pdf or .png
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{argument} must be a file path, not {type(path).__name__}")
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValueError(f"{argument} '{path}' is a folder; give a file name inside it")
    suffixes = [s.lower() for s in suffixes]
    if suffixes and path.suffix.lower() not in suffixes:
        raise ValueError(f"{argument} '{path}' must end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise FileNotFoundError(
            f"{argument} '{path}': the folder '{path.parent}' does not exist; create it first"
        )
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so a failed write leaves the old
    file (or no file) instead of half a file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write(p, "hello").read_text()
    'hello'
    >>> oct(p.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    True
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private; give it the mode an ordinary new file would have.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
