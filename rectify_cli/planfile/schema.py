"""The plan file's schema: YAML nodes (with their positions) → the immutable model.

The fields of each mapping, and the Chinese words a clerk may type instead, live here, once;
so does the builder, which reads the nodes with nodes.py. Every problem is collected as an
`Issue` with its line and column; nothing stops at the first one.
"""

from __future__ import annotations

import re
from datetime import date

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
from .days import in_future
from .nodes import (
    Pair,
    Reading,
    boolean,
    choice,
    closest,
    day,
    describe,
    each,
    fields,
    integer,
    is_empty_list,
    text,
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
# A slip is a colon like these after a key alone at the start of its line. The colons are found
# first (a search for a literal is fast), then the text before each: 3 MB in 13 ms, not 45.
_SLIP_COLON = re.compile(r"：|:(?=[^\s:])")
_LINE_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_]+)")

Path = tuple[int, ...]


def scan_key_slips(text: str, path: str, keys: frozenset[str] = ALL_KEYS) -> list[Issue]:
    """Slips that YAML silently reads as text: `status：done` (full-width colon, an IME slip)
    and `status:done` (no space after the colon), after any of the `keys`."""
    issues = []
    for colon in _SLIP_COLON.finditer(text):
        start = text.rfind("\n", 0, colon.start()) + 1
        m = _LINE_KEY.fullmatch(text, start, colon.start())
        if m is None or m.group(1) not in keys:
            continue
        line = text.count("\n", 0, start) + 1
        col = colon.start() - start + 1
        slip = "slip_fullwidth_colon" if colon.group() == "：" else "slip_no_space"
        issues.append(Issue(path, line, col, slip, {"field": m.group(1)}))
    return issues


class Builder(Reading):
    """The reading of one plan: every issue found so far, and the day dates are checked against
    (a measure done in the future is warned about)."""

    def __init__(self, path: str, today: date) -> None:
        super().__init__(path, KEYS, CHINESE_KEYS)
        self.today = today


def build_plan(b: Builder, root: yaml.Node) -> Plan | None:
    """The plan that the document's root node reads as; None if the root is not a mapping."""
    if not isinstance(root, yaml.MappingNode):
        b.error(root, "top_not_mapping", got=describe(root))
        return None
    f = fields(b, root, "plan", required=("title", "findings"))
    version = integer(b, f.get("schema"), "schema")
    if version is not None and version != SCHEMA_VERSION:
        b.error(f["schema"][1], "bad_schema", value=version, expected="1, 2")
    style = fields(b, f["style"][1], "style") if "style" in f else {}
    findings = fields(b, f["findings"][1], "findings", ("categories",)) if "findings" in f else {}
    categories = each(b, findings.get("categories"), "categories", _category, ())
    if is_empty_list(findings.get("categories")):
        b.error(findings["categories"][1], "no_children", what="findings", child="categories")
    plan = Plan(
        title=text(b, f.get("title"), "title", required=True) or "",
        categories=tuple(categories),
        findings_heading=text(b, findings.get("heading"), "heading") or "反馈问题整改落实情况",
        intro=_section(b, f.get("intro")),
        next_steps=_section(b, f.get("next_steps")),
        closing=text(b, f.get("closing"), "closing"),
        editor=text(b, f.get("editor"), "editor"),
        unit=text(b, f.get("unit"), "unit"),
        group=text(b, f.get("group"), "group"),
        plan_date=day(b, f.get("plan_date"), "plan_date"),
        declared_items=integer(b, f.get("declared_items"), "declared_items"),
        full_width=choice(b, style.get("punctuation"), "punctuation", ("half", "full"), "half")
        == "full",
        show_title=boolean(b, style.get("show_title"), "show_title", True),
    )
    counted = sum(1 for _ in plan.items())
    if plan.declared_items is not None and plan.declared_items != counted and categories:
        b.error(
            f["declared_items"][1],
            "count_mismatch",
            declared=plan.declared_items,
            counted=counted,
        )
    return plan


def _section(b: Builder, pair: Pair | None) -> Section | None:
    """A part of the notice around the findings (intro, next_steps): heading and paragraphs."""
    if pair is None:
        return None
    f = fields(b, pair[1], "section", required=("heading",))
    paragraphs = each(b, f.get("paragraphs"), "paragraphs", _paragraph, None)
    return Section(
        heading=text(b, f.get("heading"), "heading", required=True) or "",
        paragraphs=tuple(paragraphs),
        numbered=boolean(b, f.get("numbered"), "numbered", False),
    )


def _paragraph(b: Builder, node: yaml.Node, _n: int, _under: None) -> str | None:
    """A paragraph of a section: text that is not blank."""
    return text(b, (node, node), "paragraph", required=True)


def _category(b: Builder, node: yaml.Node, n: int, _under: Path) -> Group | None:
    """The `n`th category, with its problems or its items (not both)."""
    f = fields(b, node, "category", required=("title",))
    if not f and not isinstance(node, yaml.MappingNode):
        return None
    path = (n,)
    children: list[Group | Item]
    if "problems" in f and "items" in f:
        b.error(f["items"][0], "problems_and_items")
    if "items" in f:
        children = each(b, f["items"], "items", _listed_item, path)
    else:
        children = each(b, f.get("problems"), "problems", _problem, path)
    if not ("items" in f or "problems" in f):
        b.error(node, "no_children", what="category", child="problems/items")
    elif is_empty_list(f.get("items") or f.get("problems")):
        pair = f.get("items") or f["problems"]
        b.error(pair[1], "no_children", what="category", child="problems/items")
    return Group(
        path, CATEGORY, text(b, f.get("title"), "title", required=True) or "", tuple(children)
    )


def _problem(b: Builder, node: yaml.Node, k: int, category: Path) -> Group | None:
    """The `k`th problem of the category at `category`, with its items."""
    f = fields(b, node, "problem", required=("title", "items"))
    if not f and not isinstance(node, yaml.MappingNode):
        return None
    path = (*category, k)
    items = each(b, f.get("items"), "items", _listed_item, path)
    if is_empty_list(f.get("items")):
        b.error(f["items"][1], "no_children", what="problem", child="items")
    return Group(path, PROBLEM, text(b, f.get("title"), "title", required=True) or "", tuple(items))


def _listed_item(b: Builder, node: yaml.Node, k: int, group: Path) -> Item | None:
    """The `k`th item of the group at `group`."""
    return build_item(b, node, (*group, k))


def built_item(b: Builder, node: yaml.MappingNode, path: Path) -> Built:
    """The item at `path` built as soon as it is read, to stand in its node's place
    (composer.py); what was found building it is reported if the plan's walk reaches it."""
    outside, b.issues = b.issues, []
    try:
        return Built(node, build_item(b, node, path), b.issues)
    finally:
        b.issues = outside


def build_item(b: Builder, node: yaml.Node, path: Path) -> Item | None:
    """The item that an entry's node reads as, numbered `path` (one built already, Built, as it
    was built)."""
    if isinstance(node, Built):
        b.issues.extend(node.issues)
        return node.item
    f = fields(b, node, "item", required=("title", "measures"))
    if not f and not isinstance(node, yaml.MappingNode):
        return None
    ledger = ledger_of(b, f)
    measures = each(b, f.get("measures"), "measures", _measure, (path, ledger))
    if is_empty_list(f.get("measures")):
        b.error(f["measures"][1], "no_measures")
    return Item(
        path=path,
        title=text(b, f.get("title"), "title", required=True) or "",
        measures=tuple(measures),
        ledger=ledger,
        separator=choice(b, f.get("separator"), "separator", SEPARATORS, "。"),
        results=text(b, f.get("results"), "results"),
    )


def _measure(b: Builder, node: yaml.Node, k: int, item: tuple[Path, Ledger]) -> Measure | None:
    """The `k`th measure of an item, given the item's path and ledger (what it inherits)."""
    f = fields(b, node, "measure", required=("text",))
    if not f and not isinstance(node, yaml.MappingNode):
        return None
    ledger = ledger_of(b, f)
    status = ledger.status or item[1].status or Status.TODO
    if status is Status.DONE and ledger.done_on is None and "status" in f:
        b.warn(f["status"][1], "done_without_date")
    if ledger.done_on is not None:
        if status is not Status.DONE:
            b.warn(f["done_on"][1], "date_without_done", status=STATUS_LABELS[status])
        elif in_future(ledger.done_on, b.today):
            b.warn(f["done_on"][1], "done_in_future", value=ledger.done_on.isoformat())
    return Measure.under(
        item[1], (*item[0], k), text(b, f.get("text"), "text", required=True) or "", ledger
    )


def ledger_of(b: Builder, f: dict[str, Pair]) -> Ledger:
    """The ledger fields of an item's or a measure's mapping."""
    status = None
    word = text(b, f.get("status"), "status")
    if word is not None:
        status = status_word(word)
        if status is None:
            hint = suggest(word, list(STATUS_WORDS))
            b.error(
                f["status"][1],
                "bad_status_suggest" if hint else "bad_status",
                value=word,
                allowed=allowed_statuses(),
                suggestion=hint,
            )
    return Ledger(
        owner=text(b, f.get("owner"), "owner"),
        dept=text(b, f.get("dept"), "dept"),
        due=day(b, f.get("due"), "due"),
        status=status,
        done_on=day(b, f.get("done_on"), "done_on"),
        done_by=text(b, f.get("done_by"), "done_by"),
        notes=tuple(each(b, f.get("notes"), "notes", _note, None)),
        outcome=text(b, f.get("outcome"), "outcome"),
    )


def _note(b: Builder, node: yaml.Node, _n: int, _under: None) -> Note | None:
    """A dated progress note; None without its date or text (each an error)."""
    f = fields(b, node, "note", required=("date", "text"))
    on = day(b, f.get("date"), "date")
    note = text(b, f.get("text"), "text", required=True)
    if on is None or note is None:
        return None
    return Note(on, note, text(b, f.get("evidence"), "evidence"), text(b, f.get("by"), "by"))


class Built(yaml.Node):
    """An item built while the text was read, in its node's place (built_item)."""

    id = "built"

    def __init__(self, node: yaml.Node, item: Item | None, issues: list[Issue]) -> None:
        super().__init__(node.tag, None, node.start_mark, node.end_mark)
        self.item = item
        self.issues = issues


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """The field or word a plan's `word` was likely meant as: a Chinese field name's key, else
    the closest choice."""
    return closest(word, choices, CHINESE_KEYS)
