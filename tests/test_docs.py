"""Docs that cannot drift: every command has help and appears in the README; the documented
example is the file `rectify init` writes."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from rectify_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent


def command_names() -> list[str]:
    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_docs_every_command_has_help() -> None:
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert command.help, f"`rectify {name}` has no help text"


def test_docs_every_command_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in command_names() if f"`rectify {name}" not in readme]
    assert missing == []


def test_docs_commands_are_the_expected_set() -> None:
    assert command_names() == [
        "done", "export", "import", "init", "log", "note", "reopen", "report", "set", "show",
        "status", "summary", "undo", "validate",
    ]  # fmt: skip


def test_docs_plan_format_example_is_the_starter() -> None:
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.DOTALL)
    starter = (ROOT / "rectify_cli" / "starter.yaml").read_text(encoding="utf-8")
    assert blocks == [starter]


def test_docs_readme_has_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/rectify status" in readme
    test_command = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/pytest"
    assert test_command in readme
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
