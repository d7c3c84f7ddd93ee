"""The round summary as a workbook: one row per unit and a total."""

from __future__ import annotations

import io

from ..model.rounds import HEAD, Unit, rows


def to_xlsx(units: list[Unit]) -> bytes:
    """The summary workbook (OSError when openpyxl cannot write its temporary files)."""
    from .xlsx_writer import spooled

    return spooled(lambda: _workbook(units))


def _workbook(units: list[Unit]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .xlsx_writer import cell_text

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总"
    sheet.append(HEAD)
    for name, *counts in rows(units):
        sheet.append((cell_text(name), *counts))
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[0].data_type = "s"
    sheet.column_dimensions["A"].width = 30
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
