"""Helpers for the ledger tests (`rectify export`, `import`, `summary`): run the CLI, write
plans, build and edit ledgers with openpyxl, compare golden files.

Golden files under golden/ are rewritten only when RECTIFY_REGEN=1 is set; read every
rewritten one before keeping it.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rectify_cli.cli import app

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "items.yaml"
USER = "测试员"
TODAY = "2025-04-01"

# Everything from outside that could change what the CLI prints or who it says made a change.
FIXED_ENV: dict[str, str | None] = {
    "RECTIFY_LANG": None,
    "RECTIFY_PLAN": None,
    "RECTIFY_USER": USER,
    "NO_COLOR": "1",
    "COLUMNS": "80",
    "LINES": "25",
    "TERM": "dumb",
    "COLORTERM": None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "JUPYTER_COLUMNS": None,
}

Result = tuple[int, str, str]

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


def run_cli(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
    """`rectify ARGS` in-process; (exit code, stdout, stderr). Never a traceback."""
    result = CliRunner().invoke(
        app, [str(a) for a in args], env={**FIXED_ENV, **(env or {})}, prog_name="rectify"
    )
    crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), crash
    assert "Traceback" not in result.stdout, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    return result.exit_code, result.stdout, result.stderr


def check_golden(path: Path, actual: bytes) -> None:
    """Compare with the golden file byte for byte; RECTIFY_REGEN=1 rewrites it."""
    if os.environ.get("RECTIFY_REGEN") == "1":
        if not path.exists() or path.read_bytes() != actual:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual)
        return
    assert path.exists(), f"no golden file {path}; create it with RECTIFY_REGEN=1 and read it"
    assert actual == path.read_bytes(), f"{path.relative_to(ROOT)} differs (RECTIFY_REGEN=1)"


def write(path: Path, text: str) -> Path:
    """`text` as UTF-8, exactly these characters (no newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def edit_book(source: Path, target: Path, change: Callable[[Any, Any], None]) -> Path:
    """Open the ledger `source`, let `change(book, sheet)` edit it, save it as `target`."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    change(book, book["整改台账"])
    book.save(target)
    return target


@pytest.fixture(scope="session")
def run() -> Callable[..., Result]:
    """`run(*args, env=None)`: the CLI in-process."""
    return run_cli


@pytest.fixture(scope="session")
def golden() -> Callable[[Path, bytes], None]:
    """`golden(path, actual_bytes)`: compare with a golden file (RECTIFY_REGEN=1 rewrites)."""
    return check_golden


@pytest.fixture
def ledger_plan(tmp_path: Path) -> Path:
    """The ledger plan (LEDGER_PLAN) as data/items.yaml under tmp_path."""
    return write(tmp_path / "data" / "items.yaml", LEDGER_PLAN)


@pytest.fixture
def formula_plan(tmp_path: Path) -> Path:
    return write(tmp_path / "formula.yaml", FORMULA_PLAN)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A byte-for-byte copy of the shipped plan."""
    path = tmp_path / "shipped" / "items.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(SHIPPED.read_bytes())
    return path


@pytest.fixture
def export_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """`export_xlsx(plan, name="ledger.xlsx", today=TODAY)`: the exported ledger's path."""

    def export(plan: Path, name: str = "ledger.xlsx", today: str = TODAY) -> Path:
        out = tmp_path / name
        code, stdout, stderr = run_cli(
            "export", "--format", "xlsx", "-o", out, "--today", today, "--plan", plan
        )
        assert (code, stdout, stderr) == (0, "", f"已写入 {out}。\n")
        return out

    return export


@pytest.fixture(scope="session")
def edit() -> Callable[[Path, Path, Callable[[Any, Any], None]], Path]:
    """`edit(source, target, change)`: a copy of a ledger edited by `change(book, sheet)`."""
    return edit_book
