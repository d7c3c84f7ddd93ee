"""Fixtures for every test folder, made of the helpers in support.py (the CLI in-process or as
a real process, plans written and copied, golden files, Word files), and the choice of the
hypothesis profile. A folder's own conftest.py adds only what is its own.

The default run (`pytest`, which pyproject.toml's addopts make `-m "not slow"`) tries a few
examples of every property: hypothesis's "quick" profile. The slow suite (`pytest -m slow`)
takes the "thorough" one, in which every property test tries as many examples as it names
(support.examples); there every property test counts as slow, so that it runs there too.
RECTIFY_HYPOTHESIS (quick or thorough) chooses the profile whatever the markers select.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import support
from hypothesis import is_hypothesis_test, settings
from support import Output, Result, Run

# No deadline: on a busy machine a test's time says nothing about the code.
settings.register_profile(support.QUICK, max_examples=25, deadline=None)
settings.register_profile(support.THOROUGH, max_examples=100, deadline=None)


def selects_slow(markexpr: str) -> bool:
    """Whether `-m MARKEXPR` asks for the slow tests (`slow`, `slow and ...`), not leaves them
    out (`not slow`)."""
    return "slow" in markexpr and "not slow" not in markexpr


# Temporary folders in memory where there is such a file system: every edit fsyncs the plan,
# its journal and their folder, which costs milliseconds a call on a disk and nothing there.
# TMPDIR set for this process and the ones it starts; one set already is left alone.
IN_MEMORY = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    if "TMPDIR" not in os.environ and IN_MEMORY.is_dir() and os.access(IN_MEMORY, os.W_OK):
        os.environ["TMPDIR"] = str(IN_MEMORY)
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again
    # matplotlib's own cache (the fonts it found) among the tests' temporary files, not in the
    # user's home: no test reads outside the repository, its interpreter and its temp files
    if "MPLCONFIGDIR" not in os.environ:
        import atexit
        import shutil

        os.environ["MPLCONFIGDIR"] = folder = tempfile.mkdtemp(prefix="rectify-mpl-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    chosen = os.environ.get("RECTIFY_HYPOTHESIS")
    slow = selects_slow(config.option.markexpr or "")
    settings.load_profile(chosen or (support.THOROUGH if slow else support.QUICK))


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In the slow suite every property test counts as slow, so that it runs there too."""
    if not selects_slow(config.option.markexpr or ""):
        return
    for item in items:
        if isinstance(item, pytest.Function) and is_hypothesis_test(item.obj):
            item.add_marker(pytest.mark.slow)


# -- fixtures: session-scoped where they hold no state, so that hypothesis tests can use them --


@pytest.fixture(scope="session")
def run() -> Run:
    """`run(*args, env=None)` -> (exit code, stdout, stderr): the CLI in-process."""
    return support.run_cli


@pytest.fixture(scope="session")
def cli() -> Callable[..., Output]:
    """`cli(*args, env=None)` -> Output(code, out, err, out_bytes): the CLI in-process."""
    return support.cli_output


@pytest.fixture(scope="session")
def run_proc() -> Run:
    """`run_proc(*args, env=None, timeout=60, **popen)`: the CLI as a real process."""
    return support.run_process


@pytest.fixture(scope="session")
def unprivileged() -> Callable[[], Callable[..., Result] | None]:
    """`unprivileged()` -> `run(*args, home=folder)` as a user permissions apply to, or None
    when the current user is one (skips the test when no such user can run the CLI)."""
    return support.unprivileged_runner


@pytest.fixture(scope="session")
def limited() -> Callable[[int], Callable[[], None]]:
    """`limited(size)`: a preexec_fn for run_proc that lets no file grow beyond `size` bytes."""
    return support.file_size_limit


@pytest.fixture(scope="session")
def tool() -> Callable[[str], ModuleType]:
    """`tool(name)`: tools/NAME.py as a module."""
    return support.load_tool


@pytest.fixture(scope="session")
def plan_file() -> Callable[..., Path]:
    """`plan_file(folder, text, name="plan.yaml")` -> the path of the written plan."""
    return support.write_plan_in


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """`write_plan(text, name="plan.yaml")` -> its path under tmp_path."""
    return functools.partial(support.write_plan_in, tmp_path)


@pytest.fixture(scope="session")
def copy_plan() -> Callable[..., Path]:
    """`copy_plan(folder, name="items.yaml", source=SHIPPED)`: a copy of the shipped plan."""
    return support.copy_plan


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped plan as data/items.yaml under tmp_path."""
    return support.copy_plan(tmp_path / "data")


@pytest.fixture(scope="session")
def golden() -> Callable[[Path, str | bytes], None]:
    """`golden(path, actual)`: compare with a golden file (RECTIFY_REGEN=1 rewrites it)."""
    return support.check_golden


@pytest.fixture(scope="session")
def cross_checked() -> Callable[[], contextlib.AbstractContextManager[list[bool]]]:
    """`with cross_checked() as told:` every edit's check from its lines alone is compared
    with reading the whole text (see support.cross_checking)."""
    return support.cross_checking


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the project root, so that paths print as `tests/...` and `data/...`."""
    monkeypatch.chdir(support.ROOT)
    return support.ROOT


# -- the notice ------------------------------------------------------------------------------


@pytest.fixture
def notice(write_plan: Callable[..., Path]) -> Callable[..., str]:
    """`notice(plan_text, *options)` -> the text notice (stdout, without echo's newline)."""

    def render(text: str, *options: str) -> str:
        path = write_plan(text)
        result = support.cli_output("report", "--plan", str(path), *options)
        assert result.code == 0, result.err
        out: str = result.out
        assert out.endswith("\n")
        return out[:-1]

    return render


@pytest.fixture
def read_docx() -> Callable[[Path], str]:
    """`read_docx(path)` -> the paragraphs of a Word file, one per line."""
    pytest.importorskip("docx")
    return support.docx_text


@pytest.fixture
def read_docx_xml() -> Callable[[Path], str]:
    """`read_docx_xml(path)` -> every XML part of a Word file."""
    return support.docx_xml
