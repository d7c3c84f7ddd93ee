"""Surgical edits of the plan's text: only the lines of the fields concerned change.

The composed YAML tree gives every node its start and end (in characters); new text is
spliced in there. Everything else (comments, blank lines, key order, quoting, indentation)
stays byte for byte. The text is the plan's with every line ending in LF; lineends.py carries
the splices back to the file's own line ends. Before anything is written, the caller checks
that the result reads as the intended plan (recheck.py, or by reading the whole text again).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from datetime import date

import yaml

from ..model.changes import Op, SetField
from ..model.plan import STATUS_LABELS, Note, Status
from ..records import Record

ENGLISH_STATUS = frozenset(s.value for s in Status)

# The order new keys are placed in; an existing file's own order is never changed.
KEY_ORDER = (
    "title", "text", "separator", "status", "done_on", "done_by", "owner", "dept", "due",
    "outcome", "measures", "results", "notes",
)  # fmt: skip


class Splice(Record):
    """Replace text[start:end] by `text`."""

    __slots__ = _fields = ("start", "end", "text")
    start: int
    end: int
    text: str

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
    ) -> None:
        put = object.__setattr__
        put(self, "start", start)
        put(self, "end", end)
        put(self, "text", text)


class Unsafe(Exception):
    """No safe splice exists for this entry; `key` names the message, `line` the place."""

    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


def apply(text: str, splices: list[Splice]) -> str:
    """Apply non-overlapping splices."""
    out = []
    at = 0
    for s in sorted(splices, key=lambda s: (s.start, s.end)):
        out.append(text[at : s.start])
        out.append(s.text)
        at = s.end
    out.append(text[at:])
    return "".join(out)


def inverse(text: str, splices: list[Splice]) -> list[Splice]:
    """The splices that turn apply(text, splices) back into text."""
    result = []
    shift = 0
    for s in sorted(splices, key=lambda s: (s.start, s.end)):
        start = s.start + shift
        result.append(Splice(start, start + len(s.text), text[s.start : s.end]))
        shift += len(s.text) - (s.end - s.start)
    return result


def splices_at(
    text: str,
    entry: Callable[[tuple[int, ...]], yaml.MappingNode],
    sequence_offset: int,
    ops: list[Op],
    status_style: str,
) -> list[Splice]:
    """The splices that carry out `ops` on `text`, given the entries' mapping nodes by path
    (`locate` on the whole tree, or nodes composed from their own lines, see Layout) and how
    far this file indents a list under its key."""
    style = _Style(sequence_offset, status_style)
    splices: list[Splice] = []
    nodes: dict[tuple[int, ...], yaml.MappingNode] = {}  # each entry found once
    listed: set[tuple[int, ...]] = set()  # entries given a new `notes:` list by an earlier op
    for op in ops:
        if op.path not in nodes:
            nodes[op.path] = entry(op.path)
        node = nodes[op.path]
        if node.flow_style:
            raise Unsafe("flow_entry", node.start_mark.line + 1)
        if isinstance(op, SetField):
            splices.append(_set(text, node, op, style))
        else:
            splices.append(_add_note(text, node, op.note, style, op.path not in listed))
            listed.add(op.path)
    return _keep_no_final_newline(text, _merge(splices))


class _Style(Record):
    """How this file writes things, so that new lines look like their neighbours."""

    __slots__ = _fields = ("sequence_offset", "status")
    sequence_offset: int  # how far a block list is indented under its key (0 or 2)
    status: str  # "zh" or "en": the words new status entries use

    def __init__(
        self,
        sequence_offset: int,
        status: str,
    ) -> None:
        put = object.__setattr__
        put(self, "sequence_offset", sequence_offset)
        put(self, "status", status)


def _merge(splices: list[Splice]) -> list[Splice]:
    """Insertions at one point are joined in the order they were asked for."""
    merged: list[Splice] = []
    for s in splices:
        same = next((m for m in merged if m.start == m.end == s.start == s.end), None)
        if same is not None:
            merged[merged.index(same)] = Splice(s.start, s.end, same.text + s.text)
        elif any(m.start < s.end and s.start < m.end for m in merged):
            raise Unsafe("overlap", 0)
        else:
            merged.append(s)
    return merged


def _keep_no_final_newline(text: str, splices: list[Splice]) -> list[Splice]:
    """Removing the last lines of a file that ends without a line break removes the break
    before them instead of after them, so that the file still ends without one."""
    if not text or text.endswith("\n"):
        return splices

    def removal_ending_at(end: int) -> Splice | None:
        return next((s for s in splices if s.end == end and s.start < end and not s.text), None)

    chain: list[Splice] = []
    start = len(text)
    while (s := removal_ending_at(start)) is not None:  # adjacent removals become one
        chain.append(s)
        start = s.start
    if not chain or start == 0 or text[start - 1] != "\n":
        return splices
    cut = start - 1
    rest = [s for s in splices if s not in chain]
    if any(s.end > cut and s.start <= start for s in rest):
        return splices  # another change touches that line break: leave things as they are
    return [*rest, Splice(cut, len(text), "")]


# Where each item lies in the text: from the start of its first line to the end of its last,
# and that first line's number. The cache keeps it, so that an edit of a cached plan composes
# only the lines of the items it changes (an item's lines hold its measures).
Span = tuple[int, int, int]


class Layout(Record):
    """Where each item lies (see above), and how far this file indents a list under its key."""

    __slots__ = _fields = ("spans", "sequence_offset")
    spans: dict[tuple[int, ...], Span]  # items' only
    sequence_offset: int

    def __init__(
        self,
        spans: dict[tuple[int, ...], Span],
        sequence_offset: int,
    ) -> None:
        put = object.__setattr__
        put(self, "spans", spans)
        put(self, "sequence_offset", sequence_offset)


def layout(text: str, root: yaml.Node) -> Layout:
    spans: dict[tuple[int, ...], Span] = {}
    if child(root, "findings") is None:  # schema 2: the findings nest under `findings`
        tops = _top(root)
        stack2: list[tuple[tuple[int, ...], yaml.Node]] = [
            ((n,), node) for n, node in enumerate(tops.value if tops else (), 1)
        ]
        while stack2:
            path, node = stack2.pop()
            below = child(node, "findings")
            if isinstance(below, yaml.SequenceNode):
                stack2.extend(((*path, n), c) for n, c in enumerate(below.value, 1))
            elif isinstance(node, yaml.MappingNode):
                item_span(text, path, node, spans)
        return Layout(spans, sequence_offset(root))
    findings = child(root, "findings")
    top = child(findings, "categories") if findings is not None else None
    stack: list[tuple[tuple[int, ...], yaml.Node | None]] = [((), top)]
    while stack:  # categories and problems: down to their items
        path, seq = stack.pop()
        if not isinstance(seq, yaml.SequenceNode):
            continue
        for index, mapping in enumerate(seq.value, 1):
            if not isinstance(mapping, yaml.MappingNode):
                continue
            if (items := child(mapping, "items")) is not None:
                if isinstance(items, yaml.SequenceNode):
                    for n, item in enumerate(items.value, 1):
                        item_span(text, (*path, index, n), item, spans)
            else:
                stack.append(((*path, index), child(mapping, "problems")))
    return Layout(spans, sequence_offset(root))


def item_span(
    text: str, path: tuple[int, ...], node: yaml.Node, spans: dict[tuple[int, ...], Span]
) -> None:
    """Add where the item at `path` (its mapping node) lies to `spans`."""
    if isinstance(node, yaml.MappingNode) and node.value:
        first = node.value[0][0].start_mark
        spans[path] = (first.index - first.column, line_after(text, last_end(node)), first.line)


def locate(root: yaml.Node, path: tuple[int, ...]) -> yaml.MappingNode:
    """The mapping node of the finding (category, problem, item…) or measure at `path`."""
    node: yaml.Node | None = _top(root)
    for depth, index in enumerate(path):
        if not isinstance(node, yaml.SequenceNode) or not 0 < index <= len(node.value):
            raise LookupError(path)
        mapping = node.value[index - 1]
        if depth == len(path) - 1:
            if not isinstance(mapping, yaml.MappingNode):
                raise LookupError(path)
            return mapping
        node = next(
            (v for key in _BELOW if (v := child(mapping, key))),
            None,
        )
    raise LookupError(path)


_BELOW = ("problems", "items", "findings", "measures")  # what a finding holds, by schema


def _top(root: yaml.Node) -> yaml.SequenceNode | None:
    """The top level of the findings: schema 1's categories, or the findings of every part of
    a schema-2 notice in order (a `finding:` block is one), as one list."""
    findings = child(root, "findings")
    if findings is not None:
        top = child(findings, "categories")
        return top if isinstance(top, yaml.SequenceNode) else None
    notice = child(root, "notice")
    if not isinstance(notice, yaml.SequenceNode):
        return None
    nodes: list[yaml.Node] = []
    for block in notice.value:
        if not isinstance(block, yaml.MappingNode):
            continue
        if _entry(block, "finding") is not None:
            nodes.append(block)
        elif isinstance(below := child(block, "findings"), yaml.SequenceNode):
            nodes.extend(below.value)
    return yaml.SequenceNode("tag:yaml.org,2002:seq", nodes)


def child(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of `key` in a mapping node (None if it is not one, or has no such key)."""
    if isinstance(mapping, yaml.MappingNode):
        for k, v in mapping.value:
            if k.value == key:
                return v  # type: ignore[no-any-return]
    return None


def _entry(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in mapping.value:
        if k.value == key:
            return k, v
    return None


def scalar(value: str | date, like: yaml.Node | None = None) -> str:
    """YAML text for a value: dates plain; text plain when it reads back the same, else quoted
    (keeping the quoting style of the value it replaces)."""
    if isinstance(value, date):
        return value.isoformat()
    style = like.style if isinstance(like, yaml.ScalarNode) else None
    if style == "'" and not re.search(_ESCAPED, value):
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _plain_ok(value):
        return value
    return re.sub(_ESCAPED, _escape, json.dumps(value, ensure_ascii=False))


# What a YAML reader refuses (DEL, C1 controls) or reads as a line break (NEL, U+2028/9) is
# written as a \u escape inside double quotes; JSON already escapes the other controls.
# (Written as the set to escape rather than its complement, which takes 4 ms to compile; and
# compiled when first used, as a value that needs quotes is rare: 0.8 ms.)
_ESCAPED = r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]"


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=1024)  # an edit writes the same few values: a status, a name
def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or any(c in value for c in "\n\r\t"):
        return False  # (a tab libyaml reads in plain text, PyYAML's own reader does not)
    try:  # read by libyaml, as the plan is (the pure-Python reader takes 1 ms to start)
        return bool(yaml.load("k: " + value, Loader=_SAFE) == {"k": value})
    except (yaml.YAMLError, ValueError):  # `2024-02-30` reads as a date that does not exist
        return False


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_after(text: str, index: int) -> int:
    """The start of the line after the one holding `index` (or `index` if it starts a line)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def last_end(node: yaml.Node) -> int:
    """Where the last scalar under `node` ends (a block node's own end mark can run on past
    following comments and blank lines)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def _insert_point(text: str, mapping: yaml.MappingNode, key: str) -> int:
    """After the entry of the nearest key that comes before `key` in KEY_ORDER; else before the
    first entry of a key that comes after it; else after the last entry."""
    rank = KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)
    before = [
        (k, v) for k, v in mapping.value
        if k.value in KEY_ORDER and KEY_ORDER.index(k.value) < rank
    ]  # fmt: skip
    if before:
        _k, v = max(before, key=lambda kv: KEY_ORDER.index(kv[0].value))
        return line_after(text, last_end(v))
    after = [(k, v) for k, v in mapping.value if k is not mapping.value[0][0]]
    later = [k for k, _v in after if k.value in KEY_ORDER and KEY_ORDER.index(k.value) > rank]
    if later:
        return line_start(text, int(later[0].start_mark.index))
    return line_after(text, last_end(mapping))


def _insert(text: str, at: int, lines: list[str]) -> Splice:
    block = "\n".join(lines) + "\n"
    if at == len(text) and text and not text.endswith("\n"):
        block = "\n" + block[:-1]
    return Splice(at, at, block)


def _status_word(value: str | date, old: yaml.Node | None, style: _Style) -> str | date:
    """A status in the words of the entry it replaces, else in the file's words."""
    if not isinstance(value, Status):
        return value
    if isinstance(old, yaml.ScalarNode) and old.value.strip():  # `status:` alone says nothing
        english = old.value.strip() in ENGLISH_STATUS
    else:
        english = style.status == "en"
    return value.value if english else STATUS_LABELS[value]


def _set(text: str, mapping: yaml.MappingNode, op: SetField, style: _Style) -> Splice:
    entry = _entry(mapping, op.key)
    indent = " " * mapping.value[0][0].start_mark.column
    if entry is None:
        if op.value is None:
            return Splice(0, 0, "")
        at = _insert_point(text, mapping, op.key)
        word = scalar(_status_word(op.value, None, style))
        return _insert(text, at, [f"{indent}{op.key}: {word}"])
    key, value = entry
    if not isinstance(value, yaml.ScalarNode):
        raise Unsafe("not_scalar", key.start_mark.line + 1)
    if op.value is None:
        if key is mapping.value[0][0]:
            raise Unsafe("first_entry", key.start_mark.line + 1)
        start = line_start(text, key.start_mark.index)
        if text[start : key.start_mark.index].strip():
            raise Unsafe("shared_line", key.start_mark.line + 1)
        return Splice(start, line_after(text, value.end_mark.index), "")
    new = scalar(_status_word(op.value, value, style), value)
    start, end = value.start_mark.index, value.end_mark.index
    if start == end:  # `key:` with nothing after it
        new = (" " if text[start - 1 : start] == ":" else "") + new
    if "\n" in text[start:end]:
        raise Unsafe("multiline_value", key.start_mark.line + 1)
    return Splice(start, end, new)


def _add_note(
    text: str, mapping: yaml.MappingNode, note: Note, style: _Style, new_list: bool = True
) -> Splice:
    """A note at the end of the entry's notes; `new_list` False when an earlier note of the
    same command already wrote the `notes:` line of an entry that had none."""
    fields: list[tuple[str, str | date]] = [("date", note.on), ("text", note.text)]
    if note.evidence:
        fields.append(("evidence", note.evidence))
    if note.by:
        fields.append(("by", note.by))
    entry = _entry(mapping, "notes")
    if entry is not None and isinstance(entry[1], yaml.SequenceNode) and entry[1].value:
        seq = entry[1]
        if seq.flow_style:
            raise Unsafe("flow_entry", seq.start_mark.line + 1)
        dash = seq.start_mark.column
        at = line_after(text, last_end(seq))
    elif entry is not None:
        raise Unsafe("not_scalar", entry[0].start_mark.line + 1)
    else:
        dash = mapping.value[0][0].start_mark.column + style.sequence_offset
        at = _insert_point(text, mapping, "notes")
    header = entry is None and new_list
    lines = [" " * mapping.value[0][0].start_mark.column + "notes:"] if header else []
    for n, (key, value) in enumerate(fields):
        lead = " " * dash + "- " if n == 0 else " " * (dash + 2)
        lines.append(f"{lead}{key}: {scalar(value)}")
    return _insert(text, at, lines)


def sequence_offset(root: yaml.Node) -> int:
    """How far this file indents a block list under its key: the first one found tells."""
    queue = [root]
    while queue:
        node = queue.pop(0)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
                    return int(value.start_mark.column - key.start_mark.column)
                queue.append(value)
    return 2


def status_style(text: str) -> str:
    """Whether this file writes statuses in English words or Chinese labels."""
    english = len(_ENGLISH_STATUS.findall(text))
    return "en" if english > len(_CHINESE_STATUS.findall(text)) else "zh"


_ENGLISH_STATUS = re.compile(r"status:[ \t]*['\"]?(?:todo|doing|done|ongoing)\b")
_CHINESE_STATUS = re.compile(r"status:[ \t]*['\"]?(?:未开始|正在整改|已完成|长期坚持)")
