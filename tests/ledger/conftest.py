"""Helpers for the ledger tests (`rectify export`, `import`, `summary`): the ledger and
formula plans, a copy of the shipped plan, and ledgers exported and edited with openpyxl.
The CLI runner, plan writers and golden files come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TODAY = "2025-04-01"

# The ledger plan: run with --today 2025-04-01. 1.1.1.2 (doing) and 1.1.2.3 (todo) are
# overdue; 1.1.2.1 is in progress on time (its item's status and deadline); 1.1.2.2 is not
# started and not due; 2.1.1 is long-term past its deadline (never overdue); the rest is done.
# Owners and departments are partly inherited from the items.
LEDGER_PLAN = """\
# 台账测试用计划:--today 2025-04-01 时 1.1.1.2 与 1.1.2.3 逾期。
schema: 1
title: 测试局关于巡察反馈意见整改情况的通报
unit: 测试局
group: 区委第一巡察组
declared_items: 5
findings:
  categories:
    - title: 学习贯彻不够深入
      problems:
        - title: 理论学习不够系统
          items:
            - title: 在理论学习缺乏针对性方面
              owner: 张局长
              dept: 办公室
              due: 2025-03-31
              measures:
                - text: 制定年度理论学习计划
                  status: 已完成
                  done_on: 2025-02-10
                  done_by: 李明
                - text: 每季度召开一次专题学习会
                  status: 正在整改
                  due: 2025-03-20
                  notes:
                    - date: 2025-03-10
                      text: 召开第一季度专题学习会
                      evidence: 会议记录.pdf
                    - date: 2025-03-25
                      text: 筹备第二季度专题学习会
            - title: 在制度执行不严方面
              status: 正在整改
              owner: 王副局长
              dept: 人事科
              due: 2025-04-15
              measures:
                - text: 修订完善内部管理制度
                - text: 开展制度执行情况检查
                  status: 未开始
                  due: 2025-05-30
                - text: 清理过期文件
                  status: 未开始
                  due: 2025-03-01
    - title: 长期整改问题
      items:
        - title: 在公交线路整合方面
          owner: 赵局长
          dept: 运输科
          measures:
            - text: 整合现有公交资源
              status: 长期坚持
              due: 2025-01-31
            - text: 完善公交线网布局
              status: 已完成
              done_on: 2025-03-15
        - title: 在出租车市场整合方面
          dept: 运输科
          measures:
            - text: 维护出租车行业稳定
              status: 已完成
              done_on: 2025-01-20
        - title: 在网约车管理方面
          measures:
            - text: 规范网约车经营
              status: 已完成
              done_on: 2025-03-01
"""

# Text that a spreadsheet would run as a formula (=, +, -, @ first), in every kind of cell
# the ledger writes: titles, measures, owners, departments, notes, the unit.
FORMULA_PLAN = """\
schema: 1
title: 公式测试
unit: '=HYPERLINK("http://x","y")'
findings:
  categories:
    - title: '=1+1'
      problems:
        - title: "+cmd|' /C calc'!A0"
          items:
            - title: '-2+3'
              owner: '@SUM(A1)'
              dept: '=HYPERLINK("http://x","y")'
              measures:
                - text: '=1+1'
                  status: 正在整改
                - text: '@SUM(A1)'
                  status: 正在整改
                  owner: '-2+3'
                  notes:
                    - date: 2025-01-01
                      text: '=cmd'
                - text: "+cmd|' /C calc'!A0"
                  status: 未开始
                - text: '=HYPERLINK("http://x","y")'
                  status: 正在整改
"""


def edit_book(source: Path, target: Path, change: Callable[[Any, Any], None]) -> Path:
    """Open the ledger `source`, let `change(book, sheet)` edit it, save it as `target`."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    change(book, book["整改台账"])
    book.save(target)
    return target


@pytest.fixture
def ledger_plan(tmp_path: Path, plan_file: Callable[..., Path]) -> Path:
    """The ledger plan (LEDGER_PLAN) as data/items.yaml under tmp_path."""
    return plan_file(tmp_path / "data", LEDGER_PLAN, "items.yaml")


@pytest.fixture
def formula_plan(tmp_path: Path, plan_file: Callable[..., Path]) -> Path:
    return plan_file(tmp_path, FORMULA_PLAN, "formula.yaml")


@pytest.fixture
def shipped(tmp_path: Path, copy_plan: Callable[..., Path]) -> Path:
    """A byte-for-byte copy of the shipped plan."""
    return copy_plan(tmp_path / "shipped")


@pytest.fixture
def export_xlsx(tmp_path: Path, run: Callable[..., tuple[int, str, str]]) -> Callable[..., Path]:
    """`export_xlsx(plan, name="ledger.xlsx", today=TODAY)`: the exported ledger's path."""

    def export(plan: Path, name: str = "ledger.xlsx", today: str = TODAY) -> Path:
        out = tmp_path / name
        code, stdout, stderr = run(
            "export", "--format", "xlsx", "-o", out, "--today", today, "--plan", plan
        )
        assert (code, stdout, stderr) == (0, "", f"已写入 {out}。\n")
        return out

    return export


@pytest.fixture(scope="session")
def edit() -> Callable[[Path, Path, Callable[[Any, Any], None]], Path]:
    """`edit(source, target, change)`: a copy of a ledger edited by `change(book, sheet)`."""
    return edit_book


@pytest.fixture
def returned(
    ledger_plan: Path,
    export_xlsx: Callable[..., Path],
    edit: Callable[[Path, Path, Callable[[Any, Any], None]], Path],
) -> Callable[[Callable[[Any, Any], None]], Path]:
    """`returned(change)`: the ledger plan exported, as a department sends it back after
    `change(book, sheet)`: returned.xlsx beside the plan."""
    return lambda change: edit(
        export_xlsx(ledger_plan), ledger_plan.parent / "returned.xlsx", change
    )
