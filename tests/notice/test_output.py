"""`-o`: writes what stdout would show, and never overwrites the plan it reads."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import SHIPPED

Cli = Callable[..., Any]

IS_PLAN = "-o 指向计划文件本身,不会覆盖它。请换一个输出文件名。\n"


@pytest.fixture
def office(shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clerk's folder holding data/items.yaml (a copy of the shipped plan), as cwd."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def listing(folder: Path) -> list[str]:
    """The files, less the tool's own `.rectify/` folder (journal, lock, parse cache)."""
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if ".rectify" not in p.parts
    )


@pytest.mark.parametrize("fmt", ["text", "md", "html", "docx"])
@pytest.mark.parametrize(
    ("plan_option", "output"),
    [
        ((), "data/items.yaml"),
        (("--plan", "data/items.yaml"), "data/items.yaml"),
        (("--plan", "data/items.yaml"), "./data/../data/items.yaml"),
        (("-p", "./data/items.yaml"), "{abs}/data/items.yaml"),
        (("--plan", "{abs}/data/items.yaml"), "data/items.yaml"),
    ],
)
def test_report_output_never_overwrites_the_plan(
    cli: Cli, office: Path, fmt: str, plan_option: tuple[str, ...], output: str
) -> None:
    before = SHIPPED.read_bytes()
    stat = (office / "data" / "items.yaml").stat()
    files = listing(office)
    options = [o.replace("{abs}", str(office)) for o in plan_option]
    result = cli("report", "-f", fmt, *options, "-o", output.replace("{abs}", str(office)))
    assert result.code != 0
    assert result.out == ""
    assert result.err == IS_PLAN
    assert (office / "data" / "items.yaml").read_bytes() == before
    assert (office / "data" / "items.yaml").stat().st_mtime_ns == stat.st_mtime_ns
    assert listing(office) == files  # no temporary file left behind either


def test_report_output_never_overwrites_the_plan_through_a_link(cli: Cli, office: Path) -> None:
    (office / "通报.txt").symlink_to(office / "data" / "items.yaml")
    result = cli("report", "-o", "通报.txt")
    assert result.err == IS_PLAN
    assert (office / "data" / "items.yaml").read_bytes() == SHIPPED.read_bytes()
    assert (office / "通报.txt").is_symlink()


def test_report_output_env_plan_is_protected_too(
    cli: Cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan named by $RECTIFY_PLAN is the plan, too."""
    os.rename(office / "data" / "items.yaml", office / "台账.yaml")
    result = cli("report", "-o", "台账.yaml", env={"RECTIFY_PLAN": "台账.yaml"})
    assert result.code != 0
    assert result.err == IS_PLAN
    assert (office / "台账.yaml").read_bytes() == SHIPPED.read_bytes()


def test_report_output_is_plan_exits_refused(cli: Cli, office: Path) -> None:
    assert cli("report", "-o", "data/items.yaml").code == 6


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize("options", [(), ("--stats", "--marks")], ids=str)
def test_report_output_file_equals_stdout(
    cli: Cli, tmp_path: Path, fmt: str, options: tuple[str, ...]
) -> None:
    args = ("-f", fmt, "--plan", str(SHIPPED), "--as-of", "2022-05-31", *options)
    shown = cli("report", *args)
    assert shown.code == 0, shown.err
    out = tmp_path / f"通报.{fmt}"
    written = cli("report", *args, "-o", str(out))
    assert written.code == 0, written.err
    assert written.out == ""
    assert written.err == f"已写入 {out}。\n"
    assert out.read_bytes() == shown.out_bytes
    # the text as the plan's layout says (the seed has no final newline); other formats one
    assert out.read_bytes().endswith(b"\n") is (fmt != "text")
    assert not out.read_bytes().endswith(b"\n\n")


def test_report_output_replaces_an_old_notice(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "通报.txt"
    out.write_text("旧的通报\n" * 1000, encoding="utf-8")
    result = cli("report", "--plan", str(SHIPPED), "-o", str(out))
    assert result.code == 0, result.err
    assert out.read_bytes() == cli("report", "--plan", str(SHIPPED)).out_bytes
    assert listing(tmp_path) == ["通报.txt"]


def test_report_output_into_missing_folder_fails_cleanly(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "没有" / "通报.txt"
    result = cli("report", "--plan", str(SHIPPED), "-o", str(out))
    assert result.code == 3
    assert result.out == ""
    assert result.err.startswith(f"无法写入 {out}:")
    assert not out.exists()


def test_report_output_file_equals_stdout_for_custom_template(cli: Cli, tmp_path: Path) -> None:
    template = tmp_path / "lines.txt.j2"
    template.write_text("{% for b in blocks %}{{ b.line }}\n{% endfor %}", encoding="utf-8")
    args = ("--plan", str(SHIPPED), "--template", str(template))
    out = tmp_path / "通报.txt"
    assert cli("report", *args, "-o", str(out)).code == 0
    assert out.read_bytes() == cli("report", *args).out_bytes


def test_report_bad_format_is_a_usage_error(cli: Cli) -> None:
    result = cli("report", "-f", "pdf", "--plan", str(SHIPPED))
    assert result.code == 2
    assert result.out == ""
    assert "pdf" in result.err
    assert "text md html docx" in result.err
