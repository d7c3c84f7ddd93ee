"""The ledger as an Excel workbook (openpyxl, imported only by `rectify export`)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell, MergedCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .ledger import COLUMNS, Row, rows
from .model import STATUS_LABELS, Plan, Status, count
from .notice import rate_text

LEDGER_SHEET = "整改台账"
SUMMARY_SHEET = "汇总"
# A hidden sheet with the editable cells as exported: on import, a cell still equal to it was
# not touched by the department, so a ledger older than the plan never undoes newer work.
BASE_SHEET = "rectify_base"
BASE_COLUMNS = ("序号", "责任领导", "责任部门", "整改时限", "完成情况", "完成时间")
WIDTHS = (10, 24, 28, 28, 50, 10, 12, 12, 10, 12, 36)  # in characters; a Chinese one counts 2
FILLS = {
    "done": "C6EFCE",  # green
    "doing": "FFEB9C",  # yellow
    "overdue": "FFC7CE",  # red
    "ongoing": "BDD7EE",  # blue
}
_STATUS_KEY = {label: s.value for s, label in STATUS_LABELS.items()}


def _fill(color: str) -> PatternFill:
    return PatternFill(start_color=color, end_color=color, fill_type="solid")


def cell_text(value: str) -> str:
    """Text a worksheet can hold (openpyxl refuses control characters): Word's line and page
    breaks (\\v, \\f) become line breaks, the other control characters are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", value.replace("\v", "\n").replace("\f", "\n"))


def _text(cell: Cell | MergedCell, value: str) -> None:
    """Store text as text: a cell starting with '=' stays a string, never a formula."""
    cell.value = cell_text(value)
    cell.data_type = "s"


def render(plan: Plan, today: date, progress: Callable[[Iterable[Row]], Iterable[Row]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = LEDGER_SHEET
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), 1):
        cell = sheet.cell(row=1, column=col)
        _text(cell, name)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    status_col = COLUMNS.index("完成情况") + 1
    base = book.create_sheet(BASE_SHEET)
    base.sheet_state = "hidden"
    base.append(BASE_COLUMNS)
    picks = [COLUMNS.index(name) for name in BASE_COLUMNS]
    for r, row in enumerate(progress(rows(plan, today)), 2):
        cells = row.cells()
        for col, pick in enumerate(picks, 1):
            _text(base.cell(row=r, column=col), cells[pick])
        for col, value in enumerate(row.cells(), 1):
            cell = sheet.cell(row=r, column=col)
            _text(cell, value)
            cell.alignment = wrap
        key = "overdue" if row.overdue else _STATUS_KEY[row.status]
        if key in FILLS:
            sheet.cell(row=r, column=status_col).fill = _fill(FILLS[key])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    _summary(book, plan, today)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(book: Workbook, plan: Plan, today: date) -> None:
    """Per category and in total: feedback items by status, overdue, completion rate."""
    sheet = book.create_sheet(SUMMARY_SHEET)
    head = ("方面", "反馈意见", "已完成", "正在整改", "未开始", "长期坚持", "逾期", "完成率")
    for col, name in enumerate(head, 1):
        _text(sheet.cell(row=1, column=col), name)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    lines = [(c.title, count(c.items(), today)) for c in plan.categories]
    lines.append(("合计", count(plan.items(), today)))
    for r, (title, c) in enumerate(lines, 2):
        values: list[object] = [title, c.total_items]
        values += [c.items[s] for s in (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING)]
        values += [c.overdue_items, rate_text(c.rate) + "%"]
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row=r, column=col)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
        if title == "合计":
            for col in range(1, len(head) + 1):
                sheet.cell(row=r, column=col).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 50
    sheet.freeze_panes = "A2"
