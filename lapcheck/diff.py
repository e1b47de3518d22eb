"""What changed between two ``lapcheck check --format json`` outputs (``lapcheck diff``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from lapcheck import yamlsafe
from lapcheck.errors import InputError
from lapcheck.model import Out, Status

Change = Literal["regressed", "improved", "changed", "appeared", "disappeared", "rationale"]
CHANGES: tuple[Change, ...] = ("regressed", "improved", "changed", "appeared", "disappeared", "rationale")

SEVERITIES: tuple[dict[Status, int], ...] = (
    {"non_compliant": 2, "at_risk": 1, "compliant": 0},
    {"not_yet": 1, "done": 0},
)
"""Only moves within one of these scales are improvements or regressions: the obligation's and the
progress step's. A move to or from not_applicable, insufficient_data or error, or from one scale to
the other (a check that changed kind), is a change of another kind."""


class Difference(Out):
    """One (State, check) pair that differs between the two runs."""

    state: str
    check: str
    change: Change
    old_status: Status | None
    new_status: Status | None
    old_rationale: str | None
    new_rationale: str | None


class Diff(Out):
    """Every difference, sorted by kind of change, State and check."""

    old_as_of: str
    new_as_of: str
    differences: list[Difference]


MAX_REPORT_BYTES = 1024 * 1024 * 1024
"""A report larger than this is not read. ``check --format json`` writes about 45 KB per State, so
10,000 States take about 450 MB; each finding is read and reduced to what a diff compares in
turn, so no more than the text and those few fields are held at once (about 1 GB at that size)."""

def _iso_day(text: str) -> str:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # fromisoformat also reads 20260101 and 2026-W01-1
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}")


IsoDay = Annotated[str, AfterValidator(_iso_day)]


class Seen(BaseModel):
    """What a diff reads of one finding of a report; the rest of it is not kept."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    state: str
    check: str
    status: Status
    rationale: str
    as_of: IsoDay


class Checked(BaseModel):
    """What a diff reads of one report: its as-of date and every finding's :class:`Seen` part."""

    model_config = ConfigDict(frozen=True)
    as_of: IsoDay
    findings: list[Seen]


class _Run(Protocol):
    @property
    def as_of(self) -> str: ...
    @property
    def findings(self) -> Sequence[_Finding]: ...


class _Finding(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def check(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def rationale(self) -> str: ...
    @property
    def as_of(self) -> str: ...


def read_report(path: Path) -> Checked:
    """A report written by ``lapcheck check --format json``; anything else, or one that names a
    (State, check) pair twice, is a located error."""
    text = yamlsafe.read_text(path, MAX_REPORT_BYTES)
    stream = _Stream(text, path)
    members: dict[str, Any] = {}
    for key in stream.members():
        members[key] = list(_findings(stream)) if key == "findings" else stream.value()
    try:
        return Checked.model_validate(members)
    except ValidationError as exc:
        raise _not_a_report(exc, path) from None


def _findings(stream: _Stream) -> Iterator[Seen]:
    """Each finding of the list at the stream's position, read and reduced one at a time."""
    first: dict[tuple[str, str], int] = {}
    for i, (item, line) in enumerate(stream.items()):
        try:
            seen = Seen.model_validate(item)
        except ValidationError as exc:
            raise _not_a_report(exc, stream.path, line, ("findings", i)) from None
        pair = (seen.state, seen.check)
        if pair in first:
            raise InputError(f"a second finding for {seen.state} / {seen.check} (first on line {first[pair]})",
                             path=stream.path, line=line, key=f"findings[{i}]")
        first[pair] = line
        yield seen


def _not_a_report(exc: ValidationError, path: Path, line: int | None = None,
                  base: tuple[str | int, ...] = ()) -> InputError:
    err = exc.errors()[0]
    message = err["msg"].removeprefix("Value error, ")
    return InputError(f"not a lapcheck check report: {message}", path=path, line=line,
                      key=yamlsafe.dotted((*base, *err["loc"])) or None)


class _Stream:
    """A JSON object read member by member, and a list in it item by item, so that one finding at
    a time is built (the whole report as Python objects takes about four times its text)."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.at = 0
        self.counted = 0
        self.lines = 1
        """The line of position ``counted``: lines are counted on from there, as the position only grows."""

    def line(self) -> int:
        self.lines += self.text.count("\n", self.counted, self.at)
        self.counted = self.at
        return self.lines

    def fail(self, message: str) -> InputError:
        return InputError(message, path=self.path, line=self.line())

    def skip(self) -> str:
        """The next character that is not white space (``""`` at the end)."""
        while self.at < len(self.text) and self.text[self.at] in " \t\n\r":
            self.at += 1
        return self.text[self.at:self.at + 1]

    def expect(self, char: str, what: str) -> None:
        if self.skip() != char:
            raise self.fail(f"not JSON: expected {what}")
        self.at += 1

    def value(self) -> Any:
        """The JSON value at the position, read whole."""
        self.skip()
        try:
            value, self.at = _DECODER.raw_decode(self.text, self.at)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", path=self.path, line=exc.lineno) from None
        except RecursionError:
            raise self.fail("not a lapcheck check report: JSON nested too deeply") from None
        except ValueError:  # Python reads at most 4,300 digits of an integer
            raise self.fail("not a lapcheck check report: a number of more than 4,300 digits") from None
        return value

    def _sequence(self, open_: str, close: str, what: str) -> Iterator[None]:
        self.expect(open_, what)
        if self.skip() == close:
            self.at += 1
            return
        while True:
            yield
            if self.skip() == close:
                self.at += 1
                return
            self.expect(",", f"',' or '{close}'")

    def members(self) -> Iterator[str]:
        """The keys of the object at the position; the caller reads each one's value."""
        for _ in self._sequence("{", "}", "an object of as_of and findings"):
            if self.skip() != '"':
                raise self.fail("not JSON: expected a key in double quotes")
            key = self.value()
            self.expect(":", "':'")
            yield key
        if self.skip():
            raise self.fail("not JSON: extra data after the report")

    def items(self) -> Iterator[tuple[Any, int]]:
        """Each item of the list at the position, with the line it starts on."""
        for _ in self._sequence("[", "]", "a list of findings"):
            self.skip()
            line = self.line()
            yield self.value(), line


_DECODER = json.JSONDecoder()


def _kind(old: _Finding, new: _Finding) -> Change | None:
    if old.status == new.status:
        # A rationale that differs only by the as-of date it cites has not changed.
        same = old.rationale.replace(old.as_of, "{as_of}") == new.rationale.replace(new.as_of, "{as_of}")
        return None if same else "rationale"
    for scale in SEVERITIES:
        if old.status in scale and new.status in scale:
            return "regressed" if scale[new.status] > scale[old.status] else "improved"
    return "changed"


def compare(old: _Run, new: _Run) -> Diff:
    """The differences from ``old`` to ``new``."""
    before = {(f.state, f.check): f for f in old.findings}
    after = {(f.state, f.check): f for f in new.findings}
    out: list[Difference] = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        kind: Change | None = "appeared" if a is None else "disappeared" if b is None else _kind(a, b)
        if kind is None:
            continue
        out.append(Difference(
            state=key[0], check=key[1], change=kind,
            old_status=a.status if a else None, new_status=b.status if b else None,
            old_rationale=a.rationale if a else None, new_rationale=b.rationale if b else None,
        ))
    out.sort(key=lambda d: (CHANGES.index(d.change), d.state, d.check))
    return Diff(old_as_of=old.as_of, new_as_of=new.as_of, differences=out)
