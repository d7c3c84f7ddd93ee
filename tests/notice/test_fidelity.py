"""The shipped plan renders back to the published notice, byte for byte."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import NOTICE_GOLDEN as GOLDEN
from support import ROOT, SEED, SHIPPED, seed_bytes

Cli = Callable[..., Any]
# The published notice's SHA-256 (the notice as published, kept outside the project): the
# copy in golden/seed.txt is it, byte for byte, and no test reads outside the repository.
PUBLISHED_SHA256 = "629aa044c49f16beb82d9e9e2408edcdc6695a107adaf75cd32430bf6d82dad4"


def test_report_stored_seed_is_the_published_notice() -> None:
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == PUBLISHED_SHA256


def test_report_seed_is_the_published_notice() -> None:
    """What the notice-anatomy document says of it: 51 lines, UTF-8, no final newline."""
    seed = seed_bytes()
    text = seed.decode("utf-8")
    assert not text.endswith("\n")
    lines = text.split("\n")
    assert len(lines) == 51
    assert lines[0] == "一、巡察整改工作组织推进情况"
    assert lines[-1] == "责编:交通运输局"


def test_report_text_is_the_seed_byte_for_byte(cli: Cli) -> None:
    result = cli("report", "--format", "text", "--plan", str(SHIPPED))
    assert result.code == 0, result.err
    assert result.err == ""
    out = result.out_bytes
    # The output may add one final newline, and nothing else.
    if out.endswith(b"\n"):
        out = out[:-1]
    assert out == seed_bytes()


def test_report_text_is_the_seed_by_default(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """`rectify report` from the project folder: text, ./data/items.yaml."""
    monkeypatch.chdir(ROOT)
    result = cli("report")
    assert result.code == 0, result.err
    assert result.out_bytes == seed_bytes()  # its missing final newline too: the plan's layout


def test_report_text_to_file_is_the_seed_byte_for_byte(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "通报.txt"
    result = cli("report", "--plan", str(SHIPPED), "-o", str(out))
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err == f"已写入 {out}。\n"
    assert out.read_bytes() == seed_bytes()


def test_report_seed_structure_counts(cli: Cli) -> None:
    """4 categories, 8 problems, 28 feedback items (3 directly under (四)), 82 measures."""
    lines = cli("report", "--plan", str(SHIPPED)).out.splitlines()
    categories = [line for line in lines if line.startswith("(") and line[1] in "一二三四"]
    items = [line for line in lines if line[:1] == "(" and line[1].isdigit()]
    under_four = lines[
        lines.index("(四)七届区委巡察长期整改问题") + 1 : lines.index("三、下一步整改工作计划")
    ]
    assert [c[:3] for c in categories] == ["(一)", "(二)", "(三)", "(四)"]
    assert len(items) + len(under_four) == 28
    assert [line[:2] for line in under_four] == ["1.", "2.", "3."]
    assert "针对巡察反馈的28条意见" in lines[1]


@pytest.mark.parametrize(
    ("fmt", "name"), [("md", "seed.md"), ("html", "seed.html"), ("text", "seed_stats.txt")]
)
def test_report_seed_golden_formats(
    cli: Cli,
    golden: Callable[[Path, bytes], None],
    fmt: str,
    name: str,
) -> None:
    """The seed as Markdown and HTML, and as text with statistics, pinned byte for byte."""
    extra = ["--stats"] if name == "seed_stats.txt" else []
    result = cli("report", "-f", fmt, "--plan", str(SHIPPED), "--as-of", "2022-05-31", *extra)
    assert result.code == 0, result.err
    golden(GOLDEN / name, result.out_bytes)


def test_report_seed_golden_docx_text(
    cli: Cli,
    golden: Callable[[Path, bytes], None],
    read_docx: Callable[[Path], str],
    tmp_path: Path,
) -> None:
    """The Word version's text: title, full-width punctuation, page-number footers."""
    out = tmp_path / "通报.docx"
    result = cli("report", "-f", "docx", "--plan", str(SHIPPED), "-o", str(out))
    assert result.code == 0, result.err
    golden(GOLDEN / "seed.docx.txt", (read_docx(out) + "\n").encode("utf-8"))
