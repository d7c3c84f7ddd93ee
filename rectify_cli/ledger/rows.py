"""The ledger (整改台账): one row per measure, the table offices exchange as a spreadsheet.

Pure: the plan in, rows out (and rows back in, for import). The column set and its names are
the ledger's contract with the departments that fill it in.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..model.plan import STATUS_LABELS, Group, Item, Measure, Plan
from . import notes

COLUMNS = (
    "序号", "方面", "问题", "反馈意见", "整改措施", "责任领导", "责任部门",
    "整改时限", "完成情况", "完成时间", "进展与佐证",
)  # fmt: skip
# OWASP's CSV-injection list, and the full-width forms a Chinese IME types (Excel and WPS read
# ＝1+1 as a formula): the characters a formula starts with, after any blank (see `formula_like`)
FORMULA = "=+-@＝＋－＠"


@dataclass(frozen=True)
class Row:
    id: str
    category: str
    problem: str
    item: str
    measure: str
    owner: str
    dept: str
    due: str
    status: str
    done_on: str
    notes: str
    overdue: bool = False

    def cells(self) -> tuple[str, ...]:
        return (
            self.id, self.category, self.problem, self.item, self.measure, self.owner, self.dept,
            self.due, self.status, self.done_on, self.notes,
        )  # fmt: skip


def rows(plan: Plan, today: date) -> Iterator[Row]:
    for category in plan.categories:
        for child in category.children:
            problem = child.title if isinstance(child, Group) else ""
            items = child.items() if isinstance(child, Group) else [child]
            for item in items:
                for m in item.measures:
                    yield measure_row(category.title, problem, item, m, today)


def measure_row(category: str, problem: str, item: Item, m: Measure, today: date) -> Row:
    done_on = m.ledger.done_on
    return Row(
        id=m.id, category=category, problem=problem, item=item.title, measure=m.text,
        owner=m.owner or "", dept=m.dept or "", due=m.due.isoformat() if m.due else "",
        status=STATUS_LABELS[m.status], done_on=done_on.isoformat() if done_on else "",
        notes=notes.cell(m.ledger.notes), overdue=m.is_overdue(today),
    )  # fmt: skip


def formula_like(value: str) -> bool:
    """Whether a spreadsheet opening the CSV could run the cell as a formula: it starts with a
    tab or CR (OWASP), or with a formula character (ASCII or full-width) after any run of blanks:
    spaces, NBSP, U+3000, every other whitespace and the invisible ones (ZWSP, BOM …), which
    Excel and LibreOffice skip before a formula."""
    if value.startswith(("\t", "\r")):
        return True
    for char in value:
        if not (char.isspace() or unicodedata.category(char) == "Cf"):
            return char in FORMULA
    return False


def defuse(value: str) -> str:
    """A CSV cell a spreadsheet could run as a formula gets a leading apostrophe. So does one
    that would read back as defused (apostrophes before such a text): `undefuse` gives back
    every value exactly."""
    return "'" + value if formula_like(value.lstrip("'")) else value


def undefuse(value: str) -> str:
    """The value `defuse` was given."""
    return value[1:] if value.startswith("'") and formula_like(value.lstrip("'")) else value


def to_csv(plan: Plan, today: date) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(plan, today):
        writer.writerow([defuse(c) for c in row.cells()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
