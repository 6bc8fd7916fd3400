"""One exception tree for the whole tool, caught once in the CLI.

Each class carries the exit code it maps to, so the CLI never guesses.
An input error names where in the user's files the problem is, because an
inspector has to find and fix that cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


class UnderreportError(Exception):
    """Base of every error the tool raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(UnderreportError):
    """Options that contradict each other or name nothing."""


class InputError(UnderreportError):
    """A file that cannot be read or lacks what the job needs."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(message)

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class ClusterError(UnderreportError):
    """A cluster that cannot do the run: unreachable, other versions, or workers lost for good."""


class RulesError(UnderreportError):
    """A rules file that is invalid, or a rule not known for a period."""


def no_rows(kind: str, files: Sequence[str]) -> InputError:
    """A side with a header and no rows stops the run: reconciling nothing would clear everyone.

    `reconcile` and `validate` both raise or record this one, so they give one verdict.
    """
    side = "enrolment" if kind == "enrollment" else kind
    return InputError(
        f"no {side} rows below the header: nothing to reconcile", file=", ".join(files) or None
    )


def one_line(text: str) -> str:
    """A message on one line: header cells and readers' messages carry line breaks."""
    return re.sub(r"\s*\n\s*", " ", text.strip())
