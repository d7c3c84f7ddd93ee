"""Docs that cannot drift: every command has help and appears in the README; the documented
example is the file `rectify init` writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import support
from support import ROOT, STARTER

from rectify_cli.notice.assemble import join, paragraphs
from rectify_cli.notice.importer import read_notice
from rectify_cli.planfile.decoding import Source
from rectify_cli.planfile.emit import dump
from rectify_cli.planfile.reader import parse


def test_docs_every_command_has_help() -> None:
    for name, command in support.commands().items():
        assert command.help, f"`rectify {name}` has no help text"


def test_docs_every_command_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in sorted(support.commands()) if f"`rectify {name}" not in readme]
    assert missing == []


def test_docs_commands_are_the_expected_set() -> None:
    assert sorted(support.commands()) == [
        "chart", "doctor", "done", "due", "export", "find", "import", "init", "log", "migrate",
        "note", "reapply", "reopen", "report", "set", "show", "status", "summary", "undo",
        "validate",
    ]  # fmt: skip


def test_docs_plan_format_example_is_the_starter() -> None:
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.DOTALL)
    starter = STARTER.read_text(encoding="utf-8")
    assert blocks[-1] == starter  # schema 1's, last; schema 2's worked examples before it


def plan_format_examples() -> list[tuple[str, str]]:
    """The worked examples of docs/plan-format.md: each notice and its plan."""
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    return re.findall(r"```text\n(.*?)```\n\n```yaml\n(.*?)```", doc, flags=re.DOTALL)


def test_docs_plan_format_worked_examples_are_what_import_writes_and_report_prints() -> None:
    examples = plan_format_examples()
    assert len(examples) == 3
    for text, plan_yaml in examples:
        assert dump(read_notice(text).plan, head="") == plan_yaml
        plan, issues = parse(Source(Path("p.yaml"), plan_yaml, b"", 0))
        assert issues == []
        assert plan.document is not None
        assert join(paragraphs(plan), plan.document) == text


def test_docs_plan_format_examples_take_a_done_as_they_say(run, tmp_path: Path) -> None:
    """Example 2: `done 1.2` prints the second status line with the notice's word for done,
    nothing else changes; example 3: `done 2.2` moves the item to the first group."""
    (_, _), (text2, plan2), (text3, plan3) = plan_format_examples()
    for n, (text, plan_yaml, ident) in enumerate(((text2, plan2, "1.2"), (text3, plan3, "2.2"))):
        plan = tmp_path / f"{n}.yaml"
        plan.write_text(plan_yaml, encoding="utf-8")
        assert run("done", ident, "-p", plan, "--on", "2024-07-01", "--by", "办公室")[0] == 0
        code, out, _ = run("report", "-p", plan)
        assert code == 0
        if n == 0:
            expected = text.replace("整改进度：正在整改。", "整改进度：已整改完成。")
        else:
            expected = (
                text.replace(
                    "1．便民服务事项办理时间长\n一是精简办事材料（已完成）；\n二是推行帮办代办（正在整改）。\n",
                    "",
                )
                .replace(
                    "二、正在整改的问题\n",
                    "",
                )
                .replace(
                    "二是制定社区经费管理办法（已完成）。\n",
                    "二是制定社区经费管理办法（已完成）。\n2．便民服务事项办理时间长\n"
                    "一是精简办事材料（已完成）；\n二是推行帮办代办（已完成）。\n二、正在整改的问题\n",
                )
            )
        assert out == expected


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
