"""A returned ledger (xlsx) read back into a change of the plan.

Departments fill in status, completion date, owner, department, deadline and notes. Rows whose
ID and measure text still match the plan are applied through the same safe edit path as
`done` / `set` / `note`; any other row is listed and left alone, never guessed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Issue, PlanInvalid, PlanUnreadable
from ..model.changes import Change, add_note, set_status
from ..model.plan import STATUS_LABELS, Item, Measure, Plan, Status, status_word
from . import notes
from .rows import COLUMNS, measure_row
from .xlsx_writer import BASE_COLUMNS, BASE_SHEET, LEDGER_SHEET, cell_text

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

NOTES = "进展与佐证"
EDITABLE = ("责任领导", "责任部门", "整改时限", "完成情况", "完成时间", NOTES)
MERGED = tuple(c for c in BASE_COLUMNS[1:] if c != NOTES)  # merged three ways (notes are added)
REQUIRED = ("序号", "整改措施", *EDITABLE)


@dataclass
class LedgerRow:
    line: int  # the sheet's row number
    cells: dict[str, Any]
    columns: dict[str, int] = field(default_factory=dict)  # name → 1-based column in the sheet

    def col(self, name: str) -> int:
        return self.columns.get(name, COLUMNS.index(name) + 1)


@dataclass
class Ledger:
    rows: list[LedgerRow]
    base: dict[str, dict[str, str]] | None  # ID → editable cells as exported (None: unknown)


@dataclass
class Reading:
    rows: list[LedgerRow] = field(default_factory=list)
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # (row, id, why)
    # (row, id, column, the plan's value now, the ledger's value): changed on both sides
    conflicts: list[tuple[int, str, str, str, str]] = field(default_factory=list)


Progress = Callable[[int], Callable[[Iterable[Any]], Iterable[Any]]]


def read(path: Path, progress: Progress | None = None) -> Ledger:
    """The data rows of the ledger sheet (and the hidden base sheet of our own export, when it
    is there); raise PlanInvalid naming sheet, row and column."""
    where = str(path)
    book = _workbook(path)
    if LEDGER_SHEET not in book.sheetnames:
        shown = "、".join(n for n in book.sheetnames if book[n].sheet_state == "visible")
        issue = Issue(where, 1, 1, "ledger_no_sheet", {"sheet": LEDGER_SHEET, "sheets": shown})
        raise PlanInvalid([issue], "ledger")
    sheet = book[LEDGER_SHEET]
    columns = _columns(sheet, where)
    return Ledger(_rows(sheet, columns, progress), _base(book))


def _workbook(path: Path) -> Workbook:
    """The workbook at `path`: unreadable (3) if the file cannot be opened, invalid (4) if its
    contents are not a workbook."""
    import os

    from openpyxl import load_workbook

    from ..planfile.inputs import regular
    from . import sizes

    where = str(path)
    try:  # a regular file (inputs.py), not too large once inflated (sizes.py)
        regular(path, os.stat(path))
        path.open("rb").close()
    except OSError as e:  # missing, a folder, no permission: unreadable (3), not invalid
        raise PlanUnreadable("file_unreadable", path=where, reason=e.strerror or str(e)) from None
    sizes.check(path)
    try:
        return load_workbook(path, data_only=True)
    except Exception as e:
        # The file was read, so whatever fails now is in its contents: a damaged workbook
        # fails in zipfile, lxml or openpyxl itself, in ways no list of exception types keeps
        # up with (even an OSError, when the zip directory points before the file's start)
        reason = (str(e).strip() or type(e).__name__).splitlines()[0]  # one line, as all are
        issue = Issue(where, 1, 1, "ledger_unreadable", {"reason": reason})
        raise PlanInvalid([issue], "ledger") from None


def _columns(sheet: Worksheet, where: str) -> dict[str, int]:
    """The ledger sheet's columns by their header (0-based); raise PlanInvalid on merged cells
    or a missing column."""
    issues: list[Issue] = []
    for merged in sheet.merged_cells.ranges:
        issues.append(Issue(f"{where}[{LEDGER_SHEET}]", merged.min_row, merged.min_col,
                            "ledger_merged", {"range": str(merged)}))  # fmt: skip
    header = [str(c.value).strip() if c.value is not None else "" for c in sheet[1]]
    columns = {name: i for i, name in enumerate(header) if name}
    for name in REQUIRED:
        if name not in columns:
            near = difflib.get_close_matches(name, [h for h in header if h not in COLUMNS], 1, 0.3)
            key = "ledger_missing_column_suggest" if near else "ledger_missing_column"
            args = {"column": name, "suggestion": near[0] if near else ""}
            issues.append(Issue(f"{where}[{LEDGER_SHEET}]", 1, 1, key, args))
    if issues:
        raise PlanInvalid(issues, "ledger")
    return columns


def _rows(sheet: Worksheet, columns: dict[str, int], progress: Progress | None) -> list[LedgerRow]:
    """The sheet's rows below the header but the empty ones, each cell by its column's name."""
    result = []
    lines: Iterable[Any] = sheet.iter_rows(min_row=2, values_only=True)
    if progress is not None:
        lines = progress(sheet.max_row - 1)(lines)
    for r, values in enumerate(lines, 2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in columns.items()}
        result.append(LedgerRow(r, cells, {name: i + 1 for name, i in columns.items()}))
    return result


def _base(book: Workbook) -> dict[str, dict[str, str]] | None:
    """The hidden base sheet of our own export, ID → the editable cells as exported (None if
    the workbook has none), as they stand (not trimmed)."""
    if BASE_SHEET not in book.sheetnames:
        return None
    base = {}
    for values in book[BASE_SHEET].iter_rows(min_row=2, values_only=True):
        texts = [_raw(v) for v in values]
        base[texts[0].strip()] = dict(zip(BASE_COLUMNS, texts, strict=False))
    return base


def _raw(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # an xlsx cell is stored as text, never defused (unlike CSV)


def _text(value: Any) -> str:
    return _raw(value).strip()


def _day(row: LedgerRow, column: str, issues: list[Issue], where: str) -> date | None:
    value = row.cells[column]
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime | date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        issues.append(Issue(where, row.line, row.col(column), "ledger_bad_date",
                            {"column": column, "value": _text(value)}))  # fmt: skip
        return None


def to_change(plan: Plan, ledger: Ledger, path: Path, today: date) -> tuple[Change, Reading]:
    """The change a returned ledger asks for; rows that no longer match are set aside."""
    where = f"{path}[{LEDGER_SHEET}]"
    change = Change()
    rows = ledger.rows
    reading = Reading(rows=rows)
    issues: list[Issue] = []
    measures = {m.id: m for m in plan.measures()}
    seen: dict[str, int] = {}
    for row in rows:
        ident = _text(row.cells["序号"])
        m = measures.get(ident)
        if m is None:
            reading.unmatched.append((row.line, ident, "ledger_no_such_id"))
            continue
        if ident in seen:  # a copied row: which of the two the department meant is not ours
            issues.append(Issue(where, row.line, row.col("序号"), "duplicate_field",
                                {"field": ident, "first": seen[ident]}))  # fmt: skip
            continue
        seen[ident] = row.line
        # compared with what the export wrote (cell_text): control characters were dropped
        if " ".join(_text(row.cells["整改措施"]).split()) != " ".join(cell_text(m.text).split()):
            reading.unmatched.append((row.line, ident, "ledger_text_differs"))
            continue
        base = None if ledger.base is None else ledger.base.get(ident, {})
        if base is not None:
            row = _keep_newer(plan, m, row, base, reading, today)
        _row_change(change, m, row, issues, where, today, (base or {}).get(NOTES))
    if issues:
        raise PlanInvalid(issues, "ledger")
    return change, reading


def _keep_newer(
    plan: Plan, m: Measure, row: LedgerRow, base: dict[str, str], reading: Reading,
    today: date,
) -> LedgerRow:  # fmt: skip
    """Three-way: a cell the department left as exported asks for nothing (the plan may have
    moved on since); a cell changed both in the ledger and in the plan is a conflict, listed
    and left alone. Either way the row returned holds the plan's value now in that cell."""
    item = next(a for a in plan.ancestors(m.path) if isinstance(a, Item))
    cells_now = (cell_text(c).strip() for c in measure_row("", "", item, m, today).cells())
    now = dict(zip(COLUMNS, cells_now, strict=True))  # as the export writes them
    cells = dict(row.cells)
    for column in MERGED:
        value, exported = _text(row.cells[column]), base.get(column)
        if exported is None or value == now[column]:
            continue
        exported = exported.strip()
        if value != exported and now[column] != exported:
            reading.conflicts.append((row.line, m.id, column, now[column] or "-", value or "-"))
        if value == exported or now[column] != exported:
            cells[column] = now[column]
    return replace(row, cells=cells)


def _row_change(
    change: Change, m: Measure, row: LedgerRow, issues: list[Issue], where: str, today: date,
    exported_notes: str | None,
) -> None:  # fmt: skip
    cells = row.cells
    ops_before = len(change.ops)
    word = _text(cells["完成情况"])
    status = status_word(word) if word else m.status
    if status is None:
        issues.append(Issue(where, row.line, row.col("完成情况"), "ledger_bad_status",
                            {"value": word}))  # fmt: skip
        return
    done_on = _day(row, "完成时间", issues, where)
    due = _day(row, "整改时限", issues, where)
    # a completion date belongs to a done measure, and not to the future: never write a plan
    # that `validate` would warn about
    if done_on is not None and status is not Status.DONE:
        issues.append(Issue(where, row.line, row.col("完成时间"), "date_without_done",
                            {"status": STATUS_LABELS[status]}))  # fmt: skip
        return
    if done_on is not None and done_on > today and done_on != m.ledger.done_on:
        issues.append(Issue(where, row.line, row.col("完成时间"), "done_in_future",
                            {"value": done_on.isoformat()}))  # fmt: skip
        return
    if status is not m.status:
        moved = set_status([m], status, done_on or today, None)
        change.ops += moved.ops
        change.shown += moved.shown
    elif done_on is not None and done_on != m.ledger.done_on:
        change.set(m, "done_on", m.ledger.done_on, done_on)
    for key, column in (("owner", "责任领导"), ("dept", "责任部门")):
        value = _text(cells[column])
        if value and value != cell_text(getattr(m, key) or "").strip():
            change.set(m, key, getattr(m.ledger, key), value)
    if due is not None and due != m.due:
        change.set(m, "due", m.ledger.due, due)
    _added_notes(change, m, row, issues, where, exported_notes)
    if len(change.ops) > ops_before and m.id not in change.ids:  # this row changed something
        change.ids.append(m.id)


def _added_notes(
    change: Change, m: Measure, row: LedgerRow, issues: list[Issue], where: str,
    exported: str | None,
) -> None:  # fmt: skip
    """The notes the department added to the row's notes cell: its lines that are neither one
    of the measure's notes as the export writes them nor the cell as exported (the base sheet's,
    if any: a note since removed from the plan is not added back), each a note, one a line."""
    cell = _raw(row.cells[NOTES])
    if cell.strip() == cell_text(notes.cell(m.ledger.notes)).strip():
        return  # as the export writes it now (also when the worksheet cut it at its limit)
    written = [cell_text(notes.note_line(n)) for n in m.ledger.notes]
    if exported:
        written.append(exported)
    known = {(n.on, n.text, n.evidence) for n in m.ledger.notes}
    for line in notes.added_lines(cell, written):
        note = notes.parse_note_line(line)
        if note is None:
            if line.strip():
                issues.append(Issue(where, row.line, row.col(NOTES),
                                    "ledger_bad_note", {"value": line.strip()}))  # fmt: skip
            continue
        if (note.on, note.text, note.evidence) not in known:
            add_note(change, m, note)
            known.add((note.on, note.text, note.evidence))


@dataclass
class Import:
    """A returned ledger read against the plan as it is: the change it asks, the rows set aside."""

    plan: Path
    source: Path
    ledger: Ledger
    today: date
    change: Change
    reading: Reading


def preview(plan: Path, source: Path, today: date, progress: Progress | None = None) -> Import:
    """What the returned ledger at `source` asks of the plan at `plan`; nothing is applied."""
    from ..planfile.reader import load

    ledger = read(source, progress)
    loaded, _ = load(plan, cached=True)
    change, reading = to_change(loaded, ledger, source, today)
    return Import(plan, source, ledger, today, change, reading)


def apply(found: Import, by: str, break_links: bool = False) -> None:
    """Apply a previewed import; refused if the plan has changed since in what it changes."""
    from ..errors import Refused
    from ..planfile import transaction

    def checked(plan: Plan) -> Change:
        change = to_change(plan, found.ledger, found.source, found.today)[0]
        if change.shown != found.change.shown:  # the clerk agreed to what the preview showed
            raise Refused("changed_meanwhile", path=str(found.plan))
        return change

    transaction.change(found.plan, "import", by, checked, break_links)
