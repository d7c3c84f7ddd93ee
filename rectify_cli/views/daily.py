"""The clerk's daily views: what falls due (`rectify due`), measures sorted (`status --sort`),
by department or owner (`status --by`), and a search (`rectify find`). Long lists are grids
(grid.py), written a row at a time; the per-group counts are a small rich table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ..messages import t
from ..model.plan import OPEN, Group, Item, Measure, Node, Plan, Status
from .grid import Cell, Column, Grid, Row

SOON, NEAR = 20, 10  # days: due soon (green), due very soon (yellow); late is red
STATUS_ORDER = {Status.TODO: 0, Status.DOING: 1, Status.ONGOING: 2, Status.DONE: 3}
SORTS: dict[str, Callable[[Measure], tuple[object, ...]]] = {
    "id": lambda m: (m.path,),
    "due": lambda m: (m.due is None, m.due or date.max, m.path),
    "status": lambda m: (STATUS_ORDER[m.status], m.path),
}
GROUPINGS = ("dept", "owner")
STATUS_STYLE = {Status.TODO: "", Status.DOING: "yellow", Status.DONE: "green",
                Status.ONGOING: "blue"}  # fmt: skip
Keep = Callable[[Measure], bool]


def left(due: date, today: date, lang: str) -> Cell:
    """The days left in words (colour says it again where there is colour)."""
    days = (due - today).days
    if days < 0:
        return Cell(t("overdue_by", lang, days=-days), "red")
    word = t("due_today", lang) if days == 0 else t("due_in", lang, days=days)
    return Cell(word, "yellow" if days <= NEAR else "green" if days <= SOON else "")


def falling_due(plan: Plan, today: date, within: int) -> list[Measure]:
    """Open measures that are late or due within `within` days, the latest first."""
    found = [
        m
        for m in plan.measures()
        if m.status in OPEN and m.due is not None and (m.due - today).days <= within
    ]
    return sorted(found, key=lambda m: (m.due, m.path))


def due_view(plan: Plan, today: date, lang: str, within: int) -> RenderableType:
    """`rectify due`: each measure late or falling due, with its days left in words."""
    found = falling_due(plan, today, within)
    if not found:
        return t("nothing_due", lang, days=within)
    columns = [
        Column(t("col_id", lang)),
        Column(t("col_title", lang), wrap=True),
        Column(t("col_due", lang)),
        Column(t("col_left", lang)),
        Column(t("col_owner", lang), most=10),
    ]

    def rows() -> Iterator[Row]:
        for m in found:
            assert m.due is not None
            who = Cell(m.owner or m.dept or "")
            yield Cell(m.id), Cell(m.text), Cell(m.due.isoformat()), left(m.due, today, lang), who

    return Grid(columns, rows)


def due_cell(due: date | None, status: Status, today: date, lang: str) -> tuple[str, str]:
    """A deadline and its style: red when overdue, yellow within 10 days, green within 20."""
    if due is None:
        return "", ""
    days = (due - today).days
    if status not in (Status.TODO, Status.DOING):
        return due.isoformat(), ""
    if days < 0:  # said in words too: colour is not always there
        return f"{due.isoformat()} {t('overdue_by', lang, days=-days)}", "red"
    return due.isoformat(), "yellow" if days <= 10 else "green" if days <= 20 else ""


def due_soon_line(plan: Plan, today: date, lang: str) -> str | None:
    """The default `status`'s reminder: how many open measures fall due within 20 days (and
    10); None when none does."""
    days = [
        (m.due - today).days
        for m in plan.measures()
        if m.status in OPEN and m.due is not None and 0 <= (m.due - today).days <= SOON
    ]
    if not days:
        return None
    near = sum(1 for d in days if d <= NEAR)
    key = "due_soon_near" if near else "due_soon"
    return t(key, lang, n=len(days), days=SOON, near=near, near_days=NEAR)


def measure_rows(
    measures: Iterable[Measure], today: date, lang: str, indent: int = 0
) -> Iterator[Row]:
    words = status_cells(lang)
    for m in measures:
        yield (
            Cell(m.id),
            Cell(m.text, indent=indent),
            words[m.status],
            Cell(*due_cell(m.due, m.status, today, lang)),
            Cell(m.owner or m.dept or ""),
        )


def status_cells(lang: str) -> dict[Status, Cell]:
    """Each status as a table shows it: its short word, in its colour."""
    return {s: Cell(t("short_" + s.value, lang), STATUS_STYLE[s]) for s in Status}


def measure_columns(lang: str) -> list[Column]:
    """The columns of a table of measures or of the tree: ID, title, status, due, owner."""
    return [
        Column(t("col_id", lang)),
        Column(t("col_title", lang), wrap=True),
        Column(t("col_status", lang)),
        Column(t("col_due", lang)),
        Column(t("col_owner", lang), most=10),
    ]


def sorted_view(
    plan: Plan, today: date, lang: str, sort: str, keep: Keep | None, root: Node | None
) -> RenderableType:
    """`status --sort`: the measures (kept ones, under `root`) as one list in that order."""
    found = sorted(_measures(plan, keep, root), key=SORTS[sort])
    if not found:
        return t("nothing_matches", lang)
    return Grid(measure_columns(lang), lambda: measure_rows(found, today, lang))


def _measures(plan: Plan, keep: Keep | None, root: Node | None) -> list[Measure]:
    if isinstance(root, Measure):
        every: Iterable[Measure] = [root]
    elif root is not None:
        every = (m for item in root.items() for m in item.measures)
    else:
        every = plan.measures()
    return [m for m in every if keep is None or keep(m)]


def grouped(measures: list[Measure], by: str, lang: str) -> list[tuple[str, list[Measure]]]:
    """The measures by department or owner (a measure's own, else its item's), the groups in
    order of first appearance, the ones with none last."""
    groups: dict[str | None, list[Measure]] = {}
    for m in measures:
        groups.setdefault(m.dept if by == "dept" else m.owner, []).append(m)
    named = [(name, ms) for name, ms in groups.items() if name]
    if None in groups or "" in groups:
        named.append((t("unassigned", lang), groups.get(None, []) + groups.get("", [])))
    return [(str(name), ms) for name, ms in named]


def by_view(
    plan: Plan,
    today: date,
    lang: str,
    by: str,
    *,
    keep: Keep | None = None,
    root: Node | None = None,
    whole: bool = False,
    sort: str = "id",
) -> RenderableType:
    """`status --by dept|owner`: a row of counts per group; with --all (or a filter), each
    group's measures under its name."""
    groups = grouped(_measures(plan, keep, root), by, lang)
    if not groups:
        return t("nothing_matches", lang)
    if not whole and keep is None:
        return _counts_table(groups, today, lang, by)

    def rows() -> Iterator[Row]:
        for name, measures in groups:
            yield (Cell(""), Cell(_heading(name, measures, today, lang), "bold"), Cell(""),
                   Cell(""), Cell(""))  # fmt: skip
            yield from measure_rows(sorted(measures, key=SORTS[sort]), today, lang, indent=2)

    return Grid(measure_columns(lang), rows)


def _heading(name: str, measures: list[Measure], today: date, lang: str) -> str:
    late = sum(1 for m in measures if m.is_overdue(today))
    text = t("group_heading", lang, name=name, n=len(measures))
    return text + (t("group_late", lang, n=late) if late else "")


def _counts_table(
    groups: list[tuple[str, list[Measure]]], today: date, lang: str, by: str
) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), show_edge=False)
    table.add_column(t("field_dept" if by == "dept" else "field_owner", lang), ratio=1)
    table.add_column(t("col_measures", lang), justify="right", no_wrap=True)
    order = (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING)
    for status in order:
        table.add_column(t("short_" + status.value, lang), justify="right", no_wrap=True)
    table.add_column(t("col_overdue", lang), justify="right", no_wrap=True)
    table.add_column(t("col_rate", lang), justify="right", no_wrap=True)
    for name, measures in groups:
        counts = Counter(m.status for m in measures)
        late = sum(1 for m in measures if m.is_overdue(today))
        rate = 100 * counts[Status.DONE] / len(measures)
        table.add_row(
            name,
            str(len(measures)),
            *(str(counts[s]) for s in order),
            Text(str(late), style="red" if late else ""),
            f"{rate:.1f}%",
        )
    return table


def find_view(plan: Plan, words: list[str], lang: str) -> RenderableType:
    """`rectify find`: every title, measure, note and result holding all the words (letters
    matched without regard to case), the words marked in reverse video where there is
    colour."""
    wanted = [w.casefold() for w in words if w.strip()]
    found = list(_found(plan, wanted, lang))
    if not found:
        return t("nothing_found", lang, words=" ".join(words))
    columns = [Column(t("col_id", lang)), Column(t("col_where", lang)),
               Column(t("col_title", lang), wrap=True)]  # fmt: skip
    return Grid(columns, lambda: iter(found))


def _found(plan: Plan, wanted: list[str], lang: str) -> Iterator[Row]:
    marks = tuple(wanted)
    for node in plan.nodes():
        for where, text in _texts(node):
            folded = text.casefold()
            if all(w in folded for w in wanted):
                yield Cell(node.id), Cell(t("where_" + where, lang)), Cell(text, marks=marks)


def _texts(node: Group | Item | Measure) -> Iterator[tuple[str, str]]:
    if isinstance(node, Measure):
        yield "measure", node.text
    else:
        yield "title", node.title
    if isinstance(node, Item) and node.results:
        yield "results", node.results
    if not isinstance(node, Group):
        for note in node.ledger.notes:
            yield (
                "note",
                f"{note.on.isoformat()} {note.text}"
                + (f" ({note.evidence})" if note.evidence else ""),
            )
