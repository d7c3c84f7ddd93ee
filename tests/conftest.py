"""Shared helpers: run the CLI in a fixed environment, write plans, compare golden files.

Golden files are rewritten only when RECTIFY_REGEN=1 is set; read every rewritten one before
committing it.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rectify_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SHIPPED = ROOT / "data" / "items.yaml"
SEED = ROOT.parent / "shared" / "seed" / "000_e65dbeaa75daa832.txt"

# Everything that could change what the CLI prints: no colour, a dumb 80-column terminal,
# no plan or language chosen from outside the test.
FIXED_ENV: dict[str, str | None] = {
    "RECTIFY_LANG": None,
    "RECTIFY_PLAN": None,
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

Run = Callable[..., tuple[int, str, str]]


def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> tuple[int, str, str]:
    """Run `rectify ARGS`; return (exit code, stdout, stderr). Never a traceback."""
    result = CliRunner().invoke(
        app, list(args), env={**FIXED_ENV, **(env or {})}, prog_name="rectify"
    )
    crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), crash
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def write_plan(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    """Write `text` as a plan file under `tmp_path` (UTF-8, exactly these characters)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def check_golden(path: Path, actual: str) -> None:
    """Compare `actual` with the golden file byte for byte; RECTIFY_REGEN=1 rewrites it."""
    data = actual.encode("utf-8")
    if os.environ.get("RECTIFY_REGEN") == "1":
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {path}; create it with RECTIFY_REGEN=1 and read it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{path.relative_to(ROOT)} differs (RECTIFY_REGEN=1 rewrites it)"


@pytest.fixture
def run() -> Run:
    """`run(*args, env=None)` -> (exit code, stdout, stderr)."""
    return invoke


@pytest.fixture
def plan_file() -> Callable[..., Path]:
    """`plan_file(tmp_path, text, name="plan.yaml")` -> the path of the written plan."""
    return write_plan


@pytest.fixture
def golden() -> Callable[[Path, str], None]:
    """`golden(path, actual)`: compare with a golden file (RECTIFY_REGEN=1 rewrites it)."""
    return check_golden


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the project root, so that paths print as `tests/...` and `data/...`."""
    monkeypatch.chdir(ROOT)
    return ROOT
