"""A schema-1 plan made into schema 2 (`rectify migrate`; docs/plan-format.md).

One mechanism, not a second importer: the schema-1 plan's notice is rendered as the text it
prints, that text is read by the importer of any notice, and the ledger of each finding and
measure is carried over by its ID. The schema-2 plan then prints the same notice, byte for
byte, and holds the same ledger; a plan whose notice the importer reads into other IDs is
refused rather than changed.
"""

from __future__ import annotations

from ..errors import Refused
from ..model.document import NO_FORM, Segment
from ..model.plan import Group, Item, Measure, Node, Plan
from .assemble import join, paragraphs
from .blocks import blocks
from .importer import read_notice


def notice_text(plan: Plan) -> str:
    """What `report` prints for a schema-1 plan, without the final newline it adds."""
    return "\n".join(b.line for b in blocks(plan))


def to_schema2(plan: Plan, path: str) -> Plan:
    """The schema-2 plan of a schema-1 `plan`: the same notice and the same ledger."""
    text = notice_text(plan)
    found = read_notice(text, title=plan.title)
    old = {node.path: node for node in plan.nodes()}
    new = {node.path: node for node in found.plan.nodes()}
    same = old.keys() == new.keys() and all(type(old[p]) is type(new[p]) for p in old)
    if not same:
        raise Refused("migrate_mismatch", path=path)
    categories = tuple(_carried(node, old) for node in found.plan.categories)
    assert found.plan.document is not None
    if join(paragraphs(found.plan), found.plan.document) != text:
        raise Refused("migrate_mismatch", path=path)
    return found.plan._replace(
        title=plan.title,
        categories=categories,
        unit=plan.unit,
        group=plan.group,
        plan_date=plan.plan_date,
        declared_items=plan.declared_items,
    )


def _carried(node: Group | Item, old: dict[tuple[int, ...], Node]) -> Group | Item:
    if isinstance(node, Group):
        return node._replace(children=tuple(_carried(c, old) for c in node.children))
    was = old[node.path]
    assert isinstance(was, Item)
    measures = []
    for m, before in zip(node.measures, was.measures, strict=True):
        measures.append(Measure.under(was.ledger, m.path, m.text, before.ledger, m.form))
    item = node._replace(ledger=was.ledger, measures=tuple(measures))
    return _results(item, was.results) if was.results else item


def _results(item: Item, results: str) -> Item:
    """Schema 1's results (整改成效), which the notice runs on after the last measure, as the
    body's results segment rather than the end of that measure's text."""
    last = item.measures[-1]
    form = item.form or NO_FORM
    if not last.text.endswith(results) or form.body is not None:
        return item
    measures = (*item.measures[:-1], last._replace(text=last.text[: -len(results)]))
    body = (Segment("measures", run_in=True), Segment("results", results, run_in=True))
    return item._replace(measures=measures, results=results, form=form._replace(body=body))
