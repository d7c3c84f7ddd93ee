"""The plan's own line ends, kept on every write.

A plan is read with every line ending in LF (`lf`): CR LF and a bare CR, which YAML reads as
line breaks too, are read as LF, so that every position, line and splice (splice.py) is worked
out the same way whatever the file's convention. On writing, the splices are carried back to
the text as the file has it (`carry`): each line the edit does not touch keeps its own end, a
line whose value changes keeps its end, and each new line takes the end of the nearest line
break before it in the file (after it, at the top; LF in a file without any). The one
exception: a bare CR cannot stand before an empty line ending in LF, as the two would read as
one CR LF and the empty line would be gone; a new line there takes LF, and an old line brought
there by a removal ends in CR LF. A whole new text (`migrate`) takes the end most of the file's
lines have (`rewritten`).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .splice import Splice

_ENDS = re.compile(r"\r\n?|\n")


def lf(text: str) -> str:
    """The text with every CR LF and bare CR read as LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def carry(written: str, splices: list[Splice], new_text: str) -> list[Splice] | None:
    """The splices made on lf(written) (giving `new_text`), as splices of `written` itself,
    in its own line ends (see the module's docstring); None if the result would not read as
    `new_text` line for line."""
    if "\r" not in written:
        return splices
    from .splice import Splice, apply

    crlfs = [m.start() - n for n, m in enumerate(re.finditer("\r\n", written))]
    carried: list[Splice] = []
    for s in _touching_joined(splices):
        start = s.start + bisect.bisect_left(crlfs, s.start)
        end = s.end + bisect.bisect_left(crlfs, s.end)
        text = s.text.replace("\n", _near(written, start, end)) if "\n" in s.text else s.text
        if written.startswith("\n", end):  # an empty line ending in LF after the splice
            if text.endswith("\r"):
                text = text[:-1] + "\n"  # a new line's bare CR would join that LF
            elif not text and written.startswith("\r", start - 1) and start:
                text = "\n"  # so would an old line's bare CR: it ends in CR LF
        carried.append(Splice(start, end, text))
    if lf(apply(written, carried)) != new_text:
        return None
    return carried


def _touching_joined(splices: list[Splice]) -> list[Splice]:
    """The splices in order, those that touch joined into one (two lines removed one after
    the other bring the lines on either side together as one removal does)."""
    from .splice import Splice

    joined: list[Splice] = []
    for s in sorted(splices, key=lambda s: (s.start, s.end)):
        if joined and joined[-1].end == s.start:
            joined[-1] = Splice(joined[-1].start, s.end, joined[-1].text + s.text)
        else:
            joined.append(s)
    return joined


def _near(written: str, start: int, end: int) -> str:
    """The end of the nearest line break before `start`, else the first after `end`, else LF."""
    at = max(written.rfind("\n", 0, start), written.rfind("\r", 0, start))
    if at >= 0:
        return "\r\n" if written.startswith("\r\n", at - 1) else written[at]
    m = _ENDS.search(written, end)
    return m.group() if m else "\n"


def rewritten(written: str, new_text: str) -> str:
    """A whole new text (LF only) in the line end most of the file's lines have (LF, then
    CR LF, then CR on a tie)."""
    ends = [m.group() for m in _ENDS.finditer(written)]
    common = max(("\n", "\r\n", "\r"), key=ends.count)
    return new_text if common == "\n" else new_text.replace("\n", common)
