"""A schema-2 plan's notice as paragraphs, joined from its fields (docs/plan-format.md).

Pure: the plan in, paragraphs out. Nothing is added or stripped: a paragraph is its marker and
its fields' text as the plan holds them; the markers come from the numbering styles and the
nodes' positions, the status words of status lines, marks and status groups from the roll-up.
Every format prints these paragraphs: text joins them with the layout's line ends and indents.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..model.document import (
    PLAIN,
    Document,
    Part,
    Point,
    Segment,
    Spacing,
    Statistics,
    Text,
    numbered,
)
from ..model.numbering import rate_text
from ..model.plan import Counts, Group, Item, Measure, Plan, Status, count
from .blocks import Block
from .statuses import end_mark, line_word, status_of


class Para(NamedTuple):
    """One printed paragraph: `role` (title, part, point, finding, item, measure, body, text,
    statistics, closing, signature, date…), its depth in the findings (0 outside them), its
    marker and the rest of its text."""

    role: str
    depth: int
    marker: str
    text: str
    spacing: Spacing = PLAIN

    @property
    def line(self) -> str:
        return self.marker + self.text


def paragraphs(plan: Plan, day: date | None = None, live: bool = False) -> list[Para]:
    """The notice of a schema-2 plan, paragraph by paragraph; with `live`, every statistics
    paragraph that has a template is filled from the roll-up (`report --stats`)."""
    doc = plan.document
    assert doc is not None
    out: list[Para] = []
    nodes = {c.path[-1]: c for c in plan.categories}
    members = _members(doc, plan)
    part_no = 0
    for block in doc.blocks:
        if isinstance(block, Text):
            out.append(Para(block.role, 0, "", block.text, block.spacing))
        elif isinstance(block, Statistics):
            out.append(Para("statistics", 0, "", _statistic(block, plan, day, live), block.spacing))
        else:
            if block.heading is not None or block.node:
                part_no += 1
            shown = [nodes[n] for n in members[id(block)]]
            _part(out, block, part_no, doc, shown, plan, day, live)
            if live and block is _first_overview(doc) and not _has_statistics(doc):
                out.append(Para("statistics", 0, "", _sentence(plan, day)))
    return out


def _first_overview(doc: Document) -> Part | None:
    return next((b for b in doc.blocks if isinstance(b, Part) and b.role == "overview"), None)


def _has_statistics(doc: Document) -> bool:
    leads = [x for b in doc.blocks if isinstance(b, Part) for x in b.blocks]
    return any(isinstance(b, Statistics) for b in [*doc.blocks, *leads])


def _sentence(plan: Plan, day: date | None) -> str:
    """`report --stats` on a notice with no statistics paragraph: the standard sentence, after
    its first overview part, as schema 1 prints it."""
    from .blocks import stats_sentence

    on = day or date.today()
    return stats_sentence(count(plan.items(), on), on, plan.full_width)


def _members(doc: Document, plan: Plan) -> dict[int, tuple[int, ...]]:
    """The findings each part prints: a status-group part those published in it whose status
    is still its own or has no group, and those whose status has moved to its own (to the
    first group of that status); every other part its own."""
    parts = [b for b in doc.blocks if isinstance(b, Part)]
    groups: dict[Status, Part] = {}
    for p in parts:  # the first group of each status (基本完成 and 阶段性完成 are both doing)
        if p.role == "status_group" and p.status is not None:
            groups.setdefault(p.status, p)
    found: dict[int, list[int]] = {id(p): [] for p in parts}
    nodes = {c.path[-1]: c for c in plan.categories}
    for part in parts:
        for n in part.findings:
            status = nodes[n].status
            home = part
            if part.role == "status_group" and part.status is not status:
                home = groups.get(status, part)
            found[id(home)].append(n)
    return {key: tuple(sorted(ns)) for key, ns in found.items()}


def _part(
    out: list[Para], part: Part, number: int, doc: Document, nodes: list[Group | Item],
    plan: Plan, day: date | None, live: bool,
) -> None:  # fmt: skip
    if part.node:
        for node in nodes:
            _node(out, node, 0, number, doc, doc.numbering.parts, "part")
        return
    if part.heading is not None:
        mark = _marker(part.marker, doc.numbering.parts, number)
        out.append(Para("part", 0, mark, part.heading, part.spacing))
    point = 0
    for lead in part.blocks:
        if isinstance(lead, Point):
            point += 1
            style = part.style if part.style is not None else doc.numbering.points
            mark = lead.marker if lead.marker is not None else numbered(style, point)
            out.append(Para("point", 0, mark, lead.text, lead.spacing))
        elif isinstance(lead, Statistics):
            out.append(Para("statistics", 0, "", _statistic(lead, plan, day, live), lead.spacing))
        else:
            out.append(Para(lead.role, 0, "", lead.text, lead.spacing))
    for position, node in enumerate(nodes, 1):
        _node(out, node, 0, position, doc, doc.numbering.finding(0), "finding")


def _marker(form_marker: str | None, style: str, position: int) -> str:
    return form_marker if form_marker is not None else numbered(style, position)


def _node(
    out: list[Para], node: Group | Item, depth: int, position: int, doc: Document, style: str,
    role: str,
) -> None:  # fmt: skip
    form = node.form
    marker = _marker(form.marker if form else None, style, position)
    spacing = form.spacing if form else PLAIN
    if isinstance(node, Item):
        _item(out, node, depth, marker, doc, role)
        return
    out.append(Para(role, depth, marker, node.title, spacing))
    for segment in form.body or () if form else ():
        out.append(Para("text", depth, "", segment.text, segment.spacing))
    below = doc.numbering.finding(depth + 1)
    for child in node.children:
        _node(out, child, depth + 1, child.path[-1], doc, below, "finding")


def _item(out: list[Para], item: Item, depth: int, marker: str, doc: Document, role: str) -> None:
    form = item.form
    body = form.body if form is not None and form.body is not None else (_RUN_IN,)
    style = form.style if form is not None and form.style is not None else doc.numbering.measures
    line: list[str] | None = None  # the paragraph being written: its marker and its text
    spacing = form.spacing if form is not None else PLAIN
    kind = "item"
    if form is None or form.titled:
        line = [marker, item.title]
        kind = role if role == "part" else "item"
    measures = list(item.measures)

    def flush() -> None:
        nonlocal line
        if line is not None:
            out.append(Para(kind, depth, line[0], line[1], spacing))
        line = None

    for segment in body:
        if segment.kind == "measures":
            taken = measures[: len(measures) if segment.taken is None else segment.taken]
            del measures[: len(taken)]
            for n, m in enumerate(taken):
                mark, rest = _measure_parts(m, style, doc)
                joins = segment.run_in if n == 0 else not segment.paragraphs
                if line is not None and joins:
                    line[1] += mark + rest
                    continue
                flush()
                line, kind = [mark, rest], "measure"
                if segment.paragraphs:
                    spacing = m.form.spacing if m.form is not None else PLAIN
                else:
                    spacing = segment.spacing
            continue
        text = segment.text
        if segment.kind == "status":
            text = _status_line(text, item.status, doc)
        if segment.run_in and line is not None:
            line[1] += text
            continue
        flush()
        line, spacing, kind = ["", text], segment.spacing, "body"
    flush()


_RUN_IN = Segment("measures", run_in=True)


def _measure_parts(m: Measure, style: str, doc: Document) -> tuple[str, str]:
    """A measure's marker and its text, its status mark as its status prints."""
    form = m.form
    mark = _marker(form.marker if form is not None else None, style, m.path[-1])
    return mark, _mark(m.text, m.status, doc)


def _mark(text: str, status: Status, doc: Document) -> str:
    """A measure's text with its status mark, if it ends with one, as its status prints."""
    return _bound(text, end_mark(text), status, doc)


def _status_line(text: str, status: Status, doc: Document) -> str:
    """A status line with its word as the item's status prints."""
    found = line_word(text)
    return _bound(text, found[1:] if found else None, status, doc)


def _bound(text: str, span: tuple[int, int] | None, status: Status, doc: Document) -> str:
    """`text` with the status word at `span` as `status` prints, if it is a status word."""
    if span is None or _meaning(text[span[0] : span[1]], doc) is None:
        return text
    start, end = span
    return text[:start] + _printed(text[start:end], status, doc) + text[end:]


def _meaning(word: str, doc: Document) -> Status | None:
    meant = doc.meaning(word)
    return meant if meant is not None else status_of(word)


def _printed(word: str, status: Status, doc: Document) -> str:
    """`word` if it means `status`, else the vocabulary's word for `status`."""
    return word if _meaning(word, doc) is status else doc.word(status)


def _statistic(block: Statistics, plan: Plan, day: date | None, live: bool) -> str:
    if not (block.live or live) or block.template is None:
        return block.text
    on = day or date.today()
    return fill(block.template, plan, count(plan.items(), on), on)


def fill(template: str, plan: Plan, counts: Counts, on: date) -> str:
    """A statistics template filled from the roll-up: the names of model/statistics.py's
    TEMPLATE_NAMES (a plan's templates use no other: planfile/schema2.py checks them)."""
    names = {
        "as_of": f"{on.year}年{on.month}月{on.day}日",
        "categories": len(plan.categories),
        "items": counts.total_items,
        "measures": counts.total_measures,
        "done": counts.items[Status.DONE],
        "doing": counts.items[Status.DOING],
        "todo": counts.items[Status.TODO],
        "ongoing": counts.items[Status.ONGOING],
        "open": counts.items[Status.DOING] + counts.items[Status.TODO],
        "done_measures": counts.measures[Status.DONE],
        "rate": rate_text(counts.rate),
    }
    return template.format_map(names)


def join(paras: list[Para], doc: Document) -> str:
    """The notice as text: each paragraph's indent, marker, text and line end, the blank
    lines between them, as the layout and each paragraph's spacing say."""
    layout = doc.layout
    between = (layout.newline,) * layout.blank_lines
    out = ["\ufeff"] if layout.bom else []
    last = len(paras) - 1
    for n, p in enumerate(paras):
        s = p.spacing
        _add_lines(out, s.blank_before if s.blank_before is not None else between if n else ())
        out.append(layout.indent if s.indent is None else s.indent)
        out.append(p.marker)
        out.append(p.text)
        if n < last or layout.final_newline or doc.trailing:
            out.append(layout.newline if s.newline is None else s.newline)
    _add_lines(out, doc.trailing)
    return "".join(out)


def _add_lines(out: list[str], lines: tuple[str, ...] | list[str]) -> None:
    """Blank (or trailing) lines after what `out` holds. A line ending in a bare CR that an
    edit moved before an empty line ending in LF would read as one CR LF with it, the empty
    line gone: that line ends in CR LF instead (a notice as read never has the two together)."""
    if lines and lines[0].startswith("\n") and out and out[-1].endswith("\r"):
        out[-1] += "\n"
    out += lines


# How each paragraph is shown where formats tell levels apart (Markdown headings, HTML tags,
# Word styles): the kinds schema 1's blocks have (blocks.py), and the tail's roles.
_KINDS = {"title": "title", "part": "part", "statistics": "stats", "text": "paragraph",
          "point": "paragraph"}  # fmt: skip


def as_blocks(
    plan: Plan, day: date | None = None, live: bool = False, title: bool = False
) -> list[Block]:
    """The paragraphs as the blocks every template and the Word writer take: the same text,
    each paragraph's marker and text, with the kind its role and depth give. With `title`, a
    notice that prints no title line gets the plan's title as its heading (Markdown, HTML,
    Word: a document has a title even where the web page printed none)."""
    assert plan.document is not None
    found = []
    printed = any(isinstance(b, Text) and b.role == "title" for b in plan.document.blocks)
    if title and plan.title and not printed:
        found.append(Block("title", "", plan.title))
    for p in paragraphs(plan, day, live):
        kind = _KINDS.get(p.role)
        if kind is None and p.role == "finding":
            kind = "category" if p.depth == 0 else "problem"
        found.append(Block(kind or p.role, p.marker, p.text))
    return found
