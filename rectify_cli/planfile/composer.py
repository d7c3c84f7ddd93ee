"""YAML text → PyYAML's node tree, composed here from libyaml's parser events.

libyaml's own composer holds the whole tree until its end. This one can hand each feedback
item (schema 1's findings → categories → [problems →] items, schema 2's findings with none
under them) to a callback as soon as the item's events are read, and keeps only what the
callback gives back in its place: reading a plan
then holds one item's nodes at a time, not the tree of the whole file (10,000 measures:
the tree alone is 45 MB).

The nodes are PyYAML's classes with the tags, styles and marks libyaml's composer gives them,
except that scalars are not typed: every scalar is text (`str`), but an implicit null
(`null`); the plan's schema reads the text the clerk wrote. Anchors and aliases are refused
before this runs (loader.py), so an alias here is an error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

TAG = "tag:yaml.org,2002:"
# one string each, shared by every node (a new one per node was 7 MB of a 10,000-measure tree)
STR, NULL, MAP, SEQ = (TAG + t for t in ("str", "null", "map", "seq"))
NULLS = frozenset(("", "~", "null", "Null", "NULL"))

# What a node is in the plan's schema, as far as finding the items goes: schema 1's
# findings → categories → [problems →] items; schema 2's notice → blocks → findings → …,
# whose items are the findings with no findings under them (known at their mapping's end).
_OTHER, _ROOT, _FINDINGS, _CATEGORIES, _CATEGORY, _PROBLEMS, _PROBLEM, _ITEMS = range(8)
_NOTICE, _BLOCK, _NODES, _NODE = range(8, 12)
# (where, key) → what the key's value is
_UNDER = {
    (_ROOT, "findings"): _FINDINGS,
    (_FINDINGS, "categories"): _CATEGORIES,
    (_CATEGORY, "items"): _ITEMS,
    (_CATEGORY, "problems"): _PROBLEMS,
    (_PROBLEM, "items"): _ITEMS,
    (_ROOT, "notice"): _NOTICE,
    (_BLOCK, "findings"): _NODES,
    (_NODE, "findings"): _NODES,
}
_ENTRY = {_CATEGORIES: _CATEGORY, _PROBLEMS: _PROBLEM, _NOTICE: _BLOCK, _NODES: _NODE}

_DEEPEST = 1000  # libyaml's limit of nesting
Path = tuple[int, ...]
ItemRead = Callable[[yaml.MappingNode, Path, int], yaml.Node]  # the item, its path, the schema


def compose(text: str, on_item: ItemRead | None = None) -> yaml.Node | None:
    """The node tree of the one document in `text` (None if there is none). With `on_item`,
    each item's mapping is passed to it with its path (as the plan numbers it) as soon as it
    is read, and what it returns stands in the item's place. Raises PyYAML's errors."""
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml's, where installed
    get: Callable[[], Any] = parser.get_event  # libyaml's events are typed loosely
    get()  # the stream's start
    if isinstance(get(), StreamEndEvent):  # else the document's start
        return None
    # A node's children are composed one call deeper. libyaml refuses nesting deeper than
    # 1,000 levels with its own error; that error, not Python's limit, must be what stops it.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 2 * _DEEPEST)
    try:
        root = _Composer(get, on_item).node(get(), _ROOT if on_item else _OTHER, ())
    finally:
        sys.setrecursionlimit(limit)
    get()  # the document's end
    event = get()
    if not isinstance(event, StreamEndEvent):
        raise ComposerError(
            "expected a single document in the stream",
            root.start_mark,
            "but found another document",
            event.start_mark,
        )
    return root


class _Composer:
    def __init__(self, get: Callable[[], Any], on_item: ItemRead | None) -> None:
        self.get = get
        self.on_item = on_item
        self.top = 0  # schema 2: the top-level findings numbered so far, across the parts

    def node(self, event: Any, where: int, path: Path) -> yaml.Node:
        kind = event.__class__
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = NULL if event.implicit[0] and event.value in NULLS else STR
            return yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                   event.style)  # fmt: skip
        if kind is MappingStartEvent:
            pairs: list[tuple[yaml.Node, yaml.Node]] = []
            get = self.get
            below = False  # (schema 2) whether the finding has findings under it
            while (item := get()).__class__ is not MappingEndEvent:
                key = self.node(item, _OTHER, path)
                scalar = key.__class__ is yaml.ScalarNode
                under = _UNDER.get((where, key.value)) if where and scalar else None
                if where == _BLOCK and scalar and key.value == "finding" and not path:
                    self.top += 1  # a part that is itself a finding: the next top-level one
                    path = (self.top,)
                if under == _NODES:
                    below = True
                    if where == _BLOCK and not path:
                        under = -_NODES  # a part's findings: numbered across the parts
                pairs.append((key, self.node(get(), under or _OTHER, path)))
            end: Any = item.end_mark  # libyaml's Mark, which the stubs do not count as one
            mapping = yaml.MappingNode(_tag(event, MAP), pairs, event.start_mark, end,
                                       event.flow_style)  # fmt: skip
            if self.on_item and not below and where == _NODE:
                return self.on_item(mapping, path, 2)
            return mapping
        if kind is SequenceStartEvent:
            entries: list[yaml.Node] = []
            across = where == -_NODES
            where = _NODES if across else where
            entry = _ENTRY.get(where, _OTHER)
            get = self.get
            while (item := get()).__class__ is not SequenceEndEvent:
                if across:
                    self.top += 1
                    at: Path = (self.top,)
                elif where and where != _NOTICE:
                    at = (*path, len(entries) + 1)
                else:
                    at = path
                child = self.node(item, entry, at)
                if where == _ITEMS and self.on_item and isinstance(child, yaml.MappingNode):
                    child = self.on_item(child, at, 1)
                entries.append(child)
            end = item.end_mark
            return yaml.SequenceNode(_tag(event, SEQ), entries, event.start_mark, end,
                                     event.flow_style)  # fmt: skip
        if kind is AliasEvent:
            raise ComposerError(None, None, f"found alias {event.anchor!r}", event.start_mark)
        raise ComposerError(None, None, f"unexpected {kind.__name__}", event.start_mark)


def _tag(event: Any, implicit: str) -> str:
    tag: str | None = event.tag
    return implicit if tag is None or tag == "!" else tag
