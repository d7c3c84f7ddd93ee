"""The 进展与佐证 cell read back: a note of the plan is recognised by the text the export wrote
for it (whatever its text holds: `(佐证:…)`, line breaks, more than a cell holds), the cell as
exported (the base sheet's) asks for nothing, and only the other lines are notes a department
added. Ledgers exported before the base sheet had its notes column import the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rectify_cli.planfile import reader

NO_CHANGE = (0, "没有需要修改的内容,文件未改动。\n", "")
TODAY = "2025-04-01"


def notes_plan(*notes: tuple[str, str, str | None], measure: str = "措施一") -> str:
    """A plan of one measure (1.1.1) with these notes (date, text, evidence)."""
    q = lambda s: json.dumps(s)  # noqa: E731 (ASCII JSON is YAML: every character escaped)
    lines = "".join(
        f"                - date: {on}\n                  text: {q(text)}\n"
        + (f"                  evidence: {q(evidence)}\n" if evidence else "")
        for on, text, evidence in notes
    )
    return f"""\
schema: 1
title: 进展测试
findings:
  categories:
    - title: 方面
      items:
        - title: 在某方面
          owner: 张局长
          measures:
            - text: {q(measure)}
              status: 正在整改
              due: 2025-06-30
              notes:
{lines}"""


@pytest.fixture
def exported(
    run: Any, write_plan: Callable[..., Path], tmp_path: Path
) -> Callable[..., tuple[Path, Path]]:
    """`exported(plan_text)`: the plan written and its ledger exported (plan, ledger)."""

    def export(text: str) -> tuple[Path, Path]:
        plan = write_plan(text)
        assert run("validate", "-p", plan)[0] == 0
        ledger = tmp_path / "ledger.xlsx"
        assert run("export", "-o", ledger, "--today", TODAY, "-p", plan)[0] == 0
        return plan, ledger

    return export


def imported(run: Any, plan: Path, ledger: Path) -> tuple[int, str, str]:
    return run("import", ledger, "--yes", "--today", TODAY, "-p", plan)  # type: ignore[no-any-return]


def notes_of(plan: Path) -> list[tuple[str, str, str | None]]:
    loaded, _ = reader.load(plan)
    notes = next(iter(loaded.measures())).ledger.notes
    return [(n.on.isoformat(), n.text, n.evidence) for n in notes]


HOSTILE = {
    "evidence marker": [("2025-03-01", "开会(佐证:记录.pdf)", None)],
    "marker and evidence": [("2025-03-01", "开会（佐证：草稿）", "纪要.pdf")],
    "LF": [("2025-03-01", "第一行\n第二行", None)],
    "CR LF": [("2025-03-01", "第一行\r\n第二行", "表.xlsx")],
    "CR": [("2025-03-01", "第一行\r第二行", None)],
    "a note's own lines": [("2025-03-01", "甲\n2025-03-02 乙(佐证:丙)", None)],
    "a blank line": [("2025-03-01", "甲\n\n乙 ", None), ("2025-03-02", " 丙", "丁 ")],
    "notes that are prefixes": [
        ("2025-03-01", "甲", None), ("2025-03-01", "甲\n2025-03-01 甲", None),
        ("2025-03-01", "甲", "乙"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("notes", HOSTILE.values(), ids=HOSTILE.keys())
def test_import_untouched_export_with_hostile_notes_changes_nothing(
    run: Any, exported: Callable[..., tuple[Path, Path]], notes: list[Any]
) -> None:
    plan, ledger = exported(notes_plan(*notes))
    before = plan.read_bytes()
    assert imported(run, plan, ledger) == NO_CHANGE
    assert plan.read_bytes() == before


@pytest.mark.parametrize("notes", HOSTILE.values(), ids=HOSTILE.keys())
def test_import_reads_a_line_added_after_hostile_notes(
    run: Any, exported: Callable[..., tuple[Path, Path]], edit: Any, notes: list[Any]
) -> None:
    plan, ledger = exported(notes_plan(*notes))

    def add(book: Any, sheet: Any) -> None:
        sheet["K2"] = sheet["K2"].value + "\n2025-03-30 印发通知(佐证:通知.pdf)"

    code, out, err = imported(run, plan, edit(ledger, ledger.with_name("returned.xlsx"), add))
    assert (code, err) == (0, "")
    assert out == (
        "1.1.1 进展: → 2025-03-30 印发通知 [通知.pdf]\n已应用 1 处修改(可用 rectify undo 撤销)。\n"
    )
    assert notes_of(plan) == [*notes, ("2025-03-30", "印发通知", "通知.pdf")]


def test_import_untouched_export_of_a_note_longer_than_a_cell_changes_nothing(
    run: Any, exported: Callable[..., tuple[Path, Path]]
) -> None:
    """A cell holds 32,767 characters: the export writes the first ones, and the cell as the
    export writes it asks for nothing (before, its cut last line was a new note)."""
    long = ("2025-03-02", "长" * 40000, None)
    plan, ledger = exported(notes_plan(("2025-03-01", "短", None), long))
    before = plan.read_bytes()
    assert imported(run, plan, ledger) == NO_CHANGE
    assert plan.read_bytes() == before


def test_import_untouched_export_of_a_measure_longer_than_a_cell_changes_nothing(
    run: Any, exported: Callable[..., tuple[Path, Path]]
) -> None:
    """Its text is compared with what the cell holds of it (before: set aside, text differs)."""
    plan, ledger = exported(notes_plan(("2025-03-01", "开会", None), measure="措" * 33000))
    before = plan.read_bytes()
    assert imported(run, plan, ledger) == NO_CHANGE
    assert plan.read_bytes() == before


def test_import_untouched_ledger_does_not_bring_back_a_note_undone_since(
    run: Any, exported: Callable[..., tuple[Path, Path]]
) -> None:
    """The cell as exported asks for nothing: a note taken back after the export stays out."""
    plan, ledger = exported(notes_plan(("2025-03-01", "开会", None)))
    assert run("note", "1.1.1", "误记", "--on", "2025-03-05", "-p", plan)[0] == 0
    ledger = plan.parent / "ledger.xlsx"
    assert run("export", "-o", ledger, "--today", TODAY, "-p", plan)[0] == 0
    assert run("undo", "-p", plan)[0] == 0
    before = plan.read_bytes()
    assert imported(run, plan, ledger) == NO_CHANGE
    assert plan.read_bytes() == before


def test_import_reads_only_the_added_line_when_a_note_was_edited_since(
    run: Any, exported: Callable[..., tuple[Path, Path]], edit: Any
) -> None:
    """A note corrected in the plan after the export: the cell as exported holds the old text,
    which asks for nothing; the line the department added is the one new note."""
    plan, ledger = exported(notes_plan(("2025-03-01", "第一行\n第二行(佐证:旧)", None)))
    plan.write_bytes(plan.read_bytes().replace(b"\\u7b2c\\u4e8c\\u884c", "第三行".encode()))

    def add(book: Any, sheet: Any) -> None:
        sheet["K2"] = sheet["K2"].value + "\n2025-03-30 印发"

    code, out, err = imported(run, plan, edit(ledger, ledger.with_name("returned.xlsx"), add))
    assert (code, err) == (0, "")
    assert out == "1.1.1 进展: → 2025-03-30 印发\n已应用 1 处修改(可用 rectify undo 撤销)。\n"
    assert notes_of(plan) == [
        ("2025-03-01", "第一行\n第三行(佐证:旧)", None), ("2025-03-30", "印发", None)
    ]  # fmt: skip


OLD_BASE = {
    "base sheet of six columns": lambda book: book["rectify_base"].delete_cols(7),
    "no base sheet": lambda book: book.remove(book["rectify_base"]),
}


@pytest.mark.parametrize("older", OLD_BASE.values(), ids=OLD_BASE.keys())
def test_import_ledger_exported_by_the_previous_version_changes_nothing(
    run: Any, exported: Callable[..., tuple[Path, Path]], edit: Any, older: Callable[[Any], None]
) -> None:
    """The migration path: a workbook whose base sheet has no notes column (as exported before
    it had one), or none at all, is read against the plan's notes alone; the visible cell is
    written as it always was."""
    notes = [("2025-03-01", "开会(佐证:记录.pdf)", None), ("2025-03-02", "甲\r\n乙", "丙")]
    plan, ledger = exported(notes_plan(*notes))
    returned = edit(ledger, ledger.with_name("old.xlsx"), lambda book, _sheet: older(book))
    before = plan.read_bytes()
    assert imported(run, plan, returned) == NO_CHANGE
    assert plan.read_bytes() == before


def test_export_base_sheet_holds_the_notes_cell_as_exported(
    exported: Callable[..., tuple[Path, Path]],
) -> None:
    from openpyxl import load_workbook

    _, ledger = exported(notes_plan(("2025-03-01", "甲\n乙", "丙"), ("2025-03-02", "丁", None)))
    book = load_workbook(ledger)
    assert [c.value for c in book["rectify_base"][1]] == [
        "序号", "责任领导", "责任部门", "整改时限", "完成情况", "完成时间", "进展与佐证"
    ]  # fmt: skip
    cell = "2025-03-01 甲\n乙(佐证:丙)\n2025-03-02 丁"
    assert book["rectify_base"]["G2"].value == book["整改台账"]["K2"].value == cell


READINGS = [
    # (cell, the notes as written, the lines read as added)
    ("", [], []),
    ("2025-03-01 甲\n乙", ["2025-03-01 甲\n乙"], []),
    ("2025-03-01 甲\n乙", ["2025-03-01 甲"], ["乙"]),
    ("2025-03-01 甲\r\n乙\r2025-03-02 丙", ["2025-03-01 甲\r\n乙"], ["2025-03-02 丙"]),
    ("x\n\n2025-03-01 甲\n乙\n", ["2025-03-01 甲\n乙"], ["x", ""]),
    # a text that starts like another, longer one: the reading that leaves the fewest lines
    ("2025-03-01 甲\n2025-03-01 乙", ["2025-03-01 甲", "2025-03-01 甲\n2025-03-01 乙"], []),
    ("2025-03-01 甲\n乙\n丙", ["2025-03-01 甲", "2025-03-01 甲\n乙", "乙\n丙"], []),
    # a text that ends in CR, then the LF the export puts between notes
    ("2025-03-01 甲\r\n2025-03-02 乙", ["2025-03-01 甲\r", "2025-03-02 乙"], []),
    # only whole lines: a text inside a line is no note of the plan
    ("2025-03-01 甲乙", ["2025-03-01 甲"], ["2025-03-01 甲乙"]),
    ("前 2025-03-01 甲", ["2025-03-01 甲"], ["前 2025-03-01 甲"]),
    ("2025-03-01 甲\u20282025-03-02 乙", ["2025-03-02 乙"], ["2025-03-01 甲\u20282025-03-02 乙"]),
]


@pytest.mark.parametrize(("cell", "written", "added"), READINGS)
def test_added_lines(cell: str, written: list[str], added: list[str]) -> None:
    from rectify_cli.ledger.notes import added_lines

    assert added_lines(cell, written) == added


def test_added_lines_reads_a_tie_as_the_plan_s_notes_first() -> None:
    """Two readings leave one line each: the one taken reads a note of the plan where the cell
    starts, whatever the order of the texts (tried in their order, never in a set's)."""
    from rectify_cli.ledger.notes import added_lines

    cell = "2025-03-01 甲\n2025-03-01 乙\n丙"
    written = [
        "2025-03-01 甲\n2025-03-01 乙",
        "2025-03-01 乙\n丙",
        "2025-03-01 甲\n2025-03-01 乙\n丁",
    ]
    for texts in (written, written[::-1]):
        assert added_lines(cell, texts) == ["丙"]
