"""A schema-2 plan → its YAML text (what `import` and `migrate` write; docs/plan-format.md).

The fields are written in the order a clerk reads them (the notice's own order, a node's text
before its ledger), each only where it differs from its default, so that the common case is
one line per paragraph. schema2.py reads what this writes back into the same plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..model.document import (
    NEWLINE_NAMES,
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
)
from ..model.plan import STATUS_LABELS, Group, Item, Ledger, Measure, Plan
from .splice import scalar

SCHEMA = 2
# The comment a plan written by `import` or `migrate` starts with (the file's own language).
HEAD = (
    "# 巡察整改方案计划文件(rectify 使用,第 2 版格式),格式说明见 docs/plan-format.md。\n"
    "# notice 按通报原文逐段保存:每段文字原样(含标点),编号由 numbering 与位置生成。\n"
    "# 台账字段写在措施或反馈意见下,不会公开:owner 责任领导、dept 责任部门、due 整改时限、\n"
    "# status 状态(未开始/正在整改/已完成/长期坚持)、done_on 完成时间、done_by 完成人、\n"
    "# notes 进展记录、outcome 整改成效。编号 2.1.3 即 (二)1.(3),其第二项措施是 2.1.3.2。\n"
    "\n"
)


def dump(
    plan: Plan, comments: Mapping[tuple[int, ...], list[str]] | None = None, head: str = HEAD
) -> str:
    """The YAML text of a schema-2 plan: `head` (comment lines) first, and each finding's or
    measure's `comments` as lines of its own (`# …`) before its first field."""
    doc = plan.document
    assert doc is not None
    tree: dict[str, Any] = {"schema": SCHEMA}
    printed = next((b.text for b in doc.blocks if isinstance(b, Text) and b.role == "title"), "")
    if plan.title and plan.title != printed:
        tree["title"] = plan.title  # the plan's name, where its notice prints no title
    for key in ("unit", "group"):
        if getattr(plan, key):
            tree[key] = getattr(plan, key)
    if plan.plan_date:
        tree["plan_date"] = plan.plan_date.isoformat()
    if plan.declared_items is not None:
        tree["declared_items"] = plan.declared_items
    tree["layout"] = _layout(doc.layout)
    tree["numbering"] = _numbering(doc.numbering)
    if doc.statuses:
        tree["statuses"] = {word: status.value for word, status in doc.statuses}
    nodes: dict[int, Group | Item] = {c.path[-1]: c for c in plan.categories}
    w = _W(doc, comments or {})
    tree["notice"] = [_block(b, w, nodes) for b in doc.blocks]
    if doc.trailing:
        tree["trailing"] = list(doc.trailing)
    out: list[str] = [head]
    _mapping(out, tree, "")
    return "".join(out)


class _W(NamedTuple):
    """What the writing of one plan needs: its notice, and its nodes' comments by path (each
    written as the key `#`, first in its node's dict, that _mapping prints as comment lines)."""

    doc: Document
    comments: Mapping[tuple[int, ...], list[str]]


_NOTE = "#"


# The YAML is written here rather than by yaml.dump, which takes 18 s for a 10 MB notice's
# plan; each scalar is written by splice.scalar, the editor's own (plain where libyaml reads
# it back the same, else double-quoted), and the whole text is read back before it is used.


def _mapping(out: list[str], tree: dict[str, Any], indent: str, first: str | None = None) -> None:
    notes = tree.get(_NOTE)
    if notes:
        out += [f"{indent if first is None else first[:-2]}# {note}\n" for note in notes]
    items = [(k, v) for k, v in tree.items() if k != _NOTE]
    for n, (key, value) in enumerate(items):
        lead = first if n == 0 and first is not None else indent
        _entry(out, lead + _scalar(key) + ":", value, indent)


def _entry(out: list[str], head: str, value: Any, indent: str) -> None:
    if isinstance(value, dict):
        if not value:
            out.append(head + " {}\n")
            return
        out.append(head + "\n")
        _mapping(out, value, indent + "  ")
    elif isinstance(value, list):
        if not value:
            out.append(head + " []\n")
            return
        out.append(head + "\n")
        _sequence(out, value, indent + "  ")
    else:
        out.append(head + " " + _value(value) + "\n")


def _sequence(out: list[str], items: list[Any], indent: str) -> None:
    for value in items:
        if isinstance(value, dict) and value:
            _mapping(out, value, indent + "  ", first=indent + "- ")
        else:
            out.append(indent + "- " + _value(value) + "\n")


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _scalar(value)


# Text that libyaml reads back unchanged when written plain: it starts with a CJK character
# or a full-width form (never an indicator, a number, a date or a boolean), ends with no
# space, and holds no `: `, ` #`, tab, line break or character YAML escapes.
_PLAIN_CJK = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff01-\uff5e\u3001-\u303f\u2018-\u201d\u2460-\u2473]"
    r"(?:(?![:#]|\s)[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
    r"|:(?!\s|$)|#|[ \u3000](?![#\s]|$))*"
)


def _scalar(value: str) -> str:
    if _PLAIN_CJK.fullmatch(value):
        return value
    return scalar(value)


def _layout(layout: Layout) -> dict[str, Any]:
    return {
        "newline": NEWLINE_NAMES.get(layout.newline, layout.newline),
        "indent": layout.indent,
        "blank_lines": layout.blank_lines,
        "final_newline": layout.final_newline,
        "bom": layout.bom,
    }


def _numbering(n: Numbering) -> dict[str, Any]:
    return {"parts": n.parts, "points": n.points, "findings": list(n.findings),
            "measures": n.measures}  # fmt: skip


def _spacing(out: dict[str, Any], s: Spacing, w: _W) -> dict[str, Any]:
    if s.indent is not None:
        out["indent"] = s.indent
    if s.blank_before is not None:
        plain = all(b == w.doc.layout.newline for b in s.blank_before)
        out["blank_before"] = len(s.blank_before) if plain else list(s.blank_before)
    if s.newline is not None:
        out["newline"] = NEWLINE_NAMES.get(s.newline, s.newline)
    return out


def _block(block: Text | Statistics | Part, w: _W, nodes: dict[int, Group | Item]) -> Any:
    if isinstance(block, Text):
        return _spacing({block.role: block.text}, block.spacing, w)
    if isinstance(block, Statistics):
        return _statistics(block, w)
    if block.node:
        node = nodes[block.findings[0]]
        out = _node(node, w, "finding")
        if block.role != "findings":
            out["role"] = block.role
        if block.status is not None:
            out["group_status"] = block.status.value
        return out
    out = {"part": block.heading, "role": block.role}
    if block.marker is not None:
        out["marker"] = block.marker
    if block.status is not None:
        out["status"] = block.status.value
    if block.style is not None:
        out["points"] = block.style
    _spacing(out, block.spacing, w)
    if block.blocks:
        out["blocks"] = [_lead(b, w) for b in block.blocks]
    if block.findings:
        out["findings"] = [_node(nodes[n], w, "title") for n in block.findings]
    return out


def _statistics(block: Statistics, w: _W) -> dict[str, Any]:
    out: dict[str, Any] = {"statistics": block.text}
    if block.template is not None:
        out["template"] = block.template
    if block.live:
        out["live"] = True
    return _spacing(out, block.spacing, w)


def _lead(lead: Text | Statistics | Point, w: _W) -> dict[str, Any]:
    if isinstance(lead, Point):
        out: dict[str, Any] = {"point": lead.text}
        if lead.marker is not None:
            out["marker"] = lead.marker
        return _spacing(out, lead.spacing, w)
    if isinstance(lead, Statistics):
        return _statistics(lead, w)
    return _spacing({lead.role: lead.text}, lead.spacing, w)


def _form(out: dict[str, Any], form: Form | None, w: _W) -> None:
    if form is None:
        return
    if form.marker is not None:
        out["marker"] = form.marker
    _spacing(out, form.spacing, w)


def _node(node: Group | Item, w: _W, title_key: str) -> dict[str, Any]:
    form = node.form
    out: dict[str, Any] = {}
    if node.path in w.comments:
        out[_NOTE] = w.comments[node.path]
    if form is None or form.titled:
        out[title_key] = node.title
    _form(out, form, w)
    if isinstance(node, Group):
        if form is not None and form.body:
            out["body"] = [_segment(s, w) for s in form.body]
        out["findings"] = [_node(c, w, "title") for c in node.children]
        return out
    _ledger(out, node.ledger)
    if form is not None and form.style is not None and form.style != w.doc.numbering.measures:
        out["numbering"] = form.style
    if node.measures:
        out["measures"] = [_measure(m, w) for m in node.measures]
    if form is not None and form.body is not None:
        out["body"] = [_segment(s, w) for s in form.body]
    return out


def _measure(m: Measure, w: _W) -> dict[str, Any]:
    out: dict[str, Any] = {_NOTE: w.comments[m.path]} if m.path in w.comments else {}
    out["text"] = m.text
    _form(out, m.form, w)
    _ledger(out, m.ledger)
    return out


def _segment(s: Segment, w: _W) -> dict[str, Any]:
    out: dict[str, Any] = (
        {"measures": "all" if s.taken is None else s.taken}
        if s.kind == "measures"
        else {s.kind: s.text}
    )
    if s.run_in:
        out["run_in"] = True
    if s.paragraphs:
        out["paragraphs"] = True
    return _spacing(out, s.spacing, w)


def _ledger(out: dict[str, Any], ledger: Ledger) -> None:
    if ledger.owner:
        out["owner"] = ledger.owner
    if ledger.dept:
        out["dept"] = ledger.dept
    if ledger.due:
        out["due"] = ledger.due.isoformat()
    if ledger.status:
        out["status"] = STATUS_LABELS[ledger.status]
    if ledger.done_on:
        out["done_on"] = ledger.done_on.isoformat()
    if ledger.done_by:
        out["done_by"] = ledger.done_by
    if ledger.outcome:
        out["outcome"] = ledger.outcome
    if ledger.notes:
        out["notes"] = [
            {k: v for k, v in (("date", n.on.isoformat()), ("text", n.text),
                               ("evidence", n.evidence), ("by", n.by)) if v}
            for n in ledger.notes
        ]  # fmt: skip
