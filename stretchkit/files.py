"""A user's files: read whole and unchanged, written whole or not at all, and safe to open in a
spreadsheet."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "FileChangedError",
    "atomic_write",
    "check_regular",
    "output_path",
    "read_bytes",
    "spreadsheet_restore",
    "spreadsheet_safe",
]

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


# --- reading a user's file ------------------------------------------------------------------


class FileChangedError(OSError):
    """A file changed while it was read (a download or a sync still under way), so what was
    read may be cut short or mixed; nothing read from it should be used."""


# What fstat must report alike before and after a read: the same file, the same contents.
_STATE = ("st_ino", "st_dev", "st_size", "st_mtime_ns", "st_ctime_ns")
_NOT_A_FILE = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
)


def read_bytes(path, *, argument: str = "path") -> bytes:
    """The whole contents of the regular file at ``path``, read as one consistent state.

    Every reader of a file a person gives the kit goes through here, so that each says alike
    what is wrong. It never blocks on a named pipe, device or socket: they are refused before
    they are read. The file is checked (``fstat`` on the open descriptor: inode, device, size,
    modification and change times) before and after the read, and the bytes read must be as
    many as its size: a file that changes while it is read (a download or a sync still under
    way) is refused with :class:`FileChangedError` instead of being read cut short.

    Parameters
    ----------
    path
        The file, as text or a path.
    argument
        The name of the caller's argument, for the message when ``path`` is not a path.

    Raises
    ------
    TypeError
        ``path`` is not a path.
    FileNotFoundError
        There is no file, or ``path`` is a link to a file that does not exist.
    IsADirectoryError
        ``path`` is a folder.
    FileChangedError
        The file changed while it was read.
    OSError
        Anything else: a named pipe, socket or device, a link that loops back on itself, a
        file that cannot be read (permissions, a disk or network error). The message names the
        file and the reason; ``errno`` is kept when the system gave one.

    Examples
    --------
    >>> import os, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "week.csv").write_bytes(b"day,minutes\\n")
    >>> read_bytes(folder / "week.csv")
    b'day,minutes\\n'
    >>> os.mkfifo(folder / "pipe.csv")
    >>> read_bytes(folder / "pipe.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    OSError: '.../pipe.csv' is a named pipe (FIFO), not a file; give the file itself
    >>> read_bytes(folder / "missing.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: no file '.../missing.csv'; check the name and the folder
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{argument} must be a file path, not {type(path).__name__}")
    path = Path(path).expanduser()
    try:
        before = os.stat(path)
    except OSError as e:
        raise _unreachable(path, e) from None
    check_regular(path, before)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    # Should a pipe take the file's place after the check, opening it does not wait.
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise _unreadable(path, e) from None
    try:
        opened = os.fstat(fd)
        check_regular(path, opened)
        try:
            with os.fdopen(fd, "rb", buffering=0, closefd=False) as f:
                data = f.readall()
        except OSError as e:
            raise _unreadable(path, e) from None
        after = os.fstat(fd)
    finally:
        os.close(fd)
    try:
        now = os.stat(path)
    except OSError:
        now = None  # gone or moved away meanwhile: the file was being replaced
    same = [getattr(before, a) for a in _STATE[:2]] == [getattr(opened, a) for a in _STATE[:2]]
    steady = all(getattr(opened, a) == getattr(after, a) for a in _STATE)
    if not (same and steady and len(data) == opened.st_size and _same_state(opened, now)):
        raise FileChangedError(
            f"'{path}' changed while it was being read, so it may be cut short (is it still "
            "being downloaded or synced?); nothing was read from it. Wait until the download "
            "or sync is complete and try again"
        )
    return data


def _same_state(a: os.stat_result, b: os.stat_result | None) -> bool:
    return b is not None and all(getattr(a, s) == getattr(b, s) for s in _STATE)


def check_regular(path: Path, st: os.stat_result) -> None:
    """Refuse anything but a regular file, saying what it is (a folder, a pipe, a socket, a
    device): ``st`` is the file's ``os.stat`` result.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> check_regular(folder, os.stat(folder))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    IsADirectoryError: '...' is a folder, not a file; give the file inside it
    """
    if stat.S_ISREG(st.st_mode):
        return
    what = next((w for test, w in _NOT_A_FILE if test(st.st_mode)), "is not a regular file")
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(f"'{path}' {what}; give the file inside it")
    raise _error(OSError, f"'{path}' {what}; give the file itself", None)


def _unreachable(path: Path, error: OSError) -> OSError:
    """Why ``os.stat(path)`` failed, in words: no file, a broken or looping link, ..."""
    if error.errno == errno.ELOOP:
        return _error(OSError, f"'{path}' is a link that loops back on itself", error.errno)
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        try:
            target = os.readlink(path)
        except OSError:
            target = None
        if target is not None:
            return _error(
                FileNotFoundError,
                f"'{path}' is a link to '{target}', which does not exist",
                errno.ENOENT,
            )
        return _error(
            FileNotFoundError, f"no file '{path}'; check the name and the folder", errno.ENOENT
        )
    return _unreadable(path, error)


def _unreadable(path: Path, error: OSError) -> OSError:
    reason = error.strerror or str(error)
    return _error(type(error), f"'{path}' could not be read ({reason})", error.errno)


def _error(kind: type[OSError], message: str, code: int | None) -> OSError:
    # OSError(code, message) would print "[Errno 5] ..."; the message alone reads better, and
    # the code is still there for a program that asks.
    error = kind(message)
    error.errno = code
    return error
