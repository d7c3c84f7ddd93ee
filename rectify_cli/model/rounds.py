"""A round of inspections: one plan per unit, summed up as an inspection office reports it
(pure: finding the plans is planfile.finding's, the workbook ledger.rounds')."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .numbering import rate_text
from .plan import Counts, Plan, Status, count
from .plan import total as plan_total


@dataclass(frozen=True)
class Unit:
    name: str
    path: str
    counts: Counts


@dataclass
class Round:
    """A round: a unit for each plan that read, every plan file read, how many did not read."""

    units: list[Unit]
    plans: list[Path]
    failed: int


def unit(plan: Plan, path: Path, today: date) -> Unit:
    return Unit(plan.unit or path.stem, str(path), count(plan.items(), today))


def total(units: list[Unit]) -> Counts:
    return plan_total(u.counts for u in units)


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
