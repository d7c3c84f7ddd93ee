"""Any office's notice → a schema-2 plan whose report gives the notice back, byte for byte.

Built on the notice's reading (lines.py → outline.py → findings.py): every line becomes a field
of the plan, verbatim, where it stood: a head or tail paragraph with its role, a part with its
points, a finding with its body (label, measures, status line, text). The layout (line ends,
indent, blank lines, BOM, final newline) is read as the defaults the most lines share, and
each other line keeps its own. A marker that its style and position do not give back is kept
literally. The plan is checked by rendering it: should that not give the text back, status
words are kept as plain text, and failing that every line is kept as a plain paragraph, each
with a warning, so that no text is ever lost.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ..model.document import (
    PLAIN,
    Document,
    Form,
    Layout,
    Numbering,
    Part,
    Point,
    Segment,
    Spacing,
    Statistics,
    Text,
    lean,
    numbered,
)
from ..model.numbering import CATEGORY, PROBLEM
from ..model.plan import Group, Item, Ledger, Measure, Plan, Status
from ..model.statistics import template
from . import assemble
from .findings import Node, levelled, run_in, tree
from .lines import Line, classify
from .outline import Part as OutlinePart
from .outline import outline
from .statuses import end_mark, group_word, line_word, printed, status_of

_POINT_KINDS = ("paren_cn", "paren_arabic", "arabic", "shi", "circled")
_MEASURE_LABEL = re.compile(r"整改(?:落实)?情况|整改措施")
_TRAILING_LABEL = re.compile(r"(?:整改(?:落实)?情况|整改措施)[:：]$")
_RESULT_LABEL = re.compile(r"整改结果|整改成效|整改进度|整改进展|完成情况")
_HEAD_ROLES = frozenset(
    {"title", "docno", "addressee", "opening", "preface", "closing", "contact", "signature",
     "date", "editor"}
)  # fmt: skip
_TERMINAL = "。！？!?；;：:”’」』）)"


class Found(NamedTuple):
    """What the importer made of a notice: the plan, a warning per line it could not place
    (line number, message key), and each line's classification (for --explain)."""

    plan: Plan
    warnings: list[tuple[int, str]]
    lines: list[Line]
    truncated: bool


def read_notice(text: str, title: str | None = None) -> Found:
    """The schema-2 plan of a notice's text (never fails on text: see the module). The text
    is one that decoding gives (decode_notice): a lone surrogate, which no encoding of text
    can hold and YAML cannot write, is not text."""
    from ..planfile.loader import paused_gc

    with paused_gc():  # a large tree of acyclic objects: a collection would walk it for nothing
        return _read(text, title)


def _read(text: str, title: str | None) -> Found:
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    lines = classify(body)
    warnings: list[tuple[int, str]] = []
    truncated = _truncated(lines)
    for bind in (True, False):
        builder = _Builder(lines, bom, bind, title)
        plan = builder.plan()
        if assemble.join(assemble.paragraphs(plan), _doc(plan)) == text:
            if not bind:
                warnings.append((0, "status_words_unbound"))
            kept = [(n, "kept_as_text") for n in builder.kept]
            return Found(plan, warnings + kept, lines, truncated)
    plan = _plain(lines, bom, title)
    warnings.append((0, "kept_as_text"))
    return Found(plan, warnings, lines, truncated)


def _doc(plan: Plan) -> Document:
    assert plan.document is not None
    return plan.document


def _truncated(lines: list[Line]) -> bool:
    """Whether the text stops mid-sentence: its last line is no signature, date, contact or
    editor line (which end without punctuation) and does not end a sentence."""
    last = next((line for line in reversed(lines) if line.kind != "blank"), None)
    if last is None or last.kind in _UNENDED:
        return False
    return not last.text.rstrip().endswith(tuple(_TERMINAL))


_UNENDED = frozenset({"signature", "date", "editor", "title", "docno", "addressee", "contact"})


def _most(values: list[str], default: str) -> str:
    return Counter(values).most_common(1)[0][0] if values else default


class _Builder:
    def __init__(self, lines: list[Line], bom: bool, bind: bool, title: str | None) -> None:
        self.lines = lines
        self.bind = bind
        self.title = title
        texts = [line for line in lines if line.kind != "blank"]
        last = texts[-1] if texts else None
        ends = [line.end for line in lines if line.end]
        indents = [line.indent for line in texts]
        self.before: dict[int, tuple[str, ...]] = {}
        gaps: list[int] = []
        blanks: list[str] = []
        for line in lines:
            if line.kind == "blank":
                blanks.append(line.indent + line.marker + line.rest + line.end)
                continue
            self.before[line.number] = tuple(blanks)
            if line.number != texts[0].number:
                gaps.append(len(blanks))
            blanks = []
        self.trailing = tuple(blanks)
        newline = _most(ends, "\n")
        self.layout = Layout(
            newline=newline,
            indent=_most(indents, ""),
            blank_lines=Counter(gaps).most_common(1)[0][0] if gaps else 0,
            final_newline=last is None or bool(last.end) or bool(self.trailing),
            bom=bom,
        )
        self.last = last
        self.first = texts[0].number if texts else 0
        self.kept: list[int] = []
        self.categories: list[Group | Item] = []
        self.numbering = Numbering()
        self.styles: dict[int, str] = {}

    # -- layout --------------------------------------------------------------------------

    def spacing(self, line: Line) -> Spacing:
        layout = self.layout
        blanks = self.before.get(line.number, ())
        default = () if line.number == self.first else (layout.newline,) * layout.blank_lines
        last = line is self.last
        end = line.end
        newline: str | None = None
        if not (last and not end) and end != layout.newline:
            newline = end
        return Spacing(
            indent=None if line.indent == layout.indent else line.indent,
            blank_before=None if blanks == default else blanks,
            newline=newline,
        )

    # -- the plan ------------------------------------------------------------------------

    def plan(self) -> Plan:
        found = outline(self.lines)
        first = next((p.heading for p in found.parts if p.heading is not None), None)
        if first is not None:
            self.numbering = self.numbering._replace(parts=first.style)
        points = [x for p in found.parts if p.role not in ("findings", "status_group")
                  for x in p.lines if x.kind in _POINT_KINDS]  # fmt: skip
        if points:
            self.numbering = self.numbering._replace(points=points[0].style)
        blocks: list[Text | Statistics | Part] = [self.lead(line) for line in _texts(found.head)]
        parts = [p for p in found.parts if p.role in ("findings", "status_group")]
        part_no = 0
        for part in found.parts:
            if part.heading is not None:
                part_no += 1
            if part.role in ("findings", "status_group"):
                blocks.append(self.findings_part(part, part_no, levelled_=part.heading is not None
                                                 and levelled(part, len(parts))))  # fmt: skip
            else:
                blocks.append(self.plain_part(part, part_no))
        blocks += [self.lead(line) for line in _texts(found.tail)]
        self.numbering = self.numbering._replace(
            findings=tuple(self.styles[d] for d in sorted(self.styles)) or Numbering().findings
        )
        blocks = [self.renumbered(b) for b in blocks]
        words = printed(found)
        statuses = tuple((w, s) for w in words if (s := status_of(w)) is not None)
        doc = Document(tuple(blocks), self.layout, self.numbering, statuses, self.trailing)
        title = self.title or next(
            (b.text for b in blocks if isinstance(b, Text) and b.role == "title"), ""
        )
        categories = tuple(_leaned(self.fix_markers(c, 0, None)) for c in self.categories)
        return Plan(title=title, categories=categories, document=doc, show_title=True)

    def lead(self, line: Line) -> Text | Statistics:
        if line.kind == "statistics":  # with its template, for `live: true` to fill
            return Statistics(line.text, template(line.text), spacing=self.spacing(line))
        role = line.kind if line.kind in _HEAD_ROLES else "text"
        return Text(role, line.text, self.spacing(line))

    def part_marker(self, heading: Line, number: int) -> str | None:
        """The part's literal marker, None where the parts' style (the first's) gives it."""
        return None if numbered(self.numbering.parts, number) == heading.marker else heading.marker

    def plain_part(self, part: OutlinePart, number: int) -> Part:
        heading = part.heading
        kind = next((x.kind for x in part.lines if x.kind in _POINT_KINDS), None)
        style = next((x.style for x in part.lines if x.kind == kind), None)
        leads: list[Text | Statistics | Point] = []
        for line in _texts(part.lines):
            if line.kind == kind:
                leads.append(Point(line.rest, line.marker, self.spacing(line)))
            else:
                leads.append(self.lead(line))
        return Part(
            heading=heading.rest if heading is not None else None,
            role=part.role,
            blocks=tuple(leads),
            marker=self.part_marker(heading, number) if heading is not None else None,
            style=style,
            spacing=self.spacing(heading) if heading is not None else PLAIN,
        )

    def findings_part(self, part: OutlinePart, number: int, levelled_: bool) -> Part:
        heading = part.heading
        nodes = tree(list(part.lines))
        titles = {n.title.number for n in _walk(nodes) if n.title is not None}
        first_title = min(titles, default=None)
        untitled_first = bool(nodes) and nodes[0].title is None
        leads: list[Line] = []
        if not untitled_first:
            leads = [x for x in _texts(part.lines) if first_title is None or x.number < first_title]
        status = None
        if part.role == "status_group" and heading is not None and self.bind:
            status = status_of(group_word(heading.rest))
        if levelled_:
            assert heading is not None
            node = Node(heading, "part", tuple(nodes), tuple(leads), ())
            if not nodes:
                node = Node(heading, "part", (), tuple(part.lines), ())
            k = len(self.categories) + 1
            self.categories.append(self.node(node, (k,), status, part_marker=True, number=number))
            return Part(None, part.role, findings=(k,), status=status, node=True)
        start = len(self.categories)
        for node in nodes:
            k = len(self.categories) + 1
            self.categories.append(self.node(node, (k,), status))
        return Part(
            heading=heading.rest if heading is not None else None,
            role=part.role,
            blocks=tuple(self.lead(x) for x in leads),
            findings=tuple(range(start + 1, len(self.categories) + 1)),
            status=status,
            marker=self.part_marker(heading, number) if heading is not None else None,
            spacing=self.spacing(heading) if heading is not None else PLAIN,
        )

    # -- findings ------------------------------------------------------------------------

    def node(
        self, node: Node, path: tuple[int, ...], status: Status | None,
        part_marker: bool = False, number: int = 0,
    ) -> Group | Item:  # fmt: skip
        depth = len(path) - 1
        title = node.title
        marker: str | None = None
        if title is not None:
            marker = title.marker
            if part_marker:
                marker = self.part_marker(title, number)
            elif depth not in self.styles and title.kind != "plain":
                self.styles[depth] = title.style
        spacing = self.spacing(title) if title is not None else PLAIN
        if node.children:
            children: list[Group | Item] = []
            for child in node.children:
                children.append(self.node(child, (*path, len(children) + 1), status))
            body = tuple(
                Segment("text", line.text, spacing=self.spacing(line)) for line in _texts(node.body)
            )
            level = CATEGORY if depth == 0 else PROBLEM
            form = Form(marker=marker, spacing=spacing, body=body or None)
            return Group(path, level, title.rest if title else "", tuple(children), form)
        return self.item(node, path, marker, spacing, status)

    def item(
        self, node: Node, path: tuple[int, ...], marker: str | None, spacing: Spacing,
        status: Status | None,
    ) -> Item:  # fmt: skip
        segments: list[Segment] = []
        measures: list[tuple[str, str, Spacing]] = []  # marker, text, spacing
        words: list[str] = []
        head = self.title_line(node, segments, measures, words)
        listing = results = False
        for line in _texts(node.body):
            sp = self.spacing(line)
            results = (line.kind == "body" and bool(_RESULT_LABEL.match(line.marker))) or (
                results and line.kind in ("paren_arabic", "text")
            )
            if line.kind == "body" and _MEASURE_LABEL.match(line.marker) and not results:
                if not line.rest.strip():  # a label alone (a space after it, as web copies have)
                    segments.append(Segment("label", line.text, spacing=sp))
                    listing = True
                    continue
                segments.append(Segment("label", line.marker, spacing=sp))
                pieces = run_in(line.rest)
                if pieces:
                    if pieces[0][0]:
                        segments.append(Segment("text", line.rest[: pieces[0][0]], run_in=True))
                    self.run_in(line.rest, pieces, measures, segments, words, True, PLAIN)
                    listing = False
                elif line.rest:
                    measures.append(("", line.rest, PLAIN))
                    segments.append(Segment("measures", run_in=True, taken=1))
                    listing = True
                else:
                    listing = True
                continue
            measure = line.kind in ("shi", "circled") or (listing and line.kind == "text")
            if measure and not results:
                measures.append((line.marker, line.rest, sp))
                self.paragraph_measure(segments)
                words += self.marks(line.rest)
                continue
            listing = False
            word = _word(line.text, line_word(line.text))
            if word is not None and self.bind:
                words.append(word)
                segments.append(Segment("status", line.text, spacing=sp))
            else:
                segments.append(Segment("text", line.text, spacing=sp))
                if not results and line.kind not in ("body",):
                    self.kept.append(line.number)
        item_status = status
        for said in words:
            meant = status_of(said)
            if meant is not None:
                item_status = meant
        return self.built_item(node, path, head, marker, spacing, segments, measures, item_status)

    def title_line(
        self, node: Node, segments: list[Segment], measures: list[tuple[str, str, Spacing]],
        words: list[str],
    ) -> str:  # fmt: skip
        """An item's title, and the measures (and a label) run in after it on its line."""
        title = node.title
        if title is None:
            return ""
        head = title.rest
        pieces = run_in(head)
        if pieces:
            head = title.rest[: pieces[0][0]]
            label = _TRAILING_LABEL.search(head)
            if label is not None:  # 1.关于…问题。整改措施：一是…: the label is the body's
                head = head[: label.start()]
                segments.append(Segment("label", label.group(), run_in=True))
            self.run_in(title.rest, pieces, measures, segments, words, True, PLAIN)
        elif not node.body:  # (3)在…方面。one measure, unnumbered
            before, dot, after = title.rest.partition("。")
            if dot and after:
                head = before + dot
                measures.append(("", after, PLAIN))
                segments.append(Segment("measures", run_in=True))
        return head

    def run_in(
        self, text: str, pieces: list[tuple[int, int]], measures: list[tuple[str, str, Spacing]],
        segments: list[Segment], words: list[str], joined: bool, sp: Spacing,
    ) -> None:  # fmt: skip
        """Measures run in one paragraph: a status line at the end of the last is its own."""
        found = []
        for a, b in pieces:
            piece = text[a:b]
            mark = re.match(r"[一二三四五六七八九十百]+是|[\u2460-\u2473]", piece)
            m = mark.group() if mark else ""
            found.append((m, piece[len(m) :]))
        tail = ""
        last_mark, last_text = found[-1]
        status = line_word(last_text)
        word = _word(last_text, status)
        if status is not None and word is not None and self.bind:
            start = status[0]
            while start > 0 and last_text[start - 1] in " \u3000":
                start -= 1
            if start > 0:
                tail = last_text[start:]
                found[-1] = (last_mark, last_text[:start])
                words.append(word)
        for m, t in found:
            measures.append((m, t, PLAIN))
            words += self.marks(t)
        segments.append(Segment("measures", run_in=joined, taken=len(found), spacing=sp))
        if tail:
            segments.append(Segment("status", tail, run_in=True))

    def paragraph_measure(self, segments: list[Segment]) -> None:
        last = segments[-1] if segments else None
        if last is not None and last.kind == "measures" and last.paragraphs:
            segments[-1] = last._replace(taken=(last.taken or 0) + 1)
        else:
            segments.append(Segment("measures", taken=1, paragraphs=True))

    def marks(self, text: str) -> list[str]:
        word = _word(text, end_mark(text))
        return [word] if word is not None and self.bind else []

    def built_item(
        self, node: Node, path: tuple[int, ...], head: str, marker: str | None, spacing: Spacing,
        segments: list[Segment], measures: list[tuple[str, str, Spacing]], status: Status | None,
    ) -> Item:  # fmt: skip
        style = next((_measure_style(m) for m, _t, _s in measures), None)
        ledger = Ledger(status=status if self.bind else None)
        built = []
        for k, (m, text, sp) in enumerate(measures, 1):
            own = self.marks(text)
            marked = status_of(own[0]) if own else None  # (as its item's: inherited)
            mine = Ledger(status=marked) if marked is not ledger.status else Ledger()
            literal = None if style is not None and numbered(style, k) == m else m
            form = lean(Form(literal, sp))
            built.append(Measure.under(ledger, (*path, k), text, mine, form))
        segments = _merge_default(segments)
        form = Form(
            marker=marker,
            spacing=spacing,
            body=None if segments == [_DEFAULT] else tuple(segments),
            style=None if style == self.numbering.measures else style,
            titled=node.title is not None,
        )
        return Item(path, head, tuple(built), ledger, form=form)

    # -- markers -------------------------------------------------------------------------

    def fix_markers(self, node: Group | Item, depth: int, position: int | None) -> Group | Item:
        """Drop each literal marker that its style and position give back."""
        form = node.form
        assert form is not None
        style = self.numbering.finding(depth)
        pos = position if position is not None else node.path[-1]
        marker = form.marker
        if marker is not None and numbered(style, pos) == marker and depth > 0:
            marker = None
        if isinstance(node, Item):
            return node._replace(form=form._replace(marker=marker))
        children = tuple(self.fix_markers(c, depth + 1, None) for c in node.children)
        return node._replace(children=children, form=form._replace(marker=marker))

    def renumbered(self, block: Text | Statistics | Part) -> Text | Statistics | Part:
        """A part's markers: literal only where its style and position do not give them."""
        if not isinstance(block, Part):
            return block
        if block.node:
            return block
        if block.style == self.numbering.points:
            block = block._replace(style=None)
        style = block.style if block.style is not None else self.numbering.points
        leads = []
        k = 0
        for lead in block.blocks:
            if isinstance(lead, Point):
                k += 1
                if lead.marker is not None and numbered(style, k) == lead.marker:
                    lead = lead._replace(marker=None)
            leads.append(lead)
        first = [self.categories[k - 1] for k in block.findings]
        for n, c in enumerate(first, 1):
            form = c.form
            assert form is not None
            if form.marker is not None and numbered(self.numbering.finding(0), n) == form.marker:
                self.categories[c.path[0] - 1] = c._replace(form=form._replace(marker=None))
        return block._replace(blocks=tuple(leads))


_DEFAULT = Segment("measures", run_in=True)


def _merge_default(segments: list[Segment]) -> list[Segment]:
    """The body `measures run in after the title`, the default, told as the default."""
    if len(segments) == 1 and segments[0]._replace(taken=None) == _DEFAULT:
        return [_DEFAULT]
    return segments


def _word(text: str, span: tuple[int, ...] | None) -> str | None:
    """The status word at the end of `span` (its last two places), if it is one."""
    if span is None:
        return None
    word = text[span[-2] : span[-1]]
    return word if status_of(word) is not None else None


def _leaned(node: Group | Item) -> Group | Item:
    """The node with no Form where it prints as the defaults say (model/document.lean)."""
    if isinstance(node, Item):
        return node._replace(form=lean(node.form))
    return node._replace(children=tuple(_leaned(c) for c in node.children), form=lean(node.form))


def _measure_style(marker: str) -> str:
    if not marker:
        return ""
    if "\u2460" <= marker[0] <= "\u2473":
        return "{circled}"
    return "{cn}是"


def _texts(lines: tuple[Line, ...] | list[Line]) -> list[Line]:
    return [line for line in lines if line.kind != "blank"]


def _walk(nodes: list[Node] | tuple[Node, ...]) -> list[Node]:
    return [x for n in nodes for x in (n, *_walk(n.children))]


def _plain(lines: list[Line], bom: bool, title: str | None) -> Plan:
    """Every line a plain paragraph: the plan of last resort, which holds any text."""
    builder = _Builder(lines, bom, False, title)
    blocks = tuple(Text("text", line.text, builder.spacing(line)) for line in _texts(lines))
    doc = Document(blocks, builder.layout, Numbering(), (), builder.trailing)
    return Plan(title=title or "", categories=(), document=doc)


# -- a notice's file --------------------------------------------------------------------------

ENCODINGS = ("utf-8", "gb18030", "gbk", "utf-16")


def decode_notice(raw: bytes, path: str, encoding: str | None = None) -> str:
    """A notice file's text: UTF-8 (with or without a BOM), UTF-16 with its BOM, or the
    `encoding` given; a file in GBK/GB18030 or not text at all is refused, saying what to do.
    The BOM stays in the text: the plan keeps it (layout.bom)."""
    from ..errors import Issue, PlanInvalid

    def refused(key: str, line: int = 1, col: int = 1) -> PlanInvalid:
        return PlanInvalid([Issue(path, line, col, key, {})], "notice")

    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise refused("notice_bad_encoding") from None
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = "\ufeff" + raw.decode("utf-16").lstrip("\ufeff")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw.count(b"\n", 0, e.start) + 1
            try:
                raw.decode("gb18030")
            except UnicodeDecodeError:
                raise refused("notice_not_text", line) from None
            raise refused("notice_gbk", line) from None
    if "\x00" in text or sum(c < " " and c not in "\t\n\r\f" for c in text[:4096]) > 8:
        raise refused("notice_not_text")
    if not text.lstrip("\ufeff").strip():
        raise refused("notice_empty")
    return text


def import_file(
    source: Path, output: Path, *, encoding: str | None = None, force: bool = False,
    write: bool = True,
) -> tuple[Found, str]:  # fmt: skip
    """A published notice made into a new plan at `output`: the plan read from it and the
    YAML written (nothing is written when not `write`). An existing `output` is replaced only
    with `force`, atomically; the new plan is read back and rendered before it is written,
    and must give the notice back."""
    import errno
    import os

    from ..errors import PlanInvalid, PlanUnreadable, Refused
    from ..planfile.atomic import replace_atomically
    from ..planfile.decoding import from_bytes
    from ..planfile.emit import dump
    from ..planfile.inputs import read_bytes
    from ..planfile.reader import parse
    from ..planfile.starter import create

    try:  # a regular file within RECTIFY_MAX_NOTICE_MB, refused before it is read
        raw = read_bytes(source, "RECTIFY_MAX_NOTICE_MB", "limit_notice")
    except IsADirectoryError:
        raise PlanUnreadable("notice_is_dir", path=str(source)) from None
    except OSError as e:
        reason = os.strerror(errno.ENOENT) if isinstance(e, FileNotFoundError) else e.strerror
        raise PlanUnreadable("file_unreadable", path=str(source), reason=reason or str(e)) from None
    from ..planfile.loader import paused_gc

    text = decode_notice(raw, str(source), encoding)
    found = read_notice(text)
    # The check: the bytes the file would hold, read as `validate` reads the file, must be a
    # plan without errors, the very plan found (whose notice read_notice rendered back).
    with paused_gc():
        yaml_text = dump(found.plan)
        try:
            plan, _ = parse(from_bytes(output, yaml_text.encode("utf-8")))
        except PlanInvalid as e:
            raise PlanInvalid(e.issues, "import") from None
    if plan != found.plan:  # pragma: no cover (read_notice rendered found.plan to the text)
        raise Refused("verify_failed", path=str(output))  # the importer's own check failed
    if output.exists() and not force:
        raise Refused("import_exists", path=str(output))
    if write:
        if output.exists():
            replace_atomically(output, yaml_text.encode("utf-8"))
        else:
            create(output, yaml_text)
    return found, yaml_text


def summary(found: Found) -> dict[str, int]:
    """What `import` says it found: lines, parts, levels, items, measures, statistics
    sentences, and paragraphs kept as plain text."""
    plan = found.plan
    doc = _doc(plan)
    parts = [b for b in doc.blocks if isinstance(b, Part)]
    leads = [x for p in parts for x in p.blocks]
    everything = any(n == 0 and key == "kept_as_text" for n, key in found.warnings)

    def depth(node: Group | Item) -> int:
        return 1 + max((depth(c) for c in node.children), default=0)

    return {
        "lines": len(found.lines),
        "parts": sum(1 for p in parts if p.heading is not None or p.node),
        "levels": max((depth(c) for c in plan.categories), default=0),
        "items": sum(1 for _ in plan.items()),
        "measures": sum(1 for _ in plan.measures()),
        "statistics": sum(1 for b in [*doc.blocks, *leads] if isinstance(b, Statistics)),
        "plain": sum(1 for line in found.lines if line.kind != "blank")
        if everything
        else sum(1 for n, key in found.warnings if n and key == "kept_as_text"),
    }
