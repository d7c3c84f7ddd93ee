"""The ledger as an Excel workbook (openpyxl, imported only by `rectify export`)."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
import zipfile
from collections.abc import Callable, Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml import LXML

from ..model.plan import STATUS_LABELS, Plan, Status, count
from .rows import COLUMNS, Row, rows

LEDGER_SHEET = "整改台账"
SUMMARY_SHEET = "汇总"
# A hidden sheet with the editable cells as exported: on import, a cell still equal to it was
# not touched by the department, so a ledger older than the plan never undoes newer work.
BASE_SHEET = "rectify_base"
# Its notes cell says which of the notes cell's lines the department added (ledger/notes.py);
# a workbook exported before it had one is read against the plan's notes alone.
BASE_COLUMNS = ("序号", "责任领导", "责任部门", "整改时限", "完成情况", "完成时间", "进展与佐证")
CELL_LIMIT = 32767  # characters a cell holds (Excel's limit; openpyxl cuts a longer text there)
WIDTHS = (10, 24, 28, 28, 50, 10, 12, 12, 10, 12, 36)  # in characters; a Chinese one counts 2
FILLS = {
    "done": "C6EFCE",  # green
    "doing": "FFEB9C",  # yellow
    "overdue": "FFC7CE",  # red
    "ongoing": "BDD7EE",  # blue
}
_STATUS_KEY = {label: s.value for s, label in STATUS_LABELS.items()}
if LXML:  # openpyxl writes through lxml when it is installed; its write errors are its own
    from lxml.etree import SerialisationError  # type: ignore[import-untyped]

    _LXML_ERRORS: tuple[type[Exception], ...] = (SerialisationError,)
else:
    _LXML_ERRORS = ()


def _fill(color: str) -> PatternFill:
    return PatternFill(start_color=color, end_color=color, fill_type="solid")


def cell_text(value: str) -> str:
    """Text a worksheet can hold (openpyxl refuses control characters): Word's line and page
    breaks (\\v, \\f) become line breaks, the other control characters are dropped; the first
    CELL_LIMIT characters of it."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\v", "\n").replace("\f", "\n"))
    return text[:CELL_LIMIT]


def render(plan: Plan, today: date, progress: Callable[[Iterable[Row]], Iterable[Row]]) -> bytes:
    """The ledger workbook's bytes (see `spooled` for its one error)."""
    return spooled(lambda: _workbook(plan, today, progress))


class Incomplete(OSError):
    """openpyxl saved a workbook with a sheet cut short, without an error: the temporary file
    it wrote the sheet to could not grow (seen on a full disk with a small workbook)."""


def spooled(build: Callable[[], bytes]) -> bytes:
    """`build()`: a workbook's bytes from openpyxl, which streams the sheets through temporary
    files. Failing to write them (a full disk) raises OSError, also when lxml reports it, and
    Incomplete when openpyxl did not notice: every sheet is checked to end where a sheet ends."""
    try:
        data = build()
    except OSError as e:
        error = OSError(e.errno, e.strerror or str(e))
    except _LXML_ERRORS as e:
        error = _os_error(str(e))
    else:
        if _cut_short(data):
            raise Incomplete
        return data
    # Out of the handler, the failed workbook is unreachable: collect it now, quietly. Its
    # writers were left half-way; closing them at exit would print "Exception ignored in ...".
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _args: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise error


def _cut_short(data: bytes) -> bool:
    """Whether a sheet does not end as a sheet ends. Each is read through in pieces, keeping
    only its end (the ledger sheet of 10,000 measures is 20 MB of XML unpacked)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            end = b""
            with book.open(name) as sheet:
                while piece := sheet.read(1 << 16):
                    end = (end + piece)[-64:]
            if not end.rstrip().endswith(b"</worksheet>"):
                return True
    return False


def _workbook(plan: Plan, today: date, progress: Callable[[Iterable[Row]], Iterable[Row]]) -> bytes:
    """Written row by row (openpyxl's write-only mode): no sheet is kept in memory whole."""
    book = Workbook(write_only=True)
    _properties(book, plan, today)
    _ledger(book, plan, today, progress)
    _summary(book, plan, today)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ledger(
    book: Workbook, plan: Plan, today: date, progress: Callable[[Iterable[Row]], Iterable[Row]]
) -> None:
    sheet = book.create_sheet(LEDGER_SHEET)
    base = book.create_sheet(BASE_SHEET)
    base.sheet_state = "hidden"
    for col, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    head = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.append([_cell(sheet, font=Font(bold=True), alignment=head, value=n) for n in COLUMNS])
    base.append([_cell(base, value=n) for n in BASE_COLUMNS])
    # One styled cell per column (and per fill of the status column), its value replaced on
    # each row: openpyxl writes a cell as soon as it is appended, and works out a style once.
    wrap = Alignment(wrap_text=True, vertical="top")
    plain = [_cell(sheet, alignment=wrap) for _ in COLUMNS]
    status_col = COLUMNS.index("完成情况")
    filled = {key: _cell(sheet, alignment=wrap, fill=_fill(c)) for key, c in FILLS.items()}
    for cell in [*(plain[COLUMNS.index(name)] for name in TYPED), *filled.values()]:
        cell.number_format = "@"  # what is typed stays text: Excel makes 2026-06-30 a number
    base_cells = [_cell(base) for _ in BASE_COLUMNS]
    picks = [COLUMNS.index(name) for name in BASE_COLUMNS]
    last = 1
    for row in progress(rows(plan, today)):
        key = "overdue" if row.overdue else _STATUS_KEY[row.status]
        line = plain.copy()
        line[status_col] = filled.get(key, plain[status_col])
        values = row.cells()
        sheet.append([_set(cell, value) for cell, value in zip(line, values, strict=True)])
        # an empty cell of the base sheet is left out: it reads back as empty all the same
        base.append(
            [
                _set(cell, values[pick]) if values[pick] else None
                for cell, pick in zip(base_cells, picks, strict=True)
            ]
        )
        last += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    for validation in validations(last):
        sheet.data_validations.append(validation)


# The columns a department fills in whose words or dates are checked as they are typed.
TYPED = ("整改时限", "完成情况", "完成时间")
STATUS_WORDS = tuple(STATUS_LABELS[s] for s in (Status.TODO, Status.DOING, Status.DONE,
                                               Status.ONGOING))  # fmt: skip


def validations(last: int) -> list[DataValidation]:
    """Checks Excel and WPS make as a cell is filled in, with a prompt and an error in Chinese:
    完成情况 from a drop-down of the status words, the dates as 2026-06-30 (import checks the
    same, and says every error of every row at once)."""
    words = "、".join(STATUS_WORDS)
    status = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_WORDS) + '"', allow_blank=True,
        promptTitle="完成情况", prompt=f"从列表中选择：{words}。",
        errorTitle="完成情况填写有误", error=f"只能填写：{words}。",
    )  # fmt: skip
    found = [status]
    status.sqref = f"{_letter('完成情况')}2:{_letter('完成情况')}{last}"
    for name in ("整改时限", "完成时间"):
        col = _letter(name)
        check = DataValidation(
            type="custom", allow_blank=True,
            formula1=f'AND(LEN({col}2)=10,MID({col}2,5,1)="-",MID({col}2,8,1)="-",'
                     f"ISNUMBER(DATEVALUE({col}2)))",
            promptTitle=name, prompt="日期写成 2026-06-30 这样：年-月-日。",
            errorTitle=f"{name}填写有误",
            error="日期应写成 2026-06-30 这样：四位年、两位月、两位日。",
        )  # fmt: skip
        check.sqref = f"{col}2:{col}{last}"
        found.append(check)
    for v in found:
        v.showInputMessage = v.showErrorMessage = True
        v.errorStyle = "stop"
    return found


def _letter(name: str) -> str:
    return get_column_letter(COLUMNS.index(name) + 1)


def _cell(
    sheet: WriteOnlyWorksheet,
    *,
    value: str = "",
    font: Font | None = None,
    alignment: Alignment | None = None,
    fill: PatternFill | None = None,
) -> Cell:
    cell = WriteOnlyCell(sheet)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill
    return _set(cell, value)


def _set(cell: Cell, value: str | int) -> Cell:
    """Store text as text: a cell starting with '=' stays a string, never a formula."""
    if isinstance(value, str):
        cell.value = cell_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _properties(book: Workbook, plan: Plan, today: date) -> None:
    """The workbook says whose ledger it is (not "openpyxl"), of what, as of when."""
    from datetime import datetime

    props = book.properties
    props.creator = props.lastModifiedBy = cell_text(plan.unit or "rectify")
    props.title = cell_text(f"{plan.title}（整改台账）")
    props.subject = "巡察整改台账"
    props.keywords = "巡察整改"
    props.created = props.modified = datetime(today.year, today.month, today.day)


def _os_error(message: str) -> OSError:
    """lxml reports a failed write as `IO_EFBIG`, `IO_ENOSPC`...: the OSError it stands for."""
    name = message.partition("IO_")[2].split(maxsplit=1)[0] if "IO_" in message else ""
    number = getattr(errno, name, None)
    return OSError(number, os.strerror(number)) if isinstance(number, int) else OSError(message)


def _summary(book: Workbook, plan: Plan, today: date) -> None:
    """Per category and in total: feedback items by status, overdue, completion rate."""
    sheet = book.create_sheet(SUMMARY_SHEET)
    sheet.column_dimensions["A"].width = 50
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = ("方面", "反馈意见", "已完成", "正在整改", "未开始", "长期坚持", "逾期", "完成率")
    sheet.append([_cell(sheet, value=name, font=bold) for name in head])
    lines = [(c.title, count(c.items(), today)) for c in plan.categories]
    lines.append(("合计", count(plan.items(), today)))
    for title, c in lines:
        values: list[str | int] = [title, c.total_items]
        values += [c.items[s] for s in (Status.DONE, Status.DOING, Status.TODO, Status.ONGOING)]
        values += [c.overdue_items]
        font = bold if title == "合计" else None
        rate = _cell(sheet, font=font)
        rate.value, rate.number_format = round(c.rate / 100, 4), "0.0%"  # a number, shown as 28.6%
        sheet.append([*(_set(_cell(sheet, font=font), value) for value in values), rate])
