"""A returned ledger (xlsx) read back into a change of the plan.

Departments fill in status, completion date, owner, department, deadline and notes. Rows whose
ID and measure text still match the plan are applied through the same safe edit path as
`done` / `set` / `note`; any other row is listed and left alone, never guessed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .actions import Change, add_note, set_status
from .errors import Issue, PlanInvalid
from .ledger import COLUMNS, parse_note_line, undefuse
from .model import Measure, Plan
from .schema import status_word
from .xlsx_writer import LEDGER_SHEET

EDITABLE = ("责任领导", "责任部门", "整改时限", "完成情况", "完成时间", "进展与佐证")
REQUIRED = ("序号", "整改措施", *EDITABLE)


@dataclass
class LedgerRow:
    line: int  # the sheet's row number
    cells: dict[str, Any]


@dataclass
class Reading:
    rows: list[LedgerRow] = field(default_factory=list)
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # (row, id, why)


def read(path: Path) -> list[LedgerRow]:
    """The data rows of the ledger sheet; raise PlanInvalid naming sheet, row and column."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    where = str(path)
    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as e:
        raise PlanInvalid([Issue(where, 1, 1, "ledger_unreadable", {"reason": str(e)})]) from None
    if LEDGER_SHEET not in book.sheetnames:
        raise PlanInvalid([Issue(where, 1, 1, "ledger_no_sheet", {
            "sheet": LEDGER_SHEET, "sheets": "、".join(book.sheetnames)})])  # fmt: skip
    sheet = book[LEDGER_SHEET]
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
        raise PlanInvalid(issues)
    result = []
    for r, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in columns.items()}
        result.append(LedgerRow(r, cells))
    return result


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return undefuse(str(value).strip())


def _day(value: Any, row: int, column: str, issues: list[Issue], where: str) -> date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime | date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        issues.append(Issue(where, row, COLUMNS.index(column) + 1, "ledger_bad_date",
                            {"column": column, "value": _text(value)}))  # fmt: skip
        return None


def to_change(plan: Plan, rows: list[LedgerRow], path: Path, today: date) -> tuple[Change, Reading]:
    """The change a returned ledger asks for; rows that no longer match are set aside."""
    where = f"{path}[{LEDGER_SHEET}]"
    change = Change()
    reading = Reading(rows=rows)
    issues: list[Issue] = []
    measures = {m.id: m for m in plan.measures()}
    for row in rows:
        ident = _text(row.cells["序号"])
        m = measures.get(ident)
        if m is None:
            reading.unmatched.append((row.line, ident, "ledger_no_such_id"))
            continue
        if " ".join(_text(row.cells["整改措施"]).split()) != " ".join(m.text.split()):
            reading.unmatched.append((row.line, ident, "ledger_text_differs"))
            continue
        _row_change(change, m, row, issues, where, today)
    if issues:
        raise PlanInvalid(issues)
    return change, reading


def _row_change(
    change: Change, m: Measure, row: LedgerRow, issues: list[Issue], where: str, today: date
) -> None:
    cells = row.cells
    word = _text(cells["完成情况"])
    status = status_word(word) if word else m.status
    if status is None:
        issues.append(Issue(where, row.line, COLUMNS.index("完成情况") + 1, "ledger_bad_status",
                            {"value": word}))  # fmt: skip
        return
    done_on = _day(cells["完成时间"], row.line, "完成时间", issues, where)
    due = _day(cells["整改时限"], row.line, "整改时限", issues, where)
    if status is not m.status:
        moved = set_status([m], status, done_on or today, None)
        change.ops += moved.ops
        change.shown += moved.shown
    elif done_on is not None and done_on != m.ledger.done_on:
        change.set(m, "done_on", m.ledger.done_on, done_on)
    for key, column in (("owner", "责任领导"), ("dept", "责任部门")):
        value = _text(cells[column])
        if value and value != (getattr(m, key) or ""):
            change.set(m, key, getattr(m.ledger, key), value)
    if due is not None and due != m.due:
        change.set(m, "due", m.ledger.due, due)
    known = {(n.on, n.text, n.evidence) for n in m.ledger.notes}
    for line in _text(cells["进展与佐证"]).splitlines():
        note = parse_note_line(line)
        if note is None:
            if line.strip():
                issues.append(Issue(where, row.line, COLUMNS.index("进展与佐证") + 1,
                                    "ledger_bad_note", {"value": line.strip()}))  # fmt: skip
            continue
        if (note.on, note.text, note.evidence) not in known:
            add_note(change, m, note)
            known.add((note.on, note.text, note.evidence))
    if change.ops and m.id not in change.ids:
        change.ids.append(m.id)
