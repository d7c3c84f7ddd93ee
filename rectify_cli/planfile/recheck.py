"""The check of an edit where it changed: the edited items' new lines, read on their own.

An edit (edit.py) changes lines inside a few items' entries and nothing else, and the edited
text must read as the intended plan before it replaces the file. Reading the whole text again
tells; this module tells from the changed items' lines alone, when they have a shape whose
reading cannot depend on anything around them:

- they start with the item's `- ` at column k, as before the edit, and every other line is
  blank, a comment, or indented deeper than k; so is every line after them up to the next
  one indented k or less (the next entry, or a key of the entry above);
- read on their own, they are a list of exactly one mapping, with no tag, anchor, alias,
  key slip, or line break other than LF and CR LF.

YAML's block structure is indentation: lines deeper than k can only belong to the entry that
starts at column k, and reading them alone proves that every quote and bracket opened in them
closes in them. The rest of the text is the old text, read before. So the edited text reads
as the old plan with those items replaced by what their lines read as, with the same warnings
elsewhere (lines moved by the lines added). Where each item was comes from the layout kept
with the plan (edit.Layout): the item's old lines must read, the same way, as the item it
was. Anything else returns None: the caller then reads the whole text.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import date
from typing import TYPE_CHECKING

import yaml

from ..errors import Issue
from ..model.plan import Group, Item, Measure, Plan
from ..records import Record
from .schema import Builder, build_item, scan_key_slips
from .splice import Layout, Span, Splice, item_span

Path_ = tuple[int, ...]
_REFUSED = "&*!\x85\u2028\u2029"  # anchors, aliases and tags; line breaks an editor hides

if TYPE_CHECKING:
    # How far an edit moved what follows each region, for bisecting: where each region ends in
    # the old text, and what the edit added up to and including it (characters, or lines).
    _Shift = tuple[list[int], list[int]]


class Checked(Record):
    """What the edited text reads as: the plan, its warnings, where its entries lie."""

    __slots__ = _fields = ("plan", "issues", "layout")
    plan: Plan
    issues: list[Issue]
    layout: Layout

    def __init__(
        self,
        plan: Plan,
        issues: list[Issue],
        layout: Layout,
    ) -> None:
        put = object.__setattr__
        put(self, "plan", plan)
        put(self, "issues", issues)
        put(self, "layout", layout)


class _Region(Record):
    """An edited item's lines: [start, end) in the old text, starting on 0-based `line`."""

    __slots__ = _fields = ("start", "end", "line", "path", "growth")
    start: int
    end: int
    line: int
    path: Path_
    growth: int  # characters added by the splices inside

    def __init__(
        self,
        start: int,
        end: int,
        line: int,
        path: Path_,
        growth: int = 0,
    ) -> None:
        put = object.__setattr__
        put(self, "start", start)
        put(self, "end", end)
        put(self, "line", line)
        put(self, "path", path)
        put(self, "growth", growth)


def check(
    old: str,
    new: str,
    splices: list[Splice],
    paths: list[Path_],
    before: tuple[Plan, list[Issue], Layout],
    intended: Plan,
    path: str,
    today: date,
) -> Checked | None:
    """`new` is `old` with `splices` applied, an edit of the items and measures at `paths`;
    `before` is what `old` reads as. What `new` reads as, if that is `intended` (None when
    this cannot tell)."""
    plan, issues, layout = before
    regions = _regions(plan, layout, paths, splices)
    if regions is None or len(new) != len(old) + sum(r.growth for r in regions):
        return None
    read = _read_regions(old, new, regions, plan, path, today)
    if read is None or read[0] != intended:
        return None
    got, found, spans, chars, lines = read
    if not _move_spans(layout, regions, chars, lines, spans):
        return None
    found.extend(_moved_issues(issues, regions, lines))
    found.sort(key=lambda i: (i.line, i.col))
    return Checked(got, found, Layout(spans, layout.sequence_offset))


def _read_regions(
    old: str, new: str, regions: list[_Region], plan: Plan, path: str, today: date
) -> tuple[Plan, list[Issue], dict[Path_, Span], _Shift, _Shift] | None:
    """The plan with each region's item read from its new lines, their warnings and spans in
    the new text, and how far the edit moved what follows each region, in characters and in
    lines; None unless the old and the new lines of every region read alone, the old ones as
    the item that was there."""
    got = plan
    found: list[Issue] = []
    spans: dict[Path_, Span] = {}
    ends: list[int] = []  # where each region ends in the old text, its last line after it
    last_lines: list[int] = []
    growths: list[int] = []  # characters and lines added up to and including each region
    added_lines: list[int] = []
    grown = lines = 0
    for r in regions:
        start, end = r.start + grown, r.end + grown + r.growth
        if old[r.end - 1] != "\n" or new[end - 1] != "\n":  # the last line of a file without
            return None  # a final line break (an edit there moves that break: edit.py)
        old_first = old[r.start : old.index("\n", r.start)]
        old_lines = old.count("\n", r.start, r.end)
        # the layout (from the cache) says where the item was: those lines must read as it
        was = _read_alone(old, r.start, r.end, r.line, old_first, path)
        known = _item(was, r.path, path, today, plan) if was is not None else None
        if known is None or known[0] != plan.find(r.path):
            return None
        node = _read_alone(new, start, end, r.line + lines, old_first, path)
        built = _item(node, r.path, path, today, plan) if node is not None else None
        if node is None or built is None:
            return None
        got = _replaced(got, r.path, built[0])
        found.extend(built[1])
        item_span(new, r.path, node, spans)
        grown += r.growth
        lines += new.count("\n", start, end) - old_lines
        ends.append(r.end)
        last_lines.append(r.line + old_lines)
        growths.append(grown)
        added_lines.append(lines)
    return got, found, spans, (ends, growths), (last_lines, added_lines)


def _move_spans(
    layout: Layout, regions: list[_Region], chars: _Shift, lines: _Shift, spans: dict[Path_, Span]
) -> bool:
    """Add to `spans` the items outside the regions, at their places in the new text; False if
    one of them reaches into a region."""
    (ends, growths), (last_lines, added_lines) = chars, lines
    roots = {r.path for r in regions}
    starts = [r.start for r in regions]
    for p, (a, b, line) in layout.spans.items():
        if p not in roots:
            # An item whose lines reach into an edited one (`? key` with no value ends where
            # the next item starts, as libyaml marks it) would keep a span the edit moved
            n = bisect.bisect_left(starts, b) - 1
            if n >= 0 and ends[n] > a:
                return False
            spans[p] = (_moved(a, ends, growths), _moved(b, ends, growths),
                        _moved(line, last_lines, added_lines))  # fmt: skip
    return True


def _moved_issues(issues: list[Issue], regions: list[_Region], lines: _Shift) -> list[Issue]:
    """The old text's issues outside the regions (those inside were found again), at their
    lines in the new text."""
    last_lines, added = lines
    moved = []
    for issue in issues:
        line = issue.line - 1
        if not any(r.line <= line < last for r, last in zip(regions, last_lines, strict=True)):
            moved.append(issue._replace(line=_moved(line, last_lines, added) + 1))
    return moved


def _moved(at: int, bounds: list[int], added: list[int]) -> int:
    """Where `at` (not inside a region) is in the new text."""
    n = bisect.bisect_right(bounds, at)
    return at + (added[n - 1] if n else 0)


def _regions(
    plan: Plan, layout: Layout, paths: list[Path_], splices: list[Splice]
) -> list[_Region] | None:
    """The items the edit is of (the measures' items), in the order of the text, each with
    the splices inside it: every splice must lie inside one of them, after the start of its
    first line."""
    roots: set[Path_] = set()
    for p in paths:
        node = plan.find(p)
        if not isinstance(node, Item | Measure):
            return None
        roots.add(p if isinstance(node, Item) else p[:-1])
    if not roots.issubset(layout.spans):
        return None
    regions = sorted((_Region(*layout.spans[p], p) for p in roots), key=lambda r: r.start)
    for a, b in itertools.pairwise(regions):
        if a.end > b.start:
            return None
    starts = [r.start for r in regions]
    growth = [0] * len(regions)
    for s in splices:
        n = bisect.bisect_left(starts, s.start) - 1  # the last region starting before it
        if n < 0 or s.end > regions[n].end:
            return None
        growth[n] += len(s.text) - (s.end - s.start)
    return [r._replace(growth=g) for r, g in zip(regions, growth, strict=True)]


def _item(
    node: yaml.MappingNode, at: Path_, path: str, today: date, plan: Plan
) -> tuple[Item, list[Issue]] | None:
    """The item an entry's node reads as, with its warnings; None if it has errors."""
    if plan.document is not None:  # schema 2, its paragraphs' spacing told against its layout
        from .schema2 import Builder2, item_of

        builder2 = Builder2(path, today)
        builder2.layout = plan.document.layout
        found = item_of(builder2, node, at)
        if found is None or any(not i.warning for i in builder2.issues):
            return None
        return found, builder2.issues
    builder = Builder(path, today)
    item = build_item(builder, node, at)
    if item is None or any(not i.warning for i in builder.issues):
        return None
    return item, builder.issues


def _read_alone(
    new: str, start: int, end: int, line: int, old_first: str, path: str
) -> yaml.MappingNode | None:
    """The item whose lines are new[start:end] (starting on 0-based `line`), read on its own,
    with the positions it has in the whole text; None unless its lines have the shape that
    reads alone as in place (see the module's docstring)."""
    from .loader import Loader, paused_gc

    indent = len(old_first) - len(old_first.lstrip(" "))
    if not old_first.startswith("- ", indent) or not new.startswith(old_first[: indent + 2], start):
        return None
    stop = end  # and the blank lines and comments after the item
    while stop < len(new):
        after = new.find("\n", stop) + 1 or len(new)
        body = new[stop:after].strip(" \r\n")
        if body and not body.startswith("#"):
            if _indent(new, stop) > indent:
                return None
            break
        stop = after
    window = new[start:stop]
    if any(c in window for c in _REFUSED) or window.count("\r") != window.count("\r\n"):
        return None
    for row in window.split("\n")[1:]:
        body = row.strip(" \r")
        if body and not body.startswith("#") and len(row) - len(row.lstrip(" ")) <= indent:
            return None
    try:
        with paused_gc():
            read = yaml.compose(window, Loader=Loader)
    except yaml.YAMLError:
        return None
    if not isinstance(read, yaml.SequenceNode) or read.flow_style or len(read.value) != 1:
        return None
    node = read.value[0]
    if not isinstance(node, yaml.MappingNode) or scan_key_slips(window, path):
        return None
    shift_marks(node, start, line)
    return node


def _indent(text: str, at: int) -> int:
    """How many spaces start the line that starts at `at`."""
    n = at
    while n < len(text) and text[n] == " ":
        n += 1
    return n - at


def shift_marks(node: yaml.Node, index: int, line: int) -> None:
    """Give the marks of a tree read from text[index:] (`index` starting 0-based `line`) the
    positions they have in the whole text."""
    stack = [node]
    while stack:
        n = stack.pop()
        for name in ("start_mark", "end_mark"):
            m = getattr(n, name)  # libyaml's marks are read-only, and may be shared: new ones
            setattr(n, name, yaml.Mark(m.name, m.index + index, m.line + line, m.column, None, 0))
        if isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _replaced(plan: Plan, path: Path_, item: Item) -> Plan:
    """The plan with the item at `path` replaced (the path down to it rebuilt)."""

    def down(group: Group, depth: int) -> Group:
        children = list(group.children)
        n = path[depth] - 1
        child = children[n]
        children[n] = item if depth == len(path) - 1 else down(_group(child), depth + 1)
        return group._replace(children=tuple(children))

    categories = list(plan.categories)
    if len(path) == 1:  # an item at the top (schema 2)
        categories[0 if not path else path[0] - 1] = item
    else:
        categories[path[0] - 1] = down(_group(categories[path[0] - 1]), 1)
    return plan._replace(categories=tuple(categories))


def _group(node: Group | Item) -> Group:
    assert isinstance(node, Group)
    return node
