"""The `--json` contract: the plan with IDs, statuses, counts and dates (docs/json.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from ..model.numbering import CATEGORY
from ..model.plan import (
    Counts,
    Group,
    Item,
    Ledger,
    Measure,
    Node,
    Plan,
    Status,
    count,
    roll_up,
    total,
)

JSON_SCHEMA_VERSION = 2

Keep = Callable[[Measure], bool]


def counts_json(c: Counts) -> dict[str, Any]:
    return {
        "items": {"total": c.total_items, **{s.value: n for s, n in c.items.items()}},
        "measures": {"total": c.total_measures, **{s.value: n for s, n in c.measures.items()}},
        "overdue_items": c.overdue_items,
        "overdue_measures": c.overdue_measures,
        "rate": round(c.rate, 2),
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _ledger(ledger: Ledger) -> dict[str, Any]:
    return {
        "done_on": _iso(ledger.done_on),
        "done_by": ledger.done_by,
        "outcome": ledger.outcome,
        "notes": [
            {"date": n.on.isoformat(), "text": n.text, "evidence": n.evidence, "by": n.by}
            for n in ledger.notes
        ],
    }


def node_json(node: Node, today: date, keep: Keep | None = None) -> dict[str, Any] | None:
    """A node and what is under it; with `keep`, only the measures it keeps (None if none)."""
    return _walk(node, today, keep)[0]


def _walk(
    node: Node, today: date, keep: Keep | None
) -> tuple[dict[str, Any] | None, Status, Counts | None]:
    """node_json, with the node's status and counts (of all its items, whatever `keep` keeps):
    a group's are made from its children's on the way up, not rolled up again from each item
    at every level (nodes do not cache their roll-up)."""
    if isinstance(node, Measure):
        return _measure(node, today, keep), node.status, None
    if isinstance(node, Item):
        return _item(node, today, keep)
    return _group(node, today, keep)


def _measure(node: Measure, today: date, keep: Keep | None) -> dict[str, Any] | None:
    """A measure's JSON; None if `keep` does not keep it."""
    if keep is not None and not keep(node):
        return None
    return {
        "id": node.id,
        "level": "measure",
        "text": node.text,
        "status": node.status.value,
        "owner": node.owner,
        "dept": node.dept,
        "due": _iso(node.due),
        "overdue": node.is_overdue(today),
        **_ledger(node.ledger),
    }


def _item(
    node: Item, today: date, keep: Keep | None
) -> tuple[dict[str, Any] | None, Status, Counts]:
    """An item's JSON (None if `keep` keeps none of its measures), status and counts."""
    status = node.status
    counts = count([node], today)
    measures = [j for m in node.measures if (j := _measure(m, today, keep))]
    if keep is not None and not measures:
        return None, status, counts
    item = {
        "id": node.id,
        "level": "item",
        "title": node.title,
        "status": status.value,
        "owner": node.ledger.owner,
        "dept": node.ledger.dept,
        "due": _iso(node.ledger.due),
        "done_on": _iso(node.done_on),
        "overdue": counts.overdue_items > 0,
        "results": node.results,
        "measures": measures,
    }
    return item, status, counts


def _group(
    node: Group, today: date, keep: Keep | None
) -> tuple[dict[str, Any] | None, Status, Counts]:
    """A group's JSON (None if `keep` keeps nothing under it), status and counts, made from its
    children's."""
    walked = [_walk(c, today, keep) for c in node.children]
    status = roll_up(s for _, s, _ in walked)
    counts = total(c for _, _, c in walked if c is not None)
    children = [j for j, _, _ in walked if j is not None]
    if keep is not None and not children:
        return None, status, counts
    group = {
        "id": node.id,
        "level": "category" if node.level == CATEGORY else "problem",
        "title": node.title,
        "status": status.value,
        "counts": counts_json(counts),
        "children": children,
    }
    return group, status, counts


def plan_json(
    plan: Plan, today: date, root: Group | Item | Measure | None = None, keep: Keep | None = None
) -> dict[str, Any]:
    """The contract as one dict (the commands write it with plan_json_text)."""
    return {**_head(plan, today), "nodes": list(_nodes(plan, today, root, keep))}


def plan_json_text(
    plan: Plan,
    today: date,
    root: Group | Item | Measure | None = None,
    keep: Keep | None = None,
    *,
    pretty: bool = False,
) -> Iterator[str]:
    """json.dumps(plan_json(...)) in pieces that join to exactly that text, each top-level
    node's JSON made and let go in turn: the whole tree of dicts and its whole text are never
    held at once (10,000 measures: 66 → 51 MB)."""
    return last_list_pieces(_head(plan, today), "nodes", _nodes(plan, today, root, keep), pretty)


def _head(plan: Plan, today: date) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "today": today.isoformat(),
        "plan": {
            "schema": 1 if plan.document is None else 2,
            "title": plan.title,
            "unit": plan.unit,
            "group": plan.group,
            "plan_date": _iso(plan.plan_date),
            "declared_items": plan.declared_items,
            "status": plan.status.value,
            "counts": counts_json(count(plan.items(), today)),
        },
    }


def _nodes(
    plan: Plan, today: date, root: Group | Item | Measure | None, keep: Keep | None
) -> Iterator[dict[str, Any]]:
    for node in [root] if root is not None else plan.categories:
        if (j := node_json(node, today, keep)) is not None:
            yield j


def last_list_pieces(
    head: dict[str, Any], key: str, entries: Iterable[Any], pretty: bool
) -> Iterator[str]:
    """The JSON text of {**head, key: [*entries]} (indented by 2 when `pretty`, as json.dumps
    writes it), in pieces: the text before the list, then each entry, then the end."""
    import json

    indent = 2 if pretty else None
    start = json.dumps({**head, key: []}, ensure_ascii=False, indent=indent)
    end = "]\n}" if pretty else "]}"
    yield start[: -len(end)]  # up to the list's "["
    pad = "\n" + " " * 4  # an entry of a list in the top object: two levels in
    first = True
    for entry in entries:
        text = json.dumps(entry, ensure_ascii=False, indent=indent)
        if pretty:  # JSON escapes line breaks inside strings: every "\n" here is a new line
            yield ("" if first else ",") + pad + text.replace("\n", pad)
        else:
            yield ("" if first else ", ") + text
        first = False
    yield ("\n  " if pretty and not first else "") + end
