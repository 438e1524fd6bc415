"""Reading a person's CSV text strictly: every cell where the file puts it, or an error that
says where the file goes wrong.

Python's :mod:`csv` forgives what a person's typo looks like: an unclosed quote swallows every
line after it into one cell, and a quote in the middle of a cell is kept as a character. A
trainer's table read that way loses rows without a word. Here a file is first checked against
the CSV grammar (RFC 4180, as spreadsheets write it) in one regular expression, then split into
rows by :mod:`csv`, which agrees with the grammar on every file that passes; a file that does
not pass is walked cell by cell to say where and why it fails.

Both the catalog's tables and the session log's exchange files are read through here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

__all__ = ["CsvError", "decode", "read_rows", "validate"]

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_UTF8 = "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"


class CsvError(ValueError):
    """A file that is not well-formed CSV text, with where it goes wrong.

    ``line`` counts lines as an editor shows them (the first line is 1), ``char`` counts the
    characters of that line from 1, and ``field`` counts the cells of the row from 0 (``None``
    where the problem is not in a cell).
    """

    def __init__(self, message: str, *, file: str, line: int, char: int | None = None, field=None):
        self.message, self.file, self.line, self.char, self.field = (
            message,
            file,
            line,
            char,
            field,
        )
        where = f"{file}, line {line}" + (f", character {char}" if char is not None else "")
        super().__init__(f"{where}: {message}")


def decode(raw: bytes, *, file: str) -> str:
    """The text of a UTF-8 file (a byte-order mark is allowed), or a :class:`CsvError` that
    places the first byte that is not UTF-8 by line and character.

    Examples
    --------
    >>> decode("Pose de l'enfant\\n".encode(), file="a.csv")
    "Pose de l'enfant\\n"
    >>> decode("name\\nCafé\\n".encode("cp1252"), file="a.csv")
    Traceback (most recent call last):
    ...
    stretchkit.csvread.CsvError: a.csv, line 2, character 4: byte 0xe9 is not UTF-8 text (it \
looks like Windows-1252 or Latin-1); save the file as UTF-8 (in a spreadsheet: CSV UTF-8)
    """
    if raw.startswith(_UTF16_BOMS):
        raise CsvError(
            "is UTF-16 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8)", file=file, line=1
        )
    zero = raw.find(b"\x00")
    if zero >= 0:
        line, char = _place(raw, zero)
        raise CsvError(
            "holds a zero byte, so it is not a text file; save it as CSV text",
            file=file,
            line=line,
            char=char,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = e.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)  # after the BOM
        line, char = _place(raw, bad)
        guess = ""
        try:
            raw.decode("cp1252")
            guess = " (it looks like Windows-1252 or Latin-1)"
        except UnicodeDecodeError:
            pass
        raise CsvError(
            f"byte 0x{raw[bad]:02x} is not UTF-8 text{guess}; {_SAVE_UTF8}",
            file=file,
            line=line,
            char=char,
        ) from None


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    """The line and character of a byte offset; the bytes before it are valid UTF-8."""
    start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[start:offset].decode("utf-8", errors="replace").lstrip("\ufeff")
    return raw.count(b"\n", 0, offset) + 1, len(before) + 1


# The grammar. A quoted cell may hold anything, a quote written twice; a plain cell holds no
# quote and no line end. Atomic groups keep a failing match from backtracking over the file.
_QUOTED = r'"(?>[^"]|"")*+"'
_PLAIN = r'[^",\r\n]*+'
_EOL = r"(?:\r\n|\n|\r)"


def _grammar(space_before_quote: bool) -> re.Pattern:
    cell = rf"(?:{' *+' if space_before_quote else ''}{_QUOTED}|{_PLAIN})"
    row = rf"{cell}(?:,{cell})*+"
    return re.compile(rf"(?>{row}{_EOL})*+{row}", re.DOTALL)


_GRAMMARS = {flag: _grammar(flag) for flag in (False, True)}


@dataclass(frozen=True)
class _Spot:
    message: str
    line: int
    char: int
    field: int


def read_rows(
    text: str, *, file: str, space_before_quote: bool = False
) -> list[tuple[int, list[str]]]:
    """Every row of CSV ``text`` with the line it starts on; empty lines are left out.

    ``space_before_quote`` lets spaces stand before a quoted cell (``a, "b, c"``), as people
    type it by hand. An unclosed quote, a quote inside a cell that does not start with one, or
    text after a closing quote is a :class:`CsvError` naming the line, the character and the
    cell. How many cells a row should have is the caller's rule.

    Examples
    --------
    >>> read_rows('id,name\\nfour,"Figure-Four, supine"\\n\\ncat,Cat-Cow\\n', file="s.csv")
    [(1, ['id', 'name']), (2, ['four', 'Figure-Four, supine']), (4, ['cat', 'Cat-Cow'])]
    >>> read_rows('id,tip\\nfour,"Rest your head\\ncat,"Breathe"\\n', file="s.csv")
    Traceback (most recent call last):
    ...
    stretchkit.csvread.CsvError: s.csv, line 2, character 6: the quote that opens this cell \
is closed only on line 3, character 5, and 'B' follows it; a closing quote is probably \
missing on line 2 (a quote inside a cell is written twice: "")
    """
    validate(text, file=file, space_before_quote=space_before_quote)
    reader = csv.reader(
        io.StringIO(text, newline=""), skipinitialspace=space_before_quote, strict=True
    )
    rows = []
    start = 1
    for fields in reader:
        if fields:
            rows.append((start, fields))
        start = reader.line_num + 1
    return rows


def validate(text: str, *, file: str, space_before_quote: bool = False) -> None:
    """Raise a :class:`CsvError` where ``text`` first breaks the CSV grammar; for a reader
    that walks a large file row by row itself and needs only the check (about a quarter of
    the time :mod:`csv` takes to split the same text).

    Examples
    --------
    >>> validate('a,"b, ""c"" d"\\n', file="ok.csv")
    >>> validate('a,b"c\\n', file="x.csv")
    Traceback (most recent call last):
    ...
    stretchkit.csvread.CsvError: x.csv, line 1, character 4: a quote inside a cell that does \
not start with one; put the whole cell in quotes and write the quote twice ("")
    """
    if _GRAMMARS[space_before_quote].fullmatch(text) is None:
        spot = _find_error(text, space_before_quote)
        raise CsvError(spot.message, file=file, line=spot.line, char=spot.char, field=spot.field)


_OPEN = {False: re.compile(r'"'), True: re.compile(r' *"')}
_QUOTED_BODY = re.compile(r'(?:[^"]|"")*')
_PLAIN_CELL = re.compile(r'[^",\r\n]*')
_LINE_END = re.compile(r"\r\n|\n|\r")


def _find_error(text: str, space_before_quote: bool) -> _Spot:
    """Walk the text cell by cell to the first place it breaks the grammar."""
    pos, line, line_start, field = 0, 1, 0, 0

    def spot(
        message: str, at: int, *, at_line: int | None = None, start: int | None = None
    ) -> _Spot:
        return _Spot(
            message,
            line if at_line is None else at_line,
            at - (line_start if start is None else start) + 1,
            field,
        )

    while True:
        opened = _OPEN[space_before_quote].match(text, pos)
        if opened:
            quote = opened.end() - 1
            open_line, open_start = line, line_start
            body = _QUOTED_BODY.match(text, opened.end())
            # The body pattern matches the empty string, so it always matches.
            assert body is not None
            for end in _LINE_END.finditer(text, opened.end(), body.end()):
                line, line_start = line + 1, end.end()
            close = body.end()
            if close >= len(text):
                return spot(
                    "this quote opens a cell that is never closed, so every line after it would "
                    "be read into that one cell; close the quote (a quote inside a cell is "
                    'written twice: "")',
                    quote,
                    at_line=open_line,
                    start=open_start,
                )
            pos = close + 1
            if pos < len(text) and text[pos] not in ",\r\n":
                after = text[pos]
                if line > open_line:
                    return spot(
                        f"the quote that opens this cell is closed only on line {line}, "
                        f"character {close - line_start + 1}, and {after!r} follows it; a "
                        f"closing quote is probably missing on line {open_line} (a quote "
                        'inside a cell is written twice: "")',
                        quote,
                        at_line=open_line,
                        start=open_start,
                    )
                return spot(
                    f"{after!r} follows the quote that closes this cell; put the whole cell in "
                    'quotes and write a quote inside it twice ("")',
                    pos,
                )
        else:
            plain = _PLAIN_CELL.match(text, pos)
            # The plain-cell pattern matches the empty string, so it always matches.
            assert plain is not None
            pos = plain.end()
            if pos < len(text) and text[pos] == '"':
                return spot(
                    "a quote inside a cell that does not start with one; put the whole cell "
                    'in quotes and write the quote twice ("")',
                    pos,
                )
        if pos >= len(text):
            # The grammar failed, yet the walk found nothing: a bug here, not in the file.
            return spot("cannot be read as CSV", pos)
        if text[pos] == ",":
            pos, field = pos + 1, field + 1
            continue
        line_end = _LINE_END.match(text, pos)
        # A cell stops only at a quote, a comma or a line end; the quote and comma cases
        # are handled above, so a line end starts here.
        assert line_end is not None
        pos, line, line_start, field = line_end.end(), line + 1, line_end.end(), 0
