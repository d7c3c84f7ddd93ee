"""Helpers for the reliability tests: the fuzz targets (targets.py, shared with tools/fuzz.py),
a scratch folder for them, the scripts of tools/, and real processes given more time. The CLI
runners themselves come from tests/conftest.py.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))  # targets.py, importable as `targets` (tools/fuzz.py does too)

Run = Callable[..., tuple[int, str, str]]


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
def run_proc(run_proc: Run) -> Run:
    """The CLI as a real process, as everywhere, but with two minutes (not one) per run."""
    return functools.partial(run_proc, timeout=120)


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
