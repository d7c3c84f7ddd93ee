"""A schema-2 plan → its YAML text (what `import` and `migrate` write; docs/plan-format.md).

The fields are written in the order a clerk reads them (the notice's own order, a node's text
before its ledger), each only where it differs from its default, so that the common case is
one line per paragraph. schema2.py reads what this writes back into the same plan.
"""

from __future__ import annotations

import re
from typing import Any

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


def dump(plan: Plan) -> str:
    """The YAML text of a schema-2 plan."""
    doc = plan.document
    assert doc is not None
    tree: dict[str, Any] = {"schema": SCHEMA}
    for key in ("unit", "group"):
        if getattr(plan, key):
            tree[key] = getattr(plan, key)
    if plan.plan_date:
        tree["plan_date"] = plan.plan_date.isoformat()
    tree["layout"] = _layout(doc.layout)
    tree["numbering"] = _numbering(doc.numbering)
    if doc.statuses:
        tree["statuses"] = {word: status.value for word, status in doc.statuses}
    nodes: dict[int, Group | Item] = {c.path[-1]: c for c in plan.categories}
    tree["notice"] = [_block(b, doc, nodes) for b in doc.blocks]
    if doc.trailing:
        tree["trailing"] = list(doc.trailing)
    out: list[str] = []
    _mapping(out, tree, "")
    return "".join(out)


# The YAML is written here rather than by yaml.dump, which takes 18 s for a 10 MB notice's
# plan; each scalar is written by splice.scalar, the editor's own (plain where libyaml reads
# it back the same, else double-quoted), and the whole text is read back before it is used.


def _mapping(out: list[str], tree: dict[str, Any], indent: str, first: str | None = None) -> None:
    for n, (key, value) in enumerate(tree.items()):
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


def _spacing(out: dict[str, Any], s: Spacing, doc: Document) -> dict[str, Any]:
    if s.indent is not None:
        out["indent"] = s.indent
    if s.blank_before is not None:
        plain = all(b == doc.layout.newline for b in s.blank_before)
        out["blank_before"] = len(s.blank_before) if plain else list(s.blank_before)
    if s.newline is not None:
        out["newline"] = NEWLINE_NAMES.get(s.newline, s.newline)
    return out


def _block(block: Text | Statistics | Part, doc: Document, nodes: dict[int, Group | Item]) -> Any:
    if isinstance(block, Text):
        return _spacing({block.role: block.text}, block.spacing, doc)
    if isinstance(block, Statistics):
        return _statistics(block, doc)
    if block.node:
        node = nodes[block.findings[0]]
        out = _node(node, doc, "finding")
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
    _spacing(out, block.spacing, doc)
    if block.blocks:
        out["blocks"] = [_lead(b, doc) for b in block.blocks]
    if block.findings:
        out["findings"] = [_node(nodes[n], doc, "title") for n in block.findings]
    return out


def _statistics(block: Statistics, doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"statistics": block.text}
    if block.template is not None:
        out["template"] = block.template
    if block.live:
        out["live"] = True
    return _spacing(out, block.spacing, doc)


def _lead(lead: Text | Statistics | Point, doc: Document) -> dict[str, Any]:
    if isinstance(lead, Point):
        out: dict[str, Any] = {"point": lead.text}
        if lead.marker is not None:
            out["marker"] = lead.marker
        return _spacing(out, lead.spacing, doc)
    if isinstance(lead, Statistics):
        return _statistics(lead, doc)
    return _spacing({lead.role: lead.text}, lead.spacing, doc)


def _form(out: dict[str, Any], form: Form | None, doc: Document) -> None:
    if form is None:
        return
    if form.marker is not None:
        out["marker"] = form.marker
    _spacing(out, form.spacing, doc)


def _node(node: Group | Item, doc: Document, title_key: str) -> dict[str, Any]:
    form = node.form
    out: dict[str, Any] = {}
    if form is None or form.titled:
        out[title_key] = node.title
    _form(out, form, doc)
    if isinstance(node, Group):
        if form is not None and form.body:
            out["body"] = [_segment(s, doc) for s in form.body]
        out["findings"] = [_node(c, doc, "title") for c in node.children]
        return out
    _ledger(out, node.ledger)
    if form is not None and form.style is not None and form.style != doc.numbering.measures:
        out["numbering"] = form.style
    if node.measures:
        out["measures"] = [_measure(m, doc) for m in node.measures]
    if form is not None and form.body is not None:
        out["body"] = [_segment(s, doc) for s in form.body]
    return out


def _measure(m: Measure, doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"text": m.text}
    _form(out, m.form, doc)
    _ledger(out, m.ledger)
    return out


def _segment(s: Segment, doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = (
        {"measures": "all" if s.taken is None else s.taken}
        if s.kind == "measures"
        else {s.kind: s.text}
    )
    if s.run_in:
        out["run_in"] = True
    if s.paragraphs:
        out["paragraphs"] = True
    return _spacing(out, s.spacing, doc)


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
