"""Docs that cannot drift: every command has help and appears in the README; the documented
example is the file `rectify init` writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import support
from support import ROOT, STARTER


def test_docs_every_command_has_help() -> None:
    for name, command in support.commands().items():
        assert command.help, f"`rectify {name}` has no help text"


def test_docs_every_command_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in sorted(support.commands()) if f"`rectify {name}" not in readme]
    assert missing == []


def test_docs_commands_are_the_expected_set() -> None:
    assert sorted(support.commands()) == [
        "done", "export", "import", "init", "log", "migrate", "note", "reopen", "report", "set",
        "show", "status", "summary", "undo", "validate",
    ]  # fmt: skip


def test_docs_plan_format_example_is_the_starter() -> None:
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.DOTALL)
    starter = STARTER.read_text(encoding="utf-8")
    assert blocks == [starter]


def test_docs_readme_has_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/rectify status" in readme
    test_command = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/pytest"
    # .ci/run runs the first README line that installs the test extra, verbatim
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert """test_command=$(grep -m1 -F "pip install '.[test]'" README.md)""" in ci
    assert next(line for line in readme.splitlines() if "pip install '.[test]'" in line) == (
        test_command
    )


def test_docs_template_examples_render(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    draft, child = re.findall(r"```jinja\n(.*?)```", doc, flags=re.DOTALL)
    (tmp_path / "draft.txt.j2").write_text(draft, encoding="utf-8")
    (tmp_path / "child.html.j2").write_text(child, encoding="utf-8")
    starter = shutil.copy(STARTER, tmp_path / "items.yaml")  # no cache left in the checkout
    args = ["report", "--plan", starter, "--as-of", "2026-11-30", "--template"]
    result = support.cli_output(*args, tmp_path / "draft.txt.j2")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "关于巡察反馈意见整改情况的通报(2026年11月30日)",
        "截至2026年11月30日,巡察反馈的2条意见已完成整改0条、正在整改1条、尚未开始1条,整改完成率0%。",
        "1.1.1 在理论学习缺乏针对性方面:正在整改(责任部门:办公室)",
        "1.1.2 在制度执行不严方面:未开始",
    ]
    result = support.cli_output(*args, tmp_path / "child.html.j2", "-f", "html")
    assert result.code == 0, result.err
    assert "<style>body { font-size: 14pt; }</style>" in result.out
    assert '<p class="item">(1)在理论学习缺乏针对性方面。' in result.out
