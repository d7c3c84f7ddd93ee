"""A table written a row at a time, for the long views (`status --all` and its filtered views).

Column widths are found in one pass over the rows' cells; then each row is wrapped and written
at once. So time grows with the rows and memory does not: rich lays a whole table out and
buffers all of its output first (1 GiB for 100,000 measures). rich still draws the small
panels; this module only measures with it (`rich.cells`: CJK display widths).

The layout, for the clerk's eye:

- a leading space, three spaces between columns, no space at the end of a line;
- the header in bold and ruled off with `─` as wide as the table;
- a wrapped cell keeps its indent (the tree's depth) on every line, and breaks by the Chinese
  line-breaking rules: no line starts with closing punctuation (。，、；：？！）」…), none ends
  with opening punctuation (（「《…), and a run of Latin letters or digits (a date, a number,
  a word) is not cut where it fits on a line of its own;
- colour only where the console has colour; meanings never only in colour (the tables say
  逾期 in words).
"""

from __future__ import annotations

import io
import os
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from typing import IO, NamedTuple

from rich.cells import get_character_cell_size
from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style

NO_START = frozenset("。，、；：？！）」』》〉】〕〗…·,.;:?!)]}%’”")
NO_END = frozenset("（「『《〈【〔〖([{‘“")
RUN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_/:%+")
GAP = "   "


class Cell(NamedTuple):
    """One cell: its text, its rich style ("" for none), an indent kept on every line, and
    words to mark in it (found by a search; matched without regard to case)."""

    text: str
    style: str = ""
    indent: int = 0
    marks: tuple[str, ...] = ()


class Column(NamedTuple):
    header: str
    wrap: bool = False  # the column that takes the room left, wrapping its text
    most: int = 0  # a width a no-wrap column is wrapped at when its text is longer (0: none)


Row = tuple[Cell, ...]
Piece = tuple[str, str]  # text, style


class _Widths(dict[str, int]):
    """Each character's display width (rich's tables), looked up once per character."""

    def __missing__(self, ch: str) -> int:
        self[ch] = size = get_character_cell_size(ch)
        return size


_WIDTH = _Widths()


def width_of(text: str) -> int:
    """`text`'s display width in cells."""
    return len(text) if text.isascii() else sum(map(_WIDTH.__getitem__, text))


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, by the rules in the module's docstring.
    Each line's end is found by a binary search over the running widths."""
    if width_of(text) <= width:
        return [text]
    width = max(width, 2)
    ends = list(accumulate(map(_WIDTH.__getitem__, text)))
    lines: list[str] = []
    start, n = 0, len(text)
    while start < n:
        base = ends[start - 1] if start else 0
        cut = bisect_right(ends, base + width, start)
        if cut >= n:
            lines.append(text[start:].rstrip())
            break
        cut = _better_cut(text, start, max(cut, start + 1), width)
        lines.append(text[start:cut].rstrip())
        start = cut
        while start < n and text[start] == " ":  # a space where a line breaks is not printed
            start += 1
    return lines


def _better_cut(text: str, start: int, cut: int, width: int) -> int:
    """Where the line from `start` ends, moved back from the first character that does not
    fit (`cut`) so that the next line does not start with a closing mark, this one does not
    end with an opening mark, and a Latin or digit run that fits a line is not cut (each only
    if the line keeps something)."""
    best = cut
    if _in_run(text, best):
        run, end = best, best
        while run > start and _in_run(text, run):
            run -= 1
        while end < len(text) and text[end] in RUN:
            end += 1
        if run > start and width_of(text[run - 1 : end]) <= width:
            best = run
    if text[best] in NO_START and best - 1 > start:
        best -= 1
    while best - 1 > start and text[best - 1] in NO_END:
        best -= 1
    return best


def _in_run(text: str, k: int) -> bool:
    """Whether characters k-1 and k are of one Latin, digit or date-like run."""
    return text[k - 1] in RUN and text[k] in RUN


class Grid:
    """A table of columns over rows that come from `rows()` (called twice: once to measure,
    once to write), laid out for `width` cells."""

    def __init__(self, columns: list[Column], rows: Callable[[], Iterable[Row]]) -> None:
        self.columns = columns
        self.rows = rows

    def widths(self, width: int) -> list[int]:
        sizes = [width_of(c.header) for c in self.columns]
        measured = [k for k, c in enumerate(self.columns) if not c.wrap]
        for row in self.rows():
            for k in measured:
                size = width_of(row[k].text)
                if size > sizes[k]:
                    sizes[k] = size
        for k, column in enumerate(self.columns):
            if column.most:
                sizes[k] = min(sizes[k], max(column.most, width_of(column.header)))
        fixed = sum(s for k, s in enumerate(sizes) if not self.columns[k].wrap)
        room = width - 1 - fixed - len(GAP) * (len(sizes) - 1)
        flexible = [k for k, c in enumerate(self.columns) if c.wrap]
        for k in flexible:
            sizes[k] = max(room // len(flexible), sizes[k], 8)
        return sizes

    def lines(self, width: int, encoding: str = "utf-8") -> Iterator[list[Piece]]:
        """The table's lines, each as pieces of text and style (the rule under the header in
        `─`, or `-` where the output's encoding lacks it)."""
        sizes = self.widths(width)
        yield _line([(c.header, "bold", ()) for c in self.columns], sizes)
        rule = "─" if _writes("─", encoding) else "-"
        yield [(" " + rule * (sum(sizes) + len(GAP) * (len(sizes) - 1)), "")]
        wrapped = [c.wrap or bool(c.most) for c in self.columns]
        for row in self.rows():
            cells = [
                self._cell(row[k], size) if wrapped[k] else (row[k].text,)
                for k, size in enumerate(sizes)
            ]
            height = max(map(len, cells))
            if height == 1:
                yield _line(
                    [(c[0], row[k].style, row[k].marks) for k, c in enumerate(cells)], sizes
                )
                continue
            for n in range(height):
                texts = [
                    (c[n] if n < len(c) else "", row[k].style, row[k].marks)
                    for k, c in enumerate(cells)
                ]
                yield _line(texts, sizes)

    @staticmethod
    def _cell(cell: Cell, size: int) -> list[str]:
        pad = " " * cell.indent
        return [pad + line for line in wrap(cell.text, max(size - cell.indent, 2))]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for pieces in self.lines(options.max_width, options.encoding):
            for text, style in pieces:
                yield Segment(text, Style.parse(style) if style else None)
            yield Segment.line()

    def write(self, console: Console) -> None:
        """Straight to the console's file, a line at a time, coloured as the console is. A
        reader that stops reading (`| head`) ends the table there, quietly, as it would end
        any program's output."""
        try:
            self._write(console)
        except BrokenPipeError:
            _quiet(console.file)

    def _write(self, console: Console) -> None:
        system = _SYSTEMS.get(console.color_system or "")
        styles: dict[str, Style] = {}
        out = console.file
        for pieces in self.lines(console.width, console.encoding):
            if system is None:
                out.write("".join(text for text, _ in pieces) + "\n")
                continue
            parts = []
            for text, style in pieces:
                if style and text:
                    found = styles.get(style) or styles.setdefault(style, Style.parse(style))
                    parts.append(found.render(text, color_system=system))
                else:
                    parts.append(text)
            out.write("".join(parts) + "\n")
        out.flush()


def _quiet(out: IO[str]) -> None:
    """What is still buffered for a closed pipe goes nowhere (so that flushing it at exit
    does not fail again)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _writes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}


def _line(cells: list[tuple[str, str, tuple[str, ...]]], sizes: list[int]) -> list[Piece]:
    """One printed line: the cells padded to their columns, nothing after the last text."""
    last = len(cells) - 1
    while last >= 0 and not cells[last][0]:
        last -= 1
    pieces: list[Piece] = [(" ", "")]
    for k in range(last + 1):
        text, style, marks = cells[k]
        if k:
            pieces.append((GAP, ""))
        pieces += _marked(text, style, marks) if marks else [(text, style)]
        if k < last:
            pieces.append((" " * (sizes[k] - width_of(text)), ""))
    return pieces


def _marked(text: str, style: str, marks: tuple[str, ...]) -> list[Piece]:
    """`text` in pieces, the marked words in reverse video (a search's finds)."""
    folded, wanted = text.casefold(), [m.casefold() for m in marks if m]
    hit = [False] * len(text)
    for word in wanted:
        at = folded.find(word)
        while at >= 0:
            hit[at : at + len(word)] = [True] * len(word)
            at = folded.find(word, at + 1)
    pieces: list[Piece] = []
    k = 0
    while k < len(text):
        end = k
        while end < len(text) and hit[end] == hit[k]:
            end += 1
        pieces.append((text[k:end], f"{style} reverse".strip() if hit[k] else style))
        k = end
    return pieces
