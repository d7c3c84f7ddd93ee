"""A round of inspections: one plan per unit, summed up as an inspection office reports it."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..model.plan import Counts, Plan, Status, count
from ..notice.blocks import rate_text


@dataclass(frozen=True)
class Unit:
    name: str
    path: str
    counts: Counts


def plan_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The plans named, and every .yaml / .yml file in the folders named (sorted)."""
    for path in paths:
        if path.is_dir():
            # hidden parts are judged below the folder named: `summary ..` must still look in it
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")
                              and not any(part.startswith(".")
                                          for part in p.relative_to(path).parts))  # fmt: skip
        else:
            yield path


def unit(plan: Plan, path: Path, today: date) -> Unit:
    return Unit(plan.unit or path.stem, str(path), count(plan.items(), today))


def total(units: list[Unit]) -> Counts:
    items = {s: sum(u.counts.items[s] for u in units) for s in Status}
    measures = {s: sum(u.counts.measures[s] for u in units) for s in Status}
    return Counts(items, measures, sum(u.counts.overdue_items for u in units),
                  sum(u.counts.overdue_measures for u in units))  # fmt: skip


def sentence(units: list[Unit]) -> str:
    """40个单位、697个问题、完成整改688个、完成率98.71%"""
    c = total(units)
    return (f"{len(units)}个单位、{c.total_items}个问题、完成整改{c.items[Status.DONE]}个、"
            f"完成率{rate_text(c.rate)}%")  # fmt: skip


def _row(name: str, c: Counts) -> dict[str, Any]:
    return {
        "unit": name, "items": c.total_items, "done": c.items[Status.DONE],
        "doing": c.items[Status.DOING], "todo": c.items[Status.TODO],
        "ongoing": c.items[Status.ONGOING], "overdue": c.overdue_items, "rate": round(c.rate, 2),
    }  # fmt: skip


def to_json(units: list[Unit], today: date) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "today": today.isoformat(),
        "units": [_row(u.name, u.counts) | {"path": u.path} for u in units],
        "total": _row("合计", total(units)) | {"units": len(units)},
    }


HEAD = ("单位", "反馈意见", "已完成", "正在整改", "未开始", "长期坚持", "逾期", "完成率")


def rows(units: list[Unit]) -> list[tuple[Any, ...]]:
    out = []
    for name, c in [(u.name, u.counts) for u in units] + [("合计", total(units))]:
        r = _row(name, c)
        out.append((name, r["items"], r["done"], r["doing"], r["todo"], r["ongoing"], r["overdue"],
                    rate_text(c.rate) + "%"))  # fmt: skip
    return out


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
