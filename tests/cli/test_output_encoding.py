"""Output to a console or a file in GBK (a Chinese Windows console, or a redirect there) and
to a reader that stops reading: no traceback, exit 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import support

LEDGER = support.ROOT / "tests" / "plans" / "ledger.yaml"


def gbk(*args: str | Path, encoding: str = "gbk") -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "rectify_cli", *map(str, args)],
        env=support.process_env({"PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"}),
        capture_output=True,
        cwd=support.ROOT,
        timeout=60,
    )
    return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)


def test_status_in_gbk_draws_the_bar_in_characters_gbk_has() -> None:
    """░ is not in GBK: the empty part of the bar is ─ there (today a traceback, exit 1)."""
    code, out, err = gbk("status", "--plan", LEDGER, "--today", "2025-04-01")
    assert (code, err) == (0, "")
    assert "|─────   0.0%|" in out.splitlines()[4]
    assert "|██───  50.0%|" in out.splitlines()[5]
    assert out.splitlines()[-3] == (
        "4条反馈意见 · 已完成 1 · 正在整改 2 · 长期坚持 1 · 逾期 1 · 完成率 25.0%"
    )


def test_status_all_in_gbk_and_in_ascii(tmp_path: Path) -> None:
    code, out, err = gbk("status", "--all", "--plan", LEDGER, "--today", "2025-04-01")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == " " + "─" * 79
    code, out, err = gbk(
        "status", "--all", "--plan", LEDGER, "--today", "2025-04-01", encoding="ascii"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == " " + "-" * 79  # the rule in what ASCII has
    assert out.splitlines()[2].startswith(" 1         ??")  # the text the encoding lacks as ?


def test_a_character_gbk_lacks_prints_as_a_question_mark(plan_file, tmp_path: Path) -> None:
    text = support.SHIPPED.read_text(encoding="utf-8").replace(
        "title: 贯彻落实", "title: 𠮷贯彻落实", 1
    )
    plan = plan_file(tmp_path, text)
    code, out, err = gbk("status", "--all", "--plan", plan)
    assert (code, err) == (0, "")
    assert " 1         ?贯彻落实" in out
    assert "𠮷" in plan.read_text(encoding="utf-8")  # the plan keeps it


def test_a_reader_that_stops_reading_ends_the_table_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "rectify_cli", "status", "--all", "--plan", "data/items.yaml"],
        env=support.process_env({}),
        cwd=support.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert (first.decode().split(), err) == (["编号", "内容", "状态", "时限", "责任"], b"")


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["show", "1.1.1"],
        ["due", "--today", "2025-04-01"],
        ["find", "学习"],
        ["status", "--by", "dept"],
        ["log"],
        ["done", "9.9"],
    ],
)
def test_every_reading_command_in_gbk(args: list[str]) -> None:
    """What the README's Windows section promises: the commands under a GBK console. (The
    notice `report` prints is the document's own bytes, UTF-8, whatever the console: a file
    it is redirected to holds the notice exactly.)"""
    code, out, err = gbk(*args, "--plan", LEDGER)
    assert code == (5 if args[0] == "done" else 0), err
    assert "Traceback" not in err
    assert (out + err).strip()
