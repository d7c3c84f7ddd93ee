"""The comments a plan file's text holds for each item and measure, to carry them across a
rewrite of the whole file (`rectify migrate`): a comment inside an item's lines, on its own
line or after a field's plain value (`status: 正在整改  # 状态:…`), belongs to the measure
whose entry it follows, else to the item; it is written on its own line before that entry."""

from __future__ import annotations

import re

from .decoding import Source
from .reader import parse_with_layout
from .schema import LEDGER_KEYS

Path_ = tuple[int, ...]
_MEASURE = re.compile(r"\s*-\s+text\s*:")
# a field with a plain value (no quotes, which could hold a `#`) and a comment after it
_TRAILING = re.compile(r"\s*(?:-\s+)?(?P<key>[A-Za-z_]+):\s+[^'\"#\s][^#]*?\s+#\s?(?P<note>.*)")
# The fields whose comments still belong after a rewrite: the ledger's, the same in every
# schema (a comment on `separator:` or `title:` explains schema 1's own fields).
_LEDGER = frozenset({*LEDGER_KEYS, "date", "evidence", "by"})


def node_comments(source: Source) -> dict[Path_, list[str]]:
    """Each item's and measure's own comment lines (their text after `#`), by path."""
    _plan, _issues, layout = parse_with_layout(source)
    found: dict[Path_, list[str]] = {}
    for path, (start, end, _line) in layout.spans.items():
        measure, dash = 0, 0
        for line in source.text[start:end].splitlines():
            indent = len(line) - len(line.lstrip())
            if _MEASURE.match(line):
                measure, dash = measure + 1, indent
            # a line left of the measures' dashes is the item's again (`results:` after them)
            owner = (*path, measure) if measure and indent >= dash else path
            if line.strip().startswith("#"):
                found.setdefault(owner, []).append(line.strip()[1:].strip())
            elif (m := _TRAILING.fullmatch(line)) is not None and m.group("key") in _LEDGER:
                found.setdefault(owner, []).append(m.group("note").strip())
    return found
