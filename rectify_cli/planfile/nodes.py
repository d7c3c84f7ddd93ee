"""Generic readers of YAML nodes (with their positions): a mapping's fields, a list's entries, a
scalar as text, a date, a whole number, yes or no, or one of a few words.

Nothing stops at the first problem: each is collected as an `Issue` at its node's line and
column, with a did-you-mean where a word is close to one allowed. What the fields are is the
caller's (schema.py for the plan).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from ..errors import Issue

STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOSE_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"  # the rare slip

Pair = tuple[yaml.Node, yaml.Node]

# What XML 1.0, and so a Word file, cannot hold (the tab and the line ends aside). libyaml
# refuses them written raw: only a double-quoted scalar's escapes (`\v`, `\x0b`) can hold one.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Reading:
    """One file's reading: the fields each kind of mapping may have, the words a user may write
    for a field's name (for the did-you-mean), and every issue found so far."""

    def __init__(
        self, path: str, keys: Mapping[str, tuple[str, ...]], hints: Mapping[str, str]
    ) -> None:
        self.path = path
        self.keys = keys
        self.hints = hints
        self.issues: list[Issue] = []

    def error(self, node: yaml.Node, message: str, **args: Any) -> None:
        mark = node.start_mark
        self.issues.append(Issue(self.path, mark.line + 1, mark.column + 1, message, args))

    def warn(self, node: yaml.Node, message: str, **args: Any) -> None:
        mark = node.start_mark
        self.issues.append(Issue(self.path, mark.line + 1, mark.column + 1, message, args, True))


if TYPE_CHECKING:  # for the checker only: annotations are not evaluated (nor made at import)
    T = TypeVar("T")
    U = TypeVar("U")
    R = TypeVar("R", bound=Reading)


def check_tags(r: Reading, root: yaml.Node) -> bool:
    """Refuse non-standard tags such as !!python/object anywhere in the tree."""
    ok = True
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in STANDARD_TAGS:
            r.error(node, "bad_tag", tag=node.tag.replace("tag:yaml.org,2002:", "!!"))
            ok = False
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return ok


def fields(
    r: Reading, node: yaml.Node, kind: str, required: tuple[str, ...] = ()
) -> dict[str, Pair]:
    """A mapping's fields by name, each with its key's and its value's node: only the fields a
    `kind` may have, each once."""
    if not isinstance(node, yaml.MappingNode):
        r.error(node, "expected_mapping", what=kind, got=describe(node))
        return {}
    allowed = r.keys[kind]
    found: dict[str, Pair] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            r.error(key_node, "bad_key")
            continue
        key = key_node.value
        if key in found:
            first = found[key][0].start_mark.line + 1
            r.error(key_node, "duplicate_field", field=key, first=first)
            continue
        if key not in allowed:
            hint = closest(key, allowed, r.hints)
            r.error(
                key_node,
                "unknown_field_suggest" if hint else "unknown_field",
                field=key,
                what=kind,
                suggestion=hint,
                allowed=", ".join(allowed),
            )
            continue
        found[key] = (key_node, value_node)
    for key in required:
        if key not in found:
            r.error(node, "missing_field", field=key, what=kind)
    return found


def entries(r: Reading, node: yaml.Node, what: str) -> list[yaml.Node]:
    """A list's entries."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    r.error(node, "expected_list", what=what, got=describe(node))
    return []


def each(
    r: R, pair: Pair | None, what: str, build: Callable[[R, yaml.Node, int, U], T | None], under: U
) -> list[T]:
    """What `build` makes of each entry of a list field (`n` counting from 1), given what the
    entries are `under`; entries it refuses (None) are left out."""
    if pair is None:
        return []
    built = []
    for n, node in enumerate(entries(r, pair[1], what), 1):
        value = build(r, node, n, under)
        if value is not None:
            built.append(value)
    return built


def text(
    r: Reading,
    pair: Pair | None,
    what: str,
    required: bool = False,
    expected: str = "expected_text",
) -> str | None:
    """A field's text as written; None if it is absent or blank (an error if `required`), or
    not a scalar (the error `expected`)."""
    if pair is None:
        return None
    node = pair[1]
    if not isinstance(node, yaml.ScalarNode):
        r.error(node, expected, what=what, got=describe(node))
        return None
    value = str(node.value)
    if node.style == '"':
        unprintable(r, node, value)
    if not value.strip():
        if required:
            r.error(node, "empty_text", what=what)
        return None
    return value


def unprintable(r: Reading, node: yaml.Node, value: str) -> None:
    """Warn of the first character of `value` a Word file cannot hold (the Word notice leaves it
    out, or breaks the line at a \\v or \\f), saying which character of the text it is."""
    found = UNPRINTABLE.search(value)
    if found is not None:
        r.warn(node, "unprintable", char=f"U+{ord(found.group()):04X}", at=found.start() + 1)


def day(r: Reading, pair: Pair | None, what: str) -> date | None:
    """A field's date, written YYYY-MM-DD; a date written otherwise is an error that suggests
    the same day written so."""
    if pair is None:
        return None
    value = text(r, pair, what, False, "expected_date")  # (positional: a faster call)
    if value is None:
        return None
    node, raw = pair[1], value.strip()
    if ISO_DATE.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            r.error(node, "impossible_date", value=raw, what=what)
            return None
    loose = re.fullmatch(_LOOSE_DATE, raw)
    hint = ""
    if loose:
        y, m, d = (int(g) for g in loose.groups())
        try:
            hint = date(y, m, d).isoformat()
        except ValueError:
            r.error(node, "impossible_date", value=raw, what=what)
            return None
    if hint:
        r.error(node, "malformed_date_suggest", value=raw, what=what, suggestion=hint)
    else:
        r.error(node, "malformed_date", value=raw, what=what)
    return None


def integer(r: Reading, pair: Pair | None, what: str) -> int | None:
    """A field's whole number (digits only)."""
    if pair is None:
        return None
    node = pair[1]
    raw = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    if not re.fullmatch(r"\d+", raw):
        r.error(node, "expected_integer", what=what, got=describe(node))
        return None
    return int(raw)


def boolean(r: Reading, pair: Pair | None, what: str, default: bool) -> bool:
    """A field's yes or no, in English or Chinese; `default` if it is absent or neither."""
    if pair is None:
        return default
    node = pair[1]
    raw = str(node.value).strip().lower() if isinstance(node, yaml.ScalarNode) else ""
    if raw in ("true", "yes", "是"):
        return True
    if raw in ("false", "no", "否"):
        return False
    r.error(node, "expected_bool", what=what, got=describe(node))
    return default


def choice(r: Reading, pair: Pair | None, what: str, choices: tuple[str, ...], default: str) -> str:
    """A field's word, one of `choices`; `default` if it is absent or another."""
    value = text(r, pair, what)
    if value is None:
        return default
    if value not in choices:
        assert pair is not None
        r.error(pair[1], "bad_choice", what=what, value=value, allowed=" ".join(choices))
        return default
    return value


def is_empty_list(pair: Pair | None) -> bool:
    """`key: []`. Not a list whose entries were all refused: each has its own error."""
    return pair is not None and isinstance(pair[1], yaml.SequenceNode) and not pair[1].value


def describe(node: yaml.Node) -> str:
    """What a node is, in the words of the error messages' `got` argument."""
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if node.tag.endswith(":null") or node.value == "":
        return "empty"
    return "text"


def closest(word: str, choices: list[str] | tuple[str, ...], hints: Mapping[str, str]) -> str:
    """The choice `word` was likely meant as: the one `hints` names for it, else the closest."""
    if word in hints and hints[word] in choices:
        return hints[word]
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""
