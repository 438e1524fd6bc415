"""Exceptions that say what went wrong and what would be valid."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CatalogError", "Problem", "SafetyError", "UnknownNameError"]


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


class CatalogError(ValueError):
    """A table of the catalog is missing, unreadable or breaks a rule.

    ``problems`` lists every problem found, so a trainer can fix a file in one go.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = self.problems[:12]
        if len(self.problems) == 1:
            text = str(shown[0])
        else:
            text = f"{len(self.problems)} problems in the stretch tables:\n" + "\n".join(
                f"  - {p}" for p in shown
            )
            if len(self.problems) > len(shown):
                text += f"\n  - ... and {len(self.problems) - len(shown)} more"
        super().__init__(text)


class UnknownNameError(ValueError, LookupError):
    """A muscle, stretch or guideline name that the catalog does not know."""


class SafetyError(ValueError):
    """Stretching is not planned because a safety rule of the guidelines says so.

    ``guidelines`` holds the ids of the rules that apply (e.g. ``("sciatica",)``).
    """

    def __init__(self, message: str, *, guidelines: tuple[str, ...] = ()):
        super().__init__(message)
        self.guidelines = tuple(guidelines)
