"""Terminal tables that fit 100 columns: each column wrapped to a width, the last taking the room left."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

WIDTH = 100
GAP = 2
"""tabulate's "simple" format puts two spaces between columns, and a column is at least its
header's width and two more."""


def clip(text: str, width: int, lines: int = 1) -> str:
    """``text`` wrapped to ``width`` and cut to ``lines`` lines, an ellipsis marking the cut."""
    wrapped = _lines(text, width)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    kept[-1] = (kept[-1][: width - 1] if len(kept[-1]) >= width else kept[-1]) + "…"
    return "\n".join(kept)


def fit(headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int | None],
        lines: int | None = None) -> str:
    """The rows under ``headers``, no line wider than :data:`WIDTH`: each cell wrapped to its column's
    width (``None``: what the fixed columns leave), and, with ``lines``, cut to that many lines."""
    floors = [len(h) + GAP for h in headers]
    # A fixed column takes what its longest cell needs, up to its width; the rest goes to the last.
    chosen: list[int | None] = []
    for i, (width, floor) in enumerate(zip(widths, floors, strict=True)):
        if width is None:
            chosen.append(None)
            continue
        needed = max((len(line) for row in rows for line in _wrap(str(row[i]), width, lines).split("\n")), default=0)
        chosen.append(max(min(width, needed), floor))
    rest = max(12, WIDTH - sum(w for w in chosen if w is not None) - GAP * (len(widths) - 1))
    final = [rest if w is None else w for w in chosen]
    cells = [[_wrap(str(cell), width, lines) for cell, width in zip(row, final, strict=True)] for row in rows]
    return tabulate(cells, headers=[_wrap(h, w, None) for h, w in zip(headers, final, strict=True)],
                    tablefmt="simple", disable_numparse=True)


def _lines(text: str, width: int) -> list[str]:
    # Ids and field names hold hyphens and dots: break only at spaces, unless a word is too long.
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _wrap(text: str, width: int, lines: int | None) -> str:
    if lines is not None:
        return "\n".join(clip(part, width, lines) for part in text.split("\n"))
    return "\n".join(line for part in text.split("\n") for line in _lines(part, width))
