"""The notice of a schema-2 plan as data: its blocks in order, its layout, numbering and status
words (docs/plan-format.md). Pure: no I/O.

Every printed character lives in exactly one field, verbatim. Only two things are generated:
markers, from a numbering style and a node's position (a literal `marker` where the office
numbered irregularly), and bound spans, the status words that the ledger's roll-up decides.
The findings themselves are the plan's ledger tree (plan.py); how a node prints is its `Form`.
"""

from __future__ import annotations

from ..records import Record
from .numbering import cn
from .status import Status

NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
NEWLINE_NAMES = {v: k for k, v in NEWLINES.items()}


def blank(text: str) -> bool:
    """Whether a notice's line (its text, without its end) is blank: whitespace of any kind
    (the first line's BOM aside), nothing else. The importer reads such a line as a blank line
    and a plan's `blank_before` holds it as one: the one rule for both, so that every notice
    imports to a plan that validates.

    >>> [blank(t) for t in ("", "\u3000 ", "\u2003", "\\x0c", "\\ufeff", "\u200b", "。")]
    [True, True, True, True, True, False, False]
    """
    return not text.removeprefix("\ufeff").strip()


class Layout(Record):
    """The plan-wide defaults of how lines print: a line's end and indent, the blank lines
    between two paragraphs, whether the last line ends, and a byte-order mark."""

    __slots__ = _fields = ("newline", "indent", "blank_lines", "final_newline", "bom")
    newline: str
    indent: str
    blank_lines: int
    final_newline: bool
    bom: bool

    def __init__(
        self,
        newline: str = "\n",
        indent: str = "",
        blank_lines: int = 0,
        final_newline: bool = True,
        bom: bool = False,
    ) -> None:
        put = object.__setattr__
        put(self, "newline", newline)
        put(self, "indent", indent)
        put(self, "blank_lines", blank_lines)
        put(self, "final_newline", final_newline)
        put(self, "bom", bom)


LAYOUT = Layout()


class Spacing(Record):
    """One paragraph's exceptions to the layout; None is the layout's. `blank_before` holds
    each blank line before the paragraph as printed, its line end included."""

    __slots__ = _fields = ("indent", "blank_before", "newline")
    indent: str | None
    blank_before: tuple[str, ...] | None
    newline: str | None

    def __init__(
        self,
        indent: str | None = None,
        blank_before: tuple[str, ...] | None = None,
        newline: str | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "indent", indent)
        put(self, "blank_before", blank_before)
        put(self, "newline", newline)


PLAIN = Spacing()


class Segment(Record):
    """A piece of a finding's body, in print order. `kind`: `measures` (the next `taken` of
    the item's measures, all remaining when None; `paragraphs` prints one a line), `label`
    (整改情况：), `text` (printed as it is), `results` (text too: the item's results, 整改成效,
    as the ledger shows them), `status` (a status line whose status word the
    roll-up decides). `run_in` continues the line before instead of starting one."""

    __slots__ = _fields = ("kind", "text", "run_in", "taken", "paragraphs", "spacing")
    kind: str
    text: str
    run_in: bool
    taken: int | None
    paragraphs: bool
    spacing: Spacing

    def __init__(
        self,
        kind: str,
        text: str = "",
        run_in: bool = False,
        taken: int | None = None,
        paragraphs: bool = False,
        spacing: Spacing = PLAIN,
    ) -> None:
        put = object.__setattr__
        put(self, "kind", kind)
        put(self, "text", text)
        put(self, "run_in", run_in)
        put(self, "taken", taken)
        put(self, "paragraphs", paragraphs)
        put(self, "spacing", spacing)


class Form(Record):
    """How a node of the findings prints: its literal marker (None: generated), its title
    line's spacing, an item's body (None: its measures run in after its title) and its
    measures' numbering style (None: the plan's), or a group's lead paragraphs."""

    __slots__ = _fields = ("marker", "spacing", "body", "style", "titled")
    marker: str | None
    spacing: Spacing
    body: tuple[Segment, ...] | None
    style: str | None
    titled: bool

    def __init__(
        self,
        marker: str | None = None,
        spacing: Spacing = PLAIN,
        body: tuple[Segment, ...] | None = None,
        style: str | None = None,
        titled: bool = True,
    ) -> None:
        put = object.__setattr__
        put(self, "marker", marker)
        put(self, "spacing", spacing)
        put(self, "body", body)
        put(self, "style", style)
        put(self, "titled", titled)


NO_FORM = Form()


def lean(form: Form | None) -> Form | None:
    """None for a node that prints as the plan's defaults say: most nodes, none stored."""
    if form is None:
        return None
    plain = form.spacing is PLAIN or form.spacing == PLAIN
    default = form.marker is None and form.body is None and form.style is None and form.titled
    return None if plain and default else form


class Text(Record):
    """A paragraph printed as it is: `role` is title, docno, addressee, opening, preface, text,
    closing, contact, signature, date or editor."""

    __slots__ = _fields = ("role", "text", "spacing")
    role: str
    text: str
    spacing: Spacing

    def __init__(self, role: str, text: str, spacing: Spacing = PLAIN) -> None:
        put = object.__setattr__
        put(self, "role", role)
        put(self, "text", text)
        put(self, "spacing", spacing)


class Statistics(Record):
    """A statistics paragraph: its published text; with `live`, the template filled from the
    roll-up instead (docs/plan-format.md lists the names a template may use)."""

    __slots__ = _fields = ("text", "template", "live", "spacing")
    text: str
    template: str | None
    live: bool
    spacing: Spacing

    def __init__(
        self,
        text: str,
        template: str | None = None,
        live: bool = False,
        spacing: Spacing = PLAIN,
    ) -> None:
        put = object.__setattr__
        put(self, "text", text)
        put(self, "template", template)
        put(self, "live", live)
        put(self, "spacing", spacing)


class Point(Record):
    """A numbered point of a part that is not a finding ((一)加强组织领导。…, 一是…)."""

    __slots__ = _fields = ("text", "marker", "spacing")
    text: str
    marker: str | None
    spacing: Spacing

    def __init__(self, text: str, marker: str | None = None, spacing: Spacing = PLAIN) -> None:
        put = object.__setattr__
        put(self, "text", text)
        put(self, "marker", marker)
        put(self, "spacing", spacing)


Lead = Text | Statistics | Point


class Part(Record):
    """A 一、 part (heading None: a notice without that level). A findings or status-group part
    prints the top-level findings numbered in `findings` (1-based, in file order) after its
    blocks; with `node`, the part is itself the one finding it holds, its heading that
    finding's title. A status-group part prints the findings whose status is `status`."""

    __slots__ = _fields = (
        "heading",
        "role",
        "blocks",
        "findings",
        "status",
        "marker",
        "style",
        "node",
        "spacing",
    )
    heading: str | None
    role: str  # overview, findings, status_group, next_steps, other
    blocks: tuple[Lead, ...]
    findings: tuple[int, ...]
    status: Status | None
    marker: str | None
    style: str | None  # its points' numbering, when not the plan's
    node: bool
    spacing: Spacing

    def __init__(
        self,
        heading: str | None,
        role: str,
        blocks: tuple[Lead, ...] = (),
        findings: tuple[int, ...] = (),
        status: Status | None = None,
        marker: str | None = None,
        style: str | None = None,
        node: bool = False,
        spacing: Spacing = PLAIN,
    ) -> None:
        put = object.__setattr__
        put(self, "heading", heading)
        put(self, "role", role)
        put(self, "blocks", blocks)
        put(self, "findings", findings)
        put(self, "status", status)
        put(self, "marker", marker)
        put(self, "style", style)
        put(self, "node", node)
        put(self, "spacing", spacing)


Block = Text | Statistics | Part

ROLES_HEAD = ("title", "docno", "addressee", "opening", "preface", "text")
ROLES_TAIL = ("closing", "contact", "signature", "date", "editor")
PART_ROLES = ("overview", "findings", "status_group", "next_steps", "other")


class Numbering(Record):
    """The marker styles: parts, points, each depth of the findings, measures."""

    __slots__ = _fields = ("parts", "points", "findings", "measures")
    parts: str
    points: str
    findings: tuple[str, ...]
    measures: str

    def __init__(
        self,
        parts: str = "{cn}、",
        points: str = "（{cn}）",
        findings: tuple[str, ...] = ("（{cn}）", "{n}.", "（{n}）"),
        measures: str = "{cn}是",
    ) -> None:
        put = object.__setattr__
        put(self, "parts", parts)
        put(self, "points", points)
        put(self, "findings", findings)
        put(self, "measures", measures)

    def finding(self, depth: int) -> str:
        styles = self.findings or ("",)
        return styles[min(depth, len(styles) - 1)]


NUMBERING = Numbering()


class Document(Record):
    """The whole notice of a schema-2 plan."""

    __slots__ = _fields = ("blocks", "layout", "numbering", "statuses", "trailing")
    blocks: tuple[Block, ...]
    layout: Layout
    numbering: Numbering
    statuses: tuple[tuple[str, Status], ...]
    trailing: tuple[str, ...]  # blank lines after the last paragraph, as printed

    def __init__(
        self,
        blocks: tuple[Block, ...],
        layout: Layout = LAYOUT,
        numbering: Numbering = NUMBERING,
        statuses: tuple[tuple[str, Status], ...] = (),
        trailing: tuple[str, ...] = (),
    ) -> None:
        put = object.__setattr__
        put(self, "blocks", blocks)
        put(self, "layout", layout)
        put(self, "numbering", numbering)
        put(self, "statuses", statuses)
        put(self, "trailing", trailing)

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
        style = style.replace("{cn}", cn(n) if n > 0 else str(n))
    if "{circled}" in style:
        style = style.replace("{circled}", chr(0x2460 + n - 1) if 0 < n <= 20 else f"({n})")
    return style.replace("{n}", str(n))
