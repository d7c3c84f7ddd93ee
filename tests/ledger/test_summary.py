"""`rectify summary`: one row per unit's plan and the total, as an inspection office reports a
round; table, sentence, JSON and xlsx; an invalid plan is reported and the rest still summed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from support import LEDGER_GOLDEN

PLAN_A = """\
schema: 1
title: 甲局关于巡察反馈意见整改情况的通报
unit: 甲局
findings:
  categories:
    - title: 方面一
      items:
        - title: 在甲一方面
          measures:
            - text: 措施甲一
              status: 已完成
              done_on: 2025-02-01
        - title: 在甲二方面
          due: 2025-03-01
          measures:
            - text: 措施甲二
              status: 已完成
              done_on: 2025-02-20
            - text: 措施甲三
              status: 正在整改
        - title: 在甲三方面
          measures:
            - text: 措施甲四
              status: 长期坚持
"""
PLAN_B = """\
schema: 1
title: 乙局关于巡察反馈意见整改情况的通报
unit: 乙局
findings:
  categories:
    - title: 方面一
      items:
        - title: 在乙一方面
          measures:
            - text: 措施乙一
              status: done
              done_on: 2025-01-02
        - title: 在乙二方面
          measures:
            - text: 措施乙二
              status: done
              done_on: 2025-03-02
    - title: 方面二
      items:
        - title: 在乙三方面
          measures:
            - text: 措施乙三
              status: doing
              due: 2025-06-30
"""
PLAN_C = """\
schema: 1
title: 丙局通报
findings:
  categories:
    - title: 方面一
      items:
        - title: 在丙一方面
          measures:
            - text: 措施丙一
"""
PLAN_BAD = """\
schema: 1
title: 丁局通报
unit: 丁局
findings:
  categories:
    - title: 方面一
      items:
        - title: 在丁一方面
          measures:
            - text: 措施丁一
              status: finished
"""
HEAD = ("单位", "反馈意见", "已完成", "正在整改", "未开始", "长期坚持", "逾期", "完成率")
SENTENCE = "3个单位、7个问题、完成整改3个、完成率42.86%\n"
BAD_STATUS = "状态“finished”无效,可选:todo/未开始, doing/正在整改, done/已完成, ongoing/长期坚持"


@pytest.fixture
def round_folder(tmp_path: Path) -> Path:
    """units/: a.yaml, b.yaml, sub/c.yml (no unit name: its file name), and what is not a
    plan: a text file, and plans in hidden folders (the journal's, git's)."""
    folder = tmp_path / "units"
    for name, text in [("a.yaml", PLAN_A), ("b.yaml", PLAN_B), ("sub/c.yml", PLAN_C),
                       (".rectify/old.yaml", PLAN_BAD), ("sub/.git/x.yaml", PLAN_BAD),
                       ("readme.txt", "不是计划")]:  # fmt: skip
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_summary_folder_table_and_sentence(
    run: Any, round_folder: Path, golden: Callable[[Path, bytes], None]
) -> None:
    code, out, err = run("summary", round_folder, "--today", "2025-04-01")
    assert (code, err) == (0, "")
    assert out.endswith("\n" + SENTENCE)
    rows = [line.split() for line in out.splitlines() if line.strip()]
    assert tuple(rows[0]) == HEAD
    assert rows[2:] == [
        ["甲局", "3", "1", "1", "0", "1", "1", "33.33%"],
        ["乙局", "3", "2", "1", "0", "0", "0", "66.67%"],
        ["c", "1", "0", "0", "1", "0", "0", "0%"],
        ["合计", "7", "3", "2", "1", "1", "1", "42.86%"],
        SENTENCE.split(),
    ]
    golden(LEDGER_GOLDEN / "summary.txt", out.encode("utf-8"))


def test_summary_json_shape_and_numbers(run: Any, round_folder: Path) -> None:
    code, out, err = run("summary", round_folder, "--json", "--today", "2025-04-01")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == {
        "schema_version": 1,
        "today": "2025-04-01",
        "units": [
            {"unit": "甲局", "items": 3, "done": 1, "doing": 1, "todo": 0, "ongoing": 1,
             "overdue": 1, "rate": 33.33, "path": str(round_folder / "a.yaml")},
            {"unit": "乙局", "items": 3, "done": 2, "doing": 1, "todo": 0, "ongoing": 0,
             "overdue": 0, "rate": 66.67, "path": str(round_folder / "b.yaml")},
            {"unit": "c", "items": 1, "done": 0, "doing": 0, "todo": 1, "ongoing": 0,
             "overdue": 0, "rate": 0.0, "path": str(round_folder / "sub" / "c.yml")},
        ],
        "total": {"unit": "合计", "items": 7, "done": 3, "doing": 2, "todo": 1, "ongoing": 1,
                  "overdue": 1, "rate": 42.86, "units": 3},
    }  # fmt: skip


def test_summary_xlsx_read_back(run: Any, round_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "round.xlsx"
    code, stdout, stderr = run("summary", round_folder, "-o", out, "--today", "2025-04-01")
    assert (code, stdout, stderr) == (0, "", f"已写入 {out}。\n")
    book = load_workbook(out)
    assert book.sheetnames == ["汇总"]
    sheet = book["汇总"]
    assert [tuple(r) for r in sheet.iter_rows(values_only=True)] == [
        HEAD,
        ("甲局", 3, 1, 1, 0, 1, 1, "33.33%"),
        ("乙局", 3, 2, 1, 0, 0, 0, "66.67%"),
        ("c", 1, 0, 0, 1, 0, 0, "0%"),
        ("合计", 7, 3, 2, 1, 1, 1, "42.86%"),
    ]
    assert sheet.freeze_panes == "A2"
    assert [c.font.bold for c in sheet[1]] == [True] * 8
    assert [c.font.bold for c in sheet[5]] == [True] * 8
    assert not any(c.font.bold for c in sheet[2])
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(1, 6))


def test_summary_xlsx_unit_named_like_a_formula_stays_text(run: Any, tmp_path: Path) -> None:
    plan = tmp_path / "x.yaml"
    plan.write_text(PLAN_A.replace("unit: 甲局", 'unit: \'=HYPERLINK("http://x","y")\''))
    out = tmp_path / "round.xlsx"
    assert run("summary", plan, "-o", out)[0] == 0
    cell = load_workbook(out)["汇总"]["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_summary_invalid_plan_reported_others_summed(run: Any, round_folder: Path) -> None:
    bad = round_folder / "d.yaml"
    bad.write_text(PLAN_BAD, encoding="utf-8")
    code, out, err = run("summary", round_folder, "--today", "2025-04-01")
    assert code == 4
    assert err == f"{bad}:11:23: 错误: {BAD_STATUS}\n"
    assert out.endswith("\n" + SENTENCE)  # the three valid plans, as without d.yaml
    assert "丁局" not in out
    code, out, err = run("summary", round_folder, "--json", "--today", "2025-04-01")
    assert (code, err) == (4, f"{bad}:11:23: 错误: {BAD_STATUS}\n")
    assert json.loads(out)["total"]["units"] == 3


def test_summary_invalid_plan_with_xlsx_output_still_writes(
    run: Any, round_folder: Path, tmp_path: Path
) -> None:
    (round_folder / "d.yaml").write_text(PLAN_BAD, encoding="utf-8")
    out = tmp_path / "round.xlsx"
    code, stdout, stderr = run("summary", round_folder, "-o", out, "--today", "2025-04-01")
    assert (code, stdout) == (4, "")
    assert stderr.endswith(f"已写入 {out}。\n")
    assert load_workbook(out)["汇总"].max_row == 5


def test_summary_files_named_one_by_one(run: Any, round_folder: Path) -> None:
    code, out, _ = run("summary", round_folder / "b.yaml", round_folder / "sub" / "c.yml",
                       "--today", "2025-04-01")  # fmt: skip
    assert code == 0
    assert out.endswith("\n2个单位、4个问题、完成整改2个、完成率50%\n")


def test_summary_parent_folder(
    run: Any, round_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rectify summary ..` from inside the round's folder: `..` is no hidden folder."""
    monkeypatch.chdir(round_folder / "sub")
    code, out, _ = run("summary", "..", "--today", "2025-04-01")
    assert code == 0
    assert out.endswith("\n" + SENTENCE)


def test_summary_missing_argument_is_usage_error(run: Any) -> None:
    code, out, err = run("summary")
    assert (code, out) == (2, "")
    assert err == (
        "用法 rectify summary [OPTIONS] PATHS...\n运行“rectify summary --help”查看帮助。\n\n"
        "错误：缺少参数 'PATHS...'.\n"
    )


def test_summary_missing_plan_is_unreadable(run: Any, tmp_path: Path) -> None:
    missing = tmp_path / "none.yaml"
    code, out, err = run("summary", missing)
    assert (code, out) == (3, "")
    assert err == f"找不到计划文件 {missing}。可用 rectify init 新建。\n"


def test_summary_output_naming_a_plan_is_refused(run: Any, round_folder: Path) -> None:
    plan = round_folder / "a.yaml"
    before = plan.read_bytes()
    code, out, err = run("summary", round_folder, "-o", plan)
    assert plan.read_bytes() == before
    assert (code, out, err) == (6, "", "-o 指向计划文件本身,不会覆盖它。请换一个输出文件名。\n")
