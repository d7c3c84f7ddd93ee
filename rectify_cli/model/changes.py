"""What each editing command changes, worked out on the model (pure, no I/O).

A `Change` holds the edit operations for the file, the lines shown to the clerk, and how the
plan must look afterwards (the writer checks the edited file against it).
"""

from __future__ import annotations

from datetime import date

from ..errors import BadUsage
from ..records import Record
from .numbering import parse_id
from .plan import STATUS_LABELS, Group, Item, Ledger, Measure, Node, Note, Plan, Status


class SetField(Record):
    """Set `key` of the item or measure at `path`; a value of None removes the entry."""

    __slots__ = _fields = ("path", "key", "value")
    path: tuple[int, ...]
    key: str
    value: str | date | None

    def __init__(
        self,
        path: tuple[int, ...],
        key: str,
        value: str | date | None,
    ) -> None:
        put = object.__setattr__
        put(self, "path", path)
        put(self, "key", key)
        put(self, "value", value)


class AddNote(Record):
    """Add `note` to the notes of the item or measure at `path`."""

    __slots__ = _fields = ("path", "note")
    path: tuple[int, ...]
    note: Note

    def __init__(
        self,
        path: tuple[int, ...],
        note: Note,
    ) -> None:
        put = object.__setattr__
        put(self, "path", path)
        put(self, "note", note)


Op = SetField | AddNote


class Line(Record):
    """One change as shown to the clerk: `2.1.3.1 status: 正在整改 → 已完成`."""

    __slots__ = _fields = ("id", "field", "old", "new")
    id: str
    field: str
    old: str
    new: str

    def __init__(
        self,
        id: str,
        field: str,
        old: str,
        new: str,
    ) -> None:
        put = object.__setattr__
        put(self, "id", id)
        put(self, "field", field)
        put(self, "old", old)
        put(self, "new", new)


class Change:
    """What a command changes: the edits, the lines shown, what was already so, the IDs."""

    def __init__(self, ids: list[str] | None = None) -> None:
        self.ops: list[Op] = []
        self.shown: list[Line] = []
        self.unchanged: list[tuple[str, str]] = []  # (id, message key)
        self.ids: list[str] = ids or []

    def lines(self) -> list[list[str]]:
        return [[x.id, x.field, x.old, x.new] for x in self.shown]

    def apply(self, plan: Plan) -> Plan:
        """The plan as it must read after the change."""
        for op in self.ops:
            plan = _apply(plan, op)
        return plan

    def set(self, node: Item | Measure, key: str, old: object, new: str | date | None) -> None:
        self.ops.append(SetField(node.path, key, new))
        self.shown.append(Line(node.id, key, _show(old), _show(new)))


def _show(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, Status):
        return STATUS_LABELS[value]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def measures_under(node: Node) -> list[Measure]:
    if isinstance(node, Measure):
        return [node]
    if isinstance(node, Item):
        return list(node.measures)
    return [m for item in node.items() for m in item.measures]


def set_status(
    nodes: list[Node],
    status: Status,
    on: date,
    by: str | None,
    note: str | None = None,
    evidence: str | None = None,
) -> Change:
    """Move every measure under `nodes` to `status`. Done gets a completion date and name;
    leaving done removes them. Measures already there are listed as unchanged. A `note` is
    recorded once where the clerk named it: on the measure or item named, on each item of a
    category or problem named (not on every measure), where anything under it changed."""
    change = Change()
    seen: set[tuple[int, ...]] = set()
    for node in nodes:
        change.ids.append(node.id)
        before = len(change.ops)
        for m in measures_under(node):
            if m.path in seen:
                continue
            seen.add(m.path)
            if m.status is status:
                change.unchanged.append((m.id, "already_" + status.value))
                continue
            change.set(m, "status", m.status, status)
            if status is Status.DONE:
                change.set(m, "done_on", m.ledger.done_on, on)
                if by:
                    change.set(m, "done_by", m.ledger.done_by, by)
            else:
                if m.ledger.done_on is not None:
                    change.set(m, "done_on", m.ledger.done_on, None)
                if m.ledger.done_by is not None:
                    change.set(m, "done_by", m.ledger.done_by, None)
        if note and len(change.ops) > before:
            _note_where_named(change, node, Note(on, note, evidence, by))
    return change


def _note_where_named(change: Change, node: Node, note: Note) -> None:
    """The note on the measure or item named; for a category or problem, on each of its
    items whose measures this change moves."""
    if isinstance(node, Item | Measure):
        add_note(change, node, note)
        return
    moved = {op.path for op in change.ops if isinstance(op, SetField)}
    for item in node.items():
        if any(m.path in moved for m in item.measures):
            add_note(change, item, note)


def add_note(change: Change, node: Item | Measure, note: Note) -> None:
    change.ops.append(AddNote(node.path, note))
    text = note.text + (f" [{note.evidence}]" if note.evidence else "")
    change.shown.append(Line(node.id, "notes", "", f"{note.on.isoformat()} {text}"))


def note(node: Node, new: Note) -> Change:
    change = Change(ids=[node.id])
    if isinstance(node, Group):
        raise TypeError("notes belong to items and measures")
    add_note(change, node, new)
    return change


def set_fields(nodes: list[Node], values: dict[str, str | date]) -> Change:
    """Set owner / dept / due on items and measures (on a category or problem: on its items)."""
    change = Change()
    for node in nodes:
        change.ids.append(node.id)
        targets: list[Item | Measure] = list(node.items()) if isinstance(node, Group) else [node]
        for target in targets:
            for key, value in values.items():
                old = getattr(target.ledger, key)
                if old != value:
                    change.set(target, key, old, value)
    return change


# -- the editing commands, from the IDs the clerk typed --------------------------------------


def settings(
    nodes: list[Node], values: dict[str, str | date], status: Status | None, on: date, by: str
) -> Change:
    """`set`: owner / dept / due (set_fields) and the status (set_status), as one change."""
    change = set_fields(nodes, values) if values else Change(ids=[n.id for n in nodes])
    if status is not None:
        moved = set_status(nodes, status, on, by)
        change.ops += moved.ops
        change.shown += moved.shown
        change.unchanged += moved.unchanged
    return change


def progress_note(plan: Plan, ident: str, new: Note) -> Change:
    """`note`: a dated note on an item or measure; a category or problem is refused."""
    node = plan.by_id(ident)
    if isinstance(node, Group):
        raise BadUsage("note_on_group", id=node.id)
    return note(node, new)


def items_shown(change: Change, plan: Plan) -> list[Item]:
    """The items the change's lines belong to, each once and in order, as they are in `plan`."""
    found: dict[str, Item] = {}
    for ident in dict.fromkeys(line.id for line in change.shown):  # a measure has many lines
        node = plan.find(parse_id(ident))
        if isinstance(node, Measure):
            node = plan.find(node.path[:-1])  # its item
        if isinstance(node, Item):
            found.setdefault(node.id, node)
    return list(found.values())


# -- the intended plan ---------------------------------------------------------------------


def _apply(plan: Plan, op: Op) -> Plan:
    """Rebuild the path down to the changed item or measure; measures are rebuilt through
    Measure.under so that inherited fields follow an item's change."""

    def edit(ledger: Ledger) -> Ledger:
        if isinstance(op, AddNote):
            return ledger._replace(notes=(*ledger.notes, op.note))
        return ledger._replace(**{op.key: op.value})  # type: ignore[arg-type]

    def visit(node: Group | Item, depth: int) -> Group | Item:  # node is at op.path[:depth]
        if isinstance(node, Item):
            ledger = edit(node.ledger) if depth == len(op.path) else node.ledger
            own = [edit(m.ledger) if m.path == op.path else m.ledger for m in node.measures]
            measures = [
                Measure.under(ledger, m.path, m.text, mine, m.form)
                for m, mine in zip(node.measures, own, strict=True)
            ]
            return node._replace(ledger=ledger, measures=tuple(measures))
        children = list(node.children)
        index = op.path[depth] - 1
        children[index] = visit(children[index], depth + 1)
        return node._replace(children=tuple(children))

    categories = list(plan.categories)
    first = op.path[0] - 1
    categories[first] = visit(categories[first], 1)
    return plan._replace(categories=tuple(categories))
