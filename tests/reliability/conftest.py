"""Helpers for the reliability tests: a scratch folder for the fuzz targets (targets.py, shared
with tools/fuzz.py) and real processes given more time. The CLI runners and `tool` (the
scripts of tools/) come from tests/conftest.py.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="session")
def run_proc(run_proc: Run) -> Run:
    """The CLI as a real process, as everywhere, but with two minutes (not one) per run."""
    return functools.partial(run_proc, timeout=120)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder for the files the fuzz targets write; no parse cache (it only costs time),
    until the module's tests are done (not for the rest of the session)."""
    old = os.environ.get("RECTIFY_NO_CACHE")
    os.environ["RECTIFY_NO_CACHE"] = "1"
    yield tmp_path_factory.mktemp("fuzz")
    if old is None:
        del os.environ["RECTIFY_NO_CACHE"]
    else:
        os.environ["RECTIFY_NO_CACHE"] = old
