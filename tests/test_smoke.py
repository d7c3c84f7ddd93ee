"""Two real processes: `python -m rectify_cli`, with the environment of a clerk's terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import support
from support import BAD, ROOT


def rectify(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = support.clean_env(NO_COLOR="1", COLUMNS="80", TERM="dumb", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "rectify_cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_smoke_python_m_status_of_an_item() -> None:
    done = rectify("status", "2.1.3", cwd=ROOT)
    assert (done.returncode, done.stderr) == (0, b"")
    golden = support.VIEWS_GOLDEN / "status" / "item_2.1.3.txt"
    assert done.stdout.decode("utf-8") == golden.read_text(encoding="utf-8")


def test_smoke_python_m_validate_bad_plan(tmp_path: Path) -> None:
    done = rectify("validate", "--plan", str(BAD / "fullwidth_colon.yaml"), cwd=tmp_path)
    assert done.returncode == 4
    assert done.stdout == b""
    lines = done.stderr.decode("utf-8").splitlines()
    assert lines[0] == (
        f"{BAD / 'fullwidth_colon.yaml'}:11:21: 错误: "
        "“status”后用了全角冒号“：”,应为半角冒号加空格,写成“status: …”。"
    )
    assert lines[1:] == ["计划文件有 1 处错误。"]
    assert b"Traceback" not in done.stderr
