"""The ledger's 进展与佐证 cell: a measure's notes written one after another, and read back.

Each note is written `2026-04-10 召开专题学习会(佐证:会议记录.pdf)`, the next on a new line. A
note's text may hold anything, line breaks and `(佐证:…)` included, so the cell cannot be parsed
back on its own: a note the plan holds is recognised by the very text the export wrote for it,
and only the lines that are no such text are read as notes a department added, one a line.

Pure: no workbook here (the caller passes the notes' texts as a worksheet holds them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ..model.plan import Note

# A line break of the cell: LF, CR LF or CR; a NEL or U+2028 inside a note is part of its text.
BREAK = re.compile(r"\r\n|\r|\n")
# A department types in Excel with a Chinese IME: （佐证：…） is as good as (佐证:…).
_NOTE_LINE = re.compile(r"(\d{4}-\d{2}-\d{2}) (.*?)(?:[(（]佐证[:：](.*)[)）])?")


def note_line(note: Note) -> str:
    """`2026-04-10 召开专题学习会(佐证:会议记录.pdf)`: a note as its cell writes it."""
    text = f"{note.on.isoformat()} {note.text}"
    return text + (f"(佐证:{note.evidence})" if note.evidence else "")


def cell(notes: Iterable[Note]) -> str:
    return "\n".join(note_line(n) for n in notes)


def parse_note_line(line: str) -> Note | None:
    """A line a department typed, read as a note (None if it does not read as one)."""
    m = _NOTE_LINE.fullmatch(line.strip())
    if not m:
        return None
    try:
        on = date.fromisoformat(m.group(1))
    except ValueError:
        return None
    return Note(on, m.group(2), m.group(3) or None)


def added_lines(value: str, written: Iterable[str]) -> list[str]:
    """The lines of the cell `value` that are not one of the texts `written` (the plan's notes
    as the export writes them): the fewest such lines that are not blank, of every way of
    reading the cell as those texts and lines. An untouched cell has none."""
    starts = [0] + [m.end() for m in BREAK.finditer(value)]
    by_first: dict[str, list[str]] = {}  # in their order, so that a tie is read the same way
    for text in dict.fromkeys(written):
        by_first.setdefault(BREAK.split(text, maxsplit=1)[0], []).append(text)
    end = len(value)
    # cost[p], step[p]: the fewest added lines from the line starting at p to the end, and
    # where the best reading goes next (None: the line at p is an added one)
    cost: dict[int, int] = {end: 0}
    step: dict[int, int | None] = {}
    for i in range(len(starts) - 1, -1, -1):
        p = starts[i]
        if p == end:
            continue
        after = starts[i + 1] if i + 1 < len(starts) else end
        line = BREAK.split(value[p:after], maxsplit=1)[0]
        cost[p], step[p] = cost[after] + (1 if line.strip() else 0), None
        for text in by_first.get(line, ()):
            q = _after(value, p, text)
            # a note of the plan rather than an added line, where both read the cell as well
            if q is not None and q in cost and cost[q] <= cost[p]:
                cost[p], step[p] = cost[q], q
    lines, p = [], 0
    while p < end:
        q = step[p]
        if q is None:
            line, q = _line(value, p)
            lines.append(line)
        p = q
    return lines


def _after(value: str, p: int, text: str) -> int | None:
    """Where the next line starts if `text` stands at `p` and ends a line (None if it does not)."""
    if not value.startswith(text, p):
        return None
    q = p + len(text)
    if q == len(value):
        return q
    m = BREAK.match(value, q)
    return m.end() if m else None


def _line(value: str, p: int) -> tuple[str, int]:
    """The line starting at `p`, and where the next one starts."""
    m = BREAK.search(value, p)
    return (value[p : m.start()], m.end()) if m else (value[p:], len(value))
