"""Helpers for the editing tests: run the CLI in-process or as a real process, copy plans.

Every run asserts that no traceback was printed. Golden files under golden/ are rewritten only
when RECTIFY_REGEN=1 is set; read the diff of every rewritten one before keeping it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rectify_cli.cli import app

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "items.yaml"
USER = "测试员"

# Everything that could change what the CLI prints or who it says made a change.
FIXED_ENV: dict[str, str | None] = {
    "RECTIFY_LANG": None,
    "RECTIFY_PLAN": None,
    "RECTIFY_USER": USER,
    "RECTIFY_LOCK_TIMEOUT": None,
    "NO_COLOR": "1",
    "COLUMNS": "80",
    "LINES": "25",
    "TERM": "dumb",
    "COLORTERM": None,
    "FORCE_COLOR": None,
}

Result = tuple[int, str, str]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a test that takes more than a minute")


def run_cli(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
    """`rectify ARGS` in-process; (exit code, stdout, stderr). Never a traceback."""
    result = CliRunner().invoke(
        app, [str(a) for a in args], env={**FIXED_ENV, **(env or {})}, prog_name="rectify"
    )
    crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), crash
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def process_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FIXED_ENV}
    env.update({k: v for k, v in FIXED_ENV.items() if v is not None})
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def command(*args: str | Path) -> list[str]:
    """The command line of `python -m rectify_cli ARGS`."""
    return [sys.executable, "-m", "rectify_cli", *(str(a) for a in args)]


def run_process(
    *args: str | Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    **popen: Any,
) -> Result:
    """`python -m rectify_cli ARGS` as a real process; (exit code, stdout, stderr)."""
    done = subprocess.run(
        command(*args),
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=popen.pop("cwd", ROOT),
        **popen,
    )
    assert "Traceback" not in done.stdout, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def copy_shipped(folder: Path, name: str = "items.yaml") -> Path:
    """A copy of the shipped plan, byte for byte."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(SHIPPED.read_bytes())
    return path


def check_golden(path: Path, actual: bytes) -> None:
    """Compare with the golden file byte for byte; RECTIFY_REGEN=1 rewrites it."""
    if os.environ.get("RECTIFY_REGEN") == "1":
        if not path.exists() or path.read_bytes() != actual:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual)
        return
    assert path.exists(), f"no golden file {path}; create it with RECTIFY_REGEN=1 and read it"
    assert actual == path.read_bytes(), f"{path.relative_to(ROOT)} differs"


# Session-scoped so that hypothesis tests can use them too; they hold no state.
@pytest.fixture(scope="session")
def run() -> Callable[..., Result]:
    """`run(*args, env=None)`: the CLI in-process."""
    return run_cli


@pytest.fixture(scope="session")
def run_proc() -> Callable[..., Result]:
    """`run_proc(*args, env=None, timeout=60)`: the CLI as a real process."""
    return run_process


@pytest.fixture(scope="session")
def golden() -> Callable[[Path, bytes], None]:
    """`golden(path, actual)`: compare with a golden file (RECTIFY_REGEN=1 rewrites it)."""
    return check_golden


@pytest.fixture(scope="session")
def copy_plan() -> Callable[..., Path]:
    """`copy_plan(folder, name="items.yaml")`: a copy of the shipped plan."""
    return copy_shipped


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    return copy_shipped(tmp_path / "data")
