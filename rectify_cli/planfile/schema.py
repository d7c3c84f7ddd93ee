"""The plan file's schema: YAML nodes (with their positions) → the immutable model.

Every problem is collected as an `Issue` with its line and column; nothing stops at the
first one. Field names and the Chinese words a clerk may type instead live here, once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import yaml

from ..errors import Issue
from ..model.numbering import CATEGORY, PROBLEM
from ..model.plan import (
    STATUS_LABELS,
    STATUS_WORDS,
    Group,
    Item,
    Ledger,
    Measure,
    Note,
    Plan,
    Section,
    Status,
    allowed_statuses,
    status_word,
)

SCHEMA_VERSION = 1

LEDGER_KEYS = ("owner", "dept", "due", "status", "done_on", "done_by", "notes", "outcome")
KEYS: dict[str, tuple[str, ...]] = {
    "plan": (
        "schema",
        "title",
        "unit",
        "group",
        "plan_date",
        "declared_items",
        "style",
        "intro",
        "findings",
        "next_steps",
        "closing",
        "editor",
    ),
    "style": ("punctuation", "show_title"),
    "section": ("heading", "paragraphs", "numbered"),
    "findings": ("heading", "categories"),
    "category": ("title", "problems", "items"),
    "problem": ("title", "items"),
    "item": ("title", "separator", "measures", "results", *LEDGER_KEYS),
    "measure": ("text", *LEDGER_KEYS),
    "note": ("date", "text", "evidence", "by"),
}
# Chinese field names a clerk may write by mistake, for the did-you-mean hint.
CHINESE_KEYS = {
    "标题": "title",
    "单位": "unit",
    "巡察组": "group",
    "措施": "measures",
    "整改措施": "measures",
    "内容": "text",
    "状态": "status",
    "完成情况": "status",
    "责任领导": "owner",
    "责任部门": "dept",
    "整改时限": "due",
    "时限": "due",
    "完成时间": "done_on",
    "完成人": "done_by",
    "进展": "notes",
    "备注": "notes",
    "佐证材料": "evidence",
    "整改成效": "outcome",
    "日期": "date",
}
ALL_KEYS = frozenset(k for keys in KEYS.values() for k in keys)
SEPARATORS = ("。", ";", "；")
STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOSE_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"  # the rare slip
# A slip is a colon like these after a key alone at the start of its line. The colons are found
# first (a search for a literal is fast), then the text before each: 3 MB in 13 ms, not 45.
_SLIP_COLON = re.compile(r"：|:(?=[^\s:])")
_LINE_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_]+)")

T = TypeVar("T")
Pair = tuple[yaml.Node, yaml.Node]


def scan_key_slips(text: str, path: str) -> list[Issue]:
    """Slips that YAML silently reads as text: `status：done` (full-width colon, an IME slip)
    and `status:done` (no space after the colon)."""
    issues = []
    for colon in _SLIP_COLON.finditer(text):
        start = text.rfind("\n", 0, colon.start()) + 1
        m = _LINE_KEY.fullmatch(text, start, colon.start())
        if m is None or m.group(1) not in ALL_KEYS:
            continue
        line = text.count("\n", 0, start) + 1
        col = colon.start() - start + 1
        slip = "slip_fullwidth_colon" if colon.group() == "：" else "slip_no_space"
        issues.append(Issue(path, line, col, slip, {"field": m.group(1)}))
    return issues


class Builder:
    """Walks the composed YAML tree once, building the model and collecting issues."""

    def __init__(self, path: str, today: date) -> None:
        self.path = path
        self.today = today
        self.issues: list[Issue] = []

    # -- reporting ---------------------------------------------------------------------

    def error(self, node: yaml.Node, message: str, **args: Any) -> None:
        mark = node.start_mark
        self.issues.append(Issue(self.path, mark.line + 1, mark.column + 1, message, args))

    def warn(self, node: yaml.Node, message: str, **args: Any) -> None:
        mark = node.start_mark
        self.issues.append(Issue(self.path, mark.line + 1, mark.column + 1, message, args, True))

    # -- generic shapes ----------------------------------------------------------------

    def check_tags(self, root: yaml.Node) -> bool:
        """Refuse non-standard tags such as !!python/object anywhere in the tree."""
        ok = True
        stack = [root]
        while stack:
            node = stack.pop()
            if node.tag not in STANDARD_TAGS:
                self.error(node, "bad_tag", tag=node.tag.replace("tag:yaml.org,2002:", "!!"))
                ok = False
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    stack.extend((k, v))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return ok

    def mapping(
        self, node: yaml.Node, kind: str, required: tuple[str, ...] = ()
    ) -> dict[str, Pair]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "expected_mapping", what=kind, got=describe(node))
            return {}
        allowed = KEYS[kind]
        fields: dict[str, Pair] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "bad_key")
                continue
            key = key_node.value
            if key in fields:
                first = fields[key][0].start_mark.line + 1
                self.error(key_node, "duplicate_field", field=key, first=first)
                continue
            if key not in allowed:
                hint = suggest(key, allowed)
                self.error(
                    key_node,
                    "unknown_field_suggest" if hint else "unknown_field",
                    field=key,
                    what=kind,
                    suggestion=hint,
                    allowed=", ".join(allowed),
                )
                continue
            fields[key] = (key_node, value_node)
        for key in required:
            if key not in fields:
                self.error(node, "missing_field", field=key, what=kind)
        return fields

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        self.error(node, "expected_list", what=what, got=describe(node))
        return []

    def text(self, pair: Pair | None, what: str, required: bool = False) -> str | None:
        if pair is None:
            return None
        node = pair[1]
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "expected_text", what=what, got=describe(node))
            return None
        value = str(node.value)
        if not value.strip():
            if required:
                self.error(node, "empty_text", what=what)
            return None
        return value

    def date(self, pair: Pair | None, what: str) -> date | None:
        if pair is None:
            return None
        node = pair[1]
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "expected_date", what=what, got=describe(node))
            return None
        raw = str(node.value).strip()
        if not raw:
            return None
        if _ISO_DATE.fullmatch(raw):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                self.error(node, "impossible_date", value=raw, what=what)
                return None
        loose = re.fullmatch(_LOOSE_DATE, raw)
        hint = ""
        if loose:
            y, m, d = (int(g) for g in loose.groups())
            try:
                hint = date(y, m, d).isoformat()
            except ValueError:
                self.error(node, "impossible_date", value=raw, what=what)
                return None
        if hint:
            self.error(node, "malformed_date_suggest", value=raw, what=what, suggestion=hint)
        else:
            self.error(node, "malformed_date", value=raw, what=what)
        return None

    def integer(self, pair: Pair | None, what: str) -> int | None:
        if pair is None:
            return None
        node = pair[1]
        raw = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
        if not re.fullmatch(r"\d+", raw):
            self.error(node, "expected_integer", what=what, got=describe(node))
            return None
        return int(raw)

    def boolean(self, pair: Pair | None, what: str, default: bool) -> bool:
        if pair is None:
            return default
        node = pair[1]
        raw = str(node.value).strip().lower() if isinstance(node, yaml.ScalarNode) else ""
        if raw in ("true", "yes", "是"):
            return True
        if raw in ("false", "no", "否"):
            return False
        self.error(node, "expected_bool", what=what, got=describe(node))
        return default

    def choice(self, pair: Pair | None, what: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(pair, what)
        if value is None:
            return default
        if value not in choices:
            assert pair is not None
            self.error(pair[1], "bad_choice", what=what, value=value, allowed=" ".join(choices))
            return default
        return value

    def each(
        self, pair: Pair | None, what: str, build: Callable[[yaml.Node, int], T | None]
    ) -> list[T]:
        if pair is None:
            return []
        built = []
        for n, node in enumerate(self.sequence(pair[1], what), 1):
            value = build(node, n)
            if value is not None:
                built.append(value)
        return built

    # -- the plan ----------------------------------------------------------------------

    def plan(self, root: yaml.Node) -> Plan | None:
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "top_not_mapping", got=describe(root))
            return None
        f = self.mapping(root, "plan", required=("title", "findings"))
        version = self.integer(f.get("schema"), "schema")
        if version is not None and version != SCHEMA_VERSION:
            self.error(f["schema"][1], "bad_schema", value=version, expected=SCHEMA_VERSION)
        style = self.mapping(f["style"][1], "style") if "style" in f else {}
        findings = (
            self.mapping(f["findings"][1], "findings", ("categories",)) if "findings" in f else {}
        )
        categories = self.each(findings.get("categories"), "categories", self.category)
        if is_empty_list(findings.get("categories")):
            self.error(
                findings["categories"][1], "no_children", what="findings", child="categories"
            )
        plan = Plan(
            title=self.text(f.get("title"), "title", required=True) or "",
            categories=tuple(categories),
            findings_heading=self.text(findings.get("heading"), "heading")
            or "反馈问题整改落实情况",
            intro=self.section(f.get("intro")),
            next_steps=self.section(f.get("next_steps")),
            closing=self.text(f.get("closing"), "closing"),
            editor=self.text(f.get("editor"), "editor"),
            unit=self.text(f.get("unit"), "unit"),
            group=self.text(f.get("group"), "group"),
            plan_date=self.date(f.get("plan_date"), "plan_date"),
            declared_items=self.integer(f.get("declared_items"), "declared_items"),
            full_width=self.choice(
                style.get("punctuation"), "punctuation", ("half", "full"), "half"
            )
            == "full",
            show_title=self.boolean(style.get("show_title"), "show_title", True),
        )
        counted = sum(1 for _ in plan.items())
        if plan.declared_items is not None and plan.declared_items != counted and categories:
            self.error(
                f["declared_items"][1],
                "count_mismatch",
                declared=plan.declared_items,
                counted=counted,
            )
        return plan

    def section(self, pair: Pair | None) -> Section | None:
        if pair is None:
            return None
        f = self.mapping(pair[1], "section", required=("heading",))
        paragraphs = self.each(
            f.get("paragraphs"),
            "paragraphs",
            lambda node, _n: self.text((node, node), "paragraph", required=True),
        )
        return Section(
            heading=self.text(f.get("heading"), "heading", required=True) or "",
            paragraphs=tuple(paragraphs),
            numbered=self.boolean(f.get("numbered"), "numbered", False),
        )

    def category(self, node: yaml.Node, n: int) -> Group | None:
        f = self.mapping(node, "category", required=("title",))
        if not f and not isinstance(node, yaml.MappingNode):
            return None
        path = (n,)
        children: list[Group | Item]
        if "problems" in f and "items" in f:
            self.error(f["items"][0], "problems_and_items")
        if "items" in f:
            children = self.each(f["items"], "items", lambda node, k: self.item(node, (*path, k)))
        else:
            children = self.each(
                f.get("problems"), "problems", lambda node, k: self.problem(node, (*path, k))
            )
        if not ("items" in f or "problems" in f):
            self.error(node, "no_children", what="category", child="problems/items")
        elif is_empty_list(f.get("items") or f.get("problems")):
            pair = f.get("items") or f["problems"]
            self.error(pair[1], "no_children", what="category", child="problems/items")
        return Group(
            path, CATEGORY, self.text(f.get("title"), "title", required=True) or "", tuple(children)
        )

    def problem(self, node: yaml.Node, path: tuple[int, ...]) -> Group | None:
        f = self.mapping(node, "problem", required=("title", "items"))
        if not f and not isinstance(node, yaml.MappingNode):
            return None
        items = self.each(f.get("items"), "items", lambda node, k: self.item(node, (*path, k)))
        if is_empty_list(f.get("items")):
            self.error(f["items"][1], "no_children", what="problem", child="items")
        return Group(
            path, PROBLEM, self.text(f.get("title"), "title", required=True) or "", tuple(items)
        )

    def built_item(self, node: yaml.MappingNode, path: tuple[int, ...]) -> Built:
        """The item at `path` built as soon as it is read, to stand in its node's place
        (composer.py); what was found building it is reported if the plan's walk reaches it."""
        outside, self.issues = self.issues, []
        try:
            return Built(node, self.item(node, path), self.issues)
        finally:
            self.issues = outside

    def item(self, node: yaml.Node, path: tuple[int, ...]) -> Item | None:
        if isinstance(node, Built):
            self.issues.extend(node.issues)
            return node.item
        f = self.mapping(node, "item", required=("title", "measures"))
        if not f and not isinstance(node, yaml.MappingNode):
            return None
        ledger = self.ledger(f)
        measures = self.each(
            f.get("measures"), "measures", lambda node, k: self.measure(node, (*path, k), ledger)
        )
        if is_empty_list(f.get("measures")):
            self.error(f["measures"][1], "no_measures")
        return Item(
            path=path,
            title=self.text(f.get("title"), "title", required=True) or "",
            measures=tuple(measures),
            ledger=ledger,
            separator=self.choice(f.get("separator"), "separator", SEPARATORS, "。"),
            results=self.text(f.get("results"), "results"),
        )

    def measure(self, node: yaml.Node, path: tuple[int, ...], item: Ledger) -> Measure | None:
        f = self.mapping(node, "measure", required=("text",))
        if not f and not isinstance(node, yaml.MappingNode):
            return None
        ledger = self.ledger(f)
        status = ledger.status or item.status or Status.TODO
        if status is Status.DONE and ledger.done_on is None and "status" in f:
            self.warn(f["status"][1], "done_without_date")
        if ledger.done_on is not None:
            if status is not Status.DONE:
                self.warn(f["done_on"][1], "date_without_done", status=STATUS_LABELS[status])
            elif ledger.done_on > self.today:
                self.warn(f["done_on"][1], "done_in_future", value=ledger.done_on.isoformat())
        return Measure.under(
            item, path, self.text(f.get("text"), "text", required=True) or "", ledger
        )

    def ledger(self, f: dict[str, Pair]) -> Ledger:
        status = None
        word = self.text(f.get("status"), "status")
        if word is not None:
            status = status_word(word)
            if status is None:
                hint = suggest(word, list(STATUS_WORDS))
                self.error(
                    f["status"][1],
                    "bad_status_suggest" if hint else "bad_status",
                    value=word,
                    allowed=allowed_statuses(),
                    suggestion=hint,
                )
        return Ledger(
            owner=self.text(f.get("owner"), "owner"),
            dept=self.text(f.get("dept"), "dept"),
            due=self.date(f.get("due"), "due"),
            status=status,
            done_on=self.date(f.get("done_on"), "done_on"),
            done_by=self.text(f.get("done_by"), "done_by"),
            notes=tuple(self.each(f.get("notes"), "notes", self.note)),
            outcome=self.text(f.get("outcome"), "outcome"),
        )

    def note(self, node: yaml.Node, _n: int) -> Note | None:
        f = self.mapping(node, "note", required=("date", "text"))
        on = self.date(f.get("date"), "date")
        text = self.text(f.get("text"), "text", required=True)
        if on is None or text is None:
            return None
        return Note(
            on, text, self.text(f.get("evidence"), "evidence"), self.text(f.get("by"), "by")
        )


class Built(yaml.Node):
    """An item built while the text was read, in its node's place (Builder.built_item)."""

    id = "built"

    def __init__(self, node: yaml.Node, item: Item | None, issues: list[Issue]) -> None:
        super().__init__(node.tag, None, node.start_mark, node.end_mark)
        self.item = item
        self.issues = issues


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


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    if word in CHINESE_KEYS and CHINESE_KEYS[word] in choices:
        return CHINESE_KEYS[word]
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""
