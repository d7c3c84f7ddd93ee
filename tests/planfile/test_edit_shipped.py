"""Editing the shipped plan: only the lines of the measures concerned change."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from rectify_cli.planfile import reader

Run = Callable[..., tuple[int, str, str]]


def test_done_item_changes_only_its_measures(run: Run, shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    assert run("done", "2.1.3", "--on", "2024-05-01", "--by", "王芳", "-p", shipped_copy)[0] == 0
    old = before.decode("utf-8").splitlines(keepends=True)
    new = shipped_copy.read_bytes().decode("utf-8").splitlines(keepends=True)
    removed = [line for line in difflib.ndiff(old, new) if line.startswith("- ")]
    added = [line for line in difflib.ndiff(old, new) if line.startswith("+ ")]
    indent = " " * 20
    assert removed == [f"- {indent}status: 正在整改\n"] * 3  # 3 lines replaced …
    assert (
        added
        == [  # … by 3, and 6 added
            f"+ {indent}status: 已完成\n",
            f"+ {indent}done_on: 2024-05-01\n",
            f"+ {indent}done_by: 王芳\n",
        ]
        * 3
    )
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    changed = [(tag, i1, i2, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]
    assert [(tag, i2 - i1, n) for tag, i1, i2, n in changed] == [("replace", 1, 3)] * 3
    plan, _ = reader.load(shipped_copy)
    item = plan.find((2, 1, 3))
    assert item is not None
    assert [(m.status.value, str(m.ledger.done_on)) for m in item.measures] == [
        ("done", "2024-05-01")
    ] * 3

    assert run("undo", "-p", shipped_copy)[0] == 0
    assert shipped_copy.read_bytes() == before


def test_done_measure_changes_two_lines(run: Run, shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    assert run("done", "1.1.1.1", "--on", "2024-05-01", "--by", "王芳", "-p", shipped_copy)[0] == 0
    old = before.decode("utf-8").splitlines(keepends=True)
    new = shipped_copy.read_bytes().decode("utf-8").splitlines(keepends=True)
    diff = [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]
    assert diff == [
        "-                     status: 正在整改\n",
        "+                     status: 已完成\n",
        "+                     done_on: 2024-05-01\n",
        "+                     done_by: 王芳\n",
    ]
    assert run("undo", "-p", shipped_copy)[0] == 0
    assert shipped_copy.read_bytes() == before
