"""Exporting a large ledger: a progress bar on a terminal, nothing at all when piped."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import support
from openpyxl import load_workbook
from rich.console import Console

from rectify_cli.views.tables import progress as console_progress

LABEL = "正在导出台账"


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 categories × 110 items × 10 measures = 3,300 measures."""
    lines = ["schema: 1", "title: 大计划", "findings:", "  categories:"]
    for c in range(1, 4):
        lines += [f"    - title: 方面{c}", "      items:"]
        for i in range(1, 111):
            lines += [f"        - title: 在第{c}-{i}项方面", "          measures:"]
            for m in range(1, 11):
                lines += [f"            - text: 措施{c}-{i}-{m}", "              status: 正在整改"]
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exported(big_plan: Path) -> tuple[support.Result, Path]:
    """The big plan's ledger exported in-process, once for the module (read, never changed):
    what the command said, and the ledger."""
    out = big_plan.parent / "runner.xlsx"
    return support.run_cli("export", "-o", out, "-p", big_plan), out


def env() -> dict[str, str]:
    return support.clean_env(COLUMNS="80", TERM="xterm")


def test_export_large_xlsx_piped_shows_no_progress(big_plan: Path) -> None:
    out = big_plan.parent / "piped.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "rectify_cli", "export", "-o", str(out), "-p", str(big_plan)],
        capture_output=True, text=True, timeout=120, env=env(),
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, "", f"已写入 {out}。\n")
    sheet = load_workbook(out, read_only=True)["整改台账"]  # streamed: no <dimension> element
    assert sum(1 for _ in sheet.iter_rows()) == 3301


def test_export_large_xlsx_in_process_shows_no_progress(
    exported: tuple[support.Result, Path],
) -> None:
    result, out = exported
    assert result == (0, "", f"已写入 {out}。\n")


def test_export_large_xlsx_on_a_terminal_shows_progress(big_plan: Path) -> None:
    """A real pseudo-terminal: the bar is drawn there (and cleared when done)."""
    out = big_plan.parent / "tty.xlsx"
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "rectify_cli", "export", "-o", str(out), "-p", str(big_plan)],
        stdin=follower, stdout=follower, stderr=follower, env=env(), close_fds=True,
    )  # fmt: skip
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = seen.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert LABEL in text
    assert f"已写入 {out}。" in text
    assert sum(1 for _ in load_workbook(out, read_only=True)["整改台账"].iter_rows()) == 3301


def test_export_progress_helper_on_terminal_draws_a_bar() -> None:
    buffer = io.StringIO()
    console = Console(force_terminal=True, file=buffer, width=80)
    wrap = console_progress(console, LABEL, 3000)
    items = list(range(3000))
    assert list(wrap(iter(items))) == items  # type: ignore[arg-type]
    assert LABEL in buffer.getvalue()
    assert "\x1b[" in buffer.getvalue()  # drawn with terminal control sequences


@pytest.mark.parametrize(
    ("terminal", "total"),
    [(False, 3000), (True, 1999), (False, 10)],
    ids=["piped", "short", "piped-short"],
)
def test_export_progress_helper_silent_when_piped_or_short(terminal: bool, total: int) -> None:
    buffer = io.StringIO()
    console = Console(force_terminal=terminal, file=buffer, width=80)
    items = list(range(total))
    assert list(console_progress(console, LABEL, total)(iter(items))) == items  # type: ignore[arg-type]
    assert buffer.getvalue() == ""


def test_import_reading_a_large_ledger_goes_through_the_progress_bar(
    exported: tuple[support.Result, Path],
) -> None:
    from rectify_cli.ledger import ledger_import

    (code, _, err), ledger = exported
    assert code == 0, err
    totals: list[int] = []

    def progress(total: int) -> Any:
        totals.append(total)
        return lambda rows: rows

    read = ledger_import.read(ledger, progress)
    assert totals == [3300]
    assert len(read.rows) == 3300
