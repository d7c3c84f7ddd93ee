"""The plan as immutable data: nodes, statuses, the roll-up and pure queries. No I/O.

Each record is a typed named tuple: immutable, compared and hashed by its fields, copied with
`_replace`. Frozen dataclasses would do the same, but Python 3.11 compiles each of their methods
from source when the class is defined: the eight classes cost 37 M instructions, 8 % of
`rectify done` on the shipped plan, before any work; as named tuples, 11 M. A tuple also holds
a measure in less memory than an object with a dict. A node's status is rolled up from its
measures when asked for: a few measures for an item, one walk of its items for a group.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UnknownId
from ..records import Record
from .numbering import CATEGORY, ITEM, MEASURE, PROBLEM, format_id, parse_id
from .status import (
    STATUS_LABELS,
    STATUS_WORDS,
    STATUSES,
    Status,
    allowed_statuses,
    roll_up,
    status_word,
)

if TYPE_CHECKING:
    from .document import Document, Form


class Note(NamedTuple):
    """A dated progress note (进展), with optional evidence (佐证材料)."""

    on: date
    text: str
    evidence: str | None = None
    by: str | None = None


class Ledger(NamedTuple):
    """The internal fields of an item or a measure (整改台账): never printed in the notice."""

    owner: str | None = None  # 责任领导
    dept: str | None = None  # 责任部门
    due: date | None = None  # 整改时限
    status: Status | None = None
    done_on: date | None = None  # 完成时间
    done_by: str | None = None  # 完成人
    notes: tuple[Note, ...] = ()
    outcome: str | None = None  # 整改成效 (internal)


class Measure(NamedTuple):
    """One 一是/二是 measure. `status`, `owner`, `dept`, `due` are effective values:
    the measure's own, else its item's, else none (status: todo)."""

    path: tuple[int, ...]
    text: str
    ledger: Ledger
    status: Status
    owner: str | None
    dept: str | None
    due: date | None
    form: Form | None = None  # how it prints in a schema-2 plan (document.py)

    @property
    def level(self) -> int:
        return MEASURE

    @classmethod
    def under(
        cls,
        item: Ledger,
        path: tuple[int, ...],
        text: str,
        ledger: Ledger,
        form: Form | None = None,
    ) -> Measure:
        """A measure with its effective fields: its own, else its item's (the one rule of
        inheritance)."""
        return cls(
            path,
            text,
            ledger,
            ledger.status or item.status or Status.TODO,
            ledger.owner or item.owner,
            ledger.dept or item.dept,
            ledger.due or item.due,
            form,
        )

    @property
    def id(self) -> str:
        return format_id(self.path)

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and self.status in OPEN


OPEN = frozenset({Status.TODO, Status.DOING})


class Item(NamedTuple):
    """A feedback item (反馈意见), e.g. (二)1.(3) or (四)2.: the unit the notice counts."""

    path: tuple[int, ...]
    title: str
    measures: tuple[Measure, ...]
    ledger: Ledger = Ledger()
    separator: str = "。"
    results: str | None = None  # 整改成效, printed after the measures
    form: Form | None = None  # how it prints in a schema-2 plan (document.py)

    @property
    def level(self) -> int:
        return ITEM

    @property
    def children(self) -> tuple[()]:
        return ()

    def items(self) -> Iterator[Item]:
        """Itself: a finding at any depth may be an item (a schema-2 plan's top level too)."""
        yield self

    @property
    def id(self) -> str:
        return format_id(self.path)

    @property
    def status(self) -> Status:
        if not self.measures:  # a finding whose notice lists no measures: its own status
            return self.ledger.status or Status.TODO
        return roll_up(m.status for m in self.measures)

    @property
    def done_on(self) -> date | None:
        """The day the last measure was completed, once every measure is done."""
        if self.status is not Status.DONE:
            return None
        dates = [m.ledger.done_on for m in self.measures if m.ledger.done_on]
        return max(dates) if dates else None

    def is_overdue(self, today: date) -> bool:
        return any(m.is_overdue(today) for m in self.measures)


class Group(NamedTuple):
    """A category (一) or a problem 1.: a titled node whose children are groups or items."""

    path: tuple[int, ...]
    level: int  # CATEGORY or PROBLEM
    title: str
    children: tuple[Group | Item, ...]
    form: Form | None = None  # how it prints in a schema-2 plan (document.py)

    @property
    def id(self) -> str:
        return format_id(self.path)

    def items(self) -> Iterator[Item]:
        for child in self.children:
            if isinstance(child, Item):
                yield child
            else:
                yield from child.items()

    @property
    def status(self) -> Status:
        return roll_up(child.status for child in self.children)


Node = Group | Item | Measure


class Section(Record):
    """A part of the notice made of paragraphs: 一、 the introduction, 三、 the next steps."""

    __slots__ = _fields = ("heading", "paragraphs", "numbered")
    heading: str
    paragraphs: tuple[str, ...]
    numbered: bool  # paragraphs start 一是 二是 …

    def __init__(
        self,
        heading: str,
        paragraphs: tuple[str, ...] = (),
        numbered: bool = False,
    ) -> None:
        put = object.__setattr__
        put(self, "heading", heading)
        put(self, "paragraphs", paragraphs)
        put(self, "numbered", numbered)


class Plan(Record):
    """The whole plan: its notice's parts and the findings' categories."""

    __slots__ = _fields = (
        "title",
        "categories",
        "findings_heading",
        "intro",
        "next_steps",
        "closing",
        "editor",
        "unit",
        "group",
        "plan_date",
        "declared_items",
        "full_width",
        "show_title",
        "document",
    )
    title: str
    categories: tuple[Group | Item, ...]  # a schema-2 plan may have items at its top
    findings_heading: str
    intro: Section | None
    next_steps: Section | None
    closing: str | None
    editor: str | None
    unit: str | None
    group: str | None
    plan_date: date | None
    declared_items: int | None
    full_width: bool  # （一） instead of (一)
    show_title: bool
    document: Document | None  # a schema-2 plan's notice; None in schema 1

    def __init__(
        self,
        title: str,
        categories: tuple[Group | Item, ...],
        findings_heading: str = "反馈问题整改落实情况",
        intro: Section | None = None,
        next_steps: Section | None = None,
        closing: str | None = None,
        editor: str | None = None,
        unit: str | None = None,
        group: str | None = None,
        plan_date: date | None = None,
        declared_items: int | None = None,
        full_width: bool = False,
        show_title: bool = True,
        document: Document | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "title", title)
        put(self, "categories", categories)
        put(self, "findings_heading", findings_heading)
        put(self, "intro", intro)
        put(self, "next_steps", next_steps)
        put(self, "closing", closing)
        put(self, "editor", editor)
        put(self, "unit", unit)
        put(self, "group", group)
        put(self, "plan_date", plan_date)
        put(self, "declared_items", declared_items)
        put(self, "full_width", full_width)
        put(self, "show_title", show_title)
        put(self, "document", document)

    def items(self) -> Iterator[Item]:
        for category in self.categories:
            yield from category.items()

    def measures(self) -> Iterator[Measure]:
        for item in self.items():
            yield from item.measures

    def nodes(self) -> Iterator[Node]:
        """Every node, depth first, in the notice's order."""
        stack: list[Node] = list(reversed(self.categories))
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, Group):
                stack.extend(reversed(node.children))
            elif isinstance(node, Item):
                stack.extend(reversed(node.measures))

    def find(self, path: tuple[int, ...]) -> Node | None:
        children: tuple[Node, ...] = self.categories
        node: Node | None = None
        for index in path:
            if not 0 < index <= len(children):
                return None
            node = children[index - 1]
            if isinstance(node, Group):
                children = node.children
            elif isinstance(node, Item):
                children = node.measures
            else:
                children = ()
        return node

    def by_id(self, ident: str) -> Node:
        """The node an ID as the clerk types it names (2.1.3, (二)1.(3), …); else UnknownId."""
        try:
            path = parse_id(ident)
        except ValueError:
            raise UnknownId("bad_id", id=ident) from None
        node = self.find(path)
        if node is None:
            raise UnknownId(
                "unknown_id", id=format_id(path), near=", ".join(self.nearest_ids(path))
            )
        return node

    def by_ids(self, idents: Iterable[str]) -> list[Node]:
        """Every ID resolved (see by_id) before anything is done with them: all or none."""
        return [self.by_id(ident) for ident in idents]

    def nearest_ids(self, path: tuple[int, ...], limit: int = 8) -> list[str]:
        """For an ID that does not exist: the IDs beside it under its deepest existing parent."""
        parent = path[:-1]
        while parent and not isinstance(self.find(parent), Group | Item):
            parent = parent[:-1]  # nothing there, or a measure (which has nothing below it)
        node = self.find(parent) if parent else None
        children: tuple[Node, ...] = (
            self.categories
            if node is None
            else node.children
            if isinstance(node, Group)
            else node.measures
            if isinstance(node, Item)
            else ()
        )
        return [child.id for child in children[:limit]]

    def ancestors(self, path: tuple[int, ...]) -> list[Group | Item]:
        """The nodes above `path`, outermost first."""
        found = [self.find(path[:n]) for n in range(1, len(path))]
        return [n for n in found if isinstance(n, Group | Item)]

    @property
    def status(self) -> Status:
        return roll_up(c.status for c in self.categories)


class Counts(Record):
    """Feedback items and measures by status, the unit of every statistic."""

    __slots__ = _fields = ("items", "measures", "overdue_items", "overdue_measures")
    items: dict[Status, int]
    measures: dict[Status, int]
    overdue_items: int
    overdue_measures: int

    def __init__(
        self,
        items: dict[Status, int],
        measures: dict[Status, int],
        overdue_items: int,
        overdue_measures: int,
    ) -> None:
        put = object.__setattr__
        put(self, "items", items)
        put(self, "measures", measures)
        put(self, "overdue_items", overdue_items)
        put(self, "overdue_measures", overdue_measures)

    @property
    def total_items(self) -> int:
        return sum(self.items.values())

    @property
    def total_measures(self) -> int:
        return sum(self.measures.values())

    @property
    def rate(self) -> float:
        """Completion rate in percent: fully completed feedback items over all items."""
        total = self.total_items
        return 100.0 * self.items[Status.DONE] / total if total else 0.0


def count(items: Iterable[Item], today: date) -> Counts:
    item_counts = dict.fromkeys(STATUSES, 0)
    measure_counts = dict.fromkeys(STATUSES, 0)
    overdue_items = overdue_measures = 0
    for item in items:
        item_counts[item.status] += 1
        late = 0
        for m in item.measures:
            measure_counts[m.status] += 1
            late += m.is_overdue(today)
        overdue_measures += late
        overdue_items += late > 0
    return Counts(item_counts, measure_counts, overdue_items, overdue_measures)


def total(parts: Iterable[Counts]) -> Counts:
    """The counts of the union of disjoint sets of items, from each set's counts."""
    items = dict.fromkeys(STATUSES, 0)
    measures = dict.fromkeys(STATUSES, 0)
    overdue_items = overdue_measures = 0
    for c in parts:
        for s in STATUSES:
            items[s] += c.items[s]
            measures[s] += c.measures[s]
        overdue_items += c.overdue_items
        overdue_measures += c.overdue_measures
    return Counts(items, measures, overdue_items, overdue_measures)


def node_items(node: Node) -> list[Item]:
    if isinstance(node, Group):
        return list(node.items())
    if isinstance(node, Item):
        return [node]
    return []


__all__ = [
    "CATEGORY",
    "ITEM",
    "MEASURE",
    "PROBLEM",
    "STATUS_LABELS",
    "STATUS_WORDS",
    "Counts",
    "Group",
    "Item",
    "Ledger",
    "Measure",
    "Node",
    "Note",
    "Plan",
    "Section",
    "Status",
    "allowed_statuses",
    "count",
    "roll_up",
    "status_word",
    "total",
]
