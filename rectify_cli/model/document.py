"""The notice of a schema-2 plan as data: its blocks in order, its layout, numbering and status
words (docs/plan-format.md). Pure: no I/O.

Every printed character lives in exactly one field, verbatim. Only two things are generated:
markers, from a numbering style and a node's position (a literal `marker` where the office
numbered irregularly), and bound spans, the status words that the ledger's roll-up decides.
The findings themselves are the plan's ledger tree (plan.py); how a node prints is its `Form`.
"""

from __future__ import annotations

from typing import NamedTuple

from .numbering import cn
from .status import Status

NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
NEWLINE_NAMES = {v: k for k, v in NEWLINES.items()}


class Layout(NamedTuple):
    """The plan-wide defaults of how lines print: a line's end and indent, the blank lines
    between two paragraphs, whether the last line ends, and a byte-order mark."""

    newline: str = "\n"
    indent: str = ""
    blank_lines: int = 0
    final_newline: bool = True
    bom: bool = False


class Spacing(NamedTuple):
    """One paragraph's exceptions to the layout; None is the layout's. `blank_before` holds
    each blank line before the paragraph as printed, its line end included."""

    indent: str | None = None
    blank_before: tuple[str, ...] | None = None
    newline: str | None = None


PLAIN = Spacing()


class Segment(NamedTuple):
    """A piece of a finding's body, in print order. `kind`: `measures` (the next `taken` of
    the item's measures, all remaining when None; `paragraphs` prints one a line), `label`
    (整改情况：), `text` (printed as it is), `results` (text too: the item's results, 整改成效,
    as the ledger shows them), `status` (a status line whose status word the
    roll-up decides). `run_in` continues the line before instead of starting one. (`count`
    is named `taken`: a tuple's own `count` method has that name.)"""

    kind: str
    text: str = ""
    run_in: bool = False
    taken: int | None = None
    paragraphs: bool = False
    spacing: Spacing = PLAIN


class Form(NamedTuple):
    """How a node of the findings prints: its literal marker (None: generated), its title
    line's spacing, an item's body (None: its measures run in after its title) and its
    measures' numbering style (None: the plan's), or a group's lead paragraphs."""

    marker: str | None = None
    spacing: Spacing = PLAIN
    body: tuple[Segment, ...] | None = None
    style: str | None = None
    titled: bool = True


class Text(NamedTuple):
    """A paragraph printed as it is: `role` is title, docno, addressee, opening, preface, text,
    closing, contact, signature, date or editor."""

    role: str
    text: str
    spacing: Spacing = PLAIN


class Statistics(NamedTuple):
    """A statistics paragraph: its published text; with `live`, the template filled from the
    roll-up instead (docs/plan-format.md lists the names a template may use)."""

    text: str
    template: str | None = None
    live: bool = False
    spacing: Spacing = PLAIN


class Point(NamedTuple):
    """A numbered point of a part that is not a finding ((一)加强组织领导。…, 一是…)."""

    text: str
    marker: str | None = None
    spacing: Spacing = PLAIN


Lead = Text | Statistics | Point


class Part(NamedTuple):
    """A 一、 part (heading None: a notice without that level). A findings or status-group part
    prints the top-level findings numbered in `findings` (1-based, in file order) after its
    blocks; with `node`, the part is itself the one finding it holds, its heading that
    finding's title. A status-group part prints the findings whose status is `status`."""

    heading: str | None
    role: str  # overview, findings, status_group, next_steps, other
    blocks: tuple[Lead, ...] = ()
    findings: tuple[int, ...] = ()
    status: Status | None = None
    marker: str | None = None
    style: str | None = None  # its points' numbering, when not the plan's
    node: bool = False
    spacing: Spacing = PLAIN


Block = Text | Statistics | Part

ROLES_HEAD = ("title", "docno", "addressee", "opening", "preface", "text")
ROLES_TAIL = ("closing", "contact", "signature", "date", "editor")
PART_ROLES = ("overview", "findings", "status_group", "next_steps", "other")


class Numbering(NamedTuple):
    """The marker styles: parts, points, each depth of the findings, measures."""

    parts: str = "{cn}、"
    points: str = "（{cn}）"
    findings: tuple[str, ...] = ("（{cn}）", "{n}.", "（{n}）")
    measures: str = "{cn}是"

    def finding(self, depth: int) -> str:
        styles = self.findings or ("",)
        return styles[min(depth, len(styles) - 1)]


class Document(NamedTuple):
    """The whole notice of a schema-2 plan."""

    blocks: tuple[Block, ...]
    layout: Layout = Layout()
    numbering: Numbering = Numbering()
    statuses: tuple[tuple[str, Status], ...] = ()
    trailing: tuple[str, ...] = ()  # blank lines after the last paragraph, as printed

    def word(self, status: Status) -> str:
        """The word the notice prints for `status`: the first its vocabulary maps to it."""
        for word, meant in self.statuses:
            if meant is status:
                return word
        return DEFAULT_WORDS[status]

    def meaning(self, word: str) -> Status | None:
        for known, meant in self.statuses:
            if known == word:
                return meant
        return None


DEFAULT_WORDS = {
    Status.TODO: "未开始",
    Status.DOING: "正在整改",
    Status.DONE: "已完成",
    Status.ONGOING: "长期坚持",
}


def numbered(style: str, n: int) -> str:
    """A marker from its style and a position: `（{cn}）`, 3 → `（三）`; `{circled}`, 2 → `②`.

    >>> numbered("{cn}、", 12), numbered("{n}．", 3), numbered("{circled}", 2), numbered("", 4)
    ('十二、', '3．', '②', '')
    """

    if "{" not in style:
        return style
    if "{cn}" in style:
        style = style.replace("{cn}", cn(n) if 0 < n < 1000 else str(n))  # (past 999: literal)
    if "{circled}" in style:
        style = style.replace("{circled}", chr(0x2460 + n - 1) if 0 < n <= 20 else f"({n})")
    return style.replace("{n}", str(n))
