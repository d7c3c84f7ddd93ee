"""The findings tree of a notice: its levels, its items (反馈意见) and their measures.

The third step of reading any office's notice, after notice/outline.py. Numbered lines nest in
the order their kinds first appear, so any 2 to 5 levels, in any marker style, make a tree; a
numbered line whose measures run in after its title, or which a labelled body (整改情况:) or
measure paragraphs follow, is an item; so is an unnumbered line that a labelled body follows
(an un-numbered sub-problem), or a part whose heading a labelled body follows. Measures are the
一是/二是… or ①②… of an item, run in or one a paragraph; one unnumbered body is one measure.
The results after a 整改成效:/整改结果: label, (1)(2)(3) included, are not measures.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from ..model.numbering import cn
from .lines import Line
from .outline import Outline, Part

NODE_KINDS = ("paren_cn", "arabic", "paren_arabic", "circled", "label")
_MEASURE_LABEL = re.compile(r"整改(?:落实)?情况|整改措施")
_RESULT_LABEL = re.compile(r"整改结果|整改成效|整改进度|整改进展|完成情况")
_BREAK = "。；;：:，,）)"


Entry = tuple[Line | None, str, list["Entry"], list[Line]]  # a node while the tree is built


class Node(NamedTuple):
    """A node of the findings tree: its title line (None for an item the notice does not
    title), the node under it, and an item's body lines and measures."""

    title: Line | None
    kind: str  # the title's level: a marker kind, "part", or "plain" for an un-numbered title
    children: tuple[Node, ...]
    body: tuple[Line, ...]
    measures: tuple[str, ...]  # each measure's text, its marker included

    @property
    def is_item(self) -> bool:
        return not self.children


_MARKS = ([f"{cn(n)}是" for n in range(1, 100)], [chr(0x2460 + n) for n in range(20)])


def run_in(text: str) -> list[tuple[int, int]]:
    """Where the measures run in a paragraph start and end: 一是…二是… or ①②…, numbered from
    one, each after a punctuation mark (or at the start).

    >>> text = "在…方面。一是学习。二是落实;三是检查。2021年完成。"
    >>> [text[a:b] for a, b in run_in(text)]
    ['一是学习。', '二是落实;', '三是检查。2021年完成。']
    """
    for marks in _MARKS:
        starts = []
        at = 0
        for mark in marks:
            found = _after_break(text, mark, at)
            if found < 0:
                break
            starts.append(found)
            at = found + len(mark)
        if starts:
            return list(zip(starts, [*starts[1:], len(text)], strict=True))
    return []


def _after_break(text: str, mark: str, at: int) -> int:
    while (found := text.find(mark, at)) >= 0:
        if found == 0 or text[found - 1] in _BREAK:
            return found
        at = found + 1
    return -1


def findings(found: Outline) -> list[Node]:
    """The findings tree of every findings part (a part that is itself a node is one)."""
    parts = [p for p in found.parts if p.role in ("findings", "status_group")]
    nodes: list[Node] = []
    for part in parts:
        below = tree(list(part.lines))
        if part.heading is not None and levelled(part, len(parts)):
            nodes.append(_node(part.heading, "part", below, []))
        else:
            nodes += below
    return nodes


def levelled(part: Part, parts: int) -> bool:
    """Whether a findings part is itself a category or a problem, rather than a container of
    them (反馈问题整改落实情况): there are several, or its heading names a finding."""
    assert part.heading is not None
    heading = part.heading.rest
    return (parts > 1 and part.role == "findings") or bool(re.search(r"方面|^关于", heading))


def tree(lines: list[Line]) -> list[Node]:
    """Nest the numbered lines by the order their kinds first appear; attach the rest."""
    root: list[Entry] = []
    stack: list[tuple[str, Entry]] = []
    results = False
    for i, line in enumerate(lines):
        if line.kind == "blank":
            continue
        kind = _node_kind(line, _after(lines, i), results)
        results = _list_follows(line, results)
        if kind is None:
            if stack:
                stack[-1][1][3].append(line)
            else:
                root.append((None, "", [], [line]))
            continue
        while stack and kind in [k for k, _ in stack]:
            if stack.pop()[0] == kind:
                break
        entry: Entry = (line, kind, [], [])
        (stack[-1][1][2] if stack else root).append(entry)
        stack.append((kind, entry))
    return _built(root)


def _after(lines: list[Line], i: int) -> Line | None:
    """The first line after lines[i] that is not blank."""
    return next((x for x in itertools.islice(lines, i + 1, None) if x.kind != "blank"), None)


def _node_kind(line: Line, nxt: Line | None, results: bool) -> str | None:
    """The level a line opens, or None for a line of the current node's body (`nxt`: the
    next line that is not blank)."""
    if results and line.kind == "paren_arabic":
        return None  # 整改成效:(1)… with (2)(3) below: results
    if line.kind in NODE_KINDS:
        if line.kind == "circled" and not run_in(line.rest) and not _opens_body(nxt):
            return None  # ① measures one a paragraph (a status line after them included)
        return line.kind
    plain = line.kind == "text" and not run_in(line.rest)
    if plain and nxt is not None and nxt.kind == "body" and _MEASURE_LABEL.match(nxt.marker):
        return "plain"  # an un-numbered sub-problem that its measures follow
    return None


def _opens_body(nxt: Line | None) -> bool:
    """Whether a title's next line starts its body: a measures label or a measure paragraph
    (a status or results line follows measures, it does not start a body)."""
    if nxt is None:
        return False
    return nxt.kind == "shi" or (nxt.kind == "body" and bool(_MEASURE_LABEL.match(nxt.marker)))


def _list_follows(line: Line, results: bool) -> bool:
    """Whether the (1)(2)(3) lines after this one are a results list (整改成效:(1)… or a
    results label alone), not the next items: a status line (整改结果:已整改完成。) is none."""
    if line.kind == "body":
        rest = line.rest.strip()
        return bool(_RESULT_LABEL.match(line.marker)) and (
            not rest or re.match(r"[(（]1[)）]", rest) is not None
        )
    return results and line.kind == "paren_arabic"


def _results_follow(line: Line, results: bool) -> bool:
    if line.kind == "body":
        return bool(_RESULT_LABEL.match(line.marker))
    return results and line.kind == "paren_arabic"


def _built(entries: list[Entry]) -> list[Node]:
    nodes = []
    loose: list[Line] = []
    for title, kind, children, body in entries:
        if title is None:
            loose += body
            continue
        nodes.append(_node(title, kind, _built(children), body))
    if loose and _measures(None, loose):
        nodes.insert(0, _node(None, "", [], loose))  # measures under no title: one item
    return nodes


def _node(title: Line | None, kind: str, children: list[Node], body: list[Line]) -> Node:
    measures = () if children else tuple(_measures(title, body))
    return Node(title, kind, tuple(children), tuple(body), measures)


def _measures(title: Line | None, body: list[Line]) -> list[str]:
    """An item's measures: run in after its title or a measures label, one a paragraph (一是,
    ①, or the paragraphs that continue an unnumbered measures label), or its title's one
    sentence after the first 。 (the seed's (二)3.(3))."""
    found = [title.rest[a:b] for a, b in run_in(title.rest)] if title is not None else []
    results = listing = False
    for line in body:
        results = _results_follow(line, results) or (results and line.kind == "text")
        if results or line.kind == "blank":
            listing = listing and not results
            continue
        if line.kind in ("shi", "circled"):
            found.append(line.text)
        elif line.kind == "body" and _MEASURE_LABEL.match(line.marker):
            pieces = run_in(line.rest)
            if pieces:
                found += [line.rest[a:b] for a, b in pieces]
            elif line.rest.strip():  # (a label alone may have a space after it)
                found.append(line.rest)
            listing = not pieces
        elif line.kind == "text" and listing:
            found.append(line.text)
        else:
            listing = False
    if not found and title is not None and not body:
        _, dot, after = title.rest.partition("。")
        found = [after] if dot and after else []
    return found


def items(nodes: list[Node]) -> list[Node]:
    """The items of a tree, in order."""
    return [n for node in nodes for n in ([node] if node.is_item else items(list(node.children)))]


def depth(nodes: list[Node]) -> int:
    """The number of titled levels down to the deepest item."""
    levels = (int(n.kind not in ("", "plain")) + depth(list(n.children)) for n in nodes)
    return max(levels, default=0)
