"""Rich renderables for the terminal. They are returned, never printed here."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TypeVar

from rich import box
from rich.console import Console, RenderableType
from rich.console import Group as RenderGroup
from rich.table import Table
from rich.text import Text

from ..messages import t
from ..model.numbering import marker
from ..model.plan import Counts, Group, Item, Measure, Node, Plan, Status, count, node_items, total
from . import daily
from .grid import Cell, Grid, Row

STATUS_STYLE = daily.STATUS_STYLE
BAR_WIDTH = 5

Keep = Callable[[Measure], bool]


def status_text(status: Status, lang: str, short: bool = False) -> Text:
    return Text(t(("short_" if short else "") + status.value, lang), style=STATUS_STYLE[status])


def bar(rate: float) -> str:
    filled = round(rate / 100 * BAR_WIDTH)
    full, empty = bar_glyphs(getattr(sys.stdout, "encoding", None) or "utf-8")
    return full * filled + empty * (BAR_WIDTH - filled)


@functools.cache
def bar_glyphs(encoding: str) -> tuple[str, str]:
    """The progress bar's two characters, in what the output's encoding can write: ░ is not
    in GBK (a Chinese Windows console, or its output redirected to a file)."""
    for glyphs in (("█", "░"), ("█", "─"), ("#", "-")):
        try:
            "".join(glyphs).encode(encoding)
        except (UnicodeEncodeError, LookupError):
            continue
        return glyphs
    return "#", "-"


def due_text(due: date | None, status: Status, today: date, lang: str) -> Text:
    from .daily import due_cell

    text, style = due_cell(due, status, today, lang)
    return Text(text, style=style)


def total_lines(counts: Counts, lang: str) -> Text:
    """The plan's totals in the genre's words; 未开始 and 逾期 only when there are any."""
    items = [t("total_items", lang, n=counts.total_items)]
    measures = [t("total_measures", lang, n=counts.total_measures)]
    for status in (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING):
        if status is not Status.TODO or counts.items[status]:
            items.append(f"{t(status.value, lang)} {counts.items[status]}")
        if status is not Status.TODO or counts.measures[status]:
            measures.append(f"{t(status.value, lang)} {counts.measures[status]}")
    if counts.overdue_items:
        items.append(t("overdue_count", lang, n=counts.overdue_items))
        measures.append(t("overdue_count", lang, n=counts.overdue_measures))
    items.append(t("rate", lang, rate=counts.rate))
    return Text(" · ".join(items) + "\n" + " · ".join(measures))


def overview(plan: Plan, today: date, lang: str) -> RenderableType:
    """One row per category: counts per status, overdue, completion rate with a bar."""
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title=plan.title,
        title_justify="left",
        padding=(0, 1),
        collapse_padding=True,
    )
    table.add_column(t("col_id", lang), no_wrap=True)
    table.add_column(t("col_category", lang), ratio=1, min_width=12, overflow="fold")
    table.add_column(t("col_items", lang), justify="right", no_wrap=True)
    for status in (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING):
        table.add_column(status_text(status, lang, short=True), justify="right", no_wrap=True)
    table.add_column(t("col_overdue", lang), justify="right", no_wrap=True)
    table.add_column(t("col_rate", lang), no_wrap=True)
    counted = [count(category.items(), today) for category in plan.categories]
    for category, c in zip(plan.categories, counted, strict=True):
        table.add_row(
            _top_marker(plan, category.path[0]),
            category.title,
            str(c.total_items),
            *(str(c.items[s]) for s in (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING)),
            Text(str(c.overdue_items), style="red" if c.overdue_items else ""),
            f"{bar(c.rate)}{c.rate:6.1f}%",
        )
    soon = daily.due_soon_line(plan, today, lang)
    totals = total_lines(total(counted), lang)
    return RenderGroup(table, totals, Text(soon)) if soon else RenderGroup(table, totals)


def _top_marker(plan: Plan, n: int) -> str:
    """The n-th top-level finding's number as the plan's notice writes its style: schema 1's
    (一) or （一）, a schema-2 plan's own (1．, （一）, 反馈问题一：…)."""
    if plan.document is None:
        return marker(2, n, full_width=plan.full_width)
    from ..model.document import numbered

    return numbered(plan.document.numbering.finding(0), n)


def tree(roots: Iterable[Node], today: date, lang: str, keep: Keep | None = None) -> Grid:
    """The nodes under `roots` down to their measures; with `keep`, only matching measures
    and the nodes above them. Written a row at a time (grid.py): fit for 100,000 rows."""
    tops = list(roots)
    shown = None if keep is None else _kept(tops, keep)
    columns = daily.measure_columns(lang)
    words = daily.status_cells(lang)

    def rows() -> Iterator[Row]:
        stack: list[tuple[Node, int]] = [(node, 0) for node in reversed(tops)]
        while stack:
            node, depth = stack.pop()
            if shown is not None and id(node) not in shown:
                continue
            yield _tree_row(node, depth, today, lang, words)
            below = node.measures if isinstance(node, Item) else ()
            children = node.children if isinstance(node, Group) else below
            stack.extend((child, depth + 1) for child in reversed(children))

    return Grid(columns, rows)


def _tree_row(node: Node, depth: int, today: date, lang: str, words: dict[Status, Cell]) -> Row:
    status = node.status
    if isinstance(node, Measure):
        title, due, owner = node.text, node.due, node.owner or node.dept or ""
    else:
        title = node.title
        due = node.ledger.due if isinstance(node, Item) else None
        owner = (node.ledger.owner or node.ledger.dept or "") if isinstance(node, Item) else ""
    return (
        Cell(node.id),
        Cell(title, "bold" if isinstance(node, Group) else "", 2 * depth),
        words[status],
        Cell(*daily.due_cell(due, status, today, lang)),
        Cell(owner),
    )


def _kept(tops: list[Node], keep: Keep) -> set[int]:
    """The nodes a filtered tree shows (by identity): the measures kept, the nodes above them."""
    shown: set[int] = set()

    def visit(node: Node) -> bool:
        if isinstance(node, Measure):
            found = keep(node)
        else:
            children: tuple[Node, ...] = node.measures if isinstance(node, Item) else node.children
            found = False
            for child in children:
                found = visit(child) or found
        if found:
            shown.add(id(node))
        return found

    for node in tops:
        visit(node)
    return shown


def since_table(plan: Plan, since: date, lang: str) -> RenderableType:
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        title=t("since_title", lang, since=since.isoformat()),
        title_justify="left",
    )
    table.add_column(t("col_id", lang), no_wrap=True)
    table.add_column(t("col_title", lang), ratio=1, overflow="fold")
    table.add_column(t("col_done_on", lang), no_wrap=True)
    table.add_column(t("field_done_by", lang), max_width=10)
    done = [
        m
        for m in plan.measures()
        if m.status is Status.DONE and m.ledger.done_on and m.ledger.done_on >= since
    ]
    for m in sorted(done, key=lambda m: (m.ledger.done_on or since, m.path)):
        table.add_row(m.id, m.text, (m.ledger.done_on or since).isoformat(), m.ledger.done_by or "")
    if not done:
        return Text(t("nothing_matches", lang))
    return table


def status_view(
    plan: Plan,
    today: date,
    lang: str,
    *,
    root: Node | None = None,
    keep: Keep | None = None,
    since: date | None = None,
    whole: bool = False,
) -> RenderableType:
    """What `rectify status` shows: done since a day, the overview, or the tree (whole or kept)."""
    if since is not None:
        return since_table(plan, since, lang)
    if root is None and keep is None and not whole:
        return overview(plan, today, lang)
    grid = tree([root] if root is not None else list(plan.categories), today, lang, keep)
    return grid if next(iter(grid.rows()), None) is not None else t("nothing_matches", lang)


def show(plan: Plan, node: Node, today: date, lang: str) -> RenderableType:
    """One node in full: the titles above it, its ledger fields, its measures and notes."""
    titles = Table.grid(padding=(0, 2))
    titles.add_column(no_wrap=True)
    titles.add_column(overflow="fold")
    for above in plan.ancestors(node.path):
        titles.add_row(Text(above.id, style="dim"), Text(above.title, style="dim"))
    heading = node.text if isinstance(node, Measure) else node.title
    titles.add_row(Text(node.id, style="bold"), Text(heading, style="bold"))
    parts: list[RenderableType] = [titles]
    fields = Table.grid(padding=(0, 2))
    fields.add_column(no_wrap=True, style="dim")
    fields.add_column()
    fields.add_row(t("field_status", lang), status_text(node.status, lang))
    if isinstance(node, Measure | Item):
        owner = node.owner if isinstance(node, Measure) else node.ledger.owner
        dept = node.dept if isinstance(node, Measure) else node.ledger.dept
        due = node.due if isinstance(node, Measure) else node.ledger.due
        rows = [("field_owner", owner), ("field_dept", dept)]
        for key, value in rows:
            if value:
                fields.add_row(t(key, lang), value)
        if due:
            fields.add_row(t("field_due", lang), due_text(due, node.status, today, lang))
        ledger = node.ledger
        for key, text in (
            ("field_done_on", ledger.done_on and ledger.done_on.isoformat()),
            ("field_done_by", ledger.done_by),
            ("field_outcome", ledger.outcome),
        ):
            if text:
                fields.add_row(t(key, lang), text)
        if isinstance(node, Item) and node.results:
            fields.add_row(t("field_results", lang), node.results)
        for note in ledger.notes:
            line = f"{note.on.isoformat()}  {note.text}"
            if note.evidence:
                line += f"  [{t('field_evidence', lang)}: {note.evidence}]"
            fields.add_row(t("field_notes", lang), line)
    else:
        c = count(node_items(node), today)
        fields.add_row("", total_lines(c, lang))
    parts.append(fields)
    if not isinstance(node, Measure):
        below = node.measures if isinstance(node, Item) else node.children
        parts += [Text(""), tree(below, today, lang)]
    return RenderGroup(*parts)


def round_table(units: list[Any], lang: str) -> Table:
    """The round summary: one row per unit and the total."""
    from ..model.rounds import HEAD, rows

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    for n, name in enumerate(HEAD):
        table.add_column(name, justify="left" if n == 0 else "right", overflow="fold")
    for row in rows(units):
        table.add_row(*(str(v) for v in row))
    return table


T = TypeVar("T")
PROGRESS_FROM = 2000  # rows: shorter work finishes before a bar would be worth drawing


def progress(console: Console, label: str, total: int) -> Callable[[Iterable[T]], Iterable[T]]:
    """A progress bar over long work (exports, imports) on a terminal; nothing when piped."""

    def wrap(items: Iterable[T]) -> Iterable[T]:
        if not console.is_terminal or total < PROGRESS_FROM:
            yield from items
            return
        from rich.progress import track

        yield from track(items, description=label, total=total, console=console, transient=True)

    return wrap
