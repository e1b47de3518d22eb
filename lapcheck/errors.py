"""The exceptions lapcheck raises: one root, a small tree.

    LapcheckError                 anything lapcheck reports to a user (exit code 2 on the CLI)
    ├── InputError                a file that cannot be read or parsed (size, encoding, YAML)
    │   ├── ProfileError          a State profile that does not fit the profile schema
    │   └── RuleError             a rule file that does not fit the rule format
    ├── EngineUnavailable         the requested engine cannot run here (durable-rules missing)
    └── MultipleErrors            several input errors collected by ``keep_going`` loaders

Every error carries the file and, where known, the line and key path, so the one line the CLI
prints tells the user where to look.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class LapcheckError(Exception):
    """Root of every error lapcheck reports to a user."""


class InputError(LapcheckError):
    """An input file that cannot be used, with its location."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key
        self.sheet = sheet
        """The sheet of a workbook the error is in; ``line`` is then its row and ``key`` its column."""
        super().__init__(self.located())

    def located(self) -> str:
        """Render as ``file:line: key: message`` (in a workbook ``file: sheet S, row N, column C: message``),
        leaving out what is unknown."""
        if self.sheet is not None:
            cell = ", ".join([f"sheet {self.sheet}", *([f"row {self.line}"] if self.line is not None else []),
                              *([f"column {self.key}"] if self.key else [])])
            return ": ".join([*([self.path] if self.path else []), cell, self.message])
        where = [self.path + (f":{self.line}" if self.line is not None else "")] if self.path else []
        return ": ".join([*where, *([self.key] if self.key else []), self.message])


class ProfileError(InputError):
    """A State profile that does not fit the profile schema."""


class RuleError(InputError):
    """A rule file that does not fit the rule format."""


class EngineUnavailable(LapcheckError):
    """The requested evaluation engine cannot be used on this machine."""


class MultipleErrors(LapcheckError):
    """Several input errors, each with its own location."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
