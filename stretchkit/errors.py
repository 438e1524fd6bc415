"""Exceptions that say what went wrong and what would be valid."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CatalogError", "LogFileError", "Problem", "SafetyError", "UnknownNameError"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a table: where it is and what would be valid.

    ``line`` counts lines of the CSV file as an editor shows them (the header is line 1),
    or is ``None`` when the problem concerns the whole file or column.
    """

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


def _listing(problems: list[Problem], where: str, *, lead: str = "") -> str:
    shown = problems[:12]
    if len(problems) == 1:
        return lead + str(shown[0])
    text = lead + f"{len(problems)} problems {where}:\n" + "\n".join(f"  - {p}" for p in shown)
    if len(problems) > len(shown):
        text += f"\n  - ... and {len(problems) - len(shown)} more"
    return text


class CatalogError(ValueError):
    """A table of the catalog is missing, unreadable or breaks a rule.

    ``problems`` lists every problem found, so a trainer can fix a file in one go.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(_listing(self.problems, "in the stretch tables"))


class UnknownNameError(ValueError, LookupError):
    """A muscle, stretch or guideline name that the catalog does not know."""


class SafetyError(ValueError):
    """Stretching is not planned because a safety rule of the guidelines says so.

    ``guidelines`` holds the ids of the rules that apply (e.g. ``("sciatica",)``).
    """

    def __init__(self, message: str, *, guidelines: tuple[str, ...] = ()):
        super().__init__(message)
        self.guidelines = tuple(guidelines)


class LogFileError(ValueError):
    """A file offered to the session log was rejected as a whole; the log is unchanged.

    ``problems`` lists every problem found, each with the file, line and column.
    """

    def __init__(self, problems: list[Problem], *, file: str):
        self.problems = list(problems)
        self.file = file
        lead = f"nothing was imported from {file}; the log is unchanged. "
        super().__init__(_listing(self.problems, f"in {file}", lead=lead))
