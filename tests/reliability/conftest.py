"""Helpers for the reliability tests: the fuzz targets (targets.py, shared with tools/fuzz.py),
a scratch folder for them, the CLI in-process and as a real process.

Every CLI run asserts that no traceback was printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))  # targets.py, importable as `targets` (tools/fuzz.py does too)

from rectify_cli.cli import app  # noqa: E402

SHIPPED = ROOT / "data" / "items.yaml"
FIXED_ENV: dict[str, str | None] = {
    "RECTIFY_LANG": None,
    "RECTIFY_PLAN": None,
    "RECTIFY_USER": "测试员",
    "RECTIFY_LOCK_TIMEOUT": None,
    "RECTIFY_TEMPLATES": None,
    "NO_COLOR": "1",
    "COLUMNS": "80",
    "LINES": "25",
    "TERM": "dumb",
    "COLORTERM": None,
    "FORCE_COLOR": None,
}
Result = tuple[int, str, str]


def run_cli(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
    """`rectify ARGS` in-process; (exit code, stdout, stderr). Never a traceback."""
    result = CliRunner().invoke(
        app, [str(a) for a in args], env={**FIXED_ENV, **(env or {})}, prog_name="rectify"
    )
    crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), crash
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def process_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FIXED_ENV}
    env.update({k: v for k, v in FIXED_ENV.items() if v is not None})
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run_process(
    *args: str | Path, env: Mapping[str, str] | None = None, timeout: float = 120, **popen: Any
) -> Result:
    """`python -m rectify_cli ARGS` as a real process; (exit code, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "rectify_cli", *(str(a) for a in args)],
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=popen.pop("cwd", ROOT),
        **popen,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def load_tool(name: str) -> Any:
    """A script of tools/ as a module (its main() is not run)."""
    import importlib.util

    path = ROOT / "tools" / f"{name}.py"
    if not path.exists():  # an sdist ships tests/ but not tools/
        pytest.skip(f"tools/{name}.py is not here")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def run() -> Callable[..., Result]:
    return run_cli


@pytest.fixture(scope="session")
def run_proc() -> Callable[..., Result]:
    return run_process


@pytest.fixture(scope="session")
def tool() -> Callable[[str], Any]:
    """`tool(name)`: tools/NAME.py as a module."""
    return load_tool


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder for the files the fuzz targets write; no parse cache (it only costs time)."""
    old = os.environ.get("RECTIFY_NO_CACHE")
    os.environ["RECTIFY_NO_CACHE"] = "1"
    yield tmp_path_factory.mktemp("fuzz")
    if old is None:
        del os.environ["RECTIFY_NO_CACHE"]
    else:
        os.environ["RECTIFY_NO_CACHE"] = old
