"""`rectify import LEDGER.xlsx`: a ledger filled in by the departments, read back into the plan
through the safe edit path (exact bytes, journal, undo), and every malformed ledger refused
with its place and message."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Edit = Callable[[Path, Path, Callable[[Any, Any], None]], Path]
Returned = Callable[[Callable[[Any, Any], None]], Path]
INVALID_1 = "台账文件有 1 处错误,未做任何修改。\n"


def journal_of(plan: Path) -> Path:
    return plan.parent / ".rectify" / f"{plan.name}.journal.jsonl"


def edits(book: Any, sheet: Any) -> None:
    """What a department sends back: 1.1.1.2 done (with a date and one more note), a new owner
    and a note for 1.1.2.1, a new department and deadline (an Excel date) for 1.1.2.2."""
    sheet["I3"] = "已完成"
    sheet["J3"] = "2025-03-25"
    sheet["K3"] = sheet["K3"].value + "\n2025-03-31 召开第二季度专题学习会(佐证:签到表.jpg)"
    sheet["F4"] = "刘副局长"
    sheet["K4"] = "2025-03-28 完成制度修订(佐证:制度汇编.docx)"
    sheet["G5"] = "督查室"
    sheet["H5"] = datetime.datetime(2025, 6, 30)
    sheet["H5"].number_format = "yyyy/m/d"


CHANGE_LINES = """\
1.1.1.2 状态:正在整改 → 已完成
1.1.1.2 完成时间:- → 2025-03-25
1.1.1.2 进展: → 2025-03-31 召开第二季度专题学习会 [签到表.jpg]
1.1.2.1 责任领导:- → 刘副局长
1.1.2.1 进展: → 2025-03-28 完成制度修订 [制度汇编.docx]
1.1.2.2 责任部门:- → 督查室
1.1.2.2 整改时限:2025-05-30 → 2025-06-30
"""


def edited_text(original: str) -> str:
    """The plan as the edits must leave it: only the lines of those fields change."""
    pad = " " * 18
    replacements = [
        (f"{pad}status: 正在整改\n{pad}due: 2025-03-20\n",
         f"{pad}status: 已完成\n{pad}done_on: 2025-03-25\n{pad}due: 2025-03-20\n"),
        (f"{pad}  - date: 2025-03-25\n{pad}    text: 筹备第二季度专题学习会\n",
         f"{pad}  - date: 2025-03-25\n{pad}    text: 筹备第二季度专题学习会\n"
         f"{pad}  - date: 2025-03-31\n{pad}    text: 召开第二季度专题学习会\n"
         f"{pad}    evidence: 签到表.jpg\n"),
        ("                - text: 修订完善内部管理制度\n",
         "                - text: 修订完善内部管理制度\n"
         f"{pad}owner: 刘副局长\n{pad}notes:\n{pad}  - date: 2025-03-28\n"
         f"{pad}    text: 完成制度修订\n{pad}    evidence: 制度汇编.docx\n"),
        (f"{pad}status: 未开始\n{pad}due: 2025-05-30\n",
         f"{pad}status: 未开始\n{pad}dept: 督查室\n{pad}due: 2025-06-30\n"),
    ]  # fmt: skip
    for old, new in replacements:
        assert original.count(old) == 1, old
        original = original.replace(old, new)
    return original


@pytest.mark.parametrize("which", ["ledger", "shipped", "formula"])
def test_import_unedited_ledger_changes_nothing(
    run: Any, which: str, request: pytest.FixtureRequest, export_xlsx: Callable[..., Path]
) -> None:
    plan: Path = request.getfixturevalue({"ledger": "ledger_plan", "shipped": "shipped",
                                          "formula": "formula_plan"}[which])  # fmt: skip
    before = plan.read_bytes()
    ledger = export_xlsx(plan)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", plan)
    assert (code, out, err) == (0, "没有需要修改的内容,文件未改动。\n", "")
    assert plan.read_bytes() == before
    assert not journal_of(plan).exists()
    assert run("log", "-p", plan) == (0, "还没有修改记录。\n", "")


def test_import_edits_apply_exact_bytes_and_undo(
    run: Any, ledger_plan: Path, returned: Returned
) -> None:
    original = ledger_plan.read_bytes()
    ledger = returned(edits)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert (code, err) == (0, "")
    assert out == CHANGE_LINES + "已应用 7 处修改(可用 rectify undo 撤销)。\n"
    assert ledger_plan.read_bytes() == edited_text(original.decode("utf-8")).encode("utf-8")
    assert run("validate", "-p", ledger_plan)[0] == 0
    # one journal entry, naming exactly the measures that changed
    entries = [json.loads(line) for line in journal_of(ledger_plan).read_text().splitlines()]
    assert [(e["command"], e["by"], e["ids"]) for e in entries] == [
        ("import", "测试员", ["1.1.1.2", "1.1.2.1", "1.1.2.2"])
    ]
    # the same ledger again: nothing left to do
    again = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert again == (0, "没有需要修改的内容,文件未改动。\n", "")
    code, out, err = run("undo", "-p", ledger_plan)
    assert (code, err) == (0, "")
    assert out.startswith("已撤销:") and out.endswith(
        " 测试员 执行的 import 1.1.1.2 1.1.2.1 1.1.2.2。文件已恢复原样。\n"
    )
    assert ledger_plan.read_bytes() == original


def test_import_dry_run_shows_changes_and_changes_nothing(
    run: Any, ledger_plan: Path, returned: Returned
) -> None:
    before = ledger_plan.read_bytes()
    ledger = returned(edits)
    code, out, err = run("import", ledger, "--dry-run", "--yes", "-p", ledger_plan)
    assert (code, out, err) == (0, CHANGE_LINES + "未做任何修改。\n", "")
    assert ledger_plan.read_bytes() == before
    assert not journal_of(ledger_plan).exists()


def test_import_without_yes_and_no_terminal_applies_nothing(
    run: Any, ledger_plan: Path, returned: Returned
) -> None:
    before = ledger_plan.read_bytes()
    ledger = returned(edits)
    code, out, err = run("import", ledger, "--today", "2025-04-01", "-p", ledger_plan)
    assert (code, err) == (0, "")
    assert out == CHANGE_LINES + "应用以上 7 处修改? [y/N]: 未做任何修改。\n"
    assert ledger_plan.read_bytes() == before
    assert not journal_of(ledger_plan).exists()


def test_import_without_yes_as_a_real_process_with_no_stdin(
    ledger_plan: Path, returned: Returned
) -> None:
    before = ledger_plan.read_bytes()
    ledger = returned(edits)
    done = subprocess.run(
        [sys.executable, "-m", "rectify_cli", "import", str(ledger), "-p", str(ledger_plan)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "80", "RECTIFY_USER": "x"},
    )  # fmt: skip
    assert "Traceback" not in done.stdout + done.stderr
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith("应用以上 7 处修改? [y/N]: 未做任何修改。\n")
    assert ledger_plan.read_bytes() == before


def test_import_rows_that_no_longer_match_are_listed_and_left_alone(
    run: Any, ledger_plan: Path, returned: Returned
) -> None:
    def change(book: Any, sheet: Any) -> None:
        sheet["A3"] = "9.9.9"  # an ID the plan does not have
        sheet["I3"] = "已完成"
        sheet["E4"] = "修订完善内部管理制度(已改)"  # the measure's text was changed
        sheet["F4"] = "刘副局长"
        sheet["A11"] = None  # a row a department added, with no ID
        sheet["E11"] = "新增一项措施"
        sheet["G5"] = "督查室"  # and one row that still matches

    original = ledger_plan.read_text(encoding="utf-8")
    ledger = returned(change)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert code == 0
    assert err == (
        f"{ledger} 第 3 行:计划中没有编号 9.9.9,此行未导入。\n"
        f"{ledger} 第 4 行:1.1.2.1 的措施文字与计划不一致,此行未导入。\n"
        f"{ledger} 第 11 行:计划中没有编号 ,此行未导入。\n"
    )
    assert out == "1.1.2.2 责任部门:- → 督查室\n已应用 1 处修改(可用 rectify undo 撤销)。\n"
    pad = " " * 18
    assert ledger_plan.read_text(encoding="utf-8") == original.replace(
        f"{pad}status: 未开始\n{pad}due: 2025-05-30\n",
        f"{pad}status: 未开始\n{pad}dept: 督查室\n{pad}due: 2025-05-30\n",
    )


def test_import_matches_rows_by_id_not_position(
    run: Any, ledger_plan: Path, returned: Returned
) -> None:
    """Sorted, filtered, columns moved, a column of remarks added: the same ledger."""

    def shuffle(book: Any, sheet: Any) -> None:
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        for r, values in enumerate(reversed(rows), 2):
            for c, value in enumerate(values, 1):
                sheet.cell(row=r, column=c).value = value
        sheet.move_range("B1:D10", cols=10)  # 方面 问题 反馈意见 to L:N, after the rest
        sheet["O1"] = "备注"
        sheet["O2"] = "部门自填"

    before = ledger_plan.read_bytes()
    ledger = returned(shuffle)
    result = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert result == (0, "没有需要修改的内容,文件未改动。\n", "")
    assert ledger_plan.read_bytes() == before


def test_import_reopen_and_long_term(run: Any, ledger_plan: Path, returned: Returned) -> None:
    def change(book: Any, sheet: Any) -> None:
        sheet["I2"] = "正在整改"  # 1.1.1.1 was done: reopened, its date cleared
        sheet["J2"] = None
        sheet["I4"] = "长期坚持"

    ledger = returned(change)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert (code, err) == (0, "")
    assert out == (
        "1.1.1.1 状态:已完成 → 正在整改\n"
        "1.1.1.1 完成时间:2025-02-10 → -\n"
        "1.1.1.1 完成人:李明 → -\n"
        "1.1.2.1 状态:正在整改 → 长期坚持\n"
        "已应用 4 处修改(可用 rectify undo 撤销)。\n"
    )
    assert run("undo", "-p", ledger_plan)[0] == 0
    assert ledger_plan.read_text(encoding="utf-8").count("done_by: 李明") == 1


def test_import_done_without_date_takes_today(
    run: Any, ledger_plan: Path, returned: Returned
) -> None:
    def change(book: Any, sheet: Any) -> None:
        sheet["I4"] = "已完成"

    ledger = returned(change)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert (code, err) == (0, "")
    assert out.startswith("1.1.2.1 状态:正在整改 → 已完成\n1.1.2.1 完成时间:- → 2025-04-01\n")


def test_import_evidence_typed_with_full_width_brackets(
    run: Any, ledger_plan: Path, returned: Returned
) -> None:
    """A Chinese IME types （佐证：…）: the evidence is still told apart from the text."""

    def change(book: Any, sheet: Any) -> None:
        sheet["K4"] = "2025-03-28 完成制度修订（佐证：制度汇编.docx）"

    ledger = returned(change)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert (code, err) == (0, "")
    assert out.startswith("1.1.2.1 进展: → 2025-03-28 完成制度修订 [制度汇编.docx]\n")
    assert "      evidence: 制度汇编.docx\n" in ledger_plan.read_text(encoding="utf-8")
    # exported again, the note reads back as the same note: nothing to change
    again = ledger_plan.parent / "again.xlsx"
    assert run("export", "-o", again, "-p", ledger_plan)[0] == 0
    code, out, _ = run("import", again, "--yes", "-p", ledger_plan)
    assert (code, out) == (0, "没有需要修改的内容,文件未改动。\n")


# -- malformed ledgers: each refused with its place, its message and exit 4 -----------------


def _delete_dept(book: Any, sheet: Any) -> None:
    sheet.delete_cols(7)


def _rename_dept(book: Any, sheet: Any) -> None:
    sheet["G1"] = "责任单位"


def _rename_sheet(book: Any, sheet: Any) -> None:
    sheet.title = "Sheet1"


def _merge(book: Any, sheet: Any) -> None:
    sheet.merge_cells("B2:B3")


def _bad_date(book: Any, sheet: Any) -> None:
    sheet["H3"] = "2025年6月30日"


def _bad_status(book: Any, sheet: Any) -> None:
    sheet["I3"] = "完成"


def _bad_note(book: Any, sheet: Any) -> None:
    sheet["K2"] = "开了个会"


def _date_not_done(book: Any, sheet: Any) -> None:
    sheet["J4"] = "2025-03-30"  # a completion date, but the status still says 正在整改


def _date_in_future(book: Any, sheet: Any) -> None:
    sheet["I4"] = "已完成"
    sheet["J4"] = "2025-04-02"


def _several(book: Any, sheet: Any) -> None:
    sheet["H3"] = "下月底"
    sheet["I6"] = "办结"
    sheet["K9"] = "2025-03-01 检查\n已检查完毕"


def _columns_moved(book: Any, sheet: Any) -> None:
    sheet.delete_cols(2, 3)  # 方面 问题 反馈意见 are not needed: 整改时限 is now column E
    sheet["E3"] = "2025.6.30"


def _duplicate_row(book: Any, sheet: Any) -> None:
    """A department copied 1.1.2.1's row to the end and gave the copy another owner."""
    for c in range(1, 12):
        sheet.cell(row=11, column=c).value = sheet.cell(row=4, column=c).value
    sheet["F4"] = "甲"
    sheet["F11"] = "乙"


BAD_LEDGERS = {
    "missing_column": (_delete_dept, "{s}:1:1: 错误: 缺少“责任部门”列,请勿改动表头。\n"),
    "renamed_column": (
        _rename_dept,
        "{s}:1:1: 错误: 缺少“责任部门”列(是否被改成了“责任单位”?),请勿改动表头。\n",
    ),
    "renamed_sheet": (
        _rename_sheet,
        "{p}:1:1: 错误: 台账中没有名为“整改台账”的工作表(现有:Sheet1、汇总),请勿改动工作表名。\n",
    ),
    "merged_cells": (_merge, "{s}:2:2: 错误: 有合并单元格 B2:B3,请取消合并后再导入。\n"),
    "bad_date": (
        _bad_date,
        "{s}:3:8: 错误: “整改时限”应为日期 YYYY-MM-DD,实际是“2025年6月30日”。\n",
    ),
    "bad_status": (
        _bad_status,
        "{s}:3:9: 错误: 完成情况“完成”无效,可选:未开始、正在整改、已完成、长期坚持。\n",
    ),
    "bad_note": (
        _bad_note,
        "{s}:2:11: 错误: 进展“开了个会”应写成“YYYY-MM-DD 内容(佐证:材料)”,每条一行。\n",
    ),
    "date_but_not_done": (
        _date_not_done,
        "{s}:4:10: 错误: 有完成时间 done_on,但状态是“正在整改”。\n",
    ),
    "date_in_future": (_date_in_future, "{s}:4:10: 错误: 完成时间 2025-04-02 晚于今天。\n"),
    "duplicate_row": (
        _duplicate_row,
        "{s}:11:1: 错误: 键“1.1.2.1”重复(第 4 行已有),每个键只能写一次。\n",
    ),
    "columns_moved": (
        _columns_moved,
        "{s}:3:5: 错误: “整改时限”应为日期 YYYY-MM-DD,实际是“2025.6.30”。\n",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LEDGERS))
def test_import_malformed_ledger_is_refused(
    run: Any,
    case: str,
    ledger_plan: Path,
    export_xlsx: Callable[..., Path],
    edit: Edit,
) -> None:
    make, message = BAD_LEDGERS[case]
    before = ledger_plan.read_bytes()
    ledger = edit(export_xlsx(ledger_plan), ledger_plan.parent / f"{case}.xlsx", make)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert (code, out) == (4, "")
    assert err == message.format(p=ledger, s=f"{ledger}[整改台账]") + INVALID_1
    assert ledger_plan.read_bytes() == before
    assert not journal_of(ledger_plan).exists()


def test_import_malformed_ledger_reports_every_problem(
    run: Any, ledger_plan: Path, export_xlsx: Callable[..., Path], edit: Edit
) -> None:
    before = ledger_plan.read_bytes()
    ledger = edit(export_xlsx(ledger_plan), ledger_plan.parent / "several.xlsx", _several)
    code, out, err = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    s = f"{ledger}[整改台账]"
    assert (code, out) == (4, "")
    assert err == (
        f"{s}:3:8: 错误: “整改时限”应为日期 YYYY-MM-DD,实际是“下月底”。\n"
        f"{s}:6:9: 错误: 完成情况“办结”无效,可选:未开始、正在整改、已完成、长期坚持。\n"
        f"{s}:9:11: 错误: 进展“已检查完毕”应写成“YYYY-MM-DD 内容(佐证:材料)”,每条一行。\n"
        "台账文件有 3 处错误,未做任何修改。\n"
    )
    assert ledger_plan.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("not_xlsx.xlsx", "序号,方面\n1.1.1.1,学习\n".encode()),
        ("empty.xlsx", b""),
        ("word.xlsx", b"PK\x03\x04" + b"\0" * 26),  # a zip header, cut short
    ],
)
def test_import_file_that_is_not_a_workbook(
    run: Any, name: str, content: bytes, ledger_plan: Path
) -> None:
    before = ledger_plan.read_bytes()
    ledger = ledger_plan.parent / name
    ledger.write_bytes(content)
    code, out, err = run("import", ledger, "--yes", "-p", ledger_plan)
    assert (code, out) == (4, "")
    assert err == f"{ledger}:1:1: 错误: 无法读取台账文件:File is not a zip file\n" + INVALID_1
    assert ledger_plan.read_bytes() == before


@pytest.mark.parametrize("suffix", [".xls", ".csv", ".docx"])
def test_import_other_formats_are_refused(
    run: Any, suffix: str, ledger_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    ledger = export_xlsx(ledger_plan).rename(ledger_plan.parent / f"ledger{suffix}")
    code, out, err = run("import", ledger, "--yes", "-p", ledger_plan)
    assert (code, out) == (4, "")
    assert err.startswith(f"{ledger}:1:1: 错误: 无法读取台账文件:openpyxl does not support ")
    assert err.endswith("\n" + INVALID_1)


def test_import_missing_ledger_is_unreadable(run: Any, ledger_plan: Path) -> None:
    ledger = ledger_plan.parent / "nowhere.xlsx"
    code, out, err = run("import", ledger, "--yes", "-p", ledger_plan)
    assert (code, out, err) == (3, "", f"无法读取 {ledger}:No such file or directory\n")


def test_import_ledger_against_missing_plan(
    run: Any, ledger_plan: Path, export_xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    ledger = export_xlsx(ledger_plan)
    missing = tmp_path / "none.yaml"
    code, out, err = run("import", ledger, "--yes", "-p", missing)
    assert (code, out) == (3, "")
    assert err == f"找不到计划文件 {missing}。可用 rectify init 新建。\n"


# -- what a clerk would expect, and the tool does not do yet --------------------------------


def test_import_stale_ledger_keeps_later_work(
    run: Any, ledger_plan: Path, export_xlsx: Callable[..., Path]
) -> None:
    ledger = export_xlsx(ledger_plan)
    assert run("done", "1.1.2.1", "--on", "2025-03-30", "-p", ledger_plan)[0] == 0
    after_done = ledger_plan.read_bytes()
    result = run("import", ledger, "--yes", "--today", "2025-04-01", "-p", ledger_plan)
    assert result == (0, "没有需要修改的内容,文件未改动。\n", "")
    assert ledger_plan.read_bytes() == after_done


def test_import_malformed_ledger_summary_names_the_ledger(
    run: Any, ledger_plan: Path, export_xlsx: Callable[..., Path], edit: Edit
) -> None:
    ledger = edit(export_xlsx(ledger_plan), ledger_plan.parent / "bad.xlsx", _bad_status)
    code, _, err = run("import", ledger, "--yes", "-p", ledger_plan)
    assert code == 4
    assert "计划文件" not in err.splitlines()[-1]
