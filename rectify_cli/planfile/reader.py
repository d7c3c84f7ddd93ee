"""Reading a plan: its text parsed into the model with every problem found, through the parse
cache when asked."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..errors import Issue, PlanInvalid
from ..model.plan import Plan
from . import cache
from .decoding import LINE_BREAK, Source, read
from .loader import compose, paused_gc

if TYPE_CHECKING:
    from . import splice
    from .schema import Builder


def parse(source: Source, today: date | None = None) -> tuple[Plan, list[Issue]]:
    """The plan and its warnings; raise PlanInvalid with every error (and warning) found."""
    plan, issues, _layout = parse_with_layout(source, today)
    return plan, issues


def parse_with_layout(
    source: Source, today: date | None = None
) -> tuple[Plan, list[Issue], splice.Layout]:
    """As parse, with where each item lies in the text (what an edit splices at)."""
    with paused_gc():
        return _parse(source, today)


def _parse(source: Source, today: date | None) -> tuple[Plan, list[Issue], splice.Layout]:
    # (a plan read from the cache needs none of these)
    from .nodes import check_tags
    from .schema import ALL_KEYS, Builder, built_item, scan_key_slips
    from .schema2 import ALL_KEYS2, Builder2, Restream, built_item2, peek_layout
    from .splice import Layout, item_span, layout, sequence_offset

    path, text = str(source.path), source.text
    if any(c in text for c in _INVISIBLE_BREAKS):  # (a find each: fast on any size)
        raise PlanInvalid(_invisible_breaks(text, path))
    slips = scan_key_slips(text, path, ALL_KEYS | ALL_KEYS2)
    day = today or date.today()
    builder = Builder(path, day)
    streamed = Builder2(path, day)  # a schema-2 plan's items, read with its layout as declared
    streamed.layout = peek_layout(streamed, text) if "\nnotice:" in text else streamed.layout
    spans: dict[tuple[int, ...], splice.Span] = {}

    def item_read(node: yaml.MappingNode, at: tuple[int, ...], schema: int) -> yaml.Node:
        """Build each item as soon as it is read and let its nodes go (see composer.py)."""
        item_span(text, at, node, spans)
        if schema == 1:
            return built_item(builder, node, at)
        return built_item2(streamed, node, at)

    tagged = "!" in text  # a tag is written with "!": the whole tree is checked for bad ones
    for stream in (not tagged, False):
        try:
            root = compose(text, path, item_read if stream else None)
        except PlanInvalid as e:
            # `status：done` is a syntax error on its own line: the slip says why: it replaces it
            lines = {slip.line for slip in slips}
            rest = [i for i in e.issues if i.key != "yaml_syntax" or i.line not in lines]
            raise PlanInvalid(sorted([*slips, *rest], key=lambda i: (i.line, i.col))) from None
        if root is None:
            raise PlanInvalid([Issue(path, 1, 1, "empty_file", {})])
        two = _schema(root) == "2"
        if two:
            builder = Builder2(path, builder.today)
            builder.streamed = streamed.layout
        builder.issues[:0] = slips
        tags_ok = not tagged or check_tags(builder, root)
        try:
            plan = _built(builder, root, two) if tags_ok else None
        except Restream:  # items read with another layout or at other paths: read it whole
            builder, spans = Builder(path, day), {}
            continue
        break
    issues = sorted(_inside(text, builder.issues), key=lambda i: (i.line, i.col))
    if plan is None or any(not i.warning for i in issues):
        raise PlanInvalid(issues)
    assert root is not None
    if tagged or not stream:
        return plan, issues, layout(text, root)
    return plan, issues, Layout(spans, sequence_offset(root))


def _built(builder: Builder, root: yaml.Node, two: bool) -> Plan | None:
    """The plan the root node reads as, by its schema; raises schema2.Restream where items
    were read as they streamed by with a layout or at paths the whole plan does not give."""
    from .schema import build_plan
    from .schema2 import Builder2, build_plan2

    if two and isinstance(builder, Builder2) and isinstance(root, yaml.MappingNode):
        return build_plan2(builder, root)
    return build_plan(builder, root)


def _schema(root: yaml.Node) -> str | None:
    """The `schema:` a plan's text declares, as written."""
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "schema" and isinstance(value, yaml.ScalarNode):
                return str(value.value).strip()
    return None


def _inside(text: str, issues: list[Issue]) -> list[Issue]:
    """Issues at a line the file has: an empty document's node in a file that ends without a
    line break is after its last line (found by fuzzing), told at that line's end instead."""
    if not issues or max(i.line for i in issues) <= text.count("\n") + 1:
        return issues
    lines = re.split(LINE_BREAK, text)
    end = (len(lines), len(lines[-1]) + 1)
    return [i if i.line <= len(lines) else Issue(i.path, *end, i.key, i.args, i.warning)
            for i in issues]  # fmt: skip


# YAML's line breaks that an editor does not show as one (NEL, U+2028, U+2029): pasted into a
# title, YAML would cut the line there and every position after it would be a line off.
_INVISIBLE_BREAKS = "\x85\u2028\u2029"


def _invisible_breaks(text: str, path: str) -> list[Issue]:
    """Each one, at its line and column as an editor counts them (by line feeds)."""
    issues = []
    for m in re.finditer(f"[{_INVISIBLE_BREAKS}]", text):
        start = text.rfind("\n", 0, m.start()) + 1
        line, col = text.count("\n", 0, start) + 1, m.start() - start + 1
        issues.append(
            Issue(path, line, col, "invisible_break", {"char": f"U+{ord(m.group()):04X}"})
        )
    return issues


def load(
    path: Path, today: date | None = None, *, cached: bool = False
) -> tuple[Plan, list[Issue]]:
    """The plan at `path`; with `cached`, through the parse cache beside it (see cache.py)."""
    source = read(path)
    return parse_cached(source, today) if cached else parse(source, today)


def parse_cached(source: Source, today: date | None = None) -> tuple[Plan, list[Issue]]:
    day = today or date.today()
    hit = cache.get(source.path, source.raw, day)
    if hit is not None:
        return hit
    plan, issues, found = parse_with_layout(source, day)
    cache.put(source.path, source.raw, day, plan, issues, tuple(found))
    return plan, issues
